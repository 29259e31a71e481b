"""`fix: suggest` in the Action: `pyparity fix` offered on a pull request as one review.

The review's line comments are GitHub suggested changes on the lines the pull request's
diff shows; its body lists the rest as a unified diff with the command that makes it.
Each body carries a hidden marker with a digest of the offer: a run whose offer is the one
already posted posts nothing; a new offer deletes the line comments of the earlier ones
(only the token's own, never another user's) and posts one review. Nothing is written to
the workspace.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from pyparity.config import Config
from pyparity.fix import Options, Refused, compute
from pyparity.fix.suggest import diff_lines, rest_markdown, split
from pyparity.gh.api import Account, Comment
from pyparity.model import Minor
from pyparity.report.github import repo_path

MARKER = "<!-- pyparity-fix"


class ReviewApi(Protocol):
    def pull_patches(self, number: int) -> dict[str, str]: ...
    def reviews(self, number: int) -> list[Comment]: ...
    def review_comments(self, number: int) -> list[Comment]: ...
    def delete_review_comment(self, comment_id: int) -> None: ...
    def create_review(
        self, number: int, *, commit_id: str, body: str, comments: list[dict[str, object]]
    ) -> int: ...


Mine = Callable[[Account | None], bool]
"""Whether an author is the token's own identity (False for everyone when unknown)."""


def offer(
    api: ReviewApi,
    number: int,
    *,
    root: Path,
    config: Config,
    path_prefix: str,
    commit_id: str,
    mine: Mine,
    to: Minor | None = None,
) -> str:
    """Post the review; return what was done, for the log."""
    options = Options(to=to, source_of_truth=config.source_of_truth, today=config.today)
    try:
        outcome = compute(str(root), config, options, tracked_only=True)
    except Refused as error:
        return f"no fix offered: {error}"
    if not outcome.changes and not outcome.cannot:
        _withdraw(api, number, mine)
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
    command = "pyparity fix" + (f" --to {to}" if to else "")
    command += "" if path_prefix in {"", "."} else f" {path_prefix}"
    said = rest_markdown(rest, command)
    digest = hashlib.sha256(json.dumps([comments, said], sort_keys=True).encode()).hexdigest()
    marker = f"{MARKER} {digest[:32]} -->"
    if any(marker in review.body and mine(review.author) for review in api.reviews(number)):
        return "the same fix is already offered; nothing posted"
    withdrawn = _withdraw(api, number, mine)
    lead = (
        f"**pyparity fix** suggests {len(comments)} change(s) on this pull request's lines; "
        "each applies with one click."
        if comments
        else "**pyparity fix** would change lines this pull request does not touch."
    )
    body = "\n\n".join(part for part in (marker, lead, said) if part)
    review = api.create_review(number, commit_id=commit_id, body=body, comments=comments)
    return (
        f"review {review}: {len(comments)} suggestion(s), {len(rest.changes)} file(s) in the "
        f"diff block, {len(rest.cannot)} left for a person; {withdrawn} earlier "
        "suggestion(s) deleted"
    )


def _withdraw(api: ReviewApi, number: int, mine: Mine) -> int:
    """Delete the line comments of earlier offers (the token's own); return how many."""
    deleted = 0
    for comment in api.review_comments(number):
        if comment.body.startswith(SUGGESTION_PREFIX) and mine(comment.author):
            api.delete_review_comment(comment.id)
            deleted += 1
    return deleted


SUGGESTION_PREFIX = "pyparity fix: "
