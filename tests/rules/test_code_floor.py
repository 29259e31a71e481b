"""The code-floor rule module: registered, documented, and quiet on its own."""

from __future__ import annotations

from helpers import runtime_pin, scope_of, supported

from pyparity import rules
from pyparity.model import Severity
from pyparity.rules import code_floor


def test_registered_as_an_error() -> None:
    rule = rules.get("code-floor")
    assert rule is not None
    assert rule.severity is Severity.ERROR
    assert not rule.audit_only


def test_doc_has_the_sections_explain_prints() -> None:
    doc = code_floor.__doc__ or ""
    for section in ("**What it does.**", "**Why it matters.**", "**Example.**", "**How to fix.**"):
        assert section in doc
    assert "datetime.UTC" in doc


def test_check_yields_nothing_because_the_code_scan_reports() -> None:
    scope = scope_of(supported("pyproject.toml", ">=3.9"), runtime_pin(".python-version", "3.9"))
    assert list(code_floor.check(scope)) == []
