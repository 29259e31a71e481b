"""Matrix values that name a Python but that no other reader of the job took.

A matrix key named for a Python (`python-version`, `python_version`, `python`, `py`, ...;
also inside an axis of mappings, `image: [{name: x, python_version: "3.11"}]`, and in
`include` entries) declares the Pythons the job runs, even where they reach Python some way
not read here (an env variable a script uses, a Dockerfile picked by name, an `include` entry
that restates a combination and only adds a setting). Each such value whose line no other
declaration of the job covers is listed as an entry of the job's matrix, with the job's
purpose; unless the job's other declarations take the matrix somewhere else (an image
evaluated per run, an input or build link resolved later): then only an axis read at some of
its own lines lists the rest. An axis passed to another repository's action (whose inputs
cannot be read) is listed with an unknown purpose. An axis set by an input with a literal
fallback (`fromJSON(inputs.x && inputs.x || '["3.10", "3.11"]')`) takes the literal's
versions (what the workflow's own triggers run) and, in a reusable workflow, its callers'.
Only version-shaped values are read (`3.12`, `3.14t`, `3.15-dev`, `pypy3.10`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from pyparity import lazy_re
from pyparity.model import UNUSED_AXIS, Declaration, Purpose, Role, Span
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, value_span
from pyparity.purpose import PACKAGING_ACTIONS, PLUMBING_ACTIONS
from pyparity.records import replace
from pyparity.sources._common import CALL_NOTE, CALLER_NOTE, INPUT_JSON_NOTE, pin, unresolved
from pyparity.sources._yaml_values import is_true
from pyparity.sources.github_actions.job import Job, context_of
from pyparity.sources.github_actions.matrix import json_literal, lookup
from pyparity.sources.github_actions.runs import strongest
from pyparity.sources.github_actions.step import setup_action
from pyparity.sources.github_actions.values import number_loaded_as

KIND = "workflow"
PYTHON_AXES = frozenset(
    {"python", "pythons", "pythonversion", "pythonversions", "py", "pyver", "pyversion"}
)
_VERSION = lazy_re.compile(r"^(?:pypy-?)?3\.\d+(?:\.\d+)?t?(?:-dev)?$")
_MAX_VALUES = 512


class Taken:
    """What some declarations of a workflow file say about its matrix lines: the lines they
    cover (sorted, for range queries), whether one takes the matrix somewhere else, and the
    versions listed as pins. Made once for the declarations every job shares."""

    __slots__ = ("elsewhere", "lines", "listed_as")

    def __init__(self, declarations: Iterable[Declaration], path: str) -> None:
        mine = [d for d in declarations if d.file == path]
        self.lines = sorted({d.span.line for d in mine if _names_a_python(d)})
        self.elsewhere = any(_from_matrix_or_link(d) for d in mine)
        self.listed_as: dict[str, list[Declaration]] = {}
        for d in mine:
            if d.role in (Role.PIN, Role.MATRIX):
                self.listed_as.setdefault(d.raw.strip(), []).append(d)

    def covers(self, first: int, last: int) -> bool:
        index = bisect.bisect_left(self.lines, first)
        return index < len(self.lines) and self.lines[index] <= last


def unread_python_axes(
    job: Job,
    produced: Iterable[Declaration],
    *,
    callable_workflow: bool = False,
    shared: Taken | None = None,
) -> Iterator[Declaration]:
    """`shared`: the declarations of the file every job's are read with (wheel builds),
    taken once; they come after the job's own."""
    strategy = job.node.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    if not isinstance(matrix, Mapping):
        return
    yield from _fallback_axes(job, matrix, callable_workflow=callable_workflow)
    taken = [Taken(produced, job.path), *([shared] if shared is not None else [])]
    values = list(_python_values(matrix))
    if values:  # (most matrices name no Python: the job's texts are not walked for them)
        used = _used_axes(job.node)
        yield from _unused_axes(job, [v for v in values if not _is_used(v[0], used)])
        values = [v for v in values if _is_used(v[0], used)][:_MAX_VALUES]
    by_axis: dict[str, list[Scalar]] = {}
    for key, scalar, _ in values:
        by_axis.setdefault(key, []).append(scalar)
    elsewhere = any(t.elsewhere for t in taken)
    read_at_its_lines = {
        key: any(t.covers(s.span.line, s.span.line) for s in scalars for t in taken)
        for key, scalars in by_axis.items()
    }
    found = [
        (key, scalar)
        for key, scalar, (first, last) in values
        if not any(t.covers(first, last) for t in taken)
        and _VERSION.match(scalar.text.strip())
        # An axis read elsewhere (an image evaluated per run, a link resolved later) is
        # not repeated; one read at some of its own lines lists the rest (restated entries).
        and (not elsewhere or read_at_its_lines[key])
    ]
    group = f"{job.path} job {job.job_id} matrix"
    for key, scalar in found:
        text = scalar.text.strip()
        remote = _remote_action(job, key)
        may_fail, purpose = _as_its_runs(job, key, scalar)
        if remote:
            purpose = (Purpose.UNKNOWN, f"passed to {remote}, whose inputs cannot be read")
        same = _restated(text, taken, job)
        if same is not None:  # an entry that restates a combination the job already lists
            may_fail, purpose = same.may_fail, (same.purpose or job.purpose, "as restated")
        made = pin(
            job.path,
            value_span(scalar, text),
            text,
            source=KIND,
            context=(
                f"{same.context}; restated at matrix {key}"
                if same is not None
                else context_of(
                    job, f"job {job.job_id}, matrix {key}", "", may_fail=may_fail, purpose=purpose
                )
            ),
            purpose=purpose[0],
            role=Role.MATRIX,
            group=same.group or group if same is not None else group,
            yaml_loaded_as=number_loaded_as(scalar),
        )
        yield replace(made, anchor=job.anchor, may_fail=may_fail)


