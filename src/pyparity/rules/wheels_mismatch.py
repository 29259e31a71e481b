"""## wheels-mismatch (warning)

**What it does.** Compares the CPython wheels cibuildwheel builds (`CIBW_BUILD` in a
workflow, `[tool.cibuildwheel] build` in `pyproject.toml`, less `skip` and outside
`CIBW_PROJECT_REQUIRES_PYTHON` or `requires-python`), and those a maturin release build
makes (`maturin-action`'s `args: --interpreter 3.11 3.12`, over the job's matrix), with the
classifiers and the supported range of the scope (the package's: a conda recipe's or a
Debian package's range is another packaging's, built without these wheels). It fires when a
classifier names a released minor no wheel is built for, when the classifiers leave out a
released minor wheels are built for, and when the range admits a released minor between its
floor and the newest wheel that has no wheel. The wheels are all the scope's wheel sets
together (a pull-request job that builds one wheel to see the extension compile takes none
away from the release list). A workflow that builds the compiled wheels and also a
pure-Python one (`python -m build` or `uv build` without `--sdist`) serves every other
admitted Python with it: no classifier or range minor lacks a wheel then. Without an
explicit build list (`build` unset, `*`, `cp3*-*`) cibuildwheel builds every version the
range admits, and the rule says nothing. A wheel tagged for a stable ABI (`py_limited_api =
cp38`, pyo3's `abi3-py38`, scikit-build-core's `wheel.py-api = "cp38"` or `"py37"`) installs
on its floor and every later minor: those have a wheel; so does every minor above a single
CPython built at the lowest the package claims (rtree's `build = "cp310-*"`: a wheel for no
ABI, or the stable one), and every minor at all where the `setup.py` builds no extension
module and only tags its wheel for the platform (pyscf sets `bdist_wheel`'s `plat_name` for
CMake libraries it loads with ctypes: a `py3-none-<platform>` wheel). Several builds of one
Python each (manual one-off workflows) are not a release list, and what they lack is not
reported. Runtime pins are not compared.

**Why it matters.** A user on a Python the package claims but ships no wheel for gets the
source distribution: a compiler toolchain, a long install or a failed one.

**Example.** Classifiers for 3.10 to 3.14 with `CIBW_BUILD: "cp310-* cp311-* cp312-*
cp313-*"`: `classifier 3.14 (pyproject.toml:20) has no wheel: cibuildwheel
(.github/workflows/wheels.yml:15) builds 3.10, 3.11, 3.12 and 3.13`.

**How to fix.** Add the missing `cpXY-*` patterns (or use `cp3*-*` and let `requires-python`
decide), or drop the classifier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import (
    STABLE_ABI,
    VERSIONLESS_WHEEL,
    Declaration,
    Finding,
    Minor,
    Purpose,
    Role,
    Severity,
)
from pyparity.releases import load
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding
from pyparity.rules._tested import (
    CLASSIFIERS,
    admits,
    cpython_minor,
    floor_of,
    is_classifier,
    is_trial,
    is_wheels,
    listed,
    project_ranges,
    range_name,
    wheel_builder,
)

NAME = "wheels-mismatch"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    groups: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if is_wheels(declaration):
            groups[declaration.group].append(declaration)
    # What users can install is every wheel set's together: a test job's one-version
    # `CIBW_BUILD` beside the release build's list takes no wheel away.
    built: dict[Minor, Declaration] = {}
    for entries in sorted(groups.values(), key=len, reverse=True):
        for declaration in entries:
            if (minor := cpython_minor(declaration, scope.today)) is not None:
                built.setdefault(minor, declaration)
    if built and not _pure_wheel_beside(scope, groups) and not _one_offs(scope, groups):
        biggest = next(iter(built.values()))
        installs_on = set(built) | _from_a_stable_abi_floor(scope) | _one_for_all(groups, scope)
        if any(d.note == VERSIONLESS_WHEEL for d in scope.declarations):
            installs_on |= set(load().released_by(scope.today))  # (a `py3-none` wheel)
        yield from _classifiers_without_wheels(scope, biggest, installs_on)
        yield from _range_without_wheels(scope, biggest, installs_on)
    yield from _wheels_without_classifiers(scope, list(groups.values()))


def _one_for_all(groups: dict[str, list[Declaration]], scope: ScopeInput) -> set[Minor]:
    """Every released minor from the one CPython (with the GIL) that every wheel set builds,
    when it is the lowest the package claims: one build at the floor for a package that
    claims several makes a wheel for all of them, tagged for the stable ABI or for no
    ABI (rtree's `build = "cp310-*"`, a ctypes wrapper whose wheels are `py3-none`;
    PyTables' `cp311-* cp314t-*`, `cp311-abi3` and a free-threaded one)."""
    gil = {
        minor
        for entries in groups.values()
        for d in entries
        if not _FREE_THREADED.search(d.raw) and (minor := cpython_minor(d, scope.today))
    }
    if len(gil) != 1:
        return set()
    [only] = gil
    if only not in _lowest_claimed(scope):
        return set()  # one build above the floor: a wheel of its own version, most likely
    return _released_from(only, scope)


def _lowest_claimed(scope: ScopeInput) -> set[Minor]:
    """The lowest classifier's minor and each range's floor."""
    classifiers = [
        minor
        for d in scope.declarations
        if is_classifier(d) and (minor := cpython_minor(d, scope.today)) is not None
    ]
    floors = {
        floor for r in project_ranges(scope.declarations) if (floor := floor_of(r)) is not None
    }
    return floors | ({min(classifiers)} if classifiers else set())


_FREE_THREADED = lazy_re.compile(r"3\.?\d{1,2}t")


def _one_offs(scope: ScopeInput, groups: dict[str, list[Declaration]]) -> bool:
    """Several wheel builds of one Python each (hdbscan's three manual Windows workflows,
    `CIBW_BUILD: cp312-win_amd64` in one, cp310 and cp313 in the others): builds made by
    hand, one at a time, not the release's list, which lies elsewhere (a loop over
    manylinux's interpreters, another CI). What they lack is not evidence."""
    return len(groups) >= 2 and all(
        len({cpython_minor(d, scope.today) for d in entries} - {None}) == 1
        for entries in groups.values()
    )


def _from_a_stable_abi_floor(scope: ScopeInput) -> set[Minor]:
    """The released minors a wheel tagged for a stable ABI installs on: its floor and every
    later one (`cp38-abi3`; scikit-build-core's `wheel.py-api = "py37"`, a wheel of no
    Python ABI at all: deepmd-kit builds one cp311 wheel per platform for 3.10 to 3.13)."""
    floors = [
        minor
        for d in scope.declarations
        if d.role is Role.TARGET
        and d.context.startswith(STABLE_ABI)
        and (minor := cpython_minor(d, scope.today)) is not None
    ]
    return _released_from(min(floors), scope) if floors else set()


def _released_from(first: Minor, scope: ScopeInput) -> set[Minor]:
    """The released minors from `first` on: those a wheel for `first` and later installs on."""
    return {minor for minor in load().released_by(scope.today) if minor >= first}


def _pure_wheel_beside(scope: ScopeInput, groups: dict[str, list[Declaration]]) -> bool:
    """Does a workflow that builds the compiled wheels also build a pure-Python one
    (`python -m build` or `uv build` without `--sdist`, in falcon's case with
    `FALCON_DISABLE_CYTHON=Y`)?"""
    files = {d.file for entries in groups.values() for d in entries}
    return any(
        declaration.file in files
        and declaration.purpose is Purpose.TOOLING
        and _builds_a_wheel(declaration.context or "")
        for declaration in scope.declarations
    )


def _builds_a_wheel(context: str) -> bool:
    """A job's reason naming a build frontend run without `--sdist`: `... (python -m build)`."""
    start = context.rfind("(")
    if start < 0 or not context.endswith(")"):
        return False
    words = context[start + 1 : -1].split()
    frontend = words[1:3] == ["-m", "build"] and words[0] in {"python", "python3"}
    frontend = frontend or words[:2] == ["uv", "build"]
    return frontend and "--sdist" not in words and "-s" not in words


def _classifiers_without_wheels(
    scope: ScopeInput, builder: Declaration, built: set[Minor]
) -> Iterator[Finding]:
    for declaration in scope.declarations:
        if declaration.role is not Role.MATRIX or not declaration.group.endswith(CLASSIFIERS):
            continue
        minor = cpython_minor(declaration, scope.today)
        if minor is None or minor in built or is_trial(declaration, scope.today):
            continue
        yield finding(
            NAME,
            SEVERITY,
            declaration,
            f"classifier {minor} ({declaration.where}) has no wheel: "
            f"{wheel_builder(builder)} ({builder.where}) builds {listed(built)}",
            [builder],
        )


def _range_without_wheels(
    scope: ScopeInput, builder: Declaration, built: set[Minor]
) -> Iterator[Finding]:
    released = load().released_by(scope.today)
    for range_declaration in project_ranges(scope.declarations):
        floor = floor_of(range_declaration)
        if floor is None:
            continue
        missing = [
            m
            for m in released
            if floor <= m <= max(built) and m not in built and admits(range_declaration, m)
        ]
        if missing:
            yield finding(
                NAME,
                SEVERITY,
                builder,
                f"{wheel_builder(builder)} ({builder.where}) builds no wheel for "
                f"{listed(missing)}, "
                f"which {range_name(range_declaration)} admits",
                [range_declaration],
            )


def _wheels_without_classifiers(
    scope: ScopeInput, groups: list[list[Declaration]]
) -> Iterator[Finding]:
    """Released minors the scope's wheel sets build that its classifier list leaves out:
    once per classifier list, on its first entry (previews and trials are not counted)."""
    released = set(load().released_by(scope.today))
    built: dict[Minor, Declaration] = {}
    for entries in groups:
        for declaration in entries:
            minor = cpython_minor(declaration, scope.today)
            if minor is None or minor not in released or is_trial(declaration, scope.today):
                continue
            if minor not in built or _place(declaration) < _place(built[minor]):
                built[minor] = declaration
    lists: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if declaration.role is Role.MATRIX and declaration.group.endswith(CLASSIFIERS):
            lists[declaration.group].append(declaration)
    for classifiers in lists.values():
        claimed = {m for d in classifiers if (m := cpython_minor(d, scope.today)) is not None}
        missing = sorted(m for m in built if m not in claimed)
        if not claimed or not missing:
            continue
        first = min(classifiers, key=_place)
        builders = list(dict.fromkeys(built[m] for m in missing))
        yield finding(
            NAME,
            SEVERITY,
            first,
            f"the classifiers ({first.where}) leave out {listed(missing)}, which "
            f"{wheel_builder(builders[0])} ({builders[0].where}) builds wheels for",
            builders,
        )


def _place(declaration: Declaration) -> tuple[str, int, int]:
    return declaration.file, declaration.span.line, declaration.span.column
