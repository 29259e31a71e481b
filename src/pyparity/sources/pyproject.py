"""`pyproject.toml`: `project.requires-python` and Poetry's `tool.poetry.dependencies.python`
(ranges; flit's older `[tool.flit.metadata] requires-python` where there is no `[project]`),
`Programming Language :: Python :: 3.X` classifiers of `[project]` (or of `[tool.poetry]`
where `[project]` has none, or of `[tool.flit.metadata]` where there is no `[project]`; a
declared test set), and tool targets:
`tool.ruff.target-version`, `tool.black.target-version`, `tool.mypy.python_version`,
`tool.pyright.pythonVersion`, `tool.ty.environment.python-version`, pylint's `py-version`,
ruff's `per-file-target-version` (each file's own scope); pyproject-fmt's
`max_supported_python` and `[tool.uv.dependency-groups]` `requires-python` (scopes of their
own), another tool's `python-version` (tooling), a `requires-python` outside `[project]`
(unresolved: no tool reads it); `[tool.tox]` env lists
(read by the tox reader) and `[tool.hatch.envs.<env>]` `python` and matrices (read by the
hatch reader); `[tool.pixi]` feature Pythons (read by the pixi reader); `[tool.cibuildwheel]`
`build` and `skip` (the wheels built, a set of minors)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import ABI_WHERE_SUFFICIENT, WHEEL_TESTS, Declaration, Purpose, Role, Span
from pyparity.parsers.toml_positions import dig, key_offset, load_toml, value_offset
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._cibuildwheel import tokens, wheel_declarations
from pyparity.sources._common import pin, range_declaration, unresolved
from pyparity.sources._tool_keys import PER_FILE, per_file_targets, pylint_target, pyproject_keys
from pyparity.sources.hatch import hatch_declarations
from pyparity.textfile import TextFile

KIND = "pyproject"

_CLASSIFIER = lazy_re.compile(r"^Programming Language :: Python :: (\d+\.\d+)$")
_TARGET_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tool", "ruff", "target-version"), "ruff target-version"),
    (("tool", "black", "target-version"), "black target-version"),
    (("tool", "black", "target_version"), "black target_version"),  # black reads `_` as `-`
    (("tool", "mypy", "python_version"), "mypy python_version"),
    (("tool", "pyright", "pythonVersion"), "pyright pythonVersion"),
    (("tool", "basedpyright", "pythonVersion"), "basedpyright pythonVersion"),
    (("tool", "ty", "environment", "python-version"), "ty python-version"),
    (("tool", "pyrefly", "python-version"), "pyrefly python-version"),
)


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "pyproject.toml"


def read(file: TextFile) -> list[Declaration]:
    data = load_toml(file)
    declared = [*_ranges(file, data), *_classifiers(file, data), *_targets(file, data)]
    declared += pylint_target(file, data, KIND)
    declared += per_file_targets(file, data, ("tool", "ruff", PER_FILE), KIND)
    declared += pyproject_keys(file, data, KIND)
    hatch = hatch_declarations(file, data, prefix=("tool", "hatch"), source=KIND)
    pixi = _pixi(file, data)
    wheels = [*_wheels(file, data), *_wheel_py_api(file, data), *_wheel_tests(file, data)]
    return declared + _tox(file, data) + hatch + pixi + wheels


def _wheel_tests(file: TextFile, data: dict[str, Any]) -> Iterator[Declaration]:
    """`[tool.cibuildwheel] test-command`: cibuildwheel tests each wheel it builds, so a
    workflow's build of every version the range admits tests its floor too."""
    path = ("tool", "cibuildwheel", "test-command")
    command = dig(data, path)
    commands = command if isinstance(command, list) else [command]
    if not any(isinstance(c, str) and c.strip() for c in commands):
        return
    start = key_offset(file, path)
    if start is None:
        return
    declaration = unresolved(
        file.path,
        file.span(start, start),
        "test-command",
        source=KIND,
        context="[tool.cibuildwheel] test-command",
        note=WHEEL_TESTS,
    )
    yield replace(declaration, purpose=Purpose.BUILD)


def _wheel_py_api(file: TextFile, data: dict[str, Any]) -> Iterator[Declaration]:
    """scikit-build-core's `wheel.py-api`: `cp38` tags each wheel `cp38-abi3` (the limited
    API), `py37` tags it `py37-none-<platform>` (no Python ABI at all): either way one build
    installs on that minor and every later one, a stable-ABI floor. The `cp` form applies
    only where the building CPython is that minor or newer; an older one builds a wheel of
    its own version."""
    path = ("tool", "scikit-build", "wheel", "py-api")
    value = dig(data, path)
    found = _PY_API.fullmatch(value.strip()) if isinstance(value, str) else None
    start = key_offset(file, path) if found is not None else None
    offset = value_offset(file, value, start) if start is not None else None
    if found is None or offset is None:
        return
    from pyparity.sources._stable_abi import floor

    written = value.strip()
    declaration = floor(file, offset, written, f"3.{found['minor']}", KIND)
    if written.startswith("cp"):
        # "only on CPython and if the version is sufficient, otherwise this has no effect"
        context = f"{declaration.context}, {ABI_WHERE_SUFFICIENT}"
        declaration = replace(declaration, context=context)
    yield declaration


_PY_API = lazy_re.compile(r"(?:cp|py)3(?P<minor>\d{1,2})")


