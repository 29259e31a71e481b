"""Read the Docs: `.readthedocs.yaml`, `.readthedocs.yml`, `readthedocs.yml` (any folder).

Reads `build.tools.python` (`"3.12"`, `"3"` and `"latest"` float; `miniconda3-4.7`,
`mambaforge-22.9` and the like name a conda installer, not a Python version, but
`miniconda3-3.12-24.1` names the installer's Python, 3.12) and the older `python.version`
(where the file has no `build.os`, which Read the Docs requires, it builds nothing: the pins
run no Python),
and in `build.commands` a uv command's `--python 3.13` / `-p 3.14` (`uv tool install tox
--python 3.13`, `uv run`, `uv venv -p 3.14`). Tooling pins: the docs build may use another
Python than the project, inside the supported range.
"""

from __future__ import annotations

import re
from functools import cache

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import RUNS_NO_PYTHON, Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.sources._common import pin
from pyparity.sources._yaml_values import lookup, scalar_at, scalar_pin, text_span
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
    elsewhere = _own_environment(root) or _not_built(root)
    declared = [
        scalar_pin(
            file,
            scalar,
            source=KIND,
            context=f"{context}, tooling: {RUNS_NO_PYTHON} ({elsewhere})" if elsewhere else context,
            purpose=Purpose.TOOLING,
        )
        for scalar, context in found
        if scalar is not None and _names_a_python(scalar)
    ]
    tools = found[0][0]
    if tools is not None and (installer := _INSTALLER_PYTHON.match(tools.text.strip())):
        declared.append(_piece(file, tools, installer, "Read the Docs build.tools.python"))
    commands = lookup(root, "build", "commands")
    for command in commands.items if isinstance(commands, Sequence) else ():
        if isinstance(command, Scalar) and _uv_re().search(command.text):
            for flag in _uv_python_re().finditer(command.text):
                declared.append(_piece(file, command, flag, "Read the Docs build.commands uv"))
    return declared


def _not_built(root: Mapping) -> str:
    """Why Read the Docs builds nothing from the file: without `build.os` it has failed every
    build since 16 October 2023 (outlines' `python: version: "3.8"` beside a conf.py that is
    gone); "" when it builds."""
    if scalar_at(root, "build", "os") is not None:
        return ""
    return "Read the Docs has built no configuration without build.os since October 2023"


_INSTALLER_PYTHON = lazy_re.compile(
    r"^(?:miniconda3|miniforge3|mambaforge)-(?P<version>3\.\d{1,2})-\d[\w.]*+$", re.IGNORECASE
)


@cache
def _uv_re() -> re.Pattern[str]:
    return re.compile(r"(?:^|[\s/])uvx?(?=\s)")


@cache
def _uv_python_re() -> re.Pattern[str]:
    return re.compile(
        r"(?:^|\s)(?:--python|-p)(?:=|[ \t]++)[\"']?"
        r"(?P<version>3\.\d{1,2}(?:\.\d{1,3})?)(?=[\"']?(?:\s|$))"
    )


def _own_environment(root: Mapping) -> str:
    """What builds the docs in an environment of its own, whose Python is not
    `build.tools.python` (ESMValTool's `pixi install` in `build.jobs.install`, then `pixi run
    sphinx-build`): the command, or ""."""
    jobs = lookup(root, "build", "jobs")
    commands = lookup(root, "build", "commands")
    stack: list[Node] = [node for node in (jobs, commands) if node is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, Scalar):
            if found := _ENVIRONMENT_TOOL.search(node.text):
                return found[0]
        elif isinstance(node, Sequence):
            stack += node.items
        elif isinstance(node, Mapping):
            stack += [value for _, value in node.items()]
    return ""


# A command that makes the environment the docs build in: pixi's, or a conda environment.
_ENVIRONMENT_TOOL = lazy_re.compile(
    r"\bpixi[ \t]++install\b|\b(?:conda|mamba|micromamba)[ \t]++(?:env[ \t]++)?create\b"
)


def _piece(file: TextFile, scalar: Scalar, found: re.Match[str], context: str) -> Declaration:
    start, end = found.start("version"), found.end("version")
    return pin(
        file.path,
        text_span(file, scalar, start, end),
        found["version"],
        source=KIND,
        context=context,
        purpose=Purpose.TOOLING,
    )


def _names_a_python(scalar: Scalar) -> bool:
    text = scalar.text.strip().lower()
    return bool(text) and not text.startswith(_CONDA_INSTALLERS)
