"""`pyparity audit` end to end: the time-based rules on a fixture repository at a fixed date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyparity.cli import main
from pyparity.model import Minor
from pyparity.releases import load

REPO = Path(__file__).parent / "fixtures" / "repos" / "audit-eol"


def audit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> tuple[int, dict]:
    monkeypatch.chdir(REPO)
    code = main([command, ".", "--today", "2026-11-26", "--format", "json", "--no-code"])
    return code, json.loads(capsys.readouterr().out)


def test_audit_reports_end_of_life_floating_and_patch_findings(capsys, monkeypatch):
    code, report = audit(capsys, monkeypatch, "audit")
    assert code == 0  # python:3 is no pin: it floats (a warning), it does not mismatch
    found = {(f["rule"], f["severity"], f["file"], f["line"]) for f in report["findings"]}
    assert found == {
        ("end-of-life", "warning", ".python-version", 1),
        ("end-of-life", "warning", ".github/workflows/ci.yml", 14),
        ("matrix-misses-pin", "warning", ".github/workflows/ci.yml", 14),
        ("floating-version", "warning", "Dockerfile", 1),
        ("patch-behind", "notice", ".github/workflows/ci.yml", 29),
    }
    messages = {f["message"] for f in report["findings"]}
    assert (
        "Dockerfile:1: python:3-slim is not pinned to a minor version; on 2026-11-26 it means "
        "3.15, while .python-version:1 pins 3.9"
    ) in messages
    assert ".python-version:1 pins 3.9; Python 3.9 reached end of life on 2025-10-31" in messages
    assert (
        ".github/workflows/ci.yml:14 tests 3.10; Python 3.10 reached end of life on 2026-10-31"
        in messages
    )
    newest_312 = load().by_minor[Minor(3, 12)].latest
    assert (
        f".github/workflows/ci.yml:29: 3.12.1 is behind {newest_312}, "
        "the newest 3.12 patch pyparity knows"
    ) in messages


def test_check_leaves_the_time_based_rules_out(capsys, monkeypatch):
    _, report = audit(capsys, monkeypatch, "check")
    rules = {f["rule"] for f in report["findings"]}
    assert rules.isdisjoint(
        {"end-of-life", "end-of-life-soon", "patch-behind", "stale-release-data"}
    )
    assert {f["severity"] for f in report["findings"] if f["rule"] == "floating-version"} == {
        "notice"
    }
