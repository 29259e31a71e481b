"""pre-commit: `.pre-commit-config.yaml` (any folder): `default_language_version.python`, each
hook's own `language_version`, and the target versions hooks are given in `args`:
pyupgrade's and reorder-python-imports' `--py310-plus`, black's `--target-version py310` /
`-t py310` (blacken-docs and nbqa-black too), mypy's `--python-version 3.11`. Also
`.pre-commit-hooks.yaml`, the hooks a repository provides: their `language_version`.

`python3.11` pins 3.11 for the hooks' environments, `python3` and `python` float, `pypy3.10`
is PyPy; a bare `3.11` is read as the default's `python:` and for a hook that is Python
(`language: python`, or a known Python tool). A tooling pin: hooks may run on another
Python than the project, but the one named should still lie inside the supported range. A
hook's own floating `python3` is listed in a scope of the file's hooks, compared with
nothing: whichever python3 the machine has runs the hook's tool, which the project's range
does not bind; so is a floating `default_language_version`. A hook's `args` target is a tool
target, compared with the floor like `[tool.ruff] target-version`; so is the
`--python-version` a local hook's `entry` gives ty or mypy (`uv run ty check
--python-version 3.14`). A target of a hook whose `files:` names modules one by one is those
files' (a few kept for Python 2.7), not compared with the floor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import FOR_NAMED_FILES, Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.records import replace
from pyparity.scope import OWN_SCOPE
from pyparity.sources._common import pin, pin_requirement
from pyparity.sources._yaml_values import scalar_at, scalar_pin, text_span
from pyparity.textfile import TextFile

KIND = "pre-commit"
CONTEXT = "pre-commit default_language_version"
_NAMES = frozenset({".pre-commit-config.yaml", ".pre-commit-config.yml"})
_HOOKS_NAMES = frozenset({".pre-commit-hooks.yaml", ".pre-commit-hooks.yml"})


@cache
def _interpreter_re() -> re.Pattern[str]:
    return re.compile(
        r"^(?P<dir>.*[/\\])?(?P<name>python|pypy|py)(?P<version>\d++(?:\.\d++)*+)?(?:\.exe)?$",
        re.IGNORECASE,
    )


@cache
def _bare_re() -> re.Pattern[str]:
    return re.compile(r"3\.\d{1,2}")


_PYTHON_HOOKS = frozenset(
    {
        "add-trailing-comma",
        "autoflake",
        "autopep8",
        "bandit",
        "black",
        "black-jupyter",
        "blacken-docs",
        "docformatter",
        "flake8",
        "isort",
        "mypy",
        "pycln",
        "pydocstyle",
        "pylint",
        "pyupgrade",
        "reorder-python-imports",
        "yesqa",
    }
)
"""Hooks known to be Python, whose bare `language_version: "3.11"` is a Python."""


# Each a full match of one argument: literals and digit runs, nothing to backtrack.
@cache
def _plus_re() -> re.Pattern[str]:
    return re.compile(r"--py(?P<major>\d)(?P<minor>\d{1,2})-plus")


@cache
def _target_option_re() -> re.Pattern[str]:
    return re.compile(r"(?P<option>--target-version|-t|--python-version)(?:[= ](?P<value>.+))?")


@cache
def _black_target_re() -> re.Pattern[str]:
    return re.compile(r"py(?P<major>\d)(?P<minor>\d{1,2})")


_PLUS_HOOKS = {"pyupgrade": "pyupgrade", "nbqa-pyupgrade": "pyupgrade"}
_PLUS_HOOKS["reorder-python-imports"] = "reorder-python-imports"
_BLACK_HOOKS = frozenset({"black", "black-jupyter", "nbqa-black", "blacken-docs"})
_MYPY_HOOKS = frozenset({"mypy", "nbqa-mypy"})


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in _NAMES or name in _HOOKS_NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if file.path.rsplit("/", 1)[-1] in _HOOKS_NAMES:
        if not isinstance(root, Sequence):
            raise UnreadableFile("a pre-commit hooks file must be a list", line=root.span.line)
        return [d for hook in _mappings(root) for d in _language_version(file, hook)]
    if _repos_alone(root):  # pre-commit's first form, which it still loads
        hooks = list(_hooks(root))
    elif isinstance(root, Mapping):
        hooks = list(_hooks(root.get("repos")))
    else:
        raise UnreadableFile(
            "a pre-commit config must be a mapping (or a list of repos, its first form)",
            line=root.span.line,
        )
    found = []
    scalar = scalar_at(root, "default_language_version", "python")
    if scalar is not None:
        # The key says the language: a bare "3.14" is a Python there (virtualenv's `-p 3.14`).
        found += _floating_apart(file, _interpreter(file, scalar, CONTEXT, bare=True))
    for hook in hooks:
        found += _language_version(file, hook)
        targets = _args_targets(file, hook) + _entry_target(file, hook)
        if targets and _names_modules(hook):
            targets = [replace(t, context=f"{t.context}, {FOR_NAMED_FILES}") for t in targets]
        found += targets
    return found


def _names_modules(hook: Mapping) -> bool:
    """Does the hook's `files:` pattern name `.py` modules one by one (a few files kept for
    an older Python), rather than folders (`^src/`, the whole package)?"""
    files = hook.get("files")
    return isinstance(files, Scalar) and _MODULE_IN_PATTERN.search(files.text) is not None


_MODULE_IN_PATTERN = lazy_re.compile(r"[\\]?\.pyi?(?:[$|)\s]|$)")
"""`PilotWrapper.py|`, `x\\.py$`, `[^/]+.py)`: a module's name ends there, not a folder's."""


def _mappings(node: Node | None) -> Iterator[Mapping]:
    if isinstance(node, Sequence):
        yield from (item for item in node.items if isinstance(item, Mapping))


def _repos_alone(root: Node) -> bool:
    """A list of repos, each a mapping: the config before `repos:` (pre-commit < 1.0)."""
    return isinstance(root, Sequence) and all(isinstance(r, Mapping) for r in root.items)


def _hooks(repos: Node | None) -> Iterator[Mapping]:
    for repo in _mappings(repos):
        yield from _mappings(repo.get("hooks"))


def _hook_id(hook: Mapping) -> str:
    scalar = hook.scalar("id")
    return scalar.text.strip() if scalar is not None else ""


def _language_version(file: TextFile, hook: Mapping) -> list[Declaration]:
    scalar = hook.scalar("language_version")
    if scalar is None:
        return []
    hook_id = _hook_id(hook)
    language = hook.scalar("language")
    python = hook_id in _PYTHON_HOOKS or (
        language is not None and language.text.strip() == "python"
    )
    context = f"pre-commit hook {hook_id} language_version".replace("  ", " ")
    return _floating_apart(file, _interpreter(file, scalar, context, bare=python))


def _floating_apart(file: TextFile, found: list[Declaration]) -> list[Declaration]:
    """`python3` for the hooks (all of them, or one): whichever python3 the machine has runs
    the hooks' tools, which the project's range does not bind, and which is not the newest
    release the way a `python:3` image is; listed in a scope of the file's hooks, compared
    with nothing."""
    own = f"{OWN_SCOPE}{file.path} hooks"
    return [replace(d, anchor=own) if d.role is Role.FLOATING else d for d in found]


def _interpreter(file: TextFile, scalar: Scalar, context: str, *, bare: bool) -> list[Declaration]:
    """`python3.11`, `pypy3.10`, `python3`; a bare `3.11` where the hook is Python."""
    text = scalar.text.strip()
    if bare and _bare_re().fullmatch(text):
        declaration = scalar_pin(
            file, scalar, source=KIND, context=context, purpose=Purpose.TOOLING
        )
        return [replace(declaration, raw=text)]
    match = _interpreter_re().match(text)
    if match is None or match["name"].lower() == "py":
        return []
    implementation = "pypy" if match["name"].lower() == "pypy" else ""
    requirement = pin_requirement(f"{implementation}{match['version'] or '3'}")
    prefix = "" if requirement.floating else (match["dir"] or "") + match["name"]
    declaration = scalar_pin(
        file, scalar, source=KIND, context=context, purpose=Purpose.TOOLING, prefix=prefix
    )
    role = Role.FLOATING if requirement.floating else Role.PIN
    return [replace(declaration, raw=text, requirement=requirement, role=role)]


# -- targets in a hook's args -----------------------------------------------------------------


def _args_targets(file: TextFile, hook: Mapping) -> list[Declaration]:
    args = hook.get("args")
    if not isinstance(args, Sequence):
        return []
    hook_id = _hook_id(hook)
    items = [item for item in args.items if isinstance(item, Scalar)]
    if hook_id in _PLUS_HOOKS:
        return _plus_targets(file, items, _PLUS_HOOKS[hook_id], hook_id)
    if hook_id in _BLACK_HOOKS:
        return _option_targets(
            file, items, "--target-version", "-t", "black target-version", hook_id
        )
    if hook_id in _MYPY_HOOKS:
        return _option_targets(file, items, "--python-version", "", "mypy python_version", hook_id)
    return []


# `ty check --python-version 3.14`, `mypy --python-version=3.11 src`: words split on blanks.
_ENTRY_TOOLS = {"ty": "ty python-version", "mypy": "mypy python_version"}


@cache
def _entry_word_re() -> re.Pattern[str]:
    return re.compile(r"[^\s]++")


def _entry_target(file: TextFile, hook: Mapping) -> list[Declaration]:
    """The `--python-version` a hook's `entry` gives ty or mypy (a local hook); the first one
    after the tool's name, as argparse keeps the last but an entry gives it once."""
    entry = hook.scalar("entry")
    if entry is None or "--python-version" not in entry.text:
        return []
    words = list(_entry_word_re().finditer(entry.text))
    tool = ""
    for index, word in enumerate(words):
        text = word[0]
        if not tool:
            tool = _ENTRY_TOOLS.get(text.rsplit("/", 1)[-1], "")
            continue
        value_at, value = -1, ""
        if text.startswith("--python-version="):
            value_at, value = word.start() + len("--python-version="), text.partition("=")[2]
        elif text == "--python-version" and index + 1 < len(words):
            value_at, value = words[index + 1].start(), words[index + 1][0]
        if value_at >= 0:
            value = value.strip("\"'")
            if not _bare_re().fullmatch(value):
                return []
            value_at = entry.text.find(value, value_at)
            context = _labelled(tool, tool.split(" ", 1)[0], _hook_id(hook))
            return [_target(file, entry, (value_at, value_at + len(value)), value, context, "")]
    return []


