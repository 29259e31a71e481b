"""cibuildwheel's build selectors -> the CPython minors it builds wheels for.

`build` / `CIBW_BUILD` and `skip` / `CIBW_SKIP` are space-separated fnmatch patterns on
identifiers such as `cp312-manylinux_x86_64`, with `{a,b}` braces. Only regular CPython
wheels count (`cp313t` is the free-threaded build, `pp310` PyPy). A pattern that selects an
open-ended set (`*`, `cp3*-*`) means "every version requires-python admits": no wheel list
to compare, so no declaration. `skip` removes a minor only when it skips every platform.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from functools import cache

from pyparity.model import Declaration, Minor, Purpose, Role, Span
from pyparity.records import replace
from pyparity.releases import load
from pyparity.sources._common import pin
from pyparity.versions import VersionError, admits_minor, parse_range

WHEELS_GROUP = " cibuildwheel"


@cache
def _braces_re() -> re.Pattern[str]:
    return re.compile(r"\{([^{}]*)\}")


def expand_braces(pattern: str) -> list[str]:
    match = _braces_re().search(pattern)
    if match is None:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return [e for choice in match[1].split(",") for e in expand_braces(head + choice + tail)]


def _tag_pattern(pattern: str) -> str:
    return pattern.split("-", 1)[0]


def _candidates() -> tuple[Minor, ...]:
    return tuple(m for m in load().minors if m >= Minor(3, 6))


def is_open(token: str) -> bool:
    """Does the selector take every minor after those known too (`cp3*`)? Asked of the next
    minor's tag and a far one's: `cp39*` takes 3.9 only (though it matches `cp3999`), `cp31?`
    stops at 3.19."""
    future = _future_tags()
    return any(
        all(fnmatchcase(tag, _tag_pattern(p)) for tag in future) for p in expand_braces(token)
    )


def _future_tags() -> tuple[str, str]:
    return _tag(Minor(3, max(_candidates()).minor + 1)), _tag(Minor(3, 100))


def selected(token: str) -> list[Minor]:
    patterns = [_tag_pattern(p) for p in expand_braces(token)]
    found = [m for m in _candidates() if any(fnmatchcase(_tag(m), p) for p in patterns)]
    # Python 2.7 only where a selector names it (`cp27-*`, cibuildwheel 1's): never by `cp*`.
    if any(p.startswith("cp2") and fnmatchcase("cp27", p) for p in patterns):
        found.insert(0, _PYTHON_2)
    return found


_PYTHON_2 = Minor(2, 7)


def skipped(skip: str) -> set[Minor]:
    """Minors a skip selector removes on every platform (`cp36-*`, `cp37*`)."""
    whole = [
        p
        for token in skip.split()
        for p in expand_braces(token)
        if "-" not in p or p.split("-", 1)[1] == "*"
    ]
    return {m for m in _candidates() if any(fnmatchcase(f"{_tag(m)}-x", p) for p in whole)}


def _tag(minor: Minor) -> str:
    return f"cp{minor.major}{minor.minor}"


def wheel_declarations(
    file: str,
    build: tuple[tuple[str, Span], ...],
    *,
    skip: str = "",
    requires_python: str = "",
    platform: str = "",
    source: str,
) -> Iterator[Declaration]:
    """One MATRIX declaration per minor each explicit build pattern selects (span: the
    pattern). An open pattern, or no pattern, yields nothing; so does a Pyodide build (one
    CPython per Pyodide release: a platform's subset, not the wheel set)."""
    if _pyodide(platform) or not build:
        return
    if any(is_open(token) or _pyodide(token) for token, _ in build):
        return
    removed = skipped(skip)
    admitted = _admitted(requires_python)
    for token, span in build:
        for minor in selected(token):
            if minor in removed or (admitted is not None and minor not in admitted):
                continue
            declaration = pin(
                file,
                span,
                str(minor),
                source=source,
                context="cibuildwheel build",
                purpose=Purpose.BUILD,
                role=Role.MATRIX,
                group=f"{file}{WHEELS_GROUP}",
            )
            yield replace(declaration, raw=token)


def _pyodide(token: str) -> bool:
    return "pyodide" in token.lower() or "wasm" in token.lower()


def _admitted(requires_python: str) -> set[Minor] | None:
    if not requires_python.strip():
        return None
    try:
        specifier = parse_range(requires_python).specifier
    except VersionError:
        return None
    return {m for m in _candidates() if admits_minor(specifier, m)}


def tokens(text: str, start: int) -> Iterator[tuple[str, int]]:
    """Each space-separated pattern of `text` and its offset (text found at `start`)."""
    for match in re.finditer(r"\S+", text):
        yield match[0], start + match.start()
