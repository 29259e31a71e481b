"""`fix: pull-request` in the Action: one pull request that carries `pyparity fix`.

The fix of the checked-out commit becomes one commit made with the Git Data API (a blob per
changed file, a tree on that commit's tree, a commit whose parent is that commit) on the
branch `pyparity/python-X.Y`: there is no git in the image, and nothing is written to the
workspace. Each run:

- compares the branch with the checked-out commit (`GET /compare`): when it already holds
  exactly these file contents in one commit, nothing is written; when the fix changed, the
  branch is moved to a new commit (a force update), but never over commits someone else
  pushed to it;
- opens the pull request when none of ours is open from the branch, else edits its body
  when it changed; one closed by hand on the same commit stays closed;
- closes, with a comment, our open pull requests from other `pyparity/python-*` branches
  of this path (superseded), or all of them when nothing is left to fix.

A pull request is ours when its head branch is `pyparity/python-*` in this repository, its
author is the token's identity, and its body holds this path's marker. A failure becomes
one `FixPullRequestError` whose message names the permission or setting that is missing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from pyparity.config import Config
from pyparity.gh.api import ApiError, Comparison, ErrorKind, Identity, PullRequest
from pyparity.model import Location, Minor, Result
from pyparity.records import record
from pyparity.report.markdown import agreed_runtime, cell
from pyparity.report.text import visible

T = TypeVar("T")

BRANCH_PREFIX = "pyparity/python-"
MARKER = "<!-- pyparity:fix-pull-request"
TRAILER = "Pyparity-Fix:"
BODY_LIMIT_CHARS = 60_000  # GitHub refuses bodies over 65,536 characters
COMMIT_LINES = 50
WORKFLOWS = ".github/workflows/"
CONTENTS, PULLS = "contents", "pulls"


class FixPullRequestError(Exception):
    """The pull request could not be made or kept; the message says why and what to grant."""


class PullRequestApi(Protocol):
    def branch_head(self, branch: str) -> str | None: ...
    def commit_tree(self, sha: str) -> str: ...
    def create_blob(self, content: bytes) -> str: ...
    def create_tree(self, base_tree: str, entries: Sequence[tuple[str, str, str]]) -> str: ...
    def create_commit(self, message: str, tree: str, parents: Sequence[str]) -> str: ...
    def create_branch(self, branch: str, sha: str) -> None: ...
    def move_branch(self, branch: str, sha: str) -> None: ...
    def compare(self, base: str, head: str) -> Comparison: ...
    def pulls(self, *, state: str = "open", head: str | None = None) -> list[PullRequest]: ...
    def create_pull(self, *, title: str, body: str, head: str, base: str) -> PullRequest: ...
    def edit_pull(
        self, number: int, *, body: str | None = None, open: bool | None = None
    ) -> None: ...
    def comment_on(self, number: int, body: str) -> None: ...


@record
class Where:
    """The repository, the branch the pull request goes into, and the commit the fix was
    computed on (the parent of the fix's commit)."""

    repository: str
    base: str
    base_sha: str
    path: str = "."
    today: dt.date

    @property
    def marker(self) -> str:
        if self.path in {"", "."}:
            return f"{MARKER} -->"
        name = self.path.replace("-->", "").replace("--", "-")
        return f"{MARKER} path={name} -->"

    def branch(self, minor: Minor | None) -> str:
        branch = f"{BRANCH_PREFIX}{minor}" if minor is not None else f"{BRANCH_PREFIX}versions"
        if self.path in {"", "."}:
            return branch
        slug = re.sub(r"[^A-Za-z0-9_]+", "-", self.path).strip("-")[:80]
        return f"{branch}-{slug}" if slug else branch


@record
class FileChange:
    """A file of the fix's commit: its path, content and git mode."""

    path: str  # in the repository
    data: bytes
    mode: str  # `100644`, or `100755` for an executable file

    @property
    def blob(self) -> str:
        """The git object name of the content, as GitHub will name the blob."""
        header = f"blob {len(self.data)}\0".encode()
        return hashlib.sha1(header + self.data, usedforsecurity=False).hexdigest()


@record
class Row:
    """One change as the body lists it."""

    path: str
    line: int
    old: str
    new: str
    why: str
    rules: tuple[str, ...] = ()


@record
class Proposal:
    """The fix pull request to open or update: branch, title, body and files."""

    minor: Minor | None
    branch: str
    title: str
    body: str
    message: str
    files: tuple[FileChange, ...]
    key: str  # the digest of `files`

    @property
    def touches_workflows(self) -> bool:
        return any(f.path.startswith(WORKFLOWS) for f in self.files)

    @property
    def blobs(self) -> dict[str, str]:
        return {f.path: f.blob for f in self.files}


def digest(files: Sequence[FileChange]) -> str:
    pairs = sorted((f.path, f.mode, f.blob) for f in files)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:32]


