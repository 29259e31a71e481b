"""Local composite actions: a step's `uses: ./.github/actions/x` with `with:` inputs gives the
action's `${{ inputs.x }}` its values (over the caller's matrix), and the action's input
default where a caller leaves the input out."""

from __future__ import annotations

from pathlib import Path

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Purpose, Role

TODAY = __import__("datetime").date(2026, 12, 2)

ACTION = """\
name: Set up the environment
inputs:
  python-version:
    description: the Python to test on
    required: false
    default: "3.12"
  sync:
    default: "true"
runs:
  using: composite
  steps:
    - uses: astral-sh/setup-uv@v6
      with:
        python-version: ${{ inputs.python-version }}
        enable-cache: true
    - run: uv sync --locked
      shell: bash
"""

CALLER = """\
on: pull_request
jobs:
  tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.11", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup-env
        with:
          python-version: ${{ matrix.python-version }}
      - run: uv run pytest
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup-env/
      - run: uv run ruff check
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def check(tmp_path: Path, files: dict[str, str]):
    write(tmp_path, files)
    return run(str(tmp_path), Config(today=TODAY, code=False))


def test_the_callers_matrix_reaches_the_actions_setup_step(tmp_path):
    result = check(
        tmp_path,
        {".github/actions/setup-env/action.yml": ACTION, ".github/workflows/ci.yml": CALLER},
    )
    found = [(d.file, d.line, d.raw, d.role, d.purpose) for d in result.declarations]
    assert found == [
        (".github/actions/setup-env/action.yml", 6, "3.12", Role.MATRIX, Purpose.UNKNOWN),
        (".github/workflows/ci.yml", 7, "3.10", Role.MATRIX, Purpose.RUNTIME),
        (".github/workflows/ci.yml", 7, "3.11", Role.MATRIX, Purpose.RUNTIME),
        (".github/workflows/ci.yml", 7, "3.13", Role.MATRIX, Purpose.RUNTIME),
    ]
    assert "for .github/actions/setup-env/action.yml:14" in result.declarations[1].context
    assert not [f for f in result.findings if f.rule == "unresolved"]


def test_the_values_are_compared_with_the_project(tmp_path):
    pyproject = '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
    result = check(
        tmp_path,
        {
            ".github/actions/setup-env/action.yml": ACTION,
            ".github/workflows/ci.yml": CALLER,
            "pyproject.toml": pyproject,
        },
    )
    outside = [(f.file, f.line) for f in result.findings if f.rule == "outside-range"]
    assert outside == [(".github/workflows/ci.yml", 7)]


def test_an_action_no_caller_sets_takes_its_default(tmp_path):
    caller = CALLER.replace(
        "        with:\n          python-version: ${{ matrix.python-version }}\n", ""
    )
    result = check(
        tmp_path,
        {".github/actions/setup-env/action.yml": ACTION, ".github/workflows/ci.yml": caller},
    )
    found = [(d.file, d.line, d.raw, d.role) for d in result.declarations]
    # The job's own matrix axis stays listed as the job's: a composite action sees the
    # caller's `matrix` context and may set it up unasked (bottleneck's action does).
    assert found == [
        (".github/actions/setup-env/action.yml", 6, "3.12", Role.PIN),
        *((".github/workflows/ci.yml", 7, v, Role.MATRIX) for v in ("3.10", "3.11", "3.13")),
    ]


def test_an_action_input_without_default_or_caller_stays_unresolved(tmp_path):
    action = ACTION.replace('    default: "3.12"\n', "")
    result = check(tmp_path, {".github/actions/setup-env/action.yml": action})
    [finding] = result.findings
    assert finding.rule == "unresolved"
    assert "no caller in this repository sets it" in finding.message


def test_a_call_in_another_action_is_followed(tmp_path):
    outer = (
        "name: outer\nruns:\n  using: composite\n  steps:\n"
        "    - uses: ./.github/actions/setup-env\n      with:\n        python-version: '3.13'\n"
    )
    result = check(
        tmp_path,
        {
            ".github/actions/setup-env/action.yml": ACTION,
            ".github/actions/outer/action.yaml": outer,
        },
    )
    found = [(d.file, d.line, d.raw) for d in result.declarations]
    assert found == [(".github/actions/outer/action.yaml", 7, "3.13")]


def test_an_action_of_another_repository_is_not_this_one(tmp_path):
    caller = CALLER.replace(
        "./.github/actions/setup-env", "other/repo/.github/actions/setup-env@v1"
    )
    result = check(
        tmp_path,
        {".github/actions/setup-env/action.yml": ACTION, ".github/workflows/ci.yml": caller},
    )
    found = [(d.file, d.line, d.raw, d.purpose) for d in result.declarations]
    # The caller's matrix is listed as its own, of unknown purpose: the remote action's
    # inputs cannot be read.
    assert found == [
        (".github/actions/setup-env/action.yml", 6, "3.12", Purpose.UNKNOWN),
        *((".github/workflows/ci.yml", 7, v, Purpose.UNKNOWN) for v in ("3.10", "3.11", "3.13")),
    ]


def test_an_actions_run_steps_are_read(tmp_path):
    action = ACTION.replace("run: uv sync --locked", "run: uv venv --python 3.11")
    result = check(tmp_path, {".github/actions/setup-env/action.yml": action})
    found = [(d.line, d.raw, d.context.split(",")[0]) for d in result.declarations]
    assert (16, "3.11", "step 2") in found


def test_a_value_passed_on_as_an_expression_stays_unresolved_and_says_why(tmp_path):
    reusable = (
        "on:\n  workflow_call:\n    inputs:\n      python-version:\n        type: string\n"
        "jobs:\n  test:\n    steps:\n      - uses: ./.github/actions/setup-env\n"
        "        with:\n          python-version: ${{ inputs.python-version }}\n"
        "      - run: pytest\n"
    )
    action = ACTION.replace('"3.12"', "default")  # a word the action handles itself
    result = check(
        tmp_path,
        {
            ".github/actions/setup-env/action.yml": action,
            ".github/workflows/reusable.yml": reusable,
        },
    )
    assert not [f for f in result.findings if f.rule == "unknown-version"]
    notes = sorted(d.note for d in result.declarations if d.role is Role.UNRESOLVED)
    assert notes == [
        "'${{ inputs.python-version }}' passed on as an expression that cannot be known statically"
    ]


def test_a_word_default_is_not_taken_for_a_version(tmp_path):
    action = ACTION.replace('"3.12"', "default")
    result = check(tmp_path, {".github/actions/setup-env/action.yml": action})
    assert not [f for f in result.findings if f.rule == "unknown-version"]
    [declaration] = result.declarations
    assert declaration.role is Role.UNRESOLVED
    assert "not a version" in declaration.note


BUILD_TEST_ACTION = """\
name: build-test
description: "build and test the package"
runs:
  using: composite
  steps:
    - name: Set up Python ${{ matrix.python-version }}
      uses: astral-sh/setup-uv@v7
      with:
        python-version: ${{ matrix.python-version }}
    - run: uv sync --group test
      shell: bash
    - run: uv run --no-sync pytest --pyargs pkg
      shell: bash
