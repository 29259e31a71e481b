"""Render Blueprints: `render.yaml`.

A Python service (`runtime: python`, or the older `env: python`) runs the Python its
`PYTHON_VERSION` environment variable names: set in the service's own `envVars:` or in an
environment group it takes (`- fromGroup: NAME`, defined under `envVarGroups:`); the
service's own value wins. Render then ignores the `.python-version` file, so the value is
the deployed runtime's pin. A service's `rootDir:` places it in that folder's scope. A
service without the variable runs the `.python-version` file's Python (read there) or
Render's default, which the file does not say.
"""

from __future__ import annotations

import posixpath

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.records import replace
from pyparity.sources._yaml_values import scalar_pin
from pyparity.textfile import TextFile

KIND = "render"
_VARIABLE = "PYTHON_VERSION"


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "render.yaml"


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Render Blueprint must be a mapping", line=root.span.line)
    groups = _groups(root.get("envVarGroups"))
    folder = posixpath.dirname(file.path)
    found: dict[tuple[int, int, str], Declaration] = {}
    services = root.get("services")
    for service in services.items if isinstance(services, Sequence) else ():
        if not isinstance(service, Mapping) or not _runs_python(service):
            continue
        value, group = _python_version(service, groups)
        if value is None or not value.text.strip():
            continue
        declaration = _declaration(file, service, value, group, folder)
        key = (value.span.line, value.span.column, declaration.anchor or "")
        found.setdefault(key, declaration)
        if len(found) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its services declare more than {MAX_DECLARATIONS_PER_FILE} versions; not read"
            )
    return sorted(found.values(), key=lambda d: (d.span.line, d.span.column))


def _runs_python(service: Mapping) -> bool:
    runtime = service.scalar("runtime") or service.scalar("env")
    return runtime is not None and runtime.text.strip().lower() == "python"


def _groups(node: Node | None) -> dict[str, Scalar]:
    """Each environment group's PYTHON_VERSION value, by the group's name."""
    values: dict[str, Scalar] = {}
    for group in node.items if isinstance(node, Sequence) else ():
        name = group.scalar("name") if isinstance(group, Mapping) else None
        if isinstance(group, Mapping) and name is not None:
            value = _own_value(group.get("envVars"))
            if value is not None:
                values.setdefault(name.text.strip(), value)
    return values


def _own_value(variables: Node | None) -> Scalar | None:
    """The `value:` of `- key: PYTHON_VERSION` in a list of variables."""
    for variable in variables.items if isinstance(variables, Sequence) else ():
        if not isinstance(variable, Mapping):
            continue
        key = variable.scalar("key")
        if key is not None and key.text.strip() == _VARIABLE:
            return variable.scalar("value")
    return None


def _python_version(service: Mapping, groups: dict[str, Scalar]) -> tuple[Scalar | None, str]:
    """The service's PYTHON_VERSION value, and the group it came from ("": its own)."""
    variables = service.get("envVars")
    own = _own_value(variables)
    if own is not None:
        return own, ""
    for variable in variables.items if isinstance(variables, Sequence) else ():
        group = variable.scalar("fromGroup") if isinstance(variable, Mapping) else None
        if group is not None and group.text.strip() in groups:
            return groups[group.text.strip()], group.text.strip()
    return None, ""


def _declaration(
    file: TextFile, service: Mapping, value: Scalar, group: str, folder: str
) -> Declaration:
    name = service.scalar("name")
    context = f"Render service {name.text.strip() if name is not None else '(unnamed)'}"
    context += f", {_VARIABLE}" + (f" from environment group {group}" if group else "")
    declaration = scalar_pin(file, value, source=KIND, context=context, purpose=Purpose.RUNTIME)
    root_dir = service.scalar("rootDir")
    if root_dir is None or not root_dir.text.strip():
        return declaration
    anchor = posixpath.normpath(posixpath.join(folder, root_dir.text.strip().strip("/")))
    if anchor.startswith("..") or anchor.startswith("/"):
        return declaration  # (outside the tree: the service's files are not here)
    return replace(declaration, anchor=anchor)
