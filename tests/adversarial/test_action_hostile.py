"""The Action on hostile input: injected workflow commands, markdown that tries to break the
summary, a huge report, a known fake token, and a GitHub API that fails in every way.

Whatever happens, the annotations, summary, outputs, report file and exit code are
produced, the exit code depends only on the findings, and the token appears once: in the
`::add-mask::` line that comes first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from adversarial.action_harness import (
    FAKE_TOKEN,
    ActionHarness,
    ActionRun,
    Answer,
    fault_server,
    json_answer,
    runner_view,
)
from adversarial.hostile import REALISTIC

from pyparity.gh.commands import SUMMARY_LIMIT_BYTES

INJECTIONS = (
    "::set-output name=drift::false",
    "::add-mask::",
    "%0A::error::injected",
    "::stop-commands::x",
    "::add-path::/tmp/evil",
    "::save-state name=x::y",
    "::warning file=a,line=1::fake",
)

HOSTILE_FILES: dict[str, str] = {
    **REALISTIC,
    ".python-version": "3.11\n",  # drift: everything else says 3.12
    "::set-output name=drift::false/Dockerfile": "FROM python:3.9\n",
    "%0A::error::injected/Dockerfile": "FROM python:3.8\n",
    "%25%0D%0A::add-mask::x/Dockerfile": "FROM python:3.8\n",
    "x\n::add-path::/tmp/evil/Dockerfile": "FROM python:3.8\n",
    "<!-- hidden/Dockerfile": "FROM python:3.9\n",
    "<script>alert(1)</script>/Dockerfile": "FROM python:3.9\n",
    "`tick`|pipe|**bold**[link](http://x)/Dockerfile": "FROM python:3.9\n",
    ("long-" + "l" * 240) + "/Dockerfile": "FROM python:3.9  " + "# " + "w" * 5000 + "\n",
    "stage/Dockerfile": (
        "FROM python:3.9 AS ::set-output name=drift::false\n"
        "FROM python:${V:-::add-mask::oops}\n"
        "FROM python:3.9\n"
    ),
    ".github/workflows/inject.yml": (
        "jobs:\n"
        "  '::error::job%0A::set-output name=drift::false':\n"
        "    name: '<!-- | `x` | <img src=x onerror=alert(1)>'\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        "          python-version: '3.9'\n"
        "      - run: pytest\n"
    ),
}

COMMAND = re.compile(r"^::(?P<name>[a-z-]+)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")
PROPERTY_NAMES = {"file", "line", "endLine", "col", "endColumn", "title"}
OUTPUT_NAMES = {"drift", "errors", "warnings", "python-version", "declarations", "report"}


def parse_outputs(text: str) -> dict[str, str]:
    """`$GITHUB_OUTPUT` the way the runner reads it: `name<<delimiter` blocks only."""
    values: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        name, marker, delimiter = line.partition("<<")
        assert marker, f"not a heredoc output: {line!r}"
        body = []
        for value_line in lines:
            if value_line == delimiter:
                break
            body.append(value_line)
        else:
            raise AssertionError(f"unterminated output {name!r}")
        values[name] = "\n".join(body)
    return values


def assert_commands_are_ours(run: ActionRun) -> None:
    active = runner_view(run.stdout)
    assert active[0] == f"::add-mask::{FAKE_TOKEN}"
    for line in active[1:]:
        match = COMMAND.match(line)
        assert match, f"not a well-formed command: {line!r}"
        assert match["name"] in {"error", "warning", "notice", "group", "endgroup"}, line
        for pair in filter(None, (match["properties"] or "").split(",")):
            key, _, value = pair.partition("=")
            assert key in PROPERTY_NAMES, line
            assert ":" not in value
        assert "\r" not in line


def assert_token_only_masked(run: ActionRun) -> None:
    assert run.stdout.split("\n", 1)[0] == f"::add-mask::{FAKE_TOKEN}"
    assert run.everything.count(FAKE_TOKEN) == 1, "the token leaked"


def assert_reported(run: ActionRun, *, exit_code: int = 1) -> None:
    """The report is whole whatever happened to the optional channels."""
    assert run.exit_code == exit_code, run.stdout[-3000:] + run.stderr[-3000:]
    outputs = parse_outputs(run.outputs)
    assert set(outputs) == OUTPUT_NAMES
    assert outputs["drift"] == ("true" if exit_code else "false")
    assert "pyparity" in run.summary
    assert "pyparity-report.json" in run.files
    assert "results.sarif" in run.files
    if exit_code:
        assert any(line.startswith("::error ") for line in runner_view(run.stdout))


@pytest.fixture
def harness(tmp_path: Path) -> ActionHarness:
    return ActionHarness(tmp_path)


def test_injected_names_and_contents_cannot_issue_workflow_commands(
    harness: ActionHarness,
) -> None:
    with fault_server() as server:
        server.answer = json_answer(403, {"message": "Resource not accessible by integration"})
        harness.api_url = server.url
        run = harness.run(HOSTILE_FILES)

    assert_reported(run)
    assert_commands_are_ours(run)
    assert_token_only_masked(run)
    outputs = parse_outputs(run.outputs)
    assert outputs["drift"] == "true"


def test_summary_escapes_html_comments_and_table_breakers(harness: ActionHarness) -> None:
    run = harness.run(HOSTILE_FILES, {"comment": "false", "check-run": "false"})

    assert_reported(run)
    assert "<script>" not in run.summary
    assert "<img" not in run.summary
    assert "<!-- hidden" not in run.summary
    assert "<!-- |" not in run.summary
    for line in run.summary.split("\n"):
        assert "\r" not in line


def test_huge_report_keeps_the_summary_under_the_runner_limit(harness: ActionHarness) -> None:
    """3,000 pins below the supported range with long paths: megabytes of markdown."""
    files: dict[str, str | bytes] = {
        "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n',
        ".python-version": "3.12\n",
    }
    folder = "service-" + "s" * 180
    for index in range(3000):
        files[f"{folder}{index:04}/Dockerfile"] = "FROM python:3.9-slim\n"

    run = harness.run(files, {"comment": "false", "check-run": "false"})

    assert_reported(run)
    assert len(run.summary.encode("utf-8")) <= SUMMARY_LIMIT_BYTES
    assert "1 MiB" in run.summary
    assert len(runner_view(run.stdout)) < 200  # annotations capped per level, not 3,000


ECHOED_TOKEN = (
    "an API error message that echoes the token reaches the log through the warning "
    "`... was not posted: <ApiError>` (the runner masks it, but the local log and any "
    "re-raised error hold it); fix in gh/api.py (not ours): redact the token from the "
    "message in GitHubApi._call (diff in the issue-7 report)"
)

FAULTS = [
    pytest.param(json_answer(500, {"message": "Server Error"}), True, id="500"),
    pytest.param(
        Answer(
            status=502, body=b"<html>Bad Gateway</html>", headers=(("Content-Type", "text/html"),)
        ),
        True,
        id="502-html",
    ),
    pytest.param(json_answer(503, {"message": "Unavailable"}), True, id="503"),
    pytest.param(
        json_answer(
            403,
            {"message": "You have exceeded a secondary rate limit."},
            **{"Retry-After": "7"},
        ),
        True,
        id="secondary-rate-limit",
    ),
    pytest.param(
        json_answer(429, {"message": "Too Many Requests"}, **{"Retry-After": "3"}), True, id="429"
    ),
    pytest.param(json_answer(401, {"message": "Bad credentials"}), False, id="401"),
    pytest.param(
        json_answer(403, {"message": "Resource not accessible by integration"}), False, id="403"
    ),
    pytest.param(json_answer(404, {"message": "Not Found"}), False, id="404"),
    pytest.param(json_answer(422, {"message": "Validation Failed"}), False, id="422"),
    pytest.param(Answer(status=200, body=b'{"id": 1, "body": '), False, id="malformed-json"),
    pytest.param(Answer(status=200, body=b""), False, id="empty-body"),
    pytest.param(Answer(status=200, body=b"[1, 2, 3]"), False, id="wrong-shape"),
    pytest.param(
        json_answer(
            401, {"message": f"Bad credentials: Authorization token {FAKE_TOKEN} is invalid"}
        ),
        False,
        id="401-echoing-the-token",
    ),
    pytest.param(
        json_answer(422, {"message": f"Validation Failed for token {FAKE_TOKEN}"}),
        False,
        id="422-echoing-the-token",
    ),
    pytest.param(
        json_answer(503, {"message": f"upstream said: {FAKE_TOKEN}"}),
        True,
        id="503-echoing-the-token",
    ),
    pytest.param(
        Answer(status=200, body=f'{{"id": "{FAKE_TOKEN}'.encode()),
        False,
        id="malformed-json-echoing-the-token",
    ),
]


@pytest.mark.parametrize(("answer", "retried"), FAULTS)
@pytest.mark.parametrize(("workspace", "exit_code"), [("drift", 1), ("clean", 0)])
def test_api_faults_never_lose_the_report_or_decide_the_exit_code(
    harness: ActionHarness, answer: Answer, retried: bool, workspace: str, exit_code: int
) -> None:
    files: Mapping[str, str] = (
        HOSTILE_FILES if workspace == "drift" else {**REALISTIC, ".python-version": "3.12.7\n"}
    )
    with fault_server() as server:
        server.answer = answer
        harness.api_url = server.url
        run = harness.run(files, {"fail-on": "error"})

    assert_reported(run, exit_code=exit_code)
    assert_token_only_masked(run)
    assert "Traceback" not in run.stdout
    assert server.requests, "the API was never called"
    assert all(
        authorization == f"token {FAKE_TOKEN}" or FAKE_TOKEN in authorization
        for _, _, authorization in server.requests
    )
    if retried:
        assert len(server.requests) >= harness.attempts
        assert run.sleeps, "no backoff between retries"
        if "retry-after" in {name.lower() for name, _ in answer.headers}:
            wanted = float({k.lower(): v for k, v in answer.headers}["retry-after"])
            assert wanted in run.sleeps or max(run.sleeps) >= wanted
        else:
            assert run.sleeps[1] > run.sleeps[0], "backoff does not grow"


def test_api_timeouts_are_retried_and_the_report_survives(harness: ActionHarness) -> None:
    harness.timeout, harness.attempts = 1, 2
    with fault_server() as server:
        server.answer = Answer(status=200, body=b"{}", delay=2.5)
        harness.api_url = server.url
        run = harness.run(HOSTILE_FILES, {"check-run": "false"})

    assert_reported(run)
    assert_token_only_masked(run)
    assert len(server.requests) == 2


def test_unreachable_api_is_a_warning_not_a_failure(harness: ActionHarness) -> None:
    harness.api_url = "http://127.0.0.1:9/api/v3"  # discard port: connection refused
    run = harness.run({**REALISTIC, ".python-version": "3.12.7\n"})

    assert_reported(run, exit_code=0)
    assert_token_only_masked(run)
    assert "was not posted" in run.stdout


@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        pytest.param({"fail-on": "fatal"}, "fail-on", id="fail-on"),
        pytest.param({"path": "../../etc"}, "path", id="path-escapes-workspace"),
        pytest.param({"path": "no/such/dir"}, "path", id="path-missing"),
        pytest.param({"mode": "rm -rf /"}, "mode", id="mode"),
        pytest.param({"config": "missing.toml"}, "missing.toml", id="config-missing"),
        pytest.param({"today": "2026-02-30"}, "today", id="today"),
    ],
)
def test_bad_action_input_is_exit_2_naming_it_without_the_token(
    harness: ActionHarness, inputs: dict[str, str], named: str
) -> None:
    run = harness.run({**REALISTIC}, inputs)

    assert run.exit_code == 2, run.stdout + run.stderr
    assert named in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert_token_only_masked(run)


def test_repository_config_file_with_bad_keys_is_exit_2_without_the_token(
    harness: ActionHarness,
) -> None:
    files = {**REALISTIC, ".pyparity.toml": f'fial-on = "error"\n"{FAKE_TOKEN[:8]}" = 1\n'}

    run = harness.run(files)

    assert run.exit_code == 2
    assert "fial-on" in run.stdout
    assert_token_only_masked(run)


def test_undecodable_folder_name_does_not_lose_the_report(harness: ActionHarness) -> None:
    environ_files = {**REALISTIC, ".python-version": "3.12.7\n"}
    workspace = harness.tmp_path / "workspace"
    undecodable = os.fsencode(workspace) + b"/latin1-\xe9\xff"
    os.makedirs(undecodable)
    Path(os.fsdecode(undecodable + b"/Dockerfile")).write_text("FROM python:3.9\n")

    run = harness.run(environ_files, {"comment": "false", "check-run": "false"})

    assert run.exit_code in {0, 1}
    assert set(parse_outputs(run.outputs)) == OUTPUT_NAMES
    assert "latin1-" in run.summary
    assert "pyparity-report.json" in run.files
    assert_token_only_masked(run)
