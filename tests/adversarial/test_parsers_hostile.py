"""Broken and pathological files: each ends quickly in a parse-error for that file (or, when
the file is valid but extreme, in its declarations), and every other file is still checked."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from adversarial.hostile import (
    REALISTIC,
    declared_files,
    parse_errors,
    render_all,
    scan,
    validate_report,
)

MakeRepo = Callable[[Mapping[str, str | bytes]], Path]
SECONDS = 10  # generous on a loaded 2-core machine; each case takes well under a second


def billion_laughs(prefix: str = "") -> str:
    lines = [prefix + 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def yaml_bomb_in(key_path: str) -> str:
    """An alias bomb whose expansion sits where the reader looks (`python-version`, `image`)."""
    return billion_laughs() + key_path


def nested_yaml(depth: int) -> str:
    return "jobs: " + "[" * depth + "]" * depth + "\n"


def nested_json(depth: int) -> str:
    return '{"image": "python:3.12", "x": ' + "[" * depth + "]" * depth + "}\n"


def nested_toml(depth: int) -> str:
    return '[project]\nrequires-python = ">=3.11"\nx = ' + "[" * depth + "]" * depth + "\n"


def nested_inline_toml(depth: int) -> str:
    return "[tool]\nx = " + "{a = " * depth + "1" + "}" * depth + "\n"


def continuation_dockerfile(lines: int) -> str:
    return "FROM \\\n" + "  \\\n" * lines + "  python:3.12-slim\nRUN true\n"


def single_line_dockerfile(size: int) -> str:
    head = "FROM python:3.12-slim\nRUN echo "
    return head + "a" * (size - len(head) - 1) + "\n"


def single_line_from(size: int) -> str:
    return "FROM python:3.12-slim" + " --x" * ((size - 30) // 4) + "\n"


def unterminated_heredoc() -> str:
    return (
        "FROM python:3.12-slim AS base\n"
        "RUN <<EOF\nset -e\nFROM python:2.7\n" + "echo line\n" * 10_000 + "RUN <<-'END' cat\n"
    )


def heredoc_flood() -> str:
    return "FROM python:3.12\n" + "RUN <<A <<B <<C\n" * 20_000


def deep_args() -> str:
    """Each ARG refers to the one before: naive substitution would grow exponentially."""
    lines = ["ARG V0=3.12"]
    lines += [f"ARG V{i}=${{V{i - 1}}}${{V{i - 1}}}" for i in range(1, 60)]
    return "\n".join(lines) + "\nFROM python:${V59}\n"


# (file, content, must it be a parse-error?)
BROKEN: list[object] = [
    pytest.param(".github/workflows/ci.yml", billion_laughs(), True, id="workflow-alias-bomb"),
    pytest.param(
        ".github/workflows/ci.yml",
        yaml_bomb_in(
            "jobs:\n  t:\n    strategy:\n      matrix:\n        python-version: *a9\n"
            "    steps:\n      - uses: actions/setup-python@v5\n"
            "        with:\n          python-version: ${{ matrix.python-version }}\n"
        ),
        True,
        id="workflow-alias-bomb-in-matrix",
    ),
    pytest.param("docker-compose.yml", yaml_bomb_in("services: *a9\n"), True, id="compose-bomb"),
    pytest.param(".gitlab-ci.yml", yaml_bomb_in("image: *a9\n"), True, id="gitlab-bomb"),
    pytest.param(".travis.yml", yaml_bomb_in("python: *a9\n"), True, id="travis-bomb"),
    pytest.param(
        ".pre-commit-config.yaml", yaml_bomb_in("repos: *a9\n"), True, id="pre-commit-bomb"
    ),
    pytest.param("environment.yml", yaml_bomb_in("dependencies: *a9\n"), True, id="conda-bomb"),
    pytest.param(".readthedocs.yaml", yaml_bomb_in("build: {tools: *a9}\n"), True, id="rtd-bomb"),
    pytest.param(".github/workflows/ci.yml", nested_yaml(100_000), True, id="yaml-deep-flow"),
    pytest.param(
        ".github/workflows/ci.yml",
        "jobs:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(3000)),
        True,
        id="yaml-deep-block",
    ),
    pytest.param(".github/workflows/ci.yml", "jobs: [\n  - x: 'open", True, id="yaml-unterminated"),
    pytest.param(".github/workflows/ci.yml", "a: 1\n---\nb: 2\n", False, id="yaml-two-documents"),
    pytest.param(
        ".github/workflows/ci.yml", "!!python/object:os.system ['touch x']\n", True, id="yaml-tag"
    ),
    pytest.param(".devcontainer/devcontainer.json", nested_json(100_000), True, id="json-deep"),
    pytest.param(".devcontainer/devcontainer.json", '{"image": "py', True, id="json-unterminated"),
    pytest.param(".devcontainer/devcontainer.json", "/*", True, id="jsonc-open-comment"),
    pytest.param("pyproject.toml", nested_toml(100_000), True, id="toml-deep-array"),
    pytest.param("pyproject.toml", nested_inline_toml(50_000), True, id="toml-deep-inline"),
    pytest.param("mise.toml", nested_toml(100_000), True, id="mise-deep"),
    pytest.param("Pipfile", nested_inline_toml(50_000), True, id="pipfile-deep"),
    pytest.param(
        "pyproject.toml",
        '[project]\nrequires-python = ">=3.11"\nrequires-python = ">=3.8"\n',
        True,
        id="toml-duplicate-key",
    ),
    pytest.param(
        "pyproject.toml",
        "[project]\nname = 'a'\n[project]\nname = 'b'\n",
        True,
        id="toml-duplicate-table",
    ),
    pytest.param(
        "tox.toml", '[env_run_base]\ndeps = ["a"]\ndeps = ["b"]\n', True, id="tox-toml-dup"
    ),
    pytest.param("pyproject.toml", b"\xef\xbb\xbf[project]\n\xff\xfe", True, id="invalid-utf8"),
    pytest.param(".python-version", "3.12\n".encode("utf-16"), True, id="utf16-with-bom"),
    pytest.param(
        "pyproject.toml",
        '[project]\nrequires-python = ">=3.11"\n'.encode("utf-16-le"),
        True,
        id="utf16le-no-bom",
    ),
    pytest.param("Dockerfile", "FROM python:3.12\n".encode("utf-32"), True, id="utf32"),
    pytest.param("Dockerfile", b"FROM python:3.12\n\xed\xa0\x80\n", True, id="utf8-surrogate"),
    pytest.param("Dockerfile", b"FROM python:3.12\n\xc0\xaf\n", True, id="utf8-overlong"),
    # (a setup.py that calls no `setup` is not parsed at all: these do)
    pytest.param("setup.py", "setup()\ndef f(:\n", True, id="python-syntax-error"),
    pytest.param(
        "setup.py", "setup()\nx = " + "(" * 1000 + ")" * 1000 + "\n", True, id="python-deep-parens"
    ),
    pytest.param(
        "noxfile.py",
        "import nox\n" + "x = -" * 1 + "-" * 100_000 + "1\n",
        True,
        id="python-deep-unary",
    ),
    pytest.param("setup.cfg", "[options\npython_requires = >=3.11\n", True, id="ini-bad-header"),
    pytest.param("tox.ini", "envlist = py311\n[tox]\n", True, id="ini-key-before-section"),
]

EXTREME_BUT_VALID: list[object] = [
    pytest.param("Dockerfile", single_line_dockerfile(1024 * 1024 - 1), id="dockerfile-1mb-line"),
    pytest.param("Dockerfile", single_line_from(1024 * 1024 - 1), id="dockerfile-1mb-from"),
    pytest.param("Dockerfile", continuation_dockerfile(10_000), id="dockerfile-10k-continuations"),
    pytest.param("Dockerfile", unterminated_heredoc(), id="dockerfile-unterminated-heredoc"),
    pytest.param("Dockerfile", heredoc_flood(), id="dockerfile-heredoc-flood"),
    pytest.param("Dockerfile", deep_args(), id="dockerfile-exponential-args"),
    pytest.param("Dockerfile", "# escape=`\nFROM python:3.12 `\n" * 1, id="dockerfile-escape"),
    pytest.param(".python-version", "3.12\n" * 2_000, id="python-version-2k-lines"),
    pytest.param(
        "tox.ini",
        "[tox]\nenvlist = py3{" + ",".join(["8", "9"] * 5000) + "}\n",
        id="tox-wide-braces",
    ),
    pytest.param(
        "tox.ini",
        "[tox]\nenvlist = " + "{py311,py312}-" * 30 + "x\n",
        id="tox-factor-product-explosion",
    ),
    pytest.param(
        ".tool-versions", "python " + " ".join(["3.12"] * 2_000) + "\n", id="tool-versions-wide"
    ),
    pytest.param(
        ".github/workflows/ci.yml",
        billion_laughs().replace("a9: &a9", "a4: &a4x").split("a5:")[0]
        + "jobs:\n  t:\n    steps: *a3\n",
        id="yaml-small-alias-reuse",
    ),
    pytest.param(
        ".github/workflows/ci.yml",
        "jobs:\n  t:\n    strategy:\n      matrix:\n"
        + "".join(f"        d{i}: [a, b, c]\n" for i in range(40))
        + "    steps:\n      - uses: actions/setup-python@v5\n"
        "        with:\n          python-version: '3.12'\n",
        id="workflow-matrix-product-explosion",
    ),
    pytest.param(
        ".github/workflows/ci.yml",
        "jobs:\n  t:\n    steps:\n      - uses: actions/setup-python@v5\n"
        "        with:\n          python-version: '3.12 " + "${{ " * 200_000 + "'\n",
        id="workflow-unclosed-expressions",
    ),
]


def _scan_with_realistic(repo: MakeRepo, name: str, content: str | bytes) -> tuple[object, float]:
    files: dict[str, str | bytes] = {**REALISTIC, name: content}
    root = repo(files)
    started = time.monotonic()
    result = scan(root)
    reports = render_all(result)
    elapsed = time.monotonic() - started
    validate_report(json.loads(reports["json"]))
    return result, elapsed


@pytest.mark.parametrize(("name", "content", "must_fail"), BROKEN)
def test_broken_file_is_a_parse_error_and_the_rest_is_checked(
    repo: MakeRepo, name: str, content: str | bytes, must_fail: bool
) -> None:
    result, elapsed = _scan_with_realistic(repo, name, content)

    assert elapsed < SECONDS
    errors = parse_errors(result)  # type: ignore[arg-type]
    if must_fail:
        assert name in errors, f"no parse-error for {name}"
        assert errors[name].startswith(name)
    others = set(REALISTIC) - {name}
    assert declared_files(result) >= others  # type: ignore[arg-type]
    assert set(errors) <= {name}


@pytest.mark.parametrize(("name", "content"), EXTREME_BUT_VALID)
def test_extreme_file_ends_quickly_and_the_rest_is_checked(
    repo: MakeRepo, name: str, content: str
) -> None:
    result, elapsed = _scan_with_realistic(repo, name, content)

    assert elapsed < SECONDS
    assert declared_files(result) >= set(REALISTIC) - {name}  # type: ignore[arg-type]
    assert set(parse_errors(result)) <= {name}  # type: ignore[arg-type]


def test_a_file_declaring_thousands_of_versions_is_a_parse_error(repo: MakeRepo) -> None:
    root = repo({**REALISTIC, ".python-version": "3.12\n" * 5_000})

    result = scan(root)

    assert ".python-version" in parse_errors(result)
    assert ".python-version" not in declared_files(result)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(unterminated_heredoc(), [(1, "python:3.12-slim")], id="heredoc-body-not-read"),
        pytest.param(
            continuation_dockerfile(10_000), [(10_002, "python:3.12-slim")], id="continuations"
        ),
        pytest.param(deep_args(), [(61, "python:${V59}")], id="exponential-arg-not-expanded"),
    ],
)
def test_extreme_dockerfiles_keep_exact_answers(
    repo: MakeRepo, content: str, expected: list[tuple[int, str]]
) -> None:
    result = scan(repo({"Dockerfile": content}))

    assert [(d.line, d.raw) for d in result.declarations] == expected


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"], ids=["nel", "ls", "ps"])
def test_yaml_only_line_breaks_do_not_shift_spans(repo: MakeRepo, separator: str) -> None:
    """Regression (found by the long fuzz run): PyYAML breaks lines at NEL/LS/PS, the file
    does not, so every span after one pointed at the wrong line."""
    text = f'{separator}language: python\npython:\n  - "3.11"  # {separator}\n  - "3.12"\n'
    result = scan(repo({".travis.yml": text}))

    spans = [(d.raw, d.line, d.span.column, d.span.end_column) for d in result.declarations]
    assert spans == [("3.11", 3, 6, 10), ("3.12", 4, 6, 10)]
