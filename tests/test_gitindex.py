"""Reading `.git/index` without git gives what `git ls-files --cached` gives, on real indexes
that git writes (formats 2, 3 and 4, SHA-1 and SHA-256), and None where it cannot be sure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pyparity.gitindex import tracked_files

GIT = [
    "git",
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.com",
    "-c",
    "init.defaultBranch=main",
]


def git(root: Path, *arguments: str) -> str:
    done = subprocess.run([*GIT, *arguments], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def ls_files(root: Path) -> list[str]:
    output = subprocess.run(
        ["git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    return sorted({n for n in output.decode("utf-8", "surrogateescape").split("\0") if n})


def make_repo(root: Path, *init: str) -> Path:
    root.mkdir(parents=True)
    git(root, "init", "-q", *init)
    files = {
        "Dockerfile": "FROM python:3.12-slim\n",
        ".python-version": "3.12\n",
        ".github/workflows/ci.yml": "on: push\n",
        "services/api/pyproject.toml": '[project]\nrequires-python = ">=3.12"\n',
        "services/api/src/app/a_module_with_a_rather_long_name_to_pad_the_entry.py": "",
        "docs/ünïcödé név.md": "",
        "scripts/run.sh": "#!/bin/sh\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "scripts" / "run.sh").chmod(0o755)
    (root / "link-to-dockerfile").symlink_to("Dockerfile")
    (root / ".gitignore").write_text("ignored/\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.9"\n')
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    (root / "untracked.toml").write_text("")
    return root


@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_every_index_format_lists_what_git_does(tmp_path: Path, version: str) -> None:
    root = make_repo(tmp_path / "repo")
    git(root, "update-index", "--index-version", version)
    if version == "3":  # an intent-to-add entry has extended flags, which format 3 keeps
        (root / "new.cfg").write_text("")
        git(root, "add", "-N", "new.cfg")
    found = tracked_files(root)
    assert found == ls_files(root)
    assert "ignored/pyproject.toml" not in found
    assert "untracked.toml" not in found
    assert "docs/ünïcödé név.md" in found
    assert "link-to-dockerfile" in found


def test_a_sha256_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", "--object-format=sha256")
    assert tracked_files(root) == ls_files(root)


def test_deleted_and_conflicted_files_are_listed_once(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    git(root, "checkout", "-q", "-b", "other")
    (root / ".python-version").write_text("3.11\n")
    git(root, "commit", "-q", "-am", "other")
    git(root, "checkout", "-q", "main")
    (root / ".python-version").write_text("3.13\n")
    git(root, "commit", "-q", "-am", "main")
    subprocess.run([*GIT, "merge", "-q", "other"], cwd=root, capture_output=True, check=False)
    (root / "Dockerfile").unlink()
    found = tracked_files(root)
    assert found == ls_files(root)
    assert found.count(".python-version") == 1
    assert "Dockerfile" in found  # still tracked; the reader's existence check skips it


def test_a_submodule_is_not_a_file(tmp_path: Path) -> None:
    inner = make_repo(tmp_path / "inner")
    root = make_repo(tmp_path / "repo")
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "vendor")
    found = tracked_files(root)
    assert "vendor" not in found
    assert ".gitmodules" in found
    assert found == [p for p in ls_files(root) if p != "vendor"]


@pytest.mark.parametrize("checked_out", [True, False])
def test_a_submodule_git_lists_is_no_parse_error(tmp_path: Path, checked_out: bool) -> None:
    """`git ls-files` lists a submodule's gitlink (pywikibot's `scripts/i18n`), a name a
    script reader takes: the folder is not this repository's file, and no parse-error."""
    from pyparity.check import run
    from pyparity.config import Config

    inner = make_repo(tmp_path / "inner")
    root = make_repo(tmp_path / "repo")
    git(
        root,
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(inner),
        "scripts/i18n",
    )
    git(root, "commit", "-q", "-m", "translations")
    if not checked_out:
        git(root, "submodule", "deinit", "-q", "-f", "scripts/i18n")
    assert "scripts/i18n" in ls_files(root)
    result = run(str(root), Config(code=False))
    assert [f.file for f in result.findings if f.rule == "parse-error"] == []


def test_a_split_index_is_not_read(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    git(root, "update-index", "--split-index")
    (root / "more.toml").write_text("")
    git(root, "add", "more.toml")
    assert tracked_files(root) is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:40], id="truncated"),
        pytest.param(lambda data: b"JUNK" + data[4:], id="signature"),
        pytest.param(lambda data: data[:4] + (9).to_bytes(4, "big") + data[8:], id="version"),
        pytest.param(lambda data: data[:8] + (10**6).to_bytes(4, "big") + data[12:], id="count"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_index_gives_none(tmp_path: Path, damage) -> None:
    root = make_repo(tmp_path / "repo")
    index = root / ".git" / "index"
    index.write_bytes(damage(index.read_bytes()))
    assert tracked_files(root) is None


def test_hostile_paths_in_an_index_are_dropped(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    index = root / ".git" / "index"
    # A name of the same length, so the entry's layout stays valid.
    index.write_bytes(index.read_bytes().replace(b"scripts/run.sh", b"../../etc/pass"))
    found = tracked_files(root)
    assert found is not None
    assert "Dockerfile" in found
    assert not any(".." in path.split("/") for path in found)


def test_no_index_or_a_git_file_gives_none(tmp_path: Path) -> None:
    assert tracked_files(tmp_path) is None
    worktree = tmp_path / "worktree"
    worktree.mkdir()
    (worktree / ".git").write_text("gitdir: /somewhere/else\n")
    assert tracked_files(worktree) is None
    linked = tmp_path / "linked"
    linked.mkdir()
    repo = make_repo(tmp_path / "repo")
    (linked / ".git").symlink_to(repo / ".git")
    assert tracked_files(linked) is None


def test_without_git_the_cli_lists_tracked_files_only(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    no_git = tmp_path / "bin"
    no_git.mkdir()
    environment = {**os.environ, "PATH": str(no_git)}
    done = subprocess.run(
        [sys.executable, "-m", "pyparity", "list", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    files = {item["file"] for item in json.loads(done.stdout)}
    assert "Dockerfile" in files
    assert "ignored/pyproject.toml" not in files  # a walk would have read it


def _v4_index(entries: int, suffix: bytes) -> bytes:
    """A format-4 index whose every name is the previous one plus `suffix`."""
    header = b"DIRC" + (4).to_bytes(4, "big") + entries.to_bytes(4, "big")
    mode = (0o100644).to_bytes(4, "big")
    entry = b"\0" * 24 + mode + b"\0" * 12 + b"\0" * 20 + b"\0\0" + b"\x00" + suffix + b"\0"
    return header + entry * entries


def test_a_format_4_index_that_spells_ever_longer_names_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_bytes(_v4_index(100_000, b"a"))
    started = time.monotonic()
    assert tracked_files(tmp_path) is None  # names past 4096 bytes: not a real index
    assert time.monotonic() - started < 5


def test_a_small_handmade_format_4_index_is_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_bytes(_v4_index(3, b"a"))
    assert tracked_files(tmp_path) == ["a", "aa", "aaa"]


def test_an_index_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    other = make_repo(tmp_path / "other")
    (repo / ".git" / "index").unlink()
    (repo / ".git" / "index").symlink_to(other / ".git" / "index")
    assert tracked_files(repo) is None
