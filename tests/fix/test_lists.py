from __future__ import annotations

from pyparity.fix import lists
from pyparity.fix.edits import Edit, Original
from pyparity.model import Span


def _span(line: int, column: int, length: int) -> Span:
    return Span(line=line, column=column, end_line=line, end_column=column + length)


def _remove(
    text: str, line: int, column: int, length: int, *, classifier: bool = False
) -> str | None:
    original = Original(text)
    entry = lists.token(original, _span(line, column, length), classifier=classifier)
    span = lists.removal(entry) if entry else None
    return None if span is None else original.apply([_edit(span, "")])


def _add(
    text: str, line: int, column: int, length: int, new: str, *, classifier: bool = False
) -> str | None:
    original = Original(text)
    entry = lists.token(original, _span(line, column, length), classifier=classifier, ini=True)
    assert entry is not None
    start = column - 1 - entry.start
    written = entry.text[entry.start : entry.end]
    added = lists.addition(entry, written[:start] + new + written[start + length :])
    return None if added is None else original.apply([_edit(span, text) for span, text in added])


def _edit(span: Span, text: str) -> Edit:
    return Edit(file="f", span=span, text=text, why="test")


def test_flow_list_entry_goes_with_its_separator() -> None:
    assert _remove('v: ["3.9", "3.10", "3.11"]\n', 1, 6, 3) == 'v: ["3.10", "3.11"]\n'


def test_last_flow_entry_takes_the_separator_before_it() -> None:
    assert _remove("v: [3.11, 3.9]\n", 1, 11, 3) == "v: [3.11]\n"


def test_the_only_entry_is_never_removed() -> None:
    assert _remove('v: ["3.9"]\n', 1, 6, 3) is None


def test_block_list_entry_is_a_whole_line_with_its_comment_neighbours_kept() -> None:
    text = "v:\n  # oldest\n  - '3.9'\n  - '3.10'\n"
    assert _remove(text, 3, 6, 3) == "v:\n  # oldest\n  - '3.10'\n"


def test_a_mapping_value_is_not_a_list_entry() -> None:
    assert _remove("  - {python: '3.9', tox: dev}\n", 1, 16, 3) is None


def test_classifier_line_is_removed_whole() -> None:
    text = 'c = [\r\n    "Programming Language :: Python :: 3.9",\r\n    "Programming Language :: Python :: 3.10",\r\n]\r\n'
    assert (
        _remove(text, 2, 40, 3, classifier=True)
        == 'c = [\r\n    "Programming Language :: Python :: 3.10",\r\n]\r\n'
    )


def test_classifier_line_is_cloned_after_the_newest() -> None:
    text = 'c = [\n    "Programming Language :: Python :: 3.12",  # newest\n]\n'
    expected = (
        'c = [\n    "Programming Language :: Python :: 3.12",  # newest\n'
        '    "Programming Language :: Python :: 3.13",\n]\n'
    )
    assert _add(text, 2, 40, 4, "3.13", classifier=True) == expected


def test_flow_entry_added_with_the_list_separator_and_quotes() -> None:
    assert _add("v: ['3.11','3.12']\n", 1, 13, 4, "3.13") == "v: ['3.11','3.12','3.13']\n"
    assert _add("envlist = py311, py312\n", 1, 18, 5, "py313") == "envlist = py311, py312, py313\n"


def test_a_one_key_flow_mapping_item_is_removed_whole() -> None:
    text = "  - {python: '3.10'}\n  - {python: '3.9'}  # oldest\n  - {python: '3.11'}\n"
    assert _remove(text, 2, 15, 3) == "  - {python: '3.10'}\n  - {python: '3.11'}\n"


def test_the_last_entry_on_a_line_takes_the_blank_before_it() -> None:
    text = 'l = [\n    "py3.11", "py3.10",\n    "lint",\n]\n'
    assert _remove(text, 2, 16, 6) == 'l = [\n    "py3.11",\n    "lint",\n]\n'


def test_neighbouring_removals_merge() -> None:
    original = Original('v = ["3.8", "3.9", "3.11"]\n')
    spans = []
    for column in (7, 14):
        entry = lists.token(original, _span(1, column, 3))
        assert entry is not None
        span = lists.removal(entry)
        assert span is not None
        spans.append(span)
    assert original.apply([_edit(s, "") for s in spans]) == 'v = ["3.11"]\n'


def test_a_last_entry_without_a_comma_gains_one() -> None:
    text = 'c = [\n    "Programming Language :: Python :: 3.12"\n]\n'
    expected = (
        'c = [\n    "Programming Language :: Python :: 3.12",\n'
        '    "Programming Language :: Python :: 3.13"\n]\n'
    )
    assert _add(text, 2, 40, 4, "3.13", classifier=True) == expected


def test_a_toml_value_after_equals_is_not_a_list_entry() -> None:
    assert _remove('p = [{ prefix = "3.", start = 10, stop = 15 }]\n', 1, 31, 2) is None
