"""Code that runs only where a newer Python (or a backport) is present does not raise the floor.

`prune_guarded` empties, in a freshly parsed tree, the branches that only run when the
feature is there:

- `if sys.version_info >= (3, 11):` (and `>`, `<`, `<=` either way round, `.minor`, `[:2]`,
  chained `(3, 8) <= sys.version_info < (3, 12)`; also `sys.hexversion >= 0x30C0000` and
  Nuitka's packed `python_version >= 0x3C0`): the branch taken on the newer Python;
- `if hasattr(module, "name"):`, `if getattr(module, "name", None):`, `if "name" in
  dir(module):` and `if TYPE_CHECKING:`: the body;
- `if UnionType is not None:` for a name the module imports (from a compat module that
  gives None where the Python lacks it, or in a `try:` whose fallback binds None): the body
  (`is None`: the `else:`);
- any of these under `not`, `and` and `or`: `if PY_312 and x:` guards its body (it runs only
  where `PY_312` holds), `if sys.version_info < (3, 12) or x:` its `else:`;
- what `and` / `or` evaluate only after such a test: `hasattr(types, "UnionType") and
  isinstance(t, types.UnionType)`, `sys.version_info < (3, 10) or f(types.UnionType)`;
- `try:` ... `except ImportError` / `ModuleNotFoundError` / `AttributeError` / `NameError`
  (a builtin an older Python lacks: `try: frozendict(d)`): the body, the
  fallbacks and the `else:` (whichever order the new API and the backport come in);
- the same tests in a conditional expression (`UTC if sys.version_info >= (3, 11) else utc`);
- what follows `if sys.version_info < (3, 11): sys.exit(...)` (or `raise`, `return`) in the
  same block of a function: it only runs on the newer Python (at module level such a test
  declares what the whole module needs, which the floor must then match: still reported;
  but a submodule that raises `ImportError` there is optional, loaded only where it works);
- a name a function switches off on the older Python (`if not PY311: all_errors = False`,
  bound nowhere else in the function and not read before): `if not all_errors: raise`
  then guards the rest of its block, as a flag would;
- a flag that holds such a test: `PY_3_14_PLUS = sys.version_info >= (3, 14)` (or any test
  above: `HAS_MONITORING = hasattr(sys, "monitoring")`) then
  `if PY_3_14_PLUS:`, or a flag imported from the project's compat module whose name says it
  (`from django.utils.version import PY311`, `compat.PY_3_12_PLUS`, `IS_PY39`);
- a test of a module-level name holding the version: `_py_ver = sys.version_info[:2]` then
  `if _py_ver >= (3, 8):`, or of an upper-case constant named for it, wherever it is bound
  (`from .platform import PY_VERSION`, `_PYTHON_VERSION_INFO`); in a function, of a name
  its own body binds to the version or a version test (`vi = sys.version_info[:2]` then
  `if vi <= (3, 10): ... else: ...`);
- a module-level function the module calls only from such code (`if version < (3, 3):
  loadmodule2(p)` / `else: loadmodule3(p)`, `version` being `(sys.version_info[0],
  sys.version_info[1])`), or only from such functions: its body (`prune_reached_only_from`);
  likewise a method of a module-private class that only such code names (bitarray's
  `_Random(n).random_p(p)` past `if sys.version_info[:2] < (3, 12): raise ...`);
- `if has_asyncio_timeout():` (a call with no arguments named `has_X` / `supports_X`) around
  code that uses X (`asyncio.timeout`, or a module it imports): the body;
- a module-level flag bound to `False` (`_HAS_TOMLLIB = False`, set True in a `try:` once
  the import works; `_PEP_764_IMPLEMENTED = False` for code not yet live): the body.

What pruned code binds stays bound (`prepare` gathers it from `removed`): a name imported in
a `try:` with an `ImportError` fallback is the module's, not a newer builtin.

A version test whose direction cannot be told (`sys.version_info[0] == 2`) empties both
branches: a missed feature is better than a false alarm on guarded code.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from functools import cache

from pyparity import lazy_re
from pyparity.code.receivers import called_name
from pyparity.model import Minor

# What an older Python raises where a newer one has the feature: a missing module, a missing
# attribute, a missing builtin (`try: frozendict(d)` / `except NameError: MappingProxyType(d)`).
_FALLBACK_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError", "NameError"})


# True on that Python or newer: PY311, PY_3_11, PY_3_11_PLUS, IS_PY311, PYTHON_3_11_OR_NEWER,
# _PY312, IS_PY311_ONWARDS, TYPING_3_12_0
@cache
def _version_flag_re() -> re.Pattern[str]:
    return re.compile(
        r"^_*(IS_)?(PY(THON)?|TYPING)_?3_?\d{1,2}(_\d{1,2})?"
        r"(_?(PLUS|ONWARDS?|OR_(NEWER|LATER|ABOVE|GREATER)|AND_(UP|ABOVE|LATER|NEWER)|UP|ABOVE|GE))?$",
        re.IGNORECASE,
    )


Flags = Mapping[str, "Branch"]


class Branch(Enum):
    BODY = "body"
    ORELSE = "orelse"
    BOTH = "both"
    # Not a branch: the name holds the running version itself (`_py_ver = sys.version_info[:2]`)
    VERSION = "version"
    # Not a branch: the name is imported, and only a module that may not have it gives None
    # for it (`from .__past__ import UnionType`, None before 3.10): `is not None` tests for it.
    OPTIONAL = "optional"

    def inverted(self) -> Branch:
        if self is Branch.BODY:
            return Branch.ORELSE
        if self is Branch.ORELSE:
            return Branch.BODY
        return self


def prune_guarded(tree: ast.AST) -> ast.AST:
    """Replace guarded code with `pass` / `None` in place, everywhere; returns the same tree."""
    flags: Flags = version_flags(tree) if isinstance(tree, ast.Module) else {}
    stack: list[tuple[ast.AST, Flags]] = [(tree, flags)]
    while stack:
        node, flags = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = local_flags(node, flags)
            flags = flags if inner is None else inner
        prune(node, flags)
        stack.extend((child, flags) for child in ast.iter_child_nodes(node))
    return tree


def prune_reached_only_from(module: ast.Module, removed: Sequence[ast.stmt]) -> list[ast.stmt]:
    """`_prune_functions_reached_only_from`, then `_prune_methods_reached_only_from`."""
    emptied = _prune_functions_reached_only_from(module, removed)
    return emptied + _prune_methods_reached_only_from(module, removed)


def _prune_methods_reached_only_from(
    module: ast.Module, removed: Sequence[ast.stmt]
) -> list[ast.stmt]:
    """bitarray: `random_p()` raises below 3.12, then calls `_Random(n).random_p(p)`, whose
    body uses `random.binomialvariate` (3.12). A method of a module-private class (`_Random`)
    that only guarded code names (`.random_p`), besides the method itself, runs only where
    that code runs: its body. Not a decorated method, nor a dunder (Python calls those),
    nor one whose name any other code of the module spells (as an attribute or a string:
    `getattr(r, "random_p")`; `__all__` names the module's own). Returns the statements
    taken out."""
    methods: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    for statement in module.body:
        if isinstance(statement, ast.ClassDef) and statement.name.startswith("_"):
            for member in statement.body:
                if (
                    isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef)
                    and not member.decorator_list
                    and not (member.name.startswith("__") and member.name.endswith("__"))
                ):
                    methods.setdefault(member.name, []).append(member)
    if not methods or not removed:
        return []
    guarded = {
        node.attr
        for statement in removed
        for node in ast.walk(statement)
        if isinstance(node, ast.Attribute) and node.attr in methods
    }
    if not guarded:
        return []
    spelt = Counter(
        name
        for statement in module.body
        if not (
            isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign) and _is_all(statement)
        )
        for name in _spellings(statement, guarded)
    )
    for name in guarded:
        for method in methods[name]:
            spelt.subtract(_spellings(method, {name}))
    emptied: list[ast.stmt] = []
    for name in sorted(guarded):
        if spelt[name] > 0:
            continue
        for method in methods[name]:
            emptied += method.body
            method.body = [ast.copy_location(ast.Pass(), method.body[0])]
    return emptied


def _spellings(tree: ast.AST, names: set[str]) -> Iterator[str]:
    """Each attribute or string of `names` in the tree (the code that still runs)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in names:
            yield node.attr
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
            yield node.value


def _prune_functions_reached_only_from(
    module: ast.Module, removed: Sequence[ast.stmt]
) -> list[ast.stmt]:
    """Empty the bodies of the module-level functions the module calls only from guarded code
    (`if version < (3, 3): loadmodule2(path)` / `else: loadmodule3(path)`), or only from such
    functions: they run only where that code runs. Not a decorated function (a decorator may
    register it), nor one `__all__` exports, nor one the module never calls (its API: callers
    elsewhere are not seen here). Their signatures stay: a `def` runs on import. Returns the
    statements taken out."""
    functions = {
        statement.name: statement
        for statement in module.body
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
        and not statement.decorator_list
    }
    if not functions or not removed:
        return []
    exported = _exported(module)
    guarded = {
        node.id
        for statement in removed
        for node in ast.walk(statement)
        if isinstance(node, ast.Name) and node.id in functions and node.id not in exported
    }
    if not guarded:
        return []
    # Who reads each function's name in the code that still runs: a module-level function's
    # name, or "" for the module's own statements (and anything else: always reached).
    readers: dict[str, set[str]] = {name: set() for name in functions if name not in exported}
    reads: dict[str, set[str]] = {}
    for statement in module.body:
        name = getattr(statement, "name", "")
        reader = name if functions.get(name) is statement else ""
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and node.id in readers and node.id != reader:
                readers[node.id].add(reader)
                reads.setdefault(reader, set()).add(node.id)
    # Each function is unreached once every reader is (a worklist: linear in the calls).
    waiting = {name: len(by) for name, by in readers.items()}
    ready = [name for name in guarded if waiting[name] == 0]
    unreached: set[str] = set()
    while ready:
        name = ready.pop()
        unreached.add(name)
        for callee in reads.get(name, ()):
            waiting[callee] -= 1
            if waiting[callee] == 0:
                ready.append(callee)
    emptied: list[ast.stmt] = []
    for name in sorted(unreached):
        function = functions[name]
        emptied += function.body
        function.body = [ast.copy_location(ast.Pass(), function.body[0])]
    return emptied


def _exported(module: ast.Module) -> set[str]:
    """The names `__all__ = [...]` (or `(...)`) lists."""
    names: set[str] = set()
    for statement in module.body:
        if (
            isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign)
            and _is_all(statement)
            and isinstance(statement.value, ast.List | ast.Tuple)
        ):
            names.update(
                element.value
                for element in statement.value.elts
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            )
    return names


