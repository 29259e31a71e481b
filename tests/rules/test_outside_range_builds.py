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
