"""## outside-range (error; warning for tooling-only pins)

**What it does.** Checks every pin and every matrix entry of a scope against the
supported range the scope declares (`requires-python`, Poetry's `python`,
`python_requires`). A version the range does not admit is flagged: an error, or a
warning for a pin that only runs tools (a lint or docs job, a docs image, a Docker
builder stage whose Python output is not copied into the final image, a floating spelling
such as `python:3` that leaves the range as new Pythons are released; not at all for a
CI job's floating tooling Python past the range's cap: its tools run there, not the
project). A CI job allowed to fail (`continue-on-error`) is not checked: it tries a Python,
it does not claim it; nor is a CI job that shows no sign of running the project (a bot, a
maintenance script, a check that an unsupported Python refuses the install) or only
packages, publishes or maintains the repository (an sdist, a release, a news-fragment
check, a translation bot), nor a Docker build stage that runs no Python and passes on no
Python output (a builder of a C helper). Nor are Pythons installed side by side for a test
runner to pick: the lines of a multi-line setup-python `python-version` but the last (the
job's `python`), an image's distribution packages of several minors (deadsnakes'
`python3.9 python3.10`); what runs on them is the test runner's to say (tox, nox), and its
own declarations are checked. Nor is tox's `py3` or a bare `python3` in a script an image
runs (whichever python3 is there, not the newest release), nor an image that copies nothing
of the repository and installs only other projects' tools, nor an evaluation suite's task
image that copies no Python of the repository, nor a dev container's own Python where hatch
or uv makes its environment on a Python the repository names, nor a CI job's tool run on Python 2
(a lint of the modules a project keeps for Python 2 beside its Python 3 range).

**Why it matters.** Running or testing on a Python the package says it does not support
means either the range is wrong (users on that version get a package that claims not to
work, or that fails to install) or the environment is.

**Example.** `requires-python = ">=3.9,<3.12"` with `FROM python:3.12-slim`:
`Dockerfile:1 pins 3.12, outside requires-python >=3.9,<3.12 (pyproject.toml:5)`.

Several entries of one line outside the range (`envlist = py35,py36,py37`) are one finding.
A Travis or AppVeyor file whose entries fall outside the range while another CI (GitHub
Actions, GitLab, Azure, CircleCI) runs the tests is said once, for the whole file: it looks
left behind. A warning for Travis, which no longer builds most open-source projects (even
where it is the only CI file), and for an AppVeyor file that tests no Python the range
admits; an error for one that still tests a supported Python beside its stale entries. A
file of another service (Azure, GitLab, CircleCI) none of whose entries the range admits,
beside a service that tests what it admits, is left behind too: one warning for the file.

**How to fix.** Move the pin inside the range, or widen the range once the code is known
to work there.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import (
    MAINTAINS,
    RUNS_NO_PYTHON,
    RUNS_OTHERS_TOOLS,
    SIDE_BY_SIDE,
    TOX_SECTION_ENVS,
    Declaration,
    Finding,
    Location,
    Purpose,
    Role,
    Severity,
    Span,
)
from pyparity.records import replace
from pyparity.rules import ScopeInput
from pyparity.rules._shared import (
    CURRENT_CI,
    LEGACY_CI,
    PINNED_ROLES,
    finding,
    is_floating,
    is_python3_on_path,
    minor_at,
    restated,
    spelled,
    verb,
)
from pyparity.rules._tested import declared_ranges, floor_of, is_ci
from pyparity.versions import admits_minor, admits_version

NAME = "outside-range"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    ranges = declared_ranges(scope.declarations)
    if not ranges:
        return
    repeats = restated(scope.declarations)
    # One finding a place: jobs sharing one written value (a GitLab input's default, a
    # Dockerfile's global ARG) test and pin it at once; the error speaks for both.
    found: dict[tuple[str, Span], tuple[Finding, Declaration, Declaration]] = {}
    for declaration in scope.declarations:
        if declaration.role not in (*PINNED_ROLES, Role.MATRIX) or id(declaration) in repeats:
            continue
        if declaration.group.endswith(" classifiers"):
            continue  # classifier-mismatch speaks for classifiers
        if declaration.may_fail:
            continue  # a CI job allowed to fail tries a Python, it does not claim it
        if declaration.source == "tox" and declaration.context == TOX_SECTION_ENVS:
            continue  # a generated section's env for a refused Python: nobody runs it now
        if SIDE_BY_SIDE in declaration.context:
            continue  # one of several Pythons installed for a test runner, which says its own
        if is_python3_on_path(declaration):
            continue  # the python3 the machine or image has: its minor is not known here
        if declaration.purpose is Purpose.UNKNOWN or _maintains(declaration):
            continue  # a bot, a maintenance script, a refusal check: not the project's Python
        if declaration.purpose is Purpose.TOOLING and RUNS_NO_PYTHON in declaration.context:
            continue  # a build stage of an image whose Python nothing uses
        if declaration.purpose is Purpose.TOOLING and RUNS_OTHERS_TOOLS in declaration.context:
            continue  # an image of other projects' tools: none of the project runs there
        if declaration.purpose is Purpose.TOOLING and _python_2(declaration, scope):
            continue  # a tool run on Python 2 checks code kept for it (DIRAC's pilot modules)
        for range_declaration in ranges:
            if not _admitted(declaration, range_declaration, scope):
                if _tool_past_the_cap(declaration, range_declaration, scope):
                    break
                severity = Severity.WARNING if _tool_only(declaration) else SEVERITY
                place = (declaration.file, declaration.span)
                kept = found.get(place)
                if kept is not None and (kept[0].severity is SEVERITY or severity is not SEVERITY):
                    break
                message = _message(declaration, [declaration], range_declaration, scope)
                found[place] = (
                    finding(NAME, severity, declaration, message, [range_declaration]),
                    declaration,
                    range_declaration,
                )
                break
    yield from _left_behind(_one_per_line(list(found.values()), scope), scope)


def _message(
    declaration: Declaration,
    entries: list[Declaration],
    range_declaration: Declaration,
    scope: ScopeInput,
) -> str:
    """`tox.ini:3 tests py35 (3.5) and py36 (3.6), outside python_requires >=3.11 (...)`."""
    values = [spelled(entry, scope.today) for entry in entries]
    said = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]
    return (
        f"{declaration.where} {verb(declaration)} {said}, outside "
        f"{range_declaration.context or 'the supported range'} "
        f"{range_declaration.raw} ({range_declaration.where})"
    )


def _one_per_line(
    findings: list[tuple[Finding, Declaration, Declaration]], scope: ScopeInput
) -> list[tuple[Finding, Declaration]]:
    """Entries of one line outside the same range (dropbox/stone's `envlist =
    py35,py36,py37,py38` under `>=3.11`) are one finding: one stale list to update."""
    groups: dict[tuple[str, int, Severity, int], list[tuple[Finding, Declaration, Declaration]]]
    groups = {}
    for found in findings:
        one, _, range_declaration = found
        groups.setdefault((one.file, one.line, one.severity, id(range_declaration)), []).append(
            found
        )
    merged = []
    for group in groups.values():
        first, declaration, range_declaration = group[0]
        if len(group) > 1:
            entries = [entry for _, entry, _ in group]
            message = _message(declaration, entries, range_declaration, scope)
            first = replace(first, message=message)
        merged.append((first, declaration))
    return merged


def _python_2(declaration: Declaration, scope: ScopeInput) -> bool:
    """A CI job's tool on Python 2: it would fail on a Python 3 code base, so what it checks is
    code kept for Python 2 (a stale one shows itself in red). Not a benchmark config, which
    may never run (bottleneck's asv `pythons: ["2.7", ...]`)."""
    minor = minor_at(declaration, scope.today)
    return minor is not None and minor.major == 2 and is_ci(declaration)


def _tool_past_the_cap(
    declaration: Declaration, range_declaration: Declaration, scope: ScopeInput
) -> bool:
    """A CI job's floating tooling Python (`3.x` for a docs build) the calendar has moved
    past the range's cap: the job's tools run on the newest Python, not the project, which
    the cap is about (`floating-version` says the spelling moves). Below the floor it is still
    drift: a tool older than the project's syntax. (A Makefile's `PYTHON ?= python3` is no
    such job: it may well make the project's venv.)"""
    if declaration.purpose is not Purpose.TOOLING or not is_floating(declaration):
        return False
    if not is_ci(declaration):
        return False
    minor, floor = minor_at(declaration, scope.today), floor_of(range_declaration)
    return minor is not None and floor is not None and minor > floor


def _left_behind(
    findings: list[tuple[Finding, Declaration]], scope: ScopeInput
) -> Iterator[Finding]:
    """A Travis or AppVeyor file whose entries fall outside the range while another CI runs
    the tests: one finding for the file (its stale matrix is one thing to delete or update).
    A warning for Travis, which most likely runs nothing now, even as the only CI file
    (radon's, python-docx's); a warning for an AppVeyor file none of whose entries the range
    admits (a left-behind matrix of 2.7 to 3.6 tests nothing the project supports); an error
    for one that still tests a supported Python beside its stale entries. A file of another
    service none of whose entries the range admits, beside a service that tests what the
    range admits, is left behind too (jsonpickle's Azure matrix of 3.6 and 3.8 beside GitHub
    Actions' 3.10 to 3.14): a warning for the file."""
    if not findings:
        return
    current = _current_services(scope)
    supported: dict[str, bool] = {}  # file -> does it test a Python the range admits

    def tests_supported(file: str) -> bool:
        if file not in supported:
            supported[file] = _tests_a_supported_python(file, scope)
        return supported[file]

    by_file: dict[str, list[Finding]] = {}
    services: dict[str, str] = {}
    for one, declaration in findings:
        service = LEGACY_CI.get(declaration.source)
        if service is not None and (current or service == "Travis"):
            by_file.setdefault(one.file, []).append(one)
            services[one.file] = service
        elif _superseded(declaration, current) and not tests_supported(declaration.file):
            by_file.setdefault(one.file, []).append(one)
            services[one.file] = _CI_NAMES.get(declaration.source, declaration.source)
        else:
            yield one
    for file, group in by_file.items():
        first = group[0]
        service = services[file]
        stale = service == "Travis" or not tests_supported(file)
        severity = Severity.WARNING if stale else first.severity
        if len(group) == 1 and severity is first.severity:
            yield first
            continue
        others = [name for name in current if name != service]
        why = (
            f"{others[0]} runs the tests"
            if others
            else "Travis no longer builds most open-source projects"
        )
        if len(group) == 1:
            message = f"{first.message}; {why}: this {service} file looks left behind"
        else:
            lines = ", ".join(str(one.line) for one in group)
            message = (
                f"{first.message}; {service} file {file} has {len(group)} such entries "
                f"(lines {lines}) {'while' if others else 'and'} {why}: it looks left behind"
            )
        message += " (update or delete it)"
        related = tuple(Location(file=one.file, line=one.line) for one in group[1:])
        yield replace(first, severity=severity, message=message, related=first.related + related)


def _current_services(scope: ScopeInput) -> dict[str, bool]:
    """The names of the current CI services whose test jobs run here, and whether they test
    a Python every range admits (those first)."""
    ranges = declared_ranges(scope.declarations)
    admitted: dict[str, bool] = {}
    for declaration in scope.declarations:
        if (
            declaration.source in CURRENT_CI
            and declaration.purpose is Purpose.RUNTIME
            and is_ci(declaration)
        ):
            name = _CI_NAMES.get(declaration.source, declaration.source)
            supported = all(_admitted(declaration, r, scope) for r in ranges)
            admitted[name] = admitted.get(name, False) or supported
    return {name: admitted[name] for name in sorted(admitted, key=lambda n: (not admitted[n], n))}


def _superseded(declaration: Declaration, current: dict[str, bool]) -> bool:
    """A current CI service's file beside another service that tests a Python the range
    admits (left behind where the file itself tests none)."""
    if declaration.source not in CURRENT_CI:
        return False
    service = _CI_NAMES.get(declaration.source, declaration.source)
    others = [name for name in current if name != service]
    return bool(others) and service in current and current[others[0]]


def _tests_a_supported_python(file: str, scope: ScopeInput) -> bool:
    """Does a CI file list a Python every declared range admits (or one whose version cannot
    be told)? Then it still tests the project, beside its stale entries."""
    ranges = declared_ranges(scope.declarations)
    return any(
        all(_admitted(declaration, range_declaration, scope) for range_declaration in ranges)
        for declaration in scope.declarations
        if declaration.file == file and declaration.role in (*PINNED_ROLES, Role.MATRIX)
    )


_CI_NAMES = {
    "workflow": "GitHub Actions",
    "action": "GitHub Actions",
    "gitlab-ci": "GitLab CI",
    "azure-pipelines": "Azure Pipelines",
    "circleci": "CircleCI",
    "bitbucket-pipelines": "Bitbucket Pipelines",
    "buildkite": "Buildkite",
    "kokoro": "Kokoro",
    "cirrus-ci": "Cirrus CI",
}


def _maintains(declaration: Declaration) -> bool:
    """A CI job that only packages, publishes or maintains the repository (an sdist, a
    release, a news-fragment check, a translation bot) runs no code of the project's users."""
    return (
        declaration.purpose is Purpose.TOOLING
        and is_ci(declaration)
        and MAINTAINS in (declaration.context or "")
    )


def _tool_only(declaration: Declaration) -> bool:
    """Warnings, not errors: tooling pins and builder stages whose Python output never ships
    (a Python that only runs a tool need not be a supported one), CI jobs whose purpose cannot
    be told, and floating spellings (what they mean moves with the calendar)."""
    if declaration.purpose is Purpose.TOOLING or is_floating(declaration):
        return True
    return declaration.purpose is Purpose.BUILD and not declaration.ships


def _admitted(declaration: Declaration, range_declaration: Declaration, scope: ScopeInput) -> bool:
    requirement = declaration.requirement
    specifier = range_declaration.requirement.specifier if range_declaration.requirement else ""
    minor = minor_at(declaration, scope.today)
    if requirement is None or minor is None or not specifier:
        return True
    if requirement.patch_pinned and requirement.version and not requirement.floating:
        return admits_version(specifier, requirement.version)
    return admits_minor(specifier, minor)
