"""GitHub Actions workflows (`.github/workflows/*.yml`, `*.yaml`) and local actions
(`.github/actions/**/action.yml`).

Reads `actions/setup-python`, `astral-sh/setup-uv`, `conda-incubator/setup-miniconda` and
`deadsnakes/action` `python-version` (scalar, YAML list, multi-line string: one version a
line outside `${{ }}`; `${{ matrix.* }}` with GitHub's `include` and `exclude` semantics, an
`||` of matrix values and strings, `${{ env.* }}` at workflow, job or step level (an env
value that names the matrix takes its values), `fromJSON` of a literal, any other expression
evaluated for each run of the matrix; an empty value is no value, as for setup-python),
`python-version-file` (resolved later against the named file), a literal `uv run --python
3.12` / `uvx -p 3.12` / `uv venv --python 3.12` and `conda install|create ... python=3.12`
(conda, mamba, micromamba; setup-micromamba's `create-args`) in `run:` steps, job
`container:` / `services:` images (over the matrix, a matrix; one that cannot be known is an
unresolved Python only when it may be a Python image), the tox environments or Pythons a job
gives a reusable workflow of another repository (`_gha_external`), and cibuildwheel's
`CIBW_BUILD`, `CIBW_SKIP` and `CIBW_PROJECT_REQUIRES_PYTHON` (step, job or workflow `env`)
for the wheels it builds.

A matrix job is read run by run (`_gha_runs`): a step whose `if:` is false in a run does not
run there, `continue-on-error` expressions let exactly the runs they match fail, and each
run's purpose (runtime, build, tooling or unknown) comes from what it runs, with its matrix
values in its commands (`tox -e ${{ matrix.toxenv }}`). A Python set up to prove it is
refused (`! pip install .` after it, a step named "... rejects ...") is tooling and promised
by nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pyparity.errors import UnreadableFile
from pyparity.images import may_carry_python, parse_image
from pyparity.model import Declaration, Purpose, Role, Span
from pyparity.parsers.gha_expressions import UNKNOWN as UNKNOWN_VALUE
from pyparity.parsers.gha_expressions import interpolate
from pyparity.parsers.gha_matrix import (
    EXPRESSION,
    FROM_JSON,
    Combination,
    Unknown,
    from_json,
    inner,
    json_literal,
    lookup,
)
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose, value_span
from pyparity.purpose import ALLOWED_TO_FAIL, classify_job
from pyparity.sources._cibuildwheel import is_open, tokens, wheel_declarations
from pyparity.sources._common import (
    CALL_NOTE,
    CALLER_NOTE,
    DEFAULT_NOTE,
    DEFAULT_VERSION_FILE,
    INPUT_NOTE,
    PYTHON_VERSION_FILE,
    pin,
    unresolved,
)
from pyparity.sources._gha_external import read_call
from pyparity.sources._gha_runs import (
    Run,
    fails_allowed,
    job_runs,
    resolver,
    selected_environments,
    step_envs,
    step_runs,
    strongest,
)
from pyparity.sources._yaml_values import is_true
from pyparity.textfile import TextFile

KIND = "workflow"

_SETUP_ACTIONS = {
    "actions/setup-python": "setup-python",
    "astral-sh/setup-uv": "setup-uv",
    "conda-incubator/setup-miniconda": "setup-miniconda",
    "deadsnakes/action": "deadsnakes",
}
_CONTEXT_REF = re.compile(
    r"^(?P<ctx>matrix|env|inputs)"
    r"(?P<path>(?:\.[A-Za-z_][\w-]*+|\[\s*+(?:'[^']*+'|\d++)\s*+\])++)$"
)
_PATH_KEY = re.compile(r"\.([A-Za-z_][\w-]*)|\[\s*(?:'([^']*)'|(\d+))\s*\]")


def matches(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    if len(parts) == 3 and parts[:2] == [".github", "workflows"]:
        return name.endswith((".yml", ".yaml"))
    return parts[:2] == [".github", "actions"] and name in {"action.yml", "action.yaml"}


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a workflow must be a mapping", line=root.span.line)
    if file.path.startswith(".github/actions/"):
        return list(_read_action(file.path, root))
    return list(_read_workflow(file, root))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Value:
    """One candidate value of a version input, with the scalar that wrote it."""

    text: str
    scalar: Scalar
    via: str = ""
    may_fail: bool = False  # written only for matrix entries the job lets fail
    purpose: tuple[Purpose, str] | None = None  # the runs' that use it, when not the job's


@dataclass(frozen=True, slots=True, kw_only=True)
class _Job:
    path: str
    job_id: str
    node: Mapping
    envs: tuple[Mapping, ...]
    purpose: Purpose
    why: str
    anchor: str
    runs: tuple[Run, ...] | None  # one per matrix combination; None when unknown
    tried: bool = False  # as a step sees it: every run only tries the step's Python
    refusal: bool = False  # as a step sees it: its Python is set up to be refused


def _read_workflow(file: TextFile, root: Mapping) -> Iterator[Declaration]:
    path = file.path
    jobs = root.mapping("jobs")
    if jobs is None:
        return
    workflow_env = root.mapping("env")
    yield from _input_defaults(path, root)
    read_jobs = [
        _job(path, job_id, job_node, workflow_env)
        for job_id, job_node in jobs.items()
        if isinstance(job_node, Mapping)
    ]
    yield from _wheels(read_jobs)
    for job in read_jobs:
        job_node = job.node
        yield from _job_images(job)
        yield from _calls(job)
        yield from _external_call(file, job)
        steps = job_node.get("steps")
        if isinstance(steps, Sequence):
            for index, step in enumerate(steps.items, start=1):
                if isinstance(step, Mapping):
                    yield from _setup_step(job, step, index, steps)
                    yield from _uv_python_options(file, job, step, index)
                    yield from _conda_pythons(file, job, step, index, steps)


_UV_COMMAND = re.compile(r"(?:^|[\s;&|(])(?:uv\s+(?:run|sync|venv|tool\s+run|pip\s+\w+)|uvx)\b")
_UV_PYTHON = re.compile(
    r"""\s(?:--python|-p)(?:=|\s+)(?P<quote>["']?)(?:cpython-?|python)?
        (?P<version>(?:3|pypy)[\w.+-]*)(?P=quote)(?=\s|$)""",
    re.VERBOSE | re.MULTILINE,
)
_COMMAND_END = re.compile(r"[\n;&|]")


def _uv_python_options(
    file: TextFile, job: _Job, step: Mapping, index: int
) -> Iterator[Declaration]:
    """`uv run --python 3.12 pytest` asks uv for that Python, whatever setup-* installed."""
    run = step.scalar("run")
    if run is None:
        return
    for match in _uv_pythons(run.text):
        declaration = pin(
            job.path,
            _span_in_run(file, run, match.start("version"), match.end("version")),
            match["version"],
            source=KIND,
            context=_context(job, f"job {job.job_id}, step {index}, uv --python", ""),
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
    r"(?:^|\s)[\"']?python={1,2}(?P<version>\$\{\{(?:[^$}]++|\$(?!\{\{)|\}(?!\}))*+\}\}|[0-9][0-9.*]*)"
)
_MICROMAMBA_ACTIONS = ("mamba-org/setup-micromamba", "mamba-org/provision-with-micromamba")


def _conda_pythons(
    file: TextFile, job: _Job, step: Mapping, index: int, steps: Sequence
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
    if not found or (step_job := _step_job(job, step, index, steps)) is None:
        return
    where = f"job {job.job_id}, step {index}, conda python="
    envs = step_envs(step, job.envs)
    for scalar, start, end in found:
        text = scalar.text[start:end]
        span = _span_in_run(file, scalar, start, end)
        written = Scalar(text=text, tag=scalar.tag, quoted=True, block=False, span=span)
        values = [v for v in _expand(step_job, written, envs) if v.text]
        varies = _varies(job, step_job, written, envs)
        yield from _versions(step_job, values, where, tried=step_job.tried, varies=varies)


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


def _span_in_run(file: TextFile, run: Scalar, start: int, end: int) -> Span:
    """Where run.text[start:end] sits in the file: its line of script is found verbatim
    after the scalar's start (a folded or escaped line is not, and keeps the scalar's span)."""
    line_start = run.text.rfind("\n", 0, start) + 1
    line = run.text[line_start:].split("\n", 1)[0]
    found = file.text.find(line, file.offset(run.span.line, run.span.column))
    if found < 0 or not line.strip():
        return run.span
    offset = found + start - line_start
    return file.span(offset, offset + end - start)


_CIBUILDWHEEL = re.compile(r"\bcibuildwheel\b")
_INSTALL = re.compile(r"\binstall\b")
_PLATFORM_OPTION = re.compile(r"--platform[= ]+['\"]?(?P<platform>[\w-]+)")
_ONLY_OPTION = re.compile(r"--only\b")


@dataclass(frozen=True, slots=True, kw_only=True)
class _WheelBuild:
    """One step that runs cibuildwheel: its build selectors (None: every version its
    requires-python admits, or not known, or one wheel picked by `only`) and where they are
    written."""

    job: _Job
    patterns: tuple[tuple[str, Span], ...] | None
    skip: str
    requires_python: str
    platform: str


def _wheels(jobs: list[_Job]) -> Iterator[Declaration]:
    """The wheels the workflow's cibuildwheel steps build (`CIBW_BUILD` of the step, job or
    workflow env). A step with no build selector builds every version its requires-python
    admits (or `[tool.cibuildwheel] build` says): the workflow then declares no narrower
    wheel set; nor does it when a step's selector is set by an expression (a matrix of
    `cp312-${{ matrix.platform }}` is as often a smoke build as the release set) or picks one
    wheel (`only`, `--only`). A Pyodide build (`CIBW_PLATFORM: pyodide`) is a platform's
    single Python, not the wheel set."""
    builds = [_wheel_build(job, step) for job in jobs for step in _cibuildwheel_steps(job)]
    builds = [build for build in builds if "pyodide" not in build.platform.lower()]
    selected = [(build, build.patterns) for build in builds if build.patterns is not None]
    if len(selected) < len(builds) or any(is_open(t) for _, p in selected for t, _ in p):
        return
    for build, patterns in selected:
        for declaration in wheel_declarations(
            build.job.path,
            patterns,
            skip=build.skip,
            requires_python=build.requires_python,
            platform=build.platform,
            source=KIND,
        ):
            yield replace(declaration, anchor=build.job.anchor)


def _cibuildwheel_steps(job: _Job) -> Iterator[Mapping]:
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping) or not _runs_cibuildwheel(step):
            continue
        if job.runs is None or step_runs(step, job.runs, job.envs):
            yield step


def _wheel_build(job: _Job, step: Mapping) -> _WheelBuild:
    envs = step_envs(step, job.envs)
    run = step.scalar("run")
    inputs = step.mapping("with")
    only = inputs.scalar("only") if inputs else None
    build = _env_scalar(envs, "CIBW_BUILD")
    patterns = None
    picks_one = (only is not None and only.text.strip()) or (run and _ONLY_OPTION.search(run.text))
    if build is not None and "${{" not in build.text and not picks_one:
        patterns = tuple((token, value_span(build, token)) for token, _ in tokens(build.text, 0))
    skip = _env_scalar(envs, "CIBW_SKIP")
    requires = _env_scalar(envs, "CIBW_PROJECT_REQUIRES_PYTHON")
    return _WheelBuild(
        job=job,
        patterns=patterns,
        skip=skip.text if skip and "${{" not in skip.text else "",
        requires_python=requires.text if requires and "${{" not in requires.text else "",
        platform=_platform(job, step, envs),
    )


def _platform(job: _Job, step: Mapping, envs: tuple[Mapping, ...]) -> str:
    """`CIBW_PLATFORM` (or `--platform`) when every run of the step builds for that one."""
    run = step.scalar("run")
    if run is not None and (found := _PLATFORM_OPTION.search(run.text)):
        return found["platform"]
    setting = _env_scalar(envs, "CIBW_PLATFORM")
    if setting is None:
        return ""
    values = {value.text.strip() for value in _expand(job, setting, envs)}
    return values.pop() if len(values) == 1 and "${{" not in next(iter(values)) else ""


def _runs_cibuildwheel(step: Mapping) -> bool:
    uses = step.scalar("uses")
    if uses is not None and uses.text.lower().startswith("pypa/cibuildwheel"):
        return True
    run = step.scalar("run")
    return run is not None and any(
        _CIBUILDWHEEL.search(line) and not _INSTALL.search(line) for line in run.text.splitlines()
    )


def _env_scalar(envs: tuple[Mapping, ...], name: str) -> Scalar | None:
    for env in envs:
        value = env.scalar(name)
        if value is not None:
            return value
    return None


def _input_defaults(path: str, root: Mapping) -> Iterator[Declaration]:
    """A reusable workflow's `on.workflow_call.inputs.X.default`, used when a local caller
    leaves X out, or when no local caller exists."""
    triggers = root.mapping("on")
    call = triggers.mapping("workflow_call") if triggers else None
    inputs = call.mapping("inputs") if call else None
    for name, spec in inputs.items() if inputs else ():
        default = spec.scalar("default") if isinstance(spec, Mapping) else None
        if default is not None and default.text.strip():
            link = unresolved(
                path,
                default.span,
                default.text.strip(),
                source=KIND,
                context=f"default of input {name}",
                note=f"{DEFAULT_NOTE}{name}",
            )
            yield replace(link, yaml_loaded_as=_loaded_as(default))


def _calls(job: _Job) -> Iterator[Declaration]:
    """`uses: ./.github/workflows/x.yml` with `with:` inputs: links resolved against the callee.
    Each call also says which inputs it sets: one that it leaves out takes its default."""
    uses = job.node.scalar("uses")
    if uses is None or not uses.text.startswith("./"):
        return
    callee = uses.text.removeprefix("./").split("@", 1)[0]
    inputs = job.node.mapping("with")
    names = sorted(name for name, _ in inputs.items()) if inputs else []
    yield unresolved(
        job.path,
        uses.span,
        uses.text,
        source=KIND,
        context=f"job {job.job_id} calls {callee}",
        note=f"{CALLER_NOTE}{callee}#{','.join(names)}",
    )
    for name, node in inputs.items() if inputs else ():
        if not isinstance(node, Scalar):
            continue
        for value in _expand(job, node, job.envs):
            for line in (line for line in _split_lines(value) if line.text.strip()):
                link = unresolved(
                    job.path,
                    value_span(line.scalar, line.text.strip()),
                    line.text.strip(),
                    source=KIND,
                    context=f"job {job.job_id} calls {callee} with {name}"
                    + (f", {line.via}" if line.via else ""),
                    note=f"{CALL_NOTE}{callee}#{name}",
                )
                yield replace(link, yaml_loaded_as=_loaded_as(line.scalar))


def _external_call(file: TextFile, job: _Job) -> Iterator[Declaration]:
    """`uses: owner/repo/.github/workflows/tox.yml@ref` with tox environments or Pythons in
    `with:`: the job's matrix as the inputs spell it (`py312-test`, `["py310", "py311"]`).
    What they leave unknown (an environment with no Python factor) is an unresolved entry,
    so the rules know the CI tests as read are incomplete."""
    uses = job.node.scalar("uses")
    inputs = job.node.mapping("with")
    if uses is None or inputs is None or uses.text.startswith("./") or "@" not in uses.text:
        return
    callee = uses.text.split("@", 1)[0].strip()
    call = read_call(inputs, callee)
    where = f"job {job.job_id} calls {callee}"
    group = f"{job.path} {where}"
    is_set = any(found.listed for found in call.found) or len(call.found) > 1
    for found in call.found:
        declaration = pin(
            job.path,
            _span_in_run(file, found.scalar, found.start, found.end),
            found.version,
            source=KIND,
            context=f"{where}"
            + (f", {ALLOWED_TO_FAIL}" if found.may_fail else "")
            + f", {found.purpose.value}: the environments it is given",
            purpose=found.purpose,
            group=group if is_set else "",
            role=Role.MATRIX if is_set else Role.PIN,
        )
        written = found.scalar.text[found.start : found.end]
        yield replace(declaration, raw=written, may_fail=found.may_fail, anchor=job.anchor)
    if call.incomplete:
        link = unresolved(
            job.path,
            uses.span,
            uses.text,
            source=KIND,
            context=where,
            note=f"the Python of the called workflow is not known: {call.incomplete[0]}",
        )
        yield replace(link, purpose=Purpose.RUNTIME, group=group)


def _loaded_as(scalar: Scalar) -> str | None:
    if scalar.is_number and not scalar.quoted and scalar.loaded_as != scalar.text:
        return scalar.loaded_as
    return None


def _read_action(path: str, root: Mapping) -> Iterator[Declaration]:
    runs = root.mapping("runs")
    steps = runs.get("steps") if runs else None
    if not isinstance(steps, Sequence):
        return
    commands, actions = _step_texts(steps)
    purpose, why = classify_job("action", "", commands, actions)
    run = Run(combination={}, purpose=purpose, why=why)
    job = _Job(
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
            yield from _setup_step(job, step, index, steps)


def _tried(job: _Job, steps: Sequence, index: int, run: Run | None) -> bool:
    """Is the Python that step `index` (1-based) sets up only tried, in this run (None: in
    a run whose matrix values are unknown)? Either that step may fail (`continue-on-error`),
    or every step after it that runs a command in this run, up to the next step that sets
    up a Python, may fail: a job that tries the next Python beside its real one, without
    failing for it."""
    step = steps.items[index - 1]
    if isinstance(step, Mapping) and _step_may_fail(job, step, run):
        return True
    runs = []
    for later in steps.items[index:]:
        if not isinstance(later, Mapping):
            continue
        uses = later.scalar("uses")
        if uses and uses.text.split("@", 1)[0].strip().lower() in _SETUP_ACTIONS:
            break
        if later.get("run") is not None and (run is None or step_runs(later, [run], job.envs)):
            runs.append(_step_may_fail(job, later, run))
    return bool(runs) and all(runs)


def _step_may_fail(job: _Job, step: Mapping, run: Run | None) -> bool:
    setting = step.get("continue-on-error")
    if run is None or is_true(setting):
        return is_true(setting)
    return fails_allowed(setting, run.combination, step_envs(step, job.envs))


def _job(path: str, job_id: str, node: Mapping, workflow_env: Mapping | None) -> _Job:
    steps = node.get("steps")
    commands, actions = _step_texts(steps) if isinstance(steps, Sequence) else ([], [])
    name = node.scalar("name")
    envs = tuple(env for env in (node.mapping("env"), workflow_env) if env is not None)
    selected = selected_environments(resolver(None, envs))
    purpose, why = classify_job(job_id, name.text if name else "", commands, actions, selected)
    runs = job_runs(job_id, name.text if name else "", node, envs, (purpose, why))
    if runs:  # the job's purpose is its runs' together
        purpose, why = strongest((run.purpose, run.why) for run in runs)
    return _Job(
        path=path,
        job_id=job_id,
        node=node,
        envs=envs,
        purpose=purpose,
        why=why,
        anchor=_working_directory(node),
        runs=tuple(runs) if runs is not None else None,
    )


def _step_texts(steps: Sequence) -> tuple[list[str], list[str]]:
    commands: list[str] = []
    actions: list[str] = []
    for step in steps.items:
        if not isinstance(step, Mapping):
            continue
        run = step.scalar("run")
        uses = step.scalar("uses")
        if run is not None:
            commands.append(run.text)
        if uses is not None:
            actions.append(uses.text)
    return commands, actions


def _working_directory(job: Mapping) -> str:
    """The job's `defaults.run.working-directory`, or the one every `run:` step shares."""
    defaults = job.mapping("defaults")
    run = defaults.mapping("run") if defaults else None
    directory = run.scalar("working-directory") if run else None
    if directory is None:
        steps = job.get("steps")
        shared: set[str] = set()
        for step in steps.items if isinstance(steps, Sequence) else ():
            if isinstance(step, Mapping) and step.scalar("run") is not None:
                step_directory = step.scalar("working-directory")
                shared.add(step_directory.text if step_directory else ".")
        return _directory(shared.pop()) if len(shared) == 1 else "."
    return _directory(directory.text)


