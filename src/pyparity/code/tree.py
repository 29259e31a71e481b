"""One pass over a freshly parsed module: prune guarded code and note what the checks need.

The scan is dominated by tree walks, so pruning (`guards.prune`), the imports, the builtin
names the module rebinds and the annotated nodes are all gathered in a single traversal that
never enters pruned code.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from pyparity.code.guards import (
    Flags,
    local_flags,
    probes_keywords,
    probes_names,
    prune,
    prune_reached_only_from,
    version_flags,
)
from pyparity.records import field, record

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
Annotated = ast.arg | ast.AnnAssign | ast.FunctionDef | ast.AsyncFunctionDef
_GUARDS = (
    ast.If,
    ast.IfExp,
    ast.BoolOp,
    ast.Try,
    ast.TryStar,
    ast.Module,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
)


@record
class Facts:
    """`aliases`: local name -> dotted name it was imported as (`cabc` -> `collections.abc`);
    `rebound`: builtin type names the module binds itself (`def f(type): ...`);
    `annotated`: every node with an annotation (parameters, returns, `x: T`), which
    `features` judges and `hide_annotations` then hides from vermin;
    `novermin`: lines exempted by vermin's `# novm` comments;
    `bound`: every name the module binds (a class `ExceptionGroup` of its own is not the
    builtin); `detected`: `module.attr` the module feature-tests with `hasattr`/`getattr`."""

    aliases: dict[str, str]
    rebound: frozenset[str]
    annotated: tuple[Annotated, ...]
    novermin: frozenset[int] = frozenset()
    bound: frozenset[str] = frozenset()
    detected: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    """Modules imported only where a guard allows (`try: import annotationlib` with an
    `ImportError` fallback): their members are as guarded as the module."""
    imported: frozenset[tuple[int, str]] = frozenset()
    """(line, name) of each name a `from module import name` statement takes from another
    module (`from exceptiongroup import BaseExceptionGroup as _Backport`): vermin reports
    the name there (once a file) as the builtin it shares a name with."""
    first_use: dict[str, int] = field(default_factory=dict)
    """The first line that reads each name outside pruned code: where such a name, if read
    at all, is the builtin."""
    assigned: dict[str, int] = field(default_factory=dict)
    """`module.attr` the module assigns itself (`sys.last_exc = None`), and the first line
    that does: it exists wherever the module reads it after that, whichever Python added it.
    (`sys.unraisablehook = wrap(sys.unraisablehook)` still reads it first.)"""
    stored_only: frozenset[tuple[str, int]] = frozenset()
    """(`module.attr`, line) of each line that assigns it without reading it."""
    keyword_probes: tuple[tuple[int, int], ...] = ()
    """First and last lines of each `try:` body whose handler catches an unknown keyword's
    `TypeError` (`guards.probes_keywords`): a newer keyword there is tried, not needed."""
    name_probes: tuple[tuple[int, int], ...] = ()
    """First and last lines of each short `try:` body whose handler catches every error and
    falls back (`guards.probes_names`): a newer function or attribute there is tried."""


def prepare(tree: ast.Module, *, novermin: Iterable[int] = (), submodule: bool = False) -> Facts:
    aliases: dict[str, str] = {}
    rebound: set[str] = set()
    annotated: list[Annotated] = []
    detected: set[str] = set()
    imported: set[tuple[int, str]] = set()
    first_use: dict[str, int] = {}
    stored: list[tuple[str, str, int]] = []
    keyword_probes: list[tuple[int, int]] = []
    name_probes: list[tuple[int, int]] = []
    removed: list[ast.stmt] = []
    flags: Flags = version_flags(tree)
    # A function binding its own flags pushes the enclosing ones first: they are popped back
    # once its whole body has been walked.
    stack: list[ast.AST | _Enclosing] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, _Enclosing):
            flags = node.flags
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            (inner := local_flags(node, flags)) is not None
        ):
            stack.append(_Enclosing(flags))
            flags = inner
        if isinstance(node, _GUARDS):
            prune(node, flags, removed, submodule=submodule)
            if isinstance(node, ast.Try | ast.TryStar) and node.body:
                end = node.body[-1].end_lineno or node.body[-1].lineno
                if probes_keywords(node):
                    keyword_probes.append((node.body[0].lineno, end))
                if probes_names(node):
                    name_probes.append((node.body[0].lineno, end))
        if isinstance(node, ast.Call) and (tested := _feature_test(node)):
            detected.add(tested)
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                rebound.add(node.id)
            elif node.lineno < first_use.get(node.id, node.lineno + 1):
                first_use[node.id] = node.lineno
            continue
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
        ):
            stored.append((node.value.id, node.attr, node.lineno))
        elif isinstance(node, ast.arg):
            annotated.append(node)
            rebound.add(node.arg)
        elif isinstance(node, ast.AnnAssign):
            annotated.append(node)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            aliases.update(_imported(node))
            if isinstance(node, ast.ImportFrom) and node.module not in (None, "builtins"):
                imported.update((node.lineno, alias.name) for alias in node.names)
            continue
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            rebound.add(node.name)
            if not isinstance(node, ast.ClassDef):
                annotated.append(node)
        stack.extend(_children(node))
    if emptied := prune_reached_only_from(tree, removed):
        inside = {id(node) for statement in emptied for node in ast.walk(statement)}
        annotated = [node for node in annotated if id(node) not in inside]
    assigned, stored_only = _module_attributes_set(tree, stored, aliases)
    return Facts(
        aliases=aliases,
        rebound=frozenset(rebound & _WATCHED_BUILTINS),
        annotated=tuple(annotated),
        novermin=frozenset(novermin),
        bound=frozenset(
            rebound
            | {name for name, target in aliases.items() if target != name}
            | _bound_in(removed)
        ),
        detected=frozenset(detected | _resolved(detected, aliases)),
        optional=frozenset(_imported_in(removed)),
        imported=frozenset(imported),
        first_use=first_use,
        keyword_probes=tuple(keyword_probes),
        name_probes=tuple(name_probes),
        assigned=assigned,
        stored_only=stored_only,
    )


class _Enclosing:
    """The flags in force again once a function that binds its own has been walked."""

    __slots__ = ("flags",)

    def __init__(self, flags: Flags) -> None:
        self.flags = flags


def _module_attributes_set(
    tree: ast.Module, stored: list[tuple[str, str, int]], aliases: dict[str, str]
) -> tuple[dict[str, int], frozenset[tuple[str, int]]]:
    """`assigned` and `stored_only` (Facts) from the attributes of imported modules that the
    module assigns (`self.x = ...` is no module's): rare, so the reads are only looked for
    then."""
    stores = [(f"{aliases[name]}.{attr}", line) for name, attr, line in stored if name in aliases]
    if not stores:
        return {}, frozenset()
    wanted = {name for name, _ in stores}
    reads = {
        (f"{aliases[node.value.id]}.{node.attr}", node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Load)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and f"{aliases[node.value.id]}.{node.attr}" in wanted
    }
    first: dict[str, int] = {}
    for name, line in stores:
        first[name] = min(line, first.get(name, line))
    return first, frozenset(set(stores) - reads)


def _bound_in(statements: Iterable[ast.stmt]) -> set[str]:
    """Names that pruned code binds: `try: from frozendict import frozendict` still means the
    module's `frozendict` is not the builtin of 3.15."""
    bound: set[str] = set()
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                bound.add(node.id)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                bound.update(alias.asname or alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                bound.add(node.name)
    return bound


def _imported_in(statements: Iterable[ast.stmt]) -> set[str]:
    """The module names pruned code imports (`import annotationlib`, not `from x import y`)."""
    return {
        alias.asname or alias.name.partition(".")[0]
        for statement in statements
        for node in ast.walk(statement)
        if isinstance(node, ast.Import)
        for alias in node.names
    }


def _resolved(tested: Iterable[str], aliases: dict[str, str]) -> set[str]:
    """`_types.UnionType` after `import types as _types` is `types.UnionType`."""
    resolved = set()
    for name in tested:
        head, dot, rest = name.partition(".")
        if head in aliases and dot:
            resolved.add(f"{aliases[head]}.{rest}")
    return resolved


def hide_annotations(facts: Facts) -> None:
    """Blank every annotation in place: which of them Python evaluates (and so what they
    need) is `features`' judgement; vermin reads some of them whatever the
    `from __future__ import annotations` import says (a class body's, a method's return)."""
    for node in facts.annotated:
        if isinstance(node, ast.arg):
            node.annotation = None
        elif isinstance(node, ast.AnnAssign):
            node.annotation = ast.copy_location(ast.Constant(value=""), node.annotation)
        else:
            node.returns = None


def _feature_test(node: ast.Call) -> str | None:
    """`hasattr(sys, "monitoring")` / `getattr(sys, "monitoring", None)` -> `sys.monitoring`."""
    if not isinstance(node.func, ast.Name) or node.func.id not in {"hasattr", "getattr"}:
        return None
    if len(node.args) < 2 or not isinstance(node.args[1], ast.Constant):
        return None
    attribute = node.args[1].value
    if not isinstance(attribute, str):
        return None
    try:
        owner = ast.unparse(node.args[0])
    except (ValueError, RecursionError):
        return None
    return f"{owner}.{attribute}"


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
    if not node.module and not node.level:
        return {}
    module = "." * node.level + (node.module or "")
    return {
        alias.asname or alias.name: f"{module}.{alias.name}"
        for alias in node.names
        if alias.name != "*"
    }
