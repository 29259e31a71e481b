"""The dockerfile source: one declaration per FROM that carries a Python."""

from __future__ import annotations

import pytest

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role, Span
from pyparity.sources.dockerfile import matches, read
from pyparity.textfile import TextFile


def declarations(
    text: str, build_args: dict[str, str] | None = None, *, path: str = "Dockerfile"
) -> list[Declaration]:
    return read(TextFile.from_bytes(path, text.encode()), build_args)


def version(declaration: Declaration) -> str | None:
    return declaration.requirement.version if declaration.requirement else None


def span(line: int, column: int, end_column: int) -> Span:
    return Span(line=line, column=column, end_line=line, end_column=end_column)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("Dockerfile", True, id="dockerfile"),
        pytest.param("services/api/Dockerfile", True, id="nested"),
        pytest.param("dockerfile", True, id="lowercase"),
        pytest.param("Containerfile", True, id="containerfile"),
        pytest.param("docker/Dockerfile.prod", True, id="dot-suffix"),
        pytest.param("build/api.Dockerfile", True, id="dockerfile-suffix"),
        pytest.param("worker.dockerfile", True, id="lower-suffix"),
        pytest.param("Dockerfile-base", True, id="dash-suffix"),
        pytest.param("docker/Dockerfile_dev", True, id="underscore-suffix"),
        pytest.param("dist/dockerfile-knG0.js", False, id="dash-with-extension"),
        pytest.param("Dockerfile-linux.template", False, id="dash-template"),
        pytest.param("Dockerfile.dockerignore", False, id="dockerignore"),
        pytest.param(".dockerignore", False, id="plain-dockerignore"),
        pytest.param("docker-compose.yml", False, id="compose"),
        pytest.param("Dockerfiles/README.md", False, id="folder-name"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_single_stage_is_the_runtime_pin() -> None:
    (declaration,) = declarations('FROM python:3.12-slim-bookworm\nCMD ["python"]\n')
    assert declaration.role is Role.PIN
    assert declaration.purpose is Purpose.RUNTIME
    assert declaration.context == "final stage"
    assert version(declaration) == "3.12"
    assert declaration.span == span(1, 13, 17)
    assert declaration.source == "dockerfile"


MULTI_STAGE = """\
# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim AS builder
ARG PYTHON_VERSION=3.9
WORKDIR /app
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt

FROM node:20-alpine AS assets
RUN npm ci && npm run build

FROM python:${PYTHON_VERSION}-slim AS runtime
COPY --from=builder /opt/venv /opt/venv
COPY --from=assets /app/static /app/static
"""


def test_multi_stage_with_global_arg() -> None:
    builder, runtime = declarations(MULTI_STAGE)
    assert (builder.context, builder.purpose, builder.ships) == (
        "stage builder, ARG PYTHON_VERSION",
        Purpose.BUILD,
        True,
    )
    assert (runtime.context, runtime.purpose) == (
        "final stage runtime, ARG PYTHON_VERSION",
        Purpose.RUNTIME,
    )
    # The version text is written in the global ARG, not in the stage ARG 3.9.
    assert builder.span == runtime.span == span(2, 20, 24)
    assert version(runtime) == "3.12"


def test_build_args_override_the_global_arg() -> None:
    _, runtime = declarations(MULTI_STAGE, {"PYTHON_VERSION": "3.11"})
    assert version(runtime) == "3.11"
    assert runtime.context == "final stage runtime, ARG PYTHON_VERSION (build arg)"
    assert runtime.span == Span(line=12, column=6, end_line=12, end_column=35)


def test_build_arg_for_arg_without_default() -> None:
    (declaration,) = declarations("ARG PY\nFROM python:${PY}\n", {"PY": "3.13"})
    assert declaration.role is Role.PIN
    assert version(declaration) == "3.13"


def test_default_in_from_line() -> None:
    (declaration,) = declarations("ARG PY\nFROM python:${PY:-3.10}-slim\n")
    assert version(declaration) == "3.10"
    assert declaration.span == span(2, 19, 23)
    assert declaration.context == "final stage, ARG PY"


def test_unresolved_arg() -> None:
    (declaration,) = declarations("ARG PYTHON_VERSION\nFROM python:${PYTHON_VERSION}\n")
    assert declaration.role is Role.UNRESOLVED
    assert declaration.raw == "python:${PYTHON_VERSION}"
    assert declaration.note == "no value for ARG PYTHON_VERSION"
    assert declaration.span == span(2, 6, 30)
    assert declaration.purpose is Purpose.RUNTIME


def test_unresolved_image_of_another_language_is_skipped() -> None:
    assert declarations("ARG NODE_VERSION\nFROM node:${NODE_VERSION}\n") == []


def test_heredoc_body_is_not_a_declaration() -> None:
    text = (
        "FROM python:3.12-slim\n"
        "RUN <<EOF\n"
        "FROM python:2.7\n"
        "EOF\n"
        "COPY <<-EOT /etc/motd\n"
        "\tFROM python:2.6\n"
        "\tEOT\n"
    )
    assert [version(d) for d in declarations(text)] == ["3.12"]


def test_unterminated_heredoc_consumes_the_rest() -> None:
    text = "FROM python:3.11\nRUN python - <<'PY'\nprint('hi')\nFROM python:2.7\n"
    assert [version(d) for d in declarations(text)] == ["3.11"]


def test_tag_on_a_continuation_line() -> None:
    text = "FROM --platform=$BUILDPLATFORM \\\n    python:3.12-slim AS build\n"
    (declaration,) = declarations(text)
    assert declaration.span == span(2, 12, 16)


def test_comments_inside_continuation() -> None:
    text = "FROM \\\n  # the base image\n\n  python:3.10 \\\n  AS base\n"
    (declaration,) = declarations(text)
    assert declaration.span == span(4, 10, 14)
    assert declaration.context == "final stage base"


def test_crlf_and_bom() -> None:
    data = b"\xef\xbb\xbfARG V=3.11\r\nFROM python:${V}-slim\r\n"
    (declaration,) = read(TextFile.from_bytes("Dockerfile", data))
    assert declaration.span == span(1, 7, 11)


def test_tabs() -> None:
    (declaration,) = declarations("\tFROM\t\tpython:3.9\tAS\tapp\n")
    assert declaration.span == span(1, 15, 18)


def test_escape_directive() -> None:
    text = "# escape=`\nFROM `\n    mcr.microsoft.com/windows/servercore AS win\nFROM python:3.12\n"
    (declaration,) = declarations(text)
    assert declaration.span == span(4, 13, 17)


def test_digest() -> None:
    text = "FROM python:3.11-slim@sha256:" + "f" * 64 + "\n"
    (declaration,) = declarations(text)
    assert version(declaration) == "3.11"
    assert declaration.span == span(1, 13, 17)


def test_lowercase_instructions() -> None:
    (declaration,) = declarations("from python:3.13 as app\n")
    assert declaration.context == "final stage app"


def test_floating_tag() -> None:
    (declaration,) = declarations("FROM python:slim\n")
    assert declaration.role is Role.FLOATING
    assert declaration.raw == "python:slim"


def test_pypy_implementation() -> None:
    (declaration,) = declarations("FROM pypy:3.10-slim\n")
    assert declaration.implementation == "pypy"
    assert declaration.role is Role.PIN


def test_distroless_is_low_confidence() -> None:
    (declaration,) = declarations("FROM gcr.io/distroless/python3-debian12:nonroot\n")
    assert declaration.requirement is not None
    assert declaration.requirement.specifier == "==3.11.*"
    assert "low confidence" in declaration.note


def test_from_earlier_stage_declares_nothing_and_base_is_runtime() -> None:
    text = (
        "FROM python:3.12-slim AS base\n"
        "RUN pip install --no-cache-dir poetry\n"
        "FROM base AS test\n"
        "FROM BASE AS final\n"
    )
    (declaration,) = declarations(text)
    assert declaration.purpose is Purpose.RUNTIME
    assert declaration.context == "stage base, base of the final stage"


def test_unnamed_stage_is_numbered() -> None:
    text = (
        "FROM python:3.11\nRUN make\nFROM python:3.11-slim\nCOPY --from=0 /usr/local /usr/local\n"
    )
    builder, runtime = declarations(text)
    assert builder.context == "stage 0"
    assert builder.ships
    assert runtime.context == "final stage"


def test_scratch_and_other_images_declare_nothing() -> None:
    text = "FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /app /app\n"
    assert declarations(text) == []


@pytest.mark.parametrize(
    ("copy", "ships"),
    [
        pytest.param("COPY --from=builder /opt/venv /opt/venv", True, id="venv"),
        pytest.param("COPY --from=builder /app/.venv /app/.venv", True, id="dot-venv"),
        pytest.param(
            "COPY --from=builder /usr/local/lib/python3.12/site-packages "
            "/usr/local/lib/python3.12/site-packages",
            True,
            id="site-packages",
        ),
        pytest.param("COPY --from=builder /install /usr/local", True, id="prefix-install"),
        pytest.param("COPY --from=builder /root/.local /root/.local", True, id="user-install"),
        pytest.param("COPY --from=builder /wheels /wheels", True, id="wheels"),
        pytest.param("COPY --from=builder /app/dist/*.whl /tmp/", True, id="whl"),
        pytest.param("COPY --from=builder /app/dist/*.tar.gz /tmp/", False, id="sdist"),
        pytest.param(
            "COPY --from=builder /app/dist/*.tar.gz /app/dist/*.whl /tmp/", True, id="both"
        ),
        pytest.param("COPY --from=builder /app/dist/mytool /usr/bin/", True, id="pyinstaller"),
        pytest.param("COPY --from=builder /app /app", True, id="workdir-with-uv-sync"),
        pytest.param("COPY --from=builder /app/static /srv/static", False, id="static"),
        pytest.param("COPY --from=builder /etc/app.toml /etc/", False, id="config-file"),
        pytest.param("COPY --from=other /opt/venv /opt/venv", False, id="other-stage"),
    ],
)
def test_builder_ships(copy: str, ships: bool) -> None:
    text = (
        "FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim AS builder\n"
        "WORKDIR /app\n"
        "RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev\n"
        "FROM debian:bookworm-slim AS other\n"
        "FROM python:3.12-slim-bookworm\n"
        f"{copy}\n"
    )
    builder, _ = declarations(text)
    assert builder.ships is ships
    assert builder.purpose is Purpose.BUILD


def test_ships_through_an_intermediate_stage() -> None:
    text = (
        "FROM python:3.11 AS deps\n"
        "RUN python -m venv /opt/venv\n"
        "FROM python:3.11 AS app\n"
        "COPY --from=deps /opt/venv /opt/venv\n"
        "COPY . /src\n"
        "FROM gcr.io/distroless/python3-debian12\n"
        "COPY --from=app /opt /opt\n"
    )
    deps, app, _ = declarations(text)
    assert deps.ships
    assert app.ships


def test_test_stage_does_not_ship() -> None:
    text = (
        "FROM python:3.13 AS test\n"
        "RUN pytest\n"
        "FROM python:3.12-slim AS prod\n"
        "COPY --from=test /app/report.xml /tmp/\n"
    )
    test, _ = declarations(text)
    assert not test.ships


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\n\n   \n# only comments\n", id="comments"),
        pytest.param("}{][\x7f\x1b[0m FROM\nARG =\nARG\nCOPY --from\n", id="garbage"),
        pytest.param("FROM python:${\nFROM python:$\n", id="broken-expansions"),
    ],
)
def test_no_declarations_and_no_error(text: str) -> None:
    assert all(d.role is Role.UNRESOLVED for d in declarations(text))


