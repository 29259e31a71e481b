"""resolve_builds: compose build args that override a Dockerfile's global ARGs."""

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.records import replace
from pyparity.resolve_builds import resolve
from pyparity.sources import compose, devcontainer, dockerfile

API_DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim AS builder
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt

FROM python:${PYTHON_VERSION}-slim
COPY --from=builder /opt/venv /opt/venv
"""

COMPOSE = """\
services:
  api:
    build:
      context: services/api
      args:
        PYTHON_VERSION: "3.12"
"""


def resolved(compose_text, files, path="docker-compose.yml"):
    declarations = compose.read(text_file(path, compose_text))

    def read_text(name):
        return text_file(name, files[name]) if name in files else None

    return resolve(declarations, read_text)


def summary(declaration):
    span = declaration.span
    version = declaration.requirement.version if declaration.requirement else None
    return (
        declaration.file,
        declaration.role,
        version,
        (span.line, span.column, span.end_column),
        declaration.purpose,
        declaration.context,
    )


def test_override_becomes_a_runtime_pin_at_the_compose_value():
    [declaration] = resolved(COMPOSE, {"services/api/Dockerfile": API_DOCKERFILE})
    assert summary(declaration) == (
        "docker-compose.yml",
        Role.PIN,
        "3.12",
        (6, 26, 30),
        Purpose.RUNTIME,
        "service api, build arg PYTHON_VERSION for services/api/Dockerfile (final stage)",
    )
    assert declaration.raw == "python:3.12-slim"
    assert declaration.source == "compose"
    assert declaration.anchor == "services/api"


def test_the_dockerfile_default_still_declares_its_own_build():
    """`docker build` uses 3.11, `docker compose up` 3.12: both are real, both reported."""
    own = dockerfile.read(text_file("services/api/Dockerfile", API_DOCKERFILE))
    [override] = resolved(COMPOSE, {"services/api/Dockerfile": API_DOCKERFILE})
    assert {d.requirement.version for d in own} == {"3.11"}
    assert override.requirement.version == "3.12"


DEV_CONTAINER_DOCKERFILE = """\
# [Choice] Python version: 3, 3.10, 3.9, 3.8, 3-bullseye, 3.10-bullseye, 3.9-bullseye
ARG VARIANT="3.9-bullseye"
FROM mcr.microsoft.com/vscode/devcontainers/python:0-${VARIANT}
ENV PYTHONFAULTHANDLER=1
"""

DEV_CONTAINER_JSON = """\
// For format details, see https://aka.ms/devcontainer.json.
{
\t"name": "Python 3",
\t"build": {
\t\t"dockerfile": "Dockerfile",
\t\t"context": "..",
\t\t"args": {
\t\t\t// Update 'VARIANT' to pick a Python version: 3, 3.10, 3.9, 3.8
\t\t\t"VARIANT": "3.8"
\t\t}
\t}
}
"""


@pytest.mark.parametrize(
    ("folder", "default_kept"),
    [
        pytest.param(".devcontainer", False, id="dev-container-folder"),
        pytest.param("docker", True, id="a-folder-others-may-build-from"),
    ],
)
def test_a_dev_containers_dockerfile_default_its_json_overrides_declares_nothing(
    folder, default_kept
):
    """questionary's dev container: `ARG VARIANT="3.9-bullseye"` in `.devcontainer/Dockerfile`,
    `"VARIANT": "3.8"` in `devcontainer.json`. Only the dev container builds its Dockerfile:
    the 3.8 override is its Python, the 3.9 default never runs. A Dockerfile elsewhere may be
    built by `docker build` with its default."""
    path = f"{folder}/Dockerfile"
    json_text = DEV_CONTAINER_JSON.replace(
        '"dockerfile": "Dockerfile"', f'"dockerfile": "../{path}"'
    )
    declarations = [
        *devcontainer.read(text_file(".devcontainer/devcontainer.json", json_text)),
        *dockerfile.read(text_file(path, DEV_CONTAINER_DOCKERFILE)),
    ]
    files = {path: DEV_CONTAINER_DOCKERFILE}

    def read_text(name):
        return text_file(name, files[name]) if name in files else None

    found = {(d.file, d.requirement.version) for d in resolve(declarations, read_text)}
    default = {(path, "3.9")} if default_kept else set()
    assert found == {(".devcontainer/devcontainer.json", "3.8"), *default}


@pytest.mark.parametrize(
    ("compose_text", "files", "expected"),
    [
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_ENV: production\n",
            {"Dockerfile": API_DOCKERFILE},
            [],
            id="arg-not-in-from-disappears",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        PYTHON_VERSION: '3.13'\n",
            {"Dockerfile": "FROM python:3.12\nARG PYTHON_VERSION=3.11\n"},
            [],
            id="stage-arg-is-not-a-global-arg",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        - PY=${PY:-3.10}\n",
            {"Dockerfile": "ARG PY\nFROM python:${PY}-alpine\n"},
            [
                (
                    "docker-compose.yml",
                    Role.PIN,
                    "3.10",
                    (6, 20, 24),
                    Purpose.RUNTIME,
                    "service api, build arg PY for Dockerfile (final stage), default of ${PY}",
                )
            ],
            id="list-arg-with-default-fills-an-empty-arg",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        - PYTHON_VERSION\n",
            {"Dockerfile": API_DOCKERFILE},
            [
                (
                    "docker-compose.yml",
                    Role.UNRESOLVED,
                    None,
                    (6, 11, 25),
                    Purpose.RUNTIME,
                    "service api, build arg PYTHON_VERSION for Dockerfile",
                )
            ],
            id="environment-arg-is-unresolved",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: app\n      args:\n        A: '1'\n",
            {},
            [
                (
                    "docker-compose.yml",
                    Role.UNRESOLVED,
                    None,
                    (4, 16, 19),
                    None,
                    "service api",
                )
            ],
            id="missing-dockerfile",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        BASE: python:3.13-slim\n",
            {"Dockerfile": "ARG BASE=python:3.11-slim\nFROM ${BASE}\n"},
            [
                (
                    "docker-compose.yml",
                    Role.PIN,
                    "3.13",
                    (6, 22, 26),
                    Purpose.RUNTIME,
                    "service api, build arg BASE for Dockerfile (final stage)",
                )
            ],
            id="whole-image-arg-narrowed-to-version",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        PY: '3.12'\n",
            {
                "Dockerfile": "ARG PY=3.11\nFROM python:${PY} AS build\nRUN pip wheel -w /wheels .\nFROM gcr.io/distroless/base\n"
            },
            [
                (
                    "docker-compose.yml",
                    Role.PIN,
                    "3.12",
                    (6, 14, 18),
                    Purpose.BUILD,
                    "service api, build arg PY for Dockerfile (stage build)",
                )
            ],
            id="builder-stage-keeps-build-purpose",
        ),
        pytest.param(
            "services:\n  api:\n    build:\n      context: .\n      args:\n        PY: '3.12'\n",
            {"Dockerfile": "\ufeffARG PY=3.11\r\nFROM \\\r\n  python:${PY}\r\n"},
            [
                (
                    "docker-compose.yml",
                    Role.PIN,
                    "3.12",
                    (6, 14, 18),
                    Purpose.RUNTIME,
                    "service api, build arg PY for Dockerfile (final stage)",
                )
            ],
            id="crlf-bom-continuation-dockerfile",
        ),
    ],
)
def test_links(compose_text, files, expected):
    assert [summary(d) for d in resolved(compose_text, files)] == expected


def test_unquoted_float_arg_keeps_yaml_loaded_as():
    compose_text = (
        "services:\n  api:\n    build:\n      context: .\n      args:\n        PY: 3.10\n"
    )
    [declaration] = resolved(compose_text, {"Dockerfile": "ARG PY=3.11\nFROM python:${PY}\n"})
    assert (declaration.raw, declaration.yaml_loaded_as) == ("python:3.10", "3.1")


def test_two_services_share_one_dockerfile():
    compose_text = """\