def _directory(text: str) -> str:
    if "${{" in text:
        return "."
    return text.strip().strip("/").removeprefix("./") or "."


def _job_images(job: _Job) -> Iterator[Declaration]:
    container = job.node.get("container")
    image = container.scalar("image") if isinstance(container, Mapping) else container
    if isinstance(image, Scalar):
        yield from _image(job, image, f"job {job.job_id} container", job.purpose)
    services = job.node.mapping("services")
    for name, service in services.items() if services else ():
        image = service.scalar("image") if isinstance(service, Mapping) else None
        if image is not None:
            yield from _image(job, image, f"job {job.job_id} service {name}", None)


def _image(job: _Job, scalar: Scalar, where: str, purpose: Purpose | None) -> Iterator[Declaration]:
    """A job container (purpose: the job's) or a service container (no purpose). A container
    whose image names the matrix (`python:${{ matrix.python }}`) and takes several images is
    a matrix, like a `python-version` that does."""
    expanded = _expand(job, scalar, job.envs)
    values = [value for value in expanded if value.text.strip()]
    partial = bool(values) and len(values) < len(expanded)
    if partial and purpose is not None and not _sets_up_python(job):
        # A container in some runs only, and nothing sets up the others' Python: the job's
        # matrix cannot be read, so the image stays unresolved.
        values = [_Value(text=scalar.text, scalar=scalar)]
    pythons = [(v, found) for v in values if "${{" not in v.text if (found := parse_image(v.text))]
    # A container in some runs is their entry in the job's matrix (a setup step the others).
    is_set = len({value.text.strip() for value, _ in pythons}) > 1 or (partial and bool(pythons))
    for value in values:
        if "${{" in value.text and _may_be_python_image(job, value.text, service=purpose is None):
            yield unresolved(
                job.path,
                scalar.span,
                scalar.text,
                source=KIND,
                context=where,
                note="image set by an expression",
            )
    for value, found in pythons:
        requirement = found.requirement
        floating = requirement.floating and not is_set
        purposes = value.purpose if purpose is not None and value.purpose else None
        declaration = pin(
            job.path,
            value_span(value.scalar, value.text[found.start : found.end]),
            value.text,
            source=KIND,
            context=_context(job, where, value.via, may_fail=value.may_fail, purpose=purposes),
            purpose=purposes[0] if purposes else purpose,
            role=Role.MATRIX if is_set else Role.FLOATING if floating else Role.PIN,
            group=f"{job.path} {where}" if is_set else "",
        )
        yield replace(
            declaration, requirement=requirement, anchor=job.anchor, may_fail=value.may_fail
        )