def _pixi(file: TextFile, data: dict[str, Any]) -> list[Declaration]:
    """`[tool.pixi]`, read by the pixi reader, imported only when the table is there."""
    if not isinstance(dig(data, ("tool", "pixi")), dict):
        return []
    from pyparity.sources.pixi import pixi_declarations

    return pixi_declarations(file, data, prefix=("tool", "pixi"))


def _tox(file: TextFile, data: dict[str, Any]) -> list[Declaration]:
    """`[tool.tox]`; the tox reader (and its INI parser) is imported only for a file that
    has the table: most do not."""
    tool = data.get("tool")
    if not isinstance(tool, dict) or not isinstance(tool.get("tox"), dict):
        return []
    from pyparity.sources.tox import tox_declarations

    return tox_declarations(file, data)


_FLIT = ("tool", "flit", "metadata")
"""flit's own metadata table, from before PEP 621: flit_core reads it where `[project]` is
absent."""


def _ranges(file: TextFile, data: dict[str, Any]) -> Iterator[Declaration]:
    flit = () if isinstance(data.get("project"), dict) else ((*_FLIT, "requires-python"),)
    for path, dialect, context in (
        (("project", "requires-python"), "pep440", "requires-python"),
        (("tool", "poetry", "dependencies", "python"), "poetry", "tool.poetry python"),
        *((path, "pep440", "tool.flit.metadata requires-python") for path in flit),
    ):
        value = dig(data, path)
        if isinstance(value, str):
            span = _value_span(file, path, value)
            yield range_declaration(
                file.path, span, value, source=KIND, dialect=dialect, context=context
            )


def _classifiers(file: TextFile, data: dict[str, Any]) -> Iterator[Declaration]:
    """`[project] classifiers`, or Poetry's own `[tool.poetry] classifiers` (one list: Poetry
    2 reads the latter only where the former is absent)."""
    path: tuple[str, ...] = ("project", "classifiers")
    classifiers = dig(data, path)
    if not isinstance(classifiers, list):
        path = ("tool", "poetry", "classifiers")
        classifiers = dig(data, path)
    if not isinstance(classifiers, list) and not isinstance(data.get("project"), dict):
        path = (*_FLIT, "classifiers")
        classifiers = dig(data, path)
    if not isinstance(classifiers, list):
        return
    start = key_offset(file, path) or 0
    for classifier in classifiers:
        match = _CLASSIFIER.match(classifier) if isinstance(classifier, str) else None
        if match is None:
            continue
        offset = value_offset(file, classifier, start)
        if offset is None:
            continue
        start = offset + len(classifier)
        version_at = offset + match.start(1)
        yield pin(
            file.path,
            file.span(version_at, version_at + len(match[1])),
            match[1],
            source=KIND,
            context="classifiers",
            role=Role.MATRIX,
            group=f"{file.path} classifiers",
        )


def _targets(file: TextFile, data: dict[str, Any]) -> Iterator[Declaration]:
    for path, context in _TARGET_KEYS:
        value = dig(data, path)
        values = value if isinstance(value, list) else [value]
        if not any(isinstance(item, str) for item in values):
            continue  # (most tools are not configured: no place to look up)
        start = key_offset(file, path) or 0
        for item in values:
            if not isinstance(item, str):
                continue
            offset = value_offset(file, item, start)
            if offset is None:
                continue
            start = offset + len(item)
            declaration = pin(
                file.path,
                file.span(offset, offset + len(item)),
                _target_version(item),
                source=KIND,
                context=context,
                role=Role.TARGET,
                group=f"{file.path} {context}" if len(values) > 1 else "",
            )
            yield replace(declaration, raw=item)


def _target_version(text: str) -> str:
    """`py311` (ruff, black) -> `3.11`; `3.11` stays."""
    match = re.fullmatch(r"py(\d)(\d+)", text.strip().lower())
    return f"{match[1]}.{match[2]}" if match else text


def _value_span(file: TextFile, path: tuple[str, ...], value: str) -> Span:
    start = key_offset(file, path)
    offset = value_offset(file, value, start or 0) if start is not None else None
    if offset is None:
        return file.span(0, 0)
    return file.span(offset, offset + len(value))


def _wheels(file: TextFile, data: dict[str, Any]) -> Iterator[Declaration]:
    path = ("tool", "cibuildwheel", "build")
    value = dig(data, path)
    items = value if isinstance(value, list) else [value]
    start = key_offset(file, path)
    if start is None:
        return
    build = []
    for item in items:
        offset = value_offset(file, item, start) if isinstance(item, str) else None
        if not isinstance(item, str) or offset is None:
            continue
        start = offset + len(item)
        build += [(t, file.span(at, at + len(t))) for t, at in tokens(item, offset)]
        if len(build) > MAX_DECLARATIONS_PER_FILE:  # each pattern declares a version or more
            raise UnreadableFile(
                f"tool.cibuildwheel.build has more than {MAX_DECLARATIONS_PER_FILE} patterns; "
                "not read"
            )
    skip = dig(data, ("tool", "cibuildwheel", "skip"))
    requires = dig(data, ("project", "requires-python"))
    yield from wheel_declarations(
        file.path,
        tuple(build),
        skip=" ".join(map(str, skip)) if isinstance(skip, list) else str(skip or ""),
        requires_python=requires if isinstance(requires, str) else "",
        source=KIND,
    )