def _is_all(statement: ast.Assign | ast.AugAssign | ast.AnnAssign) -> bool:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return any(isinstance(target, ast.Name) and target.id == "__all__" for target in targets)


def version_flags(module: ast.Module, known: Flags | None = None) -> dict[str, Branch]:
    """Module-level names bound to a version test: `PY_3_14_PLUS = sys.version_info >= ...`,
    and (as VERSION) to the version itself: `_py_ver = sys.version_info[:2]`.
    `known`: flags the module may use in its own (`PY_313 = PY_312 and ...`)."""
    flags: dict[str, Branch] = dict(known or {})
    found: dict[str, Branch] = {}
    for statement in module.body:
        for name in _imported_names(statement):
            if name not in flags:
                flags[name] = found[name] = Branch.OPTIONAL
        if not isinstance(statement, ast.Assign):
            continue
        branch = _assigned_branch(statement.value, flags, false_is_a_flag=True)
        for target in statement.targets:
            if not isinstance(target, ast.Name):
                continue
            if branch is None:  # bound again to something else: no flag any more
                flags.pop(target.id, None)
                found.pop(target.id, None)
            else:
                flags[target.id] = found[target.id] = branch
    return found


def _imported_names(statement: ast.stmt) -> list[str]:
    """The names `from module import name` binds, at the top of a module or of its `try:`."""
    body = statement.body if isinstance(statement, ast.Try) else [statement]
    return [
        alias.asname or alias.name
        for imported in body
        if isinstance(imported, ast.ImportFrom)
        for alias in imported.names
        if alias.name != "*"
    ]


