"""`[tool.pyparity]` in the root `pyproject.toml`, or `.pyparity.toml`, -> a frozen Config.

Unknown keys, rule names or values are a ConfigError that names them and the choices.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import tomli

from pyparity import discover
from pyparity.errors import ConfigError, UnreadableFile
from pyparity.model import Severity
from pyparity.records import field, record, replace
from pyparity.settings import CONFIGURATION_FILES, FAIL_LEVELS, PRECISIONS


@record
class Config:
    """The settings of a run: the configuration file's, with the command line's over them."""

    source_of_truth: str | None = None
    precision: str = "minor"
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    disable: frozenset[str] = frozenset()
    enable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    scopes: tuple[tuple[str, ...], ...] = ()
    purpose: dict[str, str] = field(default_factory=dict)
    code_paths: tuple[str, ...] = ()
    code_exclude: tuple[str, ...] = ()
    backports: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    audit: bool = False
    code: bool = True

    def fails(self, severity: Severity) -> bool:
        if self.fail_on == "never":
            return False
        return severity.rank >= Severity(self.fail_on).rank


_KEYS = {
    "source-of-truth",
    "precision",
    "fail-on",
    "exclude",
    "include",
    "disable",
    "enable",
    "severity",
    "scopes",
    "purpose",
    "code-paths",
    "code-exclude",
    "backports",
}


def load(
    root: Path, explicit: Path | None = None, *, warn: Callable[[str], None] | None = None
) -> tuple[Config, str | None]:
    """Read the configuration; returns it and the file it came from (None: defaults).

    `warn` is told when both `.pyparity.toml` and `[tool.pyparity]` are present (the first
    is used). A `pyproject.toml` that holds `[tool.pyparity]` but is not valid TOML is a
    ConfigError; one that is broken elsewhere is the pyproject reader's parse-error."""
    if explicit is not None:
        return _from_file(explicit, root, table_path=_table_path(explicit)), str(explicit)
    dotfile, pyproject = (root / name for name in CONFIGURATION_FILES)
    if os.path.lexists(dotfile):
        if warn is not None and pyproject.is_file() and _has_table(pyproject, root):
            warn(
                ".pyparity.toml and [tool.pyparity] in pyproject.toml both configure pyparity; "
                "using .pyparity.toml, ignoring [tool.pyparity] (keep only one)"
            )
        return _from_file(dotfile, root, table_path=()), ".pyparity.toml"
    if pyproject.is_file():
        if not _may_hold_table(pyproject, root):
            return Config(), None
        try:
            data = _parse(pyproject, root)
        except ConfigError as error:
            if _mentions_table(pyproject, root):
                raise ConfigError(
                    f"{error}; it holds [tool.pyparity], so its settings cannot be applied: "
                    "fix the file (or move the settings to .pyparity.toml)"
                ) from None
            return Config(), None  # the pyproject reader reports the parse error itself
        tool = data.get("tool")
        if not isinstance(tool, dict) or "pyparity" not in tool:
            return Config(), None
        table = tool["pyparity"]
        if not isinstance(table, dict):
            raise ConfigError(
                f"pyproject.toml: tool.pyparity must be a table, not {type(table).__name__}"
            )
        return from_mapping(table, where="pyproject.toml [tool.pyparity]"), "pyproject.toml"
    return Config(), None


@cache
def _table_header_re() -> re.Pattern[str]:
    return re.compile(r"""^[ \t]*\[\[?[ \t]*["']?tool["']?[ \t]*\.[ \t]*["']?pyparity\b""", re.M)


@cache
def _dotted_key_re() -> re.Pattern[str]:
    return re.compile(r"""^[ \t]*["']?tool["']?[ \t]*\.[ \t]*["']?pyparity["']?[ \t]*[.=]""", re.M)


def _has_table(pyproject: Path, root: Path) -> bool:
    try:
        tool = _parse(pyproject, root).get("tool")
    except ConfigError:
        return _mentions_table(pyproject, root)
    return isinstance(tool, dict) and "pyparity" in tool


def _may_hold_table(pyproject: Path, root: Path) -> bool:
    """False when the text of `pyproject.toml` cannot hold a `tool.pyparity` key: it never
    spells `pyparity`, nor a Unicode escape that a quoted key could spell it with. Such a file
    configures nothing whether or not it parses, and its reader parses it anyway: parsing it
    here too cost every run 1 to 2 ms."""
    try:
        data = discover.read_bytes(discover.Root.at(root), pyproject.name)
    except UnreadableFile:
        return True  # `_parse` says why, as before
    return b"pyparity" in data or b"\\u" in data or b"\\U" in data


def _mentions_table(pyproject: Path, root: Path) -> bool:
    """Does the text of a `pyproject.toml` that does not parse open `[tool.pyparity]` (or set
    a `tool.pyparity.` key)?"""
    try:
        text = discover.read_bytes(discover.Root.at(root), pyproject.name).decode(
            "utf-8", "replace"
        )
    except UnreadableFile:
        return False
    return bool(_table_header_re().search(text) or _dotted_key_re().search(text))


def _table_path(path: Path) -> tuple[str, ...]:
    return ("tool", "pyparity") if path.name == "pyproject.toml" else ()


