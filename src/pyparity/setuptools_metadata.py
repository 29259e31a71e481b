"""`python_requires` and classifiers of a setup.py or setup.cfg that no build reads.

Beside a `pyproject.toml` with a `[project]` table, setuptools (61 and later) takes
`requires-python` and `classifiers` from that table only: a value given in setup.py or
setup.cfg is dropped with "`requires-python` defined outside of `pyproject.toml` is
ignored", unless the table lists the field in `dynamic`. Any other build backend (`build-backend =
"poetry.core.masonry.api"`, hatchling, flit, pdm, maturin, meson-python, scikit-build-core,
...) never reads setup.cfg: django-invitations' still says `python_requires = >=3.7` beside
poetry's `python = "^3.8"`. A setup.py beside such a backend may still be run by hand
(radon publishes with `python setup.py sdist bdist_wheel`), so it is still read. A leftover
says nothing about the package, so it is not compared: a stale `python_requires=">=3.5"`
beside `requires-python = ">=3.7"` made code-floor and matrix-misses-floor speak of a 3.5
floor that no wheel or sdist carries (functions-framework-python).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence

import tomli

from pyparity.model import Declaration
from pyparity.textfile import TextFile

_SETUP_SOURCES = frozenset({"setup-py", "setup-cfg"})
_FIELDS = {"python_requires": "requires-python", "classifiers": "classifiers"}
"""The context of a setup.py or setup.cfg declaration, and the `[project]` field it is."""


def without_ignored(
    declarations: Sequence[Declaration], read_text: Callable[[str], TextFile | None]
) -> list[Declaration]:
    """The declarations, less the setup.py and setup.cfg fields setuptools ignores."""
    if not any(_setup_field(d) for d in declarations):
        return list(declarations)
    tables: dict[str, tuple[frozenset[str] | None, bool]] = {}

    def ignored(declaration: Declaration) -> bool:
        field = _setup_field(declaration)
        if not field:
            return False
        folder = posixpath.dirname(declaration.file)
        if folder not in tables:
            pyproject = _parsed(read_text(posixpath.join(folder, "pyproject.toml")))
            # setup.cfg alone beside another backend: nothing reads it (a setup.py may still
            # be run by hand, `python setup.py sdist bdist_wheel`: radon publishes so).
            unread = (
                _another_backend(pyproject)
                and read_text(posixpath.join(folder, "setup.py")) is None
            )
            tables[folder] = (_dynamic_fields(pyproject), unread)
        dynamic, unread = tables[folder]
        if unread:
            return True
        return dynamic is not None and field not in dynamic

    return [d for d in declarations if not ignored(d)]


def _setup_field(declaration: Declaration) -> str:
    """The `[project]` field a setup.py or setup.cfg declaration gives; "" for any other."""
    if declaration.source not in _SETUP_SOURCES:
        return ""
    return _FIELDS.get(declaration.context, "")


def _dynamic_fields(data: dict[str, object] | None) -> frozenset[str] | None:
    """The fields a `[project]` table leaves to setup.py (`dynamic`); None when there is no
    such table (no file, no table, or a file that does not parse: its parse-error says so,
    and setup.py's fields are then the best guess)."""
    project = data.get("project") if data is not None else None
    if not isinstance(project, dict):
        return None
    dynamic = project.get("dynamic")
    if not isinstance(dynamic, list):
        return frozenset()
    return frozenset(item for item in dynamic if isinstance(item, str))


def _parsed(file: TextFile | None) -> dict[str, object] | None:
    if file is None or ("project" not in file.text and "build-system" not in file.text):
        return None
    try:
        return tomli.loads(file.text)
    except (tomli.TOMLDecodeError, RecursionError):
        return None


def _another_backend(data: dict[str, object] | None) -> bool:
    """The pyproject's build backend is not setuptools (nor one that may wrap it: an in-tree
    backend, jupyter-packaging's)."""
    build_system = data.get("build-system") if data is not None else None
    backend = build_system.get("build-backend") if isinstance(build_system, dict) else None
    if not isinstance(backend, str):
        return False
    module = backend.strip().partition(":")[0]
    return module.startswith(_OTHER_BACKENDS)


_OTHER_BACKENDS = (
    "poetry.core.",
    "poetry.masonry.",
    "hatchling.",
    "flit_core.",
    "flit.buildapi",
    "pdm.backend",
    "pdm.pep517.",
    "maturin",
    "mesonpy",
    "scikit_build_core.",
    "sipbuild.",
    "uv_build",
    "whey",
)
