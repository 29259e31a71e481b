"""The Dockerfile parser: BuildKit's lines, directives, heredocs, ARG scoping and offsets."""

from __future__ import annotations

import time

import pytest

from pyparity.parsers.dockerfile import parse


def references(text: str, build_args: dict[str, str] | None = None) -> list[str]:
    return [image.reference for image in parse(text).base_images(build_args)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM python:3.12-slim\n", ["python:3.12-slim"], id="plain"),
        pytest.param("from python:3.12\n", ["python:3.12"], id="lowercase-from"),
        pytest.param("FrOm python:3.12 aS base\n", ["python:3.12"], id="mixed-case"),
        pytest.param("\tFROM\tpython:3.11\tAS\tbuild\n", ["python:3.11"], id="tabs"),
        pytest.param(
            "FROM --platform=$BUILDPLATFORM \\\n    python:3.12-slim AS build\n",
            ["python:3.12-slim"],
            id="continuation-after-platform",
        ),
        pytest.param(
            "FROM \\\n# a comment inside the continuation\n\n   python:3.10 AS b\n",
            ["python:3.10"],
            id="comment-and-blank-inside-continuation",
        ),
        pytest.param(
            "# escape=`\nFROM `\n  python:3.9 AS b\nRUN echo \\\nFROM python:2.7\n",
            ["python:3.9", "python:2.7"],
            id="escape-backtick",
        ),
        pytest.param(
            "FROM python:3.11-slim@sha256:" + "a" * 64 + "\n",
            ["python:3.11-slim@sha256:" + "a" * 64],
            id="digest",
        ),
        pytest.param(
            "FROM python:3.12\nRUN <<EOF\nFROM python:2.7\nEOF\nFROM python:3.13\n",
            ["python:3.12", "python:3.13"],
            id="heredoc-skipped",
        ),
        pytest.param(
            "FROM python:3.12\nRUN <<-EOT bash\n\tFROM python:2.7\n\tEOT\nFROM python:3.13\n",
            ["python:3.12", "python:3.13"],
            id="heredoc-chomp",
        ),
        pytest.param(
            "FROM python:3.12\nRUN <<'EOF'\nFROM python:2.7\nEOF\n",
            ["python:3.12"],
            id="heredoc-quoted",
        ),
        pytest.param(
            'FROM python:3.12\nRUN <<A cat - && <<"B" cat -\nFROM x:1\nA\nFROM y:2\nB\n'
            "FROM python:3.13\n",
            ["python:3.12", "python:3.13"],
            id="two-heredocs",
        ),
        pytest.param(
            "FROM python:3.12\nCOPY <<EOF /etc/app.conf\nFROM python:2.7\nEOF\n",
            ["python:3.12"],
            id="copy-heredoc",
        ),
        pytest.param(
            "FROM python:3.12\nRUN python3 <<EOF\nFROM python:2.7\n",
            ["python:3.12"],
            id="unterminated-heredoc",
        ),
        pytest.param(
            'FROM python:3.12\nRUN ["echo", "<<EOF"]\nFROM python:3.13\n',
            ["python:3.12", "python:3.13"],
            id="json-run-has-no-heredoc",
        ),
        pytest.param(
            "FROM python:3.12\nRUN echo \\\\\nFROM python:3.13\n",
            ["python:3.12", "python:3.13"],
            id="escaped-escape-is-no-continuation",
        ),
        pytest.param("", [], id="empty"),
        pytest.param("FROM\nFROM --platform=x\n", [], id="from-without-image"),
        pytest.param("\x01\x02 garbage ))((\n<<<\n${{\n", [], id="garbage"),
    ],
)
def test_from_lines(text: str, expected: list[str]) -> None:
    assert references(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ARG V=3.11\nFROM python:$V\n", "python:3.11", id="dollar"),
        pytest.param("ARG V=3.11\nFROM python:${V}-slim\n", "python:3.11-slim", id="braces"),
        pytest.param('ARG V="3.11"\nFROM python:${V}\n', "python:3.11", id="quoted-default"),
        pytest.param("ARG V='3.11'\nFROM python:${V}\n", "python:3.11", id="single-quoted"),
        pytest.param("ARG A=1 V=3.9 B\nFROM python:${V}\n", "python:3.9", id="several-args"),
        pytest.param("ARG V\nFROM python:${V:-3.10}\n", "python:3.10", id="colon-dash-unset"),
        pytest.param("ARG V=\nFROM python:${V:-3.10}\n", "python:3.10", id="colon-dash-empty"),
        pytest.param("ARG V=\nFROM python:3.1${V-2}\n", "python:3.1", id="dash-empty-is-set"),
        pytest.param("FROM python:${V-3.8}\n", "python:3.8", id="dash-undeclared"),
        pytest.param("ARG V=1\nFROM python:3.1${V:+2}\n", "python:3.12", id="colon-plus-set"),
        pytest.param("ARG V\nFROM python:3.1${V+2}\n", "python:3.1", id="plus-unset"),
        pytest.param("ARG V=3.12\nFROM python:${V:-3.10}\n", "python:3.12", id="default-unused"),
        pytest.param(
            "ARG M=12\nARG V=3.${M}\nFROM python:${V}\n", "python:3.12", id="arg-uses-arg"
        ),
        pytest.param("ARG W=3.9\nFROM python:${V:-${W}}\n", "python:3.9", id="nested-default"),
        pytest.param(
            "ARG V=3.11\nFROM python:3.12 AS a\nARG V=2.7\nFROM python:${V}\n",
            "python:3.11",
            id="stage-arg-does-not-change-later-from",
        ),
    ],
)
def test_arg_substitution(text: str, expected: str) -> None:
    assert references(text)[-1] == expected


