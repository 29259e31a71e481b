"""One pass over a freshly parsed module: prune guarded code and note what the checks need.

The scan is dominated by tree walks, so pruning (`guards.prune`), the imports, the builtin
names the module rebinds and the parameters are all gathered in a single traversal that
never enters pruned code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from pyparity.code.guards import prune

BUILTIN_TYPES = frozenset(
    {
        "bool",
        "bytearray",
        "bytes",
        "complex",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "memoryview",
        "object",
        "set",
        "str",
        "tuple",
        "type",
    }
)
_WATCHED_BUILTINS = BUILTIN_TYPES | {"isinstance", "issubclass"}
_GUARDS = (ast.If, ast.IfExp, ast.Try, ast.TryStar)


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """`aliases`: local name -> dotted name it was imported as (`cabc` -> `collections.abc`);
    `rebound`: builtin type names the module binds itself (`def f(type): ...`);
    `parameters`: every parameter node, for annotations;
    `novermin`: lines exempted by vermin's `# novm` comments."""

    aliases: dict[str, str]
    rebound: frozenset[str]
    parameters: tuple[ast.arg, ...]
    novermin: frozenset[int] = frozenset()


def prepare(tree: ast.Module, *, novermin: Iterable[int] = ()) -> Facts:
    aliases: dict[str, str] = {}
    rebound: set[str] = set()
    parameters: list[ast.arg] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, _GUARDS):
            prune(node)
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                rebound.add(node.id)
            continue
        elif isinstance(node, ast.arg):
            parameters.append(node)
            rebound.add(node.arg)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            aliases.update(_imported(node))
            continue
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            rebound.add(node.name)
        stack.extend(_children(node))
    return Facts(
        aliases=aliases,
        rebound=frozenset(rebound & _WATCHED_BUILTINS),
        parameters=tuple(parameters),
        novermin=frozenset(novermin),
    )


def _children(node: ast.AST) -> list[ast.AST]:
    children: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            children.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            children.append(value)
    return children


def _imported(node: ast.Import | ast.ImportFrom) -> dict[str, str]:
    if isinstance(node, ast.Import):
        found = {}
        for alias in node.names:
            top = alias.name.split(".")[0]
            found[alias.asname or top] = alias.name if alias.asname else top
        return found
    if not node.module or node.level:
        return {}
    return {
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for alias in node.names
        if alias.name != "*"
    }
