"""pre-commit: `.pre-commit-config.yaml` (any folder), `default_language_version.python`.

`python3.11` pins 3.11 for the hooks' environments, `python3` and `python` float, `pypy3.10`
is PyPy. A tooling pin: hooks may run on another Python than the project, but the one named
should still lie inside the supported range.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, compose
from pyparity.sources._common import pin_requirement
from pyparity.sources._yaml_values import scalar_at, scalar_pin
from pyparity.textfile import TextFile

KIND = "pre-commit"
CONTEXT = "pre-commit default_language_version"
_NAMES = frozenset({".pre-commit-config.yaml", ".pre-commit-config.yml"})
_INTERPRETER = re.compile(
    r"^(?P<dir>.*[/\\])?(?P<name>python|pypy|py)(?P<version>\d++(?:\.\d++)*+)?(?:\.exe)?$",
    re.IGNORECASE,
)


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in _NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a pre-commit config must be a mapping", line=root.span.line)
    scalar = scalar_at(root, "default_language_version", "python")
    if scalar is None:
        return []
    match = _INTERPRETER.match(scalar.text.strip())
    if match is None or match["name"].lower() == "py":
        return []
    implementation = "pypy" if match["name"].lower() == "pypy" else ""
    requirement = pin_requirement(f"{implementation}{match['version'] or '3'}")
    prefix = "" if requirement.floating else (match["dir"] or "") + match["name"]
    declaration = scalar_pin(
        file, scalar, source=KIND, context=CONTEXT, purpose=Purpose.TOOLING, prefix=prefix
    )
    role = Role.FLOATING if requirement.floating else Role.PIN
    return [replace(declaration, raw=scalar.text.strip(), requirement=requirement, role=role)]
