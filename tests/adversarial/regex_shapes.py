"""Every regular expression pyparity compiles, and the shapes among them that backtrack
super-linearly.

`collect()` finds the patterns: each call of `re.compile` (or `lazy_re.compile`, pyparity's
pattern compiled on first use, read as `re.compile`), `re.match`, `re.search`,
`re.fullmatch`, `re.sub`, `re.subn`, `re.findall`, `re.finditer` and `re.split` in the
source (its pattern read from the literal, or, for a module-level name built from an f-string
or a join, from the compiled object the module holds), and how each is applied (`search`,
`match` or `fullmatch`, from the methods called on the name wherever it is used). A call whose
pattern cannot be seen either way is returned as unseen, for a person to list. Every compiled
pattern the modules hold at run time must be one of those found.

`analyse()` builds the pattern's position automaton from Python's own parser (`re._parser`)
and looks for the two kinds of ambiguity that make a backtracking engine super-linear on an
input that fails to match:

- exponential: a state from which one text can lead back to it along two different paths
  (a repeat inside a repeat whose bodies take the same character, an alternation under a
  repeat whose branches can match the same text, `(a+)+`, `(a|a)*`, `(\\s+-{1,2}[\\w-]+)*`);
- polynomial: two different looping states p and q where one text loops on p, leads from p to
  q, and loops on q (two unbounded repeats in a row, or separated only by optional items, whose
  characters overlap: `\\s*(.*?)\\s*$`; under `search`, the scan over start positions is such a
  loop too, so `a*+b` is quadratic there and `^a*b` is not).

It is exact for what a backtracking engine does on failure, within three approximations that
only ever add findings: zero-width assertions are assumed to pass (and to be able to fail at the
end), an atomic group or a possessive repeat of more than one character class is treated as
if it could give back, and a bounded repeat above 16 is treated as unbounded. A possessive
repeat of one character class (`[^\\]]++`, `\\s*+`) is exact: it takes the whole run and the
next character is not of its class. Under `match` and `search` a path that reaches the end of
the pattern has succeeded, so only paths that cannot are followed.
"""

from __future__ import annotations

import ast
import functools
import importlib
import itertools
import re
import re._constants as C
import re._parser as sre_parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pyparity.lazy_re import LazyPattern

SEARCH_METHODS = frozenset({"search", "finditer", "findall", "sub", "subn", "split"})
MATCH_METHODS = {"match": "match", "fullmatch": "fullmatch"} | dict.fromkeys(
    SEARCH_METHODS, "search"
)
ALL_MODES = frozenset({"search", "match", "fullmatch"})
_FLAG_INDEX = {  # where `flags` is among the positional arguments of re's functions
    "compile": 1,
    "match": 2,
    "fullmatch": 2,
    "search": 2,
    "findall": 2,
    "finditer": 2,
    "split": 3,
    "sub": 4,
    "subn": 4,
}
_MAX_EXPANDED = 16
_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}
# Characters beyond ASCII that classes treat differently (spaces, digits, letters that fold).
_REPRESENTATIVES = (
    "\x85\xa0\xb2\xb5\xdf\xe9\u017f\u0130\u0131\u0416\u0661\u1680\u2028\u212a\u3000\uffff\U0001f600"
)


# --- collection -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """One regular expression of the source and how it is applied."""

    module: str
    line: int
    name: str  # the module-level name it is bound to, else `function()` it is in
    pattern: str | None  # None: not seen (neither a literal nor a module-level object)
    flags: int
    modes: frozenset[str]
    lazy: bool = False  # made by `lazy_re.compile`

    @property
    def key(self) -> str:
        return f"{self.module}.{self.name}"

    @property
    def where(self) -> str:
        return f"{self.key} (line {self.line})"


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    return None


def _flags(node: ast.expr | None) -> int | None:
    if node is None:
        return 0
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "re" and isinstance(getattr(re, node.attr, None), int):
            return int(getattr(re, node.attr))
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _flags(node.left), _flags(node.right)
        return None if left is None or right is None else left | right
    return None


