"""PEP 723 inline script metadata: a `# /// script` block's `requires-python` in a `.py` file
under a `scripts/`, `script/`, `tools/`, `utils/`, `bin/`, `ci/` or `.ci/` folder.

The range is the script's own (uv and pipx run it on a Python it admits), never the
project's: the script is a scope of its own, so the range is compared with nothing of the
project's and does not set its floor. A block that is not valid TOML is a parse-error; a
`requires-python` that is not a string declares nothing.
"""

from __future__ import annotations

import tomli

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.sources._common import range_declaration
from pyparity.textfile import TextFile

KIND = "pep723"

_FOLDERS = frozenset({"scripts", "script", "tools", "utils", "bin", "ci", ".ci"})
_OPEN = "# /// script"
_CLOSE = "# ///"
_KEY = "requires-python"


def matches(path: str) -> bool:
    *folders, name = path.split("/")
    return name.endswith(".py") and not _FOLDERS.isdisjoint(folders)


def read(file: TextFile) -> list[Declaration]:
    block = _block(file.text)
    if block is None:
        return []
    first_line, lines = block
    try:
        data = tomli.loads("".join(content for _, content in lines))
    except tomli.TOMLDecodeError as error:
        raise UnreadableFile(f"invalid TOML in the `# /// script` block: {error}") from None
    value = data.get(_KEY)
    if not isinstance(value, str):
        return []
    span = file.span(first_line, first_line)
    for offset, content in lines:
        if content.lstrip().startswith(_KEY) and (found := content.find(value)) >= 0:
            span = file.span(offset + found, offset + found + len(value))
            break
    declaration = range_declaration(
        file.path, span, value, source=KIND, context="PEP 723 script requires-python"
    )
    return [declaration]


def _block(text: str) -> tuple[int, list[tuple[int, str]]] | None:
    """(offset of the opening line, [(offset of each line's content, content)]) of the first
    `# /// script` block, read line by line; None when there is none or it is not closed."""
    offset, opened = 0, -1
    lines: list[tuple[int, str]] = []
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if opened < 0:
            if stripped == _OPEN:
                opened = offset
        elif stripped == _CLOSE:
            return opened, lines
        elif stripped == "#" or stripped.startswith("# "):
            skip = min(len(stripped), 2)
            lines.append((offset + skip, line[skip:]))
        else:
            return None  # a line that is no comment ends the block unclosed
        offset += len(line)
    return None
