"""`pyparity org-audit`: audit every repository of an organisation without cloning.

Lists the org's repositories (`GET /orgs/{org}/repos`, or `GET /repos/{o}/{r}` for each line
of `--repos-file`), keeps this shard's share (by a hash of the full name, so a repository
stays in its shard however the list changes), and for each one reads the default branch's
commit (`GET /repos/{o}/{r}/branches/{branch}`), its tree and the declaring files' blobs
(`remote_tree.py`), runs the same pipeline as `pyparity audit` on them in a temporary folder,
and writes one JSON report per repository: schema 1 plus `repository`, `commit`, `tree`,
`status` and an `overview` the dashboard reads (`report/dashboard.py`).

With `--cache DIR`, trees are kept by SHA, blobs by SHA and ETags by address: a repository
whose branch has not moved costs one conditional request (a 304, free of rate limit) and no
blob is downloaded twice. A repository that fails (404, 403, timeouts after retries, a tree
over the budgets) is written as `status: failed` with the reason and the run goes on; a
rerun with the same `--output` skips the repositories already audited that day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pyparity import __version__, lazy_re
from pyparity.discover import Listing, Root
from pyparity.errors import ConfigError
from pyparity.gh import remote_tree
from pyparity.gh.rest import EtagStore, Rest, RestError
from pyparity.model import Result
from pyparity.records import field, record, replace
from pyparity.report.dashboard import overview
from pyparity.report.text import visible

DEFAULT_JOBS = 8
REPORT_SUFFIX = ".json"
SHARD_PREFIX = "_shard-"
_FULL_NAME = lazy_re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")


@record
class Shard:
    """One part of an organisation's repositories (`I/N`), for runs side by side."""

    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        index, slash, count = text.partition("/")
        try:
            shard = cls(index=int(index), count=int(count))
        except ValueError:
            shard = cls(index=0, count=0)
        if not slash or not 1 <= shard.index <= shard.count:
            raise ValueError(f"not a shard I/N with 1 <= I <= N: {text!r}")
        return shard

    def holds(self, full_name: str) -> bool:
        digest = hashlib.sha256(full_name.lower().encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@record
class OrgOptions:
    """`pyparity org-audit`'s command line."""

    org: str | None
    repos_file: Path | None
    shard: Shard
    output: Path
    cache: Path | None
    today: dt.date
    token: str
    api_url: str
    server_url: str = "https://github.com"
    include_archived: bool = False
    include_forks: bool = False
    include_empty: bool = False
    code: bool = False
    jobs: int = DEFAULT_JOBS


@record
class Repository:
    """A repository to audit, as the API lists it."""

    full_name: str
    default_branch: str
    html_url: str
    archived: bool = False
    fork: bool = False
    empty: bool = False

    @property
    def file_name(self) -> str:
        return self.full_name.replace("/", "+") + REPORT_SUFFIX


@record(frozen=False, kw_only=False)
class Progress:
    """Repositories done out of the total, requests and budget, one line each on stderr."""

    total: int
    rest: Rest
    stream: TextIO
    done: int = 0
    failed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def report(self, name: str, status: str, requests: int) -> None:
        with self.lock:
            self.done += 1
            self.failed += status.startswith("failed")
            budget = self.rest.budget
            left = "" if budget.remaining is None else f"; rate limit left {budget.remaining}"
            self.stream.write(
                f"pyparity: [{self.done}/{self.total}] {name}: {visible(status)}, "
                f"{requests} request(s)"
                f" (run: {budget.requests}, {budget.not_modified} not modified{left})\n"
            )
            self.stream.flush()


def run(options: OrgOptions, *, stderr: TextIO = sys.stderr, rest: Rest | None = None) -> int:
    """Audit this shard's repositories; 0 when every one was written (failed ones included)."""
    cache = options.cache
    etags = EtagStore(cache / "etags") if cache else None
    if rest is None:
        rest = Rest(
            api_url=options.api_url,
            token=options.token,
            etags=etags,
            on_wait=lambda seconds, why: _say(stderr, f"waiting {seconds:.0f} s ({why})"),
        )
    else:
        etags = rest.etags
    options.output.mkdir(parents=True, exist_ok=True)
    if not options.token:
        _say(stderr, "GITHUB_TOKEN is not set: public repositories only, 60 requests an hour")
    try:
        listed, skipped = _repositories(rest, options)
    except RestError as error:
        raise ConfigError(f"cannot list the repositories to audit: {error}") from None
    mine = [repo for repo in listed if options.shard.holds(repo.full_name)]
    skipped = {why: [n for n in names if options.shard.holds(n)] for why, names in skipped.items()}
    _say(stderr, f"shard {options.shard}: {len(mine)} of {len(listed)} repositories")
    progress = Progress(total=len(mine), rest=rest, stream=stderr)
    auditor = _Auditor(rest=rest, options=options, progress=progress)
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        list(pool.map(auditor.audit, mine))
    _write_shard_note(options, mine, skipped, rest)
    if options.cache is not None and etags is not None:
        etags.prune()
        auditor.prune_cache()
    _say(
        stderr,
        f"done: {len(mine)} repositories, {progress.failed} failed, {rest.budget.requests} "
        f"requests ({rest.budget.not_modified} not modified, {rest.budget.retries} retried, "
        f"{rest.budget.waits} rate-limit waits)",
    )
    return 0


def _say(stream: TextIO, text: str) -> None:
    stream.write(f"pyparity: {text}\n")
    stream.flush()


# --- listing --------------------------------------------------------------------------------


def _repositories(rest: Rest, options: OrgOptions) -> tuple[list[Repository], dict[str, list[str]]]:
    """The repositories to audit, by full name, and those skipped by why."""
    if options.repos_file is not None:
        found = [
            _repository(rest.get(rest.address(f"repos/{name}")).json())
            for name in _names_in(options.repos_file)
        ]
    elif options.org:
        found = [
            _repository(item)
            for page in rest.pages(f"orgs/{remote_tree.quoted(options.org)}/repos", {"type": "all"})
            for item in (page if isinstance(page, list) else [])
        ]
    else:
        raise ConfigError("org-audit needs --org ORG or --repos-file FILE")
    skipped: dict[str, list[str]] = {"archived": [], "fork": [], "empty": [], "invalid": []}
    kept: dict[str, Repository] = {}
    for repo in found:
        if repo is None:
            continue
        why = _skip_reason(repo, options)
        if why:
            skipped[why].append(repo.full_name)
        else:
            kept.setdefault(repo.full_name.lower(), repo)
    return sorted(kept.values(), key=lambda r: r.full_name.lower()), skipped


def _names_in(path: Path) -> list[str]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"--repos-file {path}: {error.strerror or error}") from None
    names = [line.split("#", 1)[0].strip() for line in lines]
    bad = [name for name in names if name and not _FULL_NAME.fullmatch(name)]
    if bad:
        raise ConfigError(f"--repos-file {path}: not OWNER/NAME: {bad[0]!r}")
    return list(dict.fromkeys(name for name in names if name))


