"""Benchmark `pyparity check` on synthetic monorepos (bench/monorepo.py) and print one table.

For each size: wall time (median of N runs of a fresh process), peak RSS of that process,
files per second, and the floor (`git ls-files` plus `cat` of the declaring files) with
pyparity's ratio to it. Then the cold start of `pyparity --version` and of
`pyparity check` on a tiny repository, and the issue's targets, each PASS or FAIL.

    .venv/bin/python bench/run.py --sizes 1,4,16
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import monorepo  # a sibling script, not a package

HERE = Path(__file__).parent
# An installed pyparity has compiled bytecode; a checkout run with PYTHONDONTWRITEBYTECODE
# would compile every changed module on every run and time the compiler instead.
_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
GIT_LS_FILES = "git -c core.quotepath=off ls-files -z --cached --others --exclude-standard"


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    median: float
    best: float
    cpu: float  # median user + system seconds: steadier than wall time on a busy machine
    peak_rss_mb: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    size: str
    files: int
    declaring: int
    check: Timing
    floor: Timing
    ratio: float  # median of check/floor over runs made back to back


def measure(command: Sequence[str], *, cwd: Path | None = None, runs: int = 5) -> Timing:
    """Run a fresh process `runs` times; its peak RSS comes from its own rusage (wait4)."""
    return _timing([_run_once(command, cwd) for _ in range(runs)])


def measure_pair(
    check: Sequence[str], floor: Sequence[str], *, cwd: Path, runs: int
) -> tuple[Timing, Timing, float]:
    """Both commands `runs` times, alternating, and the median of the per-run ratios
    check/floor: on a shared machine whose speed drifts, a ratio of two runs made back to back
    is steadier than a ratio of two medians measured a minute apart."""
    checks, floors = [], []
    for _ in range(runs):
        floors.append(_run_once(floor, cwd))
        checks.append(_run_once(check, None))
    ratio = statistics.median(c[0] / f[0] for c, f in zip(checks, floors, strict=True))
    return _timing(checks), _timing(floors), ratio


def _run_once(command: Sequence[str], cwd: Path | None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB) of one run."""
    started = time.perf_counter()
    pid = _spawn(command, cwd)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # KiB on Linux


def _timing(samples: Sequence[tuple[float, float, int]]) -> Timing:
    return Timing(
        median=statistics.median(wall for wall, _, _ in samples),
        best=min(wall for wall, _, _ in samples),
        cpu=statistics.median(cpu for _, cpu, _ in samples),
        peak_rss_mb=max(rss for _, _, rss in samples) / 1024,
    )


