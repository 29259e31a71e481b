"""Steps that set up a Python with an action: `actions/setup-python` (`python-version`,
`python-version-file`, `.python-version` when neither is given), another repository's action
named `setup-python` (a fork or a wrapper: its `python-version` only), `astral-sh/setup-uv`,
`conda-incubator/setup-miniconda`, `deadsnakes/action`, `pdm-project/setup-pdm`;
`${{ steps.<id>.outputs.python-version }}` of an earlier setup-python step is that step's
Python. Each value becomes a pin, a matrix
entry, or an unresolved declaration that says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import SIDE_BY_SIDE, Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, value_span
from pyparity.records import replace
from pyparity.sources._common import (
    DEFAULT_VERSION_FILE,
    INPUT_JSON_NOTE,
    INPUT_NOTE,
    PYTHON_VERSION_FILE,
    pin,
    unresolved,
)
from pyparity.sources._yaml_values import is_true
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job, context_of
from pyparity.sources.github_actions.matrix import (
    EXPRESSION,
    inner,
)
from pyparity.sources.github_actions.runs import (
    step_envs,
)
from pyparity.sources.github_actions.step import (
    WRAPPED_SETUP_PYTHON,
    as_refusal,
    job_for_step,
    refusal_reason,
    setup_action,
)
from pyparity.sources.github_actions.values import (
    CONTEXT_REF,
    PATH_KEY,
    Value,
    expand,
    number_loaded_as,
    varies_over_runs,
    version_values,
)


def setup_step(job: Job, step: Mapping, index: int, steps: Sequence) -> Iterator[Declaration]:
    uses = step.scalar("uses")
    action = setup_action(uses.text) if uses else None
    if action is None or uses is None:
        return
    step_job = job_for_step(job, step, index, steps)
    if step_job is None:
        return
    if refusal := refusal_reason(steps, index):
        step_job = as_refusal(step_job, refusal)
    whole_job, job, tried = job, step_job, step_job.tried
    inputs = step.mapping("with")
    version = inputs.get("python-version") if inputs else None
    version_file = inputs.scalar(PYTHON_VERSION_FILE) if inputs else None
    step_name = step.scalar("name")
    where = f"step {index}" + (f" ({step_name.text})" if step_name else "")
    where = f"job {job.job_id}, {where}" if job.job_id else where
    envs = step_envs(step, job.envs)
    # An input that is empty (`${{ matrix.x }}` where no combination sets x) is not given.
    values = version_values(job, version, envs) if version is not None else []
    if another_steps_python(job, values):
        return
    if values:
        varies = version is not None and varies_over_runs(whole_job, job, version, envs)
        label = uses.text.split("@", 1)[0].strip() if action == WRAPPED_SETUP_PYTHON else action
        yield from versions(
            job, values, f"{where}, {label}", tried=tried, varies=varies, installs_every_line=True
        )
        return
    if action != "setup-python":
        return
    files = [v for v in expand(job, version_file, envs) if v.text.strip()] if version_file else []
    if version_file is not None and files:
        yield from _version_file_links(job, version_file, files, where)
        return
    # With no input, setup-python reads `.python-version` (from the working directory).
    link = unresolved(
        job.path,
        uses.span,
        ".python-version",
        source=KIND,
        context=context_of(job, f"{where}, no python-version", ""),
        note=DEFAULT_VERSION_FILE,
    )
    yield replace(link, purpose=job.purpose, anchor=job.anchor)


def _version_file_links(
    job: Job, version_file: Scalar, values: list[Value], where: str
) -> Iterator[Declaration]:
    """`python-version-file`: a link resolved once every file is read (resolve.py)."""
    for value in values:
        expanded = "${{" not in value.text
        link = unresolved(
            job.path,
            value.scalar.span if expanded else version_file.span,
            value.text.strip() if expanded else version_file.text,
            source=KIND,
            context=context_of(job, f"{where}, python-version-file", value.via),
            note=PYTHON_VERSION_FILE if expanded else "python-version-file set by an expression",
        )
        yield replace(link, purpose=job.purpose, anchor=job.anchor)


_STEP_PYTHON = lazy_re.compile(r"\$\{\{\s*steps\.(?P<id>[\w-]+)\.outputs\.python-version\s*\}\}")


def another_steps_python(job: Job, values: list[Value]) -> bool:
    """`python-version: ${{ steps.py.outputs.python-version }}` (setup-uv given the Python an
    earlier setup-python step of the job installed): that step's Python, declared there."""
    if len(values) != 1 or (found := _STEP_PYTHON.fullmatch(values[0].text.strip())) is None:
        return False
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping) or (step_id := step.scalar("id")) is None:
            continue
        uses = step.scalar("uses")
        if step_id.text == found["id"] and uses is not None:
            return uses.text.split("@", 1)[0].strip().lower() == "actions/setup-python"
    return False


