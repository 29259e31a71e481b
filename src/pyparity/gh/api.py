"""The one module that talks to GitHub (through PyGithub).

`GitHubApi` wraps a repository: PR comments, check runs and the audit's tracking issue.
Every call goes through `_call`, which retries server errors, secondary rate limits
and dropped connections with exponential backoff, and turns every other failure into an
`ApiError` whose `kind` says what the caller can do about it.

Comments and issues carry their author, and `identity()` says who the token acts as, so
that the sticky comment and the audit issue are picked among the token's own: a marker
is text anyone can copy into a comment of theirs.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from github import Auth, Github, GithubException
from github.GithubObject import GithubObject

from pyparity.records import record

T = TypeVar("T")

DEFAULT_TIMEOUT_SECONDS = 20
DEFAULT_ATTEMPTS = 4
LONGEST_WAIT_SECONDS = 60.0


class ErrorKind(StrEnum):
    FORBIDDEN = "forbidden"  # 401/403: a read-only token (fork PRs) or missing permission
    NOT_FOUND = "not found"  # 404
    REJECTED = "rejected"  # another 4xx, e.g. 422 validation failed
    TRANSIENT = "transient"  # 5xx, rate limits, network: still failing after the retries


class ApiError(Exception):
    def __init__(self, kind: ErrorKind, action: str, status: int | None, detail: str) -> None:
        super().__init__(f"{action}: {kind.value} ({status or 'no response'}): {detail}")
        self.kind = kind
        self.action = action
        self.status = status
        self.detail = detail


@record
class Account:
    """A comment's or an issue's author as REST shows it: `github-actions[bot]`, type Bot."""

    login: str
    id: int | None = None
    bot: bool = False


@record
class Identity:
    """Who the token acts as. `bot` is None when nothing said whether it is an app's bot."""

    login: str
    id: int | None = None
    bot: bool | None = None

    def wrote(self, author: Account | None) -> bool:
        """Whether `author` is this identity. The numeric id decides when both sides have
        one (REST's `id` is GraphQL's `databaseId`); else the login, where GraphQL may
        spell an app's bot `github-actions` and REST `github-actions[bot]`."""
        if author is None or not author.login:
            return False
        if self.id is not None and author.id is not None:
            return self.id == author.id
        if self.bot is not None and self.bot != author.bot:
            return False
        mine, theirs = self.login.casefold(), author.login.casefold()
        if theirs == mine:
            return True
        return author.bot and not mine.endswith(BOT_SUFFIX) and theirs == mine + BOT_SUFFIX


BOT_SUFFIX = "[bot]"
VIEWER_QUERY = "query { viewer { login databaseId } }"


@record
class Comment:
    """A pull request's comment, as the API gives it."""

    id: int
    body: str
    author: Account | None = None


@record
class Issue:
    """An issue, as the API gives it."""

    number: int
    title: str
    body: str
    open: bool
    labels: tuple[str, ...]
    author: Account | None = None


@record
class PullRequest:
    """A pull request as the listing shows it; `head_repository` is "" when its fork is gone."""

    number: int
    head_ref: str
    head_sha: str
    head_repository: str
    base_ref: str
    body: str
    open: bool
    author: Account | None = None


@record
class Comparison:
    """`GET /compare/{base}...{head}`: the commits the head has that the base lacks, and the
    files they change with each one's blob on the head side ("" when removed)."""

    ahead_by: int
    files: dict[str, str]
    messages: tuple[str, ...]


def classify(status: int | None, message: str, headers: Mapping[str, str]) -> ErrorKind:
    lowered = {key.lower(): value for key, value in headers.items()}
    if status is None or status >= 500 or status == 429:
        return ErrorKind.TRANSIENT
    if status == 403 and ("retry-after" in lowered or "rate limit" in message.lower()):
        return ErrorKind.TRANSIENT
    if status in {401, 403}:
        return ErrorKind.FORBIDDEN
    if status == 404:
        return ErrorKind.NOT_FOUND
    return ErrorKind.REJECTED


def retry_after(headers: Mapping[str, str]) -> float | None:
    for key, value in headers.items():
        if key.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


