"""Pythons a Dockerfile's stages set up themselves, beside what their `FROM` image carries.

- A variable (`ENV PYTHON_VERSION 3.13.1`, `ARG PYTHON_VERSION=3.13`) whose value a `RUN` of
  the stage installs: a python.org download (the source tarball the official images build,
  the Windows installer), `uv venv --python $V`, `uv python install $V`, `pyenv install $V`,
  a conda spec `python=${V}`, a package `python${V}`.
- `RUN` commands with a literal version: `pyenv install|global|local 3.12 3.11` (several
  versions are a set: a development image with a Python per tox env), `uv python install`,
  `uv venv|sync --python 3.12`, `conda|mamba|micromamba install|create python=3.12`, and
  distribution packages (`apt-get install python3.12-venv`, deadsnakes, `apk add
  python-3.12`; several minors are a set too, installed side by side for a test runner).
- `ENV PATH=/opt/python/cp39-cp39/bin:...`: the manylinux-style interpreters the image puts
  first on its PATH, a build Python (several are the set of Pythons it builds for).

A stage's chosen Python (an ENV, pyenv, uv or conda) is its pin, with the stage's purpose;
a distribution package is the stage's pin only when nothing else in the stage (or its base
image) carries a Python. Listed as `unresolved`, with the reason: an `ARG`'s default (a
build parameter: the image's Python is chosen when it is built), a distribution package
beside another Python, a Python installed on a base image that has one, and a variable
that only names an interpreter (`ENV PIP_VENV_PYTHON=/usr/bin/python3.12`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from pyparity import lazy_re
from pyparity.model import SIDE_BY_SIDE, Declaration, Purpose, Role
from pyparity.parsers.dockerfile import Arg, Stage, Written
from pyparity.records import record, replace
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile

KIND = "dockerfile"

# Linear: each alternative is literal text or a single run of one character class.
_VERSION = lazy_re.compile(r"(?:pypy)?3\.\d{1,2}(?:\.\d{1,3}(?:(?:a|b|rc)\d{1,2})?)?t?")
_PACKAGE = lazy_re.compile(r"python-?(3\.\d{1,2})(?:-[a-z]++)*+")
_INTERPRETER = lazy_re.compile(r"python(3\.\d{1,2})t?")
_TOKEN = lazy_re.compile(r"[;&|()]++|[^\s;&|()]++")
_PYTHON_ORG = "python.org/ftp/python"
# `$env:NAME` (PowerShell), `${NAME...}` or `$NAME` (shell), `%NAME%` (cmd).
_REFERENCE = lazy_re.compile(r"\$env:(\w++)|\$\{?([A-Za-z_]\w*+)|%(\w++)%")
_MANYLINUX_BIN = lazy_re.compile(r"/opt/python/cp3(\d{1,2})-cp3\d{1,2}t?/bin/?")
# Text just before `$V` that makes its value a Python the RUN installs.
_INSTALL_PREFIXES = (
    "python=",
    "python==",
    "python",
    "python-",
    "Python-",
    "/ftp/python/",
    "--python ",
    "--python=",
    "-p ",
    "pyenv install ",
    "python install ",
)
_PACKAGE_MANAGERS = {
    "apt-get": "install",
    "apt": "install",
    "apk": "add",
    "yum": "install",
    "dnf": "install",
    "microdnf": "install",
}
# Several versions of one kind in a stage are a set: the Pythons a development image offers a
# test runner (pyenv's, a distribution's side by side), the PATH interpreters it builds for.
_SETS = {"set": "pyenv Pythons", "path": "PATH interpreters", "system": "distribution Pythons"}
_PREFIXES = frozenset({"sudo", "exec", "command", "env", "nice"})
_CONDAS = frozenset({"conda", "mamba", "micromamba"})


@record
class StageRole:
    """What a stage is for, as the Dockerfile reader decided from its FROM and COPYs."""

    purpose: Purpose
    context: str
    ships: bool = False
    has_python: bool = False
    """Its FROM image (or a stage it is built FROM) carries a Python."""
    distro: str = ""
    """Its FROM image, where that is a distribution release whose `python3` package is known
    (`ubuntu:24.04`), and that package's minor: `("ubuntu:24.04", "3.12")`."""
    distro_python: str = ""


@record
class _Found:
    """A Python a Dockerfile's ENV, ARG or RUN installs or chooses, with its offsets."""

    version: str
    raw: str = ""
    """The text as written, when it is more than the version (`python3.12-venv`)."""
    start: int
    end: int
    how: str
    kind: str
    """`chosen` (an ENV, uv, conda), `argument` (an ARG's default), `set` (pyenv),
    `system` (a distribution package), `path` (a manylinux PATH entry), `interpreter` (a
    variable naming one)."""


