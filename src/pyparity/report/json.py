"""The JSON report: the stable contract (`schema: 1`; the README's "JSON output")."""

from __future__ import annotations

import json
from typing import Any

from pyparity import __version__
from pyparity.model import Declaration, Finding, Result, Severity

SCHEMA = 1


def render(result: Result) -> str:
    return json.dumps(document(result), indent=2) + "\n"


def document(result: Result) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "pyparity", "version": __version__},
        "root": result.root,
        "declarations": [declaration(d) for d in result.declarations],
        "findings": [finding(f) for f in result.findings],
        "left_out": [{"file": item.file, "reason": item.reason} for item in result.left_out],
        "summary": {
            "files_scanned": result.files_scanned,
            "declarations": len(result.declarations),
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "notices": result.count(Severity.NOTICE),
            "left_out": len(result.left_out),
        },
    }


def declaration(item: Declaration) -> dict[str, Any]:
    requirement = item.requirement
    return {
        "file": item.file,
        "line": item.span.line,
        "column": item.span.column,
        "end_line": item.span.end_line,
        "end_column": item.span.end_column,
        "source": item.source,
        "role": item.role.value,
        "raw": item.raw,
        "implementation": item.implementation,
        "specifier": requirement.specifier if requirement else None,
        "minors": [str(m) for m in requirement.minors] if requirement else [],
        "scope": item.scope,
        "purpose": item.purpose.value if item.purpose else None,
        "context": item.context,
    }


def finding(item: Finding) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "severity": item.severity.value,
        "file": item.file,
        "line": item.span.line,
        "column": item.span.column,
        "end_line": item.span.end_line,
        "end_column": item.span.end_column,
        "message": item.message,
        "related": [{"file": r.file, "line": r.line} for r in item.related],
    }