def test_huge_inputs_do_not_raise() -> None:
    text = "FROM \\\n" + "\\\n" * 10_000 + "python:3.12\n" + "RUN " + "a" * 1_000_000 + "\n"
    (declaration,) = declarations(text)
    assert declaration.span == span(10_002, 8, 12)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param("docker-images/python3.11.dockerfile", "FROM python:3.11\n", id="file-name"),
        pytest.param(
            "docker-images/python3.11-slim.dockerfile", "FROM python:3.11-slim\n", id="suffix"
        ),
        pytest.param("images/3.11/slim/Dockerfile", "FROM python:3.11-slim\n", id="folder"),
        pytest.param("Dockerfile.py311", "FROM python:3.11\n", id="py-suffix"),
        pytest.param(
            "dev/release/docker/pypi2/Dockerfile", "FROM python:2.7-stretch\n", id="python-2-twin"
        ),
    ],
)
def test_a_dockerfile_named_for_its_python_is_one_of_a_set_of_images(path, text):
    [declaration] = declarations(text, path=path)
    assert declaration.role is Role.MATRIX
    assert declaration.group.endswith(" image variants")
    assert "one of the images built per Python" in declaration.context


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param("Dockerfile", "FROM python:3.11\n", id="plain"),
        pytest.param("docker/python3.12.dockerfile", "FROM python:3.11\n", id="name-disagrees"),
        pytest.param("services/api3/Dockerfile", "FROM python:3.11\n", id="digit-in-a-name"),
        pytest.param("release/pypi2/Dockerfile", "FROM python:3.11\n", id="py2-folder-python-3"),
        pytest.param("legacy/Dockerfile", "FROM python:2.7\n", id="python-2-not-named"),
    ],
)
def test_other_dockerfiles_stay_pins(path, text):
    [declaration] = declarations(text, path=path)
    assert declaration.role is Role.PIN


