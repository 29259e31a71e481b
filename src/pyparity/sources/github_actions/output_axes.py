"""A matrix axis another job writes: `python-version: ${{ fromJSON(needs.J.outputs.O) }}`
where job J's output O is `${{ steps.S.outputs.X }}` and step S's script writes X with
`echo 'X=VALUE' >> "$GITHUB_OUTPUT"`.

VALUE is a JSON list written out (`["3.12", "3.13"]`), or an expression that picks one of
several: `${{ github.event_name == 'push' && '["3.10"]' || env.TEST_MATRIX_PYTHON }}`. The
event is not known, so the job runs on each list on some event: the axis is their union,
each value where it is first written (in the echo line, or in the `env:` value it names).
Any part that cannot be known (another context, a command's output, a name written twice)
leaves the axis unknown, as before.

Work is bounded by construction: each step's script and each job output are read once,
however many jobs take them; an expression's lists, a list's items, the outputs read and
the values handed to jobs in all are capped (past a cap, the axis stays unknown); each line
is searched for its items left to right, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from pyparity import lazy_re
from pyparity.model import Span
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence
from pyparity.sources.github_actions import json_text
from pyparity.sources.github_actions.expression import parse
from pyparity.sources.github_actions.matrix import EXPRESSION, inner
from pyparity.sources.github_actions.step_matrix import replaced
from pyparity.textfile import TextFile

_REDIRECTS = frozenset(
    {"$GITHUB_OUTPUT", '"$GITHUB_OUTPUT"', "${GITHUB_OUTPUT}", '"${GITHUB_OUTPUT}"'}
)
_MAX_ITEMS = 64
"""Values of one axis (a real one lists a handful of Pythons)."""
_MAX_ALTERNATIVES = 16
"""Lists one expression may pick from (two or three in real workflows)."""
_MAX_OUTPUTS = 256
"""Job outputs read in one workflow."""
_MAX_HANDED = 16_384
"""Values handed to the jobs that take them, in all: a one-line axis of many jobs must not
multiply into more declarations than a file of their size could write."""
_STRING_TAG = "tag:yaml.org,2002:str"


class _Echoed:
    """One `echo NAME=VALUE` line: its value's text and where that starts in the file (None
    where the script's line is not found verbatim: a folded or escaped scalar)."""

    __slots__ = ("offset", "run", "text")

    def __init__(self, run: Scalar, text: str, offset: int | None) -> None:
        self.run = run
        self.text = text
        self.offset = offset


class OutputAxes:
    """Each producer step's echoed outputs and each job output's values, read once for the
    whole workflow however many jobs take them."""

    __slots__ = ("_env_items", "_handed", "_outputs", "_steps")

    def __init__(self) -> None:
        self._steps: dict[tuple[str, str], dict[str, list[_Echoed]]] = {}
        self._outputs: dict[tuple[str, str], Sequence | None] = {}
        self._env_items: dict[int, tuple[Scalar, list[Scalar] | None]] = {}
        self._handed = 0

    def axis(
        self, file: TextFile, jobs: Mapping, expression: str, envs: tuple[Mapping, ...]
    ) -> Sequence | None:
        """The values of `fromJSON(needs.J.outputs.O)` where a step of J echoes them; None
        when they cannot all be known. `envs`: the workflow's `env:`."""
        needed = _needs_output(expression)
        if needed is None:
            return None
        if needed not in self._outputs:
            read = len(self._outputs) < _MAX_OUTPUTS
            self._outputs[needed] = self._output(file, jobs, needed, envs) if read else None
        found = self._outputs[needed]
        if found is None or self._handed + len(found.items) > _MAX_HANDED:
            return None
        self._handed += len(found.items)
        return found

    def _output(
        self, file: TextFile, jobs: Mapping, needed: tuple[str, str], envs: tuple[Mapping, ...]
    ) -> Sequence | None:
        producer = jobs.mapping(needed[0])
        outputs = producer.mapping("outputs") if producer else None
        output = outputs.scalar(needed[1]) if outputs else None
        step_output = _step_output(output.text) if output else None
        if producer is None or output is None or step_output is None:
            return None
        step_id, name = step_output
        step = _step(producer, step_id)
        if step is None:
            return None
        key = (needed[0], step_id)
        if key not in self._steps:
            self._steps[key] = _echoed(file, step)
        alternatives = self._steps[key].get(name)
        if not alternatives or len(alternatives) > _MAX_ALTERNATIVES:
            return None
        scopes = tuple(
            env for env in (step.mapping("env"), producer.mapping("env"), *envs) if env is not None
        )
        union = _union(self._values(file, echoed, scopes) for echoed in alternatives)
        return Sequence(items=tuple(union), span=output.span) if union else None

    def _values(
        self, file: TextFile, echoed: _Echoed, envs: tuple[Mapping, ...]
    ) -> list[Scalar] | None:
        """The union of the lists the value may be, each item where it is first written."""
        text = echoed.text
        whole = EXPRESSION.fullmatch(text.strip())
        in_line = _LinePlacer(file, echoed)
        if whole is None:
            return None if "$" in text else _items(text, in_line.place)
        tree = parse(inner(whole))
        if tree is None:
            return None
        lists = (
            None
            if literal is None or count >= _MAX_ALTERNATIVES
            else self._env_list(literal)
            if isinstance(literal, Scalar)
            else _items(literal, in_line.place)
            for count, literal in enumerate(_results(tree, envs))
        )
        return _union(lists)

    def _env_list(self, scalar: Scalar) -> list[Scalar] | None:
        """An `env:` value's items, placed once however many expressions name it."""
        known = self._env_items.get(id(scalar))
        if known is None:
            known = (scalar, _items(scalar.text, _ScalarPlacer(scalar).place))
            self._env_items[id(scalar)] = known
        return known[1]


