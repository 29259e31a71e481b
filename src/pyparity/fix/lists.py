"""List entries: remove one (a minor below a new floor) or add one after another (a newly
supported minor), in the list's own style. A block list entry or a classifier is a whole
line, removed or cloned with its indentation and line end; a flow entry (`[3.10, "3.11"]`,
`envlist = py39, py310`) is removed with one separator, or added after its neighbour with
the separator the list uses. Anything else is left to a person (None)."""

from __future__ import annotations

from typing import NamedTuple

from pyparity.fix.edits import Original
from pyparity.model import Span

_QUOTES = "\"'"
_BEFORE = " \t[{,=("
_AFTER = " \t,]})#"


class Token(NamedTuple):
    """An entry on one line: [start, end) offsets in the line, the whole entry with quotes."""

    line: int
    text: str
    start: int
    end: int


def token(
    original: Original, span: Span, *, classifier: bool = False, ini: bool = False
) -> Token | None:
    """The entry a version span belongs to: the span with its quotes, or for a classifier the
    whole `Programming Language :: Python :: 3.9` string. None for a multi-line span."""
    if span.end_line != span.line:
        return None
    text = original.slice(
        Span(
            line=span.line,
            column=1,
            end_line=span.line,
            end_column=1 + _length(original, span.line),
        )
    )
    start, end = span.column - 1, span.end_column - 1
    if classifier:
        head = text.rfind("Programming Language", 0, start)
        if head < 0:
            return None
        start = head
    if (
        start > 0
        and end < len(text)
        and text[start - 1] in _QUOTES
        and text[end] == text[start - 1]
    ):
        start, end = start - 1, end + 1
    if (start > 0 and text[start - 1] not in _BEFORE) or (
        end < len(text) and text[end] not in _AFTER
    ):
        return None
    if not ini and text[:start].rstrip().endswith("="):
        return None  # a TOML or Python value (`start = 10`), not a list entry
    if text[:start].rstrip().endswith(":"):
        return _one_key_mapping(span.line, text, start, end)
    return Token(span.line, text, start, end)


def _one_key_mapping(line: int, text: str, start: int, end: int) -> Token | None:
    """A block list item that is a flow mapping of this one key (`- {python: '3.10'}`) is an
    entry as a whole; a mapping's value beside other keys (`{python: '3.10', tox: dev}`) is
    not an entry at all."""
    head, tail = text[:start], _uncommented(text[end:])
    opening = head.find("{")
    if opening < 0 or head[:opening].strip() != "-" or "," in head or head.count(":") != 1:
        return None
    if tail.strip() != "}":
        return None
    return Token(line, text, opening, end + tail.index("}") + 1)


def _length(original: Original, line: int) -> int:
    return original.line_end(line) - original.offset(line, 1)


def whole_line(entry: Token) -> bool:
    """The entry is its line's only content: `  - "3.9"`, `    "Programming ... 3.9",`."""
    rest = (entry.text[: entry.start] + _uncommented(entry.text[entry.end :])).strip()
    return rest in {"", "-", ",", "- ,"}


def _uncommented(tail: str) -> str:
    """What follows an entry on its line, without a trailing `# comment`."""
    hash_at = tail.find("#")
    return tail if hash_at < 0 else tail[:hash_at].rstrip()


def removal(entry: Token) -> Span | None:
    """The span that removes the entry and one separator; None when it is a list's only entry."""
    if whole_line(entry):
        return Span(line=entry.line, column=1, end_line=entry.line + 1, end_column=1)
    text, start, end = entry.text, entry.start, entry.end
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ",":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        if after == len(text) or text[after] == "#":
            # The line's last entry: the blank before it goes, the line's end stays.
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            after = text.index(",", end) + 1
        return _on_line(entry.line, start, after)
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before > 0 and text[before - 1] == ",":
        return _on_line(entry.line, before - 1, end)
    return None


def addition(entry: Token, new_entry: str) -> list[tuple[Span, str]] | None:
    """Where and what to insert so that `new_entry` follows `entry` in its list. A quoted
    entry alone on its line with no comma after it is a list's last: it gains the comma the
    new last entry goes without."""
    if whole_line(entry):
        head, tail = entry.text[: entry.start], _uncommented(entry.text[entry.end :])
        next_line = Span(line=entry.line + 1, column=1, end_line=entry.line + 1, end_column=1)
        inserted = [(next_line, head + new_entry + tail + "\n")]
        if entry.text[entry.start] in _QUOTES and not head.strip() and not tail.strip():
            inserted.insert(0, (_on_line(entry.line, entry.end, entry.end), ","))
        return inserted
    separator = _separator(entry)
    if separator is None:
        return None
    return [(_on_line(entry.line, entry.end, entry.end), separator + new_entry)]


def _separator(entry: Token) -> str | None:
    """The separator the flow list uses: `, ` unless the list writes `,` alone."""
    text = entry.text
    after = _skip_blanks(text, entry.end, 1)
    before = _skip_blanks(text, entry.start - 1, -1)
    for index in (after, before):
        if 0 <= index < len(text) and text[index] == ",":
            spaced = text[index + 1 : index + 2] == " " or text[index - 1 : index] == " "
            return ", " if spaced else ","
    if before >= 0 and text[before] in "[(":
        return ", "
    if before >= 0 and text[before] == "=" and after >= len(text):
        return ", "  # `envlist = py311`: the only entry of an ini list
    return None


def _skip_blanks(text: str, index: int, step: int) -> int:
    while 0 <= index < len(text) and text[index] in " \t":
        index += step
    return index


def _on_line(line: int, start: int, end: int) -> Span:
    return Span(line=line, column=start + 1, end_line=line, end_column=end + 1)
