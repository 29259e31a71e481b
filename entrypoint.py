"""The Action's container entry point: see pyparity.gh.action."""

from pyparity.gh.action import main

if __name__ == "__main__":
    raise SystemExit(main())
