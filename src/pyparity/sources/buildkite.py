"""Buildkite: the YAML pipelines of `.buildkite/` (any file there) and `buildkite.yml`.

A command step's Python is, first found: its docker plugin's `image:` (`docker#v5.12.0:
{image: python:3.12-slim}`), its own `image:`, its `PYTHON_VERSION` environment variable
(the convention of pipelines whose scripts build `python:${PYTHON_VERSION}`: `3.13-bookworm`
is read as that tag), then the pipeline's `env:` and `image:`. `{{ matrix }}` and
`{{ matrix.NAME }}` are filled from the step's `matrix:` (a list, or `setup:` lists with
`adjustments:` that add combinations, skip them or let them soft-fail), and `$VAR` /
`${VAR}` from the step's and the pipeline's `env:`; the version is declared where it is
written. Several values are the step's test matrix. Steps inside `group:` steps are read;
the purpose comes from the step's `command:` / `commands:` and its label. A step with
`soft_fail` tries its Python without promising it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import ImagePython, parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import image_python_pin
from pyparity.sources._yaml_values import Piece, fill_template, is_true, piece_at, text_span
from pyparity.textfile import TextFile

KIND = "buildkite"
_ROOT_NAMES = frozenset({"buildkite.yml", "buildkite.yaml"})
_REFERENCE = lazy_re.compile(
    r"\{\{\s*+matrix(?:\.(?P<dimension>[A-Za-z0-9_-]++))?\s*+\}\}"
    r"|\$(?:\{(?P<braced>[A-Za-z_]\w*+)\}|(?P<bare>[A-Za-z_]\w*+))"
)
_VARIABLE = "PYTHON_VERSION"
_PREFIX = "python:"
"""A PYTHON_VERSION value is read as the tag of the python image it names."""
_MAX_ROWS = 256
_BASE_WORK = 4096
"""Matrix rows looked at over all steps, plus one per 16 characters of the file: past it,
the steps times the rows (a matrix many steps take through an alias) are a hostile file."""
_MAX_DEPTH = 4  # group steps within group steps
_SCRIPT_LINES = 200

Row = dict[str, Scalar]
"""A matrix combination: dimension name ("" for a one-dimension matrix) -> its value."""


def matches(path: str) -> bool:
    folders, _, name = path.rpartition("/")
    if not folders:
        return name in _ROOT_NAMES
    return ".buildkite" in folders.split("/") and name.endswith((".yml", ".yaml"))


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    pipeline: Mapping | None = None
    steps: Node | None = root  # a pipeline may be its list of steps
    if isinstance(root, Mapping):
        pipeline, steps = root, root.get("steps")
    elif not isinstance(root, Sequence):
        raise UnreadableFile("a Buildkite pipeline must be a mapping or a list of steps")
    reading = _Reading(file, pipeline)
    for index, step in _steps(steps, 0):
        reading.step(index, step)
    return reading.declarations()


def _steps(node: Node | None, depth: int) -> Iterator[tuple[int, Mapping]]:
    if not isinstance(node, Sequence) or depth > _MAX_DEPTH:
        return
    for index, step in enumerate(node.items, start=1):
        if not isinstance(step, Mapping):
            continue
        if step.get("group") is not None and step.get("steps") is not None:
            yield from _steps(step.get("steps"), depth + 1)
        elif any(step.get(key) is not None for key in ("command", "commands", "plugins")):
            yield index, step  # (a plugin may run the step: docker-compose's `run:`)


class _Reading:
    """The declarations of the steps read so far, one per place a version is written:
    steps that share a matrix through a YAML alias declare its values once."""

    __slots__ = ("budget", "by_place", "env", "file", "image", "made", "work")

    def __init__(self, file: TextFile, pipeline: Mapping | None) -> None:
        self.file = file
        self.env = _env(pipeline)
        self.image = _scalar(pipeline.get("image")) if pipeline is not None else None
        self.by_place: dict[tuple[int, int], Declaration] = {}
        self.made: dict[tuple[str, int, tuple[int, ...]], Declaration | None] = {}
        self.work = 0
        self.budget = _BASE_WORK + len(file.text) // 16

    def step(self, index: int, step: Mapping) -> None:
        env = {**self.env, **_env(step)}
        source = _python_source(step, env) or (
            (self.image, False) if self.image is not None else None
        )
        if source is None:
            return
        written, is_variable = source
        label = _label(step, index)
        purpose, why = classify_job(label, "", _commands(step), [], every_step=True)
        may_fail = _soft_fail(step.get("soft_fail"))
        context = f"step {label}" + (", allowed to fail (soft_fail)" if may_fail else "")
        context += f", {purpose.value}: {why}"
        if _REFERENCE.search(written.text) is None:
            made = _declare(self.file, written, written.text, [], is_variable)
            if made is not None:
                self._add(replace(made, context=context, purpose=purpose, may_fail=may_fail))
            return
        rows = _rows(step.get("matrix"))
        self.work += len(rows) * (1 + len(written.text) // 64)
        if self.work > self.budget:
            raise UnreadableFile(f"more than {self.budget:,} step and matrix rows to look at")
        made_by_place: dict[tuple[int, int], Declaration] = {}
        failing: dict[tuple[int, int], bool] = {}
        for row, row_fails in rows:
            filled = _fill(written.text, row, env)
            if filled is None:
                continue
            text, pieces = filled
            key = (text, id(written), tuple(id(scalar) for _, _, scalar in pieces))
            if key not in self.made:  # rows that differ in other dimensions fill it alike
                self.made[key] = _declare(self.file, written, text, pieces, is_variable)
            made = self.made[key]
            if made is None:
                continue
            place = (made.span.line, made.span.column)
            made_by_place.setdefault(place, made)
            failing[place] = failing.get(place, True) and (may_fail or row_fails)
        is_set = len({d.raw for d in made_by_place.values()}) > 1
        for place, made in made_by_place.items():
            self._add(
                replace(
                    made,
                    context=f"{context}, matrix" if is_set else context,
                    purpose=purpose,
                    may_fail=failing[place],
                    role=Role.MATRIX if is_set else made.role,
                    group=f"{self.file.path} step {label}" if is_set else "",
                )
            )

    def _add(self, declaration: Declaration) -> None:
        place = (declaration.span.line, declaration.span.column)
        kept = self.by_place.get(place)
        if kept is None or (
            kept.purpose is not Purpose.RUNTIME and declaration.purpose is Purpose.RUNTIME
        ):
            self.by_place[place] = declaration
        if len(self.by_place) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its steps declare more than {MAX_DECLARATIONS_PER_FILE} versions; not read"
            )

    def declarations(self) -> list[Declaration]:
        return [self.by_place[place] for place in sorted(self.by_place)]


def _scalar(node: Node | None) -> Scalar | None:
    return node if isinstance(node, Scalar) and node.text.strip() else None


def _env(node: Mapping | None) -> dict[str, Scalar]:
    env = node.mapping("env") if node is not None else None
    if env is None:
        return {}
    return {name: value for name, value in env.items() if isinstance(value, Scalar)}


def _python_source(step: Mapping, env: dict[str, Scalar]) -> tuple[Scalar, bool] | None:
    """Where the step's Python is written, and whether it is a PYTHON_VERSION value (a tag)
    rather than an image."""
    plugins = step.get("plugins")
    entries = plugins.items if isinstance(plugins, Sequence) else (plugins,)
    for entry in entries:
        for name, settings in entry.items() if isinstance(entry, Mapping) else ():
            plugin = name.rpartition("/")[2].split("#", 1)[0]
            if plugin in {"docker", "docker-buildkite-plugin"} and isinstance(settings, Mapping):
                image = _scalar(settings.get("image"))
                if image is not None:
                    return image, False
    image = _scalar(step.get("image"))
    if image is not None:
        return image, False
    version = env.get(_VARIABLE)
    return (version, True) if version is not None and version.text.strip() else None


def _label(step: Mapping, index: int) -> str:
    for key in ("label", "name", "key"):
        found = _scalar(step.get(key))
        if found is not None:
            return found.text.strip()
    return str(index)


def _commands(step: Mapping) -> list[str]:
    lines: list[str] = []
    for key in ("command", "commands"):
        node = step.get(key)
        items = node.items if isinstance(node, Sequence) else (node,)
        lines += [item.text for item in items[:_SCRIPT_LINES] if isinstance(item, Scalar)]
    return lines


def _soft_fail(node: Node | None) -> bool:
    """`soft_fail: true`, or a list of exit statuses (`- exit_status: "*"` is every one)."""
    if isinstance(node, Sequence):
        return any(
            isinstance(item, Mapping)
            and (status := item.scalar("exit_status")) is not None
            and status.text.strip() == "*"
            for item in node.items
        )
    return is_true(node)


def _rows(matrix: Node | None) -> list[tuple[Row, bool]]:
    """The matrix's combinations, each with whether it may fail (`soft_fail` adjustments)."""
    setup = matrix.get("setup") if isinstance(matrix, Mapping) else matrix
    if isinstance(setup, Sequence):
        rows = [{"": value} for value in setup.items[:_MAX_ROWS] if isinstance(value, Scalar)]
    elif isinstance(setup, Mapping):
        axes = [
            [(name, value) for value in values.items if isinstance(value, Scalar)]
            for name, values in setup.items()
            if isinstance(values, Sequence)
        ]
        rows = [dict(c) for c in itertools.islice(itertools.product(*axes), _MAX_ROWS)]
    else:
        return [({}, False)]
    fails = [False] * len(rows)
    adjustments = matrix.get("adjustments") if isinstance(matrix, Mapping) else None
    for adjustment in adjustments.items if isinstance(adjustments, Sequence) else ():
        if not isinstance(adjustment, Mapping):
            continue
        wanted = _with(adjustment.get("with"))
        if wanted is None:
            continue
        skip = adjustment.get("skip")
        skipped = skip is not None and not (isinstance(skip, Scalar) and skip.text == "false")
        soft = _soft_fail(adjustment.get("soft_fail"))
        matching = [i for i, row in enumerate(rows) if _same(row, wanted)]
        if skipped:
            kept = [i for i in range(len(rows)) if i not in set(matching)]
            rows, fails = [rows[i] for i in kept], [fails[i] for i in kept]
        elif matching:
            for i in matching:
                fails[i] = fails[i] or soft
        elif len(rows) < _MAX_ROWS:
            rows.append(wanted)
            fails.append(soft)
    return list(zip(rows, fails, strict=True)) or [({}, False)]


