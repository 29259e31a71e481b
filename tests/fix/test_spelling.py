from __future__ import annotations

import pytest

from pyparity.fix import spelling
from pyparity.model import Minor


@pytest.mark.parametrize(
    ("text", "target", "patch", "expected"),
    [
        pytest.param("3.9", Minor(3, 11), None, "3.11", id="minor"),
        pytest.param("3.9.6", Minor(3, 11), "3.11.13", "3.11.13", id="patch-agreed"),
        pytest.param(
            "3.9.6", Minor(3, 12), None, spelling.newest_patch(Minor(3, 12)), id="patch-newest"
        ),
        pytest.param("py39", Minor(3, 11), None, "py311", id="compact"),
        pytest.param("python3.9", Minor(3, 12), None, "python3.12", id="prefixed"),
        pytest.param("python39", Minor(3, 12), None, "python312", id="app-engine"),
        pytest.param("--py39-plus", Minor(3, 11), None, "--py311-plus", id="pyupgrade-flag"),
        pytest.param("3.x", Minor(3, 12), None, None, id="floating"),
        pytest.param("${{ matrix.python }}", Minor(3, 12), None, None, id="expression"),
        pytest.param("11", Minor(3, 12), None, None, id="tox-brace-minor-factor"),
        pytest.param("39", Minor(3, 12), None, "312", id="tox-brace-factor"),
    ],
)
def test_respell(text: str, target: Minor, patch: str | None, expected: str | None) -> None:
    assert spelling.respell(text, target, patch) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(">=3.9", ">=3.11", id="pep440"),
        pytest.param(">=3.9, <4", ">=3.11, <4", id="with-upper"),
        pytest.param(">= 3.9.2,<3.14", ">= 3.11,<3.14", id="spaced-patch"),
        pytest.param("^3.9", "^3.11", id="poetry-caret"),
        pytest.param(">3.8", ">=3.11", id="exclusive"),
        pytest.param("~3.9", None, id="poetry-tilde-caps-the-minor"),
        pytest.param(">=3.8,<3.9 || >=3.10", None, id="alternatives"),
        pytest.param("<3.13", None, id="no-lower-bound"),
    ],
)
def test_raise_floor(text: str, expected: str | None) -> None:
    assert spelling.raise_floor(text, Minor(3, 11)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(">=3.9,<3.13", ">=3.9,<3.14", id="exclusive"),
        pytest.param(">=3.9,<=3.12", ">=3.9,<=3.13", id="inclusive"),
        pytest.param(">=3.9,<4", None, id="major-cap"),
        pytest.param("~=3.11.0", None, id="compatible-release"),
    ],
)
def test_raise_ceiling(text: str, expected: str | None) -> None:
    assert spelling.raise_ceiling(text, Minor(3, 13)) == expected


def test_yaml_numbers_that_load_as_another_float() -> None:
    assert spelling.loads_as_other_number("3.10")
    assert not spelling.loads_as_other_number("3.11")
    assert not spelling.loads_as_other_number("py310")


def test_quote_char_follows_the_file() -> None:
    assert spelling.quote_char("a: '3.11'\nb: '3.12'\nc: \"3.9\"") == "'"
    assert spelling.quote_char("a: 3.11") == '"'
