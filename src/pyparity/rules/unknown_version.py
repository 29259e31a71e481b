"""## unknown-version (error)

**What it does.** Flags a version that does not exist: a minor the release data does not
know (`3.19`), a patch beyond the last release of a finished minor (`3.8.25`), or text that
is no Python version at all.

**Why it matters.** The environment cannot be built (setup-python, pyenv or the image
pull fails), or a typo silently means something else.

**Example.** `python-version: "3.19"`.

**How to fix.** Correct the version. If a new Python has been released since this
pyparity was built, upgrade pyparity (the release data lives in
`data/python-releases.toml`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Finding, Severity
from pyparity.releases import load
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding

NAME = "unknown-version"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    newest = load().minors[-1]
    for declaration in scope.declarations:
        if declaration.requirement is None or not declaration.requirement.unknown:
            continue
        unknown = ", ".join(declaration.requirement.unknown)
        why = declaration.note or f"it knows CPython up to {newest}"
        yield finding(
            NAME,
            SEVERITY,
            declaration,
            f"{declaration.where}: {unknown} is not a Python version pyparity knows ({why})",
        )
