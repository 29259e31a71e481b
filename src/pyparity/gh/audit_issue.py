"""The audit's tracking issue: one per repository and scanned path, found by its label and
a hidden marker among the issues the token itself opened (anyone can copy the marker into
an issue of theirs, which is never edited or closed); opened when a scheduled audit finds
drift, edited in place when the findings change, closed with a short comment when an audit
is clean, and reopened when drift returns.

"Changed" means a different fingerprint, a hash of what the audit found (findings by rule
and place, the declarations, the support window) and never of dates or day counts, so a
weekly audit that finds the same drift writes nothing. Closing for a clean audit leaves
the fingerprint `clean` in the body; an issue closed by hand keeps its drift fingerprint
and stays closed until the findings change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Protocol
from urllib.parse import quote

from pyparity import lazy_re, releases
from pyparity import rules as rule_registry
from pyparity.gh.api import Identity, Issue
from pyparity.model import Finding, Minor, Result, Severity
from pyparity.records import record
from pyparity.report import markdown
from pyparity.report.github import repo_path
from pyparity.support import DeclaredMinor, SupportWindow, support_window

MARKER = "<!-- pyparity:audit-issue -->"
BODY_LIMIT_CHARS = 60_000  # GitHub refuses issue bodies over 65,536 characters
BODY_FORMAT = "1"  # part of the fingerprint: a new layout rewrites every issue once
CLEAN = "clean"
PLACES_SHOWN = 5
_FINGERPRINT = lazy_re.compile(r"<!-- pyparity:fingerprint (\S+) -->")
_HOW_TO_FIX = lazy_re.compile(r"\*\*How to fix\.\*\*\s*(.*?)(?:\n\s*\n|\Z)", re.DOTALL)


class IssueApi(Protocol):
    def issues(self, label: str) -> list[Issue]: ...
    def create_issue(
        self, *, title: str, body: str, labels: Sequence[str], assignees: Sequence[str]
    ) -> Issue: ...
    def edit_issue(
        self, number: int, *, body: str | None = None, open: bool | None = None
    ) -> None: ...
    def create_comment(self, number: int, body: str) -> int: ...


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REOPENED = "reopened"
    CLOSED = "closed"
    LEFT_CLOSED = "left closed"  # closed by hand, and the findings are the same
    NONE = "none"  # clean, and no open issue to close


@record
class Outcome:
    """What was done to the audit issue (created, updated, closed...) and its number."""

    change: Change
    number: int | None = None
    label_missing: bool = False  # created, but GitHub dropped the label that finds it

    def describe(self) -> str:
        issue = f"audit issue #{self.number}" if self.number else "audit issue"
        return f"{issue} {self.change.value}"


@record
class IssueSettings:
    """The `issue-*` inputs; the first label is the one the issue is found by."""

    title: str
    labels: tuple[str, ...]
    assignees: tuple[str, ...] = ()
    marker: str = MARKER

    @classmethod
    def for_path(
        cls, path: str, *, title: str, labels: tuple[str, ...], assignees: tuple[str, ...] = ()
    ) -> IssueSettings:
        marker = MARKER
        if path != ".":
            name = path.replace("-->", "").replace("--", "-")
            marker = f"<!-- pyparity:audit-issue path={name} -->"
        return cls(title=title, labels=labels, assignees=assignees, marker=marker)


@record
class Audit:
    """One audit's result and what the body says about where and when it ran."""

    result: Result
    today: dt.date
    repository: str = ""
    sha: str = ""
    path_prefix: str = ""
    link_base: str | None = None  # `https://github.com/o/r/blob/SHA/`
    run_url: str | None = None

    @property
    def drift(self) -> bool:
        """What opens the issue: a warning or an error (the Action's `drift` output)."""
        return any(f.severity is not Severity.NOTICE for f in self.result.findings)


def sync(api: IssueApi, audit: Audit, settings: IssueSettings, *, me: Identity | None) -> Outcome:
    """Bring the tracking issue in line with `audit`, writing only what changed. `me` is the
    token's identity; when it is unknown no issue can be known to be ours, so none is
    edited or closed, and drift opens a new one."""
    if me is None:
        return _create(api, audit, settings) if audit.drift else Outcome(change=Change.NONE)
    listed = api.issues(settings.labels[0])
    ours = [i for i in listed if settings.marker in i.body and me.wrote(i.author)]
    kept = _keep(ours)
    for extra in (i for i in ours if i.open and i is not kept):
        assert kept is not None
        api.create_comment(extra.number, f"A duplicate of #{kept.number}, which pyparity keeps.")
        api.edit_issue(extra.number, open=False)
    if not audit.drift:
        return _close(api, audit, kept)
    wanted = fingerprint(audit.result, audit.today)
    if kept is None:
        return _create(api, audit, settings)
    previous = fingerprint_of(kept.body)
    if previous == wanted:
        change = Change.UNCHANGED if kept.open else Change.LEFT_CLOSED
        return Outcome(change=change, number=kept.number)
    if kept.open:
        api.edit_issue(kept.number, body=render(audit, settings))
        return Outcome(change=Change.UPDATED, number=kept.number)
    api.edit_issue(kept.number, body=render(audit, settings), open=True)
    return Outcome(change=Change.REOPENED, number=kept.number)


