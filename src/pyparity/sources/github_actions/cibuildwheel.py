"""The wheels a workflow's cibuildwheel steps build (`CIBW_BUILD`, `CIBW_SKIP`,
`CIBW_PROJECT_REQUIRES_PYTHON` of the step, job or workflow env); the selectors themselves
are read by `pyparity.sources._cibuildwheel`, shared with `[tool.cibuildwheel]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import WHEEL_TESTS, WHEELS_FOR_THE_RANGE, Declaration, Minor, Purpose, Span
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, value_span
from pyparity.records import replace
from pyparity.sources._cibuildwheel import is_open, skipped, tokens, wheel_declarations
from pyparity.sources._cibuildwheel import selected as selected_minors
from pyparity.sources._common import pin, unresolved
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.expression import interpolate
from pyparity.sources.github_actions.job import Job, directory_of, env_scalar
from pyparity.sources.github_actions.matrix import lookup
from pyparity.sources.github_actions.runs import resolver, step_envs, step_runs
from pyparity.sources.github_actions.step import span_in_run
from pyparity.sources.github_actions.values import Value, expand
from pyparity.textfile import TextFile

_CIBUILDWHEEL = lazy_re.compile(r"\bcibuildwheel\b")
_TEST_COMMANDS = (
    "CIBW_TEST_COMMAND",
    "CIBW_TEST_COMMAND_LINUX",
    "CIBW_TEST_COMMAND_MACOS",
    "CIBW_TEST_COMMAND_WINDOWS",
)
_INSTALL = lazy_re.compile(r"\binstall\b")
_PLATFORM_OPTION = lazy_re.compile(r"--platform[= ]+['\"]?(?P<platform>[\w-]+)")
_ONLY_OPTION = lazy_re.compile(r"--only\b")


class _WheelBuild:
    """One step that runs cibuildwheel: its build selectors (None: every version its
    requires-python admits, or not known, or one wheel picked by `only`) and where they are
    written (a plain class: a dataclass costs the import about half a millisecond)."""

    __slots__ = (
        "anchor",
        "every_version",
        "job",
        "listed",
        "patterns",
        "platform",
        "requires_python",
        "skip",
        "tests",
        "unknown",
        "where",
        "why",
    )

    def __init__(
        self,
        *,
        job: Job,
        patterns: tuple[tuple[str, Span], ...] | None,
        unknown: Scalar | None,
        skip: str,
        requires_python: str,
        platform: str,
        listed: tuple[tuple[str, Span], ...],
        why: str,
        anchor: str,
        where: Span,
        tests: bool,
        every_version: bool,
    ) -> None:
        self.job = job
        self.where = where  # its `uses:` or `run:`, where an open build is declared
        self.tests = tests  # CIBW_TEST_COMMAND: each wheel is tested
        self.every_version = every_version  # no selector: each version the range admits
        self.anchor = anchor  # the project the wheels are of: the action's `package-dir`
        self.patterns = patterns
        self.unknown = unknown  # a selector set by an expression that cannot be known
        self.skip = skip
        self.requires_python = requires_python
        self.platform = platform
        self.listed = listed  # the selectors known, set or not
        self.why = why  # why its selectors are not the wheel set, when they are not


def wheels(jobs: list[Job], file: TextFile) -> Iterator[Declaration]:
    """The wheels the workflow's cibuildwheel steps build (`CIBW_BUILD` of the step, job or
    workflow env). A step with no build selector builds every version its requires-python
    admits (or `[tool.cibuildwheel] build` says): the workflow then declares no narrower
    wheel set; nor does it when a step picks one wheel (`only`, `--only`) or its selector is
    set by an expression that gives one Python over the job's runs (a matrix of
    `cp312-${{ matrix.platform }}` is as often a smoke build as the release set). A selector
    the matrix varies (`CIBW_BUILD: ${{ matrix.python }}` over `cp310-*`, `cp311-*`) is the
    union of its values; one that cannot be known (a matrix a job computes) is an unresolved
    declaration, and the workflow declares no wheel set. A Pyodide build (`CIBW_PLATFORM:
    pyodide`) is a platform's single Python, not the wheel set."""
    every = [_wheel_build(file, job, step) for job in jobs for step in _cibuildwheel_steps(job)]
    builds = [build for build in every if "pyodide" not in build.platform.lower()]
    for build in builds:
        if build.every_version:
            context = f"job {build.job.job_id}, cibuildwheel build"
            marker = unresolved(
                build.job.path,
                build.where,
                "cibuildwheel",
                source=KIND,
                context=f"{context}, {WHEEL_TESTS}" if build.tests else context,
                note=WHEELS_FOR_THE_RANGE,
            )
            yield replace(marker, purpose=Purpose.BUILD, anchor=build.anchor)
        if build.unknown is not None:
            link = unresolved(
                build.job.path,
                build.unknown.span,
                build.unknown.text,
                source=KIND,
                context=f"job {build.job.job_id}, cibuildwheel build",
                note="cibuildwheel build selector set by an expression that cannot be known"
                " statically",
            )
            yield replace(link, purpose=Purpose.BUILD, anchor=build.anchor)
    selected = [(build, build.patterns) for build in builds if build.patterns is not None]
    in_set: set[int] = set()
    if len(selected) == len(builds) and not any(is_open(t) for _, p in selected for t, _ in p):
        for build, patterns in selected:
            for declaration in wheel_declarations(
                build.job.path,
                patterns,
                skip=build.skip,
                requires_python=build.requires_python,
                platform=build.platform,
                source=KIND,
            ):
                in_set.add(id(build))
                yield replace(declaration, anchor=build.anchor, context=_tested(build, declaration))
    yield from _listed(
        [build for build in every if id(build) not in in_set and build.unknown is None]
    )
    yield from _listed([b for b in every if id(b) in in_set], free_threaded_only=True)


