"""The cache of whole runs (`run_cache.py`): a replayed run prints, writes on stderr and exits
exactly as the run it replays, on every fixture repository and after every kind of change;
what changes the key; entries that are damaged, planted or made while files were changing
are never used; and a replayed run imports none of the pipeline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cache import CASES, copy_of, git, with_code

from pyparity import cli, run_cache
from pyparity.cli import main

TODAY = "2026-11-26"
SRC = str(Path(__file__).parents[1] / "src")


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYPARITY_NO_CACHE", raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def any_age(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs are kept even when their files changed a moment ago (the tests write them)."""
    monkeypatch.setattr(run_cache, "RECENT_NS", 0)


class Runs:
    """Counts the runs that were not replayed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = cli._run_check

        def counting(*arguments: object) -> run_cache.Kept:
            self.count += 1
            return original(*arguments)  # type: ignore[arg-type]

        monkeypatch.setattr(cli, "_run_check", counting)


def run(
    root: Path, capsys: pytest.CaptureFixture[str], *extra: str, cache: Path | None = None
) -> tuple[int, str, str]:
    options = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    status = main(["check", str(root), "--today", TODAY, *options, *extra])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.usefixtures("any_age")
@pytest.mark.parametrize("report", ["json", "text"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_replayed_run_is_the_run_it_replays(case, report, tmp_path, capsys, monkeypatch):
    runs = Runs(monkeypatch)
    store = tmp_path / "cache"
    options = ("--format", report, "--no-code")
    uncached = run(CASES[case], capsys, *options)
    assert run(CASES[case], capsys, *options, cache=store) == uncached
    assert runs.count == 2
    assert run(CASES[case], capsys, *options, cache=store) == uncached
    assert runs.count == 2  # replayed
    assert list((store / "v1" / "runs").glob("*.json"))


@pytest.mark.usefixtures("any_age")
@pytest.mark.parametrize("committed", [False, True], ids=["walked", "git"])
@pytest.mark.parametrize("case", ["drifted", "django-suite", "docker-outside-range"])
def test_every_change_to_the_tree_is_a_new_run(case, committed, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES[case], tmp_path, committed=committed)
    with_code(root)
    runs = Runs(monkeypatch)
    store = tmp_path / "cache"

    def changed(change: str) -> None:
        expected = run(root, capsys)
        count = runs.count
        assert run(root, capsys, cache=store) == expected, change
        assert runs.count == count + 1, f"{change}: replayed an older run"
        assert run(root, capsys, cache=store) == expected, change
        assert runs.count == count + 1, f"{change}: not replayed"

    changed("first run")
    version = root / ".python-version"
    version.write_text("3.8\n")
    changed("a file written")
    version.write_text("3.7\n")  # the same size, within the same second
    changed("the same size")
    os.utime(version, ns=(1_000_000_000, 1_000_000_000))
    changed("times set by hand")
    version.write_text("3.6\n")  # the same size, and the times set back as they were
    os.utime(version, ns=(1_000_000_000, 1_000_000_000))
    changed("times set back")
    (root / "services").mkdir(exist_ok=True)
    (root / "services" / "Dockerfile").write_text("FROM python:3.13-slim\n")
    changed("a file added")
    version.unlink()
    changed("a file removed")
    (root / "services" / "Dockerfile").unlink()
    assert run(root, capsys, cache=store) == run(root, capsys)  # an earlier tree: replayed
    (root / "app_module.py").write_text("print('code changed')\n")
    changed("code changed")
    (root / ".pyparity.toml").write_text('fail-on = "never"\n')
    changed("configuration added")
    if committed:
        git(root, "add", "-A")
        git(root, "commit", "-qm", "more")
        (root / ".gitignore").write_text("*.toml\n")
        changed("an ignore file")


@pytest.mark.usefixtures("any_age")
@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param((), ("--today", "2027-06-01"), id="today"),
        pytest.param((), ("--format", "json"), id="format"),
        pytest.param((), ("--fail-on", "never"), id="fail-on"),
        pytest.param((), ("--no-code",), id="no-code"),
        pytest.param((), ("--show-declarations",), id="show-declarations"),
        pytest.param((), ("--exclude", "Dockerfile"), id="exclude"),
    ],
)
def test_other_options_are_another_run(first, second, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    run(root, capsys, *first, cache=store)
    expected = run(root, capsys, *second)
    assert run(root, capsys, *second, cache=store) == expected
    assert runs.count == 3


@pytest.mark.usefixtures("any_age")
def test_the_environment_the_report_reads_is_in_the_key(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    plain = run(root, capsys, cache=store)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run(root, capsys, cache=store)
    assert "\x1b[" in coloured[1]
    assert "\x1b[" not in plain[1]
    assert runs.count == 2
    monkeypatch.delenv("FORCE_COLOR")
    assert run(root, capsys, cache=store) == plain
    assert runs.count == 2


@pytest.mark.usefixtures("any_age")
def test_vermins_version_is_in_the_key_when_code_is_scanned(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    with_code(root)
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    for options in [(), ("--no-code",)]:
        run(root, capsys, *options, cache=store)
    assert runs.count == 2
    monkeypatch.setattr(run_cache, "vermin_fingerprint", lambda: "another vermin")
    run(root, capsys, "--no-code", cache=store)
    assert runs.count == 2  # replayed: without the code scan vermin cannot matter
    run(root, capsys, cache=store)
    assert runs.count == 3


@pytest.mark.usefixtures("any_age")
def test_messages_on_stderr_and_the_exit_status_are_replayed(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    (root / ".pyparity.toml").write_text('fail-on = "warning"\n')
    with (root / "pyproject.toml").open("a") as pyproject:
        pyproject.write('\n[tool.pyparity]\nfail-on = "never"\n')
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    first = run(root, capsys, cache=store)
    assert first[0] == 1
    assert "both configure pyparity" in first[2]
    assert run(root, capsys, cache=store) == first
    assert runs.count == 1


@pytest.mark.usefixtures("any_age")
def test_a_report_written_to_a_file_is_written_again(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = tmp_path / "cache"
    report = tmp_path / "report.json"
    runs = Runs(monkeypatch)
    first = run(root, capsys, "--format", "json", "--output", str(report), cache=store)
    written = report.read_bytes()
    report.unlink()
    assert run(root, capsys, "--format", "json", "--output", str(report), cache=store) == first
    assert report.read_bytes() == written
    assert runs.count == 1


@pytest.mark.usefixtures("any_age")
def test_a_usage_error_is_never_kept(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    (root / ".pyparity.toml").write_text('fail-on = "sometimes"\n')
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    assert run(root, capsys, cache=store)[0] == 2
    assert run(root, capsys, cache=store)[0] == 2
    assert runs.count == 2
    assert not list((store / "v1" / "runs").glob("*.json"))


def test_a_run_whose_files_just_changed_is_not_kept(tmp_path, capsys, monkeypatch):
    """A file system whose clock ticks once a second or two could give a file written again
    within the same tick the same times: such a run is done again, not kept."""
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    (root / ".python-version").write_text("3.8\n")
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    first = run(root, capsys, cache=store)
    assert run(root, capsys, cache=store) == first
    assert runs.count == 2
    assert not list((store / "v1" / "runs").glob("*.json"))


def _entries(store: Path) -> list[Path]:
    return sorted((store / "v1" / "runs").glob("*.json"))


@pytest.mark.usefixtures("any_age")
@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d.update(report="no drift at all\n", key="0" * 64), id="key"),
        pytest.param(lambda d: d.update(status=2), id="status-2"),
        pytest.param(lambda d: d.update(status=True), id="status-bool"),
        pytest.param(lambda d: d.update(report=["not", "text"]), id="report-type"),
        pytest.param(lambda d: d.update(messages=None), id="messages-type"),
        pytest.param(lambda d: d.update(home=[1, 2, 3]), id="home"),
        pytest.param(lambda d: d.update(format=99), id="format"),
        pytest.param(lambda d: d.clear(), id="empty"),
    ],
)
def test_a_damaged_or_planted_entry_is_not_used(damage, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = root / ".pyparity_cache"  # in the tree: its folder's identity is checked too
    expected = run(root, capsys)
    run(root, capsys, cache=store)
    [entry] = _entries(store)
    document = json.loads(entry.read_text())
    document["report"] = "planted\n"
    damage(document)
    entry.write_text(json.dumps(document))
    runs = Runs(monkeypatch)
    assert run(root, capsys, cache=store) == expected
    assert runs.count == 1


@pytest.mark.usefixtures("any_age")
@pytest.mark.parametrize("garbage", [b"", b"{", b"[1, 2]", b"\xff\xfe", b"null"])
def test_garbage_in_an_entry_is_not_used(garbage, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = tmp_path / "cache"
    expected = run(root, capsys)
    run(root, capsys, cache=store)
    [entry] = _entries(store)
    entry.write_bytes(garbage)
    runs = Runs(monkeypatch)
    assert run(root, capsys, cache=store) == expected
    assert runs.count == 1


@pytest.mark.usefixtures("any_age")
def test_a_committed_cache_folder_holds_no_runs_that_are_used(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=True)
    expected = run(root, capsys)
    store = root / ".pyparity_cache"
    run(root, capsys, cache=store)
    [entry] = _entries(store)
    entry.write_text(entry.read_text().replace("3.9.6", "3.11.13"))
    (store / ".gitignore").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a fork plants a run")
    runs = Runs(monkeypatch)
    assert run(root, capsys, cache=store) == expected
    assert runs.count == 1


@pytest.mark.usefixtures("any_age")
def test_the_folder_keeps_a_bounded_number_of_runs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(run_cache, "MAX_RUNS", 3)
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = tmp_path / "cache"
    for day in range(1, 7):
        run(root, capsys, "--today", f"2026-12-0{day}", cache=store)
    assert len(_entries(store)) == 3


@pytest.mark.usefixtures("any_age")
def test_a_cache_folder_in_a_tree_without_git_is_not_listed(tmp_path, capsys, monkeypatch):
    """The walk leaves out folders tagged as caches (CACHEDIR.TAG): the run kept there does
    not change the listing of the next one."""
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = root / "some" / "cache"
    runs = Runs(monkeypatch)
    first = run(root, capsys, "-v", cache=store)
    assert run(root, capsys, "-v", cache=store) == first
    assert runs.count == 1
    assert (store / "CACHEDIR.TAG").is_file()


def test_a_replayed_run_imports_none_of_the_pipeline(tmp_path):
    root = copy_of(CASES["drifted"], tmp_path, committed=True)
    time.sleep(run_cache.RECENT_NS / 1e9 + 0.1)  # files older than the recent window
    probe = (
        "import sys\n"
        "from pyparity.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "print('\\0'.join(m for m in sys.modules if m.startswith(('pyparity', 'yaml'))"
        " or m in ('typing', 'dataclasses', 'shutil', 'hashlib', 'tomllib', 'tomli')),"
        " file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    argv = ["check", str(root), "--cache-dir", str(tmp_path / "cache"), "--today", TODAY]
    environment = {**os.environ, "PYTHONPATH": SRC}
    environment.pop("PYPARITY_NO_CACHE", None)

    def loaded() -> tuple[int, str, set[str]]:
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv], env=environment, capture_output=True, text=True
        )
        return done.returncode, done.stdout, set(done.stderr.splitlines()[-1].split("\0"))

    first = loaded()
    second = loaded()
    assert second[:2] == first[:2]
    assert "pyparity.check" in first[2]
    assert "pyparity.run_cache" in second[2]
    assert not {m for m in second[2] if m.startswith(("pyparity.model", "pyparity.check"))}
    assert not {m for m in second[2] if m.startswith(("pyparity.sources", "yaml"))}
    # Nor the heavier standard modules the pipeline needs (each 1-6 ms of a ~40 ms replay).
    assert not second[2] & {"typing", "dataclasses", "shutil", "hashlib", "tomllib", "tomli"}


@pytest.mark.usefixtures("any_age")
def test_a_file_read_through_a_link_is_in_the_key(tmp_path, capsys, monkeypatch):
    """A Dockerfile no reader claims by its name, read because a compose file names it."""
    from pyparity.sources import candidates

    root = tmp_path / "repo"
    (root / "docker").mkdir(parents=True)
    (root / "compose.yaml").write_text(
        "services:\n  app:\n    build:\n      context: .\n      dockerfile: docker/app.dock\n"
        '      args:\n        PY: "3.11"\n'
    )
    dockerfile = root / "docker" / "app.dock"
    dockerfile.write_text("ARG PY=3.10\nFROM python:${PY}-slim\n")
    (root / ".python-version").write_text("3.12\n")
    assert not candidates("docker/app.dock")
    store = tmp_path / "cache"
    runs = Runs(monkeypatch)
    assert run(root, capsys, cache=store) == run(root, capsys)
    assert run(root, capsys, cache=store)[0] == 1  # compose's 3.11 against 3.12
    assert runs.count == 2  # kept, then replayed

    dockerfile.write_text("ARG PY=3.10\nFROM python:3.12-slim\n")  # the arg no longer used
    expected = run(root, capsys)
    assert expected[0] == 0
    assert run(root, capsys, cache=store) == expected
    assert runs.count == 4


@pytest.mark.usefixtures("any_age")
def test_code_is_in_the_key_only_when_it_is_scanned(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    code = root / "app_module.py"
    code.write_text("print(1)\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "fixture")
    store = tmp_path / "cache"
    run(root, capsys, "--no-code", cache=store)
    run(root, capsys, cache=store)
    # Another run whose code files are all in the per-file cache (staged and unchanged: not
    # even read), kept as a run of its own.
    (root / ".python-version").write_text("3.8\n")
    runs = Runs(monkeypatch)
    run(root, capsys, "--no-code", cache=store)
    run(root, capsys, cache=store)
    assert runs.count == 2

    code.write_text("from datetime import UTC\n\nprint(UTC)\n")
    assert run(root, capsys, "--no-code", cache=store) == run(root, capsys, "--no-code")
    assert runs.count == 3  # replayed: the code is not read without the scan
    assert run(root, capsys, cache=store) == run(root, capsys)
    assert runs.count == 5  # the scan reads it: run again (and once uncached)


@pytest.mark.usefixtures("any_age")
@pytest.mark.parametrize(
    "read",
    [
        pytest.param(["../outside.txt"], id="outside"),
        pytest.param(["/etc/passwd"], id="absolute"),
        pytest.param(["not-listed.txt"], id="not-listed"),
        pytest.param([1, 2], id="not-text"),
        pytest.param("pyproject.toml", id="not-a-list"),
    ],
)
def test_an_entry_naming_files_not_listed_is_not_used(read, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["drifted"], tmp_path, committed=False)
    store = tmp_path / "cache"
    expected = run(root, capsys)
    run(root, capsys, cache=store)
    [entry] = _entries(store)
    document = json.loads(entry.read_text())
    document["read"] = read
    document["report"] = "planted\n"
    entry.write_text(json.dumps(document))
    runs = Runs(monkeypatch)
    assert run(root, capsys, cache=store) == expected
    assert runs.count == 1


def test_a_run_with_no_entry_does_not_wait_for_the_listing(tmp_path, monkeypatch):
    """`git ls-files` overlaps the pipeline's imports: looking up a run that was never kept
    does not collect the listing first."""
    from pyparity import discover

    monkeypatch.delenv("PYPARITY_NO_CACHE", raising=False)
    root = copy_of(CASES["drifted"], tmp_path, committed=True)
    order: list[str] = []
    files = discover.Listing.files

    def listing(self: discover.Listing) -> list[str]:
        order.append("listing")
        return files(self)

    original = cli._run_check

    def checking(*arguments: object) -> object:
        order.append("run")
        return original(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(discover.Listing, "files", listing)
    monkeypatch.setattr(cli, "_run_check", checking)
    main(["check", str(root), "--cache-dir", str(tmp_path / "cache"), "--today", TODAY])
    assert order[0] == "run"
