"""Pythons a job installs from a system's packages, and Pythons given to tools as targets.

- `apt|apt-get|yum|dnf|apk|pkg install|add ... python3.12 python3.12-venv` in `run:` (and
  in a `run`, `install` or `prepare` input: run-on-arch's, vmactions'; and any action's
  `packages:` input: setup-cygwin's `python39=3.9.16-1`, a local apt action's
  `python3.12-dev` from deadsnakes; `python2.7`): the job's Python, one pin per command and
  minor. Beside a Python the job sets up another way it is a second one, of unknown purpose,
  unless the step's `if:` keeps it to runs where no action sets one up (a matrix leg that
  installs 2.7 with apt while setup-python gives the others).
- Miniconda's installer named by its Python (`Miniconda3-py312_24.1.2-0-Linux-x86_64`, in a
  script or an `env:` value): the Python of the conda base it installs, which runs conda
  (tooling).
- `pyupgrade --py312-plus` and `--python-version 3.12` given to mypy (or mypy_primer's
  `--additional-flags`) in `run:`: tool targets, as in pre-commit's hook arguments.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources.github_actions.job import Job, context_of, step_where
from pyparity.sources.github_actions.memo import FileMemo
from pyparity.sources.github_actions.runs import step_envs, step_runs
from pyparity.sources.github_actions.setup_actions import sets_up_python, setup_steps, versions
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import version_values
from pyparity.sources.github_actions.words import words
from pyparity.textfile import TextFile

KIND = "workflow"
_MANAGER = lazy_re.compile(r"\b(?:apt-get|apt|yum|dnf|microdnf|zypper|pkg|apk)(?=[ \t])")
_MANAGERS = ("apt", "yum", "dnf", "zypper", "pkg", "apk")  # a cheap first test
_VERB = lazy_re.compile(r"[ \t](?:install|add)(?=[ \t])")
# `python3.12`, `python-3.12`, `python39`, `python312`, `python2.7`, each with an optional
# package suffix (`-venv`, `-dev`, `=3.9.16-1`); `python3` or `python2` alone names no minor.
_PACKAGE = lazy_re.compile(r"python-?(?P<major>[23])\.?(?P<minor>\d{1,2})(?:[-=:]\S*)?")
_LINE_END = lazy_re.compile(r"(?<!\\)\n|[;&|]")
_MINICONDA = lazy_re.compile(r"Miniconda3-py(?P<major>3)(?P<minor>\d{1,2})_")
_MINICONDA_BASE = "Miniconda's base Python"
_SCRIPT_INPUTS = ("run", "install", "prepare")
_PLUS = lazy_re.compile(r"--py(?P<major>3)(?P<minor>\d{1,2})-plus\b")
_PYUPGRADE = lazy_re.compile(r"\bpyupgrade\b")
_MYPY = lazy_re.compile(r"\bmypy(?:_primer)?\b")
_MYPY_TARGET = lazy_re.compile(r"--python-version[= ](?P<version>3\.\d{1,2})\b")


def system_pythons(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    run = step.scalar("run")
    inputs = step.mapping("with")
    packages = inputs.scalar("packages") if inputs else None
    found: list[tuple[Scalar, int, int, str, str]] = []
    if run is not None:
        for start, end in _install_commands(run.text):
            found += _packages(file, run, start, end, "installed by the system's package manager")
        found += _miniconda(file, run)
        found += _targets(file, run)
    if packages is not None:
        found += _packages(file, packages, 0, len(packages.text), "an action's packages")
    for key in _SCRIPT_INPUTS:  # run-on-arch's and vmactions' scripts
        script = inputs.scalar(key) if inputs else None
        for start, end in _install_commands(script.text) if script else ():
            assert script is not None
            found += _packages(
                file, script, start, end, "installed by the system's package manager"
            )
    for env in step_envs(step, ()):
        for _, value in env.items():
            if isinstance(value, Scalar):
                found += _miniconda(file, value)
    over_matrix = (
        _first_in_job(job, _matrix_packages(file, run))
        if run is not None and "${{" in run.text
        else []
    )
    if not (found or over_matrix) or (step_job := job_for_step(job, step, index, steps)) is None:
        return
    second = _SETS_UP.get((job,), lambda: sets_up_python(job))
    if second and step.scalar("if") is not None and step_job.runs is not None:
        second = _sets_up_where_it_runs(job, step_job)
    where = step_where(job, index)
    for written in over_matrix:
        yield from _over_matrix(step_job, written, step_envs(step, job.envs), where, second)
    for scalar, start, end, version, what in found:
        target = what.endswith(" target")
        purpose = None
        if job.elsewhere:
            purpose = (job.purpose, job.why)
        elif what == _MINICONDA_BASE:
            purpose = (Purpose.TOOLING, "the base Python of a conda installation runs conda")
        elif not target and second:
            purpose = (Purpose.UNKNOWN, "a system Python beside the one the job sets up")
        made = pin(
            job.path,
            span_in_run(file, scalar, start, end),
            version,
            source=KIND,
            context=(
                f"{what} ({where})"
                if target
                else context_of(step_job, f"{where}, {what}", "", purpose=purpose)
            ),
            purpose=None if target else purpose[0] if purpose else step_job.purpose,
            role=Role.TARGET if target else Role.PIN,
        )
        yield replace(
            made,
            raw=scalar.text[start:end],
            anchor=job.anchor,
            may_fail=step_job.tried,
        )


def _matrix_packages(file: TextFile, run: Scalar) -> list[Scalar]:
    """`python${{ matrix.python_version }}-devel` in an install command: the matrix value
    as a scalar of its own, placed where the run writes it (read like a `python-version`
    input that names the matrix)."""
    found = []
    for start, end in _install_commands(run.text):
        for match in _MATRIX_PACKAGE.finditer(run.text, start, end):
            expression = match["expression"]
            span = span_in_run(file, run, match.start("expression"), match.end("expression"))
            found.append(Scalar(text=expression, tag=_STRING, quoted=False, block=False, span=span))
    return found


# The matrix expressions each job's install commands have named so far: a job of many steps
# that each install `python${{ matrix.p }}-dev` declares its Pythons once, at the first (each
# step read over every run would cost steps times runs).
_NAMED: FileMemo[set[str]] = FileMemo()
# Whether the job sets up a Python another way: once per job, not once per step.
_SETS_UP: FileMemo[bool] = FileMemo()


# Steps with an `if:` asked about per job: each costs the job's setup steps times its runs.
_CONDITIONAL: FileMemo[list[int]] = FileMemo()
_MOST_CONDITIONAL = 16


def _sets_up_where_it_runs(job: Job, step_job: Job) -> bool:
    """Whether an action sets up a Python in a run where this step runs: pwntools installs
    python2.7 with apt only where `matrix.python_version == '2.7'`, and sets up the others
    with setup-python only where it is not. Past 16 such steps in a job, the job's answer."""
    asked = _CONDITIONAL.get((job,), lambda: [0])
    asked[0] += 1
    if asked[0] > _MOST_CONDITIONAL or step_job.runs is None:
        return True
    return any(step_runs(setup, step_job.runs, job.envs) for setup in setup_steps(job))


