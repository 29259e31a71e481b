"""The support window: declared minors past end of life, and supported minors nothing tests."""

import datetime as dt

from helpers import TODAY, matrix_entry, runtime_pin, supported

from pyparity.model import Location, Minor, Result
from pyparity.support import render_support_window, support_window


def result_of(*declarations):
    return Result(root=".", files_scanned=3, declarations=declarations, findings=())


def minors(*names):
    return tuple(Minor.parse(name) for name in names)


def test_declared_minors_past_end_of_life_say_where():
    window = support_window(
        result_of(
            runtime_pin(".python-version", "3.9"),
            supported("pyproject.toml", ">=3.9", line=5),
            matrix_entry(".github/workflows/ci.yml", "3.10", 14),
            matrix_entry(".github/workflows/ci.yml", "3.11", 14),
        ),
        TODAY,
    )
    assert [(e.minor, e.end_of_life, e.where) for e in window.past_end_of_life] == [
        (
            Minor(3, 9),
            dt.date(2025, 10, 31),
            (Location(file=".python-version", line=1), Location(file="pyproject.toml", line=5)),
        ),
        (
            Minor(3, 10),
            dt.date(2026, 10, 31),
            (
                Location(file="pyproject.toml", line=5),
                Location(file=".github/workflows/ci.yml", line=14),
            ),
        ),
    ]


def test_supported_minors_the_range_admits_but_nothing_pins_or_tests():
    window = support_window(
        result_of(
            supported("pyproject.toml", ">=3.11,<3.15"),
            runtime_pin("Dockerfile", "3.12"),
            matrix_entry(".github/workflows/ci.yml", "3.11", 14),
        ),
        TODAY,
    )
    assert window.supported == minors("3.11", "3.12", "3.13", "3.14", "3.15")
    assert window.tested == minors("3.11", "3.12")
    assert window.untested == minors("3.13", "3.14")


def test_without_a_range_every_supported_minor_is_wanted():
    window = support_window(result_of(runtime_pin(".python-version", "3.13")), TODAY)
    assert window.untested == minors("3.11", "3.12", "3.14", "3.15")


def test_a_floating_pin_covers_what_it_means_today():
    window = support_window(result_of(runtime_pin(".github/workflows/ci.yml", "3.x")), TODAY)
    assert Minor(3, 15) in window.tested


def test_minors_ending_within_six_months_are_listed():
    window = support_window(result_of(runtime_pin("Dockerfile", "3.11")), dt.date(2027, 5, 1))
    assert [e.minor for e in window.ending_soon] == [Minor(3, 11)]
    assert window.past_end_of_life == ()


def test_render_support_window():
    window = support_window(
        result_of(
            runtime_pin(".python-version", "3.9"),
            matrix_entry(".github/workflows/ci.yml", "3.11", 14),
            matrix_entry(".github/workflows/ci.yml", "3.12", 14),
        ),
        TODAY,
    )
    assert render_support_window(window) == [
        "support window on 2026-11-26:",
        "  supported: 3.11, 3.12, 3.13, 3.14, 3.15",
        "  past end of life: 3.9 (2025-10-31), declared at .python-version:1",
        "  pinned or tested: 3.11, 3.12",
        "  supported but neither pinned nor tested: 3.13, 3.14, 3.15",
    ]


def test_render_when_nothing_current_is_covered():
    window = support_window(result_of(), TODAY)
    assert "  pinned or tested: no supported Python" in render_support_window(window)