def _with(node: Node | None) -> Row | None:
    if isinstance(node, Scalar):
        return {"": node}
    if isinstance(node, Mapping):
        return {name: value for name, value in node.items() if isinstance(value, Scalar)}
    return None


def _same(row: Row, wanted: Row) -> bool:
    return all(name in row and row[name].text == value.text for name, value in wanted.items())


def _fill(template: str, row: Row, env: dict[str, Scalar]) -> tuple[str, list[Piece]] | None:
    """The template with its matrix and variable references filled, and where each value
    landed; None when one has no value here (or is itself a variable's: left as written)."""

    def value_of(found: re.Match[str]) -> Scalar | None:
        if found.group(0).startswith("{{"):
            return row.get(found["dimension"] or "")
        value = env.get(found["braced"] or found["bare"])
        return value if value is None or "$" not in value.text else None

    return fill_template(template, _REFERENCE.finditer(template), value_of)


def _declare(
    file: TextFile, written: Scalar, text: str, pieces: list[Piece], is_variable: bool
) -> Declaration | None:
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    python = _parse(stripped, is_variable)
    if python is None:
        return None
    start, end = python.start + lead, python.end + lead
    piece = piece_at(pieces, start, end)
    if piece is not None:
        begin, _, scalar = piece
        at = scalar.text.find(scalar.text.strip()) + start - begin
        span = text_span(file, scalar, at, at + end - start)
    elif pieces:
        return None  # the version spans a value and the text around it
    else:
        at = written.text.find(stripped) + python.start
        span = text_span(file, written, at, at + end - start)
    raw = stripped
    return image_python_pin(file.path, span, raw, python, source=KIND)


def _parse(text: str, is_variable: bool) -> ImagePython | None:
    if not is_variable:
        return parse_image(text)
    python = parse_image(_PREFIX + text)
    if python is None or python.start < len(_PREFIX):
        return None
    return replace(python, start=python.start - len(_PREFIX), end=python.end - len(_PREFIX))
