"""A project whose build says what it ships (its packages live in `src/`, or it lists them by
name): its other folders are not shipped, so the range does not bind their code."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyparity.check import run
from pyparity.code.shipped import unshipped
from pyparity.config import Config

TODAY = __import__("datetime").date(2026, 12, 2)

# modelled on a library with a src layout and a benchmark suite of its own beside it
SETUP_PY = """\
from setuptools import find_packages, setup

setup(
    name="adapters",
    python_requires=">=3.10.0",
    package_dir={"": "src"},
    packages=find_packages("src"),
)
"""
BENCHMARK = """\
import tomllib


def load(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)
"""
PACKAGE = """\
def tuned(model, *, rank: int = 8):
    return model
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def floor_findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int]]:
    write(tmp_path, files)
    result = run(str(tmp_path), Config(today=TODAY))
    return [(f.file, f.line) for f in result.findings if f.rule == "code-floor"]


def test_code_outside_src_of_a_src_layout_is_not_the_packages(tmp_path: Path) -> None:
    found = floor_findings(
        tmp_path,
        {
            "setup.py": SETUP_PY,
            "src/adapters/__init__.py": PACKAGE,
            "method_comparison/utils.py": BENCHMARK,
        },
    )
    assert found == []


def test_code_inside_src_still_counts(tmp_path: Path) -> None:
    found = floor_findings(
        tmp_path,
        {"setup.py": SETUP_PY, "src/adapters/config.py": BENCHMARK},
    )
    assert found == [("src/adapters/config.py", 1)]


def test_without_the_build_saying_so_a_src_folder_changes_nothing(tmp_path: Path) -> None:
    # a package at the top and a src/ of templates: the top package is the one shipped
    setup_py = SETUP_PY.replace('    package_dir={"": "src"},\n', "").replace('"src"', "")
    found = floor_findings(
        tmp_path,
        {
            "setup.py": setup_py,
            "src/templates/__init__.py": PACKAGE,
            "material/plugins/info.py": BENCHMARK,
        },
    )
    assert found == [("material/plugins/info.py", 1)]


HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
SCIKIT_BUILD = (
    '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n'
)
MATURIN = '[build-system]\nrequires = ["maturin>=1,<2"]\nbuild-backend = "maturin"\n'


