"""setup-python given a version, then `uv sync` / `uv run` with no `--python`: uv takes the
`.python-version` above the job's folder where there is one, so that file's Python is the one
tested and setup-python's is not (astral-sh/uv#4361)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import scan_tree

from pyparity.model import Purpose, Role

TODAY = dt.date(2026, 12, 2)

# A release workflow's test job: the matrix picks setup-python's Python, uv comes from its
# installer script, and every command runs through uv.
MATRIX_JOB = """\
name: Release
on:
  push:
    tags: ['v*']
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ['3.10', '3.11', '3.12']
    steps:
    - uses: actions/checkout@v4
    - name: Set up Python ${{ matrix.python-version }}
      uses: actions/setup-python@v5
      with:
        python-version: ${{ matrix.python-version }}
    - name: Install uv
      run: |
        curl -LsSf https://astral.sh/uv/install.sh | sh
        echo "$HOME/.local/bin" >> $GITHUB_PATH
    - name: Install
      run: |
        uv sync --all-extras
        uv pip install pip --upgrade
    - name: Test
      run: uv run pytest -q
"""

PYPROJECT = """\
[project]
name = "redactor"
version = "1.0"
requires-python = ">=3.10"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
]
"""


def check(tmp_path: Path, files: dict[str, str | bytes]):
    return scan_tree(tmp_path, files, TODAY)


def ci(result) -> list[tuple[int, str, Role, Purpose | None]]:
    return [
        (d.line, d.raw, d.role, d.purpose)
        for d in result.declarations
        if d.file.startswith(".github/")
    ]


def test_the_python_version_file_is_what_every_leg_tests(tmp_path):
    result = check(
        tmp_path,
        {
            ".github/workflows/release.yml": MATRIX_JOB,
            ".python-version": "3.13\n",
            "pyproject.toml": PYPROJECT,
        },
    )
    assert sorted(ci(result)) == [
        (10, "3.10", Role.MATRIX, Purpose.TOOLING),
        (10, "3.11", Role.MATRIX, Purpose.TOOLING),
        (10, "3.12", Role.MATRIX, Purpose.TOOLING),
        (10, "matrix.python-version: 3.10, 3.11, 3.12", Role.UNRESOLVED, Purpose.RUNTIME),
        (22, ".python-version (3.13)", Role.PIN, Purpose.RUNTIME),
    ]
    [axis] = [f for f in result.findings if f.rule == "matrix-axis-unused"]
    assert (axis.file, axis.line, axis.severity.value) == (
        ".github/workflows/release.yml",
        10,
        "warning",
    )
    assert axis.message == (
        ".github/workflows/release.yml:10: matrix.python-version of job test lists 3.10, 3.11"
        " and 3.12, but setup-python's Python is not the one tested: `uv sync` / `uv run` take"
        " .python-version (3.13), so every leg runs 3.13"
    )
    # No "the CI matrix lacks the pinned 3.13": the pin is what CI runs.
    assert not [f for f in result.findings if f.rule == "matrix-misses-pin"]
    assert not [f for f in result.findings if f.rule == "unresolved"]


def test_without_the_file_setup_pythons_matrix_is_tested(tmp_path):
    """uv then finds setup-python's interpreter first on PATH (it satisfies requires-python)."""
    result = check(
        tmp_path, {".github/workflows/release.yml": MATRIX_JOB, "pyproject.toml": PYPROJECT}
    )
    assert ci(result) == [
        (10, "3.10", Role.MATRIX, Purpose.RUNTIME),
        (10, "3.11", Role.MATRIX, Purpose.RUNTIME),
        (10, "3.12", Role.MATRIX, Purpose.RUNTIME),
    ]
    assert not [f for f in result.findings if f.rule == "matrix-axis-unused"]


def test_the_file_of_the_jobs_own_folder_counts(tmp_path):
    workflow = MATRIX_JOB.replace(
        "    runs-on: ubuntu-latest\n",
        "    runs-on: ubuntu-latest\n    defaults:\n      run:\n        working-directory: api\n",
    )
    result = check(
        tmp_path,
        {
            ".github/workflows/release.yml": workflow,
            "api/.python-version": "3.12\n",
            ".python-version": "3.13\n",
        },
    )
    pins = [(raw, purpose) for _, raw, role, purpose in ci(result) if role is Role.PIN]
    assert pins == [("api/.python-version (3.12)", Purpose.RUNTIME)]


def test_one_setup_python_version_becomes_tooling_with_no_axis_finding(tmp_path):
    workflow = MATRIX_JOB.replace(
        "    strategy:\n      matrix:\n        python-version: ['3.10', '3.11', '3.12']\n", ""
    ).replace("${{ matrix.python-version }}", "'3.11'")
    result = check(
        tmp_path, {".github/workflows/release.yml": workflow, ".python-version": "3.13\n"}
    )
    assert ci(result) == [
        (13, "3.11", Role.PIN, Purpose.TOOLING),
        (19, ".python-version (3.13)", Role.PIN, Purpose.RUNTIME),
    ]
    assert not [f for f in result.findings if f.rule == "matrix-axis-unused"]