def local_flags(
    function: ast.FunctionDef | ast.AsyncFunctionDef, outer: Flags
) -> dict[str, Branch] | None:
    """The flags in force in a function's body: `outer` with what the body itself binds, at
    its top level, to a version test or the version (`vi = sys.version_info[:2]`), and
    without the outer names it binds to anything else. None where it binds none of either.
    (`found = False` in a function is a search's result, not a feature switch: no flag.)"""
    local: dict[str, Branch] | None = None
    for statement in function.body:
        if not isinstance(statement, ast.Assign):
            continue
        flags = outer if local is None else local
        branch = _assigned_branch(statement.value, flags, false_is_a_flag=False)
        for target in statement.targets:
            if not isinstance(target, ast.Name) or (branch is None and target.id not in flags):
                continue
            if local is None:
                local = dict(outer)
            if branch is None:
                local.pop(target.id, None)
            else:
                local[target.id] = branch
    switched = _switched_off_where_older(function, outer if local is None else local)
    if switched:
        local = {**(outer if local is None else local), **switched}
    return local


def _switched_off_where_older(
    function: ast.FunctionDef | ast.AsyncFunctionDef, flags: Flags
) -> dict[str, Branch]:
    """`if not PY311: all_errors = False` at the top of a function's body, the names bound
    nowhere else in it and not read before: a true `all_errors` then means the newer Python,
    so it guards as a flag does (`if not all_errors: raise` before an `ExceptionGroup`)."""
    switches = [
        (index, statement)
        for index, statement in enumerate(function.body)
        if isinstance(statement, ast.If)
        and not statement.orelse
        and all(_binds_false(line) for line in statement.body)
        and guarded_branch(statement.test, flags) is Branch.ORELSE
    ]
    if not switches:  # (most functions: nothing more is walked)
        return {}
    switched: dict[str, ast.If] = {}
    in_switch: dict[tuple[int, str], int] = {}  # (switch, name) -> how often it binds the name
    read_before: set[str] = set()  # (grown in one pass: linear in the body however many)
    walked = 0
    for index, switch in switches:
        for earlier in function.body[walked:index]:
            read_before.update(_names_read(earlier))
        walked = index
        for line in switch.body:
            for target in line.targets if isinstance(line, ast.Assign) else ():
                if isinstance(target, ast.Name):
                    key = (id(switch), target.id)
                    in_switch[key] = in_switch.get(key, 0) + 1
                    if target.id not in read_before:
                        switched.setdefault(target.id, switch)
    bindings: dict[str, int] = {}
    for statement in function.body:  # (not the function's own parameters)
        for node in ast.walk(statement):
            for name in _bound_names(node):
                bindings[name] = bindings.get(name, 0) + 1
    return {
        name: Branch.BODY
        for name, statement in switched.items()
        if bindings.get(name, 0) == in_switch[(id(statement), name)]
    }


def _binds_false(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.Constant)
        and statement.value.value is False
        and all(isinstance(target, ast.Name) for target in statement.targets)
    )


