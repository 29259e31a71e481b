"""Woodpecker CI: `.woodpecker.yml` / `.woodpecker.yaml` and the YAML files of `.woodpecker/`.

Each step's `image:` (`steps:` as a mapping of named steps or a list, or the older
`pipeline:`) declares its Python (`python:3.12-slim`). `${NAME}` / `$NAME` in an image are
replaced by each row of the workflow's `matrix:` (its axes, or its `include:` rows); a step
whose `when:` names `matrix:` values runs only in the rows that have them. The version is
declared where the matrix writes it; several values are a test matrix of the step. The
purpose comes from the step's `commands:`.
"""

from __future__ import annotations

import itertools

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.sources._common import WorkBudget, pin
from pyparity.sources._yaml_values import fill_template, filled_image_python, image_pin
from pyparity.textfile import TextFile

KIND = "woodpecker"
_NAMES = frozenset({".woodpecker.yml", ".woodpecker.yaml"})
_VARIABLE = lazy_re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*+)\}|(?P<bare>[A-Za-z_]\w*+))")
_MAX_ROWS = 256
_MAX_WORK = 1 << 16
"""Matrix rows looked at over all steps (each costs the step's `when:` and image): past it,
or past the declarations any file may hold, the steps times the rows are a hostile file."""

Row = dict[str, Scalar]


def matches(path: str) -> bool:
    folders, _, name = path.rpartition("/")
    if name in _NAMES:
        return True
    return folders.split("/")[-1:] == [".woodpecker"] and name.endswith((".yml", ".yaml"))


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Woodpecker workflow must be a mapping", line=root.span.line)
    rows = _rows(root.get("matrix"))
    found: list[Declaration] = []
    work = WorkBudget(_MAX_WORK, "step and matrix row combinations")
    for name, step in _steps(root):
        found += _step(file, name, step, rows, work)
        if len(found) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its steps and matrix rows declare more than {MAX_DECLARATIONS_PER_FILE} "
                "versions; not read"
            )
    return found


def _steps(root: Mapping) -> list[tuple[str, Mapping]]:
    steps = root.get("steps") or root.get("pipeline")
    if isinstance(steps, Mapping):
        return [(name, step) for name, step in steps.items() if isinstance(step, Mapping)]
    named = []
    for index, step in enumerate(steps.items if isinstance(steps, Sequence) else (), start=1):
        if isinstance(step, Mapping):
            label = step.scalar("name")
            named.append((label.text if label else f"step {index}", step))
    return named


def _rows(matrix: Node | None) -> list[Row]:
    """The matrix's rows: its `include:` list, else every combination of its axes."""
    if not isinstance(matrix, Mapping):
        return [{}]
    include = matrix.get("include")
    if isinstance(include, Sequence):
        return [
            {key: value for key, value in row.items() if isinstance(value, Scalar)}
            for row in include.items[:_MAX_ROWS]
            if isinstance(row, Mapping)
        ] or [{}]
    axes = [
        [(name, value) for value in values.items if isinstance(value, Scalar)]
        for name, values in matrix.items()
        if isinstance(values, Sequence)
    ]
    combinations = itertools.islice(itertools.product(*axes), _MAX_ROWS)
    return [dict(combination) for combination in combinations] or [{}]


def _wanted(step: Mapping) -> list[Mapping]:
    """The `matrix:` values the step's `when:` conditions ask for (any one of them)."""
    when = step.get("when")
    conditions = when.items if isinstance(when, Sequence) else (when,)
    return [
        matrix
        for condition in conditions
        if isinstance(condition, Mapping) and (matrix := condition.mapping("matrix")) is not None
    ]


def _runs_in(wanted: list[Mapping], row: Row) -> bool:
    """False when the step's `when:` asks for matrix values this row does not have."""
    if not wanted:
        return True
    return any(
        all(
            key in row and isinstance(value, Scalar) and row[key].text == value.text
            for key, value in matrix.items()
        )
        for matrix in wanted
    )


def _step(
    file: TextFile, name: str, step: Mapping, rows: list[Row], work: WorkBudget
) -> list[Declaration]:
    image = step.scalar("image")
    if image is None:
        return []
    commands = step.get("commands")
    texts = (
        [c.text for c in commands.items if isinstance(c, Scalar)]
        if isinstance(commands, Sequence)
        else ([commands.text] if isinstance(commands, Scalar) else [])
    )
    purpose, why = classify_job(name, "", texts, [])
    context = f"step {name}, {purpose.value}: {why}"
    if _VARIABLE.search(image.text) is None:
        made = image_pin(file, image, source=KIND, context=context, purpose=purpose)
        return [made] if made is not None else []
    wanted = _wanted(step)
    work.spend(len(rows) * (1 + sum(len(m.pairs) for m in wanted) + len(image.text) // 64))
    values: list[tuple[Scalar, str]] = []
    seen: set[int] = set()
    for row in rows:
        if not _runs_in(wanted, row):
            continue
        found = _from_row(image.text, row)
        if found is not None and id(found[0]) not in seen:
            seen.add(id(found[0]))
            values.append(found)
    is_set = len({version for _, version in values}) > 1
    declared = []
    for scalar, version in values:
        made = pin(
            file.path,
            scalar.span,
            version,
            source=KIND,
            context=f"{context}, matrix",
            purpose=purpose,
            role=Role.MATRIX if is_set else Role.PIN,
            group=f"{file.path} step {name}" if is_set else "",
        )
        declared.append(made)
    return declared


def _from_row(image: str, row: Row) -> tuple[Scalar, str] | None:
    """The matrix scalar that writes the image's Python in this row, and that version."""
    filled = fill_template(
        image, _VARIABLE.finditer(image), lambda found: row.get(found["braced"] or found["bare"])
    )
    return filled_image_python(*filled) if filled is not None else None
