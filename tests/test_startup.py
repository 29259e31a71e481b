"""Start-up: a command imports what it needs, and the parser built for one command reads its
line exactly as the whole parser does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyparity import rules
from pyparity.cli import _chosen_command, build_parser

SRC = str(Path(__file__).parents[1] / "src")


def _imported(tmp_path: Path, *argv: str) -> set[str]:
    """pyparity's modules loaded by one fresh run of `pyparity ARGV`."""
    return set(_after_run(tmp_path, argv, "m for m in sys.modules if m.startswith('pyparity')"))


def _compiled(tmp_path: Path, *argv: str) -> set[str]:
    """The regular expressions one fresh run of `pyparity ARGV` compiled (re's own cache)."""
    return set(_after_run(tmp_path, argv, "repr(key[1]) for key in re._cache"))


def _after_run(tmp_path: Path, argv: tuple[str, ...], listed: str) -> list[str]:
    (tmp_path / ".python-version").write_text("3.12\n")
    probe = (
        "import re, sys\n"
        "from pyparity.cli import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('\\0'.join({listed}), file=sys.stderr)\n"
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
    return done.stderr.splitlines()[-1].split("\0")


def test_check_does_not_import_fix(tmp_path):
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.check" in loaded
    assert not {m for m in loaded if m.startswith(("pyparity.fix", "pyparity.gh"))}


def test_a_check_imports_only_the_rules_it_applies(tmp_path):
    audit_only = {f"pyparity.rules.{name}" for name in rules.AUDIT_ONLY}
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.rules.pin_mismatch" in loaded
    assert not loaded & audit_only
    loaded = _imported(tmp_path, "audit", ".", "--no-code", "--today", "2026-12-02")
    assert audit_only <= loaded
    (tmp_path / ".pyparity.toml").write_text('enable = ["patch-behind"]\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert loaded & audit_only == {"pyparity.rules.patch_behind"}


def test_the_rule_table_says_what_each_rule_module_says():
    # Which rules a run applies is decided from the table, before any rule is imported.
    for module_name in rules.MODULES:
        rule = rules._load(module_name)
        assert rule.name == rules.rule_name(module_name)
        assert rule.audit_only == (module_name in rules.AUDIT_ONLY)
    assert rules.rule_names() == tuple(rule.name for rule in rules.registry())
    assert set(rules.MODULES) >= rules.AUDIT_ONLY


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


def test_a_pyproject_without_tox_settings_imports_no_tox_reader(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.pyproject" in loaded
    assert not loaded & {"pyparity.sources.tox", "pyparity.parsers.ini"}


def test_a_tree_without_a_dockerfile_imports_no_dockerfile_parser(tmp_path):
    # A guard (already so before the lazy imports above): the parser comes with a Dockerfile.
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert not {m for m in loaded if "dockerfile" in m}


def test_a_pyproject_with_tox_settings_imports_the_tox_reader(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.tox]\nenv_list = ["py312"]\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.tox" in loaded


def test_a_makefile_that_runs_no_tox_imports_no_tox_reader(tmp_path):
    (tmp_path / "Makefile").write_text("test:\n\tuv run --python 3.12 pytest\n")
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.task_runner" in loaded
    assert "pyparity.sources.tox" not in loaded


def test_a_text_report_imports_no_json(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    argv = ("check", ".", "--no-code", "--today", "2026-12-02")
    assert _after_run(tmp_path, argv, "m for m in sys.modules if m == 'json'") == [""]


def test_a_workflow_without_builds_nor_fromjson_imports_no_json(tmp_path):
    # json comes with a build link (a Dockerfile built by compose or an action) or fromJSON.
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        python: ['3.11', '3.12']\n    steps:\n      - uses: actions/setup-python@v5\n"
        "        with:\n          python-version: ${{ matrix.python }}\n"
    )
    argv = ("check", ".", "--no-code", "--today", "2026-12-02")
    loaded = _imported(tmp_path, *argv)
    assert "pyparity.sources.github_actions.matrix" in loaded
    # Nor the readers of a build's args or of another repository's reusable workflow.
    assert not loaded & {
        "pyparity.resolve_builds",
        "pyparity.sources.github_actions.remote_workflow",
    }
    stdlib = "m for m in sys.modules if m in ('json', 'tempfile', 'hashlib')"
    assert _after_run(tmp_path, argv, stdlib) == [""]


def test_a_pyproject_without_pixi_settings_imports_no_pixi_reader(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.pyproject" in loaded
    assert "pyparity.sources.pixi" not in loaded
    (tmp_path / "pyproject.toml").write_text('[tool.pixi.dependencies]\npython = "3.12.*"\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.pixi" in loaded


def test_rarely_needed_patterns_are_compiled_on_first_use_only(tmp_path):
    from pyparity import config, discover, foreign, overrides, resolve, suppress
    from pyparity.code import guards, scan
    from pyparity.rules import _shared
    from pyparity.sources import _cibuildwheel, _tool_keys, hatch

    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    (tmp_path / "x.py").write_text("print(1)\n")
    compiled = _compiled(tmp_path, "check", ".", "--today", "2026-12-02")
    lazy = [
        config._table_header_re,
        config._dotted_key_re,
        discover._glob_re,
        foreign._build_line_re,
        foreign._path_token_re,
        overrides._inline_re,
        resolve._passed_on_re,
        suppress._ignore_re,
        guards._version_flag_re,
        scan._entity_re,
        scan._kwarg_re,
        _shared._plain_spelling_re,
        _cibuildwheel._braces_re,
        _tool_keys._py_target_re,
        hatch._tooling_env_re,
    ]
    assert compiled, "the probe saw no pattern"
    assert [f.__name__ for f in lazy if repr(f().pattern) in compiled] == []
    # Module-level patterns are lazy_re's: made at import, compiled when first applied. A file
    # that parses needs none of the syntax patterns (they read the line of a syntax error).
    assert "pyparity.code.scan" in _imported(tmp_path, "check", ".", "--today", "2026-12-02")
    syntax = [pattern.pattern for pattern, _, _ in scan._NEWER_SYNTAX]
    assert [p for p in syntax if repr(p) in compiled] == []
    # packaging's specifier pattern is compiled where a range is read, not at import.
    from packaging.specifiers import Specifier

    assert repr(Specifier._regex.pattern) in compiled
    no_range = tmp_path / "no-range"
    no_range.mkdir()
    compiled = _compiled(no_range, "check", ".", "--no-code", "--today", "2026-12-02")
    assert repr(Specifier._regex.pattern) not in compiled


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


@pytest.mark.parametrize("columns", ["40", "100", "250"])
def test_help_is_as_wide_as_argparse_makes_it(columns, monkeypatch):
    """The parser sizes its help without `shutil` (which argparse imports for it): the same
    width as argparse's own formatter gives."""
    import argparse

    from pyparity import cli

    monkeypatch.setenv("COLUMNS", columns)
    ours = [build_parser().format_help(), build_parser("check").format_help()]
    monkeypatch.setattr(cli._HelpFormatter, "__init__", argparse.HelpFormatter.__init__)
    assert [build_parser().format_help(), build_parser("check").format_help()] == ours


def test_a_check_imports_no_shutil(tmp_path):
    argv = ("check", ".", "--no-code", "--today", "2026-12-02")
    assert _after_run(tmp_path, argv, "m for m in sys.modules if m == 'shutil'") == [""]


def test_every_record_has_a_docstring():
    # Records are documented (and a dataclass without one would have `dataclass` write
    # `Name(field: type, ...)` into __doc__ with inspect.signature at import).
    import ast

    undocumented = []
    for path in sorted((Path(SRC) / "pyparity").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ClassDef)
                and any(
                    "dataclass" in ast.unparse(d) or ast.unparse(d).startswith("record")
                    for d in node.decorator_list
                )
                and ast.get_docstring(node) is None
            ):
                undocumented.append(f"{path.name}:{node.lineno} {node.name}")
    assert undocumented == []


def test_no_module_imports_dataclasses():
    """Data classes are `record`s (records.py): importing `dataclasses` (with `inspect`, `ast`,
    `dis`, `tokenize`) costs a run 8 ms and it compiles five methods a class. Only a type
    checker sees it (records.py re-exports its `field`, `fields` and `replace` for mypy), and
    `records.replace` given a caller's own dataclass."""
    import ast

    importing = []
    for path in sorted((Path(SRC) / "pyparity").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        checked_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
            for statement in node.body
            for inner in ast.walk(statement)
        }
        functions = {
            id(inner): node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            named = (
                isinstance(node, ast.Import) and "dataclasses" in [a.name for a in node.names]
            ) or (isinstance(node, ast.ImportFrom) and node.module == "dataclasses")
            if named and id(node) not in checked_only:
                importing.append((path.name, functions.get(id(node))))
    assert importing == [("records.py", "_replace")]


def test_the_command_leaves_its_objects_to_the_exit(tmp_path):
    # `pyparity` ends the process: the interpreter's last collection would go through every
    # object made to free none. The library's `main` freezes nothing (its caller goes on).
    (tmp_path / ".python-version").write_text("3.12\n")
    probe = (
        "import gc, sys\n"
        "from pyparity.cli import main, run\n"
        f"sys.argv = ['pyparity', 'check', {str(tmp_path)!r}, '--today', '2026-12-02']\n"
        "main()\n"
        "after_main = gc.get_freeze_count()\n"
        "code = run()\n"
        "print(code, after_main, gc.get_freeze_count() > 0, file=sys.stderr)\n"
    )
    environment = {**os.environ, "PYTHONPATH": SRC, "PYPARITY_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert done.stderr.splitlines()[-1] == "0 0 True"


def test_the_command_does_not_collect_what_its_check_made():
    # When the command's pause ends, the collector would go once through everything the check
    # made (all of it in its youngest generation) to free nothing: the command freezes it
    # first. A caller of `main` that goes on gets the collector back as it was.
    probe = (
        "import gc, sys\n"
        "from pyparity import collector\n"
        "collections = []\n"
        "gc.callbacks.append(lambda phase, info: collections.append(phase))\n"
        "def made():\n"
        "    with collector.paused():\n"
        "        return [[] for _ in range(5000)]\n"
        "kept = made()\n"
        "after_main = (len(collections), gc.get_freeze_count())\n"
        "collector.the_process_ends()\n"
        "collections.clear()\n"
        "kept += made()\n"
        "kept.append([])\n"
        "print(after_main[0] > 0, after_main[1], collections, gc.get_freeze_count() >= 10000,\n"
        "      gc.isenabled(), file=sys.stderr)\n"
    )
    environment = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert done.stderr.splitlines()[-1] == "True 0 [] True True"


def test_the_script_and_python_m_run_the_command():
    import tomllib

    root = Path(SRC).parent
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"pyparity": "pyparity.cli:run"}
    assert "run()" in (root / "src" / "pyparity" / "__main__.py").read_text()


def test_a_devcontainer_without_build_args_imports_no_build_links(tmp_path):
    folder = tmp_path / ".devcontainer"
    folder.mkdir()
    (folder / "devcontainer.json").write_text(
        '{\n  // an image only\n  "image": "mcr.microsoft.com/devcontainers/python:3.12"\n}\n'
    )
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.devcontainer" in loaded
    assert "pyparity.resolve_builds" not in loaded


def test_the_collector_is_paused_for_a_whole_check_and_resumed_for_the_code_scan(
    tmp_path, monkeypatch
):
    import gc

    from pyparity import collector
    from pyparity.cli import main
    from pyparity.code import scan
    from pyparity.report import text as text_report

    (tmp_path / ".python-version").write_text("3.12\n")
    (tmp_path / "app.py").write_text("print(1)\n")
    seen: dict[str, bool] = {}
    render = text_report.render
    original_scan = scan.source_needs

    def scanning(*arguments, **options):
        seen["scan"] = gc.isenabled()
        return original_scan(*arguments, **options)

    def rendering(*arguments, **options):
        seen["render"] = gc.isenabled()
        return render(*arguments, **options)

    monkeypatch.setattr(scan, "source_needs", scanning)
    monkeypatch.setattr(text_report, "render", rendering)
    assert gc.isenabled()
    main(["check", str(tmp_path), "--no-cache", "--jobs", "1", "--today", "2026-12-02"])
    assert seen == {"scan": True, "render": False}
    assert gc.isenabled()

    gc.disable()  # a caller that turned it off keeps it off, the code scan included
    try:
        main(["check", str(tmp_path), "--no-cache", "--jobs", "1", "--today", "2026-12-02"])
        assert seen == {"scan": False, "render": False}
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collector._outermost == []


def test_tool_settings_without_pyright_import_no_json_parser(tmp_path):
    (tmp_path / "mypy.ini").write_text("[mypy]\npython_version = 3.12\n")
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.sources.tool_config" in loaded
    assert "pyparity.parsers.jsonc" not in loaded


def test_a_pyright_configuration_imports_the_json_parser(tmp_path):
    (tmp_path / "pyrightconfig.json").write_text('{"pythonVersion": "3.12"}\n')
    loaded = _imported(tmp_path, "check", ".", "--no-code", "--today", "2026-12-02")
    assert "pyparity.parsers.jsonc" in loaded
