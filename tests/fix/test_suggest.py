from __future__ import annotations

from pyparity.fix import Change, Outcome
from pyparity.fix.edits import Edit
from pyparity.fix.plan import CannotFix
from pyparity.fix.suggest import Suggestion, diff_lines, rest_markdown, split
from pyparity.model import Span

PATCH = """@@ -1,3 +1,4 @@
 name: CI
+on: push
 jobs:
   test:
@@ -10,4 +11,4 @@ jobs:
     steps:
-      - uses: actions/setup-python@v4
+      - uses: actions/setup-python@v5
         with:
           python-version: "3.9"
\\ No newline at end of file"""


def test_diff_lines_are_the_new_side_of_each_hunk() -> None:
    assert diff_lines(PATCH) == frozenset({1, 2, 3, 4, 11, 12, 13, 14})


def test_a_header_that_is_not_one_shows_no_lines() -> None:
    assert diff_lines("@@ nonsense\n+x\n") == frozenset()


def _change(file: str, before: str, after: str) -> Change:
    span = Span(line=1, column=1, end_line=1, end_column=1)
    edit = Edit(file=file, span=span, text="", why="the runtime pins' majority is 3.11")
    return Change(file=file, before=before.encode(), after=after.encode(), edits=(edit,))


WORKFLOW_BEFORE = "a\n" * 13 + '          python-version: "3.9"\n'
WORKFLOW_AFTER = "a\n" * 13 + '          python-version: "3.11"\n'


def test_a_change_inside_the_diff_becomes_a_suggestion() -> None:
    outcome = Outcome(changes=(_change("ci.yml", WORKFLOW_BEFORE, WORKFLOW_AFTER),))
    suggestions, rest = split(outcome, {"ci.yml": diff_lines(PATCH)})
    assert rest.changes == ()
    assert suggestions == [
        Suggestion(
            file="ci.yml",
            start_line=14,
            line=14,
            lines=('          python-version: "3.11"',),
            why="the runtime pins' majority is 3.11",
        )
    ]
    comment = suggestions[0].review_comment()
    assert comment["line"] == 14
    assert comment["side"] == "RIGHT"
    assert "start_line" not in comment
    assert str(comment["body"]).endswith('```suggestion\n          python-version: "3.11"\n```')


def test_a_change_outside_the_diff_goes_to_the_diff_block() -> None:
    change = _change(".python-version", "3.9.6\n", "3.11.13\n")
    suggestions, rest = split(Outcome(changes=(change,)), {"ci.yml": diff_lines(PATCH)})
    assert suggestions == []
    markdown = rest_markdown(rest, "pyparity fix")
    assert "Run `pyparity fix` to make these changes:" in markdown
    assert "```diff\n--- a/.python-version\n+++ b/.python-version\n" in markdown
    assert "-3.9.6\n+3.11.13\n```" in markdown


def test_added_lines_are_suggested_with_the_line_above() -> None:
    before = "c = [\n    'x :: 3.12',\n]\n"
    after = "c = [\n    'x :: 3.12',\n    'x :: 3.13',\n]\n"
    suggestions, _ = split(
        Outcome(changes=(_change("p.toml", before, after),)), {"p.toml": frozenset({1, 2, 3})}
    )
    assert [(s.start_line, s.line, s.lines) for s in suggestions] == [
        (2, 2, ("    'x :: 3.12',", "    'x :: 3.13',"))
    ]


def test_a_removed_line_is_an_empty_suggestion() -> None:
    before = "c = [\n    'x :: 3.9',\n    'x :: 3.12',\n]\n"
    after = "c = [\n    'x :: 3.12',\n]\n"
    suggestions, _ = split(
        Outcome(changes=(_change("p.toml", before, after),)), {"p.toml": frozenset({1, 2, 3})}
    )
    assert [(s.start_line, s.line, s.lines) for s in suggestions] == [(2, 2, ())]
    assert suggestions[0].body().endswith("```suggestion\n```")


def test_the_fence_outgrows_backticks_in_the_file() -> None:
    suggestion = Suggestion(file="f", start_line=1, line=1, lines=("a ```` b",), why="w")
    assert "`````suggestion\na ```` b\n`````" in suggestion.body()


def test_what_cannot_be_fixed_is_listed_as_text() -> None:
    rest = Outcome(
        cannot=(CannotFix(file="Dockerfile", line=1, reason="pinned by digest <b>@x</b>"),)
    )
    markdown = rest_markdown(rest, "pyparity fix")
    assert "<b>" not in markdown
    assert "Dockerfile:1" in markdown
