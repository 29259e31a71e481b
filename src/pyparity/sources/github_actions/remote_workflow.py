"""The Pythons a job hands to a reusable workflow of another repository, read from `with:`.

The callee (`uses: owner/repo/.github/workflows/tox.yml@ref`) is not in the repository, so
what it runs is only known from the inputs the caller gives it. Two shapes carry Pythons:

- tox environments (`envs`, `env`, `toxenv`...): a YAML or JSON list of names (`'["py310",
  "py311"]'`), of mappings whose `linux` / `macos` / `windows` (or `toxenv`, `env`) name
  one (`- linux: py312-test-cov`), or a comma-separated string. An entry's
  `python-version` names its Python, else a `py312` / `py313t` / `pypy310` factor, else
  the entry's or the call's `default_python` (OpenAstronomy's workflow: `3.x` when none);
  a tool environment (`codestyle`, `build_docs`) needs none that matters; any other runs
  on a Python the caller does not say. An entry with `continue-on-error: true` may fail.
- Python versions (`python-version`, `pythons`..., or a list named for what runs on it:
  `fast-test-python-versions`): one, a list, or a separated string.
- A range (`min_python` .. `max_python`, ansible's team-devtools): every minor from one to
  the other, each minor between said where the range starts; and its `other_names` jobs
  with a Python factor (`py314-devel`).

Each found version comes with its offsets in the input's text; what cannot be read makes
the call `incomplete`.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Span
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import is_tool_environment
from pyparity.records import field, record

_TOX_INPUTS = frozenset(
    {"envs", "env", "toxenv", "toxenvs", "tox-env", "tox-envs", "tox_env", "tox_envs"}
)
_PYTHON_INPUTS = frozenset(
    {"python-version", "python-versions", "python_version", "python_versions", "python", "pythons"}
)
_ENV_KEYS = ("linux", "macos", "windows", "toxenv", "env")
_DEFAULT_PYTHON = "default_python"
_OPENASTRONOMY_TOX = "openastronomy/github-actions-workflows/.github/workflows/tox.yml"
_PY_FACTOR = lazy_re.compile(r"^py(?P<major>[23])(?P<minor>[0-9]{1,2})(?P<t>t?)$")
_PYPY_FACTOR = lazy_re.compile(r"^pypy(?P<major>[23])(?P<minor>[0-9]{1,2})$")
_SEPARATED = lazy_re.compile(r"[^\s,]+")
_OTHER_NAMES = "other_names"
_MAX_OTHER_NAMES = 256
"""Lines of `other_names` read (a real one has a handful)."""
_MIN_PYTHON = "min_python"
_MAX_PYTHON = "max_python"
_MINOR = lazy_re.compile(r"(?P<major>3)\.(?P<minor>[0-9]{1,2})")
_MAX_RANGE = 16
"""Minors one `min_python`..`max_python` range may name (a real one names three to five)."""


@record
class Found:
    """One Python of a call: `version` as pyparity reads it, `start`/`end` the offsets of
    what spells it (`py312`, `3.12`) in `scalar.text`."""

    version: str
    scalar: Scalar
    start: int
    end: int
    purpose: Purpose
    listed: bool  # one entry of a list the callee runs as a matrix
    may_fail: bool = False
    between: str = ""
    """For a minor the call does not spell (between `min_python` and `max_python`): the
    range it is in, said where the range starts."""


@record(frozen=False, kw_only=False)
class Call:
    """The Pythons a call gives another repository's workflow, and what is not known."""

    found: list[Found] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)  # why some Python is not known


def read_call(inputs: Mapping, callee: str) -> Call:
    """The Pythons of one call's inputs (empty when none carries any)."""
    call = Call()
    tox = [(n, v) for n, v in inputs.items() if n.lower() in _TOX_INPUTS]
    pythons = [(n, v) for n, v in inputs.items() if _gives_pythons(n.lower())]
    env_purposes: list[Purpose] = []
    default = inputs.scalar(_DEFAULT_PYTHON)
    if default is None and callee.lower() == _OPENASTRONOMY_TOX:
        default = Scalar(text="3.x", tag="", quoted=True, block=False, span=inputs.span)
    for name, node in tox:
        env_purposes += _tox_input(call, name, node, default)
    # A Python given beside tox environments serves them; alone, the callee's name is all
    # that tells what it runs.
    if env_purposes:
        purpose = Purpose.TOOLING if set(env_purposes) == {Purpose.TOOLING} else Purpose.RUNTIME
    else:
        lowered = callee.rsplit("/", 1)[-1].lower()
        tests = any(word in lowered for word in ("test", "tox", "nox", "ci"))
        purpose = Purpose.RUNTIME if tests else Purpose.UNKNOWN
    for name, node in pythons:
        _python_input(call, name, node, purpose)
    if inputs.get(_MAX_PYTHON) is not None or inputs.get(_MIN_PYTHON) is not None:
        _python_range(call, inputs)
        if isinstance(other := inputs.get(_OTHER_NAMES), Scalar):
            _other_names(call, other)
    return call


