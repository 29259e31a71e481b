"""Dev containers whose environment hatch or uv makes on a Python of the repository's
(`dev_environments.py`), checked end to end with the rest of a repository."""

from __future__ import annotations

import pytest
from helpers import scan_tree

# Modelled on a CLI's dev container: an Alpine image whose Python only runs hatch, and a
# default hatch environment on the project's floor.
_PYPROJECT = """\
[project]
name = "scanner"
version = "1"
requires-python = ">=3.9"

[tool.hatch.envs.default]
installer = "uv"
# This should always be set to the minimum supported Python version.
python = "3.9"
"""
_DOCKERFILE = """\
FROM python:3.8-alpine
RUN apk add --no-cache git zsh \\
    && pip install --no-cache-dir uv \\
    && uv pip install --system hatch
CMD ["zsh"]
"""
_DEVCONTAINER = """\
{
  // the workspace is mounted; hatch makes the environment
  "name": "Scanner development",
  "build": { "dockerfile": "Dockerfile", "context": "." },
  "postCreateCommand": "%s",
  "customizations": {"vscode": {"settings": {"python.defaultInterpreterPath": ".hatch/bin/python"}}},
}
"""


def _errors_and_warnings(tmp_path, tree):
    result = scan_tree(tmp_path, tree)
    return sorted(
        (f.rule, f.file, f.line) for f in result.findings if f.severity.value != "notice"
    ), result


def test_a_hatch_environment_on_the_repositorys_python_is_the_containers(tmp_path):
    tree = {
        "pyproject.toml": _PYPROJECT,
        "src/scanner/__init__.py": "",
        ".devcontainer/Dockerfile": _DOCKERFILE,
        ".devcontainer/devcontainer.json": _DEVCONTAINER
        % "hatch env create default && git config --global core.editor nano",
    }
    found, result = _errors_and_warnings(tmp_path, tree)
    assert found == []
    [image] = [d for d in result.declarations if d.file == ".devcontainer/Dockerfile"]
    assert image.purpose.value == "tooling"
    assert "its environment is hatch's on 3.9 (pyproject.toml:9)" in image.context


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # no lifecycle command makes the environment: the image's Python is the container's
        pytest.param(
            {".devcontainer/devcontainer.json": _DEVCONTAINER % "pip install -e ."},
            ("outside-range", ".devcontainer/Dockerfile", 1),
            id="pip-install",
        ),
        # hatch's default environment names no Python: hatch runs on the image's
        pytest.param(
            {"pyproject.toml": _PYPROJECT.replace('python = "3.9"\n', "")},
            ("outside-range", ".devcontainer/Dockerfile", 1),
            id="hatch-without-python",
        ),
    ],
)
def test_the_containers_own_python_is_compared_otherwise(tmp_path, changes, expected):
    tree = {
        "pyproject.toml": _PYPROJECT,
        "src/scanner/__init__.py": "",
        ".devcontainer/Dockerfile": _DOCKERFILE,
        ".devcontainer/devcontainer.json": _DEVCONTAINER % "hatch env create",
        **changes,
    }
    found, _ = _errors_and_warnings(tmp_path, tree)
    assert expected in found


def test_uv_on_the_pinned_python_and_an_application_image_left_alone(tmp_path):
    """uv sync makes the environment on `.python-version`'s Python: the dev container's image
    no longer disagrees with it; the application's image (not in `.devcontainer/`) still does."""
    tree = {
        "pyproject.toml": '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.11"\n',
        ".python-version": "3.11\n",
        "src/app/__init__.py": "",
        ".devcontainer/devcontainer.json": (
            '{"image": "mcr.microsoft.com/devcontainers/python:3.12-bookworm",\n'
            ' "postCreateCommand": ["bash", "-c", "uv sync --all-extras"]}\n'
        ),
        ".devcontainer/tools/devcontainer.json": (
            '{"build": {"dockerfile": "../../Dockerfile"}, "postStartCommand": {"deps": "uv sync"}}\n'
        ),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n",
    }
    found, result = _errors_and_warnings(tmp_path, tree)
    assert [f for f in found if f[1].startswith(".devcontainer")] == []
    [mismatch] = [f for f in result.findings if f.rule == "pin-mismatch"]
    assert "Dockerfile:1" in mismatch.message
    assert ".devcontainer" not in mismatch.message
    [image] = [d for d in result.declarations if d.file == ".devcontainer/devcontainer.json"]
    assert "uv's on 3.11 (.python-version:1)" in image.context


def test_a_broken_devcontainer_json_is_left_to_its_reader(tmp_path):
    tree = {
        "pyproject.toml": _PYPROJECT,
        ".devcontainer/Dockerfile": _DOCKERFILE,
        ".devcontainer/devcontainer.json": '{"postCreateCommand": "hatch shell", ',
    }
    found, _ = _errors_and_warnings(tmp_path, tree)
    assert ("parse-error", ".devcontainer/devcontainer.json", 1) in found
    assert ("outside-range", ".devcontainer/Dockerfile", 1) in found


_FEATURE_CONTAINER = """\
{
  "name": "Courses",
  "build": {"dockerfile": "Dockerfile", "context": ".."},
  // the feature installs its Python first on the PATH
  "features": {
    "ghcr.io/devcontainers/features/python:1": {"version": "%s"}
  },
  "postCreateCommand": "pip install -r requirements.txt"
}
"""


@pytest.mark.parametrize(
    ("base", "version", "expected"),
    [
        # penn-courses: Ubuntu 22.04's python3-dev (3.10) under the feature's 3.11
        pytest.param("ubuntu:22.04", "3.11", [], id="distribution-python3"),
        pytest.param("python:3.10-slim", "3.11", [], id="image-python"),
        # the feature's Python is still the container's: against the 3.13 image, a mismatch
        pytest.param(
            "ubuntu:22.04",
            "3.12",
            [("pin-mismatch", ".devcontainer/devcontainer.json", 6)],
            id="feature-still-compared",
        ),
    ],
)
def test_a_python_feature_shadows_the_python_of_the_containers_dockerfile(
    tmp_path, base, version, expected
):
    tree = {
        "pyproject.toml": '[project]\nname = "courses"\nversion = "1"\nrequires-python = ">=3.10"\n',
        ".devcontainer/devcontainer.json": _FEATURE_CONTAINER % version,
        ".devcontainer/Dockerfile": (
            f"FROM {base}\nRUN apt-get update && apt-get install -y python3-dev libpq-dev\n"
        ),
        "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install /app\n",
        "docker/Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install /app\n",
    }
    if version == "3.12":
        tree["Dockerfile"] = tree["docker/Dockerfile"] = tree["Dockerfile"].replace("3.11", "3.13")
    found, result = _errors_and_warnings(tmp_path, tree)
    assert found == expected
    [dockerfile] = [d for d in result.declarations if d.file == ".devcontainer/Dockerfile"]
    assert "comes first on its PATH" in dockerfile.context
