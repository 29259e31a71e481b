"""CircleCI: `.circleci/config.yml` (and `.yaml`).

Each job's primary image (the first `docker:` entry, the job's own or its `executor:`'s,
named or inline) declares its Python; the python orb's executor (`python/default` with
`tag:`) does too. `<< parameters.x >>` in an image is replaced by the values a workflow's
`matrix: parameters:` gives the job, else by the parameter's default. The purpose comes
from the job's `run:` steps.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pyparity.errors import UnreadableFile
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.sources._common import pin, pin_requirement
from pyparity.sources._yaml_values import loaded_as, scalar_at, text_span
from pyparity.textfile import TextFile

KIND = "circleci"
_PARAMETER = re.compile(r"<<\s*(?:pipeline\.)?parameters\.([\w-]+)\s*>>")
_PYTHON_ORB_EXECUTOR = re.compile(r"^[\w-]+/default$")


def matches(path: str) -> bool:
    return path in {".circleci/config.yml", ".circleci/config.yaml"}


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a CircleCI config must be a mapping", line=root.span.line)
    jobs = root.mapping("jobs")
    found: list[Declaration] = []
    for name, job in jobs.items() if jobs else ():
        if isinstance(job, Mapping):
            found += _job(file, root, name, job)
    return found


def _job(file: TextFile, root: Mapping, name: str, job: Mapping) -> list[Declaration]:
    purpose, why = classify_job(name, "", _commands(job), [])
    context = f"job {name}, {purpose.value}: {why}"
    executor = job.get("executor")
    orb_tag = _orb_tag(executor)
    if orb_tag is not None:
        return [_version(file, orb_tag, f"{context}, python orb executor", purpose)]
    image = _primary_image(job) or _primary_image(_executor(root, executor))
    if image is None:
        return []
    values = _parameter_values(root, name, job, image)
    is_set = len({scalar.text for scalar, _ in values}) > 1
    found = [_image(file, image, value, context, purpose, is_set, name) for value in values]
    return [declaration for declaration in found if declaration is not None]


def _commands(job: Mapping) -> list[str]:
    steps = job.get("steps")
    commands = []
    for step in steps.items if isinstance(steps, Sequence) else ():
        run = step.get("run") if isinstance(step, Mapping) else None
        command = scalar_at(run, "command") if isinstance(run, Mapping) else run
        if isinstance(command, Scalar):
            commands.append(command.text)
    return commands


def _orb_tag(executor: Node | None) -> Scalar | None:
    if not isinstance(executor, Mapping):
        return None
    name = executor.scalar("name")
    if name is None or not _PYTHON_ORB_EXECUTOR.match(name.text) or "python" not in name.text:
        return None
    return executor.scalar("tag")


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
