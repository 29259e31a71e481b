"""Snaps: `snapcraft.yaml`, `.snapcraft.yaml`, `snap/snapcraft.yaml`.

A part's `stage-packages` entry `python3.12` (or `python3.12-minimal`, `-venv`) is the
interpreter the snap ships and runs the project with: a runtime pin. Libraries
(`libpython3.12-stdlib`) and the unversioned `python3` declare nothing.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources._yaml_values import text_span
from pyparity.textfile import TextFile

KIND = "snapcraft"
_NAMES = frozenset({"snapcraft.yaml", ".snapcraft.yaml"})
_PACKAGE = lazy_re.compile(r"python(?P<version>3\.\d{1,2})(?:-minimal|-venv|-dev|-full)?")


def matches(path: str) -> bool:
    folders, _, name = path.rpartition("/")
    return name in _NAMES and folders in ("", "snap")


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a snapcraft file must be a mapping", line=root.span.line)
    parts = root.mapping("parts")
    found: list[Declaration] = []
    for name, part in parts.items() if parts else ():
        packages = part.get("stage-packages") if isinstance(part, Mapping) else None
        for item in packages.items if isinstance(packages, Sequence) else ():
            if isinstance(item, Scalar) and (match := _PACKAGE.fullmatch(item.text.strip())):
                start = item.text.find(match["version"])
                span = text_span(file, item, start, start + len(match["version"]))
                declaration = pin(
                    file.path,
                    span,
                    match["version"],
                    source=KIND,
                    context=f"snap part {name} stage-packages {item.text.strip()}",
                    purpose=Purpose.RUNTIME,
                )
                found.append(replace(declaration, raw=item.text.strip()))
    return found
