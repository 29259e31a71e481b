"""Test jobs whose Pythons the file cannot tell: a matrix made at run time, an image built
per matrix entry.

`matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}` (or an `include:` list, or a Python,
nox session, tox or pixi environment axis so made) runs Pythons another job chooses: a
`jq` script, `nox --json -l`. So does an axis of any name that a step passes on as its
Python (`job: ${{ fromJson(...) }}` and another repository's setup action taking
`python-version: ${{ matrix.job.python-version }}`). With no step that names the Python (uv's
default `.python-version` aside), the job's Pythons cannot be known, and what the CI matrix as read
lacks is no evidence: an unresolved declaration at the matrix says so (the rules leave an
incomplete CI matrix alone).

A test job that builds the image its tests run in from a matrix value (`--build-arg
"BASE_IMAGE=${{ matrix.distro_image }}"`, through `docker build` or a script of the
repository) runs them on the Python of each image, which the workflow does not say: its
`setup-python` only hosts the driver. An unresolved declaration at the build says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar
from pyparity.parsers.yaml_nodes import Sequence as YamlSequence
from pyparity.records import replace
from pyparity.sources._common import UV_VERSION_FILE, unresolved
from pyparity.sources.github_actions.job import Job
from pyparity.sources.github_actions.python_axes import PYTHON_AXES, axis_word
from pyparity.sources.github_actions.step import span_in_run
from pyparity.textfile import TextFile

KIND = "workflow"
_AXES = PYTHON_AXES | {
    "include",
    "session",
    "sessions",
    "noxsession",
    "environment",
    "environments",
    "env",
    "toxenv",
}
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
        made = [
            (name, value)
            for name, value in matrix.items()
            if isinstance(value, Scalar) and _expression(value) is not None
        ]
        passed = _axes_passed_as_a_python(job) if made else frozenset()
        expression = next(
            (value for name, value in made if axis_word(name) in _AXES or name.lower() in passed),
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
        note="the job's matrix is made at run time, and so is the Python it names",
    )
    yield replace(declaration, purpose=job.purpose, anchor=job.anchor)


def _axes_passed_as_a_python(job: Job) -> frozenset[str]:
    """The axes (lower case) a step gives, or a key of whose items it gives, as an input
    named for a Python (`python-version: ${{ matrix.job.python-version }}`: `job`)."""
    axes: set[str] = set()
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, YamlSequence) else ():
        inputs = step.mapping("with") if isinstance(step, Mapping) else None
        for name, value in inputs.items() if inputs is not None else ():
            if axis_word(name) in PYTHON_AXES and isinstance(value, Scalar):
                axes.update(_matrix_references(value.text))
    return frozenset(axes)


def _matrix_references(text: str) -> Iterator[str]:
    """The axes `matrix.x` names in `text` (lower case)."""
    folded = text.lower()
    start = folded.find(_MATRIX)
    while start >= 0:
        end = start + len(_MATRIX)
        if not _word_part(folded[start - 1 : start]):
            name_end = end
            while name_end < len(folded) and _word_part(folded[name_end]):
                name_end += 1
            if name_end > end:
                yield folded[end:name_end]
        start = folded.find(_MATRIX, end)


_MATRIX = "matrix."


def _word_part(character: str) -> bool:
    """(An empty string, before the text's start, is none.)"""
    return character.isalnum() or character in ("_", "-")


def matrix_built_images(file: TextFile, job: Job) -> Iterator[Declaration]:
    if job.purpose is not Purpose.RUNTIME:
        return
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, YamlSequence) else ():
        run = step.scalar("run") if isinstance(step, Mapping) else None
        found = _matrix_build_arg(run.text) if run is not None else None
        if run is None or found is None:
            continue
        start, end = found
        declaration = unresolved(
            job.path,
            span_in_run(file, run, start, end),
            run.text[start:end],
            source=KIND,
            context=f"job {job.job_id}, image built per matrix entry",
            note="the job's tests run in an image built from a matrix value",
        )
        yield replace(declaration, purpose=job.purpose, anchor=job.anchor)
        return


_MATRIX_REFERENCE = lazy_re.compile(r"\$\{\{\s*+matrix\.")
_BUILD_ARG = lazy_re.compile(r"--build-arg[ =][\"']?+[A-Za-z_]\w*+=")
_LOOK_BACK = 256


def _matrix_build_arg(text: str) -> tuple[int, int] | None:
    """Where a `--build-arg NAME=...${{ matrix.x }}` is written: a matrix reference in the
    value of a build arg (found from the reference, looking back along its word)."""
    for reference in _MATRIX_REFERENCE.finditer(text):
        start = max(0, reference.start() - _LOOK_BACK)
        word = max(text.rfind(c, start, reference.start()) for c in " \t\n") + 1
        flag = max(start, word - len("--build-arg") - 2)
        for option in _BUILD_ARG.finditer(text, flag, reference.start()):
            if option.end() >= word:
                return option.start(), reference.end()
    return None


def _expression(value: Scalar) -> Scalar | None:
    return value if value.text.strip().startswith("${{") else None
