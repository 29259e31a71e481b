"""airspeed velocity: `asv.conf.json` (and `asv.<name>.conf.json`, any folder): `pythons`,
the Pythons the benchmarks are run on.

A tooling set: each entry is a tooling pin (benchmarks may run on fewer Pythons than the
tests, and never count as tested), which should still lie inside the supported range (an
`outside-range` warning at most). A value that is
not a plain version (`"python3"`, a path) is not read.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers import jsonc
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.textfile import TextFile

KIND = "asv"
_VERSION = lazy_re.compile(r"3\.\d{1,2}(?:\.\d{1,3})?")


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.startswith("asv.") and name.endswith(".conf.json")


def read(file: TextFile) -> list[Declaration]:
    root = jsonc.parse(file.text, any_escape=True)  # asv reads it with json5
    if root is None:
        return []
    if not isinstance(root, jsonc.Object):
        raise UnreadableFile("an asv configuration must be a JSON object")
    pythons = root.get("pythons")
    if not isinstance(pythons, jsonc.Array):
        return []
    found = []
    for item in pythons.items[:MAX_DECLARATIONS_PER_FILE]:
        if not isinstance(item, jsonc.String) or not item.verbatim:
            continue
        if _VERSION.fullmatch(item.value) is None:
            continue
        declaration = pin(
            file.path,
            file.span(item.start, item.end),
            item.value,
            source=KIND,
            context="asv pythons, the benchmarks' Pythons (tooling)",
            purpose=Purpose.TOOLING,
            group=f"{file.path} asv",
        )
        found.append(replace(declaration, raw=item.value))
    return found
