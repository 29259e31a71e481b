"""What a Python expression evaluates to, when that can be known without running anything.

For `setup.py` and `noxfile.py`: the file is parsed with `ast` and never imported or
executed. Literals, module-level names assigned exactly once, `+` of strings or lists,
`sep.join([...])`, `list(...)`/`tuple(...)`, `[*A, "x"]`, `dict(...)` and `{...}` are
followed; anything else (calls, f-strings with names, attributes, comprehensions) is
`Dynamic`, with the reason.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pyparity.errors import UnreadableFile
from pyparity.textfile import TextFile

_MAX_DEPTH = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class Where:
    """Offsets of an expression in the file; `exact` when `start` is where the value's own
    text begins (inside the quotes of a plain string literal)."""

    start: int
    end: int
    exact: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Const:
    value: str | int | float | bool | None
    where: Where


@dataclass(frozen=True, slots=True, kw_only=True)
class Seq:
    items: tuple[Evaluated, ...]
    where: Where


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    entries: dict[str, Evaluated]
    where: Where


@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamic:
    why: str
    text: str
    where: Where


Evaluated = Const | Seq | Table | Dynamic


def parse(file: TextFile) -> ast.Module:
    try:
        return ast.parse(file.text, filename=file.path)
    except SyntaxError as error:
        raise UnreadableFile(
            f"invalid Python: {error.msg}", line=error.lineno or 1, column=error.offset or 1
        ) from None
    except (RecursionError, MemoryError, ValueError) as error:
        raise UnreadableFile(f"cannot parse as Python ({type(error).__name__})") from None


class Evaluator:
    """Evaluates expressions of one module against its module-level constants."""

    def __init__(self, file: TextFile, module: ast.Module) -> None:
        self.file = file
        self._assigned = _module_assignments(module)
        self._resolving: set[str] = set()

    def where(self, node: ast.expr) -> Where:
        start = self._offset(node.lineno, node.col_offset)
        end_line = node.end_lineno or node.lineno
        end = self._offset(end_line, node.end_col_offset or node.col_offset)
        return Where(start=start, end=end)

    def text(self, node: ast.expr) -> str:
        where = self.where(node)
        return self.file.text[where.start : where.end]

    def evaluate(self, node: ast.expr, depth: int = 0) -> Evaluated:
        if depth > _MAX_DEPTH:
            return self._dynamic(node, "nested too deeply")
        match node:
            case ast.Constant(value=str() as value):
                return Const(value=value, where=self._string_where(node, value))
            case ast.Constant(value=int() | float() | bool() | None as value):
                return Const(value=value, where=self.where(node))
            case ast.JoinedStr():
                return self._fstring(node)
            case ast.List(elts=items) | ast.Tuple(elts=items) | ast.Set(elts=items):
                return self._sequence(node, items, depth)
            case ast.BinOp(op=ast.Add()):
                return self._add(node, depth)
            case ast.Name(id=name):
                return self._name(node, name, depth)
            case ast.Call():
                return self._call(node, depth)
            case ast.Dict():
                return self._dict(node, depth)
            case ast.Attribute():
                return self._dynamic(node, "attribute access")
        return self._dynamic(node, f"{type(node).__name__.lower()} expression")

    def _offset(self, line: int, byte_column: int) -> int:
        """ast columns count UTF-8 bytes; offsets count characters."""
        text = self.file.line_text(line)
        column = len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))
        return self.file.offset(line, column + 1)

    def _dynamic(self, node: ast.expr, why: str) -> Dynamic:
        return Dynamic(why=why, text=self.text(node), where=self.where(node))

    def _string_where(self, node: ast.expr, value: str) -> Where:
        """Inside the quotes when the literal spells the value as is (no escapes, one part)."""
        where = self.where(node)
        written = self.file.text[where.start : where.end]
        body = written.lstrip("rRuUbBfF")
        for quote in ('"""', "'''", '"', "'"):
            if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
                if body[len(quote) : len(body) - len(quote)] == value:
                    start = where.start + len(written) - len(body) + len(quote)
                    return Where(start=start, end=start + len(value), exact=True)
                break
        return where

    def _fstring(self, node: ast.JoinedStr) -> Evaluated:
        parts = [part.value for part in node.values if isinstance(part, ast.Constant)]
        if len(parts) != len(node.values):
            return self._dynamic(node, "f-string with a replacement field")
        return Const(value="".join(str(p) for p in parts), where=self.where(node))

    def _sequence(self, node: ast.expr, items: list[ast.expr], depth: int) -> Evaluated:
        evaluated: list[Evaluated] = []
        for item in items:
            if isinstance(item, ast.Starred):
                inner = self.evaluate(item.value, depth + 1)
                evaluated += inner.items if isinstance(inner, Seq) else [inner]
            else:
                evaluated.append(self.evaluate(item, depth + 1))
        return Seq(items=tuple(evaluated), where=self.where(node))

    def _add(self, node: ast.BinOp, depth: int) -> Evaluated:
        left, right = self.evaluate(node.left, depth + 1), self.evaluate(node.right, depth + 1)
        if isinstance(left, Seq) and isinstance(right, Seq):
            return Seq(items=left.items + right.items, where=self.where(node))
        if isinstance(left, Dynamic) and isinstance(right, Seq):
            return Seq(items=(left, *right.items), where=self.where(node))
        if isinstance(left, Seq) and isinstance(right, Dynamic):
            return Seq(items=(*left.items, right), where=self.where(node))
        texts = _strings(Seq(items=(left, right), where=self.where(node)))
        if texts is not None:
            return Const(value="".join(texts), where=self.where(node))
        return self._dynamic(node, "an expression that cannot be known statically")

    def _name(self, node: ast.expr, name: str, depth: int) -> Evaluated:
        count, value = self._assigned.get(name, (0, None))
        if count != 1 or value is None:
            why = "assigned more than once" if count > 1 else "not a module-level constant"
            return self._dynamic(node, f"{name} is {why}")
        if name in self._resolving:
            return self._dynamic(node, f"{name} refers to itself")
        self._resolving.add(name)
        try:
            return self.evaluate(value, depth + 1)
        finally:
            self._resolving.discard(name)

    def _call(self, node: ast.Call, depth: int) -> Evaluated:
        function, args = node.func, node.args
        if isinstance(function, ast.Attribute) and function.attr == "join" and len(args) == 1:
            separator = self.evaluate(function.value, depth + 1)
            joined = self.evaluate(args[0], depth + 1)
            if isinstance(separator, Const) and isinstance(separator.value, str):
                texts = _strings(joined)
                if texts is not None:
                    return Const(value=separator.value.join(texts), where=self.where(node))
        if _is_call_of(node, {"list", "tuple"}) and len(args) == 1 and not node.keywords:
            inner = self.evaluate(args[0], depth + 1)
            if isinstance(inner, Seq):
                return Seq(items=inner.items, where=self.where(node))
        if _is_call_of(node, {"dict"}) and not args:
            entries = {k.arg: self.evaluate(k.value, depth + 1) for k in node.keywords if k.arg}
            if all(k.arg for k in node.keywords):
                return Table(entries=entries, where=self.where(node))
        return self._dynamic(node, "a function call")

    def _dict(self, node: ast.Dict, depth: int) -> Evaluated:
        entries: dict[str, Evaluated] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return self._dynamic(node, "a dict with computed keys")
            entries[key.value] = self.evaluate(value, depth + 1)
        return Table(entries=entries, where=self.where(node))


