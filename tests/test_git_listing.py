"""The listing `git ls-files` gives (discover.py), started with `os.posix_spawnp` or, where that
is missing, with `subprocess`: the same files either way, and where git fails or stalls the
index is read instead, git killed, and nothing left running."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from test_gitindex import git

from pyparity import discover


def _repository(root: Path) -> Path:
    root.mkdir()
    git(root, "init", "-q")
    (root / "Dockerfile").write_text("FROM python:3.12\n")
    (root / "with space and é.toml").write_text("x = 1\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "pyproject.toml").write_text("")
    (root / ".gitignore").write_text("ignored/\n")
    git(root, "add", "Dockerfile", ".gitignore", "with space and é.toml")
    git(root, "commit", "-qm", "first")
    (root / "new.cfg").write_text("")  # untracked, not ignored
    (root / "tracked.py").write_text("")
    git(root, "add", "tracked.py")  # staged only
    return root


def _by_git(root: Path, *, untracked: bool) -> list[str]:
    arguments = ["git", "ls-files", "-z", "--cached"]
    if untracked:
        arguments += ["--others", "--exclude-standard"]
    output = subprocess.run(arguments, cwd=root, capture_output=True, check=True).stdout
    return sorted({name for name in output.decode().split("\0") if name})


@pytest.fixture(params=["posix_spawnp", "subprocess"])
def starter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "subprocess":
        monkeypatch.delattr(os, "posix_spawnp")
    return str(request.param)


@pytest.mark.parametrize("untracked", [True, False])
def test_the_listing_is_what_git_lists(tmp_path: Path, starter: str, untracked: bool) -> None:
    root = _repository(tmp_path / "repo")
    listing = discover.Listing(discover.Root.at(root), untracked=untracked)
    process = listing._process
    assert type(process).__name__ == ("_Spawned" if starter == "posix_spawnp" else "_Started")
    assert listing.files() == _by_git(root, untracked=untracked)
    assert "new.cfg" in listing.files() if untracked else "new.cfg" not in listing.files()


def test_a_git_that_stalls_is_killed_and_the_index_read(
    tmp_path: Path, starter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repository(tmp_path / "repo")
    (root / "sub").mkdir()
    os.mkfifo(root / "sub" / ".gitignore")  # git opens it for --others, and waits
    monkeypatch.setattr(discover, "_GIT_TIMEOUT_SECONDS", 0.5)
    listing = discover.Listing(discover.Root.at(root))
    process = listing._process
    started = time.monotonic()
    files = listing.files()
    assert time.monotonic() - started < 5
    assert files == _by_git(root, untracked=False)  # the index: tracked files only
    if starter == "posix_spawnp":
        with pytest.raises(ChildProcessError):  # killed and reaped: no zombie left
            os.waitpid(process._pid, os.WNOHANG)  # type: ignore[union-attr]


def test_a_git_that_fails_gives_the_index(tmp_path: Path, starter: str) -> None:
    root = _repository(tmp_path / "repo")
    (root / ".git" / "HEAD").write_text("not a reference\n")  # git refuses the repository
    listing = discover.Listing(discover.Root.at(root))
    assert listing._process is not None
    assert listing.files() == _by_git_index(root)


def _by_git_index(root: Path) -> list[str]:
    from pyparity.gitindex import tracked_files

    listed = tracked_files(root)
    assert listed is not None
    return listed


def test_no_git_on_the_path_gives_the_index(
    tmp_path: Path, starter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repository(tmp_path / "repo")
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-folder"))
    listing = discover.Listing(discover.Root.at(root))
    assert listing._process is None
    assert listing.files() == _by_git_index(root)


def test_closing_stops_git(tmp_path: Path, starter: str) -> None:
    root = _repository(tmp_path / "repo")
    (root / "sub").mkdir()
    os.mkfifo(root / "sub" / ".gitignore")
    listing = discover.Listing(discover.Root.at(root))
    process = listing._process
    listing.close()
    if starter == "posix_spawnp":
        with pytest.raises(ChildProcessError):
            os.waitpid(process._pid, os.WNOHANG)  # type: ignore[union-attr]


def test_a_git_whose_status_is_lost_gives_the_index(tmp_path: Path) -> None:
    # With SIGCHLD ignored (an embedding program's choice) children are reaped unasked and
    # git's exit status is unknown: its output is not trusted.
    import signal

    root = _repository(tmp_path / "repo")
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        listing = discover.Listing(discover.Root.at(root))
        assert type(listing._process).__name__ == "_Spawned"
        files = listing.files()
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert files == _by_git_index(root)


_PARTS = [
    "a",
    "src",
    ".",
    "..",
    ".git",
    ".GIT",
    ".Git",
    ".gitignore",
    "",
    "node_modules",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "site-packages",
    "x.git",
    "\u0130",
    "\u0131",
    ".g\u0131t",
    "\n",
    " ",
]


def _names(seed: int) -> list[str]:
    import random

    chosen = random.Random(seed)
    return [
        "/".join(chosen.choice(_PARTS) for _ in range(chosen.randint(1, 4)))
        for _ in range(chosen.randint(0, 6))
    ]


def test_one_search_of_the_listing_refuses_what_a_search_per_name_does() -> None:
    from pyparity.gitindex import safe_path

    searched_once = 0
    for seed in range(2000):
        names = _names(seed)
        output = "".join(name + "\0" for name in names).encode("utf-8", "surrogateescape")
        kept = sorted({n for n in names if safe_path(n)})
        assert discover._listed_names(output) == kept, names
        if not discover._any_vendored_folder(kept):
            searched_once += 1
            assert [n for n in kept if not discover._vendored(n)] == kept, names
    assert searched_once > 100  # the one-search answer was tested, not only the fallback


def test_a_tree_listed_by_git_keeps_no_vendored_folder(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    for folder in ("node_modules/pkg", "lib/.venv/bin", "site-packages"):
        (root / folder).mkdir(parents=True)
        (root / folder / "Dockerfile").write_text("FROM python:3.8\n")
    git(root, "add", "-f", ".")
    listing = discover.Listing(discover.Root.at(root), untracked=False)
    assert not [name for name in listing.files() if "Dockerfile" in name and "/" in name]
    assert "Dockerfile" in listing.files()
