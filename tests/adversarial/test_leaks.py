"""Nothing leaks: a workflow in a pull request names a file, and the file's text never reaches
an annotation, the summary, the outputs, the JSON report, SARIF or the comment.

The Action checks what the commit holds (tracked files only): a `.env` an earlier step wrote
into the workspace is not a file of this repository. A link resolves only to a listed file:
never under `.git/`, never absolute or `..`, with one message for all of them (no probe of
what exists). A listed file that holds no version is "not a version file", its text unsaid.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path

import pytest
from adversarial.action_harness import ActionHarness
from adversarial.hostile import write_tree

from pyparity import cli
from pyparity.gh.action import main

SECRET = "AKIA-SECRET-TOKEN-42"
NOT_OURS = "is not a file of this repository"


def workflow(version_file: str) -> str:
    return (
        "on: pull_request\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        f"          python-version-file: {version_file}\n"
        "      - run: pytest\n"
    )


def git_commit(root: Path) -> None:
    git = ["git", "-c", "user.email=a@example.invalid", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "pr"], cwd=root, check=True)


def everything_the_action_says(tmp_path: Path, files: dict[str, str], later: dict[str, str]):
    """Run the Action on a committed workspace after `later` files were written into it."""
    harness = ActionHarness(tmp_path)
    environ = harness.environment(files, {"comment": "false", "check-run": "false"})
    workspace = Path(environ["GITHUB_WORKSPACE"])
    git_commit(workspace)
    write_tree(workspace, later)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(environ, out=out, api_factory=harness.api)
    commands = tmp_path / "commands"
    said = [
        out.getvalue(),
        err.getvalue(),
        (commands / "summary").read_text(encoding="utf-8"),
        (commands / "output").read_text(encoding="utf-8"),
        *(
            (workspace / name).read_text(encoding="utf-8")
            for name in ("pyparity-report.json", "results.sarif")
            if (workspace / name).exists()
        ),
    ]
    return code, "\n".join(said)


def test_the_action_reads_no_file_the_commit_does_not_hold(tmp_path):
    """An earlier step wrote `.env` (ignored by git); the PR's workflow names it."""
    files = {
        ".gitignore": ".env\n",
        ".python-version": "3.12\n",
        ".github/workflows/ci.yml": workflow(".env"),
    }
    code, said = everything_the_action_says(tmp_path, files, {".env": f"{SECRET}\n"})
    assert SECRET not in said
    assert NOT_OURS in said
    assert code == 0


def test_an_untracked_dockerfile_is_read_by_the_cli_not_by_the_action(tmp_path, capsys):
    files = {".python-version": "3.12\n", "Dockerfile": "FROM python:3.12-slim\n"}
    code, said = everything_the_action_says(
        tmp_path, files, {"docker/Dockerfile": "FROM python:3.9-slim\n"}
    )
    assert "docker/Dockerfile" not in said
    assert code == 0
    workspace = tmp_path / "workspace"
    assert cli.main(["check", str(workspace), "--format", "json", "--no-code"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert "docker/Dockerfile" in {d["file"] for d in report["declarations"]}


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("/etc/passwd", id="absolute-existing"),
        pytest.param("/etc/no-such-file", id="absolute-missing"),
        pytest.param("../outside/.python-version", id="dot-dot"),
        pytest.param(".git/config", id="git-config"),
        pytest.param(".git/HEAD", id="git-head"),
        pytest.param("nowhere/.python-version", id="missing"),
    ],
)
def test_every_link_that_is_not_a_listed_file_gets_one_message(tmp_path, capsys, target):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / ".python-version").write_text(f"{SECRET}\n")
    repo = write_tree(tmp_path / "repo", {".github/workflows/ci.yml": workflow(target)})
    git_commit(repo)
    cli.main(["check", str(repo), "--format", "json", "--no-code"])
    report = json.loads(capsys.readouterr().out)
    [notice] = [f for f in report["findings"] if f["rule"] == "unresolved"]
    assert NOT_OURS in notice["message"]
    assert SECRET not in json.dumps(report)
    assert "ref: refs/heads" not in json.dumps(report)


def test_a_listed_file_that_holds_no_version_is_not_echoed(tmp_path, capsys):
    repo = write_tree(
        tmp_path / "repo",
        {
            ".github/workflows/ci.yml": workflow("config/settings.env"),
            "config/settings.env": f"API_KEY={SECRET}\n",
        },
    )
    git_commit(repo)
    cli.main(["check", str(repo), "--format", "json", "--no-code"])
    out = capsys.readouterr().out
    assert SECRET not in out
    [notice] = [f for f in json.loads(out)["findings"] if f["rule"] == "unresolved"]
    assert "config/settings.env is not a version file" in notice["message"]


def test_vendored_trees_are_never_listed_even_when_git_lists_them(tmp_path, capsys):
    """A virtual environment someone committed, or that no .gitignore hides."""
    repo = write_tree(
        tmp_path / "repo",
        {
            ".python-version": "3.12\n",
            ".venv/lib/python3.8/site-packages/pkg/Dockerfile": "FROM python:3.8\n",
            "node_modules/pkg/.python-version": "3.7\n",
        },
    )
    git_commit(repo)
    assert cli.main(["check", str(repo), "--format", "json", "--no-code"]) == 0
    files = {d["file"] for d in json.loads(capsys.readouterr().out)["declarations"]}
    assert files == {".python-version"}


def test_names_git_prints_pass_the_index_readers_rule():
    """A name git should never print (a hooked or hostile git on PATH) is not trusted."""
    from pyparity.discover import _listed_names

    names = b"ok/Dockerfile\0../outside/Dockerfile\0/etc/passwd\0.git/config\0a//b\0./c\0"
    assert _listed_names(names) == ["ok/Dockerfile"]
