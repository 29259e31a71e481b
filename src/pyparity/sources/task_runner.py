"""Task runners and scripts: `justfile` / `.justfile`, `Makefile` / `GNUmakefile` (any folder),
and shell scripts (`*.sh`) under a `scripts/`, `script/`, `ci/`, `.ci/`, `tools/` or `bin/`
folder.

Reads the Python a command asks for by name: `uv run|sync|venv|build|tool run|tool install
--python 3.12` (or `-p`), `uvx --python 3.12`, `uv python install 3.11 3.12`, `pyenv
install|global|local 3.11`, `virtualenv --python=python3.11`. A command that runs the tests
(`uv run --python 3.10 -- pytest`, one recipe per Python) lists a Python the project is
tried on: a matrix entry of the file's set (not compared with other sets: a developer's
recipes, not a promise). Any other command (docs, lint, release, code generation) is a
tooling pin: it should still lie in the supported range. A value set by a variable
(`--python $(PY)`, `{{python}}`, `"$PY_VERSION"`) is the variable's literal (`PY := "3.12"`,
`${PY:-3.12}`), else unresolved. Commands on a comment line or a line that starts with
`echo` / `printf` (help text) are not read. A variable named for the Python (`PYTHON_VERSION
?= 3.13`, `PYVER`) with a literal value is a tooling pin even where its use is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pyparity.model import Declaration, Purpose, Role
from pyparity.purpose import classify_job
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile

KIND = "task-runner"

_JUST_NAMES = frozenset({"justfile", ".justfile"})
_MAKE_NAMES = frozenset({"makefile", "gnumakefile"})
_SCRIPT_FOLDERS = frozenset({"scripts", "script", "ci", ".ci", "tools", "bin"})

# Where a command starts (the line's start, or after `;`, `&`, `|`, `(`, `@`, `-` of make),
# then the command's words. Each a literal alternation, nothing to backtrack over.
_START = r"(?:^|[\s;&|(@`])(?:-[ \t]*+)?"
_UV = re.compile(
    _START + r"(?:uv[ \t]++(?:run|sync|venv|build|tool[ \t]++(?:run|install)|pip[ \t]++\w++)"
    r"|uvx)(?=[ \t])",
    re.MULTILINE,
)
_POSITIONAL = re.compile(
    _START + r"(?:uv[ \t]++python[ \t]++install|pyenv[ \t]++(?:install|global|local))(?=[ \t])",
    re.MULTILINE,
)
_VIRTUALENV = re.compile(_START + r"virtualenv(?=[ \t])", re.MULTILINE)
_COMMAND_END = re.compile(r"(?<!\\)\n|[;&|]")  # a line ending in `\` continues
# The option and its value: one run of characters that cannot end it.
_OPTION = re.compile(r"""(?:^|[ \t])(?:--python|-p)(?:=|[ \t]++)(?P<value>[^\s;&|]++)""")
_WORD = re.compile(r"[^\s;&|]++")
_VERSION = re.compile(
    r"(?:cpython-?|python)?(?P<version>3(?:\.\d{1,2}){0,2}t?|pypy(?:-?3(?:\.\d{1,2})?)?)"
)
_VARIABLE = re.compile(r"[$]|\{\{")
# `$PY`, `${PY}`, `${PY:-3.12}`, `$(PY)` (make), `{{ py }}` (just): the whole value.
_REFERENCE = re.compile(
    r"\$(?P<plain>\w++)|\$\{(?P<braced>\w++)(?::?-(?P<default>[\w.-]++))?\}"
    r"|\$\((?P<make>\w++)\)|\{\{[ \t]*+(?P<just>\w++)[ \t]*+\}\}"
)
# `PY=3.12`, `export PY="3.12"`, `PY := "3.12"` (just), `PY ?= 3.12` (make), alone on a line.
_ASSIGNMENT = re.compile(
    r"^[ \t]*+(?:[\w./%-]++:[ \t]*+)?(?:export[ \t]++|override[ \t]++)?(?P<name>\w++)[ \t]*+"
    r"(?::=|\?=|=)[ \t]*+"
    r"(?P<q>[\"']?)(?P<value>[\w.-]++)(?P=q)[ \t]*+$",
    re.MULTILINE,
)
_SKIPPED_WORDS = frozenset({"system"})
_PYTHON_VARIABLES = frozenset(
    {
        "PY",
        "PYVER",
        "PY_VER",
        "PYVERSION",
        "PY_VERSION",
        "PYTHON",
        "PYTHON_VER",
        "PYTHONVERSION",
        "PYTHON_VERSION",
        "DEFAULT_PYTHON_VERSION",
    }
)
"""Variables whose name says they hold the Python the file's commands use."""


