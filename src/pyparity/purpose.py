"""What a CI job's Python is for, concluded from what the job runs.

Runtime is a conclusion from evidence: the job runs the project's tests or type checks, or
runs the project itself. A job that only lints, formats, builds docs, builds or publishes
packages, or runs maintenance scripts may use whatever Python runs its tools; comparing it
with the runtime would cry wolf. A job that shows none of these is `unknown`, compared at
warning level at most. The conclusion is explained in the declaration's context so a user
can see it and override it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache

from pyparity import lazy_re
from pyparity.model import MAINTAINS, Purpose

# In a declaration's context: the CI job may fail without failing the run
# (`continue-on-error`), so its Python is a trial, not a promise the other files must keep.
ALLOWED_TO_FAIL = "allowed to fail (continue-on-error)"

_TEST_COMMANDS = lazy_re.compile(
    r"""\b(pytest|py\.test|tox|nox|unittest|coverage(?![\w.-])|mypy|pyright|basedpyright|hypothesis
        |manage(?:\.py)?\s+test|make\s+(test|tests|check|ci|coverage|unit)(?![\w-])|hatch\s+(test|run\s+test)
        |hatch\s++run\s++(?:[^\s:$]|\$\{\{[^}]*+\}\}|\$(?!\{\{))++:(?:test|cov)[\w-]*+
        |pdm\s+run\s+test|poetry\s+run\s+(pytest|test|trial)|uv\s+run\s+(pytest|test|tox|nox|mypy|trial)
        |behave|ward|python\s+-m\s+(pytest|unittest|mypy)|inv(?:oke)?\s++(?:test|cover)[\w-]*+
        |python[\d.]*+\s++-m\s++twisted\.trial|(?<![\w.$/-])trial\s++(?:-[\w-]++(?:=\S*+)?\s++)*+(?:[A-Za-z_]\w*+\.)*+tests?
        |python[\d.]*+\s++-m\s++(?:\w++\.)*+tests?(?![\w.-])
        |poe\s++(?:test|cov)[\w-]*+
        |just\s++(?:-\S++\s++|[^\s=-][^\s=]*+=(?:\$\{\{(?:[^}]|\}(?!\}))*+\}\}|\S*+)\s++)*+
         (?:test[\w-]*+|cov|coverage)
        |runtests?\.(?:py|sh)|setup\.py\s+test|(?:scripts?|steps)/(?:test|tests|cibuild)(?![\w.-])
        |(?<![\w.$-])run[-_](?:(?:unit|functional|integration|all)[-_])?tests?(?:\.sh|\.py)?(?![\w.=-])
        |pixi[ \t]++run(?:[ \t]++(?!test)\S++)*+[ \t]++test[\w-]*+
        |python[\d.]*+\s++(?:\./)?(?:[aiu]|unit|integration|acceptance)?tests?/(?:[^\s/]++/)*+[\w-]++\.py
        |python[\d.]*+\s++(?!(?:\./)?\.github/)(?:[^\s/]++/)*+test[\w-]*+\.py
        |make\s++(?:-\S++\s++|[^\s=-][^\s=]*+=\S*+\s++)*+(?:[\w-]*+\.)?tests?)\b""",
    re.VERBOSE,
)
# Runs the project itself: an application's runtime.
_RUN_COMMANDS = lazy_re.compile(
    r"\b(manage\.py\s+[a-z]\w*|gunicorn|uvicorn|flask\s+run|django-admin)\b", re.IGNORECASE
)
# Compiling or making translations runs gettext, not the project (a release job's step
# before `python -m build`).
_TRANSLATIONS = lazy_re.compile(
    r"\b(?:manage\.py|django-admin)[ \t]++(?:compilemessages|makemessages)\b", re.IGNORECASE
)
# Builds, uploads or releases packages, or keeps the repository (bots, generated files, a
# pull request it opens, as peter-evans/create-pull-request does): the Python runs a tool, not
# the project.
_PACKAGING_COMMANDS = lazy_re.compile(
    r"""\b(python3?\s+-m\s+build|uv\s+build|twine|conda(-|\s+)build|conda\s+mambabuild
        |rattler-build|anaconda\s+(-t\s+\S+\s+)?upload|make\s+[\w-]*(package|dist|wheel|release)
        |hatch\s+build|poetry\s+(build|publish)|flit\s+(build|publish)|pdm\s+(build|publish)
        |uv\s+publish|gh\s+release|towncrier|pipx\s+run\s+\S+\.py|uv\s+pip\s+compile
        |pipx\s+run\s+build|pyproject-build
        |pip-compile|scriv|gh\s++pr\s++create|git\s++push
        |python[\d.]*+\s++setup\.py\s++(?:-q\s++)?(?:sdist|bdist_wheel))\b""",
    re.VERBOSE,
)
# Actions that publish, release or keep the repository: none reads the job's matrix.
PACKAGING_ACTIONS = (
    "pypa/gh-action-pypi-publish",
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "actions/create-release",
    "peter-evans/create-pull-request",
    "stefanzweifel/git-auto-commit-action",
    "slackapi/slack-github-action",
    "shogo82148/actions-create-release",
)
_SHIPPING_BUILD_COMMANDS = lazy_re.compile(
    r"\b(pyinstaller|nuitka|briefcase|pex|shiv|cx_freeze|py2app|py2exe|zipapp)\b", re.IGNORECASE
)
_TOOLING_COMMANDS = lazy_re.compile(
    r"""\b(ruff|black|flake8|isort|pylint|pre-commit|prek|sphinx(-build)?|mkdocs|twine
        |python\s+-m\s+build|pipx\s+run\s+build|pyproject-build|pip-audit|codespell|bandit|yamllint|check-manifest|towncrier
        |build\s+--sdist|bump-my-version|semantic-release|commitizen|cz\s+bump|vale|pydocstyle
        |interrogate|zizmor|actionlint|quartodoc|quarto\s+(?:render|publish|preview)
        |make\s++(?:-\S++\s++|[^\s=$-][^\s=]*+=\S*+\s++|\$\{\{[^}\n]{0,80}+\}\}\s++)*+
         ((docs?(?!test)|html|linkcheck|lint)[\w-]*|[\w-]*?(flake8|pylint|ruff|black|isort|lint)[\w-]*)
        |uv\s+build|uv\s+publish|hatch\s+(build|publish)|poetry\s+(build|publish)
        |flit\s+publish|pdm\s+publish|gh\s+release|cibuildwheel
        |aws\s+[a-z0-9-]+|ansible(-playbook|-galaxy)?|terraform|tofu|pulumi|cdk\s+(deploy|synth|diff)
        |kubectl|helm|gcloud|az\s+[a-z]+|sam\s+deploy|flyctl|fly\s+deploy|heroku|firebase)\b""",
    re.VERBOSE,
)
_TOOLING_ACTIONS = (
    "pypa/gh-action-pypi-publish",
    "pypa/cibuildwheel",
    "pyo3/maturin-action",  # (a wheel build: the wheel set is the maturin reader's)
    "pre-commit/action",
    "astral-sh/ruff-action",
    "chartboost/ruff-action",
    "psf/black",
    "readthedocs/actions",
    "peaceiris/actions-gh-pages",
    "softprops/action-gh-release",
    "github/codeql-action",
)
_TOOLING_JOB_NAMES = lazy_re.compile(
    r"^(lint(ing|ers?)?|format(ting)?|style|docs?|documentation|pre-commit|publish"
    r"|(pre-?)?release([-_ ]checks?)?"
    r"|packag(e|ing)"
    r"|(build|deploy|check|publish|generate)[-_ ]docs?|docs?[-_ ](build|deploy|check|publish)"
    r"|changelog|spell(ing|check)?"
    r"|typos)$",
    re.IGNORECASE,
)


# `tox -e a,b`, `nox -s "a"`, nox tags (`-t lint`); not tox's `-m` labels (`python -m tox`).
_ENVIRONMENTS = lazy_re.compile(r"\s(?:-e|--env|-s|--sessions?|-t|--tags?)[ =][\"']?([\w.,:-]+)")
# nox's `-s` (`-e`) and `-t` take every word up to the next option (`nox -s lint typing test`).
_NOX_SESSIONS = lazy_re.compile(
    r"\s(?:-[set]|--sessions?|--tags?)[ =][\"']?([\w.,:-]++(?:[ \t]++(?!-)[\w.,:-]++)*+)"
)


# tox and nox environments that build, upload or release the package (`tox -e release`).
_RELEASE_ENVIRONMENT = lazy_re.compile(
    r"release|publish|upload|pypi|build|dist|sdist|wheels?|package|finalize", re.IGNORECASE
)


@cache
def _tool_environment_re() -> re.Pattern[str]:
    return re.compile(
        r"^(docs?|docset|docs?-?build|docs?-?linkcheck|linkcheck|api-?docs|lint(ing|ers?)?|style|fmt"
        r"|format(ting)?|pre-?commit|changelog|release|publish|build|dist|spell(ing|check)?"
        r"|codespell|codestyle|typos|codspeed|bench(marks?)?|readme|check-?readme|check-?manifest|manifest"
        r"|twine-?check|pkg|packag(e|ing)|pycodestyle|pydocstyle|flake8|pylint|ruff|black|isort|bandit)$",
        re.IGNORECASE,
    )


def is_tool_environment(name: str) -> bool:
    """A tox or nox environment that runs a tool, not the tests: `docs`, `lint`, or one with
    such a factor (`build_docs`, `py312-lint`)."""
    return _tool_environment_re().match(name) is not None or any(
        _tool_environment_re().match(factor) for factor in re.split(r"[-_]", name)
    )


def _only_tool_environments(run_text: str, selected: Mapping[str, str]) -> list[str]:
    """`tox run -e docs`, `nox -s lint`: tox and nox run tests only in some environments. The
    names of the tool environments when every tox/nox line names only such, else []. A line
    that names none runs what `selected` gives for its tool (`TOXENV`, `NOXSESSION`)."""
    names: list[str] = []
    for line in run_text.splitlines():
        match = _TEST_COMMANDS.search(line)
        if match is None or _SETUP_LINE.match(line):
            continue
        tool = match.group(0).split()[0]
        if tool not in {"tox", "nox"}:
            return []
        named = (_NOX_SESSIONS if tool == "nox" else _ENVIRONMENTS).findall(line)
        listed = [n for found in named for n in re.split(r"[,\s]", found) if n]
        listed = listed or [n.strip() for n in selected.get(tool, "").split(",") if n.strip()]
        if not listed or not all(is_tool_environment(n) for n in listed):
            return []
        names += listed
    return names


def select_environments(commands: str, selected: Mapping[str, str]) -> str:
    """`commands` with the environments `selected` (by `TOXENV` / `NOXSESSION`) written on
    each tox / nox line that names none, as the tools would pick them."""
    if not selected:
        return commands
    lines = []
    for line in commands.splitlines():
        match = _TEST_COMMANDS.search(line)
        tool = match.group(0).split()[0] if match else ""
        if tool in selected and not _ENVIRONMENTS.search(line) and not _SETUP_LINE.match(line):
            line = f"{line} {'-e' if tool == 'tox' else '-s'} {selected[tool]}"
        lines.append(line)
    return "\n".join(lines)


def runs_tests(command: str) -> bool:
    """Does the command run tests (or a type checker), as `classify_job` tells them?"""
    return _test_command(command) is not None


def _test_command(commands: str) -> re.Match[str] | None:
    """The first test run of the commands (a coverage tool's install line is none)."""
    return _TEST_COMMANDS.search(_COVERAGE_INSTALL_LINES.sub("", commands))


def is_tooling_job_name(name: str) -> bool:
    """Whether `classify_job` reads this job id as the name of a tooling job (`lint`,
    `docs`); any other id does not change what it answers for the same commands."""
    return _TOOLING_JOB_NAMES.match(name) is not None


def classify_job(
    job_id: str,
    name: str,
    commands: Iterable[str],
    actions: Iterable[str],
    selected: Mapping[str, str] | None = None,
    *,
    every_step: bool = False,
) -> tuple[Purpose, str]:
    """Return the purpose and a short reason, for the declaration's context. `selected`
    maps `tox` / `nox` to the environments the job's `TOXENV` / `NOXSESSION` selects.
    `every_step`: the commands and actions are all the job runs (a workflow job's, not a
    composite action's, whose callers run more, nor a pipeline's that calls commands it
    defines elsewhere); only then may a job that merely installs be told from the rest."""
    return _classify_job(
        job_id,
        name,
        "\n".join(commands),
        tuple(actions),
        tuple((selected or {}).items()),
        every_step,
    )


@lru_cache(maxsize=256)  # a monorepo's workflows run the same few jobs over and over
def _classify_job(
    job_id: str,
    name: str,
    every_command: str,
    actions: tuple[str, ...],
    selected: tuple[tuple[str, str], ...],
    every_step: bool,
) -> tuple[Purpose, str]:
    run_text = _without_container_runs(every_command)
    action_names = [action.split("@", 1)[0].lower() for action in actions]
    if environments := _only_tool_environments(run_text, dict(selected)):
        named = ", ".join(environments)
        if all(_RELEASE_ENVIRONMENT.fullmatch(name) for name in environments):
            return Purpose.TOOLING, f"{MAINTAINS} (tox/nox environments {named})"
        return Purpose.TOOLING, f"only runs tool environments ({named})"
    named_tooling = _TOOLING_JOB_NAMES.match(job_id) or _TOOLING_JOB_NAMES.match(name.strip())
    if named_tooling and "doc" in named_tooling[0].lower() and (tests := _docs_tests(run_text)):
        return Purpose.TOOLING, f"a docs job whose tests are the docs' own ({tests})"
    if (match := _test_command(run_text)) and not _installs_runner_for_tools(run_text):
        return Purpose.RUNTIME, f"runs {' '.join(match.group(0).split())}"
    if match := _SHIPPING_BUILD_COMMANDS.search(run_text):
        return Purpose.BUILD, f"builds with {match.group(0)}"
    if match := _RUN_COMMANDS.search(_TRANSLATIONS.sub("", run_text)):
        return Purpose.RUNTIME, f"runs {' '.join(match.group(0).split())}"
    tooling_actions = [a for a in action_names if a.startswith(_TOOLING_ACTIONS)]
    tooling_match = _TOOLING_COMMANDS.search(run_text)
    if (tooling_match or tooling_actions or named_tooling) and not _runs_other_commands(run_text):
        what = (
            _command_with_options(run_text, tooling_match)
            if tooling_match
            else (tooling_actions[0] if tooling_actions else f"job {job_id}")
        )
        if tooling_match and not tooling_actions and _only_packaging(run_text):
            return Purpose.TOOLING, f"{MAINTAINS} ({what})"  # (`python -m build` alone)
        return Purpose.TOOLING, f"only runs tools ({what})"
    if match := _PACKAGING_COMMANDS.search(run_text):
        return Purpose.TOOLING, f"{MAINTAINS} ({_command_with_options(run_text, match)})"
    if packaging := [a for a in action_names if a.startswith(PACKAGING_ACTIONS)]:
        return Purpose.TOOLING, f"{MAINTAINS} ({packaging[0]})"
    if named_tooling:  # a `lint` or `docs` job that runs a script of its own, and no tests
        return Purpose.TOOLING, f"a {named_tooling[0].lower()} job that runs no tests"
    if every_step and all(action.startswith(PLUMBING_ACTIONS) for action in action_names):
        if action_names and not every_command.strip():  # (an upload whose step is commented out)
            return Purpose.TOOLING, "runs no command on its Python"
        if _only_inline_python(run_text):
            return Purpose.TOOLING, "runs Python only for one-liners (python -c)"
        if _only_messages(run_text):
            return Purpose.TOOLING, "runs no command on its Python (only prints a message)"
        if install := _only_installs(run_text):
            return Purpose.TOOLING, f"only installs dependencies ({install})"
        if script := _only_repository_scripts(run_text):
            return Purpose.TOOLING, f"{MAINTAINS} ({script})"
    return Purpose.UNKNOWN, "no test, build or tool command recognised"


# Actions that only fetch, set up, cache or move files, or build images, and run none of
# the project's code: another (a local composite action, CodSpeed's, maturin's) may run
# anything on the job's Python, and so may read the matrix.
PLUMBING_ACTIONS = (
    "actions/checkout",
    "actions/setup-",
    "actions/cache",
    "actions/upload-artifact",
    "actions/download-artifact",
    "astral-sh/setup-uv",
    "conda-incubator/setup-miniconda",
    "mamba-org/setup-micromamba",
    "pdm-project/setup-pdm",
    "snok/install-poetry",
    "docker/",
    "depot/",
)


# A command that runs Python or a Python package manager; `-c` after an interpreter.
_PYTHON_TOOL = (
    r"(?<![\w.-])(?:python[\d.]*+|pip[\d.]*+|uvx?|poetry|pdm|hatch|pipenv|pipx|conda|mamba"
    r"|micromamba|nox|tox)"
)
_PYTHON_USE = lazy_re.compile(_PYTHON_TOOL + r"(?![\w.-])(?P<inline>[ \t]++-c\b)?")


# A script of the repository or a task runner, which may run anything on the job's Python.
_RUNS_A_SCRIPT = lazy_re.compile(
    r"(?:^|[\s;&|(])(?:\.\.?/\S|(?:ba)?sh[ \t]++[^\s-]|make\b|just\b|invoke\b|task\b)"
    r"|[\w-]\.(?:sh|py|bash|ps1)\b"
)


def tests_built_images(steps: Sequence[tuple[str, str]]) -> str:
    """What builds the images a job tests, given its steps' `run:` text and `uses:` action in
    order: an image build (`docker/bake-action`, `docker build`, `docker compose build`,
    `chartpress`) before the first test command, and no step that installs a project (`pip
    install .` or `-e`, `uv sync`, `poetry install`, tox, nox) whose code the tests could
    run on the job's Python; "" otherwise. Test requirements (`pip install -r
    requirements-test.txt`, `pip install docker pytest`) drive the images from outside.
    (A repository that publishes images tests them so: the Python the job sets up is no image's.)"""
    if any(_installs_project(run_text) for run_text, _ in steps):
        return ""
    builder = ""
    for run_text, action in steps:
        commands = _without_container_runs(run_text)
        start = 0
        if not builder:
            name = action.split("@", 1)[0].strip().lower()
            if name in _IMAGE_BUILD_ACTIONS:
                builder = name
                continue
            builder = _image_build(commands)
            if not builder:
                if _TEST_COMMANDS.search(commands):
                    return ""  # tests before any image is built
                continue
            start = commands.find(builder.split()[0])
        if _TEST_COMMANDS.search(commands, start):
            return builder
    return ""


_IMAGE_BUILD_ACTIONS = frozenset({"docker/build-push-action", "docker/bake-action"})
_IMAGE_BUILD = lazy_re.compile(
    r"(?:^|[\s;&|(])(?P<command>(?:docker|podman)(?:[ \t]++buildx)?[ \t]++(?:build|bake)\b"
    r"|(?:docker[ \t]++compose|docker-compose|podman-compose)[ \t]++(?:build|up)\b"
    r"|chartpress\b|buildah[ \t]++(?:bud|build)\b)"
)
_COMMAND_END = lazy_re.compile(r"[\n;&|]")


def _image_build(commands: str) -> str:
    """The first command that builds an image (`docker compose up` only with `--build`),
    as written up to its subcommand; "" for none."""
    for segment in _COMMAND_END.split(commands):
        found = _IMAGE_BUILD.search(segment)
        if found is not None and (
            not found["command"].endswith("up") or "--build" in segment.split()
        ):
            return " ".join(found["command"].split())
    return ""


_INSTALLS_PROJECT = lazy_re.compile(
    r"\buv[ \t]++sync\b|\b(?:poetry|pdm|pipenv)[ \t]++(?:install|sync)\b|\bhatch\b"
    r"|\b(?:tox|nox)\b|\bsetup\.py\b|\bflit[ \t]++install\b"
)


def _installs_project(run_text: str) -> bool:
    """Does a command install a project from the tree (`pip install .`, `-e`, a path; `uv
    sync`, `poetry install`, tox and nox, which install it) rather than named packages or
    requirements files?"""
    if _INSTALLS_PROJECT.search(run_text):
        return True
    for line in run_text.splitlines():
        if "install" in line and _pip_installs_a_path(line.split()):
            return True
    return False


def _pip_installs_a_path(words: Sequence[str]) -> bool:
    """`pip install -e .`, `uv pip install ./pkg`, `pip3 install .[test]`: not `pip install
    -r ./requirements.txt pytest` (an option's value is no package)."""
    installing = skip_value = False
    for index, written in enumerate(words):
        word = written.strip("'\"")  # (`'.[test]'` is `.[test]` to the shell)
        if word in {"&&", "||", ";", "|"}:
            installing = skip_value = False
        elif not installing:
            installing = (
                word == "install"
                and index > 0
                and bool(_PIP_WORD.fullmatch(words[index - 1].strip("'\"")))
            )
        elif skip_value:
            skip_value = False
        elif word in _OPTIONS_WITH_VALUES:
            skip_value = True
        elif (
            word in {"-e", "--editable"}
            or word.startswith(("-e.", "-e/", "--editable="))
            or word.split("[", 1)[0] in {".", ".."}
            or word.startswith(("./", "../", "/"))
        ):
            return True
    return False


_PIP_WORD = lazy_re.compile(r"pip[\d.]*")
_OPTIONS_WITH_VALUES = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "--target",
        "-t",
        "--prefix",
        "--python",
        "-p",
    }
)


