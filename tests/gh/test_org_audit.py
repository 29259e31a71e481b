"""`pyparity org-audit` and `org-report` against a synthetic org on a local REST API."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from org_server import ORG, FakeOrg, FakeRepo, Served, synthetic_org

from pyparity.cli import main
from pyparity.errors import ConfigError
from pyparity.gh.org_audit import OrgOptions, Shard, run
from pyparity.gh.rest import EtagStore, Rest
from pyparity.report import dashboard

TODAY = dt.date(2026, 12, 2)
TOKEN = "ghs_orgAuditSecret0123456789abcdef"
SRC = Path(__file__).parents[2] / "src"


@pytest.fixture
def org() -> Iterator[FakeOrg]:
    with Served(FakeOrg(synthetic_org(20), page_size=7)) as fake:
        yield fake


def audit(
    fake: FakeOrg,
    tmp_path: Path,
    *,
    shard: str = "1/1",
    cache: bool = False,
    output: str = "reports",
    **changes: object,
) -> tuple[Path, str, Rest]:
    options = OrgOptions(
        org=ORG,
        repos_file=None,
        shard=Shard.parse(shard),
        output=tmp_path / output,
        cache=tmp_path / "cache" if cache else None,
        today=TODAY,
        token=TOKEN,
        api_url=fake.url,
        **changes,  # type: ignore[arg-type]
    )
    etags = EtagStore(tmp_path / "cache" / "etags" if cache else None)
    rest = Rest(api_url=fake.url, token=TOKEN, etags=etags, backoff=0.001)
    stderr = io.StringIO()
    assert run(options, stderr=stderr, rest=rest) == 0
    return tmp_path / output, stderr.getvalue(), rest


def report(folder: Path, name: str) -> dict[str, object]:
    document = json.loads((folder / f"{ORG}+{name}.json").read_text("utf-8"))
    assert isinstance(document, dict)
    return document


def rules(document: dict[str, object]) -> set[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return {f["rule"] for f in findings}


def test_every_repository_is_audited_from_its_declaring_files_only(
    org: FakeOrg, tmp_path: Path
) -> None:
    folder, stderr, _ = audit(org, tmp_path)
    by_name = {repo.name: repo for repo in org.repos}
    drifted = report(folder, "svc-001")
    assert drifted["status"] == "ok"
    assert drifted["commit"] == by_name["svc-001"].commit()
    assert drifted["tree"] == by_name["svc-001"].tree()
    assert drifted["schema"] == 1
    assert "outside-range" in rules(drifted)
    assert "end-of-life" in rules(report(folder, "svc-002"))
    assert "floating-version" in rules(report(folder, "svc-003"))
    # Only declaring files are fetched: app.py, README.md and docs/ never are.
    blobs = org.paths(r"/git/blobs/")
    assert len(blobs) == len(set(blobs))
    fetched = {path for repo in org.repos for path in repo.files if _fetched(org, repo, path)}
    assert not {p for p in fetched if p.endswith((".py", ".md"))}
    assert "done: 18 repositories, 1 failed" in stderr


def _fetched(org: FakeOrg, repo: FakeRepo, path: str) -> bool:
    from org_server import blob_sha

    wanted = f"/repos/{repo.full_name}/git/blobs/{blob_sha(repo.files[path])}"
    return any(p.endswith(wanted) for p in org.paths(r"/git/blobs/"))


def test_requests_per_repository_are_two_plus_the_files_read(org: FakeOrg, tmp_path: Path) -> None:
    audit(org, tmp_path)
    counts = org.by_repository()
    for repo in org.repos:
        if repo.kind in KINDS_READ:
            # the branch, the tree, one blob per declaring file (and per file one names)
            assert counts[repo.name] == 2 + len(repo.declaring()), repo.name
    assert counts["flaky"] == 1 + 2 + len(org.by_name[f"{ORG}/flaky"].declaring())
    assert counts["old"] == counts["forked"] == 0
    assert counts["empty"] == 1  # listed with size 0, which lags: its branch is asked about


KINDS_READ = ("consistent", "drifted", "end-of-life", "floating")


def test_files_named_by_a_workflow_are_read_though_no_reader_knows_their_names(
    org: FakeOrg, tmp_path: Path
) -> None:
    folder, _, _ = audit(org, tmp_path)
    linked = report(folder, "svc-004")
    declarations = linked["declarations"]
    assert isinstance(declarations, list)
    assert any(d["raw"].startswith("config/pyver") for d in declarations)
    assert [d["raw"] for d in declarations if d["file"] == ".github/workflows/conda.yml"] == [
        "ci/envs/py311.yaml (python=3.11)"
    ]
    assert org.by_repository()["svc-004"] == 2 + len(org.repos[4].declaring())


def test_a_symbolic_link_is_followed_inside_the_tree_and_never_outside(
    org: FakeOrg, tmp_path: Path
) -> None:
    folder, _, _ = audit(org, tmp_path)
    linked = report(folder, "svc-005")
    declarations = linked["declarations"]
    assert isinstance(declarations, list)
    assert any(d["file"] == ".python-version" and d["raw"] == "3.12" for d in declarations)
    findings = linked["findings"]
    assert isinstance(findings, list)
    assert any(
        f["file"] == "runtime.txt" and "outside the scanned tree" in f["message"] for f in findings
    )


def test_unsafe_tree_paths_are_refused_and_nothing_is_written_outside(
    org: FakeOrg, tmp_path: Path
) -> None:
    folder, _, _ = audit(org, tmp_path)
    hostile = report(folder, "hostile")
    assert hostile["status"] == "ok"
    assert hostile["refused_paths"] == [
        "../escape/Dockerfile",
        ".git/Dockerfile",
        "a/../../Dockerfile",
    ]
    assert "2.7" not in json.dumps(hostile["declarations"])
    assert not (tmp_path.parent / "escape").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_a_truncated_tree_is_walked_folder_by_folder(org: FakeOrg, tmp_path: Path) -> None:
    folder, _, _ = audit(org, tmp_path)
    monorepo = report(folder, "monorepo")
    declarations = monorepo["declarations"]
    assert isinstance(declarations, list)
    assert {"services/api/Dockerfile", "Dockerfile"} <= {d["file"] for d in declarations}
    trees = org.paths(r"/repos/acme/monorepo/git/trees/")
    assert len(trees) > 2  # the truncated root, its folder listing, then each subfolder


def test_failures_are_reported_per_repository_and_retried_server_errors_recover(
    org: FakeOrg, tmp_path: Path
) -> None:
    folder, _, rest = audit(org, tmp_path)
    gone = report(folder, "gone")
    assert gone["status"] == "failed"
    assert "404" in str(gone["reason"])
    assert report(folder, "flaky")["status"] == "ok"
    assert rest.budget.retries == 1


def test_unchanged_trees_cost_one_conditional_request_with_the_cache(
    org: FakeOrg, tmp_path: Path
) -> None:
    first, _, _ = audit(org, tmp_path, cache=True, output="week1")
    before = len(org.requests)
    second, _stderr, rest = audit(org, tmp_path, cache=True, output="week2")
    again = org.requests[before:]
    assert not [path for path, _ in again if "/git/" in path]  # no tree, no blob
    branches = [(path, cached) for path, cached in again if "/branches/" in path]
    assert all(cached for path, cached in branches if not re.search("/(gone|empty)/", path))
    assert rest.budget.not_modified >= 15
    for name in ("svc-001", "svc-002", "monorepo"):
        old, new = report(first, name), report(second, name)
        assert old["findings"] == new["findings"]
        assert old["declarations"] == new["declarations"]


def test_a_changed_branch_is_read_again_but_unchanged_blobs_are_not(
    org: FakeOrg, tmp_path: Path
) -> None:
    audit(org, tmp_path, cache=True, output="week1")
    changed = org.by_name[f"{ORG}/svc-000"]
    changed.files[".python-version"] = b"3.11\n"
    before = len(org.requests)
    folder, _, _ = audit(org, tmp_path, cache=True, output="week2")
    blobs = [path for path, _ in org.requests[before:] if "/git/blobs/" in path]
    assert len(blobs) == 1
    assert report(folder, "svc-000")["tree"] == changed.tree()


def test_a_secondary_rate_limit_mid_run_is_waited_out_without_losing_a_repository(
    org: FakeOrg, tmp_path: Path
) -> None:
    org.fail(
        r"/git/blobs/",
        403,
        times=3,
        headers={"Retry-After": "0.01"},
        message="You have exceeded a secondary rate limit",
    )
    folder, _, rest = audit(org, tmp_path)
    assert rest.budget.waits == 3
    statuses = {p.name: json.loads(p.read_text())["status"] for p in folder.glob("acme+*.json")}
    assert [name for name, status in statuses.items() if status == "failed"] == ["acme+gone.json"]


def test_a_spent_primary_rate_limit_waits_for_its_reset(org: FakeOrg, tmp_path: Path) -> None:
    org.fail(
        r"/branches/",
        403,
        times=1,
        headers={"X-RateLimit-Remaining": "0"},
        message="API rate limit exceeded",
    )
    org.reset = 0  # already passed: the wait is immediate, the request is made again
    folder, _, rest = audit(org, tmp_path)
    assert rest.budget.waits == 1
    assert len(list(folder.glob("acme+*.json"))) == 18


def test_a_rerun_resumes_with_the_repositories_that_failed(org: FakeOrg, tmp_path: Path) -> None:
    org.fail(r"/repos/acme/svc-00[0-2]/git/trees/", 500, times=100)
    folder, _, _ = audit(org, tmp_path)
    assert report(folder, "svc-001")["status"] == "failed"
    org.scripted.clear()
    before = len(org.requests)
    _, stderr, _ = audit(org, tmp_path)
    again = {name for name, count in FakeOrg.by_repository_of(org.requests[before:]).items()}
    assert again == {"svc-000", "svc-001", "svc-002", "gone"}
    assert report(folder, "svc-001")["status"] == "ok"
    assert "done in an earlier run" in stderr


def test_the_token_is_never_printed(org: FakeOrg, tmp_path: Path) -> None:
    org.fail(r"/repos/acme/svc-003/branches/", 401, times=100, message=f"Bad credentials {TOKEN}")
    folder, stderr, _ = audit(org, tmp_path)
    assert org.authorizations == {f"Bearer {TOKEN}"}
    assert TOKEN not in stderr
    for path in folder.iterdir():
        assert TOKEN not in path.read_text("utf-8")
    assert "***" in str(report(folder, "svc-003")["reason"])


def test_shards_split_the_org_and_merge_into_the_same_dashboard(
    org: FakeOrg, tmp_path: Path
) -> None:
    whole, _, _ = audit(org, tmp_path, output="whole")
    parts = [audit(org, tmp_path, shard=f"{i}/3", output=f"part{i}")[0] for i in (1, 2, 3)]
    names = [{p.name for p in part.glob("acme+*.json")} for part in parts]
    assert sum(len(n) for n in names) == 18
    assert not names[0] & names[1]
    assert not names[1] & names[2]
    one = dashboard.collect([whole])
    three = dashboard.collect(parts)
    assert dashboard.render(one, "csv") == dashboard.render(three, "csv")
    assert (
        one.skipped
        == three.skipped
        == {
            "archived": ("acme/old",),
            "empty": ("acme/empty",),
            "fork": ("acme/forked",),
        }
    )


def test_shard_membership_depends_on_the_name_only() -> None:
    names = [f"acme/repo-{i}" for i in range(400)]
    shards = [Shard.parse(f"{i}/4") for i in range(1, 5)]
    owners = [[s for s in shards if s.holds(name)] for name in names]
    assert all(len(o) == 1 for o in owners)
    assert min(sum(1 for o in owners if o[0] is s) for s in shards) > 60
    assert Shard.parse("2/4").holds("Acme/Repo-1") == Shard.parse("2/4").holds("acme/repo-1")
    for bad in ("0/4", "5/4", "x", "1/0", "1"):
        with pytest.raises(ValueError, match="shard"):
            Shard.parse(bad)


def test_the_dashboard_summarises_by_minor_and_lists_failures(org: FakeOrg, tmp_path: Path) -> None:
    folder, _, _ = audit(org, tmp_path)
    out = tmp_path / "dashboard.md"
    assert main(["org-report", str(folder), "--output", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "repositories ship 3.9, past end of life since 2025-10-31" in text
    assert "| acme/gone | GET /repos/acme/gone/branches/main: HTTP 404: Not Found |" in text
    assert "skipped 1 archived, 1 empty, 1 fork" in text
    svc = org.by_name[f"{ORG}/svc-001"]
    assert f"https://github.example/acme/svc-001/blob/{svc.commit()}/Dockerfile#L1" in text


def test_the_csv_dashboard_never_starts_a_cell_with_a_formula(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "acme+x.json").write_text(
        json.dumps({"repository": "acme/x", "status": "failed", "reason": "=HYPERLINK(1)"})
    )
    merged = dashboard.collect([folder])
    assert "'=HYPERLINK(1)" in dashboard.render(merged, "csv")


def test_the_cli_reads_the_token_and_api_from_the_environment(
    org: FakeOrg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", org.url)
    repos = tmp_path / "repos.txt"
    repos.write_text("acme/svc-000\n# a comment\nacme/svc-002\n")
    code = main(
        [
            "org-audit",
            "--repos-file",
            str(repos),
            "--output",
            str(tmp_path / "o"),
            "--today",
            "2026-12-02",
        ]
    )
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "o").glob("acme+*")) == [
        "acme+svc-000.json",
        "acme+svc-002.json",
    ]
    assert org.authorizations == {f"Bearer {TOKEN}"}


def test_four_processes_give_the_dashboard_of_one(tmp_path: Path) -> None:
    with Served(FakeOrg(synthetic_org(300), page_size=100)) as fake:
        env = {
            **os.environ,
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_API_URL": fake.url,
            "PYTHONPATH": str(SRC),
        }
        command = [
            sys.executable,
            "-m",
            "pyparity",
            "org-audit",
            "--org",
            ORG,
            "--today",
            "2026-12-02",
        ]
        whole = subprocess.run(
            [*command, "--output", str(tmp_path / "one")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "done: 298 repositories" in whole.stderr
        counts = fake.by_repository()
        for repo in fake.repos:
            if repo.kind in KINDS_READ:
                assert counts[repo.name] == 2 + len(repo.declaring()), repo.name
        fake.requests.clear()
        shards = [
            subprocess.Popen(
                [*command, "--shard", f"{i}/4", "--output", str(tmp_path / f"s{i}")],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(1, 5)
        ]
        for process in shards:
            assert process.wait(timeout=300) == 0
            assert process.stderr is not None
            assert TOKEN not in process.stderr.read()
            process.stderr.close()
    one = dashboard.collect([tmp_path / "one"])
    four = dashboard.collect([tmp_path / f"s{i}" for i in range(1, 5)])
    assert dashboard.render(one, "csv") == dashboard.render(four, "csv")
    assert len(one.rows) == 297
    eol = sum(1 for i in range(293) if i % 6 == 2)
    text = dashboard.render(four, "markdown")
    assert f"- {eol} repositories ship 3.9, past end of life since 2025-10-31" in text
    assert "Audited 2026-12-02: 296 repositories, " in text
    assert "| acme/gone | GET /repos/acme/gone/branches/main: HTTP 404: Not Found |" in text


def checkout(repo: FakeRepo, folder: Path) -> Path:
    """The repository's files as a clone would write them, symbolic links included."""
    for path, data in repo.files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    for path, target in repo.links.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).symlink_to(target)
    return folder


