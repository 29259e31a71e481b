"""## pin-mismatch (error)

**What it does.** Compares every pin that names the project's runtime in one scope: the
final stage of a Dockerfile, `.python-version`, `runtime.txt`, the Python of CI jobs that
run the tests, devcontainers, compose services. Two that differ at minor precision are
drift. The finding sits on the pin that disagrees with the majority (or with the
`source-of-truth` file when one is configured) and names the others. A CI job allowed to
fail (`continue-on-error`) tries a Python without promising it, and is not compared.

**Why it matters.** Code that works in one place breaks in another: laptops on 3.9 while
Docker and CI run 3.11 lets `datetime.UTC` (3.11) reach main and fail on the laptops.

**Example.**

    .python-version        3.9.6
    Dockerfile             FROM python:3.11.13-slim
    .github/workflows/ci.yml   python-version: "3.11"

`.python-version:1 pins 3.9.6 but Dockerfile:1 and .github/workflows/ci.yml:13 pin 3.11`.

**How to fix.** Pick one minor and write it everywhere (or name the file that decides
with `source-of-truth` and update the others). Jobs that only lint or build docs are not
compared, and neither is a single CI job (coverage, a type check) on a minor that the CI
test matrix already covers, nor, beside a CI test matrix, a job that tries the newest or
the next Python (`3.x`, `3.15-dev`); if a job is misjudged as runtime, set
`[tool.pyparity.purpose]` or write `# pyparity: purpose=tooling` on its version line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Minor, Purpose, Role, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import (
    CI_SOURCES,
    finding,
    is_runtime_pin,
    minor_at,
    places,
    spelled,
)
from pyparity.rules._tested import is_preview

NAME = "pin-mismatch"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    tested = _tested_by_ci_matrix(scope)
    groups: dict[Minor, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        minor = minor_at(declaration, scope.today)
        if minor is None or not is_runtime_pin(declaration):
            continue
        if declaration.may_fail:
            continue  # a CI job that may fail without failing the run promises nothing
        if declaration.source in CI_SOURCES and minor in tested:
            continue  # a single CI job (coverage, type check) on a minor the matrix tests
        if declaration.source in CI_SOURCES and tested and _canary(declaration, scope):
            continue  # beside a test matrix, a job on the newest or the next Python
        groups[minor].append(declaration)
    if len(groups) < 2:
        return
    agreed = _agreed_minors(groups, scope)
    for minor, declarations in sorted(groups.items()):
        if minor in agreed:
            continue
        others = [d for m, group in sorted(groups.items()) if m != minor for d in group]
        for declaration in declarations:
            yield finding(
                NAME,
                SEVERITY,
                declaration,
                f"{declaration.where} pins {spelled(declaration, scope.today)} but "
                + _describe_others(groups, minor, scope),
                others,
            )


def _tested_by_ci_matrix(scope: ScopeInput) -> set[Minor]:
    minors = set()
    for declaration in scope.declarations:
        if declaration.role is Role.MATRIX and declaration.source in CI_SOURCES:
            minor = minor_at(declaration, scope.today)
            if minor is not None and declaration.purpose is Purpose.RUNTIME:
                minors.add(minor)
    return minors


def _canary(declaration: Declaration, scope: ScopeInput) -> bool:
    requirement = declaration.requirement
    floating = requirement is not None and requirement.floating
    return floating or is_preview(declaration, scope.today)


def _agreed_minors(groups: dict[Minor, list[Declaration]], scope: ScopeInput) -> set[Minor]:
    """The minors not to flag: the source of truth's, else the strict majority's."""
    if scope.source_of_truth:
        truth = {
            minor
            for minor, group in groups.items()
            if any(d.file == scope.source_of_truth for d in group)
        }
        if truth:
            return truth
    sizes = sorted((len(group) for group in groups.values()), reverse=True)
    if sizes[0] == sizes[1]:
        return set()
    return {max(groups, key=lambda minor: len(groups[minor]))}


def _describe_others(
    groups: dict[Minor, list[Declaration]], minor: Minor, scope: ScopeInput
) -> str:
    parts = []
    for other, group in sorted(groups.items()):
        if other == minor:
            continue
        verb = "pins" if len(group) == 1 else "pin"
        exact = {spelled(d, scope.today) for d in group}
        shown = exact.pop() if len(exact) == 1 else str(other)
        parts.append(f"{places(group)} {verb} {shown}")
    return "; ".join(parts)
