"""GitHub Actions' `strategy.matrix` semantics over YAML nodes: the product of the lists,
minus `exclude`, plus `include`; a dimension may be `${{ fromJSON('[...]') }}` of a literal.
Combinations keep the nodes, so each value still knows where it is written.

`include`, as GitHub documents it: each entry extends every *original* combination (from the
product, after `exclude`) whose original values it does not contradict, overwriting values
an earlier entry added; an entry that extends none is a combination of its own, and such a
combination is never extended by a later entry. A matrix of `include` entries only runs one
job per entry.

A dimension set by an expression that cannot be known (`${{ fromJSON(needs.x.outputs.y) }}`)
is kept as one `Unknown` value, so the other dimensions' values are still known; unless an
`exclude` or `include` entry names it, or the `exclude` / `include` list is itself an
expression: then nothing about the matrix is known.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from pyparity import lazy_re
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, value_span
from pyparity.sources.github_actions import json_text

# `${{ body }}`; a body holds no `${{` and no `}}`, so a match attempt stops at the next one
# and finding every expression takes time linear in the text, closed or not.
EXPRESSION = lazy_re.compile(r"\$\{\{((?:[^$}]++|\$(?!\{\{)|\}(?!\}))*+)\}\}")
FROM_JSON = lazy_re.compile(r"^fromJSON\(\s*'(?P<json>.*)'\s*\)$", re.DOTALL | re.IGNORECASE)
MAX_COMBINATIONS = 4096
MAX_ENTRY_CHECKS = 1 << 20
"""Combinations times `exclude` (or `include`) entries compared; past it, the matrix is
too large to know (4,096 combinations and 256 entries fit)."""

Combination = dict[str, Node]


def json_literal(text: str) -> list[str] | None:
    """The items of `fromJSON('["3.11", "3.12"]')`'s literal (scalars only), else None."""
    try:
        loaded = json_text.loads(text)
    except (ValueError, RecursionError):
        return None
    items = loaded if isinstance(loaded, list) else [loaded]
    if not all(isinstance(item, str | int | float) for item in items):
        return None
    return [str(item) for item in items]


def inner(expression: re.Match[str]) -> str:
    """The text of an `EXPRESSION` match between `${{` and `}}`, without the spaces."""
    return expression.group(1).strip()


def from_json(text: str) -> list[str] | None:
    """`${{ fromJSON('[...]') }}` as a whole scalar -> its items."""
    expression = EXPRESSION.fullmatch(text.strip())
    literal = FROM_JSON.match(inner(expression)) if expression else None
    return json_literal(literal["json"]) if literal else None


class Unknown(Scalar):
    """The values of a dimension set by an expression that cannot be known statically."""

    __slots__ = ()


def lookup(combination: Combination, path: list[str]) -> Node | None:
    """`matrix.python.version` (or `matrix.pair[1]`, written `["pair", "1"]`) -> the node at
    that path in one combination. Names are matched ignoring case, as GitHub does; what lies
    under a value that cannot be known (`job: ${{ fromJson(needs.x.outputs.jobs) }}`, read as
    `matrix.job.python-version`) cannot be known either."""
    node: Node | None = _get(combination.items(), path[0])
    for key in path[1:]:
        if isinstance(node, Unknown):
            return node
        if isinstance(node, Mapping):
            node = _get(node.items(), key)
        elif isinstance(node, Sequence) and key.isdecimal() and int(key) < len(node.items):
            node = node.items[int(key)]
        else:
            return None
    return node


def _get(pairs: Iterable[tuple[str, Node]], key: str) -> Node | None:
    """The value named `key`, else the first named so in another case."""
    folded = key.casefold()
    found = None
    for name, node in pairs:
        if name == key:
            return node
        if found is None and name.casefold() == folded:
            found = node
    return found


def combinations(matrix: Mapping) -> list[Combination] | None:
    """Every combination the matrix runs; None when it cannot be known or is too large."""
    dimensions: list[tuple[str, tuple[Node, ...]]] = []
    for key, value in matrix.items():
        if key in {"include", "exclude"}:
            continue
        items = _dimension_items(value)
        if items is None:
            return None
        dimensions.append((key, items))
    size = 1
    for _, items in dimensions:
        size *= max(len(items), 1)
        if size > MAX_COMBINATIONS:  # checked as it grows: 50,000 axes make a huge number
            return None
    excludes = _entries(matrix, "exclude")
    includes = _entries(matrix, "include")
    if excludes is None or includes is None:
        return None
    if size * max(len(excludes), len(includes)) > MAX_ENTRY_CHECKS:
        return None
    unknown = {key for key, items in dimensions if any(isinstance(i, Unknown) for i in items)}
    if any(unknown.intersection(entry) for entry in (*excludes, *includes)):
        return None
    originals: list[Combination] = (
        [
            dict(zip([k for k, _ in dimensions], combo, strict=True))
            for combo in itertools.product(*(items for _, items in dimensions))
        ]
        if dimensions
        else []
    )
    originals = [c for c in originals if not any(_matches(c, p) for p in excludes)]
    return _include(originals, includes, {k for k, _ in dimensions})


