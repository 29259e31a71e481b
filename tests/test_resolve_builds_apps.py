"""resolve_builds on application layouts: a Dockerfile whose ARG only compose supplies."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Declaration, Role
from pyparity.resolve_builds import resolve
from pyparity.sources import compose, dockerfile

DEV_DOCKERFILE = "ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}-bookworm\n"


def resolved(compose_text: str, dockerfile_text: str) -> list[Declaration]:
    path = "docker/Dockerfile.dev"
    declarations = [
        *compose.read(text_file("docker-compose.yml", compose_text)),
        *dockerfile.read(text_file(path, dockerfile_text)),
    ]
    return resolve(declarations, lambda name: text_file(name, dockerfile_text))


def build(args: str) -> str:
    return (
        "services:\n  app:\n    build:\n      context: .\n"
        f"      dockerfile: docker/Dockerfile.dev\n      args:\n{args}"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            "        - PYTHON_VERSION=${PYTHON_VERSION:-3.12}\n",
            [("docker-compose.yml", Role.PIN)],
            id="compose-default",
        ),
        pytest.param(
            '        PYTHON_VERSION: "3.12"\n', [("docker-compose.yml", Role.PIN)], id="value"
        ),
        pytest.param(
            "        - PYTHON_VERSION\n",
            [("docker-compose.yml", Role.UNRESOLVED)],
            id="from-the-environment-said-once",
        ),
        pytest.param(
            '        OTHER: "1"\n',
            [("docker/Dockerfile.dev", Role.UNRESOLVED)],
            id="arg-not-passed",
        ),
    ],
)
def test_an_arg_without_default_that_compose_passes_is_not_unresolved(
    args: str, expected: list[tuple[str, Role]]
) -> None:
    """`ARG PYTHON_VERSION` with no default is how a Dockerfile asks to be built with args;
    when the repository's compose file passes it, the Dockerfile's own notice is noise."""
    assert [(d.file, d.role) for d in resolved(build(args), DEV_DOCKERFILE)] == expected


# modelled on a test compose file: one base service that builds the test image, and services
# that extend it, each overriding the Python build arg (and others)
EXTENDED = """\
services:
  test-base:
    build:
      context: .
      dockerfile: docker/Dockerfile.dev
      args:
        PYTHON_VERSION: "3.11"
        EXTRAS: all
    privileged: true

  test-py311:
    extends: test-base

  test-py312:
    extends:
      service: test-base
    build:
      args:
        PYTHON_VERSION: "3.12"

  test-py313-minimal:
    extends: test-py312
    build:
      args:
        PYTHON_VERSION: "3.13"
        EXTRAS: none

  from-another-file:
    extends:
      file: common.yml
      service: base
"""


def test_services_that_extend_another_take_its_build_and_override_its_args() -> None:
    found = resolved(EXTENDED, DEV_DOCKERFILE)
    pins = sorted({(d.span.line, d.raw) for d in found if d.role is Role.PIN})
    assert pins == [
        (7, "python:3.11-bookworm"),
        (19, "python:3.12-bookworm"),
        (25, "python:3.13-bookworm"),
    ]
    contexts = {d.context.split(",")[0] for d in found if d.span.line == 7}
    assert contexts == {"service test-base", "service test-py311"}
