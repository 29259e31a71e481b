"""One Azure pipeline's jobs and the Pythons their `UsePythonVersion` steps set up.

The walk is the same whether templates are expanded (`templates.Expander`, in the resolve
stage) or not (the reader): a template item still in the tree is a link that says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence
from pyparity.purpose import classify_job, is_tooling_job_name
from pyparity.records import field, record, replace
from pyparity.sources._common import AZURE_TEMPLATE_NOTE, pin, unresolved
from pyparity.sources._yaml_values import is_true, scalar_pin
from pyparity.sources.azure_pipelines.templates import MAX_NODES, Expander
from pyparity.textfile import TextFile

KIND = "azure-pipelines"
_REFERENCE = lazy_re.compile(
    r"^\s*(?:\$\((?P<macro>[\w.-]+)\)|\$\{\{\s*variables(?:\.(?P<dotted>[\w.-]+?)|\['(?P<quoted>[^']+)'\])\s*\}\})\s*$"
)
_PARAMETER = lazy_re.compile(r"^\s*+\$\{\{\s*+parameters\.(?P<name>[\w.-]++)\s*+\}\}\s*+$")
_SCRIPT_KEYS = ("script", "bash", "pwsh", "powershell")
_PYTHON_PARAMETERS = frozenset({"python", "python.version", "python_version", "pythonversion"})
_PARAMETER_VERSION = lazy_re.compile(r"[23]\.\d{1,2}(?:\.\d{1,3})?")
_NAMES_PYTHON = lazy_re.compile(r"\bpython\b", re.IGNORECASE)


@record(frozen=False, kw_only=False)
class WalkMemo:
    """What the walks of a repository's expanded pipelines share (the resolve stage): a
    template's steps are the same nodes in every pipeline that includes them, so each is
    summarised once, and each of its versions declared once (the first pipeline's, as the
    stage keeps it). Holds the nodes it keys by id, so no id is reused while it lives."""

    steps: dict[int, tuple[Node, _Step]] = field(default_factory=dict)
    declared: dict[tuple[int, Role], Scalar] = field(default_factory=dict)
    purposes: dict[tuple[object, ...], tuple[Purpose, str]] = field(default_factory=dict)


@record(kw_only=False)
class _Step:
    """What the walk reads of one step."""

    scripts: tuple[str, ...]
    task: Scalar | None
    use_python: bool
    template: Scalar | None
    # a UsePythonVersion step's own version, written where it is (no variable, no
    # parameter): the versionSpec, or the task when there is none (3.x)
    literal: Scalar | None = None


def _summary(step: Node) -> _Step:
    if not isinstance(step, Mapping):
        return _Step((), None, False, None)
    scripts = tuple(value.text for key in _SCRIPT_KEYS if (value := step.scalar(key)) is not None)
    task = step.scalar("task")
    if task is None or not _is_use_python(task):
        return _Step(scripts, task, False, _local_template(step))
    inputs = step.mapping("inputs")
    spec = inputs.scalar("versionSpec") if inputs else None
    literal: Scalar | None = task if spec is None else spec
    if spec is not None and (_PARAMETER.match(spec.text) or _REFERENCE.match(spec.text)):
        literal = None
    return _Step(scripts, task, True, _local_template(step), literal)


@record(kw_only=False)
class Walk:
    """A pipeline file, and the expander of its templates when they are followed."""

    file: TextFile
    expander: Expander | None = None
    memo: WalkMemo | None = None

    def file_of(self, scalar: Scalar) -> TextFile:
        return self.expander.file_of(scalar, self.file) if self.expander else self.file

    def step(self, node: Node) -> _Step:
        if self.memo is None:
            return _summary(node)
        known = self.memo.steps.get(id(node))
        if known is None:
            known = self.memo.steps[id(node)] = (node, _summary(node))
        return known[1]

    def declared(self, scalar: Scalar, role: Role = Role.PIN) -> bool:
        return self.memo is not None and (id(scalar), role) in self.memo.declared

    def first(self, scalar: Scalar, role: Role = Role.PIN) -> bool:
        """Whether no walk sharing the memo has declared this very node in this role yet
        (it would be the same declaration, which the stage keeps once)."""
        if self.memo is None:
            return True
        key = (id(scalar), role)
        if key in self.memo.declared:
            return False
        self.memo.declared[key] = scalar
        return True

    def classify(
        self,
        name: str,
        display: str,
        scripts: list[str],
        tasks: list[str],
        selected: dict[str, str],
    ) -> tuple[Purpose, str]:
        if self.memo is None:
            return classify_job(name, display, scripts, tasks, selected)
        # a name that is no tooling job's changes nothing classify_job answers
        names = tuple(n if is_tooling_job_name(n.strip()) else "" for n in (name, display))
        key = (names, tuple(scripts), tuple(tasks), tuple(sorted(selected.items())))
        known = self.memo.purposes.get(key)
        if known is None:
            known = self.memo.purposes[key] = classify_job(name, display, scripts, tasks, selected)
        return known

    def pin(
        self,
        scalar: Scalar,
        *,
        context: str,
        purpose: Purpose,
        role: Role = Role.PIN,
        group: str = "",
    ) -> list[Declaration]:
        """The scalar's declaration, or none when it was made already (`first`)."""
        if not self.first(scalar, role):
            return []
        return [
            scalar_pin(
                self.file_of(scalar),
                scalar,
                source=KIND,
                context=context,
                purpose=purpose,
                role=role,
                group=group,
            )
        ]


