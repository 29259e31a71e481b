"""Bazel's `MODULE.bazel`, read with `ast` only: Starlark is written in Python's syntax, and
nothing of it is run.

- `python.toolchain(python_version = "3.12", is_default = True)` of rules_python's extension
  (`python = use_extension("@rules_python//python/extensions:python.bzl", "python")`) or
  rules_py's interpreters (`use_extension(..., "python_interpreters")`): the Pythons Bazel
  builds and tests with. The default one (`is_default = True`, the version
  `python.defaults(python_version = ...)` names, or the only one) runs `py_binary` and
  `py_test`: the module's pin. The others are registered beside it for targets and flags
  that pick them (`--@rules_python//python/config_settings:python_version=3.13`): a set.
- `[python.toolchain(python_version = v, is_default = v == DEFAULT) for v in VERSIONS]`: one
  toolchain for each version of a module-level list.

The older `WORKSPACE` files (gone in Bazel 9) are not read.

A version held by a module-level name (`DEFAULT_PYTHON_VERSION = "3.12"`) is declared where
the name is assigned. `pip.parse(python_version = ...)` only names a toolchain's
requirements and is not read again; a value that cannot be known is `unresolved`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pyparity.model import SIDE_BY_SIDE, Declaration, Purpose, Role
from pyparity.parsers.pystatic import Const, Evaluated, Evaluator, Seq, Where, parse
from pyparity.records import record, replace
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile

KIND = "bazel-module"

# The extensions whose `toolchain(...)` tags register a Python: rules_python's and rules_py's.
_EXTENSION_NAMES = frozenset({"python", "python_interpreters"})


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1].lower() == "module.bazel"


@record
class _Toolchain:
    """One registered toolchain: its version, whether it is the default, the call."""

    value: Evaluated
    default: bool | None
    """True or False as written; None when the call does not say."""
    how: str
    dev: bool = False


def read(file: TextFile) -> list[Declaration]:
    if "python" not in file.text:
        return []
    module = parse(file)
    evaluator = Evaluator(file, module)
    extensions = _python_extensions(module)
    toolchains: list[_Toolchain] = []
    defaults: list[Evaluated] = []
    default: list[Evaluated]
    for statement in module.body:
        if not isinstance(statement, ast.Expr):
            continue
        expression = statement.value
        if isinstance(expression, ast.ListComp):
            found, default = _comprehension(expression, extensions, evaluator), []
        elif isinstance(expression, ast.Call):
            found, default = _call(expression, extensions, evaluator)
        else:
            continue
        toolchains += found
        defaults += default
    return list(_declarations(file, toolchains, defaults))


def _python_extensions(module: ast.Module) -> dict[str, bool]:
    """The module-level names bound to a Python toolchain extension (`use_extension`), each
    with whether it is a development dependency (`dev_dependency = True`: for the module's
    own tests, not for the modules that depend on it)."""
    names = {}
    for statement in module.body:
        match statement:
            case ast.Assign(
                targets=[ast.Name(id=name)],
                value=ast.Call(
                    func=ast.Name(id="use_extension"),
                    args=[ast.Constant(value=str(label)), ast.Constant(value=str(extension)), *_],
                ) as call,
            ) if extension in _EXTENSION_NAMES or label.endswith("python.bzl"):
                dev = _keyword(call, "dev_dependency")
                names[name] = isinstance(dev, ast.Constant) and dev.value is True
    return names


def _method(call: ast.Call, extensions: dict[str, bool]) -> str:
    """`toolchain` of `python.toolchain(...)` when `python` is an extension; else ""."""
    match call.func:
        case ast.Attribute(value=ast.Name(id=name), attr=attribute) if name in extensions:
            return attribute
    return ""


def _is_dev(call: ast.Call, extensions: dict[str, bool]) -> bool:
    return isinstance(call.func, ast.Attribute) and extensions.get(
        getattr(call.func.value, "id", ""), False
    )


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _call(
    call: ast.Call, extensions: dict[str, bool], evaluator: Evaluator
) -> tuple[list[_Toolchain], list[Evaluated]]:
    method = _method(call, extensions)
    if method in ("toolchain", "defaults"):
        evaluator.look_at(1)
    if method == "toolchain" and (version := _keyword(call, "python_version")) is not None:
        default = _keyword(call, "is_default")
        return [
            _Toolchain(
                value=evaluator.evaluate(version),
                default=_truth(default, evaluator) if default is not None else None,
                how=_callee(call),
                dev=_is_dev(call, extensions),
            )
        ], []
    if method == "defaults" and (version := _keyword(call, "python_version")) is not None:
        return [], [evaluator.evaluate(version)]
    return [], []


def _comprehension(
    expression: ast.ListComp, extensions: dict[str, bool], evaluator: Evaluator
) -> list[_Toolchain]:
    """`[python.toolchain(python_version = v, is_default = v == D) for v in VERSIONS]`."""
    match expression:
        case ast.ListComp(
            elt=ast.Call() as call,
            generators=[ast.comprehension(target=ast.Name(id=variable), ifs=[], is_async=0)],
        ) if _method(call, extensions) == "toolchain":
            pass
        case _:
            return []
    version = _keyword(call, "python_version")
    if not (isinstance(version, ast.Name) and version.id == variable):
        return []
    iterated = evaluator.evaluate(expression.generators[0].iter)
    evaluator.look_at(len(iterated.items) if isinstance(iterated, Seq) else 1)
    if not isinstance(iterated, Seq):
        return [
            _Toolchain(
                value=iterated, default=None, how=_callee(call), dev=_is_dev(call, extensions)
            )
        ]
    default = _keyword(call, "is_default")
    found = []
    for item in iterated.items:
        truth = None
        if default is not None:
            truth = _truth(default, evaluator, variable=variable, item=item)
        found.append(
            _Toolchain(value=item, default=truth, how=_callee(call), dev=_is_dev(call, extensions))
        )
    return found


def _truth(
    node: ast.expr, evaluator: Evaluator, *, variable: str = "", item: Evaluated | None = None
) -> bool | None:
    """`True`, `False`, or `v == DEFAULT` for the loop variable `v` taking `item`."""
    match node:
        case ast.Constant(value=bool(value)):
            return value
        case ast.Compare(left=left, ops=[ast.Eq() | ast.NotEq() as operator], comparators=[right]):
            sides = [_side(side, evaluator, variable, item) for side in (left, right)]
            if any(side is None for side in sides):
                return None
            return (sides[0] == sides[1]) is isinstance(operator, ast.Eq)
    return None


def _side(
    node: ast.expr, evaluator: Evaluator, variable: str, item: Evaluated | None
) -> object | None:
    value = item if isinstance(node, ast.Name) and node.id == variable else None
    value = value or evaluator.evaluate(node)
    return value.value if isinstance(value, Const) else None


def _callee(call: ast.Call) -> str:
    match call.func:
        case ast.Attribute(value=ast.Name(id=name), attr=attribute):
            return f"{name}.{attribute}"
        case ast.Name(id=name):
            return name
    return "toolchain"


def _declarations(
    file: TextFile, toolchains: list[_Toolchain], defaults: list[Evaluated]
) -> Iterator[Declaration]:
    named = [_text(value) for value in defaults]
    known = [t for t in toolchains if _text(t.value)]
    chosen = {_text(t.value) for t in known if t.default}
    chosen |= {text for text in named if text}
    # With no default said, the one version the module registers for everyone (not only for
    # its own tests) is the default; development toolchains are registered beside it.
    kept = {_text(t.value) for t in known if not t.dev}
    if not chosen and len(kept) == 1 and len(known) == len(toolchains):
        chosen = kept
    default_said = set()
    for value in defaults:
        text = _text(value)
        if text:
            default_said.add(text)
            yield _declared(file, value, text, "python.defaults, the default toolchain", Role.PIN)
        else:
            yield _unknown(file, value, "python.defaults")
    others = {_text(t.value) for t in known} - chosen
    several = len(others) > 1 or (bool(others) and not chosen)
    for toolchain in toolchains:
        text = _text(toolchain.value)
        if not text:
            yield _unknown(file, toolchain.value, toolchain.how)
        elif text in default_said:
            continue  # said where `python.defaults` names it
        elif text in chosen:
            default_said.add(text)
            context = f"{toolchain.how}, the default toolchain"
            yield _declared(file, toolchain.value, text, context, Role.PIN)
        else:
            context = f"{toolchain.how}, {SIDE_BY_SIDE}" if chosen else toolchain.how
            role = Role.MATRIX if several or chosen else Role.PIN
            yield _declared(file, toolchain.value, text, context, role)


def _text(value: Evaluated) -> str:
    return value.value.strip() if isinstance(value, Const) and isinstance(value.value, str) else ""


def _span_of(where: Where) -> tuple[int, int]:
    return where.start, max(where.end, where.start + 1)


def _declared(file: TextFile, value: Evaluated, text: str, context: str, role: Role) -> Declaration:
    start, end = _span_of(value.where)
    return pin(
        file.path,
        file.span(start, end),
        text,
        source=KIND,
        context=context,
        purpose=Purpose.RUNTIME,
        group=f"{file.path} bazel toolchains" if role is Role.MATRIX else "",
        role=role,
    )


def _unknown(file: TextFile, value: Evaluated, how: str) -> Declaration:
    start, end = _span_of(value.where)
    text = file.text[start:end]
    declaration = unresolved(
        file.path,
        file.span(start, end),
        text,
        source=KIND,
        context=how,
        note="a toolchain's Python set by an expression that cannot be known statically",
    )
    return replace(declaration, purpose=Purpose.RUNTIME)
