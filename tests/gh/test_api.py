"""PyGithub against a GitHub API on 127.0.0.1: the sticky comment, the check run, retries,
error classification and fork degradation."""

from __future__ import annotations

import pytest

from pyparity.gh.api import ApiError, ErrorKind, GitHubApi, classify
from pyparity.gh.comment import StickyComment

MARKER = StickyComment.for_path(".").marker


def api_for(fake, sleeps=None, attempts=4):
    return GitHubApi(
        token="ghs_test",
        api_url=fake.url,
        repository="octo-org/inventory",
        sleep=(sleeps.append if sleeps is not None else lambda seconds: None),
        pause_between_writes=0,
        attempts=attempts,
        timeout=5,
    )


def test_sticky_comment_is_edited_in_place_across_three_runs(api_runner, fake_github):
    fake_github.seed_comment(42, "Thanks for the PR!")

    first = api_runner.run("drift", "pull_request", {"comment": "true"})
    second = api_runner.run("drift", "pull_request", {"comment": "true", "fail-on": "never"})
    third = api_runner.run("clean", "pull_request", {"comment": "true"})

    ours = [c for c in fake_github.issue_comments(42) if MARKER in c["body"]]
    assert len(ours) == 1
    assert len(fake_github.calls("POST", r"/issues/42/comments$")) == 1
    assert "pyparity: PR comment created" in first.lines
    assert "pyparity: PR comment unchanged" in second.lines
    assert "pyparity: PR comment resolved" in third.lines
    assert "**Resolved as of feedfacefeed:**" in ours[0]["body"]
    assert [first.exit_code, second.exit_code, third.exit_code] == [1, 0, 0]
    assert all(
        r.authorization == "token " + "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
        for r in fake_github.requests
    )


def test_changed_drift_edits_the_same_comment(api_runner, fake_github):
    api_runner.run("drift", "pull_request", {"comment": "true"})
    api_runner.run(
        "drift", "pull_request", {"comment": "true", "path": "."} | {"fail-on": "warning"}
    )
    changed = api_runner.run("drift", "pull_request", {"comment": "true", "precision": "patch"})

    assert changed.exit_code == 1
    assert len(fake_github.calls("POST", r"/comments$")) == 1
    assert len(fake_github.issue_comments(42)) == 1


def test_clean_pull_request_without_a_comment_posts_nothing(api_runner, fake_github):
    run = api_runner.run("clean", "pull_request", {"comment": "true"})

    assert "pyparity: PR comment none" in run.lines
    assert fake_github.writes() == []


def test_marker_found_on_a_later_page_and_duplicates_removed(fake_github):
    fake_github.page_size = 2
    for number in range(5):
        fake_github.seed_comment(42, f"review note {number}")
    first = fake_github.seed_comment(42, f"{MARKER}\nold report", fake_github.ours)
    duplicate = fake_github.seed_comment(42, f"{MARKER}\nraced report", fake_github.ours)
    api = api_for(fake_github)

    outcome = StickyComment.for_path(".").sync(
        api, 42, drift=f"{MARKER}\nnew", resolved="", me=api.identity()
    )

    assert outcome.value == "updated"
    assert fake_github.comments[first]["body"] == f"{MARKER}\nnew"
    assert duplicate not in fake_github.comments
    assert len(fake_github.calls("GET", r"/issues/42/comments$")) == 4  # 7 comments, 2 a page
    assert [r.method for r in fake_github.writes()] == ["DELETE", "PATCH"]


def test_server_error_then_success_is_retried_with_backoff(fake_github):
    comment = fake_github.seed_comment(42, "x")
    fake_github.fail("PATCH", r"/issues/comments/\d+$", 500, times=1)
    fake_github.fail("PATCH", r"/issues/comments/\d+$", 502, times=1)
    sleeps: list[float] = []
    api = api_for(fake_github, sleeps)
    api.comments(42)

    api.edit_comment(comment, "fixed")

    assert fake_github.comments[comment]["body"] == "fixed"
    assert len(fake_github.calls("PATCH")) == 3
    assert sleeps == [2.0, 4.0]


def test_secondary_rate_limit_waits_for_retry_after(fake_github):
    fake_github.fail(
        "GET",
        r"/comments$",
        403,
        message="You have exceeded a secondary rate limit. Please wait a few minutes.",
        headers={"Retry-After": "7"},
    )
    sleeps: list[float] = []

    assert api_for(fake_github, sleeps).comments(42) == []
    assert sleeps == [7.0]


def test_persistent_server_errors_give_up_as_transient(fake_github):
    fake_github.fail("GET", r"/comments$", 503, times=10)
    sleeps: list[float] = []

    with pytest.raises(ApiError) as caught:
        api_for(fake_github, sleeps, attempts=3).comments(42)

    assert caught.value.kind is ErrorKind.TRANSIENT
    assert len(fake_github.calls("GET")) == 3
    assert sleeps == [2.0, 4.0]


@pytest.mark.parametrize(
    ("status", "message", "kind"),
    [
        pytest.param(403, "Resource not accessible by integration", ErrorKind.FORBIDDEN, id="403"),
        pytest.param(404, "Not Found", ErrorKind.NOT_FOUND, id="404"),
        pytest.param(422, "Validation Failed", ErrorKind.REJECTED, id="422"),
    ],
)
def test_client_errors_are_classified_and_not_retried(fake_github, status, message, kind):
    fake_github.fail("POST", r"/comments$", status, message=message)
    sleeps: list[float] = []

    with pytest.raises(ApiError) as caught:
        api_for(fake_github, sleeps).create_comment(42, "hello")

    assert caught.value.kind is kind
    assert caught.value.status == status
    assert sleeps == []
    assert len(fake_github.calls("POST")) == 1


