"""AWS SAM and CloudFormation templates: `template.yaml`, `template.yml` and
`*.template.yaml` / `*.template.yml` (any folder) that start a template
(`AWSTemplateFormatVersion`, or a `Transform` of `AWS::Serverless-...`).

Reads `Runtime: python3.12` under `Globals.Function` and in the `Properties` of each
`AWS::Serverless::Function` or `AWS::Lambda::Function`, and the `Metadata.BuildMethod:
python3.12` of an `AWS::Serverless::LayerVersion` (the Python `sam build` builds the
layer's packages with, so it must be the functions' Python). Intrinsic functions (`!Ref`,
`!Sub`, `!If`) are kept as tagged nodes, never evaluated; a runtime set by one is not read.
"""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.sources._runtimes import is_python, runtime_pin
from pyparity.sources._yaml_values import scalar_at
from pyparity.textfile import TextFile

KIND = "aws-sam"
_NAME = lazy_re.compile(r"^(?:[^/]+\.)?template\.ya?ml$", re.IGNORECASE)
_FUNCTIONS = frozenset({"AWS::Serverless::Function", "AWS::Lambda::Function"})
_LAYERS = frozenset({"AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion"})
_MARKERS = ("AWSTemplateFormatVersion", "AWS::Serverless")


def matches(path: str) -> bool:
    return _NAME.match(path.rsplit("/", 1)[-1]) is not None


def read(file: TextFile) -> list[Declaration]:
    try:
        root = compose(file.text)
    except UnreadableFile:
        # `template.yaml` is a common name; only a broken *template* is worth reporting.
        if any(marker in file.text for marker in _MARKERS):
            raise
        return []
    if not isinstance(root, Mapping) or not _is_template(root):
        return []
    found = []
    globals_runtime = scalar_at(root, "Globals", "Function", "Runtime")
    if is_python(globals_runtime):
        found.append((globals_runtime, "Globals.Function.Runtime"))
    resources = root.mapping("Resources")
    for name, resource in resources.items() if resources else ():
        runtime = _function_runtime(resource)
        if is_python(runtime):
            found.append((runtime, f"function {name}"))
        build_method = _layer_build_method(resource)
        if is_python(build_method):
            found.append((build_method, f"layer {name} Metadata.BuildMethod"))
    declarations = [
        runtime_pin(file, scalar, source=KIND, context=context)
        for scalar, context in found
        if scalar is not None
    ]
    return [declaration for declaration in declarations if declaration is not None]


def _is_template(root: Mapping) -> bool:
    if root.get("AWSTemplateFormatVersion") is not None:
        return True
    transform = root.get("Transform")
    names = transform.items if isinstance(transform, Sequence) else (transform,)
    return any(
        isinstance(name, Scalar) and name.text.startswith("AWS::Serverless") for name in names
    )


def _function_runtime(resource: Node) -> Scalar | None:
    kind = scalar_at(resource, "Type")
    if kind is None or kind.text not in _FUNCTIONS:
        return None
    runtime = scalar_at(resource, "Properties", "Runtime")
    return runtime if runtime is not None and runtime.tag.startswith("tag:yaml.org") else None


def _layer_build_method(resource: Node) -> Scalar | None:
    kind = scalar_at(resource, "Type")
    if kind is None or kind.text not in _LAYERS:
        return None
    method = scalar_at(resource, "Metadata", "BuildMethod")
    return method if method is not None and method.tag.startswith("tag:yaml.org") else None
