"""The report for people: `path:line:col: severity [rule] message`, then a table of what
each file declares, per scope.

A terminal or a CI log obeys what it is sent, and file names, job ids and contexts are
written by whoever wrote the repository: every control character, escape sequence,
bidirectional override and line break in them is shown as an escape (`\\n`, `\\x1b`,
`\\u202e`), so no name can draw a line of its own ("pyparity: no drift"), clear one or
reorder what follows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pyparity.model import Declaration, Finding, Minor, Result, Severity
from pyparity.rules._shared import spelled

_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_SEPARATORS = "\u2028\u2029"
_CONTROLS = (
    *(chr(code) for code in range(0x20)),
    "\x7f",
    *(chr(code) for code in range(0x80, 0xA0)),  # C1, with NEL and CSI
    *_BIDI_CONTROLS,
    *_LINE_SEPARATORS,
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(character: str) -> str:
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_ESCAPES = str.maketrans({c: _escape(c) for c in _CONTROLS})
_ESCAPES_BUT_LINE_BREAKS = str.maketrans({c: _escape(c) for c in _CONTROLS if c not in "\r\n"})


def visible(text: str, *, line_breaks: bool = False) -> str:
    """`text` with its control characters, bidirectional controls and (unless
    `line_breaks`) line breaks written as escapes. Idempotent: escapes are printable."""
    return text.translate(_ESCAPES_BUT_LINE_BREAKS if line_breaks else _ESCAPES)


def render(
    result: Result,
    *,
    today: dt.date,
    show_table: bool = True,
    audit: bool = False,
    color: bool = False,
    hint: bool = False,
) -> str:
    """`color`: ANSI colours for a terminal (added after escaping, so the repository's text
    never carries one). `hint`: after the findings, point at `pyparity explain` and, when the
    table is not shown, at the flag that shows it."""
    lines = [_finding_line(f, color) for f in result.findings]
    lines += [
        f"{_paint(visible(f'{u.file}:{u.line}:'), 'path', color)} unused ignore comment"
        for u in result.unused_ignores
    ]
    if hint and result.findings:
        lines.append(_hint(result, show_table))
    if lines:
        lines.append("")
    if show_table and result.declarations:
        lines += [visible(line) for line in version_table(result, today)]
        lines.append("")
    if audit:
        from pyparity.support import render_support_window, support_window

        lines += [visible(line) for line in render_support_window(support_window(result, today))]
        lines.append("")
    if result.left_out:
        lines.append(visible(f"pyparity: {result.left_out_summary()}"))
    lines.append(_painted_summary(result, color))
    return "\n".join(lines) + "\n"


_STYLES = {
    "error": "1;31",
    "warning": "1;33",
    "notice": "36",
    "path": "1",
    "rule": "2",
    "clean": "1;32",
}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if color else text


def _finding_line(finding: Finding, color: bool) -> str:
    where = visible(f"{finding.file}:{finding.span.line}:{finding.span.column}:")
    severity = finding.severity.value
    return " ".join(
        (
            _paint(where, "path", color),
            _paint(severity, severity, color),
            _paint(f"[{visible(finding.rule)}]", "rule", color),
            visible(finding.message),
        )
    )


def _hint(result: Result, show_table: bool) -> str:
    rules = ", ".join(dict.fromkeys(f.rule for f in result.findings))
    hint = f"`pyparity explain RULE` for details ({visible(rules)})"
    if not show_table and result.declarations:
        hint += "; -v shows every declaration"
    return hint


def _painted_summary(result: Result, color: bool) -> str:
    line = visible(summary(result))
    if not color:
        return line
    if not result.findings:
        return line.replace("no drift", _paint("no drift", "clean", color), 1)
    for severity in ("error", "warning", "notice"):
        count = result.count(Severity(severity))
        if count:
            word = f"{count} {severity}(s)"
            line = line.replace(word, _paint(word, severity, color), 1)
    return line


def version_table(result: Result, today: dt.date, *, admitted: bool = False) -> list[str]:
    """Per scope, a row per declaration: where, what it says, its role (and purpose), and
    with `admitted` the known minors it admits; the context last."""
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in result.declarations:
        by_scope[declaration.scope].append(declaration)
    lines: list[str] = []
    for scope_name in sorted(by_scope):
        rows = [
            tuple(visible(cell) for cell in _row(d, today, admitted=admitted))
            for d in by_scope[scope_name]
        ]
        columns = len(rows[0]) - 1
        widths = [max(len(row[i]) for row in rows) for i in range(columns)]
        lines.append(f"scope {visible(scope_name)}:")
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(columns)]
            lines.append(("  " + "  ".join(cells) + "  " + row[-1]).rstrip())
    return lines


def _row(declaration: Declaration, today: dt.date, *, admitted: bool) -> tuple[str, ...]:
    purpose = f" ({declaration.purpose.value})" if declaration.purpose else ""
    cells = [
        f"{declaration.file}:{declaration.span.line}",
        spelled(declaration, today),
        declaration.role.value + purpose,
    ]
    if admitted:
        cells.append(_admitted(declaration))
    return (*cells, declaration.context)


def _admitted(declaration: Declaration) -> str:
    """`3.11`, `3.9-3.12`, `3.9, 3.12-3.16`: the known minors a declaration admits."""
    requirement = declaration.requirement
    if requirement is None or not requirement.minors:
        return "-"
    runs: list[list[Minor]] = []
    for minor in requirement.minors:
        if runs and runs[-1][-1].major == minor.major and runs[-1][-1].minor + 1 == minor.minor:
            runs[-1].append(minor)
        else:
            runs.append([minor])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


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
