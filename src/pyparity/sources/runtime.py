"""Platform runtime pins: `runtime.txt` (Heroku, repo2docker: `python-3.11.9`; Netlify's bare
`3.10`, the Python its build image builds the site with: tooling; other runtimes such as
`r-4.3-2024-01-01` declare no Python) and `Pipfile`
(`[requires] python_version = "3.11"` and `python_full_version = "3.11.9"`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose
from pyparity.parsers.toml_positions import dig, key_offset, load_toml, value_offset
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.textfile import TextFile, line_span

KIND = "runtime"

_SPACED_NOTE = (
    "repo2docker and Heroku read `python-3.10`, with no spaces: this line names no Python, "
    "and the platform's default is built"
)
_RUNTIME_TXT = lazy_re.compile(r"^(?P<prefix>\s*python-)(?P<version>\S+)\s*$", re.IGNORECASE)
# `python - 3.10`: repo2docker and Heroku split on the first `-` and match the name exactly, so
# with spaces it names no Python and the platform's default is built, silently.
_SPACED = lazy_re.compile(r"^(?P<prefix>\s*+)(?P<version>python\s*+-\s*+3\S*+)\s*+$", re.IGNORECASE)
# Netlify's runtime.txt holds a bare version (`3.10`): the Python its build image runs the
# site's build with (docs, a static site), not the project's runtime.
_NETLIFY = lazy_re.compile(r"^(?P<prefix>\s*+)(?P<version>3\.\d{1,2})\s*+$")
_PIPFILE_KEYS = ("python_version", "python_full_version")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in {"runtime.txt", "Pipfile"}


def read(file: TextFile) -> list[Declaration]:
    if file.path.rsplit("/", 1)[-1] == "Pipfile":
        return list(_pipfile(file))
    return list(_runtime_txt(file))


def _runtime_txt(file: TextFile) -> Iterator[Declaration]:
    for number, line in file.numbered_lines():
        match = _RUNTIME_TXT.match(line)
        purpose, context = Purpose.RUNTIME, "runtime.txt"
        note = ""
        if match is None and (spaced := _SPACED.match(line)) is not None:
            match, note = spaced, _SPACED_NOTE
        elif match is None:
            match = _NETLIFY.match(line)
            if match is None or file.text[: file.offset(number, 1)].strip():
                continue  # (Netlify's version is the file's first line)
            purpose, context = Purpose.TOOLING, "runtime.txt (Netlify's build image Python)"
        declared = pin(
            file.path,
            line_span(number, len(match["prefix"]) + 1, len(match["version"])),
            match["version"],
            source=KIND,
            purpose=purpose,
            context=context,
        )
        yield replace(declared, note=note) if note else declared
        return


def _pipfile(file: TextFile) -> Iterator[Declaration]:
    data = load_toml(file)
    for key in _PIPFILE_KEYS:
        value = dig(data, ("requires", key))
        start = key_offset(file, ("requires", key))
        if not isinstance(value, str) or start is None:
            continue
        offset = value_offset(file, value, start)
        if offset is None:
            continue
        yield pin(
            file.path,
            file.span(offset, offset + len(value)),
            value,
            source=KIND,
            purpose=Purpose.RUNTIME,
            context=f"Pipfile {key}",
        )
