"""A CI job's Python from the conda environment file its setup step creates
(`environment-file:` of setup-micromamba and setup-miniconda), resolved through the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import scan_tree

from pyparity.model import Purpose, Role

TODAY = dt.date(2026, 12, 2)

MATRIX_WORKFLOW = """\
name: Tests
on: [push, pull_request]
jobs:
  test:
    runs-on: ${{ matrix.os }}
    defaults:
      run:
        shell: bash -l {0}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest]
        env:
          - ci/envs/310-min.yaml   # the oldest dependencies
          - ci/envs/312-latest.yaml
        include:
          - env: ci/envs/312-latest.yaml
            os: windows-latest
    steps:
      - uses: actions/checkout@v4
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: ${{ matrix.env }}
          cache-environment: true
      - run: pytest -n auto
"""


def environment(python: str) -> str:
    return f"name: test\nchannels:\n  - conda-forge\ndependencies:\n  - {python}\n  - pytest\n"


def check(tmp_path: Path, files: dict[str, str | bytes]):
    return scan_tree(tmp_path, files, TODAY)


def ci(result) -> list[tuple[int, str, Role, Purpose | None, str, str]]:
    return [
        (d.line, d.raw, d.role, d.purpose, d.origin, d.note)
        for d in result.declarations
        if d.file.startswith(".github/")
    ]


def test_a_matrix_of_environment_files_is_the_set_of_their_pythons(tmp_path):
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": MATRIX_WORKFLOW,
            "ci/envs/310-min.yaml": environment("python=3.10"),
            "ci/envs/312-latest.yaml": environment("python=3.12"),
        },
    )
    assert ci(result) == [
        (14, "ci/envs/310-min.yaml (python=3.10)", Role.MATRIX, Purpose.RUNTIME, "ci/envs/310-min.yaml", ""),
        (15, "ci/envs/312-latest.yaml (python=3.12)", Role.MATRIX, Purpose.RUNTIME, "ci/envs/312-latest.yaml", ""),
        (17, "ci/envs/312-latest.yaml (python=3.12)", Role.MATRIX, Purpose.RUNTIME, "ci/envs/312-latest.yaml", ""),
    ]  # fmt: skip
    groups = {d.group for d in result.declarations if d.file.startswith(".github/")}
    assert len(groups) == 1
    assert groups != {""}
    assert "from ci/envs/310-min.yaml:5" in result.declarations[0].context


def test_the_environments_are_compared_with_the_project(tmp_path):
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": MATRIX_WORKFLOW,
            "ci/envs/310-min.yaml": environment("python=3.10"),
            "ci/envs/312-latest.yaml": environment("python=3.12"),
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.11"\n',
        },
    )
    assert [(f.rule, f.file, f.line, f.severity.value) for f in result.findings] == [
        ("outside-range", ".github/workflows/tests.yml", 14, "error"),
        ("matrix-misses-floor", "pyproject.toml", 3, "warning"),  # nothing tests 3.11
    ]
    assert "ci/envs/310-min.yaml (python=3.10)" in result.findings[0].message


def test_the_spellings_of_a_python_pin_in_the_file(tmp_path):
    workflow = MATRIX_WORKFLOW.replace("310-min.yaml   # the oldest dependencies", "a.yml")
    for spec, expected in (
        ("python 3.11.*", "3.11"),
        ("conda-forge::python=3.11.*=*_cp311", "3.11"),
        ("python==3.11.9", "3.11.9"),
        ('"python=3.11"', "3.11"),
    ):
        result = check(
            tmp_path,
            {
                ".github/workflows/tests.yml": workflow,
                "ci/envs/a.yml": environment(spec),
                "ci/envs/312-latest.yaml": environment("python=3.12"),
            },
        )
        assert ci(result)[0][1] == f"ci/envs/a.yml (python={expected})", spec


def test_an_ugly_environment_file_is_read(tmp_path):
    ugly = (
        "\ufeff# CI environment\r\nname: test\r\nchannels: [conda-forge]\r\n"
        "dependencies:\r\n  # \tpinned below\r\n  - numpy  # latest\r\n  - python=3.12  # the newest we test\r\n"
    ).encode()
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": MATRIX_WORKFLOW,
            "ci/envs/310-min.yaml": environment("python=3.10"),
            "ci/envs/312-latest.yaml": ugly,
        },
    )
    assert [raw for _, raw, *_ in ci(result)][1:] == ["ci/envs/312-latest.yaml (python=3.12)"] * 2


def test_a_file_that_admits_several_pythons_is_left_unresolved(tmp_path):
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": MATRIX_WORKFLOW,
            "ci/envs/310-min.yaml": environment("python=3.10"),
            "ci/envs/312-latest.yaml": environment("python>=3.12"),
        },
    )
    unresolved = [entry for entry in ci(result) if entry[2] is Role.UNRESOLVED]
    assert [(line, note) for line, _, _, _, _, note in unresolved] == [
        (
            line,
            "environment file ci/envs/312-latest.yaml takes python >=3.12: conda picks the "
            "newest it admits that the other packages allow",
        )
        for line in (15, 17)
    ]


def test_files_that_declare_no_python_declare_nothing(tmp_path):
    """No `python` entry, a lock file, a missing file, broken YAML, a file named by an
    expression that cannot be known: the job's Python is not known, and nothing is said."""
    workflow = """\
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: conda-incubator/setup-miniconda@v3
        with:
          environment-file: environment.yml
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: conda-linux-64.lock
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: ci/missing.yml
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: ci/broken.yml
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: ${{ steps.pick.outputs.file }}
      - run: pytest
"""
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": workflow,
            "environment.yml": "name: dev\ndependencies:\n  - python\n  - numpy\n",
            "conda-linux-64.lock": "@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/x.conda\n",
            "ci/broken.yml": "dependencies: [python=3.9\n",
        },
    )
    assert ci(result) == []
    assert [f.file for f in result.findings if f.rule == "parse-error"] == []


