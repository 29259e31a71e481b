"""GitHub workflow-command annotations: one `::error file=...::message` line per finding.

Errors come first. The runner shows at most 10 annotations of each level per step, so the
Action passes `per_level=10` and lists everything in the job summary instead; the CLI
prints all of them. Paths are made relative to the repository with `path_prefix` when the
scanned root is a subdirectory.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter

from pyparity.gh.commands import command
from pyparity.model import Finding, Result, Severity

RUNNER_LIMIT_PER_LEVEL = 10


def render(
    result: Result, *, today: dt.date, per_level: int | None = None, path_prefix: str = ""
) -> str:
    del today  # annotations say nothing time-dependent beyond the findings themselves
    lines = annotation_lines(result, per_level=per_level, path_prefix=path_prefix)
    return "".join(line + "\n" for line in lines)


def annotation_lines(
    result: Result, *, per_level: int | None = None, path_prefix: str = ""
) -> list[str]:
    shown: Counter[Severity] = Counter()
    lines = []
    for finding in ordered(result.findings):
        if per_level is not None and shown[finding.severity] >= per_level:
            continue
        shown[finding.severity] += 1
        lines.append(annotation(finding, path_prefix=path_prefix))
    for unused in result.unused_ignores:
        location = {"file": repo_path(unused.file, path_prefix), "line": unused.line}
        lines.append(command("warning", "unused ignore comment", location))
    return lines


def omitted(result: Result, per_level: int) -> dict[Severity, int]:
    """How many findings of each level the runner's per-level limit leaves unannotated."""
    counts = Counter(finding.severity for finding in result.findings)
    return {level: count - per_level for level, count in counts.items() if count > per_level}


def ordered(findings: tuple[Finding, ...]) -> list[Finding]:
    return sorted(findings, key=lambda f: -f.severity.rank)


def annotation(finding: Finding, *, path_prefix: str = "") -> str:
    span = finding.span
    properties: dict[str, object] = {
        "file": repo_path(finding.file, path_prefix),
        "line": span.line,
        "endLine": span.end_line,
    }
    if span.end_line == span.line:
        properties["col"] = span.column
        properties["endColumn"] = span.end_column
    properties["title"] = f"pyparity {finding.rule}"
    return command(finding.severity.value, finding.message, properties)


def repo_path(file: str, path_prefix: str) -> str:
    prefix = path_prefix.strip("/")
    if prefix in {"", "."}:
        return file
    return posixpath.normpath(posixpath.join(prefix, file))
