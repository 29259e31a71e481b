"""classifier-mismatch."""

from helpers import at, scope_of, supported

from pyparity.model import Role, Severity
from pyparity.rules import classifier_mismatch
from pyparity.sources._common import pin


def _classifiers(*versions, file="pyproject.toml", first_line=20):
    return [
        pin(
            file,
            at(first_line + i, 40),
            v,
            source="pyproject",
            role=Role.MATRIX,
            context="classifiers",
            group=f"{file} classifiers",
        )
        for i, v in enumerate(versions)
    ]


def _check(*declarations):
    return list(classifier_mismatch.check(scope_of(*declarations)))


def test_classifier_outside_the_range():
    findings = _check(
        supported("pyproject.toml", ">=3.10", line=5), *_classifiers("3.9", "3.10", "3.11")
    )
    [finding] = findings
    assert (finding.line, finding.severity) == (20, Severity.WARNING)
    assert finding.message == (
        "classifier 3.9 (pyproject.toml:20) is outside requires-python >=3.10 (pyproject.toml:5)"
    )
    assert [(r.file, r.line) for r in finding.related] == [("pyproject.toml", 5)]


def test_gap_between_lowest_and_highest_classifier():
    [finding] = _check(
        supported("pyproject.toml", ">=3.9", line=5), *_classifiers("3.9", "3.10", "3.12")
    )
    assert finding.line == 20
    assert finding.message == (
        "the classifiers of pyproject.toml lack 3.11, which requires-python >=3.9 "
        "(pyproject.toml:5) admits"
    )


def test_upper_bound_expects_every_admitted_released_minor():
    [finding] = _check(
        supported("setup.cfg", ">=3.9,<3.13"), *_classifiers("3.10", "3.11", file="setup.cfg")
    )
    assert "lack 3.9 and 3.12" in finding.message


def test_quiet_when_classifiers_match_an_open_range():
    assert (
        _check(supported("pyproject.toml", ">=3.10"), *_classifiers("3.10", "3.11", "3.12", "3.13"))
        == []
    )


def test_quiet_for_a_single_classifier_under_an_open_range():
    assert _check(supported("pyproject.toml", ">=3.9"), *_classifiers("3.12")) == []


def test_quiet_without_a_range_or_without_classifiers():
    assert _check(*_classifiers("3.9", "3.12")) == []
    assert _check(supported("pyproject.toml", ">=3.9,<3.11")) == []


def test_upper_bound_ignores_unreleased_minors():
    # 3.16 is admitted but not released on the test date (2026-11-26)
    assert _check(supported("pyproject.toml", ">=3.14,<3.17"), *_classifiers("3.14", "3.15")) == []
