import pytest

from pyparity.errors import UnreadableFile
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose


def test_unquoted_number_keeps_its_text_and_says_how_yaml_loads_it():
    root = compose("python-version: 3.10\n")
    assert isinstance(root, Mapping)
    value = root.scalar("python-version")
    assert value is not None
    assert value.text == "3.10"
    assert value.is_number
    assert not value.quoted
    assert value.loaded_as == "3.1"
    assert (value.span.line, value.span.column, value.span.end_column) == (1, 17, 21)


def test_quoted_scalar_span_excludes_the_quotes():
    root = compose("a:\n  b: '3.11'\n")
    assert isinstance(root, Mapping)
    inner = root.mapping("a")
    assert inner is not None
    value = inner.scalar("b")
    assert value is not None
    assert value.quoted
    assert (value.span.line, value.span.column, value.span.end_column) == (2, 7, 11)


def test_flow_and_block_sequences():
    root = compose('x: [3.9, "3.10"]\ny:\n  - 3.11\n  - "3.12"\n')
    assert isinstance(root, Mapping)
    for key, expected in (("x", ["3.9", "3.10"]), ("y", ["3.11", "3.12"])):
        node = root.get(key)
        assert isinstance(node, Sequence)
        assert [item.text for item in node.items if isinstance(item, Scalar)] == expected


def test_merge_keys_are_applied():
    root = compose("base: &b\n  python: '3.11'\njob:\n  <<: *b\n  name: x\n")
    assert isinstance(root, Mapping)
    job = root.mapping("job")
    assert job is not None
    python = job.scalar("python")
    assert python is not None
    assert python.text == "3.11"


def test_empty_document_is_none():
    assert compose("") is None
    assert compose("# only a comment\n") is None


def test_invalid_yaml_is_unreadable_with_position():
    with pytest.raises(UnreadableFile) as raised:
        compose("jobs:\n  test:\n    steps: [\n")
    assert raised.value.line >= 3


def test_alias_bomb_ends_quickly():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 10):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    bomb = "\n".join(lines) + "\n"
    # Copied shared (small and fast), but counted as expanded: a reader walking every
    # alias would visit 9**9 nodes, so the file is refused.
    with pytest.raises(UnreadableFile, match="alias expansion"):
        compose(bomb)


def test_a_few_reused_anchors_stay_readable():
    template = "  image: python:3.12\n  script: [pytest]\n"
    jobs = "".join(f"job{index}:\n  <<: *base\n" for index in range(2000))
    root = compose(".base: &base\n" + template + jobs)
    assert isinstance(root, Mapping)


def test_recursive_alias_is_unreadable():
    with pytest.raises(UnreadableFile):
        compose("a: &a [*a]\n")


def test_deep_nesting_is_unreadable():
    with pytest.raises(UnreadableFile):
        compose("[" * 5000 + "]" * 5000)
