"""A conda environment file's Python range is the environment's (development, docs, the CI
jobs that create it), not the package's: modelled on a scientific library whose
`environment.yml` asks `python >=3.11` for its docs tools while `requires-python` stays
`>=3.10` and a pip test matrix runs 3.10."""

from pathlib import Path

from helpers import scan_tree

PYPROJECT = """\
[project]
name = "climate-indices"
version = "0.9"
requires-python = ">=3.10"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
]

[tool.mypy]
python_version = "3.10"
"""

ENVIRONMENT = """\
name: climate-indices
channels:
  - conda-forge
dependencies:
  - python >=3.11,<3.14
  - numpy >=1.25
  - sphinx
"""

WORKFLOW = """\
name: CI
on: [push]
jobs:
  test-pip:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: python -m pip install tox && tox
"""


def rules(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(f.rule, f.file, f.span.line) for f in scan_tree(tmp_path, files).findings]


def test_the_packages_range_not_the_environments_judges_ci_classifiers_and_targets(
    tmp_path: Path,
):
    files = {
        "pyproject.toml": PYPROJECT,
        "environment.yml": ENVIRONMENT,
        ".github/workflows/ci.yml": WORKFLOW,
    }
    assert rules(tmp_path, files) == []


def test_an_application_described_by_its_environment_alone_is_held_to_it(tmp_path: Path):
    files = {
        "environment.yml": ENVIRONMENT,
        "Dockerfile": 'FROM python:3.10-slim\nCOPY . /app\nCMD ["python", "-m", "app"]\n',
    }
    assert ("outside-range", "Dockerfile", 1) in rules(tmp_path, files)
