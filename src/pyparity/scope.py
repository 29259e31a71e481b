"""Monorepo scopes: a directory holding a project marker is a scope, and a
declaration belongs to the nearest one enclosing the directory it is about.
"""

from __future__ import annotations

import posixpath
from collections.abc import Container, Iterable, Sequence

from pyparity.model import Declaration
from pyparity.records import replace

SCRIPT_SOURCE = "pep723"
"""The source of PEP 723 script metadata (sources/script_metadata.py): each script is its own
scope."""

OWN_SCOPE = "own-scope:"
"""An `anchor` that starts with this names a scope of the declaration's own, compared with
nothing of the project's: one file's tool target (ruff's `per-file-target-version`), a
dependency group's own `requires-python`, a tool's notion of the newest Python."""

MARKERS = frozenset(
    {
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        ".python-version",
        "Pipfile",
        "runtime.txt",
        "tox.ini",
        "tox.toml",
        "noxfile.py",
        # A Bazel module is a build of its own, with its own toolchains.
        "MODULE.bazel",
        # Infrastructure-as-code apps: each folder is a program of its own (a CDK app, a
        # Pulumi program, a Serverless or SAM service, an azd app), deployed on its own Python.
        "cdk.json",
        "Pulumi.yaml",
        "Pulumi.yml",
        "serverless.yml",
        "serverless.yaml",
        "samconfig.toml",
        "azure.yaml",
    }
)


def package_parts(declaring: Iterable[str], listed: Container[str]) -> frozenset[str]:
    """Folders with a project marker that lie inside a sub-package of an import package
    (`src/unstract/sdk1/adapters/ocr/google_document_ai/pyproject.toml`, where `ocr/` and
    `adapters/` hold `__init__.py`): a part the enclosing package ships and runs on its own
    Python; the marker is a leftover, not a project. One level (`runtimes/sklearn/` beside
    `runtimes/__init__.py`) is not enough: plugin and runtime folders are often packages of
    their own published from there."""
    folders: set[str] = set()
    for path in declaring:
        directory, _, name = path.rpartition("/")
        if name not in MARKERS:
            continue
        parent = directory.rpartition("/")[0]
        if not parent or f"{parent}/__init__.py" not in listed:
            continue
        grandparent = parent.rpartition("/")[0]
        if (f"{grandparent}/__init__.py" if grandparent else "__init__.py") in listed:
            folders.add(directory)
    return frozenset(folders)


# A folder of images, one folder each (chartpress' `images/hub/`, `images/secret-sync/`):
# an image that holds a program of its own (its code, its pinned requirements) is built from
# its own folder, on a Python of its own.
_IMAGE_SETS = frozenset({"images", "containers"})


def _own_programs(listed: Sequence[str], image_sets: set[str], requirements: set[str]) -> set[str]:
    """The folders of `image_sets` that hold a requirements file or Python code of their own
    (not an image of the project that a script clones and installs)."""
    found = image_sets & requirements
    rest = image_sets - found
    if rest:
        found.update(
            directory
            for path in listed
            if path.lower().endswith(".py") and (directory := path.rpartition("/")[0]) in rest
        )
    return found


_APP_ENGINE_FILES = frozenset({"app.yaml", "app.yml"})


