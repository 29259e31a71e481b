"""tox: `tox.ini` (`[tox] envlist`/`env_list`, `[testenv] basepython`/`base_python`,
`[testenv:NAME] basepython`) and `tox.toml` (`env_list` with `{product = [...]}` groups,
`[env_run_base] base_python`, `[env.NAME] base_python`, `[env_base.NAME] factors`, and
`[env.NAME] depends`: the envs it waits for, a tooling list, not a test set).
`pyproject.toml [tool.tox]` (native or `legacy_tox_ini`) is read the same way.

Every distinct Python factor of each line of the env list (`py311`, `py3.11`, `py314t`,
`pypy310`, `3.13`) is one matrix entry, after brace expansion (`py3{10,11}-django{42,50}`,
`py{310,311}`, nested braces, ranges `py3{10-13}`), wherever the factor sits
(`django42-py311`); so is each Python of the test envs a generated section header makes
(`[testenv:py{311,312}-sphinx{8,9}]`, not a tool env's: `[testenv:{py310-,py311-}mypy]`).
A tox env is a test set, not a runtime pin (but the envs of a file with
another name, `regen.tox.ini`, passed with `tox -c`, are a task's: tooling pins, never
counted as tested). `basepython` of an env with no Python factor (lint, docs) is a tooling
pin. A factor-conditional line (`py310: python3.10`, `lint,docs: python3.12`) applies to the
envs with those factors: one that restates its Python factor is one more line of the env
list's Python where the list has it (nothing where it does not), one for tool envs is a
tooling pin. A reference (`{[testenv:lint]basepython}`, `{[min]basepython}`) is read from
the setting it names and placed where it is written; one naming an env that reads
`base_python_file` reads that file too. tox-gh-actions' `[gh-actions] python` and tox-gh's
`[gh] python` lines (`3.11: py311`) for a Python the env list has are more lines of it.
`base_python_file = .python-version-default` (an env with no `base_python`) is the version
of the file it names, which is then a declaration itself.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import (
    TOX_BESIDE_PY,
    TOX_SECTION_ENVS,
    Declaration,
    Purpose,
    Requirement,
    Role,
    Span,
)
from pyparity.parsers import ini
from pyparity.parsers.toml_positions import key_offset, load_toml, value_offset
from pyparity.purpose import is_tool_environment
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import PYTHON_VERSION_FILE, pin, pin_requirement, unresolved
from pyparity.textfile import TextFile
from pyparity.versions import parse_tox_factor

KIND = "tox"

_MAX_ENVS = 4096
_MAX_NESTING = 16
_MAX_OUTPUT = 1 << 16
"""Characters of env names the brace expansions of one file may make: a large real env list
(five Pythons, five Djangos, three databases, with and without coverage) makes 5,000."""
_MAX_WORK = 1 << 18
"""Checks of an env name's factors against a factor condition one file may need."""
_MAX_LINES = 1 << 14
"""base_python lines one file's references may bring in (each reference copies the lines of
the setting it names)."""
# Linear patterns: literals, and runs each followed by a character they cannot hold
# (possessive: nothing is given back).
_SUBSTITUTION = lazy_re.compile(r"\{(?:\[|env:|posargs|tty:|/)")


_NUMERIC_RANGE = lazy_re.compile(r"\s*+(\d++)\s*+-\s*+(\d*+)\s*+")


_BARE_VERSION = lazy_re.compile(r"(?:c?python)?(\d\.\d+t?)")


@cache
def _interpreter_re() -> re.Pattern[str]:
    return re.compile(r"^(?:c?python|py)?(?P<version>\d(?:\.\d++)*+t?)$")


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in {"tox.ini", "tox.toml"} or name.endswith(_OTHER_NAME)


_OTHER_NAME = ".tox.ini"
"""`regen_callcounts.tox.ini`: a tox file a maintenance task passes with `tox -c`."""


def read(file: TextFile) -> list[Declaration]:
    if file.path.endswith(".toml"):
        return _at_most(_toml_declarations(file, load_toml(file), ()))
    found = ini_declarations(file, ini.parse(file.text), core_section="tox")
    if not file.path.endswith(_OTHER_NAME):
        return found
    # a task's own envs (run with `tox -c`), not the tests: a tooling set of its own
    return [
        replace(d, group=f"{file.path} tox -c", purpose=Purpose.TOOLING, role=Role.PIN)
        if d.role is Role.MATRIX
        else d
        for d in found
    ]


def tox_declarations(file: TextFile, data: dict[str, Any]) -> list[Declaration]:
    """`[tool.tox]` of a loaded `pyproject.toml`: native TOML or `legacy_tox_ini` text."""
    tool = data.get("tool")
    table = tool.get("tox") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return []
    legacy = table.get("legacy_tox_ini")
    if isinstance(legacy, str):
        return _legacy_ini(file, legacy)
    return _at_most(_toml_declarations(file, table, ("tool", "tox")))


