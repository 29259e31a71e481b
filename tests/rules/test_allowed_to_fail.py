"""CI jobs allowed to fail (`continue-on-error`) try a Python; they promise nothing that the
runtime pins, the supported range or the classifiers must agree with."""

from helpers import scope_of, supported, text_file

from pyparity.rules import matrix_mismatch, outside_range, pin_mismatch
from pyparity.sources import pyproject, python_version_file, workflow

WORKFLOW = """\
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    continue-on-error: ${{ matrix.experimental }}
    strategy:
      matrix:
        python-version: ["3.10", "3.11", "3.12"]
        experimental: [false]
        include:
          - python-version: "3.14"
            experimental: true
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pytest
  old-python:
    runs-on: ubuntu-latest
    continue-on-error: true
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.9"
      - run: pytest
"""

PYPROJECT = """\
[project]
name = "example"
requires-python = ">=3.10,<3.14"
classifiers = [
  "Programming Language :: Python :: 3.10",
  "Programming Language :: Python :: 3.11",
  "Programming Language :: Python :: 3.12",
]
"""


def _scope():
    return scope_of(
        *workflow.read(text_file(".github/workflows/ci.yml", WORKFLOW)),
        *pyproject.read(text_file("pyproject.toml", PYPROJECT)),
        *python_version_file.read(text_file(".python-version", "3.12\n")),
    )


def test_jobs_allowed_to_fail_are_not_drift():
    scope = _scope()
    assert list(pin_mismatch.check(scope)) == []
    assert list(outside_range.check(scope)) == []
    assert list(matrix_mismatch.check(scope)) == []


def test_the_same_jobs_are_compared_when_failure_counts():
    scope = scope_of(
        *workflow.read(
            text_file(
                ".github/workflows/ci.yml",
                WORKFLOW.replace("continue-on-error: true", "continue-on-error: false").replace(
                    "experimental: true", "experimental: false"
                ),
            )
        ),
        supported("pyproject.toml", ">=3.10,<3.14", line=3),
        *python_version_file.read(text_file(".python-version", "3.12\n")),
    )
    outside = [f.message for f in outside_range.check(scope)]
    assert outside == [
        ".github/workflows/ci.yml:11 tests 3.14, outside requires-python >=3.10,<3.14 "
        "(pyproject.toml:3)",
        ".github/workflows/ci.yml:24 pins 3.9, outside requires-python >=3.10,<3.14 "
        "(pyproject.toml:3)",
    ]
    # The matrix tests several minors: a range is supported, so pins need not agree.
    assert list(pin_mismatch.check(scope)) == []
