"""Pythons given to actions pyparity has no semantics for: unknown purpose, listed."""

from __future__ import annotations

from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

WORKFLOW = """\
on: [push]
jobs:
  completeness:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/pyright-type-completeness@v1
        with:
          package-name: pkg
          python-version: 3.12
  own-action:
    runs-on: ubuntu-latest
    steps:
      - uses: ./
        with:
          python-versions: "pypy-3.10, 3.11,3.14t"
  pyenv:
    runs-on: ubuntu-latest
    steps:
      - uses: gabrielfalcao/pyenv-action@v13
        with:
          default: 3.11.1
          command: python -V
  known:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - uses: ./.github/actions/setup
        with:
          python-version: "3.10"
      - uses: other/action@v2
        with:
          python-version: ${{ env.PY }}
          interpreter: python3
"""


def test_python_inputs_of_unknown_actions_are_of_unknown_purpose():
    found = [
        (d.raw, d.span.line, d.span.column, d.role, d.purpose)
        for d in read(text_file(CI, WORKFLOW))
        if d.role is not Role.UNRESOLVED  # the local action's links, resolved later
    ]
    assert found == [
        ("3.12", 9, 27, Role.PIN, Purpose.UNKNOWN),
        ("pypy-3.10", 15, 29, Role.MATRIX, Purpose.UNKNOWN),
        ("3.11", 15, 40, Role.MATRIX, Purpose.UNKNOWN),
        ("3.14t", 15, 45, Role.MATRIX, Purpose.UNKNOWN),
        ("3.11.1", 21, 20, Role.PIN, Purpose.UNKNOWN),
        ("3.13", 28, 28, Role.PIN, Purpose.UNKNOWN),  # setup-python's own reader
    ]


# modelled on a sandbox project whose lint job gives its Python to an organisation's action
LINTED = """\
on: [push]
jobs:
  lint_sandbox:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: example-org/lint-python-action@v2
        with:
          python-version: "3.10"
      - uses: example-org/linty-reports@v1
        with:
          python-version: "3.11"
"""


def test_a_linters_action_runs_a_tool_on_the_python_it_is_given():
    found = [(d.raw, d.purpose, d.context) for d in read(text_file(CI, LINTED))]
    assert found == [
        (
            "3.10",
            Purpose.TOOLING,
            "job lint_sandbox, step 2, example-org/lint-python-action python-version, "
            "tooling: given to example-org/lint-python-action, a linter's or formatter's action",
        ),
        (
            "3.11",
            Purpose.UNKNOWN,
            "job lint_sandbox, step 3, example-org/linty-reports python-version, "
            "unknown: given to example-org/linty-reports, whose use of it cannot be read",
        ),
    ]