def _from_file(path: Path, root: Path, *, table_path: tuple[str, ...]) -> Config:
    if not os.path.lexists(path):
        raise ConfigError(f"configuration file {path} does not exist")
    data: Any = _parse(path, root)
    for key in table_path:
        data = data.get(key, {}) if isinstance(data, dict) else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [{'.'.join(table_path)}] must be a table")
    return from_mapping(data, where=str(path))


def _parse(path: Path, root: Path) -> dict[str, Any]:
    """The file's TOML, read under the scan's file policy (no link out of the tree, no FIFO,
    size cap); a file outside the scanned tree is bounded by its own folder instead."""
    from pyparity.parsers.toml_positions import MAX_KEY_PARTS, long_dotted_key

    boundary = root if _inside(path, root) else path.parent
    try:
        data = discover.read_bytes(discover.Root.at(boundary), os.path.relpath(path, boundary))
        text = data.decode("utf-8-sig")
        if (line := long_dotted_key(text)) is not None:
            raise ConfigError(
                f"cannot read configuration file {path}: line {line}: a dotted key of more "
                f"than {MAX_KEY_PARTS} parts"
            )
        return tomli.loads(text)
    except UnreadableFile as error:
        raise ConfigError(f"cannot read configuration file {path}: {error.message}") from None
    except (tomli.TOMLDecodeError, UnicodeDecodeError, RecursionError) as error:
        problem = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise ConfigError(f"cannot read configuration file {path}: {problem}") from None


def _inside(path: Path, root: Path) -> bool:
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return relative != ".." and not relative.startswith(".." + os.sep)


def from_mapping(table: dict[str, Any], *, where: str) -> Config:
    from pyparity.rules import rule_names

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(map(_shown, unknown))}; "
            f"valid keys: {', '.join(sorted(_KEYS))}"
        )
    names = rule_names()
    config = Config()
    changes: dict[str, Any] = {}
    if "source-of-truth" in table:
        changes["source_of_truth"] = _string(table, "source-of-truth", where)
    if "precision" in table:
        changes["precision"] = choice(_string(table, "precision", where), PRECISIONS, "precision")
    if "fail-on" in table:
        changes["fail_on"] = choice(_string(table, "fail-on", where), FAIL_LEVELS, "fail-on")
    for key, attribute in (
        ("exclude", "exclude"),
        ("include", "include"),
        ("code-paths", "code_paths"),
        ("code-exclude", "code_exclude"),
        ("backports", "backports"),
    ):
        if key in table:
            changes[attribute] = tuple(_strings(table, key, where))
    for key in ("exclude", "include"):
        if key in table:
            _few_globs(table[key], key, where)
    for key in ("disable", "enable"):
        if key in table:
            changes[key] = frozenset(rules(_strings(table, key, where), names, where, key))
    if "severity" in table:
        changes["severity"] = _severities(table["severity"], names, where)
    if "scopes" in table:
        changes["scopes"] = _scopes(table["scopes"], where)
    if "purpose" in table:
        changes["purpose"] = _purposes(table["purpose"], where)
    return replace(config, **changes)


def _shown(key: str) -> str:
    """A key as the user can find it: quoted when empty or not a plain TOML bare key."""
    return key if re.fullmatch(r"[A-Za-z0-9_.-]+", key) else repr(key)


def choice(value: str, choices: tuple[str, ...], name: str) -> str:
    if value not in choices:
        raise ConfigError(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value


def rules(values: list[str], names: tuple[str, ...], where: str, key: str) -> list[str]:
    unknown = [value for value in values if value not in names]
    if unknown:
        named = where if where == key else f"{where}: {key}"
        raise ConfigError(
            f"{named}: unknown rule(s) {', '.join(unknown)}; rules: {', '.join(names)}"
        )
    return values


def _string(table: dict[str, Any], key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a string, not {type(value).__name__}")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return value


MAX_GLOBS = 256
"""Patterns with a wildcard an `exclude` or `include` list may hold: each file of the tree is
matched against them (literal paths and folders cost nothing, however many)."""


def _few_globs(patterns: list[str], key: str, where: str) -> None:
    globs = sum(1 for pattern in patterns if any(char in pattern for char in "*?["))
    if globs > MAX_GLOBS:
        raise ConfigError(
            f"{where}: {key} has {globs} patterns with a wildcard (*, ?, [); at most "
            f"{MAX_GLOBS} are allowed (list folders or file names instead, which cost nothing)"
        )


def _severities(value: Any, names: tuple[str, ...], where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: severity must be a table of rule = level")
    rules(list(value), names, where, "severity")
    levels = tuple(s.value for s in Severity)
    return {
        rule: Severity(choice(str(level), levels, f"severity.{rule}"))
        for rule, level in value.items()
    }


def _scopes(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or not all(
        isinstance(group, list) and all(isinstance(item, str) for item in group) for group in value
    ):
        raise ConfigError(f"{where}: scopes must be a list of lists of directories")
    return tuple(tuple(item.strip("/") or "." for item in group) for group in value)


def _purposes(value: Any, where: str) -> dict[str, str]:
    choices = ("runtime", "build", "tooling")
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: purpose must be a table of 'job or path' = purpose")
    return {str(k): choice(str(v), choices, f"purpose.{k}") for k, v in value.items()}
