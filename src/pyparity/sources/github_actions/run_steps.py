"""Pythons set up by `run:` commands: `uv run|sync|venv|tool run|pip --python 3.12`, `uvx -p
3.12`, and `conda|mamba|micromamba install|create ... python=3.12` (and setup-micromamba's
`create-args`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.sources._common import (
    pin,
)
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job, context_of, step_where
from pyparity.sources.github_actions.runs import (
    step_envs,
)
from pyparity.sources.github_actions.setup_actions import versions
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import expand, varies_over_runs
from pyparity.textfile import TextFile

_UV_COMMAND = re.compile(r"(?:^|[\s;&|(])(?:uv\s+(?:run|sync|venv|tool\s+run|pip\s+\w+)|uvx)\b")


_UV_PYTHON = re.compile(
    r"""\s(?:--python|-p)(?:=|\s+)(?P<quote>["']?)(?:cpython-?|python)?
        (?P<version>(?:3|pypy)[\w.+-]*)(?P=quote)(?=\s|$)""",
    re.VERBOSE | re.MULTILINE,
)


_COMMAND_END = re.compile(r"[\n;&|]")


def uv_python_options(file: TextFile, job: Job, step: Mapping, index: int) -> Iterator[Declaration]:
    """`uv run --python 3.12 pytest` asks uv for that Python, whatever setup-* installed."""
    run = step.scalar("run")
    if run is None:
        return
    for match in _uv_pythons(run.text):
        declaration = pin(
            job.path,
            span_in_run(file, run, match.start("version"), match.end("version")),
            match["version"],
            source=KIND,
            context=context_of(job, f"{step_where(job, index)}, uv --python", ""),
            purpose=job.purpose,
        )
        yield replace(declaration, anchor=job.anchor)


def _uv_pythons(text: str) -> Iterator[re.Match[str]]:
    """The first `--python` / `-p` of each uv command, up to the end of its line or `;`,
    `&`, `|`: each command's text is searched once, so the time is linear."""
    position = 0
    while (command := _UV_COMMAND.search(text, position)) is not None:
        end = _COMMAND_END.search(text, command.end())
        position = end.start() if end else len(text)
        if found := _UV_PYTHON.search(text, command.end(), position):
            yield found


# A conda, mamba or micromamba install/create command where a command starts: at the start
# of a line or after `;`, `&`, `|` or `(`, maybe after `sudo` or a path to it.
_CONDA_COMMAND = re.compile(
    r"(?:^|[;&|(])[ \t]*(?:sudo[ \t]+)?(?:[\w.$~{}-]*/)*(?:conda|mamba|micromamba)(?:\.exe)?"
    r"[ \t]+(?:env[ \t]+)?(?:install|create|update)\b",
    re.MULTILINE,
)


_CONDA_PYTHON = re.compile(
    r"(?:^|\s)[\"']?python={1,2}(?P<version>\$\{\{(?:[^$}]|\$(?!\{\{)|\}(?!\}))*\}\}|[0-9][0-9.*]*)"
)


_MICROMAMBA_ACTIONS = ("mamba-org/setup-micromamba", "mamba-org/provision-with-micromamba")


def conda_pythons(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    """`conda install ... python=3.12` / `conda create -n env python=${{ matrix.python }}`
    (conda, mamba, micromamba) in a `run:` step, or `python=...` in setup-micromamba's
    `create-args`: the Python of the job's environment, as setup-python's is."""
    run = step.scalar("run")
    uses = step.scalar("uses")
    inputs = step.mapping("with")
    if run is not None:
        found = [(run, start, end) for start, end in _conda_python_spans(run.text)]
    elif uses is not None and uses.text.lower().startswith(_MICROMAMBA_ACTIONS) and inputs:
        arguments = [a for key in ("create-args", "extra-specs") if (a := inputs.scalar(key))]
        found = [
            (argument, match.start("version"), match.end("version"))
            for argument in arguments
            for match in _CONDA_PYTHON.finditer(argument.text)
        ]
    else:
        return
    if not found or (step_job := job_for_step(job, step, index, steps)) is None:
        return
    where = f"{step_where(job, index)}, conda python="
    envs = step_envs(step, job.envs)
    for scalar, start, end in found:
        text = scalar.text[start:end]
        span = span_in_run(file, scalar, start, end)
        written = Scalar(text=text, tag=scalar.tag, quoted=True, block=False, span=span)
        values = [v for v in expand(step_job, written, envs) if v.text]
        varies = varies_over_runs(job, step_job, written, envs)
        yield from versions(step_job, values, where, tried=step_job.tried, varies=varies)


def _conda_python_spans(text: str) -> Iterator[tuple[int, int]]:
    r"""The offsets of each `python=` version of a conda install/create command of `text`
    (a command runs to the end of its line, `\` continuing it, or to `;`, `&&`, `|`)."""
    position = 0
    while (command := _CONDA_COMMAND.search(text, position)) is not None:
        position = _command_end(text, command.end())
        for match in _CONDA_PYTHON.finditer(text, command.end(), position):
            yield match.start("version"), match.end("version")


def _command_end(text: str, start: int) -> int:
    last = ""  # the last character before the current one that is not a blank
    for index in range(start, len(text)):
        char = text[index]
        if (char == "\n" and last != "\\") or char in ";|&":
            return index
        if char not in " \t":
            last = char
    return len(text)
