"""Hostile configuration: every bad value, unknown key or wrong type is exit 2 with a message
that names the key, never a traceback; the configuration file obeys the symlink policy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from adversarial.hostile import REALISTIC, TODAY, write_tree

from pyparity import cli

BAD_TABLES = [
    pytest.param('fial-on = "error"', "fial-on", id="unknown-key"),
    pytest.param('"" = 1', "''", id="empty-key"),
    pytest.param("precision = 3", "precision", id="precision-int"),
    pytest.param('precision = "major"', "precision", id="precision-choice"),
    pytest.param('fail-on = "fatal"', "fail-on", id="fail-on-choice"),
    pytest.param("fail-on = true", "fail-on", id="fail-on-bool"),
    pytest.param("fail-on = []", "fail-on", id="fail-on-list"),
    pytest.param("source-of-truth = 1979-05-27", "source-of-truth", id="source-of-truth-date"),
    pytest.param('exclude = "tests"', "exclude", id="exclude-string"),
    pytest.param("exclude = [1, 2]", "exclude", id="exclude-ints"),
    pytest.param("exclude = [[]]", "exclude", id="exclude-nested"),
    pytest.param('disable = ["no-such-rule"]', "no-such-rule", id="disable-unknown-rule"),
    pytest.param('enable = "pin-mismatch"', "enable", id="enable-string"),
    pytest.param('severity = "error"', "severity", id="severity-string"),
    pytest.param('severity = {pin-mismatch = "fatal"}', "pin-mismatch", id="severity-choice"),
    pytest.param("severity = {pin-mismatch = 3}", "pin-mismatch", id="severity-int"),
    pytest.param('severity = {nope = "error"}', "nope", id="severity-unknown-rule"),
    pytest.param('scopes = [["a"], "b"]', "scopes", id="scopes-mixed"),
    pytest.param("scopes = {a = 1}", "scopes", id="scopes-table"),
    pytest.param('purpose = ["x"]', "purpose", id="purpose-list"),
    pytest.param('purpose = {"ci.yml#lint" = "docs"}', "purpose", id="purpose-choice"),
    pytest.param("purpose = {x = {y = 1}}", "purpose", id="purpose-nested"),
    pytest.param('code-paths = "src"', "code-paths", id="code-paths-string"),
    pytest.param("backports = [true]", "backports", id="backports-bool"),
]


def run_cli(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(arguments)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_named_configuration_error(code: int, err: str, key: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert "configuration error" in err
    assert key in err


@pytest.mark.parametrize(("table", "key"), BAD_TABLES)
@pytest.mark.parametrize("where", ["pyproject", "dotfile", "explicit"])
def test_bad_configuration_is_exit_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: str, key: str, where: str
) -> None:
    files = dict(REALISTIC)
    arguments = ["check", str(tmp_path), "--today", TODAY.isoformat()]
    if where == "pyproject":
        files["pyproject.toml"] = REALISTIC["pyproject.toml"] + f"[tool.pyparity]\n{table}\n"
    elif where == "dotfile":
        files[".pyparity.toml"] = table + "\n"
    else:
        files["settings/pyparity.toml"] = table + "\n"
        arguments += ["--config", str(tmp_path / "settings" / "pyparity.toml")]
    write_tree(tmp_path, files)

    code, _, err = run_cli(arguments, capsys)

    assert_named_configuration_error(code, err, key)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("[tool]\npyparity = 3\n", "tool.pyparity", id="pyparity-int"),
        pytest.param('[tool]\npyparity = "strict"\n', "tool.pyparity", id="pyparity-string"),
        pytest.param("[[tool.pyparity]]\nprecision = 'minor'\n", "tool.pyparity", id="array"),
    ],
)
def test_tool_pyparity_that_is_not_a_table_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str
) -> None:
    write_tree(tmp_path, {"pyproject.toml": REALISTIC["pyproject.toml"] + text})

    code, _, err = run_cli(["check", str(tmp_path)], capsys)

    assert_named_configuration_error(code, err, key)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"precision = 'minor'\nprecision = 'patch'\n", id="duplicate-key"),
        pytest.param(b"precision = \n", id="invalid-toml"),
        pytest.param(b"precision = '\xff'\n", id="invalid-utf8"),
        pytest.param(b"a = " + b"[" * 100_000 + b"]" * 100_000, id="deep"),
        pytest.param(b"\x00\x01\x02", id="binary"),
    ],
)
def test_unreadable_dotfile_is_exit_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    write_tree(tmp_path, {**REALISTIC, ".pyparity.toml": content})

    code, _, err = run_cli(["check", str(tmp_path)], capsys)

    assert_named_configuration_error(code, err, ".pyparity.toml")


def test_broken_pyproject_is_a_parse_error_not_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path, {**REALISTIC, "pyproject.toml": "[project\nname = 1\n"})

    code, out, err = run_cli(["check", str(tmp_path), "--format", "json"], capsys)

    assert code in {0, 1}, err
    assert '"parse-error"' in out


def test_broken_pyproject_holding_the_table_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its settings cannot be applied: checking without them would pass for configured."""
    write_tree(tmp_path, {**REALISTIC, "pyproject.toml": "[tool.pyparity\nprecision = 1\n"})

    code, _, err = run_cli(["check", str(tmp_path), "--format", "json"], capsys)

    assert_named_configuration_error(code, err, "pyproject.toml")


@pytest.mark.parametrize(
    ("flag", "value", "key"),
    [
        pytest.param("--fail-on", "fatal", "--fail-on", id="fail-on"),
        pytest.param("--precision", "major", "--precision", id="precision"),
        pytest.param("--format", "xml", "--format", id="format"),
        pytest.param("--today", "2026-13-45", "--today", id="today"),
        pytest.param("--disable", "nope", "nope", id="disable"),
        pytest.param("--config", "/nonexistent/pyparity.toml", "pyparity.toml", id="config"),
    ],
)
def test_bad_flags_are_exit_2_naming_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, key: str
) -> None:
    write_tree(tmp_path, REALISTIC)

    try:
        code = cli.main(["check", str(tmp_path), flag, value])
    except SystemExit as exit_:  # argparse exits itself for a bad choice
        code = int(exit_.code or 0)

    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert key in err


def test_configuration_file_linked_out_of_the_tree_is_not_read(tmp_path: Path) -> None:
    """The repository's own `.pyparity.toml` obeys the symlink policy of every other file:
    a link to the process environment must not be read."""
    root = write_tree(tmp_path / "repo", REALISTIC)
    (root / ".pyparity.toml").symlink_to("/proc/self/environ")
    secret = "pyparity-config-secret-value"

    completed = subprocess.run(
        [str(Path(sys.executable).with_name("pyparity")), "check", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "LEAKED_TOKEN": secret},
    )

    assert completed.returncode == 2, completed.stderr
    assert ".pyparity.toml" in completed.stderr
    assert "outside the scanned tree" in completed.stderr
    assert secret not in completed.stdout + completed.stderr


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x = " + "[" * 100_000 + "]" * 100_000 + "\n", id="deep-array"),
        pytest.param("x = " + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n", id="deep-inline"),
    ],
)
def test_deeply_nested_pyproject_is_a_parse_error_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    """Regression: config.load let tomllib's RecursionError escape (exit 3, a traceback)."""
    write_tree(tmp_path, {**REALISTIC, "pyproject.toml": text})

    code, out, err = run_cli(["check", str(tmp_path), "--format", "json"], capsys)

    assert code in {0, 1}, err
    assert "Traceback" not in err
    assert '"parse-error"' in out