def _entries(matrix: Mapping, key: str) -> list[Combination] | None:
    """The mappings of `include` or `exclude`; None when the list is set by an expression."""
    value = matrix.get(key)
    if value is None:
        return []
    if isinstance(value, Scalar):
        return [] if not value.text.strip() else None
    if isinstance(value, Mapping):
        return None
    return [dict(entry.items()) for entry in value.items if isinstance(entry, Mapping)]


def _dimension_items(value: Node) -> tuple[Node, ...] | None:
    if isinstance(value, Sequence):
        return value.items
    if not isinstance(value, Scalar):
        return None
    listed = from_json(value.text)
    if listed is None:
        listed = _either_literal(value.text)
    if listed is None:
        if EXPRESSION.search(value.text) is None:
            return None
        return (Unknown(text=value.text, tag=value.tag, quoted=True, block=False, span=value.span),)
    return tuple(
        Scalar(
            text=item,
            tag="tag:yaml.org,2002:str",
            quoted=True,
            block=False,
            span=value_span(value, item),
        )
        for item in listed
    )


_MAX_ALTERNATIVES = 16


def _either_literal(text: str) -> list[str] | None:
    """The items a dimension may take when it is one of several `fromJSON` literals, chosen
    by a condition (`${{ github.base_ref == 'main' && fromJSON('["3.10", "3.14"]') ||
    fromJSON('["3.10"]') }}`): every item of every list, each once, in order."""
    expression = EXPRESSION.fullmatch(text.strip())
    if expression is None or "||" not in expression.group(1):
        return None
    from pyparity.sources.github_actions.expression import parse

    lists: list[list[str]] = []
    if not _literal_lists(parse(inner(expression)), lists) or not lists:
        return None
    return list(dict.fromkeys(item for items in lists for item in items))


def _literal_lists(tree: object, lists: list[list[str]]) -> bool:
    """Add to `lists` each list the expression may give; False when one cannot be known. The
    left side of an `&&` is its condition (a list there is no result)."""
    if not isinstance(tree, tuple) or not tree or len(lists) > _MAX_ALTERNATIVES:
        return False
    kind, operands = tree[0], tree[1:]
    if kind == "or" and isinstance(operands[0], list):
        return all(_literal_lists(operand, lists) for operand in operands[0])
    if kind == "and" and isinstance(operands[0], list):
        return _literal_lists(operands[0][-1], lists)
    if kind == "call" and operands[0] == "fromjson" and isinstance(operands[1], list):
        [argument] = operands[1] if len(operands[1]) == 1 else [None]
        if isinstance(argument, tuple) and argument[0] == "lit" and isinstance(argument[1], str):
            items = json_literal(argument[1])
            if items is not None:
                lists.append(items)
                return True
    return False


def _matches(combination: Combination, pattern: Combination) -> bool:
    return all(
        key in combination and _same(combination[key], value) for key, value in pattern.items()
    )


def _same(left: Node, right: Node) -> bool:
    """Equal values: scalars by text, mappings and lists item by item."""
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return False
    if isinstance(left, Scalar) and isinstance(right, Scalar):
        return left.text == right.text
    if isinstance(left, Sequence) and isinstance(right, Sequence):
        return len(left.items) == len(right.items) and all(
            _same(a, b) for a, b in zip(left.items, right.items, strict=True)
        )
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        ours, theirs = dict(left.items()), dict(right.items())
        return ours.keys() == theirs.keys() and all(_same(ours[k], theirs[k]) for k in ours)
    return False


def _include(
    originals: list[Combination], entries: list[Combination], original_keys: set[str]
) -> list[Combination]:
    """Apply `include` entries, in order, to the original combinations (see the module)."""
    runs = [dict(combination) for combination in originals]
    added: list[Combination] = []
    for entry in entries:
        extension = {key: value for key, value in entry.items() if key not in original_keys}
        extended = False
        kept = [(key, value) for key, value in entry.items() if key in original_keys]
        for original, run in zip(originals, runs, strict=True):
            if all(_same(original[key], value) for key, value in kept):
                run.update(extension)
                extended = True
        if not extended:
            added.append(dict(entry))
    return runs + added
