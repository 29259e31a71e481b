"""## classifier-mismatch (warning)

**What it does.** Compares the `Programming Language :: Python :: 3.X` classifiers
(`pyproject.toml`, `setup.cfg`, `setup.py`) with the supported range of the same scope. It
fires when a classifier names a minor the range does not admit, and when a released minor
the range admits is missing between the lowest and the highest classifier (or, when the
range has an upper bound, anywhere from its floor to its ceiling; a range with no lower
bound, such as `<3.13`, has no floor, so from the lowest classifier to its ceiling). A
package that lists 2.x and 3.y classifiers does not lack the 3.x before 3.y: `>=2.7` is the
usual shorthand of "2.7, and 3.y on".

**Why it matters.** Classifiers are what PyPI shows and what tools such as
`check-python-versions` and many badges read; the range is what pip enforces. When they
disagree, users are told one thing and get another.

**Example.** `requires-python = ">=3.10"` with classifiers for 3.9, 3.10 and 3.12:
`classifier 3.9 (pyproject.toml:14) is outside requires-python >=3.10 (pyproject.toml:5)`
(several such classifiers of one list are one finding: `classifiers 3.8 and 3.9
(pyproject.toml:13, :14) are outside ...`) and `the classifiers of pyproject.toml lack
3.11, which requires-python >=3.10 (pyproject.toml:5) admits`.

**How to fix.** List exactly the minors you support, or change the range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from pyparity.model import PYTHON_3_RANGE, Declaration, Finding, Minor, Role, Severity
from pyparity.releases import load
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding
from pyparity.rules._tested import (
    CLASSIFIERS,
    admits,
    cpython_minor,
    floor_of,
    listed,
    range_name,
    ranges,
)

NAME = "classifier-mismatch"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    declared_ranges = ranges(scope.declarations)
    if not declared_ranges:
        return
    for entries in _classifier_groups(scope).values():
        for range_declaration in declared_ranges:
            yield from _outside(entries, range_declaration, scope)
            yield from _missing(entries, range_declaration, scope)


def _outside(
    entries: list[Declaration], range_declaration: Declaration, scope: ScopeInput
) -> Iterator[Finding]:
    """One finding a list: its classifiers the range refuses are one stale list to edit
    (flower's baselines each listed 3.8, 3.9 and 3.11 under `>=3.10,<3.11`)."""
    python_3_only = PYTHON_3_RANGE in range_declaration.context
    refused: list[tuple[Minor, Declaration]] = []
    for entry in entries:
        minor = cpython_minor(entry, scope.today)
        if minor is None or (python_3_only and minor.major == 2):
            continue  # Debian's X-Python3-Version says nothing of the Python 2 package
        if not admits(range_declaration, minor):
            refused.append((minor, entry))
    if not refused:
        return
    first = refused[0][1]
    if len(refused) == 1:
        said = f"classifier {refused[0][0]} ({first.where}) is"
    else:
        lines = "".join(f", :{entry.span.line}" for _, entry in refused[1:])
        said = f"classifiers {listed(m for m, _ in refused)} ({first.where}{lines}) are"
    yield finding(
        NAME,
        SEVERITY,
        first,
        f"{said} outside {range_name(range_declaration)}",
        [range_declaration, *(entry for _, entry in refused[1:])],
    )


def _missing(
    entries: list[Declaration], range_declaration: Declaration, scope: ScopeInput
) -> Iterator[Finding]:
    missing = missing_minors(entries, range_declaration, scope.today)
    if missing:
        yield finding(
            NAME,
            SEVERITY,
            entries[0],
            f"the classifiers of {entries[0].file} lack {listed(missing)}, which "
            f"{range_name(range_declaration)} admits",
            [range_declaration],
        )


def missing_minors(
    entries: Sequence[Declaration], range_declaration: Declaration, today: date
) -> list[Minor]:
    """The released minors the range admits that the classifiers leave out: between the
    lowest and the highest classifier, or with a ceiling, from the floor to it."""
    listed_minors = {m for d in entries if (m := cpython_minor(d, today)) is not None}
    requirement = range_declaration.requirement
    admitted_minors = requirement.minors if requirement else ()
    admitted = [m for m in load().released_by(today) if m in admitted_minors]
    if not listed_minors or not admitted:
        return []
    if _has_upper_bound(range_declaration):
        # With no lower bound (`<3.13`) the range has no floor: start at the lowest classifier.
        low = admitted[0] if floor_of(range_declaration) else min(listed_minors)
        high = admitted[-1]
    elif len(listed_minors) >= 2:
        low, high = min(listed_minors), max(listed_minors)
    else:
        return []
    # A package that also lists 2.x does not lack the 3.x before its first 3.x classifier:
    # `>=2.7` is the usual shorthand of "2.7, and 3.4 on" (Sublist3r, fmriprep's wrapper),
    # and no installer that reads Requires-Python runs on 3.0 to 3.2.
    beside_2 = any(m.major == 2 for m in listed_minors)
    first_3 = min((m for m in listed_minors if m.major == 3 and beside_2), default=None)
    return [
        m
        for m in admitted
        if low <= m <= high
        and m not in listed_minors
        and not (first_3 is not None and m.major == 3 and m < first_3)
    ]


def classifier_gaps(scope: ScopeInput) -> set[Minor]:
    """The minors this rule says the scope's classifiers lack (for `matrix-mismatch`, which
    then does not say it again against the CI)."""
    declared_ranges = ranges(scope.declarations)
    gaps: set[Minor] = set()
    for entries in _classifier_groups(scope).values():
        for range_declaration in declared_ranges:
            gaps.update(missing_minors(entries, range_declaration, scope.today))
    return gaps


def _classifier_groups(scope: ScopeInput) -> dict[str, list[Declaration]]:
    groups: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if declaration.role is Role.MATRIX and declaration.group.endswith(CLASSIFIERS):
            groups[declaration.group].append(declaration)
    return groups


def _has_upper_bound(range_declaration: Declaration) -> bool:
    """Whether the range stops before the newest minor the release data knows."""
    newest: Minor = load().minors[-1]
    return not admits(range_declaration, newest)
