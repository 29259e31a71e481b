"""What vermin does not report by default and matters in practice: types evaluated at runtime.

- PEP 604 unions (`int | None`, 3.10) and PEP 585 generics (`dict[str, int]`, 3.9) in
  annotations that Python evaluates: function parameters and returns, and module- and
  class-level variable annotations, unless the module has `from __future__ import
  annotations`. Local variable annotations and string annotations are never evaluated.
- The same in code that always runs: the second argument of `isinstance` / `issubclass`,
  `typing.cast`, `TypeVar(bound=...)`, `NewType`, the value of an `X: TypeAlias = ...`, and
  any `|` with a type on one side (`Json = dict[str, Any] | None`; `re.I | re.M` is not one).
- Members named in evaluated annotations (`-> typing.Self` without the `__future__` import).
  An annotation Python does not evaluate needs nothing, whatever it names: vermin is shown
  no annotation at all (`tree.hide_annotations`), so this module is the only judge.
- The field annotations of pydantic models (`BaseModel`, `BaseSettings`, `SQLModel` and
  `@pydantic.dataclasses.dataclass` written directly on the class): pydantic evaluates them
  when the class is created, even under `from __future__ import annotations`, unless the
  `eval_type_backport` package is installed (list it in `backports`). A model that inherits
  from another model of the project is not recognised. Standard dataclasses and attrs
  classes keep their annotations as strings (they only look for `ClassVar` by name), so
  theirs are not evaluated.

The checks read a tree already pruned by `tree.prepare`; they never run the code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence

from pyparity.code.needs import Need
from pyparity.code.tree import BUILTIN_TYPES, Facts
from pyparity.model import Minor, Span
from pyparity.records import field, record

UNIONS = Minor(3, 10)
GENERICS = Minor(3, 9)

_TYPING_PREFIXES = ("typing.", "typing_extensions.", "collections.abc.")
_TYPE_ARGUMENT_CALLS = {
    "typing.cast": (0,),
    "typing_extensions.cast": (0,),
    "typing.NewType": (1,),
    "typing_extensions.NewType": (1,),
    "typing.TypeVar": (1, 2, 3, 4, 5, 6, 7, 8),
    "typing_extensions.TypeVar": (1, 2, 3, 4, 5, 6, 7, 8),
}
_LITERALS = frozenset({"typing.Literal", "typing_extensions.Literal"})
_EVALUATING_BASES = frozenset(
    {
        "pydantic.BaseModel",
        "pydantic.main.BaseModel",
        "pydantic.v1.BaseModel",
        "pydantic.BaseSettings",
        "pydantic_settings.BaseSettings",
        "sqlmodel.SQLModel",
    }
)
_EVALUATING_DECORATORS = frozenset({"pydantic.dataclasses.dataclass"})
EVAL_TYPE_BACKPORT = "eval_type_backport"


@record
class Catalog:
    """What the checks know: names subscriptable since 3.9 (`dict`, `collections.deque`) and
    members with the minor that added them (`typing.Self` -> 3.11)."""

    generics: frozenset[str]
    members: Mapping[str, Minor] = field(default_factory=dict)


def runtime_type_needs(
    tree: ast.Module,
    *,
    path: str,
    lines: Sequence[str],
    catalog: Catalog,
    facts: Facts,
    pydantic_backport: bool = False,
) -> list[Need]:
    """`tree` pruned and `facts` gathered by `tree.prepare`; `pydantic_backport`: the project
    installs `eval_type_backport`, so pydantic's evaluation of deferred annotations works."""
    checker = _Checker(tree, path=path, lines=lines, catalog=catalog, facts=facts)
    checker.pydantic_backport = pydantic_backport
    checker.visit(tree)
    return checker.needs


def has_future_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(statement, ast.ImportFrom)
        and statement.module == "__future__"
        and any(alias.name == "annotations" for alias in statement.names)
        for statement in tree.body
    )


