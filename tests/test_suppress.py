"""Inline ignore comments and purpose overrides, through the CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyparity.cli import main
from pyparity.suppress import ignores_in

CI_311 = (
    "jobs:\n  t:\n    steps:\n      - uses: actions/setup-python@v5\n"
    "        with:\n          python-version: '3.11'\n      - run: pytest\n"
)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def findings(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list]:
    code = main(["check", str(root), "--format", "json", "--no-code", *extra])
    return code, [(f["rule"], f["file"]) for f in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize(
    ("line", "rules"),
    [
        pytest.param("# pyparity: ignore[pin-mismatch]", {"pin-mismatch"}, id="one"),
        pytest.param("#pyparity:ignore[a, b]", {"a", "b"}, id="tight-spacing"),
        pytest.param("// pyparity: ignore[x]", {"x"}, id="jsonc"),
        pytest.param("FROM python:3.12  # pyparity: ignore", None, id="bare"),
    ],
)
def test_ignore_comment_forms(line, rules):
    [ignore] = ignores_in("f", [line])
    assert ignore.rules == (frozenset(rules) if rules is not None else None)


def test_ignore_on_the_line_or_the_line_above(tmp_path, capsys):
    write(
        tmp_path,
        {
            ".python-version": "3.11\n",
            ".github/workflows/ci.yml": CI_311,
            "Dockerfile": "# pyparity: ignore[pin-mismatch]\nFROM python:3.12\n",
            "api/Dockerfile": "FROM python:3.10  # pyparity: ignore\n",
            "api/.python-version": "3.11  # pyparity: ignore\n",
        },
    )
    assert findings(tmp_path, capsys) == (0, [])


def test_ignore_for_another_rule_does_not_silence(tmp_path, capsys):
    write(
        tmp_path,
        {
            ".python-version": "3.11\n",
            "Dockerfile": "FROM python:3.12  # pyparity: ignore[yaml-float]\n",
        },
    )
    code, found = findings(tmp_path, capsys)
    assert code == 1
    assert ("pin-mismatch", ".python-version") in found


def test_unused_ignores_are_reported_on_request(tmp_path, capsys):
    write(
        tmp_path,
        {
            ".python-version": "3.11  # pyparity: ignore[pin-mismatch]\n",
            "Dockerfile": "FROM python:3.11\n",
        },
    )
    assert findings(tmp_path, capsys) == (0, [])
    assert main(["check", str(tmp_path), "--no-code", "--show-unused-ignores"]) == 1
    assert ".python-version:1: unused ignore comment" in capsys.readouterr().out


def test_purpose_override_inline_and_configured(tmp_path, capsys):
    workflow = (
        "jobs:\n  smoke:\n    steps:\n      - uses: actions/setup-python@v5\n"
        "        with:\n          python-version: '3.13'  # pyparity: purpose=tooling\n"
        "      - run: pytest tests/smoke\n"
    )
    write(
        tmp_path,
        {
            ".python-version": "3.11\n",
            ".github/workflows/smoke.yml": workflow,
            "Dockerfile": "FROM python:3.11\n",
        },
    )
    assert findings(tmp_path, capsys) == (0, [])
    write(
        tmp_path,
        {
            ".github/workflows/smoke.yml": workflow.replace("  # pyparity: purpose=tooling", ""),
            ".pyparity.toml": '[purpose]\n".github/workflows/smoke.yml#smoke" = "tooling"\n',
        },
    )
    assert findings(tmp_path, capsys) == (0, [])
    write(
        tmp_path, {".pyparity.toml": '[purpose]\n".github/workflows/smoke.yml#other" = "tooling"\n'}
    )
    code, found = findings(tmp_path, capsys)
    assert code == 1
    assert ("pin-mismatch", ".github/workflows/smoke.yml") in found


def test_purpose_override_says_where_it_came_from(tmp_path, capsys):
    write(tmp_path, {".python-version": "3.11  # pyparity: purpose=tooling\n"})
    assert main(["list", str(tmp_path), "--format", "json"]) == 0
    [declaration] = json.loads(capsys.readouterr().out)
    assert declaration["purpose"] == "tooling"
    assert declaration["context"].endswith("purpose set to tooling by an inline comment")
