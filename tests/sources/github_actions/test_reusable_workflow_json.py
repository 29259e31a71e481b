"""A reusable workflow's matrix axis `${{ fromJson(inputs.x) }}` takes the JSON lists its
callers pass (or the input's default); a caller that passes on its own input passes what its
callers give it."""

from __future__ import annotations

from pathlib import Path

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Role

TODAY = __import__("datetime").date(2026, 12, 2)

REUSABLE = """\
on:
  workflow_call:
    inputs:
      pythons:
        type: string
        default: '["3.12", "3.13"]'
jobs:
  test:
    strategy:
      matrix:
        python: ${{ fromJson(inputs.pythons) }}
        os: [ubuntu-latest]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: pytest
"""


def check(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run(str(tmp_path), Config(today=TODAY, code=False))


def test_each_callers_json_list_is_the_matrix(tmp_path):
    caller = (
        "on: push\njobs:\n  quick:\n    uses: ./.github/workflows/reusable.yml\n"
        "    with:\n      pythons: '[\"3.10\"]'\n"
        "  full:\n    uses: ./.github/workflows/reusable.yml\n"
        '    with:\n      pythons: \'["3.10", "3.11", "3.14"]\'\n'
    )
    result = check(
        tmp_path,
        {".github/workflows/reusable.yml": REUSABLE, ".github/workflows/ci.yml": caller},
    )
    found = [(d.file, d.line, d.raw, d.role) for d in result.declarations]
    assert found == [
        (".github/workflows/ci.yml", 6, "3.10", Role.MATRIX),
        (".github/workflows/ci.yml", 10, "3.10", Role.MATRIX),
        (".github/workflows/ci.yml", 10, "3.11", Role.MATRIX),
        (".github/workflows/ci.yml", 10, "3.14", Role.MATRIX),
    ]
    assert not [f for f in result.findings if f.rule == "unresolved"]


def test_without_a_caller_the_default_list_is_the_matrix(tmp_path):
    result = check(tmp_path, {".github/workflows/reusable.yml": REUSABLE})
    found = [(d.line, d.raw, d.role) for d in result.declarations]
    assert found == [(6, "3.12", Role.MATRIX), (6, "3.13", Role.MATRIX)]


def test_a_value_that_is_not_a_json_list_stays_unresolved_and_says_why(tmp_path):
    reusable = REUSABLE.replace('default: \'["3.12", "3.13"]\'', "default: ${{ vars.PYTHONS }}")
    result = check(tmp_path, {".github/workflows/reusable.yml": reusable})
    [declaration] = result.declarations
    assert declaration.role is Role.UNRESOLVED
    assert "cannot be known statically" in declaration.note


def test_an_input_passed_on_takes_what_the_outer_callers_give(tmp_path):
    inner = (
        REUSABLE.replace(
            "    strategy:\n      matrix:\n        python: ${{ fromJson(inputs.pythons) }}\n"
            "        os: [ubuntu-latest]\n",
            "",
        )
        .replace("${{ matrix.python }}", "${{ inputs.python }}")
        .replace(
            '      pythons:\n        type: string\n        default: \'["3.12", "3.13"]\'\n',
            "      python:\n        type: string\n",
        )
    )
    middle = (
        "on:\n  workflow_call:\n    inputs:\n      python:\n        type: string\n"
        "jobs:\n  run:\n    uses: ./.github/workflows/inner.yml\n"
        "    with:\n      python: ${{ inputs.python }}\n"
    )
    outer = (
        "on: push\njobs:\n  call:\n    strategy:\n      matrix:\n"
        "        py: ['3.11', '3.12']\n    uses: ./.github/workflows/middle.yml\n"
        "    with:\n      python: ${{ matrix.py }}\n"
    )
    result = check(
        tmp_path,
        {
            ".github/workflows/inner.yml": inner,
            ".github/workflows/middle.yml": middle,
            ".github/workflows/outer.yml": outer,
        },
    )
    found = [(d.file, d.line, d.raw) for d in result.declarations]
    assert found == [
        (".github/workflows/outer.yml", 6, "3.11"),
        (".github/workflows/outer.yml", 6, "3.12"),
    ]
    assert not result.findings


SETUP_ACTION = """\
name: Set up CI
inputs:
  python_version:
    description: The Python to test on
    required: true
runs:
  using: composite
  steps:
    - uses: astral-sh/setup-uv@v7
      with:
        python-version: ${{ inputs.python_version }}
    - run: uv sync --frozen
      shell: bash
"""

CHECKS = """\
on:
  workflow_call:
    inputs:
      python_versions:
        type: string
        description: 'JSON array of Pythons, e.g. ["3.10", "3.12"].'
        default: '["3.10", "3.11", "3.12"]'
jobs:
  tests:
    strategy:
      matrix:
        python-version: ${{ fromJSON(inputs.python_versions) }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: ./.github/actions/setup-ci
        with:
          python_version: ${{ matrix.python-version }}
      - run: uv run pytest -v
"""


def test_a_json_axis_given_to_a_local_action_takes_the_callers_lists(tmp_path):
    """docling: the test job's axis is the workflow's JSON input, and its steps hand each
    entry to a local setup action: each caller's list (the default where a caller leaves
    the input out) is the tests' matrix, with the test job's purpose."""
    caller = (
        "on: push\njobs:\n  checks:\n    uses: ./.github/workflows/checks.yml\n"
        '    with:\n      python_versions: \'["3.10", "3.14"]\'\n'
        "  defaults:\n    uses: ./.github/workflows/checks.yml\n"
    )
    result = check(
        tmp_path,
        {
            ".github/actions/setup-ci/action.yml": SETUP_ACTION,
            ".github/workflows/checks.yml": CHECKS,
            ".github/workflows/ci.yml": caller,
        },
    )
    found = [(d.file, d.line, d.raw, d.role, d.purpose.value) for d in result.declarations]
    assert found == [
        (".github/workflows/checks.yml", 7, "3.10", Role.MATRIX, "runtime"),
        (".github/workflows/checks.yml", 7, "3.11", Role.MATRIX, "runtime"),
        (".github/workflows/checks.yml", 7, "3.12", Role.MATRIX, "runtime"),
        (".github/workflows/ci.yml", 6, "3.10", Role.MATRIX, "runtime"),
        (".github/workflows/ci.yml", 6, "3.14", Role.MATRIX, "runtime"),
    ]
    assert not [f for f in result.findings if f.rule == "unresolved"]


def test_a_list_with_a_trailing_comma_is_read_as_github_reads_it(tmp_path):
    """dipy: `python-version: '["3.12", ]'` (Json.NET, the runner's parser, takes the comma);
    each item is a version, not `["3.12", ]` an unknown one."""
    caller = (
        "on: push\njobs:\n  minimal:\n    uses: ./.github/workflows/reusable.yml\n"
        "    with:\n      pythons: '[\"3.12\", ]'\n"
        "  pre:\n    uses: ./.github/workflows/reusable.yml\n"
        '    with:\n      pythons: \'["3.13",\n        "3.14",]\'\n'
    )
    reusable = REUSABLE.replace('\'["3.12", "3.13"]\'', "'[\"3.12\", ]'")
    result = check(
        tmp_path,
        {".github/workflows/reusable.yml": reusable, ".github/workflows/ci.yml": caller},
    )
    found = [(d.file, d.line, d.raw) for d in result.declarations]
    assert found == [
        (".github/workflows/ci.yml", 6, "3.12"),
        (".github/workflows/ci.yml", 10, "3.13"),
        (".github/workflows/ci.yml", 10, "3.14"),
    ]
    assert not [f for f in result.findings if f.rule == "unknown-version"]
