"""Standalone tool configuration files (any folder): `ruff.toml` / `.ruff.toml`
(`target-version`, and `per-file-target-version`: each file's own target, a scope of its
own), `ty.toml` (`[environment] python-version`), `mypy.ini` / `.mypy.ini` and other
`mypy*.ini` files a tool passes with `--config-file` (`[mypy] python_version`),
`pyrightconfig.json` (`pythonVersion`), `pyrefly.toml` (`python-version`, or
`python_version`) and `pylintrc` / `.pylintrc` (`[MAIN]` or `[MASTER]` `py-version`).

Each is the version the tool checks the code against: a target, like the same keys in
`pyproject.toml` (`[tool.ruff]`, `[tool.ty]`, `[tool.mypy]`, `[tool.pyright]`), read by the
pyproject reader, and `setup.cfg`'s `[mypy]`, read by the setup.cfg reader.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Role
from pyparity.parsers import ini
from pyparity.parsers.toml_positions import dig, key_offset, load_toml, value_offset
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources._tool_keys import PER_FILE, per_file_lines, per_file_targets
from pyparity.textfile import TextFile

KIND = "tool-config"

_TOML_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "ruff.toml": (("target-version",), "ruff target-version"),
    ".ruff.toml": (("target-version",), "ruff target-version"),
    "ty.toml": (("environment", "python-version"), "ty python-version"),
    "pyrefly.toml": (("python-version",), "pyrefly python-version"),
}
_PYREFLY_OLD_KEY = (("python_version",), "pyrefly python_version")
_RUFF_NAMES = frozenset({"ruff.toml", ".ruff.toml"})
_INI_NAMES = frozenset({"mypy.ini", ".mypy.ini"})
_PYLINT_NAMES = frozenset({"pylintrc", ".pylintrc"})
_JSON_NAME = "pyrightconfig.json"
_PYLINT_VERSION = lazy_re.compile(r"3\.\d{1,2}(?:\.\d{1,3})?")


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in _TOML_KEYS or _is_mypy_ini(name) or name == _JSON_NAME or name in _PYLINT_NAMES


def _is_mypy_ini(name: str) -> bool:
    """`mypy.ini`, `.mypy.ini`, and `mypy_self_check.ini`-like files passed by name."""
    return name in _INI_NAMES or (name.startswith("mypy") and name.endswith(".ini"))


def read(file: TextFile) -> list[Declaration]:
    name = file.path.rsplit("/", 1)[-1]
    if _is_mypy_ini(name):
        return _mypy(file)
    if name == _JSON_NAME:
        return _pyright(file)
    if name in _PYLINT_NAMES:
        return _pylint(file)
    found = _toml(file, *_TOML_KEYS[name])
    if name == "pyrefly.toml" and not found:
        found = _toml(file, *_PYREFLY_OLD_KEY)
    if name in _RUFF_NAMES:
        found += _ruff_per_file(file)
    return found


def target_version(text: str) -> str:
    """`py311` (ruff, black) -> `3.11`; `3.11` stays."""
    lowered = text.strip().lower()
    digits = lowered.removeprefix("py")
    if lowered.startswith("py") and digits.isdigit() and len(digits) >= 2:
        return f"{digits[0]}.{digits[1:]}"
    return text


def _target(file: TextFile, start: int, text: str, context: str) -> Declaration:
    declaration = pin(
        file.path,
        file.span(start, start + len(text)),
        target_version(text),
        source=KIND,
        context=context,
        role=Role.TARGET,
    )
    return replace(declaration, raw=text)


def _toml(file: TextFile, path: tuple[str, ...], context: str) -> list[Declaration]:
    try:
        data = load_toml(file)
    except UnreadableFile:
        # ruff and ty read TOML 1.1 (an inline table over several lines), which Python's
        # TOML 1.0 parser refuses: the file is theirs to judge, its key is still found
        found = _key_line(file, path)
        return [] if found is None else [_target(file, found[0], found[1], context)]
    value = dig(data, path)
    start = key_offset(file, path)
    if not isinstance(value, str) or start is None:
        return []
    offset = value_offset(file, value, start)
    return [] if offset is None else [_target(file, offset, value, context)]


# Linear: a run of key characters, spaces and `=`, then a quoted run with no quote inside
# (possessive: nothing is given back), closed by the same quote.
_KEY_LINE = lazy_re.compile(
    r"""(?P<key>[\w.-]++)[ \t]*+=[ \t]*+(?P<q>["'])(?P<value>[^"'\n]*+)(?P=q)"""
)
_HEADER = lazy_re.compile(r"\[(?P<name>[\w.-]++)\]")


def _key_line(file: TextFile, path: tuple[str, ...]) -> tuple[int, str] | None:
    """(offset, value) of `key = "value"` in the table `path` names, line by line."""
    table, key, offset = ".".join(path[:-1]), path[-1], 0
    wanted = {(table, key), ("", f"{table}.{key}".lstrip("."))}
    current = ""
    for line in file.text.splitlines(keepends=True):
        stripped = line.strip()
        if (header := _HEADER.fullmatch(stripped)) is not None:
            current = header["name"]
        elif (pair := _KEY_LINE.match(line, len(line) - len(line.lstrip(" \t")))) and (
            current,
            pair["key"],
        ) in wanted:
            return offset + pair.start("value"), pair["value"]
        offset += len(line)
    return None


def _ruff_per_file(file: TextFile) -> list[Declaration]:
    try:
        data = load_toml(file)
    except UnreadableFile:
        return per_file_lines(file, KIND)  # TOML 1.1: an inline table over several lines
    return per_file_targets(file, data, (PER_FILE,), KIND)


def _pylint(file: TextFile) -> list[Declaration]:
    """pylint's `py-version` in its main section (`[MAIN]`, formerly `[MASTER]`)."""
    sections = ini.parse(file.text)
    for name in ("MAIN", "main", "MASTER", "master"):
        for section in ini.find(sections, name):
            value = section.values.get("py-version")
            if value is not None and value.pieces:
                piece = value.pieces[0]
                if _PYLINT_VERSION.fullmatch(piece.text) is None:
                    return []
                return [_target(file, piece.offset, piece.text, "pylint py-version")]
    return []


def _mypy(file: TextFile) -> list[Declaration]:
    """The first `[mypy]` section's (mypy's configparser refuses a second one)."""
    for section in ini.find(ini.parse(file.text), "mypy"):
        value = section.values.get("python_version")
        if value is not None and value.pieces:
            piece = value.pieces[0]
            return [_target(file, piece.offset, piece.text, "mypy python_version")]
        return []
    return []


def _pyright(file: TextFile) -> list[Declaration]:
    from pyparity.parsers import jsonc  # (a tree without pyrightconfig.json: 5 dataclasses less)

    root = jsonc.parse(file.text)
    if not isinstance(root, jsonc.Object):
        return []
    value = root.string("pythonVersion")
    if value is None or not value.verbatim:
        return []
    return [_target(file, value.start, value.value, "pyright pythonVersion")]