def test_an_explicit_python_wins_over_the_file(tmp_path):
    """setup-miniconda's `python-version`, setup-micromamba's `create-args: python=`: that
    Python is the job's, read where it is written; the file's is not read."""
    workflow = """\
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.11", "3.12"]
    steps:
      - uses: conda-incubator/setup-miniconda@v3
        with:
          python-version: ${{ matrix.python }}
          environment-file: ci/env.yml
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: ci/env.yml
          create-args: >-
            python=${{ matrix.python }}
      - run: pytest
"""
    result = check(
        tmp_path, {".github/workflows/tests.yml": workflow, "ci/env.yml": environment("python=3.9")}
    )
    assert {raw for _, raw, *_ in ci(result)} == {"3.11", "3.12"}


def test_an_environment_file_read_on_its_own_is_one_vote(tmp_path):
    """`environment.yml` is read by the conda reader; the job that creates it repeats its
    version (the link names it as its origin), so a finding is about the file, once."""
    workflow = """\
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: mamba-org/setup-micromamba@v2
        with:
          environment-file: ./environment.yml
      - run: pytest
"""
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": workflow,
            "environment.yml": environment("python=3.9"),
            ".python-version": "3.12\n",
            "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        },
    )
    assert ci(result) == [
        (7, "environment.yml (python=3.9)", Role.PIN, Purpose.RUNTIME, "environment.yml", "")
    ]
    mismatches = [f for f in result.findings if f.rule == "pin-mismatch"]
    assert len(mismatches) == 1
    assert mismatches[0].file == "environment.yml"  # two votes against one, not a tie


def test_a_docs_job_environment_is_tooling(tmp_path):
    workflow = """\
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: conda-incubator/setup-miniconda@v3
        with:
          environment-file: ci/docs-env.yml
      - run: sphinx-build -W docs docs/_build
"""
    result = check(
        tmp_path,
        {".github/workflows/docs.yml": workflow, "ci/docs-env.yml": environment("python=3.13")},
    )
    assert [(raw, role, purpose) for _, raw, role, purpose, _, _ in ci(result)] == [
        ("ci/docs-env.yml (python=3.13)", Role.PIN, Purpose.TOOLING)
    ]
