"""Azure Pipelines: `azure-pipelines.yml` and `azure-pipelines*.yml` / `.yaml` (any folder).

Reads the `UsePythonVersion@0` task's `inputs.versionSpec` (absent: `3.x`, floating) in
top-level `steps`, `jobs` and `stages`. `$(name)` and `${{ variables.name }}` are replaced
from the job's `strategy: matrix:` (a test matrix) or from `variables:` (job, stage, top
level); a value that cannot be found is unresolved. The purpose comes from the job's
`script`/`bash`/`pwsh` steps and tasks. A job, or a `UsePythonVersion` step, with
`continueOnError: true` tries its Python without promising it (allowed to fail).

Templates (`- template: ci/azure/posix.yml` with `parameters:`) are not followed: their
text is another file's, and their `${{ if }}` branches depend on the parameters. A job or
stage template, or a step template of a job that sets up no Python itself, leaves an
unresolved test entry, so the rules know the pipeline's tests as read are incomplete. A
`matrix` a job template is given as a parameter (`PYTHON: '3.10'`, `python.version`) lists
its Pythons where the caller writes them: matrix entries of unknown purpose (the template
that uses them is not read).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.sources._common import pin, unresolved
from pyparity.sources._yaml_values import is_true, scalar_pin
from pyparity.textfile import TextFile

KIND = "azure-pipelines"
_NAME = re.compile(r"^azure-pipelines[^/]*\.ya?ml$", re.IGNORECASE)
_REFERENCE = re.compile(
    r"^\s*(?:\$\((?P<macro>[\w.-]+)\)|\$\{\{\s*variables(?:\.(?P<dotted>[\w.-]+?)|\['(?P<quoted>[^']+)'\])\s*\}\})\s*$"
)
_SCRIPT_KEYS = ("script", "bash", "pwsh", "powershell")


def matches(path: str) -> bool:
    return _NAME.match(path.rsplit("/", 1)[-1]) is not None


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("an Azure Pipelines file must be a mapping", line=root.span.line)
    found: list[Declaration] = []
    for job in _jobs(root):
        found += _job(file, job)
    found += _job_templates(file, root)
    return found


def _job_templates(file: TextFile, root: Mapping) -> list[Declaration]:
    """`- template: x.yml` among the pipeline's jobs or stages (top level or in a stage),
    with the Pythons of a `matrix` it is given as a parameter."""
    lists = [root.get("jobs"), root.get("stages")]
    stages = root.get("stages")
    for stage in stages.items if isinstance(stages, Sequence) else ():
        if isinstance(stage, Mapping):
            lists.append(stage.get("jobs"))
    found: list[Declaration] = []
    for items in lists:
        for item in items.items if isinstance(items, Sequence) else ():
            if isinstance(item, Mapping) and (template := _local_template(item)) is not None:
                found.append(_template_link(file.path, template, "jobs"))
                found += _template_matrix(file, item, template.text.strip())
    return found


_PYTHON_PARAMETERS = frozenset({"python", "python.version", "python_version", "pythonversion"})
_PARAMETER_VERSION = re.compile(r"[23]\.\d{1,2}(?:\.\d{1,3})?")


def _template_matrix(file: TextFile, item: Mapping, template: str) -> list[Declaration]:
    """`parameters: matrix: py310: {PYTHON: '3.10'}` given to a job template: each entry's
    Python is written here, in the caller. What the template does with it is not read: the
    purpose stays unknown (compared at warning level at most), and the template's link
    above still says the tests as read may be incomplete."""
    parameters = item.mapping("parameters")
    matrix = parameters.mapping("matrix") if parameters else None
    found: list[Declaration] = []
    for name, entry in matrix.items() if matrix else ():
        if not isinstance(entry, Mapping):
            continue
        for key, value in entry.items():
            if key.lower() not in _PYTHON_PARAMETERS or not isinstance(value, Scalar):
                continue
            if _PARAMETER_VERSION.fullmatch(value.text.strip()) is None:
                continue
            found.append(
                scalar_pin(
                    file,
                    value,
                    source=KIND,
                    context=f"matrix {name} given to template {template}, unknown: the "
                    "template is not read",
                    purpose=Purpose.UNKNOWN,
                    role=Role.MATRIX,
                    group=f"{file.path} template {template}",
                )
            )
    return found


def _local_template(item: Mapping) -> Scalar | None:
    """The template an item includes, when it is a file of this repository (`x.yml`, not
    `x.yml@other-repo`) that is not read on its own."""
    template = item.scalar("template")
    if template is None or "@" in template.text or "${{" in template.text:
        return None
    if matches(template.text.strip()):
        return None  # named like a pipeline: read on its own
    return template


def _template_link(
    path: str, template: Scalar, what: str, purpose: Purpose = Purpose.RUNTIME
) -> Declaration:
    found = unresolved(
        path,
        template.span,
        template.text.strip(),
        source=KIND,
        context=f"{what} of template {template.text.strip()}",
        note=f"the {what} of template {template.text.strip()} are not read (templates are not "
        "followed): the pipeline's tests as read may be incomplete",
    )
    return replace(found, purpose=purpose)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Job:
    name: str
    node: Mapping
    variables: tuple[Mapping | Sequence, ...]


def _jobs(root: Mapping) -> Iterator[_Job]:
    root_variables = _variable_nodes(root)
    if isinstance(root.get("steps"), Sequence):
        yield _Job(name="job", node=root, variables=root_variables)
    yield from _stage_jobs(root, root_variables)
    stages = root.get("stages")
    for stage in stages.items if isinstance(stages, Sequence) else ():
        if isinstance(stage, Mapping):
            yield from _stage_jobs(stage, _variable_nodes(stage) + root_variables)


def _stage_jobs(node: Mapping, variables: tuple[Mapping | Sequence, ...]) -> Iterator[_Job]:
    jobs = node.get("jobs")
    for job in jobs.items if isinstance(jobs, Sequence) else ():
        if not isinstance(job, Mapping):
            continue
        name = job.scalar("job") or job.scalar("deployment")
        yield _Job(
            name=name.text if name else "job",
            node=job,
            variables=_variable_nodes(job) + variables,
        )


def _variable_nodes(node: Mapping) -> tuple[Mapping | Sequence, ...]:
    variables = node.get("variables")
    return (variables,) if isinstance(variables, Mapping | Sequence) else ()


def _job(file: TextFile, job: _Job) -> list[Declaration]:
    steps = job.node.get("steps")
    if not isinstance(steps, Sequence):
        return []
    scripts = [
        value.text
        for step in steps.items
        if isinstance(step, Mapping)
        for key in _SCRIPT_KEYS
        if (value := step.scalar(key)) is not None
    ]
    tasks = [t.text for s in steps.items if isinstance(s, Mapping) if (t := s.scalar("task"))]
    display = job.node.scalar("displayName")
    selected = {
        tool: ",".join(value.text for value, _ in values)
        for tool, variable in (("tox", "TOXENV"), ("nox", "NOXSESSION"))
        if (values := _matrix_values(job.node, variable) or _variable(job.variables, variable))
    }
    purpose, why = classify_job(job.name, display.text if display else "", scripts, tasks, selected)
    found: list[Declaration] = []
    templates = [t for s in steps.items if isinstance(s, Mapping) if (t := _local_template(s))]
    if templates and not any(_is_use_python(t) for t in _tasks(steps)):
        found.append(_template_link(file.path, templates[0], "steps", purpose))
    for index, step in enumerate(steps.items, start=1):
        task = step.scalar("task") if isinstance(step, Mapping) else None
        if not isinstance(step, Mapping) or task is None or not _is_use_python(task):
            continue
        may_fail = is_true(job.node.get("continueOnError")) or is_true(step.get("continueOnError"))
        allowed = ", allowed to fail (continueOnError)" if may_fail else ""
        context = f"job {job.name}, step {index}{allowed}, {purpose.value}: {why}"
        declared = _version_spec(file, job, step, task, context, purpose)
        found += [replace(d, may_fail=True) for d in declared] if may_fail else declared
    return found


def _tasks(steps: Sequence) -> list[Scalar]:
    return [t for s in steps.items if isinstance(s, Mapping) if (t := s.scalar("task"))]


def _is_use_python(task: Scalar) -> bool:
    return task.text.strip().lower().startswith("usepythonversion@")


def _version_spec(
    file: TextFile, job: _Job, step: Mapping, task: Scalar, context: str, purpose: Purpose
) -> list[Declaration]:
    inputs = step.mapping("inputs")
    spec = inputs.scalar("versionSpec") if inputs else None
    if spec is None:
        declaration = pin(
            file.path, task.span, "3.x", source=KIND, context=context, purpose=purpose
        )
        return [declaration]
    reference = _REFERENCE.match(spec.text)
    if reference is None:
        return [scalar_pin(file, spec, source=KIND, context=context, purpose=purpose)]
    name = reference["macro"] or reference["dotted"] or reference["quoted"]
    values = _matrix_values(job.node, name) or _variable(job.variables, name)
    if not values:
        found = unresolved(
            file.path,
            spec.span,
            spec.text,
            source=KIND,
            context=context,
            note=f"variable {name} is not set in this file",
        )
        return [replace(found, purpose=purpose)]
    is_set = len({value.text for value, _ in values}) > 1
    return [
        scalar_pin(
            file,
            value,
            source=KIND,
            context=f"{context}, {via} {name}",
            purpose=purpose,
            role=Role.MATRIX if is_set else Role.PIN,
            group=f"{file.path} job {job.name}" if is_set else "",
        )
        for value, via in values
    ]


def _matrix_values(job: Mapping, name: str) -> list[tuple[Scalar, str]]:
    strategy = job.mapping("strategy")
    matrix = strategy.mapping("matrix") if strategy else None
    values = []
    for _, entry in matrix.items() if matrix else ():
        value = entry.scalar(name) if isinstance(entry, Mapping) else None
        if value is not None:
            values.append((value, "matrix"))
    return values


def _variable(scopes: tuple[Mapping | Sequence, ...], name: str) -> list[tuple[Scalar, str]]:
    for variables in scopes:
        value = _lookup(variables, name)
        if value is not None:
            return [(value, "variable")]
    return []


def _lookup(variables: Node, name: str) -> Scalar | None:
    if isinstance(variables, Mapping):
        return variables.scalar(name)
    for item in variables.items if isinstance(variables, Sequence) else ():
        item_name = item.scalar("name") if isinstance(item, Mapping) else None
        if item_name is not None and item_name.text == name and isinstance(item, Mapping):
            return item.scalar("value")
    return None
