"""The compose reader: service images, interpolation defaults and build links."""

import json

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.resolve_builds import BUILD_LINK
from pyparity.sources.compose import interpolate, matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("docker-compose.yml", True, id="classic"),
        pytest.param("docker-compose.yaml", True, id="classic-yaml"),
        pytest.param("deploy/docker-compose.prod.yml", True, id="nested-variant"),
        pytest.param("compose.yaml", True, id="compose-yaml"),
        pytest.param("compose.yml", True, id="compose-yml"),
        pytest.param("ops/compose.override.yaml", True, id="compose-variant"),
        pytest.param("Docker-Compose.YML", True, id="case-insensitive"),
        pytest.param("docker-compose.yml.j2", False, id="template"),
        pytest.param("mycompose.yaml", False, id="prefix"),
        pytest.param("compose/app.yaml", False, id="folder-name"),
        pytest.param("docker-compose.json", False, id="json"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    return (
        declaration.raw,
        declaration.role,
        (span.line, span.column, span.end_line, span.end_column),
        declaration.purpose,
        declaration.context,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "services:\n  web:\n    image: python:3.12-slim-bookworm\n",
            [
                (
                    "python:3.12-slim-bookworm",
                    Role.PIN,
                    (3, 19, 3, 23),
                    Purpose.RUNTIME,
                    "service web",
                )
            ],
            id="plain-image",
        ),
        pytest.param(
            "services:\n  web:\n    image: 'python:3.11.9'   # pinned\n",
            [("python:3.11.9", Role.PIN, (3, 20, 3, 26), Purpose.RUNTIME, "service web")],
            id="quoted-with-comment",
        ),
        pytest.param(
            'services:\n  web:\n    image: "python:${PYTHON_VERSION:-3.12}-alpine"\n',
            [
                (
                    "python:3.12-alpine",
                    Role.PIN,
                    (3, 38, 3, 42),
                    Purpose.RUNTIME,
                    "service web, default of ${PYTHON_VERSION}",
                )
            ],
            id="interpolated-default",
        ),
        pytest.param(
            "services:\n  web:\n    image: python:${PY-3.10}\n",
            [
                (
                    "python:3.10",
                    Role.PIN,
                    (3, 24, 3, 28),
                    Purpose.RUNTIME,
                    "service web, default of ${PY}",
                )
            ],
            id="dash-default",
        ),
        pytest.param(
            "services:\n  web:\n    image: python:${PY}\n",
            [("python:${PY}", Role.UNRESOLVED, (3, 12, 3, 24), Purpose.RUNTIME, "service web")],
            id="no-default",
        ),
        pytest.param(
            "services:\n  web:\n    image: python\n",
            [("python", Role.FLOATING, (3, 12, 3, 18), Purpose.RUNTIME, "service web")],
            id="untagged-floats",
        ),
        pytest.param(
            "services:\n  db:\n    image: postgres:16\n  app:\n    image: ${REGISTRY}/app:${TAG}\n"
            "  web:\n    image: node:${NODE_VERSION}\n",
            [],
            id="not-python",
        ),
        pytest.param(
            "version: '2'\nservices:\n  lambda:\n    image: public.ecr.aws/lambda/python:3.12-arm64\n",
            [
                (
                    "public.ecr.aws/lambda/python:3.12-arm64",
                    Role.PIN,
                    (4, 41, 4, 45),
                    Purpose.RUNTIME,
                    "service lambda",
                )
            ],
            id="lambda-image",
        ),
        pytest.param(
            "web:\n  image: python:3.9\n  ports: ['8000:8000']\n",
            [("python:3.9", Role.PIN, (2, 17, 2, 20), Purpose.RUNTIME, "service web")],
            id="version-1-file",
        ),
        pytest.param(
            "x-base: &base\n  image: python:3.12\n  restart: always\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n    image: python:3.13\n",
            [
                ("python:3.12", Role.PIN, (2, 17, 2, 21), Purpose.RUNTIME, "service a"),
                ("python:3.13", Role.PIN, (9, 19, 9, 23), Purpose.RUNTIME, "service b"),
            ],
            id="anchors-and-merge",
        ),
        pytest.param(
            "services:\n  api:\n    build: .\n    image: python:3.12\n",
            [],
            id="built-image-names-the-result",
        ),
        pytest.param("", [], id="empty"),
        pytest.param("# only a comment\n", [], id="comment-only"),
        pytest.param("services:\n", [], id="no-services"),
        pytest.param("services:\n  web: nginx\n", [], id="service-not-mapping"),
    ],
)
def test_images(text, expected):
    assert [summary(d) for d in read(text_file("docker-compose.yml", text))] == expected


def test_crlf_bom_and_tabs_in_comments():
    text = "\ufeffservices:\r\n  web:\t# the app\r\n    image: python:3.11-slim\r\n"
    [declaration] = read(text_file("compose.yaml", text))
    assert summary(declaration)[2] == (3, 19, 3, 23)