@pytest.mark.parametrize(
    ("files", "outside"),
    [
        pytest.param(
            {"pyproject.toml": '[tool.setuptools]\npackage-dir = {"" = "src"}\n'},
            {"bench/run.py"},
            id="pyproject-package-dir",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.setuptools.packages.find]\nwhere = ["src"]\n'},
            {"bench/run.py"},
            id="pyproject-find-where",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.setuptools.packages.find]\nwhere = ["src", "lib"]\n'},
            set(),
            id="several-folders",
        ),
        pytest.param(
            {"setup.py": 'setup(package_dir={"": "lib"})\n'},
            {"src/pkg/core.py", "bench/run.py"},
            id="another-folder",
        ),
        pytest.param({"setup.py": 'setup(package_dir={"": "src"}\n'}, set(), id="broken-setup"),
        pytest.param(
            {"pyproject.toml": '[tool.setuptools]\npackage-dir = {"" = ["src"]}\n'},
            set(),
            id="folder-as-a-list",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.setuptools\npackage-dir = {"" = "src"}\n'},
            set(),
            id="broken-pyproject",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=["pkg"], package_dir={"pkg": "src/pkg"})\n'},
            {"bench/run.py"},
            id="listed-and-mapped",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=("pkg.sub",), package_dir={"pkg": "src/pkg"})\n'},
            {"bench/run.py", "src/pkg/core.py"},
            id="a-subpackage-through-its-parents-folder",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=["core"], package_dir={"": "src/pkg"})\n'},
            {"bench/run.py", "src/pkg/core.py"},
            id="a-package-below-the-root-folder",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=[], scripts=["bench/run.py"])\n'},
            {"src/pkg/core.py"},
            id="a-listed-script-ships",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=["pkg"], scripts=glob("bin/*"))\n'},
            set(),
            id="computed-scripts",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=find_packages(exclude=["bench"]))\n'},
            set(),
            id="found-packages",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=["pkg"], package_dir={"pkg": "."})\n'},
            set(),
            id="a-package-at-the-top",
        ),
        pytest.param(
            {"setup.py": 'setup(packages=["pkg"], **options)\n'},
            set(),
            id="computed-options",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.setuptools]\npackages = ["src.pkg"]\n'},
            {"bench/run.py"},
            id="pyproject-listed",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.setuptools]\npackages = ["pkg"]\npy-modules = [1]\n'},
            set(),
            id="pyproject-modules-not-names",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH
                + '[tool.hatch.build.targets.wheel]\npackages = ["src/pkg"]\n'
            },
            {"bench/run.py", "conftest.py"},
            id="hatch-packages",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH
                + '[tool.hatch.build]\nonly-include = ["src/pkg", "conftest.py"]\n'
            },
            {"bench/run.py"},
            id="hatch-only-include-for-every-target",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH
                + '[tool.hatch.build.targets.wheel]\npackages = ["src/pkg"]\n'
                + '[tool.hatch.build.targets.wheel.force-include]\n"bench/run.py" = "pkg/run.py"\n'
            },
            {"conftest.py"},
            id="hatch-force-include",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH
                + '[tool.hatch.build.targets.wheel.force-include]\n"LICENSE" = "pkg/LICENSE"\n'
            },
            set(),
            id="hatch-force-include-alone-finds-the-package",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH
                + '[tool.hatch.build.targets.wheel]\npackages = ["src/pkg"]\n'
                + '[tool.hatch.build.hooks.custom]\npath = "bench/run.py"\n'
            },
            {"conftest.py"},
            id="hatch-a-build-hook-runs-on-the-installers-python",
        ),
        pytest.param(
            {"pyproject.toml": HATCH + '[tool.hatch.build.targets.wheel]\npackages = ["."]\n'},
            set(),
            id="hatch-the-top",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH
                + '[tool.hatch.build.targets.sdist]\nonly-include = ["src"]\n'
            },
            set(),
            id="hatch-sdist-only",
        ),
        pytest.param(
            {
                "pyproject.toml": HATCH + '[tool.setuptools]\npackage-dir = {"" = "src"}\n',
                "setup.py": 'setup(package_dir={"": "src"})\n',
            },
            set(),
            id="hatch-beside-setuptools-leftovers",
        ),
        pytest.param(
            {
                "pyproject.toml": SCIKIT_BUILD
                + '[tool.scikit-build]\nwheel.packages = ["src/pkg"]\n'
            },
            {"bench/run.py", "conftest.py"},
            id="scikit-build-packages",
        ),
        pytest.param(
            {
                "pyproject.toml": SCIKIT_BUILD
                + '[tool.scikit-build.wheel.packages]\n"pkg" = "src/pkg"\n',
                "setup.py": "setup(packages=find_packages())\n",
            },
            {"bench/run.py", "conftest.py"},
            id="scikit-build-packages-table-beside-a-setup-py",
        ),
        pytest.param(
            {"pyproject.toml": SCIKIT_BUILD + "[tool.scikit-build]\ncmake.version = '>=3.15'\n"},
            set(),
            id="scikit-build-finds-its-package",
        ),
        pytest.param(
            {"pyproject.toml": MATURIN + '[tool.maturin]\npython-source = "src"\n'},
            {"bench/run.py", "conftest.py"},
            id="maturin-python-source",
        ),
        pytest.param(
            {
                "pyproject.toml": MATURIN
                + '[tool.maturin]\npython-source = "src"\ninclude = ["x"]\n'
            },
            set(),
            id="maturin-include",
        ),
    ],
)
def test_what_states_what_ships(files: dict[str, str], outside: set[str]) -> None:
    scope_of = {"src/pkg/core.py": ".", "bench/run.py": ".", "conftest.py": "."}
    texts = dict(files)
    assert unshipped(scope_of, [*scope_of, *texts], texts.get) == outside


