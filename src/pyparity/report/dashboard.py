"""The organisation dashboard: the per-repository reports of `org-audit` merged into one view.

`overview` condenses one repository's result into what the dashboard shows (runtime minor,
floor, test set, counts, end of life, floating spellings); `org-audit` stores it in each
report. `collect` reads the shards' folders, `render` writes markdown, JSON or CSV: a table
of repositories, a summary by minor ("41 repositories ship 3.9, past end of life since
2025-10-31") and the repositories that could not be audited. Pure but for `collect`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pyparity import lazy_re
from pyparity.model import Minor, Result, Role, Severity
from pyparity.records import field, record
from pyparity.report.markdown import agreed_runtime, cell
from pyparity.report.text import visible
from pyparity.rules._lifecycle import end_of_life
from pyparity.rules._shared import is_floating, is_runtime_pin, minor_at
from pyparity.support import support_window

FORMATS = ("markdown", "json", "csv")
_WEB_ADDRESS = lazy_re.compile(r"https?+://[A-Za-z0-9.:-]++(?:/[A-Za-z0-9._-]++)++")
_LONGEST_ADDRESS = 2048
_SHA = lazy_re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
FINDINGS_SHOWN = 5
_SHARD_NOTE = "_shard-"


def overview(result: Result, today: dt.date) -> dict[str, Any]:
    """What the dashboard shows of one repository, from its result."""
    agreed = agreed_runtime(result, today)
    runtimes = {
        minor
        for d in result.declarations
        if d.scope == "." and is_runtime_pin(d) and (minor := minor_at(d, today)) is not None
    }
    floors = [
        min(d.requirement.minors)
        for d in result.declarations
        if d.scope == "." and d.role is Role.RANGE and d.requirement and d.requirement.minors
    ]
    tested = {
        minor
        for d in result.declarations
        if d.role is Role.MATRIX and d.requirement is not None
        for minor in d.requirement.minors
    }
    window = support_window(result, today)
    return {
        "runtime": str(agreed) if agreed else None,
        "runtimes": [str(m) for m in sorted(runtimes)],
        "floor": str(min(floors)) if floors else None,
        "tested": [str(m) for m in sorted(tested)],
        "end_of_life": [
            {"minor": str(e.minor), "date": e.end_of_life.isoformat()}
            for e in window.past_end_of_life
        ],
        "floating": sorted(
            {d.raw for d in result.declarations if is_floating(d) and d.role is not Role.RANGE}
        ),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "notices": result.count(Severity.NOTICE),
    }


@record
class Row:
    """One repository of the dashboard: its status, overview and findings."""

    repository: str
    status: str  # ok, empty, failed
    html_url: str = ""
    commit: str = ""
    reason: str = ""
    overview: dict[str, Any] = field(default_factory=dict)
    findings: tuple[dict[str, Any], ...] = ()

    @property
    def url(self) -> str:
        """The repository's page, when it is a plain web address (it goes into markdown)."""
        address = self.html_url
        plain = len(address) <= _LONGEST_ADDRESS and _WEB_ADDRESS.fullmatch(address)
        return address if plain else ""

    def link(self, file: str, line: int) -> str:
        if not self.url or not _SHA.fullmatch(self.commit):
            return ""
        return f"{self.url}/blob/{self.commit}/{quote(file)}#L{line}"


@record
class Dashboard:
    """The merged reports of an organisation's audit."""

    rows: tuple[Row, ...]
    audited: str
    skipped: dict[str, tuple[str, ...]]
    requests: int
    not_modified: int

    @property
    def failed(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.status == "failed")

    @property
    def drift(self) -> bool:
        return any(_drifts(row) for row in self.rows)


def _drifts(row: Row) -> bool:
    return bool(row.overview.get("errors") or row.overview.get("warnings"))


