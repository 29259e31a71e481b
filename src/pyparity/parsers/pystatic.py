"""What a Python expression evaluates to, when that can be known without running anything.

For `setup.py`, `noxfile.py` and Bazel's Starlark (`MODULE.bazel`): the file is parsed with
`ast` and never imported or executed. Literals, module-level names assigned exactly once,
`+` of strings or lists, `sep.join([...])`, `list(...)`/`tuple(...)`, `[*A, "x"]`,
`dict(...)` and `{...}` are followed, and so are `f">={MIN}"` and `">={}".format(MIN)` of
such strings (plain fields only) and `VERSIONS[-1]` (a literal index); anything else (calls,
fields with a format or conversion, attributes, comprehensions) is `Dynamic`, with the
reason.

Each module-level name is evaluated once, names it refers to first (in a loop, not by
recursion), so a name built from four copies of the one before costs four references, not
four evaluations. What evaluation makes is budgeted: past `MAX_ITEMS` list items or
`MAX_CHARACTERS` characters of joined strings the file is unreadable (a parse-error).
"""

from __future__ import annotations

import ast
import string
from array import array
from collections import Counter
from collections.abc import Iterator

from pyparity.errors import UnreadableFile
from pyparity.records import record
from pyparity.textfile import TextFile

_MAX_DEPTH = 50
"""Nesting of one expression (a name's value starts again at 0)."""
MAX_SOURCE = 512 * 1024
"""Characters of Python read: `ast` takes some 200 bytes of memory per character."""
MAX_ITEMS = 1 << 20
"""List and tuple items evaluation may make in one file, copies included."""
MAX_CHARACTERS = 1 << 21
"""Characters `+` and `join` may make in one file."""
MAX_LOOKED_AT = 1 << 12
"""Evaluated values a reader may look at in one file: a list named by every one of many
`setup()` calls or sessions is looked at once for each."""


@record
class Where:
    """Offsets of an expression in the file; `exact` when `start` is where the value's own
    text begins (inside the quotes of a plain string literal)."""

    start: int
    end: int
    exact: bool = False


@record
class Const:
    """A literal the code spells (a string, number, boolean or None)."""

    value: str | int | float | bool | None
    where: Where


@record
class Seq:
    """A list, tuple or set of known items."""

    items: tuple[Evaluated, ...]
    where: Where


@record
class Table:
    """A dict with string keys."""

    entries: dict[str, Evaluated]
    where: Where


@record
class Dynamic:
    """A value only running the code would give, and why."""

    why: str
    text: str
    where: Where


Evaluated = Const | Seq | Table | Dynamic


