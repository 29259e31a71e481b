"""The registry of source readers: one module per kind of file that declares a Python.

Each module has `KIND`, `matches(path) -> bool` and `read(file) -> list[Declaration]`, and a
docstring that says which files and keys it reads (`pyparity sources` prints it).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from pyparity import lazy_re
from pyparity.model import Declaration
from pyparity.records import record
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
    "conda_recipe",
    "craft",
    "debian",
    "meson",
    "pants",
    "nix",
    "snapcraft",
    "env_file",
    "gitlab_ci",
    "travis",
    "aws_sam",
    "serverless",
    "app_engine",
    "circleci",
    "azure_pipelines",
    "tool_config",
    "task_runner",
    "appveyor",
    "script_metadata",
    "asv",
    "published_action",
    "woodpecker",
    "bitbucket_pipelines",
    "render",
    "buildkite",
    "kokoro",
    "gitpod",
    "cargo",
    "pixi",
    "cloud_build",
    "cirrus_ci",
    "bazel_module",
)


@record
class Source:
    """A kind of declaring file: which paths it reads and how."""

    kind: str
    matches: Callable[[str], bool]
    read: Callable[[TextFile], Sequence[Declaration]]
    doc: str


def registry() -> tuple[Source, ...]:
    return tuple(source_module(name) for name in MODULES)


@cache
def source_module(name: str) -> Source:
    """The reader of that module name (importing it the first time)."""
    module = importlib.import_module(f"pyparity.sources.{name}")
    return Source(
        kind=module.KIND,
        matches=module.matches,
        read=module.read,
        doc=(module.__doc__ or "").strip(),
    )


# A module is imported only once a path contains one of its hints (lower-cased): importing
# every reader costs more than a scan of a small repository. Each hint must hold for every
# path the module's `matches` accepts; a module without an entry is always asked (correct,
# only slower), so a new reader needs none.
_HINTS: dict[str, tuple[str, ...]] = {
    "dockerfile": ("dockerfile", "containerfile"),
    "python_version_file": (".python-version",),
    "workflow": (".github/", ".forgejo/workflows/", ".gitea/workflows/"),
    "pyproject": ("pyproject.toml",),
    "hatch": ("hatch.toml",),
    "setup_cfg": ("setup.cfg",),
    "setup_py": ("setup.py",),
    "tox": ("tox.ini", "tox.toml"),
    "noxfile": ("noxfile.py",),
    "tool_versions": (".tool-versions", "mise"),
    "runtime": ("runtime.txt", "pipfile"),
    "compose": ("compose",),
    "devcontainer": ("devcontainer.json",),
    "precommit": ("pre-commit-config.y", "pre-commit-hooks.y"),
    "readthedocs": ("readthedocs.y",),
    "conda": ("environment", "conda"),
    "conda_recipe": ("meta.yaml", "recipe.yaml", "conda_build_config.yaml"),
    "craft": (".craft.y",),
    "debian": ("debian/control", "stdeb.cfg", "nfpm.y"),
    "meson": ("meson.build",),
    "pants": ("pants.",),
    "nix": (".nix",),
    "snapcraft": ("snapcraft.yaml",),
    "env_file": (".env",),
    "gitlab_ci": ("gitlab-ci.y", ".gitlab/", "gitlab/"),
    "travis": (".travis.yml",),
    "aws_sam": ("template.y",),
    "serverless": ("serverless.y",),
    "app_engine": ("app.y",),
    "circleci": (".circleci/",),
    "azure_pipelines": (
        "azure",
        ".pipelines/",
        "eng/pipelines/",
        "eng/ci/",
        "eng/templates/",
    ),
    "tool_config": (
        "ruff.toml",
        "ty.toml",
        "mypy",
        "pyrightconfig.json",
        "pylintrc",
        "pyrefly.toml",
    ),
    "task_runner": ("justfile", "makefile", ".sh", "script"),
    "appveyor": ("appveyor.y",),
    "script_metadata": (".py",),
    "asv": ("asv.",),
    "published_action": ("action.y",),
    "woodpecker": (".woodpecker",),
    "bitbucket_pipelines": ("bitbucket-pipelines.yml",),
    "render": ("render.yaml",),
    "buildkite": ("buildkite",),
    "kokoro": (".kokoro/",),
    "gitpod": (".gitpod.y",),
    "cargo": ("cargo.toml",),
    "pixi": ("pixi.toml",),
    "cloud_build": ("cloudbuild",),
    "cirrus_ci": (".cirrus.y",),
    "bazel_module": ("module.bazel",),
}


_HINTED_BY = tuple((hint, name) for name, hints in _HINTS.items() for hint in hints)


def any_of_pattern(words: Sequence[str]) -> str:
    """A pattern that finds whether any of `words` occurs, its branches grouped by their first
    character (`a(?:pp\\.y|sv\\.)|c(?:onda|ompose)`): at each position `re` tries every branch
    of a plain alternation that starts with the character there, so grouping makes it try
    one group (twice as fast on the benchmark monorepo's names, and as cheap to make)."""
    if not words:
        return "(?!)"  # (an empty pattern would match everywhere)
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(re.escape(word[1:]))
    return "|".join(
        re.escape(first) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in groups.items()
    )


_ANY_HINT = lazy_re.compile(any_of_pattern([hint for hint, _ in _HINTED_BY]))
_UNHINTED = [name for name in MODULES if name not in _HINTS]


# Every reader's files end in one of these, or have one of these names: a cheap first test,
# so that most files of a large tree (code, data, docs) never reach the readers' `matches`.
_SUFFIXES = (".yml", ".yaml", ".toml", ".json", ".cfg", ".ini", ".txt", ".sh", ".env")
_NAMES = frozenset(
    {
        "control",
        "meson.build",
        "flake.nix",
        "shell.nix",
        "default.nix",
        "devenv.nix",
        ".python-version",
        ".python-versions",
        ".tool-versions",
        "pipfile",
        "setup.py",
        "noxfile.py",
        "justfile",
        ".justfile",
        "makefile",
        "gnumakefile",
        "pylintrc",
        ".pylintrc",
        "module.bazel",
    }
)


_SCRIPT_FOLDERS = frozenset({"scripts", "script", "tools", "utils", "bin", "ci", ".ci"})
"""Folders whose `.py` files may carry PEP 723 script metadata (script_metadata.py). Each
holds one of "script", "tools", "utils", "bin", "ci" (`may_declare` looks for those first)."""
_NO_EXTENSION = frozenset({"scripts", "script"})
"""Folders whose files with no extension may be shell scripts (task_runner.py); each holds
"script"."""


def may_declare(path: str) -> bool:
    name = path[path.rfind("/") + 1 :].lower()
    if (
        name.endswith(_SUFFIXES)
        or name in _NAMES
        or "dockerfile" in name
        or "containerfile" in name
    ):
        return True
    # This runs on every file of the tree: a folder's name is looked for as a substring
    # (cheap, and rarely there) before the path is split into folders.
    if name.endswith(".py"):
        return (
            "script" in path or "tools" in path or "utils" in path or "bin" in path or "ci" in path
        ) and not _SCRIPT_FOLDERS.isdisjoint(path.split("/")[:-1])
    return (
        "." not in name and "script" in path and not _NO_EXTENSION.isdisjoint(path.split("/")[:-1])
    )


def candidates(path: str) -> list[str]:
    """The modules, in registry order, that may read this path, found without importing any."""
    if not may_declare(path):
        return []
    return list(_hinted(path.lower()))


@lru_cache(maxsize=4096)  # a declaring file is asked about again: to order, split and read
def _hinted(lowered: str) -> tuple[str, ...]:
    if _ANY_HINT.search(lowered) is None:  # most data and config files of a large tree
        return tuple(_UNHINTED)
    # A hint without a slash lies within one part of the path: each part's are found once
    # (a tree's folder and file names repeat), not all the hints looked for in every path.
    hinted = {name for hint, name in _FOLDER_HINTS if hint in lowered}
    for part in lowered.split("/"):
        hinted.update(_part_hints(part))
    return tuple(sorted(hinted.union(_UNHINTED), key=_REGISTRY_ORDER.__getitem__))


_FOLDER_HINTS = tuple((hint, name) for hint, name in _HINTED_BY if "/" in hint)
_PART_HINTS = tuple((hint, name) for hint, name in _HINTED_BY if "/" not in hint)
_REGISTRY_ORDER = {name: index for index, name in enumerate(MODULES)}


@lru_cache(maxsize=4096)
def _part_hints(part: str) -> tuple[str, ...]:
    """The modules hinted by a hint without a slash in this part of a lower-cased path."""
    return tuple({name for hint, name in _PART_HINTS if hint in part})


def source_for(path: str) -> Source | None:
    for name in candidates(path):
        source = source_module(name)
        if source.matches(path):
            return source
    return None


# Readers that share an expensive import: a process that reads one of them has paid for the
# rest. Parallel reading keeps each family in one process where it can.
FAMILIES: dict[str, str] = {
    "workflow": "yaml",
    "compose": "yaml",
    "precommit": "yaml",
    "readthedocs": "yaml",
    "conda": "yaml",
    "craft": "yaml",
    "snapcraft": "yaml",
    "gitlab_ci": "yaml",
    "travis": "yaml",
    "aws_sam": "yaml",
    "serverless": "yaml",
    "app_engine": "yaml",
    "circleci": "yaml",
    "azure_pipelines": "yaml",
    "appveyor": "yaml",
    "woodpecker": "yaml",
    "bitbucket_pipelines": "yaml",
    "render": "yaml",
    "buildkite": "yaml",
    "gitpod": "yaml",
    "cloud_build": "yaml",
    "cirrus_ci": "yaml",
}
