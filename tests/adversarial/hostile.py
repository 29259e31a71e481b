"""Shared pieces of the adversarial suite (`from adversarial.hostile import ...`): realistic declaring files, a scan, every report.

Every test here treats the scanned repository as hostile: it may come from a stranger's
pull request. The helpers run the real pipeline (`check.run`) and render every format,
so a crash anywhere in discover -> read -> resolve -> scope -> rules -> report shows up.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
from helpers import write_tree as write_tree  # (the harnesses import it from here)

from pyparity import check
from pyparity.config import Config
from pyparity.model import Result
from pyparity.report import github, markdown, sarif, text
from pyparity.report import json as json_report

TODAY = dt.date(2026, 11, 26)
SCHEMA_FILE = Path(__file__).with_name("schema_v1.json")

# One realistic file per kind of declaring file: the seeds for mutation and the
# "every other file is still checked" companions of a broken file.
REALISTIC: dict[str, str] = {
    "Dockerfile": (
        "# syntax=docker/dockerfile:1\n"
        "ARG PYTHON_VERSION=3.12\n"
        "FROM python:${PYTHON_VERSION}-slim AS builder\n"
        "RUN pip wheel --wheel-dir /wheels .\n"
        "FROM python:3.12.7-slim-bookworm\n"
        "COPY --from=builder /wheels /wheels\n"
        'CMD ["python", "-m", "app"]\n'
    ),
    ".python-version": "3.12.7\n",
    ".github/workflows/ci.yml": (
        "name: CI\n"
        "on: [push, pull_request]\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    strategy:\n"
        "      matrix:\n"
        '        python-version: ["3.11", "3.12"]\n'
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        "          python-version: ${{ matrix.python-version }}\n"
        "      - run: pytest\n"
    ),
    # Poetry's tables, not `[project]`: beside one, setuptools ignores setup.py's and
    # setup.cfg's python_requires, and pyparity does too (setuptools_metadata.py)
    "pyproject.toml": (
        "[tool.poetry]\n"
        'name = "inventory"\n'
        "classifiers = [\n"
        '    "Programming Language :: Python :: 3.11",\n'
        '    "Programming Language :: Python :: 3.12",\n'
        "]\n"
        "[tool.poetry.dependencies]\n"
        'python = ">=3.11"\n'
        "[tool.ruff]\n"
        'target-version = "py311"\n'
        "[tool.mypy]\n"
        'python_version = "3.11"\n'
    ),
    "setup.cfg": "[metadata]\nname = inventory\n[options]\npython_requires = >=3.11\n",
    "setup.py": 'from setuptools import setup\nsetup(name="inventory", python_requires=">=3.11")\n',
    "tox.ini": "[tox]\nenvlist = py311, py312, lint\n[testenv]\ncommands = pytest\n",
    "noxfile.py": (
        "import nox\n\n"
        '@nox.session(python=["3.11", "3.12"])\n'
        "def tests(session):\n"
        '    session.run("pytest")\n'
    ),
    ".tool-versions": "python 3.12.7\nnodejs 20.11.0\n",
    "runtime.txt": "python-3.12.7\n",
    "Pipfile": '[requires]\npython_version = "3.12"\n',
    "docker-compose.yml": (
        "services:\n  api:\n    image: python:3.12-slim\n    command: python -m app\n"
    ),
    ".devcontainer/devcontainer.json": (
        '{\n  // a comment\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",\n}\n'
    ),
    ".pre-commit-config.yaml": "default_language_version:\n  python: python3.12\nrepos: []\n",
    ".readthedocs.yaml": 'version: 2\nbuild:\n  os: ubuntu-22.04\n  tools:\n    python: "3.12"\n',
    "environment.yml": "name: inventory\ndependencies:\n  - python=3.12\n  - pip\n",
    ".gitlab-ci.yml": "image: python:3.12\ntest:\n  script:\n    - pytest\n",
    ".travis.yml": 'language: python\npython:\n  - "3.11"\n  - "3.12"\n',
}


def scan(root: Path, **settings: Any) -> Result:
    options: dict[str, Any] = {"today": TODAY}
    options.update(settings)
    return check.run(str(root), Config(**options))


def render_all(result: Result) -> dict[str, str]:
    """Every report format for one result (each must render without raising)."""
    return {
        "text": text.render(result, today=TODAY),
        "json": json_report.render(result),
        "github": github.render(result, today=TODAY),
        "markdown": markdown.render(result, today=TODAY),
        "sarif": sarif.render(result, today=TODAY),
    }


def parse_errors(result: Result) -> dict[str, str]:
    """File -> message of its parse-error finding."""
    return {f.file: f.message for f in result.findings if f.rule == "parse-error"}


def attack_alone_fails(root: Path, name: str, outcome: str) -> dict[str, str]:
    """Scan a realistic repository whose file `name` is an attack (already written under
    `root`): only that file may be a parse-error (exactly when `outcome` says so), and every
    other realistic file still declares. Returns the parse errors."""
    others = set(REALISTIC) - {name}
    if name == "pyproject.toml" and "[project]" in (root / name).read_text("utf-8", "replace"):
        others -= {"setup.py", "setup.cfg"}  # setuptools ignores their ranges beside one
    result = scan(root)
    errors = parse_errors(result)
    assert set(errors) <= {name}
    assert (name in errors) == (outcome == "parse-error"), errors.get(name)
    assert declared_files(result) >= others
    return errors


def declared_files(result: Result) -> set[str]:
    return {d.file for d in result.declarations}


def validate_report(document: object) -> None:
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft202012Validator)


SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
