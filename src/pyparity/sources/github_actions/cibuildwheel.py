"""The wheels a workflow's cibuildwheel steps build (`CIBW_BUILD`, `CIBW_SKIP`,
`CIBW_PROJECT_REQUIRES_PYTHON` of the step, job or workflow env); the selectors themselves
are read by `pyparity.sources._cibuildwheel`, shared with `[tool.cibuildwheel]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pyparity.model import Declaration, Span
from pyparity.parsers.yaml_nodes import Mapping, Sequence, value_span
from pyparity.sources._cibuildwheel import is_open, tokens, wheel_declarations
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job, env_scalar
from pyparity.sources.github_actions.runs import (
    step_envs,
    step_runs,
)
from pyparity.sources.github_actions.values import expand

_CIBUILDWHEEL = re.compile(r"\bcibuildwheel\b")


_INSTALL = re.compile(r"\binstall\b")


_PLATFORM_OPTION = re.compile(r"--platform[= ]+['\"]?(?P<platform>[\w-]+)")


_ONLY_OPTION = re.compile(r"--only\b")


@dataclass(frozen=True, slots=True, kw_only=True)
class _WheelBuild:
    """One step that runs cibuildwheel: its build selectors (None: every version its
    requires-python admits, or not known, or one wheel picked by `only`) and where they are
    written."""

    job: Job
    patterns: tuple[tuple[str, Span], ...] | None
    skip: str
    requires_python: str
    platform: str


def wheels(jobs: list[Job]) -> Iterator[Declaration]:
    """The wheels the workflow's cibuildwheel steps build (`CIBW_BUILD` of the step, job or
    workflow env). A step with no build selector builds every version its requires-python
    admits (or `[tool.cibuildwheel] build` says): the workflow then declares no narrower
    wheel set; nor does it when a step's selector is set by an expression (a matrix of
    `cp312-${{ matrix.platform }}` is as often a smoke build as the release set) or picks one
    wheel (`only`, `--only`). A Pyodide build (`CIBW_PLATFORM: pyodide`) is a platform's
    single Python, not the wheel set."""
    builds = [_wheel_build(job, step) for job in jobs for step in _cibuildwheel_steps(job)]
    builds = [build for build in builds if "pyodide" not in build.platform.lower()]
    selected = [(build, build.patterns) for build in builds if build.patterns is not None]
    if len(selected) < len(builds) or any(is_open(t) for _, p in selected for t, _ in p):
        return
    for build, patterns in selected:
        for declaration in wheel_declarations(
            build.job.path,
            patterns,
            skip=build.skip,
            requires_python=build.requires_python,
            platform=build.platform,
            source=KIND,
        ):
            yield replace(declaration, anchor=build.job.anchor)


def _cibuildwheel_steps(job: Job) -> Iterator[Mapping]:
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping) or not _runs_cibuildwheel(step):
            continue
        if job.runs is None or step_runs(step, job.runs, job.envs):
            yield step


def _wheel_build(job: Job, step: Mapping) -> _WheelBuild:
    envs = step_envs(step, job.envs)
    run = step.scalar("run")
    inputs = step.mapping("with")
    only = inputs.scalar("only") if inputs else None
    build = env_scalar(envs, "CIBW_BUILD")
    patterns = None
    picks_one = (only is not None and only.text.strip()) or (run and _ONLY_OPTION.search(run.text))
    if build is not None and "${{" not in build.text and not picks_one:
        patterns = tuple((token, value_span(build, token)) for token, _ in tokens(build.text, 0))
    skip = env_scalar(envs, "CIBW_SKIP")
    requires = env_scalar(envs, "CIBW_PROJECT_REQUIRES_PYTHON")
    return _WheelBuild(
        job=job,
        patterns=patterns,
        skip=skip.text if skip and "${{" not in skip.text else "",
        requires_python=requires.text if requires and "${{" not in requires.text else "",
        platform=_platform(job, step, envs),
    )


def _platform(job: Job, step: Mapping, envs: tuple[Mapping, ...]) -> str:
    """`CIBW_PLATFORM` (or `--platform`) when every run of the step builds for that one."""
    run = step.scalar("run")
    if run is not None and (found := _PLATFORM_OPTION.search(run.text)):
        return found["platform"]
    setting = env_scalar(envs, "CIBW_PLATFORM")
    if setting is None:
        return ""
    values = {value.text.strip() for value in expand(job, setting, envs)}
    return values.pop() if len(values) == 1 and "${{" not in next(iter(values)) else ""


def _runs_cibuildwheel(step: Mapping) -> bool:
    uses = step.scalar("uses")
    if uses is not None and uses.text.lower().startswith("pypa/cibuildwheel"):
        return True
    run = step.scalar("run")
    return run is not None and any(
        _CIBUILDWHEEL.search(line) and not _INSTALL.search(line) for line in run.text.splitlines()
    )
