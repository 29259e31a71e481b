"""`.python-version` (pyenv, uv, setup-python): one version per line, `#` comments.

pyenv allows several lines (the first is the default, the others are also on PATH);
`3.12/envs/name` names a virtualenv of 3.12; `system` is the machine's own Python and
declares nothing.
"""

from __future__ import annotations

from pyparity.model import Declaration, Purpose, Role
from pyparity.sources._common import pin
from pyparity.textfile import TextFile, line_span

KIND = "python-version-file"


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == ".python-version"


def read(file: TextFile) -> list[Declaration]:
    declarations: list[Declaration] = []
    for number, line in file.numbered_lines():
        content = line.partition("#")[0]
        text = content.strip()
        if not text or text == "system":
            continue
        version = text.split("/envs/", 1)[0].split()[0]
        column = content.index(version) + 1
        first = not declarations
        declarations.append(
            pin(
                file.path,
                line_span(number, column, len(version)),
                version,
                source=KIND,
                purpose=Purpose.RUNTIME if first else None,
                context="default" if first else "also installed (pyenv)",
                role=Role.PIN if first else Role.MATRIX,
                group="" if first else f"{file.path} installed",
            )
        )
    return declarations
