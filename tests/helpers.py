"""Shared test helpers (import as `from helpers import ...`): text files from literal text, and small declaration factories."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from pathlib import Path

from pyparity.model import Declaration, Purpose, Result, Role, Span
from pyparity.rules import ScopeInput
from pyparity.sources._common import pin, range_declaration
from pyparity.textfile import TextFile

TODAY = dt.date(2026, 11, 26)


def text_file(path: str, text: str) -> TextFile:
    return TextFile.from_bytes(path, text.encode("utf-8"))


def at(line: int, column: int = 1, length: int = 4) -> Span:
    return Span(line=line, column=column, end_line=line, end_column=column + length)


def runtime_pin(file: str, version: str, line: int = 1, **changes: object) -> Declaration:
    options: dict[str, object] = {"purpose": Purpose.RUNTIME, "source": "test"}
    options.update(changes)
    return pin(file, at(line), version, **options)  # type: ignore[arg-type]


def matrix_entry(file: str, version: str, line: int, group: str = "ci") -> Declaration:
    return pin(
        file,
        at(line),
        version,
        source="workflow",
        role=Role.MATRIX,
        group=group,
        purpose=Purpose.RUNTIME,
    )


def supported(file: str, specifier: str, line: int = 1) -> Declaration:
    return range_declaration(
        file, at(line), specifier, source="pyproject", context="requires-python"
    )


def scope_of(*declarations: Declaration, **settings: object) -> ScopeInput:
    options: dict[str, object] = {"scope": ".", "declarations": declarations, "today": TODAY}
    options.update(settings)
    return ScopeInput(**options)  # type: ignore[arg-type]


def write_files(root: Path, files: dict[str, str]) -> list[str]:
    """Write `files` (path -> dedented text) under `root`; their paths, sorted."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return sorted(files)


def scan_tree(root: Path, files: dict[str, str | bytes], today: dt.date = TODAY) -> Result:
    """Write `files` (path -> text or bytes, as given) under `root` and check the tree, the
    code scan left out."""
    from pyparity.check import run
    from pyparity.config import Config

    return run(str(write_tree(root, files)), Config(today=today, code=False))


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (path -> text or bytes, as given) under `root`; `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
