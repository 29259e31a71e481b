"""Issue 13, part 4: the smaller holes of the report channels, each as an attacker would try
it, fast.

- a job id or file name with escape sequences, bidi overrides or a line break cannot draw
  or hide a line of the text report (the CLI's and the Action's log);
- bare URLs and `www.` hosts in the Markdown summary are not links;
- a committed symbolic link at the JSON report or SARIF path, or at one of its folders, is
  not written through, and the `report` output is then empty;
- a deeply nested event payload and an unwritable job summary or output file are warnings,
  never exit 3, and the other channels still run;
- a pull request number that is not a positive integer never reaches the API.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from adversarial.action_harness import (
    FAKE_TOKEN,
    ActionHarness,
    fault_server,
    json_answer,
    runner_view,
)
from adversarial.hostile import REALISTIC, write_tree

from pyparity import cli
from pyparity.gh.action import REPORT_FILE, main

FORGED_LINE = "pyparity: no drift; 0 declaration(s) in 0 file(s)"
FORGING_WORKFLOW = (
    "on: push\n"
    "jobs:\n"
    f'  "test\\e[2K\\r{FORGED_LINE}\\n\\u202eevil\\e]8;;https://evil.example\\a":\n'
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/setup-python@v5\n"
    "        with:\n"
    '          python-version: "3.9"\n'
    "      - run: pytest\n"
)
FILES: dict[str, str | bytes] = {
    **REALISTIC,
    ".github/workflows/forged.yml": FORGING_WORKFLOW,
    "svc\x1b[31m\u202e/Dockerfile": "FROM python:3.9\n",
    "www.evil.io/Dockerfile": "FROM www.evil.io/python:3.9\n",
}
TERMINAL_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def cli_text(root: Path, *arguments: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(
            ["check", str(root), "--no-code", "--today", "2026-11-26", "-v", *arguments]
        )
    return code, out.getvalue()


def test_a_job_id_cannot_forge_the_cli_verdict(tmp_path: Path) -> None:
    code, report = cli_text(write_tree(tmp_path / "repo", FILES))

    lines = report.splitlines()
    assert code == 1
    assert [line for line in lines if line.startswith("pyparity:")] == [lines[-1]]
    assert "error(s)" in lines[-1]
    assert not TERMINAL_CONTROLS.search(report)
    assert f"\\r{FORGED_LINE}\\n\\u202eevil\\x1b]8;;https://evil.example\\x07" in report


def test_list_shows_the_same_escapes(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo", FILES)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["list", str(root)])

    assert not TERMINAL_CONTROLS.search(out.getvalue())
    assert not any(line.startswith("pyparity:") for line in out.getvalue().splitlines())


@pytest.fixture
def harness(tmp_path: Path) -> ActionHarness:
    return ActionHarness(tmp_path)


def run_action(harness: ActionHarness, environ: dict[str, str]) -> tuple[int, str]:
    out = io.StringIO()
    code = main(environ, out=out, api_factory=harness.api)
    return code, out.getvalue()


def outputs_of(environ: dict[str, str]) -> dict[str, str]:
    from adversarial.test_action_hostile import parse_outputs

    return parse_outputs(Path(environ["GITHUB_OUTPUT"]).read_text(encoding="utf-8"))


def test_the_action_log_and_summary_show_names_escaped_and_no_links(
    harness: ActionHarness,
) -> None:
    environ = harness.environment(FILES, {"comment": "false", "check-run": "false"})

    code, stdout = run_action(harness, environ)

    summary = Path(environ["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert code == 1
    report = stdout.split("::stop-commands::", 1)[1].split("::endgroup::", 1)[0]
    assert not TERMINAL_CONTROLS.search(report)
    assert FORGED_LINE not in [line.strip() for line in stdout.splitlines()]
    cells = [line for line in summary.splitlines() if line.startswith("| ")]
    text_only = [re.sub(r"\]\([^)]*\)", "]", cell) for cell in cells]
    assert not [c for c in text_only if re.search(r"[A-Za-z]://|www\.", c, re.IGNORECASE)]
    assert any("www&#8203;.evil.io" in cell for cell in cells)


@pytest.mark.parametrize(
    ("sarif", "link", "target"),
    [
        pytest.param("results.sarif", REPORT_FILE, "outside", id="report-to-outside"),
        pytest.param("results.sarif", REPORT_FILE, "inside", id="report-to-a-workspace-file"),
        pytest.param("results.sarif", "results.sarif", "outside", id="sarif-to-outside"),
        pytest.param("out/results.sarif", "out", "git", id="sarif-folder-to-dot-git"),
        pytest.param("a/b/results.sarif", "a/b", "inside-folder", id="sarif-inner-folder"),
    ],
)
def test_a_committed_link_at_an_output_path_is_not_written_through(
    harness: ActionHarness, tmp_path: Path, sarif: str, link: str, target: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim"
    victim.write_text("keep me\n")
    files = {**REALISTIC, ".python-version": "3.10\n", "README.md": "keep me too\n"}
    environ = harness.environment(files, {"sarif-file": sarif, "comment": "false"})
    workspace = Path(environ["GITHUB_WORKSPACE"])
    (workspace / ".git" / "hooks").mkdir(parents=True)
    (workspace / "elsewhere").mkdir()
    pointed = {
        "outside": victim,
        "inside": workspace / "README.md",
        "git": workspace / ".git" / "hooks",
        "inside-folder": workspace / "elsewhere",
    }[target]
    (workspace / link).parent.mkdir(parents=True, exist_ok=True)
    (workspace / link).symlink_to(pointed)

    code, stdout = run_action(harness, environ)

    assert code == 1  # the findings decide, not the files
    assert victim.read_text() == "keep me\n"
    assert (workspace / "README.md").read_text() == "keep me too\n"
    assert list((workspace / ".git" / "hooks").iterdir()) == []
    assert list((workspace / "elsewhere").iterdir()) == []
    warnings = [line for line in runner_view(stdout) if line.startswith("::warning")]
    assert any("was not written to" in line and "not followed" in line for line in warnings)
    outputs = outputs_of(environ)
    assert outputs["report"] == ("" if link == REPORT_FILE else REPORT_FILE)
    assert outputs["drift"] == "true"


DEPTH = 200_000


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        pytest.param(
            '{"client_payload": ' + "[" * DEPTH + "]" * DEPTH + "}",
            "it is nested too deeply to parse",
            id="nested-200000-deep",
        ),
        pytest.param('{"pull_request": {"number": 42', "it is not JSON", id="not-json"),
        pytest.param("[42]", "it is not a JSON object", id="not-an-object"),
    ],
)
def test_an_event_payload_that_cannot_be_read_is_a_warning(
    harness: ActionHarness, payload: str, problem: str
) -> None:
    environ = harness.environment({**REALISTIC, ".python-version": "3.10\n"}, {})
    Path(environ["GITHUB_EVENT_PATH"]).write_text(payload, encoding="utf-8")
    with fault_server() as server:
        harness.api_url = server.url
        code, stdout = run_action(harness, environ)

    assert code == 1
    warnings = [line for line in runner_view(stdout) if line.startswith("::warning")]
    assert any(f"event payload was not read: {problem};" in w for w in warnings)
    summary = Path(environ["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert f"> The event payload was not read: {problem};" in summary
    assert outputs_of(environ)["report"] == REPORT_FILE
    assert (Path(environ["GITHUB_WORKSPACE"]) / "results.sarif").exists()
    assert not [path for _, path, _ in server.requests if "/issues/" in path]  # no PR known
    assert len(server.requests) >= 1  # the check run still goes out (on GITHUB_SHA)


@pytest.mark.parametrize("problem", ["a-folder", "missing-folder"])
def test_an_unwritable_job_summary_is_one_warning(
    harness: ActionHarness, tmp_path: Path, problem: str
) -> None:
    environ = harness.environment({**REALISTIC, ".python-version": "3.10\n"}, {"comment": "false"})
    summary = tmp_path / "summary-dir"
    if problem == "a-folder":
        summary.mkdir()
    else:
        summary = summary / "missing" / "summary.md"
    environ["GITHUB_STEP_SUMMARY"] = str(summary)
    with fault_server() as server:
        server.answer = json_answer(403, {"message": "Resource not accessible by integration"})
        harness.api_url = server.url
        code, stdout = run_action(harness, environ)

    assert code == 1
    warnings = [line for line in runner_view(stdout) if line.startswith("::warning")]
    assert len([w for w in warnings if "could not write the job summary" in w]) == 1
    assert any(line.startswith("::error ") for line in runner_view(stdout))
    assert outputs_of(environ)["drift"] == "true"
    assert (Path(environ["GITHUB_WORKSPACE"]) / REPORT_FILE).exists()
    assert stdout.count(FAKE_TOKEN) == 1


def test_an_unwritable_output_file_is_a_warning(harness: ActionHarness, tmp_path: Path) -> None:
    environ = harness.environment({**REALISTIC, ".python-version": "3.10\n"}, {"comment": "false"})
    environ["GITHUB_OUTPUT"] = str(tmp_path / "no" / "such" / "output")

    code, stdout = run_action(harness, environ)

    assert code == 1
    assert any("could not write the step outputs" in line for line in runner_view(stdout))
    assert "pyparity" in Path(environ["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("number", [True, 0, -42, "42", 4.2, [42]])
def test_a_pull_request_number_that_is_not_one_never_reaches_the_api(
    harness: ActionHarness, number: object
) -> None:
    environ = harness.environment({**REALISTIC, ".python-version": "3.10\n"}, {})
    event = Path(environ["GITHUB_EVENT_PATH"])
    payload = json.loads(event.read_text(encoding="utf-8"))
    payload["pull_request"]["number"] = number
    event.write_text(json.dumps(payload), encoding="utf-8")
    with fault_server() as server:
        harness.api_url = server.url
        code, stdout = run_action(harness, environ)

    assert code == 1
    paths = [path for _, path, _ in server.requests]
    assert not [path for path in paths if "/issues/" in path], paths
    assert "comment skipped, no pull request here" in stdout
