"""patch-behind: exact patch pins older than the newest patch the release data knows."""

import pytest
from helpers import matrix_entry, runtime_pin, scope_of

from pyparity.model import Minor, Purpose, Severity
from pyparity.releases import load
from pyparity.rules import get, patch_behind


def behind(*declarations):
    return list(patch_behind.check(scope_of(*declarations, audit=True)))


def latest(minor: str) -> str:
    release = load().by_minor[Minor.parse(minor)]
    assert release.latest is not None
    return release.latest


def test_patch_behind_runs_only_in_audits():
    rule = get("patch-behind")
    assert rule is not None
    assert rule.audit_only


def test_an_old_patch_pin_names_the_newest_patch():
    [finding] = behind(runtime_pin("Dockerfile", "3.11.4"))
    assert finding.severity is Severity.NOTICE
    assert finding.message == (
        f"Dockerfile:1: 3.11.4 is behind {latest('3.11')}, the newest 3.11 patch pyparity knows"
    )


def test_tooling_pins_and_matrix_entries_are_checked_too():
    findings = behind(
        runtime_pin(".github/workflows/ci.yml", "3.12.1", line=29, purpose=Purpose.TOOLING),
        matrix_entry(".github/workflows/ci.yml", "3.13.0", 14),
    )
    assert [(f.file, f.line) for f in findings] == [
        (".github/workflows/ci.yml", 29),
        (".github/workflows/ci.yml", 14),
    ]


@pytest.mark.parametrize(
    "version",
    [
        pytest.param("3.11", id="minor-only"),
        pytest.param(latest("3.11"), id="already-newest"),
        pytest.param("3.11.99", id="newer-than-the-data"),
        pytest.param("3.9.6", id="end-of-life-is-another-rule"),
        pytest.param("3.x", id="floating"),
    ],
)
def test_patch_behind_stays_quiet(version):
    assert behind(runtime_pin("Dockerfile", version)) == []
