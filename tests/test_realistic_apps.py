"""Application and monorepo repositories (tests/fixtures/realistic/app-*): exactly the findings
a team would agree with, and none it would call noise.

Each fixture is modelled on how web services, Lambda projects, Django apps, data pipelines and
monorepos lay out their Dockerfiles, compose files, devcontainers and CI. The consistent ones
must stay silent; the drifted ones must report their one real problem, on the right lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyparity.cli import main

REALISTIC = Path(__file__).parent / "fixtures" / "realistic"

Expected = list[tuple[str, str, str, int]]

CASES: dict[str, Expected] = {
    # Three services on 3.12 / 3.11 / 3.10, a shared library tested on three minors, one CI
    # workflow for all. The job whose python-version-file names each service through the
    # matrix is not resolved yet (a notice), never compared wrongly.
    "app-monorepo": [],
    # SAM: Globals runtime, a function override, a layer's BuildMethod, an image function.
    "app-lambda": [],
    # Django: Pipfile, runtime.txt (Heroku), a Render staging service (PYTHON_VERSION from an
    # environment group), compose build args, devcontainer, CI with
    # services, a lint job on a newer Python.
    "app-django": [],
    # conda environment files, a micromamba image (no Python in the tag), an Airflow image
    # whose tag names its Python. requires-python admits 3.10 but nothing runs it.
    "app-pipeline": [("matrix-misses-floor", "warning", "pyproject.toml", 8)],
    # Docs images on 3.10 on purpose (tooling by default), a load-test image marked tooling
    # inline, a codegen image marked tooling in [tool.pyparity.purpose]. The one docs image
    # the team did not annotate is outside requires-python: a warning, not an error.
    "app-docs-image": [("outside-range", "warning", "Dockerfile.docs", 1)],
    # Poetry ~3.11, .tool-versions, a builder whose --target site-packages ships into
    # distroless python3-debian12 (3.11), GitLab CI with a variable image.
    "app-distroless": [],
    # App Engine runtime python312, CircleCI executors, an Azure nightly pipeline.
    "app-gae-ci": [],
    # Reusable workflow with workflow_call inputs, a container job, a devcontainer built
    # from Dockerfile.dev with build args.
    "app-reusable-ci": [],
    # .python-version moved to 3.12; the Lambda runtime and the deploy job stayed on 3.11.
    # One against one (the test job reads .python-version; the deploy job's purpose is
    # unknown): one finding names every side.
    "app-serverless-drift": [
        ("pin-mismatch", "error", ".python-version", 1),
    ],
    # Heroku's runtime.txt and the Pipfile were left on 3.11 when the app moved to 3.12
    # (.python-version, which CI reads, and the Dockerfile): two against two, one finding.
    "app-heroku-drift": [
        ("pin-mismatch", "error", ".python-version", 1),
    ],
    # Bitbucket Pipelines: the test step (defined once, used by two pipelines) runs the
    # top-level python:3.11 image while the Dockerfile and .python-version moved to 3.12; the
    # lint step's 3.12 and the deploy steps (no Python image, a pipe) are not compared.
    "app-bitbucket-drift": [
        ("pin-mismatch", "error", "bitbucket-pipelines.yml", 3),
    ],
}


def findings(case: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, Expected]:
    argv = ["check", str(REALISTIC / case), "--format", "json", "--today", "2026-11-26"]
    code = main([*argv, "--no-code"])
    report = json.loads(capsys.readouterr().out)
    found = [(f["rule"], f["severity"], f["file"], f["line"]) for f in report["findings"]]
    return code, found


@pytest.mark.parametrize("case", sorted(CASES))
def test_exactly_the_expected_findings(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = findings(case, capsys)
    assert found == CASES[case]
    assert code == (1 if any(severity == "error" for _, severity, _, _ in found) else 0)


def test_deploy_jobs_that_only_run_cloud_clis_are_not_runtime_pins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A deploy job on 3.11 that only runs the AWS CLI, and an Ansible job on 3.10, next to an
    app on 3.12: neither names the app's runtime."""
    assert findings("app-deploy-tools", capsys) == (0, [])


def test_every_fixture_is_listed() -> None:
    present = {p.name for p in REALISTIC.iterdir() if p.name.startswith("app-")}
    assert present == {*CASES, "app-deploy-tools"}
