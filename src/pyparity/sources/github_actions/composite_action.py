"""Local composite actions: an action of the repository (`.github/actions/**/action.yml`, or
an `action.yml` in another folder under `.github/`) and the steps that call one
(`uses: ./.github/actions/x`).

The action's steps are read as a job's are (setup actions, `run:` installers), its
`inputs.X.default` are kept, and each call says which inputs it sets and with what values
(over the caller's matrix). `pyparity.resolve` joins them: `${{ inputs.python-version }}` in
the action takes each value a caller gives, and the default where a caller leaves it out.
The purpose of such a value is the caller's, when the action's own steps do not say (an
action that only sets up Python for the caller's tests).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Sequence
from pyparity.purpose import classify_job
from pyparity.sources.github_actions.conda_env_steps import environment_files
from pyparity.sources.github_actions.docker_build import docker_builds
from pyparity.sources.github_actions.job import Job, step_texts, step_where
from pyparity.sources.github_actions.maturin import maturin_builds
from pyparity.sources.github_actions.reusable_workflow import call_links, declared_defaults
from pyparity.sources.github_actions.run_steps import conda_pythons, uv_pythons
from pyparity.sources.github_actions.runs import Run, step_envs
from pyparity.sources.github_actions.setup_actions import setup_step
from pyparity.sources.github_actions.step import job_for_step
from pyparity.textfile import TextFile

ACTION_FILES = frozenset({"action.yml", "action.yaml"})


def read_action(file: TextFile, root: Mapping) -> Iterator[Declaration]:
    yield from declared_defaults(file.path, root.mapping("inputs"))
    runs = root.mapping("runs")
    steps = runs.get("steps") if runs else None
    if not isinstance(steps, Sequence):
        return
    commands, actions = step_texts(steps)
    purpose, why = classify_job("action", "", commands, actions)
    run = Run(combination={}, purpose=purpose, why=why)
    job = Job(
        path=file.path,
        job_id="",
        node=root,
        envs=(),
        purpose=purpose,
        why=why,
        anchor=".",
        runs=(run,),
    )
    yield from maturin_builds(file, [job])
    for index, step in enumerate(steps.items, start=1):
        if isinstance(step, Mapping):
            yield from setup_step(job, step, index, steps)
            yield from uv_pythons(file, job, step, index, steps)
            yield from conda_pythons(file, job, step, index, steps)
            yield from environment_files(job, step, index, steps)
            yield from action_call(job, step, index, steps)
            yield from docker_builds(file, job, step, index, steps)


def action_directory(uses: str) -> str | None:
    """`./.github/actions/x` -> `.github/actions/x`, the directory of a local action that
    pyparity reads (any folder under `.github/`); None for anything else (a reusable
    workflow, a remote action)."""
    text = uses.strip()
    if not text.startswith("./") or "@" in text:
        return None
    directory = posixpath.normpath(text.removeprefix("./"))
    if not directory.startswith(".github/") or directory.endswith((".yml", ".yaml")):
        return None
    return None if directory.split("/")[1:] == ["workflows"] else directory


def _in_checkout(uses: str, steps: Sequence, index: int) -> str | None:
    """`./src/.github/actions/x` after `actions/checkout` with `path: src/` (and no other
    `repository:`): the repository's own `.github/actions/x`."""
    text = uses.strip()
    if not text.startswith("./") or "@" in text:
        return None
    called = posixpath.normpath(text.removeprefix("./"))
    for step in steps.items[: index - 1]:
        if not isinstance(step, Mapping):
            continue
        action = step.scalar("uses")
        inputs = step.mapping("with")
        if action is None or not action.text.strip().startswith("actions/checkout"):
            continue
        path = inputs.scalar("path") if inputs else None
        repository = inputs.scalar("repository") if inputs else None
        if path is None or (repository is not None and "github.repository" not in repository.text):
            continue
        folder = posixpath.normpath(path.text.strip())
        if folder not in (".", "") and called.startswith(f"{folder}/"):
            return action_directory(f"./{called[len(folder) + 1 :]}")
    return None


def action_call(job: Job, step: Mapping, index: int, steps: Sequence) -> Iterator[Declaration]:
    """A step that calls a local action: the inputs it sets and their values."""
    uses = step.scalar("uses")
    directory = action_directory(uses.text) if uses is not None else None
    if uses is not None and directory is None:
        directory = _in_checkout(uses.text, steps, index)
    if uses is None or directory is None:
        return
    step_job = job_for_step(job, step, index, steps)
    if step_job is None:
        return
    yield from call_links(
        step_job,
        uses,
        directory,
        step.mapping("with"),
        step_envs(step, job.envs),
        where=step_where(job, index),
        with_purpose=True,
    )
