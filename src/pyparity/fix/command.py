"""The `pyparity fix` command: typed options in, text out, an exit code back."""

from __future__ import annotations

import argparse
import sys

from pyparity.config import Config
from pyparity.model import Minor
from pyparity.records import record

DESCRIPTION = """\
Move every declaration of the repository to one Python, editing only the version text.

What it does:
  pyparity fix [PATH]              runtime pins (Dockerfile final and shipping stages,
                                   .python-version, runtime.txt, devcontainer, compose,
                                   CI test jobs) move to the source of truth: the
                                   --source-of-truth file, else the minor pin-mismatch's
                                   majority picks; with no majority it exits 2 and names
                                   the candidates (choose with --to).
                                   Tool targets move to the range's floor.
  pyparity fix --to 3.12 [PATH]    the runtime moves to 3.12; a range whose upper bound
                                   excludes it is widened; classifier lists, CI matrices,
                                   tox env lists, nox sessions and black's target-version
                                   list that lack it gain it.
                                   Nothing is lowered or dropped: a --to below a
                                   range's floor exits 2.
  pyparity fix --floor 3.11 [PATH] requires-python and Poetry's python rise to 3.11; tool
                                   targets (ruff, black, mypy, pyright, pre-commit's
                                   pyupgrade --pyXY-plus) follow; classifier
                                   lines and test-set entries below 3.11 are removed; pins
                                   below it move up.

Always: a patch pin stays a patch pin (the patch the other pins of that minor agree on,
else the newest the release data knows); a Docker tag keeps its suffix
(3.9.6-slim-bookworm -> 3.11.14-slim-bookworm); an unquoted YAML number that loads as
another float (3.10 -> 3.1) is quoted; an image pinned by digest (@sha256:...) is not
rewritten and is listed as needing a new digest. What cannot be rewritten safely is listed
as "cannot fix: <why>" and left as it was.

Guarantees: bytes outside the edited versions are unchanged (BOM, CRLF, tabs, comments,
quoting); a list entry is removed or added as a whole line or entry in the list's own
style; a file its reader could not parse after the edit is not written; writes are atomic
(temporary file + rename, mode kept), never through a symbolic link, never outside PATH;
nothing of the repository is executed. Running fix twice changes nothing the second time.

Output: one line per change ("file:line: old -> new (why)") and per thing left; with
--diff a unified diff on stdout (git apply takes it) and the lines on stderr.

Exit codes: with --check or --diff, 1 when a fix would change a file, else 0; when writing,
1 when something could not be fixed, else 0; 2 usage or configuration error, no majority
to fix towards, or --to below a range's floor.
"""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@record
class FixArguments:
    """`pyparity fix`'s command line."""

    path: str
    to: Minor | None
    floor: Minor | None
    diff: bool
    check: bool


def run(arguments: argparse.Namespace, config: Config) -> int:
    from pyparity import fix
    from pyparity.fix.targets import BadTarget
    from pyparity.fix.targets import resolve as resolve_to
    from pyparity.report.text import visible

    try:
        to = resolve_to(arguments.to, config.today)
    except BadTarget as error:
        print(f"pyparity: --to: {error}", file=sys.stderr)
        return EXIT_USAGE
    given = FixArguments(
        path=arguments.path,
        to=to,
        floor=arguments.floor,
        diff=arguments.diff,
        check=arguments.check,
    )
    if given.to is not None and given.floor is not None and given.to < given.floor:
        print(f"pyparity: --to {given.to} is below --floor {given.floor}", file=sys.stderr)
        return EXIT_USAGE
    options = fix.Options(
        to=given.to,
        floor=given.floor,
        source_of_truth=config.source_of_truth,
        today=config.today,
    )
    try:
        outcome = fix.compute(given.path, config, options)
    except fix.Refused as error:
        print(f"pyparity: {visible(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    said = "".join(visible(line) + "\n" for line in fix.summary(outcome).splitlines())
    if given.diff:
        sys.stdout.write(fix.diff(outcome))
        sys.stderr.write(said)
    else:
        sys.stdout.write(said)
        if not given.check:
            fix.write(given.path, outcome)
    if given.diff or given.check:
        return EXIT_FINDINGS if outcome.changes else EXIT_CLEAN
    return EXIT_FINDINGS if outcome.cannot else EXIT_CLEAN
