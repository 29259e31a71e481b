"""YAML as a tree of nodes whose scalars keep their original text and position.

`safe_load` would turn an unquoted `3.10` into the float 3.1 and forget where it was; we
compose PyYAML nodes instead (the C loader when available) and copy them into small typed
nodes. Aliases are shared, not expanded, and the copy is capped, so an alias bomb ends in
an `UnreadableFile` instead of exhausting memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Span

with lazy_re.deferred_in("yaml"):
    import yaml

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, remembering the tag of each short scalar by its text and style: a
    workflow says `run`, `uses`, `name` and `ubuntu-latest` many times, and PyYAML's resolver
    tries its patterns on every one (a fifth of the composing). The safe loader resolves no
    path, so a scalar's tag depends on nothing else."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not _ScalarNode or len(value) > _REMEMBERED_LENGTH:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        key = (value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_TAGS) < _REMEMBERED:
                _TAGS[key] = tag
        return tag


_TAGS: dict[tuple[str, tuple[bool, bool]], str] = {}
_REMEMBERED = 4096
_REMEMBERED_LENGTH = 64

MAX_NODES = 200_000
MAX_DEPTH = 400

# PyYAML (YAML 1.1) also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR; YAML
# 1.2 (GitHub's parser) and `TextFile` do not. One character for one keeps every offset, so
# the marks' lines and columns are the file's.
_YAML_ONLY_BREAKS = str.maketrans({"\x85": "\ufffd", "\u2028": "\ufffd", "\u2029": "\ufffd"})

_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"


# The node classes are plain classes with slots, not frozen dataclasses: a workflow has
# thousands of nodes, and a frozen dataclass's `__init__` (one `object.__setattr__` per field)
# costs three times as much, as does creating the classes at import. Treat them as immutable.


class Scalar:
    """A scalar's text as written, its tag, style and span. `lines_column`: for a literal
    block (`|`), the column its first line starts at, so that each line has a place of its
    own; 0 for any other scalar."""

    __slots__ = ("block", "lines_column", "quoted", "span", "tag", "text")

    def __init__(
        self,
        *,
        text: str,
        tag: str,
        quoted: bool,
        block: bool,
        span: Span,
        lines_column: int = 0,
    ) -> None:
        self.text = text
        self.tag = tag
        self.quoted = quoted
        self.block = block
        self.span = span
        self.lines_column = lines_column

    def __repr__(self) -> str:
        return f"Scalar(text={self.text!r}, tag={self.tag!r}, span={self.span!r})"

    @property
    def is_number(self) -> bool:
        return self.tag in {_FLOAT_TAG, _INT_TAG}

    @property
    def loaded_as(self) -> str:
        """What a YAML 1.1 loader (and so GitHub Actions' parser) turns this scalar into."""
        if self.tag == _FLOAT_TAG:
            try:
                return repr(float(self.text.replace("_", "")))
            except ValueError:
                return self.text
        if self.tag == _INT_TAG:
            try:
                return str(int(self.text.replace("_", ""), 0))
            except ValueError:
                return self.text
        return self.text


class Sequence:
    __slots__ = ("items", "span")

    def __init__(self, *, items: tuple[Node, ...], span: Span) -> None:
        self.items = items
        self.span = span

    def __repr__(self) -> str:
        return f"Sequence(items={self.items!r}, span={self.span!r})"


class Mapping:
    __slots__ = ("_index", "pairs", "span")

    def __init__(self, *, pairs: tuple[tuple[Scalar, Node], ...], span: Span) -> None:
        self.pairs = pairs
        self.span = span
        index: dict[str, Node] = {}
        for key, value in pairs:
            index.setdefault(key.text, value)
        self._index = index

    def __repr__(self) -> str:
        return f"Mapping(pairs={self.pairs!r}, span={self.span!r})"

    def get(self, key: str) -> Node | None:
        return self._index.get(key)

    def key_node(self, key: str) -> Scalar | None:
        return next((k for k, _ in self.pairs if k.text == key), None)

    def mapping(self, key: str) -> Mapping | None:
        value = self._index.get(key)
        return value if isinstance(value, Mapping) else None

    def scalar(self, key: str) -> Scalar | None:
        value = self._index.get(key)
        return value if isinstance(value, Scalar) else None

    def items(self) -> Iterator[tuple[str, Node]]:
        for key, value in self.pairs:
            yield key.text, value


Node = Scalar | Sequence | Mapping


def compose(text: str) -> Node | None:
    """Parse one YAML document; None for an empty one. Raises UnreadableFile."""
    try:
        root = yaml.compose(text.translate(_YAML_ONLY_BREAKS), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise UnreadableFile(
            f"invalid YAML: {error.problem or error}", line=line, column=column
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise UnreadableFile(f"invalid YAML: {type(error).__name__}") from None
    if root is None:
        return None
    return _Copier(text).copy(root, 0)


def compose_all(text: str) -> list[Node]:
    """Every document of a multi-document stream (GitLab, Kubernetes-style files)."""
    try:
        roots = list(yaml.compose_all(text.translate(_YAML_ONLY_BREAKS), Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise UnreadableFile(
            f"invalid YAML: {error.problem or error}",
            line=mark.line + 1 if mark else 1,
            column=mark.column + 1 if mark else 1,
        ) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise UnreadableFile(f"invalid YAML: {type(error).__name__}") from None
    copier = _Copier(text)
    return [copier.copy(root, 0) for root in roots if root is not None]


class _Copier:
    """Copies PyYAML nodes, sharing aliased nodes but counting them as if expanded.

    Copying shares a reused collection, so the copy itself stays small; but a reader walking
    the tree would visit every alias, so the cap counts the tree's size with aliases expanded
    (each shared collection adds the size of its subtree again; a scalar, copied again each
    time, adds one).
    """

    __slots__ = ("done", "expanded", "text")

    def __init__(self, text: str) -> None:
        self.expanded = 0
        self.done: dict[int, tuple[Node, int]] = {}  # by id(): the copy and its expanded size
        self.text = text

    def copy(self, node: yaml.Node, depth: int) -> Node:
        if node.__class__ is _ScalarNode:  # most nodes: no recursion, no sharing to track
            self.expanded += 1
            if self.expanded > MAX_NODES:
                raise UnreadableFile(_TOO_LARGE)
            scalar = _scalar(node)
            if scalar.block and node.style == "|":
                scalar.lines_column = _lines_column(self.text, node.start_mark.index)
            return scalar
        if depth > MAX_DEPTH:
            raise UnreadableFile("YAML nested too deeply")
        known = self.done.get(id(node))
        if known is not None:
            self.expanded += known[1]
            if self.expanded > MAX_NODES:
                raise UnreadableFile(_TOO_LARGE)
            return known[0]
        before = self.expanded
        self.expanded += 1
        copied: Node
        if isinstance(node, yaml.SequenceNode):
            copy = self.copy
            depth += 1
            copied = Sequence(
                items=tuple([copy(item, depth) for item in node.value]), span=_span(node)
            )
        elif isinstance(node, yaml.MappingNode):
            copied = Mapping(pairs=self._pairs(node, depth), span=_span(node))
        elif isinstance(node, yaml.ScalarNode):  # a subclass: PyYAML makes none
            copied = _scalar(node)
        else:  # pragma: no cover - PyYAML has only these three node kinds
            raise UnreadableFile("unexpected YAML node")
        self.done[id(node)] = (copied, self.expanded - before)
        return copied

    def _pairs(self, node: yaml.MappingNode, depth: int) -> tuple[tuple[Scalar, Node], ...]:
        pairs: list[tuple[Scalar, Node]] = []
        merged: list[tuple[Scalar, Node]] = []
        copy = self.copy
        depth += 1
        for key_node, value_node in node.value:
            key = copy(key_node, depth)
            value = copy(value_node, depth)
            if key.__class__ is not Scalar:
                continue
            if key.tag == _MERGE_TAG:
                merged += _merge_sources(value)
            else:
                pairs.append((key, value))
        if not merged:
            return tuple(pairs)
        own = {key.text for key, _ in pairs}
        return tuple(pairs) + tuple((k, v) for k, v in merged if k.text not in own)


_ScalarNode = yaml.ScalarNode
_TOO_LARGE = "YAML too large after alias expansion (alias bomb?)"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _merge_sources(value: Node) -> list[tuple[Scalar, Node]]:
    sources = value.items if isinstance(value, Sequence) else (value,)
    return [pair for source in sources if isinstance(source, Mapping) for pair in source.pairs]


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return _new_span(Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1))


_new_span = tuple.__new__  # a Span from its four values, without the keyword `__new__`


def _scalar(node: yaml.ScalarNode) -> Scalar:
    style = node.style
    quoted = style == "'" or style == '"'
    start, end = node.start_mark, node.end_mark
    line, end_line = start.line + 1, end.line + 1
    # A one-line quoted scalar's span is its text, inside the quotes.
    inside = 1 if quoted and line == end_line else 0
    # Made field by field, not by `Scalar(...)`: a workflow has thousands of scalars, and
    # the keyword call costs more than the rest of the copy.
    scalar = _new_scalar(Scalar)
    scalar.text = node.value
    scalar.tag = node.tag
    scalar.quoted = quoted
    scalar.block = style == "|" or style == ">"
    scalar.lines_column = 0
    scalar.span = _new_span(
        Span, (line, start.column + 1 + inside, end_line, end.column + 1 - inside)
    )
    return scalar


_new_scalar = object.__new__


def _lines_column(text: str, indicator: int) -> int:
    """The column (1-based) of the first line of a literal block whose `|` is at `indicator`:
    the line after it, past its indentation; 0 when there is none."""
    start = text.find("\n", indicator) + 1
    if start == 0:
        return 0
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    content = line.lstrip(" ")
    return len(line) - len(content) + 1 if content.strip() else 0


def value_span(scalar: Scalar, text: str) -> Span:
    """The span of `text` inside a single-line scalar, or of the line of a literal block that
    holds it (falls back to the scalar's span)."""
    if scalar.lines_column:
        return _line_span(scalar, text)
    if scalar.span.line != scalar.span.end_line or scalar.block:
        return scalar.span
    index = scalar.text.find(text)
    if index < 0 or scalar.text != scalar.text.strip("\n"):
        return scalar.span
    column = scalar.span.column + index
    return Span(
        line=scalar.span.line,
        column=column,
        end_line=scalar.span.line,
        end_column=column + len(text),
    )


def _line_span(scalar: Scalar, text: str) -> Span:
    """`text` on its line of a literal block (`python-version: |` then one version a line):
    the block's lines are the file's lines after the `|`, from `lines_column` on. A
    long block (a script, not a list of versions) is not searched: each of its values would
    search it again."""
    if len(scalar.text) > _SEARCHED_BLOCK or not text or "\n" in text:
        return scalar.span
    lines = scalar.text.split("\n")
    # The line that is the value, else the first that holds it (`CIBW_BUILD: |` one pattern
    # of several on a line; an image named in a script's line).
    found = next((i for i, line in enumerate(lines) if line.strip() == text), None)
    at = lines[found].index(text) if found is not None else -1
    if found is None:
        found = next((i for i, line in enumerate(lines) if text in line), None)
        at = lines[found].index(text) if found is not None else -1
    if found is None:
        return scalar.span
    column = scalar.lines_column + at
    number = scalar.span.line + 1 + found
    return Span(line=number, column=column, end_line=number, end_column=column + len(text))


_SEARCHED_BLOCK = 4096
