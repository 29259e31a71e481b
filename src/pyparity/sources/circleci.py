"""CircleCI: `.circleci/config.yml` (and `.yaml`).

Each job's primary image (the first `docker:` entry, the job's own or its `executor:`'s,
named or inline) declares its Python; the python orb's executor (`python/default` with
`tag:`) does too. `<< parameters.x >>` in an image is replaced by the values a workflow's
`matrix: parameters:` gives the job, else by the parameter's default. The purpose comes
from the job's `run:` steps and those of the reusable commands (top-level `commands:`) its
steps invoke (`- run-tox: {version: py38}`), nested ones too, within a budget.

Another orb's executor (`executor: {name: orb/default, version: "3.9"}`) and a workflow's
call of an orb's job (`- orb/test: {matrix: {parameters: {version: ["3.10", "3.11"]}}}`)
with a `version`, `tag` or `python-version` parameter holding a version: a Python of
unknown purpose (the orb is not read, so what it makes of the value is not known).
`pyenv install|global|local 3.11 ...` and `conda create -n test python=3.6` in a job's
`run:` steps: the Pythons the job sets up, of unknown purpose (tox-pyenv and the job's
scripts choose among them).
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.records import replace
from pyparity.sources._common import pin, pin_requirement
from pyparity.sources._yaml_values import loaded_as, scalar_at, text_span
from pyparity.textfile import TextFile

KIND = "circleci"
_PARAMETER = lazy_re.compile(r"<<\s*(?:pipeline\.)?parameters\.([\w-]+)\s*>>")
_PYTHON_ORB_EXECUTOR = lazy_re.compile(r"^[\w-]+/default$")


def matches(path: str) -> bool:
    """The pipeline's configuration, and the one a setup workflow continues with (the
    path-filtering and continuation orbs' default `continue_config.yml`)."""
    return path in _CONFIGURATIONS


_CONFIGURATIONS = frozenset(
    {
        ".circleci/config.yml",
        ".circleci/config.yaml",
        ".circleci/continue_config.yml",
        ".circleci/continue_config.yaml",
    }
)


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a CircleCI config must be a mapping", line=root.span.line)
    jobs = root.mapping("jobs")
    found: list[Declaration] = []
    reusable = _Reusable(root, len(file.text))
    for name, job in jobs.items() if jobs else ():
        if isinstance(job, Mapping):
            found += _job(file, root, reusable, name, job)
            found += _pyenv(file, name, job)
    found += _orb_jobs(file, root)
    return found


_ORB_PARAMETERS = ("version", "tag", "python-version", "python_version")
_ORB_VERSION = lazy_re.compile(r"[23]\.\d{1,2}(?:\.\d{1,3})?")


def _orb_parameter(node: Mapping) -> Scalar | None:
    """The first version-shaped `version`/`tag`/`python-version` of an orb's executor or job."""
    for key in _ORB_PARAMETERS:
        value = node.scalar(key)
        if value is not None and _ORB_VERSION.fullmatch(value.text.strip()):
            return value
    return None


def _orb_aliases(root: Mapping) -> set[str]:
    orbs = root.mapping("orbs")
    return {name for name, _ in orbs.items()} if orbs else set()


def _orb_pin(file: TextFile, value: Scalar, context: str, role: Role, group: str) -> Declaration:
    declaration = _version(file, value, context, Purpose.UNKNOWN)
    return replace(declaration, role=role, group=group)


