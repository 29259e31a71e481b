"""A job matrix another job makes from a literal: `matrix: ${{ fromJSON(needs.J.outputs.O) }}`
where job J's output O is `${{ steps.S.outputs.X }}` of a step whose `with:` input is a
YAML or JSON text of matrix shape (`matrix_yaml: |` holding `include: - {python: ...}`).

The action that turns the text into JSON cannot be read (it may filter entries, e.g. on an
`omit:` key): the matrix is read as written, every entry a run. Expressions inside the text
(`omit: ${{ env.skip }}`) are unknown values. Each value keeps where it is written in the
workflow file (exactly for a literal block `|` or a one-line string, else the whole input).
The text is capped in size and parsed with the same safe YAML reader as the file, once
however many jobs take their matrix from it; the texts the jobs use are capped in all (each
job expands its own copy), past which the workflow is a parse-error.
"""

from __future__ import annotations

import bisect
import re

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Span
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.sources.github_actions.matrix import EXPRESSION, Unknown, inner

MAX_TEXT = 64 * 1024
# Each job expands its copy: the cap bounds the product of a matrix's size and the jobs that
# take it (a hostile 64 KB matrix taken by hundreds of jobs), so it is half the text's own.
MAX_USED = MAX_TEXT // 2
_NEEDS_OUTPUT = lazy_re.compile(
    r"^fromJSON\(\s*needs\.(?P<job>[A-Za-z_][\w-]*)\.outputs\.(?P<output>[A-Za-z_][\w-]*)\s*\)$",
    re.IGNORECASE,
)
_STEP_OUTPUT = lazy_re.compile(
    r"^steps\.(?P<step>[A-Za-z_][\w-]*)\.outputs\.(?P<output>[A-Za-z_][\w-]*)$", re.IGNORECASE
)


class StepMatrices:
    """The matrices a workflow's step inputs hold, each looked up and parsed once however
    many jobs take it, and how much of their text the jobs have used so far."""

    __slots__ = ("found", "used")

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], tuple[Scalar, Mapping] | None] = {}
        self.used = 0

    def use(self, value: Scalar) -> None:
        self.used += len(value.text)
        if self.used > MAX_USED:
            raise UnreadableFile(
                f"its jobs take matrices of more than {MAX_USED:,} characters in all from "
                "step inputs; not read",
                line=value.span.line,
            )


def with_step_matrix(
    node: Mapping, jobs: Mapping, lines: list[str], matrices: StepMatrices
) -> Mapping:
    """The job, its matrix replaced by the literal another job's step makes it from; the
    job as it is when its matrix is anything else or the literal cannot be found."""
    strategy = node.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    if strategy is None or not isinstance(matrix, Scalar):
        return node
    literal = _literal(matrix, jobs, lines, matrices)
    if literal is None:
        return node
    new_strategy = replaced(strategy, "matrix", literal)
    return replaced(node, "strategy", new_strategy)


def replaced(mapping: Mapping, key: str, value: Node) -> Mapping:
    """The mapping with `key`'s value replaced (a copy: the nodes are not changed)."""
    pairs = tuple((k, value if k.text == key else v) for k, v in mapping.pairs)
    return Mapping(pairs=pairs, span=mapping.span)


def _literal(
    matrix: Scalar, jobs: Mapping, lines: list[str], matrices: StepMatrices
) -> Mapping | None:
    expression = EXPRESSION.fullmatch(matrix.text.strip())
    needed = _NEEDS_OUTPUT.match(inner(expression)) if expression else None
    if needed is None:
        return None
    key = (needed["job"], needed["output"])
    if key not in matrices.found:
        matrices.found[key] = _output_matrix(jobs, *key, lines)
    found = matrices.found[key]
    if found is None:
        return None
    matrices.use(found[0])
    return found[1]


def _output_matrix(
    jobs: Mapping, job: str, output_name: str, lines: list[str]
) -> tuple[Scalar, Mapping] | None:
    """The step input that holds the matrix a job's output gives, and that matrix."""
    producer = jobs.mapping(job)
    outputs = producer.mapping("outputs") if producer else None
    output = outputs.scalar(output_name) if outputs else None
    source = EXPRESSION.fullmatch(output.text.strip()) if output else None
    step_output = _STEP_OUTPUT.match(inner(source)) if source else None
    if producer is None or step_output is None:
        return None
    steps = producer.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        step_id = step.scalar("id") if isinstance(step, Mapping) else None
        if (
            isinstance(step, Mapping)
            and step_id is not None
            and step_id.text == step_output["step"]
        ):
            return _input_matrix(step, lines)
    return None


def _input_matrix(step: Mapping, lines: list[str]) -> tuple[Scalar, Mapping] | None:
    """The one `with:` input of the step that is a matrix written as text."""
    inputs = step.mapping("with")
    uses = step.scalar("uses")
    if uses is not None and uses.text.split("@", 1)[0].strip().lower() == _ANSIBLE_MATRIX:
        return _minor_range(inputs) if inputs is not None else None
    found = [
        (value, parsed)
        for _, value in (inputs.items() if inputs else ())
        if isinstance(value, Scalar) and (parsed := _parse(value, lines)) is not None
    ]
    return found[0] if len(found) == 1 else None


def _parse(value: Scalar, lines: list[str]) -> Mapping | None:
    text = value.text
    if len(text) > MAX_TEXT or not any(c in text for c in ":{"):
        return None
    masked, expressions = _masked(text)
    try:
        root = compose(masked)
    except UnreadableFile:
        return None
    if not isinstance(root, Mapping) or not _matrix_shaped(root):
        return None
    place = _placer(value, lines)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    relocated = _relocate(root, _Source(text, starts, expressions, place), {})
    return relocated if isinstance(relocated, Mapping) else None


