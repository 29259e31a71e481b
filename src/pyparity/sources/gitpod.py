"""Gitpod: `.gitpod.yml` / `.gitpod.yaml` (any folder).

The workspace `image:` (`gitpod/workspace-python-3.11`, or any Python image such as
`python:3.12-slim`) is the dev environment's Python, a runtime pin like a devcontainer's;
`image: {file: .gitpod.Dockerfile}` is that Dockerfile's (read on its own). In the `tasks`'
`before`/`init`/`command` scripts, `pyenv install|global|local 3.11` and a `PYTHON=3.10` /
`PYTHON_VERSION=3.10` assignment name a Python the workspace's scripts use: pins of unknown
purpose (what the scripts make of them is not read).
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose, Span
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose
from pyparity.records import replace
from pyparity.sources._common import image_python_pin, pin, pin_requirement
from pyparity.sources._yaml_values import text_span
from pyparity.textfile import TextFile

KIND = "gitpod"
_NAMES = frozenset({".gitpod.yml", ".gitpod.yaml"})
_WORKSPACE = lazy_re.compile(
    r"^(?:docker\.io/)?gitpod/workspace-python-(?P<version>3\.\d{1,2})(?::[\w.-]++)?$"
)
_TASK_KEYS = ("before", "init", "command")
_ASSIGNED = lazy_re.compile(
    r"(?:^|[\s;&|(])(?:export[ \t]++)?PYTHON(?:_VERSION)?=[\"']?"
    r"(?P<version>3\.\d{1,2}(?:\.\d{1,3})?)(?=[\"']?(?:\s|$|[;&|)]))"
)
_PYENV = lazy_re.compile(r"(?:^|[\s;&|(])pyenv[ \t]++(?:install|global|local)(?=[ \t])")
_PYENV_VERSION = lazy_re.compile(r"3\.\d{1,2}(?:\.\d{1,3})?")
_LINE_END = lazy_re.compile(r"[\n;&|#]")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in _NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Gitpod configuration must be a mapping", line=root.span.line)
    found: list[Declaration] = []
    image = root.scalar("image")
    if image is not None and (declared := _image(file, image)) is not None:
        found.append(declared)
    tasks = root.get("tasks")
    for task in tasks.items if isinstance(tasks, Sequence) else ():
        for key in _TASK_KEYS:
            script = task.scalar(key) if isinstance(task, Mapping) else None
            if script is not None:
                found += _script(file, script, key)
    return found


def _image(file: TextFile, image: Scalar) -> Declaration | None:
    reference = image.text.strip()
    offset = image.text.find(reference)
    context = "Gitpod workspace image"
    if workspace := _WORKSPACE.match(reference):
        start, end = offset + workspace.start("version"), offset + workspace.end("version")
        declaration = pin(
            file.path,
            text_span(file, image, start, end),
            reference,
            source=KIND,
            context=context,
            purpose=Purpose.RUNTIME,
        )
        return replace(declaration, requirement=pin_requirement(workspace["version"]))
    python = parse_image(reference)
    if python is None:
        return None
    start, end = offset + python.start, offset + python.end
    return image_python_pin(
        file.path,
        text_span(file, image, start, end),
        reference,
        python,
        source=KIND,
        context=context,
        purpose=Purpose.RUNTIME,
    )


def _script(file: TextFile, script: Scalar, key: str) -> list[Declaration]:
    text = script.text
    pieces = [(m.start("version"), m.end("version")) for m in _ASSIGNED.finditer(text)]
    position = 0
    while (found := _PYENV.search(text, position)) is not None:
        end = _LINE_END.search(text, found.end())
        position = end.start() if end else len(text)
        offset = found.end()
        for word in text[found.end() : position].split():
            start = text.index(word, offset)
            offset = start + len(word)
            if _PYENV_VERSION.fullmatch(word):
                pieces.append((start, offset))
    context = f"Gitpod task {key}, unknown: what the workspace's scripts do with it is not read"
    placer = _Placer(file, script)
    return [
        pin(
            file.path,
            placer.span(start, end),
            text[start:end],
            source=KIND,
            context=context,
            purpose=Purpose.UNKNOWN,
        )
        for start, end in sorted(pieces)
    ]


class _Placer:
    """Where script.text[start:end] sits: its line of script found verbatim in the file after
    the one before (a folded line is not, and keeps the scalar's span, as do the lines after
    it). Pieces come in order, so the file is searched forward once, not once per piece."""

    def __init__(self, file: TextFile, script: Scalar) -> None:
        self.file = file
        self.script = script
        self.cursor: int | None = file.offset(script.span.line, script.span.column)
        self.line_start = -1  # the script line last placed, and where the file has it
        self.found = -1
        self.last = 0  # the start of the piece last placed

    def span(self, start: int, end: int) -> Span:
        text = self.script.text
        newline = text.rfind("\n", self.last, start)  # back to the last piece, no further
        line_start = newline + 1 if newline >= 0 else max(self.line_start, 0)
        self.last = start
        if line_start != self.line_start:
            self.line_start, self.found = line_start, -1
            line_end = text.find("\n", line_start)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            if self.cursor is not None and line.strip():
                self.found = self.file.text.find(line, self.cursor)
                self.cursor = self.found + len(line) if self.found >= 0 else None
        if self.found < 0:
            return self.script.span
        offset = self.found + start - line_start
        return self.file.span(offset, offset + end - start)