def declarations(walk: Walk, root: Mapping, expanded: Mapping | None = None) -> list[Declaration]:
    """The pipeline's declarations: `expanded` is `root` with its templates expanded."""
    tree = expanded if expanded is not None else root
    found: list[Declaration] = []
    for job in _jobs(tree):
        found += _job(walk, job)
    found += _job_templates(walk, tree, links=True, callers=False)
    found += _job_templates(walk, root, links=False, callers=True)
    return found


def _template_lists(root: Mapping) -> Iterator[Sequence]:
    lists = [root.get("jobs"), root.get("stages")]
    stages = root.get("stages")
    for stage in stages.items if isinstance(stages, Sequence) else ():
        if isinstance(stage, Mapping):
            lists.append(stage.get("jobs"))
    for items in lists:
        if isinstance(items, Sequence):
            yield items


def _job_templates(walk: Walk, root: Mapping, *, links: bool, callers: bool) -> list[Declaration]:
    """`- template: x.yml` among the pipeline's jobs or stages (top level or in a stage):
    the link to it (`links`), and what the caller writes of Pythons in its parameters
    (`callers`)."""
    found: list[Declaration] = []
    for items in _template_lists(root):
        for item in items.items:
            if not isinstance(item, Mapping) or (template := _local_template(item)) is None:
                continue
            if links:
                found.append(_template_link(walk, template, "jobs"))
            if callers:
                if not _was_expanded(walk, template):
                    found += _template_matrix(walk, item, template.text.strip())
                found += _python_lists(walk, item, template.text.strip())
    return found


def _was_expanded(walk: Walk, template: Scalar) -> bool:
    expander = walk.expander
    return expander is not None and id(template) in expander.followed


def _template_matrix(walk: Walk, item: Mapping, template: str) -> list[Declaration]:
    """`parameters: matrix: py310: {PYTHON: '3.10'}` given to a job template that is not
    followed: each entry's Python is written here, in the caller. What the template does
    with it is not read: the purpose stays unknown (compared at warning level at most), and
    the template's link still says the tests as read may be incomplete."""
    parameters = item.mapping("parameters")
    matrix = parameters.mapping("matrix") if parameters else None
    found: list[Declaration] = []
    for name, entry in matrix.items() if matrix else ():
        for value in _python_values(entry):
            found.extend(
                walk.pin(
                    value,
                    context=f"matrix {name} given to template {template}, unknown: the "
                    "template is not read",
                    purpose=Purpose.UNKNOWN,
                    role=Role.MATRIX,
                    group=f"{walk.file.path} template {template}",
                )
            )
    return found


