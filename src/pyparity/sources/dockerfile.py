"""`Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, and
`Dockerfile-*` / `Dockerfile_*` with no extension (`Dockerfile-base`; any folder).

Every `FROM` whose image carries a Python (`python`, `pypy`, the devcontainers, CircleCI,
uv, Lambda, Jupyter, UBI and distroless images) declares it. The final stage is a runtime
pin; an earlier stage is a build pin that ships when its Python output (a venv,
site-packages, `/usr/local`, `/root/.local`, wheels, a PyInstaller `dist/`, a directory a
`RUN` installs into with `pip --target`/`--prefix`, `pip wheel -w` or `python -m venv`)
reaches the final stage through `COPY --from=`. A stage the final stage is built `FROM` is a
runtime pin too. A docs image (a Dockerfile under `docs/` or `doc/`, or named
`Dockerfile.docs`, `Dockerfile-docs`, `docs.Dockerfile`, `Dockerfile.mkdocs`, ...) only runs
the docs toolchain: its pins are tooling. `ARG`s before the first `FROM` are substituted the
way BuildKit does (`${V:-default}`, build args from compose or devcontainer override them);
a tag that depends on an `ARG` with no value is unresolved. `FROM <earlier stage>` declares
nothing; heredoc bodies are skipped. A Dockerfile whose path names the minor its image runs
(`python3.11.dockerfile`, `3.12/Dockerfile`) is one of a set of images built per Python: an
entry of that set, not a pin.

A stage whose image carries no Python may set one up itself: an `ENV PYTHON_VERSION` that a
`RUN` builds from python.org's release or hands to `uv venv --python`, conda's
`python=${V}` or pyenv; `pyenv install|global|local` (several versions are a set),
`uv python install`, `conda create python=3.12`, `apt-get install python3.12`,
`apk add python-3.12`; the manylinux interpreters `ENV PATH=/opt/python/cp39-cp39/bin`
puts first (a build Python). What cannot be told (an `ARG`'s default, a distribution's
Python beside the stage's own, a variable naming an interpreter) is `unresolved`.

A Dockerfile with more than 256 stages, or whose ARG substitutions or Python
output paths pass their budgets, is a parse-error.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from pyparity import lazy_re
from pyparity.distro_pythons import distro_python
from pyparity.errors import UnreadableFile
from pyparity.images import ImagePython, may_carry_python, parse_image
from pyparity.model import (
    CI_IMAGE,
    COPIES_NO_CODE,
    INSTALLS_ONLY,
    RUNS_NO_PYTHON,
    SCRIPTS_ONLY,
    Declaration,
    Purpose,
    Role,
)
from pyparity.parsers.dockerfile import (
    COPY_LINE,
    EXPANSIONS_TOO_LONG,
    MAX_STAGES,
    BaseImage,
    Copy,
    Dockerfile,
    Stage,
    copied_sources,
    parse,
)
from pyparity.purpose import runs_tests
from pyparity.records import field, record, replace
from pyparity.sources import _dockerfile_installs as installs
from pyparity.sources._common import image_python_pin, unresolved
from pyparity.textfile import TextFile
from pyparity.tool_images import copied_folders_only, installed_only, scripts_copied

KIND = "dockerfile"
_LOW_CONFIDENCE = "version implied by the image's name or distribution release; low confidence"
PATTERNS = ("Dockerfile", "Containerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile")

# Patterns on paths and RUN text, each linear: _PYTHON_PATH and _PYTHON_DEST try each
# folder name once (`[^/]*` cannot leave it); _INSTALLS_HERE is literal words with single
# runs of spaces between them; _PIP_INSTALL and _INSTALL_OPTION are searched one after the
# other instead of joined by `.*`, which made a search quadratic in `pip install`s.
_PYTHON_PATH = lazy_re.compile(
    r"(?:^|/)(?:[^/]*venv[^/]*|site-packages|dist-packages|wheels?|wheelhouse|dist"
    r"|python\d[\d.]*)(?:/|$)|\.whl$|^/usr/local(?:/|$)|^/root/\.local(?:/|$)",
    re.IGNORECASE,
)
_PYTHON_DEST = lazy_re.compile(
    r"^/usr/local/?$|(?:^|/)(?:[^/]*venv[^/]*|site-packages|dist-packages|python\d[\d.]*)(?:/|$)",
    re.IGNORECASE,
)
# RUN commands that leave Python output in the working directory (a project venv, a
# --target/--prefix install, a PyInstaller build).
_INSTALLS_HERE = lazy_re.compile(
    r"\buv\s++(?:sync|venv)\b|-m\s++venv\b|\bvirtualenv\b|\bpoetry\s++install\b"
    r"|\bpdm\s++(?:install|sync)\b|\bpipenv\s++(?:install|sync)\b|\bpyinstaller\b",
    re.IGNORECASE,
)
_PIP_INSTALL = lazy_re.compile(r"\bpip3?\s++install\b", re.IGNORECASE)
_INSTALL_OPTION = lazy_re.compile(r"\s(?:--target|-t|--prefix|--root)\b", re.IGNORECASE)
# Where a pip, uv pip or venv command in a RUN puts its output (`--target /deps`,
# `--prefix=/install`, `pip wheel -w /wheels`, `python -m venv /opt/venv`) is read from
# the command's words, not by one pattern: `(?:\s+-{1,2}[\w-]+)*` split `--aa` two ways
# and took exponential time on a line of options.
_DESTINATION_OPTIONS = ("--target", "--prefix", "--root", "--wheel-dir", "-t", "-w")
_OPTION = lazy_re.compile(r"-[\w-]++(?:=\S++)?")  # one word: a dash, a name, maybe `=value`
_QUOTES = lazy_re.compile(r"['\"]")
_COMMAND_SEPARATOR = lazy_re.compile(r"&&|\|\||;|\|")
_PIP = lazy_re.compile(r"\bpip3?\b")
# A RUN that runs Python, a Python tool or a script or build that may (`make`, `./build.sh`
# are not read: only what names Python or its tools counts).
_RUNS_PYTHON = lazy_re.compile(
    r"python|\bpip|\buvx?\b|poetry|\bpdm\b|pipenv|hatch|\btox\b|\bnox\b|conda|mamba"
    r"|\bpytest|setup\.py|\.py\b|virtualenv|maturin|cython|\bsphinx|\bmkdocs|\bpex\b"
    r"|\bscons\b|\bmeson\b|\bninja\b|\bgyp\b|\bbazel|pyenv|\basdf\b|\bmise\b|\brye\b"
    r"|venv|site-packages|wsgi|asgi|gunicorn|uvicorn|hypercorn|daphne|celery|django|flask"
    r"|streamlit|jupyter|ipython",
    re.IGNORECASE,
)
_MAX_WORK = 1 << 18
"""Output paths one Dockerfile's analysis may carry from stage to stage and compare."""
_DOCS_FOLDERS = frozenset({"docs", "doc", "documentation"})
_DOCS_NAMES = frozenset({"docs", "doc", "mkdocs", "sphinx"})
_BENCHMARK_FOLDERS = frozenset({"bench", "benches", "benchmark", "benchmarks", "asv_bench"})
# `bench_py3.Dockerfile`, `Dockerfile.benchmark`, `benchmarks-pypy.Dockerfile`
_BENCHMARK_NAME = lazy_re.compile(r"^bench(mark(s|ing)?|es)?([-_.].*)?$")
# An evaluation suite's task images (an LLM agent's sandbox, a dataset's runner) run the
# evaluation, as a benchmark's do: `evals/harbor/tasks/triage/environment/Dockerfile`.
_EVALUATION_FOLDERS = frozenset({"eval", "evals", "evaluation", "evaluations"})
# An evaluation image that copies only folders, or clones a repository, and no Python of this
# one holds the suite's tasks (their data, their code): see `tool_images.copied_folders_only`.
_CLONE = lazy_re.compile(r"\bgit[ \t]++clone\b")


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".dockerignore"):
        return False
    return (
        name in ("dockerfile", "containerfile")
        or name.startswith("dockerfile.")
        or (name.startswith(("dockerfile-", "dockerfile_")) and "." not in name)
        or name.endswith(".dockerfile")
    )