def _union(lists: Iterable[list[Scalar] | None]) -> list[Scalar] | None:
    """The items of every list, each once where it is first written; None when one list is
    not known or the union is past the cap (read lazily: it stops at the first of those)."""
    values: dict[str, Scalar] = {}
    for items in lists:
        if items is None:
            return None
        for item in items:
            values.setdefault(item.text, item)
        if len(values) > _MAX_ITEMS:
            return None
    return list(values.values())


def _needs_output(expression: str) -> tuple[str, str] | None:
    """`fromJSON(needs.J.outputs.O)` -> (J, O)."""
    tree = parse(expression)
    if tree is None or tree[0] != "call" or tree[1] != "fromjson":
        return None
    arguments = tree[2]
    if not isinstance(arguments, list) or len(arguments) != 1:
        return None
    return _output_reference(arguments[0], "needs")


def _step_output(text: str) -> tuple[str, str] | None:
    """`${{ steps.S.outputs.X }}` -> (S, X)."""
    whole = EXPRESSION.fullmatch(text.strip())
    tree = parse(inner(whole)) if whole else None
    return _output_reference(tree, "steps") if tree is not None else None


def _output_reference(tree: object, context: str) -> tuple[str, str] | None:
    """`CONTEXT.NAME.outputs.OUTPUT` -> (NAME, OUTPUT)."""
    if not isinstance(tree, tuple) or tree[:2] != ("ref", context):
        return None
    segments = tree[2]
    if not isinstance(segments, list) or len(segments) != 3 or segments[1] != "outputs":
        return None
    name, _, output = segments
    if not isinstance(name, str) or not isinstance(output, str):
        return None
    return name, output


def _step(job: Mapping, step_id: str) -> Mapping | None:
    steps = job.get("steps")
    for step in steps.items if isinstance(steps, Sequence) else ():
        if isinstance(step, Mapping):
            found = step.scalar("id")
            if found is not None and found.text == step_id:
                return step
    return None


