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
    "matrix_axis_unused",
    "unknown_version",
    "floating_version",
    "unresolved",
    "parse_error",
    "end_of_life",
    "end_of_life_soon",
    "patch_behind",
    "stale_release_data",
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


AUDIT_ONLY = frozenset({"end_of_life", "end_of_life_soon", "patch_behind", "stale_release_data"})
"""The modules of the rules only an audit runs (each says `AUDIT_ONLY = True`): a check does
not import them."""


def rule_name(module_name: str) -> str:
    """A rule's name from its module's (`pin_mismatch`: `pin-mismatch`, the module's `NAME`)."""
    return module_name.replace("_", "-")


NAMES = tuple(rule_name(module_name) for module_name in MODULES)


@cache
def _load(module_name: str) -> Rule:
    module = importlib.import_module(f"pyparity.rules.{module_name}")
    return Rule(
        name=module.NAME,
        severity=module.SEVERITY,
        doc=(module.__doc__ or "").strip(),
        check=module.check,
        audit_only=getattr(module, "AUDIT_ONLY", False),
    )


@cache
def registry() -> tuple[Rule, ...]:
    return tuple(_load(module_name) for module_name in MODULES)


def enabled(*, audit: bool, enable: frozenset[str], disable: frozenset[str]) -> tuple[Rule, ...]:
    """The rules a run with these settings applies (importing no other): not disabled, and
    not audit-only unless auditing or enabled by name."""
    chosen = []
    for module_name in MODULES:
        name = rule_name(module_name)
        if name in disable:
            continue
        if module_name in AUDIT_ONLY and not audit and name not in enable:
            continue
        chosen.append(_load(module_name))
    return tuple(chosen)


def rule_names() -> tuple[str, ...]:
    return NAMES


def get(name: str) -> Rule | None:
    return next((rule for rule in registry() if rule.name == name), None)
