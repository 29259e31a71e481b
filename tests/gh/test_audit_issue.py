"""The audit's tracking issue: its lifecycle against the GitHub API on 127.0.0.1, the body
it renders, and the Action's `audit-issue` inputs."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from pyparity import check
from pyparity import config as config_module
from pyparity.gh import audit_issue
from pyparity.gh.action import main
from pyparity.gh.api import GitHubApi
from pyparity.gh.audit_issue import MARKER, Audit, Change, IssueSettings
from pyparity.gh.env import InputError, from_mapping
from pyparity.model import Finding, Location, Result, Severity, Span
from pyparity.records import replace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "action"
TODAY = dt.date(2026, 11, 26)
LABEL = "python-version-drift"
SETTINGS = IssueSettings(title="Python version drift", labels=(LABEL,))
AUDIT_INPUTS = {"mode": "audit"}


def audit_of(fixture: str, today: dt.date = TODAY, **context: object) -> Audit:
    root = FIXTURES / fixture
    config, _ = config_module.load(root, None)
    result = check.run(str(root), replace(config, audit=True, today=today))
    return Audit(result=result, today=today, **context)  # type: ignore[arg-type]


def api_for(fake) -> GitHubApi:
    return GitHubApi(
        token="ghs_test",
        api_url=fake.url,
        repository="octo-org/inventory",
        sleep=lambda seconds: None,
        pause_between_writes=0,
        timeout=5,
    )


def sync(api: GitHubApi, audit: Audit, settings: IssueSettings) -> audit_issue.Outcome:
    """`audit_issue.sync` as the Action calls it: with the token's identity."""
    return audit_issue.sync(api, audit, settings, me=api.identity())


def run_audit(runner, fixture="audit", *, event="schedule", inputs=None, change=None, env=None):
    """The Action with the container's environment; `change` edits the workspace first."""
    environ, workspace = runner.environment(fixture, event, AUDIT_INPUTS | (inputs or {}))
    environ.update(env or {})
    if change is not None:
        change(workspace)
    out = io.StringIO()
    code = main(environ, out=out, api_factory=runner.api_factory)
    summary = Path(environ["GITHUB_STEP_SUMMARY"]).read_text()
    return code, out.getvalue().splitlines(), summary


def pin_python_3_12_in_the_dockerfile(workspace: Path) -> None:
    dockerfile = workspace / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("python:3-slim", "python:3.12-slim"))


def ours(fake) -> list[dict]:
    return [issue for issue in fake.issues.values() if MARKER in (issue["body"] or "")]


# -- the lifecycle, through the Action -----------------------------------------------------


def test_issue_lifecycle_create_keep_edit_close_reopen(api_runner, fake_github):
    code, lines, _ = run_audit(api_runner)
    [issue] = ours(fake_github)
    number = issue["number"]
    assert code == 1
    assert f"pyparity: audit issue #{number} created" in lines
    assert issue["title"] == "Python version drift"
    assert [label["name"] for label in issue["labels"]] == [LABEL]
    created_body = issue["body"]

    writes = len(fake_github.writes())
    code, lines, _ = run_audit(api_runner)
    assert f"pyparity: audit issue #{number} unchanged" in lines
    assert len(fake_github.writes()) == writes  # the same findings write nothing

    code, lines, _ = run_audit(api_runner, change=pin_python_3_12_in_the_dockerfile)
    assert f"pyparity: audit issue #{number} updated" in lines
    [edit] = fake_github.calls("PATCH", rf"/issues/{number}$")
    assert set(edit.body) == {"body"}
    assert issue["body"] != created_body
    # (the 3.9 of .python-version, which the range refuses, is outside-range's alone)
    assert ".python-version:1 pins 3.9, outside requires-python &gt;=3.10" in issue["body"]
    assert "the tests run 3.9 and 3.12" in issue["body"]
    assert "floating-version" not in issue["body"]

    code, lines, _ = run_audit(api_runner, "clean")
    assert code == 0
    assert f"pyparity: audit issue #{number} closed" in lines
    assert issue["state"] == "closed"
    assert issue["state_reason"] == "completed"
    assert audit_issue.fingerprint_of(issue["body"]) == "clean"
    [closing] = fake_github.issue_comments(number)
    assert "found no drift" in closing["body"]
    assert "2 notice(s) remain" in closing["body"]  # the clean fixture's patch-behind notices

    writes = len(fake_github.writes())
    code, lines, _ = run_audit(api_runner, "clean")
    assert f"pyparity: audit issue #{number} none" in lines
    assert len(fake_github.writes()) == writes

    code, lines, _ = run_audit(api_runner)
    assert f"pyparity: audit issue #{number} reopened" in lines
    assert issue["state"] == "open"
    assert issue["state_reason"] == "reopened"
    assert audit_issue.fingerprint_of(issue["body"]) == audit_issue.fingerprint_of(created_body)
    assert len(ours(fake_github)) == 1
    assert len(fake_github.calls("POST", r"/issues$")) == 1


