"""The span editor against the reader's folding, on random text with mixed line ends."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pyparity.fix.edits import Edit, Original
from pyparity.model import Span
from pyparity.textfile import TextFile

_LINES = st.lists(
    st.text(alphabet="ab3.1 \t#\"'é", min_size=1, max_size=12), min_size=1, max_size=8
)
# A line is never empty: a lone CR before an empty line and its LF would be one CRLF.
_ENDS = st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=8, max_size=8)


@given(_LINES, _ENDS, st.booleans(), st.data())
def test_an_edit_changes_the_folded_text_exactly_and_keeps_every_other_byte(
    lines: list[str], ends: list[str], bom: bool, data: st.DataObject
) -> None:
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    raw = ("\ufeff" if bom else "") + text
    folded = TextFile.from_bytes("f", raw.encode()).text
    number = data.draw(st.integers(1, len(lines)))
    line = lines[number - 1]
    start = data.draw(st.integers(0, len(line)))
    end = data.draw(st.integers(start, len(line)))
    # Never empty, as a fix writes a version: an edit that empties the line after a lone CR
    # would join that CR and the line's LF into one CRLF, one line less.
    new = data.draw(st.text(alphabet="0123.", min_size=1, max_size=5))
    span = Span(line=number, column=start + 1, end_line=number, end_column=end + 1)
    result = Original(raw).apply([Edit(file="f", span=span, text=new, why="test")])
    file = TextFile.from_bytes("f", folded.encode())
    expected = (
        folded[: file.offset(number, start + 1)] + new + folded[file.offset(number, end + 1) :]
    )
    assert TextFile.from_bytes("f", result.encode()).text == expected
    assert result.startswith("\ufeff") == bom
    head = len("\ufeff" if bom else "") + sum(
        len(x) + len(e) for x, e in zip(lines[: number - 1], ends, strict=False)
    )
    assert result[: head + start] == raw[: head + start]
    tail = len(raw) - (head + end)
    assert result[len(result) - tail :] == raw[len(raw) - tail :]