def ini_declarations(
    file: TextFile, sections: list[ini.Section], *, core_section: str
) -> list[Declaration]:
    """tox settings of an INI file; `core_section` is `tox` (`tox:tox` in setup.cfg)."""
    return _at_most(_ini_declarations(file, sections, core_section))


def _ini_declarations(
    file: TextFile, sections: list[ini.Section], core_section: str
) -> Iterator[Declaration]:
    budget = _Budget()
    listed: set[tuple[str, tuple[object, ...], bool]] = set()
    env_names: set[str] = set()
    for section in ini.find(sections, core_section):
        for key in ("envlist", "env_list"):
            if (value := section.values.get(key)) is not None:
                env_names.update(_ENV_SEPARATORS.split(value.text))
                for declaration in _envlist(file, value.pieces, budget, context=key):
                    if declaration.requirement is not None and declaration.role is Role.MATRIX:
                        listed.add(_meaning(declaration.requirement))
                    yield declaration
    yield from _section_envs(file, sections, listed, env_names)
    for name in _GH_SECTIONS:
        for section in ini.find(sections, name):
            if (value := section.values.get("python")) is not None:
                yield from _gh_python(file, value, f"{name} python", listed)
    index = _Sections(sections, budget)
    for section in sections:
        if section.name == "testenv" or section.name.startswith("testenv:"):
            value = _base_python_value(section)
            if value is not None and value.pieces:
                yield from _base_python(file, section, value, index, listed)
            elif (named := section.values.get("base_python_file")) and named.pieces:
                piece = named.pieces[0]
                first = piece.text.split(",")[0].strip()
                span = file.span(piece.offset, piece.offset + len(first))
                names = _env_names(section.name, budget)
                yield _version_file(file, span, first, section.name, names)


def _at_most(declarations: Iterator[Declaration]) -> list[Declaration]:
    """The declarations, stopping as soon as there are more than a file may make (it is a
    parse-error then however many more it spells)."""
    found = list(itertools.islice(declarations, MAX_DECLARATIONS_PER_FILE + 1))
    if len(found) > MAX_DECLARATIONS_PER_FILE:
        raise UnreadableFile(
            f"declares more than {MAX_DECLARATIONS_PER_FILE} versions; more than that is not "
            "a real configuration, so none of them is used"
        )
    return found


# -- tox-gh-actions and tox-gh -------------------------------------------------------------

_GH_SECTIONS = ("gh-actions", "gh")


# `3.11: py311` (tox-gh-actions) or `3.11 = 3.11, lint` (tox-gh): the key ends at the first
# `:` or `=` (one search, not a pattern whose key and spaces could share text).
@cache
def _gh_delimiter_re() -> re.Pattern[str]:
    return re.compile(r"[:=]")


def _gh_python(
    file: TextFile,
    value: ini.Value,
    context: str,
    listed: set[tuple[str, tuple[object, ...], bool]],
) -> Iterator[Declaration]:
    """`[gh-actions] python` / `[gh] python`: which envs each CI Python runs. A line whose
    Python the env list has is one more line of the env list's Python; one for a Python the
    list lacks maps a CI job tox would not otherwise name, and adds nothing."""
    for piece in value.pieces:
        delimiter = _gh_delimiter_re().search(piece.text)
        key = piece.text[: delimiter.start()].strip() if delimiter else ""
        requirement = pin_requirement(key) if key else None
        if requirement is None or not requirement.minors or _meaning(requirement) not in listed:
            continue
        start = piece.offset + piece.text.index(key)
        yield Declaration(
            file=file.path,
            span=file.span(start, start + len(key)),
            source=KIND,
            role=Role.MATRIX,
            raw=key,
            requirement=requirement,
            context=context,
            group=f"{file.path} envlist",
        )


# -- the env list -------------------------------------------------------------------------


class _Char(NamedTuple):
    """One character of an expanded env name, where it was written, and the brace item
    (start, end offsets) it came from, if any."""

    char: str
    offset: int
    item: tuple[int, int] | None


class _Unexpandable(Exception):
    pass


class _Budget:
    """What one file may cost: brace expansion is charged by the characters it makes (count
    x length), factor conditions by the env names they are checked against, references by
    the lines they bring in. Past any of these the file is a parse-error."""

    __slots__ = ("alternatives", "lines", "output", "work")

    def __init__(self) -> None:
        self.output = 0
        self.work = 0
        self.lines = 0
        self.alternatives: dict[str, tuple[str, ...]] = {}

    def produce(self, characters: int) -> None:
        self.output += characters
        if self.output > _MAX_OUTPUT:
            raise UnreadableFile(f"tox env names expand to more than {_MAX_OUTPUT:,} characters")

    def spend(self, checks: int) -> None:
        self.work += checks
        if self.work > _MAX_WORK:
            raise UnreadableFile(f"tox factor conditions need more than {_MAX_WORK:,} checks")

    def bring(self, lines: int) -> None:
        self.lines += lines
        if self.lines > _MAX_LINES:
            raise UnreadableFile(f"tox base_python references bring more than {_MAX_LINES:,} lines")


