"""GitHub Actions' `strategy.matrix` semantics over YAML nodes: the product of the lists,
minus `exclude`, plus `include` (an include extends every combination it does not
contradict, else is added alone); a dimension may be `${{ fromJSON('[...]') }}` of a literal.
Combinations keep the nodes, so each value still knows where it is written.
"""

from __future__ import annotations

import itertools
import json
import re

from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, value_span

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}", re.DOTALL)
FROM_JSON = re.compile(r"^fromJSON\(\s*'(?P<json>.*)'\s*\)$", re.DOTALL | re.IGNORECASE)
MAX_COMBINATIONS = 4096

Combination = dict[str, Node]


def json_literal(text: str) -> list[str] | None:
    """The items of `fromJSON('["3.11", "3.12"]')`'s literal (scalars only), else None."""
    try:
        loaded = json.loads(text)
    except ValueError:
        return None
    items = loaded if isinstance(loaded, list) else [loaded]
    if not all(isinstance(item, str | int | float) for item in items):
        return None
    return [str(item) for item in items]


def from_json(text: str) -> list[str] | None:
    """`${{ fromJSON('[...]') }}` as a whole scalar -> its items."""
    expression = EXPRESSION.fullmatch(text.strip())
    literal = FROM_JSON.match(expression.group(1)) if expression else None
    return json_literal(literal["json"]) if literal else None


def lookup(combination: Combination, path: list[str]) -> Node | None:
    """`matrix.python.version` -> the node at that path in one combination."""
    node: Node | None = combination.get(path[0])
    for key in path[1:]:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


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
    if size > MAX_COMBINATIONS:
        return None
    base: list[Combination] = (
        [
            dict(zip([k for k, _ in dimensions], combo, strict=True))
            for combo in itertools.product(*(items for _, items in dimensions))
        ]
        if dimensions
        else []
    )
    excludes = matrix.get("exclude")
    if isinstance(excludes, Sequence):
        patterns = [dict(e.items()) for e in excludes.items if isinstance(e, Mapping)]
        base = [c for c in base if not any(_matches(c, p) for p in patterns)]
    includes = matrix.get("include")
    if isinstance(includes, Sequence):
        for entry in includes.items:
            if isinstance(entry, Mapping):
                base = _include(base, dict(entry.items()), {k for k, _ in dimensions})
    return base


def _dimension_items(value: Node) -> tuple[Node, ...] | None:
    if isinstance(value, Sequence):
        return value.items
    listed = from_json(value.text) if isinstance(value, Scalar) else None
    if listed is None or not isinstance(value, Scalar):
        return None
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


def _matches(combination: Combination, pattern: Combination) -> bool:
    return all(
        key in combination and _same(combination[key], value) for key, value in pattern.items()
    )


def _same(left: Node, right: Node) -> bool:
    if isinstance(left, Scalar) and isinstance(right, Scalar):
        return left.text == right.text
    return left is right


def _include(
    existing: list[Combination], entry: Combination, original_keys: set[str]
) -> list[Combination]:
    extended = False
    result: list[Combination] = []
    for combination in existing:
        clashes = any(
            key in original_keys and key in combination and not _same(combination[key], value)
            for key, value in entry.items()
        )
        if clashes:
            result.append(combination)
        else:
            result.append({**combination, **entry})
            extended = True
    if not extended:
        result.append(dict(entry))
    return result
