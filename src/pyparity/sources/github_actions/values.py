"""The values a written input takes over a job's runs: `${{ matrix.x }}` (and
`matrix.a || matrix.b || 'x'`, `matrix.x[0]`), `${{ env.x }}`, `fromJSON` of a literal or of
a matrix given as JSON, any other expression evaluated run by run; one line of a multi-line
input at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence
from pyparity.records import record, replace
from pyparity.sources.github_actions.expression import UNKNOWN as UNKNOWN_VALUE
from pyparity.sources.github_actions.expression import interpolate
from pyparity.sources.github_actions.job import Job
from pyparity.sources.github_actions.matrix import (
    EXPRESSION,
    FROM_JSON,
    Combination,
    Unknown,
    from_json,
    inner,
    json_literal,
    lookup,
)
from pyparity.sources.github_actions.runs import (
    Run,
    resolver,
    strongest,
)

CONTEXT_REF = lazy_re.compile(
    r"^(?P<ctx>matrix|env|inputs)"
    r"(?P<path>(?:\.[A-Za-z_][\w-]*+|\[\s*+(?:'[^']*+'|\d++)\s*+\])++)$"
)


PATH_KEY = lazy_re.compile(r"\.([A-Za-z_][\w-]*)|\[\s*(?:'([^']*)'|(\d+))\s*\]")


@record
class Value:
    """One candidate value of a version input, with the scalar that wrote it."""

    text: str
    scalar: Scalar
    via: str = ""
    may_fail: bool = False  # written only for matrix entries the job lets fail
    purpose: tuple[Purpose, str] | None = None  # the runs' that use it, when not the job's


def number_loaded_as(scalar: Scalar) -> str | None:
    if scalar.is_number and not scalar.quoted and scalar.loaded_as != scalar.text:
        return scalar.loaded_as
    return None


def _scalars(node: Node) -> Iterator[Scalar]:
    if isinstance(node, Scalar):
        yield node
    elif isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Scalar):
                yield item


def split_lines(value: Value) -> list[Value]:
    """setup-python takes several versions in a multi-line string, one per line; an
    expression that spans lines (`${{ a ||` / `b }}` in a `>-` block) is one value."""
    text = value.text
    if "\n" not in text.strip():
        return [value]
    lines = []
    start = 0
    for index in _line_breaks(text):
        lines.append(text[start:index])
        start = index + 1
    lines.append(text[start:])
    return [replace(value, text=line.strip()) for line in lines if line.strip()]


def _line_breaks(text: str) -> Iterator[int]:
    """The offsets of the line breaks of `text` that are not inside a `${{ }}`."""
    expressions = [match.span() for match in EXPRESSION.finditer(text)]
    current = 0
    index = text.find("\n")
    while index >= 0:
        while current < len(expressions) and expressions[current][1] <= index:
            current += 1
        if current == len(expressions) or index < expressions[current][0]:
            yield index
        index = text.find("\n", index + 1)


def version_values(job: Job, node: Node, envs: tuple[Mapping, ...]) -> list[Value]:
    """The values a `python-version` input takes, one per line of a multi-line input; empty
    values (an unset matrix key) are left out, as setup-python leaves out empty lines."""
    values = [value for scalar in _scalars(node) for value in expand(job, scalar, envs)]
    return [v for item in values for v in split_lines(item) if v.text.strip()]


def varies_over_runs(whole_job: Job, step_job: Job, node: Node, envs: tuple[Mapping, ...]) -> bool:
    """Does a step that runs in some of the job's runs only take a value that varies over
    all of them? Then its values are entries of the job's matrix, however few it takes."""
    if whole_job.runs is None or step_job.runs == whole_job.runs:
        return False
    return len({value.text.strip() for value in version_values(whole_job, node, envs)}) > 1