def _create(api: IssueApi, audit: Audit, settings: IssueSettings) -> Outcome:
    created = api.create_issue(
        title=settings.title,
        body=render(audit, settings),
        labels=settings.labels,
        assignees=settings.assignees,
    )
    missing = settings.labels[0] not in created.labels
    return Outcome(change=Change.CREATED, number=created.number, label_missing=missing)


def _keep(ours: list[Issue]) -> Issue | None:
    """The oldest open marked issue, else the newest closed one."""
    open_issues = [i for i in ours if i.open]
    if open_issues:
        return open_issues[0]
    return ours[-1] if ours else None


def _close(api: IssueApi, audit: Audit, kept: Issue | None) -> Outcome:
    if kept is None or not kept.open:
        return Outcome(change=Change.NONE, number=kept.number if kept else None)
    api.create_comment(kept.number, closing_comment(audit))
    api.edit_issue(kept.number, body=resolved_body(kept.body, audit), open=False)
    return Outcome(change=Change.CLOSED, number=kept.number)


def fingerprint(result: Result, today: dt.date) -> str:
    """A hash of what the audit found, free of dates and day counts (which change daily)."""
    window = support_window(result, today)
    facts = {
        "format": BODY_FORMAT,
        "findings": sorted(_finding_key(f) for f in result.findings),
        "declarations": sorted(
            [d.file, d.line, d.span.column, d.raw, d.role.value, str(d.purpose or "")]
            for d in result.declarations
        ),
        "supported": _strings(window.supported),
        "past_end_of_life": _strings(m.minor for m in window.past_end_of_life),
        "ending_soon": _strings(m.minor for m in window.ending_soon),
        "tested": _strings(window.tested),
        "untested": _strings(window.untested),
    }
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def fingerprint_of(body: str) -> str | None:
    match = _FINGERPRINT.search(body)
    return match[1] if match else None


def _finding_key(finding: Finding) -> list[object]:
    span = finding.span
    related = [[place.file, place.line] for place in finding.related]
    where = [finding.file, span.line, span.column, span.end_line, span.end_column]
    return [finding.rule, finding.severity.value, *where, related]


def _strings(minors: Iterable[Minor]) -> list[str]:
    return [str(minor) for minor in minors]


# -- the body -----------------------------------------------------------------------------


def render(audit: Audit, settings: IssueSettings, *, limit: int = BODY_LIMIT_CHARS) -> str:
    """The issue body; when the findings do not fit in `limit` characters, the table keeps
    the most severe ones and says how many it leaves out."""
    ordered = sorted(audit.result.findings, key=_severity_first)
    body = _body(audit, settings, ordered)
    if len(body) <= limit:
        return body
    low, high = 0, len(ordered)  # the largest count that fits, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if len(_body(audit, settings, ordered[:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return _body(audit, settings, ordered[:low])


def _severity_first(finding: Finding) -> tuple[int, str, int, int]:
    return (-finding.severity.rank, finding.file, finding.line, finding.span.column)


