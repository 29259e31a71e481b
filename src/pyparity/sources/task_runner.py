"""Task runners and scripts: `justfile` / `.justfile`, `Makefile` / `GNUmakefile` (any folder),
shell scripts (`*.sh`, any folder), and files with no extension under `scripts/` or `script/`
(`scripts/test`).

Reads the Python a command asks for by name: `uv run|sync|venv|build|tool run|tool install
--python 3.12` (or `-p`), `uvx --python 3.12`, `uv python install 3.11 3.12`, `pyenv
install|global|local 3.11`, `virtualenv --python=python3.11`, and an interpreter called by
its version to run the tests (`python2.7 -m pkg.tests`, `pypy3.10 -m pytest`; its other
commands are not read). A command that runs the tests
(`uv run --python 3.10 -- pytest`, `tox -e py310`, one recipe per Python) lists a Python the
project is tried on: a matrix entry of the file's set (not compared with other sets: a
developer's recipes, not a promise). Any other command (docs, lint, release, code generation;
`docker run python:3.8-slim` (not `docker pull`: fetching runs nothing), FreeBSD's `pkg install
py39-pip`) is a tooling pin: it should still lie in the supported range. `pyupgrade
--py312-plus` is a tool target. A value set by a variable (`--python $(PY)`, `{{python}}`,
`"$PY_VERSION"`) is the variable's literal (`PY := "3.12"`, `${PY:-3.12}`), else unresolved.
Commands on a comment line or a line that starts with `echo` / `printf` (help text) are not
read. A variable named for the Python (`PYTHON_VERSION ?= 3.13`, `DEFAULT_PY_VERSION="3.11"`,
`PY_VERSIONS=("3.10" "3.11")`) with literal values, a loop over literal versions (`for py in
3.10 3.11; do`), a map named for it (`declare -A PYTHON_MAP=(["a"]="3.10")`) and `FROM
python:3.14` (or `:python-3.9` tags) in a Dockerfile a recipe writes are tooling pins even
where their use is not read; such a variable holding a range (`PY_VERSION_MIN=">=3.9.0"`) is
unresolved, and one named for a bound holding a plain version (`PYTHON_VERSION_MIN=3.0`, which
a recipe compares the running Python with) is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.purpose import classify_job, is_tool_environment
from pyparity.records import replace
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile

KIND = "task-runner"

_JUST_NAMES = frozenset({"justfile", ".justfile"})
_MAKE_NAMES = frozenset({"makefile", "gnumakefile"})
_NO_EXTENSION_FOLDERS = frozenset({"scripts", "script"})

# Where a command starts (the line's start, or after `;`, `&`, `|`, `(`, `@`, `-` of make),
# then the command's words. Each a literal alternation, nothing to backtrack over.
_START = r"(?:^|[\s;&|(@`])(?:-[ \t]*+)?"
_UV = lazy_re.compile(
    _START + r"(?:uv[ \t]++(?:run|sync|venv|build|tool[ \t]++(?:run|install)|pip[ \t]++\w++)"
    r"|uvx)(?=[ \t])",
    re.MULTILINE,
)
_POSITIONAL = lazy_re.compile(
    _START + r"(?:uv[ \t]++python[ \t]++install|pyenv[ \t]++(?:install|global|local))(?=[ \t])",
    re.MULTILINE,
)
_VIRTUALENV = lazy_re.compile(_START + r"virtualenv(?=[ \t])", re.MULTILINE)
_TOX = lazy_re.compile(_START + r"tox(?:[ \t]++(?:run|r))?+(?=[ \t])", re.MULTILINE)
# `pull` only fetches an image (backend.ai pre-pulls the images its users' sessions run).
_DOCKER = lazy_re.compile(_START + r"(?:docker|podman)[ \t]++(?:run|create)(?=[ \t])", re.MULTILINE)
_PKG = lazy_re.compile(_START + r"pkg[ \t]++install(?=[ \t])", re.MULTILINE)
_PYUPGRADE = lazy_re.compile(_START + r"pyupgrade(?=[ \t])", re.MULTILINE)
# `python2.7 -m sgp4.tests`, `pypy3.10 -m pytest`: an interpreter called by its version.
_INTERPRETER = lazy_re.compile(_START + r"(?:python|pypy)[23]\.\d{1,2}(?=[ \t])", re.MULTILINE)
_INTERPRETER_VERSION = lazy_re.compile(r"(?P<name>python|pypy)(?P<version>[23]\.\d{1,2})")
# The interpreter only drives a runner that picks its own Pythons.
_DRIVES_A_RUNNER = lazy_re.compile(r"[ \t]-m[ \t]++(?:tox|nox)\b")
_ENV_OPTION = lazy_re.compile(r"(?:^|[ \t])(?:-e|--env)(?:=|[ \t]++)(?P<value>[^\s;&|]++)")
# Docker Hub's `python:3.8-slim` (or `library/python:`, `docker.io/library/python:`).
_PYTHON_IMAGE = lazy_re.compile(
    r"(?:^|[\s/\"'])python:(?P<version>3\.\d{1,2}(?:\.\d{1,2})?+)(?![\d.])"
)
_FREEBSD_PACKAGE = lazy_re.compile(r"py3(?P<minor>\d{1,2})-[\w.-]++")
_PLUS = lazy_re.compile(r"--py3(?P<minor>\d{1,2})-plus")
_COMMAND_END = lazy_re.compile(r"(?<!\\)\n|[;&|]")  # a line ending in `\` continues
# The option and its value: one run of characters that cannot end it.
_OPTION = lazy_re.compile(r"""(?:^|[ \t])(?:--python|-p)(?:=|[ \t]++)(?P<value>[^\s;&|]++)""")
_WORD = lazy_re.compile(r"[^\s;&|]++")
_VERSION = lazy_re.compile(
    r"(?:cpython-?|python)?(?P<version>3(?:\.\d{1,2}){0,2}t?|pypy(?:-?3(?:\.\d{1,2})?)?)"
)
_VARIABLE = lazy_re.compile(r"[$]|\{\{")
_INTERPRETER_PATH = lazy_re.compile(r"[/\\](?:python|python3|python\.exe)$")
_PACKAGE_OPTIONS = lazy_re.compile(
    r"(?<!\S)--(?:with(?:-editable|-requirements)?|from)(?:=|[ \t]+)[^\s\\]+"
)
"""uv's options naming packages to install (`--with X`, `--from X`): not commands."""
# `$PY`, `${PY}`, `${PY:-3.12}`, `$(PY)` (make), `{{ py }}` (just): the whole value.
_REFERENCE = lazy_re.compile(
    r"\$(?P<plain>\w++)|\$\{(?P<braced>\w++)(?::?-(?P<default>[\w.-]++))?\}"
    r"|\$\((?P<make>\w++)\)|\{\{[ \t]*+(?P<just>\w++)[ \t]*+\}\}"
)
# `PY=3.12`, `export PY="3.12"`, `PY := "3.12"` (just), `PY ?= 3.12` (make), alone on a line.
_ASSIGNMENT = lazy_re.compile(
    r"^[ \t]*+(?:[\w./%-]++:[ \t]*+)?(?:export[ \t]++|override[ \t]++)?(?P<name>\w++)[ \t]*+"
    r"(?::=|\?=|=)[ \t]*+"
    r"(?P<q>[\"']?)(?P<value>[\w.-]++)(?P=q)[ \t]*+(?:#[^\n]*+)?$",
    re.MULTILINE,
)
_SKIPPED_WORDS = frozenset({"system"})
_PYTHON_VARIABLE = lazy_re.compile(
    r"_?+(?:DEFAULT_)?+PY(?:THON)?+(?:_?+VER(?:SION)?+)?+S?+(?:_(?:MIN|MAX|DEFAULT))?+"
)
"""Variables whose name says they hold the Python the file's commands use (`PY`, `PYVER`,
`PYTHON_VERSION`, `DEFAULT_PY_VERSION`, `_DEFAULT_PYTHON`, `PY_VERSIONS`)."""
_BOUNDS = ("_MIN", "_MAX")
"""The end of such a name that makes its plain version a bound some check compares the
running Python with (`PYTHON_VERSION_MIN=3.0`), not a Python anything runs."""
# `PYTHON_VERSIONS := 3.10 3.11`, `PY_VERSIONS=("3.10" "3.11")`: a list, alone on its line.
_LIST_ASSIGNMENT = lazy_re.compile(
    r"^[ \t]*+(?:export[ \t]++|override[ \t]++)?(?P<name>\w++)[ \t]*+(?::=|\?=|=)[ \t]*+"
    r"(?P<open>\(?)(?P<values>[^\n()#]*+)\)?[ \t]*+(?:#[^\n]*+)?$",
    re.MULTILINE,
)
# `PY_VERSION_MIN=">=3.9.0"`: a Python request uv resolves (`UV_PYTHON="$PY_VERSION_MIN"`).
_REQUEST_ASSIGNMENT = lazy_re.compile(
    r"^[ \t]*+(?:export[ \t]++)?(?P<name>\w++)=(?P<q>[\"'])"
    r"(?P<value>[<>=!~]{1,2}[ \t]*+3(?:\.\d{1,2}){0,2})(?P=q)",
    re.MULTILINE,
)
# `FROM python:3.14-alpine` in a Dockerfile a recipe or script writes (echo, heredoc).
_FROM = lazy_re.compile(r"(?:^|[\s\"'])FROM[ \t]++(?P<image>[^\s\\\"']++)")
_IMAGE_TAG = lazy_re.compile(r"python:(?P<version>3\.\d{1,2}(?:\.\d{1,2})?+)(?![\d.])")
# `jupyter/minimal-notebook:python-3.9.13`: a tag that names the image's Python.
_PYTHON_TAG = lazy_re.compile(r":python-(?P<version>3\.\d{1,2}(?:\.\d{1,2})?+)(?![\d.])")
# `declare -A CTK_PYTHON_VMAP=( ["11.2"]="3.10" ["11.8"]="3.12" )`: each value of a map
# named for the Python.
_MAP = lazy_re.compile(r"declare[ \t]++-A[ \t]++(?P<name>\w++)=\((?P<body>[^()\n]*+)\)")
_MAP_VALUE = lazy_re.compile(r"\]=(?P<q>[\"']?)(?P<version>3\.\d{1,2}(?:\.\d{1,2})?+)(?P=q)")
# `for python in 3.9 3.10 3.11; do`: a loop over literal versions.
_LOOP = lazy_re.compile(
    r"(?:^|[;&|(\s])for[ \t]++(?P<name>\w++)[ \t]++in[ \t]++(?P<values>[^;\n]++)"
)


