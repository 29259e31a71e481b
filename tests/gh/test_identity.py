"""The sticky comment and the audit issue are the token's own: whom the token acts for is
asked of GitHub (GraphQL `viewer`, then `GET /user`), and a comment or issue by anyone else
is never edited, deleted or closed, even when it carries pyparity's hidden marker.

Three kinds of token, as the API on 127.0.0.1 answers them: the workflow's token (an
installation token whose bot GraphQL spells `github-actions` and REST
`github-actions[bot]`), an app's installation token, and a personal access token.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from gh.conftest import APP_BOT, MALLORY, PERSON, TOKEN, WORKFLOW_BOT, Owner

from pyparity import check
from pyparity import config as config_module
from pyparity.gh import audit_issue
from pyparity.gh.api import Account, GitHubApi, Identity, issue_number
from pyparity.gh.audit_issue import MARKER as ISSUE_MARKER
from pyparity.gh.comment import StickyComment
from pyparity.gh.env import read_event
from pyparity.records import replace

MARKER = StickyComment.for_path(".").marker
LABEL = "python-version-drift"
OWNERS = [
    pytest.param(WORKFLOW_BOT, id="workflow-token"),
    pytest.param(APP_BOT, id="app-token"),
    pytest.param(PERSON, id="personal-token"),
]


def api_for(fake, token: str = TOKEN) -> GitHubApi:
    return GitHubApi(
        token=token,
        api_url=fake.url,
        repository="octo-org/inventory",
        sleep=lambda seconds: None,
        pause_between_writes=0,
        attempts=2,
        timeout=5,
    )


def by(fake, author: dict) -> list[dict]:
    return [c for c in fake.comments.values() if c["user"]["login"] == author["login"]]


# -- who the token is -----------------------------------------------------------------------


@pytest.mark.parametrize("owner", OWNERS)
def test_identity_of_each_kind_of_token_in_one_graphql_query(fake_github, owner: Owner):
    fake_github.default_owner = owner

    me = api_for(fake_github).identity()

    assert me is not None
    assert me.id == owner.rest["id"]
    assert me.wrote(Account(login=owner.rest["login"], id=owner.rest["id"], bot=True))
    assert fake_github.seen() == ["POST /api/graphql"]  # GET /user is never needed


def test_viewer_without_an_id_falls_back_to_get_user_whose_403_says_bot(fake_github):
    """A GraphQL that gives the login alone, spelled without `[bot]`: `GET /user` answers
    403 to an installation token, so the identity is a bot's, and a person who took the
    bare login is not it."""
    fake_github.default_owner = Owner(
        rest=WORKFLOW_BOT.rest, viewer={"login": "github-actions"}, user_endpoint=False
    )

    me = api_for(fake_github).identity()

    assert me == Identity(login="github-actions", id=None, bot=True)
    assert fake_github.seen() == ["POST /api/graphql", "GET /user"]
    assert me.wrote(Account(login="github-actions[bot]", id=41898282, bot=True))
    assert not me.wrote(Account(login="github-actions", id=7, bot=False))


def test_viewer_error_falls_back_to_get_user_for_a_personal_token(fake_github):
    fake_github.default_owner = Owner(rest=PERSON.rest, viewer=None, user_endpoint=True)

    me = api_for(fake_github).identity()

    assert me == Identity(login="mona", id=583231, bot=False)
    assert fake_github.seen() == ["POST /api/graphql", "GET /user"]


def test_no_identity_when_neither_answers(fake_github):
    fake_github.default_owner = Owner(rest=WORKFLOW_BOT.rest, viewer=None, user_endpoint=False)

    assert api_for(fake_github).identity() is None


@pytest.mark.parametrize(
    ("me", "author", "wrote"),
    [
        pytest.param(
            Identity(login="github-actions", id=41898282),
            Account(login="github-actions[bot]", id=41898282, bot=True),
            True,
            id="same-id-other-spelling",
        ),
        pytest.param(
            Identity(login="mona", id=583231),
            Account(login="mona", id=666001),
            False,
            id="same-login-other-id",
        ),
        pytest.param(
            Identity(login="github-actions"),
            Account(login="github-actions[bot]", bot=True),
            True,
            id="graphql-spelling-of-a-bot",
        ),
        pytest.param(
            Identity(login="github-actions"),
            Account(login="github-actions[bot]", bot=False),
            False,
            id="bot-suffix-on-a-person",
        ),
        pytest.param(
            Identity(login="Mona", id=None, bot=False), Account(login="mona"), True, id="case"
        ),
        pytest.param(
            Identity(login="renovate", bot=True),
            Account(login="renovate", bot=False),
            False,
            id="a-person-with-a-bots-bare-login",
        ),
        pytest.param(Identity(login="mona"), None, False, id="no-author"),
        pytest.param(Identity(login="mona"), Account(login=""), False, id="empty-login"),
    ],
)
def test_who_wrote_what(me: Identity, author: Account | None, wrote: bool):
    assert me.wrote(author) is wrote


# -- the sticky comment ---------------------------------------------------------------------


@pytest.mark.parametrize("owner", OWNERS)
def test_foreign_comment_with_our_marker_is_left_alone(api_runner, fake_github, owner: Owner):
    fake_github.default_owner = owner
    forged = f"{MARKER}\nAll good, no drift here. Merge away!"
    theirs = fake_github.seed_comment(42, forged, MALLORY)

    first = api_runner.run("drift", "pull_request", {"comment": "true"})
    requests_first_run = fake_github.seen()
    second = api_runner.run("drift", "pull_request", {"comment": "true", "precision": "patch"})
    third = api_runner.run("clean", "pull_request", {"comment": "true"})

    assert fake_github.comments[theirs]["body"] == forged
    assert not [r for r in fake_github.writes() if str(theirs) in r.path]
    [mine] = by(fake_github, owner.rest)
    assert mine["body"].startswith(MARKER)
    assert "**Resolved as of feedfacefeed:**" in mine["body"]
    assert "pyparity: PR comment created" in first.lines
    assert "pyparity: PR comment unchanged" in second.lines  # patch precision: same report
    assert "pyparity: PR comment resolved" in third.lines
    assert requests_first_run == [
        "POST /api/graphql",
        "GET {repo}/issues/42/comments",
        "POST {repo}/issues/42/comments",
    ]


def test_our_earlier_comment_is_edited_and_a_foreign_copy_is_not(api_runner, fake_github):
    ours = fake_github.seed_comment(42, f"{MARKER}\nold report", fake_github.ours)
    theirs = fake_github.seed_comment(42, f"{MARKER}\nold report", MALLORY)

    run = api_runner.run("drift", "pull_request", {"comment": "true"})

    assert "pyparity: PR comment updated" in run.lines
    assert fake_github.comments[ours]["body"] != f"{MARKER}\nold report"
    assert fake_github.comments[theirs]["body"] == f"{MARKER}\nold report"
    assert [w.method + " " + w.path.rsplit("/", 1)[1] for w in fake_github.writes()] == [
        f"PATCH {ours}"
    ]


def test_another_token_of_ours_does_not_take_over_the_comment(api_runner, fake_github):
    """A person's token and the workflow's bot are two accounts: the bot's run posts its own
    comment and never deletes the person's as a duplicate."""
    persons = fake_github.seed_comment(42, f"{MARKER}\nold report", PERSON.rest)

    api_runner.run("drift", "pull_request", {"comment": "true"})

    assert persons in fake_github.comments
    assert len(by(fake_github, WORKFLOW_BOT.rest)) == 1
    assert fake_github.calls("DELETE") == []


