"""`python -m pyparity`."""

from pyparity.cli import run

raise SystemExit(run())
