"""Reading declaring files in several processes gives exactly what reading in one gives."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
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
    # Tool settings only: the folder is no scope, and its Dockerfile belongs to the root's.
    (root / "sdk").mkdir()
    (root / "sdk" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    (root / "sdk" / "Dockerfile").write_text("FROM python:3.10-slim\n")
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
    child = reading._start_child(root)
    assert child is not None
    child.submit(reading._Work(share, from_the_back=False))
    read = child.result()
    assert read is not None
    assert [path for path, *_ in read] == [p for p in share if source_for(p) is not None]
    alone = reading.Reader(root)
    alone.read_declaring(share, jobs=1)
    assert {path: declared for path, declared, *_ in read} == alone.declarations
    errors = [error for _, _, found, *_ in read for error in found]
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


def _pid_and(value: str) -> tuple[int, str]:
    return os.getpid(), value


@needs_two_cores
def test_forked_works_on_its_input_in_another_process() -> None:
    child = forked.Forked(_pid_and)
    child.submit("input")
    found = child.result()
    assert found is not None
    pid, value = found
    assert pid != os.getpid()
    assert value == "input"


@needs_two_cores
def test_forked_prepares_before_its_input_arrives(tmp_path: Path) -> None:
    marker = tmp_path / "prepared"
    child = forked.Forked(lambda _: marker.exists(), prepare=lambda idle: marker.touch())
    child.submit(None)
    assert child.result() is True


@needs_two_cores
def test_a_preparation_is_told_when_its_input_arrives() -> None:
    waited: list[float] = []

    def prepare(idle: Callable[[], bool]) -> None:
        started = time.monotonic()
        while idle() and time.monotonic() - started < 5:
            time.sleep(0.01)
        waited.append(time.monotonic() - started)

    child = forked.Forked(lambda _: waited[0], prepare=prepare)
    time.sleep(0.3)
    child.submit(None)
    found = child.result()
    assert found is not None
    assert 0.2 < found < 4  # it stopped when the input came, not at its own limit


@needs_two_cores
def test_a_failing_prepare_is_only_a_lost_head_start() -> None:
    child = forked.Forked(_pid_and, prepare=_raise)
    child.submit("input")
    assert child.result() is not None


def _raise(*_: object) -> None:
    raise RuntimeError("broken child")


def _kill_self(*_: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _unpicklable(*_: object) -> object:
    return lambda: None


@needs_two_cores
@pytest.mark.parametrize("function", [_raise, _kill_self, _unpicklable])
def test_a_failing_child_gives_none(function: object) -> None:
    child = forked.Forked(function)  # type: ignore[var-annotated]
    child.submit("input")
    assert child.result() is None


@needs_two_cores
def test_a_child_that_gets_no_input_is_stopped() -> None:
    child = forked.Forked(_pid_and, prepare=lambda idle: time.sleep(30))
    started = time.monotonic()
    assert child.result() is None  # never submitted: cancelled, not waited for
    child.cancel()
    assert time.monotonic() - started < 10


@needs_two_cores
def test_a_child_is_not_waited_for_twice() -> None:
    child = forked.Forked(_pid_and)
    child.submit("input")
    assert child.result() is not None
    assert child.result() is None
    child.cancel()


@needs_two_cores
def test_a_large_input_and_result_do_not_block() -> None:
    """More than a pipe's buffer each way: neither side waits for the other to read."""
    big = "x" * (8 * 1024 * 1024)
    child = forked.Forked(str.upper)
    child.submit(big)
    assert child.result() == big.upper()


@needs_two_cores
def test_the_helper_reads_a_share_after_importing_the_yaml_readers(big_tree: Path) -> None:
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    helper = reading.start_helper(root)
    assert helper is not None
    reader = reading.Reader(root)
    reader.read_declaring(paths, jobs=2, helper=helper)
    alone = reading.Reader(root)
    alone.read_declaring(paths, jobs=1)
    assert reader.declarations == alone.declarations
    assert list(reader.declarations) == list(alone.declarations)
    assert reader.errors == alone.errors


@needs_two_cores
def test_an_unneeded_helper_is_stopped(tmp_path: Path) -> None:
    (tmp_path / ".python-version").write_text("3.12\n")
    root = discover.Root.at(tmp_path)
    helper = reading.start_helper(root)
    assert helper is not None
    reader = reading.Reader(root)
    reader.read_declaring([".python-version"], helper=helper)
    assert [d.raw for d in reader.declarations[".python-version"]] == ["3.12"]
    assert helper.result() is None


def test_no_helper_for_one_job(big_tree: Path) -> None:
    assert reading.start_helper(discover.Root.at(big_tree), jobs=1) is None


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