def _envlist(
    file: TextFile, pieces: tuple[ini.Piece, ...], budget: _Budget, *, context: str
) -> list[Declaration]:
    declarations: list[Declaration] = []
    seen: set[tuple[str, tuple[object, ...], bool]] = set()
    line = 0
    beside_py = False
    for piece in pieces:
        if (piece_line := file.position(piece.offset)[0]) != line:
            # each line lists its own Pythons (`{py38,py39}-gevent` under `{py38,py39}-common`):
            # dropping py38 is an edit of every line that names it
            seen, line = set(), piece_line
        braces = _Braces(piece.text, piece.offset, budget)
        for start, end in _split_top_level(piece.text, 0, len(piece.text), ","):
            text = piece.text[start:end]
            # written alone, not made by braces (stcal's `py3{,11,12}` lists its minors)
            beside_py = beside_py or text.strip() in _ON_TOX_PYTHON
            where = file.span(piece.offset + start, piece.offset + end)
            if _SUBSTITUTION.search(text):
                declarations.append(_unresolvable(file, where, text, context, "substitution"))
                continue
            try:
                envs = braces.expand(start, end)
            except _Unexpandable as why:
                declarations.append(_unresolvable(file, where, text, context, str(why)))
                continue
            for env in envs:
                tool = _tool_env("".join(char.char for char in env))
                for factor in _factors(env):
                    declaration = _factor_declaration(file, factor, context)
                    if declaration is None:
                        continue
                    if tool:
                        declarations.append(_tool_env_python(file, declaration, tool))
                    elif _first_time(declaration, seen):
                        declarations.append(declaration)
    if beside_py:
        return [
            replace(d, context=f"{d.context}, {TOX_BESIDE_PY}")
            if d.role is Role.MATRIX and d.raw not in _ON_TOX_PYTHON
            else d
            for d in declarations
        ]
    return declarations


_ON_TOX_PYTHON = ("py", "py3")
"""Envs that run on the Python that runs tox, whichever it is."""


def _tool_env(name: str) -> str:
    """The env's name if it runs a tool (`lint-py310`, `py312-mypy`), else ""."""
    tool = is_tool_environment(name) or not _TYPE_CHECKERS.isdisjoint(_factors_of(name))
    return name if tool else ""


def _tool_env_python(file: TextFile, declaration: Declaration, env: str) -> Declaration:
    """pywikibot's `envlist = commit-message, lint-py{310,314}`: the Python a lint or type
    env runs its tool on, no Python of the test set."""
    return replace(
        declaration,
        role=Role.PIN,
        purpose=Purpose.TOOLING,
        group=f"{file.path} tool envs",
        context=f"{declaration.context} {env}, tooling",
    )


_SECTION = TOX_SECTION_ENVS
# Envs of a type checker per Python (`[testenv:{py310-,py314-}mypy]`) check the code's types,
# they do not run its tests: no Python of the test set.
_TYPE_CHECKERS = frozenset({"mypy", "pyright", "typing", "typecheck", "type-check", "types"})


def _section_envs(
    file: TextFile,
    sections: list[ini.Section],
    listed: set[tuple[str, tuple[object, ...], bool]],
    env_names: frozenset[str] | set[str] = frozenset(),
) -> Iterator[Declaration]:
    """The Pythons of the test envs that generated `[testenv:NAME]` headers make
    (`[testenv:py{311,312}-sphinx{7,8}]`, `[testenv:unit{,-py39,-py310}]`): envs tox runs
    when asked (`tox -e py312-sphinx8`, often the CI's), more lines of the env list's set. A
    Python the env list has, or that only tool envs (`linters-py39`, `{py310-,py311-}mypy`)
    take, adds none. Nor does a header that gives an env the env list runs with no Python
    of its own its versioned aliases (`[testenv:{unit,py3,py310,py311,py314}]` and
    `[testenv:functional{,-py310,-py314}]`, OpenStack's, whose env list runs `py3` and
    `functional`): it names what may be run, as far back as 3.10 below a `>=3.11`, not what
    is tested. The headers have a budget of their own: past it, the rest of them adds nothing
    (the env list and settings are still read)."""
    budget = _Budget()
    for section in sections:
        name = section.name.partition(":")[2] if section.name.startswith("testenv:") else ""
        if "{" not in name:
            continue  # one env's settings (`[testenv:py312-cov]`), which the env list names
        header = file.line_text(section.line)
        at = header.find(name)
        if at < 0:
            continue
        try:
            envs = _Braces(name, file.offset(section.line, at + 1), budget).expand(0, len(name))
        except _Unexpandable:
            continue
        except UnreadableFile:  # (the headers' budget is spent)
            return
        texts = ["".join(char.char for char in env) for env in envs]
        if any(text in env_names and _version_free(text) for text in texts):
            continue
        for env, text in zip(envs, texts, strict=True):
            if is_tool_environment(text) or not _TYPE_CHECKERS.isdisjoint(_factors_of(text)):
                continue
            for factor in _factors(env):
                declaration = _factor_declaration(file, factor, _SECTION)
                if declaration is None or declaration.requirement is None:
                    continue
                meaning = _meaning(declaration.requirement)
                if meaning not in listed:
                    listed.add(meaning)
                    yield declaration