def _names_read(statement: ast.stmt) -> set[str]:
    return {
        node.id
        for node in ast.walk(statement)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


def _bound_names(node: ast.AST) -> list[str]:
    """The names a node binds, deletes, declares shared, or shadows (a nested function's
    parameter)."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
        return [node.id]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    if isinstance(node, ast.Global | ast.Nonlocal):
        return list(node.names)
    if isinstance(node, ast.alias):
        return [node.asname or node.name.partition(".")[0]]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    return []


def _assigned_branch(value: ast.expr, flags: Flags, *, false_is_a_flag: bool) -> Branch | None:
    """What a name bound to `value` holds: a version test's branch, the version itself
    (VERSION), or (`false_is_a_flag`, at module level) BODY for `HAS_X = False`; else None."""
    if _is_test(value):
        return guarded_branch(value, flags)
    if false_is_a_flag and isinstance(value, ast.Constant) and value.value is False:
        return Branch.BODY  # `HAS_X = False`, set True where the feature is found
    return Branch.VERSION if _is_version_value(value, flags) else None


def _is_version_value(value: ast.expr, flags: Flags) -> bool:
    """`sys.version_info`, `sys.version_info[:2]`, `sys.hexversion`, `(sys.version_info[0],
    sys.version_info[1])`: not a test of it."""
    if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
        return all(_is_version_part(part, flags) for part in value.elts)
    while isinstance(value, ast.Subscript | ast.Attribute):
        if _is_name(value, "version_info") or _is_name(value, "hexversion"):
            return True
        value = value.value
    return (
        _is_name(value, "version_info")
        or _is_name(value, "hexversion")
        or (isinstance(value, ast.Name) and flags.get(value.id) is Branch.VERSION)
    )


def _is_version_part(node: ast.expr, flags: Flags) -> bool:
    """`sys.version_info[0]`, `sys.version_info.minor`, and so of a name holding it
    (`_sys_version_info.major`, `_sys_version_info` being `sys.version_info`: hamilton's)."""
    if not (
        (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant))
        or (isinstance(node, ast.Attribute) and node.attr in ("major", "minor", "micro"))
    ):
        return False
    whole = node.value
    if isinstance(whole, ast.Name) and flags.get(whole.id) is Branch.VERSION:
        return True
    return _is_name(whole, "version_info")


def _is_test(value: ast.expr) -> bool:
    """A value that can hold a version test (not a plain name: `X = Y` copies whatever Y is)."""
    return isinstance(value, ast.Compare | ast.BoolOp | ast.UnaryOp | ast.Call)


def prune(
    node: ast.AST,
    flags: Flags | None = None,
    removed: list[ast.stmt] | None = None,
    *,
    submodule: bool = False,
) -> None:
    """Prune one node's guarded branches (not its children's); the statements taken out are
    added to `removed` (what they bind is still bound: `try: from x import frozendict`).
    `submodule`: the module is not a package's `__init__.py` (nor a script's only file)."""
    flags = flags or {}
    removed = removed if removed is not None else []
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and (
        _skipped_where_older(node.decorator_list, flags)
    ):
        node.body = [_passed(node.body, removed)]
        return
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        for block in _blocks(node.body):
            _prune_after_early_exit(block, flags, removed)
    elif isinstance(node, ast.Module) and submodule:
        _prune_after_early_exit(node.body, flags, removed, exits=_raises_import_error)
    if isinstance(node, ast.If):
        _prune_if(node, flags, removed)
    elif isinstance(node, ast.IfExp):
        _prune_if_expression(node, flags)
    elif isinstance(node, ast.BoolOp):
        _prune_short_circuit(node, flags)
    elif isinstance(node, ast.Try | ast.TryStar):
        _prune_fallback(node, removed)


def _prune_after_early_exit(
    body: list[ast.stmt],
    flags: Flags,
    removed: list[ast.stmt],
    exits: Callable[[ast.stmt], bool] | None = None,
) -> None:
    """`if sys.version_info < (3, 11): sys.exit(1)`: the rest of the block needs 3.11."""
    exits = exits or _exits
    for index, statement in enumerate(body[:-1]):
        if (
            isinstance(statement, ast.If)
            and not statement.orelse
            and guarded_branch(statement.test, flags) is Branch.ORELSE
            and exits(statement.body[-1])
        ):
            body[index + 1 :] = [_passed(body[index + 1 :], removed)]
            return


# `unittest.skipIf` / `pytest.mark.skipif` skip where the condition holds, `skipUnless` where
# it does not.
_SKIP_WHERE_TRUE = frozenset({"skipIf", "skipif"})
_SKIP_WHERE_FALSE = frozenset({"skipUnless"})


def _skipped_where_older(decorators: list[ast.expr], flags: Flags) -> bool:
    """`@unittest.skipIf(sys.version_info < (3, 14), "zstd is 3.14+")`, `@pytest.mark.skipif(
    ...)`, `@skipUnless(PY314, ...)`: the decorated test or class never runs on an older
    Python."""
    for decorator in decorators:
        if not isinstance(decorator, ast.Call):
            continue
        name = called_name(decorator.func)
        if name not in _SKIP_WHERE_TRUE and name not in _SKIP_WHERE_FALSE:
            continue
        condition = decorator.args[0] if decorator.args else _keyword(decorator, "condition")
        if condition is None:
            continue
        branch = guarded_branch(condition, flags)
        if branch is Branch.BOTH:
            return True
        runs = Branch.ORELSE if name in _SKIP_WHERE_TRUE else Branch.BODY
        if branch is runs:
            return True
    return False


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def _blocks(body: list[ast.stmt]) -> list[list[ast.stmt]]:
    """A function's body and every block nested in it (not in a nested function or class,
    which has its own flags): an early exit guards the rest of its own block."""
    blocks = [body]
    pending = list(body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        inner: list[list[ast.stmt]] = []
        if isinstance(statement, ast.If | ast.For | ast.AsyncFor | ast.While):
            inner = [statement.body, statement.orelse]
        elif isinstance(statement, ast.With | ast.AsyncWith):
            inner = [statement.body]
        elif isinstance(statement, ast.Try | ast.TryStar):
            inner = [statement.body, statement.orelse, statement.finalbody]
            inner += [handler.body for handler in statement.handlers]
        elif isinstance(statement, ast.Match):
            inner = [case.body for case in statement.cases]
        for block in inner:
            if block:
                blocks.append(block)
                pending.extend(block)
    return blocks


def _raises_import_error(statement: ast.stmt) -> bool:
    """`raise ImportError("requires Python 3.15+")` at the top of a submodule: an optional
    module its importers load only where it works (a package's `__init__.py` saying so
    states what the whole package needs, which the floor must match: still reported)."""
    if not isinstance(statement, ast.Raise) or statement.exc is None:
        return False
    raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
    return _is_name(raised, "ImportError") or _is_name(raised, "ModuleNotFoundError")


def _exits(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Raise | ast.Return):
        return True
    call = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(call, ast.Call) and (
        _is_name(call.func, "exit") or _is_name(call.func, "_exit")
    )


def _prune_if(node: ast.If, flags: Flags, removed: list[ast.stmt]) -> None:
    if _passes_keyword_only_when_set(node):
        node.body = [_passed(node.body, removed)]
        return
    branch = guarded_branch(node.test, flags) or _probe_branch(node, flags)
    if branch in {Branch.BODY, Branch.BOTH}:
        node.body = [_passed(node.body, removed)]
    if branch in {Branch.ORELSE, Branch.BOTH} and node.orelse:
        node.orelse = [_passed(node.orelse, removed)]


def _probe_branch(node: ast.If, flags: Flags) -> Branch | None:
    """`if PythonLibraryFeature.has_asyncio_timeout(): asyncio_timeout = asyncio.timeout`: a
    call with no arguments named for the very feature its branch uses (`has_X` or
    `supports_X`, X being `asyncio_timeout` for `asyncio.timeout`, or a module the branch
    imports) is a probe for it, however it decides (behave's compares a constant of another
    module). So is a constant so named (`SUPPORTS_PERF_TRAMPOLINE`, which pytest-codspeed
    imports from a module that reads the build's configuration), alone or first in an `and`,
    whose feature's last word is a word of what the branch uses (`sys.activate_stack_trampoline`):
    an attribute of another module, or a name imported and not bound again in the function.
    Only the branch's own simple statements are looked at: `if form.has_changed():` guards
    nothing, as no feature is named `changed`."""
    test, negated = node.test, False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, negated = test.operand, True
    elif isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        test = test.values[0]  # the body runs only where it holds
    probe = _probed_feature(test, flags)
    if probe is None:
        return None
    branch = node.orelse if negated else node.body
    if not any(probe.matches(_features_named(statement)) for statement in branch):
        return None
    return Branch.ORELSE if negated else Branch.BODY


class _Probe:
    """The feature a probe is named for; a constant's (`HAS_X`) matches by its last word."""

    __slots__ = ("feature", "last_word")

    def __init__(self, feature: str, *, constant: bool) -> None:
        self.feature = feature
        last = feature.rpartition("_")[2]
        self.last_word = last if constant and len(last) >= _PROBE_WORD else ""

    def matches(self, features: set[str]) -> bool:
        if self.feature in features:
            return True
        return bool(self.last_word) and any(
            self.last_word in feature.split("_") for feature in features
        )


_PROBE_WORD = 4  # shorter last words (`io`, `ssl`) name too much to match alone


def _probed_feature(test: ast.expr, flags: Flags) -> _Probe | None:
    if isinstance(test, ast.Call):
        if test.args or test.keywords:
            return None
        found = _PROBE.match(called_name(test.func) or "")
        return _Probe(found["feature"].lower(), constant=False) if found else None
    if isinstance(test, ast.Name | ast.Attribute):
        name = test.id if isinstance(test, ast.Name) else test.attr
        found = _PROBE.match(name)
        if found is None or not name.isupper():
            return None
        if isinstance(test, ast.Name) and flags.get(name) is not Branch.OPTIONAL:
            return None  # bound here, to whatever it is: not a probe read from elsewhere
        return _Probe(found["feature"].lower(), constant=True)
    return None


def _prune_probed_operands(node: ast.BoolOp, flags: Flags) -> None:
    """`SUPPORTS_PERF_TRAMPOLINE and not sys.is_stack_trampoline_active()`: what follows a
    probe that starts an `and` runs only where it holds, when it uses the probed feature. The
    operands after it are looked at up to a few nodes (a probed call is short), so nested
    `and`s cost no more than their size."""
    probe = _probed_feature(node.values[0], flags) if isinstance(node.op, ast.And) else None
    if probe is None:
        return
    features: set[str] = set()
    budget = _PROBED_OPERAND_NODES
    for value in node.values[1:]:
        for inner in ast.walk(value):
            budget -= 1
            if budget < 0:
                return
            if spelled := _spelled(inner):
                features.add(spelled)
    if probe.matches(features):
        node.values[1:] = [ast.copy_location(ast.Constant(value=None), v) for v in node.values[1:]]


_PROBED_OPERAND_NODES = 32


_PROBE = lazy_re.compile(r"^_*(?:has|supports?)_(?P<feature>\w+)$", re.IGNORECASE)


def _features_named(statement: ast.stmt) -> set[str]:
    """What a simple statement uses, spelt as a probe would name it: `asyncio.timeout` as
    `asyncio_timeout`, an imported module by its name; nothing for a compound statement
    (its blocks are looked at by their own tests)."""
    if isinstance(statement, ast.Import | ast.ImportFrom):
        modules = [alias.name for alias in statement.names]
        if isinstance(statement, ast.ImportFrom) and statement.module:
            modules = [statement.module, *(f"{statement.module}.{m}" for m in modules)]
        return {module.replace(".", "_").lower() for module in modules}
    if not isinstance(
        statement, ast.Expr | ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Return
    ):
        return set()
    return {spelled for node in ast.walk(statement) if (spelled := _spelled(node))}


def _spelled(node: ast.AST) -> str:
    """An attribute as a probe names it (`asyncio.timeout` as `asyncio_timeout`), or ""."""
    dotted = _dotted(node) if isinstance(node, ast.Attribute) else ""
    return dotted.replace(".", "_").lower()


def _dotted(node: ast.Attribute) -> str:
    """`a.b` or `a.b.c` (a feature's names are that short; longer chains are not spelt, so
    each attribute costs the same however long the chain it ends)."""
    if isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    inner = node.value
    if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name):
        return f"{inner.value.id}.{inner.attr}.{node.attr}"
    return ""


def _passes_keyword_only_when_set(node: ast.If) -> bool:
    """`if factory is not None: run(coro, loop_factory=factory)` / `else: run(coro)`: the
    newer keyword is passed only when its value was set (by code that knows where it exists),
    and the `else:` calls the same function without it, as on an older Python."""
    name = _tested_name(node.test)
    if name is None or not node.orelse:
        return False
    passing = {
        (ast.dump(call.func), keyword.arg)
        for call in _calls(node.body)
        for keyword in call.keywords
        if keyword.arg and isinstance(keyword.value, ast.Name) and keyword.value.id == name
    }
    without = {
        (ast.dump(call.func), keyword)
        for call in _calls(node.orelse)
        for _, keyword in passing
        if keyword not in {k.arg for k in call.keywords}
    }
    return bool(passing) and passing <= without


def _tested_name(test: ast.expr) -> str | None:
    """`x is not None` or a bare `x`: the name whose being set the body relies on."""
    if isinstance(test, ast.Name):
        return test.id
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.IsNot)
        and isinstance(test.left, ast.Name)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return test.left.id
    return None


