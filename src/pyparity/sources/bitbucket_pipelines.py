"""Bitbucket Pipelines: `bitbucket-pipelines.yml`.

Each step's `image:` (a string or `{name: ...}`; the step's own, else the file's top-level
`image:`) declares the step's Python (`python:3.12-slim`). Steps are found in every pipeline
(`default`, and each of `branches`, `tags`, `bookmarks`, `pull-requests`, `custom`), in
`parallel:` groups (a list of steps or `steps:`) and `stage:`s; a step written once under
`definitions:` and used through a YAML alias is one step. The purpose comes from the step's
`script:` lines. Bitbucket does not put variables into an image's name, so an image with a
`$` declares nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.sources._yaml_values import image_pin
from pyparity.textfile import TextFile

KIND = "bitbucket-pipelines"
_SECTIONS = frozenset({"branches", "tags", "bookmarks", "pull-requests", "custom"})
"""Pipeline sections that map a name (a branch pattern, a custom pipeline's name) to steps;
`default` is a list of steps itself."""
_MAX_STEPS = 4096
"""Steps looked at (an alias may list one step many times); past it the file is hostile."""
_SCRIPT_LINES = 200  # script lines a step's purpose is read from
_SCRIPT_BUDGET = 1 << 20
"""Characters of script classified per file; past it, each step's first 256."""
_SCRIPT_PER_STEP = 256
_PURPOSE_ORDER = (Purpose.RUNTIME, Purpose.BUILD, Purpose.UNKNOWN, Purpose.TOOLING)
"""Which step's view of a shared image wins: the one that runs the project."""


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "bitbucket-pipelines.yml"


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Bitbucket Pipelines file must be a mapping", line=root.span.line)
    default_image = _image_of(root.get("image"))
    reading = _Reading(file, default_image)
    for label, step in _steps(root.get("pipelines")):
        reading.step(label, step)
    return reading.declarations()


def _steps(pipelines: Node | None) -> Iterator[tuple[str, Mapping]]:
    """Each step of each pipeline, with a label for steps without a name."""
    if not isinstance(pipelines, Mapping):
        return
    for section, node in pipelines.items():
        if section == "default":
            yield from _listed("default", node)
        elif section in _SECTIONS and isinstance(node, Mapping):
            for name, steps in node.items():
                yield from _listed(f"{section} {name}", steps)


def _listed(pipeline: str, node: Node | None, depth: int = 0) -> Iterator[tuple[str, Mapping]]:
    """The steps of a list of pipeline items: `- step:`, `- parallel:`, `- stage:`."""
    if not isinstance(node, Sequence) or depth > 2:  # (a stage's steps, a parallel group's)
        return
    for index, item in enumerate(node.items, start=1):
        if not isinstance(item, Mapping):
            continue
        step = item.mapping("step")
        if step is not None:
            yield f"{pipeline} step {index}", step
        parallel = item.get("parallel")
        if isinstance(parallel, Mapping):
            parallel = parallel.get("steps")
        yield from _listed(pipeline, parallel, depth + 1)
        stage = item.mapping("stage")
        if stage is not None:
            yield from _listed(pipeline, stage.get("steps"), depth + 1)


def _image_of(node: Node | None) -> Scalar | None:
    if isinstance(node, Mapping):
        node = node.get("name")
    if isinstance(node, Scalar) and node.text.strip() and "$" not in node.text:
        return node
    return None


class _Reading:
    """The declarations of the steps read so far, one per image written (steps sharing the
    top-level image, or one step listed by several pipelines, declare it once)."""

    __slots__ = ("by_place", "default_image", "file", "script_left", "seen", "steps")

    def __init__(self, file: TextFile, default_image: Scalar | None) -> None:
        self.file = file
        self.default_image = default_image
        self.by_place: dict[tuple[int, int], Declaration] = {}
        self.seen: set[int] = set()
        self.steps = 0
        self.script_left = _SCRIPT_BUDGET

    def step(self, label: str, step: Mapping) -> None:
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise UnreadableFile(f"more than {_MAX_STEPS:,} steps; not read")
        if id(step) in self.seen:  # one step listed again through an alias
            return
        self.seen.add(id(step))
        own = _image_of(step.get("image"))
        image = own or self.default_image
        if image is None:
            return
        name_node = step.scalar("name")
        name = name_node.text.strip() if name_node is not None and name_node.text.strip() else label
        purpose, why = classify_job(name, "", self._script(step), [])
        where = f"step {name}" + ("" if own is not None else ", top-level image")
        context = f"{where}, {purpose.value}: {why}"
        declaration = image_pin(self.file, image, source=KIND, context=context, purpose=purpose)
        if declaration is None:
            return
        place = (declaration.span.line, declaration.span.column)
        kept = self.by_place.get(place)
        if kept is None or _rank(declaration) < _rank(kept):
            self.by_place[place] = declaration
        if len(self.by_place) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its steps declare more than {MAX_DECLARATIONS_PER_FILE} versions; not read"
            )

    def _script(self, step: Mapping) -> list[str]:
        """The step's script lines its purpose is read from, within the file's budget."""
        lines: list[str] = []
        allowed = max(self.script_left, _SCRIPT_PER_STEP)
        script = step.get("script")
        items = script.items if isinstance(script, Sequence) else (script,)
        for item in items[:_SCRIPT_LINES]:
            if allowed <= 0:
                break
            if isinstance(item, Scalar):
                lines.append(item.text[:allowed])
                allowed -= len(lines[-1])
        self.script_left -= sum(map(len, lines))
        return lines

    def declarations(self) -> list[Declaration]:
        return [self.by_place[place] for place in sorted(self.by_place)]


def _rank(declaration: Declaration) -> int:
    return _PURPOSE_ORDER.index(declaration.purpose or Purpose.UNKNOWN)
