"""Small helpers the rules share: describing declarations and building findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pyparity.model import Declaration, Finding, Location, Minor, Purpose, Role, Severity
from pyparity.versions import effective_minor

PINNED_ROLES = (Role.PIN, Role.FLOATING)
CI_SOURCES = frozenset({"workflow", "gitlab-ci", "circleci", "azure-pipelines", "travis"})


def finding(
    rule: str,
    severity: Severity,
    declaration: Declaration,
    message: str,
    related: Iterable[Declaration] = (),
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        file=declaration.file,
        span=declaration.span,
        message=message,
        related=tuple(Location(file=d.file, line=d.line) for d in related),
    )


def spelled(declaration: Declaration, today: dt.date) -> str:
    """How to name what a declaration says: `3.11.13`, `3.11`, `3.x (today 3.15)`."""
    requirement = declaration.requirement
    if requirement is None or declaration.role is Role.RANGE:
        return declaration.raw
    if requirement.floating:
        minor = effective_minor(requirement, today)
        return f"{declaration.raw} (today {minor})" if minor else declaration.raw
    if requirement.version:
        prefix = "" if requirement.implementation == "cpython" else requirement.implementation
        return f"{prefix}{requirement.version}"
    minor = effective_minor(requirement, today)
    return str(minor) if minor else declaration.raw


def minor_at(declaration: Declaration, today: dt.date) -> Minor | None:
    if declaration.requirement is None:
        return None
    return effective_minor(declaration.requirement, today)


def is_runtime_pin(declaration: Declaration) -> bool:
    """Pins that name the project's runtime (DESIGN.md §5.1)."""
    if declaration.role not in PINNED_ROLES:
        return False
    if declaration.purpose is Purpose.RUNTIME:
        return True
    return (
        declaration.purpose is Purpose.BUILD
        and declaration.ships
        and declaration.source != "dockerfile"
    )


def places(declarations: Iterable[Declaration]) -> str:
    """`A:1, B:2 and C:3`."""
    names = [d.where for d in declarations]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(declarations: list[Declaration], one: str, many: str) -> str:
    return one if len(declarations) == 1 else many


def verb(declaration: Declaration) -> str:
    """What a declaration does with its minor: classifiers and pyenv's extra lines only list
    it; cibuildwheel builds wheels for it; a CI matrix, tox env list or nox session tests it."""
    if declaration.role is not Role.MATRIX:
        return "pins"
    if declaration.group.endswith((" classifiers", " installed")):
        return "lists"
    if declaration.group.endswith(" cibuildwheel"):
        return "builds wheels for"
    return "tests"