def _repository(item: Any) -> Repository | None:
    if not isinstance(item, dict):
        return None
    name, branch = item.get("full_name"), item.get("default_branch")
    if not isinstance(name, str) or not _FULL_NAME.fullmatch(name) or name.endswith(("/.", "/..")):
        return None
    html_url = item.get("html_url")
    return Repository(
        full_name=name,
        default_branch=branch if isinstance(branch, str) else "",
        html_url=html_url if isinstance(html_url, str) else "",
        archived=item.get("archived") is True,
        fork=item.get("fork") is True,
        empty=item.get("size") == 0 or not branch,  # maybe: `size` lags up to an hour
    )


def _skip_reason(repo: Repository, options: OrgOptions) -> str:
    if repo.archived and not options.include_archived:
        return "archived"
    if repo.fork and not options.include_forks:
        return "fork"
    if not repo.default_branch and not options.include_empty:
        return "empty"  # nothing to read; a listed size of 0 is asked about (it may lag)
    return ""


# --- one repository -------------------------------------------------------------------------


@record(frozen=False, kw_only=False)
class _Counted:
    """The requests made for one repository."""

    rest: Rest
    requests: int = 0

    def json(self, path: str) -> object:
        self.requests += 1
        return self.rest.get(self.rest.address(path)).json()

    def fixed(self, path: str) -> object:
        """An answer that never changes (by SHA): no ETag is kept for it."""
        self.requests += 1
        return self.rest.get(self.rest.address(path), conditional=False).json()

    def download(self, path: str, into: BinaryIO) -> None:
        self.requests += 1
        self.rest.get(self.rest.address(path), into=into, limit=remote_tree.MAX_ARCHIVE_BYTES)


