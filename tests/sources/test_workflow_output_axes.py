"""A matrix axis another job echoes into `$GITHUB_OUTPUT`, often one list on push and another
on pull requests (modelled on monorepos whose integrations each have a workflow that tests
the newest Python on push and the whole range on pull requests and nightly)."""

from pathlib import Path

import pytest
from helpers import scan_tree, text_file

from pyparity.model import Purpose, Role
from pyparity.sources.github_actions.workflow import read

INTEGRATION = """\
name: Test / vectorstore

on:
  schedule:
    - cron: "0 0 * * *"
  pull_request:
    paths:
      - "integrations/vectorstore/**"
  push:
    branches:
      - main

defaults:
  run:
    working-directory: integrations/vectorstore

env:
  PYTHONUNBUFFERED: "1"
  TEST_MATRIX_OS: '["ubuntu-latest", "windows-latest"]'
  TEST_MATRIX_PYTHON: '["3.11", "3.13"]'

jobs:
  compute-test-matrix:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: .
    outputs:
      os: ${{ steps.set.outputs.os }}
      python-version: ${{ steps.set.outputs.python-version }}
    steps:
      - id: set
        run: |
          echo 'os=${{ github.event_name == 'push' && '["ubuntu-latest"]' || env.TEST_MATRIX_OS }}' >> "$GITHUB_OUTPUT"
          echo 'python-version=${{ github.event_name == 'push' && '["{push}"]' || env.TEST_MATRIX_PYTHON }}' >> "$GITHUB_OUTPUT"

  run:
    name: Python ${{ matrix.python-version }} on ${{ matrix.os }}
    needs: compute-test-matrix
    runs-on: ${{ matrix.os }}
    strategy:
      fail-fast: false
      matrix:
        os: ${{ fromJSON(needs.compute-test-matrix.outputs.os) }}
        python-version: ${{ fromJSON(needs.compute-test-matrix.outputs.python-version) }}
    steps:
      - uses: actions/checkout@v4
      - name: Set up Python ${{ matrix.python-version }}
        uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - name: Install Hatch
        run: pip install --upgrade hatch
      - name: Run tests
        run: hatch run test:unit
"""

PYPROJECT = """\
[project]
name = "vectorstore-haystack"
requires-python = ">=3.11"
classifiers = [
  "Programming Language :: Python :: 3.11",
  "Programming Language :: Python :: 3.12",
  "Programming Language :: Python :: 3.13",
]
"""

CI = ".github/workflows/vectorstore.yml"


def _tested(declarations):
    return sorted(
        (d.raw, d.span.line)
        for d in declarations
        if d.role is Role.MATRIX and d.purpose is Purpose.RUNTIME
    )


def test_each_list_the_expression_may_give_is_tested_on_some_event():
    found = read(text_file(CI, INTEGRATION.replace("{push}", "3.13")))
    # Each minor once, where it is first written: the push list in the echo line, then the
    # pull requests' list where the env value is written.
    assert _tested(found) == [("3.11", 20), ("3.13", 35)]
    assert not [d for d in found if d.role is Role.UNRESOLVED]
    assert {d.anchor for d in found if d.role is Role.MATRIX} == {"integrations/vectorstore"}


def test_a_python_tested_only_on_push_is_where_the_echo_writes_it():
    workflow = INTEGRATION.replace("{push}", "3.10")
    found = read(text_file(CI, workflow))
    assert _tested(found) == [("3.10", 35), ("3.11", 20), ("3.13", 20)]
    for declaration in (d for d in found if d.role is Role.MATRIX):
        line = workflow.splitlines()[declaration.span.line - 1]
        written = line[declaration.span.column - 1 : declaration.span.end_column - 1]
        assert written == declaration.raw


def test_the_integration_is_compared_with_its_own_folder(tmp_path: Path):
    result = scan_tree(
        tmp_path,
        {
            CI: INTEGRATION.replace("{push}", "3.10"),
            "integrations/vectorstore/pyproject.toml": PYPROJECT,
        },
    )
    found = [(f.rule, f.file, f.line) for f in result.findings if f.rule == "outside-range"]
    assert found == [("outside-range", CI, 35)]