def _sets_up_python(job: _Job) -> bool:
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        if uses is not None and uses.text.split("@", 1)[0].strip().lower() in _SETUP_ACTIONS:
            inputs = step.mapping("with") if isinstance(step, Mapping) else None
            if inputs is not None and inputs.get("python-version") is not None:
                return True
            if _SETUP_ACTIONS[uses.text.split("@", 1)[0].strip().lower()] == "setup-python":
                return True  # reads .python-version or python-version-file
    return False


_STRING_LITERAL = re.compile(r"'(?:[^']++|'')*+'")  # fullmatch: a pair given back leaves a quote
_REFERENCE = re.compile(r"\b(?:matrix|env)(?:\.[A-Za-z_][\w-]*+|\[\s*+(?:'[^']*+'|\d++)\s*+\])++")


def _may_be_python_image(job: _Job, text: str, *, service: bool) -> bool:
    """Could an image set by an expression be a Python image? Yes when its written text or a
    string in the expression names Python (`python:${{ matrix.v }}`, `format('python:{0}',
    ...)`) or a matrix / env value it may take is a Python image; no when its repository is
    written and is another image (`registry.example/app:${{ needs.build.outputs.tag }}`) or
    every value it may take is known and none is Python (`${{ matrix.postgres ||
    'postgres:14' }}`). Otherwise (a value that cannot be known) a job container may be, and a
    service (a database or a cache beside the job, not where its Python runs) is not."""
    written = EXPRESSION.sub("${}", text)
    strings = [
        literal[1:-1].replace("''", "'")
        for expression in EXPRESSION.finditer(text)
        for literal in _STRING_LITERAL.findall(inner(expression))
    ]
    if any("python" in part.lower() for part in (written, *strings)):
        return True
    if not may_carry_python(written):
        return False
    unknown = False
    candidates = list(strings)
    for expression in EXPRESSION.finditer(text):
        code = _STRING_LITERAL.sub("''", inner(expression))
        unknown = unknown or _has_other_context(code)
        for reference in _REFERENCE.finditer(code):
            values = _reference_texts(job, reference.group(0))
            unknown = unknown or values is None
            candidates += values or []
    if any(parse_image(candidate) is not None for candidate in candidates):
        return True
    return unknown and not service