def _calls(statements: list[ast.stmt]) -> list[ast.Call]:
    """The calls made by a branch of one or two simple statements (no nested blocks)."""
    if len(statements) > 2 or any(
        not isinstance(s, ast.Expr | ast.Assign | ast.Return) for s in statements
    ):
        return []
    return [node for s in statements for node in ast.walk(s) if isinstance(node, ast.Call)]


def _prune_if_expression(node: ast.IfExp, flags: Flags) -> None:
    branch = guarded_branch(node.test, flags)
    if branch in {Branch.BODY, Branch.BOTH}:
        node.body = ast.copy_location(ast.Constant(value=None), node.body)
    if branch in {Branch.ORELSE, Branch.BOTH}:
        node.orelse = ast.copy_location(ast.Constant(value=None), node.orelse)


def _prune_short_circuit(node: ast.BoolOp, flags: Flags) -> None:
    """`hasattr(t, "UnionType") and isinstance(x, t.UnionType)`: what follows a guard in `and`
    runs only where the guard holds; in `or`, only where a test for an older Python fails."""
    newer = Branch.BODY if isinstance(node.op, ast.And) else Branch.ORELSE
    for index, value in enumerate(node.values[:-1]):
        if guarded_branch(value, flags) in {newer, Branch.BOTH}:
            node.values[index + 1 :] = [
                ast.copy_location(ast.Constant(value=None), rest)
                for rest in node.values[index + 1 :]
            ]
            return
    _prune_probed_operands(node, flags)