@pytest.mark.parametrize(
    "value",
    [
        "${{ inputs.pythons || '[\"3.12\"]' }}",  # a dispatch input: not known
        "$(jq -c .python matrix.json)",  # a command's output
        "${{ github.event_name == 'push' && '[\"3.12\"]' || env.UNSET }}",  # no such env value
        "${{ github.event_name == 'push' && '3.12' || env.TEST_MATRIX_PYTHON }}",  # no list
    ],
)
def test_an_axis_not_wholly_known_stays_unresolved(value):
    workflow = INTEGRATION.replace(
        "'python-version=${{ github.event_name == 'push' && '[\"{push}\"]' || env.TEST_MATRIX_PYTHON }}'",
        f'"python-version={value}"',
    )
    assert value in workflow
    found = read(text_file(CI, workflow))
    assert _tested(found) == []
    assert [d.role for d in found if "matrix.python-version" in d.raw] == [Role.UNRESOLVED]


def test_an_output_written_on_two_branches_of_the_script_is_not_known():
    workflow = INTEGRATION.replace(
        """          echo 'python-version=${{ github.event_name == 'push' && '["{push}"]' || env.TEST_MATRIX_PYTHON }}' >> "$GITHUB_OUTPUT"
""",
        """          if [ "$GITHUB_EVENT_NAME" = push ]; then
            echo 'python-version=["3.13"]' >> "$GITHUB_OUTPUT"
          else
            echo 'python-version=["3.11", "3.12", "3.13"]' >> "$GITHUB_OUTPUT"
          fi
""",
    )
    assert "fi\n" in workflow
    assert _tested(read(text_file(CI, workflow))) == []


def test_a_literal_list_echoed_is_read_where_it_is_written():
    workflow = INTEGRATION.replace(
        """'python-version=${{ github.event_name == 'push' && '["{push}"]' || env.TEST_MATRIX_PYTHON }}'""",
        """'python-version=["3.12", "3.13"]'""",
    )
    assert _tested(read(text_file(CI, workflow))) == [("3.12", 35), ("3.13", 35)]


def test_many_jobs_taking_one_output_read_it_once_each_in_linear_time():
    consumers = "".join(
        f"""
  run{n}:
    needs: compute-test-matrix
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ${{{{ fromJSON(needs.compute-test-matrix.outputs.python-version) }}}}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python-version }}}}
      - run: hatch run test:unit
"""
        for n in range(200)
    )
    found = read(text_file(CI, INTEGRATION.replace("{push}", "3.13") + consumers))
    assert len(_tested(found)) == 2 * 201


# Modelled on a neuroimaging library's workflow: a shell variable holds the whole output
# line, set for every event and set again for pull requests, then echoed once.
SHELL_VARIABLE = """\
on: [push, pull_request]
jobs:
  define-matrix:
    runs-on: ubuntu-latest
    outputs:
      py: ${{ steps.py.outputs.py }}
    steps:
      - id: py
        run: |
          versions='py=["3.14", "3.13", "3.10"]'

          if [ "$GITHUB_EVENT_NAME" == "pull_request" ]; then
              versions='py=["3.14", "3.10"]'
          fi
          echo "Will run on: ${versions}"
          echo ${versions} >> "$GITHUB_OUTPUT"
  test:
    needs: define-matrix
    runs-on: ubuntu-latest
    strategy:
      matrix:
        py: ${{ fromJSON(needs.define-matrix.outputs.py) }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.py }}
      - run: pip install tox && tox -e py
"""


def test_a_shell_variable_echoed_into_the_output_writes_what_the_script_assigns_it():
    found = read(text_file(".github/workflows/ci.yml", SHELL_VARIABLE))
    assert [(d.raw, d.line, d.span.column, d.role) for d in found] == [
        ("3.14", 10, 26, Role.MATRIX),
        ("3.13", 10, 34, Role.MATRIX),
        ("3.10", 10, 42, Role.MATRIX),
    ]


@pytest.mark.parametrize(
    "assignment",
    [
        'versions="py=$(./list-pythons)"',
        'export versions="py=[\\"3.12\\"]"',
        "versions+=', \"3.15\"'",
    ],
)
def test_a_shell_variable_the_script_also_sets_some_other_way_is_not_known(assignment):
    text = SHELL_VARIABLE.replace("          fi\n", f"          fi\n          {assignment}\n")
    [found] = read(text_file(".github/workflows/ci.yml", text))
    assert found.role is Role.UNRESOLVED
