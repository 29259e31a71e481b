"""End to end on library repositories modelled on well-known projects (written for these
tests, never copied): what each reports, exactly, at a fixed date.

A library has no runtime of its own: it tests a matrix, lists classifiers, pins its tools
to one Python, and tries the newest and the next Python. Every fixture but `lib-drifted` is
consistent, so anything beyond a notice on a deliberate `3.x` is a false positive.

- lib-attrs-like: hatch + tox, a 3.9-3.14 matrix with `3.14t` and PyPy, an `include:`
  adding macOS, coverage/mypy/docs jobs on `.python-version-default`, pre-commit and Read
  the Docs on 3.12, ruff and mypy targeting 3.9.
- lib-split-jobs: an httpx-style suite: hatch test matrix, lint on 3.13, mypy on 3.12,
  coverage on 3.13, a `3.x` job, a publish workflow, a nightly `3.15-dev` matrix.
- lib-setupcfg-tox: requests-style setup.cfg + tox-gh-actions, `envlist` with factors,
  lint on `3.x` through pre-commit/action, RTD and pre-commit on 3.12.
- lib-cibuildwheel: numpy-style wheels (cibuildwheel on a 3.12 host), sdist, PyPy, a
  trusted-publishing upload.
- lib-uv-project: uv, `.python-version` 3.13 for development, a matrix with `3.14t`,
  `uv run --python 3.12` lint and type jobs, a `3.x` job and a `3.15-dev` nightly.
- lib-nox-pyenv: nox sessions from a module list, pyenv's several-line `.python-version`,
  black's target list, an experimental `3.15-dev` include.
- lib-gitlab-inputs: a GNOME-style GitLab pipeline whose Pythons are CI/CD inputs (a
  `spec:` header document): the test matrix and the lint image take the inputs' defaults.
- lib-conda-envs: a geopandas-style suite whose CI matrix is conda environment files
  (`environment-file: ${{ matrix.env }}` over `ci/envs/311-minimal.yaml` ...
  `314-dev.yaml`, a `conda-forge::python=3.14.*=*_cp314` build string among them), a
  docs job on `doc/environment.yml`, an unpinned development `environment.yml`.
- lib-drifted: CI gained 3.14 but the classifiers and tox did not (one finding names
  both, as they list the same minors); ruff still targets
  py39 under `>=3.10`; Read the Docs builds on 3.9 (a warning: tooling); the type check
  runs `uv run --python 3.9`, below the floor (an error: mypy checks the code there).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pyparity.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "realistic"
TODAY = "2026-11-26"

EXPECTED: dict[str, list[tuple[str, str, int]]] = {
    "lib-attrs-like": [],
    "lib-cibuildwheel": [],
    "lib-nox-pyenv": [],
    "lib-gitlab-inputs": [],
    "lib-conda-envs": [],
    "lib-setupcfg-tox": [("floating-version", ".github/workflows/lint.yml", 17)],
    "lib-split-jobs": [("floating-version", ".github/workflows/test-suite.yml", 77)],
    "lib-uv-project": [("floating-version", ".github/workflows/ci.yml", 52)],
    "lib-drifted": [
        ("outside-range", ".github/workflows/tests.yml", 27),
        ("outside-range", ".readthedocs.yaml", 5),
        ("matrix-mismatch", "pyproject.toml", 12),
        ("target-mismatch", "pyproject.toml", 22),
    ],
}


def run(capsys: pytest.CaptureFixture[str], name: str, command: str = "check") -> dict:
    code = main([command, str(FIXTURES / name), "--format", "json", "--today", TODAY, "--no-code"])
    report = json.loads(capsys.readouterr().out)
    report["exit"] = code
    return report


def found(report: dict) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["file"], f["line"]) for f in report["findings"]]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_library_reports_exactly_what_is_wrong(capsys, name):
    report = run(capsys, name)
    assert found(report) == EXPECTED[name]
    assert report["exit"] == (1 if name == "lib-drifted" else 0)


def test_only_notices_stand_between_a_consistent_library_and_a_clean_run(capsys):
    for name, expected in EXPECTED.items():
        if name == "lib-drifted":
            continue
        report = run(capsys, name)
        assert {f["severity"] for f in report["findings"]} <= {"notice"}, name
        assert {rule for rule, _, _ in expected} <= {"floating-version"}


def test_an_input_default_below_the_floor_is_reported_where_it_is_written(capsys, tmp_path: Path):
    copy = tmp_path / "lib"
    shutil.copytree(FIXTURES / "lib-gitlab-inputs", copy)
    pipeline = copy / ".gitlab-ci.yml"
    text = pipeline.read_text(encoding="utf-8")
    pipeline.write_text(text.replace('default: "python-3.13"', 'default: "python-3.9"'))
    report = run(capsys, str(copy))
    assert [(f["rule"], f["file"], f["line"], f["severity"]) for f in report["findings"]] == [
        ("outside-range", ".gitlab-ci.yml", 12, "error"),  # once, for the tests and the lint
    ]  # (the classifiers do not "lack" the 3.9 the range refuses: the CI's 3.9 is the drift)


def test_an_environment_file_below_the_floor_is_reported_where_the_matrix_names_it(
    capsys, tmp_path: Path
):
    copy = tmp_path / "lib"
    shutil.copytree(FIXTURES / "lib-conda-envs", copy)
    oldest = copy / "ci" / "envs" / "311-minimal.yaml"
    oldest.write_text(oldest.read_text(encoding="utf-8").replace("python=3.11", "python=3.10"))
    report = run(capsys, str(copy))
    assert [(f["rule"], f["file"], f["line"], f["severity"]) for f in report["findings"]] == [
        ("outside-range", ".github/workflows/tests.yml", 28, "error"),
    ]  # (nor do they lack the 3.10 it refuses)
    assert "ci/envs/311-minimal.yaml (python=3.10)" in report["findings"][0]["message"]


def test_the_cibuildwheel_host_python_is_tooling(capsys):
    report = run(capsys, "lib-cibuildwheel")
    host = [
        d
        for d in report["declarations"]
        if d["file"] == ".github/workflows/wheels.yml" and d["line"] == 38
    ]
    assert [(d["purpose"], d["context"].rsplit(", ", 1)[-1]) for d in host] == [
        ("tooling", "tooling: only runs tools (pypa/cibuildwheel)")
    ]


def test_the_dev_python_and_free_threaded_builds_are_read(capsys):
    report = run(capsys, "lib-nox-pyenv")
    raws = {d["raw"] for d in report["declarations"] if d["file"] == ".github/workflows/ci.yml"}
    assert "3.15-dev" in raws
    attrs = run(capsys, "lib-attrs-like")
    ci = [d for d in attrs["declarations"] if d["file"] == ".github/workflows/ci.yml"]
    assert {d["raw"]: d["implementation"] for d in ci if d["raw"] in {"3.14t", "pypy-3.10"}} == {
        "3.14t": "cpython",
        "pypy-3.10": "pypy",
    }


def test_an_audit_of_a_library_on_an_old_floor_says_what_each_place_does(capsys):
    report = run(capsys, "lib-setupcfg-tox", "audit")
    messages = [f["message"] for f in report["findings"]]
    assert "setup.cfg:13 lists 3.9; Python 3.9 reached end of life on 2025-10-31" in messages
    assert "tox.ini:2 tests py39 (3.9); Python 3.9 reached end of life on 2025-10-31" in messages
    lint = [f for f in report["findings"] if f["rule"] == "floating-version"]
    assert [f["severity"] for f in lint] == ["notice"]
