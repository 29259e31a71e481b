"""The code scan end to end: from files and declarations to `code-floor` findings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import TODAY, at, matrix_entry, runtime_pin, supported, write_files

from pyparity import check
from pyparity.code import code_floor_findings
from pyparity.config import Config
from pyparity.discover import Root
from pyparity.model import Declaration, Finding, Purpose, Role
from pyparity.records import replace
from pyparity.sources._common import pin

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "code"


def code_findings(root: Path, *, config: Config | None = None) -> list[Finding]:
    result = check.run(str(root), config or Config(today=TODAY))
    return [f for f in result.findings if f.rule == "code-floor"]


write = write_files


def scoped(declaration: Declaration, scope: str = ".") -> Declaration:
    return replace(declaration, scope=scope)


def test_drifted_example_reports_datetime_utc_against_the_39_floor() -> None:
    [finding] = code_findings(REPO / "examples" / "drifted")
    assert (finding.file, finding.line, finding.span.column) == ("app/clock.py", 7, 34)
    assert finding.severity.value == "error"
    assert finding.message.startswith(
        "`datetime.UTC` needs Python 3.11, but `requires-python >=3.9` (pyproject.toml:9) admits"
        " 3.9 (so does .python-version:1)"
    )
    assert {(r.file, r.line) for r in finding.related} == {
        ("pyproject.toml", 9),
        (".python-version", 1),
    }


def test_fixed_example_is_clean() -> None:
    assert code_findings(REPO / "examples" / "fixed") == []


def test_no_code_and_disable_skip_the_scan() -> None:
    drifted = REPO / "examples" / "drifted"
    assert code_findings(drifted, config=Config(today=TODAY, code=False)) == []
    disabled = Config(today=TODAY, disable=frozenset({"code-floor"}))
    assert code_findings(drifted, config=disabled) == []


def test_monorepo_judges_each_scope_by_its_own_floor() -> None:
    [finding] = code_findings(FIXTURES / "monorepo")
    assert (finding.file, finding.line) == ("services/api/api/handlers.py", 18)
    assert finding.message == (
        "a `match` statement needs Python 3.10, but `requires-python >=3.9`"
        " (services/api/pyproject.toml:4) admits 3.9"
    )
    assert [(r.file, r.line) for r in finding.related] == [("services/api/pyproject.toml", 4)]


def test_other_places_above_the_floor_are_counted(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {
            "app/a.py": "import tomllib\n",
            "app/b.py": "def f(x: int | None): ...\n",
            "app/c.py": "def f(x: dict[str, int]): ...\n",
            "app/d.py": "if (n := 1):\n    pass\n",
        },
    )
    [finding] = code_floor_findings(
        Root.at(tmp_path), paths, [scoped(supported("pyproject.toml", ">=3.8"))], Config()
    )
    assert finding.file == "app/a.py"
    assert finding.message == (
        "`tomllib` needs Python 3.11, but `requires-python >=3.8` (pyproject.toml:1) admits 3.8;"
        " 2 more places need more than 3.8: app/b.py:1, app/c.py:1"
    )


def test_pin_named_when_no_range(tmp_path: Path) -> None:
    paths = write(tmp_path, {"app.py": "import tomllib\n"})
    version_file = runtime_pin(".python-version", "3.10.4", source="python-version-file")
    declarations = [scoped(version_file)]
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, Config())
    assert finding.message == "`tomllib` needs Python 3.11, but .python-version:1 pins 3.10.4"


def test_tooling_pins_and_unknown_floors_do_not_judge_the_code(tmp_path: Path) -> None:
    paths = write(tmp_path, {"app.py": "import tomllib\n"})
    lint = scoped(runtime_pin(".github/workflows/lint.yml", "3.8", purpose=Purpose.TOOLING))
    assert code_floor_findings(Root.at(tmp_path), paths, [lint], Config()) == []
    assert code_floor_findings(Root.at(tmp_path), paths, [], Config()) == []


def test_floor_at_the_need_is_clean(tmp_path: Path) -> None:
    paths = write(tmp_path, {"app.py": "import tomllib\n"})
    declarations = [scoped(supported("pyproject.toml", ">=3.11"))]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


def test_tests_vendored_and_docs_are_left_out_by_default(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {
            "tests/test_app.py": "import tomllib\n",
            "src/pkg/test_unit.py": "import tomllib\n",
            "src/pkg/conftest.py": "import tomllib\n",
            "src/pkg/_vendor/lib.py": "import tomllib\n",
            "docs/conf.py": "import tomllib\n",
            "noxfile.py": "import tomllib\n",
            "src/pkg/app.py": "import json\n",
        },
    )
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


def test_code_paths_replace_the_selection_and_code_exclude_removes(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {"tests/test_app.py": "import tomllib\n", "src/app.py": "import tomllib\n"},
    )
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    only_tests = Config(code_paths=("tests",))
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, only_tests)
    assert finding.file == "tests/test_app.py"
    nothing = Config(code_exclude=("src/*",))
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, nothing) == []


def test_files_in_a_scope_without_declarations_are_not_judged(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {"tools/pyproject.toml": "[tool.black]\n", "tools/gen.py": "import tomllib\n"},
    )
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


def test_merged_scopes_share_a_floor(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {"lib/pyproject.toml": "[project]\nname = 'lib'\n", "lib/core.py": "import tomllib\n"},
    )
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    merged = Config(scopes=((".", "lib"),))
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, merged)
    assert finding.file == "lib/core.py"


def test_a_file_no_python_parses_is_no_finding(tmp_path: Path) -> None:
    paths = write(tmp_path, {"future.py": "value = first ?? second\n"})
    old = [scoped(supported("pyproject.toml", ">=3.9"))]
    assert code_floor_findings(Root.at(tmp_path), paths, old, Config()) == []


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="parses on 3.12")
def test_newer_syntax_this_python_cannot_parse_is_a_finding_above_the_floor(
    tmp_path: Path,
) -> None:
    paths = write(tmp_path, {"alias.py": "x = 1\ntype Pair = tuple[int, int]\n"})
    old = [scoped(supported("pyproject.toml", ">=3.9"))]
    [finding] = code_floor_findings(Root.at(tmp_path), paths, old, Config())
    assert finding.line == 2
    assert finding.message.startswith("a `type X = ...` statement needs Python 3.12, but")
    new = [scoped(supported("pyproject.toml", ">=3.12"))]
    assert code_floor_findings(Root.at(tmp_path), paths, new, Config()) == []


def test_unreadable_and_binary_files_are_skipped(tmp_path: Path) -> None:
    paths = write(tmp_path, {"ok.py": "x = 1\n"})
    (tmp_path / "binary.py").write_bytes(b"\x00\x01import tomllib\n")
    (tmp_path / "latin.py").write_bytes(
        b"# -*- coding: latin-1 -*-\nname = '\xe9'\nimport tomllib\n"
    )
    (tmp_path / "escape.py").symlink_to("/etc/hostname")
    paths += ["binary.py", "latin.py", "escape.py", "missing.py"]
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, Config())
    assert (finding.file, finding.line) == ("latin.py", 3)


def test_process_pool_gives_the_same_findings(tmp_path: Path) -> None:
    files = {f"pkg/m{i:02}.py": f"x{i} = {i}\n" for i in range(40)}
    files["pkg/m17.py"] = "def f(a: int | None): ...\n"
    files["pkg/m33.py"] = "import tomllib\n"
    paths = write(tmp_path, files)
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    root = Root.at(tmp_path)
    serial = code_floor_findings(root, paths, declarations, Config(), processes=1)
    pooled = code_floor_findings(root, paths, declarations, Config(), processes=2)
    assert serial == pooled
    assert serial[0].file == "pkg/m33.py"


@pytest.mark.parametrize(
    "below",
    [
        pytest.param(matrix_entry(".github/workflows/ci.yml", "3.9", line=9), id="ci-matrix"),
        pytest.param(
            runtime_pin(".github/workflows/ci.yml", "3.9", source="workflow"), id="ci-pin"
        ),
        pytest.param(runtime_pin(".circleci/config.yml", "3.9", source="circleci"), id="circleci"),
        pytest.param(
            replace(pin("pyproject.toml", at(30), "3.9", source="pyproject"), role=Role.TARGET),
            id="ruff-target",
        ),
    ],
)
def test_ci_pins_and_tool_targets_below_the_range_are_not_the_floor(
    tmp_path: Path, below: Declaration
) -> None:
    """What CI or a linter runs on is other rules' business (outside-range, target-mismatch);
    the code is judged by what the package promises."""
    paths = write(tmp_path, {"app.py": "match 1:\n    case 1:\n        pass\n"})
    declarations = [scoped(supported("pyproject.toml", ">=3.10")), scoped(below)]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


def test_ci_pins_alone_declare_no_floor(tmp_path: Path) -> None:
    paths = write(tmp_path, {"app.py": "import tomllib\n"})
    declarations = [scoped(matrix_entry(".github/workflows/ci.yml", "3.9", line=9))]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


def test_ci_pins_on_the_floor_are_named_with_the_range(tmp_path: Path) -> None:
    paths = write(tmp_path, {"app.py": "import tomllib\n"})
    declarations = [
        scoped(supported("pyproject.toml", ">=3.10")),
        scoped(matrix_entry(".github/workflows/ci.yml", "3.10", line=9)),
    ]
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, Config())
    assert finding.message == (
        "`tomllib` needs Python 3.11, but `requires-python >=3.10` (pyproject.toml:1) admits"
        " 3.10 (so does .github/workflows/ci.yml:9)"
    )


def test_vermin_is_imported_only_when_there_is_code_to_scan() -> None:
    probe = (
        "import sys\n"
        "from pyparity import check\n"
        "from pyparity.config import Config\n"
        "check.run(sys.argv[1], Config())\n"
        "print('vermin' in sys.modules)\n"
    )
    fixed = str(REPO / "examples" / "fixed")
    no_code = subprocess.run(
        [sys.executable, "-c", probe.replace("Config()", "Config(code=False)"), fixed],
        capture_output=True,
        text=True,
        check=True,
    )
    scanned = subprocess.run(
        [sys.executable, "-c", probe, fixed], capture_output=True, text=True, check=True
    )
    assert (no_code.stdout, scanned.stdout) == ("False\n", "True\n")


def test_the_scan_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = write(tmp_path, {"a.py": "import tomllib\n", "b.py": "x = a ?? b\n"})
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    assert len(code_floor_findings(Root.at(tmp_path), paths, declarations, Config())) == 1
    assert capsys.readouterr() == ("", "")


def test_a_pep_263_coding_line_is_honoured(tmp_path: Path) -> None:
    module = tmp_path / "pkg" / "legacy.py"
    module.parent.mkdir()
    module.write_bytes(b'# -*- coding: latin-1 -*-\nNAME = "caf\xe9"\nimport tomllib\n')
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    [finding] = code_floor_findings(Root.at(tmp_path), ["pkg/legacy.py"], declarations, Config())
    assert (finding.file, finding.line, finding.message.split(" needs")[0]) == (
        "pkg/legacy.py",
        3,
        "`tomllib`",
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("print 'hello'\n", id="python-2-print"),
        pytest.param("exec 'x = 1'\n", id="python-2-exec"),
        pytest.param("try:\n    pass\nexcept ValueError, error:\n    pass\n", id="python-2-except"),
        pytest.param("from {{cookiecutter.package}} import app\n", id="template"),
        pytest.param("{% if docker %}\nimport os\n{% endif %}\n", id="template-block"),
    ],
)
def test_code_no_python_3_parses_is_not_a_newer_need(tmp_path: Path, source: str) -> None:
    paths = write(tmp_path, {"pkg/legacy.py": source})
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="parses on 3.14")
def test_except_listing_types_without_parentheses_needs_314(tmp_path: Path) -> None:
    source = "try:\n    pass\nexcept KeyError, ValueError, TypeError:\n    pass\n"
    paths = write(tmp_path, {"pkg/api.py": source})
    declarations = [scoped(supported("pyproject.toml", ">=3.9"))]
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, Config())
    assert finding.message.startswith(
        "an `except` clause listing types without parentheses (PEP 758) needs Python 3.14"
    )


def test_a_script_with_inline_metadata_declares_its_own_python(tmp_path: Path) -> None:
    script = (
        "#!/usr/bin/env -S uv run --script\n# /// script\n# requires-python = '>=3.12'\n"
        "# dependencies = []\n# ///\ntype Key = tuple[str, str]\nimport tomllib\n"
    )
    paths = write(tmp_path, {"crates/fetch-metadata.py": script, "pkg/app.py": "x = 1\n"})
    declarations = [scoped(supported("pyproject.toml", ">=3.8"))]
    assert code_floor_findings(Root.at(tmp_path), paths, declarations, Config()) == []


def test_a_library_is_judged_by_its_range_not_by_ci_or_tooling() -> None:
    """requires-python >=3.10 with a CI job, tox, classifiers and ruff on 3.9 or lower; code
    outside the package (extras, e2e, test data, a PEP 723 hook) that needs more."""
    assert code_findings(FIXTURES / "library-tested-below-its-range") == []


def test_an_application_is_judged_by_its_python_version_file_not_by_ci() -> None:
    [finding] = code_findings(FIXTURES / "application-pinned-by-python-version")
    assert (finding.file, finding.line) == ("app/settings.py", 1)
    assert finding.message == "`tomllib` needs Python 3.11, but .python-version:1 pins 3.10.14"


def test_a_file_ruff_targets_at_a_newer_python_is_kept_for_it(tmp_path: Path) -> None:
    # a resolver of PEP 695 aliases that the package imports only under a version test, and
    # whose ruff target says so (modelled on a test framework's argument converters)
    write(
        tmp_path,
        {
            "pyproject.toml": (
                '[project]\nname = "runner"\nrequires-python = ">=3.8"\n\n'
                '[tool.ruff]\ntarget-version = "py38"\n'
                "per-file-target-version = {"
                '"src/runner/aliases.py" = "py312", "src/runner/legacy/*.py" = "py310"}\n'
            ),
            "src/runner/__init__.py": "",
            "src/runner/aliases.py": "from typing import TypeAliasType\n",
            "src/runner/legacy/__init__.py": "",
            "src/runner/legacy/old.py": "import tomllib\n",  # 3.11: above its own target
        },
    )
    [finding] = code_findings(tmp_path)
    assert (finding.file, finding.line) == ("src/runner/legacy/old.py", 1)
    assert "1 more place" not in finding.message
    assert "aliases" not in finding.message


def test_a_file_or_folder_named_for_its_python_is_kept_for_it(tmp_path: Path) -> None:
    # Documentation's variants for newer Pythons beside the one for the floor (modelled on
    # a web framework's `docs_src/`): what each needs is what its name says.
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "orm"\nrequires-python = ">=3.8"\n',
            "orm/__init__.py": "",
            "docs_src/select/tutorial001.py": "from typing import Optional\nx: Optional[int]\n",
            "docs_src/select/tutorial001_py310.py": "def f(x: int | None) -> None: ...\n",
            "docs_src/structure/tutorial001_py310/models.py": "Id = int | None\n",
            "docs_src/select/tutorial002_py39.py": "def f(x: int | None) -> None: ...\n",
        },
    )
    [finding] = code_findings(tmp_path)
    # a `_py39` file that needs 3.10 is still drift
    assert finding.file == "docs_src/select/tutorial002_py39.py"
    assert "1 more place" not in finding.message


def test_a_shipped_test_skipped_on_older_pythons_needs_nothing(tmp_path: Path) -> None:
    # A distribution's self-test module, outside any `tests/` folder: each test that needs a
    # newer module is skipped where it is missing; the one without the skip is reported.
    selftest = (
        "import sys\n"
        "import unittest\n"
        "\n"
        "\n"
        "class DistributionTests(unittest.TestCase):\n"
        "    @unittest.skipIf(\n"
        "        sys.version_info[:2] < (3, 14),\n"
        '        "zstd is only available in 3.14+",\n'
        "    )\n"
        "    def test_zstd(self):\n"
        "        from compression import zstd\n"
        "\n"
        "        self.assertTrue(zstd.zstd_version_info)\n"
        "\n"
        "    def test_tomllib(self):\n"
        "        import tomllib\n"
    )
    paths = write(tmp_path, {"pybuild/disttests/__init__.py": selftest})
    declarations = [scoped(supported("pyproject.toml", ">=3.10"))]
    [finding] = code_floor_findings(Root.at(tmp_path), paths, declarations, Config())
    assert (finding.file, finding.line) == ("pybuild/disttests/__init__.py", 16)
    assert finding.message.startswith("`tomllib` needs Python 3.11")
