"""The Buildkite reader: docker plugin images, PYTHON_VERSION, matrices and their adjustments."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.buildkite import matches, read

PATH = ".buildkite/pipeline.yml"

# modelled on a client library's pipeline: a test step whose scripts build
# python:${PYTHON_VERSION} images, over a matrix with adjustments, and a lint step
LIBRARY = """\
env:
  STACK_VERSION: "9.1.0-SNAPSHOT"

steps:
  - label: ":python: Python {{ matrix.python }} ({{ matrix.transport }})"
    agents:
      provider: gcp
    env:
      PYTHON_VERSION: "{{ matrix.python }}"
      TRANSPORT: "{{ matrix.transport }}"
    matrix:
      setup:
        python:
          - "3.10"
          - "3.11"
          - "3.12"
          - "3.13"
        transport:
          - urllib3
          - httpx
      adjustments:
        - with:
            python: "3.14"
            transport: urllib3
          soft_fail: true
        - with:
            python: "3.13"
          skip: "no wheels for our C extension yet"
    command: ./.buildkite/run-tests

  - wait

  - label: ":lint-roller: Lint"
    key: lint
    plugins:
      - docker#v5.12.0:
          image: "python:3.12-slim"
    commands:
      - pip install ruff
      - ruff check .
"""


def brief(found):
    return [(d.raw, d.line, d.role, d.purpose, d.may_fail) for d in found]


def test_matrix_with_adjustments_and_a_docker_plugin_step():
    found = read(text_file(PATH, LIBRARY))
    assert brief(found) == [
        ("3.10", 14, Role.MATRIX, Purpose.RUNTIME, False),
        ("3.11", 15, Role.MATRIX, Purpose.RUNTIME, False),
        ("3.12", 16, Role.MATRIX, Purpose.RUNTIME, False),
        ("3.14", 23, Role.MATRIX, Purpose.RUNTIME, True),  # soft-fails: tried, not promised
        ("python:3.12-slim", 37, Role.PIN, Purpose.TOOLING, False),
    ]
    assert (
        found[0].group
        == f"{PATH} step :python: Python {{{{ matrix.python }}}} ({{{{ matrix.transport }}}})"
    )
    assert "runs run-tests" in found[0].context
    assert (found[4].span.column, found[4].span.end_column) == (26, 30)  # "3.12" in the image


def test_a_one_dimension_matrix_shared_through_an_alias_is_declared_once():
    text = """\
definitions:
  functional: &functional
    command: .buildkite/run_functional_test.sh
    matrix:
      - "3.11"
      - "3.12"
steps:
  - label: "MySQL on {{ matrix }}"
    <<: *functional
    env:
      PYTHON_VERSION: "{{ matrix }}"
      CONNECTOR: mysql
  - label: "S3 on {{ matrix }}"
    <<: *functional
    env:
      PYTHON_VERSION: "{{matrix}}"
      CONNECTOR: s3
"""
    found = read(text_file(".buildkite/nightly.yml", text))
    assert [(d.raw, d.line, d.role, d.purpose) for d in found] == [
        ("3.11", 5, Role.MATRIX, Purpose.RUNTIME),
        ("3.12", 6, Role.MATRIX, Purpose.RUNTIME),
    ]


def test_python_version_tags_variables_and_the_pipeline_defaults():
    text = """\
env:
  PY: "3.11"
image: python:3.9
steps:
  - label: ":books: Docs"
    env:
      PYTHON_VERSION: 3.13-bookworm
    command: ./.buildkite/build-docs.sh
  - label: "Unit"
    plugins:
      - docker#v5.12.0:
          image: python:${PY}-slim
    command: pytest
  - label: "Floating"
    env:
      PYTHON_VERSION: 3
    command: make check
  - label: "Smoke"
    command: python -m smoke
"""
    found = read(text_file("buildkite.yml", text))
    assert [(d.raw, d.line, d.role) for d in found] == [
        ("python:3.11-slim", 2, Role.PIN),  # written in the pipeline's env, declared there
        ("python:3.9", 3, Role.PIN),  # the Smoke step runs the pipeline's image
        ("3.13-bookworm", 7, Role.PIN),
        ("3", 16, Role.FLOATING),
    ]
    assert found[0].requirement.minors[0].minor == 11
    assert found[2].requirement.minors[0].minor == 13


def test_group_steps_soft_fail_and_a_list_pipeline():
    text = """\
- group: ":test_tube: Tests"
  steps:
    - label: nightly CPython
      soft_fail:
        - exit_status: "*"
      plugins:
        - docker#v5.12.0: {image: "python:3.15-rc"}
      command: tox -e py315
    - label: tests
      plugins:
        - docker-compose#v5.5.0:
            run: app
      command: pytest
- block: ":rocket: Release?"
"""
    found = read(text_file(".buildkite/pipeline.yaml", "\ufeff" + text.replace("\n", "\r\n")))
    assert brief(found) == [("python:3.15-rc", 7, Role.PIN, Purpose.RUNTIME, True)]


def test_unfilled_references_and_mixed_text_declare_nothing():
    text = """\
steps:
  - label: a
    plugins:
      - docker#v5: {image: "python:$UNSET"}
    command: pytest
  - label: b
    env:
      V: "1"
    plugins:
      - docker#v5: {image: "python:3.1${V}"}
    command: pytest
  - label: c
    plugins:
      - docker#v5: {image: "node:{{ matrix }}"}
    matrix: ["20", "22"]
    command: npm test
"""
    assert read(text_file(PATH, text)) == []


@pytest.mark.parametrize(
    "text", ["", "# empty\n", "steps: []\n", "steps:\n  - wait\n", "env: {}\n"]
)
def test_nothing_to_declare(text):
    assert read(text_file(PATH, text)) == []


def test_a_scalar_pipeline_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "just text\n"))


def test_steps_times_matrix_rows_are_bounded():
    """One matrix of 200 values shared by 400 steps through a merge key: one declaration per
    value, but every step's rows are looked at, up to a bound."""
    axes = "".join(f"        - '3.{i}'\n" for i in range(200))
    head = (
        "definitions:\n  t: &t\n    command: pytest\n"
        "    env: {PYTHON_VERSION: '{{ matrix.python }}'}\n"
        "    matrix:\n      setup:\n        python:\n" + axes.replace("        -", "          -")
    )
    steps = "".join(f"  - <<: *t\n    label: s{i}\n" for i in range(400))
    with pytest.raises(UnreadableFile, match="matrix rows"):
        read(text_file(PATH, head + "steps:\n" + steps))


def test_matches_the_buildkite_folder_and_root_names():
    assert matches(".buildkite/pipeline.yml")
    assert matches(".buildkite/pipelines/release.yaml")
    assert matches("services/api/.buildkite/pipeline.yml")
    assert matches("buildkite.yml")
    assert not matches("docs/buildkite.yml")
    assert not matches(".buildkite/run-tests")
    assert not matches(".buildkite/pull-requests.json")
    assert source_for(".buildkite/pipeline.yml").kind == "buildkite"