def uses_python(run_text: str) -> bool:
    """Does a command run Python, a Python package manager or a test runner (not `cargo`,
    `npm` or `git` alone, nor a path through a folder named `python`)?"""
    return (
        _PYTHON_COMMAND.search(run_text) is not None or _TEST_COMMANDS.search(run_text) is not None
    )


_PYTHON_COMMAND = lazy_re.compile(_PYTHON_TOOL + r"(?![\w./-])")  # (not a folder: `python/`)


_DOCS_PATH = lazy_re.compile(r"(?:\./)?docs?/")
# pytest's options that take no word after them (`-We`, `-kslow`: a value joined to its option)
_PYTEST_FLAG = lazy_re.compile(
    r"-[vqxsl]++|-r\w*+|-[Wkmpcon]\S++|--[\w-]++=\S*+|--(?:verbose|quiet|exitfirst)"
)


def _docs_tests(run_text: str) -> str:
    """The test run of a job whose every test run is `pytest` of paths under `docs/` (the
    tests of the docs' own build scripts, in a docs job): "" when any runs anything else."""
    runs = _pytest_runs(run_text)
    if not runs or not all(_DOCS_PATH.match(path) for _, paths in runs for path in paths):
        return ""
    return runs[0][0]


def pytest_paths(run_text: str) -> list[str] | None:
    """The paths every test run of the commands gives `pytest` (`pytest
    ./clients/wrapper/tests -q`), as written (none where nothing runs tests); None when one
    runs other tests, or `pytest` with no path, or with an option that takes a value (`-k
    docs/` names no path)."""
    runs = _pytest_runs(run_text)
    return None if runs is None else [path for _, paths in runs for path in paths]


