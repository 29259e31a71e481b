"""GitHub Actions matrix semantics on YAML nodes."""

import pytest

from pyparity.parsers.gha_matrix import MAX_COMBINATIONS, combinations, from_json, lookup
from pyparity.parsers.yaml_nodes import Mapping, Scalar, compose


def runs(text: str) -> list[dict[str, str]] | None:
    root = compose(text)
    assert isinstance(root, Mapping)
    found = combinations(root)
    if found is None:
        return None
    return [
        {key: node.text for key, node in combo.items() if isinstance(node, Scalar)}
        for combo in found
    ]


def test_product_minus_exclude_plus_include():
    assert runs(
        "os: [linux, windows]\npy: ['3.11', '3.12']\n"
        "exclude:\n  - {os: windows, py: '3.11'}\n"
        "include:\n  - {os: linux, py: '3.12', coverage: 'true'}\n  - {os: macos, py: '3.13'}\n"
    ) == [
        {"os": "linux", "py": "3.11"},
        {"os": "linux", "py": "3.12", "coverage": "true"},
        {"os": "windows", "py": "3.12"},
        {"os": "macos", "py": "3.13"},
    ]


def test_from_json_dimension_keeps_positions():
    root = compose('py: ${{ fromJSON(\'["3.11", "3.12"]\') }}\n')
    assert isinstance(root, Mapping)
    [_, second] = combinations(root) or []
    node = lookup(second, ["py"])
    assert isinstance(node, Scalar)
    assert (node.text, node.span.line) == ("3.12", 1)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("${{ fromJSON('[\"3.10\", 3.11]') }}", ["3.10", "3.11"]),
        ("${{ fromJSON('\"3.12\"') }}", ["3.12"]),
        ("${{ fromJSON(needs.setup.outputs.pythons) }}", None),
        ("${{ fromJSON('[{\"a\": 1}]') }}", None),
        ("3.12", None),
    ],
)
def test_from_json(text, items):
    assert from_json(text) == items


def test_too_many_combinations_is_unknown():
    dimension = "[" + ", ".join(str(i) for i in range(100)) + "]"
    assert MAX_COMBINATIONS < 100**2
    assert runs(f"a: {dimension}\nb: {dimension}\n") is None


def test_a_dimension_that_is_not_a_list_is_unknown():
    assert runs("py: ${{ needs.x.outputs.py }}\n") is None
