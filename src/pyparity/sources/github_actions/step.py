"""A step as it runs: in which of the job's runs (its `if:`), whether the Python it sets up
is only tried (it or every command after it may fail) or set up to prove it is refused, and
where a piece of a `run:` script sits in the file. Also the table of known setup actions.
"""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.model import Purpose, Span
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.records import replace
from pyparity.sources._yaml_values import is_true
from pyparity.sources.github_actions.job import Job
from pyparity.sources.github_actions.memo import FileMemo
from pyparity.sources.github_actions.runs import (
    Run,
    fails_allowed,
    step_envs,
    step_runs,
)
from pyparity.textfile import TextFile

SETUP_ACTIONS = {
    "actions/setup-python": "setup-python",
    "astral-sh/setup-uv": "setup-uv",
    "conda-incubator/setup-miniconda": "setup-miniconda",
    "deadsnakes/action": "deadsnakes",
    "pdm-project/setup-pdm": "setup-pdm",  # installs its `python-version` with setup-python
}
WRAPPED_SETUP_PYTHON = "setup-python (wrapped)"
"""The label of another repository's action named `setup-python`: a fork of it, or an
organisation's wrapper (`Chia-Network/actions/setup-python`, `pytorch/test-infra/.github/
actions/setup-python`) that takes its `python-version` input. Its default, where no input is
given, is the wrapper's own (`3.x`, a pinned Python): not setup-python's `.python-version`."""


def setup_action(uses: str) -> str | None:
    """The setup action a step's `uses:` names, as `SETUP_ACTIONS` labels it, or None. A local
    action (`./...`) is not one: the composite reader follows it to what it runs."""
    name = uses.split("@", 1)[0].strip().lower()
    known = SETUP_ACTIONS.get(name)
    if known is not None:
        return known
    owner, _, path = name.partition("/")
    if owner and owner != "." and path.rpartition("/")[2] == "setup-python":
        return WRAPPED_SETUP_PYTHON
    return None


def span_in_run(file: TextFile, run: Scalar, start: int, end: int) -> Span:
    """Where run.text[start:end] sits in the file: its line of script is found verbatim
    after the scalar's start (a folded or escaped line is not, and keeps the scalar's span)."""
    line_start = run.text.rfind("\n", 0, start) + 1
    line = run.text[line_start:].split("\n", 1)[0]
    found = file.text.find(line, file.offset(run.span.line, run.span.column))
    if found < 0 or not line.strip():
        return run.span
    offset = found + start - line_start
    return file.span(offset, offset + end - start)


def job_for_step(job: Job, step: Mapping, index: int, steps: Sequence) -> Job | None:
    """The job as step `index` sees it: only the runs in which the step runs, each marked
    allowed to fail where the step's Python is only tried; None when it runs in none."""
    if job.runs is None:
        return replace(job, tried=_tried(job, steps, index, None))
    runs = [
        replace(run, may_fail=run.may_fail or _tried(job, steps, index, run))
        for run in step_runs(step, job.runs, job.envs)
    ]
    if not runs:
        return None  # its `if:` is false in every run
    return replace(job, runs=tuple(runs), tried=all(run.may_fail for run in runs))


def _tried(job: Job, steps: Sequence, index: int, run: Run | None) -> bool:
    """Is the Python that step `index` (1-based) sets up only tried, in this run (None: in
    a run whose matrix values are unknown)? Either that step may fail (`continue-on-error`),
    or every step after it that runs a command in this run, up to the next step that sets
    up a Python, may fail: a job that tries the next Python beside its real one, without
    failing for it."""
    step = steps.items[index - 1]
    if isinstance(step, Mapping) and _step_may_fail(job, step, run):
        return True
    commands, all_may_fail = _later_commands(job, steps, run)[index]
    return commands and all_may_fail


# For each position of a job's steps, in one pass from the end (asked step by step, a scan
# to the next setup step made a job of many steps quadratic): whether a step from there up to
# the next one that sets up a Python runs a command in the run, and whether all that do may
# fail. At most 64 (job, steps, run) kept: each holds a list as long as the job.
_LATER: FileMemo[list[tuple[bool, bool]]] = FileMemo(limit=64)
# Whether a job's steps can run, or fail, differently in its runs: else each run's answer is
# the same, found once (a job of many steps and a large matrix made it steps times runs).
_DIFFER: FileMemo[bool] = FileMemo()