def _gives_pythons(name: str) -> bool:
    """`python-version`, `pythons`...; and a list named for what it runs on them
    (Canonical's starflow: `fast-test-python-versions: '["3.10", "3.12"]'`)."""
    return name in _PYTHON_INPUTS or name.endswith(_PYTHON_LIST_SUFFIXES)


_PYTHON_LIST_SUFFIXES = ("-python-versions", "_python_versions")


def _other_names(call: Call, node: Scalar) -> None:
    """team-devtools' `other_names`: one job a line, `NAME` or `NAME:COMMANDS`; a name with a
    Python factor (`py314-devel`, `py310-lower`) runs on that Python, the others on
    `default_python` (linters, docs, hooks: their Python is not the range's)."""
    start = 0
    for line in node.text.split("\n")[:_MAX_OTHER_NAMES]:
        name = line.split(":", 1)[0]
        stripped = name.strip()
        factor = _python_factor(stripped) if stripped else None
        if factor is not None:
            version, offset, length = factor
            begin = start + name.find(stripped) + offset
            _test_entry(call, node, begin, begin + length, version)
        start += len(line) + 1


def _python_range(call: Call, inputs: Mapping) -> None:
    """`min_python: "3.10"` and `max_python: "3.13"` (ansible's team-devtools tox workflow):
    the callee tests every minor from one to the other. Without `min_python` it starts at
    the floor of the project's range, which the call does not say."""
    edges = []
    for name in (_MIN_PYTHON, _MAX_PYTHON):
        node = inputs.get(name)
        text = node.text.strip() if isinstance(node, Scalar) else ""
        found = _MINOR.fullmatch(text)
        if node is not None and found is None:
            call.incomplete.append(f"input {name} cannot be read")
            return
        edges.append((node, text, found))
    (low_node, low, low_found), (high_node, high, high_found) = edges
    if high_found is None or not isinstance(high_node, Scalar):
        call.incomplete.append(f"input {_MAX_PYTHON} is not given")
        return
    if low_found is None or not isinstance(low_node, Scalar):
        call.incomplete.append(f"input {_MIN_PYTHON} is not given: the floor of the range")
        _range_found(call, high_node, high, high, "")
        return
    first, last = int(low_found["minor"]), int(high_found["minor"])
    if low_found["major"] != high_found["major"] or not 0 <= last - first <= _MAX_RANGE:
        call.incomplete.append(f"inputs {_MIN_PYTHON} and {_MAX_PYTHON} cannot be read")
        return
    between = f"between {_MIN_PYTHON} {low} and {_MAX_PYTHON} {high}"
    _range_found(call, low_node, low, low, "")
    for minor in range(first + 1, last):
        _range_found(call, low_node, low, f"{low_found['major']}.{minor}", between)
    if last > first:
        _range_found(call, high_node, high, high, "")


def _range_found(call: Call, node: Scalar, written: str, version: str, between: str) -> None:
    start = node.text.find(written)
    _test_entry(call, node, start, start + len(written), version, between)


def _test_entry(
    call: Call, node: Scalar, start: int, end: int, version: str, between: str = ""
) -> None:
    """One Python of the matrix the callee runs its tests on, spelled at `start:end`."""
    call.found.append(
        Found(
            version=version,
            scalar=node,
            start=start,
            end=end,
            purpose=Purpose.RUNTIME,
            listed=True,
            between=between,
        )
    )


def _tox_input(call: Call, name: str, node: Node, default: Scalar | None) -> list[Purpose]:
    """Read one tox input; the purposes of its environments. An `env` that is not a list
    is environment variables, not tox environments."""
    if not isinstance(node, Scalar):
        return []
    parsed = _parse(node.text)
    if isinstance(parsed, Mapping) or (name.lower() == "env" and not isinstance(parsed, Sequence)):
        return []
    entries = _entries(node, parsed)
    if entries is None or any("$" in env for entry in entries for env, _ in entry.names):
        call.incomplete.append(f"input {name} cannot be read")
        return []
    purposes = []
    listed = len(entries) > 1 or node.text.lstrip().startswith(("[", "-"))
    for entry in entries:
        for env, start in entry.names:
            purpose = Purpose.TOOLING if is_tool_environment(env) else Purpose.RUNTIME
            purposes.append(purpose)
            spelled = _entry_python(node, entry, env, start, default)
            if spelled is None:
                if purpose is Purpose.RUNTIME:
                    call.incomplete.append(f"tox environment {env} names no Python")
                continue
            version, scalar, begin, end = spelled
            call.found.append(
                Found(
                    version=version,
                    scalar=scalar,
                    start=begin,
                    end=end,
                    purpose=purpose,
                    listed=listed,
                    may_fail=entry.may_fail,
                )
            )
    return purposes


