"""matrix-mismatch with hatch matrices: a declared test set like tox's env list."""

import pytest
from helpers import matrix_entry, scope_of, text_file

from pyparity.rules import matrix_mismatch
from pyparity.sources import pyproject

CI = ".github/workflows/ci.yml"


def _pyproject(body):
    return tuple(pyproject.read(text_file("pyproject.toml", body)))


def _ci(*versions):
    return tuple(matrix_entry(CI, v, 10 + i, group="ci test") for i, v in enumerate(versions))


_TEST_MATRIX = '[[tool.hatch.envs.test.matrix]]\npython = ["3.10", "3.11", "3.12"]\n'


@pytest.mark.parametrize(
    ("body", "ci", "expected"),
    [
        pytest.param(
            _TEST_MATRIX,
            ("3.10", "3.11", "3.12", "3.13"),
            [
                "the hatch matrix of pyproject.toml (pyproject.toml:2) lacks 3.13, which the CI "
                f"matrix ({CI}:13) has"
            ],
            id="fires-hatch-lacks-what-ci-tests",
        ),
        pytest.param(
            _TEST_MATRIX + '[project]\nclassifiers = ["Programming Language :: Python :: 3.10",'
            ' "Programming Language :: Python :: 3.11"]\n',
            (),
            [
                "the classifier list of pyproject.toml (pyproject.toml:4) lacks 3.12, which the "
                "hatch matrix of pyproject.toml (pyproject.toml:2) has"
            ],
            id="fires-classifiers-lack-what-hatch-tests",
        ),
        pytest.param(_TEST_MATRIX, ("3.10", "3.11", "3.12"), [], id="quiet-when-equal"),
        pytest.param(
            '[[tool.hatch.envs.test.matrix]]\npython = ["3.10", "3.11"]\n'
            '[[tool.hatch.envs.cov.matrix]]\npython = ["3.12"]\n',
            ("3.10", "3.11", "3.12"),
            [],
            id="quiet-test-environments-of-a-file-form-one-set",
        ),
        pytest.param(
            _TEST_MATRIX + '[[tool.hatch.envs.lint.matrix]]\npython = ["3.13", "3.14"]\n',
            ("3.10", "3.11", "3.12"),
            [],
            id="quiet-lint-matrix-is-not-a-test-set",
        ),
        pytest.param(
            '[tool.hatch.envs.test]\npython = "3.12"\n',
            ("3.10", "3.11", "3.12"),
            [],
            id="quiet-a-single-python-is-a-pin",
        ),
    ],
)
def test_hatch_matrix_is_compared(body, ci, expected):
    findings = matrix_mismatch.check(scope_of(*_pyproject(body), *_ci(*ci)))
    assert [f.message for f in findings] == expected