def declarations(
    file: TextFile,
    stages: Sequence[Stage],
    global_args: Sequence[Arg],
    roles: Mapping[int, StageRole],
) -> list[Declaration]:
    found: list[Declaration] = []
    for stage in stages:
        role = roles.get(stage.index)
        if role is not None:
            found += _stage(file, stage, global_args, role)
    return found


def _stage(
    file: TextFile, stage: Stage, global_args: Sequence[Arg], role: StageRole
) -> list[Declaration]:
    items = _of_distro([*_variables(stage, global_args), *_commands(stage), *_paths(stage)], role)
    chosen = any(i.kind in ("chosen", "set", "argument") for i in items)
    chosen = chosen or (
        any(i.kind == "system" for i in items) and _installs_an_unread_python(stage)
    )
    sizes = {kind: len({i.version for i in items if i.kind == kind}) for kind in _SETS}
    in_venv = role.has_python and venv_runs_the_project(stage)
    result = []
    for item in items:
        why = _why_unresolved(item, chosen=chosen, has_python=role.has_python)
        if why and in_venv and item.how == _UV_VENV:
            why = ""  # the project is installed into that venv: its Python runs the project
        context = f"{role.context}, {item.how}"
        span = file.span(item.start, item.end)
        raw = item.raw or item.version
        if why:
            declaration = unresolved(file.path, span, raw, source=KIND, context=context, note=why)
            result.append(replace(declaration, purpose=role.purpose))
            continue
        several = sizes.get(item.kind, 0) > 1
        declaration = pin(
            file.path,
            span,
            item.version,
            source=KIND,
            context=f"{context}, {SIDE_BY_SIDE}" if several and item.kind == "system" else context,
            purpose=Purpose.BUILD if item.kind == "path" else role.purpose,
            ships=role.ships and item.kind != "path",
            group=f"{file.path} stage {stage.label} {_SETS[item.kind]}" if several else "",
            role=Role.MATRIX if several else Role.PIN,
        )
        result.append(replace(declaration, raw=raw))
    return result


def _of_distro(items: list[_Found], role: StageRole) -> list[_Found]:
    """The stage's first unversioned `python3` package (`python3`, `python3-pip`) as the minor
    the release it is FROM packages, where that release is known and no versioned package of
    the stage names the same minor; the others are that one Python again."""
    versions = {item.version for item in items if item.kind == "system"}
    first = next((item for item in items if item.kind == _DISTRO), None)
    kept = [item for item in items if item.kind != _DISTRO]
    if first is None or not role.distro_python or role.distro_python in versions:
        return kept
    how = f"{first.how}, {role.distro}'s python3"
    return [*kept, replace(first, version=role.distro_python, how=how, kind="system")]


def _why_unresolved(item: _Found, *, chosen: bool, has_python: bool) -> str:
    if item.kind == "argument":
        return "the default of a build argument: the image's Python is chosen when it is built"
    if item.kind == "interpreter":
        return "names an interpreter; what runs with it is not told"
    if item.kind == "system" and chosen:
        return (
            "a distribution's Python beside the one the stage installs; which one runs is not told"
        )
    if has_python and item.kind != "path":
        return "installed beside the base image's Python; which one runs is not told"
    return ""


def _value(arg: Arg) -> tuple[str, int, int] | None:
    """The unquoted value of an ARG or ENV, with its file offsets."""
    written = arg.default
    if written is None:
        return None
    text, start = written.text, 0
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text, start = text[1:-1], 1
    return text, written.offset(start), written.offset(start + len(text))


