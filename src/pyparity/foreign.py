"""Trees that are not the project's own: test data, examples, templates and
vendored code. Their declaring files belong to no scope and are not compared: a fixture
`pyproject.toml` that says `>=3.4` is data for a test, not the project's floor, and an
example's Dockerfile is a suggestion to users, not the runtime.

A Dockerfile in such a tree that the project's own CI or compose file builds (`docker build
-f tests/Dockerfile .`, `build: ./tests/docker`) is the image its tests run in: it is kept.
`include` globs in the configuration take any other back. A declaring file that cannot be
parsed because it is a Jinja template (`jinja_template`) is left out as a template too
(`check.py`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from pyparity import lazy_re
from pyparity.discover import excluded
from pyparity.model import LeftOut

TESTS = "test suite"
TEST_DATA = "test data"
EXAMPLE = "example"
TEMPLATE = "project template"
VENDORED = "vendored"
PACKAGE_PART = "part of an import package"

_TEST_DATA_FOLDERS = frozenset(
    {"fixtures", "fixture", "__fixtures__", "testdata", "test_data", "test-data", "testprojects"}
)
_DATA_FOLDERS = frozenset({"data", "resources", "assets", "files", "projects", "packages"})
_TEST_FOLDERS = frozenset(
    {
        "tests",
        "test",
        "testing",
        "itest",
        "itests",
        "integration-tests",
        "integration_tests",
        "e2e",
        "e2e-tests",
        "e2e_tests",
    }
)
_TEST_DATA_WORDS = frozenset(
    {"crates", "projects", "packages", "data", "apps", "repos", "fixtures", "cases", "resources"}
)
_EXAMPLE_WORDS = frozenset(
    {"example", "examples", "sample", "samples", "demo", "demos", "tutorial", "tutorials"}
)
_TEMPLATE_WORDS = frozenset({"template", "templates"})
_VENDORED_FOLDERS = frozenset(
    {
        "vendor",
        "vendored",
        "_vendor",
        "_vendored",
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
    }
)
_WORD = lazy_re.compile(r"[a-z0-9]+")
_CI_FOLDERS = frozenset(
    {
        "azure-pipelines",
        ".azure-pipelines",
        "azure_pipelines",
        ".azure_pipelines",
        ".azuredevops",
        ".pipelines",
        "eng",
        "ci",
        ".ci",
        ".gitlab",
        ".circleci",
    }
)
"""Folders of CI configuration: a `templates/` folder in one holds the pipeline's templates
(Azure's `eng/templates/jobs/ci-tests.yml`), not a template of a project to generate."""


def reason(path: str) -> str | None:
    """Why the file at `path` is not the project's own, or None when it is. A test suite's
    own folder (`tests/`) is `TESTS`: its declaring files are test material, its code is
    the project's (the code scan reads it); data, examples and templates inside it are not."""
    in_tests = ci = False
    in_github = path.startswith(".github/")  # (its `template-setup-e2e-test/` is CI's own)
    for folder in path.split("/")[:-1]:
        lowered = folder.lower()
        words = _WORD.findall(lowered)
        if "{{" in folder or "{%" in folder:
            return TEMPLATE
        if lowered in _VENDORED_FOLDERS:
            return VENDORED
        if lowered in _TEST_DATA_FOLDERS or (in_tests and lowered in _DATA_FOLDERS):
            return TEST_DATA
        if words and words[0] in _TEST_FOLDERS and _TEST_DATA_WORDS.intersection(words[1:]):
            return TEST_DATA  # test-crates/, test_projects/
        if _EXAMPLE_WORDS.intersection(words):
            return EXAMPLE
        if (
            _TEMPLATE_WORDS.intersection(words)
            and not (ci and lowered in _TEMPLATE_WORDS)
            and not in_github
        ):
            return TEMPLATE
        in_tests = in_tests or lowered in _TEST_FOLDERS
        ci = ci or lowered in _CI_FOLDERS
    return TESTS if in_tests else None


# A line that opens with a Jinja statement tag (`{% if x %}`, `{%- set y = 1 %}`): no YAML,
# TOML or JSON file has one, a template rendered into one does.
_JINJA_STATEMENT = lazy_re.compile(r"^[ \t]*+\{%", re.MULTILINE)


# A placeholder (`{{project_name}}` of a Django project template, `{{ cookiecutter.slug }}`,
# Helm's `{{ .Values.image }}`), not a GitHub or GitLab expression (`${{ ... }}`).
_PLACEHOLDER = lazy_re.compile(r"(?<![$\w])\{\{[ \t]*+\.?[A-Za-z_][\w.]*+[ \t]*+\}\}")


def jinja_template(text: str) -> bool:
    """Is this text (a file that did not parse) a template: a line opening with a Jinja
    statement (`{%`), or a `{{ name }}` placeholder?"""
    return _JINJA_STATEMENT.search(text) is not None or _PLACEHOLDER.search(text) is not None


def split(
    paths: Iterable[str], include: tuple[str, ...], templates: tuple[str, ...] = ()
) -> tuple[list[str], list[LeftOut]]:
    """The paths that are the project's own (or taken back by `include` globs), and the rest.
    `templates`: folders (ending in `/`) that are a project template's payload
    (`copier_payloads`)."""
    own: list[str] = []
    left_out: list[LeftOut] = []
    for path in paths:
        why = TEMPLATE if templates and path.startswith(templates) else reason(path)
        if why is None or (include and excluded(path, include)):
            own.append(path)
        else:
            left_out.append(LeftOut(file=path, reason=why))
    return own, left_out


@cache
def _build_line_re() -> re.Pattern[str]:
    return re.compile(r"docker|podman|buildah|build|context|dockerfile|file:", re.IGNORECASE)


@cache
def _path_token_re() -> re.Pattern[str]:
    return re.compile(r"[\w.@+-]++(?:/[\w.@+-]++)*+/?")


def built_paths(texts: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Paths that the project's own CI, compose and task files name on a line about building
    (`docker build -f tests/Dockerfile .`, `context: ./tests/app`): path -> `file:line`. A
    relative path is taken both from the root and from the naming file's folder."""
    named: dict[str, str] = {}
    for file, text in texts:
        folder = posixpath.dirname(file)
        for number, line in enumerate(text.splitlines(), 1):
            if not _build_line_re().search(line):
                continue
            for token in _path_token_re().findall(line):
                token = token.rstrip("/")
                for base in {"", folder}:
                    path = posixpath.normpath(posixpath.join(base, token)) if token else ""
                    if path and not path.startswith(".."):
                        named.setdefault(path, f"{file}:{number}")
    return named


def builder(dockerfile: str, named: dict[str, str]) -> str | None:
    """Where the project builds `dockerfile`: its path named, or (for a file called
    `Dockerfile`) its folder named as a build context."""
    if dockerfile in named:
        return named[dockerfile]
    folder, _, name = dockerfile.rpartition("/")
    return named.get(folder) if name.lower() == "dockerfile" and folder else None


def built_from_its_folder(dockerfile: str, named: dict[str, str]) -> bool:
    """Is `dockerfile` built only with its own folder as the context (`context: test/server`)?
    Then the image holds nothing of the tree outside that folder."""
    folder, _, name = dockerfile.rpartition("/")
    return dockerfile not in named and name.lower() == "dockerfile" and folder in named


_COPIER_FILES = frozenset({"copier.yml", "copier.yaml"})


def copier_payloads(listed: Sequence[str], read: Callable[[str], bytes]) -> tuple[str, ...]:
    """The folders (each ending in `/`) that copier templates of this tree render projects
    from: a `copier.yml` whose `_subdirectory` names one (`project`, `template`). Their files
    describe the projects made from the template, not this repository: the template's
    `pyproject.toml`, a link to a script that exists only once rendered (`make ->
    make.py`, from `make.py.jinja`)."""
    if "copier.y" not in "\n".join(listed):  # (one search of the listing, not a test a file)
        return ()
    folders = []
    for path in listed:
        if path.rpartition("/")[2] not in _COPIER_FILES:
            continue
        subdirectory = _copier_subdirectory(path, read)
        if subdirectory:
            folders.append(posixpath.join(posixpath.dirname(path), subdirectory) + "/")
    return tuple(folders)


def _copier_subdirectory(path: str, read: Callable[[str], bytes]) -> str:
    """The relative folder `_subdirectory` names in a copier configuration; "" for none, an
    expression, or a path out of its folder."""
    from pyparity.errors import UnreadableFile
    from pyparity.parsers.yaml_nodes import Mapping, compose_all

    try:
        documents = compose_all(read(path).decode("utf-8-sig"))
    except (UnreadableFile, UnicodeDecodeError, OSError):
        return ""
    for document in documents:
        value = document.scalar("_subdirectory") if isinstance(document, Mapping) else None
        if value is None:
            continue
        folder = value.text.strip().strip("/").removeprefix("./")
        parts = folder.split("/")
        if not folder or "{" in folder or "\\" in folder or {".", "..", ""} & set(parts):
            return ""
        return folder
    return ""