_OTHER_CONTEXT = re.compile(r"\b(?:needs|inputs|steps|vars|secrets|github|job|runner|strategy)\.")


def _has_other_context(expression: str) -> bool:
    """Does the expression (string literals removed) read a context whose value is unknown?"""
    return _OTHER_CONTEXT.search(expression) is not None


def _reference_texts(job: _Job, reference: str) -> list[str] | None:
    """The texts `matrix.x` / `env.x` may take in this job ([] for a key no combination
    sets); None when they cannot be known."""
    found = _CONTEXT_REF.match(reference)
    if found is None:
        return None
    path = [dotted or quoted or index for dotted, quoted, index in _PATH_KEY.findall(found["path"])]
    if found["ctx"] == "env":
        value = _env_scalar(job.envs, path[0])
        return [value.text] if value is not None and "${{" not in value.text else None
    strategy = job.node.mapping("strategy")
    if job.runs is None:
        return None
    if strategy is None or strategy.get("matrix") is None:
        return []
    texts = []
    for run in job.runs:
        node = lookup(run.combination, path)
        if isinstance(node, Unknown) or (node is not None and not isinstance(node, Scalar)):
            return None
        if node is not None:
            texts.append(node.text)
    return texts


def _step_job(job: _Job, step: Mapping, index: int, steps: Sequence) -> _Job | None:
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


