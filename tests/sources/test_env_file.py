"""Environment files: a variable naming a Python image."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.env_file import matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".env", True, id="dot-env"),
        pytest.param("config.env", True, id="config"),
        pytest.param("deploy/docker.env", True, id="nested"),
        pytest.param(".env.example", False, id="example"),
        pytest.param("environment.yml", False, id="conda"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_env_files() -> None:
    found = source_for("config.env")
    assert found is not None
    assert found.kind == "env-file"


ENV = """\
\ufeff# images
DOCKER_LINUX_IMAGE_VERSION=debian:11.4-slim
SECRET_KEY=python:3.9
export PYTHON_IMAGE = "python:3.12-slim"
BASE_IMAGE='python:3'
"""


def test_python_images_are_tooling_pins() -> None:
    found = read(text_file("config.env", ENV.replace("\n", "\r\n")))
    assert [(d.span.line, d.span.column, d.raw, d.role) for d in found] == [
        (4, 24, "python:3.12-slim", Role.PIN),
        (5, 13, "python:3", Role.FLOATING),
    ]
    assert {d.purpose for d in found} == {Purpose.TOOLING}
    assert "PYTHON_IMAGE names an image" in found[0].context


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("PYTHON_VERSION=3.12\n", id="not-an-image-variable"),
        pytest.param("IMAGE=\n", id="no-value"),
        pytest.param("IMAGE=python:${PY}\n", id="interpolated"),
        pytest.param("# IMAGE=python:3.12\n", id="comment"),
        pytest.param("IMAGE=python:3.12 extra\n", id="two-words"),
    ],
)
def test_nothing_declared(text: str) -> None:
    assert read(text_file(".env", text)) == []
