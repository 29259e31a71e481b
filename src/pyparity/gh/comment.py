"""The sticky pull-request comment: one per PR and scanned path, found by a hidden marker
among the token's own comments and edited in place. When the drift is fixed it is edited
to say so (kept, so that the history reads well and a regression edits the same comment
again). Another user's comment is never edited or deleted, whatever it says: anyone can
copy the marker.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pyparity.gh.api import Comment, Identity
from pyparity.gh.commands import POST_CUT, fit_summary
from pyparity.records import record

COMMENT_LIMIT_BYTES = 60_000  # GitHub refuses comment bodies over 65,536 characters


class CommentApi(Protocol):
    def comments(self, number: int) -> list[Comment]: ...
    def create_comment(self, number: int, body: str) -> int: ...
    def edit_comment(self, comment_id: int, body: str) -> None: ...
    def delete_comment(self, comment_id: int) -> None: ...


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    RESOLVED = "resolved"
    NONE = "none"  # clean, and nothing to resolve


@record
class StickyComment:
    """The one pull request comment a path's runs keep up to date, found by its marker."""

    marker: str

    @classmethod
    def for_path(cls, path: str) -> StickyComment:
        name = path.replace("-->", "").replace("--", "-")
        return cls(marker=f"<!-- pyparity:sticky-comment path={name} -->")

    def body(self, report: str) -> str:
        return fit_summary(f"{self.marker}\n{report}", COMMENT_LIMIT_BYTES, cut_for=POST_CUT)

    def resolved_body(self, report: str, sha: str) -> str:
        at = f" as of {sha[:12]}" if sha else ""
        return self.body(f"**Resolved{at}:** the Python versions agree now.\n\n{report}")

    def sync(
        self,
        api: CommentApi,
        number: int,
        *,
        drift: str | None,
        resolved: str,
        me: Identity | None,
    ) -> Outcome:
        """Post the `drift` body, or (when it is None) turn an existing comment into the
        `resolved` body. Extra marked comments of ours, left by two runs racing, are
        deleted so exactly one remains. `me` is the token's identity; when it is unknown,
        no comment can be known to be ours, so none is touched and drift gets a new one."""
        if me is None:
            if drift is None:
                return Outcome.NONE
            api.create_comment(number, drift)
            return Outcome.CREATED
        ours = [c for c in api.comments(number) if self.marker in c.body and me.wrote(c.author)]
        for duplicate in ours[1:]:
            api.delete_comment(duplicate.id)
        existing = ours[0] if ours else None
        wanted = drift if drift is not None else resolved
        if existing is None:
            if drift is None:
                return Outcome.NONE
            api.create_comment(number, wanted)
            return Outcome.CREATED
        if existing.body == wanted:
            return Outcome.UNCHANGED
        api.edit_comment(existing.id, wanted)
        return Outcome.UPDATED if drift is not None else Outcome.RESOLVED