def _pytest_runs(run_text: str) -> list[tuple[str, list[str]]] | None:
    """Each test run of the commands (as written) with the paths it gives `pytest`; None
    when one is no `pytest` of paths with only options that take no value."""
    runs: list[tuple[str, list[str]]] = []
    for line in run_text.splitlines():
        match = _test_command(line)
        if match is None or _SETUP_LINE.match(line):
            continue
        words = line[match.end() :].split()
        paths = [word for word in words if not word.startswith("-")]
        if match.group(0).split()[-1] != "pytest" or not paths:
            return None
        if not all(_PYTEST_FLAG.fullmatch(word) for word in words if word.startswith("-")):
            return None
        runs.append((" ".join(line[match.start() :].split()), paths))
    return runs


def _only_inline_python(run_text: str) -> bool:
    """The job's Python runs only `python -c "..."` one-liners (reading a version from
    pyproject.toml for a release) and no script that might run more: a tool, not the
    project."""
    uses = list(_PYTHON_USE.finditer(run_text))
    if not uses or not all(use["inline"] and use[0].startswith("python") for use in uses):
        return False
    return _RUNS_A_SCRIPT.search(run_text) is None


_MESSAGE = lazy_re.compile(r"^\s*+(?:$|#|echo\b|printf\b|true\s*+$|:\s*+$|exit\s++0\s*+$)")


