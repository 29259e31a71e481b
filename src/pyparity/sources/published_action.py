"""A GitHub Action the repository publishes: `action.yml` / `action.yaml` at its root (the
repository's own `.github/actions/**` are read with the workflows).

Reads the literal `python-version` of its `actions/setup-python` steps (the Python that runs
the action's tool for its users) and the literal default of an input named for the Python
(`python-versions: {default: "3.10, 3.11"}`: the Pythons it sets up for them). Tooling: not
this project's CI or runtime; each should still lie inside the supported range (an
`outside-range` warning at most). An expression (`${{ inputs.x }}`) is not read.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources._yaml_values import scalar_pin, text_span
from pyparity.textfile import TextFile

KIND = "action"
_NAMES = frozenset({"action.yml", "action.yaml"})
_SETUP_PYTHON = "actions/setup-python"
_VERSION = lazy_re.compile(r"3\.\d{1,2}(?:\.\d{1,3})?")
_ITEM = lazy_re.compile(r"[^\s,]++")


def matches(path: str) -> bool:
    return path in _NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("an action's metadata must be a mapping", line=root.span.line)
    found = [*_input_defaults(file, root), *_setup_steps(file, root)]
    return found[:MAX_DECLARATIONS_PER_FILE]


def _input_defaults(file: TextFile, root: Mapping) -> Iterator[Declaration]:
    inputs = root.mapping("inputs")
    if inputs is None:
        return
    for name, spec in inputs.items():
        if "python" not in name.lower() or not isinstance(spec, Mapping):
            continue
        default = spec.scalar("default")
        if default is None or "${{" in default.text:
            continue
        for item in _ITEM.finditer(default.text):
            if _VERSION.fullmatch(item[0]) is None:
                continue
            declaration = pin(
                file.path,
                text_span(file, default, item.start(), item.end()),
                item[0],
                source=KIND,
                context=f"published action, input {name} default, tooling",
                purpose=Purpose.TOOLING,
                group=f"{file.path} input {name}",
            )
            yield declaration


def _setup_steps(file: TextFile, root: Mapping) -> Iterator[Declaration]:
    runs = root.mapping("runs")
    steps = runs.get("steps") if runs is not None else None
    if not isinstance(steps, Sequence):
        return
    for index, step in enumerate(steps.items, start=1):
        if not isinstance(step, Mapping):
            continue
        uses = step.scalar("uses")
        if uses is None or uses.text.strip().split("@", 1)[0] != _SETUP_PYTHON:
            continue
        version = step.mapping("with")
        scalar = version.scalar("python-version") if version is not None else None
        if not isinstance(scalar, Scalar) or "${{" in scalar.text or not scalar.text.strip():
            continue
        declaration = scalar_pin(
            file,
            scalar,
            source=KIND,
            context=f"published action, step {index}, setup-python, runs the action's tool",
            purpose=Purpose.TOOLING,
        )
        yield replace(declaration, raw=scalar.text.strip())
