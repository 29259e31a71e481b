"""Two shapes of CI that say less than they seem to: a Travis file left behind beside the CI
that runs the tests, and wheel builds made one Python at a time by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import scan_tree

PYPROJECT = """\
[project]
name = "clusters"
version = "0.8"
requires-python = ">=3.10"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
]
"""

TRAVIS = 'language: python\npython:\n  - "3.6"\n  - "3.7"\n  - "3.8"\n  - "3.9"\nscript: pytest\n'

AZURE = """\
jobs:
- job: tests
  pool:
    vmImage: ubuntu-latest
  strategy:
    matrix:
      py310:
        python.version: '3.10'
      py311:
        python.version: '3.11'
      py312:
        python.version: '3.12'
      py313:
        python.version: '3.13'
  steps:
  - task: UsePythonVersion@0
    inputs:
      versionSpec: '$(python.version)'
  - script: pytest
"""


def _rules(tmp_path, files):
    result = scan_tree(tmp_path, files, dt.date(2026, 12, 2))
    return sorted((f.rule, f.file) for f in result.findings if f.severity.value != "notice")


def test_a_travis_file_left_behind_is_not_the_ci_matrix(tmp_path):
    files = {"pyproject.toml": PYPROJECT, ".travis.yml": TRAVIS, "azure-pipelines.yml": AZURE}
    found = _rules(tmp_path, files)
    assert ("matrix-mismatch", "pyproject.toml") not in found  # (not "lacks 3.6 to 3.9")
    assert ("outside-range", ".travis.yml") in found  # (said there: it looks left behind)
    alone = _rules(tmp_path / "alone", {"pyproject.toml": PYPROJECT, ".travis.yml": TRAVIS})
    assert ("matrix-mismatch", "pyproject.toml") in alone or (
        "matrix-mismatch",
        ".travis.yml",
    ) in alone


def _windows_wheel(version: str) -> str:
    return (
        "name: Windows wheel\non:\n  workflow_dispatch:\njobs:\n  wheel:\n"
        "    runs-on: windows-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: pypa/cibuildwheel@v3.1.4\n        env:\n"
        f'          CIBW_BUILD: "cp{version}-win_amd64"\n'
    )


@pytest.mark.parametrize(
    ("workflows", "reported"),
    [
        pytest.param(["310", "312", "313"], False, id="three-one-offs"),
        pytest.param(["312"], True, id="one-build-of-one-python"),
    ],
)
def test_wheel_builds_made_one_python_at_a_time(tmp_path, workflows, reported):
    files = {"pyproject.toml": PYPROJECT}
    files.update({f".github/workflows/wheel-{v}.yml": _windows_wheel(v) for v in workflows})
    found = [rule for rule, _ in _rules(tmp_path, files) if rule == "wheels-mismatch"]
    assert bool(found) is reported


def test_beside_one_live_job_the_travis_matrix_still_counts(tmp_path):
    """A stale tox list (py36-py38) beside one live job on 3.10 and the old Travis matrix: the
    CI as a whole (Travis's 3.6 to 3.8, the live 3.10) is what the tox list is compared with."""
    one_job = AZURE.split("  strategy:")[0] + (
        "  steps:\n  - task: UsePythonVersion@0\n    inputs:\n      versionSpec: '3.10'\n"
        "  - script: pytest\n"
    )
    travis = TRAVIS.replace('  - "3.9"\n', "")
    files = {
        "pyproject.toml": PYPROJECT.split("classifiers")[0],
        ".travis.yml": travis,
        "azure-pipelines.yml": one_job,
        "tox.ini": "[tox]\nenvlist = py36, py37, py38\n",
    }
    assert ("matrix-mismatch", "tox.ini") in _rules(tmp_path, files)