class _Checker(ast.NodeVisitor):
    def __init__(
        self,
        tree: ast.Module,
        *,
        path: str,
        lines: Sequence[str],
        catalog: Catalog,
        facts: Facts,
    ) -> None:
        self.path = path
        self.lines = lines
        self.catalog = catalog
        self.deferred = has_future_annotations(tree)
        self.aliases = facts.aliases
        self.rebound = facts.rebound
        self.detected = facts.detected
        self.in_function = False
        self.in_model = False  # a class body whose annotations pydantic evaluates
        self.pydantic_backport = False
        self.reported: set[int] = set()
        self.needs: list[Need] = []

    # Names

    def resolve(self, node: ast.expr) -> str | None:
        """`cabc.Callable` -> `collections.abc.Callable`, `dict` -> `dict` (unless rebound)."""
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id]
            return None if node.id in self.rebound else node.id
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def is_generic(self, node: ast.expr) -> bool:
        return self.resolve(node) in self.catalog.generics

    def is_type(self, node: ast.expr) -> bool:
        """Is this operand of `|` certainly a type (so the `|` is a union, not bitwise or)?"""
        if isinstance(node, ast.Constant):
            return node.value is None
        if isinstance(node, ast.Subscript):
            return self.is_type(node.value)
        name = self.resolve(node)
        if name is None:
            return False
        return (
            name in BUILTIN_TYPES
            or name in self.catalog.generics
            or name.startswith(_TYPING_PREFIXES)
        )

    # Reporting

    def report(self, node: ast.expr, minor: Minor, feature: str) -> None:
        if id(node) in self.reported:
            return
        self.reported.add(id(node))
        self.needs.append(Need(minor=minor, feature=feature, file=self.path, span=self.span(node)))

    def report_union(self, node: ast.BinOp) -> None:
        """One need for a whole chain: `a | b | None` is one union, not two."""
        self.report(node, UNIONS, f"`{_shown(node)}` (a union {self.evaluated_by()})")
        self.reported.update(id(part) for part in _union_chain(node) if _is_or(part))

    def report_generic(self, node: ast.Subscript) -> None:
        self.report(node, GENERICS, f"`{_shown(node)}` (a generic {self.evaluated_by()})")

    def evaluated_by(self) -> str:
        if self.deferred and self.in_model:
            return "that pydantic evaluates at runtime"
        return "evaluated at runtime"

    def span(self, node: ast.expr) -> Span:
        end_line = node.end_lineno or node.lineno
        end_offset = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return Span(
            line=node.lineno,
            column=self.column(node.lineno, node.col_offset),
            end_line=end_line,
            end_column=self.column(end_line, end_offset),
        )

    def column(self, line: int, byte_offset: int) -> int:
        """ast offsets count UTF-8 bytes; findings count characters (1-based)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return byte_offset + 1
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "ignore")) + 1

    # Type expressions: evaluated, and certainly about types

    def type_expression(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant):
            return  # a string annotation is never evaluated
        if isinstance(node, ast.BinOp) and _is_or(node):
            self.report_union(node)
            self.type_expression(node.left)
            self.type_expression(node.right)
        elif isinstance(node, ast.Subscript):
            self.type_subscript(node)
        elif isinstance(node, ast.Attribute):
            self.member(node)
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                self.type_expression(element)
        elif not isinstance(node, ast.Name):
            self.visit(node)

    def type_subscript(self, node: ast.Subscript) -> None:
        if self.is_generic(node.value):
            self.report_generic(node)
        self.type_expression(node.value)
        if self.resolve(node.value) not in _LITERALS:
            self.type_expression(node.slice)

    def member(self, node: ast.Attribute) -> None:
        name = self.resolve(node)
        minor = self.catalog.members.get(name) if name else None
        if minor is not None and name not in self.detected:  # `hasattr(types, "UnionType")`
            self.report(node, minor, f"`{name}`")

    # Statements

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for expression in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
            if expression is not None:
                self.visit(expression)
        if not self.deferred:
            for annotation in _annotations(node):
                self.type_expression(annotation)
        outer, self.in_function = self.in_function, True
        for statement in node.body:
            self.visit(statement)
        self.in_function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in (*node.decorator_list, *node.bases):
            self.visit(expression)
        for keyword in node.keywords:
            self.visit(keyword.value)
        outer = self.in_function, self.in_model
        self.in_function, self.in_model = False, self.is_model(node)
        for statement in node.body:
            self.visit(statement)
        self.in_function, self.in_model = outer

    def is_model(self, node: ast.ClassDef) -> bool:
        if self.pydantic_backport:
            return False
        decorators = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
        return any(self.resolve(base) in _EVALUATING_BASES for base in node.bases) or any(
            self.resolve(decorator) in _EVALUATING_DECORATORS for decorator in decorators
        )

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            if self.resolve(node.annotation) in {"typing.TypeAlias", "typing_extensions.TypeAlias"}:
                self.type_expression(node.value)
            else:
                self.visit(node.value)
        if not isinstance(node.target, ast.Name):
            self.visit(node.target)
        if not self.in_function and (not self.deferred or self.in_model):
            self.type_expression(node.annotation)

    # Expressions that always run

    def visit_Call(self, node: ast.Call) -> None:
        name = self.resolve(node.func)
        if name in {"isinstance", "issubclass"} and len(node.args) >= 2:
            self.type_expression(node.args[1])
        for index in _TYPE_ARGUMENT_CALLS.get(name or "", ()):
            if index < len(node.args):
                self.type_expression(node.args[index])
        if name in {"typing.TypeVar", "typing_extensions.TypeVar"}:
            for keyword in node.keywords:
                if keyword.arg == "bound":
                    self.type_expression(keyword.value)
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if _is_or(node) and id(node) not in self.reported:
            operands = [part for part in _union_chain(node) if not _is_or(part)]
            if any(self.is_type(part) for part in operands):
                self.report_union(node)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        name = self.resolve(node.value)
        if name is not None and (
            name in self.catalog.generics or name.startswith(_TYPING_PREFIXES)
        ):
            self.type_subscript(node)
        else:
            self.generic_visit(node)


def _annotations(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    arguments = node.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    yield from (a.annotation for a in every if a.annotation is not None)
    if node.returns is not None:
        yield node.returns


def _union_chain(node: ast.BinOp) -> Iterator[ast.expr]:
    """`a | b | c` parses as `(a | b) | c`: yield the BinOps of the chain and its operands."""
    yield node
    for side in (node.left, node.right):
        if isinstance(side, ast.BinOp) and _is_or(side):
            yield from _union_chain(side)
        else:
            yield side


def _is_or(node: ast.expr) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)


def _shown(node: ast.expr, limit: int = 60) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
