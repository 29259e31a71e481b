"""GitHub Actions expressions (`${{ ... }}`), evaluated as far as a workflow file tells.

The language, as GitHub documents it: literals (`'text'` with `''` for a quote, numbers,
`true`, `false`, `null`), context references (`matrix.python`, `matrix['python']`,
`env.X`), `!`, `<` `<=` `>` `>=`, `==` `!=`, `&&` and `||` (which return one of their
operands, so `cond && 'a' || 'b'` picks a value), parentheses, and the functions `format`,
`contains`, `startsWith`, `endsWith` and `fromJSON`. Strings compare ignoring case; values
of different types compare as numbers. A context the caller cannot know (`github.*`,
`needs.*`, `inputs.*`, a status function) is `UNKNOWN`, and so is what depends on it: the
evaluation is three-valued, and `false && x` or `true || x` is known whatever `x` is.

Parsing is one pass over the tokens, with nesting bounded; chains of `||`, `&&` and
comparisons are lists, so neither parsing nor evaluation recurses per operand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Final, TypeAlias, TypeVar

from pyparity import lazy_re
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence
from pyparity.sources.github_actions import json_text


class _Unknown:
    """A value that cannot be known from the workflow file."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()

Value: TypeAlias = str | float | bool | tuple["Value", ...] | dict[str, "Value"] | _Unknown | None
# (context name in lower case, property path) -> its value, UNKNOWN when it cannot be known
Resolver = Callable[[str, tuple[str, ...]], Value]

_EXPRESSION = lazy_re.compile(r"\$\{\{((?:[^$}]++|\$(?!\{\{)|\}(?!\}))*+)\}\}")
_TOKEN = lazy_re.compile(
    r"""[ \t\r\n]*(?:
        (?P<string>'(?:[^']++|'')*+')  # an unclosed string is an error either way
        |(?P<number>0x[0-9a-fA-F]+|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
        |(?P<name>[A-Za-z_][A-Za-z0-9_-]*)
        |(?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\],.*])
    )""",
    re.VERBOSE,
)
_NUMERIC = lazy_re.compile(
    r"[ \t]*+-?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?[ \t]*+"
)
_MAX_DEPTH = 48


class _Unparsable(Exception):
    pass