def parse(file: TextFile) -> ast.Module:
    if len(file.text) > MAX_SOURCE:
        raise UnreadableFile(
            f"larger than {MAX_SOURCE // 1024} KiB; a file read as Python this large is not read"
        )
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
        self._values: dict[str, Evaluated] = {}
        self._resolving: set[str] = set()
        self._items = 0
        self._characters = 0
        self._looked_at = 0
        self._columns: dict[int, array[int] | None] = {}

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
                return self._fstring(node, depth)
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
            case ast.Subscript():
                return self._item(node, depth)
            case ast.Attribute():
                return self._dynamic(node, "attribute access")
            case ast.ListComp():
                return self._identity_comprehension(node, depth)
        return self._dynamic(node, f"{type(node).__name__.lower()} expression")

    def _identity_comprehension(self, node: ast.ListComp, depth: int) -> Evaluated:
        """`[(python) for python in ("3.9", "3.10")]`: the items of what it iterates over,
        as they are (any other comprehension computes something: dynamic)."""
        match node:
            case ast.ListComp(
                elt=ast.Name(id=element),
                generators=[ast.comprehension(target=ast.Name(id=target), ifs=[], is_async=0)],
            ) if element == target:
                iterated = self.evaluate(node.generators[0].iter, depth + 1)
                if isinstance(iterated, Seq):
                    self._made(items=len(iterated.items))
                    return Seq(items=iterated.items, where=self.where(node))
        return self._dynamic(node, "listcomp expression")

    def _offset(self, line: int, byte_column: int) -> int:
        """ast columns count UTF-8 bytes; offsets count characters. Each line is looked at
        once: a long line holds many nodes."""
        if line not in self._columns:
            text = self.file.line_text(line)
            self._columns[line] = None if text.isascii() else _characters_before(text)
        columns = self._columns[line]
        column = byte_column if columns is None else columns[min(byte_column, len(columns) - 1)]
        return self.file.offset(line, column + 1)

    def look_at(self, values: int) -> None:
        """Charge a reader's look at that many values; past the budget the file is
        unreadable."""
        self._looked_at += values
        if self._looked_at > MAX_LOOKED_AT:
            raise UnreadableFile(f"names more than {MAX_LOOKED_AT:,} versions; not read")

    def _made(self, items: int = 0, characters: int = 0) -> None:
        self._items += items
        self._characters += characters
        if self._items > MAX_ITEMS or self._characters > MAX_CHARACTERS:
            raise UnreadableFile(
                f"static evaluation makes more than {MAX_ITEMS:,} list items or "
                f"{MAX_CHARACTERS:,} characters; not read"
            )

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

    def _fstring(self, node: ast.JoinedStr, depth: int) -> Evaluated:
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
                continue
            value = None
            if (
                isinstance(part, ast.FormattedValue)
                and part.conversion == -1
                and part.format_spec is None
            ):
                value = self.evaluate(part.value, depth + 1)
            if not isinstance(value, Const) or not _is_text(value):
                return self._dynamic(node, "f-string with a field that cannot be known")
            parts.append(str(value.value))
        self._made(characters=sum(map(len, parts)))
        return Const(value="".join(parts), where=self.where(node))

    def _item(self, node: ast.Subscript, depth: int) -> Evaluated:
        """`VERSIONS[-1]`: one item of a known list by a literal index."""
        index = node.slice
        negative = isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub)
        literal = index.operand if isinstance(index, ast.UnaryOp) and negative else index
        if not (isinstance(literal, ast.Constant) and type(literal.value) is int):
            return self._dynamic(node, "an item picked by an expression")
        sequence = self.evaluate(node.value, depth + 1)
        position = -literal.value if negative else literal.value
        if not isinstance(sequence, Seq) or not -len(sequence.items) <= position < len(
            sequence.items
        ):
            return self._dynamic(node, "an item of a list that cannot be known")
        return sequence.items[position]

    def _format(self, node: ast.Call, template: Evaluated, depth: int) -> Evaluated | None:
        """`">={}".format(MIN)`: plain `{}` / `{0}` fields of known strings or numbers."""
        if not isinstance(template, Const) or not isinstance(template.value, str):
            return None
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        values = [self.evaluate(argument, depth + 1) for argument in node.args]
        if not all(_is_text(value) for value in values):
            return None
        texts = [str(value.value) for value in values if isinstance(value, Const)]
        try:
            fields = list(string.Formatter().parse(template.value))
        except ValueError:
            return None
        parts, automatic = [], 0
        for literal, field, spec, conversion in fields:
            parts.append(literal)
            if field is None:
                continue
            if spec or conversion or not (field == "" or field.isdigit()):
                return None
            index = automatic if field == "" else int(field)
            automatic += field == ""
            if index >= len(texts):
                return None
            parts.append(texts[index])
        self._made(characters=sum(map(len, parts)))
        return Const(value="".join(parts), where=self.where(node))

    def _sequence(self, node: ast.expr, items: list[ast.expr], depth: int) -> Evaluated:
        evaluated: list[Evaluated] = []
        for item in items:
            if isinstance(item, ast.Starred):
                inner = self.evaluate(item.value, depth + 1)
                copied = inner.items if isinstance(inner, Seq) else (inner,)
                self._made(items=len(copied))  # before the copy: `[*A, *A, ...]` of a large A
                evaluated += copied
            else:
                evaluated.append(self.evaluate(item, depth + 1))
        self._made(items=len(evaluated))
        return Seq(items=tuple(evaluated), where=self.where(node))

    def _add(self, node: ast.BinOp, depth: int) -> Evaluated:
        left, right = self.evaluate(node.left, depth + 1), self.evaluate(node.right, depth + 1)
        if isinstance(left, Seq) and isinstance(right, Seq):
            self._made(items=len(left.items) + len(right.items))
            return Seq(items=left.items + right.items, where=self.where(node))
        if isinstance(left, Dynamic) and isinstance(right, Seq):
            self._made(items=len(right.items) + 1)
            return Seq(items=(left, *right.items), where=self.where(node))
        if isinstance(left, Seq) and isinstance(right, Dynamic):
            self._made(items=len(left.items) + 1)
            return Seq(items=(*left.items, right), where=self.where(node))
        texts = _strings(Seq(items=(left, right), where=self.where(node)))
        if texts is not None:
            self._made(characters=sum(map(len, texts)))
            return Const(value="".join(texts), where=self.where(node))
        return self._dynamic(node, "an expression that cannot be known statically")

    def _name(self, node: ast.expr, name: str, depth: int) -> Evaluated:
        count, value = self._assigned.get(name, (0, None))
        if count != 1 or value is None:
            why = "assigned more than once" if count > 1 else "not a module-level constant"
            return self._dynamic(node, f"{name} is {why}")
        if name not in self._values and name not in self._resolving:
            self._resolve(name)
        found = self._values.get(name)
        return found if found is not None else self._dynamic(node, f"{name} refers to itself")

    def _resolve(self, name: str) -> None:
        """Evaluate a module-level name once, after the names its value refers to (a loop
        over a stack: a chain of ten thousand names does not recurse ten thousand deep)."""
        stack: list[tuple[str, bool]] = [(name, False)]
        while stack:
            current, ready = stack.pop()
            if current in self._values:
                continue
            value = self._assigned[current][1]
            assert value is not None
            if ready:
                self._values[current] = self.evaluate(value)
                self._resolving.discard(current)
            elif current not in self._resolving:  # else a cycle: `refers to itself`
                self._resolving.add(current)
                stack.append((current, True))
                stack += [(used, False) for used in self._constants_in(value)]

    def _constants_in(self, value: ast.expr) -> list[str]:
        """Module-level constants the expression names, not yet evaluated."""
        names = dict.fromkeys(n.id for n in ast.walk(value) if isinstance(n, ast.Name))
        return [
            name
            for name in names
            if self._assigned.get(name, (0, None))[0] == 1
            and self._assigned[name][1] is not None
            and name not in self._values
        ]

    def _call(self, node: ast.Call, depth: int) -> Evaluated:
        function, args = node.func, node.args
        if isinstance(function, ast.Attribute) and function.attr == "format":
            formatted = self._format(node, self.evaluate(function.value, depth + 1), depth)
            if formatted is not None:
                return formatted
        if isinstance(function, ast.Attribute) and function.attr == "join" and len(args) == 1:
            separator = self.evaluate(function.value, depth + 1)
            joined = self.evaluate(args[0], depth + 1)
            if isinstance(separator, Const) and isinstance(separator.value, str):
                texts = _strings(joined)
                if texts is not None:
                    size = sum(map(len, texts)) + len(separator.value) * max(len(texts) - 1, 0)
                    self._made(characters=size)
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


def _characters_before(line: str) -> array[int]:
    """For each UTF-8 byte offset into `line`, how many whole characters come before it."""
    counts = array("l", [0])
    for index, char in enumerate(line, start=1):
        width = len(char.encode("utf-8"))
        counts.extend([index - 1] * (width - 1))
        counts.append(index)
    return counts


def _is_text(value: Evaluated | None) -> bool:
    """A string or a number (not a boolean): what a format field spells as written."""
    return (
        isinstance(value, Const)
        and isinstance(value.value, str | int | float)
        and not isinstance(value.value, bool)
    )


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
