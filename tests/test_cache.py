"""The cache (`cache.py`): results byte-equal with and without it on every fixture repository,
hits and misses, what invalidates it, damaged and planted entries, concurrent runs, and a
cache folder committed in the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from pyparity import cache as cache_module
from pyparity import cache_files, gitindex
from pyparity.cli import main
from pyparity.sources import candidates

HERE = Path(__file__).parent
REPOS = HERE / "fixtures" / "repos"
EXAMPLES = HERE.parent / "examples"
CASES = {
    "drifted": EXAMPLES / "drifted",
    **{p.name: p for p in sorted(REPOS.iterdir()) if p.is_dir()},
}
TODAY = "2026-11-26"


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYPARITY_NO_CACHE", raising=False)


class Stats:
    """Hits and misses of the last run's cache."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hits = self.misses = -1
        save = cache_module.Cache.save

        def recording(cache: cache_module.Cache) -> None:
            self.hits, self.misses = cache.hits, cache.misses
            save(cache)

        monkeypatch.setattr(cache_module.Cache, "save", recording)


def check(
    root: Path, capsys: pytest.CaptureFixture[str], *extra: str, cache: Path | None = None
) -> str:
    options = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    main(["check", str(root), "--format", "json", "--today", TODAY, *options, *extra])
    return capsys.readouterr().out


def git(root: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def copy_of(case: Path, tmp_path: Path, *, committed: bool) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(case, root, symlinks=True)
    if committed:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "fixture")
    return root


def with_code(root: Path) -> None:
    """A file of code that needs more than the fixture's floor (if it has one)."""
    (root / "app_module.py").write_text(
        "from datetime import UTC\n\nprint(UTC)\n\nmatch 1:\n    case _:\n        pass\n"
    )


@pytest.mark.parametrize("committed", [False, True], ids=["walked", "git"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_cached_runs_are_byte_equal_to_uncached_ones(case, committed, tmp_path, capsys):
    root = copy_of(CASES[case], tmp_path, committed=False)
    with_code(root)
    if committed:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "fixture")
    store = tmp_path / "cache"
    uncached = check(root, capsys)
    assert check(root, capsys, cache=store) == uncached  # cold
    assert check(root, capsys, cache=store) == uncached  # warm
    assert check(root, capsys, "--no-code", cache=store) == check(root, capsys, "--no-code")

    # A file changes: the cache gives what a fresh read gives.
    (root / "app_module.py").write_text("import sys\n\nprint(sys.version)\n")
    declaring = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts and candidates(p.relative_to(root).as_posix())
    )
    for target in declaring[:3]:
        target.write_text(target.read_text().replace("3.1", "3.9", 1) + "\n")
    (root / ".python-version").write_text("3.8\n")
    changed = check(root, capsys)
    assert check(root, capsys, cache=store) == changed
    assert check(root, capsys, cache=store) == changed


def test_the_cache_file_is_the_compact_json_of_what_it_holds(tmp_path, capsys):
    # `save` writes the document from its parts (each reading made as it was read): the text
    # must be what encoding the whole gives, names that JSON escapes included.
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    with_code(root)
    odd = root / 'a "quoted" \\ café' / "deploy"
    odd.mkdir(parents=True)
    (odd / "Dockerfile").write_text("FROM python:3.12-slim\n")
    (root / "services" / "tab\tname").mkdir(parents=True)
    (root / "services" / "tab\tname" / ".python-version").write_text("3.12\n")
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    (written,) = (store / "v1").glob("*.json")
    text = written.read_text(encoding="utf-8")
    document = json.loads(text)
    assert cache_files.json_text(document) == text
    assert any("café" in path for path in document["reads"])
    assert any("\t" in path for path in document["reads"])
    assert document["needs"]
    (root / "services" / "tab\tname" / ".python-version").write_text("3.13\n")
    check(root, capsys, cache=store)  # a second run keeps its hits and one new reading
    text = written.read_text(encoding="utf-8")
    assert cache_files.json_text(json.loads(text)) == text


