"""JSON as the runner's `fromJSON` reads it: strict JSON, and commas before `]` or `}`."""

from __future__ import annotations

import json

import pytest

from pyparity.sources.github_actions import json_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('["3.12", ]', ["3.12"], id="trailing-comma"),
        pytest.param('["3.13",\n  "3.14",\n]', ["3.13", "3.14"], id="trailing-comma-newline"),
        pytest.param('{"python": ["3.12",], }', {"python": ["3.12"]}, id="in-an-object"),
        pytest.param('["a, ]", ]', ["a, ]"], id="a-comma-inside-a-string-stays"),
        pytest.param('["a\\" ,]", ]', ['a" ,]'], id="an-escaped-quote-stays-in-the-string"),
        pytest.param('["3.12"]', ["3.12"], id="strict"),
    ],
)
def test_loads(text, expected):
    assert json_text.loads(text) == expected


@pytest.mark.parametrize("text", ["[, ]", '["3.12",, ]', "[3.12", "", "'3.12'"])
def test_what_github_refuses_too_is_an_error(text):
    with pytest.raises(json.JSONDecodeError):
        json_text.loads(text)