def _digest_marker(key: str) -> str:
    return f"<!-- pyparity:fix-digest {key} -->"


def propose(
    files: Sequence[FileChange],
    rows: Sequence[Row],
    cannot: Sequence[tuple[str, int, str]],
    *,
    minor: Minor | None,
    where: Where,
    command: str,
    run_url: str | None = None,
) -> Proposal | None:
    """The pull request that carries these changes; None when there is no change."""
    if not files:
        return None
    key = digest(files)
    title = f"Move Python declarations to {minor}" if minor else "Make Python declarations agree"
    body = _body(rows, cannot, where=where, title=title, key=key, command=command, run=run_url)
    summary = [f"{r.path}:{r.line}: {_change(r)} ({r.why})" for r in rows]
    if len(summary) > COMMIT_LINES:
        summary = [*summary[:COMMIT_LINES], f"... and {len(summary) - COMMIT_LINES} more"]
    message = "\n".join(
        [f"{title} (pyparity fix)", "", *(visible(s) for s in summary), "", f"{TRAILER} {key}"]
    )
    return Proposal(
        minor=minor,
        branch=where.branch(minor),
        title=title,
        body=body,
        message=message + "\n",
        files=tuple(sorted(files, key=lambda f: f.path)),
        key=key,
    )


def sync(
    api: PullRequestApi, proposal: Proposal | None, where: Where, *, me: Identity | None
) -> str:
    """Bring the pull request in line with `proposal`; return what was done, for the log."""
    workflows = proposal.touches_workflows if proposal else False
    ours = _call("list the open pull requests", PULLS, workflows, lambda: _ours(api, where, me))
    if proposal is None:
        for pull in ours:
            _close(api, pull, _no_longer_needed(where), workflows)
        closed = "; closed " + ", ".join(f"#{p.number}" for p in ours) if ours else ""
        return f"fix pull request: nothing to fix{closed}"
    state, head = _branch(api, proposal, where)
    current = next((p for p in ours if p.head_ref == proposal.branch), None)
    if current is not None:
        said = f"#{current.number}"
        # The body names the run, date and commit: it is rewritten only with the fix.
        if state != "unchanged" or _digest_marker(proposal.key) not in current.body:
            _call(
                f"edit pull request #{current.number}",
                PULLS,
                workflows,
                lambda: api.edit_pull(current.number, body=proposal.body),
            )
            said += " edited"
        number = current.number
        said = f"fix pull request {said}, branch {proposal.branch} {state}"
    elif (
        state == "unchanged" and me is not None and _closed_by_hand(api, proposal, where, me, head)
    ):
        return (
            f"fix pull request: the one from {proposal.branch} was closed by hand on the same "
            "fix; left closed until the fix changes"
        )
    else:
        created = _call(
            "open the pull request",
            PULLS,
            workflows,
            lambda: api.create_pull(
                title=proposal.title, body=proposal.body, head=proposal.branch, base=where.base
            ),
            branch=proposal.branch,
        )
        number = created.number
        said = f"fix pull request #{number} opened, branch {proposal.branch} {state}"
    for other in ours:
        if other.number != number:
            _close(api, other, f"Superseded by #{number}. Closing.", workflows)
            said += f"; #{other.number} closed (superseded)"
    return said


def _ours(api: PullRequestApi, where: Where, me: Identity | None) -> list[PullRequest]:
    """Our open pull requests of this path; none can be known to be ours without `me`."""
    if me is None:
        return []
    return [
        pull
        for pull in api.pulls(state="open")
        if pull.head_ref.startswith(BRANCH_PREFIX)
        and pull.head_repository == where.repository
        and where.marker in pull.body
        and me.wrote(pull.author)
    ]


