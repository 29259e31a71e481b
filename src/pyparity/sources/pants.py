"""Pants builds: `pants.toml` (and `pants.<name>.toml`, the overrides a CI run adds), at the
root of the build. `[python] interpreter_constraints` is the range of Pythons every Python
target of the repository is built and tested for, as `requires-python` is: one constraint,
`CPython>=3.10,<3.13` or `==3.12.*`, is the range. Pants fills `%(name)s` from the file's
`[DEFAULT]` table (StackStorm keeps its range there); the range is reported where the
version is written. Several constraints are a union pyparity does not compare (unresolved),
and so is a constraint on another interpreter (`PyPy>=3.9`) or one that names what only the
machine knows (`%(env.PYTHON)s`).
"""

from __future__ import annotations

from typing import Any

from pyparity import lazy_re
from pyparity.model import Declaration, Span
from pyparity.parsers.toml_positions import dig, key_offset, load_toml, value_offset
from pyparity.sources._common import range_declaration, unresolved
from pyparity.textfile import TextFile

KIND = "pants"
CONTEXT = "pants [python] interpreter_constraints"

_CONSTRAINT = lazy_re.compile(r"(?:CPython)?[ \t]*+(?P<specifier>(?:[<>=!~][^,]*+(?:,[ \t]*+)?)++)")
_INTERPOLATION = lazy_re.compile(r"%\((?P<name>[^()]*+)\)s")


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "pants.toml" or (name.startswith("pants.") and name.endswith(".toml"))


def read(file: TextFile) -> list[Declaration]:
    if "interpreter_constraints" not in file.text:
        return []
    data = load_toml(file)
    constraints = dig(data, ("python", "interpreter_constraints"))
    if not isinstance(constraints, list) or not constraints:
        return []
    start = key_offset(file, ("python", "interpreter_constraints")) or 0
    written = constraints[0]
    if not isinstance(written, str):
        return []
    span = _span(file, written, start)
    if len(constraints) > 1:
        note = f"{len(constraints)} constraints, any of which a target may use"
        return [_unresolved(file, span, written, note)]
    value, where = _interpolated(file, data, written, span)
    if value is None:
        return [_unresolved(file, span, written, "a value only the machine knows")]
    constraint = _CONSTRAINT.fullmatch(value.strip())
    if constraint is None:
        return [_unresolved(file, where, value, "not a constraint on CPython")]
    specifier = "".join(constraint["specifier"].split()).rstrip(",")
    return [range_declaration(file.path, where, specifier, source=KIND, context=CONTEXT)]


def _interpolated(
    file: TextFile, data: dict[str, Any], written: str, span: Span
) -> tuple[str | None, Span]:
    """The constraint with `%(name)s` filled from `[DEFAULT]`, and where its text is written
    (the default's string when the whole constraint is one); None if a name has no value."""
    references = list(_INTERPOLATION.finditer(written))
    if not references:
        return written, span
    defaults = data.get("DEFAULT")
    values = []
    for reference in references:
        value = defaults.get(reference["name"]) if isinstance(defaults, dict) else None
        if not isinstance(value, str) or "%(" in value:
            return None, span
        values.append(value)
    if len(references) == 1 and references[0].group() == written:
        start = key_offset(file, ("DEFAULT", references[0]["name"])) or 0
        return values[0], _span(file, values[0], start)
    filled = _INTERPOLATION.sub(lambda _: values.pop(0), written)
    return filled, span


def _span(file: TextFile, value: str, start: int) -> Span:
    offset = value_offset(file, value, start)
    return file.span(offset, offset + len(value)) if offset is not None else file.span(0, 0)


def _unresolved(file: TextFile, span: Span, written: str, note: str) -> Declaration:
    return unresolved(file.path, span, written, source=KIND, context=CONTEXT, note=note)
