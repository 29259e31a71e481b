"""`pyparity fix`: move every declaration to one Python, editing each version where it is
written and nothing else.

The check pipeline finds the declarations (each with the exact span of its version text);
`plan` decides the new text of each span; `edits` writes it into the file as it is on disk
(BOM, line ends, quoting and comments kept); `files` reads and writes without following
links or leaving the tree. A file whose edited text its reader can no longer parse is left
as it was and listed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pyparity.config import Config
from pyparity.errors import UnreadableFile
from pyparity.fix import files
from pyparity.fix.edits import Edit, EditConflict, Original
from pyparity.fix.plan import CannotFix, NoMajority, Options, Refused, plan, pyupgrade_edits
from pyparity.records import field, record, replace
from pyparity.report.text import _CONTROLS, _escape
from pyparity.sources import source_for
from pyparity.textfile import TextFile

__all__ = [
    "CannotFix",
    "Change",
    "NoMajority",
    "Options",
    "Outcome",
    "Refused",
    "compute",
    "write",
]


@record
class Change:
    """One file's text before and after the fix, and the edits that make it."""

    file: str
    before: bytes
    after: bytes
    edits: tuple[Edit, ...]


@record
class Outcome:
    """What a fix changes, and what it cannot fix (with why)."""

    changes: tuple[Change, ...] = ()
    cannot: tuple[CannotFix, ...] = field(default=())


def compute(
    root_path: str, config: Config, options: Options, *, tracked_only: bool = False
) -> Outcome:
    """What `fix` would write, file by file; nothing is written. `tracked_only`: the files
    the commit holds, never what an earlier step of a job wrote (the Action's case)."""
    from pyparity import discover
    from pyparity.check import run

    root = Path(root_path).resolve()
    listing = discover.Listing(discover.Root.at(str(root)), untracked=not tracked_only)
    result = run(str(root), replace(config, code=False), listing=listing)
    loaded: dict[str, Original | str] = {}
    raw: dict[str, bytes] = {}

    def texts(file: str) -> Original | str:
        if file not in loaded:
            loaded[file] = _load(root, file, raw)
        return loaded[file]

    decided = plan(result, options, texts)
    if options.floor is not None:
        for file in _precommit_files(root, config, tracked_only):
            original = texts(file)
            if isinstance(original, Original):
                for edit in pyupgrade_edits(file, original, options.floor):
                    decided.edits.setdefault((file, edit.span), edit)
    changes, cannot = [], list(decided.cannot)
    for file, edits in sorted(decided.by_file().items()):
        original = texts(file)
        assert isinstance(original, Original)
        try:
            after = original.apply(edits).encode("utf-8")
        except EditConflict as error:
            cannot.append(CannotFix(file=file, line=edits[0].span.line, reason=str(error)))
            continue
        problem = _unparsable(file, after)
        if problem:
            line = min(e.span.line for e in edits)
            cannot.append(CannotFix(file=file, line=line, reason=f"not written: {problem}"))
            continue
        if after != raw[file]:
            ordered = tuple(sorted(edits, key=lambda e: (e.span.line, e.span.column)))
            changes.append(Change(file=file, before=raw[file], after=after, edits=ordered))
    cannot.sort(key=lambda c: (c.file, c.line))
    return Outcome(changes=tuple(changes), cannot=tuple(cannot))


def _precommit_files(root: Path, config: Config, tracked_only: bool) -> list[str]:
    from pyparity import discover

    listing = discover.Listing(discover.Root.at(str(root)), untracked=not tracked_only)
    try:
        names = listing.files()
    finally:
        listing.close()
    return [
        name
        for name in names
        if name.rsplit("/", 1)[-1] in _PRECOMMIT and not discover.excluded(name, config.exclude)
    ]


_PRECOMMIT = frozenset({".pre-commit-config.yaml", ".pre-commit-config.yml"})


def _load(root: Path, file: str, raw: dict[str, bytes]) -> Original | str:
    try:
        data = files.read(root, file)
    except (files.UnsafePath, OSError) as error:
        return f"not edited: {file} {error}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return f"not edited: {file} is not UTF-8"
    raw[file] = data
    return Original(text)


def _unparsable(file: str, data: bytes) -> str:
    """Why the file's reader cannot read the new text, or ""."""
    source = source_for(file)
    if source is None:
        return ""
    try:
        source.read(TextFile.from_bytes(file, data))
    except UnreadableFile as error:
        return f"the edited file would not parse ({error})"
    return ""


def write(root_path: str, outcome: Outcome) -> None:
    root = Path(root_path).resolve()
    for change in outcome.changes:
        files.write(root, change.file, change.after)


def diff(outcome: Outcome) -> str:
    """A unified diff of every change (`git apply` takes it)."""
    pieces = []
    for change in outcome.changes:
        before = change.before.decode("utf-8").splitlines(keepends=True)
        after = change.after.decode("utf-8").splitlines(keepends=True)
        lines = difflib.unified_diff(before, after, f"a/{change.file}", f"b/{change.file}")
        pieces.append("".join(_terminated(line) for line in lines))
    return "".join(pieces).translate(_DIFF_ESCAPES)


# A diff shows the repository's text: its control characters are escaped as in the text
# report (a line end and a tab are the file's own and stay, so `git apply` takes it).
_DIFF_ESCAPES = str.maketrans({c: _escape(c) for c in _CONTROLS if c not in "\r\n\t"})


def _terminated(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def summary(outcome: Outcome) -> str:
    """One line per change and per thing left for a person."""
    lines = []
    for change in outcome.changes:
        for edit in change.edits:
            lines.append(f"{change.file}:{edit.span.line}: {_shown(edit)} ({edit.why})")
    for item in outcome.cannot:
        lines.append(f"{item.file}:{item.line}: cannot fix: {item.reason}")
    if not lines:
        lines.append("nothing to fix")
    return "\n".join(lines) + "\n"


def _shown(edit: Edit) -> str:
    old, new = edit.old.rstrip("\r\n"), edit.text.rstrip("\n")
    if not edit.text:
        return f"removed {old.strip()!r}"
    if not old:
        return f"added {new.strip()!r}"
    return f"{old} -> {new}"