def find_scopes(paths: Iterable[str], groups: Sequence[Sequence[str]] = ()) -> set[str]:
    """Folders with a project marker, and service folders: a folder below the root that holds
    a Dockerfile or an App Engine `app.yaml`, its own `requirements*.txt` and Python code of
    its own (a mock server, a monitoring job, a tutorial's App Engine app) is a service with
    its own Python, not the project's runtime; so is each image of a folder of images
    (`images/<name>/Dockerfile`) with a program of its own."""
    scopes = {"."}
    deployed: set[str] = set()  # folders an image or an App Engine service is made from
    requirements: set[str] = set()
    image_sets: set[str] = set()
    listed = paths if isinstance(paths, Sequence) else list(paths)
    for path in listed:
        directory, _, name = path.rpartition("/")
        if name in MARKERS and not _is_hidden_tooling(directory):
            scopes.add(directory or ".")
            continue
        lowered = name.lower()
        if lowered in ("dockerfile", "containerfile") or lowered.startswith("dockerfile."):
            deployed.add(directory)
            if directory.rpartition("/")[0].rpartition("/")[2] in _IMAGE_SETS:
                image_sets.add(directory)
        elif lowered in _APP_ENGINE_FILES:
            deployed.add(directory)
        elif lowered.startswith("requirements") and lowered.endswith(".txt"):
            requirements.add(directory)
    services = {
        directory
        for directory in deployed & requirements
        if directory and not directory.startswith(_CI_HOMES)
    }
    if image_sets:  # (rare: `images/<name>/` folders)
        scopes.update(_own_programs(listed, image_sets, requirements))
    if services:  # (rare: the one case that needs the code files)
        scopes.update(
            directory
            for path in listed
            if (directory := path.rpartition("/")[0]) in services
            and path.lower().endswith(".py")
            and not (path.rpartition("/")[2] in MARKERS and not _is_hidden_tooling(directory))
        )
    return scopes


# Tables of a pyproject.toml that configure a linter, formatter or test runner for a subtree:
# a file of only these is settings, not a project with a Python of its own.
_TOOL_SETTINGS = frozenset(
    {
        "autopep8",
        "bandit",
        "basedpyright",
        "black",
        "codespell",
        "coverage",
        "docformatter",
        "flake8",
        "interrogate",
        "isort",
        "mypy",
        "pycln",
        "pydocstyle",
        "pylint",
        "pyright",
        "pytest",
        "refurb",
        "ruff",
        "towncrier",
        "ty",
        "vulture",
        "yapf",
    }
)


def configures_tools_only(text: str) -> bool:
    """A pyproject.toml whose every table is `[tool.X]` of a linter, formatter or test runner
    (`sdk/python/pyproject.toml` holding ruff and mypy settings for code that the root
    project packages) makes no scope. Anything else (`[project]`, `[build-system]`, a key
    before the first table, `[tool.poetry]`, `[tool.uv]`) keeps it a project marker."""
    tables = 0
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.startswith("["):
            if not tables:
                return False  # a top-level key
            continue
        name = stripped.strip("[]").split("]", 1)[0].strip().strip('"')
        parts = name.split(".", 2)
        if len(parts) < 2 or parts[0] != "tool" or parts[1].strip('"') not in _TOOL_SETTINGS:
            return False
        tables += 1
    return tables > 0


_CI_HOMES = (".github/", ".forgejo/", ".gitea/")
_WORKFLOW_FOLDERS = tuple(f"{home}workflows" for home in _CI_HOMES)


def _is_hidden_tooling(directory: str) -> bool:
    """Markers inside `.github/workflows` or test fixtures do not make a project; a package
    kept under `.github/` (an alias published beside the project) does."""
    parts = directory.split("/") if directory else []
    return directory.startswith(_WORKFLOW_FOLDERS) or any(
        part in {"fixtures", "testdata", "test_data"} for part in parts
    )


def assign(
    declarations: Sequence[Declaration], scopes: set[str], groups: Sequence[Sequence[str]] = ()
) -> list[Declaration]:
    """Set each declaration's scope; configured groups merge scopes under their first entry."""
    merged = {member: group[0] for group in groups for member in group}
    by_anchor: dict[str, str] = {}
    result = []
    for declaration in declarations:
        anchor = declaration.anchor or posixpath.dirname(declaration.file) or "."
        scope = by_anchor.get(anchor)
        if declaration.source == SCRIPT_SOURCE:
            scope = declaration.file  # a PEP 723 script is its own project
        elif anchor.startswith(OWN_SCOPE):
            scope = anchor.removeprefix(OWN_SCOPE)
        if scope is None:
            scope = nearest(anchor, scopes)
            scope = by_anchor[anchor] = merged.get(scope, scope)
        result.append(
            declaration if declaration.scope == scope else replace(declaration, scope=scope)
        )
    return result


def nearest(directory: str, scopes: set[str]) -> str:
    current = posixpath.normpath(directory) if directory not in {"", "."} else "."
    while current not in scopes:
        if current in {".", "", "/"}:
            return "."
        current = posixpath.dirname(current) or "."
    return current
