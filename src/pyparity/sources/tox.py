"""tox: `tox.ini` (`[tox] envlist`/`env_list`, `[testenv] basepython`/`base_python`,
`[testenv:NAME] basepython`) and `tox.toml` (`env_list` with `{product = [...]}` groups,
`[env_run_base] base_python`, `[env.NAME] base_python`). `pyproject.toml [tool.tox]` (native
or `legacy_tox_ini`) is read through `tox_declarations`, called by the pyproject reader.

Every distinct Python factor of the env list (`py311`, `py3.11`, `py314t`, `pypy310`, `3.13`)
is one matrix entry, after brace expansion (`py3{10,11}-django{42,50}`, `py{310,311}`,
nested braces, ranges `py3{10-13}`), wherever the factor sits (`django42-py311`). A tox env
is a test set, not a runtime pin. `basepython` of an env with no Python factor (lint, docs)
is a tooling pin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, NamedTuple

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Requirement, Role, Span
from pyparity.parsers import ini
from pyparity.parsers.toml_positions import key_offset, load_toml, value_offset
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile
from pyparity.versions import parse_tox_factor

KIND = "tox"

_MAX_ENVS = 4096
_SUBSTITUTION = re.compile(r"\{(?:\[|env:|posargs|tty:|/)")
_NUMERIC_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d*)\s*$")
_BARE_VERSION = re.compile(r"(?:c?python)?(\d\.\d+t?)")
_INTERPRETER = re.compile(r"^(?:c?python|py)?(?P<version>\d(?:\.\d+)*t?)$")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in {"tox.ini", "tox.toml"}


def read(file: TextFile) -> list[Declaration]:
    if file.path.endswith(".toml"):
        return list(_toml_declarations(file, load_toml(file), ()))
    return ini_declarations(file, ini.parse(file.text), core_section="tox")


def tox_declarations(file: TextFile, data: dict[str, Any]) -> list[Declaration]:
    """`[tool.tox]` of a loaded `pyproject.toml`: native TOML or `legacy_tox_ini` text."""
    tool = data.get("tool")
    table = tool.get("tox") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return []
    legacy = table.get("legacy_tox_ini")
    if isinstance(legacy, str):
        return _legacy_ini(file, legacy)
    return list(_toml_declarations(file, table, ("tool", "tox")))


def ini_declarations(
    file: TextFile, sections: list[ini.Section], *, core_section: str
) -> list[Declaration]:
    """tox settings of an INI file; `core_section` is `tox` (`tox:tox` in setup.cfg)."""
    declarations: list[Declaration] = []
    for section in ini.find(sections, core_section):
        for key in ("envlist", "env_list"):
            if (value := section.values.get(key)) is not None:
                declarations += _envlist(file, value.pieces, context=key)
    for section in sections:
        if section.name == "testenv" or section.name.startswith("testenv:"):
            value = section.values.get("base_python") or section.values.get("basepython")
            if value is not None and value.pieces:
                declarations += _base_python(file, section.name, value.pieces[0])
    return declarations


# -- the env list -------------------------------------------------------------------------


class _Char(NamedTuple):
    """One character of an expanded env name, where it was written, and the brace item
    (start, end offsets) it came from, if any."""

    char: str
    offset: int
    item: tuple[int, int] | None


class _Unexpandable(Exception):
    pass


def _envlist(file: TextFile, pieces: tuple[ini.Piece, ...], *, context: str) -> list[Declaration]:
    seen: set[tuple[str, tuple[object, ...], bool]] = set()
    declarations: list[Declaration] = []
    for piece in pieces:
        for start, end in _split_top_level(piece.text, 0, len(piece.text), ","):
            text = piece.text[start:end]
            where = file.span(piece.offset + start, piece.offset + end)
            if _SUBSTITUTION.search(text):
                declarations.append(_unresolvable(file, where, text, context, "substitution"))
                continue
            try:
                envs = _expand(piece.text, start, end, piece.offset, None)
            except _Unexpandable as why:
                declarations.append(_unresolvable(file, where, text, context, str(why)))
                continue
            for factor in (f for env in envs for f in _factors(env)):
                declaration = _factor_declaration(file, factor, context)
                if declaration is not None and _first_time(declaration, seen):
                    declarations.append(declaration)
    return declarations


def _first_time(declaration: Declaration, seen: set[tuple[str, tuple[object, ...], bool]]) -> bool:
    requirement = declaration.requirement
    assert requirement is not None
    key = (requirement.implementation, tuple(requirement.minors), requirement.floating)
    if key in seen:
        return False
    seen.add(key)
    return True


def _unresolvable(file: TextFile, span: Span, text: str, context: str, why: str) -> Declaration:
    """Part of the env list cannot be read: the list, as read, is incomplete (its group)."""
    declaration = unresolved(
        file.path, span, text, source=KIND, context=context, note=f"tox env list: {why}"
    )
    return replace(declaration, group=f"{file.path} envlist")


def _split_top_level(
    text: str, start: int, end: int, separator: str, *, keep_empty: bool = False
) -> list[tuple[int, int]]:
    """(start, end) of each stripped part of text[start:end] outside braces."""
    parts: list[tuple[int, int]] = []
    depth, part_start = 0, start
    for index in range(start, end + 1):
        char = text[index] if index < end else separator
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == separator and (depth == 0 or index == end):
            part = text[part_start:index]
            if part.strip() or keep_empty:
                left = part_start + len(part) - len(part.lstrip())
                parts.append((left, left + len(part.strip())))
            part_start = index + 1
    return parts


def _closing(text: str, start: int, end: int) -> int | None:
    depth = 0
    for index in range(start, end):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


def _expand(
    text: str, start: int, end: int, base: int, item: tuple[int, int] | None
) -> list[list[_Char]]:
    """Brace expansion of text[start:end]: every env name it spells, character by character."""
    results: list[list[_Char]] = [[]]
    index = start
    while index < end:
        close = _closing(text, index, end) if text[index] == "{" else None
        if close is None:
            results = [[*r, _Char(text[index], base + index, item)] for r in results]
            index += 1
            continue
        choices = [
            choice
            for left, right in _split_top_level(text, index + 1, close, ",", keep_empty=True)
            for choice in _choices(text, left, right, base)
        ]
        results = [[*r, *choice] for r in results for choice in choices]
        if len(results) > _MAX_ENVS:
            raise _Unexpandable(f"more than {_MAX_ENVS} environments")
        index = close + 1
    return results


def _choices(text: str, start: int, end: int, base: int) -> list[list[_Char]]:
    item = (base + start, base + end)
    numeric = _NUMERIC_RANGE.match(text[start:end])
    if numeric is None:
        return _expand(text, start, end, base, item)
    if not numeric[2]:
        raise _Unexpandable("open-ended range")
    low, high = int(numeric[1]), int(numeric[2])
    if high - low > _MAX_ENVS:
        raise _Unexpandable(f"more than {_MAX_ENVS} environments")
    return [[_Char(c, base + start, item) for c in str(n)] for n in range(low, high + 1)]


def _factors(env: list[_Char]) -> Iterator[list[_Char]]:
    factor: list[_Char] = []
    for char in [*env, _Char("-", -1, None)]:
        if char.char == "-":
            if factor:
                yield factor
            factor = []
        else:
            factor.append(char)


def factor_requirement(factor: str) -> Requirement | None:
    """A tox Python factor (`py311`, `py3.11`, `pypy310`, `3.13`, `python3.11`) or None."""
    found = parse_tox_factor(factor)
    if found is None and (bare := _BARE_VERSION.fullmatch(factor)):
        found = parse_tox_factor(f"py{bare[1]}")
    return found


def _factor_declaration(file: TextFile, factor: list[_Char], context: str) -> Declaration | None:
    text = "".join(char.char for char in factor)
    requirement = factor_requirement(text)
    if requirement is None:
        return None
    items = [char.item for char in factor if char.item is not None]
    if items:
        span = file.span(min(i[0] for i in items), max(i[1] for i in items))
    else:
        span = file.span(factor[0].offset, factor[-1].offset + 1)
    return Declaration(
        file=file.path,
        span=span,
        source=KIND,
        role=Role.MATRIX,
        raw=text,
        requirement=requirement,
        context=context,
        group=f"{file.path} envlist",
    )


# -- base_python ---------------------------------------------------------------------------


def _base_python(file: TextFile, section: str, piece: ini.Piece) -> list[Declaration]:
    first = piece.text.split(",")[0].strip()
    offset = piece.offset + piece.text.index(first) if first else piece.offset
    return _interpreter(file, file.span(offset, offset + len(first)), first, section)


def _interpreter(file: TextFile, span: Span, text: str, env: str) -> list[Declaration]:
    """`python3.11`, `py311`, `pypy3.10`, `/usr/bin/python3.12` -> a pin."""
    context = f"{env} base_python"
    if not text or "{" in text:
        return [unresolved(file.path, span, text, source=KIND, context=context)]
    name = text.rsplit("/", 1)[-1]
    requirement = factor_requirement(name)
    plain = _INTERPRETER.match(name) if requirement is None else None
    if plain is None and requirement is None:
        return [unresolved(file.path, span, text, source=KIND, context=context)]
    env_name = env.partition(":")[2]
    has_factor = any(factor_requirement(f) for f in env_name.split("-"))
    purpose = Purpose.TOOLING if env_name and not has_factor else None
    declaration = pin(
        file.path, span, plain["version"] if plain else "3", source=KIND, context=context
    )
    if requirement is not None:
        role = Role.FLOATING if requirement.floating else Role.PIN
        declaration = replace(declaration, requirement=requirement, role=role)
    declaration = replace(declaration, purpose=purpose)
    return [replace(declaration, raw=text)]


# -- TOML ----------------------------------------------------------------------------------


def _legacy_ini(file: TextFile, text: str) -> list[Declaration]:
    """INI text inside pyproject.toml; a problem here must not hide the rest of the file."""
    start = key_offset(file, ("tool", "tox", "legacy_tox_ini")) or 0
    key_span = file.span(start, start)
    found = file.text.find(text, start)
    try:
        if found >= 0:
            line, _ = file.position(found)
            sections = ini.parse(text, base_offset=found, base_line=line)
            return ini_declarations(file, sections, core_section="tox")
        # escapes in the TOML string: the text is not in the file as is; place it at the key
        declarations = ini_declarations(file, ini.parse(text), core_section="tox")
        return [replace(d, span=key_span) for d in declarations]
    except UnreadableFile as error:
        note = f"tool.tox.legacy_tox_ini: {error.message}"
        return [unresolved(file.path, key_span, "legacy_tox_ini", source=KIND, note=note)]


def _toml_declarations(
    file: TextFile, table: dict[str, Any], prefix: tuple[str, ...]
) -> Iterator[Declaration]:
    env_list = table.get("env_list", table.get("envlist"))
    if isinstance(env_list, list):
        key = "env_list" if "env_list" in table else "envlist"
        yield from _toml_env_list(file, env_list, (*prefix, key))
    run_base = table.get("env_run_base")
    if isinstance(run_base, dict):
        yield from _toml_base_python(file, run_base, (*prefix, "env_run_base"), "env_run_base")
    envs = table.get("env")
    if isinstance(envs, dict):
        for name, env in envs.items():
            if isinstance(env, dict):
                yield from _toml_base_python(file, env, (*prefix, "env", name), f"env.{name}")


def _toml_env_list(file: TextFile, items: list[Any], path: tuple[str, ...]) -> list[Declaration]:
    """Plain env names keep their own position; `{product = ...}` names are expanded."""
    start = key_offset(file, path)
    if start is None:
        return []
    pieces: list[ini.Piece] = []
    generated: dict[tuple[int, int], Span] = {}
    previous: tuple[str, int] | None = None
    for name, written in _toml_env_names(items):
        generated_from = name != written
        if generated_from and previous is not None and previous[0] == written:
            offset: int | None = previous[1]
        else:
            offset = value_offset(file, written, start)
        if offset is None:
            continue
        start, previous = offset + len(written), (written, offset)
        pieces.append(ini.Piece(text=name, offset=offset))
        if generated_from:  # made by a range: its place is the range's prefix
            generated[file.position(offset)] = file.span(offset, offset + len(written))
    return [
        replace(d, span=generated.get((d.span.line, d.span.column), d.span))
        for d in _envlist(file, tuple(pieces), context=path[-1])
    ]


def _toml_env_names(items: list[Any]) -> Iterator[tuple[str, str]]:
    """(env name or factor, the string written in the file that gives it)."""
    for item in items:
        if isinstance(item, str):
            yield item, item
        elif isinstance(item, dict) and isinstance(item.get("product"), list):
            for group in item["product"]:
                yield from _product_group(group)


def _product_group(group: Any) -> Iterator[tuple[str, str]]:
    """The factors of one product group: a list of names or `{prefix, start, stop}`."""
    if isinstance(group, list):
        yield from ((name, name) for name in group if isinstance(name, str))
    elif isinstance(group, dict):
        prefix, low, high = group.get("prefix", ""), group.get("start"), group.get("stop")
        if isinstance(prefix, str) and prefix and isinstance(low, int) and isinstance(high, int):
            for number in range(low, min(high, low + _MAX_ENVS) + 1):
                yield f"{prefix}{number}", prefix


def _toml_base_python(
    file: TextFile, env: dict[str, Any], path: tuple[str, ...], name: str
) -> list[Declaration]:
    value = env.get("base_python", env.get("basepython"))
    first = value[0] if isinstance(value, list) and value else value
    if not isinstance(first, str):
        return []
    key = "base_python" if "base_python" in env else "basepython"
    start = key_offset(file, (*path, key))
    offset = value_offset(file, first, start) if start is not None else None
    if offset is None:
        return []
    return _interpreter(file, file.span(offset, offset + len(first)), first, _env_label(name))


def _env_label(name: str) -> str:
    """`env.lint` -> `testenv:lint`, the name tox users know from INI."""
    return f"testenv:{name.removeprefix('env.')}" if name.startswith("env.") else "testenv"
