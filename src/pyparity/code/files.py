"""Which Python files are the project's own code.

By default every tracked `.py` file except tests and test data (`tests/`, `testing/`,
`test-data/`, `tests_python/`, `e2e_playwright/`, `_smoke_tests/`, `fixtures/`,
`testdata/`, `testsuite/` (a linter's sample files): any folder with `test`, `tests`, `e2e` or
`fixtures` as a word of its name;
`test_*.py`, `*_test.py`, `conftest.py`), vendored code (`vendor/`, `_vendor/`, `_vendored/`,
`third_party/`, ...), docs and CI helpers (`docs/`, `.github/`, `ci/`), developer tooling
(`scripts/` and any folder with `scripts` as a word of its name, `dev_scripts/`; `tools/`,
`dev_tools/`, `build_tools/`, `maint_tools/`, `tasks/`, `bench*/`, `examples/`, `extras/`,
`profiling/`, `devtools/`, `lab/`; at the top, a `utils/`, `dev/`, `maint/`, `misc/`,
`contrib/`, `admin/`, ... folder that is no package and holds no project; at the root,
`generate_*.py`, `gen_*.py`, `update_*.py`, `bump_*.py`, `download_*.py`, or with `-`:
`update-error-constants.py`; `release.py`, and so named in a folder that is no package
inside a package: pwntools' `pwnlib/data/syscalls/generate_darwin.py`) and `noxfile.py`,
which run on the developers' Python, files only a type checker reads (`typecheck/`,
`typesafety/`, ...), templates of someone else's code (`templates/`, `project_template/`,
a cookiecutter `{{...}}` folder),
and loose files of a front end (a folder below the root with a `package.json` and no
`__init__.py`, project file or `manage.py`; the file in no package).
A cookiecutter's `hooks/` (beside its `cookiecutter.json`) is the generator's code, kept
wherever it is. `code-paths` replaces that selection (globs or folders); `code-exclude`
removes more from either.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import NamedTuple

from pyparity.discover import excluded
from pyparity.scope import MARKERS

EXCLUDED_FOLDERS = frozenset(
    {
        "test",
        "tests",
        "testing",
        "vendor",
        "vendored",
        "_vendor",
        "_vendored",
        "inline_copy",  # Nuitka's copies of the libraries it builds with
        "bundled",
        "_bundled",
        "third_party",
        "thirdparty",
        "3rdparty",
        "site-packages",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "docs",
        "doc",
        ".github",
        # Developer tooling that runs on the developers' Python, not the package's users'.
        "scripts",
        "tools",
        "tasks",
        "bench",
        "benchmarks",
        "benchmark",
        "examples",
        "example",
        "extras",
        "profiling",
        "devtools",
        "dev_tools",
        "dev-tools",
        "build_tools",
        "build-tools",
        "maint_tools",
        "release_tools",
        "release-tools",
        "lab",
        "ci",
        ".ci",
        # Templates of code that someone else's project will hold.
        "templates",
        "template",
        "project_template",
        "app_template",
        # Files only a type checker reads.
        "typing-examples",
        "typing_examples",
        "typing_tests",
        "type_tests",
        "typesafety",
        "typecheck",
        "type_check",
        "type-check",
        "typechecks",
    }
)
EXCLUDED_NAMES = ("test_*.py", "*_test.py", "tests.py", "conftest.py", "noxfile.py")
# At the top of the repository, beside the package: scripts a developer runs (a Makefile's
# `python3.11 generate_stubs.py`), not modules of the package.
ROOT_SCRIPT_NAMES = (
    *(
        f"{verb}{joint}*.py"
        for verb in ("generate", "gen", "update", "bump", "download")
        for joint in "_-"
    ),
    "release.py",
)
# A folder with one of these as a word of its name holds tests or their data:
# `tests_python`, `test-data`, `_smoke_tests`, `e2e_playwright`, `integration-tests`.
TEST_WORDS = frozenset({"test", "tests", "testing", "testdata", "testsuite", "e2e", "fixtures"})
# A folder with this as a word of its name holds scripts developers run: `dev_scripts`,
# `release-scripts`, youtube-dl's `devscripts` (no package is named so; a `*_tools` one may
# be: those are listed).
SCRIPT_WORDS = frozenset({"scripts", "devscripts"})
# At the top of the repository, names of folders of the maintainers' scripts (mu's `utils/`,
# numba's `maint/`, twisted's `admin/`, mypy's `misc/`) unless the folder is a package or holds
# a project; deeper, they are as often the application's own modules (`core/admin/`).
MAINTAINER_FOLDERS = frozenset(
    {
        "utils",
        "util",
        "dev",
        "devel",
        "maint",
        "maintenance",
        "misc",
        "helpers",
        "tooling",
        "contrib",
        "admin",
        "hack",
    }
)


def code_files(
    paths: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> list[str]:
    include, exclude = tuple(include), tuple(exclude)
    paths = list(paths)
    maintainers = set() if include else _maintainer_folders(paths)
    hooks = set() if include else _generator_hooks(paths)
    front_ends = _FrontEnds(set(), set()) if include else _front_ends(paths)
    selected = []
    for path in paths:
        if not path.endswith(".py"):
            continue
        if include:
            chosen = excluded(path, include)
        elif path.rpartition("/")[0] in hooks:
            chosen = True
        else:
            chosen = (
                path.partition("/")[0] not in maintainers
                and not _excluded_by_default(path)
                and not (front_ends.folders and _loose_in(path, front_ends))
                and not _script_in_a_package(path, front_ends.packages)
            )
        if chosen and not excluded(path, exclude):
            selected.append(path)
    return selected


def _maintainer_folders(paths: list[str]) -> set[str]:
    """The repository's top folders of maintainer scripts: named so, no package (nor in one:
    the root has no `__init__.py`), and no project of their own inside (a `contrib/` of
    plugins each with its `pyproject.toml` ships them)."""
    named, taken = set(), set()
    for path in paths:
        top, _, rest = path.partition("/")
        if top not in MAINTAINER_FOLDERS:
            if path == _INIT:
                return set()
            continue
        named.add(top)
        name = rest.rpartition("/")[2]
        if rest == _INIT or name in MARKERS:
            taken.add(top)
    return named - taken


_INIT = "__init__.py"


def _generator_hooks(paths: list[str]) -> set[str]:
    """The `hooks/` folders beside a `cookiecutter.json`: cookiecutter runs them on the
    generator's Python (a `pre_gen_project.py` that imports `tomllib` needs 3.11), however
    the template's folder is named."""
    return {
        f"{folder}/hooks" if folder else "hooks"
        for path in paths
        if path.rpartition("/")[2] == "cookiecutter.json"
        for folder in (path.rpartition("/")[0],)
    }


