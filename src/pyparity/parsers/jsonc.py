"""JSON with comments (VS Code's JSONC: `//` and `/* */` comments, trailing commas).

Values keep the character offsets where they are written, so a reader can point at the
version text inside a string. Nesting is capped; bad input raises only `UnreadableFile`,
with the line and column of the problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NoReturn

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.records import field, record

MAX_DEPTH = 200

_NUMBER = lazy_re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@record
class String:
    """`text[start:end]` is the content between the quotes; `verbatim` when it has no escapes."""

    value: str
    start: int
    end: int
    verbatim: bool


@record
class Number:
    """A JSON number, as written."""

    text: str
    start: int
    end: int


@record
class Literal:
    """`true`, `false` or `null`."""

    value: bool | None
    start: int
    end: int


@record
class Array:
    """A JSON array and its items."""

    items: tuple[Value, ...]
    start: int
    end: int


@record
class Object:
    """Members in written order; a repeated key's last value wins, as in JSON.parse."""

    pairs: tuple[tuple[String, Value], ...]
    start: int
    end: int
    _index: dict[str, Value] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for key, value in self.pairs:
            self._index[key.value] = value

    def get(self, key: str) -> Value | None:
        return self._index.get(key)

    def string(self, key: str) -> String | None:
        value = self._index.get(key)
        return value if isinstance(value, String) else None

    def object(self, key: str) -> Object | None:
        value = self._index.get(key)
        return value if isinstance(value, Object) else None

    def items(self) -> Iterator[tuple[str, Value]]:
        for key, value in self.pairs:
            yield key.value, value


Value = String | Number | Literal | Array | Object


def parse(text: str, *, any_escape: bool = False) -> Value | None:
    """The document's value; None when it holds only whitespace and comments.
    `any_escape`: as JSON5 reads a string (asv's reader), a backslash before any other
    character is that character (`'$ a\\graft cpp'` in a sed command), `\\xHH` a character,
    and before a line end nothing."""
    parser = _Parser(text, any_escape)
    parser.skip()
    if parser.position >= len(text):
        return None
    value = parser.value(0)
    parser.skip()
    if parser.position < len(text):
        parser.fail("unexpected text after the JSON value")
    return value


class _Parser:
    """Reads a JSONC text from a position onward (a plain class: a dataclass costs the import
    about half a millisecond)."""

    __slots__ = ("any_escape", "position", "text")

    def __init__(self, text: str, any_escape: bool = False) -> None:
        self.text = text
        self.position = 0
        self.any_escape = any_escape

    def fail(self, message: str, at: int | None = None) -> NoReturn:
        offset = self.position if at is None else at
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        raise UnreadableFile(f"invalid JSONC: {message}", line=line, column=column)

    def skip(self) -> None:
        """Whitespace and comments."""
        text = self.text
        while self.position < len(text):
            char = text[self.position]
            if char in " \t\r\n\ufeff":
                self.position += 1
            elif text.startswith("//", self.position):
                end = text.find("\n", self.position)
                self.position = len(text) if end == -1 else end
            elif text.startswith("/*", self.position):
                end = text.find("*/", self.position + 2)
                if end == -1:
                    self.fail("unterminated comment")
                self.position = end + 2
            else:
                return

    def value(self, depth: int) -> Value:
        if depth > MAX_DEPTH:
            self.fail("nested too deeply")
        char = self.text[self.position : self.position + 1]
        if char == "{":
            return self.object(depth)
        if char == "[":
            return self.array(depth)
        if char == '"':
            return self.string()
        return self.scalar()

    def object(self, depth: int) -> Object:
        start = self.position
        self.position += 1
        pairs: list[tuple[String, Value]] = []
        while True:
            self.skip()
            if self.text.startswith("}", self.position):
                self.position += 1
                return Object(pairs=tuple(pairs), start=start, end=self.position)
            if not self.text.startswith('"', self.position):
                self.fail("expected a quoted key or '}'")
            key = self.string()
            self.skip()
            if not self.text.startswith(":", self.position):
                self.fail("expected ':' after the key")
            self.position += 1
            self.skip()
            self.expect_value()
            pairs.append((key, self.value(depth + 1)))
            self.separator("}")

    def array(self, depth: int) -> Array:
        start = self.position
        self.position += 1
        items: list[Value] = []
        while True:
            self.skip()
            if self.text.startswith("]", self.position):
                self.position += 1
                return Array(items=tuple(items), start=start, end=self.position)
            self.expect_value()
            items.append(self.value(depth + 1))
            self.separator("]")

    def expect_value(self) -> None:
        if self.position >= len(self.text):
            self.fail("unexpected end of text")

    def separator(self, closing: str) -> None:
        self.skip()
        if self.text.startswith(",", self.position):
            self.position += 1
        elif not self.text.startswith(closing, self.position):
            self.fail(f"expected ',' or '{closing}'")

    def string(self) -> String:
        text, opening = self.text, self.position
        self.position += 1
        start = self.position
        parts: list[str] = []
        run = start
        while True:
            if self.position >= len(text) or text[self.position] == "\n":
                self.fail("unterminated string", at=opening)
            char = text[self.position]
            if char == '"':
                break
            if char == "\\":
                parts.append(text[run : self.position])
                parts.append(self.escape())
                run = self.position
            else:
                self.position += 1
        parts.append(text[run : self.position])
        end = self.position
        self.position += 1
        value = _join_surrogates("".join(parts))
        return String(value=value, start=start, end=end, verbatim=value == text[start:end])

    def escape(self) -> str:
        text = self.text
        code = text[self.position + 1 : self.position + 2]
        if code in _ESCAPES:
            self.position += 2
            return _ESCAPES[code]
        digits = text[self.position + 2 : self.position + 6]
        if code == "u" and len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
            self.position += 6
            return chr(int(digits, 16))
        if self.any_escape and code:
            return self.json5_escape(code)
        self.fail("invalid escape in string")

    def json5_escape(self, code: str) -> str:
        text = self.text
        digits = text[self.position + 2 : self.position + 4]
        if code == "x" and len(digits) == 2 and all(c in "0123456789abcdefABCDEF" for c in digits):
            self.position += 4
            return chr(int(digits, 16))
        if code in "ux123456789":  # (JSON5 gives these no meaning alone: a broken escape)
            self.fail("invalid escape in string")
        self.position += 2
        if code == "\r" and text[self.position : self.position + 1] == "\n":
            self.position += 1
        return {"0": "\0", "v": "\v", "\n": "", "\r": "", "\u2028": "", "\u2029": ""}.get(
            code, code
        )

    def scalar(self) -> Number | Literal:
        start = self.position
        if match := _NUMBER.match(self.text, start):
            self.position = match.end()
            return Number(text=match[0], start=start, end=self.position)
        for word, value in _LITERALS.items():
            if self.text.startswith(word, start):
                self.position += len(word)
                return Literal(value=value, start=start, end=self.position)
        self.fail("expected a value")


def _join_surrogates(value: str) -> str:
    """`\\ud83d\\ude00` escapes decode to two surrogates; JSON means one character."""
    if not any("\ud800" <= char <= "\udfff" for char in value):
        return value
    try:
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return value