def _variables(stage: Stage, global_args: Sequence[Arg]) -> Iterator[_Found]:
    """Variables whose version a RUN of the stage installs, or that name an interpreter. A
    stage's `ARG NAME` with no value brings the global ARG of that name into the stage."""
    global_values = {arg.name: arg for arg in global_args if arg.default is not None}
    visible: dict[str, tuple[str, Arg]] = {}
    for arg in stage.args:
        if arg.default is not None:
            visible[arg.name] = ("ARG", arg)
        elif arg.name in global_values:
            visible[arg.name] = ("ARG", global_values[arg.name])
    for env in stage.envs:
        visible[env.name] = ("ENV", env)
    installed: dict[str, str] | None = None
    for name, (kind, arg) in visible.items():
        value = _value(arg) if "PY" in name.upper() else None
        if value is None:
            continue
        text, start, end = value
        if _VERSION.fullmatch(text):
            if installed is None:
                installed = _installed_by(stage.runs)
            how = installed.get(name, "")
            if how:
                yield _Found(
                    version=text,
                    start=start,
                    end=end,
                    how=f"{kind} {name} {how}",
                    kind="chosen" if kind == "ENV" else "argument",
                )
            continue
        program = text.rsplit("/", 1)[-1]
        interpreter = _INTERPRETER.fullmatch(program)
        if interpreter is not None:
            yield _Found(
                version=interpreter[1],
                raw=program,
                start=end - len(program),
                end=end,
                how=f"{kind} {name} names {text}",
                kind="interpreter",
            )


def _installed_by(runs: Sequence[str]) -> dict[str, str]:
    """How a RUN installs the Python each variable holds, for the variables one does: the
    RUN lines are read once for every variable, not once for each."""
    found: dict[str, str] = {}
    for run in runs:
        from_python_org = _PYTHON_ORG in run
        for match in _REFERENCE.finditer(run):
            name = match[1] or match[2] or match[3]
            if name in found:
                continue
            if from_python_org:
                found[name] = "built from python.org's release"
                continue
            before = run[max(0, match.start() - 20) : match.start()].rstrip("\"'")
            if before.endswith(_INSTALL_PREFIXES):
                found[name] = "installed by a RUN"
    return found


def _commands(stage: Stage) -> Iterator[_Found]:
    for run in stage.run_lines:
        for command in _split(run.text):
            yield from _command(run, command)


_UV_VENV = "uv venv --python"
_PROJECT_ARGUMENTS = (".", "./")


def venv_runs_the_project(stage: Stage) -> bool:
    """Does the stage make a uv venv of a Python it names (`uv venv .venv --python=3.10`) and
    then install the project into a venv (`uv pip install -e ".[all]"`, `uv pip install .`,
    `uv sync`)? Then the venv's Python runs the project, and the image's own only runs uv and
    tools (camel's dev image: `FROM python:3.14`, its project on 3.10)."""
    made = False
    for run in stage.run_lines:
        for command in _split(run.text):
            words = [word for word, _, _ in command]
            if words[:2] == ["uv", "venv"] and any(
                w in ("--python", "-p") or w.startswith("--python=") for w in words
            ):
                made = True
            elif made and (words[:2] == ["uv", "sync"] or _installs_the_project(words)):
                return True
    return False


def venv_python(stage: Stage) -> str | None:
    """The version a stage's uv venv is made with, when the project is installed into it
    (`venv_runs_the_project`)."""
    if not venv_runs_the_project(stage):
        return None
    return next((item.version for item in _commands(stage) if item.how == _UV_VENV), None)


def _installs_the_project(words: list[str]) -> bool:
    """`uv pip install -e .`, `uv pip install ".[all, dev]"` (split at its comma's space)."""
    if words[:3] != ["uv", "pip", "install"]:
        return False
    return any(w.startswith(_PROJECT_ARGUMENTS) and not w.startswith("..") for w in words[3:])


def _installs_an_unread_python(stage: Stage) -> bool:
    """`pyenv local | xargs -L 1 pyenv install` (the versions of a `.python-version` the stage
    copies in), `uv python install` with no version: the stage sets up a Python of its own,
    which is not read here; a distribution's `python3.13-dev` beside it is build headers."""
    for run in stage.run_lines:
        for command in _split(run.text):
            words = [word for word, _, _ in command]
            for index, word in enumerate(words[:-1]):
                if word == "pyenv" and words[index + 1] == "install":
                    return True
                if word == "uv" and words[index + 1 : index + 3] == ["python", "install"]:
                    return True
    return False


def _split(text: str) -> tuple[list[tuple[str, int, int]], ...]:
    """The words of each shell command of a RUN (split at `;`, `&&`, `|`, parentheses),
    quotes stripped from each word's ends. Each RUN is asked three times (what it installs,
    whether it builds a Python, whether it installs one with no version): split once."""
    return _split_once(text)


@lru_cache(maxsize=256)
def _split_once(text: str) -> tuple[list[tuple[str, int, int]], ...]:
    return tuple(_shell_commands(text))


def _shell_commands(text: str) -> Iterator[list[tuple[str, int, int]]]:
    command: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        word = match[0]
        if word[0] in ";&|()":
            if command:
                yield command
            command = []
            continue
        start, end = match.start(), match.end()
        while end - start >= 1 and text[start] in "'\"":
            start += 1
        while end > start and text[end - 1] in "'\"":
            end -= 1
        if end > start:
            command.append((text[start:end], start, end))
    if command:
        yield command


