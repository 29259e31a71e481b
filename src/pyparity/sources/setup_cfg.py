"""`setup.cfg` (setuptools): `[options] python_requires` (the supported range),
`[metadata] classifiers` `Programming Language :: Python :: 3.X` (a declared test set),
`[mypy] python_version` (a tool target) and tox's `[tox:tox] envlist` with its
`[testenv]` sections.

Read as configparser does (multi-line values continue on deeper-indented lines, `#`/`;`
comments), keeping where each value is written. `classifiers = file: CLASSIFIERS.txt`
cannot be followed and is reported as unresolved. Beside a `pyproject.toml` with a
`[project]` table, the range and classifiers are ignored unless its `dynamic` names them,
as setuptools does (`setuptools_metadata`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Role
from pyparity.parsers import ini
from pyparity.sources import tox
from pyparity.sources._common import pin, range_declaration, unresolved
from pyparity.textfile import TextFile

KIND = "setup-cfg"

_CLASSIFIER = lazy_re.compile(r"^Programming Language :: Python :: (\d+\.\d+)$")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "setup.cfg"


def read(file: TextFile) -> list[Declaration]:
    sections = ini.parse(file.text)
    return [
        *_python_requires(file, sections),
        *_classifiers(file, sections),
        *_mypy_target(file, sections),
        *tox.ini_declarations(file, sections, core_section="tox:tox"),
    ]


def _python_requires(file: TextFile, sections: list[ini.Section]) -> Iterator[Declaration]:
    for section in ini.find(sections, "options"):
        value = section.values.get("python_requires")
        if value is None or not value.pieces:
            continue
        first, last = value.pieces[0], value.pieces[-1]
        raw = " ".join(piece.text for piece in value.pieces)
        yield range_declaration(
            file.path,
            file.span(first.offset, last.end),
            raw,
            source=KIND,
            context="python_requires",
        )


def _classifiers(file: TextFile, sections: list[ini.Section]) -> Iterator[Declaration]:
    for section in ini.find(sections, "metadata"):
        value = section.values.get("classifiers")
        if value is None:
            continue
        for piece in value.pieces:
            if piece.text.startswith("file:"):
                yield unresolved(
                    file.path,
                    file.span(piece.offset, piece.end),
                    piece.text,
                    source=KIND,
                    context="classifiers",
                    note="classifiers read from another file",
                )
                continue
            match = _CLASSIFIER.match(piece.text)
            if match is None:
                continue
            start = piece.offset + match.start(1)
            yield pin(
                file.path,
                file.span(start, start + len(match[1])),
                match[1],
                source=KIND,
                context="classifiers",
                role=Role.MATRIX,
                group=f"{file.path} classifiers",
            )


def _mypy_target(file: TextFile, sections: list[ini.Section]) -> Iterator[Declaration]:
    for section in ini.find(sections, "mypy"):
        value = section.values.get("python_version")
        if value is None or not value.pieces:
            continue
        piece = value.pieces[0]
        yield pin(
            file.path,
            file.span(piece.offset, piece.end),
            piece.text,
            source=KIND,
            context="mypy python_version",
            role=Role.TARGET,
        )