_REFUSAL_WORDS = re.compile(
    r"\b(?:reject(?:s|ed|ion)?|refus(?:e|es|ed|al)|unsupported|not\s+supported"
    r"|(?:should|must|expected\s+to|expects?\s+to)\s+fail)\b",
    re.IGNORECASE,
)
_REFUSAL_COMMANDS = re.compile(
    r"""^[ \t]*!\s*(?:uv\s+pip|python3?\s+-m\s+pip|pip3?)\s+install\b
        |\bpytest\.raises\b|\bassertRaises\b""",
    re.VERBOSE | re.MULTILINE,
)


def _refusal(steps: Sequence, index: int) -> str:
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
        if uses and uses.text.split("@", 1)[0].strip().lower() in _SETUP_ACTIONS:
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


def _as_refusal(job: _Job, why: str) -> _Job:
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


def _setup_step(job: _Job, step: Mapping, index: int, steps: Sequence) -> Iterator[Declaration]:
    uses = step.scalar("uses")
    action = _SETUP_ACTIONS.get(uses.text.split("@", 1)[0].strip().lower()) if uses else None
    if action is None:
        return
    step_job = _step_job(job, step, index, steps)
    if step_job is None:
        return
    if refusal := _refusal(steps, index):
        step_job = _as_refusal(step_job, refusal)
    whole_job, job, tried = job, step_job, step_job.tried
    inputs = step.mapping("with")
    version = inputs.get("python-version") if inputs else None
    version_file = inputs.scalar(PYTHON_VERSION_FILE) if inputs else None
    step_name = step.scalar("name")
    where = f"step {index}" + (f" ({step_name.text})" if step_name else "")
    where = f"job {job.job_id}, {where}" if job.job_id else where
    envs = step_envs(step, job.envs)
    # An input that is empty (`${{ matrix.x }}` where no combination sets x) is not given.
    values = _version_values(job, version, envs) if version is not None else []
    if _another_steps_python(job, values):
        return
    if values:
        varies = version is not None and _varies(whole_job, job, version, envs)
        yield from _versions(job, values, f"{where}, {action}", tried=tried, varies=varies)
        return
    if action != "setup-python" or uses is None:
        return
    files = [v for v in _expand(job, version_file, envs) if v.text.strip()] if version_file else []
    if version_file is not None and files:
        yield from _version_file_links(job, version_file, files, where)
        return
    # With no input, setup-python reads `.python-version` (from the working directory).
    link = unresolved(
        job.path,
        uses.span,
        ".python-version",
        source=KIND,
        context=_context(job, f"{where}, no python-version", ""),
        note=DEFAULT_VERSION_FILE,
    )
    yield replace(link, purpose=job.purpose, anchor=job.anchor)