def _only_messages(run_text: str) -> bool:
    """Every command of the job prints a message or ends it (a gate job that only says
    `echo "All Python tests done"`): nothing runs on its Python."""
    if not run_text.strip() or "$(" in run_text or "`" in run_text:
        return False
    return all(
        _MESSAGE.match(command)
        for line in run_text.splitlines()
        for command in _SEPARATOR.split(line)
    )


_INSTALL = lazy_re.compile(
    r"\b(?:pip3?\s+install|poetry\s+(?:install|lock|check)|uv\s+(?:sync|lock|pip\s+install)"
    r"|pdm\s+(?:install|sync|lock)|pipenv\s+(?:install|sync|lock))\b"
)


def _only_installs(run_text: str) -> str:
    """The (last) install command when every command of the job only sets up (installs the
    project or its dependencies, checks a lock file; `curl ... | python3 -`, an installer):
    nothing runs on the Python it installs into."""
    installs = _INSTALL.findall(run_text)
    if not installs:
        return ""
    for line in run_text.splitlines():
        if "$(" in line or "`" in line:  # (`echo "x=$(uv run tool)"` is no mere echo)
            return ""
        fetched = False
        for command in _SEPARATOR.split(line):
            if not (_SETUP_LINE.match(command) or (fetched and _INSTALLER.match(command))):
                return ""
            if _RUNS_IN_ENV.search(command):
                return ""
            fetched = _FETCH.match(command) is not None
    return " ".join(installs[-1].split())  # the project's, after the tools'