def test_arg_in_stage_does_not_change_later_from() -> None:
    text = (
        "ARG PYTHON_VERSION=3.12\n"
        "FROM python:${PYTHON_VERSION}-slim AS build\n"
        "ARG PYTHON_VERSION=3.9\n"
        "RUN echo $PYTHON_VERSION\n"
        "FROM python:${PYTHON_VERSION}-slim AS final\n"
    )
    assert references(text) == ["python:3.12-slim", "python:3.12-slim"]


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        pytest.param("ARG V\nFROM python:${V}\n", ("V",), id="declared-without-default"),
        pytest.param("FROM python:$V\n", ("V",), id="undeclared"),
        pytest.param("FROM python:${TARGETARCH}\n", ("TARGETARCH",), id="platform-arg"),
        pytest.param("ARG V=3\nFROM python:${V#3}\n", ("${V#...}",), id="unsupported-operator"),
        pytest.param("FROM python:${V\n", ("missing '}'",), id="unterminated-brace"),
    ],
)
def test_unresolved_from(text: str, missing: tuple[str, ...]) -> None:
    (image,) = parse(text).base_images()
    assert not image.resolved
    assert image.expansion.missing == missing


@pytest.mark.parametrize(
    ("build_args", "expected"),
    [
        pytest.param({}, "python:3.12", id="default"),
        pytest.param({"V": "3.11"}, "python:3.11", id="override"),
        pytest.param({"OTHER": "3.9"}, "python:3.12", id="undeclared-override-ignored"),
    ],
)
def test_build_args_override_global_args(build_args: dict[str, str], expected: str) -> None:
    assert references("ARG V=3.12\nFROM python:${V}\n", build_args) == [expected]


def test_build_arg_counts_for_arg_without_default() -> None:
    (image,) = parse("ARG V\nFROM python:${V}-slim\n").base_images({"V": "3.10"})
    assert image.resolved
    assert image.reference == "python:3.10-slim"
    assert image.expansion.overridden(7, 11)
    assert image.expansion.locate(7, 11) is None


def test_offsets_of_version_in_from_line() -> None:
    text = "FROM --platform=$BUILDPLATFORM \\\n    python:3.12-slim AS build\n"
    (image,) = parse(text).base_images()
    start, end = image.expansion.locate(7, 11) or (0, 0)
    assert text[start:end] == "3.12"
    assert text[image.stage.image.start : image.stage.image.end] == "python:3.12-slim"


def test_offsets_of_version_in_arg_default() -> None:
    text = 'ARG PY="3.11"\nFROM python:${PY}-slim\n'
    (image,) = parse(text).base_images()
    start, end = image.expansion.locate(7, 11) or (0, 0)
    assert (start, end, text[start:end]) == (8, 12, "3.11")
    assert image.expansion.args(7, 11) == ("PY",)


def test_offsets_across_bom() -> None:
    text = "\ufeffFROM python:3.12\n"
    (image,) = parse(text).base_images()
    assert text[image.stage.image.start : image.stage.image.end] == "python:3.12"


def test_stages_names_and_references() -> None:
    text = (
        "FROM python:3.12 AS Builder\n"
        "FROM builder AS test\n"
        "FROM scratch\n"
        "FROM 0\n"
        "FROM python:3.12-slim\n"
    )
    dockerfile = parse(text)
    images = dockerfile.base_images()
    assert [stage.label for stage in dockerfile.stages] == ["Builder", "test", "2", "3", "4"]
    assert [image.parent.index if image.parent else None for image in images] == [
        None,
        0,
        None,
        0,
        None,
    ]


