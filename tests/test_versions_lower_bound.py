"""versions.has_lower_bound: does a range name a floor?"""

import pytest

from pyparity.versions import has_lower_bound, parse_range


@pytest.mark.parametrize(
    ("spelled", "dialect", "expected"),
    [
        pytest.param(">=3.9", "pep440", True, id="ge"),
        pytest.param(">3.8,<4", "pep440", True, id="gt"),
        pytest.param("~=3.10", "pep440", True, id="compatible"),
        pytest.param("==3.11.*", "pep440", True, id="equal-minor"),
        pytest.param(">=2.7, !=3.0.*, !=3.1.*", "pep440", True, id="ge-with-exclusions"),
        pytest.param("^3.11", "poetry", True, id="poetry-caret"),
        pytest.param(">=3.9,<3.11 || >=3.12", "poetry", True, id="poetry-or-both-bounded"),
        pytest.param("<3.13", "pep440", False, id="upper-only"),
        pytest.param("!=3.0.*,!=3.1.*", "pep440", False, id="exclusions-only"),
        pytest.param(">=3", "pep440", False, id="major-only"),
        pytest.param("==3.*", "pep440", False, id="any-python-3"),
        pytest.param("*", "poetry", False, id="poetry-star"),
        pytest.param(">=3.10 || <3.0", "poetry", False, id="poetry-or-one-unbounded"),
    ],
)
def test_has_lower_bound(spelled, dialect, expected):
    assert has_lower_bound(parse_range(spelled, dialect=dialect).specifier) is expected
