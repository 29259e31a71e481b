"""The pixi environments a job runs in: `prefix-dev/setup-pixi`'s `environments:` and `pixi
run|install|shell ... -e|--environment <env>` (a literal name or `${{ matrix.environment }}`).

Each environment's Python is written in the pixi manifest, not here: each name becomes a link
(an `unresolved` declaration with a `pixi-env:` note) that the resolve stage replaces with the
Python of that environment (`sources/pixi.py`); a name that cannot be resolved stays a notice
that says why. Several environments in one job (a matrix axis) are a test set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, value_span
from pyparity.records import replace
from pyparity.sources._common import PIXI_NOTE, unresolved
from pyparity.sources.github_actions.job import Job, context_of, step_where
from pyparity.sources.github_actions.runs import step_envs
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import Value, expand
from pyparity.sources.github_actions.words import words
from pyparity.textfile import TextFile

KIND = "workflow"
_SETUP_PIXI = "prefix-dev/setup-pixi"
_EXPRESSION_TEXT = r"\$\{\{(?:[^$}]++|\$(?!\{\{)|\}(?!\}))*+\}\}"
# A name or one expression (a name mixing both is not read: it ends at neither).
_NAME = rf"(?:{_EXPRESSION_TEXT}|[^\s$'\"{{}}]++)"
_PIXI_COMMAND = lazy_re.compile(
    r"(?:^|[\s;&|(])pixi[ \t]+(?:run|install|shell|shell-hook|reinstall|update|list|tree)\b"
)
_ENVIRONMENT_OPTION = lazy_re.compile(
    rf"""\s(?:-e|--environment)(?:=|[ \t]+)(?P<quote>["']?)(?P<value>{_NAME})(?P=quote)(?=\s|$)""",
    re.MULTILINE,
)
_COMMAND_END = lazy_re.compile(r"[\n;&|]")
_MAX_NAMES = 256


def pixi_environments(file: TextFile, job: Job) -> Iterator[Declaration]:
    """One link per environment the job's steps name, at the place that names it."""
    steps = job.node.get("steps")
    if not isinstance(steps, Sequence):
        return
    found: dict[tuple[str, int, int], tuple[Value, Job, str, str]] = {}
    for index, step in enumerate(steps.items, start=1):
        if not isinstance(step, Mapping):
            continue
        named = list(_named(file, step))
        step_job = job_for_step(job, step, index, steps) if named else None
        if step_job is None:
            continue
        envs = step_envs(step, job.envs)
        for scalar, manifest in named[:_MAX_NAMES]:
            for value in expand(step_job, scalar, envs)[:_MAX_NAMES]:
                name = value.text.strip()
                key = (name, value.scalar.span.line, value.scalar.span.column)
                if name and key not in found:
                    found[key] = (value, step_job, manifest, step_where(job, index))
    is_set = len({key[0] for key in found}) > 1 or any(
        value.via.startswith("matrix") for value, *_ in found.values()
    )
    group = f"{job.path} job {job.job_id}, pixi environments"
    for value, step_job, manifest, where in found.values():
        name = value.text.strip()
        declaration = unresolved(
            job.path,
            value_span(value.scalar, name),
            name,
            source=KIND,
            context=context_of(step_job, f"{where}, pixi environment", value.via),
            note=f"{PIXI_NOTE}{manifest}#{name}",
        )
        purpose = value.purpose[0] if value.purpose else step_job.purpose
        yield replace(
            declaration,
            purpose=purpose,
            anchor=job.anchor,
            group=group if is_set else "",
            may_fail=value.may_fail or step_job.tried,
        )


def _named(file: TextFile, step: Mapping) -> Iterator[tuple[Scalar, str]]:
    """The scalars that name environments in one step, each with the manifest it names
    (setup-pixi's `manifest-path`, "" for the repository's own)."""
    uses = step.scalar("uses")
    if uses is not None and uses.text.strip().lower().startswith(_SETUP_PIXI):
        inputs = step.mapping("with")
        names = inputs.scalar("environments") if inputs else None
        path = inputs.scalar("manifest-path") if inputs else None
        manifest = path.text.strip().removeprefix("./") if path and "${{" not in path.text else ""
        if names is not None:
            for start, end in words(names.text):
                yield _piece(file, names, start, end), manifest
    run = step.scalar("run")
    if run is None or "pixi" not in run.text:
        return
    position = 0
    while (command := _PIXI_COMMAND.search(run.text, position)) is not None:
        found_end = _COMMAND_END.search(run.text, command.end())
        position = found_end.start() if found_end else len(run.text)
        option = _ENVIRONMENT_OPTION.search(run.text, command.end(), position)
        if option is not None:
            yield _piece(file, run, option.start("value"), option.end("value")), ""


def _piece(file: TextFile, scalar: Scalar, start: int, end: int) -> Scalar:
    text = scalar.text[start:end]
    if text == scalar.text.strip():
        return scalar
    span = span_in_run(file, scalar, start, end)
    return Scalar(text=text, tag=scalar.tag, quoted=True, block=False, span=span)
