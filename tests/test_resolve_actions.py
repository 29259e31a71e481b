"""A CI job whose own steps only call local composite actions takes its purpose from them:
the tests run inside `./.github/actions/run-pytest`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import scan_tree

from pyparity.model import Purpose

TODAY = dt.date(2026, 12, 2)

WORKFLOW = """\
name: Tests
on: [push, pull_request]
jobs:
  run_tests:
    name: "Tests: Python ${{ matrix.python-version }}"
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - name: Run tests
        uses: ./.github/actions/run-pytest
"""

RUN_PYTEST = """\
name: Run pytest
description: the test suite, with coverage
runs:
  using: composite
  steps:
    - run: pip install -e '.[test]'
      shell: bash
    - run: pytest -n auto --cov
      shell: bash
"""

LINT = RUN_PYTEST.replace("pytest -n auto --cov", "ruff check .")


def check(tmp_path: Path, files: dict[str, str | bytes]):
    return scan_tree(tmp_path, files, TODAY)


def purposes(result) -> list[tuple[int, str, Purpose | None]]:
    return [
        (d.line, d.raw, d.purpose) for d in result.declarations if d.file.startswith(".github/w")
    ]


def test_a_job_that_runs_the_tests_in_a_local_action_runs_the_tests(tmp_path):
    files = {
        ".github/workflows/tests.yml": WORKFLOW,
        ".github/actions/run-pytest/action.yml": RUN_PYTEST,
        "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\nclassifiers = [\n'
        '  "Programming Language :: Python :: 3.10",\n'
        '  "Programming Language :: Python :: 3.11",\n]\n',
    }
    result = check(tmp_path, files)
    assert purposes(result) == [(9, "3.10", Purpose.RUNTIME), (9, "3.13", Purpose.RUNTIME)]
    context = next(d.context for d in result.declarations if d.raw == "3.13")
    assert context.endswith("runtime: runs pytest in .github/actions/run-pytest")
    # Now a test matrix: compared with the classifiers.
    assert [(f.rule, f.file) for f in result.findings] == [("matrix-mismatch", "pyproject.toml")]


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(LINT, id="an-action-that-lints"),
        pytest.param("runs: [\n", id="broken-yaml"),
        pytest.param("runs:\n  using: node20\n  main: index.js\n", id="a-javascript-action"),
        pytest.param(None, id="no-action-file"),
    ],
)
def test_otherwise_the_purpose_stays_unknown(tmp_path, action):
    files = {".github/workflows/tests.yml": WORKFLOW}
    if action is not None:
        files[".github/actions/run-pytest/action.yml"] = action
    result = check(tmp_path, files)
    assert purposes(result) == [(9, "3.10", Purpose.UNKNOWN), (9, "3.13", Purpose.UNKNOWN)]
