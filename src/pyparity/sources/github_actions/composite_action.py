"""A local action (`.github/actions/**/action.yml`): the setup steps of its `runs.steps`."""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Sequence
from pyparity.purpose import classify_job
from pyparity.sources.github_actions.job import Job, step_texts
from pyparity.sources.github_actions.runs import (
    Run,
)
from pyparity.sources.github_actions.setup_actions import setup_step


def read_action(path: str, root: Mapping) -> Iterator[Declaration]:
    runs = root.mapping("runs")
    steps = runs.get("steps") if runs else None
    if not isinstance(steps, Sequence):
        return
    commands, actions = step_texts(steps)
    purpose, why = classify_job("action", "", commands, actions)
    run = Run(combination={}, purpose=purpose, why=why)
    job = Job(
        path=path,
        job_id="",
        node=root,
        envs=(),
        purpose=purpose,
        why=why,
        anchor=".",
        runs=(run,),
    )
    for index, step in enumerate(steps.items, start=1):
        if isinstance(step, Mapping):
            yield from setup_step(job, step, index, steps)
