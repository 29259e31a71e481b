"""pixi manifests: `pixi.toml` (any folder) and `[tool.pixi]` in `pyproject.toml` (read by
the pyproject reader).

Reads the `python` (and `python-freethreading`) dependency of the default feature
(`[dependencies]`) and of each feature (`[feature.<name>.dependencies]`, platform targets
included). Each environment runs one Python, so together they are a set (like a CI matrix),
never pins that must agree: each entry is a `matrix` entry of the file's pixi set. An
entry's purpose comes from the environments made of its feature (`[environments]`): runtime
where one of them tests (a `test` feature or environment, a task that runs pytest, tox or
nox), tooling where all of them only lint, build or write docs, else unknown. A spelling of
one minor (`=3.12`, `3.12.*`, `~=3.12.0`, `==3.12.4`) is read; a range (`>=3.10`) lets the
solver pick the newest Python it admits and is listed as unresolved; `*` declares nothing.

`environment_python` answers, for a workflow that runs `pixi run -e <env>`, which Python
that environment gets (the last of its features that sets one, as pixi merges features).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import tomli

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role, Span
from pyparity.parsers.toml_positions import dig, key_offset, load_toml, value_offset
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import record, replace
from pyparity.sources._common import PIXI_NOTE, pin, resolved_link, unresolved
from pyparity.textfile import TextFile

KIND = "pixi"
GROUP = "pixi environments"
DEFAULT = "default"
_PACKAGES = {"python": "", "python-freethreading": "t"}
# `=3.12`, `==3.12`, `3.12`, `3.12.*`, `=3.12.*`, `~=3.12.0`, `3.12.4`, `==3.12.4`: one
# minor. Linear: each part starts with a character the one before cannot hold.
_ONE_MINOR = lazy_re.compile(
    r"^(?:~=(?P<compatible>\d+\.\d+)\.\d+|(?:==?)?(?P<version>\d+\.\d+(?:\.\d+)?)(?:\.\*)?)$"
)
_TOOLING = lazy_re.compile(
    r"(?:^|[-_])(?:lint(?:ing)?|docs?|build|style|fmt|format|pre-?commit|release|publish)"
    r"(?:$|[-_])",
    re.IGNORECASE,
)
_TESTS = lazy_re.compile(r"\b(?:pytest|tox|nox|unittest)\b")
_MAX_FEATURES = 500


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "pixi.toml"


def read(file: TextFile) -> list[Declaration]:
    return pixi_declarations(file, load_toml(file), prefix=())


@record
class _Python:
    """One feature's `python` dependency: where it is written and what it says."""

    feature: str
    table: tuple[str, ...]
    package: str
    spec: str


def pixi_declarations(
    file: TextFile, data: dict[str, Any], *, prefix: tuple[str, ...]
) -> list[Declaration]:
    """The Pythons of `<prefix>` (empty in pixi.toml, `("tool", "pixi")` in pyproject.toml)."""
    manifest = dig(data, prefix) if prefix else data
    if not isinstance(manifest, dict):
        return []
    pythons = list(_pythons(manifest, prefix))
    if len(pythons) > MAX_DECLARATIONS_PER_FILE:
        raise UnreadableFile(f"pixi sets python more than {MAX_DECLARATIONS_PER_FILE} times")
    environments = _environments(manifest)
    tests = _Tests(manifest, environments)
    declarations = []
    for found in pythons:
        declaration = _declaration(file, found, _purpose(found.feature, environments, tests))
        if declaration is not None:
            declarations.append(declaration)
    return declarations


def _pythons(manifest: dict[str, Any], prefix: tuple[str, ...]) -> Iterator[_Python]:
    features = manifest.get("feature")
    named = list(features.items())[:_MAX_FEATURES] if isinstance(features, dict) else []
    for feature, table, body in [(DEFAULT, prefix, manifest)] + [
        (name, (*prefix, "feature", name), body) for name, body in named
    ]:
        if not isinstance(body, dict):
            continue
        yield from _feature_pythons(feature, table, body)