def read(file: TextFile, build_args: Mapping[str, str] | None = None) -> list[Declaration]:
    """The file's declarations; with `build_args` (a compose or devcontainer build), those
    of the image that build makes, or none if the file is past a budget (its own reading
    says so as a parse-error). Each answer is kept: many builds of one file cost one."""
    arguments = tuple(sorted(build_args.items())) if build_args is not None else None
    found = _read(file.path, file.text, arguments)
    if isinstance(found, str):
        if arguments is None:
            raise UnreadableFile(found)
        return []
    return list(found)


@lru_cache(maxsize=1024)
def _read(
    path: str, text: str, build_args: tuple[tuple[str, str], ...] | None
) -> tuple[Declaration, ...] | str:
    """The declarations, or why the file is not read."""
    dockerfile = parse(text)
    if not dockerfile.complete:
        return f"more than {MAX_STAGES:,} stages; not read"
    images = dockerfile.base_images(dict(build_args) if build_args is not None else None)
    if any(EXPANSIONS_TOO_LONG in image.expansion.missing for image in images):
        return f"{EXPANSIONS_TOO_LONG}; not read"
    if not images:
        return ()
    file = _text_file(path, text)
    parents = tuple((image.stage.index, image.parent.index) for image in images if image.parent)
    roles = _roles(text, parents)
    if isinstance(roles, str):
        return roles
    kind = tooling_image(path)
    if kind:
        roles = _tooling_roles(path, images, kind, roles)
    found = [_declaration(file, image, roles[image.stage.index]) for image in images]
    declarations = [d for d in found if d is not None]
    if build_args is None:
        declarations += _installs(file, dockerfile, images, roles, found)
        declarations = _venvs_run_the_project(declarations, images, found)
    declarations = _as_variant(sorted(declarations, key=lambda d: d.span))
    anchor, tools, scripts = _what_the_image_holds(path, text)
    if anchor:
        declarations = [d if d.anchor else replace(d, anchor=anchor) for d in declarations]
    copied = copied_folders_only(text) if _evaluation_folder(path) else None
    if copied is not None and (copied or _CLONE.search(text)):
        said = f"{COPIES_NO_CODE}: {', '.join(copied)}"
        declarations = [replace(d, context=f"{d.context}, {said}") for d in declarations]
    if tools:
        said = (
            f"{SCRIPTS_ONLY}: {', '.join(tools)}; {' '.join(scripts)}"
            if scripts
            else f"{INSTALLS_ONLY}: {', '.join(tools)}"
        )
        declarations = [
            d if d.purpose is Purpose.TOOLING else replace(d, context=f"{d.context}, {said}")
            for d in declarations
        ]
    if _named_for_ci(path):
        declarations = [replace(d, context=f"{d.context}, {CI_IMAGE}") for d in declarations]
    return tuple(declarations)