def expand(job: Job, scalar: Scalar, envs: tuple[Mapping, ...]) -> list[Value]:
    """Replace one `${{ matrix.x }}` / `${{ env.x }}` / `fromJSON('[..]')` by its values."""
    expressions = list(EXPRESSION.finditer(scalar.text))
    if not expressions:
        return [Value(text=scalar.text, scalar=scalar)]
    if len(expressions) == 1:
        expression = expressions[0]
        prefix, suffix = scalar.text[: expression.start()], scalar.text[expression.end() :]
        replacements = _resolve_expression(job, inner(expression), envs, scalar)
        if replacements is not None:
            return [replace(value, text=f"{prefix}{value.text}{suffix}") for value in replacements]
    return _evaluated(job, scalar, envs) or [Value(text=scalar.text, scalar=scalar)]


def _evaluated(job: Job, scalar: Scalar, envs: tuple[Mapping, ...]) -> list[Value] | None:
    """The texts a scalar with expressions takes over the job's runs, each expression
    evaluated (`${{ matrix.py == '3.15' && '3.15-dev' || matrix.py }}`, `format(...)`); None
    when one cannot be known in some run."""
    if not job.runs:
        return None
    values: dict[object, Value] = {}
    for run in job.runs:
        text = interpolate(scalar.text, resolver(run.combination, envs))
        if text is UNKNOWN_VALUE or not isinstance(text, str):
            return None
        _add_run_value(values, text, Value(text=text, scalar=scalar, via="expression"), run)
    return list(values.values())


def _resolve_expression(
    job: Job, expression: str, envs: tuple[Mapping, ...], scalar: Scalar
) -> list[Value] | None:
    if literal := FROM_JSON.match(expression):
        return _json_list(literal["json"], scalar)
    operands = _or_operands(expression)
    if operands is None:
        return None
    [first, *_] = operands
    if len(operands) == 1 and isinstance(first, _Reference) and first.context == "env":
        for env in envs:
            value = env.scalar(first.path[0])
            if value is not None:
                return _env_values(job, value, f"env {first.path[0]}")
        return None
    if all(isinstance(o, str) or o.context == "matrix" for o in operands):
        return _matrix_values(job, operands, scalar)
    if all(isinstance(o, str) or (o.context == "env" and len(o.path) == 1) for o in operands):
        return _env_or_literal(job, operands, envs, scalar)
    return None


def _env_or_literal(
    job: Job, operands: list[_Reference | str], envs: tuple[Mapping, ...], scalar: Scalar
) -> list[Value] | None:
    """`env.PY || '3.12'`: the first operand that is set, as GitHub's `||` does; a variable no
    `env:` block of the step, job or workflow sets is empty, unless a step of the job may set
    it (`Job.sets_environment`). None where that cannot be known."""
    for operand in operands:
        if isinstance(operand, str):
            if operand:
                return [Value(text=operand, scalar=scalar, via="expression")]
            continue
        name = operand.path[0]
        value = next((v for env in envs if (v := env.scalar(name)) is not None), None)
        if value is not None:
            if "${{" in value.text or not value.text:
                return None  # (set by an expression, or empty: what follows is not known)
            return [Value(text=value.text, scalar=value, via=f"env {name}")]
        if job.sets_environment:
            return None
    return None


class _Reference:
    """`matrix.python.version` as its context and path (`["python", "version"]`); a plain
    class: a dataclass costs the import about half a millisecond."""

    __slots__ = ("context", "path")

    def __init__(self, context: str, path: list[str]) -> None:
        self.context = context
        self.path = path


_OR_TOKEN = lazy_re.compile(r"'(?:[^']++|'')*+'|\|\||[^'|]++|[|']")


_LITERAL = lazy_re.compile(r"'(?:[^']++|'')*+'")  # fullmatch: a pair given back leaves a quote


