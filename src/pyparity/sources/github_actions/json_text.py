"""JSON as GitHub Actions' `fromJSON` reads it.

The runner parses with Json.NET, which takes a comma before `]` or `}` (dipy's reusable
workflow is called with `python-version: '["3.12", ]'` and its matrix runs 3.12). Strict
JSON is tried first; only text it refuses is read again without such commas.
"""

from __future__ import annotations


def loads(text: str) -> object:
    """The value of `text`; ValueError (or RecursionError) where GitHub would refuse it too."""
    import json  # here: few workflows call fromJSON (start-up, issue 18)

    try:
        return json.loads(text)
    except ValueError:
        lenient = _without_trailing_commas(text)
        if lenient == text:
            raise
        return json.loads(lenient)


def _without_trailing_commas(text: str) -> str:
    """`text` without the commas, outside strings, that only blanks part from a `]` or `}`.
    One pass: each blank after a comma is looked at once."""
    kept: list[str] = []
    in_string = escaped = False
    pending = -1  # index in `kept` of a comma after a value that may be trailing
    last = ""  # the last character outside strings that is not blank
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            kept.append(char)
            continue
        if char in " \t\r\n":
            kept.append(char)
            continue
        if char in "]}" and pending >= 0:
            kept[pending] = ""
        pending = len(kept) if char == "," and last not in ("", "[", "{", ",") else -1
        in_string = char == '"'
        last = char
        kept.append(char)
    return "".join(kept)
