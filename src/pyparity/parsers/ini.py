"""INI files as configparser reads them (`setup.cfg`, `tox.ini`), keeping where each value is.

configparser gives values but no positions. This reads the same dialect: `[section]`
headers, `key = value` or `key: value` (keys lower-cased), continuation lines indented
deeper than their key, whole-line `#`/`;` comments (also inside a multi-line value).
Inline comments (`value  # why`) are dropped too, as tox does and as a reader wants.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.records import field, record

# Linear: a search tries one character of whitespace and one of `#;` at each position, then
# takes the rest of the line.
_INLINE_COMMENT = lazy_re.compile(r"\s[#;].*")
# An option's key ends at the first `=` or `:` (configparser's default delimiters); it is
# found with one search, not a pattern whose key and spaces could share the same text.
_DELIMITER = lazy_re.compile(r"[=:]")


@record
class Piece:
    """One line's part of a value: its text (stripped) and the offset where it starts."""

    text: str
    offset: int

    @property
    def end(self) -> int:
        return self.offset + len(self.text)


@record
class Value:
    """One option's value, as its pieces (one per line) with their offsets."""

    key: str
    line: int
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        """The value as configparser gives it: the non-empty lines joined with newlines."""
        return "\n".join(piece.text for piece in self.pieces)


@record(frozen=False)
class Section:
    """A section's header line and its options."""

    name: str
    line: int
    values: dict[str, Value] = field(default_factory=dict)


class _Option:
    """An option being read: its key, line, indent and the pieces so far (a plain class: a
    dataclass costs the import about half a millisecond)."""

    __slots__ = ("indent", "key", "line", "pieces")

    def __init__(self, key: str, line: int, indent: int, pieces: list[Piece]) -> None:
        self.key = key
        self.line = line
        self.indent = indent
        self.pieces = pieces


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
        if (name := _header(content.strip())) is not None:
            sections.append(Section(name=name.strip(), line=number))
            continue
        option = _option(content.strip())
        if option is None:
            raise UnreadableFile(
                f"not a section, option or comment: {stripped[:40]!r}", line=number
            )
        if not sections:
            raise UnreadableFile("option before the first [section] header", line=number)
        key, value, start = option
        pieces = [Piece(text=value, offset=line_offset + indent + start)] if value else []
        current = _Option(key.lower(), number, indent, pieces)
    _store(sections, current)
    return sections


def _header(text: str) -> str | None:
    """A section's name as configparser finds it (its pattern, a greedy `.+` between brackets,
    matched at the start): from the first `[` to the last `]`, at least one character, and
    whatever follows is ignored. `[[mypy-pkg.plugins]]` is the section `[mypy-pkg.plugins]`."""
    if not text.startswith("["):
        return None
    end = text.rfind("]")
    return text[1:end] if end > 1 else None


def _option(text: str) -> tuple[str, str, int] | None:
    """`key = value` or `key: value` (`text` stripped): the key, the value and where the
    value starts in `text`; None when there is no key before the first delimiter."""
    delimiter = _DELIMITER.search(text)
    if delimiter is None or delimiter.start() == 0:
        return None
    value = text[delimiter.end() :].lstrip()
    return text[: delimiter.start()].strip(), value, len(text) - len(value)


def _store(sections: list[Section], option: _Option | None) -> None:
    if option is None:
        return
    sections[-1].values[option.key] = Value(
        key=option.key, line=option.line, pieces=tuple(option.pieces)
    )


def find(sections: list[Section], name: str) -> list[Section]:
    return [section for section in sections if section.name == name]