def test_each_project_of_a_monorepo_by_its_own_configuration() -> None:
    scope_of = {
        "libs/a/src/a/core.py": "libs/a",
        "libs/a/bench/run.py": "libs/a",
        "libs/b/bench/run.py": "libs/b",
        "tools/x.py": ".",
    }
    texts = {"libs/a/setup.py": 'setup(package_dir={"": "src"})\n', "libs/b/setup.py": "setup()\n"}
    assert unshipped(scope_of, [*scope_of, *texts], texts.get) == {"libs/a/bench/run.py"}


# modelled on a C extension whose `src/` holds a Python file a generator reads as text
EXTENSION_SETUP_PY = """\
from setuptools import Extension, setup

setup(
    name="sqlitebinding",
    python_requires=">=3.10",
    packages=["sqlitebinding", "sqlitebinding.tests"],
    ext_modules=[Extension("sqlitebinding.__init__", ["src/binding.c"])],
)
"""
STUB_SOURCE = """\
from collections.abc import Buffer

SQLiteValue = int | float | Buffer | str | None
"""


# modelled on a structure-from-motion library built with scikit-build-core, whose wheel ships
# one package, beside an annotation GUI with its own requirements
SCIKIT_PYPROJECT = """\
[build-system]
requires = ["scikit-build-core>=0.8.0", "pybind11>=2.10.0"]
build-backend = "scikit_build_core.build"

[project]
name = "reconstruct"
requires-python = ">=3.8"

[tool.scikit-build]
cmake.source-dir = "reconstruct/src"
wheel.packages = ["reconstruct"]
"""
GUI = """\
def pick(points: dict[str, list[str]] | None = None):
    return points
"""


# modelled on a Rust-extension stream processor whose maintainers' stub generator sits at the
# project's top beside maturin's `python-source` folder
MATURIN_PYPROJECT = """\
[build-system]
requires = ["maturin>=1.0,<2.0"]
build-backend = "maturin"

[project]
name = "streams"
requires-python = ">=3.8"

[tool.maturin]
module-name = "streams._streams"
python-source = "pysrc"
"""
STUB_GENERATOR = """\
import ast


def render(node):
    return ast.unparse(node)
"""


@pytest.mark.parametrize(
    ("files", "shipped", "line"),
    [
        pytest.param(
            {
                "setup.py": EXTENSION_SETUP_PY,
                "src/binding.c": "int main(void) { return 0; }\n",
                "src/stubsource.py": STUB_SOURCE,
                "sqlitebinding/__init__.py": PACKAGE,
            },
            ("sqlitebinding/shell.py", STUB_SOURCE),
            1,
            id="beside-the-c-sources-of-listed-packages",
        ),
        pytest.param(
            {
                "pyproject.toml": SCIKIT_PYPROJECT,
                "setup.py": "from setuptools import find_packages, setup\n"
                "setup(packages=find_packages())\n",
                "reconstruct/__init__.py": PACKAGE,
                "annotation_gui/lib/gui.py": GUI,
            },
            ("reconstruct/geotag.py", GUI),
            1,
            id="a-gui-beside-a-scikit-build-package",
        ),
        pytest.param(
            {
                "pyproject.toml": MATURIN_PYPROJECT,
                "stubgen.py": STUB_GENERATOR,
                "pysrc/streams/__init__.py": PACKAGE,
            },
            ("pysrc/streams/stubs.py", STUB_GENERATOR),
            5,
            id="a-script-at-the-top-of-a-maturin-project",
        ),
    ],
)
def test_code_the_build_does_not_ship_is_not_held_to_the_range(
    tmp_path: Path, files: dict[str, str], shipped: tuple[str, str], line: int
) -> None:
    assert floor_findings(tmp_path, files) == []
    path, text = shipped
    assert floor_findings(tmp_path, {**files, path: text}) == [(path, line)]
