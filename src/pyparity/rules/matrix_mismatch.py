"""## matrix-mismatch (warning)

**What it does.** Compares the test sets a scope declares: the CI matrix (all CI test jobs
together, matrices and single jobs), each tox env list, the nox sessions, the hatch matrices
of a file (its test environments' `[[tool.hatch.envs.<env>.matrix]]` `python` lists
together) and the classifiers. Two sets that list different CPython minors are flagged, once
per pair, on the first entry of the smaller set; the message says which minors each lacks.
Sets that test exactly the same minors count once (a tox env list that mirrors the CI matrix
does not repeat the CI's disagreement with the classifiers), and a set that lacks minors of
several others is one finding that names them all (a stale tox list beside the CI and the
classifiers), what it lacks of each where that differs. A set of one minor is a pin,
not a set, and is left out; so are lint or docs jobs and tox envs with no Python factor. A
set does not lack a minor it only tries (a preview, a job allowed to fail, a CI job whose
purpose cannot be told), nor one the CI only tries (the tox env such a job runs), nor a
floor nothing tests (`matrix-misses-floor` says so), the classifiers do not lack a minor
the range admits within them (`classifier-mismatch` says so), and CI (or a set that samples
every other minor, 3.10, 3.12, 3.14, as such CI does) that tests a range's edges does
not lack the minors between them (testing the edges is a choice; so is a tox, nox or hatch
set of two minors, the oldest and the newest the other set has), nor a minor the range
refuses (a stale classifier is `classifier-mismatch`'s, a stale tox env or CI job
`outside-range`'s); a CI entry that
cannot be resolved is left out (its `unresolved` notice says so): the other sets are still
compared with what the CI is known to test, but while part of the CI is unknown, nothing is
said of what it lacks.

**Why it matters.** Several lists of "the Pythons we test" drift apart one edit at a
time: CI gains 3.13 while tox still stops at 3.12, so local runs never see what CI tests,
or classifiers promise a version nothing tests.

**Example.** CI tests 3.10 to 3.13 and `tox.ini` has `envlist = py3{10,11,12}`:
`the tox env list of tox.ini (tox.ini:2) lacks 3.13, which the CI matrix
(.github/workflows/ci.yml:14) has`.

**How to fix.** Make the lists agree, ideally by deriving one from the other (for example
a CI matrix that runs tox with `tox-gh-actions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, pairwise

from pyparity.model import Declaration, Finding, Minor, Severity
from pyparity.records import record
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, is_uncertain
from pyparity.rules._tested import (
    CLASSIFIERS,
    OLDEST_WHEELS,
    TestedSet,
    admits,
    every_wheel_tested,
    listed,
    ranges,
    tested_sets,
)
from pyparity.rules.classifier_mismatch import classifier_gaps
from pyparity.rules.matrix_misses_floor import untested_floors

NAME = "matrix-mismatch"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    sets = tested_sets(scope.declarations, scope.today)
    if len(sets) < 2:
        return  # no two sets to compare (most scopes): what either may lack is not asked
    refused = _refused({m for one in sets for m in one.minors}, ranges(scope.declarations))
    # A minor the CI only tries (a job allowed to fail on the newest Python) is tried by the
    # tox or nox env that job runs too: no other set lacks it (pytest-bdd's `py3.15` env of
    # its `3.15-dev` job, which the classifiers leave out until it is stable).
    refused |= {m for one in sets if one.kind == "ci" for m in one.tried - one.minors}
    # A floor nothing tests, which the classifiers list: `matrix-misses-floor` says it once.
    refused |= untested_floors(scope)
    # What the classifiers lack that the range admits is `classifier-mismatch`'s to say
    # (cwltool's 3.15 under `<3.16`): not said again against the CI that tests it.
    said = _Said(refused, frozenset(classifier_gaps(scope)), every_wheel_tested(scope))
    # One set that lacks the same minors of several others (a stale tox list beside the CI
    # and the classifiers) is one finding that names them all, then what each of them lacks;
    # one that lacks different minors of several others is still one finding, on its line.
    disagreements: dict[int, tuple[Alike, dict[frozenset[Minor], list[Alike]]]] = {}
    for left, right in combinations(_alike(sets), 2):
        left_lacks = bool(_lacking(left[0], right[0], said))
        right_lacks = bool(_lacking(right[0], left[0], said))
        if not (left_lacks or right_lacks):
            continue
        # The finding sits on the set that lacks something (the smaller, when both do).
        if left_lacks != right_lacks:
            smaller, larger = (left, right) if left_lacks else (right, left)
        else:
            smaller, larger = (
                (left, right) if len(left[0].minors) < len(right[0].minors) else (right, left)
            )
        lacked = frozenset(_lacking(smaller[0], larger[0], said))
        by_lacked = disagreements.setdefault(id(smaller[0]), (smaller, {}))[1]
        by_lacked.setdefault(lacked, []).append(larger)
    for smaller, by_lacked in disagreements.values():
        yield finding(
            NAME,
            SEVERITY,
            smaller[0].first,
            _message(smaller, by_lacked, said),
            # The places the message names: the larger side's entry that has what is lacked.
            [
                *(
                    _cited(one, set(lacked))
                    for lacked, others in by_lacked.items()
                    for group in others
                    for one in group
                ),
                *(one.first for one in smaller[1:]),
            ],
        )


def _refused(minors: set[Minor], range_declarations: list[Declaration]) -> set[Minor]:
    """The minors the project's range does not admit: a classifier of one is stale
    (`classifier-mismatch` says so), not a Python the other sets should test."""
    return {m for m in minors if any(not admits(r, m) for r in range_declarations)}


# Which of several sets that test the same minors is named first: the CI, the classifiers.
_NAMED_FIRST = ("ci", CLASSIFIERS)

Alike = list[TestedSet]
"""Sets that test exactly the same minors: one side of a disagreement, named together."""


def _alike(sets: list[TestedSet]) -> list[Alike]:
    """Sets grouped by content: when tox runs exactly what the CI runs, classifiers that
    differ from both are one disagreement with one finding that names both."""
    groups: dict[tuple[frozenset[Minor], frozenset[Minor], bool], Alike] = {}
    for one in sets:
        groups.setdefault((one.minors, one.tried, one.incomplete), []).append(one)
    return [sorted(group, key=_rank) for group in groups.values()]


def _rank(one: TestedSet) -> int:
    return _NAMED_FIRST.index(one.kind) if one.kind in _NAMED_FIRST else len(_NAMED_FIRST)


@record(kw_only=False)
class _Said:
    """Minors no set is said to lack (`refused`), and those the classifiers are not said to
    lack here because another rule says so (`classifier_gaps`)."""

    refused: set[Minor]
    classifier_gaps: frozenset[Minor]
    every_wheel_tested: bool = False
    """A cibuildwheel build of every version the range admits runs the tests on each wheel
    (igraph's `*-manylinux_x86_64` with `CIBW_TEST_COMMAND`): the CI tests them all."""


def _lacking(one: TestedSet, other: TestedSet, said: _Said) -> set[Minor]:
    """What `other` promises and `one` does not even try. CI that tests a range's edges and
    leaves minors between them out does so on purpose (each job costs minutes): those are
    not reported against the CI."""
    if one.incomplete:
        return set()  # part of it is unknown: it may well test what it seems to lack
    # A minor the range refuses is no gap in the set that leaves it out: the classifier or
    # the env that lists it is stale (`classifier-mismatch`, `outside-range` say so).
    lacking = set(other.minors - one.tried) - said.refused
    if one.kind == "ci" and said.every_wheel_tested:
        lacking = {m for m in lacking if m < OLDEST_WHEELS}
    if one.kind == CLASSIFIERS:
        lacking -= said.classifier_gaps
    if one.tried and (one.kind == "ci" or (one.kind != CLASSIFIERS and _on_purpose(one, other))):
        lacking = {m for m in lacking if not min(one.tried) < m < max(one.tried)}
    return lacking


def _on_purpose(one: TestedSet, other: TestedSet) -> bool:
    """A set that leaves minors out by choice: it samples the range, or it is the other
    set's edges (mplhep's nox sessions on the oldest and the newest, 3.11 and 3.14)."""
    return _sampled(one.tried) or _edges_of(one.tried, other.minors)


def _edges_of(tried: frozenset[Minor], others: frozenset[Minor]) -> bool:
    """Two minors, the oldest and the newest of the other set: its edges, tested on purpose
    (a developer's sessions), not a list that forgot the minors between."""
    return (
        len(tried) == 2 and bool(others) and min(tried) <= min(others) and max(tried) >= max(others)
    )


def _sampled(minors: frozenset[Minor]) -> bool:
    """Every other minor (3.10, 3.12, 3.14), or every third: a set that samples the range on
    purpose, as the CI that runs it does (a tox env list that mirrors such a matrix), not one
    that forgot a minor."""
    ordered = sorted(minors)
    if len(ordered) < 3 or len({m.major for m in ordered}) != 1:
        return False
    steps = {b.minor - a.minor for a, b in pairwise(ordered)}
    return len(steps) == 1 and steps.pop() >= 2


def _message(smaller: Alike, by_lacked: dict[frozenset[Minor], list[Alike]], said: _Said) -> str:
    """What `smaller` lacks, each minor with the sets that have it (minors that the same
    sets have named together, those most sets have first), then what each of them lacks of
    `smaller`."""
    holders: dict[Minor, list[Alike]] = {}
    for lacked, others in by_lacked.items():
        for minor in lacked:
            holders.setdefault(minor, []).extend(others)
    by_holders: dict[tuple[int, ...], tuple[list[Alike], set[Minor]]] = {}
    for minor, groups in sorted(holders.items()):
        key = tuple(sorted({id(group) for group in groups}))
        by_holders.setdefault(key, (groups, set()))[1].add(minor)
    clauses = []
    for groups, minors in sorted(by_holders.values(), key=lambda held: -len(held[0])):
        larger = [one for group in groups for one in group]
        has = "has" if len(larger) == 1 else "have"
        clauses.append(f"{listed(minors)}, which {_named(larger, minors)} {has}")
    verb = "lacks" if len(smaller) == 1 else "lack"
    parts = [f"{_named(smaller)} {verb} " + ", and ".join(clauses)]
    for others in by_lacked.values():
        for group in others:
            if lacking := _lacking(group[0], smaller[0], said):
                verb = "lacks" if len(group) == 1 else "lack"
                has = "has" if len(smaller) == 1 else "have"
                parts.append(
                    f"{_named(group)} {verb} {listed(lacking)}, "
                    f"which {_named(smaller, lacking)} {has}"
                )
    return "; ".join(parts)


def _named(group: Alike, having: set[Minor] | None = None) -> str:
    """Each set with the entry to cite: the first that declares what the other side lacks
    (umap's stale `.travis.yml` 3.10, not a workflow that tests 3.12; the job of a workflow
    that tests 3.15, not its first job's 3.10), else its first."""
    return " and ".join(f"{one.label} ({_cited(one, having).where})" for one in group)


def _cited(one: TestedSet, having: set[Minor] | None) -> Declaration:
    """The first entry that declares a minor of `having`, one that tests it before one that
    only may (a CI job whose purpose cannot be told: a plugin checker's Python)."""
    if not having:
        return one.first
    declaring = [entry for entry in one.entries if _declares(entry, having)]
    testing = [entry for entry in declaring if not is_uncertain(entry) and not entry.may_fail]
    return (testing or declaring or [one.first])[0]


def _declares(entry: Declaration, minors: set[Minor]) -> bool:
    requirement = entry.requirement
    return (
        requirement is not None
        and not requirement.floating
        and not minors.isdisjoint(requirement.minors)
    )
