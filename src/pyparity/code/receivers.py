"""Which builtin type a value certainly has, to confirm vermin's `int.is_integer`-style readings.

vermin names a method after a builtin type when it guesses the receiver's type: from a number
anywhere in the expression (`(p * 100).is_integer()` is read as `int.is_integer`, 3.12, though
`p * 100` is a float there) or from any assignment of the name anywhere in the file. Such a
reading is kept only where the receiver's type is certain here:

- a literal (`(1).bit_count()`, `"a".removeprefix(...)`, `{}.items()`, an f-string,
  a comprehension), the type itself (`str.removeprefix(s, "a")`) or its constructor
  (`int(text).bit_count()`), a method of a known value (`{}.items().mapping`);
- arithmetic on two values of one known type (`(n + 1)` with `n` an int);
- a name bound exactly once in its scope, by a plain `name = <one of the above>`, with no
  `global`, `nonlocal` or `:=` anywhere in the module rebinding it.

A parameter, an attribute, a call's result or a name bound twice has no certain type.

`KeywordCalls` confirms vermin's keyword arguments the same way: vermin gives a keyword to
every call it is nested in (`datetime.combine(d, time(0, tzinfo=tz))` reads as
`combine(tzinfo=...)`, 3.6); the keyword counts only where the named function's own call
passes it.
"""

from __future__ import annotations

import ast
import bisect
import builtins
from collections.abc import Iterator, Mapping

from pyparity.records import field, record

