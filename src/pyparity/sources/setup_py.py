"""`setup.py` (setuptools, distutils), read with `ast` only: never imported or executed.

Reads `setup(python_requires=...)` (the supported range) and `classifiers=[...]`
`Programming Language :: Python :: 3.X` (a declared test set), also through module-level
names (`CLASSIFIERS = [...]`, `PYTHON_REQUIRES = ">=3.9"`), string and list `+`,
`"".join([...])` and `setup(**kwargs)` with a literal dict. A value that depends on
running code (a function call, an f-string with names, an attribute) is reported as
unresolved. Beside a `pyproject.toml` with a `[project]` table, setuptools ignores both
unless the table's `dynamic` names them, and so does pyparity (`setuptools_metadata`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import VERSIONLESS_WHEEL, Declaration, Role
from pyparity.parsers.pystatic import Const, Dynamic, Evaluated, Evaluator, Seq, Table, parse
from pyparity.sources._common import pin, range_declaration, unresolved
from pyparity.textfile import TextFile

KIND = "setup-py"

_CLASSIFIER = lazy_re.compile(r"^Programming Language :: Python :: (\d+\.\d+)$")
_SETUP_MODULES = {"setuptools", "distutils"}


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "setup.py"


def read(file: TextFile) -> list[Declaration]:
    if not _may_declare(file.text):
        return []  # (not parsed: polar's `collectors/setup.py` is an app module, in 3.14 syntax)
    module = parse(file)
    evaluator = Evaluator(file, module)
    declarations: list[Declaration] = []
    mutations = None
    calls = list(_setup_calls(module))
    if calls and (tag := _forced_versionless_tag(module)) is not None:
        declarations.append(_versionless_wheel(file, evaluator, tag, _TAG_FORCED))
    elif calls and (platform_tag := _versionless_platform_wheel(module, calls)) is not None:
        declarations.append(_versionless_wheel(file, evaluator, platform_tag, _PLATFORM_ONLY))
    for call in calls:
        mutations = mutations or _Mutations(module)  # (one walk, however many calls)
        arguments = _arguments(call, evaluator, mutations)
        if (requires := arguments.get("python_requires")) is not None:
            evaluator.look_at(1)
            declarations.append(_python_requires(file, requires))
        if (classifiers := arguments.get("classifiers")) is not None:
            evaluator.look_at(len(classifiers.items) if isinstance(classifiers, Seq) else 1)
            declarations += _classifiers(file, classifiers)
    return declarations


def _forced_versionless_tag(module: ast.Module) -> ast.expr | None:
    """The tag a `bdist_wheel` subclass's `get_tag` returns when it names no Python and no ABI
    (prophet's `return "py3", "none", plat`): whatever the build compiles, the wheel is
    tagged `py3-none-<platform>` and installs on every Python 3."""
    for node in ast.walk(module):
        if not isinstance(node, ast.FunctionDef) or node.name != "get_tag":
            continue
        for returned in ast.walk(node):
            if isinstance(returned, ast.Return) and _versionless(returned.value):
                return returned.value
    return None


def _versionless(value: ast.expr | None) -> bool:
    """`("py3", "none", plat)` (or `py2.py3`): the interpreter and ABI tags of no version."""
    if not isinstance(value, ast.Tuple) or len(value.elts) != 3:
        return False
    interpreter, abi = value.elts[0], value.elts[1]
    return (
        isinstance(interpreter, ast.Constant)
        and interpreter.value in ("py3", "py2.py3")
        and isinstance(abi, ast.Constant)
        and abi.value == "none"
    )


_TAG_FORCED = "bdist_wheel's get_tag returns a py3-none tag"
_PLATFORM_ONLY = "bdist_wheel's plat_name set, and no extension module"


def _versionless_platform_wheel(module: ast.Module, calls: list[ast.Call]) -> ast.expr | None:
    """Where a setup.py that builds no extension module sets `bdist_wheel`'s `plat_name`
    (pyscf: CMake libraries loaded with ctypes, and cibuildwheel wants a platform wheel):
    its wheel is `py3-none-<platform>`, one per platform for every Python. None when the
    module may build one (an `Extension`, `cythonize`, `ext_modules`, a `**` argument), or
    may tag the wheel for its Python (`has_ext_modules`, `root_is_pure`, `get_tag`,
    `distclass`, scikit-build's `setup`)."""
    if any(keyword.arg is None for call in calls for keyword in call.keywords):
        return None
    assignment: ast.expr | None = None
    mentions_bdist_wheel = False
    for node in ast.walk(module):
        name = _name_of(node)
        if name in _MAY_BUILD_FOR_ITS_PYTHON or _makes_an_extension(node):
            return None
        if isinstance(node, ast.Import | ast.ImportFrom) and _imports_a_builder(node):
            return None
        mentions_bdist_wheel = mentions_bdist_wheel or name == "bdist_wheel"
        if assignment is None and isinstance(node, ast.Assign):
            assignment = next((t for t in node.targets if _is_plat_name(t)), None)
    return assignment if mentions_bdist_wheel else None


def _makes_an_extension(node: ast.AST) -> bool:
    """`Extension(...)`, `Pybind11Extension(...)`, `RustExtension(...)` (imported, the name
    alone builds nothing: pyscf imports `Extension` and makes none)."""
    return isinstance(node, ast.Call) and (_name_of(node.func) or "").endswith("Extension")


def _name_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.keyword):
        return node.arg
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name
    if isinstance(node, ast.alias):
        return (node.asname or node.name).rpartition(".")[2]
    return None


def _is_plat_name(target: ast.expr) -> bool:
    return isinstance(target, ast.Attribute) and target.attr == "plat_name"


def _imports_a_builder(node: ast.Import | ast.ImportFrom) -> bool:
    modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
    modules += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
    return any(module.partition(".")[0] in _EXTENSION_BUILDERS for module in modules)


_MAY_BUILD_FOR_ITS_PYTHON = frozenset(
    {
        "ext_modules",
        "cythonize",
        "cffi_modules",
        "rust_extensions",
        "has_ext_modules",
        "root_is_pure",
        "get_tag",
        "distclass",
        "py_limited_api",
    }
)
_EXTENSION_BUILDERS = frozenset(
    {"skbuild", "Cython", "pybind11", "setuptools_rust", "cffi", "numpy", "mypyc", "nanobind"}
)


def _versionless_wheel(
    file: TextFile, evaluator: Evaluator, target: ast.expr, context: str
) -> Declaration:
    where = evaluator.where(target)
    return unresolved(
        file.path,
        file.span(where.start, where.end),
        file.text[where.start : where.end],
        source=KIND,
        context=context,
        note=VERSIONLESS_WHEEL,
    )


def _may_declare(text: str) -> bool:
    """Only a file that calls a `setup` or names `python_requires` or classifiers can declare
    either: a module that happens to be called `setup.py` (a step of an app's onboarding
    flow, written in a newer Python's syntax) is not parsed."""
    return (
        "python_requires" in text or "classifiers" in text or _SETUP_CALL.search(text) is not None
    )


_SETUP_CALL = lazy_re.compile(r"\bsetup[ \t]*+\(")


def _setup_calls(module: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and _is_setup(node.func):
            yield node


def _is_setup(function: ast.expr) -> bool:
    if isinstance(function, ast.Name):
        return function.id == "setup"
    if not (isinstance(function, ast.Attribute) and function.attr == "setup"):
        return False
    root = function.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and root.id in _SETUP_MODULES


def _arguments(call: ast.Call, evaluator: Evaluator, mutations: _Mutations) -> dict[str, Evaluated]:
    """Keyword arguments, including those of `**kwargs` when it is a literal dict, and the
    entries a module-level name given as `**kwargs` is set (`setup_args["python_requires"]
    = PYTHON_REQUIRES`, also through `setup_args.update(extra_args)`: Cython's setup.py)."""
    arguments: dict[str, Evaluated] = {}
    spread_names: list[str] = []
    for keyword in call.keywords:
        if keyword.arg is not None:
            arguments[keyword.arg] = evaluator.evaluate(keyword.value)
        else:
            if isinstance(spread := evaluator.evaluate(keyword.value), Table):
                arguments.update(spread.entries)
            if isinstance(keyword.value, ast.Name):  # (`setup_args = {}` filled in later)
                spread_names.append(keyword.value.id)
    if spread_names:
        for key, value in mutations.entries(spread_names, evaluator).items():
            arguments.setdefault(key, value)
    return arguments


class _Mutations:
    """`NAME["key"] = value` and `NAME.update(OTHER)` anywhere in the module, found in one
    walk."""

    def __init__(self, module: ast.Module) -> None:
        self.sets: dict[str, list[tuple[str, ast.expr]]] = {}
        self.updates: dict[str, list[str]] = {}
        for node in ast.walk(module):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and isinstance(target.slice, ast.Constant)
                    and target.slice.value in _READ_KEYS
                ):
                    entry = (str(target.slice.value), node.value)
                    self.sets.setdefault(target.value.id, []).append(entry)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and isinstance(node.func.value, ast.Name)
                and len(node.args) == 1
                and isinstance(node.args[0], ast.Name)
            ):
                self.updates.setdefault(node.func.value.id, []).append(node.args[0].id)

    def entries(self, names: list[str], evaluator: Evaluator) -> dict[str, Evaluated]:
        """The keys set on these names and on the dicts they are updated with (the last
        assignment of a key wins)."""
        wanted = dict.fromkeys(names)
        pending = list(names)
        while pending and len(wanted) < _MAX_DICTS:  # (each name once: a cycle ends)
            for other in self.updates.get(pending.pop(), ()):
                if other not in wanted:
                    wanted[other] = None
                    pending.append(other)
        found: dict[str, Evaluated] = {}
        for name in list(wanted)[:_MAX_DICTS]:
            for key, value in self.sets.get(name, ())[-_MAX_DICTS:]:
                found[key] = evaluator.evaluate(value)
        return found