@lru_cache(maxsize=1024)
def _what_the_image_holds(
    path: str, text: str
) -> tuple[str | None, tuple[str, ...] | None, tuple[str, ...]]:
    """The folder of the one sub-project the image copies (`_project_copied`), the packages
    it installs if it copies nothing of the repository or only scripts (`tool_images`), and
    those scripts: facts of the file, found once however many builds read it."""
    folder = _project_copied(text, posixpath.basename(path))
    anchor = posixpath.normpath(posixpath.join(posixpath.dirname(path), folder)) if folder else None
    runs = [run for stage in parse(text).stages for run in stage.runs]
    # Scripts copied alone make a helper only in a folder of its own (not at the root) and
    # only if nothing runs tests there (a test tree's image: `check._test_helper` tells);
    # the test commands are looked for only in an image that copies scripts alone.
    scripts = scripts_copied(text)
    if scripts and ("/" not in path or any(runs_tests(run) for run in (*runs, text))):
        scripts = None
    tools = installed_only(path, text, runs, scripts=scripts) if scripts is not None else None
    return anchor, tools, (scripts or ()) if tools else ()


_PROJECT_FILES = frozenset(
    {"pyproject.toml", "setup.py", "setup.cfg", "pipfile", "pipfile.lock", "uv.lock", "poetry.lock"}
)


def _project_copied(text: str, name: str) -> str | None:
    """The one sub-project folder whose project files the image copies from the build context
    (ragflow's root `Dockerfile_deepdoc_oss`: `COPY deepdoc/server/pyproject.toml ...`): the
    image is that project's, compared in its scope (the nearest one, if the folder is none).
    kserve's `lgb.Dockerfile` copies the shared `kserve` and `storage` packages, the
    workspace's root files and `lgbserver`: it is lgbserver's image.
    Of several (or beside the root's project files), the one the Dockerfile is named after,
    among those whose project files or whole folders it copies; None when none or two are.
    None too when it copies none."""
    folders: set[str] = set()
    whole: set[str] = set()  # folders copied whole (`COPY lgbserver lgbserver`)
    root = False
    for copy in COPY_LINE.finditer(text):
        words = copy["arguments"].split()
        if not words or words[0].startswith("[") or any(w.startswith("--from") for w in words):
            continue
        sources = copied_sources(words)
        for source in sources:
            folder, _, file_name = source.removeprefix("./").rpartition("/")
            if _PLAIN_FOLDER.fullmatch(source) and len(whole) < _MAX_COPIED_PROJECTS:
                whole.add(source.strip("/"))
            if file_name.lower() in _PROJECT_FILES:
                if folder in ("", "."):
                    root = True
                elif any(c in folder for c in "*?[$."):
                    return None
                else:
                    folders.add(folder)
        if len(folders) > _MAX_COPIED_PROJECTS:
            return None
    if len(folders) == 1 and not root:
        return folders.pop()
    if root or folders:
        return _named_after(name, folders | whole)
    return _worked_in(text)