def _closed_by_hand(
    api: PullRequestApi, proposal: Proposal, where: Where, me: Identity, head: str
) -> bool:
    owner = where.repository.partition("/")[0]
    closed = _call(
        "list the closed pull requests",
        PULLS,
        proposal.touches_workflows,
        lambda: api.pulls(state="closed", head=f"{owner}:{proposal.branch}"),
    )
    return any(
        pull.head_sha == head and where.marker in pull.body and me.wrote(pull.author)
        for pull in closed
    )


def _branch(api: PullRequestApi, proposal: Proposal, where: Where) -> tuple[str, str]:
    """Make the branch hold the fix: `created`, `updated` or `unchanged`, and its head."""
    workflows = proposal.touches_workflows
    branch = proposal.branch
    head = _call(f"read the branch {branch}", CONTENTS, workflows, lambda: api.branch_head(branch))
    if head is not None and _holds(api, proposal, where, head):
        return "unchanged", head
    commit = _commit(api, proposal, where)
    if head is None:
        try:
            api.create_branch(branch, commit)
            return "created", commit
        except ApiError as error:
            refused = explain(error, f"create the branch {branch}", CONTENTS, workflows)
            if error.status != 422 or "workflow" in error.detail.lower():
                raise FixPullRequestError(refused) from None
        # 422: the branch exists after all (made meanwhile): update it as an existing one
        head = _call(
            f"read the branch {branch}", CONTENTS, workflows, lambda: api.branch_head(branch)
        )
        if head is None:
            raise FixPullRequestError(refused)
        if _holds(api, proposal, where, head):
            return "unchanged", head
    _call(
        f"update the branch {branch}", CONTENTS, workflows, lambda: api.move_branch(branch, commit)
    )
    return "updated", commit


def _holds(api: PullRequestApi, proposal: Proposal, where: Where, head: str) -> bool:
    """Whether the branch already holds exactly the fix; raises when it holds commits
    someone else made, which a force update would throw away."""
    comparison = _call(
        f"compare the branch {proposal.branch}",
        CONTENTS,
        proposal.touches_workflows,
        lambda: api.compare(where.base_sha, head),
    )
    if comparison.ahead_by == 1 and comparison.files == proposal.blobs:
        return True
    if comparison.ahead_by == 0:
        return False  # no commit of its own: nothing is lost by moving it
    if comparison.ahead_by == 1 and TRAILER in comparison.messages[-1]:
        return False  # our own earlier fix
    raise FixPullRequestError(
        f"the fix pull request was not updated: the branch {proposal.branch} has "
        f"{comparison.ahead_by} commit(s) pyparity did not make, and a force update would "
        "throw them away; merge or close its pull request and delete the branch, and the "
        "next run makes it again"
    )


def _commit(api: PullRequestApi, proposal: Proposal, where: Where) -> str:
    workflows = proposal.touches_workflows
    tree = _call(
        f"read the commit {where.base_sha[:12]}",
        CONTENTS,
        workflows,
        lambda: api.commit_tree(where.base_sha),
    )

    def upload(change: FileChange) -> tuple[str, str, str]:
        blob = _call(
            f"upload {change.path}", CONTENTS, workflows, lambda: api.create_blob(change.data)
        )
        return change.path, change.mode, blob

    entries = [upload(change) for change in proposal.files]
    new_tree = _call("create the tree", CONTENTS, workflows, lambda: api.create_tree(tree, entries))
    return _call(
        "create the commit",
        CONTENTS,
        workflows,
        lambda: api.create_commit(proposal.message, new_tree, [where.base_sha]),
    )


def _close(api: PullRequestApi, pull: PullRequest, comment: str, workflows: bool) -> None:
    _call(
        f"comment on #{pull.number}", PULLS, workflows, lambda: api.comment_on(pull.number, comment)
    )
    _call(f"close #{pull.number}", PULLS, workflows, lambda: api.edit_pull(pull.number, open=False))


def _no_longer_needed(where: Where) -> str:
    return (
        f":white_check_mark: pyparity on {where.today}, at commit `{where.base_sha[:12]}` of "
        f"`{cell(where.base)}`, finds nothing left to fix: this pull request is no longer "
        "needed. Closing; a later run opens a new one if drift returns."
    )


def _call(doing: str, area: str, workflows: bool, step: Callable[[], T], *, branch: str = "") -> T:
    try:
        return step()
    except ApiError as error:
        raise FixPullRequestError(explain(error, doing, area, workflows, branch=branch)) from None


