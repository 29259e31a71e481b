"""The devcontainer reader: image, the Python feature, build args."""

import json

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.resolve_builds import BUILD_LINK, resolve
from pyparity.sources.devcontainer import matches, read

PATH = ".devcontainer/devcontainer.json"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".devcontainer.json", True, id="root-dotfile"),
        pytest.param(".devcontainer/devcontainer.json", True, id="folder"),
        pytest.param(".devcontainer/api/devcontainer.json", True, id="named-config"),
        pytest.param("services/api/.devcontainer/devcontainer.json", True, id="nested-project"),
        pytest.param("devcontainer.json", False, id="bare-name"),
        pytest.param(".devcontainer/a/b/devcontainer.json", False, id="too-deep"),
        pytest.param(".devcontainer/Dockerfile", False, id="dockerfile"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    version = declaration.requirement.version if declaration.requirement else None
    return (
        declaration.raw,
        declaration.role,
        version,
        (span.line, span.column, span.end_column),
        declaration.purpose,
        declaration.context,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '{\n  // the image\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",\n}\n',
            [
                (
                    "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",
                    Role.PIN,
                    "3.12",
                    (3, 54, 58),
                    Purpose.RUNTIME,
                    "image",
                )
            ],
            id="devcontainers-image",
        ),
        pytest.param(
            '{"image": "python:3.11-slim"}',
            [("python:3.11-slim", Role.PIN, "3.11", (1, 19, 23), Purpose.RUNTIME, "image")],
            id="python-image",
        ),
        pytest.param(
            '{"image": "mcr.microsoft.com/devcontainers/base:ubuntu"}', [], id="base-image"
        ),
        pytest.param(
            """{
  "image": "mcr.microsoft.com/devcontainers/base:bookworm",
  "features": {
    "ghcr.io/devcontainers/features/python:1": {
      "version": "3.12",
      "installTools": true
    }
  }
}""",
            [
                (
                    "3.12",
                    Role.PIN,
                    "3.12",
                    (5, 19, 23),
                    Purpose.RUNTIME,
                    "feature ghcr.io/devcontainers/features/python:1",
                )
            ],
            id="python-feature",
        ),
        pytest.param(
            """{
  "image": "mcr.microsoft.com/devcontainers/python:3.11",
  "features": {"ghcr.io/devcontainers/features/python:1": {"version": "3.13"}}
}""",
            [
                (
                    "3.13",
                    Role.PIN,
                    "3.13",
                    (3, 72, 76),
                    Purpose.RUNTIME,
                    "feature ghcr.io/devcontainers/features/python:1",
                )
            ],
            id="feature-version-wins-over-image",
        ),
        pytest.param(
            """{
  "image": "mcr.microsoft.com/devcontainers/python:3.11",
  "features": {"ghcr.io/devcontainers/features/python:1": {"version": "os-provided"}}
}""",
            [
                (
                    "mcr.microsoft.com/devcontainers/python:3.11",
                    Role.PIN,
                    "3.11",
                    (2, 52, 56),
                    Purpose.RUNTIME,
                    "image",
                )
            ],
            id="os-provided-keeps-image",
        ),
        pytest.param(
            '{"features": {"ghcr.io/devcontainers/features/python:1": {}}}',
            [],
            id="feature-default-is-os-provided",
        ),
        pytest.param(
            '{"features": {"ghcr.io/devcontainers/features/python:1": {"version": "none"}}}',
            [],
            id="feature-none",
        ),
        pytest.param(
            '{"features": {"ghcr.io/devcontainers/features/python": {"version": "latest"}}}',
            [
                (
                    "latest",
                    Role.FLOATING,
                    None,
                    (1, 69, 75),
                    Purpose.RUNTIME,
                    "feature ghcr.io/devcontainers/features/python",
                )
            ],
            id="feature-latest-floats",
        ),
        pytest.param(
            '{"features": {"ghcr.io/devcontainers/features/python:1.6.2@sha256:abc": {"version": " 3.10.14 "}}}',
            [
                (
                    "3.10.14",
                    Role.PIN,
                    "3.10.14",
                    (1, 87, 94),
                    Purpose.RUNTIME,
                    "feature ghcr.io/devcontainers/features/python:1.6.2@sha256:abc",
                )
            ],
            id="feature-pinned-by-digest",
        ),
        pytest.param(
            '{"features": {"python": "3.9"}}',
            [("3.9", Role.PIN, "3.9", (1, 26, 29), Purpose.RUNTIME, "feature python")],
            id="legacy-short-feature",
        ),
        pytest.param(
            '{"features": {"ghcr.io/devcontainers/features/node:1": {"version": "20"}}}',
            [],
            id="other-feature",
        ),
        pytest.param(
            '{"image": "python:${localEnv:PY}"}',
            [
                (
                    "python:${localEnv:PY}",
                    Role.UNRESOLVED,
                    None,
                    (1, 12, 33),
                    Purpose.RUNTIME,
                    "image",
                )
            ],
            id="variable-image",
        ),
        pytest.param("", [], id="empty"),
        pytest.param("// just a comment\n", [], id="comment-only"),
        pytest.param("{}", [], id="empty-object"),
    ],
)
def test_declarations(text, expected):
    assert [summary(d) for d in read(text_file(PATH, text))] == expected


