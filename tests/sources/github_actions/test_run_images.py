"""Python images named in `run:` scripts: `docker run ... python:3.13-slim` runs on that
Python (the job's purpose); a list of base images a job builds on or publishes is a set of
tooling entries, one per image, never pins that must agree."""

from __future__ import annotations

from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

IMAGE_LIST = """\
on: [push]
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - id: images
        run: |
          # each entry: base-image,tag1,tag2
          images=(
            "alpine:3.23,alpine3.23"
            "python:3.14-alpine3.23,python3.14-alpine3.23,python3.14-alpine"
            'docker.io/library/python:3.13-slim-trixie,python3.13-trixie-slim'
          )
          images+=(
          \t"registry.example/python:3.12,python3.12-hardened"
          )
          printf '%s\\n' "${images[@]}" | jq -R . > matrix.json
"""


def test_a_list_of_base_images_is_a_set_of_tooling_entries():
    found = [
        (
            d.raw,
            d.role,
            d.span.line,
            d.span.column,
            d.purpose,
            [str(m) for m in d.requirement.minors],
        )
        for d in read(text_file(CI, IMAGE_LIST))
    ]
    assert found == [
        ("python:3.14-alpine3.23", Role.MATRIX, 11, 21, Purpose.TOOLING, ["3.14"]),
        (
            "docker.io/library/python:3.13-slim-trixie",
            Role.MATRIX,
            12,
            39,
            Purpose.TOOLING,
            ["3.13"],
        ),
        ("registry.example/python:3.12", Role.MATRIX, 15, 37, Purpose.TOOLING, ["3.12"]),
    ]


DOCKER_RUN = """\
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.12", "3.13"]
    steps:
      - run: |
          docker run --rm -v $PWD:/src python:${{ matrix.python }}-slim bash -c 'pip install /src && pytest'
  sdist:
    runs-on: ubuntu-latest
    steps:
      - run: python -m build --sdist
      - run: docker run --rm -v $PWD/dist:/dist:ro python:3.11-slim pip install /dist/x.tar.gz
      - run: echo "python3.11 is not an image; node:20 neither" && docker pull node:20
"""


def test_docker_run_on_a_python_image_is_the_jobs_python():
    # The command run in the container is not evidence of the job's purpose (purpose.py).
    found = [
        (d.raw, d.role, d.span.line, d.purpose, d.group != "")
        for d in read(text_file(CI, DOCKER_RUN))
    ]
    assert found == [
        ("python:3.12-slim", Role.MATRIX, 7, Purpose.UNKNOWN, True),
        ("python:3.13-slim", Role.MATRIX, 7, Purpose.UNKNOWN, True),
        ("python:3.11-slim", Role.PIN, 15, Purpose.TOOLING, False),
    ]


def test_scripts_without_python_images_declare_nothing():
    text = "jobs:\n  t:\n    steps:\n      - run: echo python:latest-ish ${{ matrix.x }}\n      - run: ''\n"
    assert read(text_file(CI, text)) == []