def _first_in_job(job: Job, written: list[Scalar]) -> list[Scalar]:
    named = _NAMED.get((job,), set)
    fresh = [scalar for scalar in written if scalar.text not in named]
    named.update(scalar.text for scalar in fresh)
    return fresh


def _over_matrix(
    job: Job, written: Scalar, envs: tuple[Mapping, ...], where: str, second: bool
) -> Iterator[Declaration]:
    """The job's Pythons a package name takes from the matrix, each where the matrix writes
    it; beside a Python the job sets up another way, of unknown purpose."""
    values = [v for v in version_values(job, written, envs) if _MINOR.fullmatch(v.text.strip())]
    if second or job.elsewhere:
        beside = (
            (job.purpose, job.why)
            if job.elsewhere
            else (Purpose.UNKNOWN, "a system Python beside the one the job sets up")
        )
        values = [replace(value, purpose=beside) for value in values]
    if values:
        yield from versions(job, values, f"{where}, installed by the system's package manager")


_STRING = "tag:yaml.org,2002:str"
_MINOR = lazy_re.compile(r"3\.\d{1,2}")
# `python${{ matrix.python_version }}`, `python-${{ matrix.py }}-devel`: a package named by
# the matrix (one axis, no other expression inside).
_MATRIX_PACKAGE = lazy_re.compile(
    r"(?<![\w-])python-?(?P<expression>\$\{\{[ \t]*+matrix\.[A-Za-z_][\w-]*+[ \t]*+\}\})"
)


def _install_commands(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the package list of each install command, continued lines included."""
    if not any(manager in text for manager in _MANAGERS):
        return
    position = 0
    while (command := _MANAGER.search(text, position)) is not None:
        stop = _LINE_END.search(text, command.end())
        position = stop.start() if stop else len(text)
        if (verb := _VERB.search(text, command.end(), position)) is not None:
            yield verb.end(), position
        position = max(position, command.end())


def _packages(
    file: TextFile, scalar: Scalar, start: int, end: int, what: str
) -> list[tuple[Scalar, int, int, str, str]]:
    """One entry per minor the words name (`python3.13 python3.13-venv` is one)."""
    seen: set[str] = set()
    found = []
    for word_start, word_end in words(scalar.text[start:end], "\"'"):
        match = _PACKAGE.fullmatch(scalar.text, start + word_start, start + word_end)
        if match is None or (version := f"{match['major']}.{match['minor']}") in seen:
            continue
        seen.add(version)
        at = start + word_start
        found.append((scalar, at, at + len(match[0].split("=")[0]), version, what))
    return found


def _miniconda(file: TextFile, scalar: Scalar) -> list[tuple[Scalar, int, int, str, str]]:
    if "Miniconda3-py" not in scalar.text:
        return []
    return [
        (scalar, m.start(), m.end() - 1, f"{m['major']}.{m['minor']}", _MINICONDA_BASE)
        for m in _MINICONDA.finditer(scalar.text)
    ]


def _targets(file: TextFile, run: Scalar) -> list[tuple[Scalar, int, int, str, str]]:
    found = []
    text = run.text
    for pattern, option, what in (
        (_PYUPGRADE, _PLUS, "pyupgrade target"),
        (_MYPY, _MYPY_TARGET, "mypy target"),
    ):
        if what.split()[0] not in text:
            continue
        position = 0
        while (command := pattern.search(text, position)) is not None:
            stop = _LINE_END.search(text, command.end())
            position = stop.start() if stop else len(text)
            if (match := option.search(text, command.end(), position)) is not None:
                version = (
                    match["version"] if "version" in match.groupdict() else None
                ) or f"{match['major']}.{match['minor']}"
                found.append((run, match.start(), match.end(), version, what))
            position = max(position, command.end())
    return found
