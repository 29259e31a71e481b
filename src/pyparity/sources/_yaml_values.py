"""Helpers for the YAML readers: a version scalar's exact span and what YAML loads it as."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pyparity.model import Declaration, Purpose, Role, Span
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar
from pyparity.records import replace
from pyparity.sources._common import image_python_pin, pin, unresolved
from pyparity.textfile import TextFile


def loaded_as(scalar: Scalar) -> str | None:
    """What a YAML loader turns an unquoted number into, when that differs from its text."""
    if scalar.quoted or not scalar.is_number:
        return None
    loaded = scalar.loaded_as
    return loaded if loaded != scalar.text else None


def text_span(file: TextFile, scalar: Scalar, start: int, end: int) -> Span:
    """The span of `scalar.text[start:end]`, checked against the file (escapes, folding).

    Falls back to the whole scalar when the value is not written there verbatim.
    """
    span = scalar.span
    if span.line == span.end_line and not scalar.block and span.line <= file.line_count:
        line = file.line_text(span.line)
        begin = span.column - 1 + start
        if line[begin : begin + end - start] == scalar.text[start:end]:
            return Span(
                line=span.line,
                column=span.column + start,
                end_line=span.line,
                end_column=span.column + end,
            )
    return span


def scalar_pin(
    file: TextFile,
    scalar: Scalar,
    *,
    source: str,
    context: str,
    purpose: Purpose | None,
    prefix: str = "",
    role: Role = Role.PIN,
    group: str = "",
) -> Declaration:
    """A pin for a scalar's text after `prefix` (`python3.12` with prefix `python`)."""
    stripped = scalar.text.strip()
    offset = scalar.text.find(stripped) + len(prefix)
    version = stripped[len(prefix) :]
    return pin(
        file.path,
        text_span(file, scalar, offset, offset + len(version)),
        version,
        source=source,
        context=context,
        purpose=purpose,
        role=role,
        group=group,
        yaml_loaded_as=loaded_as(scalar),
    )


def image_pin(
    file: TextFile, image: Scalar, *, source: str, context: str, purpose: Purpose
) -> Declaration | None:
    """A pin for the Python of the image written in `image` (`python:3.12-slim`), at its
    version; None for an image that carries none."""
    from pyparity.images import parse_image

    reference = image.text.strip()
    python = parse_image(reference)
    if python is None:
        return None
    start = image.text.find(reference) + python.start
    return image_python_pin(
        file.path,
        text_span(file, image, start, start + python.end - python.start),
        reference,
        python,
        source=source,
        context=context,
        purpose=purpose,
    )


Piece = tuple[int, int, Scalar]
"""`text[start:end]` of a filled template came from that scalar."""


def fill_template(
    template: str,
    references: Iterable[re.Match[str]],
    value_of: Callable[[re.Match[str]], Scalar | None],
) -> tuple[str, list[Piece]] | None:
    """`template` with each reference (a CI file's `${VAR}`, `{{ matrix.x }}`) replaced by
    the stripped text of the scalar `value_of` gives it, and where each value landed; None
    when a reference has no value."""
    text: list[str] = []
    pieces: list[Piece] = []
    position = length = 0
    for found in references:
        value = value_of(found)
        if value is None:
            return None
        literal = template[position : found.start()]
        written = value.text.strip()
        pieces.append((length + len(literal), length + len(literal) + len(written), value))
        text += [literal, written]
        length += len(literal) + len(written)
        position = found.end()
    text.append(template[position:])
    return "".join(text), pieces


def filled_image_python(text: str, pieces: Iterable[Piece]) -> tuple[Scalar, str] | None:
    """The value that writes the Python of a filled image template (`python:${PY}-slim` with
    `PY: 3.12`) and that version; None when the image carries none, or the version is not
    wholly one value's (written in the image itself, with a variable around it)."""
    from pyparity.images import parse_image

    python = parse_image(text.strip())
    if python is None:
        return None
    offset = len(text) - len(text.lstrip())
    start, end = python.start + offset, python.end + offset
    piece = piece_at(pieces, start, end)
    return (piece[2], text[start:end]) if piece is not None else None


def piece_at(pieces: Iterable[Piece], start: int, end: int) -> Piece | None:
    """The piece that holds `text[start:end]` whole, if one does."""
    return next((p for p in pieces if p[0] <= start and end <= p[1]), None)


def lookup(node: Node | None, *path: str) -> Node | None:
    """`node[path[0]][path[1]]...`, None when a step is missing or not a mapping."""
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def scalar_at(node: Node | None, *path: str) -> Scalar | None:
    found = lookup(node, *path)
    return found if isinstance(found, Scalar) else None


def is_true(node: Node | None) -> bool:
    """A literal `true` scalar (`continue-on-error: true`), not an expression or `false`."""
    return isinstance(node, Scalar) and node.text.strip().lower() == "true"


def unresolved_image(
    file: TextFile, image: Scalar, *, source: str, context: str, purpose: Purpose | None
) -> Declaration | None:
    """An image whose tag a variable sets that the file gives no value (`python:${PY}`):
    unresolved where it may be a Python image, else nothing."""
    from pyparity.images import may_carry_python

    written = image.text.strip()
    if ":" not in written.partition("$")[0] or not may_carry_python(written):
        return None
    found = unresolved(
        file.path,
        image.span,
        written,
        source=source,
        context=context,
        note="image tag set by a variable with no value in the file",
    )
    return replace(found, purpose=purpose)