def _version_file_links(
    job: _Job, version_file: Scalar, values: list[_Value], where: str
) -> Iterator[Declaration]:
    """`python-version-file`: a link resolved once every file is read (resolve.py)."""
    for value in values:
        expanded = "${{" not in value.text
        link = unresolved(
            job.path,
            value.scalar.span if expanded else version_file.span,
            value.text.strip() if expanded else version_file.text,
            source=KIND,
            context=_context(job, f"{where}, python-version-file", value.via),
            note=PYTHON_VERSION_FILE if expanded else "python-version-file set by an expression",
        )
        yield replace(link, purpose=job.purpose, anchor=job.anchor)


def _version_values(job: _Job, node: Node, envs: tuple[Mapping, ...]) -> list[_Value]:
    """The values a `python-version` input takes, one per line of a multi-line input; empty
    values (an unset matrix key) are left out, as setup-python leaves out empty lines."""
    values = [value for scalar in _scalars(node) for value in _expand(job, scalar, envs)]
    return [v for item in values for v in _split_lines(item) if v.text.strip()]


_STEP_PYTHON = re.compile(r"\$\{\{\s*steps\.(?P<id>[\w-]+)\.outputs\.python-version\s*\}\}")


def _another_steps_python(job: _Job, values: list[_Value]) -> bool:
    """`python-version: ${{ steps.py.outputs.python-version }}` (setup-uv given the Python an
    earlier setup-python step of the job installed): that step's Python, declared there."""
    if len(values) != 1 or (found := _STEP_PYTHON.fullmatch(values[0].text.strip())) is None:
        return False
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping) or (step_id := step.scalar("id")) is None:
            continue
        uses = step.scalar("uses")
        if step_id.text == found["id"] and uses is not None:
            return uses.text.split("@", 1)[0].strip().lower() == "actions/setup-python"
    return False


def _varies(whole_job: _Job, step_job: _Job, node: Node, envs: tuple[Mapping, ...]) -> bool:
    """Does a step that runs in some of the job's runs only take a value that varies over
    all of them? Then its values are entries of the job's matrix, however few it takes."""
    if whole_job.runs is None or step_job.runs == whole_job.runs:
        return False
    return len({value.text.strip() for value in _version_values(whole_job, node, envs)}) > 1