def test_unrelated_issue_with_the_same_title_and_label_is_left_alone(api_runner, fake_github):
    by_hand = fake_github.seed_issue(
        "Python version drift", "We should move off 3.9 at some point.", labels=(LABEL,)
    )

    run_audit(api_runner)
    run_audit(api_runner, "clean")

    assert fake_github.issues[by_hand]["body"] == "We should move off 3.9 at some point."
    assert fake_github.issues[by_hand]["state"] == "open"
    assert fake_github.calls("PATCH", rf"/issues/{by_hand}$") == []
    assert fake_github.issue_comments(by_hand) == []
    assert len(ours(fake_github)) == 1


def test_entrypoint_with_the_exact_container_environment(api_runner, fake_github):
    environ, _ = api_runner.environment("audit", "schedule", {"mode": "audit"})
    environ["GITHUB_RUN_ID"] = "9876543210"
    environ["GITHUB_REF"] = "refs/heads/main"
    out = io.StringIO()

    code = main(environ, out=out, api_factory=api_runner.api_factory)

    assert environ["INPUT_MODE"] == "audit"
    assert environ["GITHUB_EVENT_NAME"] == "schedule"
    assert environ["INPUT_AUDIT-ISSUE"] == "true"
    assert code == 1  # the outside-range error fails the step; the issue does not change that
    [issue] = ours(fake_github)
    assert f"pyparity: audit issue #{issue['number']} created" in out.getvalue()
    assert (
        "https://github.example.com/octo-org/inventory/actions/runs/9876543210" in (issue["body"])
    )
    [listing] = fake_github.calls("GET", r"/issues$")
    assert listing.query["labels"] == [LABEL]
    assert listing.query["state"] == ["all"]


def test_labels_and_assignees_come_from_the_inputs(api_runner, fake_github):
    inputs = {
        "issue-title": "Python upgrades due",
        "issue-labels": "python-version-drift, maintenance",
        "issue-assignees": "@mona, hubot",
    }

    run_audit(api_runner, inputs=inputs)

    [create] = fake_github.calls("POST", r"/issues$")
    assert create.body["title"] == "Python upgrades due"
    assert create.body["labels"] == [LABEL, "maintenance"]
    assert create.body["assignees"] == ["mona", "hubot"]
    assert "## :x: Python upgrades due: 1 error, 4 warnings" in create.body["body"]


def test_a_dropped_label_is_a_warning(api_runner, fake_github):
    fake_github.drop_labels = True

    code, lines, _ = run_audit(api_runner)

    assert code == 1
    warnings = [line for line in lines if line.startswith("::warning::")]
    assert len(warnings) == 1
    assert "without the label 'python-version-drift'" in warnings[0]


def test_forbidden_degrades_to_a_notice_and_keeps_the_exit_code(api_runner, fake_github):
    fake_github.fail("POST", r"/issues$", 403, message="Resource not accessible by integration")

    code, lines, summary = run_audit(api_runner)

    assert code == 1
    notices = [line for line in lines if line.startswith("::notice::")]
    assert len(notices) == 1
    assert "the audit issue was not posted" in notices[0]
    assert "issues: write" in summary
    assert fake_github.issues == {}


def test_server_errors_warn_and_keep_the_exit_code(api_runner, fake_github):
    fake_github.fail("GET", r"/issues$", 502, times=10)

    code, lines, summary = run_audit(api_runner, "clean")

    assert code == 0
    assert any(
        line.startswith("::warning::pyparity: the audit issue was not posted") for line in lines
    )
    assert "the audit issue was not posted: transient error." in summary