def matches(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1].lower()
    if name in _JUST_NAMES or name in _MAKE_NAMES:
        return True
    if name.endswith(".sh"):
        return True
    # `scripts/test`, `script/bootstrap`: a script with no extension in a scripts folder
    # (not `bin/`, where a file with no extension may be a program)
    return "." not in name and bool(name) and not _NO_EXTENSION_FOLDERS.isdisjoint(parts[:-1])


def is_script(path: str) -> bool:
    """A shell script (read whole), not a justfile or Makefile (read by recipe)."""
    name = path.rsplit("/", 1)[-1].lower()
    return name not in _JUST_NAMES and name not in _MAKE_NAMES


class _Command:
    """A command of a recipe that takes a Python, with the offsets of what follows it
    (a plain class: a dataclass costs the import about half a millisecond)."""

    __slots__ = ("end", "line", "positional", "recipe", "start", "words")

    def __init__(
        self, recipe: str, words: str, line: str, start: int, end: int, positional: bool
    ) -> None:
        self.recipe = recipe
        self.words = words  # the command's words (`uv run`, `pyenv install`)
        self.line = line  # the command's whole text, for its purpose
        self.start = start  # offsets of the text after the words, in the file
        self.end = end
        self.positional = positional  # the Pythons are the words after it, not `--python`