def _echoed(file: TextFile, step: Mapping) -> dict[str, list[_Echoed]]:
    """The outputs the step's script writes with one `echo NAME=VALUE >> "$GITHUB_OUTPUT"`
    line each; a name written twice (on different branches of the script) is not known. A
    line that echoes a shell variable (`echo ${versions} >> "$GITHUB_OUTPUT"`) writes what
    the script assigns it (`versions='py=["3.14", "3.10"]'`, then on pull requests
    `versions='py=["3.14"]'`): each assignment is one value it may write. The script's
    lines are found in the file left to right, until one is not found verbatim."""
    run = step.scalar("run")
    if run is None:
        return {}
    found: dict[str, list[_Echoed]] = {}
    twice: set[str] = set()
    variables: dict[str, list[_Echoed]] = {}
    unknown: set[str] = set()  # variables the script sets some other way too
    cursor: int | None = file.offset(run.span.line, run.span.column)
    for line in run.text.split("\n"):
        assignment = _assignment(line) or _variable_assignment(line)
        echoed_variable = _echoed_variable(line) if assignment is None else None
        if assignment is None and echoed_variable is None:
            if (other := _SHELL_ASSIGNMENT.match(line)) is not None:
                unknown.add(other[1])
            continue
        at = file.text.find(line, cursor) if cursor is not None else -1
        cursor = at + len(line) if at >= 0 else None
        if echoed_variable is not None:
            alternatives = variables.get(echoed_variable, [])
            if echoed_variable in unknown or len(alternatives) > _MAX_ALTERNATIVES:
                continue
            names = {_output_name(one.text) for one in alternatives}
            name = names.pop() if len(names) == 1 else None
            if name is None:
                continue
            values = [
                _Echoed(one.run, one.text.partition("=")[2], _after_name(one))
                for one in alternatives
            ]
            twice.update([name] if name in found else [])
            found[name] = values
            continue
        assert assignment is not None
        name, value_start, value_end = assignment
        offset = at + value_start if at >= 0 else None
        if name.startswith("$"):  # a shell variable's value: `NAME=VALUE` if it is echoed
            variables.setdefault(name[1:], []).append(
                _Echoed(run, line[value_start:value_end], offset)
            )
            continue
        if name in found:
            twice.add(name)
        found[name] = [_Echoed(run, line[value_start:value_end], offset)]
    return {name: echoed for name, echoed in found.items() if name not in twice}


def _output_name(text: str) -> str | None:
    name, equals, _ = text.partition("=")
    if not equals or not name or not all(c.isalnum() or c in "-_" for c in name):
        return None
    return name


def _after_name(echoed: _Echoed) -> int | None:
    skip = len(echoed.text.partition("=")[0]) + 1
    return echoed.offset + skip if echoed.offset is not None else None


# Any other way a script line sets a shell variable (`versions="py=$(./list)"`, `export
# versions=...`, `versions+=...`): what that variable holds is not known here.
_SHELL_ASSIGNMENT = lazy_re.compile(
    r"^[ \t]*+(?:(?:export|local|declare|readonly)[ \t]++(?:-[A-Za-z]++[ \t]++)*+)?"
    r"([A-Za-z_][A-Za-z0-9_]*+)\+?="
)


def _variable_assignment(line: str) -> tuple[str, int, int] | None:
    """`versions='py=["3.14", "3.10"]'` (single quotes: no expansion) -> (`$versions`, where
    the quoted text starts and ends)."""
    stripped = line.strip()
    variable, equals, value = stripped.partition("=")
    if not equals or not variable or not variable.replace("_", "a").isalnum():
        return None
    if len(value) < 2 or value[0] != "'" or value[-1] != "'" or "'" in value[1:-1]:
        return None
    start = len(line) - len(line.lstrip()) + len(variable) + 2
    return f"${variable}", start, start + len(value) - 2


def _echoed_variable(line: str) -> str | None:
    """`echo ${versions} >> "$GITHUB_OUTPUT"` (or `"$versions"`) -> `versions`."""
    echoed = _echo_argument(line)
    if echoed is None:
        return None
    argument = echoed[0]
    if len(argument) >= 2 and argument[0] == argument[-1] == '"':
        argument = argument[1:-1]
    if argument.startswith("${") and argument.endswith("}"):
        argument = argument[2:-1]
    elif argument.startswith("$"):
        argument = argument[1:]
    else:
        return None
    return argument if argument and argument.replace("_", "a").isalnum() else None


def _assignment(line: str) -> tuple[str, int, int] | None:
    """`echo 'NAME=VALUE' >> "$GITHUB_OUTPUT"` -> (NAME, where VALUE starts and ends)."""
    echoed = _echo_argument(line)
    if echoed is None:
        return None
    argument, offset = echoed
    if len(argument) >= 2 and argument[0] == argument[-1] and argument[0] in "'\"":
        argument, offset = argument[1:-1], offset + 1
    name, equals, value = argument.partition("=")
    if not equals or not name or not all(c.isalnum() or c in "-_" for c in name):
        return None
    value_start = offset + len(name) + 1
    return name, value_start, value_start + len(value)


def _echo_argument(line: str) -> tuple[str, int] | None:
    """`echo ARGUMENT >> "$GITHUB_OUTPUT"` -> (ARGUMENT, where it starts in the line)."""
    command, redirect, target = line.rpartition(">>")
    if not redirect or target.strip() not in _REDIRECTS:
        return None
    stripped = command.strip()
    if not stripped.startswith("echo "):
        return None
    offset = len(command) - len(command.lstrip()) + 5
    argument = stripped[5:]
    offset += len(argument) - len(argument.lstrip())
    return argument.strip(), offset