@pytest.mark.parametrize(
    ("event", "inputs", "env", "notice"),
    [
        pytest.param("schedule", {"mode": "check"}, {}, False, id="check-mode"),
        pytest.param("schedule", {"audit-issue": "false"}, {}, False, id="turned-off"),
        pytest.param("pull_request", {}, {}, True, id="pull-request"),
        pytest.param("push", {}, {"GITHUB_REF": "refs/heads/feature"}, True, id="side-branch"),
    ],
)
def test_no_issue_outside_audits_of_the_default_branch(
    api_runner, fake_github, event, inputs, env, notice
):
    _, lines, _ = run_audit(api_runner, event=event, inputs=inputs, env=env)

    assert fake_github.calls("GET", r"/issues$") == []
    assert fake_github.issues == {}
    skipped = "::notice::pyparity: audit issue skipped, not on the default branch"
    assert (skipped in lines) is notice


def test_push_to_the_default_branch_keeps_the_issue(api_runner, fake_github):
    _, lines, _ = run_audit(api_runner, event="push", env={"GITHUB_REF": "refs/heads/main"})

    [issue] = ours(fake_github)
    assert f"pyparity: audit issue #{issue['number']} created" in lines


# -- the lifecycle, through sync() ---------------------------------------------------------


def test_marker_found_on_a_later_page_among_pull_requests(fake_github):
    fake_github.page_size = 2
    for number in range(4):
        fake_github.seed_issue(f"Old drift report {number}", "by hand", labels=(LABEL,))
    fake_github.seed_issue(
        "Pin 3.12", f"{MARKER}\ncopied", labels=(LABEL,), pull_request=True, author=fake_github.ours
    )
    kept = fake_github.seed_issue(
        "Python version drift", f"{MARKER}\nold", labels=(LABEL,), author=fake_github.ours
    )

    outcome = sync(api_for(fake_github), audit_of("audit"), SETTINGS)

    assert (outcome.change, outcome.number) == (Change.UPDATED, kept)
    assert len(fake_github.calls("GET", r"/issues$")) == 3  # 6 issues, 2 a page
    assert fake_github.calls("GET", r"/issues/\d+$") == []  # no GET per issue
    assert [r.path for r in fake_github.writes()] == [
        f"/api/v3/repos/octo-org/inventory/issues/{kept}"
    ]


def test_closed_by_hand_stays_closed_until_the_findings_change(fake_github):
    api = api_for(fake_github)
    drift = audit_of("audit")
    body = audit_issue.render(drift, SETTINGS)
    number = fake_github.seed_issue(
        "Python version drift", body, labels=(LABEL,), state="closed", author=fake_github.ours
    )

    same = sync(api, replace(drift, today=TODAY + dt.timedelta(days=7)), SETTINGS)
    assert same.change is Change.LEFT_CLOSED
    assert fake_github.writes() == []

    later = sync(api, audit_of("audit", dt.date(2027, 11, 26)), SETTINGS)
    assert (later.change, later.number) == (Change.REOPENED, number)
    assert fake_github.issues[number]["state"] == "open"


def test_duplicate_open_issues_are_closed_in_favour_of_the_oldest(fake_github):
    ours = fake_github.ours
    oldest = fake_github.seed_issue(
        "Python version drift", f"{MARKER}\nfirst", labels=(LABEL,), author=ours
    )
    raced = fake_github.seed_issue(
        "Python version drift", f"{MARKER}\nraced", labels=(LABEL,), author=ours
    )

    outcome = sync(api_for(fake_github), audit_of("audit"), SETTINGS)

    assert (outcome.change, outcome.number) == (Change.UPDATED, oldest)
    assert fake_github.issues[raced]["state"] == "closed"
    [comment] = fake_github.issue_comments(raced)
    assert f"#{oldest}" in comment["body"]


def test_each_scanned_path_keeps_its_own_issue(fake_github):
    api = api_for(fake_github)
    root = sync(api, audit_of("audit"), SETTINGS)
    service_settings = IssueSettings.for_path(
        "services/api", title="Python version drift", labels=(LABEL,)
    )

    service = sync(api, audit_of("audit"), service_settings)

    assert root.change is service.change is Change.CREATED
    assert root.number != service.number
    assert (
        "<!-- pyparity:audit-issue path=services/api -->"
        in (fake_github.issues[service.number]["body"])
    )


# -- the body ------------------------------------------------------------------------------

