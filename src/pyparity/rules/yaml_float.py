"""## yaml-float (error)

**What it does.** Flags a Python version written as an unquoted YAML (or JSON) number
whose value differs from its text: YAML reads `3.10` as the float 3.1.

**Why it matters.** GitHub Actions then asks setup-python for Python 3.1, which fails, or
for a different version than the one you meant. The matrix looks right to every reviewer.

**Example.** `python-version: [3.9, 3.10]` runs 3.9 and asks for "3.1".

In a Travis or AppVeyor file left behind (another CI tests two Pythons or more) it is a
warning: the file most likely runs nothing now, and deleting it is as good a fix.

**How to fix.** Quote every version in YAML: `python-version: ["3.9", "3.10"]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import LEGACY_CI, finding
from pyparity.rules._tested import left_behind_ci

NAME = "yaml-float"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    left_behind: frozenset[str] | None = None
    for declaration in scope.declarations:
        if declaration.yaml_loaded_as is None:
            continue
        message = (
            f"{declaration.where}: unquoted {declaration.raw} is read by {_format(declaration)} "
            f'as the number {declaration.yaml_loaded_as}; quote it: "{declaration.raw}"'
        )
        severity = SEVERITY
        if declaration.source in LEGACY_CI:
            if left_behind is None:
                left_behind = left_behind_ci(scope.declarations)
            if declaration.source in left_behind:
                severity = Severity.WARNING
                message += (
                    f", or delete this {LEGACY_CI[declaration.source]} file: another CI runs "
                    "the tests"
                )
        yield finding(NAME, severity, declaration, message)


def _format(declaration: Declaration) -> str:
    return "JSON" if declaration.file.endswith((".json", ".jsonc")) else "YAML"