def _python_values(entry: Node) -> list[Scalar]:
    """The version-shaped values of a matrix entry's Python variables (`PYTHON: '3.10'`)."""
    if not isinstance(entry, Mapping):
        return []
    return [
        value
        for key, value in entry.items()
        if key.lower() in _PYTHON_PARAMETERS
        and isinstance(value, Scalar)
        and _PARAMETER_VERSION.fullmatch(value.text.strip()) is not None
    ]


def _python_lists(walk: Walk, item: Mapping, template: str) -> list[Declaration]:
    """A list parameter of versions (`targets: [{test: 3.8}, ...]`) given to a template that
    names them Pythons (`nameFormat: Python {0}`): the template turns them into test names
    (`format()`), which is not followed, so each is listed as unresolved, a test the
    pipeline runs whose Python is not read."""
    parameters = item.mapping("parameters")
    if parameters is None or not any(
        isinstance(value, Scalar) and _NAMES_PYTHON.search(value.text)
        for _, value in parameters.items()
    ):
        return []
    found: list[Declaration] = []
    for name, value in parameters.items():
        for entry in value.items if isinstance(value, Sequence) else ():
            scalars = [v for _, v in entry.items()] if isinstance(entry, Mapping) else [entry]
            for scalar in scalars:
                if not isinstance(scalar, Scalar):
                    continue
                if _PARAMETER_VERSION.fullmatch(scalar.text.strip()) is None:
                    continue
                declared = unresolved(
                    walk.file_of(scalar).path,
                    scalar.span,
                    scalar.text.strip(),
                    source=KIND,
                    context=f"parameter {name} given to template {template}",
                    note=f"Python {scalar.text.strip()} given to template {template} (parameter "
                    f"{name}), which makes test names of it: what runs them is not read",
                )
                found.append(replace(declared, purpose=Purpose.RUNTIME))
    return found


def _local_template(item: Mapping) -> Scalar | None:
    """The template an item includes, when it is a file of this repository (`x.yml`, not
    `x.yml@other-repo`)."""
    template = item.scalar("template")
    if template is None or "@" in template.text or "${{" in template.text:
        return None
    return template


def _template_link(
    walk: Walk, template: Scalar, what: str, purpose: Purpose = Purpose.RUNTIME
) -> Declaration:
    name = template.text.strip()
    if walk.expander is None:
        note = f"{AZURE_TEMPLATE_NOTE}the {what} of template {name} are read with the files"
    else:
        otherwise = (
            f"the templates expand to more than {MAX_NODES:,} nodes"
            if walk.expander.capped
            else "it is not followed"
        )
        why = walk.expander.why_not.get(id(template), otherwise)
        note = (
            f"the {what} of template {name} are not read ({why}): the pipeline's tests as "
            "read may be incomplete"
        )
    found = unresolved(
        walk.file_of(template).path,
        template.span,
        name,
        source=KIND,
        context=f"{what} of template {name}",
        note=note,
    )
    return replace(found, purpose=purpose)


@record
class _Job:
    """A job of a pipeline, with the variables it sees."""

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


