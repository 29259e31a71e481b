"""Start-up: a command imports what it needs, and the parser built for one command reads its
line exactly as the whole parser does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyparity.cli import _chosen_command, build_parser

SRC = str(Path(__file__).parents[1] / "src")


def _imported(tmp_path: Path, *argv: str) -> set[str]:
    """pyparity's modules loaded by one fresh run of `pyparity ARGV`."""
    (tmp_path / ".python-version").write_text("3.12\n")
    probe = (
        "import sys\n"
        "from pyparity.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(m for m in sys.modules if m.startswith('pyparity')), file=sys.stderr)\n"
    )
    environment = {**os.environ, "PYTHONPATH": SRC, "PYPARITY_NO_CACHE": "1"}
    if "--cache-dir" in argv:
        del environment["PYPARITY_NO_CACHE"]
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stderr.split()[-1000:])


def test_check_does_not_import_fix(tmp_path):
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.check" in loaded
    assert not {m for m in loaded if m.startswith(("pyparity.fix", "pyparity.gh"))}


def test_version_imports_no_pipeline(tmp_path):
    loaded = _imported(tmp_path, "--version")
    assert not {m for m in loaded if m.startswith(("pyparity.fix", "pyparity.check"))}
    assert "pyparity.config" not in loaded


def test_a_warm_run_imports_no_reader_nor_the_purpose_patterns(tmp_path):
    tree = tmp_path / "tree"
    workflows = tree / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "release.yml").write_text(
        "on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.11'\n"
        "      - run: python -m build && twine upload dist/*\n"
    )
    argv = ("check", ".", "--cache-dir", str(tmp_path / "cache"), "--today", "2026-12-02")
    cold = _imported(tree, *argv)
    assert {"pyparity.purpose", "pyparity.sources.workflow"} <= cold
    warm = _imported(tree, *argv)
    assert "pyparity.rules.outside_range" in warm
    assert not {m for m in warm if m.startswith(("pyparity.purpose", "pyparity.sources.work"))}
    assert "pyparity.parsers.yaml_nodes" not in warm


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["check", "."], "check"),
        (["audit"], "audit"),
        (["fix", "--to", "3.12"], "fix"),
        (["--version"], "--version"),
        (["-V", "check"], "-V"),
        (["list"], None),
        (["-h", "check"], None),
        (["chek"], None),
        ([], None),
    ],
)
def test_chosen_command(argv, chosen):
    assert _chosen_command(argv) == chosen


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "some/path", "--format", "json", "--no-code", "--exclude", "a", "--exclude", "b"],
        ["audit", "--today", "2026-12-02", "--fail-on", "warning", "-v", "--jobs", "2"],
        ["check", "--cache-dir", "c", "--disable", "code-floor", "--precision", "patch"],
        ["fix", "--to", "3.12", "--diff", "repo"],
        ["fix", "--floor", "3.10", "--check"],
    ],
)
def test_one_command_parser_reads_as_the_whole(argv):
    whole = build_parser().parse_args(argv)
    alone = build_parser(_chosen_command(argv)).parse_args(argv)
    assert vars(alone) == vars(whole)


def test_one_command_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser("check").parse_args(["--help"])
    alone = capsys.readouterr().out
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    assert alone == capsys.readouterr().out


# --- the listing's per-name checks, against the loops they replace ---------------------------

_NAMES = [
    "a",
    "a/b.py",
    "",
    "/a",
    "a/",
    "a//b",
    ".",
    "..",
    "./a",
    "a/.",
    "a/./b",
    "a/../b",
    "a/././b",
    "...",
    "a/.../b",
    ".git",
    ".GIT/config",
    "a/.Git/b",
    "a/.gitignore",
    "a/x.git/b",
    ".github/workflows/ci.yml",
    "a/.g\u0130t/b",
    "\u212a/.git",
    "a/\u03a3/.git",
    "node_modules",
    "node_modules/x",
    "a/node_modules/x/y",
    "a/node_modules",
    "xnode_modules/a",
    "a/.venv/lib",
    "a/venv/lib",
    "a/.venvx/lib",
    "venv/x",
    ".tox/py/x",
    "a/.nox/b",
    "lib/site-packages/x",
    "a/site-packages",
    "a\\node_modules\\x",
]


@pytest.mark.parametrize("name", _NAMES)
def test_safe_path_is_the_part_loop(name):
    from pyparity.gitindex import safe_path

    def loop(name: str) -> bool:
        return bool(name) and all(
            part not in ("", ".", "..") and part.lower() != ".git" for part in name.split("/")
        )

    assert safe_path(name) == loop(name)


@pytest.mark.parametrize("name", _NAMES)
def test_vendored_is_the_part_loop(name):
    from pyparity.discover import _VENDORED, _vendored

    assert _vendored(name) == any(part in _VENDORED for part in name.split("/")[:-1])


def test_the_collector_is_on_again_after_a_run(tmp_path, capsys):
    import gc

    from pyparity.cli import main

    (tmp_path / ".python-version").write_text("3.12\n")
    assert gc.isenabled()
    main(["check", str(tmp_path), "--no-cache", "--today", "2026-12-02"])
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["check", "--format", "nonsense"])
    assert gc.isenabled()


def test_the_collector_stays_off_if_it_was(tmp_path, capsys):
    import gc

    from pyparity.cli import main

    (tmp_path / ".python-version").write_text("3.12\n")
    gc.disable()
    try:
        main(["check", str(tmp_path), "--no-cache", "--today", "2026-12-02"])
        assert not gc.isenabled()
    finally:
        gc.enable()
