"""What a scope tests: CI matrices, tox env lists, nox sessions, hatch matrices, classifiers.

Shared by the matrix and classifier rules. Test sets compare CPython minors only: a PyPy
entry tests another interpreter, a floating entry (`py3`, `3.x`) names no minor of its
own, and a preview (`3.15-dev`, `3.15.0rc1`, a minor not yet released) or a CI job allowed
to fail (`continue-on-error`) is an early look, not a promise the other lists must repeat.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from pyparity.model import (
    TOX_BESIDE_PY,
    WHEEL_TESTS,
    WHEELS_FOR_THE_RANGE,
    Declaration,
    Minor,
    Purpose,
    Role,
)
from pyparity.records import record
from pyparity.releases import load
from pyparity.rules._shared import CURRENT_CI, LEGACY_CI, minor_at
from pyparity.versions import admits_minor, has_lower_bound, minor_of

if TYPE_CHECKING:
    from pyparity.rules import ScopeInput

_CI_FILES = (".gitlab-ci.yml", ".gitlab-ci.yaml", ".travis.yml", "bitbucket-pipelines.yml")
_CI_FOLDERS = (
    ".github/",
    ".forgejo/",
    ".gitea/",
    ".circleci/",
    ".gitlab/",
    ".buildkite/",
    ".kokoro/",
)
# CI wherever the file is (an Azure template under tools/, `.woodpecker.yaml`)
_CI_SOURCES = ("workflow", "azure-pipelines", "woodpecker", "cloud-build", "cirrus-ci")

CLASSIFIERS = "classifiers"
TOX = "envlist"
NOX = "nox"
HATCH = "hatch"
WHEELS = "cibuildwheel"  # group suffix of the wheels cibuildwheel builds: built, not tested
MATURIN_WHEELS = "maturin"  # group suffix of the wheels a maturin release build makes


@record
class TestedSet:
    """One declared set of tested minors; `label` names it in messages. `minors` are the ones
    it promises; `tried` adds those it only tries or may test (previews, jobs allowed to
    fail, CI jobs whose purpose cannot be told): not evidence that it lacks them."""

    kind: str
    label: str
    entries: tuple[Declaration, ...]
    minors: frozenset[Minor]
    tried: frozenset[Minor] = frozenset()
    incomplete: bool = False
    """Some entry could not be resolved: what the set lacks is no evidence."""
    cited: int = 0

    @property
    def first(self) -> Declaration:
        """The entry to cite: the first that promises a minor, else the first."""
        return self.entries[self.cited]


def is_ci(declaration: Declaration) -> bool:
    return (
        _is_ci_file(declaration.file) or declaration.source in _CI_SOURCES or declaration.test_image
    )


@lru_cache(maxsize=4096)  # asked of each declaration by rule after rule; bounded
def _is_ci_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path.startswith(_CI_FOLDERS) or name in _CI_FILES or name.startswith("azure-pipelines")


def cpython_minor(declaration: Declaration, today: dt.date) -> Minor | None:
    requirement = declaration.requirement
    if requirement is None or requirement.floating or requirement.implementation != "cpython":
        return None
    return minor_at(declaration, today)


def is_preview(declaration: Declaration, today: dt.date) -> bool:
    """An exact pre-release (`3.15.0b2`, `3.15.0-beta.2`, `3.14.0rc2`: it stays one), or a
    minor not released by `today`. setup-python's `3.15-dev` and `3.15t-dev` are the latter
    until 3.15's release date, then 3.15 itself: it resolves them to `~3.15.0-0`, the newest
    3.15 build, which is then the release (`versions.py` reads them as the minor)."""
    requirement = declaration.requirement
    if requirement is None or requirement.implementation != "cpython":
        return False
    if requirement.version is not None and _is_pre_release(requirement.version):
        return True
    if requirement.unknown:  # `3.17-dev` when the data stops at 3.16: a Python still to come
        minor = minor_of(requirement.version or "")
        return minor is not None and minor > load().minors[-1]
    minor = cpython_minor(declaration, today)
    return minor is not None and minor not in load().released_by(today)


@cache
def _is_pre_release(version: str) -> bool:
    try:
        return Version(version).is_prerelease
    except InvalidVersion:
        return False


def is_trial(declaration: Declaration, today: dt.date) -> bool:
    """A preview, or a CI job allowed to fail: tried, not promised."""
    return is_preview(declaration, today) or declaration.may_fail


def is_classifier(declaration: Declaration) -> bool:
    """An entry of a classifier list: a minor the project claims, which no test need run."""
    return declaration.role is Role.MATRIX and declaration.group.endswith(f" {CLASSIFIERS}")


def is_wheels(declaration: Declaration) -> bool:
    return declaration.role is Role.MATRIX and declaration.group.endswith(
        (f" {WHEELS}", f" {MATURIN_WHEELS}")
    )


def wheel_builder(declaration: Declaration) -> str:
    """Which tool builds a wheel set: `cibuildwheel` or `maturin`."""
    return declaration.group.rsplit(" ", 1)[-1]


def unknown_ci_test(declarations: Iterable[Declaration]) -> bool:
    """A CI test job whose Python cannot be known (`${{ fromJSON(needs.x.outputs.pythons) }}`):
    the CI matrix as read is then incomplete, and what it lacks is not evidence."""
    return any(
        d.role is Role.UNRESOLVED and is_ci(d) and d.purpose is Purpose.RUNTIME
        for d in declarations
    )


def _called_for(declaration: Declaration) -> str:
    """The callee's line a value a caller passes (or an input's default) stands for:
    `.github/workflows/_tests.yml:112` of `..., for .github/workflows/_tests.yml:112 (job
    ...)`; "" for any other declaration."""
    if ", for " not in declaration.context:
        return ""
    return declaration.context.partition(", for ")[2].partition(" (")[0]


def partly_unknown_inputs(declarations: Iterable[Declaration]) -> set[str]:
    """Callee lines whose input some caller passes as what cannot be known (`${{
    vars.DEFAULT_PYTHON_VERSION }}`, dbt-adapters' integration tests): the input's default
    there (for the callers that leave it out) is not what those runs test."""
    return {
        target
        for d in declarations
        if d.role is Role.UNRESOLVED and is_ci(d) and (target := _called_for(d))
    }


def _default_of_unknown_input(declaration: Declaration, unknown_inputs: set[str]) -> bool:
    """An input's default where some caller passes what cannot be known; what other callers
    write out is still what they test (python-semantic-release's `'["3.8", "3.14"]'`)."""
    return (
        bool(unknown_inputs)
        and declaration.context.startswith(_DEFAULT_OF_INPUT)
        and _called_for(declaration) in unknown_inputs
    )


_DEFAULT_OF_INPUT = "default of input "  # (reusable_workflow.py's context of a default)


def left_behind_ci(declarations: Iterable[Declaration]) -> frozenset[str]:
    """The CI services whose files a project that runs its tests on another has most likely
    left (a `.travis.yml` beside an Azure matrix of 3.10 to 3.13: hdbscan's 3.6 to 3.9): what
    they list is not what CI tests. `outside-range` says such a file is left behind."""
    current = {
        d.requirement.minors[0]
        for d in declarations
        if d.source in CURRENT_CI
        and d.purpose is Purpose.RUNTIME
        and is_ci(d)
        and d.requirement is not None
        and d.requirement.minors
    }
    # Set aside only where the live CI tests a set of its own (two minors or more): beside
    # one live job on 3.10, a stale tox list is still best compared with what CI ever ran.
    return frozenset(LEGACY_CI) if len(current) >= 2 else frozenset()


def ci_matrix_groups(declarations: Iterable[Declaration]) -> dict[str, list[Declaration]]:
    """CI matrix entries of test jobs (not lint or docs jobs), by matrix; none when a CI test
    job's Python cannot be known, and not the entries of an input some caller passes as what
    cannot be known."""
    if unknown_ci_test(declarations := list(declarations)):
        return {}
    unknown_inputs = partly_unknown_inputs(declarations)
    stale = left_behind_ci(declarations)
    groups: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in declarations:
        if (
            declaration.role is Role.MATRIX
            and is_ci(declaration)
            and declaration.source not in stale
            and declaration.purpose is not Purpose.TOOLING
            and not is_wheels(declaration)
            and not _default_of_unknown_input(declaration, unknown_inputs)
        ):
            groups[declaration.group or declaration.where].append(declaration)
    return dict(groups)


def tested_minors(declarations: Iterable[Declaration], today: dt.date) -> set[Minor]:
    """The released CPython minors a scope's tests run or claim: CI test jobs (matrices,
    single jobs, test images), tox env lists, nox sessions, hatch matrices and classifiers.
    Trials and previews are left out; so are CI jobs whose purpose cannot be told."""
    minors: set[Minor] = set()
    declarations = list(declarations)
    stale = left_behind_ci(declarations)
    for declaration in declarations:
        if is_ci(declaration):
            tests = (
                declaration.source not in stale
                and declaration.role in (Role.MATRIX, Role.PIN)
                and declaration.purpose is Purpose.RUNTIME
                and not is_wheels(declaration)
            )
        else:
            tests = declaration.role is Role.MATRIX and _set_key(declaration) is not None
        minor = cpython_minor(declaration, today) if tests else None
        if minor is not None and not is_trial(declaration, today):
            minors.add(minor)
    return minors


def tested_sets(declarations: Iterable[Declaration], today: dt.date) -> list[TestedSet]:
    """The CI tests of a scope as one set (its test matrices and single test jobs), each tox
    env list, nox file, classifier list and file of hatch matrices (the test environments'
    matrices together, as for CI); sets of fewer than two minors are left out (one minor is a
    pin, not a set). A CI entry that cannot be resolved is left out of the CI set; the
    `unresolved` notice says so."""
    members = sorted(declarations, key=lambda d: (d.file, d.span.line, d.span.column))
    unknown_inputs = partly_unknown_inputs(members)
    stale = left_behind_ci(members)
    ci = [
        d
        for d in members
        if _ci_test(d)
        and d.source not in stale
        and not _default_of_unknown_input(d, unknown_inputs)
    ]
    sets = [_test_set("ci", "the CI matrix", ci, today, incomplete=unknown_ci_test(members))]
    by_group: dict[tuple[str, str], list[Declaration]] = defaultdict(list)
    incomplete: set[tuple[str, str]] = set()
    for declaration in members:
        if declaration.role not in (Role.MATRIX, Role.UNRESOLVED) or is_ci(declaration):
            continue
        key = _set_key(declaration)
        if key is None:
            continue
        if declaration.role is Role.UNRESOLVED:
            incomplete.add(key)  # a session list built by a function call: not all known
        else:
            by_group[key].append(declaration)
    for key, entries in by_group.items():
        if key not in incomplete:
            # a list that also runs `py` (on tox's own Python) may test any minor besides
            beside_py = any(TOX_BESIDE_PY in d.context for d in entries)
            label = _label(key[0], entries[0].file)
            sets.append(_test_set(key[0], label, entries, today, incomplete=beside_py))
    return [s for s in sets if len(s.minors) >= 2]


def _set_key(declaration: Declaration) -> tuple[str, str] | None:
    """(kind, what makes one set): hatch matrices by file, the others by group."""
    if f" {HATCH} " in declaration.group:
        if declaration.purpose is Purpose.TOOLING:
            return None
        return HATCH, declaration.file
    kind = declaration.group.rsplit(" ", 1)[-1]
    return (kind, declaration.group) if kind in {CLASSIFIERS, TOX, NOX} else None


def _ci_test(declaration: Declaration) -> bool:
    """A CI job's Python that may run the tests: a matrix entry or a single job's pin, not a
    lint, docs, packaging or build job, not a wheel build."""
    return (
        is_ci(declaration)
        and declaration.role in (Role.MATRIX, Role.PIN)
        and declaration.purpose in (Purpose.RUNTIME, Purpose.UNKNOWN)
        and not is_wheels(declaration)
    )


def _test_set(
    kind: str,
    label: str,
    entries: list[Declaration],
    today: dt.date,
    *,
    incomplete: bool = False,
) -> TestedSet:
    minors: set[Minor] = set()
    tried: set[Minor] = set()
    cited = None
    for index, declaration in enumerate(entries):
        minor = cpython_minor(declaration, today)
        if minor is None:
            continue
        tried.add(minor)
        if not is_trial(declaration, today) and declaration.purpose is not Purpose.UNKNOWN:
            minors.add(minor)
            cited = index if cited is None else cited
    return TestedSet(
        kind=kind,
        label=label,
        entries=tuple(entries),
        minors=frozenset(minors),
        tried=frozenset(tried),
        incomplete=incomplete,
        cited=cited or 0,
    )


def _label(kind: str, file: str) -> str:
    what = {
        CLASSIFIERS: "classifier list",
        TOX: "tox env list",
        NOX: "nox session list",
        HATCH: "hatch matrix",
    }[kind]
    return f"the {what} of {file}"


def floor_of(range_declaration: Declaration) -> Minor | None:
    """The lowest minor a range admits; None for a range with no lower bound (`<3.13`)."""
    requirement = range_declaration.requirement
    if requirement is None or not requirement.minors:
        return None
    return requirement.minors[0] if has_lower_bound(requirement.specifier) else None


def admits(range_declaration: Declaration, minor: Minor) -> bool:
    requirement = range_declaration.requirement
    return (
        requirement is None
        or not requirement.specifier
        or admits_minor(requirement.specifier, minor)
    )


def ranges(declarations: Iterable[Declaration]) -> list[Declaration]:
    return [d for d in declared_ranges(declarations) if d.requirement and d.requirement.minors]


_OTHER_PACKAGINGS = frozenset({"debian", "conda-recipe", "meson"})
"""Ranges of another packaging of the project (a Debian package, a conda recipe, a meson
build): they say what that package needs of its Python, not what the project's code, its
tools and its wheels are held to."""


def project_ranges(declarations: Iterable[Declaration]) -> list[Declaration]:
    """`ranges` less those of another packaging of the project."""
    return [d for d in ranges(declarations) if d.source not in _OTHER_PACKAGINGS]


_PACKAGE_METADATA = frozenset({"pyproject", "setup-py", "setup-cfg"})
_ENVIRONMENTS = frozenset({"conda"})
"""A conda environment file's `python >=3.11`: the range of the environment it makes (for
development, the docs, some CI jobs), which may be narrower than the package's on purpose."""


def declared_ranges(declarations: Iterable[Declaration]) -> list[Declaration]:
    """The scope's ranges; a conda environment's only where no package metadata declares
    one and the file sits at the scope's top (an application described by its environment
    file alone). One in a sub-folder makes an environment for some task (mamba's
    `dev/environment-micromamba-static.yml` builds the C++ binary on `python >=3.12`)."""
    global _last_ranges
    if type(declarations) is not tuple:
        return list(_declared_ranges(declarations))
    asked, found = _last_ranges
    if asked is not declarations:
        found = _declared_ranges(declarations)
        _last_ranges = declarations, found
    return list(found)


_last_ranges: tuple[tuple[Declaration, ...] | None, tuple[Declaration, ...]] = (None, ())
"""The scope's declarations `declared_ranges` was last asked of, and its answer: eight rules
ask it of each scope in turn. One entry, held (so its `id` is not reused), keyed by
identity (a tuple's equality would compare every declaration)."""


def _declared_ranges(declarations: Iterable[Declaration]) -> tuple[Declaration, ...]:
    found = [d for d in declarations if d.role is Role.RANGE and d.requirement is not None]
    if any(d.source in _PACKAGE_METADATA for d in found):
        return tuple(d for d in found if d.source not in _ENVIRONMENTS)
    return tuple(d for d in found if d.source not in _ENVIRONMENTS or _at_scope_top(d))


def _at_scope_top(declaration: Declaration) -> bool:
    return (posixpath.dirname(declaration.file) or ".") == declaration.scope


def listed(minors: Iterable[Minor]) -> str:
    """`3.9`, `3.9 and 3.10`, `3.9, 3.10 and 3.11`."""
    names = [str(m) for m in sorted(minors)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def range_name(range_declaration: Declaration) -> str:
    """`requires-python >=3.9 (pyproject.toml:5)`."""
    what = range_declaration.context or "the supported range"
    return f"{what} {range_declaration.raw} ({range_declaration.where})"


OLDEST_WHEELS = Minor(3, 8)
"""The oldest CPython cibuildwheel 3 builds: a build with no selector makes a wheel of each
minor the range admits from here."""


def every_wheel_tested(scope: ScopeInput) -> bool:
    """A cibuildwheel build that selects no Python (every version the range admits), and a
    test command for it: in its environment, or in `[tool.cibuildwheel]`."""
    open_builds = [
        d
        for d in scope.declarations
        if d.role is Role.UNRESOLVED and d.note == WHEELS_FOR_THE_RANGE
    ]
    if not open_builds:
        return False
    return any(WHEEL_TESTS in d.context for d in open_builds) or any(
        d.role is Role.UNRESOLVED and d.note == WHEEL_TESTS for d in scope.declarations
    )
