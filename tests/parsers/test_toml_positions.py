"""Where TOML values are written: one pass that knows strings, comments and brackets, so a
line inside a multi-line string or array is never a header or a key, and lookups stay
cheap however many tables a file has."""

from __future__ import annotations

import pytest

from pyparity.errors import UnreadableFile
from pyparity.parsers.toml_positions import key_offset, key_offsets, load_toml, value_offset
from pyparity.textfile import TextFile


def at(text: str, offset: int | None) -> tuple[int, int] | None:
    return None if offset is None else TextFile("x.toml", text).position(offset)


def test_a_header_inside_a_multi_line_string_is_not_a_header() -> None:
    text = '[project]\ndescription = """\n[tool.ruff]\n"""\nrequires-python = ">=3.11"\n'
    file = TextFile("pyproject.toml", text)

    assert at(text, key_offset(file, ("project", "requires-python"))) == (5, 18)
    assert key_offset(file, ("tool", "ruff", "requires-python")) is None


def test_a_line_inside_an_array_is_not_a_header_or_a_key() -> None:
    text = 'matrix = [\n  ["a"]\n]\nname = "x"\n'
    file = TextFile("pyproject.toml", text)

    assert at(text, key_offset(file, ("name",))) == (4, 7)
    assert key_offset(file, ("a", "name")) is None


def test_strings_with_quotes_escapes_and_literal_strings_are_stepped_over() -> None:
    text = (
        'a = "x \\" [b]"  # [c]\n'
        "b = 'y # z'\n"
        'c = """one ""two"" \\"""\nthree"""\n'
        "d = '''\n[e]\n'''\n"
        "f = 1\n"
    )
    file = TextFile("x.toml", text)

    assert at(text, key_offset(file, ("f",))) == (8, 4)
    assert load_toml(file)["f"] == 1


def test_a_value_is_the_string_written_after_the_key_not_a_comment() -> None:
    text = (
        "[project]\n"
        'classifiers = [  # was "Programming Language :: Python :: 3.11"\n'
        '  "Programming Language :: Python :: 3.11",\n'
        "]\n"
    )
    file = TextFile("pyproject.toml", text)
    start = key_offset(file, ("project", "classifiers"))
    assert start is not None

    assert at(text, value_offset(file, "Programming Language :: Python :: 3.11", start)) == (3, 4)


@pytest.mark.parametrize(
    ("written", "column"),
    [
        pytest.param('"3.11"', 8, id="basic"),
        pytest.param("'3.11'", 8, id="literal"),
        pytest.param('"""3.11"""', 10, id="multi-line-basic"),
        pytest.param("'''3.11'''", 10, id="multi-line-literal"),
        pytest.param('"3.1\\u0031"', None, id="escaped-not-found"),
    ],
)
def test_value_offsets_for_each_kind_of_string(written: str, column: int | None) -> None:
    text = f"[a]\nkey = {written}\n"
    file = TextFile("x.toml", text)
    found = value_offset(file, "3.11", key_offset(file, ("a", "key")) or 0)

    assert at(text, found) == (None if column is None else (2, column))


def test_an_inline_table_holds_the_path_only_under_its_own_key() -> None:
    text = (
        "[tool]\n"
        'other = { poetry = 1, dependencies = 2, python = "3.11" }\n'
        'poetry = { dependencies = { python = "^3.11" } }\n'
    )
    file = TextFile("pyproject.toml", text)

    found = key_offset(file, ("tool", "poetry", "dependencies", "python"))

    assert at(text, found) == (3, 9)


def test_every_array_table_key_in_file_order() -> None:
    text = '[[envs.test.matrix]]\npython = ["3.11"]\n[[envs.test.matrix]]\npy = ["3.12"]\n'
    file = TextFile("hatch.toml", text)

    found = key_offsets(file, ("envs", "test", "matrix"), {"python", "py"})

    assert [at(text, offset) for offset in found] == [(2, 9), (4, 5)]


def test_a_dotted_key_of_thousands_of_parts_is_unreadable() -> None:
    """tomllib takes quadratic time and memory in a key's parts (16,000: 1.5 GB)."""
    text = "[tool]\na" + ".a" * 2_000 + " = 1\n"

    with pytest.raises(UnreadableFile, match="dotted key of more than 128 parts") as raised:
        load_toml(TextFile("pyproject.toml", text))
    assert raised.value.line == 2


def test_a_dotted_key_of_a_few_parts_is_read() -> None:
    assert load_toml(TextFile("x.toml", "a.b.c = 1\n")) == {"a": {"b": {"c": 1}}}
