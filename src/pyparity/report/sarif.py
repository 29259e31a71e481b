"""SARIF 2.1.0 for code scanning: one rule per pyparity rule (help text from its doc, as
`pyparity explain` prints it), one result per finding with a repository-relative location
and a partial fingerprint that survives unrelated edits moving the line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from urllib.parse import quote

from pyparity import __version__, lazy_re
from pyparity.model import Finding, Result, Severity, Span
from pyparity.report.github import repo_path
from pyparity.rules import Rule, registry

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
_LINE_NUMBERS = lazy_re.compile(r":\d+\b")


def render(result: Result, *, today: dt.date, path_prefix: str = "") -> str:
    del today
    return json.dumps(document(result, path_prefix=path_prefix), indent=2) + "\n"


def document(result: Result, *, path_prefix: str = "") -> dict[str, Any]:
    rules = registry()
    index = {rule.name: position for position, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pyparity",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "repository root"}}},
                "results": [
                    sarif_result(finding, index.get(finding.rule), path_prefix)
                    for finding in result.findings
                ],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.name,
        "name": "".join(part.title() for part in rule.name.split("-")),
        "shortDescription": {"text": _first_sentence(_what_it_does(rule))},
        "fullDescription": {"text": _what_it_does(rule)},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["python-version", "drift"]},
    }


def _what_it_does(rule: Rule) -> str:
    """The doc's first paragraph after its heading, flattened to one line."""
    paragraphs = [p for p in rule.doc.split("\n\n") if p.strip() and not p.startswith("#")]
    text = " ".join((paragraphs[0] if paragraphs else rule.name).split())
    return text.replace("**What it does.**", "").strip() or rule.name


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + dot.strip()


def sarif_result(finding: Finding, rule_index: int | None, path_prefix: str) -> dict[str, Any]:
    span = finding.span
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact(finding.file, path_prefix),
                    "region": region(span),
                }
            }
        ],
        "partialFingerprints": {"pyparity/v1": fingerprint(finding, path_prefix)},
    }
    if rule_index is not None:
        entry["ruleIndex"] = rule_index
    if finding.related:
        entry["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": artifact(r.file, path_prefix),
                    "region": {"startLine": r.line},
                },
            }
            for number, r in enumerate(finding.related)
        ]
    return entry


def artifact(file: str, path_prefix: str) -> dict[str, str]:
    """A relative URI reference: `%`, `#`, `?`, spaces and `:` in a name are percent-encoded
    (upload-sarif decodes the URI, and a raw `%` would not decode)."""
    return {"uri": quote(repo_path(file, path_prefix), safe="/"), "uriBaseId": "%SRCROOT%"}


def region(span: Span) -> dict[str, int]:
    """1-based, end column exclusive; on one line the end is never before the start."""
    end_column = span.end_column
    if span.end_line == span.line:
        end_column = max(end_column, span.column)
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": end_column,
    }


def fingerprint(finding: Finding, path_prefix: str = "") -> str:
    """Stable across line moves: the rule, the file and the message without line numbers."""
    message = _LINE_NUMBERS.sub("", finding.message)
    key = "\0".join((finding.rule, repo_path(finding.file, path_prefix), message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
