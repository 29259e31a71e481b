"""TOML: values through `tomli` (errors become UnreadableFile), and where a key's value is
written, which `tomli` does not say.

`tomli` is the parser Python's `tomllib` is made from, compiled (three times as fast on a
pyproject.toml), and held below 2.4 (`pyproject.toml`): it reads TOML 1.0, as `tomllib` of
Python 3.11 to 3.14 does and so pip and the build backends running there; 2.4 reads TOML 1.1.

Positions come from one pass over the text that knows TOML's strings, comments and
brackets: a line inside a multi-line string or a multi-line array is never taken for a
header or a key, and each string's position is indexed by its text. Every lookup is then a
dictionary access, so a file with many tables costs time in proportion to its size.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cache, lru_cache
from typing import Any

import tomli

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.textfile import TextFile

# Each pattern below runs on one line of the file and is linear by construction: every
# quantified part is followed by a character it cannot match, so the text splits one way
# only, and the quantifiers are possessive (`*+`, `++`): nothing is ever given back, and
# no backtracking state piles up on a long line. _HEADER: the body `[^\]]` stops at the
# first `]`; the one choice (`[[`, or `[` and a body starting with `[`) is made once.
_HEADER = lazy_re.compile(r"\s*+\[\[?([^\]]++)\]\]?\s*+(?:#.*)?")
# _KEY: a dotted key; its parts are quoted (delimited) or bare (`[A-Za-z0-9_-]`, which
# cannot hold the spaces, `.` or `=` that follow).
_KEY = lazy_re.compile(
    r"""\s*+((?:"[^"]*+"|'[^']*+'|[A-Za-z0-9_-]++)"""
    r"""(?:\s*+\.\s*+(?:"[^"]*+"|'[^']*+'|[A-Za-z0-9_-]++))*+)\s*+="""
)
_PART = lazy_re.compile(r'"([^"]*+)"|\'([^\']*+)\'|([A-Za-z0-9_-]++)')
_BARE_KEY = lazy_re.compile(r"[A-Za-z0-9_-]++")
# What can change the scanner's state inside a value: a string, a comment, a bracket.
_EVENT = lazy_re.compile(r'"""|\'\'\'|["\'#\[\]{}]')
# The rest of a one-line basic string: an escape is a backslash and the next character.
_BASIC_REST = lazy_re.compile(r'(?:[^"\\]|\\.)*+"')


# In a multi-line basic string: an escape (skipped) or the closing quotes.
@cache
def _basic_ml_event_re() -> re.Pattern[str]:
    return re.compile(r'\\.|"""')


MAX_KEY_PARTS = 128
_NEAR = 256
"""How far past the key `value_offset` looks for a value not written as a plain string
(escapes): a value follows its key."""

_Assignment = tuple[tuple[str, ...], tuple[str, ...], str, int]


def _split_key(text: str) -> tuple[str, ...]:
    if _BARE_KEY.fullmatch(text):  # most keys: one bare part
        return (text,)
    return tuple(a or b or c for a, b, c in _PART.findall(text))


class _Layout:
    """Every `key = ...` line (table, dotted key, line, offset after `=`) in file order,
    indexed by full path and by table, and every string by its text as written. (Plain
    classes here: a dataclass costs the import about half a millisecond.)"""

    __slots__ = ("assignments", "by_path", "by_table", "strings")

    def __init__(self) -> None:
        self.assignments: list[_Assignment] = []
        self.by_path: dict[tuple[str, ...], list[int]] = {}
        self.by_table: dict[tuple[str, ...], list[int]] = {}
        self.strings: dict[str, list[tuple[int, int]]] = {}
        """Text as written -> (offset of the opening quote, offset of the text), in order."""

    def assign(self, table: tuple[str, ...], key: tuple[str, ...], line: str, end: int) -> None:
        index = len(self.assignments)
        self.assignments.append((table, key, line, end))
        self.by_path.setdefault(table + key, []).append(index)
        self.by_table.setdefault(table, []).append(index)

    def string(self, text: str, quote: int, start: int) -> None:
        self.strings.setdefault(text, []).append((quote, start))


