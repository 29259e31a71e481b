"""## floating-version (notice; warning in audits)

**What it does.** Flags an unpinned spelling — `python:3`, `python:latest`, `3.x`, a
setup-python range — and says what it means today. A tooling pin (a lint, docs or release
job, pre-commit) stays a notice in audits: running tools on the newest Python is a choice,
and `outside-range` still speaks if it leaves the supported range.

**Why it matters.** A floating version changes under you: the day a new Python is
released, `python:3` moves to it and the image, CI and laptops drift apart with no
change in the repository. A floating tag outside the supported range is also an
`outside-range` error.

**Example.** `FROM python:3-slim` currently means 3.15.

**How to fix.** Pin a minor (`python:3.12-slim`) and let a dependency bot propose updates.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Finding, Purpose, Role, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, minor_at

NAME = "floating-version"
SEVERITY = Severity.NOTICE


def check(scope: ScopeInput) -> Iterator[Finding]:
    for declaration in scope.declarations:
        requirement = declaration.requirement
        if requirement is None or not requirement.floating or declaration.role is Role.RANGE:
            continue
        tooling = declaration.purpose is Purpose.TOOLING
        severity = Severity.WARNING if scope.audit and not tooling else SEVERITY
        minor = minor_at(declaration, scope.today)
        today = f"; on {scope.today.isoformat()} it means {minor}" if minor else ""
        yield finding(
            NAME,
            severity,
            declaration,
            f"{declaration.where}: {declaration.raw} is not pinned to a minor version{today}",
        )
