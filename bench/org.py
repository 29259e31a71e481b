"""Benchmark `pyparity org-audit` on a synthetic org of 300 repositories served on 127.0.0.1.

The org is the tests' (`tests/org_server.py`: consistent, drifted, end of life, floating,
linked and symlinked repositories, plus an empty, an archived, a fork, a truncated tree, a
flaky and a missing one). For 1, 2 and 4 shards it runs that many `pyparity org-audit`
processes at once, each with its shard, then once more with the cache of the first run
(the second week), and prints wall time, repositories per second, requests per repository
(and how many were answered 304 from an ETag) and the largest peak RSS of a shard process.

    .venv/bin/python bench/org.py [--repos 300] [--shards 1,2,4]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from org_server import ORG, FakeOrg, Served, synthetic_org  # noqa: E402  (the tests' server)

TOKEN = "ghs_benchmarkToken"


def run_shards(fake: FakeOrg, shards: int, output: Path, cache: Path) -> tuple[float, float]:
    """Run `shards` processes at once; wall seconds and the largest peak RSS (MB)."""
    env = {
        **os.environ,
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_API_URL": fake.url,
        "PYTHONPATH": str(HERE.parent / "src"),
    }
    command = [sys.executable, "-m", "pyparity", "org-audit", "--org", ORG]
    command += ["--today", "2026-12-02", "--cache", str(cache)]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [*command, "--shard", f"{i}/{shards}", "--output", str(output / f"s{i}")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(1, shards + 1)
    ]
    peak = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"a shard exited with {process.returncode}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - started, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=300)
    parser.add_argument("--shards", default="1,2,4")
    arguments = parser.parse_args()
    print(f"org of {arguments.repos} repositories on 127.0.0.1; {os.cpu_count()} cores")
    print(
        f"{'shards':>6} {'run':<7} {'seconds':>8} {'repos/s':>8} {'req/repo':>9} "
        f"{'304s':>5} {'peak RSS MB':>12}"
    )
    for shards in (int(n) for n in arguments.shards.split(",")):
        with (
            tempfile.TemporaryDirectory() as folder,
            Served(FakeOrg(synthetic_org(arguments.repos))) as fake,
        ):
            audited = sum(1 for r in fake.repos if not (r.archived or r.fork or r.empty))
            cache = Path(folder) / "cache"
            for run in ("first", "second"):
                before = len(fake.requests)
                seconds, peak = run_shards(fake, shards, Path(folder) / run, cache)
                made = fake.requests[before:]
                by_repo = fake.by_repository_of(made)
                per_repo = sum(by_repo.values()) / max(1, audited)
                not_modified = sum(1 for _, cached in made if cached)
                print(
                    f"{shards:>6} {run:<7} {seconds:>8.2f} {audited / seconds:>8.1f} "
                    f"{per_repo:>9.2f} {not_modified:>5} {peak:>12.1f}"
                )
    served = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(the server's process: peak RSS {served:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
