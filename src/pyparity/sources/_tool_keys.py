"""Tool settings `pyproject.toml` and the tools' own files share, beyond the plain targets:
pylint's `py-version` (a target), ruff's `per-file-target-version` (one file's target, a
scope of its own), and in `pyproject.toml` pyproject-fmt's `max_supported_python`, uv's
dependency groups' own `requires-python`, another tool's `python-version`, and a
`requires-python` written outside `[project]`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.toml_positions import dig, key_offset, value_offset
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.scope import OWN_SCOPE
from pyparity.sources._common import pin, range_declaration, unresolved
from pyparity.textfile import TextFile

PER_FILE = "per-file-target-version"


@cache
def _version_re() -> re.Pattern[str]:
    return re.compile(r"3\.\d{1,2}(?:\.\d{1,3})?")


@cache
def _py_target_re() -> re.Pattern[str]:
    return re.compile(r"py(?P<major>3)(?P<minor>\d{1,2})")


# Tools whose `python-version` is read elsewhere, with its own meaning.
_READ_ELSEWHERE = frozenset(
    {"ruff", "black", "mypy", "pyright", "basedpyright", "ty", "pyrefly", "pylint"}
)
_GENERIC_KEYS = ("python-version", "python_version", "pythonVersion")
# pylint reads `[tool.pylint]` and each of its sections; `py-version` belongs to the main one.
_PYLINT_SECTIONS = ((), ("main",), ("MAIN",), ("master",), ("MASTER",))


def target_version(text: str) -> str | None:
    """`py311` -> `3.11`, `3.11` stays; None for anything else."""
    stripped = text.strip()
    if (match := _py_target_re().fullmatch(stripped.lower())) is not None:
        return f"{match['major']}.{match['minor']}"
    return stripped if _version_re().fullmatch(stripped) else None


def _at(file: TextFile, path: tuple[str, ...], value: str) -> int | None:
    start = key_offset(file, path)
    return None if start is None else value_offset(file, value, start)


def pylint_target(file: TextFile, data: dict[str, Any], source: str) -> list[Declaration]:
    """`[tool.pylint.main] py-version = "3.10"` (or `[tool.pylint]`, `[tool.pylint.MASTER]`):
    the oldest Python pylint's version-dependent checks assume, a target like ruff's."""
    for section in _PYLINT_SECTIONS:
        path = ("tool", "pylint", *section, "py-version")
        value = dig(data, path)
        if isinstance(value, str) and target_version(value) is not None:
            offset = _at(file, path, value)
            if offset is not None:
                return [target_at(file, offset, value, "pylint py-version", source)]
    return []


def target_at(file: TextFile, offset: int, text: str, context: str, source: str) -> Declaration:
    declaration = pin(
        file.path,
        file.span(offset, offset + len(text)),
        target_version(text) or text,
        source=source,
        context=context,
        role=Role.TARGET,
    )
    return replace(declaration, raw=text)


def per_file_targets(
    file: TextFile, data: dict[str, Any], path: tuple[str, ...], source: str
) -> list[Declaration]:
    """ruff's `per-file-target-version = { "scripts/x.py" = "py37" }`: each one file's (or
    glob's) own target, a scope of its own: the file may be run by Pythons the project does
    not support (a runner that must print an error on an old one), or only by newer ones."""
    table = dig(data, path)
    if not isinstance(table, dict):
        return []
    start = key_offset(file, path) or 0  # an inline table; its own table has no `=`
    found = []
    for pattern, value in table.items():
        if not isinstance(value, str) or target_version(value) is None:
            continue
        own_line = key_offset(file, (*path, pattern))
        offset = value_offset(file, value, own_line if own_line is not None else start)
        if offset is None:
            continue
        start = offset + len(value)
        found.append(_per_file(file, offset, pattern, value, source))
        if len(found) >= MAX_DECLARATIONS_PER_FILE:
            break
    return found


def _per_file(file: TextFile, offset: int, pattern: str, value: str, source: str) -> Declaration:
    declaration = target_at(file, offset, value, f"ruff {PER_FILE} {pattern}", source)
    folder = posixpath.dirname(file.path)
    joined = posixpath.normpath(posixpath.join(folder, pattern) if folder else pattern)
    # a scope name is a relative path with no `..` (a glob such as `../x.py` is kept inside)
    own = "/".join(p for p in joined.split("/") if p not in ("", ".", "..")) or file.path
    return replace(declaration, anchor=f"{OWN_SCOPE}{own}")


# `"scripts/x.py" = "py37",` inside a multi-line inline table (TOML 1.1, which ruff reads and
# Python's TOML 1.0 parser refuses): a quoted key, `=`, a quoted value; possessive runs.
_PER_FILE_LINE = lazy_re.compile(
    r"""[ \t]*+(?P<kq>["'])(?P<pattern>[^"'\n]++)(?P=kq)[ \t]*+=[ \t]*+"""
    r"""(?P<q>["'])(?P<value>[^"'\n]*+)(?P=q)"""
)


_OPEN_TABLE = lazy_re.compile(rf"[ \t]*+{PER_FILE}[ \t]*+=[ \t]*+\{{[ \t]*+(?:#.*+)?")


def per_file_lines(file: TextFile, source: str) -> list[Declaration]:
    """The same, line by line, for a file Python's TOML parser refuses: the entries of a
    `per-file-target-version = {` written over several lines, or of its own table."""
    found: list[Declaration] = []
    inside, offset = False, 0
    for line in file.text.splitlines(keepends=True):
        stripped = line.strip()
        if not inside:
            inside = stripped in (f"[{PER_FILE}]", f"[tool.ruff.{PER_FILE}]") or bool(
                _OPEN_TABLE.fullmatch(line.rstrip("\r\n"))
            )
        elif stripped.startswith(("}", "[")):
            inside = stripped.startswith(f"[{PER_FILE}]")
        elif (entry := _PER_FILE_LINE.match(line)) is not None and target_version(entry["value"]):
            at = offset + entry.start("value")
            found.append(_per_file(file, at, entry["pattern"], entry["value"], source))
        offset += len(line)
    return found[:MAX_DECLARATIONS_PER_FILE]


def pyproject_keys(file: TextFile, data: dict[str, Any], source: str) -> list[Declaration]:
    """The `pyproject.toml` settings above, less pylint's and ruff's (read with the targets)."""
    return [
        *_pyproject_fmt(file, data, source),
        *_dependency_groups(file, data, source),
        *_other_tools(file, data, source),
        *_misplaced_requires_python(file, data, source),
    ]


def _pyproject_fmt(file: TextFile, data: dict[str, Any], source: str) -> Iterator[Declaration]:
    """`[tool.pyproject-fmt] max_supported_python = "3.14"`: the newest Python the classifiers
    pyproject-fmt writes name. A tool's notion of the top of the range, listed in a scope
    of its own: the classifiers themselves are what is compared."""
    path = ("tool", "pyproject-fmt", "max_supported_python")
    value = dig(data, path)
    if not isinstance(value, str) or _version_re().fullmatch(value.strip()) is None:
        return
    offset = _at(file, path, value)
    if offset is None:
        return
    declaration = pin(
        file.path,
        file.span(offset, offset + len(value)),
        value,
        source=source,
        context="pyproject-fmt max_supported_python, the newest classifier it writes",
        purpose=Purpose.TOOLING,
    )
    yield replace(declaration, anchor=f"{OWN_SCOPE}{file.path} [tool.pyproject-fmt]")


def _dependency_groups(file: TextFile, data: dict[str, Any], source: str) -> Iterator[Declaration]:
    """`[tool.uv.dependency-groups] docs = { requires-python = ">=3.12" }`: the Pythons uv
    installs that group on, a scope of its own (docs built on a newer Python than the
    project supports are no drift)."""
    groups = dig(data, ("tool", "uv", "dependency-groups"))
    if not isinstance(groups, dict):
        return
    for name, settings in list(groups.items())[:MAX_DECLARATIONS_PER_FILE]:
        value = settings.get("requires-python") if isinstance(settings, dict) else None
        if not isinstance(value, str):
            continue
        path = ("tool", "uv", "dependency-groups", name, "requires-python")
        start = key_offset(file, path) or key_offset(file, path[:-1])
        offset = None if start is None else value_offset(file, value, start)
        if offset is None:
            continue
        declaration = range_declaration(
            file.path,
            file.span(offset, offset + len(value)),
            value,
            source=source,
            context=f"uv dependency group {name} requires-python",
        )
        own = f"{file.path} [dependency-groups] {name}"
        yield replace(declaration, anchor=f"{OWN_SCOPE}{own}")


def _other_tools(file: TextFile, data: dict[str, Any], source: str) -> Iterator[Declaration]:
    """`[tool.sphinx-scrapy] python-version = "3.14"`: the Python another tool is told of, a
    tooling pin (it should lie in the supported range; it is not the runtime)."""
    tools = data.get("tool")
    if not isinstance(tools, dict):
        return
    for tool, settings in list(tools.items())[:MAX_DECLARATIONS_PER_FILE]:
        if tool in _READ_ELSEWHERE or not isinstance(settings, dict):
            continue
        for key in _GENERIC_KEYS:
            value = settings.get(key)
            if not isinstance(value, str) or _version_re().fullmatch(value.strip()) is None:
                continue
            offset = _at(file, ("tool", tool, key), value)
            if offset is not None:
                yield pin(
                    file.path,
                    file.span(offset, offset + len(value)),
                    value,
                    source=source,
                    context=f"tool.{tool} {key}, tooling",
                    purpose=Purpose.TOOLING,
                )


def _misplaced_requires_python(
    file: TextFile, data: dict[str, Any], source: str
) -> Iterator[Declaration]:
    """`requires-python` at the top of the file, outside `[project]`: no tool reads it there
    (a workspace root's leftover); listed as unresolved so the reader sees why it is not the
    range."""
    value = data.get("requires-python")
    if not isinstance(value, str) or "project" in data:
        return
    offset = _at(file, ("requires-python",), value)
    if offset is None:
        return
    yield unresolved(
        file.path,
        file.span(offset, offset + len(value)),
        value,
        source=source,
        context="requires-python outside [project]",
        note="written at the top of pyproject.toml, outside [project], where no tool reads it",
    )