def _is_call_of(node: ast.Call, names: set[str]) -> bool:
    return isinstance(node.func, ast.Name) and node.func.id in names


def _strings(value: Evaluated) -> list[str] | None:
    if not isinstance(value, Seq):
        return None
    texts = [item.value for item in value.items if isinstance(item, Const)]
    if len(texts) != len(value.items) or not all(isinstance(t, str) for t in texts):
        return None
    return [str(t) for t in texts]


def _module_assignments(module: ast.Module) -> dict[str, tuple[int, ast.expr | None]]:
    """How often each module-level name is bound, and its value when bound by a plain
    top-level `NAME = value` (or `NAME: T = value`)."""
    counts: Counter[str] = Counter()
    values: dict[str, ast.expr] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                values[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        ):
            values[statement.target.id] = statement.value
        for name in _bound_names(statement):
            counts[name] += 1
    return {name: (count, values.get(name)) for name, count in counts.items()}


def _bound_names(statement: ast.stmt) -> Iterator[str]:
    """Names a module-level statement binds, not looking inside functions or classes."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield statement.name
        return
    if isinstance(statement, ast.Import | ast.ImportFrom):
        for alias in statement.names:
            yield (alias.asname or alias.name).split(".")[0]
        return
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            yield node.id
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            yield node.target.id
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
