"""`pyparity org-report`: merge the shards' reports into one dashboard, and optionally keep
one tracking issue in a repository (`--issue-repo`): created when a repository drifts,
edited in place when the dashboard's findings change (a hidden fingerprint, never of the
date or the request counts, so a week with the same drift writes nothing), closed when
every repository is clean. Only issues the token itself opened carrying the marker are
edited, as for the audit issue.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pyparity import lazy_re
from pyparity.errors import ConfigError
from pyparity.records import record
from pyparity.report import dashboard

MARKER = "<!-- pyparity:org-dashboard -->"
LABEL = "python-version-drift"
BODY_LIMIT_CHARS = 60_000
_FINGERPRINT = lazy_re.compile(r"<!-- pyparity:fingerprint (\S+) -->")
_REPOSITORY = lazy_re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")


@record
class OrgReportOptions:
    """`pyparity org-report`'s command line."""

    folders: Sequence[Path]
    format: str
    output: Path | None
    title: str
    issue_repo: str | None
    token: str
    api_url: str


def run(options: OrgReportOptions, *, stdout: TextIO = sys.stdout) -> int:
    missing = [str(folder) for folder in options.folders if not folder.is_dir()]
    if missing:
        raise ConfigError(f"org-report: not a folder: {', '.join(missing)}")
    if options.issue_repo is not None and not _REPOSITORY.fullmatch(options.issue_repo):
        raise ConfigError(f"--issue-repo must be OWNER/REPO, not {options.issue_repo!r}")
    merged = dashboard.collect(options.folders)
    text = dashboard.render(merged, options.format, title=options.title)
    if options.output is None:
        stdout.write(text)
    else:
        options.output.write_text(text, "utf-8")
    if options.issue_repo:
        from pyparity.gh.api import GitHubApi

        api = GitHubApi(token=options.token, api_url=options.api_url, repository=options.issue_repo)
        try:
            change = sync_issue(api, merged, title=options.title)
        finally:
            api.close()
        print(f"pyparity: tracking issue in {options.issue_repo}: {change}", file=sys.stderr)
    return 0


def fingerprint(merged: dashboard.Dashboard) -> str:
    """What the dashboard found, without its date and request counts."""
    data = dashboard.as_json(merged)
    for key in ("audited", "requests", "not_modified", "summary"):
        data.pop(key, None)
    text = json.dumps(data, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def issue_body(merged: dashboard.Dashboard, title: str) -> str:
    body = dashboard.as_markdown(merged, title=title)
    head = f"{MARKER}\n<!-- pyparity:fingerprint {fingerprint(merged)} -->\n"
    text = head + body
    if len(text) > BODY_LIMIT_CHARS:
        cut = text[:BODY_LIMIT_CHARS]
        note = "\n_Cut to fit an issue; see the workflow's artifact._\n"
        text = cut[: cut.rfind("\n") + 1] + note
    return text


def sync_issue(api: object, merged: dashboard.Dashboard, *, title: str) -> str:
    """Create, edit, reopen or close the tracking issue; returns what was done."""
    from pyparity.gh.api import GitHubApi

    assert isinstance(api, GitHubApi)
    me = api.identity()
    listed = api.issues(LABEL) if me is not None else []
    ours = [i for i in listed if MARKER in i.body and me is not None and me.wrote(i.author)]
    current = ours[-1] if ours else None
    body = issue_body(merged, title)
    if not merged.drift:
        if current is not None and current.open:
            api.edit_issue(current.number, body=body, open=False)
            return f"closed #{current.number}"
        return "none (no drift)"
    if current is None:
        created = api.create_issue(title=title, body=body, labels=[LABEL], assignees=[])
        return f"created #{created.number}"
    found = _FINGERPRINT.search(current.body)
    if found and found[1] == fingerprint(merged) and current.open:
        return f"unchanged #{current.number}"
    api.edit_issue(current.number, body=body, open=True)
    return f"{'updated' if current.open else 'reopened'} #{current.number}"
