"""Reading declaring files in several processes gives exactly what reading in one gives."""

from __future__ import annotations

import os
import shutil
import signal
import threading
from pathlib import Path

import pytest

from pyparity import discover, forked, reading
from pyparity.check import run
from pyparity.config import Config
from pyparity.report import json as json_report
from pyparity.sources import candidates, source_for

FIXTURES = Path(__file__).parent / "fixtures"

needs_two_cores = pytest.mark.skipif(
    not forked.available(), reason="forking needs Linux and two usable cores"
)


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture repository side by side, plus broken files that become parse-errors."""
    root = tmp_path_factory.mktemp("many") / "tree"
    for group in ("repos", "realistic"):
        for project in sorted((FIXTURES / group).iterdir()):
            shutil.copytree(project, root / group / project.name)
    broken = root / "broken"
    (broken / ".github" / "workflows").mkdir(parents=True)
    (broken / ".github" / "workflows" / "bad.yml").write_text("jobs: [unclosed\n")
    (broken / "Dockerfile").write_bytes(b"FROM python:3.12\x00\x01")
    (broken / "pyproject.toml").write_bytes(b'[project]\nrequires-python = ">=3.\xff"\n')
    (broken / "tox.ini").write_text("[tox]\nenv_list = py3{11,12\n")
    (broken / ".python-version").write_text("3.12\n")
    (root / "pyproject.toml").write_text('[project]\nname = "many"\nrequires-python = ">=3.11"\n')
    return root


def _declaring(root: Path) -> list[str]:
    return [p for p in discover.list_files(discover.Root.at(root)) if candidates(p)]


def _report(root: Path, jobs: int) -> str:
    return json_report.render(run(str(root), Config(code=False), jobs=jobs))


def test_big_tree_is_large_enough_to_be_split(big_tree: Path) -> None:
    assert len(_declaring(big_tree)) >= 2 * reading.FILES_PER_PROCESS


@needs_two_cores
@pytest.mark.parametrize("jobs", [0, 2, 4])
def test_parallel_reading_reports_exactly_what_serial_reading_does(
    big_tree: Path, jobs: int
) -> None:
    assert reading._processes(jobs, len(_declaring(big_tree))) >= 2
    serial = _report(big_tree, jobs=1)
    assert '"parse-error"' in serial
    assert _report(big_tree, jobs=jobs) == serial


@needs_two_cores
def test_a_child_reads_its_share_and_sends_it_back(big_tree: Path) -> None:
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    own, share = reading._shares(root, paths, 2)
    assert own
    assert share
    child = reading._start_child(reading.Reader(root), share)
    assert child is not None
    read = child.result()
    assert read is not None
    assert [path for path, *_ in read] == [p for p in share if source_for(p) is not None]
    alone = reading.Reader(root)
    alone.read_declaring(share, jobs=1)
    assert {path: declared for path, declared, _, _ in read} == alone.declarations
    errors = [error for _, _, found, _ in read for error in found]
    assert errors == alone.errors


def test_shares_cover_every_path_once_and_keep_a_family_together(big_tree: Path) -> None:
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    shares = reading._shares(root, paths, 2)
    assert sorted(p for share in shares for p in share) == sorted(paths)
    assert len(shares) == 2
    one = reading._shares(root, paths, 1)
    assert one == [paths]


def test_a_failed_share_is_read_by_the_parent(big_tree: Path) -> None:
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    reader = reading.Reader(root)
    reader._collect(None, paths)
    alone = reading.Reader(root)
    alone.read_declaring(paths, jobs=1)
    assert reader.declarations == alone.declarations
    assert reader.errors == alone.errors


def test_small_trees_are_read_in_one_process(big_tree: Path) -> None:
    assert reading._processes(0, 2 * reading.FILES_PER_PROCESS - 1) == 1
    assert reading._processes(1, 10_000) == 1


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forked.available()
        assert reading._processes(0, 10_000) == 1
    finally:
        release.set()
        thread.join()


@needs_two_cores
def test_forked_returns_the_childs_value() -> None:
    child = forked.Forked(os.getpid)
    pid = child.result()
    assert isinstance(pid, int)
    assert pid != os.getpid()


def _raise() -> None:
    raise RuntimeError("broken child")


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _unpicklable() -> object:
    return lambda: None


@needs_two_cores
@pytest.mark.parametrize("function", [_raise, _kill_self, _unpicklable])
def test_a_failing_child_gives_none(function: object) -> None:
    child = forked.Forked(function)  # type: ignore[arg-type]
    assert child.result() is None


@needs_two_cores
def test_a_large_result_does_not_block_the_child() -> None:
    """More than a pipe's buffer: the child must not wait for the parent to read."""
    child = forked.Forked(lambda: "x" * (8 * 1024 * 1024))
    assert child.result() == "x" * (8 * 1024 * 1024)


def test_listing_collects_git_or_walks(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Dockerfile").write_text("FROM python:3.12\n")
    (tmp_path / "b.txt").write_text("")
    walked = discover.Listing(discover.Root.at(tmp_path)).files()
    assert sorted(walked) == ["a/Dockerfile", "b.txt"]


def test_a_closed_listing_stops_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # not a repository: git fails, which close() must not mind
    listing = discover.Listing(discover.Root.at(tmp_path))
    listing.close()
    listing.close()
    assert listing.files() == []  # walked instead; .git itself is never listed