@pytest.mark.parametrize(
    ("run", "ships"),
    [
        pytest.param("RUN python -m venv --copies --prompt=app /opt/app", True, id="venv-options"),
        pytest.param("RUN virtualenv -p python3.12 /opt/app", False, id="option-value-is-a-dir"),
        pytest.param("RUN uv venv '/opt/app'", False, id="quoted-dir-not-read"),
        pytest.param("RUN pip install --target=/opt/app .", True, id="pip-target-equals"),
        pytest.param("RUN pip wheel -w /opt/app .", True, id="pip-wheel-dir"),
        pytest.param("RUN virtualenv -virtualenv /opt/app", True, id="venv-word-in-options"),
        pytest.param("RUN echo --target /opt/app", False, id="not-pip"),
    ],
)
def test_where_a_run_puts_python_output(run: str, ships: bool) -> None:
    text = (
        f"FROM python:3.12 AS build\n{run}\n"
        "FROM python:3.12-slim\nCOPY --from=build /opt/app /srv/app\n"
    )
    build, _ = declarations(text)
    assert build.ships is ships


@pytest.mark.timeout(10)
def test_a_line_of_venv_options_is_read_in_linear_time() -> None:
    """`(?:\\s+-{1,2}[\\w-]+)*` split each `--aa` two ways: 30 of them took hours."""
    text = "FROM python:3.12\nWORKDIR /app\nRUN python -m venv" + " --aa" * 5_000 + "\n"
    assert [d.raw for d in declarations(text)] == ["python:3.12"]