# -- what went wrong, in one sentence ----------------------------------------------------

SETTING = (
    "Settings > Actions > General > Workflow permissions > Allow GitHub Actions to create "
    "and approve pull requests"
)
WORKFLOWS_PERMISSION = (
    "the fix changes files under `.github/workflows/`, which takes the `workflows` "
    "permission (a GitHub App: Workflows read and write; a classic personal token: the "
    "`workflow` scope); the workflow's GITHUB_TOKEN can never have it"
)


def explain(error: ApiError, doing: str, area: str, workflows: bool, *, branch: str = "") -> str:
    """One sentence: what failed, and the permission or setting that is missing. GitHub's
    own message is quoted (the API layer has masked the token in it)."""
    status = error.status
    detail = " ".join(visible(error.detail).split())[:300]
    lead = f"the fix pull request was not made: {doing} failed ({status or 'no answer'}"
    lead += f": {detail})" if detail else ")"
    lowered = detail.lower()
    if "not permitted to create or approve pull requests" in lowered:
        return (
            f"{lead}. The repository does not let GitHub Actions open pull requests: allow it "
            f"({SETTING}), or give the `token` input an app or personal token."
        )
    if "workflow" in lowered and status in {403, 404, 422}:
        return f"{lead}. The token may not change workflows: {WORKFLOWS_PERMISSION}."
    if status == 401:
        return f"{lead}. The token was refused: it is missing, expired or revoked."
    if status == 409:
        return (
            f"{lead}. A conflict: the repository is empty, or the branch moved while pyparity "
            "wrote it; the next run tries again."
        )
    if error.kind is ErrorKind.FORBIDDEN and area == CONTENTS:
        also = f" And {WORKFLOWS_PERMISSION}." if workflows else ""
        return (
            f"{lead}. The token may not write the repository: it needs `contents: write` (a "
            "GitHub App or a fine-grained personal token: Contents read and write), which "
            f"the `token` input should carry (an app or personal token).{also}"
        )
    if error.kind is ErrorKind.FORBIDDEN:
        return (
            f"{lead}. The token may not open, edit or close pull requests: it needs "
            "`pull-requests: write` (a GitHub App or a fine-grained personal token: Pull "
            f"requests read and write), and the repository must allow it ({SETTING}) when "
            "the token is the workflow's."
        )
    if status == 422 and "already exists" in lowered and area == PULLS:
        return (
            f"{lead}. A pull request from {branch or 'the branch'} is open that this token "
            "did not open (or whose author could not be told); close it, and the next run "
            "opens its own."
        )
    if status == 404:
        return (
            f"{lead}. Not found: the token cannot see this repository, or the checked-out "
            "commit is not on GitHub."
        )
    if error.kind is ErrorKind.TRANSIENT:
        return f"{lead}. GitHub did not answer after the retries; the next run tries again."
    return f"{lead}."


# -- the body -----------------------------------------------------------------------------


def _body(
    rows: Sequence[Row],
    cannot: Sequence[tuple[str, int, str]],
    *,
    where: Where,
    title: str,
    key: str,
    command: str,
    run: str | None,
) -> str:
    def render(shown: Sequence[Row]) -> str:
        files = len({r.path for r in rows})
        lines = [
            where.marker,
            _digest_marker(key),
            f"## {cell(title)}",
            "",
            f"`{command}` on commit `{where.base_sha[:12]}` of `{cell(where.base)}` "
            f"({where.today}): {len(rows)} change(s) in {files} file(s). Each edits a "
            "version's text, or adds or removes a list entry; every other byte is kept.",
            "",
            "| File | Line | Old | New | Why |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in shown:
            rules = ", ".join(f"`{rule}`" for rule in row.rules)
            why = f"{rules}: {cell(row.why)}" if rules else cell(row.why)
            old = _code(row.old) if row.old.strip() else "(none)"
            new = _code(row.new) if row.new.strip() else "(removed)"
            lines.append(f"| {_code(row.path)} | {row.line} | {old} | {new} | {why} |")
        if len(shown) < len(rows):
            lines += ["", f"{len(rows) - len(shown)} more change(s) are in the commit."]
        if cannot:
            lines += ["", "Left for a person (not changed here):", ""]
            lines += [f"- {_code(f'{path}:{line}')}: {cell(why)}" for path, line, why in cannot]
        lines += [
            "",
            "_Kept by the pyparity Action"
            + (f" ([workflow run]({run}))" if run else "")
            + ": each run updates this branch when the fix changes and closes this pull "
            "request when it is no longer needed; a branch someone else pushed to is never "
            "overwritten._",
        ]
        return "\n".join(lines) + "\n"

    body = render(rows)
    if len(body) <= BODY_LIMIT_CHARS:
        return body
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high + 1) // 2
        if len(render(rows[:middle])) <= BODY_LIMIT_CHARS:
            low = middle
        else:
            high = middle - 1
    return render(rows[:low])