def test_a_warm_run_reads_nothing_again(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["django-suite"], tmp_path, committed=True)
    with_code(root)
    stats = Stats(monkeypatch)
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    assert stats.hits == 0
    assert stats.misses > 0
    cold_misses = stats.misses

    from pyparity.code import scan

    scanned: list[str] = []
    original = scan.source_needs
    monkeypatch.setattr(
        scan, "source_needs", lambda path, *a, **k: scanned.append(path) or original(path, *a, **k)
    )
    check(root, capsys, cache=store)
    assert (stats.hits, stats.misses) == (cold_misses, 0)
    assert scanned == []

    (root / "app_module.py").write_text("print('changed')\n")
    check(root, capsys, cache=store)
    assert (stats.hits, stats.misses) == (cold_misses - 1, 1)
    assert scanned == ["app_module.py"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(("--today", "2027-01-01"), id="today"),
        pytest.param(("--precision", "patch"), id="config-flag"),
        pytest.param(("--disable", "matrix-mismatch"), id="disable"),
    ],
)
def test_settings_invalidate_everything(change, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    stats = Stats(monkeypatch)
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    check(root, capsys, *change, cache=store)
    assert stats.hits == 0
    assert len(list((store / "v1").glob("*.json"))) == 2


def test_a_new_version_or_data_file_invalidates_everything(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    stats = Stats(monkeypatch)
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    check(root, capsys, cache=store)
    assert stats.hits == 0
    monkeypatch.setattr(cache_module, "data_fingerprint", lambda: "another data file")
    check(root, capsys, cache=store)
    assert stats.hits == 0


def test_a_configuration_file_change_invalidates_everything(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["clean-matrix"], tmp_path, committed=False)
    stats = Stats(monkeypatch)
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    (root / ".pyparity.toml").write_text('exclude = ["nothing-here"]\n')
    check(root, capsys, cache=store)
    assert stats.hits == 0


def test_the_folder_ignores_itself_and_is_skipped_by_the_walk(tmp_path, capsys):
    root = copy_of(CASES["django-suite"], tmp_path, committed=True)
    main(["check", str(root), "--format", "json", "--today", TODAY])
    capsys.readouterr()
    store = root / ".pyparity_cache"
    assert (store / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (store / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert git(root, "status", "--porcelain") == ""
    assert list((store / "v1").glob("*.json"))


def _poison(store: Path, mutate: Any) -> None:
    for path in (store / "v1").glob("*.json"):
        document = json.loads(path.read_text())
        mutate(document)
        path.write_text(json.dumps(document))


def _every_reading(document: dict[str, Any]) -> list[list[Any]]:
    return [entry[1] for entry in document["reads"].values()]


HOSTILE_READINGS = {
    "anchor outside": lambda d: d.update(anchor="../../outside"),
    "absolute anchor": lambda d: d.update(anchor="/etc"),
    "file named": lambda d: d.update(file="../../etc/passwd"),
    "scope set": lambda d: d.update(scope="elsewhere"),
    "origin set": lambda d: d.update(origin="/etc/passwd"),
    "bad specifier": lambda d: d.get("requirement", {}).update(specifier="=>>3.1 ¡"),
    "bad role": lambda d: d.update(role="owner"),
    "span past the end": lambda d: d.update(span=[999_999, 1, 999_999, 2]),
    "negative column": lambda d: d.update(span=[1, -5, 1, 2]),
    "float line": lambda d: d.update(span=[1.0, 1, 1, 2]),
    "bool flag as int": lambda d: d.update(ships=1),
    "minor as text": lambda d: d.get("requirement", {}).update(minors=[["3", "11"]]),
    "huge minor": lambda d: d.get("requirement", {}).update(minors=[[3, 10**30]]),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_READINGS))
def test_a_hostile_reading_is_a_miss(name, tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    store = tmp_path / "cache"
    uncached = check(root, capsys)
    check(root, capsys, cache=store)

    def mutate(document: dict[str, Any]) -> None:
        for declarations, _ in _every_reading(document):
            for declaration in declarations:
                HOSTILE_READINGS[name](declaration)

    _poison(store, mutate)
    stats = Stats(monkeypatch)
    assert check(root, capsys, cache=store) == uncached
    assert stats.misses > 0
    assert check(root, capsys, cache=store) == uncached  # rewritten whole


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(
            lambda d: d["reads"].update({k: [v[0], "x"] for k, v in d["reads"].items()}),
            id="entry-not-a-list",
        ),
        pytest.param(
            lambda d: d["reads"].update({k: [v[0], [[{}], []]] for k, v in d["reads"].items()}),
            id="empty-declaration",
        ),
        pytest.param(
            lambda d: d["reads"].update(
                {k: [v[0], [[], [["oops", 1, 1, 1, 1]]]] for k, v in d["reads"].items()}
            ),
            id="error-for-another-file",
        ),
        pytest.param(
            lambda d: d["needs"].update(
                {
                    k: [v[0], [[[3, 99], "x", [0, 1, 1, 1], False, True]]]
                    for k, v in d["needs"].items()
                }
            ),
            id="need-at-line-0",
        ),
        pytest.param(
            lambda d: d["needs"].update(
                {
                    k: [v[0], [[[3, 12], 5, [1, 1, 1, 1], False, True]]]
                    for k, v in d["needs"].items()
                }
            ),
            id="need-feature-not-text",
        ),
        pytest.param(lambda d: d.update(reads=[]), id="table-not-a-mapping"),
        pytest.param(lambda d: d.update(format=0), id="old-format"),
    ],
)
def test_damaged_entries_are_never_trusted(mutate, tmp_path, capsys):
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    with_code(root)
    store = tmp_path / "cache"
    uncached = check(root, capsys)
    check(root, capsys, cache=store)
    _poison(store, mutate)
    assert check(root, capsys, cache=store) == uncached
    assert check(root, capsys, cache=store) == uncached


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\x00\xff garbage", b"[]", b"null", b"[" * 100_000 + b"]" * 100_000],
    ids=["empty", "truncated", "binary", "list", "null", "deep"],
)
def test_a_corrupt_cache_file_is_ignored_and_replaced(content, tmp_path, capsys):
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    store = tmp_path / "cache"
    uncached = check(root, capsys)
    check(root, capsys, cache=store)
    [path] = (store / "v1").glob("*.json")
    path.write_bytes(content)
    assert check(root, capsys, cache=store) == uncached
    assert json.loads(path.read_text())["format"] == cache_files.FORMAT


def test_an_emptied_reading_under_the_right_key_is_the_limit_of_trust(tmp_path, capsys):
    """Documented limit: the cache folder is trusted as far as its location is (never a
    folder committed or copied into the tree); the entries of a folder pyparity wrote
    itself are believed."""
    root = copy_of(CASES["docker-outside-range"], tmp_path, committed=False)
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    _poison(
        store, lambda d: d["reads"].update({k: [v[0], [[], []]] for k, v in d["reads"].items()})
    )
    assert json.loads(check(root, capsys, cache=store))["declarations"] == []


def test_a_committed_cache_folder_is_never_used(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["docker-outside-range"], tmp_path, committed=True)
    uncached = check(root, capsys)
    main(["check", str(root), "--format", "json", "--today", TODAY])
    capsys.readouterr()
    store = root / ".pyparity_cache"
    _poison(
        store, lambda d: d["reads"].update({k: [v[0], [[], []]] for k, v in d["reads"].items()})
    )
    (store / ".gitignore").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a fork plants a cache that hides the drift")
    before = {p: p.read_bytes() for p in store.rglob("*") if p.is_file()}
    stats = Stats(monkeypatch)
    main(["check", str(root), "--format", "json", "--today", TODAY])
    assert capsys.readouterr().out == uncached
    assert stats.hits == -1  # no cache opened
    assert {p: p.read_bytes() for p in store.rglob("*") if p.is_file()} == before


def test_a_cache_folder_copied_into_the_tree_is_never_used(tmp_path, capsys, monkeypatch):
    """No git to say what is committed (a downloaded archive): a cache folder pyparity did not
    write in this very folder (its device and inode differ) is ignored."""
    root = copy_of(CASES["docker-outside-range"], tmp_path, committed=False)
    uncached = check(root, capsys)
    main(["check", str(root), "--format", "json", "--today", TODAY])
    capsys.readouterr()
    store = root / ".pyparity_cache"
    _poison(
        store, lambda d: d["reads"].update({k: [v[0], [[], []]] for k, v in d["reads"].items()})
    )
    shutil.copytree(store, tmp_path / "saved")
    shutil.rmtree(store)
    shutil.copytree(tmp_path / "saved", store)
    stats = Stats(monkeypatch)
    main(["check", str(root), "--format", "json", "--today", TODAY])
    assert capsys.readouterr().out == uncached
    assert stats.hits == 0


def test_a_cache_folder_that_is_a_link_is_never_used(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["docker-outside-range"], tmp_path, committed=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".pyparity_cache").symlink_to(elsewhere)
    stats = Stats(monkeypatch)
    main(["check", str(root), "--format", "json", "--today", TODAY])
    capsys.readouterr()
    assert stats.hits == -1
    assert list(elsewhere.iterdir()) == []


def test_an_explicit_cache_folder_outside_the_tree_is_kept_when_copied(
    tmp_path, capsys, monkeypatch
):
    """actions/cache restores the folder between runs: a new folder, the same entries."""
    root = copy_of(CASES["django-suite"], tmp_path, committed=True)
    store = tmp_path / "cache"
    check(root, capsys, cache=store)
    shutil.copytree(store, tmp_path / "restored")
    stats = Stats(monkeypatch)
    check(root, capsys, cache=tmp_path / "restored")
    assert stats.misses == 0
    assert stats.hits > 0


def test_concurrent_runs_leave_a_whole_cache(tmp_path):
    root = copy_of(CASES["django-suite"], tmp_path, committed=True)
    with_code(root)
    store = tmp_path / "cache"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    environment.pop("PYPARITY_NO_CACHE", None)
    command = [sys.executable, "-m", "pyparity", "check", str(root), "--format", "json"]
    command += ["--today", TODAY, "--cache-dir", str(store)]
    uncached = subprocess.run(
        [*command, "--no-cache"], capture_output=True, env=environment, check=False
    ).stdout
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, env=environment) for _ in range(4)
    ]
    outputs = [process.communicate()[0] for process in processes]
    assert outputs == [uncached] * 4
    [path] = (store / "v1").glob("*.json")
    assert json.loads(path.read_text())["reads"]
    assert not list((store / "v1").glob("*.tmp"))
    assert subprocess.run(command, capture_output=True, env=environment).stdout == uncached


