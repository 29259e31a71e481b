"""Cirrus CI: `.cirrus.yml` / `.cirrus.yaml` at the repository's root.

Each task (a top-level `task:` or `NAME_task:`) runs in the image of its `container:`,
`arm_container:`, `gke_container:` or `windows_container:` (`image: python:3.12-slim`). A
`matrix:` anywhere in a task (the task's own, its container's, its `env:`'s) makes one task
of each of its children, as Cirrus does: the child's keys take the `matrix:` node's place. A
`$VAR` / `${VAR}` in the image is filled from the task's `env:` (or `environment:`) over the
file's own, and declared where that value is written. A task with several Pythons is a test
matrix; one with `allow_failures: true` tries its Python without promising it. The purpose
comes from the task's name and its `*_script:` instructions. Tasks of a `.cirrus.star`
(Starlark) are not read: they are code.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job, is_tooling_job_name
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import WorkBudget, pin
from pyparity.sources._yaml_values import (
    fill_template,
    filled_image_python,
    image_pin,
    is_true,
    unresolved_image,
)
from pyparity.textfile import TextFile

KIND = "cirrus-ci"
_NAMES = frozenset({".cirrus.yml", ".cirrus.yaml"})
_CONTAINERS = ("container", "arm_container", "gke_container", "windows_container")
_ENVIRONMENTS = ("env", "environment")
# Where a `matrix:` multiplies the task in ways that can change its Python: the task itself,
# its container and its environment. (A cache's or an artifact's own keys cannot.)
_EXPANDED = frozenset((*_CONTAINERS, *_ENVIRONMENTS))
_VARIABLE = lazy_re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*+)\}|(?P<bare>[A-Za-z_]\w*+))")
_MAX_VARIANTS = 256
"""Tasks one task's matrices make, at most (Cirrus itself refuses far fewer)."""
_MAX_WORK = 1 << 18
"""Keys copied while tasks are expanded, and commands classified (a unit per 16
characters), over the whole file: past it the matrices are a hostile file's product, not a
CI configuration."""
_CHARACTERS_PER_UNIT = 16

Expanded = dict[str, "Node | Expanded"]
"""A mapping with its matrices resolved: one task (or container, or environment) of them."""


def matches(path: str) -> bool:
    return path in _NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Cirrus CI configuration must be a mapping", line=root.span.line)
    shared = _environment(root)
    work = _Work()
    found: dict[tuple[int, int, str], Declaration] = {}
    for name, task in _tasks(root):
        for declaration in _task(file, name, task, shared, work):
            key = (declaration.span.line, declaration.span.column, declaration.raw)
            kept = found.get(key)
            # An image a YAML alias gives several tasks is declared once: as a test's, if any.
            if kept is None or (
                kept.purpose is not Purpose.RUNTIME and declaration.purpose is Purpose.RUNTIME
            ):
                found[key] = declaration
        if len(found) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its tasks declare more than {MAX_DECLARATIONS_PER_FILE} versions; not read"
            )
    return list(found.values())


