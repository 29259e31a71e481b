"""matrix-axis-unused: a test job's Python axis that no step uses (modelled on a Django app
whose uv setup step dropped the matrix, and a library whose setup-python step was removed)."""

from pathlib import Path

import pytest
from helpers import scan_tree

PYPROJECT = '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.12"\n'

UV_JOB = """\
name: Tests
on: [push, pull_request]
jobs:
  tests:
    name: tests (${{ matrix.python-version }})
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        python-version: ['3.12', '3.14']
        database: [postgresql]
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v6
      - name: Set up Python
        run: uv python install
      - run: make ci
      - name: run tests
        run: make test
"""


def findings(tmp_path: Path, workflow: str) -> list[tuple[str, int, str]]:
    files = {".github/workflows/tests.yml": workflow, "pyproject.toml": PYPROJECT}
    return [(f.rule, f.span.line, f.message) for f in scan_tree(tmp_path, files).findings]


def test_an_axis_that_sets_up_nothing_is_reported_once(tmp_path: Path):
    [(rule, line, message)] = findings(tmp_path, UV_JOB)
    assert (rule, line) == ("matrix-axis-unused", 10)
    assert message == (
        ".github/workflows/tests.yml:10: matrix.python-version of job tests lists 3.12 and "
        "3.14, but no step uses it: every leg runs the same Python"
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            ("run: uv python install", "run: uv python install ${{ matrix.python-version }}"),
            id="uv-install-uses-it",
        ),
        pytest.param(
            (
                "      - uses: astral-sh/setup-uv@v6\n",
                "      - uses: astral-sh/setup-uv@v6\n        with:\n          python-version: ${{ matrix.python-version }}\n",
            ),
            id="setup-uv-input",
        ),
        pytest.param(
            ("run: make test", "run: make test PYTHON=python${{ matrix.python-version }}"),
            id="a-command",
        ),
        pytest.param(
            (
                "      - run: make ci\n",
                "      - uses: ./.github/actions/setup\n      - run: make ci\n",
            ),
            id="a-local-action-may-read-it",
        ),
        pytest.param(("['3.12', '3.14']", "['3.12']"), id="one-python"),
        pytest.param(
            (
                "      - run: make ci\n      - name: run tests\n        run: make test\n",
                "      - run: uvx ruff check .\n",
            ),
            id="not-a-test-job",
        ),
    ],
)
def test_an_axis_used_or_not_a_test_matrix_is_not_reported(tmp_path: Path, change):
    old, new = change
    assert old in UV_JOB
    rules = [rule for rule, _, _ in findings(tmp_path, UV_JOB.replace(old, new))]
    assert "matrix-axis-unused" not in rules