_CONSTRUCTORS = frozenset(
    name
    for name in dir(builtins)
    if isinstance(getattr(builtins, name), type)
    and not issubclass(getattr(builtins, name), BaseException)
)
_SCOPES = (
    ast.Module,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
_LITERALS: dict[type[ast.AST], str] = {
    ast.JoinedStr: "str",
    ast.List: "list",
    ast.ListComp: "list",
    ast.Tuple: "tuple",
    ast.Set: "set",
    ast.SetComp: "set",
    ast.Dict: "dict",
    ast.DictComp: "dict",
}
_INT_OPERATORS = (
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.FloorDiv,
    ast.Mod,
    ast.LShift,
    ast.RShift,
    ast.BitAnd,
    ast.BitOr,
    ast.BitXor,
)
_SEQUENCES = frozenset({"str", "bytes", "list", "tuple"})
_DEPTH = 8


def is_builtin_type(name: str) -> bool:
    """Is `name` (`int`, `dict`) one of the builtin types vermin names methods after?"""
    return isinstance(getattr(builtins, name, None), type)


@record(frozen=False, kw_only=False)
class _Scope:
    """A function, class or module body: the names bound in it and their plain values."""

    node: ast.AST
    parent: _Scope | None
    bound: dict[str, int] = field(default_factory=dict)  # name -> how many bindings
    values: dict[str, ast.expr] = field(default_factory=dict)  # of a plain `name = value`

    def bind(self, name: str, value: ast.expr | None = None) -> None:
        self.bound[name] = self.bound.get(name, 0) + 1
        if value is not None:
            self.values[name] = value


class Receivers:
    """`confirms(line, "int.is_integer")`: an attribute `.is_integer` starting on that line
    has a receiver certainly of type `int`."""

    def __init__(self, tree: ast.Module) -> None:
        self._unsure: set[str] = set()  # rebound by `global`, `nonlocal` or `:=` somewhere
        self._scope_of: dict[int, _Scope] = {}  # id(attribute) -> the scope it is read in
        self._attributes: dict[int, list[ast.Attribute]] = {}
        self._collect(tree, None)

    def confirms(self, line: int, member: str) -> bool:
        owner, _, attribute = member.rpartition(".")
        for node in self._attributes.get(line, ()):
            if node.attr == attribute:
                scope = self._scope_of[id(node)]
                if self.type_of(node.value, scope, _DEPTH) == owner:
                    return True
        return False

    def contradicts(self, line: int, member: str) -> bool:
        """vermin names a class's method (`pathlib.Path.copy`) for `.copy` on that line after
        guessing the receiver's type from any binding of its name in the file (`root =
        Path(...)` in another function): every such attribute's receiver is here certainly of
        a builtin type instead (`root = {...}` in this one)."""
        attribute = member.rpartition(".")[2]
        found = [node for node in self._attributes.get(line, ()) if node.attr == attribute]
        return bool(found) and all(
            self.type_of(node.value, self._scope_of[id(node)], _DEPTH) is not None for node in found
        )

    # What the module binds, scope by scope

    def _collect(self, node: ast.AST, parent: _Scope | None) -> None:
        scope = _Scope(node=node, parent=parent)
        self._bind_parameters(node, scope)
        for child in _scope_body(node):
            self._visit(child, scope)

    def _visit(self, node: ast.AST, scope: _Scope) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, _SCOPES):
                self._bind_definition(current, scope)
                self._collect(current, scope)
                continue
            self._note(current, scope)
            stack.extend(ast.iter_child_nodes(current))

    def _note(self, node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.Attribute):
            self._attributes.setdefault(node.lineno, []).append(node)
            self._scope_of[id(node)] = scope
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            scope.bind(node.id)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    scope.values[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if isinstance(node.target, ast.Name):
                scope.values[node.target.id] = node.value
        elif isinstance(node, ast.Global | ast.Nonlocal):
            self._unsure.update(node.names)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            self._unsure.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                scope.bind(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            scope.bind(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            scope.bind(node.rest)

    def _bind_definition(self, node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope.bind(node.name)
            for expression in _evaluated_outside(node):
                self._visit(expression, scope)
        elif isinstance(node, ast.Lambda):
            for default in (*node.args.defaults, *node.args.kw_defaults):
                if default is not None:
                    self._visit(default, scope)

    @staticmethod
    def _bind_parameters(node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            for argument in every:
                scope.bind(argument.arg)

    # Types

    def type_of(self, node: ast.expr, scope: _Scope, depth: int) -> str | None:
        if depth <= 0:
            return None
        if isinstance(node, ast.Constant):
            return _constant_type(node.value)
        for kind, name in _LITERALS.items():
            if isinstance(node, kind):
                return name
        if isinstance(node, ast.Name):
            return self._name_type(node.id, scope, depth)
        if isinstance(node, ast.Call):
            return self._call_type(node, scope, depth)
        if isinstance(node, ast.BinOp):
            left = self.type_of(node.left, scope, depth - 1)
            right = self.type_of(node.right, scope, depth - 1)
            return _arithmetic(left, node.op, right)
        return None

    def _call_type(self, node: ast.Call, scope: _Scope, depth: int) -> str | None:
        function = node.func
        if isinstance(function, ast.Name):
            name = function.id
            builtin = self._resolve(name, scope) is None and name not in self._unsure
            return name if builtin and name in _CONSTRUCTORS else None
        if isinstance(function, ast.Attribute):
            owner = self.type_of(function.value, scope, depth - 1)
            return f"{owner}.{function.attr}" if owner else None
        return None

    def _name_type(self, name: str, scope: _Scope, depth: int) -> str | None:
        if name in self._unsure:
            return None
        defined = self._resolve(name, scope)
        if defined is None:
            return name if name in _CONSTRUCTORS else None  # the type itself: `str.removeprefix`
        value = defined.values.get(name)
        if defined.bound.get(name) != 1 or value is None:
            return None
        return self.type_of(value, defined, depth - 1)

    @staticmethod
    def _resolve(name: str, scope: _Scope) -> _Scope | None:
        """The scope whose binding `name` reads (a class body is not seen from its methods)."""
        current: _Scope | None = scope
        while current is not None:
            visible = current is scope or not isinstance(current.node, ast.ClassDef)
            if visible and name in current.bound:
                return current
            current = current.parent
        return None


def _scope_body(node: ast.AST) -> Iterator[ast.AST]:
    if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield from node.body
    elif isinstance(node, ast.Lambda):
        yield node.body
    elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
        for generator in node.generators:
            yield generator.target
            yield generator.iter
            yield from generator.ifs
        if isinstance(node, ast.DictComp):
            yield node.key
            yield node.value
        else:
            yield node.elt


def _evaluated_outside(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
) -> list[ast.expr]:
    """Decorators, defaults and bases run in the enclosing scope."""
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
    defaults = [d for d in (*node.args.defaults, *node.args.kw_defaults) if d is not None]
    return [*node.decorator_list, *defaults]


def _constant_type(value: object) -> str | None:
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return None
    return type(value).__name__ if isinstance(value, int | float | complex | str | bytes) else None


def _arithmetic(left: str | None, operator: ast.operator, right: str | None) -> str | None:
    if left is None or right is None:
        return None
    if left == right == "int":
        if isinstance(operator, _INT_OPERATORS):
            return "int"
        return "float" if isinstance(operator, ast.Div) else None
    if {left, right} <= {"int", "float"} and isinstance(
        operator, ast.Add | ast.Sub | ast.Mult | ast.Div | ast.FloorDiv | ast.Mod
    ):
        return "float"
    if left == right and left in _SEQUENCES and isinstance(operator, ast.Add):
        return left
    if left in {"str", "bytes"} and isinstance(operator, ast.Mod):
        return left
    return None


class KeywordCalls:
    """`confirms(line, "datetime.datetime.combine", "tzinfo")`: a call of `combine` that spans
    that line passes `tzinfo=` itself. Per (function, keyword), the calls' first lines in
    order and the furthest last line so far: a lookup is a bisection, so a file of thousands
    of such calls, each reported, costs n log n, not n x n."""

    def __init__(self, tree: ast.Module, aliases: Mapping[str, str]) -> None:
        spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.keywords:
                name = called_name(node.func, aliases)
                if not name:
                    continue
                last = node.end_lineno or node.lineno
                for keyword in {k.arg for k in node.keywords if k.arg}:
                    spans.setdefault((name, keyword), []).append((node.lineno, last))
        self._index: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for key, found in spans.items():
            found.sort()
            furthest: list[int] = []
            for _, last in found:
                furthest.append(max(last, furthest[-1]) if furthest else last)
            self._index[key] = ([first for first, _ in found], furthest)

    def confirms(self, line: int, function: str, keyword: str) -> bool:
        index = self._index.get((function.rpartition(".")[2], keyword))
        if index is None:
            return False
        firsts, furthest = index
        before = bisect.bisect_right(firsts, line)
        return before > 0 and furthest[before - 1] >= line


def called_name(function: ast.expr, aliases: Mapping[str, str] | None = None) -> str | None:
    """The last part of the called name, through an import alias (`from x import run as r`)."""
    aliases = aliases or {}
    if isinstance(function, ast.Name):
        return aliases.get(function.id, function.id).rpartition(".")[2]
    return function.attr if isinstance(function, ast.Attribute) else None
