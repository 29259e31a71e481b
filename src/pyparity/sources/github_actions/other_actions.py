"""Pythons given to actions this reader has no semantics for: a step's `with:` input named
`python-version`, `python`, `python_version`, `interpreter` or `python-versions` holding
versions written out (`3.12`; a list `"3.10, 3.11"` is a set), of another repository's action
(`owner/action@v1`) or of the repository's own root action (`uses: ./`), and the inputs of
gabrielfalcao/pyenv-action (`default`, `versions`). What the action does with them cannot be
read (its `action.yml` is elsewhere), so they are of unknown purpose: compared at warning
level at most; an action its name says is a linter or formatter's (`lint-python-action`,
`flake8-action`, `super-linter`) runs a tool on that Python. A value from the matrix is the
matrix's (`python_axes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources.github_actions.job import Job, context_of, step_where
from pyparity.sources.github_actions.step import job_for_step, setup_action, span_in_run
from pyparity.sources.github_actions.values import number_loaded_as
from pyparity.sources.github_actions.words import words
from pyparity.textfile import TextFile

KIND = "workflow"
_INPUTS = frozenset(
    {"python-version", "python", "python_version", "interpreter", "python-versions"}
)
_PYENV_ACTION = "gabrielfalcao/pyenv-action"
_PYENV_INPUTS = frozenset({"default", "versions"})
_READ = frozenset({"prefix-dev/setup-pixi", "pypa/cibuildwheel", "mamba-org/setup-micromamba"})
"""Read by their own readers, beside the setup actions (`setup_action`)."""
_LINTER = lazy_re.compile(
    r"(?:^|[-_.])(?:lint(?:ers?|ing)?|linter|flake8|pylint|ruff|black|isort|pre-commit)(?:$|[-_.])",
    re.IGNORECASE,
)
"""A word of an action's repository name that says it lints or formats."""
_VERSION = lazy_re.compile(r"^(?:pypy-?)?3\.\d+(?:\.\d+)?t?(?:-dev)?$")
_MAX_VALUES = 64


def other_action_pythons(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    uses = step.scalar("uses")
    inputs = step.mapping("with")
    if uses is None or inputs is None:
        return
    name = uses.text.strip().partition("@")[0]
    lowered = name.lower()
    local = name.startswith("./")
    if (
        lowered in _READ
        or setup_action(name) is not None
        or (local and name.rstrip("/") not in (".", "./"))
    ):
        return  # read by its own reader, or a local action the composite reader follows
    names = _PYENV_INPUTS if lowered == _PYENV_ACTION else _INPUTS
    found = [
        (key, value, start, end)
        for key, value in inputs.items()
        if key in names and isinstance(value, Scalar) and "${{" not in value.text
        for start, end in words(value.text, ",")
        if _VERSION.match(value.text[start:end])
    ][:_MAX_VALUES]
    if not found or (step_job := job_for_step(job, step, index, steps)) is None:
        return
    is_set = len({value.text[start:end] for _, value, start, end in found}) > 1
    where = step_where(job, index)
    repository = name.split("/")[1] if name.count("/") >= 1 else name
    if _LINTER.search(repository):
        why = (Purpose.TOOLING, f"given to {name}, a linter's or formatter's action")
    else:
        why = (Purpose.UNKNOWN, f"given to {name}, whose use of it cannot be read")
    for key, value, start, end in found:
        made = pin(
            job.path,
            span_in_run(file, value, start, end),
            value.text[start:end],
            source=KIND,
            context=context_of(step_job, f"{where}, {name} {key}", "", purpose=why),
            purpose=why[0],
            role=Role.MATRIX if is_set else Role.PIN,
            group=f"{job.path} {where} {key}" if is_set else "",
            yaml_loaded_as=number_loaded_as(value),
        )
        yield replace(made, anchor=job.anchor, may_fail=step_job.tried)