"""

BARE_CALLER = """\
on: [push]
jobs:
  test:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        python-version: ["3.10", "3.14"]
    steps:
      - uses: actions/checkout@v5
      - uses: ./.github/build-test-action
"""


def test_an_action_in_another_folder_of_github_is_read_and_reads_the_callers_matrix(tmp_path):
    """bottleneck's `./.github/bottleneck-action`, called with no inputs, sets up the caller's
    `matrix.python-version` itself and runs the tests: the matrix is the job's, a test one."""
    result = check(
        tmp_path,
        {
            ".github/build-test-action/action.yml": BUILD_TEST_ACTION,
            ".github/workflows/ci.yml": BARE_CALLER,
        },
    )
    found = [(d.file, d.line, d.raw, d.purpose) for d in result.declarations if d.raw[0] == "3"]
    assert found == [
        (".github/workflows/ci.yml", 8, "3.10", Purpose.RUNTIME),
        (".github/workflows/ci.yml", 8, "3.14", Purpose.RUNTIME),
    ]


def test_what_is_an_action_file():
    from pyparity.sources.github_actions.workflow import is_action_file, matches

    assert is_action_file(".github/actions/setup/action.yml")
    assert is_action_file(".github/workflows/shared-build/action.yml")
    assert is_action_file(".github/build-test-action/action.yaml")
    assert not is_action_file(".github/workflows/action.yml")  # a workflow named so
    assert not is_action_file("action.yml")  # published: sources/published_action.py
    assert matches(".github/workflows/action.yml")