def read(file: TextFile) -> list[Declaration]:
    name = file.path.rsplit("/", 1)[-1]
    assigned = _Variables(file.text)
    found: list[Declaration] = []
    for recipe, start, end in _recipes(file.text, name):
        for command in _commands(file.text, recipe, start, end):
            found += _declarations(file, command, assigned)
    found += _named_variables(file, assigned)
    found += _loops(file)
    found += _requests(file)
    found += _written_images(file)
    found += _maps(file)
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
        for match in _LIST_ASSIGNMENT.finditer(text):
            words = _versions_in(match["values"], match.start("values"))
            if len(words) >= 2 or (words and match["open"]):
                self.values.setdefault(match["name"], []).extend(words)
        for name, values in self.values.items():
            # `PYTHON ?= python3`, then `PYTHON = python3.11` where a check of its version
            # fails: the bare default is what the file replaces, not a Python it runs.
            if any("." in _minor_part(value) for _, value in values):
                self.values[name] = [(o, v) for o, v in values if "." in _minor_part(v)]

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


def _minor_part(value: str) -> str:
    """The version a value names (`3.11` of `python3.11`; `3` of `python3`), or ""."""
    version = _VERSION.fullmatch(value)
    return version["version"] if version is not None else ""


def _named_variables(file: TextFile, assigned: _Variables) -> list[Declaration]:
    """`PYTHON_VERSION ?= 3.13`, `override PYVER = 3.8`, `build38: PY = python3.8`: a
    variable named for the Python, with a literal value, that no command above named (its
    use is not read): a tooling pin, where it is written."""
    found = []
    for name, values in assigned.values.items():
        if not _PYTHON_VARIABLE.fullmatch(name.upper()) or name in assigned.taken:
            continue
        if name.upper().endswith(_BOUNDS):
            continue  # kivy's `PYTHON_VERSION_MIN=3.0`: a bound the file checks, not a Python
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


