"""Images of other projects' tools: a Dockerfile that copies nothing of the repository and
pip-installs only packages by name (great_expectations' `FROM python:2.7`, `pip install
linkchecker`, `ENTRYPOINT ["linkchecker"]`; the desktop khoj's agent drives, with pyautogui
in a uv venv). None of the project's code runs there, so its Python is no runtime pin and no
version the range must admit; `end-of-life` still sees it.

The reader (`sources/dockerfile.py`) says which packages such an image installs
(`installed_only`); whether one of them is the project itself (meltano's and SnapPy's images
that pip-install their own release) is told here, against the repository's folders and
modules (`settle`), which the reader does not see. A dev or workspace image (a dev
container's, Gitpod's, `Dockerfile.dev`) copies nothing because the repository is mounted:
it stays the project's.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Sequence

from pyparity import foreign, lazy_re
from pyparity.model import (
    COPIES_NO_CODE,
    INSTALLS_ONLY,
    RUNS_OTHERS_TOOLS,
    SCRIPTS_ONLY,
    Declaration,
    Purpose,
)
from pyparity.parsers.dockerfile import COPY_LINE, copied_sources
from pyparity.records import replace

_INSTALL = lazy_re.compile(
    # (a few of pip's own flags may come first: `pip --no-cache-dir install`)
    r"(?<![\w-])(?:pip3?(?:\.\d+)?(?:[ \t]++-[\w-]++){0,4}+|uv[ \t]++pip|pipx|uv[ \t]++tool)"
    r"[ \t]++install\b"
    r"(?P<rest>[^;&|)\n]*+)"
)
NOTHING_INSTALLED = "(nothing)"
"""What an image that copies only scripts says it installs when it pip-installs nothing."""
_NAME = lazy_re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*+")
_TAKES_VALUE = frozenset(
    {
        "-i",
        "--index-url",
        "--extra-index-url",
        "-c",
        "--constraint",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--trusted-host",
        "--python",
        "-p",
        "--cache-dir",
        "-f",
        "--find-links",
        "--platform",
        "--python-version",
    }
)
_LOCAL_OPTIONS = frozenset({"-r", "--requirement", "-e", "--editable"})
# A repository installed by its URL (`git+https://github.com/tenstorrent/tt-smi@v${V}`): the
# repository's name, as its package's; none with a variable in its path (maybe this one).
_VCS_URL = lazy_re.compile(
    r"git\+https://[\w.-]++/[\w.-]++/([A-Za-z0-9][\w-]*+)(?:\.git)?(?:[@#]\S*+)?"
)
# Upgraded in passing before the tool is installed (`pip install -U pip && pip install x`).
_BOOTSTRAP = frozenset({"pip", "setuptools", "wheel"})
# Tools that work on a project's files: an image installing one is an environment for the
# repository (mounted, or checked out by a CI job), not an image of someone else's tool.
_PROJECT_TOOLS = frozenset(
    {
        "poetry",
        "pipenv",
        "uv",
        "pdm",
        "hatch",
        "flit",
        "tox",
        "nox",
        "pytest",
        "virtualenv",
        "pre-commit",
        "build",
        "twine",
        "pipx",
        "sphinx",
        "mkdocs",
        "jupyter",
        "jupyterlab",
        "notebook",
        "ipython",
        "black",
        "ruff",
        "flake8",
        "pylint",
        "mypy",
        "coverage",
        "maturin",
        "cython",
    }
)
_DEV_WORDS = frozenset({"devcontainer", "gitpod", "dev", "develop", "development", "codespaces"})
_WORD = lazy_re.compile(r"[a-z0-9]+")
_MAX_NAMES = 20


def installed_only(
    path: str, text: str, runs: Iterable[str], *, scripts: tuple[str, ...] | None = None
) -> tuple[str, ...] | None:
    """The packages an image of other projects' tools installs by name, or None: the image
    copies something of the repository (but the scripts named alone its caller allows:
    `scripts`, what `scripts_copied` found, () for nothing), installs from a path or a
    requirements file, installs nothing by name (but `NOTHING_INSTALLED` where it installs
    nothing at all and copies scripts), or is a dev or workspace image."""
    if not _DEV_WORDS.isdisjoint(_WORD.findall(path.lower())):
        return None
    if scripts is None and scripts_copied(text) != ():
        return None
    names: dict[str, None] = {}  # (ordered, and a set: linear in the installs' length)
    installs = False
    for run in runs:
        for install in _INSTALL.finditer(run):
            installs = True
            found = _names(install["rest"].split())
            if found is None:
                return None
            names.update((n, None) for n in found if n not in _BOOTSTRAP)
            if len(names) > _MAX_NAMES:
                return None  # too many to tell whether the project is among them
    if not _PROJECT_TOOLS.isdisjoint(names):
        return None
    if scripts and not installs:  # (lakeFS's export image: a stdlib script and rclone)
        return (NOTHING_INSTALLED,)
    return tuple(names) or None


_SCRIPT_EXTENSIONS = (".py", ".sh")


def scripts_copied(text: str) -> tuple[str, ...] | None:
    """The scripts an image copies from its build context when each file it copies is named
    alone (`COPY migration.sh .`, no folder, wildcard or variable) and is a script or a file
    that holds no code beside a script (`rclone.conf.template` beside lakeFS's export
    script); () when it copies nothing of the context; None when it copies anything else."""
    scripts: dict[str, None] = {}
    other_files = False
    for source in _context_sources(text):
        name = source.removeprefix("./")
        if any(c in name for c in "/*?[$"):
            return None
        if not name.endswith(_SCRIPT_EXTENSIONS):
            stem, dot, extension = name.rpartition(".")
            if not (stem and dot) or extension.lower() in _CODE_EXTENSIONS:
                return None
            other_files = True
            continue
        scripts[name] = None
        if len(scripts) > _MAX_NAMES:
            return None
    return None if other_files and not scripts else tuple(scripts)


def _context_sources(text: str) -> Iterator[str]:
    """What the COPY and ADD lines copy from the build context (not from a stage, a heredoc
    or a URL)."""
    for copy in COPY_LINE.finditer(text):
        words = copy["arguments"].split()
        if not any(w.startswith(("--from", "<<")) for w in words) and not _urls_only(words):
            yield from copied_sources(words)


# Copied files that may be the project's code or say how to install it.
_CODE_EXTENSIONS = frozenset(
    {"py", "pyc", "pth", "pyz", "pyx", "whl", "toml", "cfg", "txt", "in", "lock", "ipynb"}
)


def copied_folders_only(text: str) -> tuple[str, ...] | None:
    """The folders an evaluation image copies from the build context when it copies no
    Python file, project file, requirements or wheel (OpenHands' task images copy a
    downloaded `benchmark/` or nothing, and clone the benchmark's own repository); None when
    it may copy code: one of those, the whole context, a wildcard or a variable, or a run
    that installs a wheel."""
    if ".whl" in text:
        return None
    folders: dict[str, None] = {}
    for source in _context_sources(text):
        folder = source.removeprefix("./").rstrip("/")
        if not folder or folder == "." or any(c in folder for c in "*?[$"):
            return None
        stem, dot, extension = folder.rpartition("/")[2].rpartition(".")
        if not dot:
            folders[folder] = None
        elif not stem or extension.lower() in _CODE_EXTENSIONS:
            return None  # a dotfile (`.env`) or a file that may hold code
        if len(folders) > _MAX_NAMES:
            return None
    return tuple(folders)


def _urls_only(words: Sequence[str]) -> bool:
    """`ADD https://... /dest`: a download, nothing of the build context."""
    sources = copied_sources(list(words))
    return bool(sources) and all("://" in source for source in sources)


def _names(words: list[str]) -> list[str] | None:
    """The package names of one install's arguments; None if it installs from the tree."""
    names: list[str] = []
    skip = False
    for word in words:
        word = word.strip("'\"")
        if skip:
            skip = False
            continue
        if word in _LOCAL_OPTIONS or word.startswith(("--requirement=", "--editable=")):
            return None
        if word.startswith("-"):
            skip = word in _TAKES_VALUE
            continue
        if (repository := _VCS_URL.fullmatch(word)) is not None:
            names.append(_spelled(repository[1]))  # (`settle` tells whether it is the project)
            continue
        if word.startswith((".", "/", "$", "~")) or "/" in word or word.endswith((".whl", ".txt")):
            return None  # a path, a URL, a variable: maybe the project itself
        name = _NAME.match(word)
        if name is not None:
            names.append(_spelled(name[0]))
    return names


def settle(declarations: list[Declaration], paths: Sequence[str]) -> list[Declaration]:
    """Images that install only other projects' packages run tools: tooling, whose Python
    the project does not run on. An image that installs the project's own package (a folder or
    module of the repository by that name) stays as read."""
    own = _own_names(paths)
    listed = frozenset(paths) if any(SCRIPTS_ONLY in d.context for d in declarations) else None
    code_folders: set[str] | None = None
    settled = []
    for declaration in declarations:
        _, marked, names = declaration.context.partition(f"{INSTALLS_ONLY}: ")
        _, task, folders = declaration.context.partition(f"{COPIES_NO_CODE}: ")
        if task:
            if code_folders is None:
                code_folders = _python_folders(paths)
            here = posixpath.dirname(declaration.file)
            copied = [f.strip() for f in folders.split(",") if f.strip()]
            candidates = {posixpath.normpath(posixpath.join(here, f)) for f in copied}
            if code_folders.isdisjoint(candidates | set(copied)):
                declaration = replace(
                    declaration, context=f"{declaration.context}, tooling: {RUNS_OTHERS_TOOLS}"
                )
        elif (marked and own.isdisjoint(n.strip() for n in names.split(","))) or (
            listed is not None and _helper_of_scripts_beside_it(declaration, own, listed)
        ):
            declaration = _runs_others_tools(declaration)
        settled.append(declaration)
    return settled


def _runs_others_tools(declaration: Declaration) -> Declaration:
    return replace(
        declaration,
        purpose=Purpose.TOOLING,
        test_image=False,
        context=f"{declaration.context}, tooling: {RUNS_OTHERS_TOOLS}",
    )


def _helper_of_scripts_beside_it(
    declaration: Declaration, own: set[str], listed: frozenset[str]
) -> bool:
    """An image that copies only scripts of its own folder (they sit beside the Dockerfile in
    the tree) and installs only other projects' packages: a helper with a Python of its own,
    not where the project runs (autogluon's model mirror on 3.8, beside a 3.10 project)."""
    _, marked, said = declaration.context.partition(f"{SCRIPTS_ONLY}: ")
    if not marked:
        return False
    names, _, rest = said.partition("; ")
    scripts = rest.partition(",")[0].split()  # (space-separated: what follows is context)
    here = posixpath.dirname(declaration.file)
    # A test tree's is `check._test_helper`'s to tell; an example folder's that CI builds
    # (hooli's Dagster Pipes script image) was taken back as a test image, and is a helper.
    return (
        bool(here)
        and bool(scripts)
        and foreign.reason(declaration.file) in (None, foreign.EXAMPLE)
        and own.isdisjoint(n.strip() for n in names.split(","))
        and all(posixpath.join(here, script) in listed for script in scripts)
    )


def _python_folders(paths: Sequence[str]) -> set[str]:
    """Every folder that holds a `.py` file, at any depth below it."""
    folders: set[str] = set()
    for path in paths:
        if not path.endswith(".py"):
            continue
        folder = posixpath.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def _own_names(paths: Sequence[str]) -> set[str]:
    """The repository's import packages (folders with `__init__.py`) and top-level modules
    (at the root or in `src/`), spelled as package names."""
    own: set[str] = set()
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name == "__init__.py" and folder:
            own.add(_spelled(folder.rpartition("/")[2]))
        elif name.endswith(".py") and folder in ("", "src"):
            own.add(_spelled(name[:-3]))
    return own


def _spelled(name: str) -> str:
    return name.lower().replace("_", "-")
