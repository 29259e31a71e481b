"""The Pythons maturin builds wheels for: `PyO3/maturin-action`'s `args: -i 3.11 3.12`
(`--interpreter ${{ matrix.interpreter }}`, over the job's runs) and `maturin build|publish
-i python3.12` in a `run:` step.

A release build that makes wheels for two or more CPython minors (over the step's runs) is a
wheel set, compared with the classifiers and the supported range as cibuildwheel's is (group
`<file> maturin`), in the folder the action's `working-directory` names. A build for one
interpreter (an abi3 wheel, a Pyodide build), in a job that says it tests, or of another
crate (`-m test-crates/x/Cargo.toml`) is a tooling Python: listed, never a wheel set.
The set is CPython's: a `pypy3.11` wheel is listed as a build pin beside it (GraalPy is
left out); a free-threaded `3.14t` is a wheel of its own, not the regular one.
`--find-interpreter` builds for every interpreter found: no set to compare. A local
action's `--interpreter ${{ inputs.x }}` is left to its callers, which list the value they
pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, value_span
from pyparity.records import replace
from pyparity.sources._common import pin, unresolved
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.job import Job, directory_of, step_where
from pyparity.sources.github_actions.matrix import EXPRESSION
from pyparity.sources.github_actions.runs import step_envs
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import Value, expand
from pyparity.textfile import TextFile

WHEELS_GROUP = " maturin"
_ACTION = "pyo3/maturin-action"
_COMMAND = lazy_re.compile(r"(?:^|[\s;&|(/])maturin[ \t]+(?P<sub>build|publish)\b")
_COMMAND_END = lazy_re.compile(r"[\n;&|]")
_FLAG = lazy_re.compile(r"(?:^|\s)(?:-i|--interpreter)(?:=|[ \t]+)")
_MANIFEST = lazy_re.compile(r"(?:^|\s)(?:-m|--manifest-path)(?:=|[ \t]+)")
_CPYTHON = lazy_re.compile(r"^(?:python)?(?P<version>3\.\d+)$")
_PYPY = lazy_re.compile(r"^pypy3\.\d+$")
_FIND = lazy_re.compile(r"(?:^|\s)(?:-f|--find-interpreter)\b")
_WASM = lazy_re.compile(r"wasm|emscripten|pyodide", re.IGNORECASE)
_ONE_INPUT = lazy_re.compile(r"^\$\{\{\s*inputs\.(?P<name>[A-Za-z_][\w-]*)\s*\}\}$")
_TEST_WORD = lazy_re.compile(r"(?:^|[^a-z])test", re.IGNORECASE)
_MAX_ARGS = 8192


class _Build:
    """One maturin command of a step: the job as the step sees it, the interpreters it is
    given (the piece of text after `-i`), and whether it builds the project's release
    (a plain class: a dataclass costs the import about half a millisecond)."""

    __slots__ = ("anchor", "envs", "interpreters", "job", "release", "where", "why")

    def __init__(
        self,
        *,
        job: Job,
        envs: tuple[Mapping, ...],
        interpreters: Scalar | None,
        release: bool,
        why: str,
        anchor: str,
        where: str,
    ) -> None:
        self.job = job
        self.envs = envs
        self.interpreters = interpreters  # None: no `-i`, maturin picks (or finds) them
        self.release = release
        self.why = why  # why it is not the project's release build ("" when it is)
        self.anchor = anchor
        self.where = where


def maturin_builds(file: TextFile, jobs: list[Job]) -> Iterator[Declaration]:
    """The interpreters of every maturin build of the workflow (or action): the release
    builds' wheels as one set per file, when they name two or more CPython minors; every
    other one as a tooling Python."""
    builds = [
        build
        for job in jobs
        for index, step in _steps(job)
        for build in _builds(file, job, step, index)
    ]
    found = [(build, _values(build)) for build in builds]
    minors = {
        version
        for build, values in found
        if build.release
        for value in values
        for token in _words(value.text)
        if (version := _cpython(token))
    }
    known = all(
        build.interpreters is not None and all("${{" not in value.text for value in values)
        for build, values in found
        if build.release
    )
    as_set = len(minors) >= 2 and known
    not_a_set = "one interpreter" if known else "a build whose interpreters are not all known"
    seen: set[tuple[str, int, int]] = set()
    for build, values in found:
        why = build.why or ("" if as_set else not_a_set)
        yield from _declarations(build, values, why, seen)


def _steps(job: Job) -> Iterator[tuple[int, Mapping]]:
    steps = job.node.get("steps")
    if not isinstance(steps, Sequence):
        runs = job.node.get("runs")  # an action's `runs.steps`
        steps = runs.get("steps") if isinstance(runs, Mapping) else None
    for index, step in enumerate(steps.items if isinstance(steps, Sequence) else (), start=1):
        if isinstance(step, Mapping):
            yield index, step


def _builds(file: TextFile, job: Job, step: Mapping, index: int) -> Iterator[_Build]:
    uses = step.scalar("uses")
    inputs = step.mapping("with")
    if uses is not None and uses.text.strip().lower().startswith(_ACTION):
        command = inputs.scalar("command") if inputs else None
        if command is not None and command.text.strip() not in ("build", "publish"):
            return
        args = inputs.scalar("args") if inputs else None
        target = inputs.scalar("target") if inputs else None
        directory = inputs.scalar("working-directory") if inputs else None
        anchor = directory_of(directory.text) if directory else job.anchor
        text = args.text if args is not None and len(args.text) <= _MAX_ARGS else ""
        wasm = target is not None and _WASM.search(target.text) is not None
        yield from _commands(
            file, job, step, index, args, _masked(text), (0, len(text)), anchor, wasm
        )
        return
    run = step.scalar("run")
    if run is None or len(run.text) > _MAX_ARGS * 8:
        return
    masked = _masked(run.text)
    position = 0
    while (found := _COMMAND.search(masked, position)) is not None:
        end = _COMMAND_END.search(masked, found.end())
        position = end.start() if end else len(masked)
        bounds = (found.end(), position)
        yield from _commands(file, job, step, index, run, masked, bounds, job.anchor, False)


def _masked(text: str) -> str:
    """The text with each `${{ }}` as letters of the same length: options are found outside
    expressions only."""
    return EXPRESSION.sub(lambda found: "x" * len(found[0]), text)


def _commands(
    file: TextFile,
    job: Job,
    step: Mapping,
    index: int,
    scalar: Scalar | None,
    masked: str,
    bounds: tuple[int, int],
    anchor: str,
    wasm: bool,
) -> Iterator[_Build]:
    """One maturin command (masked[start:end] of the scalar's text): the text of its `-i`
    values, and whether it builds the project's release wheels."""
    start, end = bounds
    step_job = job_for_step(job, step, index, _step_list(job))
    if step_job is None:
        return
    other_crate = _MANIFEST.search(masked, start, end) is not None
    wasm = wasm or _WASM.search(masked, start, end) is not None
    why = (
        "a test build"
        if _tests(job)
        else "a build of another crate"
        if other_crate
        else "a WebAssembly build"
        if wasm
        else ""
    )
    where = f"{step_where(job, index)}, maturin"
    envs = step_envs(step, job.envs)
    flag = _FLAG.search(masked, start, end)
    values_end = _option_end(masked, flag.end(), end) if flag else 0
    if scalar is None or flag is None or values_end <= flag.end():
        if _FIND.search(masked, start, end) or scalar is None or flag is None:
            yield _Build(
                job=step_job,
                envs=envs,
                interpreters=None,
                release=not why,
                why=why,
                anchor=anchor,
                where=where,
            )
        return
    text = scalar.text[flag.end() : values_end]
    if scalar.span.line == scalar.span.end_line and not scalar.block:
        span = value_span(scalar, text)
    else:
        span = span_in_run(file, scalar, flag.end(), values_end)
    piece = Scalar(text=text, tag=scalar.tag, quoted=True, block=False, span=span)
    yield _Build(
        job=step_job,
        envs=envs,
        interpreters=piece,
        release=not why,
        why=why,
        anchor=anchor,
        where=where,
    )


def _step_list(job: Job) -> Sequence:
    """The job's steps (an action's are under `runs`)."""
    return Sequence(items=tuple(step for _, step in _steps(job)), span=job.node.span)


def _option_end(masked: str, start: int, end: int) -> int:
    """Where the values after `-i` end: at the next option (`--release`) or the command's
    end; trailing spaces left out."""
    position = start
    for token in re.finditer(r"\S+", masked[start:end]):
        if token[0].startswith("-"):
            break
        position = start + token.end()
    return position


def _tests(job: Job) -> bool:
    name = job.node.scalar("name")
    return bool(_TEST_WORD.search(job.job_id)) or (
        name is not None and bool(_TEST_WORD.search(name.text))
    )


def _values(build: _Build) -> list[Value]:
    if build.interpreters is None:
        return []
    return expand(build.job, build.interpreters, build.envs)


def _words(text: str) -> list[str]:
    """The interpreters' words, without the quotes a list is given in (`-i '3.8 3.9'`)."""
    return [word.strip("'\"") for word in text.split()]


def _cpython(text: str) -> str | None:
    found = _CPYTHON.match(text.strip())
    return found["version"] if found else None


def _pypy(text: str) -> str | None:
    found = _PYPY.match(text.strip())
    return found[0] if found else None


def _declarations(
    build: _Build, values: list[Value], why: str, seen: set[tuple[str, int, int]]
) -> Iterator[Declaration]:
    """The CPython interpreters of one build: the release wheel set (`why` empty), else
    tooling Pythons; each written place once (`seen`, over the file's builds)."""
    job = build.job
    wheels = not why
    group = f"{job.path}{WHEELS_GROUP}" if wheels else ""
    found: list[tuple[str, Value]] = []
    for value in values:
        if "${{" in value.text:
            yield from _unknown(build, value, seen)
            continue
        for token in _words(value.text):
            if version := _cpython(token) or _pypy(token):
                found.append((version, value))
    for version, value in found:
        span = value_span(value.scalar, version)
        key = (version, span.line, span.column)
        if key in seen:
            continue
        seen.add(key)
        in_set = wheels and not version.startswith("pypy")
        context = (
            f"{build.where} build"
            if in_set
            else f"{build.where} build, build: a PyPy wheel, not the wheel set"
            if wheels
            else f"{build.where}, tooling: {why}"
        )
        declaration = pin(
            job.path,
            span,
            version,
            source=KIND,
            context=context,
            purpose=Purpose.BUILD if wheels else Purpose.TOOLING,
            # A tooling Python is listed, not a set: a CI matrix of tooling Pythons
            # would count as tested Pythons.
            role=Role.MATRIX if in_set else Role.PIN,
            group=group if in_set else "",
        )
        yield replace(declaration, anchor=build.anchor)


def _unknown(build: _Build, value: Value, seen: set[tuple[str, int, int]]) -> Iterator[Declaration]:
    """An interpreter set by an expression that cannot be known: a notice, once per place.
    A local action's `${{ inputs.interpreter }}` is its callers' value, which they list
    themselves (the folder they build in is not known here): nothing."""
    written = value.text.strip()
    key = (written, value.scalar.span.line, value.scalar.span.column)
    if key in seen or (_ONE_INPUT.match(written) and not build.job.job_id):
        return
    seen.add(key)
    link = unresolved(
        build.job.path,
        value_span(value.scalar, written),
        written,
        source=KIND,
        context=f"{build.where}, tooling: maturin build",
        note="maturin interpreter set by an expression that cannot be known statically",
    )
    yield replace(link, purpose=Purpose.TOOLING, anchor=build.anchor)
