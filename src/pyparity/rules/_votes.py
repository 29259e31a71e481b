"""Counting who says what: one disagreement is one finding, and files vote, not jobs.

A voter is the file a version comes from: a `.python-version` that five CI jobs read is one
vote, and a workflow whose three jobs pin 3.12 is one vote for 3.12.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from pyparity.model import Declaration

K = TypeVar("K", bound=Hashable)

Ballot = dict[K, dict[str, list[Declaration]]]
"""value -> voter (the file the value comes from) -> its declarations of that value."""


def count(declarations: Iterable[Declaration], value: Callable[[Declaration], K]) -> Ballot[K]:
    """The ballot; each voter's own declarations come first (`.python-version:1` before the
    workflow lines that read it), so a finding about a voter sits on the file that says it."""
    ballot: Ballot[K] = defaultdict(lambda: defaultdict(list))
    for declaration in sorted(declarations, key=lambda d: bool(d.origin)):
        ballot[value(declaration)][declaration.origin or declaration.file].append(declaration)
    return ballot


def agreed(ballot: Ballot[K], truth: str | None) -> set[K]:
    """The values not to flag: the source of truth's, else the strict majority's (by voters),
    else, when everyone agrees, that value; empty when no value has a majority."""
    if truth:
        said = {value for value, voters in ballot.items() if truth in voters}
        if said:
            return said
    if len(ballot) == 1:
        return set(ballot)
    sizes = sorted((len(voters) for voters in ballot.values()), reverse=True)
    if sizes[0] == sizes[1]:
        return set()
    return {max(ballot, key=lambda value: len(ballot[value]))}


def everyone(ballot: Ballot[K], except_value: K | None = None) -> list[Declaration]:
    return [
        declaration
        for value, voters in ballot.items()
        if value != except_value
        for declarations in voters.values()
        for declaration in declarations
    ]


def fixed_place(declarations: Iterable[Declaration]) -> Declaration:
    """Where a disagreement with no majority is reported: the first declaration that is not a
    restatement of another file's value, by file and position (stable between runs)."""
    return min(declarations, key=lambda d: (bool(d.origin), d.file, d.span.line, d.span.column))