def matches(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1].lower()
    if name in _JUST_NAMES or name in _MAKE_NAMES:
        return True
    return name.endswith(".sh") and not _SCRIPT_FOLDERS.isdisjoint(parts[:-1])


@dataclass(frozen=True, slots=True)
class _Command:
    recipe: str
    words: str  # the command's words (`uv run`, `pyenv install`)
    line: str  # the command's whole text, for its purpose
    start: int  # offsets of the text after the words, in the file
    end: int
    positional: bool  # the Pythons are the words after it, not a `--python` option


def read(file: TextFile) -> list[Declaration]:
    name = file.path.rsplit("/", 1)[-1]
    assigned = _Variables(file.text)
    found: list[Declaration] = []
    for recipe, start, end in _recipes(file.text, name):
        for command in _commands(file.text, recipe, start, end):
            found += _declarations(file, command, assigned)
    found += _named_variables(file, assigned)
    # two commands naming one variable name its assignment once
    unique = {(d.span, d.role, d.context): d for d in found}.values()
    return sorted(unique, key=lambda d: (d.span.line, d.span.column))


class _Variables:
    """Each variable's literal Python values and where they are written (a script's default
    `PY_VERSION="3.12"`, a Makefile's `PYVER ?= 3.12`, a justfile's `python := "3.12"`)."""

    def __init__(self, text: str) -> None:
        self.values: dict[str, list[tuple[int, str]]] = {}
        self.taken: set[str] = set()
        for match in _ASSIGNMENT.finditer(text):
            if _VERSION.fullmatch(match["value"]):
                where = (match.start("value"), match["value"])
                self.values.setdefault(match["name"], []).append(where)

    def take(self, name: str) -> list[tuple[int, str]] | None:
        """The variable's values the first time a command names it, then none (they are
        listed once: many commands and many assignments cost their sum, not their
        product); None for a variable with no literal value."""
        if name in self.taken:
            return []
        if name not in self.values:
            return None
        self.taken.add(name)
        return self.values[name]


def _named_variables(file: TextFile, assigned: _Variables) -> list[Declaration]:
    """`PYTHON_VERSION ?= 3.13`, `override PYVER = 3.8`, `build38: PY = python3.8`: a
    variable named for the Python, with a literal value, that no command above named (its
    use is not read): a tooling pin, where it is written."""
    found = []
    for name, values in assigned.values.items():
        if name.upper() not in _PYTHON_VARIABLES or name in assigned.taken:
            continue
        for offset, value in values:
            version = _VERSION.fullmatch(value)
            if version is None or not version["version"][:1].isdigit():
                continue
            declaration = pin(
                file.path,
                file.span(offset, offset + len(value)),
                version["version"],
                source=KIND,
                context=f"variable {name}, tooling",
                purpose=Purpose.TOOLING,
            )
            found.append(replace(declaration, raw=value))
    return found


def _recipes(text: str, name: str) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of each recipe's body (its indented lines); a script is one."""
    if name.lower().endswith(".sh"):
        yield name.removesuffix(".sh"), 0, len(text)
        return
    recipe, start, offset = "", -1, 0
    for line in text.splitlines(keepends=True):
        if line[:1] in (" ", "\t"):
            if recipe and start < 0:
                start = offset
        elif line.strip() and not line.lstrip().startswith("#"):
            if recipe and start >= 0:
                yield recipe, start, offset
            recipe, start = _header(line), -1
        offset += len(line)
    if recipe and start >= 0:
        yield recipe, start, offset


_ASSIGNMENTS = frozenset({"=", ":=", "?=", "+=", "!="})


