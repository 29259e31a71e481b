"""A job as the reader sees it: its env (job, then workflow), purpose (from what its steps
run), working directory and matrix runs; and the context string its declarations carry.
"""

from __future__ import annotations

import posixpath

from pyparity.model import MAINTAINS, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence
from pyparity.purpose import (
    ALLOWED_TO_FAIL,
    classify_job,
    pytest_paths,
    runs_tests,
    tests_built_images,
    uses_python,
)
from pyparity.records import record, replace
from pyparity.sources.github_actions.runs import (
    ClassifyBudget,
    Run,
    job_runs,
    resolver,
    selected_environments,
    step_pairs,
    strongest,
)

MAX_RUN_STEPS = 1 << 20
"""Runs times steps of one job read run by run (a 4,096-run matrix of a few hundred bytes
and thousands of steps would be read for hours); past it, the job's runs are unknown."""


@record
class Job:
    """A workflow job as its steps see it: environment, purpose and matrix runs."""

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
    driver: str = ""
    """What builds the images the job's tests drive (`purpose.tests_built_images`): the
    Python its setup steps install runs those tests, not the project."""
    sets_environment: bool = False
    """Might a step set environment variables for the steps after it (`$GITHUB_ENV`, or a
    local action, which may write it)?"""
    elsewhere: str = ""
    """The repository the job checks out when it checks out only another one: every Python
    it sets up or installs runs that repository's code."""


def read_job(
    path: str,
    job_id: str,
    node: Mapping,
    workflow_env: Mapping | None,
    workflow_defaults: Mapping | None = None,
    filtered_folder: str = ".",
    budget: ClassifyBudget | None = None,
    bot: bool = False,
    *,
    release: bool = False,
) -> Job:
    """`workflow_defaults`: the workflow's `defaults:`, which a job's own replace;
    `filtered_folder`: the folder its triggers' `paths:` filters share (`paths_folder`);
    `budget`: what the workflow's jobs may still classify run by run; `bot`: the workflow
    runs on issue and discussion events only (`bot_events_only`); `release`: on releases
    only (`release_events_only`)."""
    steps = node.get("steps")
    commands, actions = step_texts(steps) if isinstance(steps, Sequence) else ([], [])
    name = node.scalar("name")
    pairs = step_pairs(steps.items) if isinstance(steps, Sequence) else []
    envs = tuple(env for env in (node.mapping("env"), workflow_env) if env is not None)
    selected = selected_environments(resolver(None, envs))
    purpose, why = classify_job(
        job_id,
        name.text if name else "",
        commands,
        _judged(actions, pairs),
        selected,
        every_step=True,
    )
    runs = job_runs(job_id, name.text if name else "", node, envs, (purpose, why), budget)
    if runs:  # the job's purpose is its runs' together
        purpose, why = strongest((run.purpose, run.why) for run in runs)
    if runs is not None and len(runs) * len(pairs) > MAX_RUN_STEPS:
        runs = None  # each step is seen in each run: past this, the runs are not known apart
    other = _other_repository(steps) if purpose is not Purpose.RUNTIME else None
    where = f"a checkout of {other} only"
    if other is None and (other := _python_only_in_another_checkout(steps)):
        where = f"its Python runs only in its checkout of {other}"
    if bot and purpose is not Purpose.RUNTIME and not other:
        # An issue triage or labelling bot: nothing there runs the project (a chat command
        # that runs the tests shows it and is kept).
        purpose, why = Purpose.TOOLING, f"{MAINTAINS} (a workflow of issue events only)"
        runs = [replace(run, purpose=purpose, why=why) for run in runs] if runs else runs
    if release and purpose is Purpose.UNKNOWN and not other:
        # ignite's conda job: setup-miniconda's base Python runs a script that builds and
        # uploads the release; tests and builds a release runs keep their purpose.
        purpose, why = Purpose.TOOLING, f"{MAINTAINS} (a workflow of release events only)"
        runs = [replace(run, purpose=purpose, why=why) for run in runs] if runs else runs
    if purpose is Purpose.RUNTIME and _tests_only_the_docs(node, workflow_defaults):
        # AstrBot's wiki sync: `python -m unittest` in `docs/`, of the docs' own scripts.
        purpose, why = Purpose.TOOLING, f"{MAINTAINS} (tests of the docs' own scripts)"
        runs = [replace(run, purpose=purpose, why=why) for run in runs] if runs else runs
    if other:
        # Its Python runs another repository's code (pants run on public repositories, a
        # bot's own tool): not one this project runs on. (One that runs tests there is a
        # downstream test of this project, which it installs: kept.)
        purpose, why = Purpose.TOOLING, f"{MAINTAINS} ({where})"
        runs = [replace(run, purpose=purpose, why=why) for run in runs] if runs else runs
    return Job(
        path=path,
        job_id=job_id,
        node=node,
        envs=envs,
        purpose=purpose,
        why=why,
        anchor=_working_directory(node, purpose, workflow_defaults, filtered_folder),
        driver=tests_built_images(pairs),
        sets_environment=any(
            "GITHUB_ENV" in run or uses.strip().startswith("./") for run, uses in pairs
        ),
        runs=tuple(runs) if runs is not None else None,
        elsewhere=other or "",
    )