class _FrontEnds(NamedTuple):
    folders: set[str]
    """Folders below the root of a JavaScript project (a `package.json`) that are no Python
    package or project (no `__init__.py`, no `pyproject.toml`, `setup.py`, ..., no Django
    `manage.py`)."""
    packages: set[str]
    """Folders that hold an `__init__.py`: a package is always code."""


def _front_ends(paths: list[str]) -> _FrontEnds:
    """A loose `.py` file in a front end's folder is its sample or fixture
    (robotframework's `src/web/libdoc/lib.py`, a library the libdoc page is developed
    against), which no user of the Python package runs."""
    packages: set[str] = set()
    folders: set[str] = set()
    python: set[str] = set()
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name == "package.json" and folder:
            folders.add(folder)
        elif name == _INIT:
            packages.add(folder)
        elif name in MARKERS or name == "manage.py":
            python.add(folder)
    return _FrontEnds(folders - packages - python, packages)


def _loose_in(path: str, front_ends: _FrontEnds) -> bool:
    """A file outside any package, in or below a front end's folder."""
    folder = path.rpartition("/")[0]
    if folder in front_ends.packages:
        return False
    while folder:
        if folder in front_ends.folders:
            return True
        folder = folder.rpartition("/")[0]
    return False


def _script_in_a_package(path: str, packages: set[str]) -> bool:
    """A script named as the root's are (`generate_darwin.py`), in a folder that is no package
    inside one (pwntools' `pwnlib/data/syscalls/`, whose Makefile runs its table generators):
    no import reaches it, and a build that finds packages does not ship it."""
    folder, _, name = path.rpartition("/")
    if not folder or folder in packages:
        return False
    if not any(fnmatch.fnmatchcase(name, pattern) for pattern in ROOT_SCRIPT_NAMES):
        return False
    while folder:
        folder = folder.rpartition("/")[0]
        if folder in packages:
            return True
    return False


def _excluded_by_default(path: str) -> bool:
    *folders, name = path.split("/")
    if any(_excluded_folder(folder) for folder in folders):
        return True
    if not folders and any(fnmatch.fnmatchcase(name, pattern) for pattern in ROOT_SCRIPT_NAMES):
        return True
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in EXCLUDED_NAMES)


def _excluded_folder(folder: str) -> bool:
    if folder in EXCLUDED_FOLDERS or "{{" in folder or "{%" in folder:
        return True
    words = folder.lower().replace("-", "_").replace(".", "_").split("_")
    return any(word in TEST_WORDS or word in SCRIPT_WORDS for word in words)
