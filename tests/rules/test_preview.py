"""is_preview: which Pythons are an early look, judged on the day of the check."""

import datetime as dt

import pytest
from helpers import matrix_entry

from pyparity.model import Minor
from pyparity.rules import _tested
from pyparity.rules._tested import is_preview

CI = ".github/workflows/ci.yml"
BEFORE_315 = dt.date(2026, 3, 1)  # 3.15.0 is released on 2026-10-01 (python-releases.toml)
AFTER_315 = dt.date(2026, 12, 2)


def _preview(spelling: str, today: dt.date) -> bool:
    return is_preview(matrix_entry(CI, spelling, 10), today)


@pytest.mark.parametrize("spelling", ["3.15-dev", "3.15t-dev", "3.15", "3.15t"])
def test_the_next_minor_is_a_preview_before_its_release(spelling):
    assert _preview(spelling, BEFORE_315)


@pytest.mark.parametrize("spelling", ["3.15-dev", "3.15t-dev", "3.15", "3.15t", "3.14-dev"])
def test_a_dev_spelling_is_the_released_minor_after_its_release(spelling):
    # setup-python turns `3.15-dev` into `~3.15.0-0`, which then resolves to the release
    assert not _preview(spelling, AFTER_315)


@pytest.mark.parametrize(
    "spelling", ["3.15.0-beta.2", "3.15.0b2", "3.15.0rc1", "3.15.0-rc.1", "3.14.0a1t"]
)
def test_an_exact_pre_release_stays_a_preview_after_the_release(spelling):
    assert _preview(spelling, AFTER_315)


@pytest.mark.parametrize("spelling", ["3.14", "3.14t", "3.15.0", "cp313", "pypy3.11", "3.x"])
def test_released_pythons_are_not_previews(spelling):
    assert not _preview(spelling, AFTER_315)


def test_a_dev_spelling_of_a_minor_the_data_does_not_know_yet_is_a_preview():
    assert _preview("3.17-dev", AFTER_315)


def test_a_dev_spelling_joins_the_ci_test_set_once_released():
    entries = [
        matrix_entry(CI, v, 10 + i, group="ci test")
        for i, v in enumerate(["3.13", "3.14", "3.15-dev", "3.15t-dev"])
    ]
    [before] = _tested.tested_sets(entries, BEFORE_315)
    [after] = _tested.tested_sets(entries, AFTER_315)
    assert before.minors == {Minor(3, 13), Minor(3, 14)}
    assert after.minors == {Minor(3, 13), Minor(3, 14), Minor(3, 15)}
