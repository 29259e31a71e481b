"""`fix: pull-request` against the local API server: PyGithub over HTTP to 127.0.0.1 makes
the blobs, tree, commit and branch of the fix and opens, edits, leaves or closes one pull
request; every failure is one message naming the missing permission or setting."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pyparity.fix import targets
from pyparity.gh import fix_pull_request
from pyparity.gh.action import main
from pyparity.gh.api import ApiError, ErrorKind
from pyparity.gh.env import InputError, from_mapping
from pyparity.model import Minor
from tests.gh.conftest import APP_BOT, MERGE_SHA, TOKEN, WORKFLOW_BOT

BRANCH = "pyparity/python-3.11"
MARKER = "<!-- pyparity:fix-pull-request -->"
NEXT_SHA = "1111111111111111111111111111111111111111"
PR_INPUTS = {"mode": "audit", "audit-issue": "false", "fix": "pull-request"}


def run_fix(
    runner: Any,
    fake: Any,
    fixture: str = "drift",
    *,
    sha: str = MERGE_SHA,
    change: Callable[[Path], None] | None = None,
    inputs: dict[str, str] | None = None,
    event: str = "schedule",
    seed: bool = True,
) -> tuple[int, str]:
    """The Action on a scheduled run of `main` at `sha`, whose files the server holds too."""
    environ, workspace = runner.environment(fixture, event, PR_INPUTS | (inputs or {}))
    environ.update({"GITHUB_REF": "refs/heads/main", "GITHUB_SHA": sha, "GITHUB_RUN_ID": "7"})
    if change is not None:
        change(workspace)
    if seed and sha not in fake.commits:
        files = {
            path.relative_to(workspace).as_posix(): path.read_bytes()
            for path in sorted(workspace.rglob("*"))
            if path.is_file()
        }
        parents = (MERGE_SHA,) if sha != MERGE_SHA and MERGE_SHA in fake.commits else ()
        fake.seed_commit(sha, files, parents=parents, message="work")
    out = io.StringIO()
    code = main(environ, out=out, api_factory=runner.api_factory)
    return code, out.getvalue()


@pytest.fixture
def fake(fake_github: Any) -> Any:
    fake_github.default_owner = APP_BOT  # this mode takes an app's (or a person's) token
    return fake_github


def seen_since(fake: Any, start: int) -> list[str]:
    """The requests after the first `start`, as `METHOD /path`, without the identity query."""
    return [line for line in fake.seen()[start:] if "graphql" not in line]


def ours(fake: Any) -> list[dict[str, Any]]:
    return [p for p in fake.pulls.values() if MARKER in p["body"]]


def runtime_3_12(workspace: Path) -> None:
    (workspace / "runtime.txt").write_text("python-3.12.1\n")


# -- the lifecycle -------------------------------------------------------------------------


def test_the_pull_request_is_made_with_blobs_a_tree_a_commit_and_a_branch(
    api_runner: Any, fake: Any
) -> None:
    code, out = run_fix(api_runner, fake)

    assert code == 1  # the verdict is the check's
    assert seen_since(fake, 0) == [
        "GET {repo}/pulls",
        "GET {repo}/git/ref/heads/pyparity/python-3.11",
        "GET {repo}/git/commits/" + MERGE_SHA,
        "POST {repo}/git/blobs",
        "POST {repo}/git/trees",
        "POST {repo}/git/commits",
        "POST {repo}/git/refs",
        "POST {repo}/pulls",
    ]
    [blob] = fake.calls("POST", r"/git/blobs$")
    assert blob.body["encoding"] == "base64"
    assert base64.b64decode(blob.body["content"]) == b"3.11\n"
    [tree] = fake.calls("POST", r"/git/trees$")
    assert tree.body["base_tree"] == fake.commits[MERGE_SHA]["tree"]
    assert tree.body["tree"] == [
        {"path": ".python-version", "mode": "100644", "type": "blob", "sha": blob_sha(b"3.11\n")}
    ]
    [commit] = fake.calls("POST", r"/git/commits$")
    assert commit.body["parents"] == [MERGE_SHA]
    assert commit.body["message"].startswith("Move Python declarations to 3.11 (pyparity fix)\n")
    assert (
        ".python-version:1: 3.12 -> 3.11 (the runtime pins' majority is 3.11)"
        in (commit.body["message"])
    )
    assert "\nPyparity-Fix: " in commit.body["message"]
    [ref] = fake.calls("POST", r"/git/refs$")
    assert ref.body == {"ref": f"refs/heads/{BRANCH}", "sha": fake.refs[BRANCH]}
    [pull] = fake.calls("POST", r"/pulls$")
    assert pull.body["head"] == BRANCH
    assert pull.body["base"] == "main"
    assert pull.body["title"] == "Move Python declarations to 3.11"
    body = pull.body["body"]
    assert body.startswith(MARKER + "\n<!-- pyparity:fix-digest ")
    assert (
        "| `.python-version` | 1 | `3.12` | `3.11` | `pin-mismatch`: the runtime pins' majority "
        "is 3.11 |" in body
    )
    assert "`pyparity fix` on commit `0123456789ab` of `main`" in body
    assert "/actions/runs/7" in body
    # the branch holds the fix and every other file as the commit has it
    files = fake.files_at(BRANCH)
    assert files[".python-version"] == b"3.11\n"
    assert files["Dockerfile"] == fake.files_at_commit(MERGE_SHA)["Dockerfile"]
    assert f"pyparity: fix pull request #{ours(fake)[0]['number']} opened" in out
    assert out.count(TOKEN) == 1  # the add-mask line only


def test_the_same_fix_writes_nothing(api_runner: Any, fake: Any) -> None:
    run_fix(api_runner, fake)
    start = len(fake.requests)
    writes = len(fake.writes())

    # a week later, on a newer commit that changed another file: the same fix
    code, out = run_fix(
        api_runner,
        fake,
        sha=NEXT_SHA,
        change=lambda workspace: (workspace / "NOTES.md").write_text("news\n"),
        inputs={"today": "2026-12-03"},
    )

    assert code == 1
    assert len(fake.writes()) == writes
    assert seen_since(fake, start) == [
        "GET {repo}/pulls",
        "GET {repo}/git/ref/heads/pyparity/python-3.11",
        f"GET {{repo}}/compare/{NEXT_SHA}...{fake.refs[BRANCH]}",
    ]
    assert len(ours(fake)) == 1
    assert "branch pyparity/python-3.11 unchanged" in out


def test_a_changed_fix_moves_the_branch_and_edits_the_body(api_runner: Any, fake: Any) -> None:
    run_fix(api_runner, fake, inputs={"fix-to": "3.11"})
    [pull] = ours(fake)
    first = fake.refs[BRANCH]
    start = len(fake.requests)

    code, out = run_fix(
        api_runner, fake, sha=NEXT_SHA, change=runtime_3_12, inputs={"fix-to": "3.11"}
    )

    assert code == 1
    assert seen_since(fake, start) == [
        "GET {repo}/pulls",
        "GET {repo}/git/ref/heads/pyparity/python-3.11",
        f"GET {{repo}}/compare/{NEXT_SHA}...{first}",
        f"GET {{repo}}/git/commits/{NEXT_SHA}",
        "POST {repo}/git/blobs",
        "POST {repo}/git/blobs",
        "POST {repo}/git/trees",
        "POST {repo}/git/commits",
        "PATCH {repo}/git/refs/heads/pyparity/python-3.11",
        f"PATCH {{repo}}/pulls/{pull['number']}",
    ]
    [move] = fake.calls("PATCH", r"/git/refs/")
    assert move.body["force"] is True
    assert fake.commits[fake.refs[BRANCH]]["parents"] == [NEXT_SHA]
    files = fake.files_at(BRANCH)
    assert files["runtime.txt"].startswith(b"python-3.11.")
    assert files[".python-version"] == b"3.11\n"
    assert "| `runtime.txt` | 1 |" in ours(fake)[0]["body"]
    assert len(ours(fake)) == 1
    assert f"#{pull['number']} edited, branch {BRANCH} updated" in out


def test_closed_with_a_comment_when_no_longer_needed(api_runner: Any, fake: Any) -> None:
    run_fix(api_runner, fake)
    [pull] = ours(fake)
    start = len(fake.requests)

    code, out = run_fix(api_runner, fake, "clean", sha=NEXT_SHA)

    assert code == 0
    assert seen_since(fake, start) == [
        "GET {repo}/pulls",
        f"POST {{repo}}/issues/{pull['number']}/comments",
        f"PATCH {{repo}}/pulls/{pull['number']}",
    ]
    assert fake.pulls[pull["number"]]["state"] == "closed"
    [comment] = fake.issue_comments(pull["number"])
    assert "finds nothing left to fix" in comment["body"]
    assert f"nothing to fix; closed #{pull['number']}" in out


def test_a_pull_request_closed_by_hand_on_the_same_fix_stays_closed(
    api_runner: Any, fake: Any
) -> None:
    run_fix(api_runner, fake)
    [pull] = ours(fake)
    fake.pulls[pull["number"]]["head"]["sha"] = fake.refs[BRANCH]
    fake.pulls[pull["number"]]["state"] = "closed"
    writes = len(fake.writes())

    _, out = run_fix(api_runner, fake)

    assert len(fake.writes()) == writes
    assert "closed by hand on the same fix; left closed" in out
    assert fake.calls("GET", r"/pulls$")[-1].query["head"] == [f"octo-org:{BRANCH}"]


def test_an_older_pull_request_of_ours_is_closed_as_superseded(api_runner: Any, fake: Any) -> None:
    old = fake.seed_pull("pyparity/python-3.10", MARKER + "\nbody", author=APP_BOT.rest)
    someone = fake.seed_pull("pyparity/python-3.9", MARKER + "\ncopied marker")
    elsewhere = fake.seed_pull(
        "pyparity/python-3.10", MARKER, author=APP_BOT.rest, repository="fork/inventory"
    )

    _, out = run_fix(api_runner, fake)

    [new] = [p for p in ours(fake) if p["head"]["ref"] == BRANCH]
    assert fake.pulls[old]["state"] == "closed"
    [comment] = fake.issue_comments(old)
    assert comment["body"] == f"Superseded by #{new['number']}. Closing."
    assert fake.pulls[someone]["state"] == "open"  # not ours: another author
    assert fake.pulls[elsewhere]["state"] == "open"  # not ours: another repository's branch
    assert f"#{old} closed (superseded)" in out


def test_a_branch_someone_pushed_to_is_not_overwritten(api_runner: Any, fake: Any) -> None:
    run_fix(api_runner, fake)
    theirs = fake.seed_commit(
        "2222222222222222222222222222222222222222",
        fake.files_at(BRANCH) | {"notes.txt": b"mine\n"},
        parents=(fake.refs[BRANCH],),
        message="a maintainer's commit",
    )
    fake.refs[BRANCH] = theirs

    code, out = run_fix(
        api_runner, fake, sha=NEXT_SHA, change=runtime_3_12, inputs={"fix-to": "3.11"}
    )

    assert code == 1
    assert fake.refs[BRANCH] == theirs
    assert not fake.calls("PATCH", r"/git/refs/")
    [warning] = [line for line in out.splitlines() if line.startswith("::warning")]
    assert "has 2 commit(s) pyparity did not make" in warning
    assert "Traceback" not in out


def test_the_workflow_token_is_told_its_pull_request_runs_no_checks(
    api_runner: Any, fake: Any
) -> None:
    fake.default_owner = WORKFLOW_BOT

    _, out = run_fix(api_runner, fake)

    assert len(ours(fake)) == 1
    [notice] = [line for line in out.splitlines() if "GITHUB_TOKEN" in line]
    assert notice.startswith("::notice::")
    assert "its checks will not start" in notice
    _, again = run_fix(api_runner, fake)  # said when it opens one, not on every run
    assert "GITHUB_TOKEN" not in again


# -- failures: one message each ----------------------------------------------------------


def test_a_branch_that_exists_after_all_is_updated(api_runner: Any, fake: Any) -> None:
    """422 on creating the branch: it exists (made meanwhile, or the read missed it)."""
    fake.seed_commit(MERGE_SHA, {".python-version": b"3.12\n"})
    fake.refs[BRANCH] = MERGE_SHA  # an empty branch: nothing of its own
    fake.fail("GET", r"/git/ref/heads/", 404)

    _, out = run_fix(api_runner, fake, seed=False)

    assert [line for line in fake.seen() if "/git/ref" in line] == [
        "GET {repo}/git/ref/heads/pyparity/python-3.11",  # 404: absent, it seems
        "POST {repo}/git/refs",  # 422: it exists
        "GET {repo}/git/ref/heads/pyparity/python-3.11",
        "PATCH {repo}/git/refs/heads/pyparity/python-3.11",
    ]
    assert fake.files_at(BRANCH)[".python-version"] == b"3.11\n"
    assert "opened, branch pyparity/python-3.11 updated" in out


def test_an_empty_repository_is_one_message(api_runner: Any, fake: Any) -> None:
    code, out = run_fix(api_runner, fake, seed=False)  # the server has no commit: 409

    assert code == 1
    [warning] = [line for line in out.splitlines() if line.startswith("::warning")]
    assert "read the branch pyparity/python-3.11 failed (409: Git Repository is empty.)" in warning
    assert "the repository is empty" in warning
    assert "Traceback" not in out
    assert fake.pulls == {}


def test_a_read_only_token_is_told_to_get_contents_write(api_runner: Any, fake: Any) -> None:
    fake.fail("POST", r"/git/blobs$", 403, message="Resource not accessible by integration")

    code, out = run_fix(api_runner, fake)

    assert code == 1
    [warning] = [line for line in out.splitlines() if line.startswith("::warning")]
    assert "upload .python-version failed (403: Resource not accessible by integration)" in warning
    assert "`contents: write`" in warning
    assert "workflows" not in warning  # the fix does not touch a workflow
    assert out.count(TOKEN) == 1  # the add-mask line only
    assert "Traceback" not in out


def test_a_workflow_change_names_the_workflows_permission(api_runner: Any, fake: Any) -> None:
    message = (
        "refusing to allow a GitHub App to create or update workflow "
        "`.github/workflows/tests.yml` without `workflows` permission"
    )
    fake.fail("POST", r"/git/refs$", 422, message=message)

    _, out = run_fix(api_runner, fake, inputs={"fix-to": "3.12"})

    [warning] = [line for line in out.splitlines() if line.startswith("::warning")]
    assert "create the branch pyparity/python-3.12 failed (422" in warning
    assert "Workflows read and write" in warning
    assert "GITHUB_TOKEN can never have it" in warning


def test_actions_not_allowed_to_open_pull_requests_names_the_setting(
    api_runner: Any, fake: Any
) -> None:
    fake.fail(
        "POST",
        r"/pulls$",
        422,
        message="GitHub Actions is not permitted to create or approve pull requests.",
    )

    _, out = run_fix(api_runner, fake)

    [warning] = [line for line in out.splitlines() if line.startswith("::warning")]
    assert "Allow GitHub Actions to create and approve pull requests" in warning
    assert "app or personal token" in warning


def test_explain_names_what_is_missing() -> None:
    def said(status: int, detail: str, area: str = "contents", workflows: bool = False) -> str:
        kind = {401: ErrorKind.FORBIDDEN, 403: ErrorKind.FORBIDDEN, 404: ErrorKind.NOT_FOUND}
        error = ApiError(kind.get(status, ErrorKind.REJECTED), "x", status, detail)
        return fix_pull_request.explain(error, "step", area, workflows, branch="b")

    assert "`contents: write`" in said(403, "Resource not accessible by integration")
    assert "`workflow` scope" in said(403, "Forbidden", workflows=True)
    assert "`pull-requests: write`" in said(403, "Forbidden", "pulls")
    assert "Allow GitHub Actions" in said(
        403, "GitHub Actions is not permitted to create or approve pull requests.", "pulls"
    )
    assert "is open that this token did not open" in said(
        422, "A pull request already exists for octo-org:b.", "pulls"
    )
    assert "the repository is empty" in said(409, "Git Repository is empty.")
    assert "expired or revoked" in said(401, "Bad credentials")


# -- where it runs, and `fix-to` -------------------------------------------------------------


def test_skipped_on_a_pull_request(api_runner: Any, fake: Any) -> None:
    _, out = run_fix(api_runner, fake, event="pull_request")

    assert "fix pull request skipped on a pull request" in out
    assert not [r for r in fake.requests if "/git/" in r.path or r.path.endswith("/pulls")]


def test_fix_to_newest_names_the_branch(api_runner: Any, fake: Any) -> None:
    run_fix(api_runner, fake, inputs={"fix-to": "newest", "today": "2026-12-02"})

    [pull] = ours(fake)
    assert pull["head"]["ref"] == "pyparity/python-3.15"
    assert "`pyparity fix --to 3.15`" in pull["body"]
    # a place a finding names beside its own line gets its rule too
    assert "| `Dockerfile` | 1 | `3.11` | `3.15` | `pin-mismatch`: --to 3.15 |" in pull["body"]
    assert fake.files_at("pyparity/python-3.15")[".python-version"] == b"3.15\n"


def test_a_bad_fix_to_is_a_usage_error(runner: Any) -> None:
    run = runner.run("drift", event="schedule", inputs={"fix": "pull-request", "fix-to": "3.x"})

    assert run.exit_code == 2
    [error] = run.annotations("error")
    assert "input 'fix-to' must be a Python minor (X.Y, e.g. 3.12)" in error


@pytest.mark.parametrize(
    ("value", "today", "minor"),
    [
        ("newest", dt.date(2026, 12, 2), Minor(3, 15)),
        ("newest", dt.date(2026, 9, 30), Minor(3, 14)),
        ("oldest-supported", dt.date(2026, 12, 2), Minor(3, 11)),
        ("oldest-supported", dt.date(2026, 4, 1), Minor(3, 10)),  # 3.10 ends 2026-10-31
        ("oldest-supported", dt.date(2026, 5, 2), Minor(3, 11)),  # now within 6 months
        ("3.12", dt.date(2026, 12, 2), Minor(3, 12)),
        ("", dt.date(2026, 12, 2), None),
    ],
)
def test_fix_to_resolves_on_the_date(value: str, today: dt.date, minor: Minor | None) -> None:
    assert targets.resolve(targets.parse(value), today) == minor


@pytest.mark.parametrize("value", ["latest", "3", "3.x", "3.99", "python3.12", "3.12.1"])
def test_fix_to_refuses_what_names_no_minor(tmp_path: Path, value: str) -> None:
    with pytest.raises(InputError, match="input 'fix-to'"):
        from_mapping({"GITHUB_WORKSPACE": str(tmp_path), "INPUT_FIX-TO": value})


def blob_sha(data: bytes) -> str:
    return fix_pull_request.FileChange(path="x", data=data, mode="100644").blob


def test_the_readme_workflow_uses_only_inputs_the_action_has() -> None:
    import re

    import yaml

    from pyparity.gh.env import INPUTS

    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    section = readme[readme.index("`fix: pull-request` (for a scheduled audit)") :]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None
    workflow = yaml.safe_load(block[1])
    [step] = [s for s in workflow["jobs"]["fix"]["steps"] if s["uses"].startswith("pyparity/")]
    assert set(step["with"]) <= {spec.name for spec in INPUTS}
    assert step["with"]["fix"] == "pull-request"
    assert step["with"]["token"] != "${{ github.token }}"  # an app's token, not the workflow's


def test_each_path_of_a_monorepo_has_its_own_branch_and_marker() -> None:
    def where(path: str) -> fix_pull_request.Where:
        return fix_pull_request.Where(
            repository="o/r", base="main", base_sha=MERGE_SHA, path=path, today=dt.date(2026, 12, 2)
        )

    assert where(".").branch(Minor(3, 12)) == "pyparity/python-3.12"
    assert where("services/api").branch(Minor(3, 12)) == "pyparity/python-3.12-services-api"
    assert where("..weird path/x").branch(None) == "pyparity/python-versions-weird-path-x"
    assert where(".").marker == MARKER
    assert where("services/api").marker == "<!-- pyparity:fix-pull-request path=services/api -->"
    assert MARKER not in where("services/api").marker  # the root's never finds a path's


def test_fix_to_also_steers_the_suggestions_on_a_pull_request(api_runner: Any, fake: Any) -> None:
    fake.pull_files = [{"filename": "Dockerfile", "patch": "@@ -1 +1 @@\n-a\n+FROM python:3.11"}]

    run = api_runner.run("drift", inputs={"fix": "suggest", "fix-to": "3.12"})

    [review] = fake.reviews
    [comment] = review["comments"]
    assert comment["path"] == "Dockerfile"
    assert comment["body"].endswith("```suggestion\nFROM python:3.12-slim-bookworm\n```")
    assert "`pyparity fix --to 3.12`" in review["body"]  # the workflow file: in the diff block
    assert run.exit_code == 1