def test_copy_from_sources_and_dest() -> None:
    text = (
        "FROM python:3.12 AS build\n"
        "FROM python:3.12-slim\n"
        "COPY --from=build --chown=app:app /opt/venv /opt/venv\n"
        'COPY --link --from=build ["/app/dist/a.whl", "/app/dist/b.whl", "/wheels/"]\n'
        "COPY requirements.txt /app/\n"
    )
    final = parse(text).stages[1]
    assert [(c.source, c.paths, c.dest) for c in final.copies] == [
        ("build", ("/opt/venv",), "/opt/venv"),
        ("build", ("/app/dist/a.whl", "/app/dist/b.whl"), "/wheels/"),
    ]


def test_workdir_and_runs_are_kept() -> None:
    text = "FROM python:3.12\nWORKDIR /app\nWORKDIR src\nRUN uv sync\n"
    (stage,) = parse(text).stages
    assert stage.workdir == "/app/src"
    assert stage.runs == ("uv sync",)


def test_directives() -> None:
    dockerfile = parse("# syntax=docker/dockerfile:1.7\n# escape=`\n\nFROM python:3.12\n")
    assert dockerfile.directives == (("syntax", "docker/dockerfile:1.7"), ("escape", "`"))
    assert dockerfile.escape == "`"


def test_escape_directive_after_comment_is_ignored() -> None:
    assert parse("# hello\n# escape=`\nFROM python:3.12\n").escape == "\\"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM \\\n" + "  \\\n" * 10_000 + "python:3.12\n", id="10000-continuations"),
        pytest.param("FROM python:3.12 " + "x" * 1_000_000 + "\n", id="1mb-line"),
        pytest.param("ARG V=" + "${V:-" * 50_000 + "\nFROM python:$V\n", id="deep-nesting"),
        pytest.param("RUN " + "<<EOF " * 100_000 + "\n" + "x\n" * 1000, id="many-heredocs"),
        pytest.param(
            "ARG A0=xx\n"
            + "".join(f"ARG A{i}=${{A{i - 1}}}${{A{i - 1}}}\n" for i in range(1, 40))
            + "FROM python:$A39\n",
            id="exponential-args",
        ),
        pytest.param('FROM "' + "\\" * 500_000 + "\n", id="escapes"),
    ],
)
def test_never_raises_and_is_fast(text: str) -> None:
    started = time.perf_counter()
    parse(text).base_images()
    assert time.perf_counter() - started < 5


def test_images_are_expanded_once_per_set_of_build_args():
    from pyparity.parsers import dockerfile as parser

    text = "ARG V=3.12\nARG OS=slim\nFROM python:${V}-${OS} AS build\nFROM build\n"
    parsed = parse(text)
    plain = parsed.base_images()
    assert [image.reference for image in plain] == ["python:3.12-slim", "build"]
    assert parsed.base_images({}) is plain
    assert parsed.base_images(None) is plain
    older = parsed.base_images({"V": "3.11", "OS": "alpine"})
    assert [image.reference for image in older] == ["python:3.11-alpine", "build"]
    assert parsed.base_images({"OS": "alpine", "V": "3.11"}) is older  # the order given
    assert older[1].parent == older[0].stage
    for n in range(2 * parser._REMEMBERED_BUILDS):
        assert parsed.base_images({"V": f"3.{n}"})[0].reference == f"python:3.{n}-slim"
    assert len(parsed._images) == parser._REMEMBERED_BUILDS
    assert parsed == parse(text)  # what is remembered is no part of the file's value
    from pyparity.records import replace

    assert replace(parsed, stages=parsed.stages[:1])._images == {}  # nor carried to a copy


@pytest.mark.parametrize(
    ("text", "escape", "expected"),
    [
        pytest.param("a  b\tc", "\\", ["a", "b", "c"], id="whitespace"),
        pytest.param("  a\u00a0b ", "\\", ["a", "b"], id="unicode-space"),
        pytest.param("\"a b\"c 'd e'", "\\", ['"a b"c', "'d e'"], id="quotes-hold-spaces"),
        pytest.param("a\\ b c", "\\", ["a\\ b", "c"], id="escaped-space"),
        pytest.param('"a\\" b" c', "\\", ['"a\\" b"', "c"], id="escaped-quote-in-double"),
        pytest.param("'a\\' b", "\\", ["'a\\'", "b"], id="no-escape-in-single"),
        pytest.param('a "b c', "\\", ["a", '"b c'], id="open-quote-to-the-end"),
        pytest.param("a b\\", "\\", ["a", "b\\"], id="escape-at-the-end"),
        pytest.param("a` b \\c", "`", ["a` b", "\\c"], id="backtick-escape"),
    ],
)
def test_words_keep_quotes_and_escapes(text: str, escape: str, expected: list[str]) -> None:
    from pyparity.parsers.dockerfile import _words

    assert [text[begin:end] for begin, end in _words(text, 0, escape)] == expected
