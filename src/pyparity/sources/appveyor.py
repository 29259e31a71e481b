"""AppVeyor: `appveyor.yml` / `.appveyor.yml` (the root, or `.ci/`, `ci/`).

The `environment: matrix:` entries' Python: a `PYTHON` (or `PYTHON_HOME`, `PYTHON_DIR`)
path to one of AppVeyor's installed Pythons (`C:\\Python310-x64`, `C:/Python27`,
`C:\\Python37\\python.exe`), or a `PYTHON_VERSION` (`3.10`, `310`, `34`). Each is a test
matrix entry; its purpose comes from the `install`, `build_script`, `test_script` and
`before_test` commands, with the entry's own `TOXENV` (a lint entry runs tools). A value
that names no Python (`%PYTHON%`, `C:\\Miniconda3`) is skipped.

A command that runs one of those Pythons by name (`C:\\Python36\\python -m pip install tox`,
`py -3.10 -m tox run`) declares the Python that runs a tool: tooling when it runs tox, pip
or a script, of unknown purpose otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources._yaml_values import text_span
from pyparity.textfile import TextFile

KIND = "appveyor"

_NAMES = frozenset({"appveyor.yml", ".appveyor.yml"})
_FOLDERS = frozenset({"", ".ci", "ci"})
_PATH_KEYS = ("PYTHON", "PYTHON_HOME", "PYTHON_DIR", "PYTHON_PATH")
_VERSION_KEYS = ("PYTHON_VERSION", "PY_VERSION", "PYTHONVERSION", "PY_PYTHON")
"""`PY_PYTHON` is the `py` launcher's default: `py -m pip` runs that version."""
_COMMAND_KEYS = ("install", "before_build", "build_script", "before_test", "test_script")
# `Python310`, `Python27-x64` in an install path: the folder name, ended by `-`, `\`, `/`
# or the end. Literals and one digit run each: linear.
_FOLDER = lazy_re.compile(r"[Pp]ython(?P<major>[23])(?P<minor>\d{1,2})(?=[-\\/]|$)")
_DOTTED = lazy_re.compile(r"(?P<major>[23])\.(?P<minor>\d{1,2})(?:\.\d{1,3})?")
_DIGITS = lazy_re.compile(r"(?P<major>[23])(?P<minor>\d{1,2})")


def matches(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return name in _NAMES and folder in _FOLDERS


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("an AppVeyor config must be a mapping", line=root.span.line)
    commands = list(_commands(root))
    found = _command_pythons(file, root)
    environment = root.mapping("environment")
    entries = environment.get("matrix") if environment else None
    if not isinstance(entries, Sequence):
        return found
    for index, entry in enumerate(entries.items):
        if not isinstance(entry, Mapping):
            continue
        for scalar, start, end, version in _pythons(entry):
            found.append(_declaration(file, scalar, (start, end), version, entry, commands, index))
    return found


def _pythons(entry: Mapping) -> Iterator[tuple[Scalar, int, int, str]]:
    """(scalar, start, end, version) of the entry's Python, the first key that names one."""
    for key, value in entry.items():
        if not isinstance(value, Scalar):
            continue
        text, name = value.text, key.upper()
        if name in _PATH_KEYS:
            match = _FOLDER.search(text)
        elif name in _VERSION_KEYS:
            stripped = text.strip()
            match = _DOTTED.fullmatch(stripped) or _DIGITS.fullmatch(stripped)
            if match is not None:
                offset = text.find(stripped)
                yield value, offset, offset + len(stripped), _version(match)
                return
            continue
        else:
            continue
        if match is not None:
            yield value, match.start(), match.end(), _version(match)
            return


# `C:\Python36\python`, `C:/Python310-x64/python.exe`; `py -3.10` (the Windows launcher).
_RUN_FOLDER = lazy_re.compile(
    r"(?:^|[\s\"'])[A-Za-z]:[\\/]{1,2}[Pp]ython(?P<major>[23])(?P<minor>\d{1,2})(?:-x64|-32)?[\\/]"
)
_LAUNCHER = lazy_re.compile(
    r"(?:^|[\s\"'])py(?:\.exe)?[ \t]++-(?P<major>[23])\.(?P<minor>\d{1,2})(?=\s|$)"
)
_TOOL_RUN = lazy_re.compile(r"-m[ \t]++(?:tox|pip)\b|\btox\b|pip[ \t]++install|\.py\b")


def _command_pythons(file: TextFile, root: Mapping) -> list[Declaration]:
    found = []
    for key in _COMMAND_KEYS:
        for command in _scalars(root.get(key)):
            for pattern in (_RUN_FOLDER, _LAUNCHER):
                for match in pattern.finditer(command.text):
                    start, end = match.start("major"), match.end("minor")
                    tool = _TOOL_RUN.search(command.text, match.end()) is not None
                    purpose = Purpose.TOOLING if tool else Purpose.UNKNOWN
                    what = "runs a tool (tox, pip or a script)" if tool else "unknown"
                    declaration = pin(
                        file.path,
                        text_span(file, command, start, end),
                        _version(match),
                        source=KIND,
                        context=f"{key} command, {purpose.value}: {what}",
                        purpose=purpose,
                    )
                    found.append(replace(declaration, raw=command.text[start:end]))
    return found


def _scalars(node: Node | None) -> Iterator[Scalar]:
    if isinstance(node, Scalar):
        yield node
    elif isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Mapping):
                yield from (v for _, v in item.items() if isinstance(v, Scalar))
            else:
                yield from _scalars(item)


def _version(match: re.Match[str]) -> str:
    return f"{match['major']}.{match['minor']}"


def _commands(root: Mapping) -> Iterator[str]:
    for key in _COMMAND_KEYS:
        yield from _texts(root.get(key))


def _texts(node: Node | None) -> Iterator[str]:
    """The commands of a scalar, a list, or `- cmd:` / `- ps:` / `- sh:` items."""
    if isinstance(node, Scalar):
        yield node.text
    elif isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Mapping):
                yield from (v.text for _, v in item.items() if isinstance(v, Scalar))
            else:
                yield from _texts(item)


def _declaration(
    file: TextFile,
    scalar: Scalar,
    where: tuple[int, int],
    version: str,
    entry: Mapping,
    commands: list[str],
    index: int,
) -> Declaration:
    toxenv = entry.scalar("TOXENV")
    selected = {"tox": toxenv.text.strip()} if toxenv is not None else {}
    purpose, reason = classify_job("appveyor", "", commands, [], selected)
    declaration = pin(
        file.path,
        text_span(file, scalar, *where),
        version,
        source=KIND,
        context=f"environment.matrix[{index}], {purpose.value}: {reason}",
        purpose=purpose,
        role=Role.MATRIX,
        group=f"{file.path} appveyor",
    )
    return replace(declaration, raw=scalar.text[where[0] : where[1]])
