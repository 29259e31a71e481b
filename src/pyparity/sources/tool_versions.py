"""asdf's `.tool-versions` (`python 3.11.9 3.12.1`, `#` comments) and mise's `mise.toml`,
`.mise.toml`, `mise.local.toml`, `.mise.local.toml`, `.config/mise.toml`,
`.config/mise/config.toml` (`[tools] python = "3.12"`, a list `["3.12", "3.11"]`, or
`{version = "3.12"}`).

The first Python listed is the runtime; later ones are also installed, like extra lines
of `.python-version`. `system`, `ref:` and `path:` name no version; mise's `prefix:3.12`
means 3.12.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pyparity.model import Declaration, Purpose, Role, Span
from pyparity.parsers.toml_positions import key_offset, load_toml, value_offset
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile, line_span

KIND = "tool-versions"

_MISE_FILES = (
    "mise.toml",
    ".mise.toml",
    "mise.local.toml",
    ".mise.local.toml",
    ".config/mise.toml",
    ".config/mise/config.toml",
)
_NO_VERSION = frozenset({"system"})
_ELSEWHERE = ("ref:", "path:")


_MISE_SUFFIXES = tuple(f"/{name}" for name in _MISE_FILES)


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    if name == ".tool-versions":
        return True
    return path in _MISE_FILES or path.endswith(_MISE_SUFFIXES)


def read(file: TextFile) -> list[Declaration]:
    if file.path.endswith(".toml"):
        return _declarations(file, _mise_versions(file))
    return _declarations(file, _asdf_versions(file))


def _asdf_versions(file: TextFile) -> Iterator[tuple[str, Span]]:
    for number, line in file.numbered_lines():
        content = line.partition("#")[0]
        words = re.finditer(r"\S+", content)
        first = next(words, None)
        if first is None or first.group() != "python":
            continue
        for word in words:
            yield word.group(), line_span(number, word.start() + 1, len(word.group()))


def _mise_versions(file: TextFile) -> Iterator[tuple[str, Span]]:
    tools = load_toml(file).get("tools")
    value = tools.get("python") if isinstance(tools, dict) else None
    if value is None:
        return
    start = key_offset(file, ("tools", "python")) or key_offset(
        file, ("tools", "python", "version")
    )
    for item in value if isinstance(value, list) else [value]:
        version = _mise_version(item)
        if version is None:
            continue
        offset = value_offset(file, version, start or 0)
        if offset is None:
            continue
        start = offset + len(version)
        yield version, file.span(offset, offset + len(version))


def _mise_version(item: Any) -> str | None:
    if isinstance(item, dict):
        item = item.get("version")
    return item if isinstance(item, str) else None


def _declarations(file: TextFile, versions: Iterator[tuple[str, Span]]) -> list[Declaration]:
    """One a version, the first a pin; past the most a file may declare, the reading stops
    (the file is then a parse-error: a hostile line of a megabyte makes no more)."""
    declarations: list[Declaration] = []
    pinned = False
    for written, span in versions:
        if len(declarations) > MAX_DECLARATIONS_PER_FILE:
            break
        version = written.removeprefix("prefix:")
        if version in _NO_VERSION:
            continue
        if version.startswith(_ELSEWHERE):
            declarations.append(
                unresolved(file.path, span, written, source=KIND, note="not a released version")
            )
            continue
        first, pinned = not pinned, True
        declaration = pin(
            file.path,
            span,
            version,
            source=KIND,
            purpose=Purpose.RUNTIME if first else None,
            context="default" if first else "also installed",
            role=Role.PIN if first else Role.MATRIX,
            group="" if first else f"{file.path} installed",
        )
        declarations.append(replace(declaration, raw=written))
    return declarations