def _unused_axes(
    job: Job, unused: list[tuple[str, Scalar, tuple[int, int]]]
) -> Iterator[Declaration]:
    """A test job's axis that lists two Pythons or more and that no step uses: every leg runs
    one Python (the runner's, or the one a step names), not the ones listed."""
    if job.purpose is not Purpose.RUNTIME:
        return
    by_axis: dict[str, list[Scalar]] = {}
    for key, scalar, _ in unused:
        if _VERSION.match(scalar.text.strip()):
            by_axis.setdefault(key.split(".", 1)[0], []).append(scalar)
    for axis, scalars in by_axis.items():
        listed = list(dict.fromkeys(s.text.strip() for s in scalars))
        if len(listed) < 2:
            continue
        first, last = scalars[0].span, scalars[-1].span
        declaration = unresolved(
            job.path,
            Span(first.line, first.column, last.end_line, last.end_column),
            f"matrix.{axis}: {', '.join(listed)}",
            source=KIND,
            context=f"job {job.job_id}, matrix {axis}",
            note=UNUSED_AXIS,
        )
        yield replace(declaration, purpose=job.purpose, anchor=job.anchor)


_READ_NO_MATRIX = PLUMBING_ACTIONS + PACKAGING_ACTIONS
"""Actions that read no matrix axis of the job (autogen's 0.2 release job lists
`python-version: [3.10]` and only publishes with pypa's action)."""


def _used_axes(job: Mapping) -> frozenset[str] | None:
    """The matrix axes that the job uses anywhere but in names (the job's, a step's, an
    artifact's: `name: coverage-${{ matrix.python-version }}` sets up no Python); None when
    it may use them all (`toJSON(matrix)`, a word "matrix" it is not known how, or an action
    that is not mere plumbing: jupyterlab's base-setup reads `matrix.python-version`)."""
    used: set[str] = set()
    stack: list[Node] = [value for key, value in job.items() if key not in ("strategy", "name")]
    steps = job.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        if uses is not None and not uses.text.strip().lower().startswith(_READ_NO_MATRIX):
            return None  # an action runs in the job's context: it may read any axis
    while stack:
        node = stack.pop()
        if isinstance(node, Scalar):
            for use in _USE.finditer(node.text) if "matrix" in node.text else ():
                axis = use["dotted"] or use["item"]
                if axis is None:
                    return None
                used.add(axis)
        elif isinstance(node, Sequence):
            stack += node.items
        elif isinstance(node, Mapping):
            stack += [value for key, value in node.items() if key != "name"]
    return frozenset(used)


