"""The lowest minor each scope's declarations admit, and the declarations that admit it.

Counted: pins (runtime and build), ranges (their floor), test matrices and tool targets. A
floating spelling (`3.x`) counts as the minor it means today. Not counted: tooling pins (a
lint job runs its tools, not the project's code), unresolved values, ranges with no lower
bound (`<3.13`, `!=3.0.*` admit every old Python only because they say nothing about it), and
Python 2 (a range from 2.7 is judged on its first Python 3 minor).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyparity.model import Declaration, Minor, Purpose, Role
from pyparity.sources._cibuildwheel import WHEELS_GROUP
from pyparity.versions import effective_minor, has_lower_bound

# Which declaration a message names first: the supported range is the contract.
_PREFERENCE = (Role.RANGE, Role.PIN, Role.MATRIX, Role.TARGET, Role.FLOATING)


@dataclass(frozen=True, slots=True, kw_only=True)
class Floor:
    minor: Minor
    declarations: tuple[Declaration, ...]  # every one admitting `minor`, the one to name first


def floors(declarations: Iterable[Declaration], today: dt.date) -> dict[str, Floor]:
    """Scope name -> its floor; a scope with no countable declaration has none."""
    by_scope: dict[str, list[tuple[Minor, Declaration]]] = defaultdict(list)
    for declaration in declarations:
        minor = lowest_admitted(declaration, today)
        if minor is not None:
            by_scope[declaration.scope].append((minor, declaration))
    result = {}
    for scope, admitted in by_scope.items():
        lowest = min(minor for minor, _ in admitted)
        at_floor = [d for minor, d in admitted if minor == lowest]
        at_floor.sort(key=lambda d: (_PREFERENCE.index(d.role), d.file, d.line))
        result[scope] = Floor(minor=lowest, declarations=tuple(at_floor))
    return result


def lowest_admitted(declaration: Declaration, today: dt.date) -> Minor | None:
    requirement = declaration.requirement
    if requirement is None or declaration.role not in _PREFERENCE:
        return None
    if declaration.purpose is Purpose.TOOLING or declaration.group.endswith(WHEELS_GROUP):
        return None  # cibuildwheel skips what requires-python excludes: built, not declared
    if requirement.floating:
        return effective_minor(requirement, today)
    if declaration.role is Role.RANGE and not has_lower_bound(requirement.specifier):
        return None
    return next((minor for minor in requirement.minors if minor.major >= 3), None)
