"""## matrix-misses-pin (warning)

**What it does.** Checks that the CI test matrix of a scope includes the minor of the
scope's runtime pins (the final Dockerfile stage, `.python-version`, `runtime.txt`,
`Pipfile`, mise/asdf, ...). It fires when no CI test job tests that minor: once, on the
first matrix's first entry, naming the pins and the other matrices. A dev container's or
Gitpod's Python is left out, and a conda environment named for development (`name:
wradlib-dev`): the developers who use it run the tests there.

**Why it matters.** The Python that runs in production is the one the tests never ran
on: a matrix of 3.10 and 3.11 while the image runs 3.12 lets a 3.12-only breakage
(a removed module, a changed default) ship untested.

**Example.**

    Dockerfile                 FROM python:3.12-slim
    .github/workflows/ci.yml   python-version: ["3.10", "3.11"]

`the CI matrix (.github/workflows/ci.yml:12) tests 3.10 and 3.11 but not 3.12, the runtime
pinned by Dockerfile:1`.

**How to fix.** Add the runtime's minor to the matrix, or move the pin to a minor the
matrix tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import (
    CI_IMAGE,
    DEVELOPERS_ENVIRONMENT,
    Declaration,
    Finding,
    Minor,
    Purpose,
    Severity,
)
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, is_runtime_pin, minor_at, places
from pyparity.rules._tested import (
    admits,
    ci_matrix_groups,
    cpython_minor,
    is_ci,
    listed,
    ranges,
)

NAME = "matrix-misses-pin"
SEVERITY = Severity.WARNING
_DEVELOPERS_ENVIRONMENTS = frozenset({"devcontainer", "gitpod"})


def check(scope: ScopeInput) -> Iterator[Finding]:
    groups = ci_matrix_groups(scope.declarations)
    if not groups:
        return
    ci_tests = [d for group in groups.values() for d in group]
    ci_tests += [d for d in scope.declarations if _tests_run_there(d) and is_runtime_pin(d)]
    tested = {m for d in ci_tests if (m := minor_at(d, scope.today)) is not None}
    untested = _untested_pins(scope, tested)
    if not untested:
        return
    pins = [d for minor in sorted(untested) for d in untested[minor]]
    # A test job's matrix is named first: one whose purpose cannot be told is the weaker word.
    firsts = sorted(
        (entries[0] for entries in groups.values()), key=lambda d: d.purpose is not Purpose.RUNTIME
    )
    minors = {
        m for entries in groups.values() for d in entries if (m := cpython_minor(d, scope.today))
    }
    which = (
        f"the CI matrix ({firsts[0].where}) tests"
        if len(firsts) == 1
        else f"the CI matrices ({places(firsts)}) test"
    )
    yield finding(
        NAME,
        SEVERITY,
        firsts[0],
        f"{which} {listed(minors) or firsts[0].raw} but not {listed(untested)}, the runtime "
        f"pinned by {places(pins)}",
        [*pins, *firsts[1:]],
    )


def _tests_run_there(declaration: Declaration) -> bool:
    """A CI job's Python, or an image named for CI (pymor's `Dockerfile.ci-fenics`, built and
    tested in by a pipeline the sweep cannot always see)."""
    return is_ci(declaration) or CI_IMAGE in declaration.context


def _untested_pins(scope: ScopeInput, tested: set[Minor]) -> dict[Minor, list[Declaration]]:
    """Runtime pins outside CI whose minor no CI test job runs. A pin outside the supported
    range is `outside-range`'s to report: the fix is the pin, not the matrix."""
    untested: dict[Minor, list[Declaration]] = defaultdict(list)
    declared_ranges = ranges(scope.declarations)
    for declaration in scope.declarations:
        if _tests_run_there(declaration) or not is_runtime_pin(declaration):
            continue
        if (
            declaration.source in _DEVELOPERS_ENVIRONMENTS
            or DEVELOPERS_ENVIRONMENT in declaration.context
        ):
            continue
        minor = minor_at(declaration, scope.today)
        if minor is not None and not all(admits(r, minor) for r in declared_ranges):
            continue
        minor = minor_at(declaration, scope.today)
        if minor is not None and minor not in tested and declaration.implementation == "cpython":
            untested[minor].append(declaration)
    return untested
