"""The Bitbucket Pipelines reader: step images, the top-level image, and where steps hide."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.bitbucket_pipelines import matches, read

PATH = "bitbucket-pipelines.yml"

# modelled on a web service's pipeline: a shared test step defined once and used by two
# pipelines, a parallel lint/test group, a deploy stage on a non-Python image
SERVICE = """\
# Pipelines for the orders API
image: python:3.11-slim

definitions:
  caches:
    uv: ~/.cache/uv
  steps:
    - step: &unit-tests
        name: Unit tests
        caches: [uv]
        services: [postgres]
        script:
          - pip install uv
          - uv sync --frozen
          - uv run pytest -q --junitxml=test-results/report.xml
  services:
    postgres:
      image: postgres:16

pipelines:
  default:
    - step: *unit-tests
  pull-requests:
    '**':
      - parallel:
          fail-fast: true
          steps:
            - step: *unit-tests
            - step:
                name: Lint
                image: python:3.13-alpine
                script:
                  - pip install ruff
                  - ruff check .
  branches:
    main:
      - step: *unit-tests
      - stage:
          name: Deploy to production
          deployment: production
          steps:
            - step:
                name: Push image
                image: atlassian/default-image:4
                script:
                  - docker build -t orders .
"""


def brief(found):
    return [(d.raw, d.line, d.role, d.purpose) for d in found]


def test_a_step_used_by_several_pipelines_declares_the_top_level_image_once():
    found = read(text_file(PATH, SERVICE))
    assert brief(found) == [
        ("python:3.11-slim", 2, Role.PIN, Purpose.RUNTIME),
        ("python:3.13-alpine", 31, Role.PIN, Purpose.TOOLING),
    ]
    assert found[0].requirement.minors[0].minor == 11
    assert found[0].context == "step Unit tests, top-level image, runtime: runs uv run pytest"
    assert (found[0].span.column, found[0].span.end_column) == (15, 19)  # "3.11"
    assert found[1].context.startswith("step Lint, tooling")


def test_the_test_step_wins_a_shared_image_whichever_comes_first():
    text = """\
image: python:3.12
pipelines:
  default:
    - step:
        name: Check formatting
        script: [black --check .]
    - step:
        name: Test
        script: [python -m pytest]
"""
    found = read(text_file(PATH, text))
    assert brief(found) == [("python:3.12", 1, Role.PIN, Purpose.RUNTIME)]
    assert "step Test" in found[0].context


def test_parallel_as_a_plain_list_and_an_image_mapping():
    text = """\
pipelines:
  custom:
    nightly:
      - variables:
          - name: SUITE
      - parallel:
          - step:
              name: py3.10
              image: {name: "python:3.10", username: $DOCKER_USER, password: $DOCKER_PASS}
              script: [tox -e py310]
          - step:
              name: py3.14
              image:
                name: python:3.14-rc
              script: [tox -e py314]
"""
    found = read(text_file(PATH, text))
    assert [(d.raw, d.line, d.purpose) for d in found] == [
        ("python:3.10", 9, Purpose.RUNTIME),
        ("python:3.14-rc", 14, Purpose.RUNTIME),
    ]


def test_steps_without_python_or_with_a_variable_image_declare_nothing():
    text = """\
image: node:22
pipelines:
  default:
    - step:
        script: [npm test]
    - step:
        image: $REGISTRY/python:3.12
        script: [pytest]
    - step:
        image: python:3.12
        # a step that is never listed by a pipeline is not read
definitions:
  steps:
    - step:
        image: python:3.9
        script: [pytest]
"""
    found = read(text_file(PATH, text))
    assert brief(found) == [("python:3.12", 10, Role.PIN, Purpose.UNKNOWN)]


def test_a_floating_tag_and_ugly_input():
    text = "\ufeffimage: python:3\r\npipelines:\r\n\tdefault: []\r\n"
    with pytest.raises(UnreadableFile):  # a tab indents nothing in YAML
        read(text_file(PATH, text))
    text = "\ufeffimage: python:3  # floats\r\npipelines:\r\n  default:\r\n    - step:\r\n        script:\r\n          - >-\r\n            python -m\r\n            pytest\r\n"
    found = read(text_file(PATH, text))
    assert brief(found) == [("python:3", 1, Role.FLOATING, Purpose.RUNTIME)]


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "pipelines:\n", "image: python:3.12\n"])
def test_files_with_no_step_declare_nothing(text):
    assert read(text_file(PATH, text)) == []


@pytest.mark.parametrize("text", ["- step: {}\n", "just text\n"])
def test_a_file_that_is_not_a_mapping_is_unreadable(text):
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, text))


def test_many_aliases_of_one_step_cost_one_step():
    steps = "".join("    - step: *t\n" for _ in range(1000))
    text = f"definitions:\n  steps:\n    - step: &t\n        image: python:3.12\n        script: [pytest]\npipelines:\n  default:\n{steps}"
    assert len(read(text_file(PATH, text))) == 1


def test_too_many_steps_is_a_hostile_file():
    """Distinct steps (no alias) sharing the top-level image: one declaration, many steps."""
    steps = "".join(f"    - step: {{script: [pytest], name: s{i}}}\n" for i in range(4100))
    with pytest.raises(UnreadableFile, match="more than 4,096 steps"):
        read(text_file(PATH, f"image: python:3.12\npipelines:\n  default:\n{steps}"))


def test_matches_only_the_pipelines_file():
    assert matches("bitbucket-pipelines.yml")
    assert matches("services/api/bitbucket-pipelines.yml")
    assert not matches("bitbucket-pipelines.yaml")  # Bitbucket reads only .yml
    assert not matches("docs/bitbucket-pipelines.md")
    assert source_for("bitbucket-pipelines.yml").kind == "bitbucket-pipelines"
