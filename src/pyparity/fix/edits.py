"""Edits of a file's text at declaration spans, leaving every other byte as it was.

Spans are positions in the text a reader saw: BOM dropped, CRLF and lone CR folded to LF.
The file on disk keeps its own: the edit maps each span back onto the original text, so
a BOM, CRLF line ends, tabs, trailing spaces and comments outside the spans are untouched.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyparity import lazy_re
from pyparity.model import Span
from pyparity.records import record

BOM = "\ufeff"


@record
class Edit:
    """Replace the text at `span` with `text`. An empty span inserts; a span from a line's
    first column to the next line's first column removes the line with its line end. A `\\n`
    in `text` is written as the file's own line end."""

    file: str
    span: Span
    text: str
    why: str
    old: str = ""


class EditConflict(Exception):
    """Two edits overlap with different texts."""


class Original:
    """A file's decoded text as it is on disk, with the line starts of the folded text."""

    def __init__(self, text: str) -> None:
        self.bom = text.startswith(BOM)
        self.text = text[1:] if self.bom else text
        self.newline = "\r\n" if "\r\n" in self.text else "\n"
        self._starts = _line_starts(self.text)

    def offset(self, line: int, column: int) -> int:
        if line == len(self._starts) + 1 and column == 1:
            return len(self.text)
        return self._starts[line - 1] + column - 1

    def slice(self, span: Span) -> str:
        return self.text[
            self.offset(span.line, span.column) : self.offset(span.end_line, span.end_column)
        ]

    def line_end(self, line: int) -> int:
        """Offset just past the line's content (before its line end)."""
        start = self._starts[line - 1]
        end = len(self.text) if line == len(self._starts) else self._starts[line]
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def apply(self, edits: Iterable[Edit]) -> str:
        """The whole new text (with the BOM if the file had one)."""
        placed = sorted(
            {
                (
                    self.offset(e.span.line, e.span.column),
                    self.offset(e.span.end_line, e.span.end_column),
                    e.text,
                )
                for e in edits
            }
        )
        pieces, position = [], 0
        for start, end, text in _merged_removals(placed):
            if start < position:
                raise EditConflict(f"two edits overlap at offset {start}")
            pieces.append(self.text[position:start])
            pieces.append(text.replace("\n", self.newline))
            position = end
        pieces.append(self.text[position:])
        return (BOM if self.bom else "") + "".join(pieces)


def _merged_removals(placed: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Two removals that overlap (two neighbouring list entries, each with a separator)
    remove their union."""
    merged: list[tuple[int, int, str]] = []
    for start, end, text in placed:
        if merged and not text and not merged[-1][2] and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), "")
        else:
            merged.append((start, end, text))
    return merged


def _line_starts(text: str) -> list[int]:
    """Where each line starts; a line ends at CRLF, LF or a lone CR, as `TextFile` folds."""
    return [0, *(match.end() for match in _LINE_END.finditer(text))]


_LINE_END = lazy_re.compile(r"\r\n?|\n")
