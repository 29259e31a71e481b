"""End to end on `tests/fixtures/repos/spellings`, modelled on real repositories (written for
these tests): a CI matrix with free-threaded `3.14t`, `3.15-dev`, `3.15t-dev` and setup-python's
PyPy spellings, a setup-uv job on uv's `cp313`/`cp314`, a tox.ini whose base_python is made
of factor lines and a reference to another env's base_python. Everything there agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyparity.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "repos" / "spellings"


def run(capsys: pytest.CaptureFixture[str], today: str) -> dict:
    code = main(["check", str(FIXTURE), "--format", "json", "--no-code", "--today", today])
    report = json.loads(capsys.readouterr().out)
    report["exit"] = code
    return report


@pytest.mark.parametrize("today", ["2026-03-01", "2026-11-26"], ids=["before-3.15", "after-3.15"])
def test_every_spelling_is_read_and_nothing_disagrees(capsys, today):
    report = run(capsys, today)
    assert report["findings"] == []
    assert report["exit"] == 0
    assert not [d for d in report["declarations"] if d["role"] == "unresolved" or not d["minors"]]


def test_each_spelling_keeps_its_implementation_and_minor(capsys):
    report = run(capsys, "2026-11-26")
    read = {
        d["raw"]: (d["implementation"], d["minors"])
        for d in report["declarations"]
        if d["file"] == ".github/workflows/tests.yml"
    }
    assert read == {
        "3.11": ("cpython", ["3.11"]),
        "3.12": ("cpython", ["3.12"]),
        "3.13": ("cpython", ["3.13"]),
        "3.14": ("cpython", ["3.14"]),
        "3.14t": ("cpython", ["3.14"]),
        "3.15-dev": ("cpython", ["3.15"]),
        "3.15t-dev": ("cpython", ["3.15"]),
        "pypy-3.11": ("pypy", ["3.11"]),
        "pypy-3.11-v7.x": ("pypy", ["3.11"]),
        "cp313": ("cpython", ["3.13"]),
        "cp314": ("cpython", ["3.14"]),
    }


def test_tox_factor_lines_and_references_are_read_not_unresolved(capsys):
    report = run(capsys, "2026-11-26")
    base_python = [
        (d["line"], d["raw"], d["purpose"])
        for d in report["declarations"]
        if d["file"] == "tox.ini" and "base_python" in d["context"]
    ]
    # the py3XX lines restate their factor (more lines of the env list's Pythons); lint's
    # line and the pep8 reference run tools
    assert base_python == [
        (10, "python3.11", None),
        (11, "python3.12", None),
        (12, "python3.13", None),
        (13, "python3.14", None),
        (14, "python3.14t", None),
        (15, "python3.15", None),
        (16, "python3.13", "tooling"),
        (23, "python3.13", "tooling"),
    ]