@needs_two_cores
def test_the_cli_with_its_early_helper_reports_what_one_process_does(
    big_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pyparity.cli import main

    main(["check", str(big_tree), "--no-code", "--format", "json", "--jobs", "1"])
    serial = capsys.readouterr().out
    main(["check", str(big_tree), "--no-code", "--format", "json"])
    assert capsys.readouterr().out == serial


def _leave_after_five_seconds(idle: object) -> None:
    time.sleep(5)
    os._exit(0)


@needs_two_cores
def test_a_child_forked_later_does_not_hold_up_an_earlier_ones_input() -> None:
    """The later child inherits the earlier one's input pipe; the earlier must not wait for
    that copy to close (it reads a length, not up to the end of the pipe)."""
    first = forked.Forked(_pid_and)
    later = forked.Forked(_pid_and, prepare=_leave_after_five_seconds)
    started = time.monotonic()
    first.submit("input")
    assert first.result() is not None
    assert time.monotonic() - started < 4
    later.cancel()


@needs_two_cores
def test_four_processes_report_what_one_does(
    big_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forked, "usable_cores", lambda: 4)  # a four-core runner
    paths = _declaring(big_tree)
    assert reading._processes(0, len(paths)) >= 3  # the helper and later children
    root = discover.Root.at(big_tree)
    reader = reading.Reader(root)
    reader.read_declaring(paths, helper=reading.start_helper(root))
    _assert_read_as_alone(reader, root, paths)


def test_a_scan_leaves_the_cycle_collector_as_it_found_it(big_tree: Path) -> None:
    import gc

    assert gc.isenabled()
    run(str(big_tree), Config(code=False))
    assert gc.isenabled()
    gc.disable()
    try:
        run(str(big_tree), Config(code=False))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_no_helper_for_a_small_git_tree(tmp_path: Path) -> None:
    """A forked helper only pays on a tree with many declaring files; a git index tells the
    tree's size before the listing does."""
    import subprocess

    (tmp_path / "Dockerfile").write_text("FROM python:3.12\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    assert reading.start_helper(discover.Root.at(tmp_path)) is None


def _spy_on_results(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The paths each child sent back, in the order it read them."""
    sent: list[list[str]] = []
    original = reading.Helper.result

    def result(self: reading.Helper) -> list[reading._ReadFile] | None:
        read = original(self)
        sent.append([path for path, *_ in read or ()])
        return read

    monkeypatch.setattr(reading.Helper, "result", result)
    return sent


def _assert_read_as_alone(reader: reading.Reader, root: discover.Root, paths: list[str]) -> None:
    """`reader` has what one process reading `paths` alone finds, in the same order."""
    alone = reading.Reader(root)
    alone.read_declaring(paths, jobs=1)
    assert list(reader.declarations.items()) == list(alone.declarations.items())
    assert reader.errors == alone.errors


def _yaml_family(paths: list[str]) -> list[str]:
    """The files that YAML readers read (a nested `.github/` is no workflow: none reads it)."""
    return [
        p
        for p in paths
        if reading.FAMILIES.get(candidates(p)[0]) == "yaml" and source_for(p) is not None
    ]


@needs_two_cores
def test_two_processes_read_from_both_ends_and_report_what_one_does(
    big_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = _spy_on_results(monkeypatch)
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    reader = reading.Reader(root)
    reader.read_declaring(paths, jobs=2, helper=reading.start_helper(root))
    _assert_read_as_alone(reader, root, paths)
    assert [len(s) for s in sent] != [0]  # the child read some
    assert sent[0][0] == _yaml_family(paths)[-1]  # from the back: the YAML readers' files
    assert not any("dockerfile" in p.lower() for p in sent[0])  # the front is read here


def _sleep_a_second(idle: object) -> None:
    time.sleep(1)


@needs_two_cores
def test_the_yaml_files_are_left_to_a_slow_helper_that_has_their_readers(
    big_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fewer than `_JOIN_AT` are left: importing their readers here would cost more."""
    paths = _declaring(big_tree)
    assert 0 < len(_yaml_family(paths)) < reading._JOIN_AT
    sent = _spy_on_results(monkeypatch)
    root = discover.Root.at(big_tree)
    reader = reading.Reader(root)
    reader.read_declaring(paths, jobs=2, helper=reading._start_child(root, _sleep_a_second))
    assert set(_yaml_family(paths)) <= set(sent[0])
    _assert_read_as_alone(reader, root, paths)


@needs_two_cores
def test_with_many_left_this_process_goes_on_into_a_slow_helpers_files(
    big_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "_JOIN_AT", 1)  # (before the fork: the child's too)
    sent = _spy_on_results(monkeypatch)
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    reader = reading.Reader(root)
    reader.read_declaring(paths, jobs=2, helper=reading._start_child(root, _sleep_a_second))
    assert len(sent[0]) <= 1  # all read here before the child woke; at most one twice
    _assert_read_as_alone(reader, root, paths)


@needs_two_cores
def test_what_a_child_that_dies_midway_did_not_send_is_read_here(
    big_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    original = reading.Reader._read_one
    read_in_child: list[str] = []

    def read_one(self: reading.Reader, top: str, path: str) -> None:
        if os.getpid() != parent:
            read_in_child.append(path)
            if len(read_in_child) == 5:
                os.kill(os.getpid(), signal.SIGKILL)
        original(self, top, path)

    monkeypatch.setattr(reading.Reader, "_read_one", read_one)
    sent = _spy_on_results(monkeypatch)
    root = discover.Root.at(big_tree)
    paths = _declaring(big_tree)
    reader = reading.Reader(root)
    reader.read_declaring(paths, jobs=2, helper=reading._start_child(root))
    assert sent == [[]]  # the child sent nothing
    _assert_read_as_alone(reader, root, paths)


def test_the_ends_stop_each_process_where_the_other_has_been() -> None:
    ends = reading._Ends.shared()
    ends.start(10)
    assert (ends.front, ends.back) == (0, 10)
    ends.front = 4
    ends.back = 7
    assert (ends.front, ends.back) == (4, 7)


def test_two_ends_order_puts_dockerfiles_first_and_the_yaml_family_last() -> None:
    paths = [
        ".github/workflows/ci.yml",
        "pyproject.toml",
        "Dockerfile",
        "compose.yaml",
        ".python-version",
        "svc/Dockerfile",
        "tox.ini",
    ]
    ordered, own_end, child_start = reading._two_ends(paths)
    assert sorted(ordered) == sorted(paths)
    assert ordered[:own_end] == ["Dockerfile", "svc/Dockerfile"]
    assert ordered[child_start:] == [".github/workflows/ci.yml", "compose.yaml"]
    assert set(ordered[own_end:child_start]) == {"pyproject.toml", ".python-version", "tox.ini"}


def _cached_twice(root: discover.Root, store: Path, jobs: int) -> tuple[int, int, list[object]]:
    """Two runs with one cache: the second's hits and misses, and what it read."""
    from pyparity.cache import open_cache

    paths = _declaring(root.path)
    listed = discover.list_files(root)
    found: list[object] = []
    for _ in range(2):
        cache = open_cache(root.path, store, Config(code=False), listed)
        assert cache is not None
        reader = reading.Reader(root, cache=cache)
        helper = reading.start_helper(root) if jobs > 1 else None
        reader.read_declaring(paths, jobs=jobs, helper=helper)
        cache.save()
        found = [list(reader.declarations.items()), reader.errors]
    return cache.hits, cache.misses, found


@needs_two_cores
def test_a_first_cached_run_keeps_what_the_helper_read(
    big_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run looks nothing up (the cache holds no reading), and the helper sends the
    content ids of the files it read and their readings as the cache keeps them: the next
    run finds what it would after one process."""
    from pyparity.cache import reading_json

    monkeypatch.delenv("PYPARITY_NO_CACHE", raising=False)
    keys: list[str | None] = []
    original = reading.Helper.result

    def result(self: reading.Helper) -> list[reading._ReadFile] | None:
        read = original(self)
        keys.extend(key for *_, key, _ in read or ())
        for _, declared, errors, _, _, encoded in read or ():
            assert encoded == reading_json(declared, errors)
        return read

    monkeypatch.setattr(reading.Helper, "result", result)
    root = discover.Root.at(big_tree)
    alone = _cached_twice(root, tmp_path / "alone", jobs=1)
    assert alone[0] > 100
    assert not keys
    assert _cached_twice(root, tmp_path / "helped", jobs=2) == alone
    assert keys  # the helper read some, and sent their content ids
    assert all(key is not None and key.startswith("h") for key in keys)


def test_the_helper_prepares_its_readers_and_their_patterns_only_while_idle() -> None:
    import sys as system

    from pyparity import lazy_re

    reading._prepare_helper(lambda: False)  # its files are there: the YAML readers only
    assert "pyparity.sources.workflow" in system.modules
    reading._prepare_helper(lambda: True)
    for name in reading._LATER_READERS:
        assert f"pyparity.sources.{name}" in system.modules
    pending = [
        (module_name, name)
        for module_name, module in list(system.modules.items())
        if module_name.startswith(reading._READING_MODULES)
        for name, value in vars(module).items()
        if value.__class__ is lazy_re._Unfilled
    ]
    assert pending == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (".python-version", "\ufeff# pinned\r\n" + "3.12\r\n" * 5000),
        (".tool-versions", "nodejs 20.1.0\npython" + " 3.12.1" * 5000 + "  # all of them\n"),
    ],
)
def test_a_file_of_thousands_of_versions_is_a_parse_error_read_no_further(
    tmp_path: Path, name: str, content: str
) -> None:
    """The readers stop past the most a file may declare (a hostile megabyte would otherwise
    make hundreds of thousands of declarations first); the rest of the tree is still read."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.11"\n')
    source = source_for(name)
    assert source is not None
    from pyparity.textfile import TextFile

    read = source.read(TextFile.from_bytes(name, content.encode("utf-8")))
    assert len(read) == reading.MAX_DECLARATIONS_PER_FILE + 1
    report = run(str(tmp_path), Config(code=False), jobs=1)
    [error] = [f for f in report.findings if f.rule == "parse-error"]
    assert error.file == name
    assert f"declares more than {reading.MAX_DECLARATIONS_PER_FILE} versions" in error.message
    assert [d.file for d in report.declarations] == ["pyproject.toml"]
