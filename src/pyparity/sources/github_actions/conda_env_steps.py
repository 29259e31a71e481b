"""A job's Python from the conda environment file its setup step creates: `environment-file:`
of `conda-incubator/setup-miniconda` (without `python-version`) and of
`mamba-org/setup-micromamba` / `provision-with-micromamba` (without `python=` in
`create-args`). The file is often chosen by the matrix (`environment-file: ${{ matrix.env }}`
over `ci/envs/311-latest.yaml`, `ci/envs/314-latest.yaml`): each value is a link, resolved
once every file is read to that file's `python` pin (`sources/conda.py`, `linked`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Sequence
from pyparity.records import replace
from pyparity.sources._common import CONDA_ENV_FILE, unresolved
from pyparity.sources._yaml_values import is_true
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job, context_of, step_where
from pyparity.sources.github_actions.run_steps import matrix_conda_pythons
from pyparity.sources.github_actions.runs import step_envs
from pyparity.sources.github_actions.step import job_for_step
from pyparity.sources.github_actions.values import Value, expand, varies_over_runs

_MINICONDA = "conda-incubator/setup-miniconda"
_MICROMAMBA = ("mamba-org/setup-micromamba", "mamba-org/provision-with-micromamba")
_SPECS_PYTHON = lazy_re.compile(r"(?:^|\s)[\"']?python(?:[=<>!~ ]|$)", re.MULTILINE)


def environment_files(
    job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    uses = step.scalar("uses")
    inputs = step.mapping("with")
    if uses is None or inputs is None or (written := inputs.scalar("environment-file")) is None:
        return
    action = uses.text.split("@", 1)[0].strip().lower()
    if action == _MINICONDA:
        if inputs.get("python-version") is not None:
            return  # its python-version is the job's (setup_actions.py)
    elif action in _MICROMAMBA:
        specs = [s for key in ("create-args", "extra-specs") if (s := inputs.scalar(key))]
        if any(_SPECS_PYTHON.search(spec.text) for spec in specs):
            return  # `python=...` there is the job's (run_steps.conda_pythons)
    else:
        return
    step_job = job_for_step(job, step, index, steps)
    if step_job is None:
        return
    if action in _MICROMAMBA and matrix_conda_pythons(step_job, step, specs):
        return  # the matrix gives `create-args` a `python=...`: the job's, as above
    envs = step_envs(step, job.envs)
    # A file that cannot be named statically declares nothing here: whether it holds a
    # `python` at all is unknown, and a job that does not set one up is no evidence.
    values = [v for v in expand(step_job, written, envs) if v.text.strip() and "${{" not in v.text]
    paths = {value.text.strip() for value in values}
    from_matrix = any(value.via.startswith(("matrix", "expression")) for value in values)
    several = len(paths) > 1 or (
        from_matrix and (len(values) > 1 or varies_over_runs(job, step_job, written, envs))
    )
    where = f"{step_where(job, index)}, environment-file"
    group = f"{job.path} {where}" if several else ""
    for value in values:
        yield _link(step_job, value, where, group)


def _link(job: Job, value: Value, where: str, group: str) -> Declaration:
    may_fail = job.tried or value.may_fail or is_true(job.node.get("continue-on-error"))
    link = unresolved(
        job.path,
        value.scalar.span,
        value.text.strip(),
        source=KIND,
        context=context_of(
            job, where, value.via, may_fail=may_fail and not job.refusal, purpose=value.purpose
        ),
        note=CONDA_ENV_FILE,
    )
    purpose = value.purpose[0] if value.purpose else job.purpose
    return replace(link, purpose=purpose, anchor=job.anchor, group=group, may_fail=may_fail)
