"""Azure template expressions `${{ ... }}`, as far as they are literal.

Only what decides which parts of a template apply is evaluated: a reference to a parameter
(`parameters.name`, `parameters.matrix.key`) or to an `each` loop's item, string and number
literals, `true`/`false`, and the functions `eq`, `ne`, `not`, `and`, `or`, `in`, `notIn`.
Anything else (another function, `variables.x` at compile time, a malformed text) is
`UNKNOWN`, and the caller keeps what it cannot decide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from pyparity import lazy_re
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()

Value = str | bool | Node | _Unknown
Lookup = Callable[[str], Node | None]

_TOKEN = lazy_re.compile(
    r"\s*+(?:'(?P<string>[^']*+)'|(?P<name>[A-Za-z_][\w.-]*+)|(?P<punct>[(),]))"
)
_MAX_TOKENS = 200
_MAX_DEPTH = 20


def evaluate(text: str, lookup: Lookup) -> Value:
    """The value of an expression's body (the text between `${{` and `}}`)."""
    tokens = _tokens(text)
    if tokens is None:
        return UNKNOWN
    parser = _Parser(tokens, lookup)
    value = parser.expression(0)
    return value if parser.at_end() else UNKNOWN


def truth(value: Value) -> bool | None:
    """Azure's truthiness of a value, None when unknown."""
    if isinstance(value, _Unknown):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value != ""
    if isinstance(value, Scalar):
        text = value.text.strip()
        return text.lower() not in ("", "false", "0")
    return True


def as_text(value: Value) -> str | None:
    """A scalar value's text (for comparisons and substitution), None otherwise."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, Scalar):
        return value.text
    return None


def _tokens(text: str) -> list[tuple[str, str]] | None:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        found = _TOKEN.match(text, position)
        if found is None or len(tokens) >= _MAX_TOKENS:
            return None
        kind = found.lastgroup or ""
        tokens.append((kind, found[kind]))
        position = found.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup) -> None:
        self.tokens = tokens
        self.position = 0
        self.lookup = lookup

    def at_end(self) -> bool:
        return self.position == len(self.tokens)

    def _next(self) -> tuple[str, str] | None:
        if self.position >= len(self.tokens):
            return None
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expression(self, depth: int) -> Value:
        token = self._next()
        if token is None or depth > _MAX_DEPTH:
            return UNKNOWN
        kind, text = token
        if kind == "string":
            return text
        if kind != "name":
            return UNKNOWN
        if self._peek() == ("punct", "("):
            self.position += 1
            arguments = self._arguments(depth)
            return UNKNOWN if arguments is None else _call(text, arguments)
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        if text[0].isdigit():
            return text
        found = self.lookup(text)
        return UNKNOWN if found is None else found

    def _arguments(self, depth: int) -> list[Value] | None:
        arguments: list[Value] = []
        if self._peek() == ("punct", ")"):
            self.position += 1
            return arguments
        while True:
            arguments.append(self.expression(depth + 1))
            token = self._next()
            if token == ("punct", ")"):
                return arguments
            if token != ("punct", ","):
                return None


def _call(name: str, arguments: list[Value]) -> Value:
    function = name.lower()
    if function in ("eq", "ne") and len(arguments) == 2:
        equal = _equal(arguments[0], arguments[1])
        if equal is None:
            return UNKNOWN
        return equal if function == "eq" else not equal
    if function == "not" and len(arguments) == 1:
        value = truth(arguments[0])
        return UNKNOWN if value is None else not value
    if function in ("and", "or") and arguments:
        values = [truth(argument) for argument in arguments]
        decisive = function == "or"  # `or` is decided by a true argument, `and` by a false
        if decisive in values:
            return decisive
        return UNKNOWN if None in values else not decisive
    if function in ("in", "notin") and len(arguments) >= 2:
        found = [_equal(arguments[0], other) for other in arguments[1:]]
        if True in found:
            return function == "in"
        return UNKNOWN if None in found else function == "notin"
    return UNKNOWN


def _equal(left: Value, right: Value) -> bool | None:
    """Azure compares strings ignoring case; a list or mapping is not compared here."""
    first, second = as_text(left), as_text(right)
    if first is None or second is None:
        return None
    return first.strip().lower() == second.strip().lower()


def navigate(node: Node | None, path: list[str]) -> Node | None:
    """`node.a.b` through mappings; None when a step is missing."""
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node