def test_unknown_identity_posts_a_new_comment_and_touches_none(api_runner, fake_github):
    fake_github.default_owner = Owner(rest=WORKFLOW_BOT.rest, viewer=None, user_endpoint=False)
    earlier = fake_github.seed_comment(42, f"{MARKER}\nold report", WORKFLOW_BOT.rest)

    drift = api_runner.run("drift", "pull_request", {"comment": "true"})
    clean = api_runner.run("clean", "pull_request", {"comment": "true"})

    assert fake_github.comments[earlier]["body"] == f"{MARKER}\nold report"
    assert [w.method for w in fake_github.writes()] == ["POST"]
    assert "pyparity: PR comment created" in drift.lines
    assert "pyparity: PR comment none" in clean.lines
    for run in (drift, clean):
        [notice] = [line for line in run.lines if line.startswith("::notice::")]
        assert "did not say whom the token acts for" in notice
        assert "none is edited or closed" in notice
        assert "none is edited or closed" in run.summary
    assert fake_github.seen() == [
        "POST /api/graphql",
        "GET /user",
        "POST {repo}/issues/42/comments",
        "POST /api/graphql",
        "GET /user",
    ]


def test_identity_that_cannot_be_asked_posts_nothing(api_runner, fake_github):
    """A transient failure is not an unknown identity: guessing would post duplicates."""
    fake_github.fail("POST", r"^/api/graphql$", 502, times=10)

    run = api_runner.run("drift", "pull_request", {"comment": "true", "check-run": "true"})

    assert run.exit_code == 1
    assert fake_github.comments == {}
    assert len(fake_github.check_runs) == 1  # the other channels still run
    [warning] = [line for line in run.lines if line.startswith("::warning::")]
    assert "the PR comment was not posted" in warning
    assert "transient" in warning


