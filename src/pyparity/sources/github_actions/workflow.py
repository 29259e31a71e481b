"""A workflow file, job by job and step by step, and the dispatch of a local action's
`action.yml` to `composite_action`. The registry's entry is `pyparity.sources.workflow`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import foreign
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Sequence, compose
from pyparity.records import replace
from pyparity.scope import OWN_SCOPE
from pyparity.sources._stable_abi import text_floors
from pyparity.sources.github_actions import KIND, memo
from pyparity.sources.github_actions.cibuildwheel import wheels
from pyparity.sources.github_actions.composite_action import action_call, read_action
from pyparity.sources.github_actions.conda_build import conda_build_pythons
from pyparity.sources.github_actions.conda_env_steps import environment_files
from pyparity.sources.github_actions.containers import job_images
from pyparity.sources.github_actions.docker_build import docker_builds
from pyparity.sources.github_actions.generated_matrix import (
    generated_matrix,
    matrix_built_images,
)
from pyparity.sources.github_actions.job import (
    Job,
    bot_events_only,
    paths_folder,
    read_job,
    release_events_only,
)
from pyparity.sources.github_actions.matrix import EXPRESSION, inner
from pyparity.sources.github_actions.maturin import maturin_builds
from pyparity.sources.github_actions.other_actions import other_action_pythons
from pyparity.sources.github_actions.output_axes import OutputAxes, replaced_axes
from pyparity.sources.github_actions.parallel_steps import (
    is_control_step,
    with_parallel_steps_inline,
)
from pyparity.sources.github_actions.pixi_steps import pixi_environments
from pyparity.sources.github_actions.python_axes import Taken, unread_python_axes
from pyparity.sources.github_actions.remote_builds import remote_builds
from pyparity.sources.github_actions.reusable_workflow import calls, external_call, input_defaults
from pyparity.sources.github_actions.run_images import run_images
from pyparity.sources.github_actions.run_steps import (
    conda_pythons,
    tox_factor_pythons,
    uv_python_env,
    uv_pythons,
)
from pyparity.sources.github_actions.runs import ClassifyBudget
from pyparity.sources.github_actions.setup_actions import setup_step
from pyparity.sources.github_actions.step_matrix import StepMatrices, with_step_matrix
from pyparity.sources.github_actions.system_pythons import system_pythons
from pyparity.textfile import TextFile

# Forgejo and Gitea Actions run workflows of GitHub's syntax from their own folder too.
WORKFLOW_FOLDERS = (".github", ".forgejo", ".gitea")


def matches(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    if len(parts) == 3 and parts[0] in WORKFLOW_FOLDERS and parts[1] == "workflows":
        return name.endswith((".yml", ".yaml"))
    return is_action_file(path)


def is_action_file(path: str) -> bool:
    """A local composite action: `action.yml` in a folder under `.github/` (`.github/actions/x`,
    also `.github/bottleneck-action` or `.github/workflows/shared-build`), not a workflow."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != ".github" or parts[-1] not in {"action.yml", "action.yaml"}:
        return False
    return not (len(parts) == 3 and parts[1] == "workflows")


def read(file: TextFile) -> list[Declaration]:
    try:
        return _read(file)
    finally:
        memo.forget()


def _read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a workflow must be a mapping", line=root.span.line)
    if is_action_file(file.path):
        return list(read_action(file, root))
    root = with_parallel_steps_inline(root)
    _check_steps(root.mapping("jobs"))
    filtered = paths_folder(root.get("on"))
    found = [*_read_workflow(file, root, filtered), *text_floors(file, KIND)]
    # A workflow run only for changes in a tree not the project's own (an examples folder)
    # tests that tree: its Pythons are compared with nothing of the project's.
    if _not_the_projects(filtered):
        found = [replace(d, anchor=OWN_SCOPE + filtered) for d in found]
    return found


