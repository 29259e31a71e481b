"""What a repository's names can do to a report: in text, control characters, escape
sequences, bidirectional overrides and line breaks are shown as escapes; in Markdown,
bare URLs and `www.` hosts are not made links."""

from __future__ import annotations

import re

import pytest
from helpers import TODAY, runtime_pin, supported

from pyparity.model import Finding, Result, Severity, Span
from pyparity.report import markdown, text
from pyparity.report.text import visible

FORGED = "\npyparity: no drift; 0 declaration(s) in 0 file(s)"
HOSTILE = {
    "newline": ("a\nb", "a\\nb"),
    "carriage-return": ("a\rb", "a\\rb"),
    "tab": ("a\tb", "a\\tb"),
    "escape-sequence": ("\x1b[2J\x1b[1;1Hclean", "\\x1b[2J\\x1b[1;1Hclean"),
    "c1-csi": ("\x9b31m", "\\x9b31m"),
    "next-line": ("a\x85b", "a\\x85b"),
    "nul-and-del": ("a\x00\x7f", "a\\x00\\x7f"),
    "bidi-override": ("\u202eevil\u202c", "\\u202eevil\\u202c"),
    "bidi-isolate": ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
    "line-separator": ("a\u2028b", "a\\u2028b"),
}


@pytest.mark.parametrize(("raw", "shown"), HOSTILE.values(), ids=HOSTILE.keys())
def test_visible_escapes_what_a_terminal_would_obey(raw: str, shown: str):
    assert visible(raw) == shown
    assert visible(shown) == shown  # idempotent


def test_visible_keeps_ordinary_text_and_non_ascii():
    ordinary = "services/api/Dockerfile:3 pins 3.12 — café, 日本, \\n stays"
    assert visible(ordinary) == ordinary


def hostile_result() -> Result:
    name = "svc\x1b[31m\u202e/Dockerfile"
    job = f"job test{FORGED}\x1b[2K\r"
    declarations = (
        runtime_pin(name, "3.9", context="final stage"),
        runtime_pin(".github/workflows/ci.yml", "3.12", line=8, context=job),
        supported("pyproject.toml", ">=3.11"),
    )
    finding = Finding(
        rule="pin-mismatch",
        severity=Severity.ERROR,
        file=name,
        span=Span(line=1, column=6, end_line=1, end_column=9),
        message=f"{name}:1 pins 3.9 in {job}",
    )
    return Result(root=".", files_scanned=3, declarations=declarations, findings=(finding,))


def test_a_job_id_cannot_forge_a_line_of_the_text_report():
    report = text.render(hostile_result(), today=TODAY, audit=True)

    lines = report.splitlines()
    assert [line for line in lines if line.startswith("pyparity:")] == [lines[-1]]
    assert lines[-1].startswith("pyparity: 1 error(s)")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", report)
    assert "svc\\x1b[31m\\u202e/Dockerfile:1:6: error [pin-mismatch]" in report
    assert "job test\\npyparity: no drift; 0 declaration(s) in 0 file(s)\\x1b[2K\\r" in report


def test_the_version_table_aligns_escaped_cells():
    table = text.version_table(hostile_result(), TODAY)

    assert table[0] == "scope .:"
    rows = table[1:]
    versions = [row.index(" 3.") for row in rows[:2]]
    assert versions[0] == versions[1]  # the columns line up after escaping


URLS = [
    "https://evil.example/login",
    "http://evil.example",
    "HTTPS://EVIL.EXAMPLE",
    "ftp://evil.example/x",
    "www.evil.example",
    "WWW.Evil.Example",
    "(www.evil.example)",
    "*www.evil.example*",
    "mona@evil.example",
    "registry:https://evil.example",
]
# GitHub (cmark-gfm) links `scheme://` after letters, `www.` and `user@host`
AUTOLINK = re.compile(r"[A-Za-z]://|www\.|[A-Za-z0-9]@[A-Za-z0-9]", re.IGNORECASE)


@pytest.mark.parametrize("url", URLS)
def test_markdown_cells_break_autolinks(url: str):
    shown = markdown.cell(f"image {url} here")

    assert not AUTOLINK.search(shown), shown
    assert shown.replace("&#8203;", "").replace("\\", "") == f"image {url} here"


def test_markdown_cells_escape_controls_but_keep_line_breaks_as_br():
    shown = markdown.cell("a\nb\x1b[31m\u202ec")

    assert shown == "a<br>b\\\\x1b\\[31m\\\\u202ec"


def test_markdown_report_has_no_autolink_in_any_cell():
    finding = Finding(
        rule="pin-mismatch",
        severity=Severity.ERROR,
        file="Dockerfile",
        span=Span(line=1, column=6, end_line=1, end_column=9),
        message="Dockerfile:1 pins 3.9 (FROM www.evil.example/python:3.9, see https://evil.example)",
    )
    declarations = (
        runtime_pin("Dockerfile", "3.9", context="FROM www.evil.example/python:3.9"),
        runtime_pin("ci.yml", "3.12", context="job https://evil.example/phish"),
    )
    result = Result(root=".", files_scanned=2, declarations=declarations, findings=(finding,))

    report = markdown.render(result, today=TODAY, link_base="https://github.com/o/r/blob/feedface/")

    cells = [line for line in report.splitlines() if line.startswith("| ")]
    text_only = [re.sub(r"\]\(https://github\.com/o/r/blob/[^)]*\)", "]", c) for c in cells]
    assert all(not AUTOLINK.search(cell) for cell in text_only), text_only
    assert "evil&#8203;.example" not in report  # only the autolink triggers are touched
