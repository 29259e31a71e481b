"""`conda-build --python=3.12` (or `conda build --python 3.12`) in a `run:` step: conda-build
makes (and with `--test`, tests) the package in an environment of that Python. The value
may be written out, come from the matrix (`${{ matrix.python }}`) or be a `$VARIABLE` the
step's, job's or workflow's `env:` sets (`PYTHON_VERSION: ${{ matrix.python_version }}`).
The command may run over several lines (a `\\` at a line's end). Its purpose is the job's.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.sources.github_actions.job import Job, env_scalar, step_where
from pyparity.sources.github_actions.runs import step_envs
from pyparity.sources.github_actions.setup_actions import versions
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import expand
from pyparity.textfile import TextFile

_COMMAND = lazy_re.compile(r"(?:^|[\s;&|(])conda(?:-|[ \t]+)build\b")
_FLAG = lazy_re.compile(r"[ \t]--python(?:=|[ \t]+)")
_PLAIN_VALUE = lazy_re.compile(r"\$\{?[A-Za-z_]\w*\}?|3\.\d[\w.]*+")
_SHELL_VARIABLE = lazy_re.compile(r"^\$\{?(?P<name>[A-Za-z_]\w*)\}?$")
_MAX_RUN = 64 * 1024


def conda_build_pythons(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    run = step.scalar("run")
    if run is None or len(run.text) > _MAX_RUN or "build" not in run.text:
        return
    found = list(_values(run.text))
    if not found or (step_job := job_for_step(job, step, index, steps)) is None:
        return
    envs = step_envs(step, job.envs)
    where = f"{step_where(job, index)}, conda-build --python"
    for start, end in found:
        written = _written(file, run, start, end, envs)
        if written is None:
            continue
        values = expand(step_job, written, envs)
        if values:
            yield from versions(step_job, values, where, tried=step_job.tried)


def _values(text: str) -> Iterator[tuple[int, int]]:
    """The offsets of each conda-build command's `--python` value (its first one), the
    command running on past lines that end with `\\`."""
    position = 0
    while (command := _COMMAND.search(text, position)) is not None:
        end = _command_end(text, command.end())
        position = end
        line_start = text.rfind("\n", 0, command.start() + 1) + 1
        if text[line_start : command.end()].lstrip().startswith("#"):
            continue  # a comment
        if flag := _FLAG.search(text, command.end() - 1, end):
            value = _value(text, flag.end(), end)
            if value is not None:
                yield value


def _value(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of the value that starts at `start` (inside its quotes, if quoted): an
    expression, a `$VARIABLE` or a version."""
    quote = text[start : start + 1]
    if quote in ("'", '"'):
        start += 1
    if text.startswith("${{", start):
        close = text.find("}}", start, end)
        found = (start, close + 2) if close >= 0 else None
    else:
        match = _PLAIN_VALUE.match(text, start, end)
        found = match.span() if match else None
    if found is None:
        return None
    after = text[found[1] : found[1] + 1]
    if quote in ("'", '"') and after != quote:
        return None
    return found


def _command_end(text: str, start: int) -> int:
    index = start
    while (newline := text.find("\n", index)) >= 0:
        if not text[index:newline].rstrip(" \t").endswith("\\"):
            return newline
        index = newline + 1
    return len(text)


def _written(
    file: TextFile, run: Scalar, start: int, end: int, envs: tuple[Mapping, ...]
) -> Scalar | None:
    text = run.text[start:end]
    if variable := _SHELL_VARIABLE.match(text):
        return env_scalar(envs, variable["name"])
    return Scalar(
        text=text, tag=run.tag, quoted=True, block=False, span=span_in_run(file, run, start, end)
    )