def _body(audit: Audit, settings: IssueSettings, shown: Sequence[Finding]) -> str:
    result = audit.result
    window = support_window(result, audit.today)
    lines = [
        settings.marker,
        f"<!-- pyparity:fingerprint {fingerprint(result, audit.today)} -->",
        f"## {markdown.heading(result, settings.title)}",
        "",
        f"{_about(audit)} {markdown.facts(result, audit.today)}",
        "",
        *_findings(audit, shown),
        *_window(audit, window),
        *_what_to_do(audit),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _about(audit: Audit) -> str:
    repository = f" of `{audit.repository}`" if audit.repository else ""
    commit = f" at commit `{audit.sha[:12]}`" if audit.sha else ""
    run = f" ([workflow run]({audit.run_url}))" if audit.run_url else ""
    return f"Audit{repository}{commit} on {audit.today}{run}:"


def _findings(audit: Audit, shown: Sequence[Finding]) -> list[str]:
    lines = ["### Findings", "", "| Level | Rule | Where | Message |", "| --- | --- | --- | --- |"]
    for finding in shown:
        level = f"{markdown.ICONS[finding.severity]} {finding.severity.value}"
        where = _place(audit, finding.file, finding.line)
        lines.append(f"| {level} | `{finding.rule}` | {where} | {markdown.cell(finding.message)} |")
    left_out = len(audit.result.findings) - len(shown)
    if left_out:
        lines += [
            "",
            f"> {left_out} more finding(s) are not listed: GitHub limits an issue to 65,536 "
            "characters. The run's job summary and `pyparity-report.json` list them all.",
        ]
    return [*lines, ""]


def _place(audit: Audit, file: str, line: int) -> str:
    path = repo_path(file, audit.path_prefix)
    label = markdown.cell(f"{path}:{line}")
    if audit.link_base is None:
        return label
    return f"[{label}]({audit.link_base}{quote(path)}#L{line})"


def _window(audit: Audit, window: SupportWindow) -> list[str]:
    lines = [
        f"### Support window on {window.today}",
        "",
        "| Python | Status | End of life | Declared at |",
        "| --- | --- | --- | --- |",
    ]
    for entry in window.past_end_of_life:
        places = _places(audit, entry)
        lines.append(f"| {entry.minor} | :x: past end of life | {entry.end_of_life} | {places} |")
    soon = {entry.minor: entry for entry in window.ending_soon}
    calendar = releases.load().by_minor
    for minor in window.supported:
        status, places = _supported_status(minor, window), ""
        if minor in soon:
            status, places = ":warning: end of life within 6 months", _places(audit, soon[minor])
        lines.append(f"| {minor} | {status} | {calendar[minor].end_of_life} | {places} |")
    return [*lines, ""]


def _supported_status(minor: Minor, window: SupportWindow) -> str:
    if minor in window.tested:
        return "supported, pinned or tested"
    if minor in window.untested:
        return "supported, neither pinned nor tested"
    return "supported, outside the declared range"


def _places(audit: Audit, entry: DeclaredMinor) -> str:
    shown = [_place(audit, where.file, where.line) for where in entry.where[:PLACES_SHOWN]]
    more = len(entry.where) - PLACES_SHOWN
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _what_to_do(audit: Audit) -> list[str]:
    lines = ["### What to do", ""]
    for name in dict.fromkeys(f.rule for f in sorted(audit.result.findings, key=_severity_first)):
        advice = how_to_fix(name)
        if advice:
            lines.append(f"- `{name}`: {advice}")
    lines += [
        f"- Reproduce locally with `pyparity audit --today {audit.today}`; "
        "`pyparity explain RULE` describes each rule.",
        "- To accept a finding, write `# pyparity: ignore[RULE]` on its line, or disable the "
        "rule in `[tool.pyparity]`.",
        "",
        "_Kept by the pyparity Action: each audit edits this issue when the findings change "
        "and closes it when none are left. Closed by hand, it stays closed until the "
        "findings change._",
    ]
    return lines


def how_to_fix(rule: str) -> str:
    """The first paragraph of a rule's "How to fix" section, on one line."""
    found = rule_registry.get(rule)
    match = _HOW_TO_FIX.search(found.doc) if found else None
    return " ".join(match[1].split()) if match else ""


def resolved_body(body: str, audit: Audit) -> str:
    """The closed issue's body: a resolved note over the last report, fingerprint `clean`."""
    kept = [line for line in body.splitlines() if not line.startswith("<!-- pyparity:")]
    marker = next(
        (line for line in body.splitlines() if line.startswith("<!-- pyparity:audit-issue")),
        MARKER,
    )
    lines = [
        marker,
        f"<!-- pyparity:fingerprint {CLEAN} -->",
        f"> [!NOTE]\n> Resolved. {_clean_sentence(audit)} The last report follows.",
        "",
        *kept,
    ]
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text if len(text) <= BODY_LIMIT_CHARS else text[:BODY_LIMIT_CHARS] + "\n"


def closing_comment(audit: Audit) -> str:
    notices = audit.result.count(Severity.NOTICE)
    also = f" ({notices} notice(s) remain; see the job summary.)" if notices else ""
    return (
        f":white_check_mark: {_clean_sentence(audit)}{also} Closing; a later audit reopens "
        "this issue if drift returns."
    )


def _clean_sentence(audit: Audit) -> str:
    commit = f" at commit `{audit.sha[:12]}`" if audit.sha else ""
    return f"The pyparity audit on {audit.today}{commit} found no drift."
