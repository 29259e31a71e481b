"""Every kind of file pyparity reads is written: a version below 3.12 in each, then
`fix --to 3.12 --floor 3.12`, then what the file says (and that nothing else changed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pyparity import config as config_module
from pyparity import fix
from pyparity.check import run
from pyparity.model import Minor
from pyparity.records import replace
from pyparity.rules._shared import minor_at

TODAY = dt.date(2026, 12, 2)
PATCH = fix.spelling.newest_patch(Minor(3, 12))  # type: ignore[attr-defined]

CASES = [
    ("Dockerfile", "ARG PY=3.9.6\nFROM python:${PY}-slim-bookworm\n", f"ARG PY={PATCH}\n"),
    (".python-version", "3.9\n", "3.12\n"),
    (
        ".github/workflows/ci.yml",
        "jobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v5\n"
        "        with:\n          python-version: '3.9'\n      - run: pytest\n",
        "python-version: '3.12'\n",
    ),
    (
        ".github/workflows/box.yml",
        "jobs:\n  t:\n    runs-on: x\n    container: python:3.9-slim\n    steps:\n      - run: pytest\n",
        "container: python:3.12-slim\n",
    ),
    ("pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.9"\n', 'python = "^3.12"\n'),
    (
        "hatch.toml",
        '[envs.test]\n[[envs.test.matrix]]\npython = ["3.9", "3.12"]\n',
        'python = ["3.12"]\n',
    ),
    ("setup.cfg", "[options]\npython_requires = >=3.9\n", "python_requires = >=3.12\n"),
    ("setup.py", 'from setuptools import setup\nsetup(python_requires=">=3.9")\n', '">=3.12"'),
    ("tox.ini", "[testenv]\nbasepython = python3.9\n", "basepython = python3.12\n"),
    ("noxfile.py", 'import nox\n@nox.session(python="3.9")\ndef t(s): ...\n', 'python="3.12"'),
    (".tool-versions", "python 3.9.6  # pinned\n", f"python {PATCH}  # pinned\n"),
    ("mise.toml", '[tools]\npython = "3.9"\n', 'python = "3.12"\n'),
    ("Pipfile", '[requires]\npython_version = "3.9"\n', 'python_version = "3.12"\n'),
    ("runtime.txt", "python-3.9.6\n", f"python-{PATCH}\n"),
    (
        "docker-compose.yml",
        "services:\n  a:\n    image: python:3.9-slim\n",
        "image: python:3.12-slim\n",
    ),
    (
        ".devcontainer/devcontainer.json",
        '{\n  // dev\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.9-bookworm",\n}\n',
        "python:1-3.12-bookworm",
    ),
    (
        ".pre-commit-config.yaml",
        "default_language_version:\n  python: python3.9\nrepos: []\n",
        "python: python3.12\n",
    ),
    (
        ".readthedocs.yaml",
        'version: 2\nbuild:\n  os: ubuntu-22.04\n  tools:\n    python: "3.9"\n',
        'python: "3.12"\n',
    ),
    ("environment.yml", "dependencies:\n  - python=3.9\n", "- python=3.12\n"),
    (".gitlab-ci.yml", "test:\n  image: python:3.9\n  script: pytest\n", "image: python:3.12\n"),
    (".travis.yml", 'language: python\npython:\n  - "3.9"\n  - "3.12"\n', 'python:\n  - "3.12"\n'),
    (
        "template.yaml",
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        "      Runtime: python3.9\n",
        "Runtime: python3.12\n",
    ),
    ("serverless.yml", "provider:\n  name: aws\n  runtime: python3.9\n", "runtime: python3.12\n"),
    ("app.yaml", "runtime: python39\n", "runtime: python312\n"),
    (
        ".circleci/config.yml",
        "version: 2.1\njobs:\n  t:\n    docker:\n      - image: cimg/python:3.9.18\n"
        "    steps:\n      - run: pytest\n",
        f"cimg/python:{PATCH}\n",
    ),
    (
        "azure-pipelines.yml",
        "steps:\n  - task: UsePythonVersion@0\n    inputs:\n      versionSpec: '3.9'\n"
        "  - script: pytest\n",
        "versionSpec: '3.12'\n",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_is_written_in_place(name: str, text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    config = replace(config_module.load(tmp_path, None)[0], today=TODAY, code=False)
    options = fix.Options(to=Minor(3, 12), floor=Minor(3, 12), today=TODAY)
    outcome = fix.compute(str(tmp_path), config, options)
    assert not outcome.cannot, outcome.cannot
    fix.write(str(tmp_path), outcome)
    assert expected in path.read_text()
    declarations = [d for d in run(str(tmp_path), config).declarations if d.file == name]
    assert declarations
    for declaration in declarations:
        minor = minor_at(declaration, TODAY)
        assert minor is None or minor >= Minor(3, 12), declaration
    assert fix.compute(str(tmp_path), config, options).changes == ()
