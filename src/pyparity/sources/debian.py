"""Debian packaging: `debian/control` (any folder), stdeb's `stdeb.cfg`, nfpm's `nfpm.yaml`.

`X-Python3-Version: >= 3.8` (and `X-Python-Version` / `XS-Python-Version` when they name a
Python 3) is the range of Pythons the package supports, as `requires-python` is (the first
says nothing of Python 2: a Python 2 classifier is not outside it); the old
spelling `3.8-` means `>= 3.8`, and `<<` is `<`. A Python 2 range (`X-Python-Version:
>= 2.7`) is listed as `unresolved`: it is the Python 2 package's, not compared. A
dependency on the distribution's interpreter (`Depends: python3 (>= 3.11)`, nfpm's
`depends:`) is listed as `unresolved` too: it is the floor of the system Python the package
installs beside, which need not be the Python it runs (an installer may make a venv with
its own).
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.model import PYTHON_3_RANGE, Declaration
from pyparity.sources._common import range_declaration, unresolved
from pyparity.textfile import TextFile, line_span

KIND = "debian"

_VERSION_FIELDS = frozenset({"x-python3-version", "x-python-version", "xs-python-version"})
_DEPENDS_FIELDS = frozenset({"depends", "pre-depends"})
# Linear: runs of one class each, separated by characters the runs cannot hold.
_FIELD = lazy_re.compile(r"(?P<name>[A-Za-z][\w-]*+)[ \t]*+:(?P<value>.*+)")
_OLD_SPELLING = lazy_re.compile(r"(?P<version>\d++\.\d++)-")
_DEPENDENCY = lazy_re.compile(
    r"\bpython3(?:\.\d++)?+(?:-minimal)?+[ \t]*+\([ \t]*+(?P<op>>=|>>)[ \t]*+"
    r"(?P<version>3\.\d++)"
)


def matches(path: str) -> bool:
    lowered = path.lower()
    name = lowered.rsplit("/", 1)[-1]
    return (
        lowered == "debian/control"
        or lowered.endswith("/debian/control")
        or name in ("stdeb.cfg", "nfpm.yaml", "nfpm.yml")
    )


def read(file: TextFile) -> list[Declaration]:
    found: list[Declaration] = []
    nfpm = file.path.lower().endswith((".yaml", ".yml"))
    field = ""
    for number, line in file.numbered_lines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            match = _FIELD.match(line)
            field = match["name"].lower() if match else ""
            if match and field in _VERSION_FIELDS:
                start = match.start("value")
                found += _version_field(file, number, start, match["value"], field)
        if field in _DEPENDS_FIELDS or (nfpm and field == "depends"):
            found += _dependencies(file, number, line)
    return found


def _version_field(
    file: TextFile, number: int, start: int, value: str, field: str
) -> list[Declaration]:
    written = value.strip()
    if not written or not any(char.isdigit() for char in written):
        return []  # `all`, `current`: no version
    column = start + len(value) - len(value.lstrip()) + 1
    span = line_span(number, column, len(written))
    old = _OLD_SPELLING.fullmatch(written)
    spec = f">={old['version']}" if old else written.replace(" ", "")
    spec = spec.replace("<<", "<").replace(">>", ">")  # Debian's strict operators
    python_3 = f" {PYTHON_3_RANGE}" if field == "x-python3-version" else " Python range"
    context = f"Debian package's{python_3}"
    if spec.lstrip("<>=!~").startswith("2"):
        note = "the Python 2 package's range; Python 2 is not compared"
        return [unresolved(file.path, span, written, source=KIND, context=context, note=note)]
    return [range_declaration(file.path, span, spec, source=KIND, context=context)]


def _dependencies(file: TextFile, number: int, line: str) -> list[Declaration]:
    found = []
    closing = -1
    for match in _DEPENDENCY.finditer(line):
        if closing < match.end():
            closing = line.find(")", match.end())
            if closing < 0:
                break
        written = line[match.start() : closing + 1]
        span = line_span(number, match.start() + 1, len(written))
        note = (
            "the floor of the distribution's python3 the package installs beside, which need "
            "not be the Python it runs; not compared"
        )
        context = f"package dependency {written}"
        found.append(unresolved(file.path, span, written, source=KIND, context=context, note=note))
    return found
