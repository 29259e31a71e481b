"""The registry of source readers: one module per kind of file that declares a Python.

Each module has `KIND`, `matches(path) -> bool` and `read(file) -> list[Declaration]`, and a
docstring that says which files and keys it reads (`pyparity sources` prints it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from pyparity.model import Declaration
from pyparity.textfile import TextFile

# Order matters only for output: the first module whose `matches` accepts a path reads it.
MODULES: tuple[str, ...] = (
    "dockerfile",
    "python_version_file",
    "workflow",
    "pyproject",
    "hatch",
    "setup_cfg",
    "setup_py",
    "tox",
    "noxfile",
    "tool_versions",
    "runtime",
    "compose",
    "devcontainer",
    "precommit",
    "readthedocs",
    "conda",
    "gitlab_ci",
    "travis",
    "aws_sam",
    "serverless",
    "app_engine",
    "circleci",
    "azure_pipelines",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    kind: str
    matches: Callable[[str], bool]
    read: Callable[[TextFile], Sequence[Declaration]]
    doc: str


@cache
def registry() -> tuple[Source, ...]:
    sources = []
    for name in MODULES:
        module = importlib.import_module(f"pyparity.sources.{name}")
        sources.append(
            Source(
                kind=module.KIND,
                matches=module.matches,
                read=module.read,
                doc=(module.__doc__ or "").strip(),
            )
        )
    return tuple(sources)


# Every reader's files end in one of these, or have one of these names: a cheap first test,
# so that most files of a large tree (code, data, docs) never reach the readers' `matches`.
_SUFFIXES = (".yml", ".yaml", ".toml", ".json", ".cfg", ".ini", ".txt")
_NAMES = frozenset({".python-version", ".tool-versions", "pipfile", "setup.py", "noxfile.py"})


def may_declare(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return (
        name.endswith(_SUFFIXES)
        or name in _NAMES
        or "dockerfile" in name
        or "containerfile" in name
    )


def source_for(path: str) -> Source | None:
    if not may_declare(path):
        return None
    for source in registry():
        if source.matches(path):
            return source
    return None
