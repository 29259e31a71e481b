"""Meson builds: `meson.build` (any folder but `subprojects/`, which holds vendored builds).

The build's Python floor: `dependency('python3', version : '>= 3.10')` (or a Python
installation's `py.dependency(version: '>= 3.10')`), and a minimum kept in
a variable the build checks the interpreter against (`min_python_version = '3.12'` with
`py.language_version().version_compare(...)` in the same file), or written in the check
itself when the branch stops the build (`if py.language_version().version_compare('< 3.9')`,
or `if not ...version_compare('>= 3.9')`, then `error(...)`). Each is the range of Pythons
the build accepts, as `requires-python` is.
"""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.model import Declaration
from pyparity.sources._common import range_declaration
from pyparity.textfile import TextFile, line_span

KIND = "meson"

# Linear: literal text and runs of one class, each followed by a character it cannot hold.
_DEPENDENCY = lazy_re.compile(
    r"\bdependency[ \t]*+\([ \t]*+'python3?'[ \t]*+,[ \t]*+version[ \t]*+:[ \t]*+"
    r"'(?P<spec>[<>=!~][^']*+)'"
)
# A Python installation's own dependency: `python.dependency(version: '>= 3.5')` (the
# `dependency()` method with a version is the python module's; a CMake subproject's takes a
# target name first).
_INSTALLATION_DEPENDENCY = lazy_re.compile(
    r"\.dependency[ \t]*+\([ \t]*+(?:embed[ \t]*+:[ \t]*+\w++[ \t]*+,[ \t]*+)?+"
    r"version[ \t]*+:[ \t]*+'(?P<spec>[<>=!~][^']*+)'"
)
_MINIMUM = lazy_re.compile(
    r"^[ \t]*+(?:min_python(?:_version)?|python_min(?:_version)?|minimum_python(?:_version)?)"
    r"[ \t]*+=[ \t]*+'(?P<version>3\.\d{1,2})'",
    re.IGNORECASE,
)
_CHECK = "language_version()"
# `if py.language_version().version_compare('< 3.9')`, or its negation of `'>= 3.9'`.
_REFUSED_BELOW = lazy_re.compile(
    r"^[ \t]*+if[ \t]++(?:(?P<negated>not[ \t]++)?+)\w++\.language_version\(\)"
    r"\.version_compare\([ \t]*+'(?P<operator><|>=)[ \t]*+(?P<version>3\.\d{1,2})'[ \t]*+\)"
    r"[ \t]*+$"
)
_ERROR = lazy_re.compile(r"^[ \t]*+error[ \t]*+\(")


def matches(path: str) -> bool:
    *folders, name = path.split("/")
    return name == "meson.build" and "subprojects" not in folders


def read(file: TextFile) -> list[Declaration]:
    found: list[Declaration] = []
    checks = _CHECK in file.text
    refused: tuple[int, int, str] | None = None  # an `if ... < 3.9` check, its line and column
    for number, line in file.numbered_lines():
        code = line.split("#", 1)[0]
        if refused is not None and code.strip():
            if _ERROR.match(code):  # the branch stops the build: below it is refused
                where, column, version = refused
                span = line_span(where, column, len(version))
                context = "meson build's check of the Python"
                found.append(
                    range_declaration(file.path, span, f">={version}", source=KIND, context=context)
                )
            refused = None
        below = _REFUSED_BELOW.match(code) if checks else None
        if below is not None and (below["operator"] == "<") != bool(below["negated"]):
            refused = (number, below.start("version") + 1, below["version"])
        dependencies = [
            *(
                (match, "meson dependency('python3') version")
                for match in _DEPENDENCY.finditer(code)
            ),
            *(
                (match, "meson Python installation's dependency() version")
                for match in _INSTALLATION_DEPENDENCY.finditer(code)
            ),
        ]
        for match, context in dependencies:
            spec = match["spec"]
            span = line_span(number, match.start("spec") + 1, len(spec))
            found.append(
                range_declaration(
                    file.path, span, spec.replace(" ", ""), source=KIND, context=context
                )
            )
        minimum = _MINIMUM.match(code) if checks else None
        if minimum is not None:
            version = minimum["version"]
            span = line_span(number, minimum.start("version") + 1, len(version))
            context = "meson build's minimum Python"
            found.append(
                range_declaration(file.path, span, f">={version}", source=KIND, context=context)
            )
    return found
