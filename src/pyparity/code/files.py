"""Which Python files are the project's own code.

By default every tracked `.py` file except tests (`tests/`, `test_*.py`, `*_test.py`,
`conftest.py`), vendored code (`vendor/`, `_vendor/`, `third_party/`, ...), docs and CI
helpers (`docs/`, `.github/`, `ci/`), developer tooling (`scripts/`, `tools/`, `tasks/`,
`bench*/`, `examples/`, `lab/`) and `noxfile.py`, which run on the developers' Python. `code-paths`
replaces that selection (globs or folders); `code-exclude` removes more from either.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from pyparity.discover import excluded

EXCLUDED_FOLDERS = frozenset(
    {
        "test",
        "tests",
        "testing",
        "vendor",
        "vendored",
        "_vendor",
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
        "lab",
        "ci",
        ".ci",
        # Files only a type checker reads.
        "typing-examples",
        "typing_examples",
        "typing_tests",
        "type_tests",
        "typesafety",
    }
)
EXCLUDED_NAMES = ("test_*.py", "*_test.py", "tests.py", "conftest.py", "noxfile.py")


def code_files(
    paths: Iterable[str], *, include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> list[str]:
    include, exclude = tuple(include), tuple(exclude)
    selected = []
    for path in paths:
        if not path.endswith(".py"):
            continue
        chosen = excluded(path, include) if include else not _excluded_by_default(path)
        if chosen and not excluded(path, exclude):
            selected.append(path)
    return selected


def _excluded_by_default(path: str) -> bool:
    *folders, name = path.split("/")
    if any(folder in EXCLUDED_FOLDERS for folder in folders):
        return True
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in EXCLUDED_NAMES)
