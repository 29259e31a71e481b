"""Pythons set up by `run:` commands: `uv run|sync|venv|build|lock|export|tool run|tool
install|pip --python 3.12` (a literal, an expression over the matrix, or a `$VARIABLE` the
step's `env:` sets), `uvx -p 3.12`, `uv python install|pin 3.12 3.13`, `conda|mamba|
micromamba install|create ... python=3.12` (and setup-micromamba's `create-args`), and the
matrix Pythons a job reaches only through tox environment names (`tox -e py${{ matrix.py }}`
with tox-uv).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.purpose import PLUMBING_ACTIONS
from pyparity.records import replace
from pyparity.sources._common import UV_OVER_SETUP, UV_VERSION_FILE, unresolved
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job, context_of, env_scalar, step_where
from pyparity.sources.github_actions.runs import step_envs
from pyparity.sources.github_actions.setup_actions import (
    another_steps_python,
    sets_up_python,
    versions,
)
from pyparity.sources.github_actions.step import job_for_step, setup_action, span_in_run
from pyparity.sources.github_actions.values import Value, expand, varies_over_runs
from pyparity.textfile import TextFile

# A uv command that takes `--python` / `-p`, or that names Pythons itself (`uv python
# install 3.12 3.13`, `uv python pin 3.12`), where a command starts.
_UV_COMMAND = lazy_re.compile(
    r"(?:^|[\s;&|(])(?:uv\s+(?P<sub>run|sync|venv|build|lock|export|tool\s+run|tool\s+install"
    r"|pip\s+\w+|python\s+install|python\s+pin)|uvx)\b"
)
# A version as uv takes it (`3.12`, `cpython-3.12`, `python3.12`, `pypy3.10`), an expression,
# or a shell variable that the step's `env:` may set.
_EXPRESSION_TEXT = r"\$\{\{(?:[^$}]++|\$(?!\{\{)|\}(?!\}))*+\}\}"
_UV_VALUE = (
    rf"(?P<value>{_EXPRESSION_TEXT}|\$\{{?[A-Za-z_]\w*\}}?|(?:cpython-?|python)?(?:3|pypy)[\w.+-]*)"
)
_UV_PYTHON = lazy_re.compile(
    rf"""\s(?P<flag>--python|-p)(?:=|[ \t]+)(?P<quote>["']?){_UV_VALUE}(?P=quote)(?=\s|$)""",
    re.MULTILINE,
)
_UV_POSITIONAL = lazy_re.compile(rf"""[ \t](?P<quote>["']?){_UV_VALUE}(?P=quote)(?=\s|$)""")
_PREFIX = lazy_re.compile(r"^(?:cpython-?|python)")
_VERSION = lazy_re.compile(r"^(?:cpython-?|python)?(?:3|pypy)")
_SHELL_VARIABLE = lazy_re.compile(r"^\$\{?(?P<name>[A-Za-z_]\w*)\}?$")
_COMMAND_END = lazy_re.compile(r"[\n;&|]")


def uv_pythons(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    """`uv run --python 3.12 pytest`, `uv tool install --python ${{ matrix.py }} tox`, `uv
    python install 3.12 3.13`: uv sets up that Python, whatever setup-* installed. A
    `"$PYTHON"` set by the step's (or job's, workflow's) `env:` takes the env's value; a
    Python a tool is installed with (`uv tool install --python 3.14 tox`) is tooling when it
    is written out, the job's when the matrix gives it. `pyenv install|global|local|shell
    3.14t` sets up a Python the same way."""
    run = step.scalar("run")
    if run is None:
        return
    found = [(command, tool, "uv --python") for command, tool in _uv_values(run.text)]
    found += [(command, False, "pyenv") for command in _pyenv_values(run.text)]
    if not found or (step_job := job_for_step(job, step, index, steps)) is None:
        return
    envs = step_envs(step, job.envs)
    for command, tool, what in found:
        where = f"{step_where(job, index)}, {what}"
        written = [w for start, end in command if (w := _written(file, run, start, end, envs))]
        # A tool installed with a Python written out: tooling, whatever the job runs.
        literal = all("${{" not in scalar.text for scalar in written)
        seen = _as_tooling(step_job) if tool and literal else step_job
        values = [
            replace(v, text=_PREFIX.sub("", v.text.strip()))
            for scalar in written
            for v in expand(seen, scalar, envs)
            if "${{" in v.text or _VERSION.match(v.text.strip())
        ]
        varies = any(varies_over_runs(job, step_job, scalar, envs) for scalar in written)
        if values and not another_steps_python(step_job, values):
            yield from versions(seen, values, where, tried=seen.tried, varies=varies)


def uv_python_env(job: Job) -> Iterator[Declaration]:
    """`UV_PYTHON: "3.12"` in a workflow's, job's or step's `env:`: the Python of every uv
    command of the job that names none itself (`uv run mypy`, `uv sync`), as `--python` would
    be; declared once for each value that such a command sees. Not where setup-uv is given a
    `python-version` (it sets UV_PYTHON itself), nor for `uv tool install` (a tool's), nor in
    a job where a uv command names a Python (`uv venv --python 3.11`: the venv it makes is
    what the others use; `--python .venv`). With neither, uv takes `.python-version`."""
    steps = job.node.get("steps")
    if not isinstance(steps, Sequence):
        return
    runs = [run.text for step in steps.items if (run := _run_of(step)) is not None]
    if not any("uv" in text for text in runs):
        return  # (no uv command: most jobs)
    set_up = _set_up_versions(steps)
    if set_up is None or any(_names_a_uv_python(text) for text in runs):
        return  # (a uv command that names its Python, or the venv it made, decides)
    seen: set[int] = set()
    for index, step in enumerate(steps.items, start=1):
        run = step.scalar("run") if isinstance(step, Mapping) else None
        if run is None or not isinstance(step, Mapping) or not _runs_uv_unnamed(run.text):
            continue
        envs = step_envs(step, job.envs)
        written = env_scalar(envs, "UV_PYTHON")
        if written is None and -1 not in seen and _takes_uvs_default(job, set_up):
            seen.add(-1)  # once a job
            yield from _uv_version_file(job, step, index, steps, run)
            continue
        if written is None and -2 not in seen and _runs_uv_project(run.text):
            seen.add(-2)  # decided once, at the job's first project command (linear in steps)
            if -1 not in seen and _uv_over_setup_python(job, index, runs):
                seen.add(-1)
                yield from _uv_version_file(job, step, index, steps, run, note=UV_OVER_SETUP)
                continue
        if written is None or id(written) in seen or written.text.strip() in set_up:
            continue  # (the Python a setup step was given as well, declared there)
        seen.add(id(written))
        step_job = job_for_step(job, step, index, steps)
        if step_job is None:
            continue
        values = [
            replace(v, text=_PREFIX.sub("", v.text.strip()))
            for v in expand(step_job, written, envs)
            if "${{" in v.text or _VERSION.match(v.text.strip())
        ]
        varies = varies_over_runs(job, step_job, written, envs)
        where = f"{step_where(job, index)}, UV_PYTHON"
        if values and not another_steps_python(step_job, values):
            yield from versions(step_job, values, where, tried=step_job.tried, varies=varies)


def _run_of(step: object) -> Scalar | None:
    return step.scalar("run") if isinstance(step, Mapping) else None


def _takes_uvs_default(job: Job, set_up: set[str]) -> bool:
    """Does nothing in the job choose uv's Python: no setup step given a version (nor
    setup-python, which reads `.python-version` itself), no action but plumbing?"""
    if set_up or sets_up_python(job):
        return False
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        if uses is not None and not uses.text.strip().lower().startswith(PLUMBING_ACTIONS):
            return False  # (another repository's setup action may set one up)
    return True


_ANY_UV_PYTHON = lazy_re.compile(r"\s(?:--python|-p)(?:=|[ \t]+)\S")


def _names_a_uv_python(text: str) -> bool:
    for sub, start, end in _uv_commands(text):
        if sub in ("python install", "python pin"):
            if _UV_POSITIONAL.search(text, start, end):
                return True
        elif _ANY_UV_PYTHON.search(text, start, end):
            return True
    return False


def _uv_commands(text: str) -> Iterator[tuple[str, int, int]]:
    """Each uv command of `text`: its subcommand (`run`, `python install`, "" for uvx) and
    where its arguments start and end (the end of its line, or `;`, `&`, `|`)."""
    position = 0
    while (command := _UV_COMMAND.search(text, position)) is not None:
        end = _COMMAND_END.search(text, command.end())
        position = end.start() if end else len(text)
        yield " ".join((command["sub"] or "").split()), command.end(), position


def _uv_version_file(
    job: Job,
    step: Mapping,
    index: int,
    steps: Sequence,
    run: Scalar,
    *,
    note: str = UV_VERSION_FILE,
) -> Iterator[Declaration]:
    """A uv command that names no Python in a job that sets none up: uv takes the
    `.python-version` of the working directory or a folder above it (resolved once every
    file is read; none there: uv's choice, not known here, and nothing is declared). With
    `UV_OVER_SETUP`, the job set up another Python with setup-python, which the file, where
    there is one, overrides."""
    step_job = job_for_step(job, step, index, steps)
    if step_job is None or _another_repositorys(steps, step_job.anchor):
        return
    folder = step_job.anchor
    link = unresolved(
        job.path,
        run.span,
        ".python-version" if folder == "." else f"{folder}/.python-version",
        source=KIND,
        context=context_of(step_job, f"{step_where(job, index)}, uv", ""),
        note=note,
    )
    yield replace(link, purpose=step_job.purpose, anchor=step_job.anchor)


def _another_repositorys(steps: Sequence, folder: str) -> bool:
    """Is `folder` in another repository's checkout (`actions/checkout` given `repository:`
    and `path:`)? Its `.python-version`, if any, is not one of this repository's files."""
    for step in steps.items:
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        inputs = step.mapping("with") if isinstance(step, Mapping) else None
        if uses is None or inputs is None or not uses.text.strip().startswith("actions/checkout"):
            continue
        repository, path = inputs.scalar("repository"), inputs.scalar("path")
        if repository is None or path is None or "github.repository" in repository.text:
            continue
        checked_out = path.text.strip().strip("/").removeprefix("./")
        if checked_out and (folder == checked_out or folder.startswith(checked_out + "/")):
            return True
    return False


def _runs_uv_project(text: str) -> bool:
    return any(sub in ("sync", "run") for sub, _, _ in _uv_commands(text))


def _uv_over_setup_python(job: Job, index: int, runs: list[str]) -> bool:
    """A project command of uv (`uv sync`, `uv run`) in a job whose only setup step is
    setup-python given a version: uv still takes `.python-version` where there is one (it
    reads the file before any interpreter on PATH; astral-sh/uv#4361) and makes the project's
    environment with that Python, which the job's tests then run in. Not where a command
    points uv at another environment or interpreter (`--active`, `UV_PROJECT_ENVIRONMENT`,
    `--no-project`, `--system`), forbids downloads, or where pip installs into
    setup-python's own Python, or where setup-python runs after it (`index`, 1-based: a later
    step's Python for a later `python` command)."""
    if not (_uv_syncs(runs) or "uv run" in job.why):
        return False  # (`uv run ruff` beside tests on setup-python's Python)
    if any(_ELSEWHERE.search(text) or _pip_installs_the_project(text) for text in runs):
        return False
    steps = job.node.get("steps")
    given = False
    for number, step in enumerate(steps.items if isinstance(steps, Sequence) else (), start=1):
        if not isinstance(step, Mapping):
            continue
        envs = step_envs(step, job.envs)
        if any(env_scalar(envs, name) is not None for name in _UV_ENVIRONMENT):
            return False  # (a step's own UV_PYTHON decides for the commands it runs)
        uses = step.scalar("uses")
        if uses is None:
            continue
        action = setup_action(uses.text)
        if action == "setup-python":
            if number > index:
                return False
            inputs = step.mapping("with")
            given = given or (inputs is not None and inputs.get("python-version") is not None)
        elif action != "setup-uv" and (
            action is not None or not uses.text.strip().lower().startswith(PLUMBING_ACTIONS)
        ):
            return False  # (another setup action, or one that may run anything)
    return given


_UV_ENVIRONMENT = (
    "UV_PYTHON",
    "UV_PROJECT_ENVIRONMENT",
    "UV_PYTHON_DOWNLOADS",
    "UV_PYTHON_PREFERENCE",
    "UV_SYSTEM_PYTHON",
)


def _uv_syncs(runs: list[str]) -> bool:
    return any(sub == "sync" for text in runs for sub, _, _ in _uv_commands(text))


# What points uv at another Python or environment than `.python-version`'s, or installs with
# pip into setup-python's own (`pip install -e .`, `uv pip install --system`).
_ELSEWHERE = lazy_re.compile(
    r"--active\b|UV_PROJECT_ENVIRONMENT|UV_PYTHON|--no-project\b|--isolated\b|--system\b"
    r"|UV_SYSTEM_PYTHON|--no-python-downloads\b|UV_PYTHON_DOWNLOADS|--python-preference\b"
    r"|\bconda\b|\bpixi\b"
)
_PIP_INSTALL = lazy_re.compile(
    r"(?<!uv )(?<![\w-])(?:pip3?|python3? -m pip) install\b(?P<rest>[^\n;&|]*+)"
)

_PACKAGE_NAME = lazy_re.compile(r"[\w.-]++")


def _pip_installs_the_project(text: str) -> bool:
    """A pip (not uv pip) install of anything but uv or pip themselves."""
    for found in _PIP_INSTALL.finditer(text):
        names = [word for word in found["rest"].split() if not word.startswith("-")]
        first = _PACKAGE_NAME.match(names[0].strip("\"'")) if names else None
        if first is None or first[0].lower() not in ("uv", "pip"):
            return True
    return False


def _set_up_versions(steps: Sequence) -> set[str] | None:
    """The `python-version` texts the job's setup steps are given; None when setup-uv is
    given one (it sets UV_PYTHON itself)."""
    texts = set()
    for step in steps.items:
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        inputs = step.mapping("with") if isinstance(step, Mapping) else None
        version = inputs.scalar("python-version") if inputs is not None else None
        if uses is None or version is None or setup_action(uses.text) is None:
            continue
        if uses.text.lower().startswith("astral-sh/setup-uv"):
            return None
        texts.add(version.text.strip())
    return texts


def _runs_uv_unnamed(text: str) -> bool:
    """Does a uv command of `text` take its Python from UV_PYTHON (names none itself, and
    installs no tool)?"""
    return any(
        sub not in ("tool install", "python install", "python pin")
        and _ANY_UV_PYTHON.search(text, start, end) is None
        for sub, start, end in _uv_commands(text)
    )


def _uv_values(text: str) -> Iterator[tuple[list[tuple[int, int]], bool]]:
    """For each uv command, the offsets of the Pythons it names (its first `--python` / `-p`,
    or the versions `uv python install|pin` is given), up to the end of its line or `;`, `&`,
    `|`, and whether it installs a tool. Each command's text is searched once."""
    for sub, start, end in _uv_commands(text):
        tool = sub == "tool install"
        if sub in ("python install", "python pin"):
            names = _UV_POSITIONAL.finditer(text, start, end)
            yield [(match.start("value"), match.end("value")) for match in names], tool
        elif (found := _UV_PYTHON.search(text, start, end)) and _is_python(found):
            yield [(found.start("value"), found.end("value"))], tool


_PYENV_COMMAND = lazy_re.compile(r"(?:^|[\s;&|(])pyenv[ \t]+(?:install|global|local|shell)\b")


def _pyenv_values(text: str) -> Iterator[list[tuple[int, int]]]:
    """For each `pyenv install|global|local|shell` command, the offsets of its versions (its
    options, `-v`, `--skip-existing`, are not versions)."""
    position = 0
    while (command := _PYENV_COMMAND.search(text, position)) is not None:
        end = _COMMAND_END.search(text, command.end())
        position = end.start() if end else len(text)
        names = _UV_POSITIONAL.finditer(text, command.end(), position)
        if found := [(match.start("value"), match.end("value")) for match in names]:
            yield found


def _is_python(found: re.Match[str]) -> bool:
    """`-p` is also pytest's (`uv run pytest -p xdist`): only a written version there."""
    return found["flag"] == "--python" or not found["value"].startswith("$")


def _written(
    file: TextFile, run: Scalar, start: int, end: int, envs: tuple[Mapping, ...]
) -> Scalar | None:
    """The scalar that writes a value: the piece of the script, or for `$PYTHON` the env
    value that sets it (None when no `env:` does: the script sets it, out of reach)."""
    text = run.text[start:end]
    if variable := _SHELL_VARIABLE.match(text):
        return env_scalar(envs, variable["name"])
    span = span_in_run(file, run, start, end)
    return Scalar(text=text, tag=run.tag, quoted=True, block=False, span=span)


def _as_tooling(job: Job) -> Job:
    why = "the Python a tool is installed with"
    runs = tuple(replace(r, purpose=Purpose.TOOLING, why=why) for r in job.runs or ())
    return replace(
        job, purpose=Purpose.TOOLING, why=why, runs=runs if job.runs is not None else None
    )


# A conda, mamba or micromamba install/create command where a command starts: at the start
# of a line or after `;`, `&`, `|` or `(`, maybe after `sudo` or a path to it.
_CONDA_COMMAND = lazy_re.compile(
    r"(?:^|[;&|(])[ \t]*+(?:sudo[ \t]++)?(?:[\w.$~{}-]*+/)*+(?:conda|mamba|micromamba)(?:\.exe)?"
    r"[ \t]+(?:env[ \t]+)?(?:install|create|update)\b",
    re.MULTILINE,
)


_CONDA_PYTHON = lazy_re.compile(
    r"(?:^|\s)[\"']?python={1,2}(?P<version>\$\{\{(?:[^$}]++|\$(?!\{\{)|\}(?!\}))*+\}\}|[0-9][0-9.*]*)"
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
        if not found and (step_job := job_for_step(job, step, index, steps)) is not None:
            yield from _matrix_create_args(file, step_job, step, index, arguments)
            return
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
        values = [_first_spec(v) for v in expand(step_job, written, envs) if v.text.strip()]
        varies = varies_over_runs(job, step_job, written, envs)
        yield from versions(step_job, values, where, tried=step_job.tried, varies=varies)


def _first_spec(value: Value) -> Value:
    """A value put after `python=` among conda's specs ends at the first blank: the matrix's
    `3.14 python-freethreading` is `python=3.14` and conda-forge's free-threading marker
    package, so a free-threaded 3.14 (`3.14t`)."""
    if "${{" in value.text:
        return value  # (an input resolved later, from the callers: `${{ inputs.python }}`)
    version, *others = value.text.split()
    if version == value.text:
        return value
    return replace(value, text=version + ("t" if _FREE_THREADING in others else ""))


_FREE_THREADING = "python-freethreading"


def _matrix_create_args(
    file: TextFile, job: Job, step: Mapping, index: int, arguments: list[Scalar]
) -> Iterator[Declaration]:
    """`create-args: ${{ matrix.conda-args }}` where the matrix writes `python=3.10 ...`:
    each run's Python, declared where the matrix writes it."""
    values = []
    for value, match in matrix_conda_pythons(job, step, arguments):
        source, version = value.scalar, match["version"]
        at = source.text.find(match.group(0))
        if at < 0:
            continue
        start = at + match.start("version") - match.start()
        span = span_in_run(file, source, start, start + len(version))
        written = Scalar(text=version, tag=source.tag, quoted=True, block=False, span=span)
        values.append(replace(value, text=version, scalar=written))
    if values:
        where = f"{step_where(job, index)}, conda python="
        yield from versions(job, values, where, tried=job.tried)


def matrix_conda_pythons(
    job: Job, step: Mapping, arguments: list[Scalar]
) -> list[tuple[Value, re.Match[str]]]:
    """Each `python=` of the values an expression in these conda arguments takes."""
    envs = step_envs(step, job.envs)
    found = []
    for argument in arguments:
        if "${{" not in argument.text:
            continue
        for value in expand(job, argument, envs):
            if value.text != argument.text and "${{" not in value.text:
                found += [(value, match) for match in _CONDA_PYTHON.finditer(value.text)]
    return found


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


# `py${{ matrix.python }}` in a command: a tox environment (or a script's argument naming
# one) whose Python is the matrix value (`py3.13`).
_PY_FACTOR = lazy_re.compile(r"(?<![\w.-])py\$\{\{\s*matrix\.(?P<key>[A-Za-z_][\w-]*)\s*\}\}")
_FACTOR_VERSION = lazy_re.compile(r"^3\.[0-9]{1,2}t?$")


def tox_factor_pythons(job: Job) -> Iterator[Declaration]:
    """`tox -e py${{ matrix.py }}` (or `./runtox.sh "py${{ matrix.python-version }}-django"`)
    in a job that sets up no Python otherwise (tox-uv, or uv, installs it): the matrix values
    are the Pythons the job tests on, declared once, where the matrix writes them, for the
    runs of the first step that names them."""
    steps = job.node.get("steps")
    if not isinstance(steps, Sequence) or sets_up_python(job):
        return
    seen: set[str] = set()
    for index, step in enumerate(steps.items, start=1):
        run = step.scalar("run") if isinstance(step, Mapping) else None
        if run is None or not isinstance(step, Mapping):
            continue
        keys = [m["key"] for m in _PY_FACTOR.finditer(run.text) if m["key"] not in seen]
        for key in dict.fromkeys(keys):
            seen.add(key)
            if not _set_up_elsewhere(job, key):
                yield from _factor_pythons(job, step, index, steps, key)


def _factor_pythons(
    job: Job, step: Mapping, index: int, steps: Sequence, key: str
) -> Iterator[Declaration]:
    step_job = job_for_step(job, step, index, steps)
    run = step.scalar("run")
    if step_job is None or run is None:
        return
    envs = step_envs(step, job.envs)
    reference = f"${{{{ matrix.{key} }}}}"
    written = Scalar(text=reference, tag=run.tag, quoted=True, block=False, span=run.span)
    values = [
        value
        for value in expand(step_job, written, envs)
        if value.scalar is not written and _FACTOR_VERSION.match(value.text.strip())
    ]
    if values:
        varies = varies_over_runs(job, step_job, written, envs)
        where = f"{step_where(job, index)}, tox environment py{reference}"
        yield from versions(step_job, values, where, tried=step_job.tried, varies=varies)


def _set_up_elsewhere(job: Job, key: str) -> bool:
    """Does a step set up the Python of `matrix.<key>` (uv `--python`, conda `python=`, an
    action's input)? Then it is declared there."""
    name = f"matrix.{key}"
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping):
            continue
        run = step.scalar("run")
        for line in run.text.splitlines() if run is not None else ():
            if name in line and any(flag in line for flag in ("--python", "-p ", "python=")):
                return True
        inputs = step.mapping("with")
        for input_name, value in inputs.items() if inputs else ():
            if "python" in input_name.lower() and isinstance(value, Scalar) and name in value.text:
                return True
    return False