def _prune_fallback(node: ast.Try | ast.TryStar, removed: list[ast.stmt]) -> None:
    fallback = any(_catches_fallback_error(handler.type) for handler in node.handlers)
    if not fallback and not (_only_imports(node.body) and _catches_anything(node.handlers)):
        return
    node.body = [_passed(node.body, removed)]
    for handler in node.handlers:
        handler.body = [_passed(handler.body, removed)]
    if node.orelse:
        node.orelse = [_passed(node.orelse, removed)]


def guarded_branch(test: ast.expr, flags: Flags | None = None) -> Branch | None:
    """Which branch of `if test:` runs only on a newer Python (or with the feature present)."""
    flags = flags or {}
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = guarded_branch(test.operand, flags)
        return inner.inverted() if inner else None
    if isinstance(test, ast.BoolOp):
        branches = [guarded_branch(value, flags) for value in test.values]
        return _combined(branches, every=isinstance(test.op, ast.And))
    if _names(test, "TYPE_CHECKING"):
        return Branch.BODY if _is_name(test, "TYPE_CHECKING") else None
    if isinstance(test, ast.Name | ast.Attribute):
        return _flag_branch(test, flags)
    if isinstance(test, ast.Call) and _is_feature_test(test):
        return Branch.BODY
    if isinstance(test, ast.Compare):
        return _none_branch(test, flags) or _listing_branch(test) or _version_branch(test, flags)
    return None


def _none_branch(test: ast.Compare, flags: Flags) -> Branch | None:
    """`UnionType is not None` for an imported name: where the module that gives it lacks
    it; `is None` guards the `else:`."""
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Is | ast.IsNot):
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(left, ast.Constant) and left.value is None:
        left, right = right, left
    if not (isinstance(right, ast.Constant) and right.value is None):
        return None
    if not (isinstance(left, ast.Name) and flags.get(left.id) is Branch.OPTIONAL):
        return None
    return Branch.BODY if isinstance(test.ops[0], ast.IsNot) else Branch.ORELSE


def _combined(branches: list[Branch | None], *, every: bool) -> Branch | None:
    """`and` (`every`): the body runs only if every operand holds, so one operand that guards
    the body guards it; the `else:` runs when any fails, so all must guard it. `or`: the
    reverse. Tests in both directions (a window, `v >= (3, 8) and v < (3, 12)`) and BOTH
    (direction unknown) guard either side: which side runs on the floor depends on it."""
    if Branch.BOTH in branches or {Branch.BODY, Branch.ORELSE} <= set(branches):
        return Branch.BOTH
    body = [branch is Branch.BODY for branch in branches]
    orelse = [branch is Branch.ORELSE for branch in branches]
    if any(body) if every else all(body):
        return Branch.BODY
    if all(orelse) if every else any(orelse):
        return Branch.ORELSE
    return None


def _is_feature_test(call: ast.Call) -> bool:
    """`hasattr(module, "name")`, or `getattr(module, "name", None)` used as a truth value."""
    if _is_name(call.func, "hasattr"):
        return True
    return _is_name(call.func, "getattr") and len(call.args) == 3