_ENV_SEPARATORS = re.compile(r"[\s,]+")


def _version_free(env: str) -> bool:
    """`py3`, `py`, `functional`: an env whose Python no factor of its name gives."""
    return all(
        factor in ("py", "py3") or factor_requirement(factor) is None for factor in _factors_of(env)
    )


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


@cache
def _braces_re() -> re.Pattern[str]:
    return re.compile(r"[{}]")


_BRACES_AND_COMMAS = lazy_re.compile(r"[{},]")


@cache
def _opening_and_commas_re() -> re.Pattern[str]:
    return re.compile(r"[{,]")


def _split_top_level(
    text: str, start: int, end: int, separator: str, *, keep_empty: bool = False
) -> list[tuple[int, int]]:
    """(start, end) of each stripped part of text[start:end] outside braces (an unclosed
    `{` holds the rest); `separator` is `,`."""
    assert separator == ","
    parts: list[tuple[int, int]] = []
    depth, part_start = 0, start
    for event in _BRACES_AND_COMMAS.finditer(text, start, end):
        if event[0] == "{":
            depth += 1
        elif event[0] == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            _add_part(parts, text, part_start, event.start(), keep_empty=keep_empty)
            part_start = event.end()
    _add_part(parts, text, part_start, end, keep_empty=keep_empty)
    return parts


def _add_part(
    parts: list[tuple[int, int]], text: str, start: int, end: int, *, keep_empty: bool
) -> None:
    part = text[start:end]
    if part.strip() or keep_empty:
        left = start + len(part) - len(part.lstrip())
        parts.append((left, left + len(part.strip())))


def _closing_braces(text: str) -> dict[int, int]:
    """Offset of each `{` that is closed -> offset of its `}`, in one pass (an unclosed `{`
    is a plain character)."""
    closing: dict[int, int] = {}
    opened: list[int] = []
    for brace in _braces_re().finditer(text):
        if brace[0] == "{":
            opened.append(brace.start())
        elif opened:
            closing[opened.pop()] = brace.start()
    return closing


class _Braces:
    """Brace expansion of one text (`py3{10,11}-django{42,50}`, nested braces, ranges
    `py3{10-13}`) into every env name it spells, character by character. Braces are matched
    once; an expansion is sized before it is built and charged to the file's budget."""

    __slots__ = ("base", "budget", "closing", "text")

    def __init__(self, text: str, base: int, budget: _Budget) -> None:
        self.text, self.base, self.budget = text, base, budget
        self.closing = _closing_braces(text) if "{" in text else {}

    def expand(
        self, start: int, end: int, item: tuple[int, int] | None = None, depth: int = 0
    ) -> list[list[_Char]]:
        """Every env name text[start:end] spells."""
        if depth > _MAX_NESTING:
            raise _Unexpandable(f"braces nested more than {_MAX_NESTING} deep")
        text, segments, run = self.text, [], []
        index, room = start, _MAX_OUTPUT - self.budget.output
        while index < end:
            close = self.closing.get(index, end) if text[index] == "{" else end
            if close >= end:
                run.append(_Char(text[index], self.base + index, item))
                index += 1
                if len(run) > room:  # every env name holds these characters
                    self.budget.produce(len(run))
                continue
            choices = self.choices(index + 1, close, depth)
            if len(choices) == 1:
                run += choices[0]
            else:
                segments += [[run], choices] if run else [choices]
                run = []
            index = close + 1
        segments.append([run])
        return self.product(segments)

    def items(self, start: int, end: int) -> list[tuple[int, int]]:
        """(start, end) of each item of the group text[start:end]: split at its commas,
        stepping over the groups inside it (balanced: its own `}` closes the group), so that
        each level of nesting reads only its own characters."""
        parts: list[tuple[int, int]] = []
        part_start = position = start
        while (event := _opening_and_commas_re().search(self.text, position, end)) is not None:
            position = event.end()
            if event[0] == "{":
                position = max(position, self.closing.get(event.start(), 0) + 1)
                continue
            _add_part(parts, self.text, part_start, event.start(), keep_empty=True)
            part_start = position
        _add_part(parts, self.text, part_start, end, keep_empty=True)
        return parts

    def choices(self, start: int, end: int, depth: int) -> list[list[_Char]]:
        """The alternatives of one `{...}`."""
        found: list[list[_Char]] = []
        for left, right in self.items(start, end):
            item = (self.base + left, self.base + right)
            numeric = _NUMERIC_RANGE.fullmatch(self.text[left:right])
            if numeric is None:
                found += self.expand(left, right, item, depth + 1)
                continue
            if not numeric[2]:
                raise _Unexpandable("open-ended range")
            low, high = int(numeric[1]), int(numeric[2])
            if high - low > _MAX_ENVS:
                raise _Unexpandable(f"more than {_MAX_ENVS} environments")
            found += [
                [_Char(c, self.base + left, item) for c in str(n)] for n in range(low, high + 1)
            ]
        return found

    def product(self, segments: list[list[list[_Char]]]) -> list[list[_Char]]:
        """Every choice of one alternative per segment, sized (and charged) before it is built:
        segments of one alternative are merged, so there are at most twice as many as
        doublings of the count, and building costs a small multiple of the output."""
        count, length = 1, 0
        for segment in segments:
            count, length = (
                count * len(segment),
                length * len(segment) + count * sum(len(a) for a in segment),
            )
            if count > _MAX_ENVS:
                raise _Unexpandable(f"more than {_MAX_ENVS} environments")
        self.budget.produce(length)
        results: list[list[_Char]] = [[]]
        for segment in segments:
            results = [r + alternative for r in results for alternative in segment]
        return results


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
    return _envlist_entry(file, span, text, context, requirement)


