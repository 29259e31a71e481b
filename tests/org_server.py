"""A synthetic organisation served by a local GitHub REST API on 127.0.0.1.

`synthetic_org(n)` builds repositories in memory, cycling through kinds that each plant one
thing (consistent, drifted, end of life, floating, a version file named by a workflow, a
symbolic link) plus one of each special case: empty, archived, a fork, a truncated tree,
one whose branch answers 500 before 200, one that answers 404, one with hostile tree paths.
`FakeOrg` serves them as GitHub does: the org's repositories page by page (`Link`), a
branch's commit and tree with ETags (`If-None-Match` answers 304 without spending the
rate limit), recursive and folder trees (`truncated` for the big one), base64 blobs, and
scripted failures before the real route. Every request is recorded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ORG = "acme"
PREFIX = "/api/v3"
LIMIT = 5000


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def _sha(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()


@dataclass(slots=True, kw_only=True)
class FakeRepo:
    name: str
    kind: str
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # symbolic link path -> target text
    archived: bool = False
    fork: bool = False
    hostile: tuple[str, ...] = ()  # extra tree entry paths that must be refused
    truncated: bool = False
    listed_size: int | None = None  # what the listing says (GitHub's `size` lags an hour)

    @property
    def full_name(self) -> str:
        return f"{ORG}/{self.name}"

    @property
    def empty(self) -> bool:
        return not self.files and not self.links

    def commit(self) -> str:
        return _sha("commit", self.full_name, self.tree())

    def tree(self) -> str:
        listing = sorted(f"{p}:{blob_sha(d)}" for p, d in self.files.items())
        listing += sorted(f"{p}->{t}" for p, t in self.links.items())
        return _sha("tree", self.full_name, *listing)

    def folder_sha(self, folder: str) -> str:
        return self.tree() if folder == "" else _sha("folder", self.tree(), folder)

    def declaring(self) -> set[str]:
        """What pyparity reads of this repository (the test's expectation)."""
        return {p for p in self.files if _DECLARING.search(p)} | set(self.links)


_DECLARING = re.compile(
    r"(^|/)(\.python-version|Dockerfile|pyproject\.toml|tox\.ini)$|^\.github/workflows/|pyver$|^ci/envs/"
)

APP = b"import os\n\nprint(os.getcwd())\n"
README = b"# service\n"


def _service(version: str, docker: str, floor: str, matrix: tuple[str, ...]) -> dict[str, bytes]:
    quoted = ", ".join(f'"{m}"' for m in matrix)
    workflow = (
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    strategy:\n      matrix:\n"
        f"        python-version: [{quoted}]\n"
        "    steps:\n      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n          python-version: ${{ matrix.python-version }}\n"
        "      - run: pytest\n"
    )
    files = {
        ".python-version": f"{version}\n".encode(),
        "Dockerfile": f'FROM python:{docker}\nCOPY . /app\nCMD ["python", "/app/app.py"]\n'.encode(),
        "pyproject.toml": f'[project]\nname = "svc"\nrequires-python = ">={floor}"\n'.encode(),
        ".github/workflows/ci.yml": workflow.encode(),
        "app.py": APP,
        "README.md": README,
        "docs/index.md": README,
    }
    return files


KINDS = ("consistent", "drifted", "end-of-life", "floating", "linked", "symlinked")


def _kind_files(kind: str, index: int) -> tuple[dict[str, bytes], dict[str, str]]:
    if kind == "consistent":
        return _service("3.12", "3.12-slim", "3.11", ("3.11", "3.12")), {}
    if kind == "drifted":
        return _service("3.12", "3.10-slim", "3.11", ("3.11", "3.12")), {}
    if kind == "end-of-life":
        return _service("3.9", "3.9-slim", "3.9", ("3.9",)), {}
    if kind == "floating":
        files = _service("3.12", "3-slim", "3.11", ("3.11", "3.12"))
        return files, {}
    if kind == "linked":
        files = _service("3.12", "3.12-slim", "3.11", ("3.11", "3.12"))
        files[".github/workflows/lint.yml"] = (
            b"on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
            b"      - uses: actions/setup-python@v5\n"
            b"        with:\n          python-version-file: config/pyver\n"
            b"      - run: ruff check .\n"
        )
        files["config/pyver"] = b"3.10\n"  # not a name pyparity reads unless linked
        files[".github/workflows/conda.yml"] = (
            b"on: [push]\njobs:\n  test-conda:\n    runs-on: ubuntu-latest\n    steps:\n"
            b"      - uses: mamba-org/setup-micromamba@v2\n"
            b"        with:\n          environment-file: ci/envs/py311.yaml\n"
            b"      - run: pytest\n"
        )
        # Nor this one: a conda environment file a CI step creates.
        files["ci/envs/py311.yaml"] = b"dependencies:\n  - python=3.11\n  - pytest\n"
        return files, {}
    files = _service("3.12", "3.12-slim", "3.11", ("3.11", "3.12"))
    del files[".python-version"]
    files["versions/current"] = b"3.12\n"
    return files, {".python-version": "versions/current", "runtime.txt": "../../etc/passwd"}


def synthetic_org(count: int) -> list[FakeRepo]:
    """`count` repositories: the kinds in turn, then the special cases at fixed names."""
    repos = []
    for index in range(count - 7):
        kind = KINDS[index % len(KINDS)]
        files, links = _kind_files(kind, index)
        repos.append(FakeRepo(name=f"svc-{index:03d}", kind=kind, files=files, links=links))
    consistent = _kind_files("consistent", 0)[0]
    repos.append(FakeRepo(name="empty", kind="empty"))
    repos.append(FakeRepo(name="old", kind="archived", files=dict(consistent), archived=True))
    repos.append(FakeRepo(name="forked", kind="fork", files=dict(consistent), fork=True))
    big = dict(_kind_files("drifted", 0)[0])
    for folder in range(40):
        big[f"pkg{folder:02d}/module.py"] = APP
    big["services/api/Dockerfile"] = b"FROM python:3.10-slim\n"
    big["services/api/pyproject.toml"] = b'[project]\nname = "api"\nrequires-python = ">=3.10"\n'
    repos.append(FakeRepo(name="monorepo", kind="truncated", files=big, truncated=True))
    repos.append(FakeRepo(name="flaky", kind="flaky", files=dict(consistent)))
    repos.append(FakeRepo(name="gone", kind="missing", files=dict(consistent)))
    repos.append(
        FakeRepo(
            name="hostile",
            kind="hostile",
            files=dict(consistent),
            hostile=("../escape/Dockerfile", ".git/Dockerfile", "a/../../Dockerfile"),
        )
    )
    for repo in repos:  # each repository's files are its own, as in a real org
        repo.files = {path: data + f"# {repo.name}\n".encode() for path, data in repo.files.items()}
    return repos


@dataclass(slots=True, kw_only=True)
class Scripted:
    pattern: re.Pattern[str]
    status: int
    headers: dict[str, str]
    times: int
    message: str


@dataclass(slots=True)
class FakeOrg:
    repos: list[FakeRepo]
    url: str = ""
    page_size: int = 100
    requests: list[tuple[str, bool]] = field(default_factory=list)  # (path, answered 304)
    authorizations: set[str] = field(default_factory=set)
    authorized: list[tuple[str, str]] = field(default_factory=list)  # path, Authorization
    scripted: list[Scripted] = field(default_factory=list)
    remaining: int = LIMIT
    reset: int = 2_000_000_000
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_name: dict[str, FakeRepo] = field(default_factory=dict)
    tampered: dict[str, bytes] = field(default_factory=dict)  # blob SHA -> what is served
    link_host: str = ""  # the listing's `Link: rel="next"` names this host instead
    delay: float = 0.0  # seconds each answer takes, so that concurrent requests overlap
    in_flight: int = 0
    most_in_flight: int = 0

    def __post_init__(self) -> None:
        self.by_name = {repo.full_name: repo for repo in self.repos}
        self.fail(r"/repos/acme/flaky/branches/", 500, times=1)
        self.fail(r"/repos/acme/gone/", 404, times=10_000, message="Not Found")

    def fail(
        self,
        pattern: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str = "failure",
    ) -> None:
        self.scripted.append(
            Scripted(
                pattern=re.compile(pattern),
                status=status,
                headers=headers or {},
                times=times,
                message=message,
            )
        )

    def by_repository(self) -> Counter[str]:
        """Requests per repository (the org listing is not any repository's)."""
        return self.by_repository_of(self.requests)

    @staticmethod
    def by_repository_of(requests: list[tuple[str, bool]]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for path, _ in requests:
            if match := re.match(rf"{PREFIX}/repos/{ORG}/([^/]+)", path):
                counts[match[1]] += 1
        return counts

    def paths(self, pattern: str) -> list[str]:
        return [path for path, _ in self.requests if re.search(pattern, path)]

    # --- routes ------------------------------------------------------------------------

    def handle(
        self, path: str, query: dict[str, list[str]], headers: dict[str, str]
    ) -> tuple[int, Any, dict[str, str]]:
        for script in self.scripted:
            if script.times and script.pattern.search(path):
                script.times -= 1
                return script.status, {"message": script.message}, dict(script.headers)
        route = path.removeprefix(PREFIX)
        if codeload := re.fullmatch(r"/codeload/([^/]+/[^/]+)/tar\.gz/([0-9a-f]{40})", path):
            found = self.by_name.get(codeload[1])
            if found is None or found.commit() != codeload[2]:
                return 404, {"message": "Not Found"}, {}
            return 200, tarball(found), {"Content-Type": "application/x-gzip"}
        if route == f"/orgs/{ORG}/repos":
            return self._listing(path, query)
        match = re.fullmatch(r"/repos/([^/]+/[^/]+)(/.*)?", route)
        repo = self.by_name.get(match[1]) if match else None
        if match is None or repo is None:
            return 404, {"message": "Not Found"}, {}
        rest = match[2] or ""
        if rest == "":
            return 200, self._repo_json(repo), {}
        if branch := re.fullmatch(r"/branches/(.+)", rest):
            if repo.empty or branch[1] != "main":
                return 404, {"message": "Branch not found"}, {}
            body = {
                "name": "main",
                "commit": {"sha": repo.commit(), "commit": {"tree": {"sha": repo.tree()}}},
            }
            return self._tagged(body, headers)
        if tree := re.fullmatch(r"/git/trees/([0-9a-f]{40})", rest):
            return self._tree(repo, tree[1], "recursive" in query)
        if re.fullmatch(r"/tarball/[0-9a-f]{40}", rest):
            # GitHub answers with a redirect to codeload, another host: here `localhost`.
            port = urlsplit(self.url).port
            location = f"http://localhost:{port}/codeload/{repo.full_name}/tar.gz/{repo.commit()}"
            return 302, None, {"Location": location}
        if blob := re.fullmatch(r"/git/blobs/([0-9a-f]{40})", rest):
            data = self._blob(repo, blob[1])
            if data is None:
                return 404, {"message": "Not Found"}, {}
            encoded = base64.encodebytes(data).decode()
            return (
                200,
                {"sha": blob[1], "size": len(data), "encoding": "base64", "content": encoded},
                {},
            )
        return 404, {"message": "Not Found"}, {}

    def _repo_json(self, repo: FakeRepo) -> dict[str, Any]:
        return {
            "full_name": repo.full_name,
            "default_branch": "main",
            "html_url": f"https://github.example/{repo.full_name}",
            "archived": repo.archived,
            "fork": repo.fork,
            "size": repo.listed_size if repo.listed_size is not None else 0 if repo.empty else 12,
        }

    def _listing(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        page = int(query.get("page", ["1"])[0])
        size = self.page_size
        items = [self._repo_json(repo) for repo in self.repos]
        last = max(1, -(-len(items) // size))
        headers = {}
        if page < last:
            host = self.link_host or urlsplit(self.url).netloc
            base = f"http://{host}{path}?type=all&per_page={size}"
            headers["Link"] = (
                f'<{base}&page={page + 1}>; rel="next", <{base}&page={last}>; rel="last"'
            )
        return 200, items[(page - 1) * size : page * size], headers

    def _tagged(self, body: Any, headers: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        etag = '"' + hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest() + '"'
        if headers.get("if-none-match") == etag:
            return 304, None, {"ETag": etag}
        return 200, body, {"ETag": etag}

    def _entries(self, repo: FakeRepo) -> list[dict[str, Any]]:
        entries = [
            {"path": p, "mode": "100644", "type": "blob", "sha": blob_sha(d), "size": len(d)}
            for p, d in sorted(repo.files.items())
        ]
        entries += [
            {
                "path": p,
                "mode": "120000",
                "type": "blob",
                "sha": blob_sha(t.encode()),
                "size": len(t),
            }
            for p, t in sorted(repo.links.items())
        ]
        entries += [
            {
                "path": p,
                "mode": "100644",
                "type": "blob",
                "sha": blob_sha(b"FROM python:2.7\n"),
                "size": 16,
            }
            for p in repo.hostile
        ]
        return entries

    def _tree(self, repo: FakeRepo, sha: str, recursive: bool) -> tuple[int, Any, dict[str, str]]:
        folders = {""} | {
            "/".join(e["path"].split("/")[:depth])
            for e in self._entries(repo)
            for depth in range(1, e["path"].count("/") + 1)
        }
        folder = next((f for f in folders if repo.folder_sha(f) == sha), None)
        if folder is None:
            return 404, {"message": "Not Found"}, {}
        prefix = f"{folder}/" if folder else ""
        inside = [e for e in self._entries(repo) if e["path"].startswith(prefix)]
        if recursive and not (repo.truncated and folder == ""):
            items = [{**e, "path": e["path"][len(prefix) :]} for e in inside]
            items += [
                {
                    "path": f[len(prefix) :],
                    "mode": "040000",
                    "type": "tree",
                    "sha": repo.folder_sha(f),
                }
                for f in sorted(folders)
                if f and f.startswith(prefix)
            ]
            return 200, {"sha": sha, "tree": items, "truncated": False}, {}
        direct = [
            {**e, "path": e["path"][len(prefix) :]}
            for e in inside
            if "/" not in e["path"][len(prefix) :]
        ]
        subfolders = sorted(
            {
                e["path"][len(prefix) :].split("/")[0]
                for e in inside
                if "/" in e["path"][len(prefix) :]
            }
        )
        direct += [
            {"path": name, "mode": "040000", "type": "tree", "sha": repo.folder_sha(prefix + name)}
            for name in subfolders
        ]
        if recursive:  # the truncated answer: a part of the listing
            return 200, {"sha": sha, "tree": direct[:3], "truncated": True}, {}
        return 200, {"sha": sha, "tree": direct, "truncated": False}, {}

    def _blob(self, repo: FakeRepo, sha: str) -> bytes | None:
        if sha in self.tampered:
            return self.tampered[sha]
        for data in [*repo.files.values(), *(t.encode() for t in repo.links.values())]:
            if blob_sha(data) == sha:
                return data
        if sha == blob_sha(b"FROM python:2.7\n") and repo.hostile:
            return b"FROM python:2.7\n"
        return None


def tarball(repo: FakeRepo) -> bytes:
    """The repository as GitHub's tarball: one top folder `owner-name-sha/`."""
    import io
    import tarfile

    top = f"{repo.full_name.replace('/', '-')}-{repo.commit()[:7]}"
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for path, data in sorted(repo.files.items()):
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for path, target in sorted(repo.links.items()):
            info = tarfile.TarInfo(f"{top}/{path}")
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
        for path in repo.hostile:
            info = tarfile.TarInfo(f"{top}/{path}")
            data = b"FROM python:2.7\n"
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _handler(fake: FakeOrg) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with fake.lock:
                fake.in_flight += 1
                fake.most_in_flight = max(fake.most_in_flight, fake.in_flight)
            time.sleep(fake.delay)
            self._answer()

        def _answer(self) -> None:
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with fake.lock:
                fake.authorizations.add(headers.get("authorization", ""))
                fake.authorized.append((parts.path, headers.get("authorization", "")))
                status, body, extra = fake.handle(parts.path, parse_qs(parts.query), headers)
                fake.requests.append((parts.path, status == 304))
                if status != 304:
                    fake.remaining = max(0, fake.remaining - 1)
                remaining = fake.remaining
                fake.in_flight -= 1  # answered: the client may ask again once it reads this
            if isinstance(body, bytes):
                payload = body
            else:
                payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            kind = extra.pop("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("X-RateLimit-Limit", str(LIMIT))
            self.send_header(
                "X-RateLimit-Remaining", extra.pop("X-RateLimit-Remaining", str(remaining))
            )
            self.send_header("X-RateLimit-Reset", str(fake.reset))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class Served:
    """A FakeOrg on 127.0.0.1 for the duration of a `with` block."""

    def __init__(self, fake: FakeOrg) -> None:
        self.fake = fake
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
        self.server.daemon_threads = True
        fake.url = f"http://127.0.0.1:{self.server.server_address[1]}{PREFIX}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> FakeOrg:
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def serve(repos: list[FakeRepo]) -> Iterator[FakeOrg]:
    with Served(FakeOrg(repos)) as fake:
        yield fake
