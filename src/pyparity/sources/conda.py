"""conda environments: `environment.yml`, `environment.yaml`, `conda.yml`, `conda.yaml`,
`<name>.environment.yml` and `environment-<name>.yml` (any folder, `.yml` or `.yaml`).

Reads the `python` entry of `dependencies:` (`python=3.10`, `python==3.10.4`,
`python 3.11.*`, `conda-forge::python=3.12`, a build string after a second `=`): an exact
or `=` spelling is a runtime pin, `>=3.10` and other operators a supported range. Other
packages (`python-dateutil`, `python_abi`) and pip requirements are ignored.
"""

from __future__ import annotations

import re

from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose
from pyparity.sources._common import pin, range_declaration
from pyparity.sources._yaml_values import text_span
from pyparity.textfile import TextFile

KIND = "conda"
CONTEXT = "conda dependencies"

_NAME = re.compile(
    r"^(?:environment|conda|[^/]+\.environment|environment[-_][^/]+)\.ya?ml$", re.IGNORECASE
)
_PYTHON = re.compile(
    r"^(?:[\w.-]+(?:/[\w.-]+)*::)?python(?![\w.-])\s*(?P<spec>.*?)\s*$", re.IGNORECASE
)
_PIN = re.compile(r"^(?:==?|\s*)?(?P<version>\d+(?:\.\d+)*)(?:\.\*)?(?:=[\w.*]+)?$")


def matches(path: str) -> bool:
    return _NAME.match(path.rsplit("/", 1)[-1]) is not None


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    dependencies = root.get("dependencies") if isinstance(root, Mapping) else None
    if not isinstance(dependencies, Sequence):
        return []
    declarations = []
    for item in dependencies.items:
        if isinstance(item, Scalar) and (match := _PYTHON.match(item.text)) and match["spec"]:
            declarations.append(_declaration(file, item, match.start("spec"), match["spec"]))
    return declarations


def _declaration(file: TextFile, item: Scalar, start: int, spec: str) -> Declaration:
    exact = _PIN.match(spec)
    if exact is not None:
        offset = start + exact.start("version")
        span = text_span(file, item, offset, offset + len(exact["version"]))
        return pin(
            file.path,
            span,
            exact["version"],
            source=KIND,
            context=CONTEXT,
            purpose=Purpose.RUNTIME,
        )
    span = text_span(file, item, start, start + len(spec))
    return range_declaration(file.path, span, spec.replace(" ", ""), source=KIND, context=CONTEXT)