def test_pip_installing_uv_itself_changes_nothing(tmp_path):
    workflow = MATRIX_JOB.replace(
        "curl -LsSf https://astral.sh/uv/install.sh | sh", "python -m pip install --upgrade uv"
    )
    result = check(
        tmp_path, {".github/workflows/release.yml": workflow, ".python-version": "3.13\n"}
    )
    assert [f.rule for f in result.findings if f.rule == "matrix-axis-unused"] == [
        "matrix-axis-unused"
    ]


def test_commands_that_choose_another_python_or_environment_keep_setup_python(tmp_path):
    """The matrix reaches uv, or the tests run in setup-python's own environment."""
    for old, new in [
        ("uv sync --all-extras", "uv sync --all-extras --active"),
        ("uv sync --all-extras", "uv sync --python ${{ matrix.python-version }}"),
        ("uv sync --all-extras", "pip install -e .[test]"),
        ("uv pip install pip --upgrade", "uv pip install --system -e ."),
        (
            "    - name: Test\n",
            "    - name: Test\n      env:\n        UV_PYTHON: ${{ matrix.python-version }}\n",
        ),
        (
            "    - name: Install\n",
            "    - name: Install\n      env:\n        UV_PROJECT_ENVIRONMENT: ${{ env.pythonLocation }}\n",
        ),
        (
            "    - uses: actions/checkout@v4\n",
            "    - uses: actions/checkout@v4\n    - uses: conda-incubator/setup-miniconda@v3\n",
        ),
    ]:
        assert old in MATRIX_JOB
        workflow = MATRIX_JOB.replace(old, new)
        result = check(
            tmp_path, {".github/workflows/release.yml": workflow, ".python-version": "3.13\n"}
        )
        purposes = {purpose for _, raw, role, purpose in ci(result) if raw == "3.10"}
        assert purposes == {Purpose.RUNTIME}, new
        assert not [f for f in result.findings if f.rule == "matrix-axis-unused"], new


def test_a_uv_tool_beside_tests_on_setup_pythons_python_keeps_it(tmp_path):
    """`uv run ruff` makes uv's environment for the linter; pytest runs on setup-python's."""
    workflow = MATRIX_JOB.replace(
        "        uv sync --all-extras\n        uv pip install pip --upgrade\n",
        '        uv pip install --python "$(which python)" -e .\n',
    ).replace("run: uv run pytest -q", "run: |\n        uv run ruff check .\n        pytest -q")
    result = check(
        tmp_path, {".github/workflows/release.yml": workflow, ".python-version": "3.13\n"}
    )
    purposes = {purpose for _, raw, role, purpose in ci(result) if raw == "3.10"}
    assert purposes == {Purpose.RUNTIME}


def test_a_setup_python_step_after_the_uv_commands_keeps_its_python(tmp_path):
    """A later step runs `python` on the Python set up after uv's commands."""
    workflow = MATRIX_JOB + (
        "    - uses: actions/setup-python@v5\n"
        "      with:\n"
        "        python-version: '3.14'\n"
        "    - run: python scripts/check_wheel.py\n"
    )
    result = check(
        tmp_path, {".github/workflows/release.yml": workflow, ".python-version": "3.13\n"}
    )
    purposes = {purpose for _, raw, role, purpose in ci(result) if raw in ("3.10", "3.14")}
    assert purposes == {Purpose.RUNTIME}
    assert not [f for f in result.findings if f.rule == "matrix-axis-unused"]


def test_another_repositorys_checkout_is_not_read_for_its_file(tmp_path):
    """A downstream job that runs uv in a checkout of another project (`repository:` and
    `path:`): which `.python-version` uv finds there is not this repository's to say."""
    workflow = MATRIX_JOB.replace(
        "    - uses: actions/checkout@v4\n",
        "    - uses: actions/checkout@v4\n"
        "    - uses: actions/checkout@v4\n"
        "      with:\n"
        "        repository: example/downstream\n"
        "        path: downstream\n",
    ).replace(
        "    steps:\n",
        "    defaults:\n      run:\n        working-directory: downstream\n    steps:\n",
    )
    result = check(
        tmp_path, {".github/workflows/release.yml": workflow, ".python-version": "3.13\n"}
    )
    purposes = {purpose for _, raw, role, purpose in ci(result) if raw == "3.10"}
    assert purposes == {Purpose.RUNTIME}
    assert not [d for d in result.declarations if d.raw.endswith(".python-version (3.13)")]
    assert not [f for f in result.findings if f.rule == "matrix-axis-unused"]