_MAX_COPIED_PROJECTS = 16
_PLAIN_FOLDER = lazy_re.compile(r"[\w-]++(?:/[\w-]++)*+/?")
"""A source with no dot, wildcard or variable: a folder, most likely."""
_NOT_A_NAME = lazy_re.compile(r"[^a-z0-9]++")


def _named_after(name: str, folders: set[str]) -> str | None:
    """The one folder whose name and the Dockerfile's (less `Dockerfile`) begin alike:
    `lgb.Dockerfile` and `lgbserver`, `huggingface_server_cpu.Dockerfile` and
    `huggingfaceserver`, `Dockerfile.sklearn` and `sklearnserver`."""
    stem = _NOT_A_NAME.sub("", name.lower().replace("dockerfile", ""))
    if len(stem) < 3:
        return None
    named = [
        folder
        for folder in folders
        if len(own := _NOT_A_NAME.sub("", posixpath.basename(folder).lower())) >= 3
        and (own.startswith(stem) or stem.startswith(own))
    ]
    return named[0] if len(named) == 1 else None


_STEP = lazy_re.compile(
    r"^[ \t]*+(?P<keyword>FROM|COPY|ADD|WORKDIR|RUN)(?=[ \t])(?P<arguments>[^\n]*+)",
    re.IGNORECASE | re.MULTILINE,
)


def _worked_in(text: str) -> str | None:
    """The one folder below the copied build context in which every RUN after the copy
    works (OpenLineage's `integration/sql/Dockerfile.python`: `COPY . .`, `WORKDIR
    /workspace/iface-py`, `RUN uv build --wheel`): the image builds that sub-project. None
    when a RUN works at the copy's top or in two folders, or nothing copies the context."""
    copied: str | None = None
    workdir = "/"
    folders: set[str] = set()
    for step in _STEP.finditer(text):
        keyword, arguments = step["keyword"].upper(), step["arguments"].strip()
        if keyword == "FROM":
            copied, workdir = None, "/"
        elif keyword == "WORKDIR":
            workdir = posixpath.join(workdir, arguments.strip("\"'"))
        elif keyword in ("COPY", "ADD"):
            words = arguments.split()
            if any(word.startswith("--from") for word in words) or words[:1] == ["["]:
                continue
            sources = copied_sources(words)
            if sources in (["."], ["./"]):
                copied = posixpath.normpath(posixpath.join(workdir, words[-1]))
        elif copied is not None:
            below = posixpath.relpath(posixpath.normpath(workdir), copied)
            if below == "." or below.startswith(".."):
                return None
            folders.add(below)
    return folders.pop() if len(folders) == 1 else None


def _installs(
    file: TextFile,
    dockerfile: Dockerfile,
    images: tuple[BaseImage, ...],
    roles: Mapping[int, _Role],
    found: list[Declaration | None],
) -> list[Declaration]:
    """The Pythons the stages' RUN and ENV lines set up (`_dockerfile_installs`)."""
    has_python: dict[int, bool] = {}
    distros: dict[int, tuple[str, str]] = {}
    for image, declaration in zip(images, found, strict=True):
        inherited = image.parent is not None and has_python.get(image.parent.index, False)
        has_python[image.stage.index] = declaration is not None or inherited
        if image.parent is not None and image.parent.index in distros:
            distros[image.stage.index] = distros[image.parent.index]
        elif image.parent is None and image.resolved and not _chosen_when_built(image):
            release = distro_python(image.reference)
            if release is not None:
                distros[image.stage.index] = (image.reference, release)
    stage_roles = {
        index: installs.StageRole(
            purpose=role.purpose,
            context=role.context,
            ships=role.ships,
            has_python=has_python.get(index, False),
            distro=distros.get(index, ("", ""))[0],
            distro_python=distros.get(index, ("", ""))[1],
        )
        for index, role in roles.items()
    }
    return installs.declarations(file, dockerfile.stages, dockerfile.global_args, stage_roles)


def _chosen_when_built(image: BaseImage) -> bool:
    """A `FROM` whose release an ARG names (`FROM debian:${DEBIAN_VERSION}-slim`, `FROM
    ${BUILD_IMAGE}`): images built for several releases (cassandra-medusa's packages,
    OctoPrint's canary), each chosen by its build; the default names none of them."""
    return bool(image.expansion.args(0, len(image.reference)))


