"""The check run: on the pull request's head commit (not the merge commit the workflow
checked out), with every finding as an annotation, 50 per request as the API allows.

Each scanned path gets its own check run name: GitHub shows only the newest run of a name
on a commit, so two paths of a monorepo sharing one name would hide each other's result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pyparity.gh.commands import POST_CUT, fit_summary
from pyparity.model import Finding, Result, Severity
from pyparity.report.github import ordered, repo_path

NAME = "pyparity"
ANNOTATIONS_PER_REQUEST = 50
SUMMARY_LIMIT_BYTES = 60_000  # the API takes 65,535 characters of summary
LEVELS = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


class CheckRunApi(Protocol):
    def create_check_run(
        self, *, name: str, head_sha: str, conclusion: str, output: Mapping[str, Any]
    ) -> int: ...
    def add_check_run_output(self, check_run_id: int, output: Mapping[str, Any]) -> None: ...


def name_for(path: str) -> str:
    """`pyparity` for the repository root, `pyparity (services/api)` for a scanned path."""
    return NAME if path in {"", "."} else f"{NAME} ({path})"


def annotation(finding: Finding, path_prefix: str = "") -> dict[str, Any]:
    span = finding.span
    item: dict[str, Any] = {
        "path": repo_path(finding.file, path_prefix),
        "start_line": span.line,
        "end_line": span.end_line,
        "annotation_level": LEVELS[finding.severity],
        "message": finding.message,
        "title": f"pyparity {finding.rule}",
    }
    if span.end_line == span.line and span.end_column > span.column:
        item["start_column"] = span.column
        item["end_column"] = span.end_column
    return item


def publish(
    api: CheckRunApi,
    *,
    head_sha: str,
    result: Result,
    failed: bool,
    title: str,
    summary: str,
    path_prefix: str = "",
    name: str = NAME,
) -> int:
    """Create the completed check run and append the remaining annotations in batches."""
    items = [annotation(f, path_prefix) for f in ordered(result.findings)]
    batches = [
        items[start : start + ANNOTATIONS_PER_REQUEST]
        for start in range(0, len(items), ANNOTATIONS_PER_REQUEST)
    ] or [[]]
    text = fit_summary(summary, SUMMARY_LIMIT_BYTES, cut_for=POST_CUT)
    conclusion = "failure" if failed else ("neutral" if result.findings else "success")
    run_id = api.create_check_run(
        name=name,
        head_sha=head_sha,
        conclusion=conclusion,
        output={"title": title, "summary": text, "annotations": batches[0]},
    )
    for batch in batches[1:]:
        api.add_check_run_output(run_id, {"title": title, "summary": text, "annotations": batch})
    return run_id
