"""`noxfile.py`, read with `ast` only: never imported or executed.

Reads the `python=` (or `py=`) of `@nox.session(...)` / `@session(...)` decorators and
`@nox.parametrize("python", [...])`: a string, a list or tuple, or a module-level name
bound to one (`PYTHONS = ["3.11", "3.12"]`), or for a session with neither, such a name
(`PYTHON_VERSIONS`) given to another of its decorators. Each version of a test session is
one entry of the file's nox test set; a session that only runs tools (lint, docs, pre-commit) pins a
tooling Python instead. `python=False` (no virtualenv) and no `python=` declare nothing;
a value that depends on running code is reported as unresolved.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.pystatic import Const, Dynamic, Evaluated, Evaluator, Seq, parse
from pyparity.purpose import classify_job
from pyparity.records import record, replace
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile

KIND = "noxfile"


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "noxfile.py"


@record
class _Session:
    """A nox session: its name, purpose and the Pythons it runs."""

    name: str
    purpose: Purpose
    why: str
    pythons: Evaluated


def read(file: TextFile) -> list[Declaration]:
    module = parse(file)
    evaluator = Evaluator(file, module)
    declarations: list[Declaration] = []
    seen: set[tuple[object, ...]] = set()
    for session in _sessions(module, evaluator):
        pythons = session.pythons
        evaluator.look_at(len(pythons.items) if isinstance(pythons, Seq) else 1)
        for declaration in _versions(file, session):
            if declaration.role is Role.MATRIX:
                # a list many sessions name is listed once, where it is written; a session
                # that writes its own Python is listed there, even on a minor already seen
                assert declaration.requirement is not None
                minors = (declaration.implementation, declaration.requirement.minors)
                keys = ((declaration.span, declaration.raw), (session.name, minors))
                if not seen.isdisjoint(keys):
                    continue
                seen.update(keys)
            declarations.append(declaration)
    return declarations


def _sessions(module: ast.Module, evaluator: Evaluator) -> Iterator[_Session]:
    for node in ast.walk(module):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        commands: list[str] | None = None  # what the function runs, read once
        purposes: dict[str, tuple[Purpose, str]] = {}
        for decorator, pythons in _pythons_of(node, evaluator):
            name = _session_name(node, decorator)
            if name not in purposes:
                commands = _commands(node) if commands is None else commands
                purposes[name] = classify_job(name, "", commands, [])
            purpose, why = purposes[name]
            yield _Session(name=name, purpose=purpose, why=why, pythons=pythons)


def _pythons_of(
    function: ast.FunctionDef | ast.AsyncFunctionDef, evaluator: Evaluator
) -> Iterator[tuple[ast.Call, Evaluated]]:
    """(decorator, Pythons) of each decorator that names them; for a session none names,
    a module-level list named for the Pythons (`PYTHON_VERSIONS`) that another decorator of
    the session is given (`@tox_parameters(["python", "db"], [PYTHON_VERSIONS, DBS])`)."""
    calls = [d for d in function.decorator_list if isinstance(d, ast.Call)]
    found = False
    for decorator in calls:
        pythons = _decorator_pythons(decorator, evaluator)
        if pythons is not None:
            found = True
            yield decorator, pythons
    sessions = [d for d in calls if _called_name(d.func) == "session"]
    if found or not sessions:
        return
    for decorator in calls:
        if decorator in sessions:
            continue
        for name in _python_names(decorator):
            yield sessions[0], evaluator.evaluate(name)
            return


def _python_names(decorator: ast.Call) -> Iterator[ast.Name]:
    """Names such as `PYTHON_VERSIONS` among a call's arguments, or inside a list of them."""
    for argument in [*decorator.args, *(k.value for k in decorator.keywords)]:
        items = argument.elts if isinstance(argument, ast.List | ast.Tuple) else [argument]
        for item in items:
            if isinstance(item, ast.Name) and "PYTHON" in item.id.upper():
                yield item


def _decorator_pythons(decorator: ast.Call, evaluator: Evaluator) -> Evaluated | None:
    called = _called_name(decorator.func)
    if called == "session":
        for keyword in decorator.keywords:
            if keyword.arg in {"python", "py"}:
                return evaluator.evaluate(keyword.value)
    if called == "parametrize" and len(decorator.args) >= 2:
        first = decorator.args[0]
        if isinstance(first, ast.Constant) and first.value in {"python", "py"}:
            return evaluator.evaluate(decorator.args[1])
    return None


def _called_name(function: ast.expr) -> str | None:
    """`session` for `@session(...)` and `@nox.session(...)`, else the bare name or None."""
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        return function.attr if function.value.id == "nox" else None
    return None


def _session_name(function: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.Call) -> str:
    for keyword in decorator.keywords:
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return function.name


def _commands(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """What the session runs: the literal words of `session.run(...)` and installs."""
    commands: list[str] = []
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        words = [a.value for a in node.args if isinstance(a, ast.Constant)]
        text = " ".join(str(word) for word in words)
        if node.func.attr in {"run", "run_always", "run_install"}:
            commands.append(text)
        elif node.func.attr == "install":
            commands.append(f"pip install {text}")
    return commands


def _versions(file: TextFile, session: _Session) -> Iterator[Declaration]:
    pythons = session.pythons
    items = pythons.items if isinstance(pythons, Seq) else (pythons,)
    tooling = session.purpose is Purpose.TOOLING
    context = f"nox session {session.name}" + (f", tooling: {session.why}" if tooling else "")
    for item in items:
        where = file.span(item.where.start, item.where.end)
        if isinstance(item, Dynamic):
            declaration = unresolved(
                file.path, where, item.text, source=KIND, context=context, note=item.why
            )
            yield replace(declaration, group="" if tooling else f"{file.path} nox")
        elif isinstance(item, Const) and isinstance(item.value, str) and item.value.strip():
            yield pin(
                file.path,
                where,
                item.value,
                source=KIND,
                context=context,
                purpose=Purpose.TOOLING if tooling else None,
                role=Role.PIN if tooling else Role.MATRIX,
                group="" if tooling else f"{file.path} nox",
            )