def _venvs_run_the_project(
    declarations: list[Declaration],
    images: tuple[BaseImage, ...],
    found: list[Declaration | None],
) -> list[Declaration]:
    """A stage that installs the project into a uv venv of another Python (`uv venv .venv
    --python=3.10` on `FROM python:3.14`): its image's Python only runs uv and tools."""
    demoted: dict[int, Declaration] = {}
    for image, declaration in zip(images, found, strict=True):
        if declaration is None or declaration.purpose is Purpose.TOOLING:
            continue
        version = installs.venv_python(image.stage)
        if version is not None:
            demoted[id(declaration)] = replace(
                declaration,
                purpose=Purpose.TOOLING,
                ships=False,
                context=f"{declaration.context}, tooling: runs uv and tools; the project "
                f"runs in a uv venv of Python {version}",
            )
    if not demoted:
        return declarations
    return [demoted.get(id(d), d) for d in declarations]


_NAMED_MINOR = lazy_re.compile(
    r"(?:python|py|cp)-?3\.?(\d{1,2})(?!\d)|(?<![\w.])3\.(\d{1,2})(?!\d)"
)


_NAMED_PYTHON_2 = lazy_re.compile(r"(?:python|pypi|py|cp)-?2(?![\d.])")


def _names_its_python(path: str, minors: set[str]) -> bool:
    """Does the path name the one minor the image runs, or (a Python 2 image: `pypi2/`,
    `py2/` beside their Python 3 twins) its major?"""
    if minors and all(minor.startswith("2.") for minor in minors):
        return _NAMED_PYTHON_2.search(path) is not None
    named = {f"3.{a or b}" for a, b in _NAMED_MINOR.findall(path)}
    return len(named) == 1 and named == minors


def _as_variant(declarations: list[Declaration]) -> list[Declaration]:
    """A Dockerfile whose path names the minor it runs (`python3.11.dockerfile`,
    `3.12/slim/Dockerfile`, `Dockerfile.py311`) is one of a set of images built per Python,
    as image repositories and multi-version releases keep them: an entry of that set, not
    a pin the others must agree with. A path that names another minor than the image stays
    a pin, and disagrees."""
    runtime = [d for d in declarations if d.purpose is Purpose.RUNTIME and d.role is Role.PIN]
    if not runtime or runtime[-1].requirement is None:
        return declarations
    minors = {str(m) for m in runtime[-1].requirement.minors}
    if not _names_its_python(runtime[-1].file.lower(), minors):
        return declarations
    group = f"{posixpath.dirname(runtime[-1].file) or '.'} image variants"
    return [
        replace(
            d,
            role=Role.MATRIX,
            group=group,
            context=f"{d.context}, one of the images built per Python",
        )
        if d in runtime
        else d
        for d in declarations
    ]


@record
class _Role:
    """A stage's purpose, the context that says why, and whether it ships the project."""

    purpose: Purpose
    context: str
    ships: bool = False


@lru_cache(maxsize=1024)
def _text_file(path: str, text: str) -> TextFile:
    """The file's lines are found once, not once per build of it."""
    return TextFile(path, text)


# As many as the parser keeps (1024): compose builds are followed after every Dockerfile of
# the tree has been read, and with room for 64 a tree of 200 had dropped them all by then.
@lru_cache(maxsize=1024)
def _roles(text: str, stage_parents: tuple[tuple[int, int], ...]) -> dict[int, _Role] | str:
    """What each stage is for, or why that cannot be told within the budget. Build args
    change only the images, seldom which stage is built FROM which: the answer is kept for
    each such shape, so many builds of one Dockerfile follow its output paths once."""
    dockerfile = parse(text)
    parents = dict(stage_parents)
    final = dockerfile.stages[-1]
    runtime = _chain(final.index, parents)
    try:
        shipped = _shipped(dockerfile, parents, runtime, _Work())
    except UnreadableFile as error:
        return error.message
    roles = {}
    bases = set(parents.values())
    for stage in dockerfile.stages:
        if stage.index == final.index and _serves_no_python(text, dockerfile.stages, stage):
            context = f"{_named('final stage', stage.name)}, tooling: {RUNS_NO_PYTHON}"
            role = _Role(purpose=Purpose.TOOLING, context=context)
        elif stage.index == final.index:
            role = _Role(purpose=Purpose.RUNTIME, context=_named("final stage", stage.name))
        elif stage.index in runtime:
            context = f"stage {stage.label}, base of the final stage"
            role = _Role(purpose=Purpose.RUNTIME, context=context)
        elif (
            stage.index not in shipped
            and stage.index not in bases
            and not stage.copies
            and _RUNS_PYTHON.search(_body(text, dockerfile.stages, stage.index)) is None
        ):
            # A stage whose output reaching other stages is not Python, that no stage is built
            # FROM or copies into, and whose instructions after FROM never name Python (no RUN,
            # CMD, ENV or COPY does: cognee's builder of a C helper, `COPY --from=builder
            # /usr/bin/su-exec`): its image's Python is never used.
            context = f"stage {stage.label}, tooling: {RUNS_NO_PYTHON}"
            role = _Role(purpose=Purpose.TOOLING, context=context)
        else:
            context = f"stage {stage.label}"
            role = _Role(purpose=Purpose.BUILD, context=context, ships=stage.index in shipped)
        roles[stage.index] = role
    return roles