def _versions_in(text: str, start: int) -> list[tuple[int, str]]:
    """(offset, version) of each word of `text` when every word is a version (quotes
    dropped), else none: `3.10 3.11`, `"3.10" "3.11"`."""
    found = []
    for word in _WORD.finditer(text):
        value = word[0].strip("\"'")
        if not value or _VERSION.fullmatch(value) is None or not value[:1].isdigit():
            return []
        found.append((start + word.start() + word[0].find(value), value))
    return found


def _loops(file: TextFile) -> list[Declaration]:
    """`for python in 3.9 3.10 3.11; do ...`: each a tooling pin where it is written (what
    the loop runs is not read: a build per Python, a lock file per Python)."""
    found = []
    for loop in _LOOP.finditer(file.text):
        for offset, value in _versions_in(loop["values"], loop.start("values")):
            found.append(
                pin(
                    file.path,
                    file.span(offset, offset + len(value)),
                    value,
                    source=KIND,
                    context=f"loop over {loop['name']}, tooling",
                    purpose=Purpose.TOOLING,
                )
            )
    return found


def _requests(file: TextFile) -> list[Declaration]:
    """`PY_VERSION_MIN=">=3.9.0"`, a variable named for the Python holding a range: the
    Python uv picks for it depends on the machine; listed as unresolved, never compared."""
    found = []
    for match in _REQUEST_ASSIGNMENT.finditer(file.text):
        if not _PYTHON_VARIABLE.fullmatch(match["name"].upper()):
            continue
        value = match["value"]
        found.append(
            unresolved(
                file.path,
                file.span(match.start("value"), match.start("value") + len(value)),
                value,
                source=KIND,
                context=f"variable {match['name']}, a Python request",
                note="a range uv resolves to whichever Python the machine has that it admits",
            )
        )
    return found


