"""The real-repository sweep: pyparity on public repositories, and the triage of what it says.

    python bench/sweep/sweep.py run [--mirror DIR] [--trees DIR] [--results DIR] [--only NAME…]
    python bench/sweep/sweep.py summary [--results DIR] [--triage FILE]
    python bench/sweep/sweep.py untriaged [--results DIR]

`run` materialises every repository of `repos.txt` (one `owner/name commit category` a line) at
its commit from a bare git snapshot in the mirror (`owner+name/repo`, as the search tool's
fetch leaves it) into a git checkout under `--trees`, runs `pyparity check --format json` on
it, and keeps the report, exit code, stderr and time under `--results`. `summary` joins the
results with `triage.txt` and prints findings by rule and verdict and the precision;
`untriaged` prints the errors and warnings that have no verdict yet, ready to edit into the
triage file.

Snapshots lack files of 4 MiB and more; where `git archive` fails for that reason, the tree is
written blob by blob and the missing files stay missing (the index still lists them, as a
checkout with a failed smudge would). Nothing of the repositories is committed here: only
the list, this script and the triage.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOS = HERE / "repos.txt"
TRIAGE = HERE / "triage.txt"
TODAY = "2026-12-02"  # fixed, so that runs months apart read floating tags alike
VERDICTS = ("TRUE", "FALSE", "ARGUABLE")
TRIAGED_LEVELS = ("error", "warning")


@dataclasses.dataclass(frozen=True)
class Repo:
    name: str
    commit: str
    category: str

    @property
    def slug(self) -> str:
        return self.name.replace("/", "+")


@dataclasses.dataclass(frozen=True)
class Verdict:
    verdict: str
    repo: str
    rule: str
    where: str
    note: str


def read_repos(path: Path = REPOS) -> list[Repo]:
    repos = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.partition("#")[0].split()
        if text:
            name, commit, category = [*text, "", ""][:3]
            repos.append(Repo(name, commit, category))
    return repos


def read_triage(path: Path = TRIAGE) -> dict[tuple[str, str, str], Verdict]:
    """`VERDICT repo rule file:line note…`, one finding a line; `#` starts a comment line."""
    verdicts: dict[tuple[str, str, str], Verdict] = {}
    if not path.exists():
        return verdicts
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split(None, 4)
        if len(parts) < 4 or parts[0] not in (*VERDICTS, "MISS", "COVERED"):
            raise SystemExit(f"{path}:{number}: expected 'VERDICT repo rule file:line note'")
        if parts[0] in ("MISS", "COVERED"):
            continue
        note = parts[4] if len(parts) > 4 else ""
        verdict = Verdict(parts[0], parts[1], parts[2], parts[3], note)
        verdicts[(verdict.repo, verdict.rule, verdict.where)] = verdict
    return verdicts


def read_covered(path: Path = TRIAGE) -> dict[tuple[str, str, str], tuple[str, str]]:
    """`COVERED repo rule file:line rule file:line`: a TRUE finding whose disagreement another
    finding now reports (one disagreement, one finding; or the same one from the minority
    side). Covered findings are not counted as lost while the covering one is reported."""
    covered: dict[tuple[str, str, str], tuple[str, str]] = {}
    if not path.exists():
        return covered
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 6 and parts[0] == "COVERED":
            covered[(parts[1], parts[2], parts[3])] = (parts[4], parts[5])
    return covered


def git(
    git_dir: Path, *args: str, check: bool = False, capture: bool = False
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], check=check, capture_output=capture
    )


def snapshot_dir(mirror: Path, repo: Repo) -> Path:
    base = mirror / repo.slug / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def materialise(mirror: Path, trees: Path, repo: Repo) -> Path:
    """A checkout of the commit whose objects stay in the snapshot (git alternates)."""
    source = snapshot_dir(mirror, repo)
    if not source.is_dir():
        raise SystemExit(f"{repo.name}: no snapshot at {source}: fetch github:{repo.name} first")
    out = trees / repo.slug
    stamp = out / ".git" / "sweep-commit"
    if stamp.exists() and stamp.read_text().strip() == repo.commit:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(out)], check=True)
    git_dir = out / ".git"
    (git_dir / "objects" / "info" / "alternates").write_text(f"{source / 'objects'}\n")
    git(git_dir, "read-tree", repo.commit, check=True)
    archive = subprocess.Popen(
        ["git", f"--git-dir={source}", "archive", repo.commit],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    untar = subprocess.run(["tar", "-x", "-C", str(out)], stdin=archive.stdout, check=False)
    if archive.wait() != 0 or untar.returncode != 0:
        _blob_by_blob(source, out, repo.commit)
    restore_export_ignored(out)
    subprocess.run(
        ["git", "-C", str(out), "update-index", "-q", "--refresh"],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    stamp.write_text(repo.commit + "\n")
    return out


def restore_export_ignored(out: Path) -> int:
    """`git archive` leaves out what `.gitattributes` marks `export-ignore` (tqdm and ansible
    mark `.github/` so): check those files out from the index. A file the snapshot lacks (4 MiB
    and over) or a submodule stays absent. Returns how many were restored."""
    listed = subprocess.run(
        ["git", "-C", str(out), "ls-files", "--deleted", "-z"], capture_output=True, check=False
    )
    restored = 0
    for name in sorted({os.fsdecode(n) for n in listed.stdout.split(b"\0") if n}):
        done = subprocess.run(
            ["git", "-C", str(out), "checkout-index", "-f", "--", name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        restored += done.returncode == 0
    return restored


def _blob_by_blob(source: Path, out: Path, commit: str) -> None:
    listing = git(source, "ls-tree", "-r", "-z", commit, capture=True, check=True)
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind != b"blob":
            continue
        path = out / os.fsdecode(name)
        blob = git(source, "cat-file", "blob", sha.decode(), capture=True)
        if blob.returncode != 0:
            continue  # a file of 4 MiB or more that the snapshot lacks
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":
            path.unlink(missing_ok=True)
            path.symlink_to(os.fsdecode(blob.stdout))
        else:
            path.write_bytes(blob.stdout)
            if mode == b"100755":
                path.chmod(0o755)


def run_one(
    repo: Repo, tree: Path, results: Path, pyparity: list[str], timeout: int, extra: list[str]
) -> dict:
    report = results / f"{repo.slug}.json"
    started = time.monotonic()
    try:
        done = subprocess.run(
            [
                *pyparity,
                "check",
                str(tree),
                "--format",
                "json",
                "--output",
                str(report),
                "--today",
                TODAY,
                *extra,
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        code, stderr = done.returncode, done.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, stderr = -1, f"timed out after {timeout} s"
    meta = {
        "repo": repo.name,
        "commit": repo.commit,
        "category": repo.category,
        "exit": code,
        "stderr": stderr[-4000:],
        "seconds": round(time.monotonic() - started, 2),
    }
    (results / f"{repo.slug}.meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def command_run(args: argparse.Namespace) -> int:
    repos = [r for r in read_repos() if not args.only or r.name in args.only]
    args.results.mkdir(parents=True, exist_ok=True)
    pyparity = [sys.executable, "-m", "pyparity"]
    extra = ["--no-code"] if args.no_code else []

    def one(repo: Repo) -> dict:
        tree = materialise(args.mirror, args.trees, repo)
        meta = run_one(repo, tree, args.results, pyparity, args.timeout, extra)
        print(f"{meta['exit']:>3} {meta['seconds']:>7.1f}s {repo.name}", flush=True)
        return meta

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        metas = list(pool.map(one, repos))
    bad = [m for m in metas if m["exit"] not in (0, 1) or m["stderr"].strip()]
    for meta in bad:
        print(f"!! {meta['repo']}: exit {meta['exit']}: {meta['stderr'].strip()[:300]}")
    return 1 if bad else 0


@dataclasses.dataclass(frozen=True)
class Seen:
    repo: str
    rule: str
    severity: str
    file: str
    line: int
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.repo, self.rule, f"{self.file}:{self.line}")


def findings(results: Path, repos: Iterable[Repo]) -> Iterator[Seen]:
    for repo in repos:
        report = results / f"{repo.slug}.json"
        if not report.exists():
            continue
        data = json.loads(report.read_text(encoding="utf-8"))
        for f in data["findings"]:
            yield Seen(repo.name, f["rule"], f["severity"], f["file"], f["line"], f["message"])


def command_summary(args: argparse.Namespace) -> int:
    repos = read_repos()
    verdicts = read_triage(args.triage)
    metas = [
        json.loads(p.read_text())
        for r in repos
        if (p := args.results / f"{r.slug}.meta.json").exists()
    ]
    seen = list(findings(args.results, repos))
    table: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    by_level: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    notices = collections.Counter(s.rule for s in seen if s.severity == "notice")
    for s in seen:
        if s.severity not in TRIAGED_LEVELS:
            continue
        verdict = verdicts.get(s.key)
        label = verdict.verdict if verdict else "untriaged"
        table[(s.severity, s.rule)][label] += 1
        by_level[s.severity][label] += 1
    failing = sum(1 for m in metas if m["exit"] == 1)
    crashed = [m["repo"] for m in metas if m["exit"] not in (0, 1)]
    noisy = [m["repo"] for m in metas if m["stderr"].strip()]
    print(
        f"repositories: {len(metas)} run of {len(repos)} listed; exit 1: {failing}; "
        f"other exits: {len(crashed)} {crashed or ''}; stderr: {len(noisy)} {noisy or ''}"
    )
    print(f"{'severity':8} {'rule':22} {'all':>5} {'TRUE':>5} {'FALSE':>5} {'ARGU':>5} {'new':>5}")
    for (severity, rule), counts in sorted(table.items()):
        print(
            f"{severity:8} {rule:22} {sum(counts.values()):>5} {counts['TRUE']:>5} "
            f"{counts['FALSE']:>5} {counts['ARGUABLE']:>5} {counts['untriaged']:>5}"
        )
    for severity in TRIAGED_LEVELS:
        c = by_level[severity]
        true, false, arguable = c["TRUE"], c["FALSE"], c["ARGUABLE"]
        judged = true + false
        strict = true + false + arguable
        print(
            f"{severity}s: {sum(c.values())} (TRUE {true}, FALSE {false}, ARGUABLE {arguable}, "
            f"untriaged {c['untriaged']}); precision {_ratio(true, judged)}, "
            f"strict (ARGUABLE as false) {_ratio(true, strict)}"
        )
    print("notices by rule: " + ", ".join(f"{r} {n}" for r, n in sorted(notices.items())))
    present = {s.key for s in seen}
    covered = read_covered(args.triage)
    absent = [v for k, v in verdicts.items() if v.verdict == "TRUE" and k not in present]
    moved = [
        v for v in absent if (v.repo, *covered.get((v.repo, v.rule, v.where), ("", ""))) in present
    ]
    lost = [v for v in absent if v not in moved]
    print(
        f"TRUE findings of the triage not reported in these results: {len(absent)}, of which "
        f"{len(moved)} are reported by another finding (COVERED) and {len(lost)} are lost"
    )
    for v in moved:
        rule, where = covered[(v.repo, v.rule, v.where)]
        print(f"  covered: {v.repo} {v.rule} {v.where} -> {rule} {where}")
    for v in lost:
        print(f"  LOST: {v.repo} {v.rule} {v.where}: {v.note}")
    return 0


def _ratio(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


def command_untriaged(args: argparse.Namespace) -> int:
    verdicts = read_triage(args.triage)
    for s in findings(args.results, read_repos()):
        if s.severity in TRIAGED_LEVELS and s.key not in verdicts:
            print(f"?\t{s.repo}\t{s.rule}\t{s.file}:{s.line}\t[{s.severity}] {s.message}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    run.add_argument("--trees", type=Path, default=Path("/tmp/sweep/trees"))
    run.add_argument("--results", type=Path, default=Path("/tmp/sweep/results"))
    run.add_argument("--only", nargs="*", default=[])
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--timeout", type=int, default=900)
    run.add_argument("--no-code", action="store_true")
    for name in ("summary", "untriaged"):
        p = sub.add_parser(name)
        p.add_argument("--results", type=Path, default=Path("/tmp/sweep/results"))
        p.add_argument("--triage", type=Path, default=TRIAGE)
    args = parser.parse_args(argv)
    # Every run reads every file, as before the cache, and nothing is written into the trees
    # (a pyparity without a cache ignores the variable).
    os.environ.setdefault("PYPARITY_NO_CACHE", "1")
    commands = {"run": command_run, "summary": command_summary, "untriaged": command_untriaged}
    return commands[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
