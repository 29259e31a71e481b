"""Backports a project installs itself: a standard-library module that a PyPI distribution of
the same module name provides on the Pythons that lack it.

pyinfra supports 3.7 and imports `graphlib` (3.9) unguarded: its `setup.py` installs
`graphlib_backport ; python_version < "3.9"`, which provides `graphlib` there. Only modules
new in a Python are listed: a backport gives the module, never the newer members of a module
the older Python already has (`typing.Protocol` needs 3.8 whatever `typing` from PyPI says).
The scope's own dependency files are read as text, line by line: a name counts where it
stands as a word of a line that is not a comment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection

from pyparity import lazy_re

# distribution (normalised as PEP 503 does) -> the module it provides
SAME_NAME_BACKPORTS = {
    "graphlib-backport": "graphlib",
    "dataclasses": "dataclasses",
    "contextvars": "contextvars",
}
_DEPENDENCY_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt")
_WORD_BREAKS = lazy_re.compile(r"[^A-Za-z0-9._-]+")


class InstalledBackports:
    """Which standard-library modules each scope installs a backport of; `read` gives a
    listed file's text (None when it cannot be read)."""

    def __init__(self, paths: Collection[str], read: Callable[[str], str | None]) -> None:
        self._files: dict[str, list[str]] = defaultdict(list)  # folder -> dependency files
        for path in paths:
            folder, _, name = path.rpartition("/")
            if name in _DEPENDENCY_FILES or _is_requirements(name):
                self._files[folder].append(path)
        self._read = read
        self._known: dict[str, frozenset[str]] = {}

    def covers(self, scope: str, feature: str) -> bool:
        """Is the need's feature (`graphlib`, `graphlib.TopologicalSorter`) a module the
        scope installs a backport of?"""
        name = feature.strip("`")
        return any(name == module or name.startswith(f"{module}.") for module in self.of(scope))

    def of(self, scope: str) -> frozenset[str]:
        if scope not in self._known:
            self._known[scope] = frozenset(
                module
                for path in sorted(self._files.get("" if scope == "." else scope, ()))
                if (text := self._read(path)) is not None
                for module in backported_modules(text)
            )
        return self._known[scope]


def _is_requirements(name: str) -> bool:
    return name.startswith("requirements") and name.endswith((".txt", ".in"))


def backported_modules(text: str) -> set[str]:
    """The modules of `SAME_NAME_BACKPORTS` whose distribution a dependency file names."""
    if not any(name.split("-")[0] in text.lower() for name in SAME_NAME_BACKPORTS):
        return set()
    from packaging.utils import canonicalize_name

    found = set()
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        for word in _WORD_BREAKS.split(code):
            if (module := SAME_NAME_BACKPORTS.get(canonicalize_name(word))) is not None:
                found.add(module)
    return found
