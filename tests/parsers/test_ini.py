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
@pytest.mark.parametrize(
    "line",
    ["a" + " " * 60_000 + "b", "=" + " " * 60_000, " " * 60_000 + ":", "[" + "[" * 60_000],
)
def test_a_long_line_that_is_no_option_is_unreadable_quickly(line: str) -> None:
    with pytest.raises(UnreadableFile, match="not a section, option or comment"):
        ini.parse(f"[s]\n{line}\n")


MYPY_SECTIONS = """\
[metadata]
name = pkg

[mypy]
ignore_missing_imports = true

# per-module settings, written with a doubled bracket
[[mypy-pkg.plugins]]
check_untyped_defs = true

[mypy-pkg.db] ; a note
strict = true
[tool:pytest]trailing text
addopts = -q
[]]
odd = 1
"""


def test_section_headers_are_what_configparser_finds() -> None:
    import configparser

    reference = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    reference.read_string(MYPY_SECTIONS)

    sections = ini.parse(MYPY_SECTIONS.replace("\n", "\r\n"))

    assert [section.name for section in sections] == reference.sections()
    assert [section.name for section in sections] == [
        "metadata",
        "mypy",
        "[mypy-pkg.plugins]",
        "mypy-pkg.db",
        "tool:pytest",
        "]",
    ]
    assert [section.line for section in sections] == [1, 4, 8, 11, 13, 15]
    assert sections[2].values["check_untyped_defs"].text == "true"


@pytest.mark.parametrize("line", ["[]", "[", "[ no close"])
def test_a_bracket_without_a_name_is_no_header(line: str) -> None:
    with pytest.raises(UnreadableFile, match="not a section, option or comment"):
        ini.parse(f"[s]\n{line}\n")