def _results(tree: object, envs: tuple[Mapping, ...]) -> Iterator[str | Scalar | None]:
    """Each list text the expression may give: a string literal, or the `env:` value it
    names; None for a result that cannot be known. A condition's own value (`false`, `''`,
    what `&&` gives when its left side is false) is no list and is passed over."""
    if not isinstance(tree, tuple) or not tree:
        yield None
        return
    kind, operands = tree[0], tree[1:]
    if kind == "or" and isinstance(operands[0], list):
        for operand in operands[0]:
            yield from _results(operand, envs)
    elif kind == "and" and isinstance(operands[0], list):
        yield from _results(operands[0][-1], envs)
    elif kind == "lit":
        if isinstance(operands[0], str) and operands[0]:
            yield operands[0]
        elif operands[0] not in (False, None, ""):
            yield None
    elif kind == "ref" and operands[0] == "env":
        path = operands[1]
        named = isinstance(path, list) and len(path) == 1 and isinstance(path[0], str)
        yield _env_value(path[0], envs) if named else None
    elif kind not in {"cmp", "not"}:
        yield None


def _env_value(name: str, envs: tuple[Mapping, ...]) -> Scalar | None:
    for env in envs:
        value = env.get(name)
        if value is not None:
            return value if isinstance(value, Scalar) and "${{" not in value.text else None
    return None


def _items(text: str, place: Callable[[str], Span | None]) -> list[Scalar] | None:
    """A JSON list of strings -> one scalar per item, placed by `place` (left to right)."""
    try:
        loaded = json_text.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(loaded, list) or not loaded or len(loaded) > _MAX_ITEMS:
        return None
    items = []
    for item in loaded:
        if not isinstance(item, str) or not item:
            return None
        span = place(item)
        if span is None:
            return None
        items.append(Scalar(text=item, tag=_STRING_TAG, quoted=True, block=False, span=span))
    return items


class _LinePlacer:
    """Places the items of an echo line's lists: each searched for after the one before
    (the lists of an expression are written in the order it gives them)."""

    __slots__ = ("_cursor", "_echoed", "_file")

    def __init__(self, file: TextFile, echoed: _Echoed) -> None:
        self._file = file
        self._echoed = echoed
        self._cursor = 0

    def place(self, item: str) -> Span:
        echoed = self._echoed
        at = echoed.text.find(f'"{item}"', self._cursor)
        if at < 0 or echoed.offset is None:
            return echoed.run.span
        self._cursor = at + len(item) + 2
        start = echoed.offset + at + 1
        return self._file.span(start, start + len(item))


class _ScalarPlacer:
    """Places the items of an `env:` value written on one line, left to right; else the
    value's span."""

    __slots__ = ("_cursor", "_scalar")

    def __init__(self, scalar: Scalar) -> None:
        self._scalar = scalar
        self._cursor = 0

    def place(self, item: str) -> Span:
        scalar = self._scalar
        span = scalar.span
        if span.line != span.end_line or scalar.block or "\n" in scalar.text:
            return span
        at = scalar.text.find(item, self._cursor)
        if at < 0:
            return span
        self._cursor = at + len(item)
        column = span.column + at
        return Span(
            line=span.line, column=column, end_line=span.line, end_column=column + len(item)
        )


def replaced_axes(
    file: TextFile, node: Mapping, jobs: Mapping, axes: OutputAxes, envs: tuple[Mapping, ...]
) -> Mapping:
    """The job with each matrix axis that another job's step echoes made a list."""
    strategy = node.mapping("strategy")
    matrix = strategy.mapping("matrix") if strategy else None
    if strategy is None or matrix is None:
        return node
    pairs: list[tuple[Scalar, Node]] = []
    changed = False
    for key, value in matrix.pairs:
        whole = EXPRESSION.fullmatch(value.text.strip()) if isinstance(value, Scalar) else None
        made = axes.axis(file, jobs, inner(whole), envs) if whole else None
        pairs.append((key, made if made is not None else value))
        changed = changed or made is not None
    if not changed:
        return node
    new_matrix = Mapping(pairs=tuple(pairs), span=matrix.span)
    return replaced(node, "strategy", replaced(strategy, "matrix", new_matrix))
