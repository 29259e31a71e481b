"""A range with no lower bound has no floor: the floor-based rules stay quiet, one notice."""

import pytest
from helpers import TODAY, at, matrix_entry, runtime_pin, scope_of, supported

from pyparity.code.floor import floors
from pyparity.model import Minor, Role, Severity
from pyparity.records import replace
from pyparity.rules import (
    classifier_mismatch,
    matrix_misses_floor,
    range_without_floor,
    target_mismatch,
)
from pyparity.sources._common import pin

CI = ".github/workflows/ci.yml"


def _ci(*versions):
    return [matrix_entry(CI, v, 10 + i, group="ci test") for i, v in enumerate(versions)]


def _classifiers(*versions):
    return [
        pin(
            "pyproject.toml",
            at(12 + i),
            v,
            source="pyproject",
            role=Role.MATRIX,
            group="pyproject.toml classifiers",
        )
        for i, v in enumerate(versions)
    ]


def _ruff(version):
    return pin("pyproject.toml", at(30), version, source="pyproject", role=Role.TARGET)


def _messages(rule, *declarations):
    return [f.message for f in rule.check(scope_of(*declarations))]


@pytest.mark.parametrize("specifier", ["<3.13", "!=3.0.*,!=3.1.*", ">=3", "==3.*"], ids=lambda s: s)
@pytest.mark.parametrize(
    "rule", [matrix_misses_floor, target_mismatch, classifier_mismatch], ids=lambda r: r.NAME
)
def test_floor_rules_are_quiet_about_a_range_with_no_lower_bound(rule, specifier):
    declarations = (
        supported("pyproject.toml", specifier, line=5),
        *_ci("3.10", "3.11", "3.12"),
        *_classifiers("3.10", "3.11", "3.12"),
        _ruff("3.10"),
    )
    assert _messages(rule, *declarations) == []


@pytest.mark.parametrize(
    ("rule", "specifier"),
    [
        pytest.param(matrix_misses_floor, ">=3.9,<3.13", id="matrix-misses-floor"),
        pytest.param(target_mismatch, ">=3.9,<3.13", id="target-mismatch"),
        pytest.param(classifier_mismatch, ">=3.9,<3.13", id="classifier-mismatch"),
    ],
)
def test_the_same_rules_still_fire_with_a_lower_bound(rule, specifier):
    declarations = (
        supported("pyproject.toml", specifier, line=5),
        *_ci("3.10", "3.11", "3.12"),
        *_classifiers("3.10", "3.11", "3.12"),
        _ruff("3.10"),
    )
    assert len(_messages(rule, *declarations)) == 1


def test_classifier_gaps_inside_a_range_with_no_lower_bound_still_count():
    declarations = (supported("pyproject.toml", "<3.13", line=5), *_classifiers("3.10", "3.12"))
    assert _messages(classifier_mismatch, *declarations) == [
        "the classifiers of pyproject.toml lack 3.11, which requires-python <3.13 "
        "(pyproject.toml:5) admits"
    ]


@pytest.mark.parametrize(
    ("declarations", "expected"),
    [
        pytest.param(
            (supported("pyproject.toml", "<3.13", line=5), *_ci("3.11", "3.10", "3.12")),
            [
                "requires-python <3.13 (pyproject.toml:5) has no lower bound, so pip installs "
                "it on any older Python; add one, such as >=3.10 (the lowest minor the scope "
                "tests or pins)"
            ],
            id="fires-with-a-suggestion-from-the-tests",
        ),
        pytest.param(
            (
                supported("setup.cfg", "!=3.0.*,!=3.1.*", line=3),
                runtime_pin(".python-version", "3.11"),
                *_classifiers("3.9", "3.10"),
            ),
            [
                "requires-python !=3.0.*,!=3.1.* (setup.cfg:3) has no lower bound, so pip "
                "installs it on any older Python; add one, such as >=3.9 (the lowest minor "
                "the scope tests or pins)"
            ],
            id="fires-exclusions-only",
        ),
        pytest.param(
            (supported("pyproject.toml", "<3.13", line=5),),
            [
                "requires-python <3.13 (pyproject.toml:5) has no lower bound, so pip installs "
                "it on any older Python; add one"
            ],
            id="fires-without-a-suggestion",
        ),
        pytest.param(
            (supported("pyproject.toml", ">=3.10,<3.13", line=5), *_ci("3.10", "3.11")),
            [],
            id="quiet-with-a-lower-bound",
        ),
        pytest.param((runtime_pin(".python-version", "3.12"),), [], id="quiet-without-a-range"),
    ],
)
def test_range_without_floor(declarations, expected):
    assert _messages(range_without_floor, *declarations) == expected


def test_range_without_floor_is_a_notice():
    assert range_without_floor.SEVERITY is Severity.NOTICE


def _scoped(*declarations):
    return [replace(d, scope=".") for d in declarations]


@pytest.mark.parametrize(
    ("declarations", "expected"),
    [
        pytest.param(
            _scoped(supported("pyproject.toml", "<3.13"), runtime_pin(".python-version", "3.11")),
            Minor(3, 11),
            id="range-with-no-lower-bound-does-not-count",
        ),
        pytest.param(
            _scoped(supported("pyproject.toml", ">=3.9"), runtime_pin(".python-version", "3.11")),
            Minor(3, 9),
            id="range-with-a-lower-bound-counts",
        ),
    ],
)
def test_code_floor_ignores_a_range_with_no_lower_bound(declarations, expected):
    assert floors(declarations, TODAY)["."].minor == expected


def test_code_floor_has_no_floor_from_an_unbounded_range_alone():
    assert floors(_scoped(supported("pyproject.toml", "!=3.0.*,!=3.1.*")), TODAY) == {}