def test_nested_compose_keeps_its_path():
    [declaration] = read(
        text_file("deploy/compose.yml", "services:\n  w:\n    image: python:3.12\n")
    )
    assert declaration.file == "deploy/compose.yml"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("services: [\n", id="unclosed-flow"),
        pytest.param("- just\n- a list\n", id="list-root"),
        pytest.param("\tservices:\n", id="tab-indent"),
        pytest.param("a: 1\n---\nb: 2\n", id="two-documents"),
    ],
)
def test_garbage_is_unreadable(text):
    with pytest.raises(UnreadableFile):
        read(text_file("docker-compose.yml", text))


def link_payload(declaration):
    assert declaration.role is Role.UNRESOLVED
    assert declaration.note.startswith(BUILD_LINK)
    return json.loads(declaration.note.removeprefix(BUILD_LINK))


def test_build_mapping_with_args_leaves_a_link():
    text = """\
services:
  api:
    build:
      context: ./services/api
      dockerfile: docker/Dockerfile.prod
      args:
        PYTHON_VERSION: "${PYTHON_VERSION:-3.12}"
        DEBUG: 0
"""
    [declaration] = read(text_file("docker-compose.yml", text))
    assert (declaration.raw, declaration.context) == (
        "services/api/docker/Dockerfile.prod",
        "service api",
    )
    assert (declaration.span.line, declaration.span.column) == (5, 19)
    payload = link_payload(declaration)
    assert payload["anchor"] == "services/api"
    assert payload["args"][0] == {
        "name": "PYTHON_VERSION",
        "value": "3.12",
        "written": "${PYTHON_VERSION:-3.12}",
        "span": [7, 44, 7, 48],
        "loaded_as": None,
        "default_of": "PYTHON_VERSION",
    }
    assert payload["args"][1]["value"] == "0"


def test_build_list_args_and_environment_args():
    text = """\
services:
  worker:
    build:
      context: worker
      args:
        - PYTHON_VERSION=3.11
        - PIP_INDEX_URL
"""
    [declaration] = read(text_file("infra/compose.yaml", text))
    payload = link_payload(declaration)
    assert payload["dockerfile"] == "infra/worker/Dockerfile"
    assert [(a["name"], a["value"], a["span"]) for a in payload["args"]] == [
        ("PYTHON_VERSION", "3.11", [6, 26, 6, 30]),
        ("PIP_INDEX_URL", None, [7, 11, 7, 24]),
    ]


def test_unquoted_float_arg_is_reported_as_loaded():
    text = "services:\n  api:\n    build:\n      context: .\n      args:\n        PYTHON_VERSION: 3.10\n"
    [declaration] = read(text_file("docker-compose.yml", text))
    [arg] = link_payload(declaration)["args"]
    assert (arg["value"], arg["loaded_as"], arg["span"]) == ("3.10", "3.1", [6, 25, 6, 29])


def test_null_arg_comes_from_environment():
    text = "services:\n  api:\n    build:\n      context: .\n      args:\n        PYTHON_VERSION:\n"
    [declaration] = read(text_file("docker-compose.yml", text))
    [arg] = link_payload(declaration)["args"]
    assert (arg["value"], arg["span"]) == (None, [6, 9, 6, 23])


@pytest.mark.parametrize(
    "build",
    [
        pytest.param("build: .", id="string-context-no-args"),
        pytest.param("build:\n      context: .", id="mapping-no-args"),
        pytest.param(
            "build:\n      context: https://github.com/org/repo.git#main\n      args: {A: '1'}",
            id="remote-context",
        ),
        pytest.param(
            "build:\n      dockerfile_inline: |\n        FROM python:3.12\n      args: {A: '1'}",
            id="inline-dockerfile",
        ),
        pytest.param("build:\n      context: ../outside\n      args: {A: '1'}", id="outside-root"),
        pytest.param("build:\n      context: ${CTX}\n      args: {A: '1'}", id="variable-context"),
    ],
)
def test_builds_without_a_link(build):
    assert read(text_file("docker-compose.yml", f"services:\n  api:\n    {build}\n")) == []


@pytest.mark.parametrize(
    ("written", "text", "offsets_of_3"),
    [
        pytest.param("python:3.12", "python:3.12", 7, id="literal"),
        pytest.param("${A:-3.12}", "3.12", 5, id="default"),
        pytest.param("${A:-${B:-3.12}}", "3.12", 10, id="nested-default"),
        pytest.param("$$HOME:3.12", "$HOME:3.12", 7, id="escaped-dollar"),
    ],
)
def test_interpolate_keeps_offsets(written, text, offsets_of_3):
    value = interpolate(written)
    assert value.text == text
    assert not value.missing
    assert value.offsets[text.index("3")] == offsets_of_3


@pytest.mark.parametrize(
    ("written", "missing"),
    [
        pytest.param("$PY", ("PY",), id="bare"),
        pytest.param("${PY}", ("PY",), id="braced"),
        pytest.param("${PY:?set PY}", ("PY",), id="required"),
        pytest.param("${PY:+3.12}", ("PY",), id="alternative"),
        pytest.param("${PY", ("bad interpolation",), id="unclosed"),
        pytest.param("${}", ("bad interpolation",), id="empty-name"),
        pytest.param("${" * 40 + "A" + "}" * 40, ("bad interpolation",), id="deep"),
    ],
)
def test_interpolate_missing(written, missing):
    assert interpolate(written).missing == missing