def _header(line: str) -> str:
    """A recipe's name (`test-all:`, `@lint *args:`, `build: deps`), or '' for a variable
    (`PY := 3.12`, `X = a:b`) or a setting (`set shell := ["bash", "-c"]`)."""
    before, colon, after = line.partition(":")
    words = before.split()
    if not colon or not words or after.startswith("=") or "=" in words[0]:
        return ""
    if len(words) > 1 and words[1] in _ASSIGNMENTS:
        return ""
    return words[0].lstrip("@")


_PATTERNS = ((_UV, False), (_POSITIONAL, True), (_VIRTUALENV, False))
# A line that runs nothing it names: a comment, or text `echo` / `printf` prints.
_QUIET_LINE = re.compile(r"[ \t@-]*+(?:#|(?:echo|printf)(?=[ \t]))")


def _commands(text: str, recipe: str, start: int, end: int) -> Iterator[_Command]:
    """Each uv, pyenv or virtualenv command of text[start:end], up to its line's end or its
    `;`, `&`, `|`: each command's text is searched once, so the time is linear."""
    for pattern, positional in _PATTERNS:
        position = checked = start
        quiet = _QUIET_LINE.match(text, start) is not None
        while (found := pattern.search(text, position, end)) is not None:
            stop = _COMMAND_END.search(text, found.end(), end)
            position = stop.start() + 1 if stop else end
            # the line the command is on: a newline since the last command starts a new one
            # (each character is looked at once)
            # (the match may begin with the newline before the command: look up to its end)
            if (newline := text.rfind("\n", checked, found.end())) >= 0:
                quiet = _QUIET_LINE.match(text, newline + 1) is not None
            checked = found.end()
            if quiet:
                continue  # a comment, or help text an `echo` prints
            words = " ".join(found[0].lstrip(";&|(@`- \t").split())
            line_end = stop.start() if stop else end
            yield _Command(
                recipe, words, text[found.start() : line_end], found.end(), line_end, positional
            )


def _declarations(file: TextFile, command: _Command, assigned: _Variables) -> list[Declaration]:
    purpose, reason = classify_job(command.recipe, "", [command.line], [])
    matrix = purpose is Purpose.RUNTIME
    context = f"recipe {command.recipe}: {command.words}, " + (reason if matrix else "tooling")
    text = file.text[command.start : command.end]
    found = []
    values: list[tuple[int, str]] = []
    for offset, written in _values(text, positional=command.positional):
        value = written.strip("\"'")
        offset = command.start + offset + (written.find(value) if value else 0)
        if not _VARIABLE.search(value):
            values.append((offset, value))
            continue
        literal = _literal(value, offset, assigned)
        if literal is not None:
            values += literal
            continue
        where = file.span(offset, offset + len(value))
        note = "the Python is set by a variable of the script or recipe"
        found.append(unresolved(file.path, where, value, source=KIND, context=context, note=note))
    for offset, value in values:
        where = file.span(offset, offset + len(value))
        version = _VERSION.fullmatch(value)
        if version is None:
            continue
        declaration = pin(
            file.path,
            where,
            version["version"],
            source=KIND,
            context=context,
            purpose=None if matrix else Purpose.TOOLING,
            role=Role.MATRIX if matrix else Role.PIN,
            group=f"{file.path} recipes" if matrix else "",
        )
        found.append(replace(declaration, raw=value))
    return found


def _literal(value: str, offset: int, assigned: _Variables) -> list[tuple[int, str]] | None:
    """A reference's literal values: its `${PY:-3.12}` default where it is written, else the
    file's literal assignments of the variable where they are written; None when unknown."""
    reference = _REFERENCE.fullmatch(value)
    if reference is None:
        return None
    if (default := reference["default"]) is not None and _VERSION.fullmatch(default):
        return [(offset + reference.start("default"), default)]
    name = reference["plain"] or reference["braced"] or reference["make"] or reference["just"]
    return assigned.take(name)


def _values(text: str, *, positional: bool) -> Iterator[tuple[int, str]]:
    """(offset, text) of the Python each command names: the first `--python`/`-p` value, or
    for `pyenv install` / `uv python install` every word after the command that is no option."""
    if not positional:
        if (option := _OPTION.search(text)) is not None:
            yield option.start("value"), option["value"]
        return
    for word in _WORD.finditer(text):
        if not word[0].startswith("-") and word[0] not in _SKIPPED_WORDS:
            yield word.start(), word[0]
