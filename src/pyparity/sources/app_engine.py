"""Google App Engine: `app.yaml` (any folder) whose `runtime:` is Python.

`runtime: python312` (standard environment) pins 3.12; the flexible environment's
`runtime: python` reads `runtime_config.python_version`. Other runtimes are ignored.
"""

from __future__ import annotations

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, compose
from pyparity.sources._runtimes import is_python, runtime_pin
from pyparity.sources._yaml_values import scalar_at, scalar_pin
from pyparity.textfile import TextFile

KIND = "app-engine"


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in {"app.yaml", "app.yml"}


def read(file: TextFile) -> list[Declaration]:
    try:
        root = compose(file.text)
    except UnreadableFile:
        # `app.yaml` names files of other tools too; only a broken App Engine file counts.
        if "runtime:" in file.text:
            raise
        return []
    runtime = scalar_at(root, "runtime") if isinstance(root, Mapping) else None
    if runtime is None or not is_python(runtime):
        return []
    if runtime.text.strip().lower() == "python":
        version = scalar_at(root, "runtime_config", "python_version")
        if version is None:
            return []
        return [
            scalar_pin(
                file,
                version,
                source=KIND,
                context="runtime_config.python_version (flexible environment)",
                purpose=Purpose.RUNTIME,
            )
        ]
    found = runtime_pin(file, runtime, source=KIND, context="runtime")
    return [found] if found else []