def _serves_no_python(text: str, stages: Sequence[Stage], stage: Stage) -> bool:
    """A final stage that serves a program that is not Python on a Python image (codecov's
    proxy: `FROM python:3.12-slim`, a downloaded frp binary, `CMD ["/frp/entrypoint.sh"]`):
    it names a command of its own, and nothing after its FROM names Python, copies from
    another stage, or copies a folder or a `.py` file that could hold Python code. An image
    with no command of its own (a dev container's, a CI image's) is there for its Python."""
    if stage.copies:
        return False
    body = _body(text, stages, stage.index)
    if _COMMAND.search(body) is None or _RUNS_PYTHON.search(body) is not None:
        return False
    for copy in COPY_LINE.finditer(body):
        sources = copied_sources(copy["arguments"].split())
        if not sources or not all(map(_file_not_python, sources)):
            return False
    return True


def _file_not_python(source: str) -> bool:
    """A file with an extension (not a folder, a glob, a heredoc or a variable) that is not
    Python (`docker/entrypoint.sh`, `frpc.ini`)."""
    name = source.rpartition("/")[2]
    stem, dot, extension = name.rpartition(".")
    return (
        bool(stem and dot and extension.isalnum())
        and extension.lower() not in ("py", "pyc", "pth", "pyz", "whl")
        and not any(character in source for character in "*?[$<")
    )


_COMMAND = lazy_re.compile(r"^[ \t]*+(?:CMD|ENTRYPOINT)\b", re.IGNORECASE | re.MULTILINE)


def _body(text: str, stages: Sequence[Stage], index: int) -> str:
    """A stage's text after its FROM line, up to the next stage's FROM."""
    start = text.find("\n", stages[index].offset)
    end = stages[index + 1].offset if index + 1 < len(stages) else len(text)
    return text[start:end] if start >= 0 else ""


def is_docs_image(path: str) -> bool:
    """`docs/Dockerfile`, `Dockerfile.docs`, `mkdocs.Dockerfile`: an image for the docs."""
    return tooling_image(path) == "docs"


def tooling_image(path: str) -> str | None:
    """What a developers' image is for, by its path: `docs` (`docs/Dockerfile`,
    `Dockerfile.docs`, `mkdocs.Dockerfile`), `benchmark` (`bench_py3.Dockerfile`,
    `benchmarks/Dockerfile`) or `evaluation` (`evals/tasks/triage/Dockerfile`): its Python
    runs the docs, the benchmarks or an evaluation suite, not the project's users' code.
    None for any other image."""
    *folders, name = path.lower().split("/")
    stem = _stem(name)
    if _DOCS_FOLDERS.intersection(folders) or stem in _DOCS_NAMES:
        return "docs"
    if _BENCHMARK_FOLDERS.intersection(folders) or _BENCHMARK_NAME.match(stem):
        return "benchmark"
    if _EVALUATION_FOLDERS.intersection(folders):
        return "evaluation"
    return None


def _named_for_ci(path: str) -> bool:
    """`Dockerfile.ci`, `Dockerfile.ci-fenics`, `ci.Dockerfile`, `tests-ci.Dockerfile`: the
    image the CI runs the tests in (pymor's `docker/Dockerfile.ci-fenics`, which its GitLab
    pipeline, whose path only the project's settings name, builds and tests in)."""
    return "ci" in _WORD_SEPARATOR.split(_stem(path.lower().rpartition("/")[2]))


_WORD_SEPARATOR = lazy_re.compile(r"[-_.]")


def _stem(name: str) -> str:
    """`Dockerfile.docs` and `docs.Dockerfile`: `docs`."""
    stem = name.removesuffix(".dockerfile")
    for prefix in ("dockerfile.", "dockerfile-", "dockerfile_"):
        stem = stem.removeprefix(prefix)
    return stem


def _evaluation_folder(path: str) -> bool:
    return not _EVALUATION_FOLDERS.isdisjoint(path.lower().split("/")[:-1])


def _tooling_roles(
    path: str, images: tuple[BaseImage, ...], kind: str, roles: Mapping[int, _Role]
) -> dict[int, _Role]:
    """Every stage of a developers' image is tooling; one whose Python nothing uses keeps
    saying so (no range is held against it)."""
    final = images[-1].stage
    tooling = dict(roles)
    for image in images:
        stage = image.stage
        if RUNS_NO_PYTHON in roles[stage.index].context:
            continue
        where = _named("final stage", stage.name) if stage is final else f"stage {stage.label}"
        context = f"{where}, tooling: {kind} image ({path})"
        tooling[stage.index] = _Role(purpose=Purpose.TOOLING, context=context)
    return tooling


