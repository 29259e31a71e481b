"""Where a key's value is written in a TOML file: `tomllib` gives values but no positions."""

from __future__ import annotations

import re

from pyparity.textfile import TextFile

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)', text)
    return tuple(a or b or c for a, b, c in parts)


def key_offset(file: TextFile, path: tuple[str, ...]) -> int | None:
    """Offset just after the `=` of the line that assigns the dotted `path`, if any."""
    table: tuple[str, ...] = ()
    offset = 0
    for line in file.text.split("\n"):
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
        else:
            key = _KEY.match(line)
            if key and table + _split_key(key.group(1)) == path:
                return offset + key.end()
            if key and path[: len(table)] == table and _inline_contains(line, path[len(table) :]):
                return offset + key.end()
        offset += len(line) + 1
    return None


def _inline_contains(line: str, rest: tuple[str, ...]) -> bool:
    """`tool = { poetry = ... }` style inline tables: a rough but safe check."""
    return len(rest) > 1 and "{" in line and all(part in line for part in rest)


def value_offset(file: TextFile, value: str, start: int) -> int | None:
    """Offset of the quoted string `value` at or after `start` (inside its quotes)."""
    for quote in ('"', "'", '"""', "'''"):
        index = file.text.find(f"{quote}{value}{quote}", start)
        if index >= 0:
            return index + len(quote)
    index = file.text.find(value, start)
    return index if index >= 0 else None
