"""The lowest minor each scope supports, and the declarations that say so.

The floor is the supported range's, read in this order (the first that says something wins):

1. the package's range: `requires-python`, Poetry's `python`, `python_requires` (its lower
   bound; a range with none, `<3.13`, says nothing);
2. else its classifiers (the lowest listed);
3. else the lowest runtime pin outside CI: `.python-version`, `runtime.txt`, Pipfile, the
   final Docker stage, compose, devcontainer, conda, mise/asdf, serverless runtimes (an
   application that declares nothing else).

Never counted: CI jobs and matrices, tox and nox environments, tool targets (ruff, mypy),
tooling and build pins, unresolved values, Pythons installed side by side for a test runner.
They say which Pythons run the tests or the tools, not which the code promises to run on; a
disagreement between them and the range is other rules' business. A floating spelling
(`python:3`) counts as the minor it means today; Python 2 does not count (a range from 2.7
is judged on its first Python 3 minor that an installer honouring `Requires-Python` runs on,
3.3).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pyparity.model import SIDE_BY_SIDE, Declaration, Minor, Purpose, Role
from pyparity.records import record
from pyparity.rules._shared import CI_SOURCES
from pyparity.sources._cibuildwheel import WHEELS_GROUP
from pyparity.versions import effective_minor, has_lower_bound

# Package metadata that carries the supported range and the classifiers.
_METADATA_SOURCES = frozenset({"pyproject", "setup-py", "setup-cfg"})
# What runs the tests, the tools or the builds: never the floor.
_CI_AND_TOOL_SOURCES = CI_SOURCES | {"tox", "noxfile", "hatch", "pre-commit", "readthedocs"}


# Which declaration a message names first, among those that decide the floor.
_PREFERENCE = (Role.RANGE, Role.MATRIX, Role.PIN, Role.FLOATING, Role.TARGET)


@record
class Floor:
    """`declarations`: those that decide `minor` first, then every other one that admits it
    (a CI job or a tool target on the same minor would have to move with the range)."""

    minor: Minor
    declarations: tuple[Declaration, ...]


def floors(declarations: Iterable[Declaration], today: dt.date) -> dict[str, Floor]:
    """Scope name -> its floor; a scope that declares no supported Python has none."""
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in declarations:
        by_scope[declaration.scope].append(declaration)
    result = {}
    for scope, declared in by_scope.items():
        floor = scope_floor(declared, today)
        if floor is not None:
            result[scope] = floor
    return result


def scope_floor(declarations: Iterable[Declaration], today: dt.date) -> Floor | None:
    admitted = [
        (minor, d) for d in declarations if (minor := lowest_admitted(d, today)) is not None
    ]
    for decides in (is_supported_range, is_classifier, is_runtime_pin):
        deciding = [(minor, d) for minor, d in admitted if decides(d)]
        if deciding:
            lowest = min(minor for minor, _ in deciding)
            first = sorted((d for m, d in deciding if m == lowest), key=_order)
            named = {id(d) for d in first}
            also = sorted(
                (d for m, d in admitted if m == lowest and id(d) not in named), key=_order
            )
            return Floor(minor=lowest, declarations=(*first, *also))
    return None


def is_supported_range(declaration: Declaration) -> bool:
    return declaration.role is Role.RANGE and declaration.source in _METADATA_SOURCES


def is_classifier(declaration: Declaration) -> bool:
    return (
        declaration.role is Role.MATRIX
        and declaration.source in _METADATA_SOURCES
        and declaration.context == "classifiers"
    )


def is_runtime_pin(declaration: Declaration) -> bool:
    """`.python-version`, a Dockerfile's final stage, compose: what an application runs on."""
    if declaration.source in _CI_AND_TOOL_SOURCES | _METADATA_SOURCES:
        return False  # CI, tox, nox, hatch environments, cibuildwheel builds
    if declaration.role is Role.RANGE:
        return True  # conda's `python>=3.10`
    return declaration.role in {Role.PIN, Role.FLOATING} and declaration.purpose in {
        Purpose.RUNTIME,
        None,
    }


def lowest_admitted(declaration: Declaration, today: dt.date) -> Minor | None:
    """The lowest Python 3 minor a declaration admits; None for tooling pins and cibuildwheel
    builds (built where requires-python allows, not declared) and what says nothing."""
    requirement = declaration.requirement
    if requirement is None or declaration.role not in _PREFERENCE:
        return None
    if declaration.purpose is Purpose.TOOLING or declaration.group.endswith(WHEELS_GROUP):
        return None
    if SIDE_BY_SIDE in declaration.context:
        return None  # installed for a test runner to pick, beside the Python that runs
    if requirement.floating:
        return effective_minor(requirement, today)
    if declaration.role is Role.RANGE and not has_lower_bound(requirement.specifier):
        return None
    first = next((minor for minor in requirement.minors if minor.major >= 3), None)
    if first is not None and requirement.minors[0].major < 3:
        return max(first, _FIRST_PYTHON_3_OF_A_PYTHON_2_RANGE)
    return first


# A range from Python 2 (`>=2.7`) admits 3.0 to 3.2 on paper only: no installer that honours
# `Requires-Python` runs there (pip 9, the first, supports 2.6, 2.7 and 3.3+), so such a range
# is judged on 3.3 (fmriprep's wrapper imports `argparse`, which 3.0 and 3.1 lack).
_FIRST_PYTHON_3_OF_A_PYTHON_2_RANGE = Minor(3, 3)


def _order(declaration: Declaration) -> tuple[int, str, int]:
    return (_PREFERENCE.index(declaration.role), declaration.file, declaration.line)
