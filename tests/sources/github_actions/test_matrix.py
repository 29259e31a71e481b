"""GitHub Actions matrix semantics on YAML nodes."""

import pytest

from pyparity.parsers.yaml_nodes import Mapping, Scalar, compose
from pyparity.sources.github_actions.matrix import (
    MAX_COMBINATIONS,
    Combination,
    Unknown,
    combinations,
    from_json,
    lookup,
)


def combinations_of(text: str) -> list[Combination]:
    root = compose(text)
    assert isinstance(root, Mapping)
    found = combinations(root)
    assert found is not None
    return found


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


def test_a_dimension_that_is_not_a_list_or_expression_is_unknown():
    assert runs("py: '3.12'\n") is None
    assert runs("py: {a: 1}\n") is None


def test_an_include_extends_original_combinations_as_github_documents():
    """The fruit/animal example of GitHub's "Using a matrix for your jobs", with the result
    that page lists."""
    assert runs(
        "fruit: [apple, pear]\nanimal: [cat, dog]\n"
        "include:\n"
        "  - color: green\n"
        "  - color: pink\n    animal: cat\n"
        "  - fruit: apple\n    shape: circle\n"
        "  - fruit: banana\n"
        "  - fruit: banana\n    animal: cat\n"
    ) == [
        {"fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"},
        {"fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"},
        {"fruit": "pear", "animal": "cat", "color": "pink"},
        {"fruit": "pear", "animal": "dog", "color": "green"},
        {"fruit": "banana"},
        {"fruit": "banana", "animal": "cat"},
    ]


def test_an_include_only_matrix_runs_one_job_per_entry():
    assert runs(
        "include:\n"
        "  - {python: '3.14'}\n"
        "  - {python: '3.13'}\n"
        "  - {python: '3.10', tox: tests-dev}\n"
    ) == [{"python": "3.14"}, {"python": "3.13"}, {"python": "3.10", "tox": "tests-dev"}]


def test_an_include_keeps_the_original_value_where_it_matches_it():
    [run] = combinations_of("py: ['3.12']\ninclude:\n  - {py: '3.12', extra: 'yes'}\n")
    assert (run["py"].span.line, run["extra"].text) == (1, "yes")


def test_an_include_matches_a_mapping_value_by_its_contents():
    assert runs(
        "python: [{v: '3.12'}, {v: '3.13'}]\ninclude:\n  - {python: {v: '3.13'}, extra: 'yes'}\n"
    ) == [{}, {"extra": "yes"}]


def test_a_dimension_set_by_an_expression_keeps_the_others_known():
    found = combinations_of("test: ${{ fromJson(needs.x.outputs.tests) }}\npy: ['3.12', '3.13']\n")
    assert [run["py"].text for run in found] == ["3.12", "3.13"]
    assert all(isinstance(run["test"], Unknown) for run in found)


@pytest.mark.parametrize(
    "text",
    [
        "test: ${{ needs.x.outputs.t }}\npy: ['3.12']\nexclude:\n  - {test: a, py: '3.12'}\n",
        "test: ${{ needs.x.outputs.t }}\npy: ['3.12']\ninclude:\n  - {test: a, py: '3.13'}\n",
        "py: ['3.12']\ninclude: ${{ fromJson(needs.x.outputs.more) }}\n",
        "py: ['3.12']\nexclude: ${{ fromJson(needs.x.outputs.less) }}\n",
    ],
)
def test_an_entry_that_names_an_unknown_dimension_or_an_unknown_list_is_unknown(text):
    assert runs(text) is None


def test_lookup_follows_mappings_and_list_indices():
    [run] = combinations_of("pair: [[linux, '3.12']]\npy: [{version: '3.13'}]\n")
    for path, expected in (
        (["pair", "1"], "3.12"),
        (["py", "version"], "3.13"),
        (["pair", "2"], None),
        (["pair", "x"], None),
        (["py", "version", "x"], None),
    ):
        node = lookup(run, path)
        assert (node.text if isinstance(node, Scalar) else node) == expected


def test_what_lies_under_a_dimension_set_by_an_expression_is_unknown():
    [run] = combinations_of("job: ${{ fromJson(needs.plan.outputs.jobs) }}\n")
    assert isinstance(lookup(run, ["job", "python-version"]), Unknown)
    assert isinstance(lookup(run, ["job", "0", "version"]), Unknown)


def test_lookup_ignores_case_as_github_does():
    [run] = combinations_of("Python-Version: ['3.12']\nos: [{Arch: arm64}]\n")
    assert [
        node.text if isinstance(node, Scalar) else node
        for node in (
            lookup(run, ["python-version"]),
            lookup(run, ["OS", "arch"]),
            lookup(run, ["python"]),
        )
    ] == ["3.12", "arm64", None]


def test_a_dimension_chosen_between_literal_lists_takes_every_item_of_them():
    """nf-core's shape: 3.10 and 3.14 on the main branch, else 3.10 alone."""
    text = (
        "python-version: ${{ github.base_ref == 'main' && fromJson('[\"3.10\", \"3.14\"]')"
        " || fromJson('[\"3.10\"]') }}\ntest: ${{ fromJson(needs.list.outputs.tests).test }}\n"
    )
    root = compose(text)
    assert isinstance(root, Mapping)
    found = combinations(root) or []
    values = [lookup(combo, ["python-version"]) for combo in found]
    assert [(v.text, v.span.column) for v in values if isinstance(v, Scalar)] == [
        ("3.10", 62),  # where each is written (3.10 first in the first list)
        ("3.14", 70),
    ]
    assert all(isinstance(lookup(combo, ["test"]), Unknown) for combo in found)


@pytest.mark.parametrize(
    "expression",
    [
        'inputs.full && fromJson(\'["3.10", "3.14"]\') || fromJson(inputs.pythons)',
        "fromJson('[\"3.10\"]') || env.PYTHONS",
        "github.event_name == 'push' || fromJson('[\"3.12\"]')",
    ],
)
def test_a_choice_with_one_list_unknown_is_unknown(expression):
    root = compose(f"py: ${{{{ {expression} }}}}\n")
    assert isinstance(root, Mapping)
    [combo] = combinations(root) or []
    assert isinstance(lookup(combo, ["py"]), Unknown)
