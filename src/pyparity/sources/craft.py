"""getsentry/craft release configuration: `.craft.yml` (the repository root).

An `aws-lambda-layer` target's `compatibleRuntimes` entry `name: python` lists the runtimes
the published layer declares (`versions: [python3.9, python3.12]`): a support set, like
classifiers. Each version is an entry of that set; one outside the supported range is a
layer that claims a Python the package does not support.
"""

from __future__ import annotations

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose
from pyparity.records import replace
from pyparity.sources._runtimes import runtime_pin
from pyparity.textfile import TextFile

KIND = "craft"
_NAMES = frozenset({".craft.yml", ".craft.yaml"})


def matches(path: str) -> bool:
    return path in _NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a craft configuration must be a mapping", line=root.span.line)
    targets = root.get("targets")
    found: list[Declaration] = []
    for target in targets.items if isinstance(targets, Sequence) else ():
        if isinstance(target, Mapping) and _text(target.get("name")) == "aws-lambda-layer":
            found += _runtimes(file, target)
    return found


def _text(node: object) -> str:
    return node.text.strip() if isinstance(node, Scalar) else ""


def _runtimes(file: TextFile, target: Mapping) -> list[Declaration]:
    runtimes = target.get("compatibleRuntimes")
    layer = _text(target.get("layerName")) or "aws-lambda-layer"
    found: list[Declaration] = []
    for runtime in runtimes.items if isinstance(runtimes, Sequence) else ():
        if not isinstance(runtime, Mapping) or _text(runtime.get("name")) != "python":
            continue
        versions = runtime.get("versions")
        for item in versions.items if isinstance(versions, Sequence) else ():
            if not isinstance(item, Scalar):
                continue
            context = f"Lambda layer {layer} compatible runtimes"
            declaration = runtime_pin(file, item, source=KIND, context=context)
            if declaration is not None:
                found.append(
                    replace(
                        declaration,
                        role=Role.MATRIX,
                        purpose=Purpose.RUNTIME,
                        group=f"{file.path} {layer} layer runtimes",
                    )
                )
    return found