EXPECTED_BODY = """\
<!-- pyparity:audit-issue -->
<!-- pyparity:fingerprint sha256:… -->
## :x: Python version drift: 1 error, 4 warnings

Audit of `octo-org/inventory` at commit `0123456789ab` on 2026-11-26 ([workflow run](https://github.example.com/octo-org/inventory/actions/runs/9876543210)): 4 declaration(s) in 4 file(s), 1 scope(s); at the root, the runtime is Python 3.9.

### Findings

| Level | Rule | Where | Message |
| --- | --- | --- | --- |
| :x: error | `outside-range` | [.python-version:1](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/.python-version#L1) | .python-version:1 pins 3.9, outside requires-python &gt;=3.10 (pyproject.toml:4) |
| :warning: warning | `end-of-life` | [.python-version:1](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/.python-version#L1) | .python-version:1 pins 3.9; Python 3.9 reached end of life on 2025-10-31 |
| :warning: warning | `floating-version` | [Dockerfile:1](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/Dockerfile#L1) | Dockerfile:1: python:3-slim is not pinned to a minor version; on 2026-11-26 it means 3.15, while .python-version:1 pins 3.9 |
| :warning: warning | `end-of-life` | [pyproject.toml:4](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/pyproject.toml#L4) | pyproject.toml:4: requires-python &gt;=3.10 admits 3.10, past end of life since 2026-10-31; raise the floor to 3.11 |
| :warning: warning | `matrix-misses-floor` | [pyproject.toml:4](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/pyproject.toml#L4) | nothing tests 3.10, the lowest minor requires-python &gt;=3.10 (pyproject.toml:4) admits; the tests run 3.9 |

### Support window on 2026-11-26

| Python | Status | End of life | Declared at |
| --- | --- | --- | --- |
| 3.9 | :x: past end of life | 2025-10-31 | [.github/workflows/tests.yml:15](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/.github/workflows/tests.yml#L15), [.python-version:1](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/.python-version#L1) |
| 3.10 | :x: past end of life | 2026-10-31 | [pyproject.toml:4](https://github.example.com/octo-org/inventory/blob/0123456789abcdef0123456789abcdef01234567/pyproject.toml#L4) |
| 3.11 | supported, neither pinned nor tested | 2027-10-31 |  |
| 3.12 | supported, neither pinned nor tested | 2028-10-31 |  |
| 3.13 | supported, neither pinned nor tested | 2029-10-31 |  |
| 3.14 | supported, neither pinned nor tested | 2030-10-31 |  |
| 3.15 | supported, pinned or tested | 2031-10-31 |  |

### What to do

- `outside-range`: Move the pin inside the range, or widen the range once the code is known to work there.
- `end-of-life`: Move pins to a supported minor, drop end-of-life entries from the CI matrix, and raise the range's floor (with the classifiers and tool targets that follow it).
- `floating-version`: Pin a minor (`python:3.12-slim`) and let a dependency bot propose updates.
- `matrix-misses-floor`: Add the floor to the matrix, or raise the range's floor to the lowest minor you test.
- Reproduce locally with `pyparity audit --today 2026-11-26`; `pyparity explain RULE` describes each rule.
- To accept a finding, write `# pyparity: ignore[RULE]` on its line, or disable the rule in `[tool.pyparity]`.

_Kept by the pyparity Action: each audit edits this issue when the findings change and closes it when none are left. Closed by hand, it stays closed until the findings change._
"""


def test_body_for_a_repository_on_3_9_and_python_3(api_runner, fake_github):
    """The body the Action posts for tests/fixtures/action/audit (`.python-version` 3.9,
    `FROM python:3-slim`, `requires-python >=3.10`) audited on 2026-11-26."""
    run_audit(api_runner, env={"GITHUB_RUN_ID": "9876543210"})

    [issue] = ours(fake_github)
    body = re.sub(r"sha256:[0-9a-f]{64}", "sha256:…", issue["body"])
    assert body == EXPECTED_BODY


def test_fingerprint_ignores_dates_and_day_counts():
    monday = audit_of("audit")
    a_week_later = audit_of("audit", TODAY + dt.timedelta(days=7))

    assert monday.result.findings != a_week_later.result.findings  # "on 2026-12-03 it means"
    assert audit_issue.fingerprint(monday.result, monday.today) == audit_issue.fingerprint(
        a_week_later.result, a_week_later.today
    )


