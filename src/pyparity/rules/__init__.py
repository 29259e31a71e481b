"""The rule registry. Each rule is a module with `NAME`, `SEVERITY`, a docstring (its user
doc, printed by `pyparity explain`) and `check(scope) -> Iterable[Finding]`.

Rules see one scope's declarations and the configuration; they know nothing of files,
formats or GitHub.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from functools import cache

from pyparity.model import Declaration, Finding, Severity
from pyparity.records import record

MODULES: tuple[str, ...] = (
    "pin_mismatch",
    "patch_mismatch",
    "outside_range",
    "stage_mismatch",
    "matrix_misses_pin",
    "matrix_misses_floor",
    "classifier_mismatch",
    "target_mismatch",
    "range_without_floor",
    "matrix_mismatch",
    "wheels_mismatch",
    "yaml_float",
    "unknown_version",
    "floating_version",
    "unresolved",
    "parse_error",
    "end_of_life",
    "end_of_life_soon",
    "patch_behind",
    "stale_data",
    "code_floor",
)


@record
class ScopeInput:
    """What a rule sees: one scope's declarations and the settings that shape judgement."""

    scope: str
    declarations: tuple[Declaration, ...]
    today: dt.date
    precision: str = "minor"
    source_of_truth: str | None = None
    audit: bool = False


@record
class Rule:
    """A rule: its name, default severity, documentation and check."""

    name: str
    severity: Severity
    doc: str
    check: Callable[[ScopeInput], Iterable[Finding]]
    audit_only: bool = False


@cache
def registry() -> tuple[Rule, ...]:
    rules = []
    for module_name in MODULES:
        module = importlib.import_module(f"pyparity.rules.{module_name}")
        rules.append(
            Rule(
                name=module.NAME,
                severity=module.SEVERITY,
                doc=(module.__doc__ or "").strip(),
                check=module.check,
                audit_only=getattr(module, "AUDIT_ONLY", False),
            )
        )
    return tuple(rules)


def rule_names() -> tuple[str, ...]:
    return tuple(rule.name for rule in registry())


def get(name: str) -> Rule | None:
    return next((rule for rule in registry() if rule.name == name), None)
