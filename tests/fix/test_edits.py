from __future__ import annotations

import pytest

from pyparity.fix.edits import Edit, EditConflict, Original
from pyparity.model import Span


def _edit(line: int, column: int, end_line: int, end_column: int, text: str) -> Edit:
    span = Span(line=line, column=column, end_line=end_line, end_column=end_column)
    return Edit(file="f", span=span, text=text, why="test")


def test_crlf_and_bom_are_kept_around_a_replaced_version() -> None:
    original = Original("\ufeffa: 1\r\npython: 3.9\t# keep\r\nb: 2\r\n")
    assert (
        original.apply([_edit(2, 9, 2, 12, "3.11")])
        == "\ufeffa: 1\r\npython: 3.11\t# keep\r\nb: 2\r\n"
    )


def test_a_lone_cr_ends_a_line_as_the_reader_folds_it() -> None:
    original = Original("x\ry = 3.9\r")
    assert original.apply([_edit(2, 5, 2, 8, "3.12")]) == "x\ry = 3.12\r"


def test_removing_a_line_takes_its_crlf() -> None:
    original = Original("[\r\n  a,\r\n  b,\r\n]\r\n")
    assert original.apply([_edit(2, 1, 3, 1, "")]) == "[\r\n  b,\r\n]\r\n"


def test_an_inserted_line_gets_the_file_line_end() -> None:
    original = Original("[\r\n  a,\r\n]\r\n")
    assert original.apply([_edit(3, 1, 3, 1, "  b,\n")]) == "[\r\n  a,\r\n  b,\r\n]\r\n"


def test_removing_the_last_line_without_a_line_end() -> None:
    original = Original("a\nb")
    assert original.apply([_edit(2, 1, 3, 1, "")]) == "a\n"


def test_overlapping_edits_are_refused() -> None:
    original = Original("abcdef\n")
    with pytest.raises(EditConflict):
        original.apply([_edit(1, 1, 1, 4, "x"), _edit(1, 3, 1, 5, "y")])


def test_a_version_after_a_tab_and_non_ascii_text() -> None:
    original = Original("# café\n\tpython = '3.9'  \n")
    assert original.apply([_edit(2, 12, 2, 15, "3.11")]) == "# café\n\tpython = '3.11'  \n"
