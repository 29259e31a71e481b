"""## patch-mismatch (warning; error with `precision = "patch"`)

**What it does.** Among runtime pins of the same minor that are pinned to a patch release,
flags those that name a different patch (3.11.4 next to 3.11.13). As for `pin-mismatch`,
files vote and one disagreement is one finding: on each file that differs from the
majority, or once, listing every side, when no patch has a majority.

**Why it matters.** Patch releases fix bugs and security holes; two environments on
different patches can behave differently, and the older one misses fixes.

**Example.** `Dockerfile` has `FROM python:3.11.4-slim`, `.python-version` has `3.11.13`.

**How to fix.** Pin the same patch everywhere, or pin only the minor (`3.11`) where the
exact patch does not matter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, is_runtime_pin, minor_at, places
from pyparity.rules._votes import Ballot, agreed, count, everyone, fixed_place

NAME = "patch-mismatch"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    by_minor: dict[Minor, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        requirement = declaration.requirement
        minor = minor_at(declaration, scope.today)
        if (
            minor is not None
            and requirement is not None
            and requirement.patch_pinned
            and requirement.version is not None
            and is_runtime_pin(declaration)
            and not declaration.may_fail
        ):
            by_minor[minor].append(declaration)
    severity = Severity.ERROR if scope.precision == "patch" else SEVERITY
    for pins in by_minor.values():
        ballot = count(pins, _version)
        if len(ballot) < 2:
            continue
        settled = agreed(ballot, scope.source_of_truth)
        if not settled:
            everybody = everyone(ballot)
            first = fixed_place(everybody)
            yield finding(
                NAME,
                severity,
                first,
                f"the patch pins of {minor_at(first, scope.today)} disagree and none has a "
                f"majority: {_describe(ballot, None)}",
                [d for d in everybody if d is not first],
            )
            continue
        for version, by_voter in sorted(ballot.items(), key=_numeric):
            if version in settled:
                continue
            for declarations in by_voter.values():
                first = declarations[0]
                also = f" (so does {places(declarations[1:])})" if len(declarations) > 1 else ""
                yield finding(
                    NAME,
                    severity,
                    first,
                    f"{first.where} pins {version}{also} but {_describe(ballot, version)}",
                    [*declarations[1:], *everyone(ballot, except_value=version)],
                )


def _numeric(item: tuple[str, object]) -> tuple[int, ...]:
    """`3.6.10` after `3.6.9`."""
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\D]", item[0]))


def _version(declaration: Declaration) -> str:
    requirement = declaration.requirement
    return requirement.version or "" if requirement else ""


def _describe(ballot: Ballot[str], exclude: str | None) -> str:
    parts = []
    for version, voters in sorted(ballot.items(), key=_numeric):
        if version == exclude:
            continue
        group = [d for ds in voters.values() for d in ds]
        verb = "pins" if len({d.where for d in group}) == 1 else "pin"
        parts.append(f"{places(group)} {verb} {version}")
    return "; ".join(parts)
