"""The folders a build ships, where its configuration states them.

A setup.py with `package_dir={"": "src"}` (peft's), or a `pyproject.toml` whose
`[tool.setuptools]` says `package-dir = {"" = "src"}` or whose `[tool.setuptools.packages.find]`
says `where = ["src"]`, ships what lies below `src/`. A setup.py or `[tool.setuptools]` that
lists its packages by name (apsw's `packages=["apsw", "apsw.tests", ...]`) ships those
packages' folders, its `py_modules` and its `scripts`. The code in the project's other folders
(peft's `method_comparison/`, a benchmark suite with its own "Python 3.12+ is required"; apsw's
`src/apswtypes.py`, which a generator reads as text beside the C sources to write the type
stubs) reaches no user of the package, so the range does not bind it; the files at the
project's top (setup.py itself, which runs on the floor) still count. Only what the build
configuration states is taken, and only in literals: a `src/` folder alone may hold templates
or front-end sources beside a package at the top (mkdocs-material's), and `find_packages()` or
a computed list ships what the code says at build time.

A `pyproject.toml` whose build backend is another says so in that backend's terms: Hatchling's
`packages` / `only-include` (of the wheel target or of every target), scikit-build-core's
`wheel.packages` (OpenSfM's `["opensfm"]` beside its `annotation_gui_gcp/` tool), maturin's
`python-source`; a setup.py beside such a backend builds nothing, nor does anything else at
the project's top run on the user's Python (bytewax's `stubgen.py`, a maintainers' script,
beside maturin's `python-source = "pysrc"`), and without those keys the backend finds the
package itself, which is not guessed here.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import tomli

from pyparity.code.receivers import called_name
from pyparity.parsers.toml_positions import dig
from pyparity.records import record


@record(kw_only=False)
class _Shipped:
    """What a build ships: the files below its packages' folders, and its single files."""

    folders: tuple[str, ...]
    """Each ends with `/`, relative to the project."""
    files: frozenset[str]
    top: bool = True
    """The files at the project's top count: a setuptools build runs setup.py there on the
    floor (other backends run nothing of the project's, so only what they ship counts)."""

    def holds(self, relative: str) -> bool:
        if "/" not in relative and self.top:
            return True
        return relative in self.files or relative.startswith(self.folders)


def unshipped(
    scope_of: Mapping[str, str], listed: Iterable[str], read_text: Callable[[str], str | None]
) -> set[str]:
    """The files of `scope_of` (file -> scope) of a project whose build states what it
    ships, and that it does not ship."""
    present = set(listed)
    shipped: dict[str, _Shipped | None] = {}
    found = set()
    for path, name in scope_of.items():
        base = "" if name == "." else f"{name}/"
        relative = path[len(base) :] if path.startswith(base) else path
        if name not in shipped:
            shipped[name] = _stated(base, present, read_text)
        stated = shipped[name]
        if stated is not None and not stated.holds(relative):
            found.add(path)
    return found


def _stated(
    base: str, present: set[str], read_text: Callable[[str], str | None]
) -> _Shipped | None:
    setup_py, pyproject = f"{base}setup.py", f"{base}pyproject.toml"
    data = _toml(read_text(pyproject)) if pyproject in present else None
    backend = dig(data, ("build-system", "build-backend")) if data is not None else None
    if isinstance(backend, str) and (reader := _OTHER_BACKENDS.get(backend.split(".")[0])):
        return reader(data or {})  # (a setup.py beside it is not what builds)
    if setup_py in present:
        stated = _from_setup_py(read_text(setup_py))
        if stated is not None:
            return stated
    return _from_setuptools_table(data) if data is not None else None


def _toml(text: str | None) -> dict[str, Any] | None:
    if text is None or ("build" not in text and "setuptools" not in text):
        return None
    try:
        return tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError):
        return None


_UNKNOWN = object()
"""A value that is not a literal of the expected shape: what ships is computed."""


def _from_setup_py(text: str | None) -> _Shipped | None:
    """`setup(...)`'s keywords, read with `ast` (never run)."""
    if text is None or ("package_dir" not in text and "packages" not in text):
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node.func) == "setup":
            if any(keyword.arg is None for keyword in node.keywords):
                return None  # `setup(**options)`: the options are computed
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            return _shipped(
                packages=_literal(keywords.get("packages"), list),
                package_dir=_literal(keywords.get("package_dir"), dict),
                modules=_literal(keywords.get("py_modules"), list),
                scripts=_literal(keywords.get("scripts"), list),
            )
    return None


def _literal(node: ast.expr | None, shape: type) -> Any:
    """A list of strings or a dict of strings to strings; None if absent, else `_UNKNOWN`."""
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _UNKNOWN
    return _checked(list(value) if isinstance(value, tuple) else value, shape)


