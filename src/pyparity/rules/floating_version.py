"""## floating-version (notice; warning in audits)

**What it does.** Flags an unpinned spelling — `python:3`, `python:latest`, `3.x`, a
setup-python range — and says what it means today. A tooling pin (a lint, docs or release
job) stays a notice in audits: running tools on the newest Python is a choice, and
`outside-range` still speaks if it leaves the supported range. `py3` / `pypy3` in a tox or
nox env list and `python3` for a tool environment or pre-commit are idiomatic and not
reported.

**Why it matters.** A floating version changes under you: the day a new Python is
released, `python:3` moves to it and the image, CI and laptops drift apart with no
change in the repository. A floating tag outside the supported range is also an
`outside-range` error.

**Example.** `FROM python:3-slim` currently means 3.15; the message names the pins that say
otherwise (`while .python-version:1 pins 3.12`). A floating spelling is never a pin: it
does not take part in `pin-mismatch`.

**How to fix.** Pin a minor (`python:3.12-slim`) and let a dependency bot propose updates.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Purpose, Role, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import (
    finding,
    is_runtime_pin,
    minor_at,
    places,
    restated,
    spelled,
)
from pyparity.rules._tested import is_ci

NAME = "floating-version"
SEVERITY = Severity.NOTICE


def check(scope: ScopeInput) -> Iterator[Finding]:
    repeats = restated(scope.declarations)
    pins = [d for d in scope.declarations if is_runtime_pin(d) and id(d) not in repeats]
    for declaration in scope.declarations:
        requirement = declaration.requirement
        if requirement is None or not requirement.floating or declaration.role is Role.RANGE:
            continue
        if _idiomatic(declaration):
            continue
        tooling = declaration.purpose is Purpose.TOOLING
        severity = Severity.WARNING if scope.audit and not tooling else SEVERITY
        minor = minor_at(declaration, scope.today)
        today = f"; on {scope.today.isoformat()} it means {minor}" if minor else ""
        differ = [
            d for d in pins if (pinned := minor_at(d, scope.today)) is not None and pinned != minor
        ]
        yield finding(
            NAME,
            severity,
            declaration,
            f"{declaration.where}: {declaration.raw} is not pinned to a minor version{today}"
            + (f", while {_pinned(differ, scope)}" if minor and differ else ""),
            differ,
        )


def _pinned(pins: list[Declaration], scope: ScopeInput) -> str:
    """`.python-version:1 and ci.yml:15 pin 3.9; Dockerfile:1 pins 3.12`."""
    by_minor: dict[str, list[Declaration]] = {}
    for pin in pins:
        by_minor.setdefault(spelled(pin, scope.today), []).append(pin)
    return "; ".join(
        f"{places(group)} {'pins' if len(group) == 1 else 'pin'} {value}"
        for value, group in sorted(by_minor.items())
    )


def _idiomatic(declaration: Declaration) -> bool:
    """`py3` / `pypy3` in a tox or nox env list and `basepython = python3` for a lint env mean
    "whichever interpreter has that name" by design; only CI and runtime pins float by
    accident."""
    if is_ci(declaration):
        return False
    return declaration.role is Role.MATRIX or declaration.purpose is Purpose.TOOLING
