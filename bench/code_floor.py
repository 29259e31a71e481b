"""How long the code-floor scan takes on a large codebase: the running interpreter's stdlib.

    .venv/bin/python bench/code_floor.py [--floor 3.9] [--processes 1 2] [--all]

Scans every `.py` file of the standard library (`--all`), or the files the default selection
keeps (tests left out), once per process count, and prints files, seconds and files per
second. Not run by the tests.
"""

from __future__ import annotations

import argparse
import sysconfig
import time
from pathlib import Path

from pyparity import discover
from pyparity.code.files import code_files
from pyparity.code.scan import FileJob, scan
from pyparity.model import Minor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", default="3.9", help="the declared floor (default 3.9)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--all", action="store_true", help="include the stdlib's tests")
    arguments = parser.parse_args()
    root = discover.Root.at(Path(sysconfig.get_paths()["stdlib"]))
    paths = discover.list_files(root)
    python = [p for p in paths if p.endswith(".py")] if arguments.all else code_files(paths)
    floor = Minor.parse(arguments.floor)
    jobs = [FileJob(root=root, path=path, floor=floor) for path in python]
    size = sum((root.path / path).stat().st_size for path in python)
    print(f"{root.path}: {len(jobs)} files, {size / 1e6:.1f} MB, floor {floor}")
    for processes in arguments.processes:
        started = time.perf_counter()
        needs = scan(jobs, processes=processes)
        elapsed = time.perf_counter() - started
        newest = max((need.minor for need in needs), default=None)
        print(
            f"processes={processes}: {elapsed:.2f} s, {len(jobs) / elapsed:.0f} files/s,"
            f" {len(needs)} needs above {floor} (newest {newest})"
        )


if __name__ == "__main__":
    main()