def _later_commands(job: Job, steps: Sequence, run: Run | None) -> list[tuple[bool, bool]]:
    if run is not None and not _DIFFER.get((steps,), lambda: _runs_differ(steps)):
        run = None  # no step's `if:` or `continue-on-error` can tell the runs apart
    return _LATER.get((job, steps, run), lambda: _later_pass(job, steps, run))


def _later_pass(job: Job, steps: Sequence, run: Run | None) -> list[tuple[bool, bool]]:
    after: list[tuple[bool, bool]] = [(False, True)] * (len(steps.items) + 1)
    for position in range(len(steps.items) - 1, -1, -1):
        later = steps.items[position]
        after[position] = after[position + 1]
        if not isinstance(later, Mapping):
            continue
        uses = later.scalar("uses")
        if uses and setup_action(uses.text) is not None:
            after[position] = (False, True)
        elif later.get("run") is not None and (run is None or step_runs(later, [run], job.envs)):
            may_fail = _step_may_fail(job, later, run)
            after[position] = (True, may_fail and after[position + 1][1])
    return after


def _runs_differ(steps: Sequence) -> bool:
    return any(
        isinstance(step, Mapping)
        and (
            step.get("if") is not None
            or ((setting := step.scalar("continue-on-error")) is not None and "${{" in setting.text)
        )
        for step in steps.items
    )


def _step_may_fail(job: Job, step: Mapping, run: Run | None) -> bool:
    setting = step.get("continue-on-error")
    if run is None or is_true(setting):
        return is_true(setting)
    return fails_allowed(setting, run.combination, step_envs(step, job.envs))


_REFUSAL_WORDS = lazy_re.compile(
    r"\b(?:reject(?:s|ed|ion)?|refus(?:e|es|ed|al)|unsupported|not\s+supported"
    r"|(?:should|must|expected\s+to|expects?\s+to)\s+fail)\b",
    re.IGNORECASE,
)


_REFUSAL_COMMANDS = lazy_re.compile(
    r"""^[ \t]*!\s*(?:uv\s+pip|python3?\s+-m\s+pip|pip3?)\s+install\b
        |\bpytest\.raises\b|\bassertRaises\b""",
    re.VERBOSE | re.MULTILINE,
)


def refusal_reason(steps: Sequence, index: int) -> str:
    """Does step `index` (1-based) set up a Python the project does not support, on purpose,
    to prove it is refused? Its name, or the name or command of the first step after it that
    runs a command (before another setup step), says so: words like "rejects", "refusal",
    "unsupported", "should fail", or a command that must fail (`! pip install .`) or asserts
    an error (`pytest.raises`). Being outside the supported range is not enough."""
    step = steps.items[index - 1]
    name = step.scalar("name") if isinstance(step, Mapping) else None
    texts = [name.text if name else ""]
    for later in steps.items[index:]:
        if not isinstance(later, Mapping):
            continue
        uses = later.scalar("uses")
        if uses and setup_action(uses.text) is not None:
            break
        run = later.scalar("run")
        if run is not None:
            later_name = later.scalar("name")
            if _REFUSAL_COMMANDS.search(run.text):
                return "proves an unsupported Python is refused (a command that must fail)"
            texts.append(later_name.text if later_name else "")
            break
    for text in texts:
        if found := _REFUSAL_WORDS.search(text):
            return f"sets up an unsupported Python on purpose (step says {found[0].lower()!r})"
    return ""


def as_refusal(job: Job, why: str) -> Job:
    """A Python set up to be refused is tooling, and promised by nothing: like a Python a
    job only tries, no other file need agree with it."""
    runs = tuple(
        replace(r, purpose=Purpose.TOOLING, why=why, may_fail=True) for r in job.runs or ()
    )
    return replace(
        job,
        purpose=Purpose.TOOLING,
        why=why,
        runs=runs if job.runs is not None else None,
        tried=True,
        refusal=True,
    )