def _check_steps(jobs: Mapping | None) -> None:
    """GitHub rejects a workflow one of whose steps has neither `run` nor `uses`, or both
    (Ciphey's `- name: Tests with Nox` with nothing under it): none of its jobs runs, so
    none of its Pythons is tested on. A step that waits for or cancels background steps
    (`wait:`, `wait-all:`, `cancel:`) needs neither."""
    for job_id, job in jobs.items() if jobs is not None else ():
        steps = job.get("steps") if isinstance(job, Mapping) else None
        for number, step in enumerate(steps.items if isinstance(steps, Sequence) else (), 1):
            if not isinstance(step, Mapping) or (step.get("run") is None) != (
                step.get("uses") is None
            ):
                continue
            if step.get("run") is None and is_control_step(step):
                continue
            which = "both `run` and `uses`" if step.get("run") is not None else "no `run` or `uses`"
            raise UnreadableFile(
                f"job {job_id}, step {number} has {which}: GitHub rejects the workflow",
                line=step.span.line,
                column=step.span.column,
            )


def _read_workflow(file: TextFile, root: Mapping, filtered: str) -> Iterator[Declaration]:
    """`filtered`: the folder the workflow's `paths:` filters take (`paths_folder`)."""
    path = file.path
    jobs = root.mapping("jobs")
    if jobs is None:
        return
    workflow_env = root.mapping("env")
    yield from input_defaults(path, root)
    lines = file.text.splitlines()
    matrices = StepMatrices()
    axes = OutputAxes()
    budget = ClassifyBudget()
    bot = bot_events_only(root.get("on"))
    release = release_events_only(root.get("on"))
    envs = (workflow_env,) if workflow_env is not None else ()
    read_jobs = [
        read_job(
            path,
            job_id,
            replaced_axes(
                file, with_step_matrix(job_node, jobs, lines, matrices), jobs, axes, envs
            ),
            workflow_env,
            root.mapping("defaults"),
            filtered,
            budget,
            bot,
            release=release,
        )
        for job_id, job_node in jobs.items()
        if isinstance(job_node, Mapping) and not _switched_off(job_node)
    ]
    built = [*wheels(read_jobs, file), *maturin_builds(file, read_jobs)]
    yield from built
    triggers = root.get("on")
    callable_workflow = isinstance(triggers, Mapping) and triggers.get("workflow_call") is not None
    shared = Taken(built, path)  # once for every job, not once per job
    for job in read_jobs:
        produced = list(_read_job(file, job))
        yield from produced
        yield from generated_matrix(job, produced)
        yield from matrix_built_images(file, job)
        # Wheel builds read the matrix too: their lines are covered for every job.
        yield from unread_python_axes(
            job, produced, callable_workflow=callable_workflow, shared=shared
        )


def _switched_off(job: Mapping) -> bool:
    """`if: false` (or `${{ false }}`): GitHub never runs the job (glue's `allowed_failures`
    job of pre-release Pythons, kept for later): its Pythons are tested by nothing."""
    test = job.scalar("if")
    if test is None:
        return False
    text = test.text.strip()
    if whole := EXPRESSION.fullmatch(text):
        text = inner(whole)
    return text.lower() == "false"


def _not_the_projects(folder: str) -> bool:
    """Is the folder an example, a template, test data or vendored (not a test suite)?"""
    if folder == ".":
        return False
    why = foreign.reason(f"{folder}/x")
    return why is not None and why != foreign.TESTS


def _read_job(file: TextFile, job: Job) -> Iterator[Declaration]:
    job_node = job.node
    yield from job_images(job)
    yield from calls(job)
    yield from external_call(file, job)
    yield from tox_factor_pythons(job)
    yield from uv_python_env(job)
    yield from pixi_environments(file, job)
    steps = job_node.get("steps")
    if isinstance(steps, Sequence):
        for index, step in enumerate(steps.items, start=1):
            if isinstance(step, Mapping):
                yield from setup_step(job, step, index, steps)
                yield from uv_pythons(file, job, step, index, steps)
                yield from conda_pythons(file, job, step, index, steps)
                yield from environment_files(job, step, index, steps)
                yield from conda_build_pythons(file, job, step, index, steps)
                yield from action_call(job, step, index, steps)
                yield from docker_builds(file, job, step, index, steps)
                yield from run_images(file, job, step, index, steps)
                yield from system_pythons(file, job, step, index, steps)
                yield from other_action_pythons(file, job, step, index, steps)
                yield from remote_builds(job, step, index)