def test_inputs_that_are_no_python_leave_the_jobs_python_axis_listed(tmp_path):
    """iris: `./.github/workflows/composite/conda-env-cache` given a cache build number and
    an env name; the matrix's Python reaches a lock file's name in a `run:` step."""
    caller = BARE_CALLER.replace(
        "      - uses: ./.github/build-test-action\n",
        '      - run: echo "LOCK_FILE=py${{ matrix.python-version }}.lock" >> $GITHUB_ENV\n'
        "      - uses: ./.github/workflows/composite/env-cache\n"
        "        with:\n"
        "          cache_build: 6\n"
        "          env_name: ${{ env.ENV_NAME }}\n",
    ).replace("    steps:\n", "    env:\n      ENV_NAME: ci-tests\n    steps:\n")
    action = "runs:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.env_name }}\n      shell: bash\n"
    result = check(
        tmp_path,
        {
            ".github/workflows/composite/env-cache/action.yml": action,
            ".github/workflows/ci.yml": caller,
        },
    )
    assert [(d.line, d.raw) for d in result.declarations if d.raw[0] == "3"] == [
        (8, "3.10"),
        (8, "3.14"),
    ]


def test_an_action_called_inside_the_folder_the_repository_is_checked_out_to(tmp_path):
    """`actions/checkout` with `path: src/`, then `uses: ./src/.github/actions/x`: the
    repository's own action (a job that keeps its workspace root for downloaded builds)."""
    caller = CALLER.replace(
        "      - uses: actions/checkout@v4\n      - uses: ./.github/actions/setup-env\n",
        "      - uses: actions/checkout@v4\n        with:\n          path: src/\n"
        "      - uses: ./src/.github/actions/setup-env\n",
    )
    result = check(
        tmp_path,
        {".github/actions/setup-env/action.yml": ACTION, ".github/workflows/ci.yml": caller},
    )
    tested = [d for d in result.declarations if d.file.endswith("ci.yml")]
    assert [(d.line, d.raw) for d in tested] == [(7, "3.10"), (7, "3.11"), (7, "3.13")]
    assert all("calls .github/actions/setup-env" in d.context for d in tested)
    another = caller.replace("path: src/", "path: src/\n          repository: org/other")
    result = check(
        tmp_path,
        {".github/actions/setup-env/action.yml": ACTION, ".github/workflows/ci.yml": another},
    )
    # another repository's checkout: its action is not this one (the axis is listed as such)
    assert not any("calls .github/actions" in d.context for d in result.declarations)


MICROMAMBA_ACTION = """\
name: Run the tests in a conda environment
inputs:
  python:
    required: true
runs:
  using: composite
  steps:
    - uses: mamba-org/setup-micromamba@v2
      with:
        create-args: >-
          python=${{ inputs.python }}
        environment-file: conda-linux-64.lock
    - run: pytest
      shell: bash -l {0}
"""


def test_the_callers_matrix_reaches_the_actions_conda_specs(tmp_path):
    """pymor's shape: the action's `create-args: python=${{ inputs.python }}` takes each
    caller's value, not the expression's first word."""
    caller = CALLER.replace("./.github/actions/setup-env", "./.github/actions/conda-tests")
    caller = caller.replace("python-version: ${{ matrix", "python: ${{ matrix")
    result = check(
        tmp_path,
        {
            ".github/actions/conda-tests/action.yml": MICROMAMBA_ACTION,
            ".github/workflows/ci.yml": caller,
        },
    )
    found = [(d.file, d.line, d.raw, d.role) for d in result.declarations]
    assert found == [
        (".github/workflows/ci.yml", 7, "3.10", Role.MATRIX),
        (".github/workflows/ci.yml", 7, "3.11", Role.MATRIX),
        (".github/workflows/ci.yml", 7, "3.13", Role.MATRIX),
    ]