_DOCS_FOLDERS = frozenset({"docs", "doc", "documentation", "website"})


def _tests_only_the_docs(job: Mapping, workflow_defaults: Mapping | None) -> bool:
    """Every step that runs tests runs them in a docs folder (`working-directory: docs`, the
    step's or the defaults'): they test the scripts that build or publish the docs, whose
    Python the project's range does not bind."""
    default = _default_directory(job, workflow_defaults)
    steps = job.get("steps")
    tested = False
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping):
            continue
        command = step.scalar("run")
        if command is None or not runs_tests(command.text):
            continue
        directory = step.scalar("working-directory") or default
        top = directory_of(directory.text).partition("/")[0] if directory else "."
        if top not in _DOCS_FOLDERS:
            return False
        tested = True
    return tested


def _other_repository(steps: Node | None) -> str | None:
    """The repository a job checks out when it checks out only another one (every
    `actions/checkout` names a `repository:` written out), or only another line of this one
    (`_another_line`: autogen's docs job builds its `0.2` branch's site); None
    when it checks out this tree, none, or one an expression names (`${{ github.repository
    }}`, `${{ github.head_ref }}`, an input)."""
    other = None
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping):
            continue
        uses = step.scalar("uses")
        if uses is None or not uses.text.strip().startswith("actions/checkout@"):
            continue
        inputs = step.mapping("with")
        repository = inputs.scalar("repository") if inputs else None
        ref = inputs.scalar("ref") if inputs else None
        if repository is None and ref is not None and _another_line(ref.text.strip()):
            other = other or f"this repository's {ref.text.strip()}"
            continue
        if repository is None or "$" in repository.text or "/" not in repository.text:
            return None
        other = other or repository.text.strip()
    return other


def _python_only_in_another_checkout(steps: Node | None) -> str | None:
    """The repository checked out into a `path:` beside this one when every step that runs
    Python runs in that checkout's folder (eda-server's scheduled job installs and runs
    eda-qa's test suite there, against the stack `docker compose` starts from this
    repository's images): that Python is the other project's. None when a Python step runs
    elsewhere, or may install this tree (`_MAY_NAME_THIS_TREE`)."""
    items = steps.items if isinstance(steps, Sequence) else ()
    paths: dict[str, str] = {}
    for step in items:
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        inputs = step.mapping("with") if isinstance(step, Mapping) else None
        if uses is None or not uses.text.strip().startswith("actions/checkout@") or not inputs:
            continue
        repository, path = inputs.scalar("repository"), inputs.scalar("path")
        if repository is None or path is None:
            continue
        name = repository.text.strip()
        if "$" not in name and "/" in name and (folder := _folder(path.text)):
            paths[folder] = name
    if not paths:
        return None
    found = None
    for step in items:
        run = step.scalar("run") if isinstance(step, Mapping) else None
        if not isinstance(step, Mapping) or run is None or not uses_python(run.text):
            continue
        if any(marker in run.text for marker in _MAY_NAME_THIS_TREE):
            return None
        where = step.scalar("working-directory")
        folder = _folder(where.text) if where is not None else ""
        found = paths.get(folder)
        if found is None:
            return None
    return found


# What a step may install this tree through: its folder, a path up or from the root, or this
# repository by name (`pip install git+https://github.com/${{ github.repository }}`).
_MAY_NAME_THIS_TREE = (
    "GITHUB_WORKSPACE",
    "github.workspace",
    "GITHUB_REPOSITORY",
    "github.repository",
    "GITHUB_SHA",
    "github.sha",
    "git+",
    "..",
    " /",
)


def _folder(text: str) -> str:
    folder = text.strip().strip("/")
    while folder.startswith("./"):
        folder = folder[2:]
    return "" if folder in {"", "."} else folder


def _another_line(ref: str) -> bool:
    """A ref written out that names another line of the code: a release branch or tag
    (`0.2`, `v1.x`, `release-2.1`) or the published site (`gh-pages`). `main`, `dev`,
    `nightly` and the like are where this tree's code is developed (MONAI's default branch
    is `dev`): the same code."""
    if not ref or "$" in ref:
        return False
    return ref == "gh-pages" or any(character.isdigit() for character in ref)