def _spawn(command: Sequence[str], cwd: Path | None) -> int:
    """fork + exec with stdout and stderr to /dev/null (subprocess would reap the child itself,
    losing its rusage)."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            if cwd is not None:
                os.chdir(cwd)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.execvpe(command[0], list(command), _ENVIRONMENT)
        finally:
            os._exit(127)
    return pid


def repository(size: float, out: Path, seed: int) -> tuple[Path, monorepo.Manifest]:
    """The generated repository of this size, made once and reused while its manifest fits."""
    root = out / (f"{size:g}x" if size >= 1 else f"tiny-{size:g}")
    manifest = monorepo.Manifest.load(root)
    if manifest is None or manifest.scale != size or manifest.seed != seed:
        manifest = monorepo.generate(root, scale=size, seed=seed)
    return root, manifest


def floor_command(root: Path) -> list[str]:
    """List the files, then read every declaring file: the least any scanner must do."""
    listing = root / ".git" / "bench-declaring"
    manifest = monorepo.Manifest.load(root)
    assert manifest is not None
    listing.write_text("\0".join(manifest.declaring), encoding="utf-8")
    script = f"{GIT_LS_FILES} >/dev/null && xargs -0 cat -- <.git/bench-declaring >/dev/null"
    return ["sh", "-c", script]


def pyparity_command(root: Path, *extra: str) -> list[str]:
    executable = Path(sys.executable).with_name("pyparity")
    launcher = [str(executable)] if executable.exists() else [sys.executable, "-m", "pyparity"]
    return [*launcher, "check", str(root), "--output", os.devnull, *extra]


def benchmark(
    sizes: Sequence[float], out: Path, seed: int, runs: int, *, extra: Sequence[str]
) -> list[Row]:
    rows = []
    for size in sizes:
        root, manifest = repository(size, out, seed)
        measure(pyparity_command(root, *extra), runs=1)  # warm the page cache
        check, floor, ratio = measure_pair(
            pyparity_command(root, *extra), floor_command(root), cwd=root, runs=runs
        )
        rows.append(
            Row(
                size=f"{size:g}x",
                files=manifest.files,
                declaring=len(manifest.declaring),
                check=check,
                floor=floor,
                ratio=ratio,
            )
        )
    return rows


def print_table(rows: Sequence[Row], extra: Sequence[str]) -> None:
    print(f"pyparity check {' '.join(extra)}: median of runs, fresh process each")
    header = (
        f"{'size':>5} {'files':>7} {'decl':>5} {'wall s':>7} {'best s':>7} {'cpu s':>7} "
        f"{'RSS MB':>7} {'files/s':>8} {'floor s':>8} {'x floor':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.size:>5} {row.files:>7} {row.declaring:>5} {row.check.median:>7.3f} "
            f"{row.check.best:>7.3f} {row.check.cpu:>7.3f} {row.check.peak_rss_mb:>7.1f} "
            f"{row.files / row.check.median:>8.0f} {row.floor.median:>8.3f} "
            f"{row.ratio:>8.1f}"
        )


def cold_start(out: Path, seed: int, runs: int) -> tuple[Timing, Timing]:
    tiny, _ = repository(0.02, out, seed)
    executable = Path(sys.executable).with_name("pyparity")
    launcher = [str(executable)] if executable.exists() else [sys.executable, "-m", "pyparity"]
    version = measure([*launcher, "--version"], runs=runs)
    check = measure(pyparity_command(tiny, "--no-code"), runs=runs)
    return version, check


def targets(rows: Sequence[Row], check_cold: Timing) -> list[tuple[str, bool, str]]:
    by_size = {row.size: row for row in rows}
    results = []
    if "4x" in by_size:
        four = by_size["4x"]
        results.append(("4x wall <= 1.0 s", four.check.median <= 1.0, f"{four.check.median:.3f} s"))
        results.append(("4x <= 5x floor", four.ratio <= 5.0, f"{four.ratio:.1f}x"))
    if "4x" in by_size and "16x" in by_size:
        ratio = by_size["16x"].check.median / by_size["4x"].check.median
        results.append(("16x <= 4.5x the 4x time", ratio <= 4.5, f"{ratio:.2f}x"))
    if "16x" in by_size:
        rss = by_size["16x"].check.peak_rss_mb
        results.append(("16x peak RSS <= 100 MB", rss <= 100, f"{rss:.1f} MB"))
    cold = check_cold.median
    results.append(("cold check (tiny) <= 0.25 s", cold <= 0.25, f"{cold:.3f} s"))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1,4,16", help="multiples of 2,500 files")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--code", action="store_true", help="include the code-floor scan")
    parser.add_argument("--format", default="text", help="report format (default: text)")
    parser.add_argument("--jobs", help="pass --jobs to pyparity check (1: one process)")
    arguments = parser.parse_args(argv)
    # Every run reads every file, as before the cache, and nothing is written into the trees
    # (a pyparity without a cache ignores the variable).
    os.environ.setdefault("PYPARITY_NO_CACHE", "1")
    _ENVIRONMENT.setdefault("PYPARITY_NO_CACHE", "1")
    extra = ["--format", arguments.format]
    extra += [] if arguments.code else ["--no-code"]
    extra += ["--jobs", arguments.jobs] if arguments.jobs else []
    sizes = [float(size) for size in arguments.sizes.split(",")]
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs")
    rows = benchmark(sizes, arguments.out, arguments.seed, arguments.runs, extra=extra)
    print_table(rows, extra)
    version, check = cold_start(arguments.out, arguments.seed, max(arguments.runs, 10))
    print()
    print(f"cold start: pyparity --version {version.median:.3f} s (median), ", end="")
    print(f"pyparity check tiny-repo --no-code {check.median:.3f} s (median)")
    interpreter = measure([sys.executable, "-c", "pass"], runs=max(arguments.runs, 10))
    print(f"interpreter start alone (python -c pass): {interpreter.median:.3f} s (median)")
    for row in rows:  # what a run costs beyond a tiny repository's, against the floor
        grown = row.check.median - check.median
        print(
            f"  {row.size}: {grown:.3f} s beyond the tiny repo's check, "
            f"{grown / row.floor.median:.1f}x the floor"
        )
    print()
    failed = False
    for name, passed, value in targets(rows, check):
        failed = failed or not passed
        print(f"  {'PASS' if passed else 'FAIL'}  {name:<28} {value}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