def _only_packaging(run_text: str) -> bool:
    """Every tool the job runs builds, uploads or releases the package (`python -m build`,
    `twine upload`): a packaging job, whose Python need not be a supported one."""
    return all(
        _PACKAGING_COMMANDS.match(run_text, tool.start()) is not None
        for tool in _TOOLING_COMMANDS.finditer(run_text)
    )


def _only_repository_scripts(run_text: str) -> str:
    """The first script when the job's Python runs only scripts kept under `.github/` (an
    issue labeller, a version bump) with named packages installed for them, never the
    project (`pip install .`, `-e`, `-r requirements`, `uv sync`...): the repository's
    maintenance, not a Python the project runs on."""
    scripts = _GITHUB_SCRIPT.findall(run_text)
    if not scripts:
        return ""
    for line in run_text.splitlines():
        if _GITHUB_SCRIPT.search(line):
            continue
        if _PIP_INSTALL.match(line):
            if not _installs_only_named_packages(line):
                return ""
        elif _PYTHON_USE.search(line):
            return ""
    return " ".join(scripts[0].split())


_GITHUB_SCRIPT = lazy_re.compile(
    r"(?<![\w.-])python[\d.]*+[ \t]++"
    r"(?:\./|\$GITHUB_WORKSPACE/|\$\{GITHUB_WORKSPACE\}/"
    r"|\$\{\{[ \t]*+github\.workspace[ \t]*+\}\}/)?"
    r"\.github/[\w./-]++(?<=\.py)"
)
_PIP_INSTALL = lazy_re.compile(r"^\s*+(?:python[\d.]*+[ \t]++-m[ \t]++)?pip[\d.]*+[ \t]++install\b")


