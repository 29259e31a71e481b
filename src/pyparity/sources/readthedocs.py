"""Read the Docs: `.readthedocs.yaml`, `.readthedocs.yml`, `readthedocs.yml` (any folder).

Reads `build.tools.python` (`"3.12"`, `"3"` and `"latest"` float; `miniconda3-4.7`,
`mambaforge-22.9` and the like name a conda installer, not a Python version) and the older
`python.version`. Tooling pins: the docs build may use another Python than the project,
inside the supported range.
"""

from __future__ import annotations

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Scalar, compose
from pyparity.sources._yaml_values import scalar_at, scalar_pin
from pyparity.textfile import TextFile

KIND = "readthedocs"
_NAMES = frozenset({".readthedocs.yaml", ".readthedocs.yml", "readthedocs.yml", "readthedocs.yaml"})
_CONDA_INSTALLERS = ("miniconda", "mambaforge", "miniforge", "anaconda")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in _NAMES


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Read the Docs config must be a mapping", line=root.span.line)
    found = [
        (scalar_at(root, "build", "tools", "python"), "Read the Docs build.tools.python"),
        (scalar_at(root, "python", "version"), "Read the Docs python.version"),
    ]
    return [
        scalar_pin(file, scalar, source=KIND, context=context, purpose=Purpose.TOOLING)
        for scalar, context in found
        if scalar is not None and _names_a_python(scalar)
    ]


def _names_a_python(scalar: Scalar) -> bool:
    text = scalar.text.strip().lower()
    return bool(text) and not text.startswith(_CONDA_INSTALLERS)