class GitHubApi:
    """One repository on one GitHub (github.com or GHES: `api_url` is `GITHUB_API_URL`)."""

    def __init__(
        self,
        *,
        token: str,
        api_url: str,
        repository: str,
        timeout: int = DEFAULT_TIMEOUT_SECONDS,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        pause_between_writes: float = 1.0,
    ) -> None:
        self._github = Github(
            auth=Auth.Token(token) if token else None,
            base_url=api_url,
            timeout=timeout,
            retry=None,  # retries are ours: counted, classified and testable
            seconds_between_requests=None,
            seconds_between_writes=pause_between_writes or None,
            lazy=True,
            per_page=100,
        )
        self._repository = repository
        self._token = token
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._comments: dict[int, Any] = {}  # PyGithub objects by id, to edit without a GET
        self._check_runs: dict[int, Any] = {}
        self._issues: dict[int, Any] = {}

    def close(self) -> None:
        self._github.close()

    def _repo(self) -> Any:
        return self._github.get_repo(self._repository)

    def identity(self) -> Identity | None:
        """Who the token acts as, or None when GitHub does not say.

        GraphQL's `viewer` answers every kind of token; `GET /user` answers 403 to an
        installation token (the workflow's token, an app's token). So `viewer` is asked
        first, and `GET /user` only when `viewer` gives no numeric id: its 403 then tells
        that the token is an app's bot. A transient failure raises `ApiError`: nothing
        can be posted then anyway, and guessing would post duplicates."""
        viewer = self._viewer()
        if viewer is not None and viewer.id is not None:
            return viewer
        user, installation = self._user()
        if user is not None:
            return user
        if viewer is not None and installation:
            return Identity(login=viewer.login, id=None, bot=True)
        return viewer

    def _viewer(self) -> Identity | None:
        requester = self._github.requester

        def ask() -> Any:
            _, data = requester.requestJsonAndCheck(
                "POST", requester.graphql_url, input={"query": VIEWER_QUERY, "variables": {}}
            )
            return data

        try:
            data = self._call("ask GraphQL who the token is", ask)
        except ApiError as error:
            if error.kind is ErrorKind.TRANSIENT:
                raise
            return None
        except ValueError:  # an answer that is not JSON
            return None
        viewer = _field(_field(data, "data"), "viewer")
        login = _field(viewer, "login")
        if not isinstance(login, str) or not login:
            return None
        bot = True if login.casefold().endswith(BOT_SUFFIX) else None
        return Identity(login=login, id=_positive(_field(viewer, "databaseId")), bot=bot)

    def _user(self) -> tuple[Identity | None, bool]:
        """`GET /user`: the identity, and whether it was refused (an installation token)."""
        requester = self._github.requester

        def ask() -> Any:
            _, data = requester.requestJsonAndCheck("GET", "/user")
            return data

        try:
            data = self._call("ask who the token is", ask)
        except ApiError as error:
            if error.kind is ErrorKind.TRANSIENT:
                raise
            return None, error.status == 403
        except ValueError:
            return None, False
        account = _account(data)
        if account is None:
            return None, False
        return Identity(login=account.login, id=account.id, bot=account.bot), False

    def comments(self, number: int) -> list[Comment]:
        """Every comment on an issue or pull request, all pages."""
        number = issue_number(number)

        def fetch() -> list[Comment]:
            listing = list(self._repo().get_issue(number).get_comments())
            self._comments.update({int(item.id): item for item in listing})
            return [
                Comment(id=int(item.id), body=item.body or "", author=_author(item))
                for item in listing
            ]

        return self._call(f"list comments of #{number}", fetch)

    def create_comment(self, number: int, body: str) -> int:
        number = issue_number(number)

        def create() -> int:
            created = self._repo().get_issue(number).create_comment(body)
            self._comments[int(created.id)] = created
            return int(created.id)

        return self._call(f"comment on #{number}", create)

    def edit_comment(self, comment_id: int, body: str) -> None:
        """Edit a comment this object listed or created."""
        comment = self._comments[comment_id]
        self._call(f"edit comment {comment_id}", lambda: comment.edit(body))

    def delete_comment(self, comment_id: int) -> None:
        """Delete a comment this object listed or created."""
        comment = self._comments.pop(comment_id)
        self._call(f"delete comment {comment_id}", comment.delete)

    def issues(self, label: str) -> list[Issue]:
        """Every issue (open or closed, oldest first, all pages) carrying `label`; pull
        requests, which the same endpoint lists, are left out."""

        def fetch() -> list[Issue]:
            listing = self._repo().get_issues(
                state="all", labels=[label], sort="created", direction="asc"
            )
            # `html_url` comes with the listing; `pull_request` would cost a GET per issue
            found = [item for item in listing if "/pull/" not in (item.html_url or "")]
            self._issues.update({int(item.number): item for item in found})
            return [_issue(item) for item in found]

        return self._call(f"list issues labelled {label!r}", fetch)

    def create_issue(
        self, *, title: str, body: str, labels: Sequence[str], assignees: Sequence[str]
    ) -> Issue:
        def create() -> Issue:
            created = self._repo().create_issue(
                title=title, body=body, labels=list(labels), assignees=list(assignees)
            )
            self._issues[int(created.number)] = created
            return _issue(created)

        return self._call("create issue", create)

    def edit_issue(self, number: int, *, body: str | None = None, open: bool | None = None) -> None:
        """Change the body and/or the state of an issue this object listed or created."""
        number = issue_number(number)
        changes: dict[str, str] = {}
        if body is not None:
            changes["body"] = body
        if open is not None:
            changes["state"] = "open" if open else "closed"
            changes["state_reason"] = "reopened" if open else "completed"
        issue = self._issues[number]
        self._call(f"edit issue #{number}", lambda: issue.edit(**changes))

    def create_check_run(
        self,
        *,
        name: str,
        head_sha: str,
        conclusion: str,
        output: Mapping[str, Any],
    ) -> int:
        def create() -> int:
            run = self._repo().create_check_run(
                name=name,
                head_sha=head_sha,
                status="completed",
                conclusion=conclusion,
                output=dict(output),
            )
            self._check_runs[int(run.id)] = run
            return int(run.id)

        return self._call(f"create check run on {head_sha[:12]}", create)

    def add_check_run_output(self, check_run_id: int, output: Mapping[str, Any]) -> None:
        """Append annotations (at most 50 per call) to a check run made by this object."""
        run = self._check_runs[check_run_id]
        self._call(f"update check run {check_run_id}", lambda: run.edit(output=dict(output)))

    def pull_patches(self, number: int) -> dict[str, str]:
        """Each file of a pull request and its patch (`GET /pulls/{n}/files`, every page; a
        binary or very large file has no patch)."""
        number = issue_number(number)
        url = f"/repos/{self._repository}/pulls/{number}/files"

        def fetch() -> dict[str, str]:
            patches: dict[str, str] = {}
            for page in range(1, 31):  # GitHub lists at most 3,000 files
                _, data = self._github.requester.requestJsonAndCheck(
                    "GET", url, parameters={"per_page": 100, "page": page}
                )
                items = data if isinstance(data, list) else []
                for item in items:
                    name, patch = _field(item, "filename"), _field(item, "patch")
                    if isinstance(name, str):
                        patches[name] = patch if isinstance(patch, str) else ""
                if len(items) < 100:
                    break
            return patches

        return self._call(f"list the files of #{number}", fetch)

    def _listed(self, url: str) -> list[Comment]:
        comments: list[Comment] = []
        for page in range(1, 31):
            _, data = self._github.requester.requestJsonAndCheck(
                "GET", url, parameters={"per_page": 100, "page": page}
            )
            items = data if isinstance(data, list) else []
            for item in items:
                number, body = _positive(_field(item, "id")), _field(item, "body")
                if number is not None:
                    author = _account(_field(item, "user"))
                    comments.append(Comment(id=number, body=body or "", author=author))
            if len(items) < 100:
                break
        return comments

    def reviews(self, number: int) -> list[Comment]:
        """The reviews of a pull request (their bodies), every page."""
        number = issue_number(number)
        url = f"/repos/{self._repository}/pulls/{number}/reviews"
        return self._call(f"list reviews of #{number}", lambda: self._listed(url))

    def review_comments(self, number: int) -> list[Comment]:
        """The line comments of a pull request's reviews, every page."""
        number = issue_number(number)
        url = f"/repos/{self._repository}/pulls/{number}/comments"
        return self._call(f"list review comments of #{number}", lambda: self._listed(url))

    def delete_review_comment(self, comment_id: int) -> None:
        url = f"/repos/{self._repository}/pulls/comments/{int(comment_id)}"
        self._call(
            f"delete review comment {comment_id}",
            lambda: self._github.requester.requestJsonAndCheck("DELETE", url),
        )

    def create_review(
        self, number: int, *, commit_id: str, body: str, comments: list[dict[str, object]]
    ) -> int:
        """One review that only comments (`event: COMMENT`), with its line comments."""
        number = issue_number(number)
        url = f"/repos/{self._repository}/pulls/{number}/reviews"
        payload = {"commit_id": commit_id, "body": body, "event": "COMMENT", "comments": comments}

        def create() -> int:
            _, data = self._github.requester.requestJsonAndCheck("POST", url, input=payload)
            return _positive(_field(data, "id")) or 0

        return self._call(f"review #{number}", create)

    # -- the Git Data API and pull requests (`fix: pull-request`) ----------------------

    def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        _, data = self._github.requester.requestJsonAndCheck(method, url, **kwargs)
        return data

    def _git(self, tail: str) -> str:
        return f"/repos/{self._repository}/git/{tail}"

    def branch_head(self, branch: str) -> str | None:
        """The commit a branch points at, or None when there is no such branch."""
        url = self._git(f"ref/heads/{quote(branch, safe='/')}")
        try:
            data = self._call(f"read branch {branch}", lambda: self._json("GET", url))
        except ApiError as error:
            if error.kind is ErrorKind.NOT_FOUND:
                return None
            raise
        return _sha(_field(_field(data, "object"), "sha"))

    def commit_tree(self, sha: str) -> str:
        url = self._git(f"commits/{quote(sha, safe='')}")
        data = self._call(f"read commit {sha[:12]}", lambda: self._json("GET", url))
        return _sha(_field(_field(data, "tree"), "sha"))

    def create_blob(self, content: bytes) -> str:
        payload = {"content": base64.b64encode(content).decode("ascii"), "encoding": "base64"}
        url = self._git("blobs")
        data = self._call("create a blob", lambda: self._json("POST", url, input=payload))
        return _sha(_field(data, "sha"))

    def create_tree(self, base_tree: str, entries: Sequence[tuple[str, str, str]]) -> str:
        """A tree: `base_tree` with each (path, mode, blob sha) put in."""
        payload = {
            "base_tree": base_tree,
            "tree": [
                {"path": path, "mode": mode, "type": "blob", "sha": sha}
                for path, mode, sha in entries
            ],
        }
        url = self._git("trees")
        data = self._call("create a tree", lambda: self._json("POST", url, input=payload))
        return _sha(_field(data, "sha"))

    def create_commit(self, message: str, tree: str, parents: Sequence[str]) -> str:
        payload = {"message": message, "tree": tree, "parents": list(parents)}
        url = self._git("commits")
        data = self._call("create a commit", lambda: self._json("POST", url, input=payload))
        return _sha(_field(data, "sha"))

    def create_branch(self, branch: str, sha: str) -> None:
        payload = {"ref": f"refs/heads/{branch}", "sha": sha}
        url = self._git("refs")
        self._call(f"create branch {branch}", lambda: self._json("POST", url, input=payload))

    def move_branch(self, branch: str, sha: str) -> None:
        """Point the branch at `sha`, whatever it pointed at (a force update)."""
        payload = {"sha": sha, "force": True}
        url = self._git(f"refs/heads/{quote(branch, safe='/')}")
        self._call(f"update branch {branch}", lambda: self._json("PATCH", url, input=payload))

    def compare(self, base: str, head: str) -> Comparison:
        url = f"/repos/{self._repository}/compare/{quote(base, safe='')}...{quote(head, safe='')}"

        def fetch() -> Comparison:
            data = self._json("GET", url, parameters={"per_page": 100})
            files = {}
            for item in _list(_field(data, "files")):
                name = _field(item, "filename")
                if isinstance(name, str):
                    removed = _field(item, "status") == "removed"
                    files[name] = "" if removed else str(_field(item, "sha") or "")
            messages = tuple(
                str(_field(_field(item, "commit"), "message") or "")
                for item in _list(_field(data, "commits"))
            )
            ahead = _field(data, "ahead_by")
            return Comparison(
                ahead_by=ahead if type(ahead) is int else len(messages),
                files=files,
                messages=messages,
            )

        return self._call(f"compare {base[:12]}...{head[:12]}", fetch)

    def pulls(self, *, state: str = "open", head: str | None = None) -> list[PullRequest]:
        """The pull requests in `state` (`open`, `closed`, `all`), all pages; `head` is
        `owner:branch` to list only those from that branch."""
        url = f"/repos/{self._repository}/pulls"
        parameters: dict[str, Any] = {"state": state, "per_page": 100}
        if head is not None:
            parameters["head"] = head

        def fetch() -> list[PullRequest]:
            found: list[PullRequest] = []
            for page in range(1, 31):
                items = _list(self._json("GET", url, parameters={**parameters, "page": page}))
                found.extend(p for p in map(_pull, items) if p is not None)
                if len(items) < 100:
                    break
            return found

        return self._call(f"list {state} pull requests", fetch)

    def create_pull(self, *, title: str, body: str, head: str, base: str) -> PullRequest:
        payload = {"title": title, "body": body, "head": head, "base": base}
        url = f"/repos/{self._repository}/pulls"

        def create() -> PullRequest:
            created = _pull(self._json("POST", url, input=payload))
            if created is None:
                raise ApiError(ErrorKind.REJECTED, "open a pull request", None, "no number")
            return created

        return self._call(f"open a pull request from {head}", create)

    def edit_pull(self, number: int, *, body: str | None = None, open: bool | None = None) -> None:
        number = issue_number(number)
        payload: dict[str, str] = {}
        if body is not None:
            payload["body"] = body
        if open is not None:
            payload["state"] = "open" if open else "closed"
        url = f"/repos/{self._repository}/pulls/{number}"
        self._call(f"edit pull request #{number}", lambda: self._json("PATCH", url, input=payload))

    def comment_on(self, number: int, body: str) -> None:
        """A comment on an issue or pull request this object did not list."""
        number = issue_number(number)
        url = f"/repos/{self._repository}/issues/{number}/comments"
        payload = {"body": body}
        self._call(f"comment on #{number}", lambda: self._json("POST", url, input=payload))

    def _call(self, action: str, operation: Callable[[], T]) -> T:
        for attempt in range(1, self._attempts + 1):
            try:
                return operation()
            except GithubException as error:
                headers = dict(error.headers or {})
                message = _message(error.data)
                if self._token:  # a proxy or a server may echo the credentials back
                    message = message.replace(self._token, "***")
                kind = classify(error.status, message, headers)
                failure = ApiError(kind, action, error.status, message)
                wait = retry_after(headers)
            except requests.RequestException as error:
                dropped = isinstance(error, requests.ConnectionError | requests.Timeout)
                kind = ErrorKind.TRANSIENT if dropped else ErrorKind.REJECTED
                failure = ApiError(kind, action, None, type(error).__name__)
                wait = None
            if failure.kind is not ErrorKind.TRANSIENT or attempt == self._attempts:
                raise failure
            self._sleep(
                min(wait if wait is not None else self._delay(attempt), LONGEST_WAIT_SECONDS)
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int) -> float:
        return float(self._backoff * 2 ** (attempt - 1))


