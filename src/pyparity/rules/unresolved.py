"""## unresolved (notice)

**What it does.** Reports a Python version that cannot be known without running something:
`${{ inputs.python }}`, an output of an earlier step, a Dockerfile `ARG` with no default and
no build argument, a `python-version-file` that does not exist.

**Why it matters.** pyparity never guesses: the value is left out of the comparison, and
this notice tells you that part of the repository was not checked.

**Example.** `python-version: ${{ steps.pick.outputs.python }}`.

**How to fix.** Where you can, use a static value or `python-version-file`; otherwise
silence the line with `# pyparity: ignore[unresolved]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import (
    UNUSED_AXIS,
    UV_PIN_AXIS,
    VERSIONLESS_WHEEL,
    WHEEL_TESTS,
    WHEELS_FOR_THE_RANGE,
    Finding,
    Role,
    Severity,
)
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding

NAME = "unresolved"
# Notes of declarations that other rules read: no version left unknown.
_OTHER_RULES = frozenset(
    {UNUSED_AXIS, UV_PIN_AXIS, WHEELS_FOR_THE_RANGE, WHEEL_TESTS, VERSIONLESS_WHEEL}
)
SEVERITY = Severity.NOTICE


def check(scope: ScopeInput) -> Iterator[Finding]:
    for declaration in scope.declarations:
        if declaration.role is not Role.UNRESOLVED or declaration.note in _OTHER_RULES:
            continue  # (an axis no step uses: matrix-axis-unused says so)
        why = f" ({declaration.note})" if declaration.note else ""
        yield finding(
            NAME,
            SEVERITY,
            declaration,
            f"{declaration.where}: {_shortened(declaration.raw)!r} cannot be resolved "
            f"statically{why}; it is left out of the comparison",
        )


def _shortened(text: str, limit: int = 80) -> str:
    """A whole `textwrap.dedent(\"\"\"...\"\"\")` call would drown the message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