# `matrix.KEY`, `matrix['KEY']`, or the whole matrix (`toJSON(matrix)`).
_USE = lazy_re.compile(
    r"\bmatrix\b(?:\s*+\.\s*+(?P<dotted>[\w-]++)|\s*+\[\s*+['\"](?P<item>[^'\"\]]*+))?"
)


def _is_used(key: str, used: frozenset[str] | None) -> bool:
    """An axis only named (a job's title) is not the job's Python: with no step that sets it
    up, the job runs the runner's own (apprise's tests after their setup step was dropped).
    `key` is an axis, or `a.b` for key b of axis a's mappings."""
    return used is None or key.split(".", 1)[0] in used


def _restated(text: str, taken: list[Taken], job: Job) -> Declaration | None:
    """The declaration a matrix value restates: the job's own, or a wheel build's (read for
    the whole file) that lies in this job. Another job's wheel build listing the same version
    is not this job's: watchfiles' test matrix names 3.10 to 3.15 as its release job's
    maturin `--interpreter` list does, and those are tests, not wheels."""
    own, shared = taken[0], taken[1:]
    first, last = job.node.span.line, job.node.span.end_line
    for found in reversed(shared):
        for declaration in found.listed_as.get(text, ()):
            if first <= declaration.span.line <= last:
                return declaration
    listed = own.listed_as.get(text)
    return listed[-1] if listed else None


def _as_its_runs(job: Job, key: str, scalar: Scalar) -> tuple[bool, tuple[Purpose, str]]:
    """Whether the runs that take this value may fail (each of them), and their purpose; the
    job's own where no run is known to take it."""
    path = key.split(".")
    runs = [r for r in job.runs or () if lookup(r.combination, path) is scalar]
    if not runs:
        text = scalar.text.strip()
        runs = [
            r
            for r in job.runs or ()
            if isinstance(node := lookup(r.combination, path), Scalar) and node.text.strip() == text
        ]
    if not runs:
        return is_true(job.node.get("continue-on-error")), (job.purpose, job.why)
    return all(r.may_fail for r in runs), strongest((r.purpose, r.why) for r in runs)


# `fromJSON(inputs.x && inputs.x || '[...]')` / `fromJSON(inputs.x || '[...]')`, blanks
# collapsed to one space: the list a workflow's own triggers run, else what callers pass.
_FALLBACK = lazy_re.compile(
    r"fromjson\( ?inputs\.(?P<name>[A-Za-z_][\w-]*+)(?: ?&& ?inputs\.[A-Za-z_][\w-]*+)? ?"
    r"\|\| ?'(?P<json>[^']*+)' ?\)",
    re.IGNORECASE,
)


def _fallback_axes(job: Job, matrix: Mapping, *, callable_workflow: bool) -> Iterator[Declaration]:
    """A Python axis set by an input with a literal fallback: the literal's versions (what
    the workflow's own triggers run) and, in a reusable workflow, a link to what its local
    callers pass (resolved like `fromJSON(inputs.x)`)."""
    for key, value in matrix.items():
        if not (_names_python(key) and isinstance(value, Scalar) and "${{" in value.text):
            continue
        found = _FALLBACK.search(" ".join(value.text.split()))
        items = json_literal(found["json"]) if found else None
        if found is None or items is None:
            continue
        versions = [item for item in items if _VERSION.match(item.strip())][:_MAX_VALUES]
        group = f"{job.path} job {job.job_id} matrix {key}"
        for version in versions:
            made = pin(
                job.path,
                value.span,
                version,
                source=KIND,
                context=context_of(job, f"job {job.job_id}, matrix {key}", "the literal fallback"),
                purpose=job.purpose,
                role=Role.MATRIX,
                group=group,
            )
            yield replace(made, anchor=job.anchor)
        if callable_workflow:
            link = unresolved(
                job.path,
                value.span,
                value.text.strip(),
                source=KIND,
                context=context_of(job, f"job {job.job_id}, matrix {key}", "input"),
                note=f"{INPUT_JSON_NOTE}{found['name']}",
            )
            yield replace(link, purpose=job.purpose, anchor=job.anchor, group=group)