def test_fingerprint_changes_when_a_new_python_is_supported():
    now = audit_of("audit")
    next_year = audit_of("audit", dt.date(2027, 11, 26))

    assert audit_issue.fingerprint(now.result, now.today) != audit_issue.fingerprint(
        next_year.result, next_year.today
    )


def finding(number: int, severity: Severity, message: str) -> Finding:
    return Finding(
        rule="pin-mismatch",
        severity=severity,
        file=f"services/svc{number:04}/Dockerfile",
        span=Span(line=1, column=6, end_line=1, end_column=10),
        message=message,
        related=(Location(file=".python-version", line=1),),
    )


def test_a_long_body_keeps_the_errors_first_and_stays_under_githubs_limit():
    findings = tuple(
        finding(n, Severity.ERROR if n % 3 == 0 else Severity.WARNING, "x" * 200)
        for n in range(1500)
    )
    result = Result(root=".", files_scanned=1500, declarations=(), findings=findings)

    body = audit_issue.render(Audit(result=result, today=TODAY), SETTINGS)

    assert len(body) <= audit_issue.BODY_LIMIT_CHARS < 65_536
    assert body.startswith(f"{MARKER}\n<!-- pyparity:fingerprint sha256:")
    shown = body.count("| `pin-mismatch` |")
    assert 0 < shown < 1500
    assert body.count("| :x: error |") == shown  # 500 errors, more than fit, all listed first
    assert f"> {1500 - shown} more finding(s) are not listed" in body
    assert "### What to do" in body


def test_finding_text_cannot_break_the_table_or_inject_html():
    hostile = finding(1, Severity.ERROR, "a | b <img src=x onerror=alert(1)>\n## heading")
    result = Result(root=".", files_scanned=1, declarations=(), findings=(hostile,))

    body = audit_issue.render(Audit(result=result, today=TODAY), SETTINGS)

    [row] = [line for line in body.splitlines() if line.startswith("| :x: error |")]
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four cells: five unescaped pipes
    assert "a \\| b &lt;img src=x onerror=alert(1)&gt;<br>\\#\\# heading" in row
    assert "<img" not in body


def test_resolved_body_keeps_the_marker_and_the_last_report():
    drift = audit_of("audit", sha="0123456789abcdef")
    body = audit_issue.render(drift, SETTINGS)

    resolved = audit_issue.resolved_body(body, audit_of("clean", sha="fedcba9876543210"))

    assert resolved.startswith(f"{MARKER}\n<!-- pyparity:fingerprint clean -->\n")
    assert "The pyparity audit on 2026-11-26 at commit `fedcba987654` found no drift." in resolved
    assert "| :x: error | `outside-range` |" in resolved
    assert resolved.count("<!-- pyparity:") == 2


def test_how_to_fix_comes_from_the_rule_docs():
    assert audit_issue.how_to_fix("floating-version").startswith("Pin a minor")
    assert audit_issue.how_to_fix("no-such-rule") == ""


# -- inputs ------------------------------------------------------------------------------


def test_issue_inputs_default_to_one_labelled_issue(tmp_path):
    env = from_mapping({"GITHUB_WORKSPACE": str(tmp_path)})

    assert env.audit_issue is True
    assert env.issue_title == "Python version drift"
    assert env.issue_labels == (LABEL,)
    assert env.issue_assignees == ()


def test_issue_lists_are_comma_separated_without_blanks_or_repeats(tmp_path):
    env = from_mapping(
        {
            "GITHUB_WORKSPACE": str(tmp_path),
            "INPUT_ISSUE-LABELS": " drift ,, python, drift",
            "INPUT_ISSUE-ASSIGNEES": "@mona,hubot,",
        }
    )

    assert env.issue_labels == ("drift", "python")
    assert env.issue_assignees == ("mona", "hubot")


def test_blank_labels_fall_back_to_the_default(tmp_path):
    env = from_mapping({"GITHUB_WORKSPACE": str(tmp_path), "INPUT_ISSUE-LABELS": " , "})

    assert env.issue_labels == (LABEL,)


def test_audit_issue_must_be_a_boolean(tmp_path):
    with pytest.raises(InputError, match="input 'audit-issue' must be one of true, false"):
        from_mapping({"GITHUB_WORKSPACE": str(tmp_path), "INPUT_AUDIT-ISSUE": "yes"})