@record(frozen=False, kw_only=False)
class _Auditor:
    """Audits the repositories of one run, sharing its API client and cache."""

    rest: Rest
    options: OrgOptions
    progress: Progress
    pipeline_lock: threading.Lock = field(default_factory=threading.Lock)
    used: set[Path] = field(default_factory=set)  # cache files this run read or wrote

    def prune_cache(self) -> None:
        """Remove the kept trees and blobs no repository of this run used: a shard's cache
        holds what its next run may need, not every version ever read."""
        for kind in ("trees", "blobs"):
            folder = self._cache_path(kind)
            if folder is None or not folder.is_dir():
                continue
            for path in folder.rglob("*"):
                if path.is_file() and path not in self.used:
                    path.unlink(missing_ok=True)

    def audit(self, repo: Repository) -> None:
        target = self.options.output / repo.file_name
        if _done_already(target, self.options.today):
            self.progress.report(repo.full_name, "done in an earlier run", 0)
            return
        counted = _Counted(self.rest)
        try:
            document = self._audit(repo, counted)
            status = "ok" if document.get("tree") != "" else "empty"
        except _REPOSITORY_FAULTS as error:
            document = self._failed(repo, _reason(error))
            status = f"failed ({document['reason']})"
        except Exception as error:  # the per-repository guard: one repository never stops the run
            document = self._failed(repo, f"internal error: {type(error).__name__}: {error}")
            status = f"failed ({document['reason']})"
        document["requests"] = counted.requests
        if status == "empty" and not self.options.include_empty:
            document["skipped"] = True
            status = "empty, skipped"
        _write_json(target, document)
        self.progress.report(repo.full_name, status, counted.requests)

    def _failed(self, repo: Repository, reason: str) -> dict[str, Any]:
        return {
            "schema": 1,
            "tool": {"name": "pyparity", "version": __version__},
            "repository": repo.full_name,
            "html_url": repo.html_url,
            "status": "failed",
            "reason": reason.replace(self.options.token, "***") if self.options.token else reason,
            "audited": self.options.today.isoformat(),
        }

    def _audit(self, repo: Repository, counted: _Counted) -> dict[str, Any]:
        commit, tree_sha = self._head(repo, counted)
        if not tree_sha:
            return self._document(repo, commit, "", None)
        reused = self._cached_report(repo, tree_sha)
        if reused is not None:
            return reused
        with tempfile.TemporaryDirectory(prefix="pyparity-org-") as folder:
            root = Path(folder) / "tree"
            root.mkdir()
            if self.options.code:
                archive = Path(folder) / "archive"
                with open(archive, "w+b") as handle:
                    counted.download(f"repos/{repo.full_name}/tarball/{commit}", handle)
                tree, blob = remote_tree.unpack(archive, root)
                archive.unlink()
            else:
                tree = self._tree(repo, tree_sha, counted)
                blob = self._blob_reader(repo, counted)
            written = remote_tree.materialize(tree, root, blob)
            result = self._pipeline(root, tree, written)
        document = self._document(repo, commit, tree_sha, result)
        if tree.refused:
            document["refused_paths"] = tree.refused  # unsafe tree entries, never read
        self._keep_report(repo, document)
        return document

    def _head(self, repo: Repository, counted: _Counted) -> tuple[str, str]:
        """The default branch's commit and tree SHAs ("" for an empty repository)."""
        branch = remote_tree.quoted(repo.default_branch)
        try:
            answer = counted.json(f"repos/{repo.full_name}/branches/{branch}")
        except RestError as error:
            if error.status == 409 or (error.status == 404 and repo.empty):
                return "", ""  # "Git Repository is empty"
            raise
        commit = answer.get("commit") if isinstance(answer, dict) else None
        sha = commit.get("sha") if isinstance(commit, dict) else None
        inner = commit.get("commit") if isinstance(commit, dict) else None
        tree = inner.get("tree") if isinstance(inner, dict) else None
        tree_sha = tree.get("sha") if isinstance(tree, dict) else None
        if not isinstance(sha, str) or not isinstance(tree_sha, str):
            raise ValueError("the branch answer names no commit and tree")
        return sha, tree_sha

    def _tree(self, repo: Repository, tree_sha: str, counted: _Counted) -> remote_tree.Tree:
        kept = self._cache_path("trees", f"{tree_sha}.json")
        if kept is not None and kept.is_file():
            try:
                return remote_tree.Tree.from_json(json.loads(kept.read_text("utf-8")))
            except (ValueError, KeyError, TypeError, AssertionError):
                pass
        tree = remote_tree.read_tree(counted.fixed, repo.full_name, tree_sha)
        if kept is not None:
            _write_json(kept, tree.to_json())
        return tree

    def _blob_reader(self, repo: Repository, counted: _Counted) -> Callable[[str], bytes]:
        def blob(sha: str) -> bytes:
            kept = self._cache_path("blobs", sha[:2], sha)
            if kept is not None and kept.is_file():
                data = kept.read_bytes()
                if remote_tree.matches_sha(sha, data):
                    return data
            data = remote_tree.blob_from_json(
                sha, counted.fixed(f"repos/{repo.full_name}/git/blobs/{sha}")
            )
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                temporary = kept.with_name(f"{sha}.{threading.get_ident()}.tmp")
                temporary.write_bytes(data)
                temporary.replace(kept)
            return data

        return blob

    def _pipeline(
        self, root: Path, tree: remote_tree.Tree, written: remote_tree.Materialized
    ) -> Result:
        from pyparity import config as config_module
        from pyparity.check import run as check_run

        unfollowed = {finding.file for finding in written.findings}
        paths = [path for path in remote_tree.listing(tree) if path not in unfollowed]
        with self.pipeline_lock:
            config, _ = config_module.load(root)
            config = replace(
                config, audit=True, today=self.options.today, code=config.code and self.options.code
            )
            listing = _TreeListing(Root.at(root), paths)
            result = check_run(str(root), config, listing=listing, jobs=1)
        findings = (*written.findings, *result.findings)
        return replace(result, root=".", findings=findings)

    def _document(
        self, repo: Repository, commit: str, tree_sha: str, result: Result | None
    ) -> dict[str, Any]:
        from pyparity.report import json as json_report

        document: dict[str, Any] = (
            json_report.document(result)
            if result is not None
            else {"schema": 1, "tool": {"name": "pyparity", "version": __version__}}
        )
        document.update(
            repository=repo.full_name,
            html_url=repo.html_url,
            default_branch=repo.default_branch,
            commit=commit,
            tree=tree_sha,
            status="ok" if tree_sha else "empty",
            audited=self.options.today.isoformat(),
        )
        if result is not None:
            document["overview"] = overview(result, self.options.today)
        return document

    def _cached_report(self, repo: Repository, tree_sha: str) -> dict[str, Any] | None:
        """The last report of this repository when its tree, the date and pyparity are the same."""
        kept = self._cache_path("reports", repo.file_name)
        if kept is None or not kept.is_file():
            return None
        try:
            document = json.loads(kept.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        same = (
            isinstance(document, dict)
            and document.get("tree") == tree_sha
            and document.get("audited") == self.options.today.isoformat()
            and document.get("tool", {}).get("version") == __version__
        )
        return document if same else None

    def _keep_report(self, repo: Repository, document: Mapping[str, Any]) -> None:
        kept = self._cache_path("reports", repo.file_name)
        if kept is not None:
            _write_json(kept, document)

    def _cache_path(self, *parts: str) -> Path | None:
        if self.options.cache is None:
            return None
        path = self.options.cache.joinpath(*parts)
        self.used.add(path)
        return path


class _TreeListing(Listing):
    """The tree's paths as the pipeline's file listing (what `git ls-files` would print)."""

    __slots__ = ("_paths",)

    def __init__(self, root: Root, paths: list[str]) -> None:  # no git to start
        self.root = root
        self._process = None
        self._paths = paths

    def files(self) -> list[str]:
        return list(self._paths)


_REPOSITORY_FAULTS = (RestError, remote_tree.TreeError, ConfigError, OSError, ValueError, TypeError)


def _done_already(target: Path, today: dt.date) -> bool:
    try:
        document = json.loads(target.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(document, dict)
        and document.get("status") in ("ok", "empty")
        and document.get("audited") == today.isoformat()
    )


def _reason(error: Exception) -> str:
    if isinstance(error, RestError):
        return str(error)
    if isinstance(error, OSError):
        return f"{type(error).__name__}: {error.strerror or error}"
    return str(error) or type(error).__name__


def _write_json(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", "utf-8")
    temporary.replace(path)


def _write_shard_note(
    options: OrgOptions,
    mine: Iterable[Repository],
    skipped: Mapping[str, list[str]],
    rest: Rest,
) -> None:
    budget = rest.budget
    note = {
        "shard": str(options.shard),
        "org": options.org or "",
        "audited": options.today.isoformat(),
        "repositories": [repo.full_name for repo in mine],
        "skipped": {why: sorted(names) for why, names in skipped.items() if names},
        "requests": budget.requests,
        "not_modified": budget.not_modified,
        "retries": budget.retries,
        "rate_limit_waits": budget.waits,
    }
    name = f"{SHARD_PREFIX}{options.shard.index}-of-{options.shard.count}{REPORT_SUFFIX}"
    _write_json(options.output / name, note)
