"""stale-release-data: audits warn when pyparity's release calendar is over a year old."""

import datetime as dt

from helpers import runtime_pin, scope_of, supported

from pyparity.model import Severity
from pyparity.releases import load
from pyparity.rules import get, stale_release_data

UPDATED = dt.date(2026, 11, 26)


def test_data_a_year_old_is_not_stale_yet():
    assert stale_release_data.stale_message(UPDATED, UPDATED + dt.timedelta(days=365)) is None


def test_data_older_than_a_year_is_stale():
    assert stale_release_data.stale_message(UPDATED, dt.date(2027, 11, 27)) == (
        "pyparity's release data was last updated on 2026-11-26, 366 days before 2027-11-27: "
        "newer Pythons, patches and end-of-life dates may be missing; upgrade pyparity"
    )


def test_the_shipped_data_is_the_one_judged():
    stale_day = load().updated + dt.timedelta(days=366)
    declarations = (runtime_pin("Dockerfile", "3.12"), supported("pyproject.toml", ">=3.11"))
    [finding] = stale_release_data.check(scope_of(*declarations, today=stale_day, audit=True))
    assert finding.severity is Severity.WARNING
    assert (finding.file, finding.line) == ("Dockerfile", 1)
    assert (
        list(stale_release_data.check(scope_of(*declarations, today=load().updated, audit=True)))
        == []
    )


def test_a_scope_without_declarations_gets_nothing():
    stale_day = load().updated + dt.timedelta(days=400)
    assert list(stale_release_data.check(scope_of(today=stale_day, audit=True))) == []


def test_stale_release_data_runs_only_in_audits():
    rule = get("stale-release-data")
    assert rule is not None
    assert rule.audit_only