def _orb_jobs(file: TextFile, root: Mapping) -> list[Declaration]:
    """A workflow's calls of an orb's jobs with a Python parameter (or matrix of them)."""
    aliases = _orb_aliases(root)
    workflows = root.mapping("workflows")
    found: list[Declaration] = []
    for workflow_name, workflow in workflows.items() if workflows else ():
        jobs = workflow.get("jobs") if isinstance(workflow, Mapping) else None
        for entry in jobs.items if isinstance(jobs, Sequence) else ():
            if not isinstance(entry, Mapping) or len(entry.pairs) != 1:
                continue
            key, options = entry.pairs[0]
            if key.text.partition("/")[0] not in aliases or not isinstance(options, Mapping):
                continue
            context = f"workflow {workflow_name}, orb job {key.text}, unknown: the orb is not read"
            group = f"{file.path} workflow {workflow_name} job {key.text} line {key.span.line}"
            matrix = _lookup_mapping(options, "matrix", "parameters")
            values = [
                value
                for name in _ORB_PARAMETERS
                for value in _lookup_list(matrix, name)
                if _ORB_VERSION.fullmatch(value.text.strip())
            ]
            if values:
                role = Role.MATRIX if len(values) > 1 else Role.PIN
                found += [_orb_pin(file, v, f"{context}, matrix", role, group) for v in values]
            elif (value := _orb_parameter(options)) is not None:
                found.append(_orb_pin(file, value, context, Role.PIN, ""))
    return found


def _lookup_mapping(node: Mapping, *path: str) -> Mapping | None:
    current: Node | None = node
    for key in path:
        current = current.get(key) if isinstance(current, Mapping) else None
    return current if isinstance(current, Mapping) else None


_PYENV = lazy_re.compile(
    r"(?:^|[\s;&|(])(?P<tool>pyenv|conda|mamba|micromamba)[ \t]++(?:install|global|local|create)"
    r"(?=[ \t])"
)
_CONDA_PYTHON = lazy_re.compile(r"[\"']?python={1,2}(?P<version>[23]\.\d{1,2}(?:\.\d{1,3})?)[\"']?")
_PYENV_VERSION = lazy_re.compile(r"[23]\.\d{1,2}(?:\.\d{1,3})?(?:-dev)?")
_LINE_END = lazy_re.compile(r"[\n;&|#]")


def _pyenv(file: TextFile, name: str, job: Mapping) -> list[Declaration]:
    """`pyenv install|global|local 3.11 3.12` and `conda create ... python=3.6` in the job's
    `run:` steps (one command a line). `conda install python=3.6` is read too."""
    values: list[Scalar] = []
    steps = job.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        run = step.get("run") if isinstance(step, Mapping) else None
        command = scalar_at(run, "command") if isinstance(run, Mapping) else run
        if not isinstance(command, Scalar):
            continue
        text, position = command.text, 0
        while (found := _PYENV.search(text, position)) is not None:
            end = _LINE_END.search(text, found.end())
            position = end.start() if end else len(text)
            offset = found.end()
            for word in text[found.end() : position].split():
                start = text.index(word, offset)
                offset = start + len(word)
                if found["tool"] == "pyenv" and _PYENV_VERSION.fullmatch(word):
                    values.append(_piece(file, command, start, offset))
                elif found["tool"] != "pyenv" and (spec := _CONDA_PYTHON.fullmatch(word)):
                    begin = start + spec.start("version")
                    values.append(_piece(file, command, begin, begin + len(spec["version"])))
    role = Role.MATRIX if len({v.text for v in values}) > 1 else Role.PIN
    context = f"job {name}, pyenv/conda, unknown: the job's scripts choose what they run on"
    group = f"{file.path} job {name} pyenv" if role is Role.MATRIX else ""
    return [_orb_pin(file, value, context, role, group) for value in values]


def _piece(file: TextFile, command: Scalar, start: int, end: int) -> Scalar:
    """A word of a run command as a scalar at its place in the file: its line of script is
    found verbatim after the command's start (a folded line is not: the command's span)."""
    line_start = command.text.rfind("\n", 0, start) + 1
    line = command.text[line_start:].split("\n", 1)[0]
    found = file.text.find(line, file.offset(command.span.line, command.span.column))
    span = command.span
    if found >= 0 and line.strip():
        offset = found + start - line_start
        span = file.span(offset, offset + end - start)
    return Scalar(text=command.text[start:end], tag="", quoted=True, block=False, span=span)


