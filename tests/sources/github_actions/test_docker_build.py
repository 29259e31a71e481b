"""docker/build-push-action with `build-args` from the matrix: the Dockerfile's Python for
each run, declared where the matrix writes it."""

from __future__ import annotations

from pathlib import Path

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Role

TODAY = __import__("datetime").date(2026, 12, 2)

DOCKERFILE = """\
ARG PYTHON_VERSION=3.12
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-slim AS ui
FROM python:${PYTHON_VERSION}-slim
COPY --from=ui /app /app
"""

WORKFLOW = """\
on: release
jobs:
  images:
    strategy:
      matrix:
        python-version:
          - "3.11"
          - "3.13"
        flavor: ["", "-extra"]
    steps:
      - id: node
        run: echo "version=$(cat .nvmrc)" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/Dockerfile
          build-args: |
            PYTHON_VERSION=${{ matrix.python-version }}
            NODE_VERSION=${{ steps.node.outputs.version }}
            ${{ matrix.flavor == '-extra' && 'EXTRAS=all' || '' }}
"""


def check(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run(str(tmp_path), Config(today=TODAY, code=False))


def test_the_matrix_build_args_are_the_images_python_where_the_matrix_writes_them(tmp_path):
    result = check(
        tmp_path,
        {"docker/Dockerfile": DOCKERFILE, ".github/workflows/images.yml": WORKFLOW},
    )
    found = sorted(
        {
            (d.line, d.raw, d.role)
            for d in result.declarations
            if d.file == ".github/workflows/images.yml"
        }
    )
    assert found == [
        (7, "python:3.11-slim", Role.MATRIX),
        (8, "python:3.13-slim", Role.MATRIX),
    ]
    # The Node version a step computes is no Python: no notice for it.
    assert not [f for f in result.findings if f.rule == "unresolved"]


def test_a_python_build_arg_that_cannot_be_known_is_unresolved(tmp_path):
    workflow = WORKFLOW.replace("${{ matrix.python-version }}", "${{ inputs.python }}")
    result = check(
        tmp_path, {"docker/Dockerfile": DOCKERFILE, ".github/workflows/images.yml": workflow}
    )
    [finding] = [f for f in result.findings if f.rule == "unresolved"]
    assert "build arg PYTHON_VERSION" in finding.message


def test_the_default_dockerfile_is_the_contexts(tmp_path):
    workflow = WORKFLOW.replace("          context: .\n          file: docker/Dockerfile\n", "")
    workflow = workflow.replace('flavor: ["", "-extra"]', 'flavor: [""]')
    result = check(tmp_path, {"Dockerfile": DOCKERFILE, ".github/workflows/images.yml": workflow})
    found = sorted(
        (d.line, d.raw) for d in result.declarations if d.file == ".github/workflows/images.yml"
    )
    assert found == [(7, "python:3.11-slim"), (8, "python:3.13-slim")]


RELEASE_IMAGE = """\
ARG PYTHON_VERSION="3.13"

FROM python:${PYTHON_VERSION}-slim
COPY dist/ /dist/
RUN pip install --no-cache-dir /dist/*.whl
ENTRYPOINT ["mytool"]
"""

IMAGES_JOB = """\
on: release
jobs:
  images:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.11", "3.12", "3.13", "3.14"]
"""

MATRIX_OF_BUILDS = (
    IMAGES_JOB
    + """\
    steps:
      - uses: actions/checkout@v6
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/Dockerfile
          build-args: |
            PYTHON_VERSION=${{ matrix.python-version }}
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/Dockerfile.slim
          build-args: PYTHON_VERSION=${{ matrix.python-version }}
"""
)


def _pins(result):
    return [f for f in result.findings if f.rule == "pin-mismatch"]


def test_a_dockerfile_the_ci_builds_for_each_python_has_a_default_not_a_pin(tmp_path):
    """Two images built for 3.10 to 3.14, each with a 3.13 default: the defaults are two of
    the images built, not a majority that `.python-version` (3.14) must agree with."""
    files = {
        "docker/Dockerfile": RELEASE_IMAGE,
        "docker/Dockerfile.slim": RELEASE_IMAGE,
        ".python-version": "3.14\n",
        ".github/workflows/images.yml": MATRIX_OF_BUILDS,
    }
    result = check(tmp_path, files)
    assert _pins(result) == []
    defaults = {(d.file, d.role) for d in result.declarations if d.source == "dockerfile"}
    assert defaults == {("docker/Dockerfile", Role.MATRIX), ("docker/Dockerfile.slim", Role.MATRIX)}
    # Built once with a written version, the default stays the image's pin.
    single = MATRIX_OF_BUILDS.replace("${{ matrix.python-version }}", "3.13")
    [finding] = _pins(check(tmp_path, {**files, ".github/workflows/images.yml": single}))
    assert finding.file == ".python-version"


COMPOSITE = """\
name: build-and-scan
inputs:
  python-version:
    description: The Python of the image
    required: true
  slim:
    default: "false"
runs:
  using: composite
  steps:
    - id: pick
      shell: bash
      run: |
        if [[ "${SLIM}" == "true" ]]; then
          echo "path=docker/Dockerfile.slim" >> "$GITHUB_OUTPUT"
        else
          echo "path=docker/Dockerfile" >> "$GITHUB_OUTPUT"
        fi
      env:
        SLIM: ${{ inputs.slim }}
    - uses: docker/build-push-action@v6
      with:
        context: .
        file: ${{ steps.pick.outputs.path }}
        build-args: |
          PYTHON_VERSION=${{ inputs.python-version }}
        push: false
"""

CALLER = (
    IMAGES_JOB
    + """\
        slim: [false, true]
    steps:
      - uses: actions/checkout@v6
      - uses: ./.github/actions/build-and-scan
        with:
          python-version: ${{ matrix.python-version }}
          slim: ${{ matrix.slim }}
"""
)


def test_a_local_action_building_a_dockerfile_it_picks_sets_the_python_of_every_one(tmp_path):
    """The action's build names its Dockerfile by a step's output and its Python by an
    input: whichever Dockerfile it builds, a `FROM` of that ARG is built per Python."""
    files = {
        "docker/Dockerfile": RELEASE_IMAGE,
        "docker/Dockerfile.slim": RELEASE_IMAGE,
        ".python-version": "3.14\n",
        ".github/workflows/images.yml": CALLER,
        ".github/actions/build-and-scan/action.yml": COMPOSITE,
    }
    result = check(tmp_path, files)
    assert _pins(result) == []
    assert not [f for f in result.findings if f.rule == "unresolved"]
    # An arg named for no Python (a Node version) says nothing about the Python's FROM.
    node = COMPOSITE.replace("PYTHON_VERSION=", "NODE_VERSION=")
    [finding] = _pins(check(tmp_path, {**files, ".github/actions/build-and-scan/action.yml": node}))
    assert finding.file == ".python-version"
