"""Azure templates of the same repository, expanded into the pipeline that includes them.

An item `- template: path.yml` of a `stages`, `jobs`, `steps` or `variables` list is replaced
by the template's list of that name, once its `parameters` are bound: the template's
declared defaults (`parameters: {name: ''}` or `- name: x` / `default:`), then what the
caller passes. In the template, `${{ parameters.x }}` (the whole value) becomes the caller's
node itself, so a version a caller passes is declared at the caller's line; inside a longer
text it is substituted when it is a plain value. `${{ if }}` / `${{ elseif }}` / `${{ else }}`
keys and items apply when their condition can be decided (`eq(parameters.name, 'Linux')`)
and are kept when it cannot; `${{ each x in parameters.list }}` repeats its body for each
item of a literal list; `${{ insert }}: ${{ parameters.matrix }}` merges a mapping.

A path is the including file's folder joined with the template's path (`/` starts at the
repository's root). A template in another repository (`x.yml@repo`), one named by an
expression, one that is not a file of this repository, that includes itself, or that is
nested too deep is not expanded: its item stays and `why_not` says why.
"""

from __future__ import annotations

import posixpath
import re
from collections import ChainMap
from collections.abc import Callable
from collections.abc import Mapping as Table

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.records import field, record
from pyparity.sources.azure_pipelines.expressions import (
    as_text,
    evaluate,
    navigate,
    truth,
)
from pyparity.textfile import TextFile

ReadText = Callable[[str], TextFile | None]

MAX_DEPTH = 8  # templates including templates
MAX_NODES = 100_000  # nodes made by expansion (each loops multiply)
LISTS = ("stages", "jobs", "steps", "variables")

_WHOLE = lazy_re.compile(r"^\s*+\$\{\{(?P<body>[^}]*+)\}\}\s*+$")
_PART = lazy_re.compile(r"\$\{\{(?P<body>[^}$]*+)\}\}")  # no `$` inside: each start is read once
_IF = lazy_re.compile(r"^\s*+\$\{\{\s*+(?P<kind>if|elseif)\s(?P<condition>[^}]*+)\}\}\s*+$")
_ELSE = lazy_re.compile(r"^\s*+\$\{\{\s*+else\s*+\}\}\s*+$")
_EACH = lazy_re.compile(
    r"^\s*+\$\{\{\s*+each\s++(?P<name>[A-Za-z_]\w*+)\s++in\s++(?P<list>[^}]*+)\}\}\s*+$"
)
_INSERT = lazy_re.compile(r"^\s*+\$\{\{\s*+insert\s*+\}\}\s*+$")


@record(frozen=False, kw_only=False)
class Shared:
    """What the expansions of a repository's pipelines share: each template parsed once,
    its declared parameters gathered once, and one budget of nodes for all of them."""

    files: dict[int, TextFile] = field(default_factory=dict)  # id(scalar) -> its file
    roots: dict[str, Mapping | str] = field(default_factory=dict)
    declared: dict[str, dict[str, Node]] = field(default_factory=dict)
    made: int = 0
    # id(node) -> the nodes its expansion would make, for a template's subtrees that hold no
    # expression and include no template: they expand to themselves, so every pipeline
    # that includes them shares them (charged to the budget as if copied: the same cap)
    literal: dict[int, int] = field(default_factory=dict)