def _installs_only_named_packages(line: str) -> bool:
    """`pip install click packaging`: not `.`, a path, an editable or a requirements file."""
    words = line.split()
    start = next(i for i, word in enumerate(words) if word == "install") + 1
    for word in words[start:]:
        if word in {"&&", ";", "|", "||"}:
            return False  # (another command follows: judged as a whole elsewhere)
        if word.startswith(("-e", "--editable", "-r", "--requirement", ".", "/", "$", "-c")):
            return False
        if "/" in word or word.endswith((".txt", ".whl", ".tar.gz", ".zip")):
            return False
    return True


_SEPARATOR = lazy_re.compile(r"\|\|?|&&|;")
_FETCH = lazy_re.compile(r"^\s*(?:curl|wget)\b")
_INSTALLER = lazy_re.compile(r"^\s*(?:sudo\s+)?(?:python3?|sh|bash)(?:\s+-)?\s*$")
_RUNS_IN_ENV = lazy_re.compile(r"\b(?:hatch\s+env\s+run|pipenv\s+run|poetry\s+run|pdm\s+run)\b")


def _command_with_options(run_text: str, match: re.Match[str]) -> str:
    """The command matched; a build frontend's with the options that follow it on
    its line (`python -m build --sdist`), which say whether it makes a wheel."""
    command = " ".join(match[0].split())
    if _BUILD_FRONTENDS.match(command):
        rest = run_text[match.end() :].split("\n", 1)[0]
        options = _OPTIONS.match(rest)
        command = " ".join([command, *(options[0].split() if options else [])])
    return command


