"""## pin-mismatch (error)

**What it does.** Compares the pins that name the project's runtime in one scope: the
final stage of a Dockerfile, `.python-version`, `runtime.txt`, devcontainers, compose
services, and the Python the CI tests run on. Two that differ at minor precision are
drift. One disagreement is one finding: it sits on the pin that disagrees with the majority
(or with the `source-of-truth` file, when one is configured) and names the others; when no
minor has a majority, one finding on the first pin lists every side. The majority counts
files, not jobs: a `.python-version` that five CI jobs read is one vote. A pin the range
refuses is `outside-range`'s to report: it is not compared here, and outvotes nothing.

A project that tests or claims several minors (a CI matrix, tox env list, nox sessions or
classifiers naming two or more) supports a range: its CI jobs are that tested set, not pins
(`matrix-misses-pin` checks that the runtime is tested), and a pin that differs from one
other (a dev image kept at the floor, a demo image on the newest) is a choice within the
range; a pin that differs from the majority of the others is still drift: an error where
its minor or the majority's is one no test runs, a warning where the tests (not only the
classifiers) run both and every range admits them (what runs there is tested: a dev image
on the floor beside product images on a newer minor is as likely a choice as a build arg
left behind). A `.python-version` (and `.tool-versions`, if any, agreeing) on the floor of
the range, where the CI, tox or nox runs the tests on that floor and on newer minors, is
developing on the oldest supported Python on purpose: not compared. Floating spellings
(`python:3`) are not pins (`floating-version` reports them); CI jobs allowed to fail,
previews, and jobs that only lint, build docs or publish are not compared. A CI job whose
purpose cannot be told is compared at warning level only, not at all on the floor of the
project's range (an install check on the oldest Python it supports), nor with Bazel's
toolchains alone (Bazel fetches its own Python; such a job runs what runs outside it); such
jobs alone are compared only where a range says a project lives (not at a monorepo's root,
whose maintenance jobs each pick a Python).

**Why it matters.** Code that works in one place breaks in another: laptops on 3.9 while
Docker and CI run 3.11 lets `datetime.UTC` (3.11) reach main and fail on the laptops.

**Example.**

    .python-version        3.9.6
    Dockerfile             FROM python:3.11.13-slim
    .github/workflows/ci.yml   python-version: "3.11"

`.python-version:1 pins 3.9.6 but Dockerfile:1 and .github/workflows/ci.yml:13 pin 3.11`.

**How to fix.** Pick one minor and write it everywhere (or name the file that decides with
`source-of-truth` and update the others). If a CI job is misjudged as running the project,
set `[tool.pyparity.purpose]` or write `# pyparity: purpose=tooling` on its version line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import NamedTuple

from pyparity.model import Declaration, Finding, Minor, Severity
from pyparity.records import replace
from pyparity.rules import ScopeInput
from pyparity.rules._shared import (
    finding,
    is_runtime_pin,
    is_uncertain,
    minor_at,
    places,
    spelled,
)
from pyparity.rules._tested import (
    admits,
    floor_of,
    is_ci,
    is_classifier,
    is_preview,
    ranges,
    tested_minors,
)
from pyparity.rules._votes import Ballot, agreed, count, everyone, fixed_place

NAME = "pin-mismatch"
SEVERITY = Severity.ERROR


class Compared(NamedTuple):
    """The pins this rule compares in a scope; `ties`: whether a tie is itself drift."""

    certain: Ballot[Minor]
    uncertain: Ballot[Minor]
    ties: bool


def compared(scope: ScopeInput) -> Compared:
    """The ballots of the runtime pins (`pyparity fix` moves the same pins this rule judges)."""
    # A project tested on several minors: its CI jobs are the tested set, not pins, and a
    # pin that disagrees with one other (a dev image at the floor, a demo image at the newest)
    # is a choice within the range; one that disagrees with the majority is drift.
    tested = tested_minors(scope.declarations, scope.today)
    several = len(tested) > 1
    ties = not several or bool(scope.source_of_truth)
    floors = {floor for d in ranges(scope.declarations) if (floor := floor_of(d)) is not None}
    # A pin the range refuses is `outside-range`'s to report: it neither disagrees here nor
    # outvotes the pins the range admits (feast's two 3.9 images, below `>=3.10`, made its
    # Gitpod's 3.10 the minority). Not a CI job whose purpose cannot be told, which
    # `outside-range` does not judge (OctoBot's arm64 build on 3.12 under `>=3.13`).
    declared = ranges(scope.declarations)
    pins = [
        d
        for d in scope.declarations
        if _compared(d, scope)
        and not (several and is_ci(d))
        and (is_uncertain(d) or _admitted(d, declared, scope))
    ]
    # The version managers' files on the tested floor of a range: developing on the oldest
    # supported Python on purpose (phoenix: "the lowest currently supported version, to
    # ensure compatibility"), which the tests on the newer minors complement. Not where
    # another version manager's file says otherwise: the developers' setups disagree.
    managed = {minor_at(d, scope.today) for d in pins if d.source in _VERSION_MANAGERS}
    if several and not scope.source_of_truth and len(managed) == 1 and managed <= floors:
        run = tested_minors((d for d in scope.declarations if not is_classifier(d)), scope.today)
        if managed <= run and len(run) > 1:
            pins = [d for d in pins if d.source not in _VERSION_MANAGERS]
    certain = count((d for d in pins if not is_uncertain(d)), _minor(scope))
    uncertain = count(
        (d for d in pins if is_uncertain(d) and not _checks_the_floor(d, floors, scope)),
        _minor(scope),
    )
    return Compared(certain, uncertain, ties)


_VERSION_MANAGERS = frozenset({"python-version-file", "tool-versions"})
# Bazel fetches the Python its toolchain names; a CI job whose purpose cannot be told sets up
# one for what runs outside Bazel (a type check, a script): the two are not compared.
_BAZEL = "bazel-module"


def _admitted(declaration: Declaration, declared: list[Declaration], scope: ScopeInput) -> bool:
    minor = minor_at(declaration, scope.today)
    return minor is not None and _in_every_range(minor, declared)


def _in_every_range(minor: Minor, declared: list[Declaration]) -> bool:
    return all(admits(range_declaration, minor) for range_declaration in declared)


def _checks_the_floor(declaration: Declaration, floors: set[Minor], scope: ScopeInput) -> bool:
    """A CI job of unknown purpose on the floor the project's range promises (an install
    smoke test on the oldest supported Python): a choice within the range, not a pin."""
    return is_ci(declaration) and minor_at(declaration, scope.today) in floors


def check(scope: ScopeInput) -> Iterator[Finding]:
    certain, uncertain, ties = compared(scope)
    if certain:
        chosen = _tested_choices(scope) if len(certain) > 1 else frozenset()
        yield from _disagreements(certain, scope, SEVERITY, ties=ties, chosen=chosen)
        settled = agreed(certain, scope.source_of_truth)
        if settled and not all(d.source == _BAZEL for d in everyone(certain)):
            yield from _against(uncertain, settled, certain, scope)
    elif ranges(scope.declarations):
        # Only CI jobs of unknown purpose: compared where a range says a project lives. At a
        # folder that declares none (a monorepo's root, whose bots each pick a Python) nothing
        # says that they run one.
        yield from _disagreements(uncertain, scope, Severity.WARNING, ties=ties)


def _tested_choices(scope: ScopeInput) -> frozenset[Minor]:
    """Where the tests run two minors or more, those every range admits: a pin on one of
    them disagrees with the others at warning level, not as an error. What runs there is
    tested, so it may be a choice within the range (gptme's dev image on the floor its tests
    run, beside product images on a newer tested minor) as well as one left behind (a
    compose service's old build arg)."""
    if scope.source_of_truth:
        return frozenset()
    run = tested_minors((d for d in scope.declarations if not is_classifier(d)), scope.today)
    if len(run) < 2:
        return frozenset()
    declared = ranges(scope.declarations)
    return frozenset(minor for minor in run if _in_every_range(minor, declared))


def _minor(scope: ScopeInput) -> Callable[[Declaration], Minor]:
    def minor(declaration: Declaration) -> Minor:
        found = minor_at(declaration, scope.today)
        assert found is not None
        return found

    return minor


def _compared(declaration: Declaration, scope: ScopeInput) -> bool:
    if not is_runtime_pin(declaration) or declaration.may_fail:
        return False
    if declaration.implementation != "cpython" or minor_at(declaration, scope.today) is None:
        return False
    return not (is_ci(declaration) and is_preview(declaration, scope.today))


def _disagreements(
    ballot: Ballot[Minor],
    scope: ScopeInput,
    severity: Severity,
    *,
    ties: bool,
    chosen: frozenset[Minor] = frozenset(),
) -> Iterator[Finding]:
    if len(ballot) < 2:
        return
    settled = agreed(ballot, scope.source_of_truth)
    if not settled:
        if ties:
            yield _no_majority(ballot, scope, severity)
        return
    for minor, voters in sorted(ballot.items()):
        if minor in settled:
            continue
        for declarations in voters.values():
            if minor not in chosen or not settled <= chosen:
                yield _disagreement(declarations, ballot, minor, scope, severity)
                continue
            found = _disagreement(declarations, ballot, minor, scope, Severity.WARNING)
            tested = " and ".join(str(m) for m in sorted({minor, *settled}))
            message = f"{found.message}; the tests run {tested}: a choice within the range?"
            yield replace(found, message=message)


def _against(
    uncertain: Ballot[Minor], settled: set[Minor], certain: Ballot[Minor], scope: ScopeInput
) -> Iterator[Finding]:
    """CI jobs whose purpose cannot be told, against what the runtime pins agree on."""
    for minor, voters in sorted(uncertain.items()):
        if minor in settled:
            continue
        for declarations in voters.values():
            yield _disagreement(declarations, certain, minor, scope, Severity.WARNING)


def _disagreement(
    declarations: list[Declaration],
    ballot: Ballot[Minor],
    minor: Minor,
    scope: ScopeInput,
    severity: Severity,
) -> Finding:
    """One voter's pins of `minor` against every other minor's pins: one finding, on its
    first pin, naming the rest."""
    first = declarations[0]
    also = f" (so does {places(declarations[1:])})" if len(declarations) > 1 else ""
    uncertain = (
        f"; {first.where} is {'a CI job' if is_ci(first) else 'a setting'} whose purpose is unknown"
        if is_uncertain(first)
        else ""
    )
    return finding(
        NAME,
        severity,
        first,
        f"{first.where} pins {spelled(first, scope.today)}{also} but "
        + _describe(ballot, exclude=minor, scope=scope)
        + uncertain,
        [*declarations[1:], *everyone(_sorted(ballot), except_value=minor)],
    )


def _no_majority(ballot: Ballot[Minor], scope: ScopeInput, severity: Severity) -> Finding:
    voters = everyone(_sorted(ballot))
    first = fixed_place(voters)
    return finding(
        NAME,
        severity,
        first,
        "the runtime pins disagree and no minor has a majority: "
        + _describe(ballot, exclude=None, scope=scope),
        [d for d in voters if d is not first],
    )


def _sorted(ballot: Ballot[Minor]) -> Ballot[Minor]:
    return dict(sorted(ballot.items()))


def _describe(ballot: Ballot[Minor], *, exclude: Minor | None, scope: ScopeInput) -> str:
    parts = _parts(ballot, scope)
    return "; ".join(text for minor, text in parts.items() if minor != exclude)


# Each minority pin's finding describes the other minors' pins: the descriptions are made
# once per ballot (made anew for each finding, they took time quadratic in the pins). The
# entry holds its ballot, so the id is not reused while it is kept.
_PARTS: dict[int, tuple[Ballot[Minor], dt.date, dict[Minor, str]]] = {}


def _parts(ballot: Ballot[Minor], scope: ScopeInput) -> dict[Minor, str]:
    cached = _PARTS.get(id(ballot))
    if cached is not None and cached[0] is ballot and cached[1] == scope.today:
        return cached[2]
    parts: dict[Minor, str] = {}
    for minor, voters in sorted(ballot.items()):
        group = [d for ds in voters.values() for d in ds]
        verb = "pins" if len({d.where for d in group}) == 1 else "pin"
        exact = {spelled(d, scope.today) for d in group}
        shown = exact.pop() if len(exact) == 1 else str(minor)
        parts[minor] = f"{places(group)} {verb} {shown}"
    if len(_PARTS) > 64:
        _PARTS.clear()
    _PARTS[id(ballot)] = (ballot, scope.today, parts)
    return parts
