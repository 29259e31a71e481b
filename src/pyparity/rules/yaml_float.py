"""## yaml-float (error)

**What it does.** Flags a Python version written as an unquoted YAML (or JSON) number
whose value differs from its text: YAML reads `3.10` as the float 3.1.

**Why it matters.** GitHub Actions then asks setup-python for Python 3.1, which fails, or
for a different version than the one you meant. The matrix looks right to every reviewer.

**Example.** `python-version: [3.9, 3.10]` runs 3.9 and asks for "3.1".

**How to fix.** Quote every version in YAML: `python-version: ["3.9", "3.10"]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding

NAME = "yaml-float"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    for declaration in scope.declarations:
        if declaration.yaml_loaded_as is None:
            continue
        yield finding(
            NAME,
            SEVERITY,
            declaration,
            f"{declaration.where}: unquoted {declaration.raw} is read by {_format(declaration)} "
            f'as the number {declaration.yaml_loaded_as}; quote it: "{declaration.raw}"',
        )


def _format(declaration: Declaration) -> str:
    return "JSON" if declaration.file.endswith((".json", ".jsonc")) else "YAML"
