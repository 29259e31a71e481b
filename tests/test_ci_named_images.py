"""An image named for CI (`Dockerfile.ci-fenics`) is where the tests run: one of the Pythons
tested, not a runtime the matrix must add; still a runtime pin to compare with the image that
ships."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Result
from pyparity.sources.dockerfile import read
from pyparity.textfile import TextFile

# modelled on a numerical library whose second CI (not read) tests in images built from
# Dockerfiles of its own, one of them a distribution's Python with a simulation package
FENICS = """\
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \\
 && apt-get -qy install --no-install-recommends fenics python3.11-venv \\
 && rm -rf /var/lib/apt/lists/*
COPY requirements-ci-fenics.txt /tmp/
RUN python3 -m venv --system-site-packages /venv \\
 && /venv/bin/pip install -r /tmp/requirements-ci-fenics.txt
"""
WORKFLOW = """\
name: conda tests
on: [push]
jobs:
  tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.10", "3.14"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: pip install -e .[test]
      - run: pytest
"""
PYPROJECT = '[project]\nname = "numerics"\nversion = "1"\nrequires-python = ">=3.10"\n'


def checked(root: Path, files: dict[str, str]) -> Result:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return run(str(root), Config(today=dt.date(2026, 12, 6), code=False))


@pytest.mark.parametrize(
    ("name", "untested"),
    [
        pytest.param("docker/Dockerfile.ci-fenics", False, id="named-for-ci"),
        pytest.param("docker/ci.Dockerfile", False, id="ci-first"),
        pytest.param("docker/Dockerfile.fenics", True, id="not-named-for-ci"),
        pytest.param("docker/Dockerfile.circleci", True, id="ci-inside-a-word"),
    ],
)
def test_a_ci_images_python_is_tested_not_untested(
    tmp_path: Path, name: str, untested: bool
) -> None:
    files = {"pyproject.toml": PYPROJECT, ".github/workflows/conda.yml": WORKFLOW, name: FENICS}
    result = checked(tmp_path, files)
    rules = [f.rule for f in result.findings]
    assert ("matrix-misses-pin" in rules) is untested


def test_the_declaration_says_why() -> None:
    [declaration] = read(TextFile("Dockerfile.ci", "FROM python:3.12-slim\nRUN pytest\n"))
    assert declaration.context == "final stage, a CI image by its name"


def test_the_ci_image_is_still_compared_with_the_image_that_ships(tmp_path: Path) -> None:
    # the tests run on 3.11 in the CI image, and the image that ships is 3.12: drift
    files = {
        "pyproject.toml": PYPROJECT,
        "Dockerfile.ci": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install /app[test]\n",
        "deploy/Dockerfile": "FROM python:3.11-slim\nCOPY . /app\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "app"]\n',
    }
    result = checked(tmp_path, files)
    found = [(f.rule, f.file) for f in result.findings if f.rule == "pin-mismatch"]
    assert found == [("pin-mismatch", "Dockerfile")]
