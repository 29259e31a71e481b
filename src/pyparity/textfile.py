"""A decoded text file with line numbers: the only thing a source reader is handed."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import accumulate

from pyparity.errors import Encrypted, UnreadableFile
from pyparity.model import Span
from pyparity.records import field, record

_ONE_MORE = (1).__add__

_GIT_CRYPT = b"\x00GITCRYPT\x00"
"""How every file git-crypt encrypts begins (its header, then the nonce and the ciphertext)."""


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),  # (before UTF-16's, which it begins with)
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(data: bytes) -> str:
    """The encoding a UTF-16 or UTF-32 BOM names; "" without one."""
    return next((encoding for bom, encoding in _WIDE_BOMS if data.startswith(bom)), "")


@record(kw_only=False)
class TextFile:
    """`path` is POSIX and relative to the scanned root; `text` uses `\\n` line ends."""

    path: str
    text: str
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Each line starts one past the end of the one before: its length and `\n` summed
        # (in C: a loop here over the line ends costs a file of 30 lines three times as much).
        ended = self.text.split("\n")[:-1]
        starts = tuple(accumulate(map(_ONE_MORE, map(len, ended)), initial=0))
        object.__setattr__(self, "_line_starts", starts)

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> TextFile:
        """Decode UTF-8 (a BOM is dropped), or for Python source the encoding its PEP 263
        coding line names (`# -*- coding: latin-1 -*-`), and fold CRLF and lone CR to LF."""
        if b"\x00" in data:
            if data.startswith(_GIT_CRYPT):
                raise Encrypted("encrypted with git-crypt")
            if wide := _wide_encoding(data):
                # (Windows PowerShell's `>` writes UTF-16: `conda env export > environment.yml`)
                raise UnreadableFile(
                    f"{wide} text, which pyenv, Docker and most other tools do not read: "
                    "save it as UTF-8"
                )
            raise UnreadableFile("binary file (contains NUL bytes)")
        encoding = _python_encoding(data) if path.endswith(".py") else "utf-8-sig"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            shown = "UTF-8" if encoding == "utf-8-sig" else encoding
            raise UnreadableFile(f"not valid {shown} (byte {error.start})", line=line) from None
        except LookupError:
            problem = f"declares an encoding Python cannot decode text with ({encoding})"
            raise UnreadableFile(problem) from None
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return cls(path, text)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def numbered_lines(self) -> Iterator[tuple[int, str]]:
        """Yield (1-based line number, line text without its line end)."""
        for index, line in enumerate(self.text.split("\n")):
            yield index + 1, line

    def line_text(self, number: int) -> str:
        start = self._line_starts[number - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end == -1 else self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """Character offset -> (1-based line, 1-based column)."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        return self._line_starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        """Span of the characters text[start:end]."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line=line, column=column, end_line=end_line, end_column=end_column)


def line_span(line: int, column: int, length: int) -> Span:
    """Span of `length` characters on one line starting at `column`."""
    return Span(line=line, column=column, end_line=line, end_column=column + length)


def _python_encoding(data: bytes) -> str:
    """The encoding a `.py` file's first two lines declare (PEP 263), else UTF-8."""
    first_two = data.splitlines(keepends=True)[:2]
    if not any(b"coding" in line for line in first_two):
        return "utf-8-sig"  # what tokenize would conclude, without importing it
    import tokenize

    lines = iter(first_two)
    try:
        encoding, _ = tokenize.detect_encoding(lambda: next(lines, b""))
    except SyntaxError:
        return "utf-8-sig"
    return "utf-8-sig" if encoding in {"utf-8", "utf-8-sig"} else encoding
