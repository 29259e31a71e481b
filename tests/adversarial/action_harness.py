"""Run `pyparity.gh.action.main(env)` on a hostile workspace, against a scriptable faulty
GitHub API on 127.0.0.1, and collect everything the run wrote.

The fault server answers every request from a script (status, headers, raw body, delay),
so it can send what the fake API of `tests/gh` cannot: malformed JSON, slow answers,
secondary rate limits. Import as `from adversarial.action_harness import ...`.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from adversarial.hostile import write_tree

from pyparity.gh.action import main
from pyparity.gh.api import GitHubApi
from pyparity.gh.env import ActionEnv

# A token that looks real; every test asserts it appears nowhere but in `::add-mask::`.
FAKE_TOKEN = "ghs_AdversarialFakeToken0123456789abcdefXYZ"
REPOSITORY = "octo-org/inventory"
HEAD_SHA = "feedfacefeedfacefeedfacefeedfacefeedface"
PREFIX = "/api/v3"


@dataclass(frozen=True, slots=True, kw_only=True)
class Answer:
    status: int = 200
    body: bytes = b"{}"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    delay: float = 0.0


@dataclass(slots=True)
class FaultServer:
    """Every request gets `answer` (after `script`, consumed one answer per request)."""

    url: str = ""
    answer: Answer = field(default_factory=Answer)
    script: list[Answer] = field(default_factory=list)
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_answer(self, method: str, path: str, authorization: str, body: bytes) -> Answer:
        with self.lock:
            self.requests.append((method, path, authorization))
            self.bodies.append(body)
            return self.script.pop(0) if self.script else self.answer


def _handler(server: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = server.next_answer(
                self.command, self.path, self.headers.get("Authorization", ""), body
            )
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextlib.contextmanager
def fault_server() -> Iterator[FaultServer]:
    state = FaultServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def json_answer(status: int, payload: Mapping[str, Any], **headers: str) -> Answer:
    return Answer(
        status=status,
        body=json.dumps(payload).encode(),
        headers=(("Content-Type", "application/json"), *headers.items()),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionRun:
    exit_code: int
    stdout: str
    stderr: str
    summary: str
    outputs: str
    files: dict[str, str]
    sleeps: tuple[float, ...]

    @property
    def everything(self) -> str:
        """Every byte the run wrote: log, errors, summary, outputs and files."""
        return "\n".join(
            [self.stdout, self.stderr, self.summary, self.outputs, *self.files.values()]
        )


@dataclass(slots=True)
class ActionHarness:
    tmp_path: Path
    api_url: str = "http://127.0.0.1:9/api/v3"
    timeout: int = 2
    attempts: int = 3
    sleeps: list[float] = field(default_factory=list)

    def environment(
        self, files: Mapping[str, str | bytes], inputs: Mapping[str, str]
    ) -> dict[str, str]:
        workspace = write_tree(self.tmp_path / "workspace", files)
        commands = self.tmp_path / "commands"
        commands.mkdir(exist_ok=True)
        for name in ("output", "summary"):
            (commands / name).write_text("", encoding="utf-8")
        event = self.tmp_path / "event.json"
        event.write_text(
            json.dumps(
                {
                    "number": 42,
                    "pull_request": {
                        "number": 42,
                        "head": {"sha": HEAD_SHA, "repo": {"full_name": REPOSITORY, "fork": True}},
                        "base": {"ref": "main", "repo": {"full_name": REPOSITORY}},
                    },
                    "repository": {"full_name": REPOSITORY, "default_branch": "main"},
                }
            ),
            encoding="utf-8",
        )
        environ = {
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
            "GITHUB_API_URL": self.api_url,
            "GITHUB_SERVER_URL": "https://github.example.com",
            "GITHUB_OUTPUT": str(commands / "output"),
            "GITHUB_STEP_SUMMARY": str(commands / "summary"),
            "GITHUB_TOKEN": FAKE_TOKEN,
        }
        settings = {
            "path": ".",
            "mode": "check",
            "annotations": "true",
            "summary": "true",
            "comment": "true",
            "check-run": "true",
            "sarif-file": "results.sarif",
            "today": "2026-11-26",
            "token": FAKE_TOKEN,
        }
        settings.update(inputs)
        environ.update({f"INPUT_{name.upper()}": value for name, value in settings.items()})
        return environ

    def api(self, env: ActionEnv) -> GitHubApi:
        return GitHubApi(
            token=env.token,
            api_url=self.api_url,
            repository=env.repository,
            timeout=self.timeout,
            attempts=self.attempts,
            backoff=2.0,
            sleep=self.sleeps.append,
            pause_between_writes=0,
        )

    def run(
        self, files: Mapping[str, str | bytes], inputs: Mapping[str, str] | None = None
    ) -> ActionRun:
        environ = self.environment(files, inputs or {})
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            try:
                code = main(environ, out=out, api_factory=self.api)
            except BaseException:  # recorded, so the token scan sees the traceback too
                traceback.print_exc(file=err)
                code = -1
        commands = self.tmp_path / "commands"
        workspace = Path(environ["GITHUB_WORKSPACE"])
        written = {
            name: (workspace / name).read_text(encoding="utf-8", errors="replace")
            for name in ("pyparity-report.json", "results.sarif")
            if (workspace / name).exists()
        }
        return ActionRun(
            exit_code=code,
            stdout=out.getvalue(),
            stderr=err.getvalue(),
            summary=(commands / "summary").read_text(encoding="utf-8", errors="replace"),
            outputs=(commands / "output").read_text(encoding="utf-8", errors="replace"),
            files=written,
            sleeps=tuple(self.sleeps),
        )


def runner_view(stdout: str) -> list[str]:
    """The log lines the runner would read as commands: outside `::stop-commands::` blocks."""
    active: list[str] = []
    stop_token: str | None = None
    for line in stdout.split("\n"):
        if stop_token is not None:
            if line == f"::{stop_token}::":
                stop_token = None
            continue
        if line.startswith("::stop-commands::"):
            stop_token = line.removeprefix("::stop-commands::")
            continue
        if line.startswith("::"):
            active.append(line)
    return active