def _versions(
    job: _Job, values: list[_Value], where: str, *, tried: bool = False, varies: bool = False
) -> Iterator[Declaration]:
    from_matrix = any(value.via.startswith(("matrix", "expression")) for value in values)
    minors_or_texts = {value.text.strip() for value in values}
    is_set = len(minors_or_texts) > 1 or (from_matrix and (len(values) > 1 or varies))
    group = f"{job.path} {where}"
    for value in values:
        if "${{" in value.text:
            written = value.text.strip()  # one line of a multi-line input, or the whole input
            if written not in value.scalar.text:
                written = value.scalar.text
            declaration = unresolved(
                job.path,
                value_span(value.scalar, written),
                written,
                source=KIND,
                context=_context(job, where, value.via, purpose=value.purpose),
                note=_unresolved_note(value.text),
            )
            purpose = value.purpose[0] if value.purpose else job.purpose
            yield replace(declaration, purpose=purpose, anchor=job.anchor, group=group)
            continue
        loaded_as = _loaded_as(value.scalar)
        may_fail = tried or value.may_fail or is_true(job.node.get("continue-on-error"))
        declaration = pin(
            job.path,
            value_span(value.scalar, value.text.strip()),
            value.text.strip(),
            source=KIND,
            context=_context(
                job, where, value.via, may_fail=may_fail and not job.refusal, purpose=value.purpose
            ),
            purpose=value.purpose[0] if value.purpose else job.purpose,
            group=group if is_set else "",
            role=Role.MATRIX if is_set else Role.PIN,
            yaml_loaded_as=loaded_as,
        )
        yield replace(declaration, anchor=job.anchor, may_fail=may_fail)


def _unresolved_note(text: str) -> str:
    """`${{ inputs.python }}` is resolved later from the callers of a reusable workflow."""
    expression = EXPRESSION.fullmatch(text.strip())
    reference = _CONTEXT_REF.match(inner(expression)) if expression else None
    if reference and reference["ctx"] == "inputs":
        name = re.sub(r"^\.|^\['|'\]$", "", reference["path"])
        return f"{INPUT_NOTE}{name}"
    return "set by an expression that cannot be known statically"


def _context(
    job: _Job,
    where: str,
    via: str,
    *,
    may_fail: bool = False,
    purpose: tuple[Purpose, str] | None = None,
) -> str:
    parts = [where] + ([via] if via else []) + ([ALLOWED_TO_FAIL] if may_fail else [])
    what, why = purpose or (job.purpose, job.why)
    parts.append(f"{what.value}: {why}")
    return ", ".join(parts)


def _scalars(node: Node) -> Iterator[Scalar]:
    if isinstance(node, Scalar):
        yield node
    elif isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Scalar):
                yield item


def _split_lines(value: _Value) -> list[_Value]:
    """setup-python takes several versions in a multi-line string, one per line; an
    expression that spans lines (`${{ a ||` / `b }}` in a `>-` block) is one value."""
    text = value.text
    if "\n" not in text.strip():
        return [value]
    lines = []
    start = 0
    for index in _line_breaks(text):
        lines.append(text[start:index])
        start = index + 1
    lines.append(text[start:])
    return [replace(value, text=line.strip()) for line in lines if line.strip()]


def _line_breaks(text: str) -> Iterator[int]:
    """The offsets of the line breaks of `text` that are not inside a `${{ }}`."""
    expressions = [match.span() for match in EXPRESSION.finditer(text)]
    current = 0
    index = text.find("\n")
    while index >= 0:
        while current < len(expressions) and expressions[current][1] <= index:
            current += 1
        if current == len(expressions) or index < expressions[current][0]:
            yield index
        index = text.find("\n", index + 1)


def _expand(job: _Job, scalar: Scalar, envs: tuple[Mapping, ...]) -> list[_Value]:
    """Replace one `${{ matrix.x }}` / `${{ env.x }}` / `fromJSON('[..]')` by its values."""
    expressions = list(EXPRESSION.finditer(scalar.text))
    if not expressions:
        return [_Value(text=scalar.text, scalar=scalar)]
    if len(expressions) == 1:
        expression = expressions[0]
        prefix, suffix = scalar.text[: expression.start()], scalar.text[expression.end() :]
        replacements = _resolve_expression(job, inner(expression), envs, scalar)
        if replacements is not None:
            return [replace(value, text=f"{prefix}{value.text}{suffix}") for value in replacements]
    return _evaluated(job, scalar, envs) or [_Value(text=scalar.text, scalar=scalar)]


def _evaluated(job: _Job, scalar: Scalar, envs: tuple[Mapping, ...]) -> list[_Value] | None:
    """The texts a scalar with expressions takes over the job's runs, each expression
    evaluated (`${{ matrix.py == '3.15' && '3.15-dev' || matrix.py }}`, `format(...)`); None
    when one cannot be known in some run."""
    if not job.runs:
        return None
    values: dict[object, _Value] = {}
    for run in job.runs:
        text = interpolate(scalar.text, resolver(run.combination, envs))
        if text is UNKNOWN_VALUE or not isinstance(text, str):
            return None
        _add_run_value(values, text, _Value(text=text, scalar=scalar, via="expression"), run)
    return list(values.values())