def _named(text: str, name: str | None) -> str:
    return f"{text} {name}" if name else text


def _chain(index: int, parents: Mapping[int, int], stop: set[int] | None = None) -> list[int]:
    """A stage and the stages it is built FROM, nearest first (up to one in `stop`)."""
    chain = [index]
    while chain[-1] in parents and (stop is None or chain[-1] not in stop):
        chain.append(parents[chain[-1]])
    return chain


@record(frozen=False, kw_only=False)
class _Work:
    """What the analysis of one Dockerfile's output paths has cost; past `_MAX_WORK` the
    file is a parse-error."""

    done: int = 0

    def spend(self, amount: int) -> None:
        self.done += amount
        if self.done > _MAX_WORK:
            raise UnreadableFile(
                f"more than {_MAX_WORK:,} steps to follow Python output between stages; not read"
            )


def _shipped(
    dockerfile: Dockerfile, parents: Mapping[int, int], runtime: list[int], work: _Work
) -> set[int]:
    """Stages whose Python output reaches the final image, directly or through others. The
    stages reached always include the ones theirs are built FROM, so a chain is walked only
    up to the first stage already reached."""
    received = _received(dockerfile, parents, work)
    reached, pending = set(runtime), list(runtime)
    while pending:
        stage = dockerfile.stages[pending.pop()]
        for copy in stage.copies:
            source = dockerfile.find_stage(copy.source, stage.index)
            if source is None or not _copies_python(copy, received[source.index], work):
                continue
            for index in _chain(source.index, parents, reached):
                if index not in reached:
                    reached.add(index)
                    pending.append(index)
    return reached - set(runtime)


@record(kw_only=False)
class _Held:
    """Folders that hold Python output in a stage: its own, and its base stage's."""

    own: tuple[str, ...]
    base: _Held | None = None
    size: int = field(default=0)

    def folders(self) -> list[str]:
        held: list[str] = []
        node: _Held | None = self
        while node is not None:
            held += node.own
            node = node.base
        return held


def _received(dockerfile: Dockerfile, parents: Mapping[int, int], work: _Work) -> list[_Held]:
    """Per stage, the directories that hold Python output made or copied there."""
    received: list[_Held] = []
    for stage in dockerfile.stages:
        base = received[parents[stage.index]] if stage.index in parents else None
        paths: list[str] = []
        if stage.workdir and any(_installs_here(run) for run in stage.runs):
            paths.append(stage.workdir)
        paths += [d for run in stage.runs for d in _install_destinations(run, stage.workdir)]
        for copy in stage.copies:
            source = dockerfile.find_stage(copy.source, stage.index)
            if source is not None and _copies_python(copy, received[source.index], work):
                paths.append(copy.dest)
        size = len(paths) + (base.size if base is not None else 0)
        received.append(_Held(own=tuple(paths), base=base, size=size))
    return received


def _installs_here(run: str) -> bool:
    """A RUN that leaves Python output in the working directory. (A RUN's text is one
    line: continuation lines are joined.)"""
    if _INSTALLS_HERE.search(run):
        return True
    pip = _PIP_INSTALL.search(run)
    return pip is not None and _INSTALL_OPTION.search(run, pip.end()) is not None


def _install_destinations(run: str, workdir: str | None) -> list[str]:
    """The directories a RUN's pip, uv pip or venv commands write Python output to."""
    found = []
    for command in _COMMAND_SEPARATOR.split(run):
        words = command.split()
        folders = _venv_folders(words)
        if _PIP.search(command):
            folders += _pip_folders(words)
        found += [posixpath.join(workdir or "/", folder) for folder in folders]
    return found


def _venv_folders(words: list[str]) -> list[str]:
    """`python -m venv [options] DIR`, `virtualenv [options] DIR`, `uv venv [options] DIR`:
    each DIR, as `(?:-m\\s+venv|\\bvirtualenv|\\buv\\s+venv)(?:\\s+OPTION)*\\s+DIR` finds them
    left to right. A command found inside another's options has the same first word after
    them, so the walk goes on from that word: each word is looked at a bounded number of
    times. `floor` is where the last folder found ends (a command may start after it in the
    same word, past a quote)."""
    found: list[str] = []
    index, floor = 0, (-1, 0)
    while index < len(words):
        if not _venv_command_ends(words, index, floor):
            index += 1
            continue
        after = index + 1
        while after < len(words) and _OPTION.fullmatch(words[after]):
            after += 1
        if after < len(words) and words[after][0] not in "'\"-":
            folder = _QUOTES.split(words[after], 1)[0]
            found.append(folder)
            floor = (after, len(folder))
        index = after
    return found


