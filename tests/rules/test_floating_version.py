"""floating-version: a notice, a warning in audits, except for tooling pins."""

import pytest
from helpers import runtime_pin, scope_of

from pyparity.model import Purpose, Severity
from pyparity.rules import floating_version


@pytest.mark.parametrize(
    ("purpose", "audit", "severity"),
    [
        pytest.param(Purpose.RUNTIME, False, Severity.NOTICE, id="runtime-check"),
        pytest.param(Purpose.RUNTIME, True, Severity.WARNING, id="runtime-audit"),
        pytest.param(Purpose.TOOLING, False, Severity.NOTICE, id="tooling-check"),
        pytest.param(Purpose.TOOLING, True, Severity.NOTICE, id="tooling-audit-stays-notice"),
    ],
)
def test_a_lint_job_on_the_newest_python_never_opens_the_audit_issue(purpose, audit, severity):
    declaration = runtime_pin(".github/workflows/lint.yml", "3.x", purpose=purpose)
    [finding] = floating_version.check(scope_of(declaration, audit=audit))
    assert finding.severity is severity
