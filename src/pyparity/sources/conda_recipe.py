"""conda-build recipes: `meta.yaml` and rattler-build's `recipe.yaml` in a folder whose path
names a recipe or conda (`recipe/`, `conda-recipe/`, `.github/conda/`), and
`conda_build_config.yaml`.

A recipe's `requirements:` (`host:`, `run:`) entry `- python >=3.10` is the package's
supported range, as `requires-python` is. `conda_build_config.yaml`'s `python:` list is the
set of Pythons the package is built for: a build set whose entries must be supported.
Recipes are Jinja templates, not YAML: both files are read line by line; a templated spec
(`python {{ python_min }}`), a bare `python` and a selector comment (`# [win]`) after the
spec are skipped, the last kept out of the spec.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.sources._common import pin, range_declaration
from pyparity.textfile import TextFile, line_span

KIND = "conda-recipe"

_RECIPES = frozenset({"meta.yaml", "recipe.yaml"})
_BUILD_CONFIG = "conda_build_config.yaml"
# Linear: literal text, then runs of one class each followed by a character it cannot hold.
_ENTRY = lazy_re.compile(r"-[ \t]++python[ \t]++(?P<spec>[<>=!~][^#]*+)")
_ITEM = lazy_re.compile(r"-[ \t]*+(?P<quote>['\"]?)(?P<version>3\.\d{1,2})(?P=quote)[ \t]*+(?:#|$)")
_KEY = lazy_re.compile(r"(?P<key>[\w-]++)[ \t]*+:")


def matches(path: str) -> bool:
    *folders, name = path.lower().split("/")
    if name == _BUILD_CONFIG:
        return True
    return name in _RECIPES and any("recipe" in f or "conda" in f for f in folders)


def read(file: TextFile) -> list[Declaration]:
    lines = file.lines
    if file.path.lower().rsplit("/", 1)[-1] == _BUILD_CONFIG:
        return _variants(file, lines)
    return _requirements(file, lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _requirements(file: TextFile, lines: list[str]) -> list[Declaration]:
    """`- python >=3.10` entries of the `requirements:` block (its host/run/build lists)."""
    found: list[Declaration] = []
    block: int | None = None  # indentation of `requirements:`
    section = ""
    for number, line in enumerate(lines, start=1):
        if not _meaningful(line):
            continue
        indent, stripped = _indent(line), line.strip()
        key = _KEY.match(stripped)
        if block is not None and indent <= block:
            block = None
        if block is None:
            if key is not None and key["key"] == "requirements":
                block, section = indent, ""
            continue
        if key is not None and not stripped.startswith("-"):
            section = key["key"]
            continue
        entry = _ENTRY.match(stripped)
        written = entry["spec"].rstrip() if entry is not None else ""
        if entry is None or "{" in written:
            continue
        spec = written.replace(" ", "").replace("\t", "")
        column = indent + entry.start("spec") + 1
        span = line_span(number, column, len(written))
        context = f"conda recipe {section} requirement" if section else "conda recipe requirement"
        found.append(range_declaration(file.path, span, spec, source=KIND, context=context))
    return found


def _variants(file: TextFile, lines: list[str]) -> list[Declaration]:
    """The `python:` list at the top level of conda_build_config.yaml."""
    found: list[Declaration] = []
    inside = False
    for number, line in enumerate(lines, start=1):
        if not _meaningful(line):
            continue
        if _indent(line) == 0:
            key = _KEY.match(line)
            inside = key is not None and key["key"] == "python"
            continue
        item = _ITEM.match(line.strip()) if inside else None
        if item is None:
            continue
        column = _indent(line) + item.start("version") + 1
        declaration = pin(
            file.path,
            line_span(number, column, len(item["version"])),
            item["version"],
            source=KIND,
            context="conda-build variant",
            purpose=Purpose.BUILD,
            ships=True,
            group=f"{file.path} conda-build variants",
            role=Role.MATRIX,
        )
        found.append(declaration)
    return found
