"""`python -m pyparity`."""

from pyparity.cli import main

raise SystemExit(main())
