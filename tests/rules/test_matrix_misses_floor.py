"""matrix-misses-floor."""

from helpers import matrix_entry, runtime_pin, scope_of, supported

from pyparity.model import Purpose, Role, Severity
from pyparity.records import replace
from pyparity.rules import matrix_misses_floor
from pyparity.sources._common import pin

CI = ".github/workflows/ci.yml"


def _matrix(*versions, first_line=10):
    return [matrix_entry(CI, v, first_line + i) for i, v in enumerate(versions)]


def _tox(*versions):
    return [
        pin(
            "tox.ini",
            matrix_entry("x", v, 2).span,
            v,
            source="tox",
            role=Role.MATRIX,
            group="tox.ini envlist",
        )
        for v in versions
    ]


def test_fires_on_the_range_when_nothing_tests_the_floor():
    declarations = (supported("pyproject.toml", ">=3.9", line=5), *_matrix("3.10", "3.11", "3.12"))
    [finding] = matrix_misses_floor.check(scope_of(*declarations))
    assert (finding.file, finding.line, finding.severity) == ("pyproject.toml", 5, Severity.WARNING)
    assert finding.message == (
        "nothing tests 3.9, the lowest minor requires-python >=3.9 (pyproject.toml:5) admits; "
        "the tests run 3.10, 3.11 and 3.12"
    )


def test_classifiers_do_not_test_anything():
    classifier = pin(
        "pyproject.toml",
        matrix_entry("x", "3.9", 20).span,
        "3.9",
        source="pyproject",
        role=Role.MATRIX,
        group="pyproject.toml classifiers",
    )
    declarations = (supported("pyproject.toml", ">=3.9"), classifier, *_matrix("3.10", "3.11"))
    assert len(list(matrix_misses_floor.check(scope_of(*declarations)))) == 1


def test_quiet_when_the_matrix_tests_the_floor():
    declarations = (supported("pyproject.toml", ">=3.10"), *_matrix("3.10", "3.13"))
    assert list(matrix_misses_floor.check(scope_of(*declarations))) == []


def test_quiet_when_tox_or_a_runtime_pin_tests_the_floor():
    scope = scope_of(supported("pyproject.toml", ">=3.9"), *_matrix("3.11", "3.12"), *_tox("3.9"))
    assert list(matrix_misses_floor.check(scope)) == []
    scope = scope_of(
        supported("pyproject.toml", ">=3.9"),
        *_matrix("3.11", "3.12"),
        runtime_pin("Dockerfile", "3.9"),
    )
    assert list(matrix_misses_floor.check(scope)) == []


def test_quiet_without_ci_tests_or_without_a_range():
    assert list(matrix_misses_floor.check(scope_of(supported("pyproject.toml", ">=3.9")))) == []
    tox_only = scope_of(supported("pyproject.toml", ">=3.9"), *_tox("3.11", "3.12"))
    assert list(matrix_misses_floor.check(tox_only)) == []
    assert list(matrix_misses_floor.check(scope_of(*_matrix("3.11", "3.12")))) == []


def test_a_lint_only_ci_job_is_not_a_test():
    lint = [replace(d, purpose=Purpose.TOOLING) for d in _matrix("3.12", "3.13")]
    assert (
        list(matrix_misses_floor.check(scope_of(supported("pyproject.toml", ">=3.9"), *lint))) == []
    )


def test_a_single_ci_test_job_counts_as_ci_tests():
    scope = scope_of(
        supported("pyproject.toml", ">=3.9,<3.14"),
        runtime_pin(CI, "3.12", source="workflow"),
    )
    [finding] = matrix_misses_floor.check(scope)
    assert "nothing tests 3.9" in finding.message
