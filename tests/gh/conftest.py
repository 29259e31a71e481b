"""A small GitHub REST API on 127.0.0.1 for PyGithub to talk to.

It keeps comments, check runs and issues in memory, records every request, paginates
comment and issue lists (Link headers) and answers scripted failures (`fail(...)`) before
the real route. Like GitHub, the issue list includes pull requests and filters by labels.

Each token acts for an account (`owners`, else `default_owner`): what it creates carries
that account as REST spells it, GraphQL's `viewer` answers as GraphQL spells it, and
`GET /user` answers 403 to an installation token, as GitHub does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

REPOSITORY = "octo-org/inventory"
PREFIX = "/api/v3"  # a GitHub Enterprise Server style API root
GRAPHQL = "/api/graphql"  # GitHub Enterprise Server's GraphQL endpoint beside it


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    authorization: str


@dataclass(slots=True, kw_only=True)
class Scripted:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Owner:
    """The account a token acts for: `rest` is the `user` object of what it writes,
    `viewer` what GraphQL's `viewer` answers (None: an error), `user_endpoint` whether
    `GET /user` answers (installation tokens get 403)."""

    rest: dict[str, Any]
    viewer: dict[str, Any] | None
    user_endpoint: bool


# The workflow's GITHUB_TOKEN: GraphQL spells the bot without `[bot]`, the id is the same.
WORKFLOW_BOT = Owner(
    rest={"login": "github-actions[bot]", "id": 41898282, "type": "Bot"},
    viewer={"login": "github-actions", "databaseId": 41898282},
    user_endpoint=False,
)
# An app's installation token (actions/create-github-app-token).
APP_BOT = Owner(
    rest={"login": "pyparity-checks[bot]", "id": 151234567, "type": "Bot"},
    viewer={"login": "pyparity-checks[bot]", "databaseId": 151234567},
    user_endpoint=False,
)
# A personal access token.
PERSON = Owner(
    rest={"login": "mona", "id": 583231, "type": "User"},
    viewer={"login": "mona", "databaseId": 583231},
    user_endpoint=True,
)
MALLORY = {"login": "mallory", "id": 666001, "type": "User"}
SOMEONE = {"login": "someone", "id": 1001, "type": "User"}


@dataclass(slots=True)
class FakeGitHub:
    url: str = ""
    page_size: int = 30
    requests: list[Recorded] = field(default_factory=list)
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    check_runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    pull_files: list[dict[str, Any]] = field(default_factory=list)  # of every pull request
    reviews: list[dict[str, Any]] = field(default_factory=list)
    review_comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    drop_labels: bool = False  # GitHub silently drops labels a token may not set
    scripted: list[Scripted] = field(default_factory=list)
    next_id: int = 1000
    owners: dict[str, Owner] = field(default_factory=dict)  # by token
    default_owner: Owner = WORKFLOW_BOT
    lock: threading.Lock = field(default_factory=threading.Lock)
    # the Git Data API: objects by name, and branches by name
    blobs: dict[str, bytes] = field(default_factory=dict)
    trees: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    commits: dict[str, dict[str, Any]] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)

    def fail(
        self,
        method: str,
        pattern: str,
        status: int,
        *,
        message: str = "failure",
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        self.scripted.append(
            Scripted(
                method=method,
                pattern=re.compile(pattern),
                status=status,
                body={"message": message, "documentation_url": "https://docs.github.com/rest"},
                headers=headers or {},
                times=times,
            )
        )

    def seed_comment(self, issue: int, body: str, author: dict[str, Any] | None = None) -> int:
        """A comment by `author` (default: someone else than any token)."""
        return self._new_comment(issue, body, author or SOMEONE)["id"]

    def seed_issue(
        self,
        title: str,
        body: str,
        *,
        labels: tuple[str, ...] = (),
        state: str = "open",
        pull_request: bool = False,
        author: dict[str, Any] | None = None,
    ) -> int:
        """An issue by `author` (default: someone else than any token)."""
        fields = {"title": title, "body": body, "labels": list(labels)}
        issue = self._new_issue(fields, author or SOMEONE)
        issue["state"] = state
        if pull_request:
            issue["html_url"] = issue["html_url"].replace("/issues/", "/pull/")
            issue["pull_request"] = {"url": f"{self.url}/repos/{REPOSITORY}/pulls/{self.next_id}"}
        return int(issue["number"])

    def seed_commit(
        self, sha: str, files: dict[str, bytes], *, parents: tuple[str, ...] = (), message: str = ""
    ) -> str:
        """A commit named `sha` whose tree holds `files` (each a 100644 blob)."""
        tree = self._tree({path: ("100644", self._blob(data)) for path, data in files.items()})
        self.commits[sha] = {"sha": sha, "tree": tree, "parents": list(parents), "message": message}
        return sha

    def seed_pull(
        self,
        branch: str,
        body: str,
        *,
        state: str = "open",
        author: dict[str, Any] | None = None,
        repository: str = REPOSITORY,
    ) -> int:
        """A pull request from `branch` by `author` (default: someone else than any token)."""
        self.next_id += 1
        number = self.next_id
        self.pulls[number] = {
            "number": number,
            "title": f"from {branch}",
            "body": body,
            "state": state,
            "head": {"ref": branch, "repo": {"full_name": repository}},
            "base": {"ref": "main"},
            "user": dict(author or SOMEONE),
        }
        return number

    def files_at(self, branch: str) -> dict[str, bytes]:
        """What a branch's tree holds, file by file."""
        return self.files_at_commit(self.refs[branch])

    def files_at_commit(self, sha: str) -> dict[str, bytes]:
        tree = self.trees[self.commits[sha]["tree"]]
        return {path: self.blobs[blob] for path, (_, blob) in tree.items()}

    def _blob(self, data: bytes) -> str:
        sha = hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()
        self.blobs[sha] = data
        return sha

    def _tree(self, entries: dict[str, tuple[str, str]]) -> str:
        sha = hashlib.sha1(json.dumps(sorted(entries.items())).encode()).hexdigest()
        self.trees[sha] = dict(entries)
        return sha

    def _git(self, method: str, route: str, body: Any) -> Reply | None:
        """The Git Data API: blobs, trees, commits and refs (`heads/...` only)."""
        if not self.commits:
            return Reply(409, {"message": "Git Repository is empty."})
        if route == "/git/blobs" and method == "POST":
            data = base64.b64decode(body["content"])
            return Reply(201, {"sha": self._blob(data), "url": f"{self.url}/blobs"})
        if route == "/git/trees" and method == "POST":
            base = body.get("base_tree")
            if base is not None and base not in self.trees:
                return Reply(422, {"message": "Invalid tree info"})
            entries = dict(self.trees.get(base, {}))
            for entry in body["tree"]:
                if entry["sha"] not in self.blobs:
                    return Reply(422, {"message": "Invalid tree info"})
                entries[entry["path"]] = (entry["mode"], entry["sha"])
            return Reply(201, {"sha": self._tree(entries)})
        if route == "/git/commits" and method == "POST":
            if body["tree"] not in self.trees or any(
                p not in self.commits for p in body["parents"]
            ):
                return Reply(422, {"message": "Tree SHA does not exist"})
            sha = hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()
            self.commits[sha] = {
                "sha": sha,
                "tree": body["tree"],
                "parents": body["parents"],
                "message": body["message"],
            }
            return Reply(201, self._commit(sha))
        if match := re.fullmatch(r"/git/commits/(\w+)", route):
            if match[1] not in self.commits:
                return Reply(404, {"message": "Not Found"})
            return Reply(200, self._commit(match[1]))
        if route == "/git/refs" and method == "POST":
            name = body["ref"].removeprefix("refs/heads/")
            if name in self.refs:
                return Reply(422, {"message": "Reference already exists"})
            if body["sha"] not in self.commits:
                return Reply(422, {"message": "Object does not exist"})
            self.refs[name] = body["sha"]
            return Reply(201, self._ref(name))
        if match := re.fullmatch(r"/git/refs?/heads/(.+)", route):
            name = match[1]
            if name not in self.refs:
                return Reply(404 if method == "GET" else 422, {"message": "Not Found"})
            if method == "PATCH":
                if not body.get("force"):
                    return Reply(422, {"message": "Update is not a fast forward"})
                self.refs[name] = body["sha"]
            return Reply(200, self._ref(name))
        return None

    def _commit(self, sha: str) -> dict[str, Any]:
        commit = self.commits[sha]
        return {
            "sha": sha,
            "tree": {"sha": commit["tree"]},
            "parents": [{"sha": parent} for parent in commit["parents"]],
            "message": commit["message"],
        }

    def _ref(self, name: str) -> dict[str, Any]:
        return {"ref": f"refs/heads/{name}", "object": {"type": "commit", "sha": self.refs[name]}}

    def _ancestors(self, sha: str) -> list[str]:
        chain = []
        while sha in self.commits:
            chain.append(sha)
            parents = self.commits[sha]["parents"]
            if not parents:
                break
            sha = parents[0]
        return chain

    def _compare(self, base: str, head: str) -> Reply:
        if base not in self.commits or head not in self.commits:
            return Reply(404, {"message": "Not Found"})
        behind = set(self._ancestors(base))
        ahead = []
        for sha in self._ancestors(head):
            if sha in behind:
                merge_base = sha
                break
            ahead.append(sha)
        else:
            return Reply(404, {"message": "No common ancestor"})
        old = self.trees[self.commits[merge_base]["tree"]]
        new = self.trees[self.commits[head]["tree"]]
        files = [
            {
                "filename": path,
                "sha": new[path][1] if path in new else None,
                "status": "removed" if path not in new else "modified",
            }
            for path in sorted(set(old) | set(new))
            if old.get(path) != new.get(path)
        ]
        commits = [
            {"sha": sha, "commit": {"message": self.commits[sha]["message"]}}
            for sha in reversed(ahead)
        ]
        return Reply(200, {"ahead_by": len(ahead), "commits": commits, "files": files})

    def _pulls(
        self,
        method: str,
        route: str,
        query: dict[str, list[str]],
        body: Any,
        owner: Owner,
        path: str,
    ) -> Reply | None:
        if route == "/pulls" and method == "GET":
            state = query.get("state", ["open"])[0]
            head = query.get("head", [""])[0]
            found = [
                self._pull(number)
                for number, pull in sorted(self.pulls.items())
                if state in ("all", pull["state"])
                and (not head or head == f"{REPOSITORY.split('/')[0]}:{pull['head']['ref']}")
            ]
            return self._page(path, found, query)
        if route == "/pulls" and method == "POST":
            if body["head"] not in self.refs:
                return Reply(422, {"message": "Validation Failed: head invalid"})
            if any(
                p["state"] == "open" and p["head"]["ref"] == body["head"]
                for p in self.pulls.values()
            ):
                message = (
                    f"A pull request already exists for {REPOSITORY.split('/')[0]}:{body['head']}."
                )
                return Reply(422, {"message": message})
            self.next_id += 1
            number = self.next_id
            self.pulls[number] = {
                "number": number,
                "title": body["title"],
                "body": body["body"],
                "state": "open",
                "head": {"ref": body["head"], "repo": {"full_name": REPOSITORY}},
                "base": {"ref": body["base"]},
                "user": dict(owner.rest),
            }
            return Reply(201, self._pull(number))
        if (match := re.fullmatch(r"/pulls/(\d+)", route)) and method == "PATCH":
            pull = self.pulls.get(int(match[1]))
            if pull is None:
                return Reply(404, {"message": "Not Found"})
            if body.get("state") == "closed" and pull["state"] == "open":
                pull["head"]["sha"] = self.refs.get(pull["head"]["ref"], "")
            pull.update({k: v for k, v in body.items() if k in ("title", "body", "state")})
            return Reply(200, self._pull(int(match[1])))
        return None

    def _pull(self, number: int) -> dict[str, Any]:
        """An open pull request's head follows its branch; a closed one keeps its commit."""
        pull = self.pulls[number]
        sha = pull["head"].get("sha", "")
        if pull["state"] == "open":
            sha = self.refs.get(pull["head"]["ref"], "")
        head = {**pull["head"], "sha": sha}
        return {**pull, "head": head, "url": f"{self.url}/repos/{REPOSITORY}/pulls/{number}"}

    @property
    def ours(self) -> dict[str, Any]:
        """The REST account of the default token: what it wrote in an earlier run."""
        return self.default_owner.rest

    def writes(self) -> list[Recorded]:
        """Every request that changes something (a GraphQL query is a POST that reads)."""
        return [r for r in self.requests if r.method != "GET" and r.path != GRAPHQL]

    def issue_comments(self, issue: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["issue"] == issue]

    def calls(self, method: str, pattern: str = "") -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def seen(self) -> list[str]:
        """Every request as `METHOD /path`, without the API prefix and the repository."""
        repository = f"{PREFIX}/repos/{REPOSITORY}"
        return [
            f"{r.method} {r.path.replace(repository, '{repo}').replace(PREFIX, '')}"
            for r in self.requests
        ]

    def owner(self, authorization: str) -> Owner:
        token = authorization.partition(" ")[2]
        return self.owners.get(token, self.default_owner)

    def _new_comment(self, issue: int, body: str, author: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        comment = {
            "id": self.next_id,
            "issue": issue,
            "body": body,
            "url": f"{self.url}/repos/{REPOSITORY}/issues/comments/{self.next_id}",
            "user": dict(author),
        }
        self.comments[self.next_id] = comment
        return comment

    def handle(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, authorization: str
    ) -> Reply:
        for script in self.scripted:
            if script.times and script.method == method and script.pattern.search(path):
                script.times -= 1
                return Reply(script.status, script.body, script.headers)
        owner = self.owner(authorization)
        if path == GRAPHQL and method == "POST":
            return self._graphql(owner, body)
        if path == f"{PREFIX}/user" and method == "GET":
            if not owner.user_endpoint:
                return Reply(403, {"message": "Resource not accessible by integration"})
            return Reply(200, owner.rest)
        route = path.removeprefix(f"{PREFIX}/repos/{REPOSITORY}")
        if route == "":
            return Reply(200, {"full_name": REPOSITORY, "url": f"{self.url}/repos/{REPOSITORY}"})
        if match := re.fullmatch(r"/issues/(\d+)/comments", route):
            issue = int(match[1])
            if method == "GET":
                return self._page(path, self.issue_comments(issue), query)
            return Reply(201, self._new_comment(issue, body["body"], owner.rest))
        if match := re.fullmatch(r"/issues/comments/(\d+)", route):
            comment_id = int(match[1])
            if comment_id not in self.comments:
                return Reply(404, {"message": "Not Found"})
            if method == "DELETE":
                del self.comments[comment_id]
                return Reply(204, None)
            self.comments[comment_id]["body"] = body["body"]
            return Reply(200, self.comments[comment_id])
        if route == "/issues":
            if method == "GET":
                return self._page(path, self._labelled(query), query)
            return Reply(201, self._new_issue(body, owner.rest))
        if match := re.fullmatch(r"/issues/(\d+)", route):
            issue = self.issues.get(int(match[1]))
            if issue is None:
                return Reply(404, {"message": "Not Found"})
            if method == "PATCH":
                issue.update({k: v for k, v in body.items() if k in ISSUE_FIELDS})
            return Reply(200, issue)
        if route.startswith("/git/"):
            reply = self._git(method, route, body)
            if reply is not None:
                return reply
        if match := re.fullmatch(r"/compare/(\w+)\.\.\.(\w+)", route):
            return self._compare(match[1], match[2])
        reply = self._pulls(method, route, query, body, owner, path)
        if reply is not None:
            return reply
        if re.fullmatch(r"/pulls/\d+/files", route) and method == "GET":
            return self._page(path, self.pull_files, query)
        if re.fullmatch(r"/pulls/\d+/reviews", route):
            if method == "GET":
                return self._page(path, self.reviews, query)
            self.next_id += 1
            self.reviews.append({**body, "id": self.next_id, "user": owner.rest})
            for comment in body.get("comments", []):
                self.next_id += 1
                self.review_comments[self.next_id] = {
                    **comment,
                    "id": self.next_id,
                    "user": owner.rest,
                }
            return Reply(200, self.reviews[-1])
        if re.fullmatch(r"/pulls/\d+/comments", route) and method == "GET":
            return self._page(path, list(self.review_comments.values()), query)
        if match := re.fullmatch(r"/pulls/comments/(\d+)", route):
            if method == "DELETE" and self.review_comments.pop(int(match[1]), None) is not None:
                return Reply(204, None)
            return Reply(404, {"message": "Not Found"})
        if route == "/check-runs" and method == "POST":
            return Reply(201, self._new_check_run(body))
        if match := re.fullmatch(r"/check-runs/(\d+)", route):
            run = self.check_runs[int(match[1])]
            run["annotations"] += body.get("output", {}).get("annotations", [])
            run["output"] = body.get("output", {})
            return Reply(200, run)
        return Reply(404, {"message": "Not Found"})

    def _labelled(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        wanted = {name for name in query.get("labels", [""])[0].split(",") if name}
        state = query.get("state", ["open"])[0]
        found = [
            issue
            for issue in self.issues.values()
            if wanted <= {label["name"] for label in issue["labels"]}
            and state in ("all", issue["state"])
        ]
        return sorted(found, key=lambda issue: int(issue["number"]))

    def _graphql(self, owner: Owner, body: Any) -> Reply:
        if "viewer" not in str((body or {}).get("query", "")):
            return Reply(200, {"errors": [{"message": "only `viewer` is known here"}]})
        if owner.viewer is None:
            return Reply(200, {"data": None, "errors": [{"message": "Something went wrong"}]})
        return Reply(200, {"data": {"viewer": owner.viewer}})

    def _new_issue(self, body: dict[str, Any], author: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        number = self.next_id
        labels = [] if self.drop_labels else body.get("labels", [])
        issue = {
            "id": number,
            "number": number,
            "title": body["title"],
            "body": body.get("body"),
            "state": "open",
            "state_reason": None,
            "labels": [{"name": name, "color": "ededed"} for name in labels],
            "assignees": [{"login": login} for login in body.get("assignees", [])],
            "url": f"{self.url}/repos/{REPOSITORY}/issues/{number}",
            "html_url": f"https://github.example.com/{REPOSITORY}/issues/{number}",
            "user": dict(author),
        }
        self.issues[number] = issue
        return issue

    def _new_check_run(self, body: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        run = {
            **body,
            "id": self.next_id,
            "url": f"{self.url}/repos/{REPOSITORY}/check-runs/{self.next_id}",
            "annotations": list(body.get("output", {}).get("annotations", [])),
        }
        self.check_runs[self.next_id] = run
        return run

    def _page(self, path: str, items: list[dict[str, Any]], query: dict[str, list[str]]) -> Reply:
        page = int(query.get("page", ["1"])[0])
        size = self.page_size
        last = max(1, -(-len(items) // size))
        links = []
        kept = {name: values for name, values in query.items() if name not in ("page", "per_page")}
        kept["per_page"] = [str(size)]
        base = f"http://{urlsplit(self.url).netloc}{path}?{urlencode(kept, doseq=True)}"
        if page < last:
            links.append(f'<{base}&page={page + 1}>; rel="next"')
            links.append(f'<{base}&page={last}>; rel="last"')
        headers = {"Link": ", ".join(links)} if links else {}
        return Reply(200, items[(page - 1) * size : page * size], headers)


ISSUE_FIELDS = ("title", "body", "state", "state_reason")


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            with fake.lock:
                fake.requests.append(
                    Recorded(
                        method=self.command,
                        path=parts.path,
                        query=parse_qs(parts.query),
                        body=body,
                        authorization=self.headers.get("Authorization", ""),
                    )
                )
                reply = fake.handle(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    body,
                    self.headers.get("Authorization", ""),
                )
            payload = b"" if reply.body is None else json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


FIXTURES = Path(__file__).parents[1] / "fixtures" / "action"
TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
HEAD_SHA = "feedfacefeedfacefeedfacefeedfacefeedface"
MERGE_SHA = "0123456789abcdef0123456789abcdef01234567"


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionRun:
    exit_code: int
    stdout: str
    outputs: dict[str, str]
    summary: str
    workspace: Any

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def annotations(self, level: str) -> list[str]:
        return [line for line in self.lines if line.startswith(f"::{level} ")]


def read_outputs(text: str) -> dict[str, str]:
    """Parse `$GITHUB_OUTPUT` the way the runner does (heredoc form only)."""
    values: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        name, marker, delimiter = line.partition("<<")
        assert marker, f"not the heredoc form: {line!r}"
        body = []
        for value_line in lines:
            if value_line == delimiter:
                break
            body.append(value_line)
        else:
            raise AssertionError(f"unterminated output {name}")
        values[name] = "\n".join(body)
    return values


@dataclass(slots=True)
class ContainerRunner:
    """Runs `pyparity.gh.action.main` with exactly the environment a container action gets."""

    tmp_path: Any
    api_url: str = "http://127.0.0.1:9/api/v3"
    api_factory: Any = None

    def environment(
        self, fixture: str, event: str, inputs: dict[str, str] | None = None
    ) -> tuple[dict[str, str], Any]:
        import shutil

        workspace = self.tmp_path / "workspace"
        if workspace.exists():
            shutil.rmtree(workspace)
        shutil.copytree(FIXTURES / fixture, workspace)
        commands = self.tmp_path / "file_commands"
        commands.mkdir(exist_ok=True)
        for name in ("output", "summary"):
            (commands / name).write_text("")
        environ = {
            "HOME": "/github/home",
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_EVENT_NAME": event,
            "GITHUB_EVENT_PATH": str(FIXTURES / "events" / f"{event}.json"),
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_SHA": MERGE_SHA,
            "GITHUB_API_URL": self.api_url,
            "GITHUB_SERVER_URL": "https://github.example.com",
            "GITHUB_OUTPUT": str(commands / "output"),
            "GITHUB_STEP_SUMMARY": str(commands / "summary"),
        }
        defaults = {
            "path": ".",
            "mode": "check",
            "fail-on": "",
            "source-of-truth": "",
            "precision": "",
            "config": "",
            "annotations": "true",
            "summary": "true",
            "comment": "false",
            "check-run": "false",
            "audit-issue": "true",
            "issue-title": "Python version drift",
            "issue-labels": "python-version-drift",
            "issue-assignees": "",
            "sarif-file": "",
            "code": "true",
            "today": "2026-11-26",
            "token": TOKEN,
        }
        defaults.update(inputs or {})
        # the runner: INPUT_ + the name upper-cased, hyphens kept
        environ.update({f"INPUT_{name.upper()}": value for name, value in defaults.items()})
        return environ, workspace

    def run(
        self,
        fixture: str = "drift",
        event: str = "pull_request",
        inputs: dict[str, str] | None = None,
        environ_changes: dict[str, str] | None = None,
    ) -> ActionRun:
        import io

        from pyparity.gh.action import main

        environ, workspace = self.environment(fixture, event, inputs)
        environ.update(environ_changes or {})
        out = io.StringIO()
        code = main(environ, out=out, api_factory=self.api_factory)
        commands = self.tmp_path / "file_commands"
        return ActionRun(
            exit_code=code,
            stdout=out.getvalue(),
            outputs=read_outputs((commands / "output").read_text()),
            summary=(commands / "summary").read_text(),
            workspace=workspace,
        )


@pytest.fixture
def runner(tmp_path: Any) -> ContainerRunner:
    return ContainerRunner(tmp_path)


@pytest.fixture
def api_runner(tmp_path: Any, fake_github: FakeGitHub) -> ContainerRunner:
    """A runner whose API calls reach the fake server, without waits between writes."""
    from pyparity.gh.api import GitHubApi

    def factory(env: Any) -> GitHubApi:
        return GitHubApi(
            token=env.token,
            api_url=env.api_url,
            repository=env.repository,
            sleep=lambda seconds: None,
            pause_between_writes=0,
            timeout=5,
        )

    return ContainerRunner(tmp_path, api_url=fake_github.url, api_factory=factory)
