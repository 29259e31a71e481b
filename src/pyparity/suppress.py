"""Inline ignores: `# pyparity: ignore[rule-a,rule-b]` (or `//` in JSONC) on the finding's
line or the line above; a bare `# pyparity: ignore` silences every rule on that line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from pyparity.model import Finding
from pyparity.records import record


@cache
def _ignore_re() -> re.Pattern[str]:
    return re.compile(r"(?:#|//)\s*pyparity:\s*ignore(?:\[(?P<rules>[^\]]*)\])?")


@record
class Ignore:
    """An ignore comment: its file, line and rules (None: every rule)."""

    file: str
    line: int
    rules: frozenset[str] | None  # None: every rule


def ignores_in(path: str, lines: Sequence[str]) -> list[Ignore]:
    found = []
    for number, line in enumerate(lines, start=1):
        if "pyparity" not in line:
            continue
        for match in _ignore_re().finditer(line):
            names = match["rules"]
            rules = (
                frozenset(n.strip() for n in names.split(",") if n.strip())
                if names is not None
                else None
            )
            found.append(Ignore(file=path, line=number, rules=rules))
    return found


def apply(
    findings: Sequence[Finding], lines_by_file: Mapping[str, Sequence[str]]
) -> tuple[list[Finding], list[Ignore]]:
    """Drop ignored findings; also return the ignores (in any file read) that matched nothing."""
    ignores = {path: ignores_in(path, lines) for path, lines in lines_by_file.items()}
    used: set[tuple[str, int]] = set()
    kept = []
    for finding in findings:
        matched = [
            ignore
            for ignore in ignores.get(finding.file, ())
            if ignore.line in {finding.line, finding.line - 1}
            and (ignore.rules is None or finding.rule in ignore.rules)
        ]
        if matched:
            used.update((ignore.file, ignore.line) for ignore in matched)
        else:
            kept.append(finding)
    unused = [
        ignore
        for found in ignores.values()
        for ignore in found
        if (ignore.file, ignore.line) not in used
    ]
    return kept, unused