_READ_KEYS = frozenset({"python_requires", "classifiers"})
_MAX_DICTS = 16  # dicts followed, and entries read of each, for one call: a hostile file's
# thousands of calls and updates cost each call this much at most


def _python_requires(file: TextFile, value: Evaluated) -> Declaration:
    span = file.span(value.where.start, value.where.end)
    if isinstance(value, Const) and isinstance(value.value, str):
        return range_declaration(
            file.path, span, value.value, source=KIND, context="python_requires"
        )
    why = value.why if isinstance(value, Dynamic) else "not a string"
    return unresolved(
        file.path,
        span,
        file.text[value.where.start : value.where.end],
        source=KIND,
        context="python_requires",
        note=f"python_requires is {why}",
    )


def _classifiers(file: TextFile, value: Evaluated) -> Iterator[Declaration]:
    if not isinstance(value, Seq):
        yield _unknown_classifiers(file, value)
        return
    for item in value.items:
        if isinstance(item, Dynamic):
            if "python" in item.text.lower() or "programming" in item.text.lower():
                yield _unknown_classifiers(file, item)
            continue
        if not (isinstance(item, Const) and isinstance(item.value, str)):
            continue
        match = _CLASSIFIER.match(item.value)
        if match is None:
            continue
        if item.where.exact:
            start = item.where.start + match.start(1)
            span = file.span(start, start + len(match[1]))
        else:
            span = file.span(item.where.start, item.where.end)
        yield pin(
            file.path,
            span,
            match[1],
            source=KIND,
            context="classifiers",
            role=Role.MATRIX,
            group=f"{file.path} classifiers",
        )


def _unknown_classifiers(file: TextFile, value: Evaluated) -> Declaration:
    why = value.why if isinstance(value, Dynamic) else "not a list"
    return unresolved(
        file.path,
        file.span(value.where.start, value.where.end),
        file.text[value.where.start : value.where.end],
        source=KIND,
        context="classifiers",
        note=f"classifiers: {why}",
    )
