"""Workflow commands: escaping checked against a model of the runner's parser
(actions/runner ActionCommand.TryParseV2 and its Unescape tables), outputs, summary cap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyparity.gh.commands import (
    Output,
    command,
    escape_data,
    escape_property,
    fit_summary,
    mask,
    outputs_file_text,
)

_DATA_UNESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY_UNESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def _unescape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in table:
        text = text.replace(token, replacement)
    return text


def runner_parse(line: str) -> tuple[str, dict[str, str], str] | None:
    """What the runner reads from one line of output: (command, properties, data)."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, space, rest = info.partition(" ")
    properties: dict[str, str] = {}
    if space:
        for pair in filter(None, rest.strip().split(",")):
            key, _, value = pair.partition("=")
            if key and value:
                properties[key] = _unescape(value, _PROPERTY_UNESCAPES)
    return name, properties, _unescape(message[end + 2 :], _DATA_UNESCAPES)


def runner_lines(output: str) -> list[str]:
    """The runner reads stdout with .NET ReadLine: \\n, \\r and \\r\\n end a line."""
    return output.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@given(path=st.text(min_size=1), message=st.text())
def test_any_path_and_message_survive_the_runners_unescaping(path, message):
    # `file` is never the last property, so the runner's trim of the list cannot touch it
    line = command("error", message, {"file": path, "line": 3, "title": "pyparity rule"})

    assert len(runner_lines(line)) == 1
    assert runner_parse(line) == (
        "error",
        {"file": path, "line": "3", "title": "pyparity rule"},
        message,
    )


@given(text=st.text())
def test_escaped_text_never_starts_a_new_command(text):
    for escaped in (escape_data(text), escape_property(text)):
        assert "\n" not in escaped
        assert "\r" not in escaped
    assert "::" not in escape_property(text)
    assert "," not in escape_property(text)


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        pytest.param("a%b", "a%25b", "a%25b", id="percent"),
        pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="newlines"),
        pytest.param("x:1,y", "x:1,y", "x%3A1%2Cy", id="colon-comma"),
        pytest.param("%0A", "%250A", "%250A", id="escaped-looking"),
    ],
)
def test_escaping_table(text, data, prop):
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_injection_attempt_stays_one_annotation():
    line = command("warning", "x\n::error::pwned", {"file": "a::b,c=d\n::set-env"})

    assert runner_lines(line) == [line]
    name, properties, data = runner_parse(line)
    assert name == "warning"
    assert properties["file"] == "a::b,c=d\n::set-env"
    assert data == "x\n::error::pwned"


def test_empty_properties_are_left_out():
    assert (
        command("notice", "hi", {"file": "", "line": None, "title": "t"}) == "::notice title=t::hi"
    )
    assert mask("s3cret") == "::add-mask::s3cret"


def test_outputs_use_a_random_delimiter_that_the_value_cannot_guess():
    text = outputs_file_text(
        [Output(name="report", value="line 1\nghadelimiter_x\nline 3"), Output(name="n", value="")]
    )
    lines = text.split("\n")
    delimiter = lines[0].partition("<<")[2]

    assert lines[0] == f"report<<{delimiter}"
    assert lines[1:5] == ["line 1", "ghadelimiter_x", "line 3", delimiter]
    assert delimiter.startswith("ghadelimiter_")
    assert len(delimiter) > 30
    assert lines[5].startswith("n<<")
    assert lines[6] == ""
    assert lines[7] == lines[5][3:]
    assert outputs_file_text([Output(name="a", value="1")]) != outputs_file_text(
        [Output(name="a", value="1")]
    )


def test_summary_is_cut_under_the_limit_at_a_line_boundary():
    text = "".join(f"| row {n} | é |\n" for n in range(100_000))

    cut = fit_summary(text, limit=1024 * 1024)

    assert len(cut.encode("utf-8")) <= 1024 * 1024
    assert "cut to fit" in cut
    assert cut.split("\n\n_The report")[0].endswith("|\n") or cut.endswith("|\n")
    assert fit_summary("short\n") == "short\n"


def test_a_cut_pr_comment_or_check_run_summary_points_at_the_run_not_its_own_limit():
    from pyparity.gh import checkrun
    from pyparity.gh.comment import COMMENT_LIMIT_BYTES, StickyComment

    report = "".join(f"| row {n} | ü |\n" for n in range(20_000))
    sticky = StickyComment.for_path(".")

    body = sticky.body(report)

    assert body.startswith(sticky.marker + "\n")
    assert len(body) <= 65_536
    assert len(body.encode("utf-8")) <= COMMENT_LIMIT_BYTES
    assert "job summary's 1 MiB limit" not in body
    assert body.endswith(
        "_The report was cut to fit GitHub's size limit; the workflow run's log and job "
        "summary have the full report._\n"
    )
    assert len(fit_summary(report, checkrun.SUMMARY_LIMIT_BYTES)) <= 65_535
