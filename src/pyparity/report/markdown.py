"""A Markdown report: the verdict, every finding, and a table of every declaration per
scope. The Action writes it to the job summary and, shortened, to the sticky PR comment.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from urllib.parse import quote

from pyparity import lazy_re
from pyparity.model import Declaration, Finding, Minor, Result, Severity
from pyparity.records import record
from pyparity.report.github import repo_path
from pyparity.report.text import visible
from pyparity.rules._shared import is_runtime_pin, minor_at, spelled

ICONS = {
    Severity.ERROR: ":x:",
    Severity.WARNING: ":warning:",
    Severity.NOTICE: ":information_source:",
}
_MENTION = lazy_re.compile(r"@(?=[A-Za-z0-9])")
_WWW = lazy_re.compile(r"(www)\.", re.IGNORECASE)
_ZERO_WIDTH_SPACE = "&#8203;"  # shown as nothing, but no longer part of a mention or link
_MARKDOWN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\`*_[]#|~"})


def render(
    result: Result,
    *,
    today: dt.date,
    title: str = "pyparity",
    path_prefix: str = "",
    link_base: str | None = None,
    notes: tuple[str, ...] = (),
    declarations: bool = True,
) -> str:
    """`link_base` (`https://github.com/o/r/blob/SHA/`) turns locations into links."""
    places = _Places(path_prefix=path_prefix, link_base=link_base)
    lines = [f"## {heading(result, title)}", "", facts(result, today), ""]
    lines += [f"> {note}" for note in notes] + ([""] if notes else [])
    if result.findings:
        lines += findings_table(result.findings, places)
    if declarations and result.declarations:
        lines += declarations_tables(result, today, places)
    return "\n".join(lines).rstrip("\n") + "\n"


def heading(result: Result, title: str) -> str:
    if not result.findings:
        return f":white_check_mark: {title}: no drift"
    icon = ICONS[max((f.severity for f in result.findings), key=lambda s: s.rank)]
    return f"{icon} {title}: {verdict(result)}"


def verdict(result: Result) -> str:
    """`1 error, 2 warnings` or `no drift`."""
    levels = (Severity.ERROR, Severity.WARNING, Severity.NOTICE)
    counts = [(result.count(level), level.value) for level in levels]
    said = ", ".join(f"{n} {name}{'' if n == 1 else 's'}" for n, name in counts if n)
    return said or "no drift"


def facts(result: Result, today: dt.date) -> str:
    minor = agreed_runtime(result, today)
    runtime = f"the runtime is Python {minor}" if minor else "no single runtime Python is agreed"
    left_out = f" {result.left_out_summary().capitalize()}." if result.left_out else ""
    return (
        f"{len(result.declarations)} declaration(s) in {result.files_scanned} file(s), "
        f"{len(result.scopes)} scope(s); at the root, {runtime}.{left_out}"
    )


def agreed_runtime(result: Result, today: dt.date) -> Minor | None:
    """The root scope's runtime minor when every runtime pin there agrees, else None."""
    minors = {
        minor_at(d, today) for d in result.declarations if d.scope == "." and is_runtime_pin(d)
    }
    minors.discard(None)
    return next(iter(minors)) if len(minors) == 1 else None


def findings_table(findings: tuple[Finding, ...], places: _Places) -> list[str]:
    lines = ["### Findings", "", "| Level | Rule | Where | Message |", "| --- | --- | --- | --- |"]
    for finding in sorted(findings, key=lambda f: -f.severity.rank):
        level = f"{ICONS[finding.severity]} {finding.severity.value}"
        where = places.link(finding.file, finding.line)
        lines.append(f"| {level} | `{finding.rule}` | {where} | {cell(finding.message)} |")
    return [*lines, ""]


def declarations_tables(result: Result, today: dt.date, places: _Places) -> list[str]:
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in result.declarations:
        by_scope[declaration.scope].append(declaration)
    lines = ["### Declarations", ""]
    for scope_name in sorted(by_scope):
        lines += [
            f"#### Scope {cell(scope_name)}",
            "",
            "| File | Line | Version | Role | Context |",
            "| --- | --- | --- | --- | --- |",
        ]
        for d in by_scope[scope_name]:
            role = d.role.value + (f" ({d.purpose.value})" if d.purpose else "")
            file = places.link(d.file, d.line, show_line=False)
            lines.append(
                f"| {file} | {d.line} | {cell(spelled(d, today))} | {role} | {cell(d.context)} |"
            )
        lines.append("")
    return lines


def cell(text: str) -> str:
    """Text safe inside a table cell: no HTML, no Markdown syntax, no line breaks, no
    @-mention (`python:3@sha256:...` in a PR comment or issue would notify a user `sha256`),
    no link (GitHub links a bare `https://...` or `www.host`, and an image name or job id
    could point readers anywhere), and control characters and bidirectional overrides
    shown as escapes. A zero-width space after `@`, before `://` and inside `www.` breaks
    GitHub's autolinks and reads the same."""
    escaped = html.escape(visible(text, line_breaks=True), quote=False)
    escaped = escaped.translate(_MARKDOWN_SPECIALS)
    escaped = _MENTION.sub(f"@{_ZERO_WIDTH_SPACE}", escaped)
    escaped = escaped.replace("://", f"{_ZERO_WIDTH_SPACE}://")
    escaped = _WWW.sub(rf"\1{_ZERO_WIDTH_SPACE}.", escaped)
    return escaped.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


@record
class _Places:
    """How a file's place is written: its path in the repository, linked or not."""

    path_prefix: str
    link_base: str | None

    def link(self, file: str, line: int, *, show_line: bool = True) -> str:
        path = repo_path(file, self.path_prefix)
        label = cell(f"{path}:{line}" if show_line else path)
        if self.link_base is None:
            return label
        return f"[{label}]({self.link_base}{quote(path)}#L{line})"
