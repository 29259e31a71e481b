"""The JSONC parser: comments, trailing commas, positions, and only UnreadableFile on garbage."""

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyparity.errors import UnreadableFile
from pyparity.parsers.jsonc import MAX_DEPTH, Array, Literal, Number, Object, String, parse


def plain(value):
    """The parsed tree as plain Python, to compare with `json.loads`."""
    if value is None:
        return None
    if isinstance(value, Object):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Array):
        return [plain(item) for item in value.items]
    if isinstance(value, String):
        return value.value
    if isinstance(value, Number):
        return json.loads(value.text)
    return value.value


DEVCONTAINER = """\
// Dev container for the API
{
  "name": "api", /* inline */
  "image": "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",
  "features": {
    "ghcr.io/devcontainers/features/node:1": {},
  },
  "forwardPorts": [8000, 5432,],
  "remoteUser": "vscode", // trailing comment
}
"""


def test_comments_and_trailing_commas():
    root = parse(DEVCONTAINER)
    assert plain(root) == {
        "name": "api",
        "image": "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",
        "features": {"ghcr.io/devcontainers/features/node:1": {}},
        "forwardPorts": [8000, 5432],
        "remoteUser": "vscode",
    }


def test_string_offsets_point_inside_the_quotes():
    root = parse(DEVCONTAINER)
    image = root.string("image")
    assert DEVCONTAINER[image.start : image.end] == image.value
    assert image.verbatim


def test_escaped_string_is_not_verbatim():
    root = parse('{"a": "x\\u0041\\n\\"y"}')
    value = root.string("a")
    assert (value.value, value.verbatim) == ('xA\n"y', False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param('"$ a\\graft cpp"', "$ a" + "graft cpp", id="any-character"),
        pytest.param('"\\x41\\0\\v"', "A\0\v", id="hex-nul-vertical-tab"),
        pytest.param('"one \\\ntwo"', "one two", id="line-continuation"),
        pytest.param('"\\u0041\\n"', "A\n", id="json-escapes-as-before"),
    ],
)
def test_json5_reads_any_escape(text, value):
    assert parse(f'{{"a": {text}}}', any_escape=True).string("a").value == value


@pytest.mark.parametrize("escape", ["\\x4", "\\u12", "\\1"])
def test_json5_escapes_that_mean_nothing_are_errors(escape):
    with pytest.raises(UnreadableFile, match="invalid escape"):
        parse(f'{{"a": "{escape}"}}', any_escape=True)


def test_repeated_key_last_wins():
    assert parse('{"a": 1, "a": 2}').get("a").text == "2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", None, id="empty"),
        pytest.param("  // nothing\n/* at all */\n", None, id="only-comments"),
        pytest.param("\ufeff{}", {}, id="bom"),
        pytest.param(
            '{\r\n\t"a": [true, false, null]\r\n}', {"a": [True, False, None]}, id="crlf-tabs"
        ),
        pytest.param('"http://x//y"', "http://x//y", id="slashes-in-string"),
        pytest.param("[-1.5e3, 0, 2]", [-1500.0, 0, 2], id="numbers"),
        pytest.param(
            '{"a": "/* not a comment */"}', {"a": "/* not a comment */"}, id="comment-in-string"
        ),
    ],
)
def test_values(text, expected):
    assert plain(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param("{", 1, 2, id="unclosed-object"),
        pytest.param('{\n  "a": 1\n  "b": 2\n}', 3, 3, id="missing-comma"),
        pytest.param('{"a" 1}', 1, 6, id="missing-colon"),
        pytest.param("{a: 1}", 1, 2, id="unquoted-key"),
        pytest.param('{"a": "x\n"}', 1, 7, id="newline-in-string"),
        pytest.param('{"a": "x\\q"}', 1, 9, id="bad-escape"),
        pytest.param("{} {}", 1, 4, id="two-values"),
        pytest.param("/* open", 1, 1, id="unterminated-comment"),
        pytest.param("[1,,2]", 1, 4, id="double-comma"),
        pytest.param("[tru]", 1, 2, id="bad-literal"),
        pytest.param("[", 1, 2, id="open-array"),
        pytest.param('{"a":', 1, 6, id="key-without-value"),
    ],
)
def test_errors_have_positions(text, line, column):
    with pytest.raises(UnreadableFile) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_depth_is_capped():
    with pytest.raises(UnreadableFile, match="nested too deeply"):
        parse("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))


def test_literal_positions():
    value = parse("  null")
    assert value == Literal(value=None, start=2, end=6)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)


@given(json_values)
def test_agrees_with_json(value):
    assert plain(parse(json.dumps(value))) == value


@given(st.text(alphabet='{}[]",:/*\\ \nabtrue0-1.e', max_size=30))
def test_garbage_raises_only_unreadable_file(text):
    with contextlib.suppress(UnreadableFile):
        parse(text)
