"""Small helpers the rules share: describing declarations and building findings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

from pyparity.model import Declaration, Finding, Location, Minor, Purpose, Role, Severity
from pyparity.versions import effective_minor

PINNED_ROLES = (Role.PIN, Role.FLOATING)
CI_SOURCES = frozenset(
    {
        "workflow",
        "action",
        "gitlab-ci",
        "circleci",
        "azure-pipelines",
        "bitbucket-pipelines",
        "buildkite",
        "kokoro",
        "woodpecker",
        "cirrus-ci",
        "travis",
        "appveyor",
    }
)
"""The readers of CI services' files: what they declare runs tests, tools or builds."""
LEGACY_CI = {"travis": "Travis", "appveyor": "AppVeyor"}
"""CI services a project that also runs GitHub Actions (or another CI) has most likely left:
Travis stopped building open-source projects for free in 2021."""
CURRENT_CI = CI_SOURCES - LEGACY_CI.keys()
MAX_NAMED = 10
"""One finding names at most this many other places, in its message and in `related`."""


def finding(
    rule: str,
    severity: Severity,
    declaration: Declaration,
    message: str,
    related: Iterable[Declaration] = (),
) -> Finding:
    locations: list[Location] = []
    for other in related:
        location = Location(file=other.file, line=other.line)
        if location not in locations:
            locations.append(location)
            if len(locations) == MAX_NAMED:
                break
    return Finding(
        rule=rule,
        severity=severity,
        file=declaration.file,
        span=declaration.span,
        message=message,
        related=tuple(locations),
    )


def spelled(declaration: Declaration, today: dt.date) -> str:
    """How to name what a declaration says: `3.11.13`, `3.11`, `3.x (today 3.15)`, and a
    spelling that is not a plain version beside its meaning: `3.14t (3.14)`,
    `3.15-dev (3.15)`, `cp313 (3.13)`."""
    requirement = declaration.requirement
    if requirement is None or declaration.role is Role.RANGE:
        return declaration.raw
    if requirement.floating:
        minor = effective_minor(requirement, today)
        return f"{declaration.raw} (today {minor})" if minor else declaration.raw
    if requirement.version:
        prefix = "" if requirement.implementation == "cpython" else requirement.implementation
        meaning = f"{prefix}{requirement.version}"
    else:
        minor = effective_minor(requirement, today)
        meaning = str(minor) if minor else declaration.raw
    written = declaration.raw.strip().strip("\"'")
    if _plain_spelling_re().match(written) or written == meaning or "{" in written:
        return meaning
    return f"{written} ({meaning})"


# Spellings shown by their meaning alone: plain numbers, and image references (whose tag's
# version is the meaning; the whole reference is in the table).
@cache
def _plain_spelling_re() -> re.Pattern[str]:
    return re.compile(r"^(?:v?\d++(?:\.\d++)*+|[^\s:/@]*+[:/@]\S*+)$")


def minor_at(declaration: Declaration, today: dt.date) -> Minor | None:
    if declaration.requirement is None:
        return None
    return effective_minor(declaration.requirement, today)


def is_floating(declaration: Declaration) -> bool:
    requirement = declaration.requirement
    return declaration.role is Role.FLOATING or (requirement is not None and requirement.floating)


_BARE_COMMANDS = frozenset({"python3", "py3", "python"})
_IMAGE_FOLDERS = frozenset({"docker", ".docker", "container", "containers"})


def is_python3_on_path(declaration: Declaration) -> bool:
    """tox's `py3`, or a bare `python3` in a script an image runs (`docker/entrypoint.sh`):
    whichever python3 the machine running tox or the image has, not the newest release; its
    minor is not known here. (A Makefile's `PYTHON ?= python3` that makes a developer's venv
    is still judged: on a machine whose python3 is past the cap its install fails.)"""
    requirement = declaration.requirement
    if (
        requirement is None
        or not requirement.floating
        or requirement.version is not None
        or requirement.implementation != "cpython"
        or declaration.raw.strip().lower() not in _BARE_COMMANDS
    ):
        return False
    if declaration.source == "tox":
        return True
    folders, _, name = declaration.file.lower().rpartition("/")
    return declaration.source == "task-runner" and (
        "entrypoint" in name or not _IMAGE_FOLDERS.isdisjoint(folders.split("/"))
    )


def is_runtime_pin(declaration: Declaration) -> bool:
    """Pins that may name the project's runtime: runtime pins, build pins
    whose Python output ships, and CI jobs whose purpose cannot be told (compared at warning
    level). A floating spelling (`python:3`) is not a pin."""
    if declaration.role is not Role.PIN or is_floating(declaration):
        return False
    if declaration.purpose in (Purpose.RUNTIME, Purpose.UNKNOWN):
        return True
    return (
        declaration.purpose is Purpose.BUILD
        and declaration.ships
        and declaration.source != "dockerfile"
    )


def restated(scope_declarations: Iterable[Declaration]) -> set[int]:
    """The ids of declarations that only repeat another declaring file's version (a
    workflow's `python-version-file:` reading `.python-version`): a finding about the value
    belongs on the file that writes it, once."""
    files = {d.file for d in scope_declarations if not d.origin}
    return {id(d) for d in scope_declarations if d.origin and d.origin in files}


def is_uncertain(declaration: Declaration) -> bool:
    """A CI job whose purpose cannot be told: never the reason for an error."""
    return declaration.purpose is Purpose.UNKNOWN


def places(declarations: Iterable[Declaration], limit: int = MAX_NAMED) -> str:
    """`A:1, B:2 and C:3`; past `limit` distinct places, `A:1, …, J:10 and 2,990 more`."""
    names = list(dict.fromkeys(d.where for d in declarations))
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit:,} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def plural(declarations: list[Declaration], one: str, many: str) -> str:
    return one if len(declarations) == 1 else many


def verb(declaration: Declaration) -> str:
    """What a declaration does with its minor: classifiers and pyenv's extra lines only list
    it; cibuildwheel builds wheels for it; Bazel registers a toolchain for it; an image
    installs a distribution's Pythons side by side; a CI matrix, tox env list or nox session
    tests it."""
    if declaration.role is not Role.MATRIX:
        return "pins"
    if declaration.group.endswith((" classifiers", " installed")):
        return "lists"
    if declaration.group.endswith((" cibuildwheel", " maturin")):
        return "builds wheels for"
    if declaration.group.endswith(" toolchains"):
        return "registers a toolchain for"
    if declaration.group.endswith(" distribution Pythons"):
        return "installs"
    return "tests"