def _job(
    file: TextFile, root: Mapping, reusable: _Reusable, name: str, job: Mapping
) -> list[Declaration]:
    every_step = _only_runs_and_built_in_steps(job.get("steps"))
    purpose, why = classify_job(name, "", reusable.commands(job), [], every_step=every_step)
    context = f"job {name}, {purpose.value}: {why}"
    executor = job.get("executor")
    orb_tag = _orb_tag(executor)
    if orb_tag is not None:
        return [_version(file, orb_tag, f"{context}, python orb executor", purpose)]
    if (version := _other_orb_executor(root, executor)) is not None:
        name_text = f"job {name}, orb executor, unknown: the orb is not read ({why})"
        return [_orb_pin(file, version, name_text, Role.PIN, "")]
    image = _primary_image(job) or _primary_image(_executor(root, executor))
    if image is None:
        return []
    values = _parameter_values(root, name, job, image)
    is_set = len({scalar.text for scalar, _ in values}) > 1
    found = [_image(file, image, value, context, purpose, is_set, name) for value in values]
    return [declaration for declaration in found if declaration is not None]


_BUILT_IN_STEPS = frozenset(
    {
        "checkout",
        "attach_workspace",
        "persist_to_workspace",
        "save_cache",
        "restore_cache",
        "store_artifacts",
        "store_test_results",
        "setup_remote_docker",
        "add_ssh_keys",
    }
)


def _only_runs_and_built_in_steps(steps: Node | None) -> bool:
    """The job's steps are `run`s and CircleCI's own steps, none a command defined elsewhere
    (a reusable command or an orb's, which may run anything): its `run`s are all it does."""
    if not isinstance(steps, Sequence):
        return False
    for step in steps.items:
        if isinstance(step, Scalar):
            name = step.text.strip()
        elif isinstance(step, Mapping) and len(step.pairs) == 1:
            name = next(iter(step.items()))[0]
        else:
            return False
        if name != "run" and name not in _BUILT_IN_STEPS:
            return False
    return True


def _own_commands(steps: Node | None) -> tuple[list[str], list[str]]:
    """The `run` commands of `steps`, and the names of the commands they invoke (`- name`,
    `- name: {parameters}`)."""
    commands, invoked = [], []
    for step in steps.items if isinstance(steps, Sequence) else ():
        run = step.get("run") if isinstance(step, Mapping) else None
        command = scalar_at(run, "command") if isinstance(run, Mapping) else run
        if isinstance(command, Scalar):
            commands.append(command.text)
        elif isinstance(step, Scalar):
            invoked.append(step.text.strip())
        elif isinstance(step, Mapping) and len(step.pairs) == 1:
            invoked.append(next(iter(step.items()))[0])
    return commands, invoked


_EXPANDED_BUDGET = 16 * 1024
"""Characters of reusable commands' scripts given to the jobs that invoke them, in all,
beyond as many as the file has (each invocation followed costs `_PER_COMMAND` more): a
hostile file's jobs cannot each read one huge command, or a long chain of them, again
(linear in the file, by construction)."""


class _Reusable:
    """The top-level `commands:` a job's steps may invoke (`- run-tox: {version: py38}`):
    their `run` scripts count as the job's, nested invocations followed once each."""

    def __init__(self, root: Mapping, size: int) -> None:
        self._defined = root.mapping("commands")
        self._left = _EXPANDED_BUDGET + size

    def commands(self, job: Mapping) -> list[str]:
        """The job's own `run` commands, then those of the commands it invokes."""
        commands, pending = _own_commands(job.get("steps"))
        seen = set(pending)
        for name in pending:  # (grows as it goes: breadth first)
            if self._defined is None:
                break
            body = self._defined.mapping(name)
            more, invoked = _own_commands(body.get("steps") if body is not None else None)
            self._left -= _PER_COMMAND + sum(map(len, more))
            if self._left < 0:
                break
            commands += more
            pending += [name for name in invoked if name not in seen]
            seen.update(invoked)
        return commands


_PER_COMMAND = 64  # what following one invocation costs the budget, scripts aside


def _orb_tag(executor: Node | None) -> Scalar | None:
    if not isinstance(executor, Mapping):
        return None
    name = executor.scalar("name")
    if name is None or not _PYTHON_ORB_EXECUTOR.match(name.text) or "python" not in name.text:
        return None
    return executor.scalar("tag")