def test_atomic_writes_from_many_threads(tmp_path):
    target = tmp_path / "file.json"
    payloads = [json.dumps({"writer": n, "data": "x" * 200_000}).encode() for n in range(8)]
    threads = [
        threading.Thread(target=cache_files.write_atomically, args=(target, payload))
        for payload in payloads
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_the_folder_keeps_a_bounded_number_of_files(tmp_path, monkeypatch):
    folder = tmp_path / "v1"
    folder.mkdir()
    for n in range(cache_files.MAX_FILES + 5):
        path = folder / f"{n:04}.json"
        path.write_text("{}")
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    stale = folder / ".left-behind.tmp"
    stale.write_text("")
    os.utime(stale, (1_000_000, 1_000_000))
    cache_files.prune(folder)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"{n:04}.json" for n in range(5, cache_files.MAX_FILES + 5)]


def test_a_cache_file_over_the_size_cap_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": 1, "pad": "x" * 2000}))
    monkeypatch.setattr(cache_files, "MAX_FILE_BYTES", 1000)
    assert cache_files.load_json(path) is None


def test_staged_blobs_follow_gits_racy_clean_rule(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "a.py").write_text("print(1)\n")
    (root / "b.py").write_text("print(2)\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "x")
    staged = gitindex.staged(root)
    assert staged is not None
    expected = git(root, "hash-object", "a.py").strip()
    assert staged.blob(root, "a.py") == expected

    (root / "b.py").write_text("print(3)\n")  # same size, changed after staging
    assert staged.blob(root, "b.py") is None
    assert staged.blob(root, "absent.py") is None

    # A file whose time is not older than the index's may have changed within the same tick.
    index_time = (root / ".git" / "index").stat().st_mtime_ns
    info = (root / "a.py").stat()
    racy = gitindex.Staged(
        files={
            "a.py": gitindex.StagedFile(
                blob=expected,
                mtime_ns=info.st_mtime_ns,
                ctime_ns=info.st_ctime_ns,
                size=info.st_size,
                inode=info.st_ino & 0xFFFFFFFF,
            )
        },
        written_ns=info.st_mtime_ns,
    )
    assert racy.blob(root, "a.py") is None
    assert index_time > info.st_mtime_ns


def test_no_cache_flag_and_environment_write_nothing(tmp_path, capsys, monkeypatch):
    root = copy_of(CASES["django-suite"], tmp_path, committed=False)
    main(["check", str(root), "--no-cache", "--today", TODAY])
    monkeypatch.setenv("PYPARITY_NO_CACHE", "1")
    main(["check", str(root), "--today", TODAY])
    capsys.readouterr()
    assert not (root / ".pyparity_cache").exists()
    monkeypatch.delenv("PYPARITY_NO_CACHE")
    monkeypatch.setenv("PYPARITY_CACHE_DIR", str(tmp_path / "from-env"))
    main(["check", str(root), "--today", TODAY])
    capsys.readouterr()
    assert list((tmp_path / "from-env" / "v1").glob("*.json"))
    assert not (root / ".pyparity_cache").exists()


def _generator() -> Any:
    import importlib.util

    path = HERE.parent / "bench" / "monorepo.py"
    spec = importlib.util.spec_from_file_location("bench_monorepo_for_cache", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("scale", "options"), [(0.7, ("--no-code",)), (0.1, ())])
def test_benchmark_trees_are_byte_equal_with_and_without_cache(scale, options, tmp_path, capsys):
    """Large enough for the forked readers (their readings reach the cache through the
    parent) and, with code, for the pool of scanners."""
    root = tmp_path / "mono"
    _generator().generate(root, scale=scale, seed=3)
    store = tmp_path / "cache"
    uncached = check(root, capsys, *options)
    assert check(root, capsys, *options, cache=store) == uncached
    assert check(root, capsys, *options, cache=store) == uncached
    assert (root / ".python-version").read_text() != "3.8\n"
    (root / ".python-version").write_text("3.8\n")
    code = next(p for p in root.rglob("*.py") if "tests" not in p.parts)
    code.write_text("from datetime import UTC\n" + code.read_text())
    changed = check(root, capsys, *options)
    assert changed != uncached
    assert check(root, capsys, *options, cache=store) == changed


def test_the_folder_keeps_a_bounded_number_of_bytes(tmp_path, monkeypatch):
    folder = tmp_path / "v1"
    folder.mkdir()
    for n in range(6):
        path = folder / f"{n}.json"
        path.write_text("x" * 400)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
    monkeypatch.setattr(cache_files, "MAX_FOLDER_BYTES", 1000)
    cache_files.prune(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["4.json", "5.json"]


def test_a_parse_error_kept_as_a_notice_comes_back_as_a_notice(tmp_path, capsys):
    # A generated installer over the size cap is a notice; a broken workflow a warning: a
    # warm run (each file's reading from the cache) says both as the cold run did.
    root = tmp_path / "repo"
    (root / "hack").mkdir(parents=True)
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "p"\nrequires-python = ">=3.11"\n')
    (root / "hack" / "install.sh").write_text("#!/bin/sh\n" + "# manifest\n" * 200_000)
    (root / ".github" / "workflows" / "ci.yml").write_text("jobs: [\n")
    store = tmp_path / "cache"
    uncached = check(root, capsys)
    severities = {f["file"]: f["severity"] for f in json.loads(uncached)["findings"]}
    assert severities == {"hack/install.sh": "notice", ".github/workflows/ci.yml": "warning"}
    assert check(root, capsys, cache=store) == uncached
    (root / "pyproject.toml").write_text('[project]\nname = "p"\nrequires-python = ">=3.12"\n')
    changed = check(root, capsys)  # the run is not replayed whole: the two files come back
    assert check(root, capsys, cache=store) == changed