# -- base_python ---------------------------------------------------------------------------
#
# tox reads `basepython` line by line: a line `py310: python3.10` (or `lint,docs: python3.12`,
# `py3{10,11}-cov: ...`, `!lint: ...`) applies only to the envs whose factors satisfy its
# condition; a reference stands for the setting it names: `{[testenv:lint]basepython}` for
# the lint env's value (its own, or the one it inherits from `[testenv]`, with factor lines
# judged by the name `lint`), `{[min]basepython}` or `{[testenv]basepython}` for the lines as
# written there (factor lines judged by the env that refers to them). Both are static.


class _Line(NamedTuple):
    """One interpreter a `basepython` setting names, under the conditions it applies."""

    text: str  # the interpreter as written (`python3.10`), or the reference that failed
    start: int  # where it is written; for a value reached by a reference, the reference
    end: int
    conditions: tuple[str, ...]  # factor conditions that must all hold (`py310`, `lint,docs`)
    via: str = ""  # the setting a reference led to (`[testenv:lint] basepython`)
    failure: str = ""  # why a reference cannot be followed
    version_file: bool = False  # `text` names the file the referenced env's Python is read from


_CONDITIONAL = lazy_re.compile(r"(?P<condition>[\w{}.!,-]++):\s++(?P<value>\S.*)")


@cache
def _reference_re() -> re.Pattern[str]:
    return re.compile(r"\{\[(?P<section>[^\[\]{}]++)\](?P<key>[^\[\]{}]++)\}")


_BASE_PYTHON_KEYS = ("base_python", "basepython")
_MAX_DEPTH = 8


def _base_python_value(section: ini.Section) -> ini.Value | None:
    return section.values.get("base_python") or section.values.get("basepython")


class _Sections:
    """The sections of one file by name; a generated name (`testenv:docs-{build,linkcheck}`)
    is expanded only when a reference names no section literally."""

    def __init__(self, sections: list[ini.Section], budget: _Budget) -> None:
        self._literal = {section.name: section for section in sections}
        self._sections = sections
        self._generated: dict[str, ini.Section] | None = None
        self.budget = budget

    def get(self, name: str) -> ini.Section | None:
        if (section := self._literal.get(name)) is not None:
            return section
        if self._generated is None:
            self._generated = {}
            for generated in self._sections:
                if "{" in generated.name:
                    for expanded in _expand_names(generated.name, self.budget):
                        self._generated.setdefault(expanded, generated)
        return self._generated.get(name)


# `{env:NAME:DEFAULT}` as a whole base_python line: tox's substitution with a default.
_ENV_DEFAULT = lazy_re.compile(r"\{env:[A-Za-z_][A-Za-z0-9_]*+:(?P<default>[A-Za-z0-9_./-]++)\}")


