"""Code that runs only where an optional third-party dependency is installed.

A module (or a package, through its `__init__.py`) that opens with

    try:
        from google.genai.models import Models
    except ImportError:
        raise DidNotEnable("google-genai not installed")

runs only where that dependency imports, so only on the Pythons the dependency supports,
which pyparity cannot know offline (an integration for a library that needs 3.9 may use
`typing.TypedDict` in a package that still supports 3.6). Its needs are left out of the
code floor rather than reported against the package's own floor.
"""

from __future__ import annotations

import ast
import posixpath
import sys
from collections.abc import Callable, Collection

_FALLBACK_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
_STDLIB = frozenset(sys.stdlib_module_names)


class OptionalCode:
    """Answers, for a file of code, whether it needs an optional dependency to run; `read`
    gives a listed file's text (None when it cannot be read)."""

    def __init__(self, paths: Collection[str], read: Callable[[str], str | None]) -> None:
        self._paths = frozenset(paths)
        self._read = read
        self._known: dict[str, bool] = {}

    def requires_dependency(self, path: str) -> bool:
        """The file itself, or the `__init__.py` of a package enclosing it, requires one."""
        if self._module_requires(path):
            return True
        folder = posixpath.dirname(path)
        while folder:
            init = f"{folder}/__init__.py"
            if init not in self._paths:
                return False
            if init != path and self._module_requires(init):
                return True
            folder = posixpath.dirname(folder)
        return False

    def _module_requires(self, path: str) -> bool:
        if path not in self._known:
            text = self._read(path)
            own = self._top_package(path)
            self._known[path] = text is not None and requires_dependency(text, own)
        return self._known[path]

    def _top_package(self, path: str) -> str:
        """The outermost package enclosing the file (`sentry_sdk`), or the module's name."""
        top = posixpath.splitext(posixpath.basename(path))[0]
        folder = posixpath.dirname(path)
        while folder and f"{folder}/__init__.py" in self._paths:
            top = posixpath.basename(folder)
            folder = posixpath.dirname(folder)
        return top


def requires_dependency(source: str, own: str) -> bool:
    """Does the module's top level re-raise a failed import of a third-party module (not
    the standard library's, not `own`, the project's top package)?"""
    if "ImportError" not in source and "ModuleNotFoundError" not in source:
        return False
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for statement in module.body:
        if isinstance(statement, ast.Try | ast.TryStar) and _reraises(statement):
            imported = _imported(statement.body)
            if any(name not in _STDLIB and name != own for name in imported):
                return True
    return False


def _reraises(statement: ast.Try | ast.TryStar) -> bool:
    return any(
        _catches_import_error(handler.type) and any(isinstance(s, ast.Raise) for s in handler.body)
        for handler in statement.handlers
    )


def _catches_import_error(caught: ast.expr | None) -> bool:
    if isinstance(caught, ast.Tuple):
        return any(_catches_import_error(element) for element in caught.elts)
    if isinstance(caught, ast.Name):
        return caught.id in _FALLBACK_ERRORS
    return isinstance(caught, ast.Attribute) and caught.attr in _FALLBACK_ERRORS


def _imported(body: list[ast.stmt]) -> set[str]:
    """Top-level names of the absolute imports in a `try:` body."""
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            names.add(statement.module.partition(".")[0])
    return names