def collect(folders: Iterable[Path]) -> Dashboard:
    """Every report and shard note in the folders; a repository reported twice keeps the
    report of the latest audit (a resumed shard)."""
    rows: dict[str, Row] = {}
    audited: set[str] = set()
    skipped: dict[str, set[str]] = defaultdict(set)
    requests = not_modified = 0
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            document = _load(path)
            if document is None:
                continue
            if path.name.startswith(_SHARD_NOTE):
                for why, names in (document.get("skipped") or {}).items():
                    skipped[str(why)].update(str(n) for n in names)
                requests += int(document.get("requests") or 0)
                not_modified += int(document.get("not_modified") or 0)
                continue
            row = _row(document)
            if row is not None and document.get("skipped") is True:
                skipped[row.status].add(row.repository)
                rows.pop(row.repository.lower(), None)
            elif row is not None:
                audited.add(str(document.get("audited", "")))
                rows[row.repository.lower()] = row
    return Dashboard(
        rows=tuple(sorted(rows.values(), key=lambda r: r.repository.lower())),
        audited=", ".join(sorted(a for a in audited if a)),
        skipped={why: tuple(sorted(names)) for why, names in sorted(skipped.items())},
        requests=requests,
        not_modified=not_modified,
    )


def _load(path: Path) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _row(document: dict[str, Any]) -> Row | None:
    name = document.get("repository")
    if not isinstance(name, str) or not name:
        return None
    findings = tuple(
        f
        for f in document.get("findings") or []
        if isinstance(f, dict) and f.get("severity") in ("error", "warning")
    )
    return Row(
        repository=name,
        status=str(document.get("status", "failed")),
        html_url=str(document.get("html_url") or ""),
        commit=str(document.get("commit") or ""),
        reason=str(document.get("reason") or ""),
        overview=document.get("overview") or {},
        findings=findings,
    )


# --- rendering ------------------------------------------------------------------------------


def render(dashboard: Dashboard, format_name: str, *, title: str = "Python versions") -> str:
    if format_name == "json":
        return json.dumps(as_json(dashboard), indent=2, sort_keys=True) + "\n"
    if format_name == "csv":
        return as_csv(dashboard)
    return as_markdown(dashboard, title=title)


def by_minor(dashboard: Dashboard) -> list[tuple[Minor, list[str]]]:
    """Each runtime minor and the repositories that ship it, oldest first."""
    shipping: dict[Minor, list[str]] = defaultdict(list)
    for row in dashboard.rows:
        for text in row.overview.get("runtimes") or []:
            shipping[Minor.parse(text)].append(row.repository)
    return sorted(shipping.items())


def summary_lines(dashboard: Dashboard, today: dt.date | None = None) -> list[str]:
    lines = []
    for minor, names in by_minor(dashboard):
        ends = end_of_life(minor)
        said = f"{len(names)} {_repositories(len(names))} ship {minor}"
        if ends is not None and today is not None and ends < today:
            said += f", past end of life since {ends.isoformat()}"
        elif ends is not None:
            said += f", end of life {ends.isoformat()}"
        lines.append(said)
    return lines


def _repositories(count: int) -> str:
    return "repository" if count == 1 else "repositories"


def _today(dashboard: Dashboard) -> dt.date | None:
    try:
        return dt.date.fromisoformat(dashboard.audited.split(", ")[-1])
    except ValueError:
        return None