def _entry_python(
    node: Scalar, entry: _Entry, env: str, start: int, default: Scalar | None
) -> tuple[str, Scalar, int, int] | None:
    """The Python an environment runs on, and the scalar and offsets that spell it."""
    if entry.python is not None:
        text, offset = entry.python
        return text, node, offset, offset + len(text)
    if (factor := _python_factor(env)) is not None:
        version, offset, length = factor
        return version, node, start + offset, start + offset + length
    if entry.default is not None:
        text, offset = entry.default
        return text, node, offset, offset + len(text)
    if default is not None and default.text.strip() and "${{" not in default.text:
        text = default.text.strip()
        begin = default.text.find(text)
        return text, default, begin, begin + len(text)
    return None


def _python_input(call: Call, name: str, node: Node, purpose: Purpose) -> None:
    if not isinstance(node, Scalar) or "${{" in node.text:
        call.incomplete.append(f"input {name} is not written out")
        return
    parsed = _parse(node.text)
    if isinstance(parsed, Sequence):
        items = [_located(node.text, item) for item in parsed.items]
        if any(item is None for item in items):
            call.incomplete.append(f"input {name} cannot be read")
            return
        versions = [item for item in items if item is not None]
    else:
        versions = [(m[0], m.start()) for m in _SEPARATED.finditer(node.text)]
    for text, start in versions:
        call.found.append(
            Found(
                version=text,
                scalar=node,
                start=start,
                end=start + len(text),
                purpose=purpose,
                listed=len(versions) > 1,
            )
        )


@record(kw_only=False)
class _Entry:
    """One item of a tox input: its environment names (and offsets), and the Python or
    default Python it names itself, with their offsets."""

    names: list[tuple[str, int]]
    python: tuple[str, int] | None = None
    default: tuple[str, int] | None = None
    may_fail: bool = False


def _entries(node: Scalar, parsed: Node | None) -> list[_Entry] | None:
    """The entries of a tox input (None when one cannot be read)."""
    if not isinstance(parsed, Sequence):
        return [_Entry(names=_separated(node.text))]
    entries = []
    for item in parsed.items:
        if isinstance(item, Scalar):
            located = _located(node.text, item)
            if located is None:
                return None
            entries.append(_Entry(names=_names_at(located)))
            continue
        if not isinstance(item, Mapping):
            return None
        names: list[tuple[str, int]] = []
        for key in _ENV_KEYS:
            if (value := item.scalar(key)) is not None:
                if (located := _located(node.text, value)) is None:
                    return None
                names += _names_at(located)
        if not names:
            return None
        python = item.scalar("python-version")
        default = item.scalar(_DEFAULT_PYTHON)
        entries.append(
            _Entry(
                names=names,
                python=_located(node.text, python) if python is not None else None,
                default=_located(node.text, default) if default is not None else None,
                may_fail=(failing := item.scalar("continue-on-error")) is not None
                and failing.text.strip().lower() == "true",
            )
        )
    return entries


def _names_at(located: tuple[str, int]) -> list[tuple[str, int]]:
    text, offset = located
    return [(name, offset + start) for name, start in _separated(text)]


def _separated(text: str) -> list[tuple[str, int]]:
    return [(match[0], match.start()) for match in _SEPARATED.finditer(text)]


def _parse(text: str) -> Node | None:
    try:
        return compose(text)
    except UnreadableFile:
        return None


def _located(text: str, node: Node) -> tuple[str, int] | None:
    """A scalar of YAML parsed from `text`, and its offset there."""
    if not isinstance(node, Scalar) or not node.text.strip():
        return None
    offset = _offset(text, node.span)
    if text[offset : offset + len(node.text)] != node.text:
        found = text.find(node.text, offset)
        if found < 0:
            return None
        offset = found
    return node.text, offset


def _offset(text: str, span: Span) -> int:
    index = 0
    for _ in range(span.line - 1):
        index = text.find("\n", index) + 1
        if index == 0:
            return 0
    return index + span.column - 1


def _python_factor(env: str) -> tuple[str, int, int] | None:
    """`py312-test-cov` -> ("3.12", 0, 5): the version its Python factor names, and where."""
    offset = 0
    for factor in env.split("-"):
        if match := _PY_FACTOR.match(factor):
            return f"{match['major']}.{match['minor']}{match['t']}", offset, len(factor)
        if match := _PYPY_FACTOR.match(factor):
            return f"pypy{match['major']}.{match['minor']}", offset, len(factor)
        offset += len(factor) + 1
    return None
