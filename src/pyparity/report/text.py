"""The report for people: `path:line:col: severity [rule] message`, then a table of what
each file declares, per scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pyparity.model import Declaration, Result, Severity
from pyparity.rules._shared import spelled
from pyparity.support import render_support_window, support_window


def render(result: Result, *, today: dt.date, show_table: bool = True, audit: bool = False) -> str:
    lines = [
        f"{f.file}:{f.span.line}:{f.span.column}: {f.severity.value} [{f.rule}] {f.message}"
        for f in result.findings
    ]
    lines += [f"{u.file}:{u.line}: unused ignore comment" for u in result.unused_ignores]
    if lines:
        lines.append("")
    if show_table and result.declarations:
        lines += version_table(result, today)
        lines.append("")
    if audit:
        lines += [*render_support_window(support_window(result, today)), ""]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def version_table(result: Result, today: dt.date) -> list[str]:
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in result.declarations:
        by_scope[declaration.scope].append(declaration)
    lines: list[str] = []
    for scope_name in sorted(by_scope):
        rows = [
            (
                f"{d.file}:{d.span.line}",
                spelled(d, today),
                d.role.value + (f" ({d.purpose.value})" if d.purpose else ""),
                d.context,
            )
            for d in by_scope[scope_name]
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines.append(f"scope {scope_name}:")
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            lines.append(("  " + "  ".join(cells) + "  " + row[3]).rstrip())
    return lines


def summary(result: Result) -> str:
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    notices = result.count(Severity.NOTICE)
    if not result.findings:
        verdict = "no drift"
    else:
        verdict = f"{errors} error(s), {warnings} warning(s), {notices} notice(s)"
    return (
        f"pyparity: {verdict}; {len(result.declarations)} declaration(s) "
        f"in {result.files_scanned} file(s)"
    )