def _listed(
    builds: list[_WheelBuild], *, free_threaded_only: bool = False
) -> Iterator[Declaration]:
    """The Pythons of the builds that are not the wheel set, as build pins: listed, never
    compared as a set (one Python per job, a Pyodide build, `only`, a platform's share of
    wheels while other builds take every version requires-python admits); and free-threaded
    wheels (`cp314t`), which are not the regular wheel of their minor."""
    seen: set[tuple[str, Span]] = set()
    for build in builds:
        for token, span in build.listed:
            if is_open(token):
                continue
            threaded = _FREE_THREADED.match(token.split("-", 1)[0])
            if free_threaded_only and threaded is None:
                continue
            why = (
                "a free-threaded wheel"
                if threaded
                else build.why
                or (
                    "a Pyodide build"
                    if _PYODIDE.search(token)
                    else "other builds take every version"
                )
            )
            versions = (
                [f"3.{threaded['minor']}t"]
                if threaded
                else [str(m) for m in selected_minors(token) if m not in skipped(build.skip)]
            )
            for version in versions:
                if (version, span) in seen:
                    continue
                seen.add((version, span))
                declaration = pin(
                    build.job.path,
                    span,
                    version,
                    source=KIND,
                    context=f"job {build.job.job_id}, cibuildwheel build, build: {why}, "
                    "not the wheel set",
                    purpose=Purpose.BUILD,
                )
                yield replace(
                    declaration,
                    raw=token,
                    anchor=build.anchor,
                    context=_tested(build, declaration),
                )


def _tested(build: _WheelBuild, declaration: Declaration) -> str:
    return f"{declaration.context}, {WHEEL_TESTS}" if build.tests else declaration.context


def _cibuildwheel_steps(job: Job) -> Iterator[Mapping]:
    steps = job.node.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping) or not _runs_cibuildwheel(step):
            continue
        if job.runs is None or step_runs(step, job.runs, job.envs):
            yield step


def _wheel_build(file: TextFile, job: Job, step: Mapping) -> _WheelBuild:
    envs = step_envs(step, job.envs)
    run = step.scalar("run")
    inputs = step.mapping("with")
    only = inputs.scalar("only") if inputs else None
    build = env_scalar(envs, "CIBW_BUILD")
    patterns = None
    unknown = None
    picks_one = (only is not None and only.text.strip()) or (run and _ONLY_OPTION.search(run.text))
    sample = False
    if build is not None and "${{" not in build.text and not picks_one:
        patterns = tuple((token, value_span(build, token)) for token, _ in tokens(build.text, 0))
        sample = _platform_sample(token for token, _ in patterns)
        patterns = None if sample else patterns
    elif build is not None and not picks_one:
        patterns, unknown = _matrix_patterns(job, step, build, envs)
    skip = env_scalar(envs, "CIBW_SKIP")
    requires = env_scalar(envs, "CIBW_PROJECT_REQUIRES_PYTHON")
    selector = only if only is not None and only.text.strip() else build
    platform = _platform(job, step, envs)
    listed = _known_selectors(job, step, selector, envs) if selector is not None else ()
    if run is not None and not listed:
        listed = tuple(_inline_selectors(file, run))
    why = (
        "a selector one command sets for itself"
        if selector is None and listed
        else "a sample: each platform builds other Pythons"
        if sample
        else "a Pyodide build"
        if "pyodide" in platform.lower()
        else "`only` picks one wheel per job"
        if picks_one
        else "a test or mobile build, or one Python per job"
        if patterns is None and unknown is None
        else ""
    )
    tests = any(
        (value := env_scalar(envs, name)) is not None and value.text.strip()
        for name in _TEST_COMMANDS
    )
    return _WheelBuild(
        where=(step.scalar("uses") or run or step).span,
        tests=tests,
        # no selector, or only open ones (`*-manylinux_x86_64`, `cp3*-*`): every version
        every_version=not picks_one
        and (
            (selector is None and not listed)
            or (bool(patterns) and all(is_open(token) for token, _ in patterns or ()))
        ),
        job=job,
        patterns=patterns,
        unknown=unknown,
        skip=skip.text if skip and "${{" not in skip.text else "",
        requires_python=requires.text if requires and "${{" not in requires.text else "",
        platform=platform,
        listed=listed,
        why=why,
        anchor=_package_dir(inputs, job.anchor),
    )