def _base_python(
    file: TextFile,
    section: ini.Section,
    value: ini.Value,
    sections: _Sections,
    listed: set[tuple[str, tuple[object, ...], bool]],
) -> list[Declaration]:
    """Each interpreter the setting names; `listed`: the Pythons of the file's env list."""
    names = _env_factors(section.name, sections.budget)
    declarations: list[Declaration] = []
    for line in _lines(value.pieces, sections, depth=0):
        span = file.span(line.start, line.end)
        context = _context(section.name, line)
        if line.failure:
            note = f"tox base_python: {line.failure}"
            declarations.append(
                unresolved(file.path, span, line.text, source=KIND, context=context, note=note)
            )
            continue
        alternatives = _applies_to(line.conditions, names, sections.budget)
        if alternatives is None:
            continue  # the condition holds for none of this section's envs
        if line.version_file:
            env_names = _env_names(section.name, sections.budget)
            declarations.append(_version_file(file, span, line.text, section.name, env_names))
            continue
        text = line.text
        default = _ENV_DEFAULT.fullmatch(text)
        named = _interpreter_requirement(default["default"]) if default else None
        if default is not None and named is not None and not named.floating:
            # `{env:PYTHON:python3.10}`: that minor unless the environment names another (a
            # bare `python3` default says no more than the variable: left unresolved)
            text = default["default"]
            span = file.span(line.start + default.start("default"), line.start + default.end() - 1)
        requirement = _interpreter_requirement(text)
        if line.conditions and _restates_factors(requirement, alternatives):
            # `py310: python3.10` says what the factor says: one more line of the env list's
            # Python where the env list has it, nothing where no listed env has the factor
            assert requirement is not None
            if _meaning(requirement) in listed:
                declarations.append(_envlist_entry(file, span, text, context, requirement))
            continue
        purpose = _purpose(alternatives)
        declarations.append(_interpreter(file, span, text, context, purpose))
    return declarations


def _envlist_entry(
    file: TextFile, span: Span, text: str, context: str, requirement: Requirement
) -> Declaration:
    """One Python of the env list (a factor of it, or a line that restates one)."""
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


def _lines(pieces: tuple[ini.Piece, ...], sections: _Sections, depth: int) -> list[_Line]:
    """Each conditional line, and the first unconditional one (a setting holds one value)."""
    lines: list[_Line] = []
    unconditional = False
    for piece in pieces:
        conditional = _CONDITIONAL.fullmatch(piece.text)
        if conditional is not None:
            text, offset = conditional["value"], piece.offset + conditional.start("value")
            conditions: tuple[str, ...] = (conditional["condition"],)
        elif unconditional:
            continue
        else:
            text, offset, conditions, unconditional = piece.text, piece.offset, (), True
        if (reference := _reference_re().fullmatch(text.strip())) is not None:
            start = offset + text.index(reference[0])
            lines += _followed(reference, start, conditions, sections, depth)
            continue
        first = text.split(",")[0].strip()
        start = offset + text.index(first) if first else offset
        lines.append(_Line(first, start, start + len(first), conditions))
    sections.budget.bring(len(lines))
    return lines


def _followed(
    reference: re.Match[str],
    start: int,
    conditions: tuple[str, ...],
    sections: _Sections,
    depth: int,
) -> list[_Line]:
    """The lines of the setting a reference names, placed at the reference."""
    end = start + len(reference[0])
    section, key = reference["section"].strip(), reference["key"].strip()
    failure = ""
    if depth >= _MAX_DEPTH:
        failure = f"references nested more than {_MAX_DEPTH} deep"
    elif key not in _BASE_PYTHON_KEYS:
        failure = f"{key} is not a base_python setting"
    if failure:
        return [_Line(reference[0], start, end, conditions, failure=failure)]
    target = _setting(sections, section)
    if target is None:
        # an env that does not set base_python takes its Python from its name's factor, or
        # runs on tox's own Python (no declaration); any other section must set it
        if not section.startswith("testenv"):
            failure = f"[{section}] sets no base_python"
            return [_Line(reference[0], start, end, conditions, failure=failure)]
        named = sections.get(section)
        version_file = named.values.get("base_python_file") if named is not None else None
        if version_file is not None and version_file.pieces:
            # that env reads its Python from a file: so does this one (`.python-version-default`)
            path = version_file.pieces[0].text.split(",")[0].strip()
            via = f"[{section}] base_python_file"
            return [_Line(path, start, end, conditions, via=via, version_file=True)]
        factors = _factors_of(section.partition(":")[2])
        python = next((f for f in factors if factor_requirement(f) is not None), None)
        return [] if python is None else [_Line(python, start, end, conditions, via=section)]
    found, value = target
    via = f"[{found}] {value.key}"
    lines = _lines(value.pieces, sections, depth + 1)
    if section.startswith("testenv:"):
        # tox gives that env's own value: its factor lines are judged by its name
        names = _env_factors(section, sections.budget)
        lines = [
            line._replace(conditions=())
            for line in lines
            if line.failure or _applies_to(line.conditions, names, sections.budget) is not None
        ]
    return [
        line._replace(
            start=start, end=end, conditions=conditions + line.conditions, via=line.via or via
        )
        for line in lines
    ]


def _setting(sections: _Sections, name: str) -> tuple[str, ini.Value] | None:
    """The base_python a section sets: its own, or for an env the one it inherits from
    `[testenv]`. A generated section (`[testenv:docs-{build,linkcheck}]`) counts as each env
    it names."""
    candidates = [sections.get(name)]
    if name.startswith("testenv:"):
        candidates.append(sections.get("testenv"))
    for section in candidates:
        if section is not None and (value := _base_python_value(section)) and value.pieces:
            return section.name, value
    return None


