"""Stable-ABI floors: the oldest CPython a limited-API (`abi3`) wheel is built for.

A wheel tagged `cp311-abi3` installs on 3.11 and every later CPython, so its floor is a
target of the build: read with `Role.TARGET` and the context `stable-abi ...`.
`target-mismatch` reports one only above the supported range's floor (the wheel refuses
Pythons the range admits); below it, the wheel merely claims more than the range, which
is harmless.

Written as `py_limited_api = cp39` / `--py-limited-api=cp39` (setuptools' bdist_wheel) or
`EXTENSION_HELPERS_PY_LIMITED_API: 'cp311'` (extension-helpers) in a CI file's text;
pyo3's `abi3-py310` feature is read by `pyparity.sources.cargo`.
"""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.model import STABLE_ABI, Declaration, Role
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.textfile import TextFile

CONTEXT = STABLE_ABI
_SETTING = lazy_re.compile(
    r"\b(?:EXTENSION_HELPERS_PY_LIMITED_API|py[-_]limited[-_]api)"
    r"""["']?+[ \t]*+[:=]?+[ \t]*+["']?+(?P<tag>cp3(?P<minor>\d{1,2}))\b""",
    re.IGNORECASE,
)


def text_floors(file: TextFile, source: str) -> list[Declaration]:
    """Each limited-API setting in the file's text, outside comments."""
    found = []
    for match in _SETTING.finditer(file.text):
        line_start = file.text.rfind("\n", 0, match.start()) + 1
        if file.text[line_start : match.start()].lstrip().startswith("#"):
            continue
        found.append(floor(file, match.start("tag"), match["tag"], f"3.{match['minor']}", source))
    return found


def floor(file: TextFile, start: int, written: str, version: str, source: str) -> Declaration:
    declaration = pin(
        file.path,
        file.span(start, start + len(written)),
        version,
        source=source,
        context=f"{CONTEXT} floor",
        role=Role.TARGET,
    )
    return replace(declaration, raw=written)