@record(frozen=False, kw_only=False)
class Expander:
    """Expands one pipeline's local templates; remembers each file's text for spans."""

    read_text: ReadText
    shared: Shared = field(default_factory=Shared)
    expanded: set[str] = field(default_factory=set)  # the templates' paths
    why_not: dict[int, str] = field(default_factory=dict)  # id(template scalar) -> reason
    followed: set[int] = field(default_factory=set)  # id(template scalar) of those expanded

    @property
    def files(self) -> dict[int, TextFile]:
        return self.shared.files

    @property
    def capped(self) -> bool:
        return self.shared.made > MAX_NODES

    def register(self, node: Node, file: TextFile) -> None:
        """Remember the file of every scalar of a tree (iteratively: trees may be deep)."""
        stack: list[Node] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, Scalar):
                self.files[id(current)] = file
            elif isinstance(current, Sequence):
                stack.extend(current.items)
            else:
                for key, value in current.pairs:
                    self.files[id(key)] = file
                    stack.append(value)

    def file_of(self, scalar: Scalar, default: TextFile) -> TextFile:
        return self.files.get(id(scalar), default)

    def pipeline(self, root: Mapping, path: str) -> Mapping:
        """The pipeline with its templates expanded (the root's own expressions are left
        as written: a pipeline's runtime parameters are chosen when it runs)."""
        result = self._expand(root, _Scope(path=path, parameters=None, locals={}, stack=()))
        return result if isinstance(result, Mapping) else root

    # --- expansion --------------------------------------------------------------------

    def _expand(self, node: Node, scope: _Scope, key: str = "") -> Node:
        size = self.shared.literal.get(id(node))
        if size is not None and self.shared.made + size <= MAX_NODES:
            self.shared.made += size
            return node
        self.shared.made += 1
        if self.shared.made > MAX_NODES:
            return node
        if isinstance(node, Scalar):
            return self._scalar(node, scope)
        if isinstance(node, Sequence):
            return Sequence(items=tuple(self._items(node, scope, key)), span=node.span)
        return Mapping(pairs=tuple(self._pairs(node, scope)), span=node.span)

    def _scalar(self, scalar: Scalar, scope: _Scope) -> Node:
        if scope.parameters is None or "${{" not in scalar.text:
            return scalar
        if whole := _WHOLE.match(scalar.text):
            value = evaluate(whole["body"], scope.lookup)
            if isinstance(value, Scalar | Sequence | Mapping):
                return value
            text = as_text(value)
            return scalar if text is None else self._text(scalar, text)
        unknown = False

        def substitute(found: re.Match[str]) -> str:
            nonlocal unknown
            text = as_text(evaluate(found["body"], scope.lookup))
            if text is None:
                unknown = True
                return found[0]
            return text

        text = _PART.sub(substitute, scalar.text)
        return scalar if text == scalar.text else self._text(scalar, text)

    def _text(self, scalar: Scalar, text: str) -> Scalar:
        made = Scalar(text=text, tag=scalar.tag, quoted=True, block=False, span=scalar.span)
        if id(scalar) in self.files:
            self.files[id(made)] = self.files[id(scalar)]
        return made

    def _pairs(self, node: Mapping, scope: _Scope) -> list[tuple[Scalar, Node]]:
        pairs: list[tuple[Scalar, Node]] = []
        decided: bool | None = None  # the last `if`/`elseif` chain: was a branch taken?
        for key, value in node.pairs:
            directive = self._directive(key.text, scope, decided)
            if directive is None:
                decided = None
                pairs.append((key, self._expand(value, scope, key.text)))
                continue
            kept, bodies, decided = directive
            for body_scope in bodies:
                merged = self._expand(value, body_scope)
                if isinstance(merged, Mapping):
                    pairs += merged.pairs
                elif kept:
                    pairs.append((key, merged))
        return pairs

    def _items(self, node: Sequence, scope: _Scope, key: str) -> list[Node]:
        items: list[Node] = []
        decided: bool | None = None
        for item in node.items:
            if isinstance(item, Mapping) and len(item.pairs) == 1:
                directive_key, value = item.pairs[0]
                directive = self._directive(directive_key.text, scope, decided)
                if directive is not None:
                    kept, bodies, decided = directive
                    for body_scope in bodies:
                        expanded = self._expand(value, body_scope, key)
                        if isinstance(expanded, Sequence):
                            items += expanded.items
                        else:
                            items.append(item if kept else expanded)
                    continue
            decided = None
            if isinstance(item, Mapping) and key in LISTS and item.get("template") is not None:
                items += self._template(item, scope, key)
            else:
                items.append(self._expand(item, scope, key))
        return items

    def _directive(
        self, text: str, scope: _Scope, decided: bool | None
    ) -> tuple[bool, list[_Scope], bool | None] | None:
        """What a `${{ }}` key means here: whether it is kept undecided, the scopes its body
        is expanded in (none: a branch not taken; one per item: `each`), and whether the
        `if`/`elseif` chain it ends has taken a branch; None for an ordinary key."""
        if "${{" not in text or scope.parameters is None:
            return None
        if found := _IF.match(text):
            if found["kind"] == "elseif" and decided:
                return False, [], True
            taken = truth(evaluate(found["condition"], scope.lookup))
            if taken is None:
                return True, [scope], None
            return False, [scope] if taken else [], bool(decided) or taken
        if _ELSE.match(text):
            if decided is None:
                return True, [scope], None
            return False, [] if decided else [scope], None
        if found := _EACH.match(text):
            items = evaluate(found["list"], scope.lookup)
            if isinstance(items, Sequence):
                return False, [scope.bind(found["name"], item) for item in items.items], None
            return True, [scope], None  # a mapping's pairs, or a list that is not literal
        if _INSERT.match(text):
            return False, [scope], None
        return None

    def _template(self, item: Mapping, scope: _Scope, key: str) -> list[Node]:
        """The template's list `key` in place of the item, or the item when it cannot be."""
        named = item.get("template")
        if not isinstance(named, Scalar):
            return [self._expand(item, scope, key)]
        reference = self._scalar(named, scope)
        if not isinstance(reference, Scalar):
            self.why_not[id(named)] = "its name is not a plain path"
            return [item]
        path, reason = self._path(reference.text, scope)
        if reason:
            self.why_not[id(named)] = reason
            return [item]
        loaded = self._load(path)
        if isinstance(loaded, str):
            self.why_not[id(named)] = loaded
            return [item]
        body = loaded.get(key)
        if not isinstance(body, Sequence):
            self.why_not[id(named)] = f"it has no {key} list"
            return [item]
        if self.capped:
            self.why_not[id(named)] = f"the templates expand to more than {MAX_NODES:,} nodes"
            return [item]
        given = item.get("parameters")
        if path not in self.shared.declared:
            self.shared.declared[path] = _declared(loaded.get("parameters"))
        bound = self._expand(given, scope) if isinstance(given, Mapping) else None
        passed = dict(bound.items()) if isinstance(bound, Mapping) else {}
        parameters = ChainMap(passed, self.shared.declared[path])  # not copied for each call
        inner = _Scope(path=path, parameters=parameters, locals={}, stack=(*scope.stack, path))
        self.expanded.add(path)
        self.followed.add(id(named))
        expanded = self._expand(body, inner, key)
        return list(expanded.items) if isinstance(expanded, Sequence) else [item]

    def _path(self, text: str, scope: _Scope) -> tuple[str, str]:
        name = text.strip()
        if "@" in name:
            return "", "it is in another repository"
        if "${{" in name or "$(" in name:
            return "", "its name is an expression"
        if name.startswith("/"):
            path = posixpath.normpath(name.lstrip("/"))
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(scope.path), name))
        if path in scope.stack or path == scope.path:
            return "", "it includes itself"
        if len(scope.stack) >= MAX_DEPTH:
            return "", f"templates are followed {MAX_DEPTH} deep"
        return path, ""

    def _load(self, path: str) -> Mapping | str:
        roots = self.shared.roots
        if path not in roots:
            file = self.read_text(path)
            if file is None:
                roots[path] = f"{path} is not a file of this repository"
            else:
                try:
                    root = compose(file.text)
                except UnreadableFile as error:
                    root = None
                    roots[path] = f"{path} cannot be read: {error}"
                if isinstance(root, Mapping):
                    self.register(root, file)
                    self.shared.literal.update(_literal_sizes(root))
                    roots[path] = root
                elif path not in roots:
                    roots[path] = f"{path} is not a template"
        return roots[path]


