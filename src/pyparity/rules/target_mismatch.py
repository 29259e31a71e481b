"""## target-mismatch (warning)

**What it does.** Compares each tool's target Python (ruff `target-version`, black
`target-version` (its lowest entry), mypy `python_version`, pyright `pythonVersion`, ty
`python-version`, pyrefly `python-version`, pylint `py-version`; in `pyproject.toml` or the
tool's own file) with the floor of the scope's supported range, the lowest minor it admits.
Without a range, or with a range that has no lower bound (`<3.13`), it says nothing.

**Why it matters.** A tool targets one minor: ruff's pyupgrade rules rewrite code to the
target's syntax, and mypy checks against the target's standard library. A target above
the floor lets code that breaks on the floor pass lint and type checks; a target below it
leaves modernisations and checks unused.

**Example.** `requires-python = ">=3.10"` with `[tool.ruff] target-version = "py39"`:
`ruff target-version py39 (pyproject.toml:30) targets 3.9 but the floor of requires-python
>=3.10 (pyproject.toml:5) is 3.10`.

A stable-ABI floor (pyo3's `abi3-py310`, `py_limited_api = cp310`, extension-helpers'
`EXTENSION_HELPERS_PY_LIMITED_API`) is reported only above the floor: the wheel then refuses
Pythons the range admits; one below the floor only claims more than the range needs.
scikit-build-core's `wheel.py-api = "cp312"` is not reported at all: an older CPython builds
a wheel of its own version.

A type checker (mypy, pyright) set above the floor is not reported: checking against a
newer standard library is a common, deliberate choice (`code-floor` finds code that needs
more than the floor). A target at the lowest the tool supports (ruff `py37`, mypy 3.9)
under an older floor is as close as the tool gets, and is not reported either; nor is a
standalone config of a folder below the scope's root (`scripts/ruff.toml`) that targets less
than the floor: that folder's code may be run by older Pythons. A config of a folder of docs,
examples, scripts or benchmarks (`docs/assets/playground/pyproject.toml` of only `[tool.ruff]`)
is not compared in either direction: the package does not ship that code. Where such a
folder's config
targets the floor or less, a target above the floor (a root `ruff.toml` for the repository's
scripts) is not reported: the code held to the floor has its own config.

Ranges of another packaging of the project (a Debian package's `X-Python3-Version`, a conda
recipe's `python >=3.10`, a meson build's `dependency('python3')`) are not compared with
tool targets: they say what that package needs, not what the code is held to.

**How to fix.** Set the target to the range's floor, or drop it: ruff and black read
`requires-python` themselves when no target is set.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import (
    ABI_WHERE_SUFFICIENT,
    FOR_NAMED_FILES,
    STABLE_ABI,
    Declaration,
    Finding,
    Minor,
    Role,
    Severity,
)
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding
from pyparity.rules._tested import cpython_minor, floor_of, project_ranges, range_name

NAME = "target-mismatch"
SEVERITY = Severity.WARNING

_TYPE_CHECKERS = frozenset({"mypy", "pyright", "basedpyright", "ty", "pyrefly"})
_LOWEST_TARGET = {"ruff": Minor(3, 7), "mypy": Minor(3, 9), "black": Minor(3, 3)}
"""The oldest Python each tool's current releases can target."""
_ABOVE_ONLY = frozenset({STABLE_ABI})
"""Targets that are floors of what is built: only one above the range's floor is drift."""
_TOOL_CONFIG = "tool-config"  # the source of standalone tool configs (sources/tool_config.py)


def check(scope: ScopeInput) -> Iterator[Finding]:
    declared_ranges = project_ranges(scope.declarations)
    if not declared_ranges:
        return
    lowest = _lowest_subtree_targets(scope)
    for target in _targets(scope):
        minor = cpython_minor(target, scope.today)
        if minor is None:
            continue
        tool = target.context.split(" ", 1)[0]
        for range_declaration in declared_ranges:
            floor = floor_of(range_declaration)
            if floor is None or floor == minor:
                continue
            if minor > floor and tool in _TYPE_CHECKERS:
                continue  # checking against a newer standard library is a common choice
            if minor < floor and tool in _ABOVE_ONLY:
                continue  # an abi3 wheel that claims older Pythons than the range: harmless
            if minor > floor and ABI_WHERE_SUFFICIENT in target.context:
                continue  # older Pythons build wheels of their own version: none refused
            if minor > floor and _LOWEST_TARGET.get(tool) == minor:
                continue  # the tool cannot target the floor: its lowest is as close as it gets
            if minor < floor and _subtree_config(target, scope.scope):
                continue  # a folder's own config held below the floor: code run by older Pythons
            if FOR_NAMED_FILES in target.context:
                continue  # a hook for a few named modules, kept for their own Python
            if _side_folder_config(target, scope.scope):
                continue  # docs, examples, scripts: code the package does not ship
            if minor > floor and lowest.get(tool, minor) <= floor:
                continue  # the code held to the floor has its own config in its folder
            yield finding(
                NAME,
                SEVERITY,
                target,
                f"{target.context or 'tool target'} {target.raw} ({target.where}) targets "
                f"{minor} but the floor of {range_name(range_declaration)} is {floor}",
                [range_declaration],
            )
            break


def _lowest_subtree_targets(scope: ScopeInput) -> dict[str, Minor]:
    """Each tool's lowest target among the standalone configs of folders below the scope's
    root (`python/ruff.toml` beside a root `ruff.toml` for the repository's scripts)."""
    lowest: dict[str, Minor] = {}
    for declaration in scope.declarations:
        minor = cpython_minor(declaration, scope.today)
        if declaration.role is Role.TARGET and minor and _subtree_config(declaration, scope.scope):
            tool = declaration.context.split(" ", 1)[0]
            lowest[tool] = min(lowest.get(tool, minor), minor)
    return lowest


def _subtree_config(target: Declaration, scope: str) -> bool:
    """A standalone tool config (`ruff.toml`, `mypy.ini`) in a folder below the scope's root:
    it configures that folder's code only, which may be scripts that other Pythons run."""
    folder = posixpath.dirname(target.file) or "."
    return target.source == _TOOL_CONFIG and folder != scope


_SIDE_FOLDERS = frozenset(
    {
        "docs",
        "doc",
        "examples",
        "example",
        "scripts",
        "tools",
        "benchmarks",
        "bench",
        "playground",
        "demo",
        "demos",
        "samples",
    }
)


def _side_folder_config(target: Declaration, scope: str) -> bool:
    """A tool config of its own (a standalone file, or a pyproject.toml of only tool tables,
    which makes no scope) in a folder of docs, examples, scripts or benchmarks below the
    scope's root: it sets the target of that folder's code, which the package does not ship
    and which may run on another Python (datamodel-code-generator's browser playground under
    `docs/assets/playground/`, ruff `py314` for code Pyodide runs)."""
    folder = posixpath.dirname(target.file)
    if target.source not in (_TOOL_CONFIG, "pyproject") or folder in ("", scope):
        return False
    below = folder if scope == "." else folder.removeprefix(scope + "/")
    return not _SIDE_FOLDERS.isdisjoint(below.split("/"))


def _targets(scope: ScopeInput) -> Iterator[Declaration]:
    """Each single target, and the lowest entry of a target list (black)."""
    groups: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if declaration.role is not Role.TARGET:
            continue
        if not declaration.group:
            yield declaration
        else:
            groups[declaration.group].append(declaration)
    for entries in groups.values():
        known = [d for d in entries if cpython_minor(d, scope.today) is not None]
        if known:
            yield min(known, key=lambda d: cpython_minor(d, scope.today) or (0, 0))