def _resolve_expression(
    job: _Job, expression: str, envs: tuple[Mapping, ...], scalar: Scalar
) -> list[_Value] | None:
    if literal := FROM_JSON.match(expression):
        return _json_list(literal["json"], scalar)
    operands = _or_operands(expression)
    if operands is None:
        return None
    [first, *_] = operands
    if len(operands) == 1 and isinstance(first, _Reference) and first.context == "env":
        for env in envs:
            value = env.scalar(first.path[0])
            if value is not None:
                return _env_values(job, value, f"env {first.path[0]}")
        return None
    if all(isinstance(o, str) or o.context == "matrix" for o in operands):
        return _matrix_values(job, operands, scalar)
    return None


@dataclass(frozen=True, slots=True)
class _Reference:
    """`matrix.python.version` as its context and path (`["python", "version"]`)."""

    context: str
    path: list[str]


_OR_TOKEN = re.compile(r"'(?:[^']++|'')*'|\|\||[^'|]+|[|']")
_LITERAL = re.compile(r"'(?:[^']++|'')*+'")  # fullmatch: a pair given back leaves a quote


def _or_operands(expression: str) -> list[_Reference | str] | None:
    """`matrix.a || matrix.b || 'x'` -> its context references and string literals; None for
    any other expression."""
    pieces: list[list[str]] = [[]]  # joined once: `+=` on a list's string copies it each time
    for token in _OR_TOKEN.findall(expression):
        if token == "||":
            pieces.append([])
        else:
            pieces[-1].append(token)
    operands: list[_Reference | str] = []
    for part in ("".join(piece).strip() for piece in pieces):
        if _LITERAL.fullmatch(part):
            operands.append(part[1:-1].replace("''", "'"))
        elif reference := _CONTEXT_REF.match(part):
            keys = _PATH_KEY.findall(reference["path"])
            path = [dotted or quoted or index for dotted, quoted, index in keys]
            operands.append(_Reference(reference["ctx"], path))
        else:
            return None
    return operands


def _env_values(job: _Job, value: Scalar, via: str) -> list[_Value]:
    """An env value; one that is itself `${{ matrix.x }}` or `fromJSON` of a literal takes
    its values (the env context is not followed again: GitHub offers none inside `env`)."""
    if "${{" not in value.text:
        return [_Value(text=value.text, scalar=value, via=via)]
    return [
        replace(found, via=f"{via}, {found.via}" if found.via else via)
        for found in _expand(job, value, ())
    ]


def _json_list(text: str, scalar: Scalar) -> list[_Value] | None:
    items = json_literal(text)
    if items is None:
        return None
    return [_Value(text=item, scalar=scalar, via="fromJSON") for item in items]


def _matrix_values(
    job: _Job, operands: list[_Reference | str], scalar: Scalar
) -> list[_Value] | None:
    """The values `matrix.x` (or `matrix.x || matrix.y || 'z'`) takes over the job's
    combinations: the first operand that is set, as GitHub's `||` does. Where none is set (or
    the job has no matrix) the value is empty, as GitHub makes it."""
    strategy = job.node.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    paths = [o.path for o in operands if isinstance(o, _Reference)]
    if isinstance(matrix, Scalar):
        items = from_json(matrix.text) if len(operands) == 1 else None
        return [_Value(text=i, scalar=matrix, via="fromJSON") for i in items] if items else None
    if not job.runs:
        return None
    via = "matrix " + " || ".join(".".join(path) for path in paths)
    values: dict[object, _Value] = {}
    for run in job.runs:
        found = _first_set(run.combination, operands)
        if isinstance(found, Unknown):
            return None
        if isinstance(found, str):
            key: object = ("literal", found)
            value = _Value(text=found, scalar=scalar, via=via)
        elif isinstance(found, Scalar):
            key, value = id(found), _Value(text=found.text, scalar=found, via=via)
        elif found is None:
            key, value = "unset", _Value(text="", scalar=scalar, via=f"{via} (not set)")
        else:
            continue  # a mapping or a list: no version
        _add_run_value(values, key, value, run)
    return list(values.values()) or None


def _add_run_value(values: dict[object, _Value], key: object, value: _Value, run: Run) -> None:
    """One run's value: a value several runs take may fail only if each of them may, and
    serves the strongest of their purposes."""
    may_fail = run.may_fail
    purpose = (run.purpose, run.why)
    if key in values:
        earlier = values[key]
        may_fail = may_fail and earlier.may_fail
        purpose = strongest([earlier.purpose or purpose, purpose])
    values[key] = replace(value, may_fail=may_fail, purpose=purpose)


def _first_set(combination: Combination, operands: list[_Reference | str]) -> Node | str | None:
    """The first operand that is set in this combination (a string literal is set unless
    empty); None when none is."""
    for operand in operands:
        found = operand if isinstance(operand, str) else lookup(combination, operand.path)
        if isinstance(found, Unknown) or _is_set(found):
            return found
    return None


def _is_set(value: Node | str | None) -> bool:
    """Truthy, as GitHub's expressions read a matrix value: not null, false, 0 or ''."""
    if isinstance(value, str):
        return value != ""
    if isinstance(value, Scalar):
        return bool(value.text) and (value.quoted or value.text not in _FALSY)
    return value is not None


_FALSY = frozenset({"false", "False", "FALSE", "null", "Null", "NULL", "~", "0"})