def _judged(actions: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """The actions that may act on the job's Python: not a local action that runs only before
    the last step that sets up a Python (a bot's token, minted before its Python is set up)."""
    if not any(action.startswith("./") for action in actions):
        return actions
    from pyparity.sources.github_actions.step import setup_action

    setups = [index for index, (_, uses) in enumerate(pairs) if uses and setup_action(uses)]
    if not setups:
        return actions
    before = {uses for _, uses in pairs[: setups[-1]] if uses.strip().startswith("./")}
    after = {uses for _, uses in pairs[setups[-1] :]}
    return [action for action in actions if action not in before or action in after]


def step_texts(steps: Sequence) -> tuple[list[str], list[str]]:
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


def _working_directory(
    job: Mapping, purpose: Purpose, workflow_defaults: Mapping | None, filtered_folder: str
) -> str:
    """The job's `defaults.run.working-directory` (or the workflow's, where the job sets no
    `defaults:`), or the one every `run:` step shares, or else, for a job that runs tests,
    the one every `run:` step that runs Python shares (a Rust crate's Python binding is
    linted with `cargo` at the root and installed and tested in its own folder). A job of
    unknown purpose that runs a script in a package's folder (crewAI's tool-spec generator)
    says nothing of where that package is tested. Where all that says is the root, a test
    job belongs to the folder the workflow's `paths:` filters take (`paths_folder`): the
    workflow runs for that folder's changes (`pytest integrations/x/tests` from the root)."""
    found = _steps_directory(job, purpose, workflow_defaults)
    return filtered_folder if found == "." and purpose is Purpose.RUNTIME else found


def _default_directory(job: Mapping, workflow_defaults: Mapping | None) -> Scalar | None:
    """The job's `defaults.run.working-directory`, or the workflow's where the job sets no
    `defaults:`."""
    defaults = job.mapping("defaults") or workflow_defaults
    run = defaults.mapping("run") if defaults else None
    return run.scalar("working-directory") if run else None


def _steps_directory(job: Mapping, purpose: Purpose, workflow_defaults: Mapping | None) -> str:
    directory = _default_directory(job, workflow_defaults)
    if directory is not None:
        return directory_of(directory.text)
    steps = job.get("steps")
    shared: set[str] = set()
    python: set[str] = set()
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping):
            continue
        command = step.scalar("run")
        if command is not None:
            step_directory = step.scalar("working-directory")
            folder = directory_of(step_directory.text) if step_directory else "."
            shared.add(folder)
            if uses_python(command.text):
                python.add(folder)
    if len(shared) == 1:
        return shared.pop()
    if purpose is not Purpose.RUNTIME:
        return "."
    if len(python) == 1:
        return python.pop()
    return _tested_folder(steps, python - {"."}) if len(python) > 1 else "."


# Actions that run `pytest`, and their input that takes its arguments.
_PYTEST_ACTIONS = {"pavelzw/pytest-action": "custom-arguments"}


def _tested_folder(steps: Node | None, folders: set[str]) -> str:
    """The one of the folders Python runs in that holds every path the job's tests are given
    (lakeFS's wrapper job installs an extra package at the root and its requirements in
    `clients/python-wrapper`, then runs `pytest ./clients/python-wrapper/tests`): "." when
    a test run names no path, or paths outside every one of them."""
    tested: list[str] = []
    for step in steps.items if isinstance(steps, Sequence) else ():
        if not isinstance(step, Mapping):
            continue
        run, where = step.scalar("run"), step.scalar("working-directory")
        folder = directory_of(where.text) if where is not None else "."
        command = run.text if run is not None else _pytest_action_command(step)
        paths = pytest_paths(command) if command is not None else []
        if paths is None:
            return "."
        tested += [posixpath.normpath(posixpath.join(folder, path)) for path in paths]
    holding = [f for f in folders if tested and all(_within(path, f) for path in tested)]
    return holding[0] if len(holding) == 1 else "."


def _pytest_action_command(step: Mapping) -> str | None:
    uses, inputs = step.scalar("uses"), step.mapping("with")
    name = uses.text.strip().partition("@")[0] if uses is not None else ""
    arguments = inputs.scalar(_PYTEST_ACTIONS[name]) if inputs and name in _PYTEST_ACTIONS else None
    return f"pytest {arguments.text}" if arguments is not None else None


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


_CI_HOMES = (".github/", ".forgejo/", ".gitea/")

