"""The benchmark's monorepo generator makes a repository pyparity scans as planted (not timed)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pyparity.cli import main
from pyparity.sources import source_for

GENERATOR = Path(__file__).parent.parent / "bench" / "monorepo.py"


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_monorepo", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


monorepo = _load_generator()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench") / "repo"
    return root, monorepo.generate(root, scale=0.3, seed=7)


@pytest.fixture(scope="module")
def report(tiny, tmp_path_factory):
    root, _ = tiny
    output = tmp_path_factory.mktemp("report") / "report.json"
    code = main(["check", str(root), "--no-code", "--format", "json", "--output", str(output)])
    assert code == 1, "the planted drift fails the check"
    return json.loads(output.read_text(encoding="utf-8"))


def test_repository_is_committed_with_every_file_listed(tiny):
    root, manifest = tiny
    listed = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(listed) == manifest.files == round(monorepo.BASE_FILES * 0.3)
    assert set(manifest.declaring) <= set(listed)


def test_same_seed_writes_the_same_repository(tiny, tmp_path):
    _, manifest = tiny
    again = monorepo.generate(tmp_path / "again", scale=0.3, seed=7)
    assert again == manifest


def test_manifest_is_saved_where_git_does_not_list_it(tiny):
    root, manifest = tiny
    assert monorepo.Manifest.load(root) == manifest


def test_every_declaring_file_that_a_source_reads_yields_declarations(tiny, report):
    _, manifest = tiny
    declared = {declaration["file"] for declaration in report["declarations"]}
    readable = {path for path in manifest.declaring if source_for(path) is not None}
    assert readable, "the registry reads some of the planted files"
    assert readable <= declared
    assert not [f for f in report["findings"] if f["rule"] == "parse-error"]


def test_each_kind_of_drift_is_planted_and_reported_in_its_scope(tiny, report):
    _, manifest = tiny
    assert set(manifest.drift.values()) == {"pin-mismatch", "outside-range", "yaml-float"}
    scope_of = {d["file"]: d["scope"] for d in report["declarations"]}
    reported = {(scope_of.get(f["file"]), f["rule"]) for f in report["findings"]}
    assert {(scope, rule) for scope, rule in manifest.drift.items()} <= reported


def test_clean_scopes_report_no_error(tiny, report):
    _, manifest = tiny
    scope_of = {d["file"]: d["scope"] for d in report["declarations"]}
    noisy = {scope_of.get(f["file"]) for f in report["findings"] if f["severity"] == "error"}
    clean = {f"services/{i:02d}" for i in range(8)} - set(manifest.drift)
    assert clean, "some services are clean"
    assert not noisy & clean
