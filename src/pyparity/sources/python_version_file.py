"""`.python-version` (pyenv, uv, setup-python): one version per line, `#` comments.

pyenv allows several lines (the first is the default, the others are also on PATH);
`3.12/envs/name` names a virtualenv of 3.12; `system` is the machine's own Python and
declares nothing. A line that is a name and no version (`api-env`, made by `pyenv virtualenv
3.12 api-env`; `anaconda3-2024.02`) is valid to pyenv and uv, and the Python behind it is
not written: it is unresolved, not an unknown version. Text that starts like a version
(`3.19`) still is one.

`.python-versions` (uv) lists Pythons to install (`uv python install` with no argument
installs them all): a list, not a pin; each line is listed as installed, as a tool's Python
(it says what is installed, not what the project runs on).
"""

from __future__ import annotations

from pyparity.model import Declaration, Purpose, Role
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.sources._common import pin, pin_requirement, unresolved
from pyparity.textfile import TextFile, line_span

KIND = "python-version-file"


_LIST = ".python-versions"


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in (".python-version", _LIST)


def read(file: TextFile) -> list[Declaration]:
    listed = file.path.rsplit("/", 1)[-1] == _LIST
    declarations: list[Declaration] = []
    for number, line in file.numbered_lines():
        if len(declarations) > MAX_DECLARATIONS_PER_FILE:
            break  # the file is a parse-error: a hostile one of a megabyte makes no more
        content = line.partition("#")[0]
        text = content.strip()
        if not text or text == "system":
            continue
        version = text.split("/envs/", 1)[0].split()[0]
        column = content.index(version) + 1
        first = not declarations and not listed
        span = line_span(number, column, len(version))
        if _is_a_name(version):
            declarations.append(unresolved(file.path, span, version, source=KIND, note=_NAME_NOTE))
            continue
        declarations.append(
            pin(
                file.path,
                span,
                version,
                source=KIND,
                purpose=Purpose.RUNTIME if first else Purpose.TOOLING if listed else None,
                context=(
                    "default"
                    if first
                    else "installed (uv python install)"
                    if listed
                    else "also installed (pyenv)"
                ),
                role=Role.PIN if first else Role.MATRIX,
                group="" if first else f"{file.path} installed",
            )
        )
    return declarations


_NAME_NOTE = "a pyenv name of a virtualenv or a distribution, which does not say its Python"


def _is_a_name(version: str) -> bool:
    """A word pyenv or uv reads as the name of an installed environment, not a version."""
    if not version[0].isalpha():
        return False
    return bool(pin_requirement(version).unknown)
