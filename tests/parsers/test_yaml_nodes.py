import pytest

from pyparity.errors import UnreadableFile
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose, value_span


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


_SPELLINGS = [
    "3.10",
    "3.1e2",
    "1_000",
    "0o17",
    "0x1f",
    "012",
    ".inf",
    "-.Inf",
    ".nan",
    "~",
    "null",
    "Null",
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "2024-01-02",
    "2024-01-02 10:00:00",
    "<<",
    "=",
    "3.10-dev",
    "py311",
    "",
    "x" * 80,
    "190:20:30",
]


def _tags(text: str, loader: type) -> list[str]:
    import yaml

    node = yaml.compose(text, Loader=loader)
    return [item.tag for item in node.value]


def test_remembered_tags_are_the_safe_loaders():
    import yaml

    from pyparity.parsers import yaml_nodes

    plain = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for style in ("{}", "'{}'", '"{}"'):
        text = "".join(f"- {style.format(s)}\n" for s in _SPELLINGS)
        expected = _tags(text, plain)
        assert _tags(text, yaml_nodes._Loader) == expected  # asked, then remembered
        assert _tags(text, yaml_nodes._Loader) == expected
    assert "tag:yaml.org,2002:float" in _tags("- 3.10\n", yaml_nodes._Loader)
    assert _tags("- '3.10'\n", yaml_nodes._Loader) == ["tag:yaml.org,2002:str"]


def test_the_remembered_tags_are_bounded():
    from pyparity.parsers import yaml_nodes

    many = "".join(f"- v{n}\n" for n in range(yaml_nodes._REMEMBERED + 500))
    compose(many)
    compose("- " + "y" * 10_000 + "\n")
    assert len(yaml_nodes._TAGS) <= yaml_nodes._REMEMBERED
    assert all(len(value) <= yaml_nodes._REMEMBERED_LENGTH for value, _ in yaml_nodes._TAGS)


def test_a_value_inside_a_literal_block_is_placed_on_its_line() -> None:
    text = (
        "env:\n"
        "  CIBW_BUILD: |  # the wheels\n"
        "    cp310-* cp311-*\n"
        "      cp312-*\n"
        "  SCRIPT: >\n"
        "    cp313-*\n"
    )
    root = compose(text)
    assert isinstance(root, Mapping)
    env = root.mapping("env")
    assert env is not None
    build, folded = env.scalar("CIBW_BUILD"), env.scalar("SCRIPT")
    assert build is not None
    assert folded is not None
    assert tuple(value_span(build, "cp311-*")) == (3, 13, 3, 20)
    assert tuple(value_span(build, "cp312-*")) == (4, 7, 4, 14)
    assert value_span(build, "cp39-*") == build.span  # not in the block
    assert value_span(folded, "cp313-*") == folded.span  # a folded block's lines are joined


def test_a_long_literal_block_is_not_searched_for_each_value() -> None:
    script = "".join(f"    echo {i}\n" for i in range(1000))
    root = compose(f"run: |\n{script}")
    assert isinstance(root, Mapping)
    run = root.scalar("run")
    assert run is not None
    assert value_span(run, "echo 999") == run.span