def _job(walk: Walk, job: _Job) -> list[Declaration]:
    steps = job.node.get("steps")
    if not isinstance(steps, Sequence):
        return []
    summaries = [walk.step(step) for step in steps.items]
    scripts = [script for summary in summaries for script in summary.scripts]
    display = job.node.scalar("displayName")
    selected = {
        tool: ",".join(value.text for value, _ in values)
        for tool, variable in (("tox", "TOXENV"), ("nox", "NOXSESSION"))
        if (values := _matrix_values(job.node, variable) or _variable(job.variables, variable))
    }
    tasks = [summary.task.text for summary in summaries if summary.task is not None]
    purpose, why = walk.classify(
        job.name, display.text if display else "", scripts, tasks, selected
    )
    found: list[Declaration] = []
    templates = [summary.template for summary in summaries if summary.template is not None]
    if templates and not any(summary.use_python for summary in summaries):
        found.append(_template_link(walk, templates[0], "steps", purpose))
    consumed: set[str] = set()
    for index, (step, summary) in enumerate(zip(steps.items, summaries, strict=True), start=1):
        if not summary.use_python or not isinstance(step, Mapping) or summary.task is None:
            continue
        if summary.literal is not None and walk.declared(summary.literal):
            continue  # a template's step another pipeline declared (`WalkMemo`)
        may_fail = is_true(job.node.get("continueOnError")) or is_true(step.get("continueOnError"))
        allowed = ", allowed to fail (continueOnError)" if may_fail else ""
        context = f"job {job.name}, step {index}{allowed}, {purpose.value}: {why}"
        declared = _version_spec(walk, job, step, summary.task, context, purpose, consumed)
        found += [replace(d, may_fail=True) for d in declared] if may_fail else declared
    if not templates or walk.expander is not None:
        found += _matrix_pythons(walk, job, consumed)
    return found


def _matrix_pythons(walk: Walk, job: _Job, consumed: set[str]) -> list[Declaration]:
    """A job matrix's Python variables (`PYTHON: '3.10'`) that no `UsePythonVersion` step of
    the job reads: the job's scripts set that Python up (a conda environment, a container),
    which is not read, so the purpose is unknown (compared at warning level at most)."""
    strategy = job.node.mapping("strategy")
    matrix = strategy.mapping("matrix") if strategy else None
    found: list[Declaration] = []
    for name, entry in matrix.items() if matrix else ():
        if not isinstance(entry, Mapping):
            continue
        for key, value in entry.items():
            if key in consumed or value not in _python_values(entry):
                continue
            assert isinstance(value, Scalar)
            found.extend(
                walk.pin(
                    value,
                    context=f"job {job.name}, matrix {name} {key}, unknown: no UsePythonVersion "
                    "step reads it (the job's scripts set its Python up)",
                    purpose=Purpose.UNKNOWN,
                    role=Role.MATRIX,
                    group=f"{walk.file.path} job {job.name}",
                )
            )
    return found


def _is_use_python(task: Scalar) -> bool:
    return task.text.strip().lower().startswith("usepythonversion@")


def _version_spec(
    walk: Walk,
    job: _Job,
    step: Mapping,
    task: Scalar,
    context: str,
    purpose: Purpose,
    consumed: set[str],
) -> list[Declaration]:
    inputs = step.mapping("inputs")
    spec = inputs.scalar("versionSpec") if inputs else None
    if spec is None:
        if not walk.first(task):
            return []
        path = walk.file_of(task).path
        return [pin(path, task.span, "3.x", source=KIND, context=context, purpose=purpose)]
    if parameter := _PARAMETER.match(spec.text):
        found = unresolved(
            walk.file_of(spec).path,
            spec.span,
            spec.text,
            source=KIND,
            context=context,
            note=f"template parameter {parameter['name']}: its callers are not read",
        )
        return [replace(found, purpose=purpose)]
    reference = _REFERENCE.match(spec.text)
    if reference is None:
        return walk.pin(spec, context=context, purpose=purpose)
    name = reference["macro"] or reference["dotted"] or reference["quoted"]
    consumed.add(name)
    values = _matrix_values(job.node, name) or _variable(job.variables, name)
    if not values:
        found = unresolved(
            walk.file_of(spec).path,
            spec.span,
            spec.text,
            source=KIND,
            context=context,
            note=f"variable {name} is not set in this file",
        )
        return [replace(found, purpose=purpose)]
    is_set = len({value.text for value, _ in values}) > 1
    return [
        declared
        for value, via in values
        for declared in walk.pin(
            value,
            context=f"{context}, {via} {name}",
            purpose=purpose,
            role=Role.MATRIX if is_set else Role.PIN,
            group=f"{walk.file.path} job {job.name}" if is_set else "",
        )
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
