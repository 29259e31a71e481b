"""Travis CI: `.travis.yml`.

`python:` (a scalar or a list; a list of several versions is a test matrix) at the top
level and in `jobs.include` / `matrix.include` entries. The purpose comes from `script:`.
`nightly` and other words that name no version are skipped. A version that an
`allow_failures` entry names by `python:` alone is tried, not promised (allowed to fail); so
is an include entry every condition of an `allow_failures` entry matches (`- env: TOXENV=py27`
lets the entry with `env: TOXENV=py27` fail, whatever its `python:`).
An include entry without `python:` whose `env:` sets `MB_PYTHON_VERSION=3.7.1` (multibuild),
`PYTHON_VERSION=` or `PYTHON=` names the Python its scripts install: a matrix entry of
unknown purpose (allowed to fail when an `allow_failures` entry names that `env:`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources._stable_abi import text_floors
from pyparity.sources._yaml_values import scalar_pin, text_span
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
    failing = _Failures(_failure_conditions(root))
    return (
        [
            _declaration(
                file,
                scalar,
                where,
                node,
                root,
                is_set,
                scalar.text.strip() in tried or (node is not root and failing.match(node)),
            )
            for scalar, where, node in found
        ]
        + _env_pythons(file, root, failing)
        + text_floors(file, KIND)
    )


_ENV_PYTHON = lazy_re.compile(
    r"(?:^|\s)(?:MB_PYTHON_VERSION|PYTHON_VERSION|PYTHON)=[\"']?"
    r"(?P<version>[23]\.\d{1,2}(?:\.\d{1,3})?)(?=[\"']?(?:\s|$))"
)


def _env_pythons(file: TextFile, root: Mapping, failing: _Failures) -> list[Declaration]:
    """`env: MB_PYTHON_VERSION=3.7.1` of include entries that set no `python:`."""
    found: list[Declaration] = []
    tried = failing.by_keys.get(("env",), set())  # `allow_failures: - env: ...` alone
    for key in ("jobs", "matrix"):
        section = root.mapping(key)
        includes = section.get("include") if section else None
        for index, entry in enumerate(includes.items if isinstance(includes, Sequence) else ()):
            if not isinstance(entry, Mapping) or entry.get("python") is not None:
                continue
            written = entry.get("env")
            for scalar in written.items if isinstance(written, Sequence) else (written,):
                if not isinstance(scalar, Scalar):
                    continue
                for match in _ENV_PYTHON.finditer(scalar.text):
                    may_fail = (scalar.text.strip(),) in tried
                    allowed = ", allowed to fail (allow_failures)" if may_fail else ""
                    declaration = pin(
                        file.path,
                        text_span(file, scalar, match.start("version"), match.end("version")),
                        match["version"],
                        source=KIND,
                        context=f"{key}.include[{index}] env{allowed}, unknown: the Python its "
                        "scripts install",
                        purpose=Purpose.UNKNOWN,
                        role=Role.MATRIX,
                        group=f"{file.path} env",
                    )
                    found.append(replace(declaration, may_fail=may_fail))
    return found


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


def _failure_conditions(root: Mapping) -> list[dict[str, str]]:
    """Each `allow_failures` entry's conditions (key and text), where all are plain values."""
    found = []
    for key in ("jobs", "matrix"):
        section = root.mapping(key)
        entries = section.get("allow_failures") if section else None
        for entry in entries.items if isinstance(entries, Sequence) else ():
            if not isinstance(entry, Mapping):
                continue
            conditions = {
                name: value.text.strip()
                for name, value in entry.items()
                if isinstance(value, Scalar)
            }
            if conditions and len(conditions) == len(entry.pairs):
                found.append(conditions)
    return found


_MAX_SIGNATURES = 32


class _Failures:
    """`allow_failures` entries, looked up by the keys they name (`env`; `python` and `os`):
    an include entry is matched through each such set of keys once, so the time is linear.
    Past 32 sets of keys (a hostile file's), the others are not looked at."""

    __slots__ = ("by_keys",)

    def __init__(self, conditions: list[dict[str, str]]) -> None:
        self.by_keys: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for one in conditions:
            keys = tuple(sorted(one))
            if keys not in self.by_keys and len(self.by_keys) >= _MAX_SIGNATURES:
                continue
            self.by_keys.setdefault(keys, set()).add(tuple(one[key] for key in keys))

    def match(self, entry: Mapping) -> bool:
        """An include entry that some `allow_failures` entry matches in each condition."""
        for keys, values in self.by_keys.items():
            written = []
            for key in keys:
                value = entry.get(key)
                if not isinstance(value, Scalar):
                    break
                written.append(value.text.strip())
            else:
                if tuple(written) in values:
                    return True
        return False


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
