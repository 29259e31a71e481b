"""Serverless Framework: `serverless.yml` / `serverless.yaml` (any folder).

Reads `provider.runtime` and each function's `runtime` (`python3.12`). A runtime that is a
`${...}` variable naming Python is unresolved; other languages are ignored.
"""

from __future__ import annotations

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar, compose
from pyparity.records import replace
from pyparity.sources._common import unresolved
from pyparity.sources._runtimes import runtime_pin
from pyparity.sources._yaml_values import scalar_at
from pyparity.textfile import TextFile

KIND = "serverless"


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in {"serverless.yml", "serverless.yaml"}


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a serverless config must be a mapping", line=root.span.line)
    found = [(scalar_at(root, "provider", "runtime"), "provider.runtime")]
    functions = root.mapping("functions")
    for name, function in functions.items() if functions else ():
        found.append((scalar_at(function, "runtime"), f"function {name}"))
    declarations = [_runtime(file, scalar, context) for scalar, context in found if scalar]
    return [declaration for declaration in declarations if declaration is not None]


def _runtime(file: TextFile, scalar: Scalar, context: str) -> Declaration | None:
    if "${" in scalar.text and "python" in scalar.text.lower():
        found = unresolved(
            file.path,
            scalar.span,
            scalar.text,
            source=KIND,
            context=context,
            note="runtime set by a serverless variable",
        )
        return replace(found, purpose=Purpose.RUNTIME)
    return runtime_pin(file, scalar, source=KIND, context=context)