# The syntax tree: tuples tagged by their first item.
#   ("lit", value) | ("ref", context, [segment]) | ("call", name, [args])
#   ("index", node, [segment]) | ("not", node, how many `!`)
#   ("or", [nodes]) | ("and", [nodes]) | ("cmp", node, [(operator, node)])
# A reference's segment is a property name (str) or a node (an index expression).
_Ast = tuple[object, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.position = 0
        self.depth = 0

    def parse(self) -> _Ast:
        node = self._or()
        if self.position != len(self.tokens):
            raise _Unparsable
        return node

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, text: str) -> bool:
        token = self._peek()
        if token is not None and token[0] == "op" and token[1] == text:
            self.position += 1
            return True
        return False

    def _nested(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Unparsable

    def _or(self) -> _Ast:
        operands = [self._and()]
        while self._take("||"):
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else ("or", operands)

    def _and(self) -> _Ast:
        operands = [self._comparison()]
        while self._take("&&"):
            operands.append(self._comparison())
        return operands[0] if len(operands) == 1 else ("and", operands)

    def _comparison(self) -> _Ast:
        first = self._unary()
        rest: list[tuple[str, _Ast]] = []
        while (token := self._peek()) is not None and token[1] in _COMPARISONS:
            self.position += 1
            rest.append((token[1], self._unary()))
        return first if not rest else ("cmp", first, rest)

    def _unary(self) -> _Ast:
        nots = 0
        while self._take("!"):
            nots += 1
        node = self._postfix()
        return ("not", node, nots) if nots else node

    def _postfix(self) -> _Ast:
        token = self._peek()
        if token is None:
            raise _Unparsable
        self.position += 1
        kind, text = token
        if kind == "string":
            return ("lit", text[1:-1].replace("''", "'"))
        if kind == "number":
            return ("lit", float(int(text, 16)) if text.startswith("0x") else float(text))
        if kind == "op" and text == "(":
            self._nested()
            node = self._or()
            self.depth -= 1
            if not self._take(")"):
                raise _Unparsable
            return self._segments(node) if self._peek() in (("op", "."), ("op", "[")) else node
        if kind != "name":
            raise _Unparsable
        lowered = text.lower()
        if lowered in _KEYWORDS:
            return ("lit", _KEYWORDS[lowered])
        if self._take("("):
            return self._segments(("call", lowered, self._arguments()))
        return self._segments(("ref", lowered, []))

    def _arguments(self) -> list[_Ast]:
        self._nested()
        arguments: list[_Ast] = []
        if not self._take(")"):
            arguments.append(self._or())
            while self._take(","):
                arguments.append(self._or())
            if not self._take(")"):
                raise _Unparsable
        self.depth -= 1
        return arguments

    def _segments(self, node: _Ast) -> _Ast:
        """`.name`, `[index]` and `.*` after a reference, a call or a parenthesis."""
        segments: list[object] = []
        while True:
            if self._take("."):
                token = self._peek()
                if token is None or not (token[0] == "name" or token == ("op", "*")):
                    raise _Unparsable
                self.position += 1
                segments.append(token[1])
            elif self._take("["):
                self._nested()
                segments.append(self._or())
                self.depth -= 1
                if not self._take("]"):
                    raise _Unparsable
            else:
                break
        if node[0] == "ref":
            return ("ref", node[1], segments)
        return ("index", node, segments) if segments else node


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_KEYWORDS: dict[str, Value] = {"true": True, "false": False, "null": None}


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    end = len(text.rstrip())
    while position < end:
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            raise _Unparsable
        tokens.append((match.lastgroup, match[match.lastgroup]))
        position = match.end()
    return tokens


@lru_cache(maxsize=4096)
def parse(expression: str) -> _Ast | None:
    """The syntax tree of an expression's body (the text between `${{` and `}}`); cached, as
    a matrix job evaluates the same expressions once per run. The tree is not to be changed."""
    try:
        return _Parser(expression).parse()
    except _Unparsable:
        return None


def evaluate(expression: str, resolve: Resolver) -> Value:
    """The value of an expression's body; UNKNOWN when it cannot be parsed or known."""
    tree = parse(expression)
    return UNKNOWN if tree is None else _evaluate(tree, resolve)


def field_value(text: str, resolve: Resolver) -> Value:
    """A workflow field's value: a field that is one `${{ }}` takes the expression's value
    (a boolean stays a boolean); text around expressions makes a string of them."""
    whole = _EXPRESSION.fullmatch(text.strip())
    if whole is not None:
        return evaluate(whole[1], resolve)
    return interpolate(text, resolve)


def interpolate(text: str, resolve: Resolver) -> str | _Unknown:
    """`text` with each `${{ }}` replaced by its value as a string."""
    parts: list[str] = []
    start = 0
    for match in _EXPRESSION.finditer(text):
        value = evaluate(match[1], resolve)
        if isinstance(value, _Unknown):
            return UNKNOWN
        parts += [text[start : match.start()], to_string(value)]
        start = match.end()
    parts.append(text[start:])
    return "".join(parts)


def condition(text: str, resolve: Resolver) -> bool | None:
    """An `if:` (written with or without `${{ }}`): True or False, None when unknown."""
    stripped = text.strip()
    value = field_value(stripped, resolve) if "${{" in stripped else evaluate(stripped, resolve)
    return None if isinstance(value, _Unknown) else truthy(value)


def node_value(node: Node | None) -> Value:
    """A YAML node as an expression reads it: a missing property is an empty string."""
    if node is None:
        return ""
    if isinstance(node, Scalar):
        return _scalar_value(node)
    if isinstance(node, Sequence):
        return tuple(_scalar_value(i) if isinstance(i, Scalar) else UNKNOWN for i in node.items)
    if isinstance(node, Mapping):
        return {k: _scalar_value(v) if isinstance(v, Scalar) else UNKNOWN for k, v in node.items()}
    return UNKNOWN


def _scalar_value(scalar: Scalar) -> Value:
    if scalar.quoted or scalar.block:
        return scalar.text
    if scalar.tag.endswith(":null"):
        return None
    if scalar.text in ("true", "True", "TRUE"):
        return True
    if scalar.text in ("false", "False", "FALSE"):
        return False
    if scalar.is_number:
        try:
            return float(scalar.loaded_as)
        except ValueError:
            return scalar.text
    return scalar.text


def truthy(value: Value) -> bool:
    """GitHub's truthiness: false, 0, NaN, '' and null are false."""
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return value is not None and value is not False


def to_string(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, tuple):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    return str(value)


def _evaluate(node: _Ast, resolve: Resolver) -> Value:
    kind = node[0]
    if kind == "lit":
        return node[1]  # type: ignore[return-value]
    if kind == "or" or kind == "and":
        return _logical(kind, node[1], resolve)  # type: ignore[arg-type]
    if kind == "not":
        value = _evaluate(node[1], resolve)  # type: ignore[arg-type]
        if isinstance(value, _Unknown):
            return UNKNOWN
        return truthy(value) != (node[2] % 2 == 1)  # type: ignore[operator]
    if kind == "cmp":
        return _comparisons(node[1], node[2], resolve)  # type: ignore[arg-type]
    if kind == "ref":
        return _reference(node[1], node[2], resolve)  # type: ignore[arg-type]
    if kind == "call":
        return _call(node[1], node[2], resolve)  # type: ignore[arg-type]
    if kind == "index":
        value = _evaluate(node[1], resolve)  # type: ignore[arg-type]
        return _descend(value, node[2], resolve)  # type: ignore[arg-type]
    return UNKNOWN


def _logical(kind: object, operands: list[_Ast], resolve: Resolver) -> Value:
    """`a || b` is the first truthy operand (else the last); `a && b` the first falsy one."""
    value: Value = UNKNOWN
    for operand in operands:
        value = _evaluate(operand, resolve)
        if isinstance(value, _Unknown):
            return UNKNOWN
        if truthy(value) == (kind == "or"):
            return value
    return value


def _comparisons(first: _Ast, rest: list[tuple[str, _Ast]], resolve: Resolver) -> Value:
    left = _evaluate(first, resolve)
    for operator, operand in rest:
        right = _evaluate(operand, resolve)
        if isinstance(left, _Unknown) or isinstance(right, _Unknown):
            return UNKNOWN
        left = _compare(operator, left, right)
    return left


def _compare(operator: str, left: Value, right: Value) -> bool:
    if operator in ("==", "!="):
        return _equal(left, right) == (operator == "==")
    if isinstance(left, str) and isinstance(right, str):
        return _ordered(operator, left.casefold(), right.casefold())
    a, b = _number(left), _number(right)
    return not (math.isnan(a) or math.isnan(b)) and _ordered(operator, a, b)


_Ordered = TypeVar("_Ordered", str, float)


def _ordered(operator: str, a: _Ordered, b: _Ordered) -> bool:
    if operator == "<":
        return a < b
    if operator == "<=":
        return a <= b
    if operator == ">":
        return a > b
    return a >= b


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    if isinstance(left, tuple | dict) or isinstance(right, tuple | dict):
        return left is right
    if type(left) is type(right):
        return left == right
    a, b = _number(left), _number(right)
    return not math.isnan(a) and a == b


def _number(value: Value) -> float:
    """GitHub's coercion to a number: null 0, booleans 1 and 0, a string its JSON number
    ('' is 0), anything else NaN."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, str):
        if not value.strip():
            return 0.0
        if value.strip().lower().startswith("0x"):
            try:
                return float(int(value.strip(), 16))
            except ValueError:
                return math.nan
        return float(value) if _NUMERIC.fullmatch(value) else math.nan
    return math.nan


def _reference(context: str, segments: list[object], resolve: Resolver) -> Value:
    path: list[str] = []
    for segment in segments:
        if isinstance(segment, str):
            if segment == "*":
                return UNKNOWN
            path.append(segment)
            continue
        key = _evaluate(segment, resolve)  # type: ignore[arg-type]
        if isinstance(key, _Unknown | tuple | dict):
            return UNKNOWN
        path.append(to_string(key))
    return resolve(context, tuple(path))


def _descend(value: Value, segments: list[object], resolve: Resolver) -> Value:
    for segment in segments:
        if isinstance(value, _Unknown) or segment == "*":
            return UNKNOWN
        key = segment if isinstance(segment, str) else _evaluate(segment, resolve)  # type: ignore[arg-type]
        if isinstance(key, _Unknown):
            return UNKNOWN
        if isinstance(value, tuple) and isinstance(key, float) and key.is_integer():
            value = value[int(key)] if 0 <= key < len(value) else None
        elif isinstance(value, dict) and isinstance(key, str):
            found = [v for k, v in value.items() if k.casefold() == key.casefold()]
            value = found[0] if found else None
        else:
            value = None
    return value


def _call(name: str, arguments: list[_Ast], resolve: Resolver) -> Value:
    if name == "always":
        return True
    values = [_evaluate(argument, resolve) for argument in arguments]
    if any(isinstance(value, _Unknown) for value in values):
        return UNKNOWN
    if name == "format" and values and isinstance(values[0], str):
        return _format(values[0], values[1:])
    if name in ("startswith", "endswith") and len(values) == 2:
        text, affix = to_string(values[0]).casefold(), to_string(values[1]).casefold()
        return text.startswith(affix) if name == "startswith" else text.endswith(affix)
    if name == "contains" and len(values) == 2:
        container, item = values
        if isinstance(container, tuple):
            return any(_equal(element, item) for element in container)
        return to_string(item).casefold() in to_string(container).casefold()
    if name == "fromjson" and len(values) == 1 and isinstance(values[0], str):
        return _from_json(values[0])
    return UNKNOWN  # status functions, hashFiles, toJSON, join, ...


def _format(template: str, arguments: list[Value]) -> Value:
    parts: list[str] = []
    index = 0
    while index < len(template):
        char = template[index]
        if template.startswith("{{", index) or template.startswith("}}", index):
            parts.append(char)
            index += 2
            continue
        if char == "{":
            close = template.find("}", index)
            number = template[index + 1 : close] if close > 0 else ""
            if not number.isdecimal() or int(number) >= len(arguments):
                return UNKNOWN
            parts.append(to_string(arguments[int(number)]))
            index = close + 1
            continue
        parts.append(char)
        index += 1
    return "".join(parts)


def _from_json(text: str) -> Value:
    try:
        loaded = json_text.loads(text)
    except (ValueError, RecursionError):
        return UNKNOWN
    return _json_value(loaded, 0)


def _json_value(loaded: object, depth: int) -> Value:
    if loaded is None or isinstance(loaded, bool | str):
        return loaded
    if isinstance(loaded, int | float):
        return float(loaded)
    if depth > _MAX_DEPTH:
        return UNKNOWN
    if isinstance(loaded, list):
        return tuple(_json_value(item, depth + 1) for item in loaded)
    if isinstance(loaded, dict):
        return {str(k): _json_value(v, depth + 1) for k, v in loaded.items()}
    return UNKNOWN