def versions(
    job: Job,
    values: list[Value],
    where: str,
    *,
    tried: bool = False,
    varies: bool = False,
    installs_every_line: bool = False,
) -> Iterator[Declaration]:
    from_matrix = any(value.via.startswith(("matrix", "expression")) for value in values)
    minors_or_texts = {value.text.strip() for value in values}
    is_set = len(minors_or_texts) > 1 or (from_matrix and (len(values) > 1 or varies))
    group = f"{job.path} {where}"
    beside = _beside_the_default(values, from_matrix) if installs_every_line else set()
    if job.driver:  # the Python set up runs tests of images: each value serves that
        driving = (Purpose.TOOLING, f"tests the images it builds ({job.driver})")
        values = [replace(value, purpose=driving) for value in values]
    for value in values:
        if "${{" in value.text:
            written = value.text.strip()  # one line of a multi-line input, or the whole input
            if written not in value.scalar.text:
                written = value.scalar.text
            declaration = unresolved(
                job.path,
                value_span(value.scalar, written),
                written,
                source=KIND,
                context=context_of(job, where, value.via, purpose=value.purpose),
                note=_unresolved_note(job, value.text),
            )
            purpose = value.purpose[0] if value.purpose else job.purpose
            yield replace(declaration, purpose=purpose, anchor=job.anchor, group=group)
            continue
        loaded_as = number_loaded_as(value.scalar)
        may_fail = tried or value.may_fail or is_true(job.node.get("continue-on-error"))
        declaration = pin(
            job.path,
            value_span(value.scalar, value.text.strip()),
            value.text.strip(),
            source=KIND,
            context=context_of(
                job,
                f"{where}, {SIDE_BY_SIDE}" if id(value) in beside else where,
                value.via,
                may_fail=may_fail and not job.refusal,
                purpose=value.purpose,
            ),
            purpose=value.purpose[0] if value.purpose else job.purpose,
            group=group if is_set else "",
            role=Role.MATRIX if is_set else Role.PIN,
            yaml_loaded_as=loaded_as,
        )
        yield replace(declaration, anchor=job.anchor, may_fail=may_fail)


def _beside_the_default(values: list[Value], from_matrix: bool) -> set[int]:
    """The lines of one multi-line `python-version` but the last: setup-python installs them
    all and makes the last `python`; the others are there for a test runner to pick."""
    if from_matrix or len(values) < 2 or any(v.scalar is not values[0].scalar for v in values):
        return set()
    default = values[-1].text.strip()
    return {id(value) for value in values[:-1] if value.text.strip() != default}


_FROM_JSON_INPUT = lazy_re.compile(
    r"^\$\{\{\s*fromjson\(\s*inputs\.(?P<name>[A-Za-z_][\w-]*)\s*\)\s*\}\}$", re.IGNORECASE
)


_EVENT_INPUTS = "github.event.inputs."


def _unresolved_note(job: Job, text: str) -> str:
    """`${{ inputs.python }}` is resolved later from the callers of a reusable workflow; so is
    `${{ matrix.python }}` of a matrix axis `${{ fromJson(inputs.pythons) }}` (each caller's
    JSON list, or the input's default)."""
    expression = EXPRESSION.fullmatch(text.strip())
    body = inner(expression) if expression else ""
    # A dispatched run's inputs, read the older way (`github.event.inputs.x`), are `inputs.x`.
    body = "inputs." + body[len(_EVENT_INPUTS) :] if body.startswith(_EVENT_INPUTS) else body
    reference = CONTEXT_REF.match(body) if expression else None
    if reference and reference["ctx"] == "inputs":
        name = re.sub(r"^\.|^\['|'\]$", "", reference["path"])
        return f"{INPUT_NOTE}{name}"
    if reference and reference["ctx"] == "matrix" and (axis := _json_input_axis(job, reference)):
        return f"{INPUT_JSON_NOTE}{axis}"
    return "set by an expression that cannot be known statically"


def json_input_of(job: Job, text: str) -> str:
    """The input whose JSON list a value's matrix axis is (`${{ matrix.python }}` with
    `python: ${{ fromJson(inputs.pythons) }}`: `pythons`), or ""."""
    note = _unresolved_note(job, text)
    return note.removeprefix(INPUT_JSON_NOTE) if note.startswith(INPUT_JSON_NOTE) else ""


def _json_input_axis(job: Job, reference: re.Match[str]) -> str:
    """The input a matrix axis is read from as JSON (`python: ${{ fromJson(inputs.x) }}`)."""
    strategy = job.node.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    keys = PATH_KEY.findall(reference["path"])
    if not isinstance(matrix, Mapping) or len(keys) != 1:
        return ""
    key = keys[0][0] or keys[0][1]
    axis = next((node for name, node in matrix.items() if name.lower() == key.lower()), None)
    found = _FROM_JSON_INPUT.match(axis.text.strip()) if isinstance(axis, Scalar) else None
    return found["name"] if found else ""


def sets_up_python(job: Job) -> bool:
    return any(True for _ in setup_steps(job))


def setup_steps(job: Job) -> Iterator[Mapping]:
    """The job's steps that set up a Python with an action."""
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        action = setup_action(uses.text) if uses is not None else None
        if action is None or not isinstance(step, Mapping):
            continue
        inputs = step.mapping("with")
        if inputs is not None and inputs.get("python-version") is not None:
            yield step
        elif action == "setup-python":
            yield step  # reads .python-version or python-version-file
