"""## patch-mismatch (warning; error with `precision = "patch"`)

**What it does.** Among runtime pins of the same minor that are pinned to a patch release,
flags those that name a different patch (3.11.4 next to 3.11.13).

**Why it matters.** Patch releases fix bugs and security holes; two environments on
different patches can behave differently, and the older one misses fixes.

**Example.** `Dockerfile` has `FROM python:3.11.4-slim`, `.python-version` has `3.11.13`.

**How to fix.** Pin the same patch everywhere, or pin only the minor (`3.11`) where the
exact patch does not matter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, is_runtime_pin, minor_at, places

NAME = "patch-mismatch"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    by_minor: dict[Minor, dict[str, list[Declaration]]] = defaultdict(lambda: defaultdict(list))
    for declaration in scope.declarations:
        requirement = declaration.requirement
        minor = minor_at(declaration, scope.today)
        if (
            minor is None
            or requirement is None
            or not requirement.patch_pinned
            or not is_runtime_pin(declaration)
            or requirement.version is None
        ):
            continue
        by_minor[minor][requirement.version].append(declaration)
    severity = Severity.ERROR if scope.precision == "patch" else SEVERITY
    for versions in by_minor.values():
        if len(versions) < 2:
            continue
        largest = max(len(group) for group in versions.values())
        leaders = [v for v, group in versions.items() if len(group) == largest]
        for version, group in versions.items():
            if len(leaders) == 1 and version == leaders[0]:
                continue
            others = [d for v, g in versions.items() if v != version for d in g]
            for declaration in group:
                yield finding(
                    NAME,
                    severity,
                    declaration,
                    f"{declaration.where} pins {version} but {places(others)} "
                    f"{'pins' if len(others) == 1 else 'pin'} "
                    + ", ".join(
                        sorted({d.requirement.version or "" for d in others if d.requirement})
                    ),
                    others,
                )
