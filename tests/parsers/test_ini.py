"""INI as configparser reads it, with positions; keys end at the first `=` or `:`."""

from __future__ import annotations

import pytest

from pyparity.errors import UnreadableFile
from pyparity.parsers import ini


@pytest.mark.parametrize(
    ("line", "key", "value", "column"),
    [
        pytest.param("a = b", "a", "b", 5, id="equals"),
        pytest.param("a: b", "a", "b", 4, id="colon"),
        pytest.param("a   b =c", "a   b", "c", 8, id="spaces-in-key"),
        pytest.param("a = b: c = d", "a", "b: c = d", 5, id="first-delimiter"),
        pytest.param("A=", "a", None, None, id="empty-value"),
        pytest.param("a =  b  # note", "a", "b", 6, id="inline-comment"),
    ],
)
def test_options(line: str, key: str, value: str | None, column: int | None) -> None:
    [section] = ini.parse(f"[s]\n{line}\n")

    option = section.values[key]
    assert [piece.text for piece in option.pieces] == ([value] if value else [])
    if column is not None:
        assert option.pieces[0].offset == len("[s]\n") + column - 1


@pytest.mark.timeout(10)
@pytest.mark.parametrize("line", ["a" + " " * 60_000 + "b", "=" + " " * 60_000, " " * 60_000 + ":"])
def test_a_long_line_that_is_no_option_is_unreadable_quickly(line: str) -> None:
    with pytest.raises(UnreadableFile, match="not a section, option or comment"):
        ini.parse(f"[s]\n{line}\n")