def _listing_branch(test: ast.Compare) -> Branch | None:
    """`"JSONDecodeError" in dir(json)` (or `vars(json)`, `json.__dict__`): `hasattr` spelt
    as a membership test; `not in` guards the `else:`."""
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.In | ast.NotIn):
        return None
    name, listing = test.left, test.comparators[0]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return None
    listed = (
        isinstance(listing, ast.Call)
        and len(listing.args) == 1
        and (_is_name(listing.func, "dir") or _is_name(listing.func, "vars"))
    ) or (isinstance(listing, ast.Attribute) and listing.attr == "__dict__")
    if not listed:
        return None
    return Branch.BODY if isinstance(test.ops[0], ast.In) else Branch.ORELSE


def _flag_branch(test: ast.Name | ast.Attribute, flags: Flags) -> Branch | None:
    name = test.id if isinstance(test, ast.Name) else test.attr
    branch = flags.get(name)
    if branch is not None and branch is not Branch.OPTIONAL:
        return None if branch is Branch.VERSION else branch
    return Branch.BODY if _version_flag_re().match(name) else None


def _version_branch(test: ast.Compare, flags: Flags) -> Branch | None:
    if len(test.ops) != 1:
        # `(3, 8) <= sys.version_info < (3, 12)` is `(3, 8) <= v and v < (3, 12)`
        operands = [test.left, *test.comparators]
        pairs = zip(operands, test.ops, operands[1:], strict=False)
        branches = [_comparison_branch(left, op, right, flags) for left, op, right in pairs]
        if not _mentions_version(test, flags):
            return None
        return _combined(branches, every=True) or Branch.BOTH
    return _comparison_branch(test.left, test.ops[0], test.comparators[0], flags)


def _comparison_branch(
    left: ast.expr, operator: ast.cmpop, right: ast.expr, flags: Flags
) -> Branch | None:
    if _is_packed_version(left, right) or _mentions_version(left, flags):
        newer_when_true = isinstance(operator, ast.Gt | ast.GtE)
        older_when_true = isinstance(operator, ast.Lt | ast.LtE)
    elif _is_packed_version(right, left) or _mentions_version(right, flags):
        newer_when_true = isinstance(operator, ast.Lt | ast.LtE)
        older_when_true = isinstance(operator, ast.Gt | ast.GtE)
    else:
        return None
    if newer_when_true:
        return Branch.BODY
    if older_when_true:
        return Branch.ORELSE
    return Branch.BOTH


def _is_packed_version(name: ast.expr, number: ast.expr) -> bool:
    """Nuitka's `python_version >= 0x3B0` (3.11): a name `python_version` compared with a
    version packed as major, minor and a nibble (0x200 to 0x3FF)."""
    return (
        _is_name(name, "python_version")
        and isinstance(number, ast.Constant)
        and type(number.value) is int
        and 0x200 <= number.value <= 0x3FF
    )


def _mentions_version(node: ast.AST, flags: Flags | None = None) -> bool:
    """`sys.version_info` (tuple), `sys.hexversion` (`>= 0x30D00A2`) or a name holding one."""
    if _names(node, "version_info") or _names(node, "hexversion"):
        return True
    versions = {name for name, branch in (flags or {}).items() if branch is Branch.VERSION}
    return any(
        isinstance(child, ast.Name)
        and (child.id in versions or _VERSION_CONSTANT.match(child.id) is not None)
        for child in ast.walk(node)
    )


_VERSION_CONSTANT = lazy_re.compile(r"_*+PY(?:THON)?_?VER(?:SION)?(?:_INFO)?$")
"""A constant named for the running version, imported from the project's own module
(robotframework: `from .platform import PY_VERSION`, bound there to `sys.version_info[:3]`).
Upper case only: a lower-case `python_version` may hold a version the code works on."""


def _names(node: ast.AST, name: str) -> bool:
    """Does the expression mention `name` (as a name or an attribute)?"""
    return any(_is_name(child, name) for child in ast.walk(node))


def _is_name(node: ast.AST, name: str) -> bool:
    if isinstance(node, ast.Name):
        return node.id == name
    return isinstance(node, ast.Attribute) and node.attr == name


# Caught by a handler of these as well: `try: from typing import TypeAliasType` / `except
# Exception:` is a fallback, where the try imports and nothing else (around other code, such
# a handler is error handling, no guard).
_EVERY_ERROR = ("Exception", "BaseException")


def _only_imports(body: list[ast.stmt]) -> bool:
    return all(isinstance(statement, ast.Import | ast.ImportFrom) for statement in body)


_PROBE_STATEMENTS = 3


def probes_keywords(node: ast.Try | ast.TryStar) -> bool:
    """Is this `try:` a probe, a few simple statements, with a handler that catches what a
    call with an unknown keyword raises (`TypeError`, or every error)? Then a newer keyword in
    its body is tried, not needed: `try: md5(usedforsecurity=False)` / `except Exception:
    raise exc`. (Around a longer or compound body, such a handler is error handling.)"""
    if not _short_simple_body(node):
        return False
    return _catches_anything(node.handlers) or any(
        handler.type is not None
        and any(
            _is_name(caught, "TypeError")
            for caught in (
                handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            )
        )
        for handler in node.handlers
    )


def probes_names(node: ast.Try | ast.TryStar) -> bool:
    """Is this `try:` a probe of a newer function or attribute: a few simple statements, with
    a handler that catches every error and falls back to something (clearml's `try:
    os.register_at_fork(...)` / `except Exception: os.fork = patched`)? Where the name is
    missing, the handler runs instead. A handler that raises is no fallback, but for an
    `assert` probe that refuses with an error of its own (granian's `try: assert
    sys._is_gil_enabled() is False` / `except Exception: raise FatalError('gil')`, as `if
    sys.version_info < (3, 13): raise` would); one that raises what it caught again, or
    wraps it (`raise Error(...) from error`), lets the AttributeError through."""
    if not _short_simple_body(node):
        return False
    asserts = all(isinstance(statement, ast.Assert) for statement in node.body)
    return any(
        _catches_anything([handler])
        and (
            not isinstance(handler.body[-1], ast.Raise)
            or (asserts and not _raises_again(handler.body[-1], handler.name))
        )
        for handler in node.handlers
    )