def test_a_stage_numbered_in_other_digits_is_no_stage() -> None:
    text = "FROM python:3.12\nFROM \u00b2\nFROM 00000000000000000000\n"
    assert [d.raw for d in declarations(text)] == ["python:3.12"]


def test_more_stages_than_a_real_dockerfile_is_a_parse_error() -> None:
    text = "FROM python:3.12\n" * 300

    with pytest.raises(UnreadableFile, match="more than 256 stages"):
        declarations(text)
    assert declarations(text, {"V": "3.12"}) == []  # a build link of such a file: nothing


def test_arg_substitutions_past_their_budget_are_a_parse_error() -> None:
    text = "ARG A=" + "x" * 1000 + "\n" + "".join(f"ARG B{i}=${{A}}\n" for i in range(1100))
    text += "FROM python:3.12\n"

    with pytest.raises(UnreadableFile, match="ARG substitutions make more than"):
        declarations(text)


@pytest.mark.timeout(10)
def test_many_builds_of_one_dockerfile_read_it_once() -> None:
    """A build's args change its images, not which stage ships what: that is worked out
    once for the file, and a build costs a look at each stage's FROM."""
    text = "ARG V=3.11\nFROM python:${V} AS build\n" + "RUN pip install --target /x y\n" * 20_000
    text += "FROM python:${V}-slim\nCOPY --from=build /x /x\n"
    file = TextFile.from_bytes("Dockerfile", text.encode())
    first = read(file, {"V": "3.12"})

    assert all(read(file, {"V": "3.12"}) == first for _ in range(500))
    built = [read(file, {"V": f"3.{minor}"}) for minor in range(1_000)]
    assert [version(d) for d in first] == ["3.12", "3.12"]
    assert [version(d) for d in built[13]] == ["3.13", "3.13"]
    assert first[0].ships


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b " + "[" * 100_000 + "\n",
            id="copy-unclosed",
        ),
        pytest.param(
            "FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b "
            + "[" * 100_000
            + "]" * 100_000
            + "\n",
            id="copy-nested",
        ),
        pytest.param(
            "FROM python:3.12\nRUN " + "[" * 100_000 + "]" * 100_000 + " <<EOF\nEOF\n",
            id="run-heredoc-nested",
        ),
    ],
)
def test_deeply_nested_exec_forms_are_not_json_and_do_not_recurse(text: str) -> None:
    assert [d.raw for d in declarations(text)][-1] == "python:3.12"


