"""`--format github`, `--format markdown` and `--format sarif`: the code the Action uses."""

from __future__ import annotations

import json

import pytest
from helpers import TODAY, runtime_pin, supported

from pyparity import cli
from pyparity.model import Finding, Location, Result, Severity, Span
from pyparity.report import github, markdown, sarif
from pyparity.rules import rule_names


def finding(file=".python-version", severity=Severity.ERROR, line=1, message="differs", **kw):
    return Finding(
        rule=kw.pop("rule", "pin-mismatch"),
        severity=severity,
        file=file,
        span=kw.pop("span", Span(line=line, column=1, end_line=line, end_column=5)),
        message=message,
        **kw,
    )


def result_of(*findings, declarations=()):
    return Result(
        root=".", files_scanned=3, declarations=tuple(declarations), findings=tuple(findings)
    )


def test_annotation_has_file_position_and_title():
    line = github.annotation(finding(message="pins 3.9: see a,b"))

    assert line == (
        "::error file=.python-version,line=1,endLine=1,col=1,endColumn=5,"
        "title=pyparity pin-mismatch::pins 3.9: see a,b"
    )


def test_multi_line_span_leaves_out_columns():
    span = Span(line=2, column=3, end_line=4, end_column=1)

    assert github.annotation(finding(span=span)).startswith(
        "::error file=.python-version,line=2,endLine=4,title="
    )


def test_errors_come_first_and_each_level_is_capped():
    findings = [finding(severity=Severity.NOTICE, line=n) for n in range(1, 13)]
    findings += [finding(severity=Severity.ERROR, line=n) for n in range(1, 4)]

    lines = github.annotation_lines(result_of(*findings), per_level=10)

    assert [line.split(" ")[0] for line in lines] == ["::error"] * 3 + ["::notice"] * 10
    assert github.omitted(result_of(*findings), 10) == {Severity.NOTICE: 2}


def test_path_prefix_makes_paths_repository_relative():
    line = github.annotation(finding(file="Dockerfile"), path_prefix="services/api/")

    assert "file=services/api/Dockerfile," in line


def test_cli_github_format_prints_all_annotations(tmp_path, capsys):
    (tmp_path / ".python-version").write_text("3.9\n")
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\n")
    (tmp_path / "runtime.txt").write_text("python-3.12.1\n")

    code = cli.main(["check", str(tmp_path), "--format", "github", "--today", str(TODAY)])

    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("::error file=.python-version,line=1,")


def test_markdown_has_findings_and_a_table_per_scope():
    declarations = [
        runtime_pin(".python-version", "3.12"),
        runtime_pin("Dockerfile", "3.12.7"),
        supported("pyproject.toml", ">=3.12"),
    ]
    text = markdown.render(
        result_of(finding(message="a | b <script>"), declarations=declarations),
        today=TODAY,
        link_base="https://github.com/o/r/blob/abc/",
    )

    assert text.startswith("## :x: pyparity: 1 error\n")
    assert "at the root, the runtime is Python 3.12." in text
    assert "a \\| b &lt;script&gt;" in text
    assert "[.python-version:1](https://github.com/o/r/blob/abc/.python-version#L1)" in text
    assert "#### Scope ." in text
    assert "| [Dockerfile](https://github.com/o/r/blob/abc/Dockerfile#L1) | 1 | 3.12.7 |" in text


def test_markdown_for_a_clean_result():
    text = markdown.render(result_of(), today=TODAY)

    assert text.startswith("## :white_check_mark: pyparity: no drift")
    assert "### Findings" not in text


@pytest.mark.parametrize(
    ("versions", "agreed"),
    [
        pytest.param(("3.12", "3.12.7"), "3.12", id="agree"),
        pytest.param(("3.11", "3.12"), None, id="disagree"),
        pytest.param((), None, id="none"),
    ],
)
def test_agreed_runtime(versions, agreed):
    declarations = [runtime_pin(f"f{n}", v) for n, v in enumerate(versions)]

    minor = markdown.agreed_runtime(result_of(declarations=declarations), TODAY)

    assert (str(minor) if minor else None) == agreed


def test_sarif_document_is_2_1_0_with_rules_help_and_fingerprints():
    related = (Location(file="Dockerfile", line=1),)
    doc = sarif.document(
        result_of(finding(message="x at Dockerfile:1", related=related)), path_prefix="app"
    )

    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    (item,) = run["results"]
    assert doc["version"] == "2.1.0"
    assert [rule["id"] for rule in rules] == list(rule_names())
    assert rules[item["ruleIndex"]]["id"] == "pin-mismatch"
    assert "**How to fix.**" in rules[item["ruleIndex"]]["help"]["markdown"]
    location = item["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/.python-version", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 5}
    assert item["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "app/Dockerfile"
    )
    assert item["level"] == "error"


def test_fingerprint_survives_line_moves_but_not_other_changes():
    moved = finding(line=7, message="x at Dockerfile:9")

    assert sarif.fingerprint(finding(message="x at Dockerfile:1")) == sarif.fingerprint(moved)
    assert sarif.fingerprint(finding(message="y")) != sarif.fingerprint(finding(message="x"))


def test_cli_sarif_format(tmp_path, capsys):
    (tmp_path / ".python-version").write_text("3.9\n")
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\n")

    cli.main(["check", str(tmp_path), "--format", "sarif", "--today", str(TODAY)])

    doc = json.loads(capsys.readouterr().out)
    assert doc["runs"][0]["results"][0]["level"] == "error"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dockerfile:1 pins python:3@sha256:0123abcd (today 3.15)", id="digest"),
        pytest.param("packages/@acme/api/pyproject.toml", id="scoped-folder"),
        pytest.param("@octocat", id="start"),
    ],
)
def test_cells_never_mention_anyone(text):
    """PR comments and audit issues notify whoever they @-mention (GitHub's mention pattern
    needs a letter or digit right after the @)."""
    import re

    shown = markdown.cell(text)

    assert not re.search(r"@[A-Za-z0-9]", shown)
    assert shown.replace("@&#8203;", "@") == text