def _names_a_python(declaration: Declaration) -> bool:
    """A declaration of a Python, or a link whose value may be one (not a call's `platform:
    ubuntu-22.04` or `distutils: stdlib` that shares an `include` entry with a Python)."""
    if declaration.requirement is not None:
        return True
    raw = declaration.raw.strip()
    return bool(_VERSION.match(raw)) or "python" in raw.lower() or "${{" in raw


def _from_matrix_or_link(declaration: Declaration) -> bool:
    """A declaration that may take the matrix's values somewhere else than at their lines: a
    value evaluated per run, an input or a build link resolved later."""
    if declaration.note.startswith(CALLER_NOTE):
        return False  # a local action's call itself passes nothing
    if declaration.note.startswith(CALL_NOTE):  # an input given to a local action
        return any(word in declaration.context for word in (", matrix ", ", expression"))
    if declaration.role is Role.UNRESOLVED:
        return True
    return any(word in declaration.context for word in (", matrix ", ", expression", ", env "))


def _remote_action(job: Job, key: str) -> str:
    """The other repository's action (not a setup action read here) a step passes
    `matrix.<key>` to as its Python, if any."""
    steps = job.node.get("steps")
    reference = f"matrix.{key}"
    for step in steps.items if isinstance(steps, Sequence) else ():
        uses = step.scalar("uses") if isinstance(step, Mapping) else None
        inputs = step.mapping("with") if isinstance(step, Mapping) else None
        name = uses.text.strip().partition("@")[0] if uses else ""
        if not (inputs and name) or name.startswith("./") or _read_here(name):
            continue
        for input_name, value in inputs.items():
            if (
                isinstance(value, Scalar)
                and reference in value.text
                and (_names_python(input_name) or input_name == "interpreter")
            ):
                return name
    return ""


_READ = frozenset({"prefix-dev/setup-pixi", "pypa/cibuildwheel"})
"""Read by their own readers, beside the setup actions (`setup_action`)."""


def _read_here(action: str) -> bool:
    return action.lower() in _READ or setup_action(action) is not None


Lines = tuple[int, int]


def _python_values(matrix: Mapping) -> Iterator[tuple[str, Scalar, Lines]]:
    """Each value of a key named for a Python, with the lines a declaration that covers it
    may sit on (the whole of an `include` entry or an axis item, else its own line)."""
    for key, value in matrix.items():
        if key == "exclude":
            continue
        if key == "include":
            for entry in value.items if isinstance(value, Sequence) else ():
                if isinstance(entry, Mapping):
                    lines = _lines(entry)
                    yield from ((k, s, lines) for k, s in _in_mapping(entry))
        elif isinstance(value, Sequence):
            for item in value.items:
                if isinstance(item, Scalar) and _names_python(key):
                    yield key, item, (item.span.line, item.span.line)
                elif isinstance(item, Mapping):
                    lines = _lines(item)
                    yield from ((f"{key}.{k}", s, lines) for k, s in _in_mapping(item))


def _lines(entry: Mapping) -> Lines:
    """From the entry's first line to its last value's (a mapping's own end is where the
    next entry starts)."""
    return entry.span.line, max((v.span.end_line for _, v in entry.pairs), default=0)


def _in_mapping(entry: Mapping) -> Iterator[tuple[str, Scalar]]:
    for key, value in entry.items():
        yield from _named_scalars(key, value)


def _named_scalars(key: str, value: Node) -> Iterator[tuple[str, Scalar]]:
    if isinstance(value, Scalar) and _names_python(key):
        yield key, value
    elif isinstance(value, Mapping):
        for inner_key, inner in value.items():
            if isinstance(inner, Scalar) and _names_python(inner_key):
                yield f"{key}.{inner_key}", inner


def _names_python(key: str) -> bool:
    return axis_word(key) in PYTHON_AXES


def axis_word(key: str) -> str:
    """A matrix key as its words run together, lower case (`python-version`: pythonversion)."""
    return key.lower().replace("-", "").replace("_", "")