def _masked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with each `${{ }}` as plain letters of the same length (so a flow mapping
    still parses and positions stay), and where the expressions were."""
    expressions = [(m.start(), m.end()) for m in EXPRESSION.finditer(text)]
    parts: list[str] = []
    last = 0
    for start, end in expressions:
        parts += [text[last:start], "x" * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts), expressions


def _matrix_shaped(root: Mapping) -> bool:
    """A mapping of lists (`include` / `exclude` of mappings), with at least one entry."""
    if not root.pairs:
        return False
    for key, value in root.items():
        if not isinstance(value, Sequence) or not value.items:
            return False
        if key in {"include", "exclude"} and not all(isinstance(i, Mapping) for i in value.items):
            return False
    return True


def _placer(value: Scalar, lines: list[str]) -> _Place:
    """Maps a span in the input's text to the file: line by line for a literal block (its
    lines are the file's, less the indentation), by column for a one-line string written as
    it reads, else the input's whole span."""
    span = value.span
    start = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    if value.block and start[span.column - 1 : span.column] == "|":
        indent = _block_indent(lines, span.line)
        if indent is not None:
            return _Place(line=span.line, column=indent, whole=span)
    if not value.block and span.line == span.end_line and "\n" not in value.text:
        written = start[span.column - 1 : span.column - 1 + len(value.text)]
        if written == value.text:
            return _Place(line=span.line - 1, column=span.column - 1, whole=span)
    return _Place(line=None, column=0, whole=span)


class _Place:
    __slots__ = ("column", "line", "whole")

    def __init__(self, *, line: int | None, column: int, whole: Span) -> None:
        self.line = line  # the file line before the text's first; None: not mappable
        self.column = column  # columns before the text's on each line
        self.whole = whole

    def span(self, inner_span: Span) -> Span:
        if self.line is None:
            return self.whole
        return Span(
            line=self.line + inner_span.line,
            column=self.column + inner_span.column,
            end_line=self.line + inner_span.end_line,
            end_column=self.column + inner_span.end_column,
        )


def _block_indent(lines: list[str], indicator_line: int) -> int | None:
    for line in lines[indicator_line : indicator_line + 1000]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return None


class _Source:
    """The input's text, where its lines start, its expressions and how to place it."""

    __slots__ = ("ends", "expressions", "place", "starts", "text")

    def __init__(
        self, text: str, starts: list[int], expressions: list[tuple[int, int]], place: _Place
    ) -> None:
        self.text = text
        self.starts = starts
        self.expressions = expressions
        self.ends = [e for _, e in expressions]
        self.place = place

    def overlaps(self, start: int, end: int) -> bool:
        """Does an expression lie across [start, end)? (The expressions are in order.)"""
        index = bisect.bisect_right(self.ends, start)
        return index < len(self.expressions) and self.expressions[index][0] < end

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1 if line <= len(self.starts) else len(self.text)


def _relocate(node: Node, source: _Source, done: dict[int, Node]) -> Node:
    """The node with its spans in the file; a scalar written with an expression is
    `Unknown`. Shared (aliased) nodes stay shared."""
    known = done.get(id(node))
    if known is not None:
        return known
    copied: Node
    if isinstance(node, Scalar):
        copied = _scalar(node, source)
    elif isinstance(node, Sequence):
        items = tuple(_relocate(i, source, done) for i in node.items)
        copied = Sequence(items=items, span=source.place.span(node.span))
    else:
        pairs = tuple(
            (
                _relocate(k, source, done),
                _relocate(v, source, done),
            )
            for k, v in node.pairs
        )
        copied = Mapping(
            pairs=tuple((k, v) for k, v in pairs if isinstance(k, Scalar)),
            span=source.place.span(node.span),
        )
    done[id(node)] = copied
    return copied


def _scalar(node: Scalar, source: _Source) -> Scalar:
    span = source.place.span(node.span)
    start = source.offset(node.span.line, node.span.column)
    end = source.offset(node.span.end_line, node.span.end_column)
    if not source.overlaps(start, end):
        return Scalar(text=node.text, tag=node.tag, quoted=node.quoted, block=node.block, span=span)
    one_line = node.span.line == node.span.end_line
    written = source.text[start:end] if one_line else node.text
    return Unknown(text=written, tag=node.tag, quoted=True, block=node.block, span=span)


_ANSIBLE_MATRIX = "ansible/actions/matrix"
_RANGE_MINOR = lazy_re.compile(r"3\.(?P<minor>[0-9]{1,2})")
_MAX_RANGE = 16


def _minor_range(inputs: Mapping) -> tuple[Scalar, Mapping] | None:
    """ansible's matrix action: a `python_version` axis of every minor from `min_python` to
    `max_python` (its tox environments on each; `other_names` run on `default_python`, a
    tool's Python, not read). A minor between the two is said where the range starts."""
    low, high = inputs.scalar("min_python"), inputs.scalar("max_python")
    found = [_RANGE_MINOR.fullmatch(edge.text.strip()) if edge else None for edge in (low, high)]
    if low is None or high is None or found[0] is None or found[1] is None:
        return None
    first, last = int(found[0]["minor"]), int(found[1]["minor"])
    if not 0 <= last - first <= _MAX_RANGE:
        return None
    values = [low] + [
        Scalar(text=f"3.{minor}", tag=low.tag, quoted=True, block=False, span=low.span)
        for minor in range(first + 1, last)
    ]
    values += [high] if last > first else []
    axis = Sequence(items=tuple(values), span=low.span)
    key = Scalar(text="python_version", tag=low.tag, quoted=False, block=False, span=low.span)
    return low, Mapping(pairs=((key, axis),), span=inputs.span)
