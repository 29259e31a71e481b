"""`docker/build-push-action` steps: the Dockerfile they build (`file:`, else `Dockerfile` in
`context:`) with the `build-args:` each run of the job gives it (`PYTHON_VERSION=${{
matrix.python-version }}`), as links that `pyparity.resolve_builds` follows into the
Dockerfile's `ARG`s, as it does for compose. One link per distinct build over the matrix;
several are the entries of one matrix. A value written by the matrix is declared where the
matrix writes it; an arg whose value cannot be known is passed as unknown only when its name
says it is a Python's (`PYTHON_VERSION`), so that a Node or SQLite version read from a
step's output raises no notice.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyparity import lazy_re
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.expression import UNKNOWN, Resolver, interpolate
from pyparity.sources.github_actions.job import Job, step_where
from pyparity.sources.github_actions.matrix import Combination, Unknown, lookup
from pyparity.sources.github_actions.runs import resolver, step_envs
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import number_loaded_as
from pyparity.textfile import TextFile

if TYPE_CHECKING:
    from pyparity.resolve_builds import BuildArg, BuildLink

_ACTION = "docker/build-push-action"
_ARG = lazy_re.compile(r"^\s*+(?P<name>[A-Za-z_][A-Za-z0-9_]*+)=(?P<value>.*)")


def _arg(line: str) -> dict[str, str] | None:
    """`NAME=value` of one build-args line, the value stripped (by code: `.*?\\s*$` would
    take quadratic time on a line of spaces)."""
    found = _ARG.match(line)
    if found is None:
        return None
    return {"name": found["name"], "value": found["value"].strip()}


_MATRIX_VALUE = lazy_re.compile(r"^\$\{\{\s*matrix\.(?P<key>[A-Za-z_][\w-]*)\s*\}\}$")
_PYTHON_NAME = lazy_re.compile(r"PY", re.IGNORECASE)


def docker_builds(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    uses = step.scalar("uses")
    inputs = step.mapping("with")
    if uses is None or not uses.text.strip().lower().startswith(_ACTION) or inputs is None:
        return
    args = inputs.scalar("build-args")
    step_job = job_for_step(job, step, index, steps)
    if args is None or step_job is None:
        return
    # here: few workflows build a Dockerfile with build args (start-up, issue 18)
    from pyparity.resolve_builds import ANY_DOCKERFILE, BuildLink, link_declaration

    envs = step_envs(step, job.envs)
    combinations: list[Combination | None] = (
        [run.combination for run in step_job.runs] if step_job.runs is not None else [None]
    )
    links: dict[object, BuildLink] = {}
    where = f"{step_where(job, index)}, docker build"
    for combination in combinations:
        resolve = resolver(combination, envs)
        paths = _paths(inputs, resolve)
        if paths is None and _named_by_expression(inputs, resolve):
            # Which Dockerfile is built cannot be known; the Python args it is given can.
            paths = (ANY_DOCKERFILE, ".")
        if paths is None:
            continue
        dockerfile, anchor = paths
        build_args = tuple(_build_args(file, args, combination, resolve))
        if dockerfile == ANY_DOCKERFILE:
            build_args = tuple(a for a in build_args if _PYTHON_NAME.search(a.name))
            if not build_args:
                continue
        key = (dockerfile, anchor, tuple((a.name, a.value, a.span) for a in build_args))
        link = BuildLink(dockerfile=dockerfile, anchor=anchor, context=where, args=build_args)
        links.setdefault(key, link)
    group = f"{job.path} {where}" if len(links) > 1 else ""
    for link in links.values():
        yield link_declaration(job.path, args.span, link, source=KIND, group=group)


def _paths(inputs: Mapping, resolve: Resolver) -> tuple[str, str] | None:
    """The Dockerfile and the build context, repository-relative; None when either cannot be
    known or is not a path of the repository (a Git URL, `{{defaultContext}}:sub`)."""
    context = _text(inputs.scalar("context"), resolve, ".")
    written = inputs.scalar("file")
    dockerfile = _text(written, resolve, "") if written is not None else None
    if context is None or (written is not None and not dockerfile):
        return None
    if "://" in context or "{{" in context or context.startswith("git@"):
        return None
    anchor = posixpath.normpath(context.strip() or ".")
    path = posixpath.normpath(dockerfile.strip() if dockerfile else f"{anchor}/Dockerfile")
    if path.startswith(("../", "/")) or anchor.startswith(("../", "/")):
        return None
    return path, anchor


def _named_by_expression(inputs: Mapping, resolve: Resolver) -> bool:
    """Is the Dockerfile named by an expression whose value cannot be known (`file: ${{
    steps.pick.outputs.path }}`), in a build of this repository's context?"""
    written = inputs.scalar("file")
    context = _text(inputs.scalar("context"), resolve, ".")
    return (
        written is not None
        and _text(written, resolve, "") is None
        and context is not None
        and "://" not in context
        and not context.startswith("git@")
    )


def _text(scalar: Scalar | None, resolve: Resolver, default: str) -> str | None:
    if scalar is None:
        return default
    text = interpolate(scalar.text, resolve)
    return text if isinstance(text, str) else None


def _build_args(
    file: TextFile, args: Scalar, combination: Combination | None, resolve: Resolver
) -> Iterator[BuildArg]:
    """The `NAME=value` lines of `build-args` in one run (a line that an expression empties
    is no arg)."""
    from pyparity.resolve_builds import BuildArg

    offset = 0
    for line in args.text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        text = interpolate(line, resolve)
        found = _arg(line if text is UNKNOWN or not isinstance(text, str) else text)
        if found is None:
            continue
        value: str | None = found["value"]
        if text is UNKNOWN or not isinstance(text, str):
            value = None
            if not _PYTHON_NAME.search(found["name"]):
                continue
        written = _arg(line)
        raw = written["value"] if written else line.strip()
        node = _matrix_node(raw, combination)
        if isinstance(node, Scalar):
            yield BuildArg(
                name=found["name"],
                value=value,
                written=node.text,
                span=node.span,
                loaded_as=number_loaded_as(node),
            )
            continue
        begin = start + line.find(raw) if raw else start
        span = span_in_run(file, args, begin, begin + len(raw))
        yield BuildArg(name=found["name"], value=value, written=raw, span=span)


def _matrix_node(raw: str, combination: Combination | None) -> Scalar | None:
    """The matrix entry a value written as `${{ matrix.k }}` takes in this run."""
    found = _MATRIX_VALUE.match(raw.strip())
    if found is None or combination is None:
        return None
    node = lookup(combination, [found["key"]])
    return node if isinstance(node, Scalar) and not isinstance(node, Unknown) else None
