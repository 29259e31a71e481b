"""Travis CI: `.travis.yml`.

`python:` (a scalar or a list; a list of several versions is a test matrix) at the top
level and in `jobs.include` / `matrix.include` entries. The purpose comes from `script:`.
`nightly` and other words that name no version are skipped. A version that an
`allow_failures` entry names by `python:` alone is tried, not promised (allowed to fail).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.sources._stable_abi import text_floors
from pyparity.sources._yaml_values import scalar_pin
from pyparity.textfile import TextFile

KIND = "travis"


def matches(path: str) -> bool:
    return path == ".travis.yml"


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a Travis config must be a mapping", line=root.span.line)
    found = [(scalar, "python", root) for scalar in _versions(root.get("python"))]
    for key in ("jobs", "matrix"):
        section = root.mapping(key)
        includes = section.get("include") if section else None
        for index, entry in enumerate(includes.items if isinstance(includes, Sequence) else ()):
            if isinstance(entry, Mapping):
                where = f"{key}.include[{index}]"
                found += [(s, where, entry) for s in _versions(entry.get("python"))]
    is_set = len({scalar.text.strip() for scalar, _, _ in found}) > 1
    tried = _allowed_to_fail(root)
    return [
        *(
            _declaration(file, scalar, where, node, root, is_set, scalar.text.strip() in tried)
            for scalar, where, node in found
        ),
        *text_floors(file, KIND),
    ]


def _allowed_to_fail(root: Mapping) -> set[str]:
    """Versions every job of which may fail: `allow_failures` entries with `python:` as their
    only condition (an entry with more conditions lets only some of those jobs fail)."""
    tried: set[str] = set()
    for key in ("jobs", "matrix"):
        section = root.mapping(key)
        entries = section.get("allow_failures") if section else None
        for entry in entries.items if isinstance(entries, Sequence) else ():
            if isinstance(entry, Mapping) and [name for name, _ in entry.items()] == ["python"]:
                tried.update(scalar.text.strip() for scalar in _versions(entry.get("python")))
    return tried


def _versions(node: Node | None) -> Iterator[Scalar]:
    items = node.items if isinstance(node, Sequence) else (node,)
    for item in items:
        if isinstance(item, Scalar) and item.text.strip()[
            :1
        ].isdigit() | item.text.strip().lower().startswith("pypy"):
            yield item


def _declaration(
    file: TextFile,
    scalar: Scalar,
    where: str,
    node: Mapping,
    root: Mapping,
    is_set: bool,
    may_fail: bool,
) -> Declaration:
    script = node.get("script") or root.get("script")
    lines = [
        s.text
        for s in (script.items if isinstance(script, Sequence) else (script,))
        if isinstance(s, Scalar)
    ]
    purpose, why = classify_job(where, "", lines, [])
    where += ", allowed to fail (allow_failures)" if may_fail else ""
    declaration = scalar_pin(
        file,
        scalar,
        source=KIND,
        context=f"{where}, {purpose.value}: {why}",
        purpose=purpose,
        role=Role.MATRIX if is_set else Role.PIN,
        group=f"{file.path} python" if is_set else "",
    )
    return replace(declaration, may_fail=may_fail) if may_fail else declaration