def as_markdown(dashboard: Dashboard, *, title: str) -> str:
    today = _today(dashboard)
    audited = [row for row in dashboard.rows if row.status != "failed"]
    drifting = sum(1 for row in audited if _drifts(row))
    lines = [f"## {cell(title)}", ""]
    head = f"Audited {dashboard.audited or 'on an unknown date'}: {len(audited)} repositories"
    head += f", {drifting} with drift, {len(dashboard.failed)} failed"
    skipped = ", ".join(f"{len(names)} {why}" for why, names in dashboard.skipped.items() if names)
    lines += [head + (f"; skipped {skipped}." if skipped else "."), ""]
    summary = summary_lines(dashboard, today)
    if summary:
        lines += ["### By runtime minor", "", *[f"- {line}" for line in summary], ""]
    lines += _table(sorted(audited, key=_worst_first))
    if dashboard.failed:
        lines += ["", "### Not audited", "", "| repository | reason |", "|---|---|"]
        lines += [f"| {cell(row.repository)} | {cell(row.reason)} |" for row in dashboard.failed]
    if dashboard.requests:
        lines += [
            "",
            f"_{dashboard.requests} API requests, {dashboard.not_modified} answered "
            "from a cached ETag._",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


_HEADER = (
    "| repository | runtime | floor | tested | errors | warnings | end of life | floating "
    "| findings |"
)


def _table(rows: Sequence[Row]) -> list[str]:
    lines = ["### Repositories", "", _HEADER, "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        o = row.overview
        name = cell(row.repository)
        shown = f"[{name}]({row.url})" if row.url else name
        runtime = o.get("runtime") or " / ".join(o.get("runtimes") or []) or "—"
        if not o.get("runtime") and len(o.get("runtimes") or []) > 1:
            runtime += " (disagree)"
        eol = ", ".join(str(e.get("minor")) for e in o.get("end_of_life") or [])
        cells = [
            shown,
            cell(runtime),
            cell(str(o.get("floor") or "—")),
            cell(_span(o.get("tested") or [])),
            str(int(o.get("errors") or 0)),
            str(int(o.get("warnings") or 0)),
            cell(eol or "—"),
            cell(", ".join(visible(str(s)) for s in o.get("floating") or []) or "—"),
            _findings(row) if row.status == "ok" else cell(row.status),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _worst_first(row: Row) -> tuple[int, int, str]:
    """Most errors, then most warnings first: a long table is read from the top."""
    o = row.overview
    return (-int(o.get("errors") or 0), -int(o.get("warnings") or 0), row.repository.lower())


def _span(minors: Sequence[str]) -> str:
    return ", ".join(minors)


def _findings(row: Row) -> str:
    shown = []
    for finding in row.findings[:FINDINGS_SHOWN]:
        file, line = str(finding.get("file", "")), int(finding.get("line") or 1)
        label = cell(f"{finding.get('rule')} {file}:{line}")
        link = row.link(file, line)
        shown.append(f"[{label}]({link})" if link else label)
    more = len(row.findings) - FINDINGS_SHOWN
    if more > 0:
        shown.append(f"and {more} more")
    return "<br>".join(shown) or "—"


def as_json(dashboard: Dashboard) -> dict[str, Any]:
    today = _today(dashboard)
    return {
        "schema": 1,
        "audited": dashboard.audited,
        "repositories": [
            {
                "repository": row.repository,
                "status": row.status,
                "url": row.url,
                "commit": row.commit,
                **({"reason": row.reason} if row.reason else {}),
                **row.overview,
                "findings": [
                    {**f, "url": row.link(str(f.get("file", "")), int(f.get("line") or 1))}
                    for f in row.findings
                ],
            }
            for row in dashboard.rows
        ],
        "by_minor": [
            {"minor": str(minor), "repositories": names} for minor, names in by_minor(dashboard)
        ],
        "summary": summary_lines(dashboard, today),
        "failed": [{"repository": r.repository, "reason": r.reason} for r in dashboard.failed],
        "skipped": {why: list(names) for why, names in dashboard.skipped.items()},
        "requests": dashboard.requests,
        "not_modified": dashboard.not_modified,
    }


CSV_COLUMNS = (
    "repository",
    "status",
    "runtime",
    "floor",
    "tested",
    "errors",
    "warnings",
    "notices",
    "end_of_life",
    "floating",
    "commit",
    "reason",
)


def as_csv(dashboard: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in dashboard.rows:
        o = row.overview
        values = [
            row.repository,
            row.status,
            o.get("runtime") or " ".join(o.get("runtimes") or []),
            o.get("floor") or "",
            " ".join(o.get("tested") or []),
            o.get("errors", ""),
            o.get("warnings", ""),
            o.get("notices", ""),
            " ".join(str(e.get("minor")) for e in o.get("end_of_life") or []),
            " ".join(o.get("floating") or []),
            row.commit,
            row.reason,
        ]
        writer.writerow([_no_formula(str(v)) for v in values])
    return out.getvalue()


def _no_formula(text: str) -> str:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: quote it out."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
