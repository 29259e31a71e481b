"""What one place in the code needs: a minor, the feature's name and where it is used."""

from __future__ import annotations

from collections.abc import Iterable

from pyparity.model import Minor, Span
from pyparity.records import record


@record
class Need:
    """`feature` is how a message names it (`` `datetime.UTC` ``); a file the running
    interpreter cannot parse has one need, its newer syntax (`scan._unparsed`)."""

    minor: Minor
    feature: str
    file: str
    span: Span

    @property
    def where(self) -> str:
        return f"{self.file}:{self.span.line}"


def newest_first(needs: Iterable[Need]) -> list[Need]:
    """Newest minor first; among equals, the first place in the tree."""
    return sorted(
        needs,
        key=lambda n: (-n.minor.major, -n.minor.minor, n.file, n.span.line, n.span.column),
    )
