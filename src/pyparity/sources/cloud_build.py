"""Google Cloud Build: `cloudbuild.yaml` (any folder; also `x.cloudbuild.yaml`,
`x-cloudbuild.yaml`, `cloudbuild-x.yaml`).

Each step runs in the image its `name:` names: a Python image (`python:3.12-slim`) is the
step's Python, with the purpose of what it runs (`args`, `script`, `entrypoint`); `dir:`
places it in that folder's scope. An image named by a user substitution
(`python:${_VERSION}`) is one each trigger may set: `substitutions:` holds only its default,
so the step's Python is unresolved, its default said (a repository that runs one trigger per
Python, as Google's SDKs do, has the same file for all of them).
"""

from __future__ import annotations

import posixpath

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose, value_span
from pyparity.purpose import classify_job
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._common import unresolved
from pyparity.sources._yaml_values import image_pin
from pyparity.textfile import TextFile

KIND = "cloud-build"
SUBSTITUTED = "a Cloud Build substitution each trigger may set"

# `$_VERSION` or `${_VERSION}`: a user substitution (built-in ones, `$PROJECT_ID`, do not
# start with `_`).
_SUBSTITUTION = lazy_re.compile(r"\$(?:\{(_[A-Z0-9_]++)\}|(_[A-Z0-9_]++))")
_NAMES = lazy_re.compile(r"^(?:cloudbuild(?:[-_.][\w.-]*?)?|[\w.-]*?[-_.]cloudbuild)\.ya?ml$")


def matches(path: str) -> bool:
    return _NAMES.match(path.rpartition("/")[2].lower()) is not None


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Cloud Build configuration must be a mapping", line=root.span.line)
    steps = root.get("steps")
    if not isinstance(steps, Sequence):
        return []
    defaults = _substitutions(root.get("substitutions"))
    commands = [_commands(step) if isinstance(step, Mapping) else [] for step in steps.items]
    # A step that shows no purpose of its own (the one that installs) serves the build's.
    whole = classify_job("build", "", [c for step in commands for c in step], [])
    found: list[Declaration] = []
    for index, step in enumerate(steps.items, 1):
        image = step.scalar("name") if isinstance(step, Mapping) else None
        if not isinstance(step, Mapping) or image is None:
            continue
        purpose = classify_job(_step_name(step, index), "", commands[index - 1], [])
        if purpose[0] is Purpose.UNKNOWN:
            purpose = whole
        declaration = _step_python(file, step, image, index, defaults, purpose)
        if declaration is None:
            continue
        found.append(declaration)
        if len(found) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its steps declare more than {MAX_DECLARATIONS_PER_FILE} versions; not read"
            )
    return found


def _substitutions(node: Node | None) -> dict[str, str]:
    if not isinstance(node, Mapping):
        return {}
    return {key: value.text.strip() for key, value in node.items() if isinstance(value, Scalar)}


def _step_python(
    file: TextFile,
    step: Mapping,
    image: Scalar,
    index: int,
    defaults: dict[str, str],
    served: tuple[Purpose, str],
) -> Declaration | None:
    purpose, why = served
    context = f"step {_step_name(step, index)}, {purpose.value}: {why}"
    written = image.text.strip()
    if _SUBSTITUTION.search(written):
        names = [found[1] or found[2] for found in _SUBSTITUTION.finditer(written)]
        probe = _SUBSTITUTION.sub(lambda found: defaults.get(found[1] or found[2]) or "3", written)
        if parse_image(probe) is None:
            return None  # (not a Python image, whatever a trigger sets)
        known = all(defaults.get(name) for name in names)
        default = f"; its default: {probe}" if known else ""
        declaration = unresolved(
            file.path,
            value_span(image, written),
            written,
            source=KIND,
            context=context,
            note=SUBSTITUTED + default,
        )
        declaration = replace(declaration, purpose=purpose)
    else:
        pinned = image_pin(file, image, source=KIND, context=context, purpose=purpose)
        if pinned is None:
            return None
        declaration = pinned
    folder = _folder(step.scalar("dir"))
    return replace(declaration, anchor=folder) if folder else declaration


def _step_name(step: Mapping, index: int) -> str:
    label = step.scalar("id")
    return label.text.strip() if label is not None and label.text.strip() else f"step {index}"


def _commands(step: Mapping) -> list[str]:
    """What the step runs: its entrypoint, its arguments (a `bash -c` script among them) and
    its `script:`."""
    commands = []
    for key in ("entrypoint", "script"):
        value = step.scalar(key)
        if value is not None:
            commands.append(value.text)
    args = step.get("args")
    if isinstance(args, Sequence):
        commands += [item.text for item in args.items if isinstance(item, Scalar)]
    elif isinstance(args, Scalar):
        commands.append(args.text)
    return commands


def _folder(directory: Scalar | None) -> str:
    """The folder a step's `dir:` names, relative to the repository (the build's source is
    the repository's root, checked out at `/workspace`); "" for none, a substitution, or a
    path out of the tree."""
    if directory is None or "$" in directory.text:
        return ""
    written = directory.text.strip()
    if written.startswith("/"):  # absolute: inside the checkout only under /workspace
        if not written.startswith("/workspace/"):
            return ""
        written = written.removeprefix("/workspace/")
    folder = posixpath.normpath(written.strip("/")) if written.strip("/") else ""
    return "" if not folder or folder == "." or folder.startswith("..") else folder
