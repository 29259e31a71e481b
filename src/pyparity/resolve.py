"""Links between files, resolved after every file has been read.

- `python-version-file:` in a workflow: the named file's version (read through its own
  source reader, once, however many workflows name it) becomes a pin at the workflow's
  line. A `pyproject.toml` range floats to the newest minor it admits, as setup-python
  resolves it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import replace

from pyparity.model import Declaration, Requirement, Role
from pyparity.sources.workflow import DEFAULT_VERSION_FILE, PYTHON_VERSION_FILE
from pyparity.textfile import TextFile

ReadDeclarations = Callable[[str], Sequence[Declaration] | None]
ReadText = Callable[[str], TextFile | None]


def resolve(
    declarations: Sequence[Declaration],
    read_declarations: ReadDeclarations,
    read_text: ReadText,
) -> list[Declaration]:
    resolved: list[Declaration] = []
    for declaration in declarations:
        if declaration.role is Role.UNRESOLVED and declaration.note in _VERSION_FILE_NOTES:
            resolved.append(_version_file(declaration, read_declarations))
        else:
            resolved.append(declaration)
    return resolved


_VERSION_FILE_NOTES = (PYTHON_VERSION_FILE, DEFAULT_VERSION_FILE)


def _version_file(declaration: Declaration, read_declarations: ReadDeclarations) -> Declaration:
    path = posixpath.normpath(declaration.raw.strip().removeprefix("./"))
    targets = read_declarations(path)
    if targets is None and declaration.note == DEFAULT_VERSION_FILE:
        return replace(
            declaration,
            raw="(no python-version)",
            note="no python-version and no .python-version: the runner's own Python is used",
        )
    if targets is None:
        return replace(declaration, note=f"python-version-file {path} does not exist")
    target = _first_usable(targets)
    if target is None or target.requirement is None:
        return replace(declaration, note=f"python-version-file {path} declares no version")
    requirement = target.requirement
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
    )


def _first_usable(targets: Sequence[Declaration]) -> Declaration | None:
    for role in (Role.PIN, Role.FLOATING, Role.RANGE):
        for target in targets:
            if target.role is role and target.requirement is not None:
                return target
    return None


def _as_setup_python_would(requirement: Requirement) -> Requirement:
    """setup-python resolves a range to the newest version it admits: a floating pin."""
    return replace(requirement, floating=True)