def _feature_pythons(
    feature: str, table: tuple[str, ...], body: dict[str, Any]
) -> Iterator[_Python]:
    """`dependencies.python`, then each `target.<platform>.dependencies.python`."""
    places = [(table, body)]
    targets = body.get("target")
    if isinstance(targets, dict):
        places += [
            ((*table, "target", platform), target)
            for platform, target in list(targets.items())[:_MAX_FEATURES]
            if isinstance(target, dict)
        ]
    for where, holder in places:
        dependencies = holder.get("dependencies")
        if not isinstance(dependencies, dict):
            continue
        for package in _PACKAGES:
            spec = dependencies.get(package)
            if isinstance(spec, dict):  # `python = { version = "3.12.*" }`
                spec = spec.get("version")
            if isinstance(spec, str):
                yield _Python(
                    feature=feature, table=(*where, "dependencies"), package=package, spec=spec
                )


def _environments(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Environment name -> its features (the default feature first unless left out)."""
    declared = manifest.get("environments")
    environments: dict[str, list[str]] = {}
    items = list(declared.items())[:_MAX_FEATURES] if isinstance(declared, dict) else []
    for name, value in items:
        if isinstance(value, list):
            features, default = value, True
        elif isinstance(value, dict):
            features = value.get("features", [])
            default = value.get("no-default-feature") is not True
        else:
            continue
        if isinstance(features, list):
            listed = [f for f in features if isinstance(f, str)]
            environments[name] = ([DEFAULT] if default else []) + listed
    environments.setdefault(DEFAULT, [DEFAULT])
    return environments


def environment_python(manifest: dict[str, Any], environment: str) -> str | None:
    """The `python` spec an environment gets: of its features, the last that sets one (a
    feature's Python overrides the default feature's); None when none does."""
    features = _environments(manifest).get(environment)
    if features is None:
        return None
    found = None
    for feature in features:
        body = manifest if feature == DEFAULT else dig(manifest, ("feature", feature))
        if isinstance(body, dict):
            for python in _feature_pythons(feature, (), body):
                if python.spec.strip() != "*":
                    found = _as_version(python)
                    break
    return found


@lru_cache(maxsize=4)
def load_manifest(text: str, *, pyproject: bool) -> dict[str, Any] | None:
    """The pixi manifest of a file's text (`[tool.pixi]` of a pyproject.toml); None when the
    text is no TOML or holds none. Cached: every pixi link of a repository reads it."""
    try:
        data = tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError):
        return None
    manifest = dig(data, ("tool", "pixi")) if pyproject else data
    return manifest if isinstance(manifest, dict) else None


def _as_version(python: _Python) -> str:
    """`3.12` (`3.12t` for free-threading) for one minor, else the spec as written."""
    match = _ONE_MINOR.match(python.spec.strip())
    if match is None:
        return python.spec.strip()
    version = match["compatible"] or match["version"]
    return version + _PACKAGES[python.package] if python.package != "python" else version


def _purpose(
    feature: str, environments: dict[str, list[str]], tests: _Tests
) -> tuple[Purpose, str]:
    using = [name for name, features in environments.items() if feature in features]
    if not using and feature != DEFAULT:
        using = [feature]
    if any(tests.environment(name, environments.get(name, [feature])) for name in using):
        return Purpose.RUNTIME, "a pixi environment that runs the tests"
    if using and all(_TOOLING.search(name) for name in using):
        return Purpose.TOOLING, "a pixi environment that only lints, builds or writes docs"
    return Purpose.UNKNOWN, "a pixi environment whose use cannot be told"


class _Tests:
    """Which environments run the tests (a `test` feature or name, a task that runs pytest,
    tox or nox); each feature's tasks are searched once."""

    def __init__(self, manifest: dict[str, Any], environments: dict[str, list[str]]) -> None:
        self.manifest = manifest
        self.environments = environments
        self.features: dict[str, bool] = {}
        self.named: dict[str, bool] = {}

    def environment(self, name: str, features: list[str]) -> bool:
        if name not in self.named:
            self.named[name] = (
                "test" in name.lower()
                or any("test" in f.lower() for f in features if f != DEFAULT)
                or any(self.feature(f) for f in features)
            )
        return self.named[name]

    def feature(self, feature: str) -> bool:
        if feature not in self.features:
            manifest = self.manifest
            body = manifest if feature == DEFAULT else dig(manifest, ("feature", feature))
            tasks = body.get("tasks") if isinstance(body, dict) else None
            self.features[feature] = isinstance(tasks, dict) and bool(
                _TESTS.search(repr(list(tasks.values())[:_MAX_FEATURES]))
            )
        return self.features[feature]


def _declaration(
    file: TextFile, python: _Python, purpose: tuple[Purpose, str]
) -> Declaration | None:
    spec = python.spec.strip()
    if not spec or spec == "*":
        return None
    span = _span(file, (*python.table, python.package), python.spec)
    what = "pixi" if python.feature == DEFAULT else f"pixi feature {python.feature}"
    context = f"{what} {python.package}, {purpose[0].value}: {purpose[1]}"
    if _ONE_MINOR.match(spec) is None:
        found = unresolved(
            file.path,
            span,
            python.spec,
            source=KIND,
            context=context,
            note=f"a range ({spec}): pixi's solver picks the newest Python it admits",
        )
        return replace(found, purpose=purpose[0])
    made = pin(
        file.path,
        span,
        _as_version(python),
        source=KIND,
        context=context,
        purpose=purpose[0],
        role=Role.MATRIX,
        group=f"{file.path} {GROUP}",
    )
    return replace(made, raw=python.spec)


def _span(file: TextFile, path: tuple[str, ...], value: str) -> Span:
    start = key_offset(file, path)
    offset = value_offset(file, value, start) if start is not None else None
    if offset is None:
        return file.span(start or 0, start or 0)
    return file.span(offset, offset + len(value))


_MANIFESTS = ("pixi.toml", "pyproject.toml")


def linked(
    declaration: Declaration, read_text: Callable[[str], TextFile | None]
) -> Declaration | None:
    """A workflow's `pixi-env:<manifest>#<environment>` link, resolved: a pin (a matrix entry
    when the job runs several environments) of that environment's Python at the workflow's
    line, or the link with a note that says why it cannot be. An environment that sets no
    Python declares none: None. A job whose purpose its commands do not show (`pixi run -e
    py312 test-ci` names a task) takes the environment's (a `test` feature: runtime)."""
    manifest_path, _, environment = declaration.note.removeprefix(PIXI_NOTE).rpartition("#")
    if "${{" in environment:
        return replace(
            declaration, note=f"pixi environment {environment}: cannot be known statically"
        )
    found = _manifest(manifest_path, read_text)
    if found is None:
        where = manifest_path or "pixi.toml or [tool.pixi] in pyproject.toml"
        return replace(declaration, note=f"pixi environment {environment}: no manifest ({where})")
    path, manifest = found
    environments = _environments(manifest)
    if environment not in environments:
        return replace(
            declaration, note=f"pixi environment {environment} is not one {path} declares"
        )
    spec = environment_python(manifest, environment)
    if spec is None:
        return None
    if _ONE_MINOR.match(spec) is None and not _FREE_THREADED.match(spec):
        return replace(
            declaration,
            note=f"pixi environment {environment} of {path} takes python {spec}: "
            "its solver picks the newest it admits",
        )
    context = declaration.context
    purpose = declaration.purpose
    if purpose in (None, Purpose.UNKNOWN):
        purpose, why = _environment_purpose(environment, environments, manifest)
        context = f"{context.rpartition(', unknown: ')[0] or context}, {purpose.value}: {why}"
    return resolved_link(
        declaration,
        spec,
        shown=f"{environment} (python {spec})",
        context=f"{context}, {environment} of {path}",
        purpose=purpose,
    )


def _environment_purpose(
    environment: str, environments: dict[str, list[str]], manifest: dict[str, Any]
) -> tuple[Purpose, str]:
    if _Tests(manifest, environments).environment(environment, environments[environment]):
        return Purpose.RUNTIME, f"pixi environment {environment} runs the tests"
    if _TOOLING.search(environment):
        return Purpose.TOOLING, f"pixi environment {environment} only lints, builds or writes docs"
    return Purpose.UNKNOWN, f"the use of pixi environment {environment} cannot be told"


_FREE_THREADED = lazy_re.compile(r"^\d+\.\d+t$")


def _manifest(
    named: str, read_text: Callable[[str], TextFile | None]
) -> tuple[str, dict[str, Any]] | None:
    for path in (named,) if named else _MANIFESTS:
        file = read_text(path)
        manifest = (
            load_manifest(file.text, pyproject=path.endswith("pyproject.toml")) if file else None
        )
        if manifest is not None:
            return path, manifest
    return None