services:
  web:
    build: {context: ., args: {PYTHON_VERSION: "3.12"}}
  worker:
    build: {context: ., args: {PYTHON_VERSION: "3.13"}}
"""
    found = resolved(compose_text, {"Dockerfile": API_DOCKERFILE})
    assert [(d.requirement.version, d.context.split(",")[0]) for d in found] == [
        ("3.12", "service web"),
        ("3.13", "service worker"),
    ]


def test_other_declarations_pass_through_and_garbage_links_stay():
    other = dockerfile.read(text_file("Dockerfile", "FROM python:3.12\n"))
    [link] = compose.read(text_file("docker-compose.yml", COMPOSE))
    broken = replace(link, note="build:{not json")
    assert resolve([*other, broken], lambda name: None) == [*other, broken]


def test_the_dockerfile_kind_named_here_is_the_readers() -> None:
    from pyparity import resolve_builds
    from pyparity.sources import dockerfile

    assert resolve_builds._DOCKERFILE_KIND == dockerfile.KIND
    assert resolve_builds._DEV_CONTAINER_KIND == devcontainer.KIND


LINK_CHECKER = """\
ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim
RUN pip install --no-cache-dir linkchecker==10.5.0
ENTRYPOINT ["linkchecker"]
"""


def test_an_override_of_a_tool_image_still_says_what_the_image_installs():
    """The compose line is judged as the Dockerfile's own line would be: `tool_images.settle`
    makes both tooling (an image that copies nothing and installs only linkchecker)."""
    [declaration] = resolved(COMPOSE, {"services/api/Dockerfile": LINK_CHECKER})
    assert declaration.file == "docker-compose.yml"
    assert declaration.requirement.version == "3.12"
    assert declaration.context == (
        "service api, build arg PYTHON_VERSION for services/api/Dockerfile (final stage), "
        "copies nothing of the repository and pip-installs only: linkchecker"
    )
    from pyparity.tool_images import settle

    [settled] = settle([declaration], ["docker-compose.yml", "services/api/Dockerfile"])
    assert settled.purpose is Purpose.TOOLING