def _or_operands(expression: str) -> list[_Reference | str] | None:
    """`matrix.a || matrix.b || 'x'` -> its context references and string literals; None for
    any other expression."""
    pieces: list[list[str]] = [[]]  # joined once: `+=` on a list's string copies it each time
    for token in _OR_TOKEN.findall(expression):
        if token == "||":
            pieces.append([])
        else:
            pieces[-1].append(token)
    operands: list[_Reference | str] = []
    for part in ("".join(piece).strip() for piece in pieces):
        if _LITERAL.fullmatch(part):
            operands.append(part[1:-1].replace("''", "'"))
        elif reference := CONTEXT_REF.match(part):
            keys = PATH_KEY.findall(reference["path"])
            path = [dotted or quoted or index for dotted, quoted, index in keys]
            operands.append(_Reference(reference["ctx"], path))
        else:
            return None
    return operands


def _env_values(job: Job, value: Scalar, via: str) -> list[Value]:
    """An env value; one that is itself `${{ matrix.x }}` or `fromJSON` of a literal takes
    its values (the env context is not followed again: GitHub offers none inside `env`)."""
    if "${{" not in value.text:
        return [Value(text=value.text, scalar=value, via=via)]
    return [
        replace(found, via=f"{via}, {found.via}" if found.via else via)
        for found in expand(job, value, ())
    ]


def _json_list(text: str, scalar: Scalar) -> list[Value] | None:
    items = json_literal(text)
    if items is None:
        return None
    return [Value(text=item, scalar=scalar, via="fromJSON") for item in items]


def _matrix_values(
    job: Job, operands: list[_Reference | str], scalar: Scalar
) -> list[Value] | None:
    """The values `matrix.x` (or `matrix.x || matrix.y || 'z'`) takes over the job's
    combinations: the first operand that is set, as GitHub's `||` does. Where none is set (or
    the job has no matrix) the value is empty, as GitHub makes it."""
    strategy = job.node.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    paths = [o.path for o in operands if isinstance(o, _Reference)]
    if isinstance(matrix, Scalar):
        items = from_json(matrix.text) if len(operands) == 1 else None
        return [Value(text=i, scalar=matrix, via="fromJSON") for i in items] if items else None
    if not job.runs:
        return None
    via = "matrix " + " || ".join(".".join(path) for path in paths)
    values: dict[object, Value] = {}
    for run in job.runs:
        found = _first_set(run.combination, operands)
        if isinstance(found, Unknown):
            return None
        if isinstance(found, str):
            key: object = ("literal", found)
            value = Value(text=found, scalar=scalar, via=via)
        elif isinstance(found, Scalar):
            key, value = id(found), Value(text=found.text, scalar=found, via=via)
        elif found is None:
            key, value = "unset", Value(text="", scalar=scalar, via=f"{via} (not set)")
        else:
            continue  # a mapping or a list: no version
        _add_run_value(values, key, value, run)
    return list(values.values()) or None


def _add_run_value(values: dict[object, Value], key: object, value: Value, run: Run) -> None:
    """One run's value: a value several runs take may fail only if each of them may, and
    serves the strongest of their purposes."""
    may_fail = run.may_fail
    purpose = (run.purpose, run.why)
    if key in values:
        earlier = values[key]
        may_fail = may_fail and earlier.may_fail
        purpose = strongest([earlier.purpose or purpose, purpose])
    values[key] = replace(value, may_fail=may_fail, purpose=purpose)


def _first_set(combination: Combination, operands: list[_Reference | str]) -> Node | str | None:
    """The first operand that is set in this combination (a string literal is set unless
    empty); None when none is."""
    for operand in operands:
        found = operand if isinstance(operand, str) else lookup(combination, operand.path)
        if isinstance(found, Unknown) or _is_set(found):
            return found
    return None


def _is_set(value: Node | str | None) -> bool:
    """Truthy, as GitHub's expressions read a matrix value: not null, false, 0 or ''."""
    if isinstance(value, str):
        return value != ""
    if isinstance(value, Scalar):
        return bool(value.text) and (value.quoted or value.text not in _FALSY)
    return value is not None


_FALSY = frozenset({"false", "False", "FALSE", "null", "Null", "NULL", "~", "0"})
