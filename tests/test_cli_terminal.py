"""What a person at a terminal sees: help, version, rules, sources, colour, progress."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pyparity
from pyparity import terminal
from pyparity.cli import build_parser, first_sentence, main
from pyparity.report import text
from pyparity.rules import registry

EXAMPLE = Path(__file__).parent.parent / "examples" / "drifted"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _help(*argv: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "pyparity", *argv, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(Path(pyparity.__file__).parent.parent), "COLUMNS": "100"},
    )
    return completed.stdout


def test_help_is_for_users_and_names_the_exit_codes():
    shown = _help()
    assert "Command line" not in shown
    assert "argparse" not in shown
    assert "report where they disagree" in shown
    for code in ("0  no finding", "1  findings", "2  a usage or configuration", "3  an internal"):
        assert code in shown
    for command in ("check", "audit", "list", "explain", "rules", "sources"):
        assert re.search(rf"^\s+{command}\s+\S", shown, re.M), command


@pytest.mark.parametrize("command", ["check", "audit"])
def test_scan_help_names_the_exit_codes(command):
    assert "exit codes:" in _help(command)


def test_every_option_has_help():
    parser = build_parser()
    subparsers = next(
        action for action in parser._actions if action.__class__.__name__ == "_SubParsersAction"
    )
    for name, command in subparsers.choices.items():  # type: ignore[attr-defined]
        for action in command._actions:
            assert action.help, (name, action.dest)


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag, capsys):
    with pytest.raises(SystemExit) as stopped:
        main([flag])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"pyparity {pyparity.__version__}\n"


def test_rules_prints_whole_sentences(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in registry():
        sentence = first_sentence(rule.doc)
        assert sentence.endswith("."), rule.name
        assert " ".join(sentence.split()) in " ".join(out.split()), rule.name


def test_first_sentence_keeps_abbreviations_and_code():
    doc = "**What it does.** Flags `3.10.` values, e.g. this one. Then more.\n\n**Why.** x"
    assert first_sentence(doc) == "Flags `3.10.` values, e.g. this one."


def test_sources_name_no_internal_functions(capsys):
    import pyparity.parsers.dockerfile as dockerfile_parser
    import pyparity.resolve_builds as resolve_builds
    import pyparity.sources.tox as tox
    import pyparity.sources.workflow as workflow

    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    quoted = set(re.findall(r"`([^`]+)`", out))
    internal = {
        name
        for module in (dockerfile_parser, resolve_builds, tox, workflow)
        for name in vars(module)
        if not name.startswith("__") and ("_" in name or name.isupper())
    } | {"resolve_builds"}
    assert not quoted & internal
    assert not re.search(r"`_\w+`", out)


def _render(color: bool) -> str:
    from pyparity.check import run
    from pyparity.config import Config

    result = run(str(EXAMPLE), Config(code=False))
    return text.render(result, today=Config().today, show_table=False, color=color, hint=True)


def test_colour_marks_severity_and_stays_out_of_repository_text():
    plain, coloured = _render(False), _render(True)
    assert "\x1b[" not in plain
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


@pytest.mark.parametrize(
    ("environ", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, True, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"NO_COLOR": ""}, True, True),
    ],
)
def test_when_to_colour(environ, tty, expected):
    stream = Terminal() if tty else io.StringIO()
    assert terminal.use_color(stream, environ) is expected


def test_the_cli_colours_a_terminal_only(capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    main(["check", str(EXAMPLE), "--no-code"])
    assert "\x1b[1;31m" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", str(EXAMPLE), "--no-code"])
    assert "\x1b[" not in capsys.readouterr().out


def test_the_cli_never_colours_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FORCE_COLOR", "1")
    report = tmp_path / "report.txt"
    main(["check", str(EXAMPLE), "--no-code", "--output", str(report)])
    assert "\x1b[" not in report.read_text()


def test_progress_appears_only_after_the_delay_on_a_terminal(monkeypatch):
    clock = iter([0.0, 0.5, 3.0, 3.1, 3.5])
    monkeypatch.setattr(terminal.time, "monotonic", lambda: next(clock))
    stream = Terminal()
    with terminal.progress(stream):  # starts at 0.0
        terminal.files_read(12)  # 0.5: too early
        assert stream.getvalue() == ""
        terminal.code_files(40)  # 3.0: shown
        terminal.code_file_scanned()  # 3.1: too soon after the last
        terminal.code_file_scanned()  # 3.5: shown
    shown = stream.getvalue()
    assert shown.count("\r\x1b[K") == 3  # two lines, then cleared
    assert "pyparity: 12 declaring files read, 0 of 40 code files scanned" in shown
    assert shown.endswith("12 declaring files read, 2 of 40 code files scanned\r\x1b[K")


def test_no_progress_off_a_terminal(monkeypatch):
    monkeypatch.setattr(terminal.time, "monotonic", lambda: 100.0)
    stream = io.StringIO()
    with terminal.progress(stream):
        terminal.files_read(3)
        terminal.code_files(4)
        terminal.code_file_scanned()
    assert stream.getvalue() == ""