def _other_orb_executor(root: Mapping, executor: Node | None) -> Scalar | None:
    """Another orb's executor given a version (`name: orb/default`, `version: "3.9"`)."""
    if not isinstance(executor, Mapping) or _orb_tag(executor) is not None:
        return None
    name = executor.scalar("name")
    if name is None or name.text.partition("/")[0] not in _orb_aliases(root):
        return None
    return _orb_parameter(executor)


def _executor(root: Mapping, executor: Node | None) -> Mapping | None:
    name = executor.scalar("name") if isinstance(executor, Mapping) else executor
    return _named(root, name.text) if isinstance(name, Scalar) else None


def _named(root: Mapping, name: str) -> Mapping | None:
    executors = root.mapping("executors")
    return executors.mapping(name) if executors else None


def _primary_image(node: Mapping | None) -> Scalar | None:
    docker = node.get("docker") if node else None
    first = docker.items[0] if isinstance(docker, Sequence) and docker.items else None
    return scalar_at(first, "image")


def _parameter_values(
    root: Mapping, job_name: str, job: Mapping, image: Scalar
) -> list[tuple[Scalar, str]]:
    """(scalar holding the version text, how it was found) for each value of the image."""
    match = _PARAMETER.search(image.text)
    if match is None:
        return [(image, "")]
    parameter = match[1]
    values = _matrix_values(root, job_name, parameter)
    if values:
        return [(scalar, f", matrix {parameter}") for scalar in values]
    for owner in (job, root):
        default = scalar_at(owner, "parameters", parameter, "default")
        if default is not None:
            return [(default, f", parameter {parameter} default")]
    return []


def _matrix_values(root: Mapping, job_name: str, parameter: str) -> list[Scalar]:
    values: list[Scalar] = []
    workflows = root.mapping("workflows")
    for _, workflow in workflows.items() if workflows else ():
        jobs = workflow.get("jobs") if isinstance(workflow, Mapping) else None
        for entry in jobs.items if isinstance(jobs, Sequence) else ():
            options = entry.get(job_name) if isinstance(entry, Mapping) else None
            listed = _lookup_list(options, "matrix", "parameters", parameter)
            values += [v for v in listed if all(v.text != seen.text for seen in values)]
    return values


def _lookup_list(node: Node | None, *path: str) -> list[Scalar]:
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    items = node.items if isinstance(node, Sequence) else ()
    return [item for item in items if isinstance(item, Scalar)]


def _image(
    file: TextFile,
    image: Scalar,
    value: tuple[Scalar, str],
    context: str,
    purpose: Purpose,
    is_set: bool,
    job: str,
) -> Declaration | None:
    scalar, via = value
    text = _PARAMETER.sub(scalar.text, image.text, count=1) if scalar is not image else image.text
    python = parse_image(text.strip())
    if python is None:
        return None
    version = text.strip()[python.start : python.end]
    where = scalar.text.find(version) if scalar is not image else image.text.find(text.strip())
    start = where if scalar is not image else where + python.start
    span = text_span(file, scalar, start, start + len(version)) if start >= 0 else scalar.span
    declaration = pin(
        file.path,
        span,
        text.strip(),
        source=KIND,
        context=context + via,
        purpose=purpose,
        role=Role.MATRIX if is_set else Role.PIN,
        group=f"{file.path} job {job}" if is_set else "",
        yaml_loaded_as=loaded_as(scalar) if scalar is not image else None,
    )
    role = Role.FLOATING if python.requirement.floating and not is_set else declaration.role
    return replace(declaration, requirement=python.requirement, role=role)


def _version(file: TextFile, tag: Scalar, context: str, purpose: Purpose) -> Declaration:
    declaration = pin(
        file.path,
        text_span(file, tag, 0, len(tag.text)),
        tag.text,
        source=KIND,
        context=context,
        purpose=purpose,
        yaml_loaded_as=loaded_as(tag),
    )
    return replace(declaration, requirement=pin_requirement(tag.text))
