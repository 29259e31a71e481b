"""A reusable workflow's Python input that most callers pass from a repository variable
(`${{ vars.DEFAULT_PYTHON_VERSION }}`) and a few leave to its default: the default is not
what CI tests, so what the CI "lacks" is not claimed from it."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import scan_tree

CALLEE = """\
name: Integration tests
on:
  workflow_call:
    inputs:
      python-version:
        description: "The Python to test against"
        type: string
        default: "3.10"
jobs:
  integration:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ inputs.python-version }}
      - run: ./ci/run-integration.sh warehouse
"""

PR_CHECKS = """\
name: Pull request checks
on: pull_request
jobs:
  integration:
    uses: ./.github/workflows/_integration.yml
    with:
      python-version: ${{ vars.DEFAULT_PYTHON_VERSION }}
"""

RELEASE = """\
name: Release
on:
  push:
    tags: ["v*"]
jobs:
  integration:
    uses: ./.github/workflows/_integration.yml
"""

DOCKERFILE = "FROM python:3.11.2-slim\nCOPY . /app\nRUN pip install /app\n"


@pytest.mark.parametrize(
    ("passed", "release", "reported"),
    [
        pytest.param(
            "${{ vars.DEFAULT_PYTHON_VERSION }}", RELEASE, False, id="from-a-repository-variable"
        ),
        pytest.param('"3.10"', RELEASE, True, id="written-out"),
        pytest.param(
            "${{ vars.DEFAULT_PYTHON_VERSION }}",
            RELEASE + '    with:\n      python-version: "3.10"\n',
            True,
            id="another-caller-writes-it-out",
        ),
    ],
)
def test_an_input_some_callers_pass_as_what_cannot_be_known(tmp_path, passed, release, reported):
    result = scan_tree(
        tmp_path,
        {
            ".github/workflows/_integration.yml": CALLEE,
            ".github/workflows/pr.yml": PR_CHECKS.replace(
                "${{ vars.DEFAULT_PYTHON_VERSION }}", passed
            ),
            ".github/workflows/release.yml": release,
            "docker/Dockerfile": DOCKERFILE,
            "pyproject.toml": '[project]\nname = "w"\nversion = "1"\n',
        },
        dt.date(2026, 12, 2),
    )
    found = [f.rule for f in result.findings if f.rule == "matrix-misses-pin"]
    assert found == (["matrix-misses-pin"] if reported else [])
