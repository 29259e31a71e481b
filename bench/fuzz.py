"""The long fuzz run: the adversarial property tests with many more examples.

    .venv/bin/python bench/fuzz.py [--examples 2000] [--seed N]

Runs `tests/adversarial/test_fuzz_readers.py` with `PYPARITY_FUZZ_EXAMPLES` set, and prints
how many examples hypothesis ran in all (from its statistics) and how long it took. The
default test run uses 40 examples per test. Exit code: pytest's. Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = "tests/adversarial/test_fuzz_readers.py"
_PASSING = re.compile(r"(\d+) passing(?: examples)?,")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per test")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: random)")
    arguments = parser.parse_args()
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
        SUITE,
    ]
    if arguments.seed is not None:
        command.append(f"--hypothesis-seed={arguments.seed}")
    environment = {**os.environ, "PYPARITY_FUZZ_EXAMPLES": str(arguments.examples)}
    started = time.monotonic()
    completed = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    elapsed = time.monotonic() - started
    failures = completed.stdout.find("= FAILURES =")
    shown = completed.stdout[failures:] if failures >= 0 else completed.stdout[-2000:]
    sys.stdout.write(shown + completed.stderr[-2000:])
    ran = sum(int(count) for count in _PASSING.findall(completed.stdout))
    sys.stdout.write(
        f"\nfuzz: {ran} passing examples across the suite "
        f"({arguments.examples} per test requested) in {elapsed:.0f}s; "
        f"pytest exit code {completed.returncode}\n"
    )
    return completed.returncode


if __name__ == "__main__":
    raise SystemExit(main())
