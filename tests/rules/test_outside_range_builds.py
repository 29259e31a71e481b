"""outside-range on Docker builder stages: only a stage whose Python output ships is an error."""

from __future__ import annotations

import pytest
from helpers import runtime_pin, scope_of, supported

from pyparity.model import Purpose, Severity
from pyparity.rules import outside_range


@pytest.mark.parametrize(
    ("ships", "severity"),
    [
        pytest.param(True, Severity.ERROR, id="venv-copied-into-the-final-stage"),
        pytest.param(False, Severity.WARNING, id="only-static-output-copied"),
    ],
)
def test_builder_stage_outside_the_range(ships: bool, severity: Severity) -> None:
    builder = runtime_pin(
        "Dockerfile", "3.10", source="dockerfile", purpose=Purpose.BUILD, ships=ships
    )
    [finding] = outside_range.check(scope_of(supported("pyproject.toml", ">=3.12"), builder))
    assert finding.severity is severity


@pytest.mark.parametrize(
    ("context", "reported"),
    [
        pytest.param(
            "job translate, step 3, setup-python, tooling: builds, publishes or maintains"
            " (peter-evans/create-pull-request)",
            False,
            id="a-maintenance-bot",
        ),
        pytest.param(
            "job run, step 2, setup-python, tooling: builds, publishes or maintains (towncrier)",
            False,
            id="a-news-fragment-check",
        ),
        pytest.param(
            "job lint, step 2, setup-python, tooling: only runs tools (mypy)",
            True,
            id="a-type-check-runs-over-the-code",
        ),
    ],
)
def test_ci_jobs_that_only_maintain_the_repository(context: str, reported: bool) -> None:
    job = runtime_pin(
        ".github/workflows/ci.yml",
        "3.11",
        source="workflow",
        purpose=Purpose.TOOLING,
        context=context,
    )
    findings = list(outside_range.check(scope_of(supported("pyproject.toml", ">=3.14"), job)))
    assert bool(findings) is reported
