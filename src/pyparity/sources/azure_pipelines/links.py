"""Azure templates followed once every file is read (the resolve stage).

A pipeline with a link to a local template (`AZURE_TEMPLATE_NOTE`) is walked again with its
templates expanded (`templates.Expander`); its declarations replace what the reader found.
A template that some pipeline expands is read through its callers: what it declares on its
own (`$(python.version)` with no matrix to read it from) gives way to that.

Many pipelines often include one template: its parts without expressions are shared by
every expansion, not copied (`templates._literal_sizes`), and the walks share a memo
(`pipeline.WalkMemo`) so each of its steps is read, and each of its versions declared, once.
The work is linear in the files, not in pipelines times template.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, compose
from pyparity.records import record
from pyparity.sources._common import AZURE_TEMPLATE_NOTE
from pyparity.sources.azure_pipelines.pipeline import KIND, Walk, WalkMemo, declarations
from pyparity.sources.azure_pipelines.templates import Expander, Shared
from pyparity.textfile import TextFile

ReadText = Callable[[str], TextFile | None]


def resolve(found: Sequence[Declaration], read_text: ReadText) -> list[Declaration]:
    callers = dict.fromkeys(
        d.file for d in found if d.source == KIND and d.note.startswith(AZURE_TEMPLATE_NOTE)
    )
    expansions: list[_Expansion] = []
    templates: set[str] = set()
    shared = Shared()  # the templates parsed once, one budget for every pipeline
    for path in callers:
        expansion = _expand(path, read_text, shared)
        if expansion is not None:
            expansions.append(expansion)
            templates |= expansion.expander.expanded
    replaced = {e.file.path for e in expansions} | templates
    result = [d for d in found if d.source != KIND or d.file not in replaced]
    # Walked once every template is known: a template is read through the pipelines that
    # include it, not as a pipeline of its own. The walks share what they made, so a step
    # many pipelines include is declared once (the first pipeline's), as it would be kept.
    memo = WalkMemo()
    seen: set[tuple[object, ...]] = set()
    for expansion in expansions:
        if expansion.file.path in templates:
            continue
        walk = Walk(expansion.file, expansion.expander, memo)
        for declaration in declarations(walk, expansion.root, expansion.expanded):
            key = (declaration.file, declaration.span, declaration.raw, declaration.role)
            if key not in seen:
                seen.add(key)
                result.append(declaration)
    return result


@record(kw_only=False)
class _Expansion:
    """A pipeline's file and tree, and the same tree with its templates expanded."""

    file: TextFile
    root: Mapping
    expander: Expander
    expanded: Mapping


def _expand(path: str, read_text: ReadText, shared: Shared) -> _Expansion | None:
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
    return _Expansion(file, root, expander, expander.pipeline(root, path))
