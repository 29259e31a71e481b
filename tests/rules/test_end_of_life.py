"""end-of-life and end-of-life-soon at fixed dates, on declarations built by hand."""

import datetime as dt

import pytest
from helpers import TODAY, matrix_entry, runtime_pin, scope_of, supported

from pyparity.model import Severity
from pyparity.records import replace
from pyparity.rules import end_of_life, end_of_life_soon, get

BEFORE_310_EOL = dt.date(2026, 10, 30)
AFTER_310_EOL = dt.date(2026, 11, 1)
SIX_MONTHS_BEFORE_311_EOL = dt.date(2027, 5, 1)
SEVEN_MONTHS_BEFORE_311_EOL = dt.date(2027, 4, 1)


def eol(*declarations, today=TODAY):
    return list(end_of_life.check(scope_of(*declarations, today=today, audit=True)))


def soon(*declarations, today=TODAY):
    return list(end_of_life_soon.check(scope_of(*declarations, today=today, audit=True)))


@pytest.mark.parametrize("name", ["end-of-life", "end-of-life-soon"])
def test_time_based_rules_run_only_in_audits(name):
    rule = get(name)
    assert rule is not None
    assert rule.audit_only


def test_a_39_pin_in_late_2026_is_a_warning_naming_the_date():
    [finding] = eol(runtime_pin(".python-version", "3.9"))
    assert finding.severity is Severity.WARNING
    assert finding.rule == "end-of-life"
    assert finding.file == ".python-version"
    assert (
        finding.message
        == ".python-version:1 pins 3.9; Python 3.9 reached end of life on 2025-10-31"
    )


def test_310_the_day_before_its_end_of_life_is_only_ending_soon():
    pin = runtime_pin("Dockerfile", "3.10.19")
    assert eol(pin, today=BEFORE_310_EOL) == []
    [finding] = soon(pin, today=BEFORE_310_EOL)
    assert finding.message == (
        "Dockerfile:1 pins 3.10.19; Python 3.10 reaches end of life on 2026-10-31, in 1 day"
    )


@pytest.mark.parametrize(
    "today",
    [
        pytest.param(dt.date(2026, 10, 31), id="on-the-day"),
        pytest.param(AFTER_310_EOL, id="day-after"),
    ],
)
def test_310_from_its_end_of_life_day_is_past_end_of_life(today):
    pin = runtime_pin("Dockerfile", "3.10.19")
    [finding] = eol(pin, today=today)
    assert finding.message == (
        "Dockerfile:1 pins 3.10.19; Python 3.10 reached end of life on 2026-10-31"
    )
    assert soon(pin, today=today) == []


def test_a_matrix_entry_on_an_end_of_life_minor_is_flagged_as_tested():
    entries = [matrix_entry(".github/workflows/ci.yml", v, 14) for v in ("3.10", "3.11", "3.12")]
    [finding] = eol(*entries)
    assert finding.message == (
        ".github/workflows/ci.yml:14 tests 3.10; Python 3.10 reached end of life on 2026-10-31"
    )


def test_one_finding_per_declaration():
    declarations = (
        runtime_pin(".python-version", "3.9"),
        runtime_pin("Dockerfile", "3.9.6", line=3),
        matrix_entry(".github/workflows/ci.yml", "3.9", 14),
        supported("pyproject.toml", ">=3.9", line=5),
    )
    findings = eol(*declarations)
    assert sorted((f.file, f.line) for f in findings) == sorted(
        (d.file, d.line) for d in declarations
    )


def test_a_range_admitting_end_of_life_minors_is_told_to_raise_its_floor():
    [finding] = eol(supported("pyproject.toml", ">=3.9", line=5))
    assert finding.message == (
        "pyproject.toml:5: requires-python >=3.9 admits 3.9 and 3.10, past end of life "
        "since 2025-10-31 and 2026-10-31; raise the floor to 3.11"
    )


def test_a_range_with_no_supported_python_says_so():
    [finding] = eol(supported("pyproject.toml", ">=3.8,<3.11"))
    assert finding.message.endswith(
        "admits 3.8, 3.9 and 3.10, past end of life since 2024-10-07, 2025-10-31 and "
        "2026-10-31; no Python it admits is still supported"
    )


def test_a_wide_range_names_the_span_not_every_minor():
    [finding] = eol(supported("setup.cfg", ">=3.6"))
    assert "admits 3.6 to 3.10 (5 minors), past end of life (3.10 since 2026-10-31)" in (
        finding.message
    )


@pytest.mark.parametrize(
    "declaration",
    [
        pytest.param(runtime_pin(".python-version", "3.11"), id="supported-pin"),
        pytest.param(runtime_pin("Dockerfile", "3.x"), id="floating-means-newest"),
        pytest.param(runtime_pin(".python-version", "pypy3.9"), id="pypy-has-its-own-calendar"),
        pytest.param(supported("pyproject.toml", ">=3.11"), id="range-above-end-of-life"),
        pytest.param(supported("pyproject.toml", ">=3.16"), id="range-of-unreleased-minors"),
    ],
)
def test_end_of_life_stays_quiet(declaration):
    assert eol(declaration) == []


def test_311_six_months_before_its_end_of_life_is_a_notice():
    [finding] = soon(runtime_pin("Dockerfile", "3.11"), today=SIX_MONTHS_BEFORE_311_EOL)
    assert finding.severity is Severity.NOTICE
    assert finding.message == (
        "Dockerfile:1 pins 3.11; Python 3.11 reaches end of life on 2027-10-31, in 183 days"
    )


def test_311_seven_months_before_its_end_of_life_is_quiet():
    assert soon(runtime_pin("Dockerfile", "3.11"), today=SEVEN_MONTHS_BEFORE_311_EOL) == []


def test_a_range_whose_floor_ends_soon_gets_a_notice():
    [finding] = soon(supported("pyproject.toml", ">=3.11", line=5), today=SIX_MONTHS_BEFORE_311_EOL)
    assert finding.message == (
        "pyproject.toml:5: requires-python >=3.11 admits 3.11; "
        "Python 3.11 reaches end of life on 2027-10-31, in 183 days"
    )


def test_a_range_already_past_end_of_life_gets_no_notice_on_top():
    declaration = supported("pyproject.toml", ">=3.10")
    assert soon(declaration, today=SIX_MONTHS_BEFORE_311_EOL) == []
    assert len(eol(declaration, today=SIX_MONTHS_BEFORE_311_EOL)) == 1


def test_a_matrix_entry_ending_soon_is_a_notice():
    [finding] = soon(
        matrix_entry("tox.ini", "3.11", 2),
        matrix_entry("tox.ini", "3.13", 2),
        today=SIX_MONTHS_BEFORE_311_EOL,
    )
    assert finding.message.startswith("tox.ini:2 tests 3.11; ")


@pytest.mark.parametrize(
    ("group", "verb"),
    [
        pytest.param("pyproject.toml classifiers", "lists", id="classifier"),
        pytest.param(".python-version installed", "lists", id="pyenv-extra-line"),
        pytest.param("tox.ini envlist", "tests", id="tox-env"),
        pytest.param(".github/workflows/ci.yml job test", "tests", id="ci-matrix"),
    ],
)
def test_a_classifier_lists_a_minor_and_a_matrix_tests_it(group, verb):
    entry = replace(matrix_entry("pyproject.toml", "3.9", 15), group=group)
    [finding] = eol(entry)
    assert finding.message.startswith(f"pyproject.toml:15 {verb} 3.9; ")