def _platform_sample(selectors: Iterator[str]) -> bool:
    """Do the selectors give the platforms different Pythons (awkward-cpp's packaging test:
    `cp311-win_* cp310-macosx_universal2 cp310-manylinux_x86_64 cp312-manylinux_x86_64`)?
    A release builds each platform the same Pythons; such a list is a smoke sample, one
    wheel here and there, not the wheel set."""
    by_platform: dict[str, set[Minor]] = {}
    for selector in selectors:
        if is_open(selector):
            return False  # every version somewhere: not a sample
        python, _, platform = selector.partition("-")
        by_platform.setdefault(platform or "*", set()).update(selected_minors(python + "-*"))
    return len(by_platform) > 1 and len({frozenset(m) for m in by_platform.values()}) > 1


def _package_dir(inputs: Mapping | None, otherwise: str) -> str:
    """The action's `package-dir` (the project whose wheels it builds, awkward's `awkward-cpp`
    beside its pure-Python root), relative to the repository; else the job's folder."""
    written = inputs.scalar("package-dir") if inputs is not None else None
    folder = directory_of(written.text) if written is not None else "."
    return otherwise if folder == "." else folder


def _selector_span(token: str, value: Value, selector: Scalar, leading: dict[str, Span]) -> Span:
    """Where a selector's Python is written: the matrix entry it starts with, the selector
    itself when it writes the Python out (`cp313-macosx_${{ matrix.arch }}`), else where
    the value comes from."""
    if value.scalar is selector and token in leading:
        return leading[token]
    tag = token.split("-", 1)[0]
    written = selector.text.split("${{", 1)[0]
    if value.scalar is not selector and "-" in token and tag and written.startswith(tag + "-"):
        return value_span(selector, tag)
    return value_span(value.scalar, token)


def _inline_selectors(file: TextFile, run: Scalar) -> Iterator[tuple[str, Span]]:
    for found in _INLINE_BUILD.finditer(run.text):
        end = run.text.find("\n", found.end(), found.end() + 200)
        if not _CIBUILDWHEEL.search(run.text[found.end() : end if end >= 0 else found.end() + 200]):
            continue
        for token, offset in tokens(found["value"], found.start("value")):
            yield token, span_in_run(file, run, offset, offset + len(token))


def _known_selectors(
    job: Job, step: Mapping, selector: Scalar, envs: tuple[Mapping, ...]
) -> tuple[tuple[str, Span], ...]:
    """Each selector the scalar gives over the step's runs, where it is written; none when
    one cannot be known."""
    if "${{" not in selector.text:
        return tuple((token, value_span(selector, token)) for token, _ in tokens(selector.text, 0))
    runs = step_runs(step, job.runs, job.envs) if job.runs is not None else None
    if not runs:
        return ()
    step_job = replace(job, runs=tuple(runs))
    values = expand(step_job, selector, envs)
    if any("${{" in value.text for value in values):
        return ()
    leading = _leading_spans(step_job, selector, envs)
    found: dict[str, Span] = {}
    for value in values:
        for token, _ in tokens(value.text, 0):
            found.setdefault(token, _selector_span(token, value, selector, leading))
    return tuple(found.items())


