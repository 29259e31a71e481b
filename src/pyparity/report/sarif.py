"""SARIF 2.1.0 for code scanning: one rule per pyparity rule (help text from its doc, as
`pyparity explain` prints it), one result per finding with a repository-relative location
and a partial fingerprint that survives unrelated edits moving the line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from pyparity import __version__
from pyparity.model import Finding, Result, Severity
from pyparity.report.github import repo_path
from pyparity.rules import Rule, registry

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
_LINE_NUMBERS = re.compile(r":\d+\b")


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
                    "artifactLocation": {
                        "uri": repo_path(finding.file, path_prefix),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.column,
                        "endLine": span.end_line,
                        "endColumn": max(span.end_column, span.column),
                    },
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
                    "artifactLocation": {
                        "uri": repo_path(r.file, path_prefix),
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": r.line},
                },
            }
            for number, r in enumerate(finding.related)
        ]
    return entry


def fingerprint(finding: Finding, path_prefix: str = "") -> str:
    """Stable across line moves: the rule, the file and the message without line numbers."""
    message = _LINE_NUMBERS.sub("", finding.message)
    key = "\0".join((finding.rule, repo_path(finding.file, path_prefix), message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