_BUILD_FRONTENDS = lazy_re.compile(r"^(python3?\s+-m\s+build|uv\s+build)$")
# Words up to a shell separator or a redirection (`python -m build --sdist . && twine ...`).
# Possessive: blanks and words cannot trade characters, so nothing is given back, and the
# engine keeps no backtracking point per word (a megabyte of words took 230 MB before).
_OPTIONS = lazy_re.compile(r"^(?:[ \t]++(?![&|;>])[^\s;&|>]++)*+")


# `docker run IMAGE pytest`: the command runs in the container, on the image's Python;
# `modal run -m ci.tests` runs the tests in an image on Modal's machines, the job's Python
# only driving it.
_CONTAINER_RUN = lazy_re.compile(
    r"""^\s*+(?:(sudo\s+)?(docker|podman)(\s+compose|-compose)?\s+(run|exec)
        |(?:uv\s++run\s++|python3?\s++-m\s++)?modal\s++(?:run|deploy))\b""",
    re.IGNORECASE | re.VERBOSE,
)


def runs_tests_elsewhere(run_text: str) -> bool:
    """Does a command run tests inside a container (`docker run IMAGE pytest`, also as a
    workflow's `- run: docker run ...` line)?"""
    return any(
        _CONTAINER_RUN.match(line.partition("run:")[2] or line) and runs_tests(line)
        for line in run_text.splitlines()
    )


