"""INI files as configparser reads them (`setup.cfg`, `tox.ini`), keeping where each value is.

configparser gives values but no positions. This reads the same dialect: `[section]`
headers, `key = value` or `key: value` (keys lower-cased), continuation lines indented
deeper than their key, whole-line `#`/`;` comments (also inside a multi-line value).
Inline comments (`value  # why`) are dropped too, as tox does and as a reader wants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyparity.errors import UnreadableFile

_HEADER = re.compile(r"^\[(?P<name>[^\]]+)\]\s*$")
_OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s*(?P<value>.*)$")
_INLINE_COMMENT = re.compile(r"\s[#;].*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Piece:
    """One line's part of a value: its text (stripped) and the offset where it starts."""

    text: str
    offset: int

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Value:
    key: str
    line: int
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        """The value as configparser gives it: the non-empty lines joined with newlines."""
        return "\n".join(piece.text for piece in self.pieces)


@dataclass(slots=True, kw_only=True)
class Section:
    name: str
    line: int
    values: dict[str, Value] = field(default_factory=dict)


@dataclass(slots=True)
class _Option:
    key: str
    line: int
    indent: int
    pieces: list[Piece]


def parse(text: str, *, base_offset: int = 0, base_line: int = 1) -> list[Section]:
    """Sections in file order; a repeated key keeps its last value. Offsets are into the
    enclosing file when `text` is embedded in one at `base_offset` (line `base_line`)."""
    sections: list[Section] = []
    current: _Option | None = None
    offset = base_offset
    for number, line in enumerate(text.split("\n"), start=base_line):
        line_offset, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped or stripped[0] in "#;":
            continue
        content = _INLINE_COMMENT.sub("", line).rstrip()
        if current is not None and indent > current.indent:
            current.pieces.append(Piece(text=content.strip(), offset=line_offset + indent))
            continue
        _store(sections, current)
        current = None
        if header := _HEADER.match(content.strip()):
            sections.append(Section(name=header["name"].strip(), line=number))
            continue
        option = _OPTION.match(content.strip())
        if option is None:
            raise UnreadableFile(
                f"not a section, option or comment: {stripped[:40]!r}", line=number
            )
        if not sections:
            raise UnreadableFile("option before the first [section] header", line=number)
        value_at = line_offset + indent + option.start("value")
        pieces = [Piece(text=option["value"], offset=value_at)] if option["value"] else []
        current = _Option(option["key"].strip().lower(), number, indent, pieces)
    _store(sections, current)
    return sections


def _store(sections: list[Section], option: _Option | None) -> None:
    if option is None:
        return
    sections[-1].values[option.key] = Value(
        key=option.key, line=option.line, pieces=tuple(option.pieces)
    )


def find(sections: list[Section], name: str) -> list[Section]:
    return [section for section in sections if section.name == name]