class _Scanner:
    """Reads a valid TOML text line by line, keeping what spans lines: an open multi-line
    string and the depth of open arrays and inline tables."""

    __slots__ = ("depth", "layout", "open_at", "open_quote", "table", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.layout = _Layout()
        self.table: tuple[str, ...] = ()
        self.depth = 0
        self.open_quote = ""  # `\"\"\"` or `'''` while inside a multi-line string
        self.open_at = (0, 0)  # its opening quote and text offsets

    def run(self) -> _Layout:
        offset = 0
        for line in self.text.split("\n"):
            self.line(line, offset)
            offset += len(line) + 1
        return self.layout

    def line(self, line: str, offset: int) -> None:
        position = 0
        if self.open_quote:
            position = self.close_multiline(line, offset, 0)
            if self.open_quote:
                return
        elif self.depth == 0:
            # (A header holds `[`, a key line `=`: most lines are asked one pattern, not two.)
            if "[" in line and (header := _HEADER.fullmatch(line)):
                self.table = _split_key(header[1])
                return
            if "=" in line and (key := _KEY.match(line)):
                self.layout.assign(self.table, _split_key(key[1]), line, offset + key.end())
                position = key.end()
        self.value(line, offset, position)

    def value(self, line: str, offset: int, position: int) -> None:
        """Strings, comments and brackets from `position` to the end of the line."""
        while (event := _EVENT.search(line, position)) is not None:
            kind, position = event[0], event.end()
            if kind == "#":
                return
            if kind in "[{":
                self.depth += 1
            elif kind in "]}":
                self.depth = max(self.depth - 1, 0)
            elif kind == '"':
                rest = _BASIC_REST.match(line, position)
                if rest is None:
                    return
                self.layout.string(
                    line[position : rest.end() - 1], offset + event.start(), offset + position
                )
                position = rest.end()
            elif kind == "'":
                close = line.find("'", position)
                if close < 0:
                    return
                self.layout.string(line[position:close], offset + event.start(), offset + position)
                position = close + 1
            else:
                self.open_quote, self.open_at = kind, (offset + event.start(), offset + position)
                position = self.close_multiline(line, offset, position)
                if self.open_quote:
                    return

    def close_multiline(self, line: str, offset: int, position: int) -> int:
        """Look for the end of the open multi-line string from `position`; where to go on."""
        if self.open_quote == '"""':
            end = next(
                (m.start() for m in _basic_ml_event_re().finditer(line, position) if m[0] == '"""'),
                -1,
            )
        else:
            end = line.find("'''", position)
        if end < 0:
            return len(line)
        extra = len(line[end + 3 : end + 5]) - len(
            line[end + 3 : end + 5].lstrip(self.open_quote[0])
        )
        quote, start = self.open_at
        self.layout.string(self.text[start : offset + end + extra], quote, start)
        self.open_quote = ""
        return end + 3 + extra


@lru_cache(maxsize=16)
def _layout(file: TextFile) -> _Layout:
    return _Scanner(file.text).run()


def key_offset(file: TextFile, path: tuple[str, ...]) -> int | None:
    """Offset just after the `=` of the first line that assigns the dotted `path`, or that
    assigns a table holding it inline (`tool = { poetry = ... }`), if any."""
    layout = _layout(file)
    found: list[int] = []
    for length in range(1, len(path) + 1):
        for index in layout.by_path.get(path[:length], ()):
            table, _, line, _ = layout.assignments[index]
            if length == len(path) or _inline_contains(line, path[len(table) :]):
                found.append(index)
                break
    return layout.assignments[min(found)][3] if found else None


def key_offsets(file: TextFile, table: tuple[str, ...], keys: set[str]) -> list[int]:
    """Offsets after the `=` of every `key = ...` directly under `table` (each `[[array]]`
    table of that name counts), in file order."""
    layout = _layout(file)
    assignments = (layout.assignments[index] for index in layout.by_table.get(table, ()))
    return [end for _, key, _, end in assignments if len(key) == 1 and key[0] in keys]


def _inline_contains(line: str, rest: tuple[str, ...]) -> bool:
    """`tool = { poetry = ... }` style inline tables: a rough but safe check."""
    return len(rest) > 1 and "{" in line and all(part in line for part in rest)


def value_offset(file: TextFile, value: str, start: int) -> int | None:
    """Offset of the string `value` (inside its quotes) whose opening quote is at or after
    `start`; a value whose string has escapes is looked for unquoted just after `start`."""
    written = _layout(file).strings.get(value, [])
    found = bisect.bisect_left(written, (start, -1))
    if found < len(written):
        return written[found][1]
    index = file.text.find(value, start, start + _NEAR + len(value))
    return index if index >= 0 else None


def load_toml(file: TextFile) -> dict[str, Any]:
    long_key = long_dotted_key(file.text)
    if long_key is not None:
        raise UnreadableFile(
            f"a dotted key of more than {MAX_KEY_PARTS} parts; not read", line=long_key
        )
    try:
        return tomli.loads(file.text)
    except tomli.TOMLDecodeError as error:
        where = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        raise UnreadableFile(f"invalid TOML: {error}", line=line, column=column) from None
    except RecursionError:
        raise UnreadableFile("invalid TOML: nested too deeply") from None


def long_dotted_key(text: str) -> int | None:
    """The line of a `a.b.c... = value` key of more than `MAX_KEY_PARTS` parts, if any:
    tomli (as tomllib) takes time and memory quadratic in the parts (16,000 parts: 1.5 GB), so
    a text is checked before tomli reads it."""
    for number, line in enumerate(text.split("\n"), start=1):
        equals = line.find("=")
        if equals > MAX_KEY_PARTS and line.count(".", 0, equals) >= MAX_KEY_PARTS:
            key = _KEY.match(line)
            parts = _PART.finditer(key[1]) if key is not None else iter(())
            if next(itertools.islice(parts, MAX_KEY_PARTS, None), None) is not None:
                return number
    return None


def dig(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node