def _matrix_patterns(
    job: Job, step: Mapping, build: Scalar, envs: tuple[Mapping, ...]
) -> tuple[tuple[tuple[str, Span], ...] | None, Scalar | None]:
    """A `CIBW_BUILD` set by an expression, over the runs of the step: the union of its
    patterns when they are known and select more than one Python (a matrix of wheels), with
    each pattern's span where it is written (a matrix entry); else no patterns, and the
    scalar when some value cannot be known."""
    runs = step_runs(step, job.runs, job.envs) if job.runs is not None else None
    if not runs:
        return None, build
    step_job = replace(job, runs=tuple(runs))
    values = expand(step_job, build, envs)
    if any("${{" in value.text for value in values):
        return None, build
    if not _builds_release_wheels(step_job, step, envs):
        return None, None
    leading = _leading_spans(step_job, build, envs)
    found: dict[str, Span] = {}
    for value in values:
        for token, _ in tokens(value.text, 0):
            found.setdefault(token, _selector_span(token, value, build, leading))
    pythons = {minor for token in found for minor in selected_minors(token)}
    if len(pythons) < 2 or any(not value.text.strip() for value in values):
        return None, None
    return tuple(found.items()), None


_LEADING_MATRIX = lazy_re.compile(
    r"^\s*+\$\{\{\s*+matrix\.(?P<path>[A-Za-z_][\w-]*+(?:\.[A-Za-z_][\w-]*+|\[\d++\])*+)\s*+\}\}"
)
_PATH_PART = lazy_re.compile(r"[A-Za-z_][\w-]*|\d+")
# `CIBW_BUILD="cp310-*" cibuildwheel ...`: a selector one command sets for itself.
_INLINE_BUILD = lazy_re.compile(
    r"""\bCIBW_BUILD=(?P<quote>["']?)(?P<value>[^"'\s=]+)(?P=quote)[ \t]"""
)


def _leading_spans(job: Job, build: Scalar, envs: tuple[Mapping, ...]) -> dict[str, Span]:
    """A selector that starts with a matrix value (`${{ matrix.spec }}-manylinux_${{
    matrix.arch }}`): each run's selector and where its leading value is written, the
    entry that names its Python."""
    found = _LEADING_MATRIX.match(build.text)
    if found is None or job.runs is None:
        return {}
    spans: dict[str, Span] = {}
    for run in job.runs:
        node = lookup(run.combination, _PATH_PART.findall(found["path"]))
        text = interpolate(build.text, resolver(run.combination, envs))
        if isinstance(node, Scalar) and isinstance(text, str) and text.startswith(node.text):
            spans.setdefault(text.strip(), node.span)
    return spans


_PYODIDE = lazy_re.compile(r"pyodide|wasm", re.IGNORECASE)
_FREE_THREADED = lazy_re.compile(r"^cp3(?P<minor>\d{1,2})t$")
_DESKTOP = frozenset({"", "auto", "linux", "macos", "windows"})
_TEST_WORD = lazy_re.compile(r"(?:^|[^a-z])test", re.IGNORECASE)


def _builds_release_wheels(job: Job, step: Mapping, envs: tuple[Mapping, ...]) -> bool:
    """Is a matrix of selectors the release wheels? Not in a job that says it tests (a
    mobile or a smoke test on a few Pythons), nor for a platform other than the desktop
    ones in some run (`CIBW_PLATFORM: ${{ matrix.platform }}` of android, ios, pyodide)."""
    name = job.node.scalar("name")
    if _TEST_WORD.search(job.job_id) or (name is not None and _TEST_WORD.search(name.text)):
        return False
    run = step.scalar("run")
    if run is not None and (found := _PLATFORM_OPTION.search(run.text)):
        return found["platform"].lower() in _DESKTOP
    setting = env_scalar(envs, "CIBW_PLATFORM")
    if setting is None:
        return True
    return all(value.text.strip().lower() in _DESKTOP for value in expand(job, setting, envs))


def _platform(job: Job, step: Mapping, envs: tuple[Mapping, ...]) -> str:
    """`CIBW_PLATFORM` (or `--platform`) when every run of the step builds for that one."""
    run = step.scalar("run")
    if run is not None and (found := _PLATFORM_OPTION.search(run.text)):
        return found["platform"]
    setting = env_scalar(envs, "CIBW_PLATFORM")
    if setting is None:
        return ""
    values = {value.text.strip() for value in expand(job, setting, envs)}
    return values.pop() if len(values) == 1 and "${{" not in next(iter(values)) else ""


def _runs_cibuildwheel(step: Mapping) -> bool:
    uses = step.scalar("uses")
    if uses is not None and uses.text.lower().startswith("pypa/cibuildwheel"):
        return True
    run = step.scalar("run")
    return run is not None and any(
        _CIBUILDWHEEL.search(line) and not _INSTALL.search(line) for line in run.text.splitlines()
    )