def _venv_command_ends(words: list[str], index: int, floor: tuple[int, int]) -> bool:
    """Does a venv command (`-m venv`, `virtualenv`, `uv venv`) end with words[index], and
    start at or after `floor` (word, character)?"""

    def starts_after(word: int, character: int) -> bool:
        return word > floor[0] or (word == floor[0] and character >= floor[1])

    word = words[index]
    if word.endswith("virtualenv") and _word_starts(word, len(word) - 10):
        return starts_after(index, len(word) - 10)
    if word != "venv" or index == 0:
        return False
    before = words[index - 1]
    if before.endswith("-m") or (before.endswith("uv") and _word_starts(before, len(before) - 2)):
        return starts_after(index - 1, len(before) - 2)
    return False


def _word_starts(text: str, at: int) -> bool:
    """`\\b` before text[at] (a word character): the start, or a non-word character before."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _pip_folders(words: list[str]) -> list[str]:
    """`--target DIR`, `--prefix=DIR`, `-w DIR`, ... of a pip command."""
    found: list[str] = []
    index = 0
    while index < len(words):
        word, index = words[index], index + 1
        if word in _DESTINATION_OPTIONS and index < len(words):
            folder = _QUOTES.split(words[index], 1)[0]
            if folder:
                found.append(folder)
                index += 1
        elif (option := word.partition("=")[0]) in _DESTINATION_OPTIONS and word != option:
            folder = _QUOTES.split(word[len(option) + 1 :], 1)[0]
            if folder:
                found.append(folder)
    return found


def _copies_python(copy: Copy, received: _Held, work: _Work) -> bool:
    if _PYTHON_DEST.search(copy.dest):
        return True
    work.spend(len(copy.paths) + received.size)
    held = sorted(path.rstrip("/") or "/" for path in received.folders())
    return any(
        not _SDIST.search(path) and (_PYTHON_PATH.search(path) or _holds_within(held, path))
        for path in copy.paths
    )


# A source distribution a build left in `dist/` (`python -m build`, `poetry build`): the
# final stage installs it on its own Python, whichever Python made it.
_SDIST = lazy_re.compile(r"(?:^|/)dist/[^/]*\.tar\.gz$")


def _holds_within(held: list[str], directory: str) -> bool:
    """Is one of the sorted `held` paths (no trailing `/`) `directory` or inside it?"""
    directory = directory.rstrip("/") or "/"
    found = bisect.bisect_left(held, directory)
    if found < len(held) and held[found] == directory:
        return True
    prefix = directory.rstrip("/") + "/"
    found = bisect.bisect_left(held, prefix)
    return found < len(held) and held[found].startswith(prefix)


def _declaration(file: TextFile, image: BaseImage, role: _Role) -> Declaration | None:
    if image.parent is not None:
        return None
    stage = image.stage
    if not image.resolved:
        return _unresolved(file, stage, image, role)
    python = parse_image(image.reference)
    if python is None:
        return None
    expansion = image.expansion
    located = expansion.locate(python.start, python.end)
    start, end = located if located else (stage.image.start, stage.image.end)
    context = role.context + "".join(
        f", ARG {name}" for name in expansion.args(python.start, python.end)
    )
    if expansion.overridden(python.start, python.end):
        context += " (build arg)"
    raw = image.reference
    return _pinned(file, python, raw, (start, end), role, context)


def _pinned(
    file: TextFile,
    python: ImagePython,
    raw: str,
    offsets: tuple[int, int],
    role: _Role,
    context: str,
) -> Declaration:
    # The image decides the requirement: `pypy:3.10` is PyPy, `python:slim` floats,
    # `ubi9/python-311` is 3.11.
    return image_python_pin(
        file.path,
        file.span(*offsets),
        raw,
        python,
        source=KIND,
        context=context,
        purpose=role.purpose,
        ships=role.ships,
        note=_LOW_CONFIDENCE if python.low_confidence else "",
    )


def _unresolved(file: TextFile, stage: Stage, image: BaseImage, role: _Role) -> Declaration | None:
    written = stage.image.text
    if not may_carry_python(written):
        return None
    reasons = [
        f"no value for ARG {item}" if item.isidentifier() else item
        for item in image.expansion.missing
    ]
    declaration = unresolved(
        file.path,
        file.span(stage.image.start, stage.image.end),
        written,
        source=KIND,
        context=role.context,
        note="; ".join(reasons),
    )
    return replace(declaration, purpose=role.purpose, ships=role.ships)