def _code(text: str) -> str:
    """Text as a code span in a table cell: one line, pipes escaped, fenced longer than
    any run of backticks in it."""
    flat = " ".join(visible(text).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {flat} " if flat.startswith("`") or flat.endswith("`") else flat
    return f"{fence}{padded}{fence}"


def _change(row: Row) -> str:
    if not row.new.strip():
        return f"removed {row.old.strip()!r}"
    if not row.old.strip():
        return f"added {row.new.strip()!r}"
    return f"{row.old} -> {row.new}"


WORKFLOW_BOT_ID = 41898282  # `github-actions[bot]`, whom GITHUB_TOKEN acts for


def is_workflow_token(me: Identity) -> bool:
    if me.id is not None:
        return me.id == WORKFLOW_BOT_ID
    return me.login.casefold() in {"github-actions", "github-actions[bot]"}


def file_mode(root: Path, relative: str) -> str:
    """`100755` for a file its owner may run, else `100644` (fix never edits a link)."""
    try:
        mode = os.lstat(root / relative).st_mode
    except OSError:
        return "100644"
    return "100755" if stat.S_IMODE(mode) & stat.S_IXUSR else "100644"


def rules_by_line(
    findings: Sequence[tuple[str, int, str]],
) -> Mapping[tuple[str, int], tuple[str, ...]]:
    """(file, line) -> the rules of the findings there, in order, once each."""
    found: dict[tuple[str, int], dict[str, None]] = {}
    for file, line, rule in findings:
        found.setdefault((file, line), {})[rule] = None
    return {place: tuple(rules) for place, rules in found.items()}


def run(
    api: PullRequestApi,
    *,
    root: Path,
    config: Config,
    to: Minor | None,
    result: Result,
    where: Where,
    path_prefix: str,
    me: Identity | None,
    run_url: str | None = None,
) -> str:
    """`pyparity fix` on the checked-out commit, then the pull request kept in line with it;
    returns what was done. A fix that cannot be computed (no majority, `fix-to` below a
    floor) leaves every pull request as it is."""
    from pyparity import fix
    from pyparity.fix.plan import runtime_target
    from pyparity.report.github import repo_path

    options = fix.Options(to=to, source_of_truth=config.source_of_truth, today=config.today)
    try:
        outcome = fix.compute(str(root), config, options, tracked_only=True)
        minor = runtime_target(result, options)
    except fix.Refused as error:
        return f"no fix pull request: {visible(str(error))}"
    if minor is None:
        minor = agreed_runtime(result, config.today)
    rules = rules_by_line(
        [
            (place.file, place.line, finding.rule)
            for finding in result.findings
            for place in (Location(file=finding.file, line=finding.line), *finding.related)
        ]
    )
    rows, files = [], []
    for change in outcome.changes:
        path = repo_path(change.file, path_prefix)
        files.append(FileChange(path=path, data=change.after, mode=file_mode(root, change.file)))
        for edit in change.edits:
            rows.append(
                Row(
                    path=path,
                    line=edit.span.line,
                    old=edit.old.rstrip("\r\n"),
                    new=edit.text.rstrip("\n"),
                    why=edit.why,
                    rules=rules.get((change.file, edit.span.line), ()),
                )
            )
    cannot = [(repo_path(c.file, path_prefix), c.line, c.reason) for c in outcome.cannot]
    scanned = "" if path_prefix in {"", "."} else f" {path_prefix}"
    command = f"pyparity fix{f' --to {to}' if to else ''}{scanned}"
    proposal = propose(
        files, rows, cannot, minor=minor, where=where, command=command, run_url=run_url
    )
    return sync(api, proposal, where, me=me)