def _written_images(file: TextFile) -> list[Declaration]:
    """`FROM python:3.14-alpine` in text a recipe writes to a Dockerfile: a tooling pin (the
    Dockerfile is not in the repository; what it ships is not read)."""
    found = []
    for match in _FROM.finditer(file.text):
        image = match["image"]
        tag = _IMAGE_TAG.match(image, len(image) - len(image.rsplit("/", 1)[-1]))
        tag = tag or _PYTHON_TAG.search(image)
        if tag is None:
            continue
        offset = match.start("image") + tag.start("version")
        found.append(
            pin(
                file.path,
                file.span(offset, offset + len(tag["version"])),
                tag["version"],
                source=KIND,
                context="a Dockerfile the file writes (FROM python), tooling",
                purpose=Purpose.TOOLING,
            )
        )
    return found


def _maps(file: TextFile) -> list[Declaration]:
    """`declare -A CTK_PYTHON_VMAP=( ["11.2"]="3.10" )`: the Pythons a map named for the
    Python picks from (by a CUDA version, a platform): tooling pins where they are written."""
    found = []
    for match in _MAP.finditer(file.text):
        if "PYTHON" not in match["name"].upper():
            continue
        for value in _MAP_VALUE.finditer(match["body"]):
            offset = match.start("body") + value.start("version")
            found.append(
                pin(
                    file.path,
                    file.span(offset, offset + len(value["version"])),
                    value["version"],
                    source=KIND,
                    context=f"map {match['name']}, tooling",
                    purpose=Purpose.TOOLING,
                )
            )
    return found


def _recipes(text: str, name: str) -> Iterator[tuple[str, int, int]]:
    """(name, start, end) of each recipe's body (its indented lines); a script is one."""
    if is_script(name):
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


_PATTERNS = (
    (_UV, False),
    (_POSITIONAL, True),
    (_VIRTUALENV, False),
    (_TOX, False),
    (_DOCKER, False),
    (_PKG, False),
    (_PYUPGRADE, False),
    (_INTERPRETER, False),
)
# A line that runs nothing it names: a comment, or text `echo` / `printf` prints.
_QUIET_LINE = lazy_re.compile(r"[ \t@-]*+(?:#|(?:echo|printf)(?=[ \t]))")


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
    tool = command.words.split(" ", 1)[0]
    if tool in _OTHER_COMMANDS:
        return _OTHER_COMMANDS[tool](file, command)
    if (interpreter := _INTERPRETER_VERSION.fullmatch(tool)) is not None:
        return _interpreter(file, command, interpreter)
    line = command.line
    if tool in {"uv", "uvx"}:  # `--with mypy-protobuf` installs a package, it runs no mypy
        line = _PACKAGE_OPTIONS.sub("", line)
    purpose, reason = classify_job(command.recipe, "", [line], [])
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
        if _INTERPRETER_PATH.search(value):
            continue  # `$VENV/bin/python`: a venv's interpreter, which names no version
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


def _tox(file: TextFile, command: _Command) -> list[Declaration]:
    """`tox -e py310,lint`: each Python factor of the envs a recipe runs, a Python the tests
    are tried on (the file's set of recipes, not compared with other sets)."""
    text = file.text[command.start : command.end]
    option = _ENV_OPTION.search(text)
    if option is None:
        return []
    from pyparity.sources.tox import factor_requirement  # here: few recipes run tox

    found = []
    value, at = option["value"], command.start + option.start("value")
    context = f"recipe {command.recipe}: tox -e, runs the tests"
    position = 0
    for env in value.split(","):
        for factor in env.split("-"):
            requirement = factor_requirement(factor.strip("\"'"))
            offset = at + value.index(factor, position)
            position = value.index(factor, position) + len(factor)
            if requirement is None or is_tool_environment(env):
                continue
            found.append(
                Declaration(
                    file=file.path,
                    span=file.span(offset, offset + len(factor)),
                    source=KIND,
                    role=Role.MATRIX,
                    raw=factor,
                    requirement=requirement,
                    context=context,
                    group=f"{file.path} recipes",
                )
            )
    return found


