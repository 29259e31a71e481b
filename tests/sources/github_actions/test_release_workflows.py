"""A workflow that runs only when a release is made: a job of unknown purpose there publishes
the release (pytorch/ignite's conda job: setup-miniconda on 3.13 runs a script that builds and
uploads the conda package, beside a dev container on 3.11)."""

from __future__ import annotations

import pytest
from helpers import scan_tree

from pyparity.model import Purpose

_RELEASE = """\
name: Conda releases

on:
{triggers}

jobs:
  conda-build-publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - name: Setup Miniconda
        uses: conda-incubator/setup-miniconda@v4
        with:
          miniconda-version: "latest"
          python-version: "3.13"
      - name: Build and publish
        shell: bash -l {{0}}
        env:
          ANACONDA_TOKEN: ${{{{ secrets.ANACONDA_TOKEN }}}}
        run: |
          chmod +x ./conda.recipe/build_and_upload.sh
          ./conda.recipe/build_and_upload.sh
{more}"""

_TESTS = """\
  tests-before-publishing:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: actions/setup-python@v6
        with:
          python-version: "3.13"
      - run: pip install -e . pytest && pytest
"""


def _tree(triggers: str, more: str = "") -> dict[str, str]:
    return {
        "pyproject.toml": '[project]\nname = "acme"\nversion = "1"\nrequires-python = ">=3.10"\n',
        ".devcontainer/devcontainer.json": '{"image": "mcr.microsoft.com/devcontainers/python:3.11"}\n',
        ".github/workflows/release.yml": _RELEASE.format(triggers=triggers, more=more),
    }


@pytest.mark.parametrize(
    "triggers",
    [
        pytest.param("  release:\n    types: [published]\n", id="release"),
        pytest.param("  release:\n  workflow_dispatch:\n", id="release-or-by-hand"),
        pytest.param("  push:\n    tags: ['v*']\n", id="tags"),
        pytest.param("  [release]", id="list"),
        pytest.param("  release", id="scalar"),
    ],
)
def test_a_job_of_unknown_purpose_on_release_events_publishes(tmp_path, triggers):
    result = scan_tree(tmp_path, _tree(triggers))
    assert [f for f in result.findings if f.rule == "pin-mismatch"] == []
    [job] = [d for d in result.declarations if d.file.endswith("release.yml")]
    assert job.purpose is Purpose.TOOLING
    assert "release events only" in job.context


@pytest.mark.parametrize(
    "triggers",
    [
        pytest.param("  push:\n    branches: [main]\n    tags: ['v*']\n", id="tags-and-branches"),
        pytest.param("  release:\n  pull_request:\n", id="also-pull-requests"),
        pytest.param("  workflow_dispatch:\n", id="by-hand-only"),
    ],
)
def test_a_workflow_that_also_runs_on_commits_is_compared(tmp_path, triggers):
    result = scan_tree(tmp_path, _tree(triggers))
    [finding] = [f for f in result.findings if f.rule == "pin-mismatch"]
    assert finding.file == ".github/workflows/release.yml"


def test_tests_a_release_runs_stay_tests(tmp_path):
    result = scan_tree(tmp_path, _tree("  release:\n", _TESTS))
    purposes = {
        d.context.split(",")[0]: d.purpose
        for d in result.declarations
        if d.file.endswith("release.yml")
    }
    assert purposes["job tests-before-publishing"] is Purpose.RUNTIME
    assert purposes["job conda-build-publish"] is Purpose.TOOLING