def _without_container_runs(run_text: str) -> str:
    """The commands less those run inside a container, with their continuation lines (a
    trailing backslash, or a quoted script that spans lines)."""
    kept: list[str] = []
    quote = ""
    skipping = False
    for line in run_text.splitlines():
        if not skipping and _CONTAINER_RUN.match(line):
            skipping, quote = True, ""
        if not skipping:
            kept.append(line)
            continue
        quote = _open_quote(line, quote)
        skipping = bool(quote) or line.rstrip().endswith("\\")
    return "\n".join(kept)


def _open_quote(line: str, quote: str) -> str:
    """The shell quote still open at the end of `line`, given the one open at its start."""
    escaped = False
    for character in line:
        if escaped:
            escaped = False
        elif character == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
    return quote


# A line that only installs coverage's tools (`pip3 install 'coverage>=7.5'`, nothing chained
# after it) runs no tests: the job that merges the test jobs' coverage data is no test job.
# (An installed test runner, `pip install tox`, is still taken as run: the commands that run
# it may come from the matrix.)
_PIP_INSTALL_HEAD = (
    r"^[ \t]*+(?:python[\d.]*+[ \t]++-m[ \t]++)?(?:uv[ \t]++)?pip[\d.]*+[ \t]++install"
)
_COVERAGE_INSTALL_LINES = lazy_re.compile(
    _PIP_INSTALL_HEAD + r"(?:[ \t]++(?:-[\w-]++|[\"']?(?:coverage|codecov|coveralls)"
    r"(?:\[\w+\])?[<>=~!.\d,]*+[\"']?))++[ \t]*+$",
    re.MULTILINE,
)


# A line that only installs (`pip install pytest flake8 black`, nothing chained after it).
_INSTALL_LINES = lazy_re.compile(
    _PIP_INSTALL_HEAD + r"(?:[ \t]++[^\s;&|]++)++[ \t]*+$", re.MULTILINE
)


def _installs_runner_for_tools(run_text: str) -> bool:
    """XlsxWriter's lint job: `pip install pytest flake8 black ruff pylint`, then `make lint`.
    A test runner that is only installed, in a job whose other commands all run tools, is
    not run (an installed runner still counts where something else may run it: a command
    the matrix gives, a script of the project's)."""
    rest = _INSTALL_LINES.sub("", run_text)
    return (
        _test_command(rest) is None
        and _TOOLING_COMMANDS.search(rest) is not None
        and not _runs_other_commands(rest)
    )


_SETUP_LINE = lazy_re.compile(
    r"""^\s*($|\#|(python[\d.]*+\s+-m\s+)?pip[\d.]*+\s+install|uv\s+(sync|pip|venv|tool\s+install|python\s+(install|pin))
        |poetry\s+(install|lock|check)|pdm\s+(install|sync|lock)|pipenv\s+(install|sync|lock)
        |uv\s+lock|hatch\s+env|pipx\s+install|python[\d.]*+\s+-m\s+venv
        |echo\b|printf\b|exit\b|cd\b|export\b|set\s+-|source\b|\.\s|mkdir\b|ls\b|cat\b|git\b
        |curl\b|wget\b|(?:sudo\s+)?(?:apt-get|apt|apk|yum|dnf|brew|choco)\s
        |(?:sudo\s+)?(?:rm|df)\s[^;&|\n]*+$
        |(?:conda|mamba|micromamba)\s+(?:create|install|activate|config|env|update|init|info|list)\b
        |eval\s+"?\$\((?:conda|mamba|micromamba)\b|(?:\./)?\.github/\S+\.sh\b
        |(?:el)?if\s++\[\[?[^]]*+\]\]?\s*+;?\s*+(?:then)?\s*+$|(?:then|else|fi|done)\s*+$)""",
    re.VERBOSE,
)


def _runs_other_commands(run_text: str) -> bool:
    """Whether a command runs something that is neither a recognised tool nor setup (a
    command continued with `\\` is one: `pylint -E \\` then the files it checks)."""
    for line in _CONTINUED.sub(" ", run_text).splitlines():
        if _SETUP_LINE.match(line) or _TOOLING_COMMANDS.search(line):
            continue
        return True
    return False


_CONTINUED = lazy_re.compile(r"\\[ \t]*+\r?\n")
