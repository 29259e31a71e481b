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


# A library whose wheels cibuildwheel builds and tests, with one more job that tests an older
# NumPy on one Python (modelled on the layout of numerical libraries' build workflows).
WHEELS_WORKFLOW = """\
name: Build
on: [push, pull_request]
jobs:
  build_wheels:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        include:
          - os: ubuntu-latest
            python-version: "3.x"
          - os: ubuntu-latest
            python-version: "3.12"
            numpy-version: "1.26"
          - os: windows-latest
            python-version: "3.x"
    steps:
      - uses: actions/checkout@v6
      - uses: actions/setup-python@v6
        with:
          python-version: ${{ matrix.python-version }}
      - name: Test with an older NumPy
        if: matrix.numpy-version
        run: |
          pip install "numpy==${{ matrix.numpy-version }}.*" pytest
          pip install -e .
          python -m pytest
      - name: Build wheels
        if: ${{ !matrix.numpy-version }}
        uses: pypa/cibuildwheel@v3.1
"""

WHEELS_PYPROJECT = """\
[project]
name = "fastnum"
version = "2.1.0"
requires-python = ">=3.11"

[tool.cibuildwheel]
skip = ["*-manylinux_i686", "*_s390x"]
test-command = ["python -m pytest --pyargs fastnum"]
"""


def _floor_findings(tmp_path, files):
    from helpers import scan_tree

    result = scan_tree(tmp_path, files)
    return [f for f in result.findings if f.rule in ("matrix-misses-floor", "unresolved")]


def test_cibuildwheel_testing_every_wheel_of_the_range_tests_the_floor(tmp_path):
    files = {".github/workflows/build.yml": WHEELS_WORKFLOW, "pyproject.toml": WHEELS_PYPROJECT}
    assert _floor_findings(tmp_path / "tested", files) == []
    # No test command: the wheels are built, not tested, and 3.11 is tested nowhere.
    untested = WHEELS_PYPROJECT.replace(
        'test-command = ["python -m pytest --pyargs fastnum"]\n', ""
    )
    [finding] = _floor_findings(tmp_path / "untested", {**files, "pyproject.toml": untested})
    assert finding.rule == "matrix-misses-floor"
    assert finding.message.startswith("nothing tests 3.11, the lowest minor")
    # The test command in the step's environment instead.
    in_env = WHEELS_WORKFLOW.replace(
        "        uses: pypa/cibuildwheel@v3.1\n",
        "        uses: pypa/cibuildwheel@v3.1\n"
        "        env:\n"
        "          CIBW_TEST_COMMAND: pytest {project}/tests\n",
    )
    env_files = {".github/workflows/build.yml": in_env, "pyproject.toml": untested}
    assert _floor_findings(tmp_path / "env", env_files) == []
    # A floor cibuildwheel 3 builds no wheel of: still tested nowhere.
    old_floor = WHEELS_PYPROJECT.replace(">=3.11", ">=3.7")
    [finding] = _floor_findings(tmp_path / "old", {**files, "pyproject.toml": old_floor})
    assert finding.message.startswith("nothing tests 3.7, the lowest minor")


def test_cibuildwheel_testing_the_wheels_it_selects_tests_those_minors(tmp_path):
    selected = WHEELS_WORKFLOW.replace(
        "        uses: pypa/cibuildwheel@v3.1\n",
        "        uses: pypa/cibuildwheel@v3.1\n"
        "        env:\n"
        '          CIBW_BUILD: "cp311-* cp313-*"\n'
        "          CIBW_TEST_COMMAND: python -m pytest --pyargs fastnum\n",
    )
    untested = WHEELS_PYPROJECT.replace(
        'test-command = ["python -m pytest --pyargs fastnum"]\n', ""
    )
    files = {".github/workflows/build.yml": selected, "pyproject.toml": untested}
    assert _floor_findings(tmp_path / "floor", files) == []
    above = selected.replace('"cp311-* cp313-*"', '"cp312-* cp313-*"')
    [finding] = _floor_findings(tmp_path / "above", {**files, ".github/workflows/build.yml": above})
    assert finding.message.startswith("nothing tests 3.11, the lowest minor")


def test_a_recipes_host_and_run_requirements_are_one_untested_floor():
    """A conda recipe repeats `python >=3.9` in its host and run requirements: one finding,
    on the first (pytorch/ignite's, beside a matrix of 3.10 to 3.14)."""
    from helpers import text_file

    from pyparity.sources.conda_recipe import read

    recipe = (
        "package:\n  name: acme\n  version: 1.0\n\nrequirements:\n  build:\n    - hatchling\n"
        "    - python >=3.9,<=3.13\n\n  run:\n    - python >=3.9,<=3.13\n    - numpy\n"
    )
    declarations = (*read(text_file("conda.recipe/meta.yaml", recipe)), *_matrix("3.10", "3.11"))
    [finding] = matrix_misses_floor.check(scope_of(*declarations))
    assert (finding.file, finding.line) == ("conda.recipe/meta.yaml", 8)
    # a second file with the same floor still speaks for itself
    both = (*declarations, supported("pyproject.toml", ">=3.9", line=5))
    assert len(list(matrix_misses_floor.check(scope_of(*both)))) == 2