def _context(section: str, line: _Line) -> str:
    context = f"{section} base_python"
    if line.conditions:
        context += " for " + " and ".join(line.conditions)
    return f"{context}, from {line.via}" if line.via else context


# -- which envs a line applies to ----------------------------------------------------------


def _env_names(section: str, budget: _Budget) -> list[str] | None:
    """The envs a `[testenv:NAME]` section configures (several for a generated name);
    None for `[testenv]`, which configures every env."""
    name = section.partition(":")[2]
    return _expand_names(name, budget) if name else None


class _EnvFactors(NamedTuple):
    """The factors of each env a section configures, as a list and as a set; `size` is
    what one look at all of them costs."""

    envs: list[tuple[list[str], frozenset[str]]]
    size: int


def _env_factors(section: str, budget: _Budget) -> _EnvFactors | None:
    names = _env_names(section, budget)
    if names is None:
        return None
    envs = [(factors, frozenset(factors)) for factors in map(_factors_of, names)]
    return _EnvFactors(envs, sum(len(factors) + 1 for factors, _ in envs))


def _expand_names(text: str, budget: _Budget) -> list[str]:
    try:
        envs = _Braces(text, 0, budget).expand(0, len(text))
    except _Unexpandable:
        return [text]
    return ["".join(c.char for c in chars) for chars in envs]


def _factors_of(name: str) -> list[str]:
    return [factor for factor in name.split("-") if factor]


def _applies_to(
    conditions: tuple[str, ...], envs: _EnvFactors | None, budget: _Budget
) -> list[list[str]] | None:
    """The factors of the envs a line applies to, one list per kind of env: for a named
    section, the envs the conditions hold for (None: they hold for none); for `[testenv]`,
    the factors each condition's alternatives require (an unconditional line: one empty
    list, every env)."""
    if envs is not None:
        budget.spend(envs.size * (len(conditions) + 1))  # the checks, and what uses the answer
        matching = [
            factors
            for factors, present in envs.envs
            if all(_holds(condition, present, budget) for condition in conditions)
        ]
        return matching or None
    alternatives: list[list[str]] = [[]]
    for condition in conditions:
        required = [
            [f for f in _factors_of(alternative) if not f.startswith("!")]
            for alternative in _alternatives(condition, budget)
        ]
        combined = (a + r for a in alternatives for r in required)
        alternatives = list(itertools.islice(combined, _MAX_ENVS))
        budget.spend(sum(len(factors) + 1 for factors in alternatives))
    return alternatives


def _alternatives(condition: str, budget: _Budget) -> tuple[str, ...]:
    """`lint,docs` -> lint, docs; `py3{10,11}-cov` -> py310-cov, py311-cov (once per file)."""
    found = budget.alternatives.get(condition)
    if found is None:
        parts = _split_top_level(condition, 0, len(condition), ",")
        found = tuple(
            name for start, end in parts for name in _expand_names(condition[start:end], budget)
        )
        budget.alternatives[condition] = found
    return found


def _holds(condition: str, factors: frozenset[str], budget: _Budget) -> bool:
    """A tox factor condition: any alternative whose factors the env all has (and none of
    its `!negated` ones)."""
    alternatives = _alternatives(condition, budget)
    budget.spend(len(alternatives))
    for alternative in alternatives:
        wanted = _factors_of(alternative)
        if all((f[1:] not in factors) if f.startswith("!") else (f in factors) for f in wanted):
            return True
    return False


def _restates_factors(requirement: Requirement | None, alternatives: list[list[str]]) -> bool:
    """Every env the line applies to has a Python factor meaning that same interpreter."""
    if requirement is None:
        return False
    key = _meaning(requirement)
    for factors in alternatives:
        pythons = [r for f in factors if (r := factor_requirement(f)) is not None]
        if not pythons or any(_meaning(r) != key for r in pythons):
            return False
    return True


def _meaning(requirement: Requirement) -> tuple[str, tuple[object, ...], bool]:
    return requirement.implementation, tuple(requirement.minors), requirement.floating


def _purpose(alternatives: list[list[str]]) -> Purpose | None:
    """An env with no Python factor (lint, docs) runs tools; a named one with a Python
    factor, or every env, is left for the later stages."""
    named = any(alternatives)
    if named and not any(factor_requirement(f) for a in alternatives for f in a):
        return Purpose.TOOLING
    return None


def _version_file(
    file: TextFile, span: Span, path: str, section: str, names: list[str] | None
) -> Declaration:
    """`base_python_file = .python-version-default`: a link to the file (beside the tox
    file), resolved once every file is read, as a workflow's `python-version-file`. tox reads
    it only for envs without a Python factor: for named ones, tools."""
    folder = posixpath.dirname(file.path)
    link = unresolved(
        file.path,
        span,
        posixpath.join(folder, path) if folder else path,
        source=KIND,
        context=f"{section} base_python_file",
        note=PYTHON_VERSION_FILE,
    )
    return replace(link, purpose=_purpose([_factors_of(n) for n in names] if names else [[]]))


