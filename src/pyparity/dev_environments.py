"""Dev containers whose environment a manager makes with a Python of its own.

A dev container's lifecycle command (`onCreateCommand`, `updateContentCommand`,
`postCreateCommand`, `postStartCommand`, `postAttachCommand`) that makes the project's
environment with hatch (`hatch env create`, `hatch shell`, `hatch run`) where the repository's
default hatch environment names its `python`, or with uv (`uv sync`, `uv run`, `uv venv`)
where the repository's `.python-version` pins one, runs the project on that Python: hatch and
uv find or download it. The container's own Python (its `image`, a Dockerfile of the
`.devcontainer` folder it builds) then runs only the manager, none of the project's code:
tooling, which the range does not bind (safety's dev container: `FROM python:3.8-alpine`,
`hatch env create default`, and `[tool.hatch.envs.default] python = "3.9"`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Sequence

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import RUNS_OTHERS_TOOLS, Declaration, Purpose, Role
from pyparity.parsers.jsonc import Array, Object, String, Value, parse
from pyparity.records import replace
from pyparity.sources import devcontainer, dockerfile
from pyparity.textfile import TextFile

_LIFECYCLE = (
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)
_HATCH = lazy_re.compile(r"(?<![\w-])hatch[ \t]++(?:env[ \t]++create|shell|run)(?![\w-])")
_UV = lazy_re.compile(r"(?<![\w-])uv[ \t]++(?:sync|run|venv)(?![\w-])")
_HATCH_DEFAULT = "hatch env default python"
_PIN_FILE = ".python-version"
_MAX_COMMANDS = 64
"""Lifecycle commands read per dev container (an object of named commands may hold many)."""


def settle(
    declarations: Sequence[Declaration],
    paths: Sequence[str],
    read_text: Callable[[str], TextFile | None],
) -> list[Declaration]:
    """The declarations, with the Python of each dev container whose environment hatch or uv
    makes on a Python the repository names marked as the manager's (tooling)."""
    containers = [path for path in paths if ".devcontainer" in path and devcontainer.matches(path)]
    if not containers:
        return list(declarations)
    declarations = _shadowed_by_features(declarations)
    managed = _managers(declarations)
    if not managed:
        return list(declarations)
    marked: dict[str, str] = {}  # file -> why its Python is the manager's
    for path in containers:
        file = read_text(path)
        root = _parsed(file)
        if root is None:
            continue
        commands = "\n".join(_lifecycle_commands(root))
        for manager, pattern in (("hatch", _HATCH), ("uv", _UV)):
            if manager in managed and pattern.search(commands):
                why = f"its environment is {manager}'s on {managed[manager]}"
                for image_file in (path, *_built_dockerfile(path, root)):
                    marked.setdefault(image_file, why)
                break
    if not marked:
        return list(declarations)
    return [_marked(d, marked[d.file]) if d.file in marked else d for d in declarations]


def _shadowed_by_features(declarations: Sequence[Declaration]) -> list[Declaration]:
    """A dev container's Python feature installs its Python first on the PATH: the Python of
    a Dockerfile in the same `.devcontainer` folder (the image's, or a distribution's
    `python3` it apt-installs) runs none of the project (penn-courses' Ubuntu 22.04
    `python3-dev` under the feature's 3.11)."""
    features: dict[str, Declaration] = {}
    for declaration in declarations:
        if (
            declaration.source == devcontainer.KIND
            and declaration.context.startswith(_FEATURE)
            and declaration.role in (Role.PIN, Role.FLOATING)
        ):
            features.setdefault(posixpath.dirname(declaration.file), declaration)
    if not features:
        return list(declarations)
    result = []
    for declaration in declarations:
        feature = features.get(posixpath.dirname(declaration.file))
        if feature is not None and declaration.source == dockerfile.KIND:
            why = f"the dev container's Python feature ({feature.where}) comes first on its PATH"
            declaration = _marked(declaration, why)
        result.append(declaration)
    return result


_FEATURE = "feature "


def _managers(declarations: Sequence[Declaration]) -> dict[str, str]:
    """The managers whose Python the repository's root names: hatch's default environment's
    `python`, uv's `.python-version`; each with the place that names it."""
    found: dict[str, str] = {}
    for declaration in declarations:
        if declaration.role is not Role.PIN or "/" in declaration.file:
            continue
        if declaration.context == _HATCH_DEFAULT:
            found.setdefault("hatch", f"{declaration.raw} ({declaration.where})")
        elif declaration.file == _PIN_FILE:
            found.setdefault("uv", f"{declaration.raw} ({declaration.where})")
    return found


def _parsed(file: TextFile | None) -> Object | None:
    if file is None:
        return None
    try:
        root = parse(file.text)
    except UnreadableFile:
        return None  # the devcontainer reader reports it
    return root if isinstance(root, Object) else None


def _lifecycle_commands(root: Object) -> Iterator[str]:
    """Each command of the lifecycle keys: a string, an array of words, or an object of
    named commands (each a string or an array)."""
    count = 0
    for key in _LIFECYCLE:
        value = root.get(key)
        for command in _commands(value) if value is not None else ():
            count += 1
            if count > _MAX_COMMANDS:
                return
            yield command


def _commands(value: Value) -> Iterator[str]:
    if isinstance(value, String):
        yield value.value
    elif isinstance(value, Array):
        yield " ".join(item.value for item in value.items if isinstance(item, String))
    elif isinstance(value, Object):
        for _, named in value.items():
            if isinstance(named, String | Array):
                yield from _commands(named)


def _built_dockerfile(path: str, root: Object) -> list[str]:
    """The Dockerfile the container builds, when it lies in a `.devcontainer` folder (one
    elsewhere is an image of its own: the application's)."""
    named = devcontainer.built_dockerfile(path, root)
    if named is None or ".devcontainer" not in named[1].split("/")[:-1]:
        return []
    return [named[1]]


def _marked(declaration: Declaration, why: str) -> Declaration:
    if declaration.purpose is not Purpose.RUNTIME:
        return declaration
    return replace(
        declaration,
        purpose=Purpose.TOOLING,
        context=f"{declaration.context}, {why}, tooling: {RUNS_OTHERS_TOOLS}",
    )