def _re_function(call: ast.Call) -> str | None:
    """The function of `re` a call names; `lazy_re.compile` is `compile`."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id == "re" and func.attr in _FLAG_INDEX:
            return func.attr
        if func.value.id == "lazy_re" and func.attr == "compile":
            return "compile"
    return None


def _lazy(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and ast.unparse(call.func) == "lazy_re.compile"


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _bound_name(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[str | None, bool]:
    """The module-level name a call's value is bound to, and whether directly (not inside a
    tuple, list, set or dict); None when it is not the value of a module-level assignment."""
    direct, here = True, node
    while (parent := parents.get(here)) is not None:
        if isinstance(parent, ast.Assign | ast.AnnAssign):
            target = parent.targets[0] if isinstance(parent, ast.Assign) else parent.target
            if isinstance(parents.get(parent), ast.Module) and isinstance(target, ast.Name):
                return target.id, direct
            return None, direct
        if not isinstance(parent, ast.Tuple | ast.List | ast.Set | ast.Dict):
            return None, direct
        direct, here = False, parent
    return None, direct


@dataclass(slots=True)
class _Uses:
    """How module-level names are used: the re methods called on them, or 'escapes'."""

    modes: dict[str, set[str]] = field(default_factory=dict)

    def add(self, qualified: str, mode: str | None) -> None:
        self.modes.setdefault(qualified, set()).update([mode] if mode else ALL_MODES)


def _imports(tree: ast.Module, module: str) -> dict[str, str]:
    names: dict[str, str] = {}
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
    return names


def _record_uses(tree: ast.Module, module: str, uses: _Uses) -> None:
    imports, parents = _imports(tree, module), _parents(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            qualified = imports.get(node.id, f"{module}.{node.id}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id not in imports:
                continue
            qualified = f"{imports[node.value.id]}.{node.attr}"
        else:
            continue
        parent = parents.get(node)
        mode = None
        if isinstance(parent, ast.Attribute) and parent.attr in MATCH_METHODS:
            call = parents.get(parent)
            if isinstance(call, ast.Call) and call.func is parent:
                mode = MATCH_METHODS[parent.attr]
        if isinstance(parent, ast.Attribute) and parent.attr in ("pattern", "flags"):
            continue
        uses.add(qualified, mode)


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_patterns(
    value: object, module: str, depth: int = 0
) -> Iterator[re.Pattern[str] | LazyPattern]:
    """Patterns, compiled or lazy, held in a module-level value (in containers, or a class of
    this module)."""
    if isinstance(value, re.Pattern | LazyPattern):
        yield value
    elif depth < 3 and isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from runtime_patterns(item, module, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from runtime_patterns(item, module, depth + 1)
    elif depth < 1 and isinstance(value, type) and value.__module__ == module:
        for item in vars(value).values():
            yield from runtime_patterns(item, module, depth + 1)


def collect(package: Path) -> tuple[list[Site], list[str]]:
    """The sites found (a site's pattern is None when it cannot be seen) and the compiled
    patterns held by modules that no site accounts for."""
    trees: dict[str, tuple[ast.Module, ModuleType]] = {}
    uses = _Uses()
    for path in sorted(package.rglob("*.py")):
        module = _module_name(path, package)
        if module.endswith(".__main__"):  # running it is the CLI; it holds no pattern
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        trees[module] = (tree, importlib.import_module(module))
        _record_uses(tree, module, uses)
    sites: list[Site] = []
    for module, (tree, loaded) in trees.items():
        sites.extend(_sites(module, tree, loaded, uses))
    seen = {(s.pattern, s.flags & ~re.UNICODE) for s in sites}
    stray = [
        f"{module}: {compiled.pattern!r}"
        for module, (_, loaded) in trees.items()
        for value in vars(loaded).values()
        for compiled in runtime_patterns(value, module)
        if (compiled.pattern, compiled.flags & ~re.UNICODE) not in seen
    ]
    return sites, sorted(set(stray))


def _sites(module: str, tree: ast.Module, loaded: ModuleType, uses: _Uses) -> Iterator[Site]:
    parents = _parents(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or (function := _re_function(node)) is None:
            continue
        pattern_node = _argument(node, 0, "pattern")
        flags = _flags(_argument(node, _FLAG_INDEX[function], "flags"))
        pattern = _literal(pattern_node) if pattern_node is not None else None
        name: str | None = None
        if function == "compile":
            name, direct = _bound_name(node, parents)
            used = uses.modes.get(f"{module}.{name}") if name and direct else None
            modes = frozenset(used) if used else ALL_MODES
            if pattern is None and name and direct:
                compiled = getattr(loaded, name, None)
                if isinstance(compiled, re.Pattern | LazyPattern):
                    pattern, flags = compiled.pattern, compiled.flags & ~re.UNICODE
        else:
            modes = frozenset({MATCH_METHODS[function]})
        if flags is None:
            pattern = None
        yield Site(
            module,
            node.lineno,
            name or _function(node, parents),
            pattern,
            flags or 0,
            modes,
            lazy=_lazy(node),
        )


def _function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    while (node := parents.get(node)) is not None:  # type: ignore[assignment]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return f"{node.name}()"
    return "<module>"


# --- analysis ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Fragment:
    first: dict[int, int]  # position -> characters that can enter it
    last: dict[int, int]  # position -> characters that may not follow it
    accept_last: dict[int, int]  # the last positions when what follows surely matches empty
    nullable: bool
    null_excluded: int  # what may not follow when the fragment matches empty
    sure: bool  # its empty match cannot fail (False for assertions)
    at_start: bool = False  # its empty match needs the start of the text (or of a line)
    first_at_start: frozenset[int] = frozenset()  # first positions entered only there


@dataclass(slots=True)
class _Automaton:
    alphabet: str
    classes: list[int] = field(default_factory=lambda: [0])  # position -> characters
    edges: dict[int, dict[int, int]] = field(default_factory=dict)
    parallel: set[tuple[int, int]] = field(default_factory=set)  # edges made two ways

    @property
    def end(self) -> int:
        """The end of the text, read as one more character no class holds."""
        return 1 << len(self.alphabet)

    def position(self, characters: int) -> int:
        self.classes.append(characters)
        return len(self.classes) - 1

    def connect(self, last: dict[int, int], first: dict[int, int]) -> None:
        for source, excluded in last.items():
            targets = self.edges.setdefault(source, {})
            for target, characters in first.items():
                label = characters & ~excluded
                if label & targets.get(target, 0):  # `(a*)*`: the inner and outer loop
                    self.parallel.add((source, target))
                if label:
                    targets[target] = targets.get(target, 0) | label


def _alphabet(parsed: sre_parse.SubPattern, flags: int) -> str:
    extra: set[str] = set()

    def item(op: object, av: object) -> None:
        if op in (C.LITERAL, C.NOT_LITERAL):
            extra.add(chr(av))  # type: ignore[arg-type]
        elif op is C.RANGE:
            low, high = av  # type: ignore[misc]
            extra.update({chr(low), chr(high), chr(min(low + 1, high))})
        elif op is C.IN:
            for inner in av:  # type: ignore[attr-defined]
                item(*inner)
        else:
            for child in av if isinstance(av, list | tuple) else [av]:
                for grandchild in child if isinstance(child, list) else [child]:
                    if isinstance(grandchild, sre_parse.SubPattern):
                        walk(grandchild)

    def walk(sub: sre_parse.SubPattern) -> None:
        for op, av in sub.data:
            item(op, av)

    walk(parsed)
    for char in list(extra):
        extra.update({char.lower(), char.upper(), char.swapcase()} - {""})
    base = "".join(chr(i) for i in range(128)) + _REPRESENTATIVES
    return base + "".join(sorted(c for c in extra if len(c) == 1 and c not in base))


def _class_text(op: object, av: object) -> str:
    def char(code: int) -> str:
        return f"\\U{code:08x}"

    if op is C.LITERAL:
        return char(av)  # type: ignore[arg-type]
    if op is C.NOT_LITERAL:
        return f"[^{char(av)}]"  # type: ignore[arg-type]
    if op is C.ANY:
        return "."
    parts = []
    for item_op, item in av:  # type: ignore[attr-defined]
        if item_op is C.NEGATE:
            parts.insert(0, "^")
        elif item_op is C.LITERAL:
            parts.append(char(item))
        elif item_op is C.RANGE:
            parts.append(f"{char(item[0])}-{char(item[1])}")
        elif item_op is C.CATEGORY:
            parts.append(_CATEGORY[item])
        else:
            raise ValueError(f"unknown class item {item_op}")
    return "[" + "".join(parts) + "]"


class _Builder:
    def __init__(self, alphabet: str, flags: int) -> None:
        self.automaton = _Automaton(alphabet)
        self.flags = flags
        self.lookarounds: list[tuple[sre_parse.SubPattern, int]] = []
        self.groups: dict[int, sre_parse.SubPattern] = {}
        self.empty_ways = 0  # alternations with two options that match empty
        self.repeated_empty_ways = False  # one of them under an unbounded repeat

    def characters(self, op: object, av: object, flags: int) -> int:
        keep = re.IGNORECASE | re.ASCII | re.DOTALL
        compiled = re.compile(_class_text(op, av), flags & keep)
        return sum(
            1 << i for i, char in enumerate(self.automaton.alphabet) if compiled.fullmatch(char)
        )

    def end_of_text(self) -> _Fragment:
        position = self.automaton.position(self.automaton.end)
        return _Fragment(
            {position: self.automaton.end}, {position: 0}, {position: 0}, False, 0, False
        )

    def sequence(self, items: Iterable[tuple[object, object]], flags: int) -> _Fragment:
        result = _Fragment({}, {}, {}, True, 0, True)
        for op, av in items:
            result = self.concat(result, self.item(op, av, flags))
        return result

    def concat(self, a: _Fragment, b: _Fragment) -> _Fragment:
        self.automaton.connect(a.last, b.first)
        first = dict(a.first)
        if a.nullable:
            for position, characters in b.first.items():
                first[position] = first.get(position, 0) | (characters & ~a.null_excluded)
        last = dict(b.last)
        if b.nullable:
            for position, excluded in a.last.items():
                last[position] = last.get(position, -1) & (excluded | b.null_excluded)
        accept_last = dict(b.accept_last)
        if b.nullable and b.sure:
            accept_last.update(a.accept_last)
        at_start = set(a.first_at_start)
        if a.nullable:
            at_start |= set(b.first) if a.at_start else b.first_at_start
        return _Fragment(
            first,
            last,
            accept_last,
            a.nullable and b.nullable,
            a.null_excluded | b.null_excluded,
            a.sure and b.sure,
            a.at_start or b.at_start,
            frozenset(at_start),
        )

    def alternation(self, options: list[_Fragment]) -> _Fragment:
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        accept_last: dict[int, int] = {}
        for option in options:
            first.update(option.first)
            last.update(option.last)
            accept_last.update(option.accept_last)
        empty = [o for o in options if o.nullable]
        excluded = -1
        for option in empty:
            excluded &= option.null_excluded
        return _Fragment(
            first,
            last,
            accept_last,
            bool(empty),
            excluded if empty else 0,
            any(o.sure for o in empty),
            bool(empty) and all(o.at_start for o in empty),
            frozenset().union(*(o.first_at_start for o in options)),
        )

    def optional(self, fragment: _Fragment) -> _Fragment:
        return self.alternation([fragment, _Fragment({}, {}, {}, True, 0, True)])

    def repeat(
        self, low: int, high: int, body: sre_parse.SubPattern, flags: int, possessive: bool
    ) -> _Fragment:
        single = len(body.data) == 1 and body.data[0][0] in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
        unbounded = high == C.MAXREPEAT or high > _MAX_EXPANDED
        low = min(low, _MAX_EXPANDED)
        result = _Fragment({}, {}, {}, True, 0, True)
        for _ in range(low):
            result = self.concat(result, self.sequence(body.data, flags))
        if unbounded:
            before = self.empty_ways
            loop = self.sequence(body.data, flags)
            if self.empty_ways > before:
                self.repeated_empty_ways = True
            self.automaton.connect(loop.last, loop.first)
            result = self.concat(result, self.optional(loop))
        else:
            tail: _Fragment | None = None
            for _ in range(high - low):
                step = self.sequence(body.data, flags)
                tail = self.optional(step if tail is None else self.concat(step, tail))
            if tail is not None:
                result = self.concat(result, tail)
        if possessive and single and unbounded:
            op, av = body.data[0]
            excluded = self.characters(op, av, flags)
            result.last = {p: e | excluded for p, e in result.last.items()}
            if result.nullable:
                result.null_excluded |= excluded
        return result

    def item(self, op: object, av: object, flags: int) -> _Fragment:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            position = self.automaton.position(self.characters(op, av, flags))
            return _Fragment(
                {position: self.automaton.classes[position]}, {position: 0}, {position: 0},
                False, 0, False,
            )  # fmt: skip
        if op is C.SUBPATTERN:
            group, add, remove, body = av  # type: ignore[misc]
            if group is not None:
                self.groups[group] = body
            return self.sequence(body.data, (flags | add) & ~remove)
        if op is C.ATOMIC_GROUP:
            return self.sequence(av.data, flags)  # type: ignore[attr-defined]
        if op is C.BRANCH:
            options = [self.sequence(b.data, flags) for b in av[1]]  # type: ignore[index]
            if sum(o.nullable for o in options) > 1:  # `a|a` is parsed as `a(?:|)`
                self.empty_ways += 1
            return self.alternation(options)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, high, body = av  # type: ignore[misc]
            return self.repeat(low, high, body, flags, op is C.POSSESSIVE_REPEAT)
        if op is C.AT and (av is C.AT_END_STRING or (av is C.AT_END and not flags & re.MULTILINE)):
            return self.end_of_text()  # `$` also before a last line break: not counted
        if op is C.AT:
            at_start = av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING)
            return _Fragment({}, {}, {}, True, 0, False, at_start)
        if op in (C.ASSERT, C.ASSERT_NOT):
            self.lookarounds.append((av[1], flags))  # type: ignore[index]
            return _Fragment({}, {}, {}, True, 0, False)
        if op is C.GROUPREF:
            body = self.groups.get(av)  # type: ignore[call-overload]
            if body is None:
                return _Fragment({}, {}, {}, True, 0, False)
            fragment = self.sequence(body.data, flags)
            return replace_sure(fragment)
        if op is C.GROUPREF_EXISTS:
            _, yes, no = av  # type: ignore[misc]
            options = [self.sequence(yes.data, flags)]
            options.append(
                self.sequence(no.data, flags) if no else _Fragment({}, {}, {}, True, 0, True)
            )
            return self.alternation(options)
        raise ValueError(f"unsupported regex op {op}")


def replace_sure(fragment: _Fragment) -> _Fragment:
    fragment.sure = False
    return fragment


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "exponential" or "polynomial"
    mode: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} under {self.mode}: {self.detail}"


def _describe(automaton: _Automaton, state: int) -> str:
    if state < 0:
        return "the scan for a start"
    chars = [c for i, c in enumerate(automaton.alphabet) if automaton.classes[state] >> i & 1]
    shown = "".join(chars[:12]).encode("unicode_escape").decode()
    return f"a repeat of [{shown}{'...' if len(chars) > 12 else ''}]"


def analyse(pattern: str, flags: int = 0, modes: Iterable[str] = ALL_MODES) -> list[Finding]:
    """Why the pattern can take super-linear time, under each way it is applied."""
    parsed = sre_parse.parse(pattern, flags)
    flags = parsed.state.flags
    alphabet = _alphabet(parsed, flags)
    findings = []
    for mode in sorted(modes):
        builder = _Builder(alphabet, flags)
        whole = builder.sequence(parsed.data, flags)
        if mode == "fullmatch":  # a match that must end at the end of the text
            whole = builder.concat(whole, builder.end_of_text())
        multiline = bool(flags & re.MULTILINE)
        findings.extend(_ambiguities(builder.automaton, whole, mode, multiline=multiline))
    if builder.repeated_empty_ways:
        findings.append(
            Finding("exponential", "any", "two ways to match empty under a repeat (`(a|a)*`)")
        )
    for body, _ in builder.lookarounds:
        if any(
            op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[1] == C.MAXREPEAT  # type: ignore[index]
            for op, av in _walk(body)
        ):
            findings.append(
                Finding("polynomial", "lookaround", "an unbounded repeat inside a lookaround")
            )
    return findings


def _walk(parsed: sre_parse.SubPattern) -> Iterator[tuple[object, object]]:
    for op, av in parsed.data:
        yield op, av
        children = av if isinstance(av, list | tuple) else ()
        for child in children:
            if isinstance(child, sre_parse.SubPattern):
                yield from _walk(child)
            elif isinstance(child, list):
                for grandchild in child:
                    if isinstance(grandchild, sre_parse.SubPattern):
                        yield from _walk(grandchild)


_SCAN, _LINE_START = -1, -2  # the search's scan for a start position; after a line break


def _ambiguities(
    automaton: _Automaton, whole: _Fragment, mode: str, *, multiline: bool
) -> list[Finding]:
    everything = (1 << len(automaton.alphabet)) - 1
    newline = 1 << automaton.alphabet.index("\n")
    edges: dict[int, dict[int, int]] = {s: dict(t) for s, t in automaton.edges.items()}
    edges[0] = dict(whole.first)
    if mode == "search":  # the scan tries each start; `^` only at the start (of a line)
        anywhere = {p: c for p, c in whole.first.items() if p not in whole.first_at_start}
        after_break = whole.first if multiline else anywhere
        edges[0] |= {_SCAN: everything & ~newline, _LINE_START: newline}
        edges[_SCAN] = {_SCAN: everything & ~newline, _LINE_START: newline, **anywhere}
        edges[_LINE_START] = {_SCAN: everything & ~newline, _LINE_START: newline, **after_break}
    accepting = set(whole.accept_last) | ({0} if whole.nullable and whole.sure else set())
    # A path that reaches an accepting state has succeeded: the engine stops there. (A path
    # that could still turn to one has not: what it tries first may fail slowly, as the scan
    # for a start tries each start before the end of the text where `x*$` matches empty.)
    if 0 in accepting:
        return []
    edges = {
        s: {t: label for t, label in targets.items() if t not in accepting}
        for s, targets in edges.items()
        if s not in accepting
    }
    reachable = _reach(edges, 0)
    edges = {
        s: {t: lab for t, lab in edges.get(s, {}).items() if t in reachable} for s in reachable
    }
    exponential = _exponential(edges)
    for source, target in automaton.parallel:
        if target in edges.get(source, {}) and source in _reach(edges, target):
            exponential = source
    if exponential is not None:
        return [Finding("exponential", mode, f"two ways round {_describe(automaton, exponential)}")]
    polynomial = _polynomial(edges)
    if polynomial is not None:
        p, q = polynomial
        detail = f"{_describe(automaton, p)} then {_describe(automaton, q)} can take the same text"
        return [Finding("polynomial", mode, detail)]
    return []


def _reach(edges: dict[int, dict[int, int]], start: int) -> set[int]:
    seen, todo = {start}, [start]
    while todo:
        for target in edges.get(todo.pop(), {}):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _sccs(nodes: Iterable[object], successors: dict[object, list[object]]) -> list[list[object]]:
    index: dict[object, int] = {}
    low: dict[object, int] = {}
    stack: list[object] = []
    on_stack: set[object] = set()
    result: list[list[object]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(successors.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
    return result


def _pair_successors(edges: dict[int, dict[int, int]], s: int, t: int) -> Iterator[tuple[int, int]]:
    for s2, a in edges.get(s, {}).items():
        for t2, b in edges.get(t, {}).items():
            if a & b:
                yield s2, t2


def _exponential(edges: dict[int, dict[int, int]]) -> int | None:
    """A state q with two different paths from q back to q on one text."""
    starts = [(s, s) for s in edges]
    successors: dict[object, list[object]] = {}
    seen, todo = set(starts), list(starts)
    while todo:
        pair = todo.pop()
        successors[pair] = list(_pair_successors(edges, *pair))
        for nxt in successors[pair]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    for component in _sccs(starts, successors):
        pairs = [p for p in component if isinstance(p, tuple)]
        diagonal = [p[0] for p in pairs if p[0] == p[1]]
        if diagonal and any(a != b for a, b in pairs):
            return int(diagonal[0])
    return None


def _polynomial(edges: dict[int, dict[int, int]]) -> tuple[int, int] | None:
    """Two different looping states p, q and one text that loops on p, goes from p to q and
    loops on q."""
    successors = {s: list(t) for s, t in edges.items()}
    components = _sccs(list(edges), successors)  # type: ignore[arg-type]
    component_of = {node: i for i, comp in enumerate(components) for node in comp}
    looping = [
        node
        for comp in components
        for node in comp
        if len(comp) > 1 or node in edges.get(node, {})  # type: ignore[operator]
    ]
    for p in looping:
        reachable = _reach(edges, p)  # type: ignore[arg-type]
        for q in looping:
            if q == p or q not in reachable or component_of[q] == component_of[p]:
                continue
            if _loop_lead_loop(edges, p, q, component_of):  # type: ignore[arg-type]
                return p, q  # type: ignore[return-value]
    return None


def _loop_lead_loop(
    edges: dict[int, dict[int, int]], p: int, q: int, component_of: dict[object, int]
) -> bool:
    start, goal = (p, p, q), (p, q, q)
    cp, cq = component_of[p], component_of[q]
    seen, todo = {start}, [start]
    while todo:
        a, b, c = todo.pop()
        for a2, la in edges.get(a, {}).items():
            if component_of[a2] != cp:
                continue
            for c2, lc in edges.get(c, {}).items():
                if component_of[c2] != cq or not la & lc:
                    continue
                for b2, lb in edges.get(b, {}).items():
                    if la & lb & lc:
                        nxt = (a2, b2, c2)
                        if nxt == goal:
                            return True
                        if nxt not in seen:
                            seen.add(nxt)
                            todo.append(nxt)
    return False


# --- attack strings -----------------------------------------------------------------------

_PREFERRED = " a0-_.:/'\"${}[]()=#@\n\t,;|&*+!?<>~^%`\\Zz9é"
_FAIL = "\x00"  # in no class of pyparity's patterns but `.` and negated ones; tried after runs


def _pick(label: int, alphabet: str, order: list[int]) -> str | None:
    return next((alphabet[i] for i in order if label >> i & 1), None)


def _paths(edges: dict[int, dict[int, int]], start: int) -> dict[int, list[tuple[int, int]]]:
    """The shortest path (as (state, label) steps) from `start` to each state."""
    paths: dict[int, list[tuple[int, int]]] = {start: []}
    todo = [start]
    while todo:
        following = []
        for state in todo:
            for target, label in edges.get(state, {}).items():
                if target not in paths:
                    paths[target] = [*paths[state], (target, label)]
                    following.append(target)
        todo = following
    return paths


@functools.cache
def attack_pieces(pattern: str, flags: int = 0) -> tuple[list[str], list[tuple[str, str]]]:
    """One character of each character class of the pattern (a printable one, a different
    one for each class when it can), and pumps: for each looping state of the pattern's
    automaton, the shortest text that leads to it and each shortest text that comes back."""
    parsed = sre_parse.parse(pattern, flags)
    flags = parsed.state.flags
    builder = _Builder(_alphabet(parsed, flags), flags)
    whole = builder.sequence(parsed.data, flags)
    automaton = builder.automaton
    alphabet = automaton.alphabet
    order = [alphabet.index(c) for c in _PREFERRED if c in alphabet]
    order += [i for i in range(len(alphabet)) if i not in order]
    chars: list[str] = []
    for characters in automaton.classes[1:]:
        fresh = [i for i in order if alphabet[i] not in chars]
        pick = _pick(characters, alphabet, fresh) or _pick(characters, alphabet, order)
        if pick is not None and pick not in chars:
            chars.append(pick)
    edges = {s: dict(t) for s, t in automaton.edges.items()} | {0: dict(whole.first)}
    to = _paths(edges, 0)

    def spell(steps: list[tuple[int, int]]) -> str:
        return "".join(_pick(label, alphabet, order) or "" for _, label in steps)

    pumps: list[tuple[str, str]] = []
    for state in sorted(to):
        back_from = {t: _paths(edges, t) for t in edges.get(state, {})}
        for target, label in edges.get(state, {}).items():
            if state in back_from[target]:
                pump = spell([(target, label), *back_from[target][state]])
                if pump and (spell(to[state]), pump) not in pumps:
                    pumps.append((spell(to[state]), pump))
    return chars, pumps


def attacks(pattern: str, flags: int, size: int, limit: int = 24) -> list[str]:
    """Strings of about `size` characters made from the pattern itself: each loop of its
    automaton reached and pumped (then a character nothing expects, or the end), and long
    runs of each class's character, alone and two in turn."""
    chars, pumps = attack_pieces(pattern, flags)
    made: list[str] = []

    def add(text: str) -> None:
        if text not in made and len(made) < limit:
            made.append(text)

    for lead, pump in pumps[: limit // 2]:
        body = lead + pump * max(1, (size - len(lead)) // len(pump))
        add(body + _FAIL)
        add(body)
    for char in chars:
        add(char * size + _FAIL)
    for first, second in itertools.pairwise(chars):
        add((first + second) * (size // 2) + _FAIL)
    return made