def _command(run: Written, words: list[tuple[str, int, int]]) -> Iterator[_Found]:
    """The Pythons one shell command installs; the program is its first word (after
    `sudo` and variable assignments), so `echo pyenv install 3.12` installs nothing."""
    names = [word.rsplit("/", 1)[-1] for word, _, _ in words]
    first = 0
    while first < len(names) and (names[first] in _PREFIXES or "=" in names[first]):
        first += 1
    program, rest = names[first : first + 1], names[first + 1 :]
    if not program or not rest:
        return
    name, following, after = program[0], rest[0], first + 2
    if name == "pyenv" and following in ("install", "global", "local"):
        yield from _versions(run, words[after:], f"pyenv {following}", "set")
    elif name == "uv" and following == "python" and rest[1:2] == ["install"]:
        yield from _versions(run, words[after + 1 :], "uv python install", "chosen")
    elif name == "uv" and following in ("venv", "sync", "run", "pip"):
        yield from _option(run, words[after:], f"uv {following} --python")
    elif name in _CONDAS and following in ("install", "create"):
        yield from _conda(run, words[after:], f"{name} {following}")
    elif name in _PACKAGE_MANAGERS:
        # (an option's value joined to it is no subcommand: `--option Dpkg::Options::=...`)
        subcommand = next((n for n in rest if not n.startswith("-") and "=" not in n), "")
        if subcommand == _PACKAGE_MANAGERS[name]:
            yield from _packages(run, words[after:], f"{name} {subcommand}")


def _versions(
    run: Written, words: list[tuple[str, int, int]], how: str, kind: str
) -> Iterator[_Found]:
    for word, start, end in words:
        if _VERSION.fullmatch(word):
            yield _Found(
                version=word, start=run.offset(start), end=run.offset(end), how=how, kind=kind
            )


def _option(run: Written, words: list[tuple[str, int, int]], how: str) -> Iterator[_Found]:
    for index, (word, start, end) in enumerate(words):
        if word in ("--python", "-p") and index + 1 < len(words):
            value, start, end = words[index + 1]
        elif word.startswith("--python="):
            value, start = word.removeprefix("--python="), start + len("--python=")
        else:
            continue
        if _VERSION.fullmatch(value):
            yield _Found(
                version=value, start=run.offset(start), end=run.offset(end), how=how, kind="chosen"
            )
        return


def _conda(run: Written, words: list[tuple[str, int, int]], how: str) -> Iterator[_Found]:
    for word, start, end in words:
        name, _, version = word.partition("=")
        version = version.lstrip("=")
        if name == "python" and _VERSION.fullmatch(version):
            at = start + len(word) - len(version)
            yield _Found(
                version=version, start=run.offset(at), end=run.offset(end), how=how, kind="chosen"
            )
            return


def _packages(run: Written, words: list[tuple[str, int, int]], how: str) -> Iterator[_Found]:
    """The first package of each Python minor (`python3.12 python3.12-venv` is one), and the
    first of the distribution's own `python3` (`python3 python3-pip`), whose minor is the
    release's (`_of_distro`)."""
    seen = set()
    for word, start, end in words:
        match = _PACKAGE.fullmatch(word)
        version = match[1] if match is not None else ""
        kind = "system" if match is not None else _DISTRO
        if (match is None and not _DISTRO_PACKAGE.fullmatch(word)) or version in seen:
            continue
        seen.add(version)
        yield _Found(
            version=version,
            raw=word,
            start=run.offset(start),
            end=run.offset(end),
            how=f"{how} {word}",
            kind=kind,
        )


_DISTRO = "distro"
# The distribution's own Python 3 and the packages that bring it (`apk add py3-pip`).
_DISTRO_PACKAGE = lazy_re.compile(r"python3(?:-(?:pip|dev|devel|venv|full|minimal))?|py3-pip")


def _paths(stage: Stage) -> Iterator[_Found]:
    for env in stage.envs:
        if env.name != "PATH" or env.default is None:
            continue
        text = env.default.text
        for match in _MANYLINUX_BIN.finditer(text):
            yield _Found(
                version=f"3.{match[1]}",
                raw=match[0],
                start=env.default.offset(match.start()),
                end=env.default.offset(match.end()),
                how="ENV PATH puts this interpreter first",
                kind="path",
            )
