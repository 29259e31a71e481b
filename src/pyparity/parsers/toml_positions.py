"""TOML: values through `tomllib` (errors become UnreadableFile), and where a key's value is
written, which `tomllib` does not say."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Any

from pyparity.errors import UnreadableFile
from pyparity.textfile import TextFile

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)


_PART = re.compile(r'"([^"]*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')

_Assignment = tuple[tuple[str, ...], tuple[str, ...], str, int]


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _PART.findall(text))


def key_offset(file: TextFile, path: tuple[str, ...]) -> int | None:
    """Offset just after the `=` of the line that assigns the dotted `path`, if any."""
    for table, key, line, end in _assignments(file):
        if table + key == path:
            return end
        if path[: len(table)] == table and _inline_contains(line, path[len(table) :]):
            return end
    return None


def key_offsets(file: TextFile, table: tuple[str, ...], keys: set[str]) -> list[int]:
    """Offsets after the `=` of every `key = ...` directly under `table` (each `[[array]]`
    table of that name counts), in file order."""
    return [
        end
        for found_table, key, _, end in _assignments(file)
        if found_table == table and len(key) == 1 and key[0] in keys
    ]


@lru_cache(maxsize=16)
def _assignments(file: TextFile) -> tuple[_Assignment, ...]:
    """Each `key = ...` line once per file: (table, dotted key, line, offset after `=`)."""
    found: list[_Assignment] = []
    table: tuple[str, ...] = ()
    offset = 0
    for line in file.text.split("\n"):
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
        elif key := _KEY.match(line):
            found.append((table, _split_key(key.group(1)), line, offset + key.end()))
        offset += len(line) + 1
    return tuple(found)


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


def load_toml(file: TextFile) -> dict[str, Any]:
    try:
        return tomllib.loads(file.text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        raise UnreadableFile(f"invalid TOML: {error}", line=line, column=column) from None
    except RecursionError:
        raise UnreadableFile("invalid TOML: nested too deeply") from None


def dig(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node