def _raises_again(raised: ast.Raise, caught: str | None) -> bool:
    """`raise`, `raise error`, or a new error made from the caught one (`from error`,
    `Error(str(error))`)."""
    if raised.exc is None or raised.cause is not None:
        return True
    return caught is not None and any(
        isinstance(node, ast.Name) and node.id == caught for node in ast.walk(raised.exc)
    )


def _short_simple_body(node: ast.Try | ast.TryStar) -> bool:
    return len(node.body) <= _PROBE_STATEMENTS and all(
        isinstance(statement, ast.Expr | ast.Assign | ast.AnnAssign | ast.Return | ast.Assert)
        for statement in node.body
    )


def _catches_anything(handlers: list[ast.ExceptHandler]) -> bool:
    return any(
        handler.type is None or any(_is_name(handler.type, name) for name in _EVERY_ERROR)
        for handler in handlers
    )


def _catches_fallback_error(caught: ast.expr | None) -> bool:
    if caught is None:
        return False
    if isinstance(caught, ast.Tuple):
        return any(_catches_fallback_error(element) for element in caught.elts)
    return any(_is_name(caught, error) for error in _FALLBACK_ERRORS)


def _passed(statements: list[ast.stmt], removed: list[ast.stmt]) -> ast.stmt:
    removed.extend(statements)
    return ast.copy_location(ast.Pass(), statements[0])


OlderOnly = tuple[int, int, Minor]
"""Lines `first`..`last` run only on Pythons older than `cap`: no stdlib feature of `cap` or
newer can be what they use (they would fail on every Python that runs them)."""


def older_only_spans(module: ast.Module) -> list[OlderOnly]:
    """The branches taken only on an older Python: the `else:` of `if sys.version_info >=
    (3, 7):` (and of `elif`s under it), the body of `if sys.version_info < (3, 7):`, and the
    same through a module-level flag (`_PEP_696 = sys.version_info >= (3, 13)`). What such a
    branch uses from a newer Python is a backport or the project's own (`from contextvars
    import ContextVar` on 3.5 is the PyPI backport), never the stdlib's: not a need."""
    caps: dict[str, tuple[Branch, Minor]] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name) and (found := _older_branch(statement.value, caps)):
                caps[target.id] = found
    spans: list[OlderOnly] = []
    for node in ast.walk(module):
        if not isinstance(node, ast.If) or (found := _older_branch(node.test, caps)) is None:
            continue
        branch, cap = found
        statements = node.orelse if branch is Branch.ORELSE else node.body
        if statements:
            last = statements[-1].end_lineno or statements[-1].lineno
            spans.append((statements[0].lineno, last, cap))
    return spans


def _older_branch(
    test: ast.expr, caps: Mapping[str, tuple[Branch, Minor]]
) -> tuple[Branch, Minor] | None:
    """Which branch of `if test:` runs only below which minor (None: neither, or unknown)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _older_branch(test.operand, caps)
        return (inner[0].inverted(), inner[1]) if inner else None
    if isinstance(test, ast.Name):
        return caps.get(test.id)
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    left, operator, right = test.left, test.ops[0], test.comparators[0]
    if _is_running_version(right):
        left, right = right, left
        operator = _MIRRORED.get(type(operator), operator)
    if not _is_running_version(left):
        return None
    bound = _version_constant(right, minor_only=_is_name(left, "minor"))
    if bound is None:
        return None
    minor, has_micro = bound
    if isinstance(operator, ast.GtE):  # the `else:` runs below `bound`
        return Branch.ORELSE, Minor(3, minor + 1 if has_micro else minor)
    if isinstance(operator, ast.Lt):
        return Branch.BODY, Minor(3, minor + 1 if has_micro else minor)
    # `>` / `<=`: whether the bound's own minor runs depends on the tuple's length; the lower
    # cap keeps that minor's needs.
    if isinstance(operator, ast.Gt):
        return Branch.ORELSE, Minor(3, minor)
    if isinstance(operator, ast.LtE):
        return Branch.BODY, Minor(3, minor)
    return None


_MIRRORED: dict[type[ast.cmpop], ast.cmpop] = {
    ast.Gt: ast.Lt(),
    ast.GtE: ast.LtE(),
    ast.Lt: ast.Gt(),
    ast.LtE: ast.GtE(),
}


def _is_running_version(node: ast.expr) -> bool:
    """`sys.version_info`, `sys.version_info[:2]`, `sys.version_info.minor`, `sys.hexversion`."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute) and node.attr == "minor":
        node = node.value
    return _is_name(node, "version_info") or _is_name(node, "hexversion")


def _version_constant(node: ast.expr, *, minor_only: bool) -> tuple[int, bool] | None:
    """(minor, whether a micro above 0 is part of it) of `(3, 7)`, `(3, 5, 3)`, `7` (with
    `.minor`) or `0x30700F0`; None for anything else or a Python 2 bound."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        if minor_only:
            return node.value, False
        major, minor, micro = node.value >> 24, (node.value >> 16) & 0xFF, (node.value >> 8) & 0xFF
        return (minor, micro > 0) if major == 3 else None
    if not isinstance(node, ast.Tuple) or len(node.elts) < 2:
        return None
    parts = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
    if parts[0] != 3 or not isinstance(parts[1], int):
        return None
    third = parts[2] if len(parts) > 2 else None
    return parts[1], isinstance(third, int) and third > 0
