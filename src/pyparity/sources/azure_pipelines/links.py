"""Azure templates followed once every file is read (the resolve stage).

A pipeline with a link to a local template (`AZURE_TEMPLATE_NOTE`) is walked again with its
templates expanded (`templates.Expander`); its declarations replace what the reader found.
A template that some pipeline expands is read through its callers: what it declares on its
own (`$(python.version)` with no matrix to read it from) gives way to that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, compose
from pyparity.sources._common import AZURE_TEMPLATE_NOTE
from pyparity.sources.azure_pipelines.pipeline import KIND, Walk, declarations
from pyparity.sources.azure_pipelines.templates import Expander, Shared
from pyparity.textfile import TextFile

ReadText = Callable[[str], TextFile | None]


def resolve(found: Sequence[Declaration], read_text: ReadText) -> list[Declaration]:
    callers = dict.fromkeys(
        d.file for d in found if d.source == KIND and d.note.startswith(AZURE_TEMPLATE_NOTE)
    )
    walked: dict[str, list[Declaration]] = {}
    templates: set[str] = set()
    shared = Shared()  # the templates parsed once, one budget for every pipeline
    for path in callers:
        expanded = _walk(path, read_text, shared)
        if expanded is not None:
            walked[path], used = expanded
            templates |= used
    result: list[Declaration] = []
    seen: set[tuple[object, ...]] = set()
    replaced = set(walked) | templates
    for declaration in found:
        if declaration.source != KIND or declaration.file not in replaced:
            result.append(declaration)
    for path, made in walked.items():
        if path in templates:
            continue  # a template is read through the pipelines that include it
        for declaration in made:
            key = (declaration.file, declaration.span, declaration.raw, declaration.role)
            if key not in seen:
                seen.add(key)
                result.append(declaration)
    return result


def _walk(
    path: str, read_text: ReadText, shared: Shared
) -> tuple[list[Declaration], set[str]] | None:
    file = read_text(path)
    if file is None:
        return None
    try:
        root = compose(file.text)
    except UnreadableFile:
        return None
    if not isinstance(root, Mapping):
        return None
    expander = Expander(read_text, shared)
    expander.register(root, file)
    expanded = expander.pipeline(root, path)
    return declarations(Walk(file, expander), root, expanded), expander.expanded
