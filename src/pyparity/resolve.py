"""Links between files, resolved after every file has been read.

- `${{ inputs.x }}` in a reusable workflow or a local action: the values local callers pass
  with `with:` (the declaration is the caller's line), else the input's default.
- compose and devcontainer `build.args` that override a Dockerfile `ARG` (resolve_builds.py).
- `python-version-file:` in a workflow (and tox's `base_python_file`): the named file's
  version (read through its own source reader, once, however many workflows name it)
  becomes a pin at the workflow's line; a file no reader takes as its own
  (`.python-version-default`) is listed with its own declarations too. Of a
  `pyproject.toml`, setup-python reads `project.requires-python` when the file has a
  `[project]` table, else Poetry's `tool.poetry.dependencies.python`, and nothing else (not
  a tox `base_python`, not a tool's target); the range floats to the newest minor it
  admits, as setup-python resolves it.
- `uv sync` / `uv run` after setup-python, in a job with a `.python-version` above it: the
  file's Python is the one tested; setup-python's becomes tooling (`resolve_uv.py`).
- `pixi run -e <env>` / setup-pixi `environments:` in a workflow: the Python of that pixi
  environment (`sources/pixi.py`), at the workflow's line.
- a CI job whose own steps do not show its purpose, and that calls a local composite action
  whose steps run the tests, runs the tests (`resolve_actions.py`).
- `environment-file:` of a conda setup step: the `python` pin of that environment file
  (`sources/conda.py`), at the workflow's line.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache

import tomli

from pyparity.model import Declaration, Purpose, Requirement, Role
from pyparity.records import replace
from pyparity.resolve_actions import with_action_purposes
from pyparity.sources._common import (
    AZURE_TEMPLATE_NOTE,
    BUILD_LINK,
    CALL_JSON_NOTE,
    CALL_NOTE,
    CALLER_NOTE,
    CONDA_ENV_FILE,
    DEFAULT_NOTE,
    DEFAULT_VERSION_FILE,
    INPUT_JSON_NOTE,
    INPUT_NOTE,
    PIXI_NOTE,
    PYTHON_VERSION_FILE,
    UV_OVER_SETUP,
    UV_VERSION_FILE,
    pin,
)
from pyparity.textfile import TextFile

ReadDeclarations = Callable[[str], Sequence[Declaration] | None]
ReadText = Callable[[str], TextFile | None]


def resolve(
    declarations: Sequence[Declaration],
    read_declarations: ReadDeclarations,
    read_text: ReadText,
) -> list[Declaration]:
    resolved: list[Declaration] = []
    environments: list[Declaration] = []
    over_setup: list[Declaration] = []
    declarations = with_action_purposes(declarations, read_text)
    for declaration in _workflow_inputs(declarations):
        if declaration.role is Role.UNRESOLVED and declaration.note in _VERSION_FILE_NOTES:
            resolved.append(_version_file(declaration, read_declarations, read_text))
        elif declaration.role is Role.UNRESOLVED and declaration.note == UV_VERSION_FILE:
            resolved += _uv_version_file(declaration, read_declarations, read_text)
        elif declaration.role is Role.UNRESOLVED and declaration.note == UV_OVER_SETUP:
            over_setup.append(declaration)
        elif declaration.role is Role.UNRESOLVED and declaration.note.startswith(PIXI_NOTE):
            from pyparity.sources.pixi import linked  # TOML, only when a job runs pixi

            if (found := linked(declaration, read_text)) is not None:
                resolved.append(found)
        elif declaration.role is Role.UNRESOLVED and declaration.note == CONDA_ENV_FILE:
            environments.append(declaration)
        else:
            resolved.append(declaration)
    if over_setup:
        from pyparity.resolve_uv import over_setup_python

        resolved = over_setup_python(
            over_setup, resolved, lambda d: _uv_version_file(d, read_declarations, read_text)
        )
    resolved += _named_files(resolved, read_declarations)
    if environments:
        # After `_named_files`: an environment file is never read as a version file.
        from pyparity.sources import conda  # YAML, only when a job creates an environment

        resolved += [found for d in environments if (found := conda.linked(d, read_text))]
    if any(d.note.startswith(AZURE_TEMPLATE_NOTE) for d in resolved):
        from pyparity.sources.azure_pipelines import links  # YAML, only when a link needs it

        resolved = links.resolve(resolved, read_text)
    if not any(d.note.startswith(BUILD_LINK) for d in resolved):
        return resolved
    from pyparity import resolve_builds  # the Dockerfile parser, only when a build names one

    return resolve_builds.resolve(resolved, read_text)


_VERSION_FILE_NOTES = (PYTHON_VERSION_FILE, DEFAULT_VERSION_FILE)


def _named_files(
    resolved: Sequence[Declaration], read_declarations: ReadDeclarations
) -> list[Declaration]:
    """The declarations of each file that a `python-version-file:` or tox `base_python_file`
    names and that no reader took as its own (`.python-version-default`): the file declares
    that version itself, once, however many links name it."""
    read = {d.file for d in resolved if not d.origin}
    named = dict.fromkeys(d.origin for d in resolved if d.origin and d.origin not in read)
    return [d for path in named for d in read_declarations(path) or ()]


def _workflow_inputs(declarations: Sequence[Declaration]) -> list[Declaration]:
    """`${{ inputs.x }}` in a reusable workflow or a local action takes the values its local
    callers pass (the declaration moves to the caller's line), and the input's default when a
    local caller leaves the input out or no local caller exists. A caller that passes on its
    own input (`${{ inputs.y }}` of a reusable workflow) passes what its callers give y. A
    matrix axis `${{ fromJson(inputs.x) }}` takes the items of each JSON list."""
    links = _Links()
    for declaration in declarations:
        if declaration.role is Role.UNRESOLVED:
            links.add(declaration)
    result: list[Declaration] = []
    for declaration in declarations:
        note = declaration.note
        if declaration.role is Role.UNRESOLVED and note.startswith(
            (CALL_NOTE, CALL_JSON_NOTE, CALLER_NOTE, DEFAULT_NOTE)
        ):
            continue
        as_json = note.startswith(INPUT_JSON_NOTE)
        if declaration.role is not Role.UNRESOLVED or not note.startswith(
            (INPUT_NOTE, INPUT_JSON_NOTE)
        ):
            result.append(declaration)
            continue
        name = note.removeprefix(INPUT_JSON_NOTE if as_json else INPUT_NOTE)
        values = links.values((_callee(declaration.file), name), depth=0)
        if as_json:
            values = [item for value in values for item in _json_items(value)]
        if not values:
            result.append(
                replace(declaration, note=f"input {name}: no caller in this repository sets it")
            )
            continue
        result += [_from_caller(declaration, value, several=len(values) > 1) for value in values]
    return result


@cache
def _passed_on_re() -> re.Pattern[str]:
    return re.compile(r"^\$\{\{\s*inputs\.(?P<name>[A-Za-z_][\w-]*)\s*\}\}$")


_MAX_CHAIN = 4  # callers passing an input on to a callee that passes it on...


class _Links:
    """The local calls of reusable workflows and actions: which inputs each call sets, the
    values it passes, and each input's default."""

    def __init__(self) -> None:
        self.passed: dict[tuple[str, str], list[Declaration]] = defaultdict(list)
        self.defaults: dict[tuple[str, str], Declaration] = {}
        self.calls: dict[str, list[set[str]]] = defaultdict(list)  # by callee: inputs set
        self.json_inputs: dict[int, str] = {}  # by id of a value: the input it is JSON of

    def add(self, declaration: Declaration) -> None:
        note = declaration.note
        if note.startswith(CALL_JSON_NOTE):
            callee, name, json_input = note.removeprefix(CALL_JSON_NOTE).rsplit("#", 2)
            self.passed[(callee, name)].append(declaration)
            self.json_inputs[id(declaration)] = json_input
        elif note.startswith(CALLER_NOTE):
            callee, _, names = note.removeprefix(CALLER_NOTE).rpartition("#")
            self.calls[callee].append(set(names.split(",")) - {""})
        elif note.startswith(CALL_NOTE):
            callee, _, name = note.removeprefix(CALL_NOTE).rpartition("#")
            self.passed[(callee, name)].append(declaration)
        elif note.startswith(DEFAULT_NOTE):
            name = note.removeprefix(DEFAULT_NOTE)
            self.defaults[(_callee(declaration.file), name)] = declaration

    def values(self, key: tuple[str, str], *, depth: int) -> list[Declaration]:
        """What the input `key` (callee, name) takes: the values callers pass (a value that
        is the caller's own input, passed on, takes that input's values), and the default
        when a caller leaves it out or none calls."""
        callers = self.calls.get(key[0], [])
        defaulted = not callers or any(key[1] not in names for names in callers)
        values: list[Declaration] = []
        for value in self.passed.get(key, []):
            found = _passed_on_re().match(value.raw.strip())
            json_input = self.json_inputs.get(id(value))
            name = found["name"] if found else json_input
            outer = (_callee(value.file), name) if name else None
            passed_on = self.values(outer, depth=depth + 1) if outer and depth < _MAX_CHAIN else []
            if json_input:  # (a matrix axis of the caller's JSON input: each item a value)
                passed_on = [
                    replace(item, context=f"{item.context}, {value.context}", purpose=value.purpose)
                    for listed in passed_on
                    for item in _json_items(listed)
                ]
            elif value.purpose is not None:
                passed_on = [_carrying_purpose(item, value) for item in passed_on]
            values += passed_on or [value]
        if key in self.defaults and (defaulted or not values):
            values.append(self.defaults[key])
        return values


def _carrying_purpose(outer: Declaration, value: Declaration) -> Declaration:
    """An outer caller's value passed on by a call that carries its job's purpose (a
    reusable workflow's job that sets up Python with a local action, then runs the tests):
    the value takes that purpose, anchor and tolerance of failure where it has none of its
    own (a job-level `uses:` runs no step of its own)."""
    if outer.purpose not in (None, Purpose.UNKNOWN):
        return outer
    return replace(
        outer,
        context=f"{outer.context}, passed on by {value.context}",
        purpose=value.purpose,
        anchor=outer.anchor or value.anchor,
        may_fail=outer.may_fail or value.may_fail,
    )


def _json_items(value: Declaration) -> list[Declaration]:
    """The items of a JSON list a caller passes (`'["3.10", "3.11"]'`), each a value at the
    caller's line; a value that is not such a list stays whole (and is said not to be a
    version where it is not one)."""
    from pyparity.sources.github_actions import json_text  # here: few runs pass a JSON list

    try:
        loaded = json_text.loads(value.raw)
    except (ValueError, RecursionError):
        return [value]
    if not isinstance(loaded, list) or not all(isinstance(i, str | int | float) for i in loaded):
        return [value]
    return [replace(value, raw=str(item)) for item in loaded if not isinstance(item, bool)]


def _not_a_version(value: Declaration) -> str:
    """Why a value a caller passes (or a default) is not taken for a version: an expression
    that cannot be known here (an input passed on, a step's output), or a word the callee
    handles itself (`default`, `system`); "" when it may be a version."""
    if "${{" in value.raw:
        return "passed on as an expression that cannot be known statically"
    if not any(character.isdigit() for character in value.raw):
        return "not a version: what the callee makes of it cannot be read"
    return ""


def _callee(path: str) -> str:
    """How callers name the file: a reusable workflow by its path, an action by its folder."""
    if posixpath.basename(path) in ("action.yml", "action.yaml"):
        return posixpath.dirname(path) or "."
    return path


def _from_caller(declaration: Declaration, value: Declaration, *, several: bool) -> Declaration:
    """The callee's declaration at the caller's value. Its purpose is the callee's; a value
    that carries its caller's purpose (a local action's) gives it where the callee's steps
    say nothing; such a value also carries its caller's anchor (the job's working directory,
    where the Python the action sets up runs the tests)."""
    purpose = declaration.purpose
    if value.purpose is not None and purpose in (None, Purpose.UNKNOWN):
        purpose = value.purpose
    if why := _not_a_version(value):
        return replace(
            declaration,
            file=value.file,
            span=value.span,
            raw=value.raw,
            context=f"{value.context}, for {declaration.where} ({declaration.context})",
            note=f"{value.raw.strip()!r} {why}",
        )
    made = pin(
        value.file,
        value.span,
        value.raw,
        source=declaration.source,
        context=f"{value.context}, for {declaration.where} ({declaration.context})",
        purpose=purpose,
        role=Role.MATRIX if several else Role.PIN,
        group=declaration.group if several else "",
        yaml_loaded_as=value.yaml_loaded_as,
    )
    return replace(made, anchor=value.anchor or declaration.anchor, may_fail=value.may_fail)


def _version_file(
    declaration: Declaration, read_declarations: ReadDeclarations, read_text: ReadText
) -> Declaration:
    path = posixpath.normpath(declaration.raw.strip().removeprefix("./"))
    targets = read_declarations(path)
    if targets is None and declaration.note == DEFAULT_VERSION_FILE:
        return replace(
            declaration,
            raw="(no python-version)",
            note="no python-version and no .python-version: the runner's own Python is used",
        )
    if targets is None:
        return replace(
            declaration, note=f"python-version-file {path} is not a file of this repository"
        )
    found = _target(path, targets, read_text)
    if isinstance(found, str):
        return replace(declaration, note=f"python-version-file {path} {found}")
    target, requirement = found
    role = Role.PIN
    if target.role is Role.RANGE:
        requirement = _as_setup_python_would(requirement)
        role = Role.FLOATING
    elif target.role is Role.FLOATING:
        role = Role.FLOATING
    anchor = posixpath.dirname(path) or "."
    return replace(
        declaration,
        role=role,
        requirement=requirement,
        raw=f"{path} ({target.raw})",
        note="",
        anchor=anchor,
        context=f"{declaration.context}, from {target.where}",
        origin=target.file,
    )


def _uv_version_file(
    declaration: Declaration, read_declarations: ReadDeclarations, read_text: ReadText
) -> list[Declaration]:
    """uv's `.python-version`: the working directory's or the nearest folder's above it; a
    job with none declares nothing (uv picks a Python that cannot be known here)."""
    folder = posixpath.dirname(declaration.raw.strip())
    while True:
        path = posixpath.join(folder, ".python-version") if folder else ".python-version"
        if read_declarations(path) is not None:
            found = _version_file(replace(declaration, raw=path), read_declarations, read_text)
            return [] if found.role is Role.UNRESOLVED else [found]
        if not folder:
            return []
        folder = posixpath.dirname(folder)


# The pyproject reader's contexts for the two ranges setup-python reads.
_REQUIRES_PYTHON = "requires-python"
_POETRY_PYTHON = "tool.poetry python"


def _target(
    path: str, targets: Sequence[Declaration], read_text: ReadText
) -> tuple[Declaration, Requirement] | str:
    """The declaration setup-python takes from the file and its version, or why there is none."""
    if posixpath.basename(path) != "pyproject.toml":
        found = _first_usable(targets)
        if found is None or found.requirement is None:
            return "is not a version file"
        return found, found.requirement
    found = _pyproject_range(path, targets, read_text)
    if found is None:
        return "has no requires-python, which setup-python reads"
    if found.requirement is None:
        return f"has a {found.context} that cannot be read: {found.raw!r} ({found.note})"
    return found, found.requirement


def _pyproject_range(
    path: str, targets: Sequence[Declaration], read_text: ReadText
) -> Declaration | None:
    """What setup-python reads of a pyproject.toml: `project.requires-python` when there is a
    `[project]` table, else `tool.poetry.dependencies.python`."""
    ranges = {
        d.context: d
        for d in targets
        if d.source == "pyproject" and d.context in (_REQUIRES_PYTHON, _POETRY_PYTHON)
    }
    if _REQUIRES_PYTHON in ranges or _POETRY_PYTHON not in ranges:
        return ranges.get(_REQUIRES_PYTHON)
    return None if _has_project_table(read_text(path)) else ranges[_POETRY_PYTHON]


def _has_project_table(file: TextFile | None) -> bool:
    try:
        return file is not None and "project" in tomli.loads(file.text)
    except (tomli.TOMLDecodeError, RecursionError):
        return False


def _first_usable(targets: Sequence[Declaration]) -> Declaration | None:
    for role in (Role.PIN, Role.FLOATING, Role.RANGE):
        for target in targets:
            if target.role is role and target.requirement is not None:
                return target
    return None


def _as_setup_python_would(requirement: Requirement) -> Requirement:
    """setup-python resolves a range to the newest version it admits: a floating pin."""
    return replace(requirement, floating=True)