# A tunnel client's image: a Python base used as a plain Debian, a Go binary downloaded and
# started by a shell script. Nothing Python runs in it.
TUNNEL_CLIENT = """\
# syntax=docker/dockerfile:1.4
FROM python:3.12-slim-bookworm

ENV TUNNEL_VERSION=v0.9.2
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/t.tar.gz \\
      https://example.invalid/tunnel/${TUNNEL_VERSION}/tunnel_linux_amd64.tar.gz \\
    && tar -xzf /tmp/t.tar.gz -C /opt && rm /tmp/t.tar.gz
COPY --chown=1000:1000 deploy/tunnel-entrypoint.sh /opt/tunnel/entrypoint.sh
ADD deploy/tunnel.toml /opt/tunnel/tunnel.toml
USER 1000
CMD ["/opt/tunnel/entrypoint.sh"]
"""


@pytest.mark.parametrize(
    ("change", "purpose"),
    [
        pytest.param(None, Purpose.TOOLING, id="serves-a-program-that-is-not-python"),
        pytest.param(
            ("ADD deploy/tunnel.toml", "COPY . /app\nADD deploy/tunnel.toml"),
            Purpose.RUNTIME,
            id="copies-the-project",
        ),
        pytest.param(
            ('CMD ["/opt/tunnel/entrypoint.sh"]', 'CMD ["gunicorn", "app:server"]'),
            Purpose.RUNTIME,
            id="serves-a-python-app",
        ),
        pytest.param(
            ('CMD ["/opt/tunnel/entrypoint.sh"]', ""),
            Purpose.RUNTIME,
            id="no-command-of-its-own-a-ci-or-dev-image",
        ),
        pytest.param(
            ("deploy/tunnel-entrypoint.sh", "deploy/serve.py"),
            Purpose.RUNTIME,
            id="copies-a-python-file",
        ),
    ],
)
def test_a_python_image_that_serves_no_python(change, purpose) -> None:
    text = TUNNEL_CLIENT if change is None else TUNNEL_CLIENT.replace(*change)
    [found] = read(TextFile.from_bytes("docker/Dockerfile-tunnel", text.encode()))
    assert (found.line, found.raw, found.purpose) == (2, "python:3.12-slim-bookworm", purpose)


_SUB_PROJECT_IMAGE = """\
# Inference server only: build with `docker build -f Dockerfile_ocr .`
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends \\
    python3.12 python3.12-venv \\
 && rm -rf /var/lib/apt/lists/*
RUN python3.12 -m venv /app/.venv
COPY --chown=app:app {copied} /tmp/pyproject.toml
RUN /app/.venv/bin/pip install --no-cache-dir onnxruntime numpy
COPY ocr/vision/ /app/ocr/vision/
COPY --from=models /models /app/models
CMD ["/app/.venv/bin/python3", "-m", "ocr.server"]
"""


@pytest.mark.parametrize(
    ("path", "copied", "anchor"),
    [
        pytest.param("Dockerfile_ocr", "ocr/server/pyproject.toml", "ocr/server", id="sub-project"),
        pytest.param("Dockerfile_ocr", "./ocr/server/uv.lock", "ocr/server", id="dot-slash"),
        pytest.param("docker/ocr.Dockerfile", "ocr/setup.py", "docker/ocr", id="beside-it"),
        pytest.param("Dockerfile_ocr", "pyproject.toml", None, id="the-root"),
        pytest.param("Dockerfile_ocr", "ocr/a/pyproject.toml ocr/b/pyproject.toml", None, id="two"),
        pytest.param("Dockerfile_ocr", "../ocr/pyproject.toml", None, id="outside-context"),
        pytest.param("Dockerfile_ocr", "ocr/server/requirements.txt", None, id="no-project-file"),
    ],
)
def test_an_image_that_copies_one_sub_projects_files_is_that_projects(path, copied, anchor):
    """ragflow's root `Dockerfile_deepdoc_oss` installs Python 3.12 and copies only
    `deepdoc/server/pyproject.toml` (`>=3.11,<3.13`): the image is that server's, not the
    root project's (`>=3.13`). The anchor is taken relative to the Dockerfile's folder; where
    it names no project folder, scopes fall back to the nearest one."""
    text = _SUB_PROJECT_IMAGE.format(copied=copied)
    declarations = read(TextFile(path, text))
    assert declarations
    assert {d.anchor for d in declarations} == {anchor}