def test_the_callers_working_directory_places_the_actions_values_in_its_project(tmp_path):
    # prowler's api-tests job: `defaults.run.working-directory: ./api`, a local action that
    # sets up the matrix's Python, and the tests run in api/, a project of its own.
    caller = """\
on: pull_request
jobs:
  api-tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.12"]
    defaults:
      run:
        working-directory: ./api
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup-env
        with:
          python-version: ${{ matrix.python-version }}
      - run: uv run pytest -x
  sdk-tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.11", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup-env
        with:
          python-version: ${{ matrix.python-version }}
      - run: uv run pytest tests
"""
    result = check(
        tmp_path,
        {
            ".github/actions/setup-env/action.yml": ACTION,
            ".github/workflows/ci.yml": caller,
            "pyproject.toml": '[project]\nname = "sdk"\nrequires-python = ">=3.10,<3.14"\n',
            "api/pyproject.toml": '[project]\nname = "api"\nrequires-python = ">=3.11,<3.13"\n',
        },
    )
    scopes = {
        (d.line, d.raw): d.scope
        for d in result.declarations
        if d.file == ".github/workflows/ci.yml"
    }
    assert scopes == {
        (7, "3.12"): "api",
        (21, "3.10"): ".",
        (21, "3.11"): ".",
        (21, "3.12"): ".",
        (21, "3.13"): ".",
    }
    floors = [(f.file, f.line) for f in result.findings if f.rule == "matrix-misses-floor"]
    assert floors == [("api/pyproject.toml", 3)]


SETUP_ONLY_ACTION = """\
name: Setup Tests
inputs:
  python-version:
    description: 'Python version'
    required: false
    default: '3.10'
runs:
  using: "composite"
  steps:
    - name: Set up Python ${{inputs.python-version}}
      uses: actions/setup-python@v5
      with:
        python-version: ${{inputs.python-version}}
    - name: Build the front end
      run: |-
        make build
      shell: bash
"""

REUSABLE_TESTS = """\
on:
  workflow_call:
    inputs:
      python-version:
        type: string
jobs:
    unit_tests:
        runs-on: ubuntu-latest
        steps:
        - uses: actions/checkout@v4
        - name: Setup Tests
          uses: "./.github/actions/setup_tests"
          with:
            python-version: ${{ inputs.python-version }}
        - name: Run Python tests
          run: make pytest
"""

ALL_CHECKS = """\
on:
  schedule:
    - cron: 0 1 * * *
jobs:
  unit_tests:
    strategy:
      matrix:
        python-version: [ "3.10", "3.11", "3.12" ]
    uses: ./.github/workflows/unit-tests.yml
    with:
      python-version: ${{ matrix.python-version }}
"""


def test_a_matrix_passed_through_a_reusable_workflow_takes_the_purpose_of_its_tests(tmp_path):
    """The action only sets up Python; the reusable workflow's job that calls it runs the
    tests; the outer matrix is what they run on (Kedro-Viz's all-checks -> unit-tests ->
    setup_tests)."""
    result = check(
        tmp_path,
        {
            ".github/actions/setup_tests/action.yml": SETUP_ONLY_ACTION,
            ".github/workflows/unit-tests.yml": REUSABLE_TESTS,
            ".github/workflows/all-checks.yml": ALL_CHECKS,
        },
    )
    found = [(d.file, d.line, d.raw, d.purpose) for d in result.declarations]
    assert found == [
        (".github/workflows/all-checks.yml", 8, "3.10", Purpose.RUNTIME),
        (".github/workflows/all-checks.yml", 8, "3.11", Purpose.RUNTIME),
        (".github/workflows/all-checks.yml", 8, "3.12", Purpose.RUNTIME),
    ]
    assert all("runtime: runs pytest" in d.context for d in result.declarations)