@pytest.mark.parametrize(
    ("status", "message", "headers", "kind"),
    [
        pytest.param(None, "", {}, ErrorKind.TRANSIENT, id="no-response"),
        pytest.param(500, "", {}, ErrorKind.TRANSIENT, id="500"),
        pytest.param(429, "", {}, ErrorKind.TRANSIENT, id="429"),
        pytest.param(403, "", {"retry-after": "1"}, ErrorKind.TRANSIENT, id="403-retry-after"),
        pytest.param(403, "API rate limit exceeded", {}, ErrorKind.TRANSIENT, id="403-rate"),
        pytest.param(401, "Bad credentials", {}, ErrorKind.FORBIDDEN, id="401"),
    ],
)
def test_classify(status, message, headers, kind):
    assert classify(status, message, headers) is kind


def test_fork_pull_request_degrades_to_annotations_and_summary(api_runner, fake_github):
    fake_github.fail("POST", r"/comments$", 403, message="Resource not accessible by integration")
    fake_github.fail("POST", r"/check-runs$", 403, message="Resource not accessible by integration")

    run = api_runner.run("drift", "pull_request_fork", {"comment": "true", "check-run": "true"})

    assert run.exit_code == 1  # unchanged by the API failure
    notices = run.annotations("notice") + [
        line for line in run.lines if line.startswith("::notice::")
    ]
    assert any("the PR comment was not posted" in n and "forks" in n for n in notices)
    assert any("the check run was not posted" in n for n in notices)
    assert len(run.annotations("error")) == 1
    assert "pin-mismatch" in run.summary
    assert "read-only token" in run.summary
    assert run.outputs["errors"] == "1"
    first_api_call = run.lines.index(
        next(line for line in run.lines if line.startswith("::notice::"))
    )
    assert first_api_call > run.lines.index(run.annotations("error")[0])


def test_clean_fork_pull_request_still_passes(api_runner, fake_github):
    fake_github.fail("GET", r"/comments$", 403, message="Resource not accessible by integration")

    run = api_runner.run("clean", "pull_request_fork", {"comment": "true"})

    assert run.exit_code == 0


def test_unreachable_api_warns_and_keeps_the_exit_code(runner):
    sleeps: list[float] = []
    runner.api_factory = lambda env: GitHubApi(
        token=env.token, api_url=env.api_url, repository=env.repository, sleep=sleeps.append
    )
    run = runner.run(
        "drift",
        "pull_request",
        {"comment": "true"},
        environ_changes={"GITHUB_API_URL": "http://127.0.0.1:9/api/v3"},
    )
    assert run.exit_code == 1
    assert sleeps == [2.0, 4.0, 8.0]
    warning = next(line for line in run.lines if line.startswith("::warning::"))
    assert "the PR comment was not posted" in warning
    assert "transient" in warning


def test_check_run_on_the_head_sha_with_annotations_in_batches_of_50(fake_github):
    from pyparity.gh import checkrun
    from pyparity.model import Finding, Result, Severity, Span
    from pyparity.records import replace

    findings = tuple(
        Finding(
            rule="pin-mismatch",
            severity=Severity.ERROR if n % 3 else Severity.WARNING,
            file=f"services/s{n}/.python-version",
            span=Span(line=1, column=1, end_line=1, end_column=5),
            message=f"finding {n}",
        )
        for n in range(120)
    )
    result = Result(root=".", files_scanned=120, declarations=(), findings=findings)
    api = api_for(fake_github)

    run_id = checkrun.publish(
        api,
        head_sha="feedface" * 5,
        result=replace(result),
        failed=True,
        title="pyparity: 120 findings",
        summary="## report",
    )

    run = fake_github.check_runs[run_id]
    batches = [
        len(c.body["output"]["annotations"])
        for c in fake_github.requests
        if c.method in {"POST", "PATCH"}
    ]
    assert batches == [50, 50, 20]
    assert run["head_sha"] == "feedface" * 5
    assert run["conclusion"] == "failure"
    assert len(run["annotations"]) == 120
    assert run["annotations"][0]["annotation_level"] == "failure"
    assert {a["start_column"] for a in run["annotations"]} == {1}


def test_action_check_run_uses_the_pull_request_head_not_the_merge_commit(api_runner, fake_github):
    run = api_runner.run("drift", "pull_request", {"check-run": "true"})

    (created,) = fake_github.calls("POST", r"/check-runs$")
    assert created.body["head_sha"] == "feedfacefeedfacefeedfacefeedfacefeedface"
    assert created.body["conclusion"] == "failure"
    assert created.body["output"]["title"] == "pyparity: 1 error"
    assert created.body["output"]["annotations"][0]["path"] == ".python-version"
    assert run.exit_code == 1


def test_action_check_run_on_push_uses_github_sha(api_runner, fake_github):
    api_runner.run("clean", "push", {"check-run": "true"})

    (created,) = fake_github.calls("POST", r"/check-runs$")
    assert created.body["head_sha"] == "0123456789abcdef0123456789abcdef01234567"
    assert created.body["conclusion"] == "success"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        pytest.param(".", "pyparity", id="root"),
        pytest.param(".github", "pyparity (.github)", id="subdirectory"),
    ],
)
def test_each_scanned_path_gets_its_own_check_run_name(api_runner, fake_github, path, name):
    """GitHub shows only the newest check run of a name on a commit: two monorepo paths
    sharing one name would let a clean path hide a failing one."""
    api_runner.run("drift", "push", {"check-run": "true", "path": path})

    (created,) = fake_github.calls("POST", r"/check-runs$")
    assert created.body["name"] == name