def local_audit(folder: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> Any:
    capsys.readouterr()
    main(["audit", str(folder), "--format", "json", "--today", "2026-12-02", *flags])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "name", ["svc-000", "svc-001", "svc-002", "svc-003", "svc-004", "svc-005", "monorepo"]
)
def test_a_report_is_the_one_pyparity_audit_gives_on_a_checkout(
    org: FakeOrg, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    folder, _, _ = audit(org, tmp_path)
    local = local_audit(checkout(org.by_name[f"{ORG}/{name}"], tmp_path / "c"), capsys, "--no-code")
    remote = report(folder, name)
    assert remote["declarations"] == local["declarations"]
    assert remote["findings"] == local["findings"]
    assert remote["left_out"] == local["left_out"]


NEEDS_310 = b"def f(x):\n    match x:\n        case 1:\n            return x\n"


def test_code_reads_the_tarball_without_sending_the_token_to_codeload(
    org: FakeOrg, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eol = org.by_name[f"{ORG}/svc-002"]  # requires-python >=3.9
    eol.files["src/shop/rules.py"] = NEEDS_310
    folder, _, _ = audit(org, tmp_path, code=True)
    remote = report(folder, "svc-002")
    assert "code-floor" in rules(remote)
    assert org.by_repository()["svc-002"] == 2  # the branch and the tarball
    codeload = [auth for path, auth in org.authorized if path.startswith("/codeload/")]
    assert len(codeload) == 16  # not the empty one, nor the one that is gone
    assert set(codeload) == {""}
    for name in ("svc-002", "svc-005"):
        repo = org.by_name[f"{ORG}/{name}"]
        local = local_audit(checkout(repo, tmp_path / name), capsys)
        assert report(folder, name)["findings"] == local["findings"]
        assert report(folder, name)["declarations"] == local["declarations"]
    hostile = report(folder, "hostile")
    assert hostile["refused_paths"] == [
        "../escape/Dockerfile",
        ".git/Dockerfile",
        "a/../../Dockerfile",
    ]


def test_the_tracking_issue_is_created_left_alone_then_closed_when_clean(
    org: FakeOrg,
    fake_github: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _, _ = audit(org, tmp_path)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", fake_github.url)
    command = ["org-report", str(folder), "--issue-repo", "octo-org/inventory"]
    assert main(command) == 0
    assert main(command) == 0
    (issue,) = fake_github.issues.values()
    assert issue["state"] == "open"
    assert "ship 3.9, past end of life since 2025-10-31" in issue["body"]
    assert "unchanged #" in capsys.readouterr().err
    for path in folder.glob("acme+*.json"):
        if path.name != "acme+svc-000.json":
            path.unlink()
    assert main(command) == 0
    assert issue["state"] == "closed"
    assert len(fake_github.issues) == 1


ROOT = Path(__file__).parents[2]


def test_the_reusable_workflow_and_the_readme_caller_agree() -> None:
    import re

    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/org-audit.yml").read_text("utf-8"))
    call = workflow[True]["workflow_call"]  # YAML 1.1 reads the key `on` as True
    assert call["inputs"]["org"]["required"] is True
    assert call["inputs"]["shards"]["default"] == 8
    assert set(call["secrets"]) == {"token", "app-private-key"}
    assert set(workflow["jobs"]) == {"plan", "audit", "report"}
    steps = "\n".join(str(step.get("run", "")) for step in workflow["jobs"]["audit"]["steps"])
    assert '--shard "$SHARD"' in steps
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Auditing an organisation") :]
    caller_text = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert caller_text is not None
    example = (ROOT / "docs/examples/org-audit-caller.yml").read_text("utf-8")
    for caller in (yaml.safe_load(caller_text[1]), yaml.safe_load(example)):
        job = caller["jobs"]["audit"]
        assert job["uses"] == "pyparity/pyparity/.github/workflows/org-audit.yml@v1"
        assert set(job["with"]) <= set(call["inputs"])
        assert set(job["secrets"]) <= set(call["secrets"])


def test_a_repository_listed_with_size_zero_is_audited_when_it_has_a_branch(
    org: FakeOrg, tmp_path: Path
) -> None:
    org.by_name[f"{ORG}/svc-001"].listed_size = 0  # created in the last hour
    folder, _, _ = audit(org, tmp_path)
    assert report(folder, "svc-001")["status"] == "ok"
    assert report(folder, "empty")["status"] == "empty"
    assert report(folder, "empty")["skipped"] is True
    merged = dashboard.collect([folder])
    assert merged.skipped["empty"] == ("acme/empty",)
    assert "acme/empty" not in {row.repository for row in merged.rows}


def test_the_cache_forgets_what_no_repository_uses_any_more(org: FakeOrg, tmp_path: Path) -> None:
    from org_server import blob_sha

    changed = org.by_name[f"{ORG}/svc-000"]
    old = blob_sha(changed.files[".python-version"])
    old_tree = changed.tree()
    audit(org, tmp_path, cache=True, output="week1")
    blobs = tmp_path / "cache" / "blobs"
    assert (blobs / old[:2] / old).is_file()
    changed.files[".python-version"] = b"3.11\n"
    audit(org, tmp_path, cache=True, output="week2")
    assert not (blobs / old[:2] / old).exists()
    assert not (tmp_path / "cache" / "trees" / f"{old_tree}.json").exists()
    assert (tmp_path / "cache" / "trees" / f"{changed.tree()}.json").is_file()


def test_an_org_that_cannot_be_listed_is_a_usage_error(
    org: FakeOrg,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", org.url)
    code = main(["org-audit", "--org", "nobody", "--output", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot list the repositories to audit: GET /orgs/nobody/repos" in err
    assert "404" in err
    assert TOKEN not in err


def test_a_blob_that_does_not_match_its_sha_fails_the_repository(
    org: FakeOrg, tmp_path: Path
) -> None:
    from org_server import blob_sha

    repo = org.by_name[f"{ORG}/svc-000"]
    org.tampered[blob_sha(repo.files["Dockerfile"])] = b"FROM python:2.7\n"
    folder, _, _ = audit(org, tmp_path)
    failed = report(folder, "svc-000")
    assert failed["status"] == "failed"
    assert "does not match its SHA" in str(failed["reason"])


def test_a_declaring_file_over_the_size_cap_is_not_downloaded(
    org: FakeOrg, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from org_server import blob_sha

    repo = org.by_name[f"{ORG}/svc-000"]
    big = b"FROM python:3.12-slim\n" + b"# padding\n" * 110_000
    repo.files["docker/Dockerfile"] = big
    folder, _, _ = audit(org, tmp_path)
    assert not org.paths(blob_sha(big))
    remote = report(folder, "svc-000")
    local = local_audit(checkout(repo, tmp_path / "c"), capsys, "--no-code")
    assert remote["findings"] == local["findings"]
    assert any("larger than" in f["message"] for f in remote["findings"])  # type: ignore[union-attr]


def test_a_next_page_on_another_host_is_not_followed(org: FakeOrg, tmp_path: Path) -> None:
    org.link_host = "attacker.invalid:1"
    with pytest.raises(ConfigError, match="outside the API's host"):
        audit(org, tmp_path)
    assert len(org.paths(r"/orgs/acme/repos")) == 1


def test_the_dashboard_links_only_plain_addresses(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    finding = {"rule": "pin-mismatch", "severity": "error", "file": "a b/Dockerfile", "line": 3}
    for name, url in (("good", "https://github.com/acme/good"), ("bad", "javascript:alert(1)//)")):
        (folder / f"acme+{name}.json").write_text(
            json.dumps(
                {
                    "repository": f"acme/{name}",
                    "status": "ok",
                    "html_url": url,
                    "commit": "a" * 40,
                    "overview": {"errors": 1},
                    "findings": [finding],
                }
            )
        )
    text = dashboard.render(dashboard.collect([folder]), "markdown")
    assert f"(https://github.com/acme/good/blob/{'a' * 40}/a%20b/Dockerfile#L3)" in text
    assert "javascript" not in text


def test_at_most_jobs_requests_are_in_flight(org: FakeOrg, tmp_path: Path) -> None:
    org.delay = 0.02
    audit(org, tmp_path, jobs=3)
    assert 1 < org.most_in_flight <= 3
