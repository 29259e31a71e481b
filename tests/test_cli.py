"""The commands besides check: list, explain, rules, sources, --version, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pyparity.cli import main
from pyparity.rules import registry

EXAMPLE = Path(__file__).parent.parent / "examples" / "drifted"


def test_list_groups_declarations_by_scope(capsys):
    assert main(["list", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("scope .:")
    assert "Dockerfile:1" in out
    assert ">=3.9" in out
    range_row = next(line for line in out.splitlines() if "pyproject.toml:9" in line)
    assert "3.9-3.16" in range_row


def test_list_json_is_the_contracts_declarations(capsys):
    assert main(["list", str(EXAMPLE), "--format", "json"]) == 0
    declarations = json.loads(capsys.readouterr().out)
    assert {d["file"] for d in declarations} == {
        ".python-version",
        "Dockerfile",
        ".github/workflows/ci.yml",
        "pyproject.toml",
    }


@pytest.mark.parametrize("rule", [rule.name for rule in registry()])
def test_every_rule_is_explained_with_the_four_sections(rule, capsys):
    assert main(["explain", rule]) == 0
    doc = capsys.readouterr().out
    for section in ("**What it does.**", "**Why it matters.**", "**Example.**", "**How to fix.**"):
        assert section in doc, (rule, section)


def test_explain_unknown_rule_lists_the_rules(capsys):
    assert main(["explain", "pin-mismtach"]) == 2
    assert "pin-mismatch" in capsys.readouterr().err


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(rule.name in out for rule in registry())


def test_sources_prints_each_readers_doc(capsys):
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert "dockerfile:" in out
    assert ".python-version" in out


def test_output_file(tmp_path, capsys):
    target = tmp_path / "report.json"
    assert (
        main(["check", str(EXAMPLE), "--no-code", "--format", "json", "--output", str(target)]) == 1
    )
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text())["schema"] == 1


def test_module_entry_point_and_version():
    completed = subprocess.run(
        [sys.executable, "-m", "pyparity", "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("pyparity ")


@pytest.mark.parametrize("jobs", ["0", "-2", "two", ""])
def test_jobs_must_be_a_positive_number(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["check", str(EXAMPLE.parent / "fixed"), "--jobs", jobs])
    assert stopped.value.code == 2
    assert "not a number of processes" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2", "64"])
def test_any_jobs_gives_the_same_report(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--format", "json", "--jobs", jobs]) == 1
    assert '"pin-mismatch"' in capsys.readouterr().out


def test_a_reader_that_goes_away_is_no_internal_error(monkeypatch, capsys, tmp_path):
    """`pyparity explain code-floor | head -1`: the pipe closes before the doc is written."""

    class ClosedPipe:
        def __init__(self) -> None:
            self.file = (tmp_path / "stdout").open("w")

        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return self.file.fileno()

    pipe = ClosedPipe()
    monkeypatch.setattr("sys.stdout", pipe)
    assert main(["explain", "code-floor"]) == 0
    assert "internal error" not in capsys.readouterr().err
    pipe.file.close()
