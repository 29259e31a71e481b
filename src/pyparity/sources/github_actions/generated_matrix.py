"""A test job whose matrix is made at run time and whose Python no step names.

`matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}` (or an `include:` list, or a Python,
nox session, tox or pixi environment axis so made) runs Pythons another job chooses: a
`jq` script, `nox --json -l`. With no step that names the Python (uv's default
`.python-version` aside), the job's Pythons cannot be
known, and what the CI matrix as read lacks is no evidence: an unresolved declaration at the
matrix says so (the rules leave an incomplete CI matrix alone).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar
from pyparity.records import replace
from pyparity.sources._common import UV_VERSION_FILE, unresolved
from pyparity.sources.github_actions.job import Job

KIND = "workflow"
_AXES = frozenset(
    {
        "include",
        "python",
        "pythons",
        "pythonversion",
        "pythonversions",
        "py",
        "pyversion",
        "session",
        "sessions",
        "noxsession",
        "environment",
        "environments",
        "env",
        "toxenv",
    }
)
"""Axes (lower case, without `-` and `_`) that may carry the job's Python."""


def generated_matrix(job: Job, produced: Sequence[Declaration]) -> Iterator[Declaration]:
    """`produced`: the job's other declarations; uv's default `.python-version` (a uv command
    that names no Python) does not name the matrix's Pythons."""
    if job.purpose is not Purpose.RUNTIME or any(d.note != UV_VERSION_FILE for d in produced):
        return
    strategy = job.node.mapping("strategy")
    matrix = strategy.get("matrix") if strategy is not None else None
    expression = _expression(matrix) if isinstance(matrix, Scalar) else None
    if isinstance(matrix, Mapping):
        expression = next(
            (
                value
                for name, value in matrix.items()
                if name.lower().replace("-", "").replace("_", "") in _AXES
                and isinstance(value, Scalar)
                and _expression(value) is not None
            ),
            None,
        )
    if expression is None:
        return
    declaration = unresolved(
        job.path,
        expression.span,
        expression.text.strip(),
        source=KIND,
        context=f"job {job.job_id}, matrix made at run time",
        note="the job's matrix is made at run time, and no step names its Python",
    )
    yield replace(declaration, purpose=job.purpose)


def _expression(value: Scalar) -> Scalar | None:
    return value if value.text.strip().startswith("${{") else None
