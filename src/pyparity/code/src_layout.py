"""Projects whose build takes its packages from `src/` only.

A setup.py with `package_dir={"": "src"}` (peft's), or a `pyproject.toml` whose
`[tool.setuptools]` says `package-dir = {"" = "src"}` or whose `[tool.setuptools.packages.find]`
says `where = ["src"]`, ships what lies below `src/`. The code in the project's other folders
(peft's `method_comparison/`, a benchmark suite with its own requirements and its own "Python
3.12+ is required") reaches no user of the package, so the range does not bind it; the files
at the project's top (setup.py itself, which runs on the floor) still count. Only a layout the
build configuration states is taken: a `src/` folder alone may hold templates or front-end
sources beside a package at the top (mkdocs-material's).
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable, Iterable, Mapping

import tomli

from pyparity.code.receivers import called_name
from pyparity.parsers.toml_positions import dig

_SRC = frozenset({"src", "src/", "./src", "./src/"})


def outside_src(
    scope_of: Mapping[str, str], listed: Iterable[str], read_text: Callable[[str], str | None]
) -> set[str]:
    """The files of `scope_of` (file -> scope) in a folder of a src-layout project other than
    its `src/`."""
    present = set(listed)
    layouts: dict[str, bool] = {}
    found = set()
    for path, name in scope_of.items():
        base = "" if name == "." else f"{name}/"
        relative = path[len(base) :] if path.startswith(base) else path
        if "/" not in relative or relative.startswith("src/"):
            continue
        if name not in layouts:
            layouts[name] = _states_src_layout(base, present, read_text)
        if layouts[name]:
            found.add(path)
    return found


def _states_src_layout(
    base: str, present: set[str], read_text: Callable[[str], str | None]
) -> bool:
    setup_py, pyproject = f"{base}setup.py", f"{base}pyproject.toml"
    if setup_py in present and _setup_py_says_src(read_text(setup_py)):
        return True
    return pyproject in present and _pyproject_says_src(read_text(pyproject))


def _setup_py_says_src(text: str | None) -> bool:
    """`setup(..., package_dir={"": "src"}, ...)`, read with `ast` (never run)."""
    if text is None or "package_dir" not in text:
        return False
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or called_name(node.func) != "setup":
            continue
        for keyword in node.keywords:
            if keyword.arg == "package_dir" and isinstance(keyword.value, ast.Dict):
                return _root_is_src(keyword.value)
    return False


def _root_is_src(mapping: ast.Dict) -> bool:
    return any(
        isinstance(key, ast.Constant)
        and key.value == ""
        and isinstance(value, ast.Constant)
        and value.value in _SRC
        for key, value in zip(mapping.keys, mapping.values, strict=True)
    )


def _pyproject_says_src(text: str | None) -> bool:
    if text is None or "setuptools" not in text or "src" not in text:
        return False
    try:
        data = tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError):
        return False
    root = dig(data, ("tool", "setuptools", "package-dir", ""))
    if isinstance(root, str) and root in _SRC:
        return True
    where = dig(data, ("tool", "setuptools", "packages", "find", "where"))
    if not isinstance(where, list) or len(where) != 1:
        return False
    return posixpath.normpath(str(where[0])) == "src"