def test_number_version_is_reported_as_loaded():
    text = '{"features": {"ghcr.io/devcontainers/features/python:1": {"version": 3.10}}}'
    [declaration] = read(text_file(PATH, text))
    assert (declaration.raw, declaration.yaml_loaded_as) == ("3.10", "3.1")


def test_crlf_and_bom():
    text = '\ufeff{\r\n\t"image": "python:3.12"\r\n}\r\n'
    [declaration] = read(text_file(".devcontainer.json", text))
    assert summary(declaration)[3] == (2, 19, 23)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[1, 2]", id="array-root"),
        pytest.param('{"image": }', id="missing-value"),
        pytest.param("\x00garbage", id="garbage"),
    ],
)
def test_unreadable(text):
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, text))


DEVCONTAINER_BUILD = """\
{
  "name": "app",
  "build": {
    "dockerfile": "Dockerfile",
    "context": "..",
    "args": {
      "PYTHON_VERSION": "3.12", // matches CI
      "NODE_VERSION": "none",
      "USER_UID": "${localEnv:UID}"
    }
  }
}
"""

DOCKERFILE = """\
ARG PYTHON_VERSION=3.11
FROM mcr.microsoft.com/devcontainers/python:1-${PYTHON_VERSION}-bookworm
"""


def test_build_args_leave_a_link():
    [link] = read(text_file(PATH, DEVCONTAINER_BUILD))
    assert link.role is Role.UNRESOLVED
    assert link.note.startswith(BUILD_LINK)
    payload = json.loads(link.note.removeprefix(BUILD_LINK))
    assert (payload["dockerfile"], payload["anchor"]) == (".devcontainer/Dockerfile", ".")
    assert [(a["name"], a["value"], a["span"]) for a in payload["args"]] == [
        ("PYTHON_VERSION", "3.12", [7, 26, 7, 30]),
        ("NODE_VERSION", "none", [8, 24, 8, 28]),
        ("USER_UID", None, [9, 20, 9, 35]),
    ]


def test_build_args_resolved_against_the_dockerfile():
    declarations = read(text_file(PATH, DEVCONTAINER_BUILD))
    files = {".devcontainer/Dockerfile": DOCKERFILE}
    [pinned] = resolve(declarations, lambda p: text_file(p, files[p]) if p in files else None)
    assert summary(pinned) == (
        "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",
        Role.PIN,
        "3.12",
        (7, 26, 30),
        Purpose.RUNTIME,
        "build, build arg PYTHON_VERSION for .devcontainer/Dockerfile (final stage)",
    )
    assert pinned.file == PATH


def test_legacy_dockerfile_key_and_no_args():
    assert read(text_file(PATH, '{"dockerFile": "Dockerfile"}')) == []
    assert (
        read(text_file(PATH, '{"build": {"dockerfile": "../../x/Dockerfile", "args": {"A": "1"}}}'))
        == []
    )


@pytest.mark.parametrize(
    ("settings", "anchor"),
    [
        pytest.param(
            {
                "workspaceFolder": "/workspaces/course/wordcount",
                "workspaceMount": "source=${localWorkspaceFolder},target=/workspaces/course,type=bind",
            },
            "wordcount",
            id="below-the-mount",
        ),
        pytest.param(
            {"workspaceFolder": "/workspaces/course/exercises/wordcount/"},
            "exercises/wordcount",
            id="below-the-default-mount",
        ),
        pytest.param({"workspaceFolder": "/workspaces/course"}, None, id="the-root"),
        pytest.param(
            {"workspaceFolder": "/workspaces/${localWorkspaceFolderBasename}"}, None, id="variable"
        ),
        pytest.param(
            {
                "workspaceFolder": "/app/src",
                "workspaceMount": "type=bind,source=${localWorkspaceFolder},target=/code",
            },
            None,
            id="outside-the-mount",
        ),
        pytest.param({"workspaceFolder": "/workspaces/course/../etc"}, None, id="climbing-out"),
    ],
)
def test_the_folder_the_container_opens_anchors_its_python(settings, anchor):
    # modelled on a course repository whose dev container opens one exercise's project
    document = {"name": "wordcount", "image": "mcr.microsoft.com/devcontainers/python:3.13"}
    document.update(settings)
    text = json.dumps(document, indent=2)
    [declaration] = read(text_file(".devcontainer/wordcount/devcontainer.json", text))
    assert (declaration.raw, declaration.anchor) == (document["image"], anchor)


def test_a_subprojects_dev_container_opens_a_folder_below_that_subproject():
    text = json.dumps(
        {"image": "python:3.12-slim", "workspaceFolder": "/workspaces/api/app"}, indent=2
    )
    [declaration] = read(text_file("services/api/.devcontainer/devcontainer.json", text))
    assert declaration.anchor == "services/api/app"
    [declaration] = read(text_file("services/api/.devcontainer.json", text))
    assert declaration.anchor == "services/api/app"
