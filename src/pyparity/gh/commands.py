"""Workflow commands, step outputs and the job summary: the runner's text protocols.

Everything that reaches a workflow command is escaped the way the runner un-escapes it
(`%25 %0D %0A` in data, plus `%3A %2C` in property values), so no path or message can end
the line, split a property, or start a command of its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping

from pyparity.records import record

SUMMARY_LIMIT_BYTES = 1024 * 1024
"""The runner refuses a step summary above 1 MiB."""


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str = "", properties: Mapping[str, object] | None = None) -> str:
    """One workflow command line, `::name key=value,...::message`, without the newline.

    Properties whose value is None or empty are left out: the runner drops them anyway.
    """
    pairs = [
        f"{key}={escape_property(str(value))}"
        for key, value in (properties or {}).items()
        if value is not None and str(value) != ""
    ]
    head = f"{name} {','.join(pairs)}" if pairs else name
    return f"::{head}::{escape_data(message)}"


def mask(secret: str) -> str:
    return command("add-mask", secret)


@record
class Output:
    """One step output (`name=value` in `$GITHUB_OUTPUT`)."""

    name: str
    value: str


def outputs_file_text(outputs: Iterable[Output]) -> str:
    """`$GITHUB_OUTPUT` text: every value in the heredoc form with a random delimiter, so a
    value with newlines (or one that guesses a fixed delimiter) cannot inject an output."""
    chunks = []
    for output in outputs:
        delimiter = _delimiter_for(output.value)
        chunks.append(f"{output.name}<<{delimiter}\n{output.value}\n{delimiter}\n")
    return "".join(chunks)


def _delimiter_for(value: str) -> str:
    while True:
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        if delimiter not in value:
            return delimiter


SUMMARY_CUT = "the job summary's 1 MiB limit; see the JSON report"
POST_CUT = "GitHub's size limit; the workflow run's log and job summary have the full report"


def fit_summary(
    markdown: str, limit: int = SUMMARY_LIMIT_BYTES, *, cut_for: str = SUMMARY_CUT
) -> str:
    """The text cut to `limit` bytes at a line boundary, with a note saying why."""
    encoded = markdown.encode("utf-8")
    if len(encoded) <= limit:
        return markdown
    note = f"\n\n_The report was cut to fit {cut_for}._\n"
    budget = limit - len(note.encode("utf-8"))
    cut = encoded[:budget].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n") + 1 if "\n" in cut else len(cut)] + note