def _checked(value: Any, shape: type) -> Any:
    if value is None:
        return None
    if shape is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if (
        shape is dict
        and isinstance(value, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    ):
        return value
    return _UNKNOWN


def _from_setuptools_table(data: dict[str, Any]) -> _Shipped | None:
    table = dig(data, ("tool", "setuptools"))
    if not isinstance(table, dict):
        return None
    packages = table.get("packages")
    if isinstance(packages, dict):
        where = dig(packages, ("find", "where"))
        if not (isinstance(where, list) and len(where) == 1 and isinstance(where[0], str)):
            return None
        packages = None  # found below one folder: the same as a package-dir of it
        package_dir = {"": where[0]}
    else:
        packages = _checked(packages, list)
        package_dir = _checked(table.get("package-dir"), dict)
    return _shipped(
        packages=packages,
        package_dir=package_dir,
        modules=_checked(table.get("py-modules"), list),
        scripts=_checked(table.get("script-files"), list),
    )


def _from_hatch(data: dict[str, Any]) -> _Shipped | None:
    """Hatchling's wheel ships the paths its `packages` and `only-include` name (and the
    sources of `force-include` and `shared-scripts` beside them), set for the wheel target or
    for every target; without the first two it finds the package itself. A build hook
    (`hatch_build.py`) runs on the installer's Python when a wheel is built from the sdist:
    it counts as shipped."""
    wheel = dig(data, ("tool", "hatch", "build", "targets", "wheel"))
    every = dig(data, ("tool", "hatch", "build"))

    def option(key: str) -> list[Any]:
        value = wheel.get(key) if isinstance(wheel, dict) and key in wheel else None
        if value is None and isinstance(every, dict):
            value = every.get(key)
        return list(value) if isinstance(value, (list, dict)) else []

    stated = option("packages") + option("only-include")
    if not stated:
        return None
    shipped = _paths_shipped(stated + option("force-include") + option("shared-scripts"))
    if shipped is None:
        return None
    hooks = {"hatch_build.py"} | set(_hook_paths(data))
    return _Shipped(shipped.folders, shipped.files | hooks, top=False)


def _hook_paths(data: dict[str, Any]) -> list[str]:
    """The `path` of each custom build hook (`[tool.hatch.build.hooks.custom]`, or a
    target's)."""
    paths = []
    for table in (
        dig(data, ("tool", "hatch", "build", "hooks", "custom")),
        dig(data, ("tool", "hatch", "build", "targets", "wheel", "hooks", "custom")),
    ):
        if isinstance(table, dict) and isinstance(table.get("path"), str):
            paths.append(_folder(table["path"]))
    return paths


def _from_scikit_build(data: dict[str, Any]) -> _Shipped | None:
    """scikit-build-core's `wheel.packages`: a list of package folders, or a table of where
    each lands to its folder; without it the package is found by its name."""
    packages = dig(data, ("tool", "scikit-build", "wheel", "packages"))
    if isinstance(packages, dict):
        packages = list(packages.values())
    return _paths_shipped(packages) if isinstance(packages, list) else None


def _from_maturin(data: dict[str, Any]) -> _Shipped | None:
    """maturin ships the Python of a mixed project from its `python-source` folder (and the
    files its `include` patterns name, which are not read: then nothing is known)."""
    table = dig(data, ("tool", "maturin"))
    if not isinstance(table, dict) or "include" in table:
        return None
    source = table.get("python-source")
    return _paths_shipped([source]) if isinstance(source, str) else None


def _paths_shipped(paths: list[Any]) -> _Shipped | None:
    """Paths relative to the project, each a folder or a file."""
    if not paths or not all(isinstance(path, str) for path in paths):
        return None
    folders = [_folder(path) for path in paths]
    if "" in folders or any(folder == ".." or folder.startswith("../") for folder in folders):
        return None  # the project's top, or a folder outside it: everything may ship
    return _Shipped(tuple(f"{folder}/" for folder in folders), frozenset(folders), top=False)


_OTHER_BACKENDS: dict[str, Callable[[dict[str, Any]], _Shipped | None]] = {
    "hatchling": _from_hatch,
    "scikit_build_core": _from_scikit_build,
    "maturin": _from_maturin,
}


def _shipped(*, packages: Any, package_dir: Any, modules: Any, scripts: Any) -> _Shipped | None:
    if _UNKNOWN in (package_dir, modules, scripts):
        return None
    mapping: dict[str, str] = package_dir or {}
    root = _folder(mapping.get("", ""))
    if isinstance(packages, list):
        if any(package.count(".") > _MAX_DEPTH for package in packages):
            return None  # no real package is nested so deep: each parent is looked up
        folders = [_package_folder(package, mapping) for package in packages]
    elif root:
        folders = [root]  # every package is found below that folder (`find_packages("src")`)
    else:
        return None
    if "" in folders or any(folder.startswith("../") for folder in folders):
        return None  # the project's top, or a folder outside it: everything may ship
    files = {posixpath.join(root, *module.split(".")) + ".py" for module in modules or ()}
    files.update(_folder(script) for script in scripts or ())
    return _Shipped(tuple(f"{folder}/" for folder in folders), frozenset(files))


_MAX_DEPTH = 32


def _package_folder(package: str, mapping: Mapping[str, str]) -> str:
    """Where setuptools looks for `package`: the longest mapped parent's folder."""
    parts = package.split(".")
    for cut in range(len(parts), -1, -1):
        parent = ".".join(parts[:cut])
        if parent in mapping:
            return _folder(posixpath.join(mapping[parent], *parts[cut:]))
    return _folder(posixpath.join(*parts))


def _folder(path: str) -> str:
    normal = posixpath.normpath(path.strip() or ".")
    return "" if normal == "." else normal
