"""A fix offered on a pull request: GitHub suggested changes for the lines the pull request
touches, and a unified diff with the command to run for the rest.

Pure functions: the pull request's patches (the `patch` of each file in
`GET /pulls/{n}/files`) in, review comments and Markdown out. A suggestion may only sit on
a line of the pull request's diff (its hunks, on the new side), so a change elsewhere goes
into the diff block.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from pyparity.fix import Change, Outcome, diff
from pyparity.records import record
from pyparity.report.markdown import cell


@record
class Suggestion:
    """Replace lines `start_line`..`line` (1-based, the pull request's head) with `lines`."""

    file: str
    start_line: int
    line: int
    lines: tuple[str, ...]
    why: str

    def body(self) -> str:
        content = "\n".join(self.lines)
        fence = "`" * max(3, _longest_backtick_run(content) + 1)
        block = (
            f"{fence}suggestion\n{content}\n{fence}"
            if self.lines
            else f"{fence}suggestion\n{fence}"
        )
        return f"pyparity fix: {cell(self.why)}\n\n{block}"

    def review_comment(self) -> dict[str, object]:
        comment: dict[str, object] = {
            "path": self.file,
            "line": self.line,
            "side": "RIGHT",
            "body": self.body(),
        }
        if self.start_line != self.line:
            comment["start_line"] = self.start_line
            comment["start_side"] = "RIGHT"
        return comment


def diff_lines(patch: str) -> frozenset[int]:
    """The new-side line numbers a file's patch shows (added and context lines of its
    hunks): where GitHub takes a review comment."""
    lines: set[int] = set()
    number = 0
    in_hunk = False
    for row in patch.split("\n"):
        if row.startswith("@@"):
            number = _new_start(row)
            in_hunk = number > 0
            continue
        if not in_hunk or row.startswith("\\"):
            continue
        if row.startswith("-"):
            continue
        if row.startswith(("+", " ")):
            lines.add(number)
            number += 1
    return frozenset(n for n in lines if n > 0)


def _new_start(header: str) -> int:
    """`@@ -12,6 +14,7 @@ ...` -> 14; 0 when the header is not one."""
    plus = header.find(" +")
    if plus < 0:
        return 0
    digits = ""
    for character in header[plus + 2 :]:
        if not character.isdigit():
            break
        digits += character
    return int(digits) if digits else 0


def split(
    outcome: Outcome, in_diff: Mapping[str, frozenset[int]]
) -> tuple[list[Suggestion], Outcome]:
    """The suggestions that fit the pull request's diff, and the changes left for the diff
    block (a file with any change outside the diff goes there whole, so the block applies)."""
    suggestions: list[Suggestion] = []
    rest: list[Change] = []
    for change in outcome.changes:
        proposed = list(_suggestions(change))
        allowed = in_diff.get(change.file, frozenset())
        if proposed and all(set(range(s.start_line, s.line + 1)) <= allowed for s in proposed):
            suggestions.extend(proposed)
        else:
            rest.append(change)
    return suggestions, Outcome(changes=tuple(rest), cannot=outcome.cannot)


def _suggestions(change: Change) -> Iterable[Suggestion]:
    before = change.before.decode("utf-8").removeprefix("\ufeff").splitlines()
    after = change.after.decode("utf-8").removeprefix("\ufeff").splitlines()
    why = "; ".join(dict.fromkeys(edit.why for edit in change.edits))
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # lines added: suggest the line above them followed by them
            if i1 == 0:
                yield Suggestion(
                    file=change.file,
                    start_line=1,
                    line=1,
                    lines=(*after[j1:j2], before[0]),
                    why=why,
                )
            else:
                yield Suggestion(
                    file=change.file,
                    start_line=i1,
                    line=i1,
                    lines=(before[i1 - 1], *after[j1:j2]),
                    why=why,
                )
            continue
        yield Suggestion(
            file=change.file, start_line=i1 + 1, line=i2, lines=tuple(after[j1:j2]), why=why
        )


def rest_markdown(rest: Outcome, command: str) -> str:
    """The changes no suggestion carries, as a diff block with the command that makes them."""
    if not rest.changes and not rest.cannot:
        return ""
    parts = []
    if rest.changes:
        text = diff(rest)
        fence = "`" * max(3, _longest_backtick_run(text) + 1)
        parts.append(f"Run `{command}` to make these changes:\n\n{fence}diff\n{text}{fence}")
    if rest.cannot:
        listed = "\n".join(f"- {cell(c.file)}:{c.line}: {cell(c.reason)}" for c in rest.cannot)
        parts.append(f"Left for a person:\n\n{listed}")
    return "\n\n".join(parts) + "\n"


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for character in text:
        run = run + 1 if character == "`" else 0
        longest = max(longest, run)
    return longest
