"""## patch-behind (notice; audit only)

**What it does.** Flags a pin or CI matrix entry written down to the patch (`3.11.4`,
`python:3.11.4-slim`) when pyparity knows a newer patch release of that minor (in
`pyparity audit` only). Minors past their end of life are left to `end-of-life`.

**Why it matters.** Patch releases carry bug and security fixes and nothing else; an
exact pin never moves by itself, so it falls further behind with every release.

**Example.** `FROM python:3.11.4-slim`:
`Dockerfile:1: 3.11.4 is behind 3.11.14, the newest 3.11 patch pyparity knows`.

**How to fix.** Update the pin (a dependency bot can propose it), or pin only the minor
(`python:3.11-slim`) where the exact patch does not matter.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import InvalidVersion, Version

from pyparity.model import Finding, Severity
from pyparity.releases import load
from pyparity.rules import ScopeInput
from pyparity.rules._lifecycle import is_past_end_of_life, one_minor
from pyparity.rules._shared import finding

NAME = "patch-behind"
SEVERITY = Severity.NOTICE
AUDIT_ONLY = True


def check(scope: ScopeInput) -> Iterator[Finding]:
    for declaration in scope.declarations:
        minor = one_minor(declaration, scope.today)
        requirement = declaration.requirement
        if (
            minor is None
            or requirement is None
            or not requirement.patch_pinned
            or requirement.version is None
            or is_past_end_of_life(minor, scope.today)
        ):
            continue
        latest = load().by_minor[minor].latest
        if latest is not None and _older(requirement.version, latest):
            yield finding(
                NAME,
                SEVERITY,
                declaration,
                f"{declaration.where}: {requirement.version} is behind {latest}, "
                f"the newest {minor} patch pyparity knows",
            )


def _older(version: str, latest: str) -> bool:
    try:
        return Version(version) < Version(latest)
    except InvalidVersion:
        return False
