"""## matrix-axis-unused (warning)

**What it does.** Flags a CI test job whose matrix lists Pythons (`python-version: ["3.10",
"3.13"]`) that no step of the job uses: no `setup-python`, `setup-uv`, container or command
reads `${{ matrix.python-version }}`.

**Why it matters.** Every leg then runs the same Python: the runner's, or the one a step
names. The matrix promises 3.10 to 3.13 and tests one of them, or none; a setup step dropped
in a refactor leaves the job green and the versions untested. pyparity leaves that job out
of the tested Pythons, so what the CI matrix lacks is not reported either.

The same holds for a job that gives the matrix to `actions/setup-python` and then runs
`uv sync` or `uv run` with no `--python`: uv takes `.python-version` where the file exists,
before any interpreter on PATH, and makes the project's environment with that Python.

**Example.** A job with `matrix: python-version: ["3.12", "3.14"]` whose steps are
`astral-sh/setup-uv`, `uv python install` and `make test`: both legs test uv's default.

**How to fix.** Pass the axis to the step that sets up Python (`python-version: ${{
matrix.python-version }}`, `uv python install ${{ matrix.python-version }}`; with uv, set
`UV_PYTHON: ${{ matrix.python-version }}` or give setup-uv the `python-version`), or drop
the axis if one Python is meant.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import UNUSED_AXIS, UV_PIN_AXIS, Finding, Role, Severity
from pyparity.rules import ScopeInput
from pyparity.rules._shared import finding

NAME = "matrix-axis-unused"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    for declaration in scope.declarations:
        if declaration.role is not Role.UNRESOLVED or declaration.note not in _NOTES:
            continue
        axis, _, listed = declaration.raw.partition(": ")
        versions = listed.split(", ")
        named = ", ".join(versions[:-1]) + " and " + versions[-1]
        job = declaration.context.split(",", 1)[0]
        if declaration.note == UNUSED_AXIS:
            why = "no step uses it: every leg runs the same Python"
        else:
            taken = declaration.context.partition(", uv takes ")[2]
            version = taken.rpartition(" (")[2].removesuffix(")")
            why = (
                f"setup-python's Python is not the one tested: `uv sync` / `uv run` take "
                f"{taken}, so every leg runs {version}"
            )
        yield finding(
            NAME,
            SEVERITY,
            declaration,
            f"{declaration.where}: {axis} of {job} lists {named}, but {why}",
        )


_NOTES = (UNUSED_AXIS, UV_PIN_AXIS)