# Events of a repository's issues, discussions and settings, on which no change of code runs.
_BOT_EVENTS = frozenset(
    {
        "issues",
        "issue_comment",
        "discussion",
        "discussion_comment",
        "label",
        "milestone",
        "project",
        "project_card",
        "project_column",
        "watch",
        "fork",
        "gollum",
        "public",
        "member",
    }
)
_BY_HAND = frozenset({"workflow_dispatch", "schedule"})


def bot_events_only(triggers: Node | None) -> bool:
    """Does the workflow run only on issue and discussion events (and by hand or on a
    schedule)? `on: issues`, `on: [issues, issue_comment]`, `on: {issues: ..., schedule: ...}`."""
    if isinstance(triggers, Scalar):
        events = {triggers.text.strip()}
    elif isinstance(triggers, Sequence):
        events = {item.text.strip() for item in triggers.items if isinstance(item, Scalar)}
    elif isinstance(triggers, Mapping):
        events = {key for key, _ in triggers.items()}
    else:
        return False
    return bool(events & _BOT_EVENTS) and events <= _BOT_EVENTS | _BY_HAND


def release_events_only(triggers: Node | None) -> bool:
    """Does the workflow run only when a release is made (and by hand)? `on: release`,
    `on: {release: {types: [published]}}`, `on: {push: {tags: ["v*"]}}` (tags, no branches)."""
    if isinstance(triggers, Scalar):
        return triggers.text.strip() == "release"
    if isinstance(triggers, Sequence):
        events = {item.text.strip() for item in triggers.items if isinstance(item, Scalar)}
        return "release" in events and events <= {"release"} | _BY_HAND
    if not isinstance(triggers, Mapping):
        return False
    released = False
    for event, value in triggers.items():
        if event == "release" or (event == "push" and _tags_only(value)):
            released = True
        elif event not in _BY_HAND:
            return False
    return released


def _tags_only(push: Node | None) -> bool:
    """`push:` filtered to tags alone (a branch filter, or none, runs on commits too)."""
    return (
        isinstance(push, Mapping)
        and (push.get("tags") is not None or push.get("tags-ignore") is not None)
        and push.get("branches") is None
        and push.get("branches-ignore") is None
    )


def paths_folder(triggers: Node | None) -> str:
    """The folder the workflow's triggers' `paths:` filters are about: every filter lies in
    it and one takes the whole of it (`on: push: paths: ["integrations/x/**",
    ".github/workflows/x.yml"]`, the workflow's own files aside). "." when they share none,
    or only name some of its files (an integration test run when two modules change)."""
    if not isinstance(triggers, Mapping):
        return "."
    folders: set[str] = set()
    whole: set[str] = set()
    for _, event in triggers.items():
        paths = event.get("paths") if isinstance(event, Mapping) else None
        for item in paths.items if isinstance(paths, Sequence) else ():
            if not isinstance(item, Scalar) or item.text.startswith(("!", *_CI_HOMES)):
                continue
            folder, takes_all = _pattern_folder(item.text)
            if folder == ".":
                return "."
            folders.add(folder)
            if takes_all:
                whole.add(folder)
    if not folders:
        return "."
    common = posixpath.commonpath(sorted(folders))
    return common if common in whole else "."


_WHOLE = ("", "/", "/**", "/**/*", "/*", "/**.py", "/**/*.py")


def _pattern_folder(pattern: str) -> tuple[str, bool]:
    """The folder a `paths:` pattern matches within (before its first wildcard; a path
    without one names a file, in its folder, or a folder), and whether it takes all of it."""
    text = pattern.strip().removeprefix("./")
    cut = min((i for i in (text.find(c) for c in "*?[") if i >= 0), default=-1)
    if cut >= 0:
        folder = text[:cut].rpartition("/")[0]
        takes_all = text[len(folder) :] in _WHOLE
    elif "." in text.rpartition("/")[2]:
        folder, takes_all = text.rpartition("/")[0], False
    else:
        folder, takes_all = text.rstrip("/"), True
    return (directory_of(folder) if folder else "."), takes_all


def directory_of(text: str) -> str:
    """A folder a workflow names (`working-directory`, an action's `package-dir`), relative
    to the repository; "." for the root, for an expression, and for a path out of the tree."""
    if "${{" in text:
        return "."
    folder = text.strip().strip("/").removeprefix("./")
    return "." if not folder or ".." in folder.split("/") else folder


def env_scalar(envs: tuple[Mapping, ...], name: str) -> Scalar | None:
    for env in envs:
        value = env.scalar(name)
        if value is not None:
            return value
    return None


def context_of(
    job: Job,
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


def step_where(job: Job, index: int) -> str:
    """`job test, step 3`; `step 3` in an action, which has no job."""
    return f"job {job.job_id}, step {index}" if job.job_id else f"step {index}"