class _Work(WorkBudget):
    __slots__ = ("classified",)

    def __init__(self) -> None:
        super().__init__(_MAX_WORK, "task keys and classified commands")
        self.classified: dict[tuple[str, tuple[int, ...]], tuple[Purpose, str]] = {}
        """Purposes by script nodes (and the task's name where it names a tooling job): a
        template's scripts, shared by every task that merges it and every variant of a
        task, are classified once."""

    def purpose(self, title: str, scripts: list[Scalar]) -> tuple[Purpose, str]:
        named = title if is_tooling_job_name(title) else ""
        key = (named, tuple(id(script) for script in scripts))
        known = self.classified.get(key)
        if known is None:
            texts = [script.text for script in scripts]
            self.spend(1 + sum(map(len, texts)) // _CHARACTERS_PER_UNIT)
            known = self.classified[key] = classify_job(title, "", texts, [])
        return known


def _tasks(root: Mapping) -> Iterator[tuple[str, Mapping]]:
    for key, value in root.items():
        if isinstance(value, Mapping) and (key == "task" or key.endswith("_task")):
            yield key.removesuffix("_task") or key, value


def _environment(node: Expanded | Mapping) -> dict[str, Scalar]:
    variables: dict[str, Scalar] = {}
    for key in _ENVIRONMENTS:
        values = node.get(key)
        pairs = values.items() if isinstance(values, (Mapping, dict)) else ()
        variables.update((name, value) for name, value in pairs if isinstance(value, Scalar))
    return variables


def _expand(node: Mapping, work: _Work) -> list[Expanded]:
    """The mappings `node`'s matrices make (at most `_MAX_VARIANTS`), each with its
    containers and environments expanded too."""
    variants: list[Expanded] = [{}]
    for key, value in node.items():
        if key == "matrix":
            children = [expanded for child in _children(value) for expanded in _expand(child, work)]
            if children:
                variants = _combine(variants, children, work)
        elif key in _EXPANDED and isinstance(value, Mapping):
            options = _expand(value, work)
            variants = _combine(variants, [{key: option} for option in options], work)
        else:
            work.spend(len(variants))
            for variant in variants:
                variant[key] = value
    return variants


def _children(matrix: Node) -> list[Mapping]:
    """A matrix's children: a list of mappings, or (Cirrus's older spelling) a mapping whose
    repeated keys are one child each (`image: node:latest`, `image: node:lts`)."""
    if isinstance(matrix, Sequence):
        return [child for child in matrix.items if isinstance(child, Mapping)]
    if isinstance(matrix, Mapping):
        return [Mapping(pairs=(pair,), span=pair[0].span) for pair in matrix.pairs]
    return []


def _combine(variants: list[Expanded], children: list[Expanded], work: _Work) -> list[Expanded]:
    combined: list[Expanded] = []
    for variant in variants:
        for child in children:
            if len(combined) == _MAX_VARIANTS:
                return combined
            work.spend(len(variant) + len(child))
            merged = dict(variant)
            for key, value in child.items():
                existing = merged.get(key)
                # A child's container or environment adds to the task's, key by key.
                if isinstance(existing, dict) and isinstance(value, dict):
                    merged[key] = {**existing, **value}
                else:
                    merged[key] = value
            combined.append(merged)
    return combined


def _task(
    file: TextFile, name: str, task: Mapping, shared: dict[str, Scalar], work: _Work
) -> list[Declaration]:
    variants = _expand(task, work)
    found: list[tuple[Declaration, bool]] = []
    for variant in variants:
        image = _image(variant)
        if image is None:
            continue
        label = variant.get("name")
        title = label.text if isinstance(label, Scalar) else name
        purpose, why = work.purpose(title, _scripts(variant))
        may_fail = is_true(_node(variant.get("allow_failures")))
        context = f"task {title}" + (", allowed to fail (allow_failures)" if may_fail else "")
        context += f", {purpose.value}: {why}"
        environment = {**shared, **_environment(variant)}
        declared = _declared(file, image, environment, context, purpose)
        if declared is not None:
            found.append((declared, may_fail))
    versions = {d.raw for d, _ in found if d.role is not Role.UNRESOLVED}
    is_set = len(versions) > 1
    return [
        replace(
            declaration,
            role=Role.MATRIX if is_set and declaration.role is Role.PIN else declaration.role,
            group=f"{file.path} task {name}" if is_set else declaration.group,
            may_fail=may_fail,
        )
        for declaration, may_fail in found
    ]


def _node(value: Node | Expanded | None) -> Node | None:
    return None if isinstance(value, dict) else value


def _image(variant: Expanded) -> Scalar | None:
    for key in _CONTAINERS:
        container = variant.get(key)
        if isinstance(container, dict):
            image = container.get("image")
            if isinstance(image, Scalar) and image.text.strip():
                return image
    return None


def _scripts(variant: Expanded) -> list[Scalar]:
    """The commands of the task's `script:` and `*_script:` instructions, in order."""
    commands: list[Scalar] = []
    for key, value in variant.items():
        if key != "script" and not key.endswith("_script"):
            continue
        if isinstance(value, Scalar):
            commands.append(value)
        elif isinstance(value, Sequence):
            commands += [item for item in value.items if isinstance(item, Scalar)]
    return commands


def _declared(
    file: TextFile,
    image: Scalar,
    environment: dict[str, Scalar],
    context: str,
    purpose: Purpose,
) -> Declaration | None:
    if _VARIABLE.search(image.text) is None:
        return image_pin(file, image, source=KIND, context=context, purpose=purpose)
    filled = fill_template(
        image.text,
        _VARIABLE.finditer(image.text),
        lambda found: environment.get(found["braced"] or found["bare"]),
    )
    if filled is None:
        return unresolved_image(file, image, source=KIND, context=context, purpose=purpose)
    found = filled_image_python(*filled)
    if found is None:
        return None
    written, version = found
    return pin(
        file.path,
        written.span,
        version,
        source=KIND,
        context=f"{context}, from env",
        purpose=purpose,
    )