# -- the interpreter -----------------------------------------------------------------------


def _interpreter_requirement(text: str) -> Requirement | None:
    if not text or "{" in text:
        return None
    name = text.rsplit("/", 1)[-1]
    requirement = factor_requirement(name)
    if requirement is None and (plain := _interpreter_re().match(name)) is not None:
        return pin_requirement(plain["version"])
    return requirement


def _interpreter(
    file: TextFile, span: Span, text: str, context: str, purpose: Purpose | None
) -> Declaration:
    """`python3.11`, `py311`, `pypy3.10`, `/usr/bin/python3.12` -> a pin."""
    requirement = _interpreter_requirement(text)
    if requirement is None:
        return unresolved(file.path, span, text, source=KIND, context=context)
    return pin(
        file.path,
        span,
        text,
        source=KIND,
        context=context,
        purpose=purpose,
        requirement=requirement,
    )


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
    budget = _Budget()
    env_list = table.get("env_list", table.get("envlist"))
    if isinstance(env_list, list):
        key = "env_list" if "env_list" in table else "envlist"
        yield from _toml_env_list(file, env_list, (*prefix, key), budget)
    run_base = table.get("env_run_base")
    if isinstance(run_base, dict):
        path = (*prefix, "env_run_base")
        yield from _toml_base_python(file, run_base, path, "env_run_base", budget)
    envs = table.get("env")
    if isinstance(envs, dict):
        for name, env in envs.items():
            if isinstance(env, dict):
                path = (*prefix, "env", name)
                yield from _toml_base_python(file, env, path, f"env.{name}", budget)
                # `depends = [{ product = ... }]`: the envs an env (a coverage report) waits
                # for; it runs none of them (a list of its own, tooling, not a test set)
                depends = env.get("depends")
                if isinstance(depends, list):
                    waited = _toml_env_list(file, depends, (*path, "depends"), budget)
                    group = f"{file.path} env.{name} depends"
                    for d in waited:
                        yield replace(d, group=group, purpose=Purpose.TOOLING, role=Role.PIN)
    bases = table.get("env_base")
    if isinstance(bases, dict):
        for name, base in bases.items():
            factors = base.get("factors") if isinstance(base, dict) else None
            if isinstance(factors, list):
                # `[env_base.min] factors = [["3.10", "3.11"]]`: the envs `min-3.10`, ...
                flat = [f for group in factors if isinstance(group, list) for f in group]
                path = (*prefix, "env_base", name, "factors")
                yield from _toml_env_list(file, flat, path, budget)


def _toml_env_list(
    file: TextFile, items: list[Any], path: tuple[str, ...], budget: _Budget
) -> list[Declaration]:
    """Plain env names keep their own position; `{product = ...}` names are expanded."""
    start = key_offset(file, path)
    if start is None:
        return []
    pieces: list[ini.Piece] = []
    generated: dict[tuple[int, int], Span] = {}
    previous: tuple[str, int] | None = None
    for name, written in _toml_env_names(items, budget):
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
        for d in _envlist(file, tuple(pieces), budget, context=path[-1])
    ]


def _toml_env_names(items: list[Any], budget: _Budget) -> Iterator[tuple[str, str]]:
    """(env name or factor, the string written in the file that gives it)."""
    for item in items:
        if isinstance(item, str):
            yield item, item
        elif isinstance(item, dict) and isinstance(item.get("product"), list):
            for group in item["product"]:
                yield from _product_group(group, budget)


def _product_group(group: Any, budget: _Budget) -> Iterator[tuple[str, str]]:
    """The factors of one product group: a list of names or `{prefix, start, stop}`."""
    if isinstance(group, list):
        yield from ((name, name) for name in group if isinstance(name, str))
    elif isinstance(group, dict):
        prefix, low, high = group.get("prefix", ""), group.get("start"), group.get("stop")
        if isinstance(prefix, str) and prefix and isinstance(low, int) and isinstance(high, int):
            for number in range(low, min(high, low + _MAX_ENVS) + 1):
                name = f"{prefix}{number}"
                budget.produce(len(name))
                yield name, prefix


def _toml_base_python(
    file: TextFile, env: dict[str, Any], path: tuple[str, ...], name: str, budget: _Budget
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
    label = _env_label(name)
    names = _env_names(label, budget)
    purpose = _purpose([_factors_of(n) for n in names] if names is not None else [[]])
    return [
        _interpreter(
            file, file.span(offset, offset + len(first)), first, f"{label} base_python", purpose
        )
    ]


def _env_label(name: str) -> str:
    """`env.lint` -> `testenv:lint`, the name tox users know from INI."""
    return f"testenv:{name.removeprefix('env.')}" if name.startswith("env.") else "testenv"
