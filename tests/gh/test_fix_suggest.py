"""`fix: suggest` against the local API server: one review whose suggestions sit only on
lines of the pull request's diff, the rest as a diff block in its body."""

from __future__ import annotations

from typing import Any

from tests.gh.conftest import HEAD_SHA


def _reviews(fake_github: Any) -> list[Any]:
    return [r for r in fake_github.requests if r.path.endswith("/reviews") and r.method == "POST"]


def test_a_fix_on_a_line_of_the_diff_is_a_suggested_change(
    api_runner: Any, fake_github: Any
) -> None:
    fake_github.pull_files = [
        {"filename": ".python-version", "patch": "@@ -1 +1 @@\n-3.11\n+3.12"},
        {"filename": "README.md", "patch": "@@ -1,2 +1,2 @@\n-a\n+b\n c"},
    ]
    run = api_runner.run("drift", inputs={"fix": "suggest"})
    assert run.exit_code == 1  # the verdict is the check's, not the review's
    [review] = fake_github.reviews
    assert review["event"] == "COMMENT"
    assert review["commit_id"] == HEAD_SHA
    [comment] = review["comments"]
    assert comment["path"] == ".python-version"
    assert comment["line"] == 1
    assert comment["side"] == "RIGHT"
    assert comment["body"].endswith("```suggestion\n3.11\n```")
    assert "Run `pyparity fix`" not in review["body"]
    assert len(_reviews(fake_github)) == 1
    assert "pyparity: review" in run.stdout


def test_a_fix_outside_the_diff_goes_to_the_diff_block(api_runner: Any, fake_github: Any) -> None:
    fake_github.pull_files = [{"filename": "README.md", "patch": "@@ -1 +1 @@\n-a\n+b"}]
    api_runner.run("drift", inputs={"fix": "suggest"})
    [review] = fake_github.reviews
    assert review["comments"] == []
    assert "Run `pyparity fix` to make these changes:" in review["body"]
    assert (
        "```diff\n--- a/.python-version\n+++ b/.python-version\n@@ -1 +1 @@\n-3.12\n+3.11\n```"
        in (review["body"])
    )


def test_nothing_to_fix_posts_no_review(api_runner: Any, fake_github: Any) -> None:
    api_runner.run("clean", inputs={"fix": "suggest"})
    assert fake_github.reviews == []
    assert _reviews(fake_github) == []


def test_off_by_default(api_runner: Any, fake_github: Any) -> None:
    api_runner.run("drift")
    assert fake_github.reviews == []
    assert not [r for r in fake_github.requests if "/pulls/" in r.path]


def test_a_forbidden_review_degrades_to_a_notice(api_runner: Any, fake_github: Any) -> None:
    fake_github.fail("POST", r"/reviews$", 403, message="Resource not accessible by integration")
    run = api_runner.run("drift", inputs={"fix": "suggest"})
    assert run.exit_code == 1
    assert fake_github.reviews == []
    assert any("fix suggestions" in line for line in run.lines)


def test_skipped_without_a_pull_request(api_runner: Any, fake_github: Any) -> None:
    run = api_runner.run("drift", event="push", inputs={"fix": "suggest"})
    assert fake_github.reviews == []
    assert any("fix suggestions skipped" in line for line in run.lines)


def test_the_same_offer_is_not_posted_twice(api_runner: Any, fake_github: Any) -> None:
    fake_github.pull_files = [{"filename": ".python-version", "patch": "@@ -1 +1 @@\n-3.11\n+3.12"}]
    api_runner.run("drift", inputs={"fix": "suggest"})
    run = api_runner.run("drift", inputs={"fix": "suggest"})
    assert len(fake_github.reviews) == 1
    assert len(fake_github.review_comments) == 1
    assert "already offered" in run.stdout


def test_a_new_offer_deletes_our_earlier_suggestions_only(
    api_runner: Any, fake_github: Any
) -> None:
    fake_github.pull_files = [{"filename": ".python-version", "patch": "@@ -1 +1 @@\n-3.11\n+3.12"}]
    api_runner.run("drift", inputs={"fix": "suggest"})
    [ours] = fake_github.review_comments
    someone = {"login": "mona", "id": 7, "type": "User"}
    fake_github.review_comments[5] = {"id": 5, "body": "pyparity fix: looks fine", "user": someone}
    fake_github.pull_files = [{"filename": "README.md", "patch": "@@ -1 +1 @@\n-a\n+b"}]
    api_runner.run("drift", inputs={"fix": "suggest"})
    assert len(fake_github.reviews) == 2
    assert ours not in fake_github.review_comments
    assert 5 in fake_github.review_comments