# -- the audit issue ------------------------------------------------------------------------


def audit_of(fixture: str) -> audit_issue.Audit:
    root = Path(__file__).parents[1] / "fixtures" / "action" / fixture
    config, _ = config_module.load(root, None)
    today = dt.date(2026, 11, 26)
    result = check.run(str(root), replace(config, audit=True, today=today))
    return audit_issue.Audit(result=result, today=today)


SETTINGS = audit_issue.IssueSettings(title="Python version drift", labels=(LABEL,))


@pytest.mark.parametrize("owner", OWNERS)
def test_foreign_issue_with_our_marker_is_never_edited_or_closed(fake_github, owner: Owner):
    fake_github.default_owner = owner
    forged = f"{ISSUE_MARKER}\nNothing to see."
    theirs = fake_github.seed_issue("Python version drift", forged, labels=(LABEL,), author=MALLORY)
    api = api_for(fake_github)

    created = audit_issue.sync(api, audit_of("audit"), SETTINGS, me=api.identity())
    closed = audit_issue.sync(api, audit_of("clean"), SETTINGS, me=api.identity())

    assert created.change is audit_issue.Change.CREATED
    assert (closed.change, closed.number) == (audit_issue.Change.CLOSED, created.number)
    assert fake_github.issues[theirs]["body"] == forged
    assert fake_github.issues[theirs]["state"] == "open"
    assert fake_github.issue_comments(theirs) == []
    assert fake_github.issues[created.number]["user"] == owner.rest


def test_unknown_identity_opens_a_new_issue_and_closes_none(fake_github):
    fake_github.default_owner = Owner(rest=WORKFLOW_BOT.rest, viewer=None, user_endpoint=False)
    earlier = fake_github.seed_issue(
        "Python version drift", f"{ISSUE_MARKER}\nold", labels=(LABEL,), author=WORKFLOW_BOT.rest
    )
    api = api_for(fake_github)
    assert api.identity() is None

    drift = audit_issue.sync(api, audit_of("audit"), SETTINGS, me=None)
    clean = audit_issue.sync(api, audit_of("clean"), SETTINGS, me=None)

    assert drift.change is audit_issue.Change.CREATED
    assert clean.change is audit_issue.Change.NONE
    assert fake_github.issues[earlier]["state"] == "open"
    assert fake_github.issues[drift.number]["state"] == "open"
    assert [w.method for w in fake_github.writes()] == ["POST"]


# -- the pull request's number --------------------------------------------------------------


@pytest.mark.parametrize("number", [True, False, 0, -3, "42", 4.2, None])
def test_a_pull_request_number_is_a_positive_int(tmp_path, number: object):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": number, "head": {"sha": "ab"}}}))

    assert read_event({"GITHUB_EVENT_PATH": str(event)}).pull_request is None
    with pytest.raises(ValueError, match="not an issue or pull request number"):
        issue_number(number)


def test_the_api_refuses_a_number_that_is_not_one(fake_github):
    api = api_for(fake_github)

    for call in (
        lambda: api.comments(True),  # type: ignore[arg-type]
        lambda: api.create_comment(0, "x"),
        lambda: api.edit_issue(-1, body="x"),
    ):
        with pytest.raises(ValueError, match="not an issue or pull request number"):
            call()
    assert fake_github.requests == []