# modelled on a model-serving monorepo whose `python/` folder holds a uv workspace, two shared
# packages and one server per image (`lgb.Dockerfile`, `sklearn.Dockerfile`, ...)
_SERVER_IMAGE = """\
ARG PYTHON_VERSION=3.11
FROM python:${{PYTHON_VERSION}}-slim-bookworm AS builder
RUN pip install uv
COPY storage/pyproject.toml storage/uv.lock storage/
COPY common/pyproject.toml common/uv.lock common/
RUN cd common && uv sync --active --no-cache
COPY common common
COPY storage storage
{own}
COPY pyproject.toml pyproject.toml
FROM python:${{PYTHON_VERSION}}-slim-bookworm AS prod
COPY --from=builder /prod_venv /prod_venv
ENTRYPOINT ["python", "-m", "server"]
"""


@pytest.mark.parametrize(
    ("path", "own", "anchor"),
    [
        pytest.param(
            "python/lgb.Dockerfile",
            "COPY lgbserver/pyproject.toml lgbserver/uv.lock lgbserver/\nCOPY lgbserver lgbserver",
            "python/lgbserver",
            id="project-files",
        ),
        pytest.param(
            "python/autogluon.Dockerfile",
            "COPY autogluonserver autogluonserver",
            "python/autogluonserver",
            id="whole-folder",
        ),
        pytest.param(
            "python/huggingface_server_cpu.Dockerfile",
            "COPY huggingfaceserver huggingfaceserver",
            "python/huggingfaceserver",
            id="longer-file-name",
        ),
        pytest.param(
            "python/Dockerfile.xgb",
            "COPY xgbserver/pyproject.toml xgbserver/\nCOPY lgbserver/pyproject.toml lgbserver/",
            "python/xgbserver",
            id="dockerfile-dot-name",
        ),
        pytest.param("python/Dockerfile", "COPY lgbserver lgbserver", None, id="no-name"),
        pytest.param("python/app.Dockerfile", "COPY lgbserver lgbserver", None, id="no-match"),
        pytest.param(
            "python/lgb.Dockerfile",
            "COPY lgbserver lgbserver\nCOPY lgbtools lgbtools",
            None,
            id="two-match",
        ),
    ],
)
def test_an_image_of_several_copied_projects_is_the_one_it_is_named_after(path, own, anchor):
    """Each server image copies the shared packages, the workspace root's files and its own
    server: it is that server's image, compared in its scope, not with the other servers'."""
    declarations = read(TextFile(path, _SERVER_IMAGE.format(own=own)))
    assert declarations
    assert {d.anchor for d in declarations} == {anchor}


_WHEEL_BUILDER = """\
FROM python:3.9

# Cross-compiles the SQL parser's wheel for the integration tests
RUN curl --proto '=https' -sSf https://sh.rustup.rs | sh -s -- -y
ENV PATH="/root/.cargo/bin:${{PATH}}"
RUN pip install uv
WORKDIR /workspace
{copy}
WORKDIR {workdir}
RUN uv build --wheel --out-dir /wheels
CMD ["cp", "/wheels/*", "/output/"]
"""


@pytest.mark.parametrize(
    ("copy", "workdir", "anchor"),
    [
        pytest.param("COPY . .", "/workspace/iface-py", "sql/iface-py", id="workdir-below"),
        pytest.param("COPY ./ /workspace/", "iface-py", "sql/iface-py", id="relative-workdir"),
        pytest.param("COPY --chown=1000 . .", "'/workspace/iface-py'", "sql/iface-py", id="quoted"),
        pytest.param("COPY . .", "/workspace", None, id="at-the-top"),
        pytest.param("COPY . .", "/opt", None, id="outside-the-copy"),
        pytest.param("COPY iface-py/src src", "/workspace/src", None, id="no-context-copy"),
        pytest.param("COPY --from=builder . .", "/workspace/iface-py", None, id="from-a-stage"),
    ],
)
def test_an_image_that_works_in_one_copied_sub_folder_is_that_folders(copy, workdir, anchor):
    """OpenLineage's `integration/sql/Dockerfile.python` copies its whole context and
    builds `iface-py`'s wheel there: the image is `iface-py`'s (`>=3.10`), not the root's,
    whose code it never runs."""
    text = _WHEEL_BUILDER.format(copy=copy, workdir=workdir)
    declarations = read(TextFile("sql/Dockerfile.python", text))
    assert declarations
    assert {d.anchor for d in declarations} == {anchor}


def test_runs_in_two_copied_sub_folders_is_no_ones() -> None:
    text = _WHEEL_BUILDER.format(copy="COPY . .", workdir="/workspace/iface-py").replace(
        "CMD", "WORKDIR /workspace/iface-java\nRUN ./gradlew build\nCMD"
    )
    assert {d.anchor for d in read(TextFile("sql/Dockerfile.python", text))} == {None}
