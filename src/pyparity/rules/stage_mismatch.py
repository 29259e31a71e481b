"""## stage-mismatch (error)

**What it does.** In a multi-stage Dockerfile, compares each builder stage whose Python
output (a virtualenv, site-packages, wheels, a PyInstaller build) is copied into the final
stage with the final stage's Python.

**Why it matters.** Compiled extension modules and virtualenvs are built for one minor:
a venv made on 3.12 and copied onto a 3.11 image fails at import time, often only for the
packages with C extensions.

**Example.**

    FROM python:3.12-slim AS build
    RUN python -m venv /venv && /venv/bin/pip install -r requirements.txt
    FROM python:3.11-slim
    COPY --from=build /venv /venv

**How to fix.** Build on the same minor as the final stage, ideally from one global
`ARG PYTHON_VERSION` used by every `FROM`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pyparity.model import Declaration, Finding, Purpose, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding, minor_at, spelled

NAME = "stage-mismatch"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    by_file: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in scope.declarations:
        if declaration.source == "dockerfile":
            by_file[declaration.file].append(declaration)
    for declarations in by_file.values():
        finals = [d for d in declarations if d.purpose is Purpose.RUNTIME]
        if not finals:
            continue
        final = finals[-1]
        final_minor = minor_at(final, scope.today)
        for declaration in declarations:
            if declaration.purpose is not Purpose.BUILD or not declaration.ships:
                continue
            minor = minor_at(declaration, scope.today)
            if final_minor is None or minor is None or minor == final_minor:
                continue
            yield finding(
                NAME,
                SEVERITY,
                declaration,
                f"{declaration.context or 'builder stage'} ({declaration.where}) builds on "
                f"{spelled(declaration, scope.today)} and its Python output is copied into the "
                f"final stage, which runs {spelled(final, scope.today)} ({final.where})",
                [final],
            )
