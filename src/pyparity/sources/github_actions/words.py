"""The words of a script or a list, with where each starts and ends: split at blanks (and any
other separators asked for), an expression `${{ ... }}` kept whole, spaces and all."""

from __future__ import annotations

from collections.abc import Iterator


def words(text: str, separators: str = "") -> Iterator[tuple[int, int]]:
    """(start, end) of each word of `text`; linear in its length."""
    index = 0
    length = len(text)
    while index < length:
        if text[index].isspace() or text[index] in separators:
            index += 1
            continue
        start = index
        while index < length and not (text[index].isspace() or text[index] in separators):
            if text.startswith("${{", index):
                close = text.find("}}", index + 3)
                index = length if close < 0 else close + 2
            else:
                index += 1
        yield start, index