def _plus_targets(
    file: TextFile, items: list[Scalar], tool: str, hook_id: str
) -> list[Declaration]:
    """pyupgrade's `--py310-plus`: the oldest Python the code is rewritten for (the last
    one given wins, as with argparse)."""
    found = None
    for item in items:
        text = item.text.strip()
        if (match := _plus_re().fullmatch(text)) is not None:
            found = (item, text, f"{match['major']}.{match['minor']}")
    if found is None:
        return []
    item, text, version = found
    begin = item.text.find(text)
    context = _labelled(f"{tool} target", tool, hook_id)
    return [_target(file, item, (begin, begin + len(text)), version, context, "")]


def _option_targets(
    file: TextFile, items: list[Scalar], long: str, short: str, context: str, hook_id: str
) -> list[Declaration]:
    """`--target-version=py310`, `--target-version py310` (one argument or two), `-t py310`;
    black takes several (its lowest counts: a group), mypy one."""
    found: list[tuple[Scalar, tuple[int, int], str]] = []
    for index, item in enumerate(items):
        text = item.text.strip()
        match = _target_option_re().fullmatch(text)
        if match is None or match["option"] not in {long, short}:
            continue
        if match["value"] is not None:
            value_item, value = item, match["value"].strip()
            begin = item.text.find(text) + match.start("value")
            begin += len(match["value"]) - len(match["value"].lstrip())
        elif index + 1 < len(items):
            value_item, value = items[index + 1], items[index + 1].text.strip()
            begin = value_item.text.find(value)
        else:
            continue
        version = _version_of(value)
        if version is not None:
            found.append((value_item, (begin, begin + len(value)), version))
    group = f"{file.path} {hook_id} {context}" if len(found) > 1 else ""
    label = _labelled(context, context.split(" ", 1)[0], hook_id)
    return [_target(file, item, where, version, label, group) for item, where, version in found]


def _labelled(context: str, tool: str, hook_id: str) -> str:
    """`black target-version`, `black target-version (hook nbqa-black)`: the tool comes
    first (the rules know the tool by it)."""
    return context if hook_id == tool else f"{context} (hook {hook_id})"


def _version_of(value: str) -> str | None:
    """`py310` -> 3.10 (black), `3.11` stays (mypy)."""
    if (match := _black_target_re().fullmatch(value)) is not None:
        return f"{match['major']}.{match['minor']}"
    return value if _bare_re().fullmatch(value) else None


def _target(
    file: TextFile,
    item: Scalar,
    where: tuple[int, int],
    version: str,
    context: str,
    group: str,
) -> Declaration:
    """A tool target written at `item.text[where[0]:where[1]]`."""
    declaration = pin(
        file.path,
        text_span(file, item, *where),
        version,
        source=KIND,
        context=context,
        role=Role.TARGET,
        group=group,
    )
    return replace(declaration, raw=item.text[where[0] : where[1]])
