"""Hatch environments: `hatch.toml` (`[envs.<env>]`) and `[tool.hatch.envs.<env>]` in
`pyproject.toml` (read by the pyproject reader).

Reads each environment's `python` (a pin) and the `python` / `py` lists of its
`[[envs.<env>.matrix]]` tables (a declared test set, one group per environment). A lint,
docs, style, types or fmt environment's Python is tooling: it runs tools, not the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.toml_positions import (
    dig,
    key_offset,
    key_offsets,
    load_toml,
    value_offset,
)
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.textfile import TextFile

KIND = "hatch"
HATCH_GROUP = " hatch "


# `types` runs mypy, but under whichever Python hatch picks: what mypy checks against is
# `[tool.mypy] python_version` (target-mismatch), so the env's own Python is a tool's.
@cache
def _tooling_env_re() -> re.Pattern[str]:
    return re.compile(r"^(lint(ing)?|docs?|style|types?|typing|fmt|format(ting)?)$", re.IGNORECASE)


_MATRIX_KEYS = ("python", "py")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "hatch.toml"


def read(file: TextFile) -> list[Declaration]:
    return hatch_declarations(file, load_toml(file), prefix=(), source=KIND)


def hatch_declarations(
    file: TextFile, data: dict[str, Any], *, prefix: tuple[str, ...], source: str
) -> list[Declaration]:
    """The pins and matrices of `<prefix>.envs`; `prefix` is `("tool", "hatch")` in
    pyproject.toml and empty in hatch.toml."""
    envs = dig(data, (*prefix, "envs"))
    if not isinstance(envs, dict):
        return []
    declared: list[Declaration] = []
    for name, env in envs.items():
        if isinstance(env, dict):
            table = (*prefix, "envs", name)
            purpose = Purpose.TOOLING if _tooling_env_re().match(name) else None
            declared += _env_python(file, table, env, purpose, source)
            declared += _matrices(file, table, env, purpose, source)
            if len(declared) > MAX_DECLARATIONS_PER_FILE:  # stop: it is a parse-error anyway
                raise UnreadableFile(
                    f"declares more than {MAX_DECLARATIONS_PER_FILE} versions; more than that "
                    "is not a real configuration, so none of them is used"
                )
    return declared


def _env_python(
    file: TextFile,
    table: tuple[str, ...],
    env: dict[str, Any],
    purpose: Purpose | None,
    source: str,
) -> Iterator[Declaration]:
    value = env.get("python")
    start = key_offset(file, (*table, "python"))
    if not isinstance(value, str) or start is None:
        return
    offset = value_offset(file, value, start)
    if offset is None:
        return
    declaration = pin(
        file.path,
        file.span(offset, offset + len(value)),
        _dotted(value),
        source=source,
        context=_context(table[-1], "python", purpose),
        purpose=purpose,
    )
    yield replace(declaration, raw=value)


def _dotted(version: str) -> str:
    """Hatch's `"310"` (its first project template's matrix spelling) is 3.10."""
    found = _UNDOTTED.fullmatch(version.strip())
    return f"3.{found[1]}" if found else version


_UNDOTTED = lazy_re.compile(r"3(\d{1,2})")


def _matrices(
    file: TextFile,
    table: tuple[str, ...],
    env: dict[str, Any],
    purpose: Purpose | None,
    source: str,
) -> Iterator[Declaration]:
    matrices = env.get("matrix")
    if not isinstance(matrices, list):
        return
    name = table[-1]
    key_offsets = iter(_python_key_offsets(file, (*table, "matrix")))
    cursor = key_offset(file, (*table, "matrix")) or 0
    for matrix in matrices:
        versions = _matrix_versions(matrix)
        if versions is None:
            continue
        cursor = next(key_offsets, cursor)
        for version in versions:
            offset = value_offset(file, version, cursor)
            if offset is None:
                continue
            cursor = offset + len(version)
            declaration = pin(
                file.path,
                file.span(offset, offset + len(version)),
                _dotted(version),
                source=source,
                context=_context(name, "matrix", purpose),
                purpose=purpose,
                role=Role.MATRIX,
                group=f"{file.path}{HATCH_GROUP}{name}",
            )
            yield replace(declaration, raw=version)


def _matrix_versions(matrix: object) -> list[str] | None:
    if not isinstance(matrix, dict):
        return None
    for key in _MATRIX_KEYS:
        values = matrix.get(key)
        if isinstance(values, list):
            return [v for v in values if isinstance(v, str)]
    return None


def _python_key_offsets(file: TextFile, matrix_table: tuple[str, ...]) -> list[int]:
    """Where each `[[...matrix]]` table's `python =` (or `py =`) value starts, in order."""
    return key_offsets(file, matrix_table, set(_MATRIX_KEYS))


def _context(env: str, what: str, purpose: Purpose | None) -> str:
    context = f"hatch env {env} {what}"
    if purpose is Purpose.TOOLING:
        context += ", tooling: a lint, docs or types environment"
    return context