@record(kw_only=False)
class _Scope:
    """What a template's expressions see while it is expanded."""

    path: str  # the file whose text is being expanded
    parameters: Table[str, Node] | None  # None: the pipeline itself (not a template)
    locals: dict[str, Node]  # `each` loop variables
    stack: tuple[str, ...]  # the templates being expanded, outermost first

    def bind(self, name: str, value: Node) -> _Scope:
        return _Scope(
            path=self.path,
            parameters=self.parameters,
            locals={**self.locals, name: value},
            stack=self.stack,
        )

    def lookup(self, name: str) -> Node | None:
        first, *rest = name.split(".")
        if first == "parameters" and self.parameters is not None and rest:
            return navigate(self.parameters.get(rest[0]), rest[1:])
        if first in self.locals:
            return navigate(self.locals[first], rest)
        return None


def _declared(parameters: Node | None) -> dict[str, Node]:
    """A template's declared parameters with their defaults (a parameter without one is
    bound only when a caller passes it)."""
    declared: dict[str, Node] = {}
    if isinstance(parameters, Mapping):
        for name, value in parameters.items():
            declared[name] = value
    elif isinstance(parameters, Sequence):
        for item in parameters.items:
            named = item.scalar("name") if isinstance(item, Mapping) else None
            default = item.get("default") if isinstance(item, Mapping) else None
            if named is not None and default is not None:
                declared[named.text] = default
    return declared


def _literal_sizes(root: Node) -> dict[int, int]:
    """The subtrees of a template that expand to themselves (no `${{ }}` in a key or a value,
    no `template:` key), each with the number of nodes `Expander._expand` would make of it
    (itself and its values, keys not counted). Iterative: templates may be deep."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, Scalar):
            if "${{" not in node.text:
                sizes[id(node)] = 1
            continue
        children = node.items if isinstance(node, Sequence) else [v for _, v in node.pairs]
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        keys_literal = isinstance(node, Sequence) or all(
            "${{" not in key.text and key.text != "template" for key, _ in node.pairs
        )
        if keys_literal and all(id(child) in sizes for child in children):
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
    return sizes
