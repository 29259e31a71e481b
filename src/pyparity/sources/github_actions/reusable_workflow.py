"""Reusable workflows: a callee's `on.workflow_call.inputs.X.default`, a local call
(`uses: ./.github/workflows/x.yml` with `with:`) as links that `pyparity.resolve` joins to the
callee's `${{ inputs.X }}`, and a call of another repository's workflow, whose Pythons are
read from its inputs (`remote_workflow`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, value_span
from pyparity.purpose import ALLOWED_TO_FAIL
from pyparity.records import replace
from pyparity.sources._common import (
    CALL_JSON_NOTE,
    CALL_NOTE,
    CALLER_NOTE,
    DEFAULT_NOTE,
    pin,
    unresolved,
)
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job
from pyparity.sources.github_actions.setup_actions import json_input_of
from pyparity.sources.github_actions.step import span_in_run
from pyparity.sources.github_actions.values import expand, number_loaded_as, split_lines
from pyparity.textfile import TextFile


def input_defaults(path: str, root: Mapping) -> Iterator[Declaration]:
    """A reusable workflow's `on.workflow_call.inputs.X.default`, used when a local caller
    leaves X out, or when no local caller exists; a workflow run by hand, its
    `on.workflow_dispatch.inputs.X.default` (what the form offers; the same input of both
    triggers is declared once, by `workflow_call`)."""
    triggers = root.mapping("on")
    call = triggers.mapping("workflow_call") if triggers else None
    called = call.mapping("inputs") if call else None
    yield from declared_defaults(path, called)
    dispatch = triggers.mapping("workflow_dispatch") if triggers else None
    dispatched = dispatch.mapping("inputs") if dispatch else None
    if dispatched is not None:
        taken = {name for name, _ in called.items()} if called else set()
        yield from declared_defaults(
            path, dispatched, skip=taken, context="default of dispatch input"
        )


def declared_defaults(
    path: str,
    inputs: Mapping | None,
    *,
    skip: set[str] | frozenset[str] = frozenset(),
    context: str = "default of input",
) -> Iterator[Declaration]:
    """The `default:` of each input a reusable workflow or a local action declares."""
    for name, spec in inputs.items() if inputs else ():
        default = spec.scalar("default") if isinstance(spec, Mapping) else None
        if default is not None and default.text.strip() and name not in skip:
            link = unresolved(
                path,
                default.span,
                default.text.strip(),
                source=KIND,
                context=f"{context} {name}",
                note=f"{DEFAULT_NOTE}{name}",
            )
            yield replace(link, yaml_loaded_as=number_loaded_as(default))


def calls(job: Job) -> Iterator[Declaration]:
    """`uses: ./.github/workflows/x.yml` with `with:` inputs: links resolved against the callee.
    Each call also says which inputs it sets: one that it leaves out takes its default."""
    uses = job.node.scalar("uses")
    if uses is None or not uses.text.startswith("./"):
        return
    callee = uses.text.removeprefix("./").split("@", 1)[0]
    yield from call_links(job, uses, callee, job.node.mapping("with"), job.envs)


def call_links(
    job: Job,
    uses: Scalar,
    callee: str,
    inputs: Mapping | None,
    envs: tuple[Mapping, ...],
    *,
    where: str = "",
    with_purpose: bool = False,
) -> Iterator[Declaration]:
    """The links of one local call: which inputs it sets (`caller:`), and each value it
    gives an input (`call:`), over the job's runs. `with_purpose`: each value carries the
    purpose of the runs that give it, for a callee whose own steps do not say (an action
    that sets up a Python for the caller's tests), and the job's anchor: the tests the
    action sets up for run in the caller's working directory."""
    where = where or f"job {job.job_id}"
    names = sorted(name for name, _ in inputs.items()) if inputs else []
    yield unresolved(
        job.path,
        uses.span,
        uses.text,
        source=KIND,
        context=f"{where} calls {callee}",
        note=f"{CALLER_NOTE}{callee}#{','.join(names)}",
    )
    for name, node in inputs.items() if inputs else ():
        if not isinstance(node, Scalar):
            continue
        for value in expand(job, node, envs):
            for line in (line for line in split_lines(value) if line.text.strip()):
                link = unresolved(
                    job.path,
                    value_span(line.scalar, line.text.strip()),
                    line.text.strip(),
                    source=KIND,
                    context=f"{where} calls {callee} with {name}"
                    + (f", {line.via}" if line.via else ""),
                    note=f"{CALL_NOTE}{callee}#{name}",
                )
                if "${{" in line.text and (json_input := json_input_of(job, line.text)):
                    link = replace(link, note=f"{CALL_JSON_NOTE}{callee}#{name}#{json_input}")
                link = replace(link, yaml_loaded_as=number_loaded_as(line.scalar))
                if with_purpose:
                    purpose, why = line.purpose or (job.purpose, job.why)
                    if purpose not in (None, Purpose.UNKNOWN):  # (what the caller's job runs)
                        link = replace(link, context=f"{link.context}, {purpose.value}: {why}")
                    link = replace(
                        link,
                        purpose=purpose,
                        may_fail=line.may_fail or job.tried,
                        anchor=job.anchor,
                    )
                yield link


def external_call(file: TextFile, job: Job) -> Iterator[Declaration]:
    """`uses: owner/repo/.github/workflows/tox.yml@ref` with tox environments or Pythons in
    `with:`: the job's matrix as the inputs spell it (`py312-test`, `["py310", "py311"]`).
    What they leave unknown (an environment with no Python factor) is an unresolved entry,
    so the rules know the CI tests as read are incomplete."""
    uses = job.node.scalar("uses")
    inputs = job.node.mapping("with")
    if uses is None or inputs is None or uses.text.startswith("./") or "@" not in uses.text:
        return
    callee = uses.text.split("@", 1)[0].strip()
    # here: few workflows call another repository's (start-up, issue 18)
    from pyparity.sources.github_actions.remote_workflow import read_call

    call = read_call(inputs, callee)
    where = f"job {job.job_id} calls {callee}"
    group = f"{job.path} {where}"
    is_set = any(found.listed for found in call.found) or len(call.found) > 1
    for found in call.found:
        declaration = pin(
            job.path,
            span_in_run(file, found.scalar, found.start, found.end),
            found.version,
            source=KIND,
            context=f"{where}"
            + (f", {found.between}" if found.between else "")
            + (f", {ALLOWED_TO_FAIL}" if found.may_fail else "")
            + f", {found.purpose.value}: the environments it is given",
            purpose=found.purpose,
            group=group if is_set else "",
            role=Role.MATRIX if is_set else Role.PIN,
        )
        written = found.version if found.between else found.scalar.text[found.start : found.end]
        yield replace(declaration, raw=written, may_fail=found.may_fail, anchor=job.anchor)
    if call.incomplete:
        link = unresolved(
            job.path,
            uses.span,
            uses.text,
            source=KIND,
            context=where,
            note=f"the Python of the called workflow is not known: {call.incomplete[0]}",
        )
        yield replace(link, purpose=Purpose.RUNTIME, group=group)