def _interpreter(file: TextFile, command: _Command, called: re.Match[str]) -> list[Declaration]:
    """`python2.7 -m sgp4.tests`: a command that runs the tests on the Python it calls by
    version, a Python the project is tried on (the file's set of recipes). Other commands
    (`python3.8 setup.py install`, `python3.12 -m tox`) are not read: what they build or
    drive runs on other Pythons, or on none the project promises."""
    if _DRIVES_A_RUNNER.search(command.line):
        return []
    purpose, reason = classify_job(command.recipe, "", [command.line], [])
    if purpose is not Purpose.RUNTIME:
        return []
    offset = command.start - len(called[0])
    version = called["version"] if called["name"] == "python" else called[0]
    declaration = pin(
        file.path,
        file.span(offset, command.start),
        version,
        source=KIND,
        context=f"recipe {command.recipe}: {called[0]}, {reason}",
        role=Role.MATRIX,
        group=f"{file.path} recipes",
    )
    return [replace(declaration, raw=called[0])]


def _tooling_pins(
    file: TextFile, command: _Command, pattern: lazy_re.LazyPattern, what: str
) -> list[Declaration]:
    text = file.text[command.start : command.end]
    found = []
    for match in pattern.finditer(text):
        offset = command.start + match.start("version")
        version = match["version"]
        declaration = pin(
            file.path,
            file.span(offset, offset + len(version)),
            version,
            source=KIND,
            context=f"recipe {command.recipe}: {what}, tooling",
            purpose=Purpose.TOOLING,
        )
        found.append(declaration)
    return found


def _docker(file: TextFile, command: _Command) -> list[Declaration]:
    """`docker run ... python:3.8-slim`: the Python of a container a script runs."""
    return _tooling_pins(file, command, _PYTHON_IMAGE, f"{command.words} python image")


def _pkg(file: TextFile, command: _Command) -> list[Declaration]:
    """FreeBSD's `pkg install py39-pip`: packages built for Python 3.9 (its first one)."""
    text = file.text[command.start : command.end]
    for word in _WORD.finditer(text):
        if (package := _FREEBSD_PACKAGE.fullmatch(word[0])) is not None:
            offset = command.start + word.start()
            declaration = pin(
                file.path,
                file.span(offset, offset + 2 + len(package["minor"])),
                f"3.{package['minor']}",
                source=KIND,
                context=f"recipe {command.recipe}: pkg install {word[0]}, tooling",
                purpose=Purpose.TOOLING,
            )
            return [replace(declaration, raw=word[0])]
    return []


def _pyupgrade(file: TextFile, command: _Command) -> list[Declaration]:
    """`pyupgrade --py312-plus`: the oldest Python the code is rewritten for, a target."""
    text = file.text[command.start : command.end]
    found = None
    for word in _WORD.finditer(text):
        if (plus := _PLUS.fullmatch(word[0])) is not None:
            found = (command.start + word.start(), word[0], f"3.{plus['minor']}")
    if found is None:
        return []
    offset, written, version = found
    declaration = pin(
        file.path,
        file.span(offset, offset + len(written)),
        version,
        source=KIND,
        context="pyupgrade target",
        role=Role.TARGET,
    )
    return [replace(declaration, raw=written)]


_OTHER_COMMANDS = {"tox": _tox, "docker": _docker, "podman": _docker, "pkg": _pkg}
_OTHER_COMMANDS["pyupgrade"] = _pyupgrade