def issue_number(number: object) -> int:
    """A pull request's or issue's number: a positive int (`True` is an int to Python, and
    would reach the API as `/issues/True/comments`)."""
    if type(number) is not int or number < 1:
        raise ValueError(f"not an issue or pull request number: {number!r}")
    return number


def _issue(item: Any) -> Issue:
    return Issue(
        number=int(item.number),
        title=item.title or "",
        body=item.body or "",
        open=item.state == "open",
        labels=tuple(label.name for label in item.labels),
        author=_author(item),
    )


def _author(item: Any) -> Account | None:
    """The REST `user` of a comment or issue as the listing gave it: PyGithub's `raw_data`
    and `user.type` of a lazy object would GET each one."""
    return _account(_field(_LISTED_DATA.fget(item), "user"))


_LISTED_DATA: Any = GithubObject.__dict__["raw_data"]  # the base class's: no completion


def _account(user: Any) -> Account | None:
    login = _field(user, "login")
    if not isinstance(login, str) or not login:
        return None
    return Account(login=login, id=_positive(_field(user, "id")), bot=_field(user, "type") == "Bot")


def _field(data: Any, name: str) -> Any:
    return data.get(name) if isinstance(data, dict) else None


def _positive(value: Any) -> int | None:
    return value if type(value) is int and value > 0 else None


def _message(data: Any) -> str:
    if isinstance(data, dict):
        return str(data.get("message", ""))
    return str(data or "")


def _pull(item: Any) -> PullRequest | None:
    number = _positive(_field(item, "number"))
    if number is None:
        return None
    head, base = _field(item, "head"), _field(item, "base")
    repository = _field(_field(head, "repo"), "full_name")
    return PullRequest(
        number=number,
        head_ref=str(_field(head, "ref") or ""),
        head_sha=str(_field(head, "sha") or ""),
        head_repository=repository if isinstance(repository, str) else "",
        base_ref=str(_field(base, "ref") or ""),
        body=str(_field(item, "body") or ""),
        open=_field(item, "state") == "open",
        author=_account(_field(item, "user")),
    )


def _list(data: Any) -> list[Any]:
    return data if isinstance(data, list) else []


def _sha(value: Any) -> str:
    """A git object name from an answer; a missing one is an error, never an empty name."""
    if not isinstance(value, str) or not value:
        raise ApiError(ErrorKind.REJECTED, "read a git object", None, "no sha in the answer")
    return value
