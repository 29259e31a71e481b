"""`fix: suggest` in the Action: `pyparity fix` offered on a pull request as one review.

The review's line comments are GitHub suggested changes on the lines the pull request's
diff shows; its body lists the rest as a unified diff with the command that makes it.
Nothing is written to the workspace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pyparity.config import Config
from pyparity.fix import NoMajority, Options, compute
from pyparity.fix.suggest import diff_lines, rest_markdown, split
from pyparity.report.github import repo_path

MARKER = "<!-- pyparity-fix -->"


class ReviewApi(Protocol):
    def pull_patches(self, number: int) -> dict[str, str]: ...
    def create_review(
        self, number: int, *, commit_id: str, body: str, comments: list[dict[str, object]]
    ) -> int: ...


def offer(
    api: ReviewApi,
    number: int,
    *,
    root: Path,
    config: Config,
    path_prefix: str,
    commit_id: str,
) -> str:
    """Post the review; return what was done, for the log."""
    options = Options(source_of_truth=config.source_of_truth, today=config.today)
    try:
        outcome = compute(str(root), config, options)
    except NoMajority as error:
        return f"no fix offered: {error}"
    if not outcome.changes and not outcome.cannot:
        return "nothing to fix"
    patches = api.pull_patches(number)
    in_diff = {
        change.file: diff_lines(patches.get(repo_path(change.file, path_prefix), ""))
        for change in outcome.changes
    }
    suggestions, rest = split(outcome, in_diff)
    comments = []
    for suggestion in suggestions:
        comment = suggestion.review_comment()
        comment["path"] = repo_path(suggestion.file, path_prefix)
        comments.append(comment)
    command = "pyparity fix" + ("" if path_prefix in {"", "."} else f" {path_prefix}")
    lead = (
        f"{MARKER}\n**pyparity fix** suggests {len(comments)} change(s) on this pull request's "
        "lines; each applies with one click."
        if comments
        else f"{MARKER}\n**pyparity fix** would change lines this pull request does not touch."
    )
    body = "\n\n".join(part for part in (lead, rest_markdown(rest, command)) if part)
    review = api.create_review(number, commit_id=commit_id, body=body, comments=comments)
    return (
        f"review {review}: {len(comments)} suggestion(s), {len(rest.changes)} file(s) in the "
        f"diff block, {len(rest.cannot)} left for a person"
    )
