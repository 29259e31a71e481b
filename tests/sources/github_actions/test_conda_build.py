"""`conda-build --python=X` in a run step: written out, from the matrix, or a `$VARIABLE`
that an `env:` sets; over continued lines."""

from __future__ import annotations

from helpers import text_file

from pyparity.model import Role
from pyparity.sources.workflow import read

CI = ".github/workflows/conda.yml"

WORKFLOW = """\
jobs:
  build-conda:
    strategy:
      matrix:
        python_version: ["3.12", "3.13"]
    env:
      PYTHON_VERSION: ${{ matrix.python_version }}
    steps:
      - run: |
          # conda-build --python=3.9 recipe/
          conda-build -c defaults \\
            --python=${PYTHON_VERSION} \\
            recipe/
      - run: conda build --python 3.11 recipe/ && echo --python=3.8
"""


def conda_build(workflow: str):
    return [
        (d.raw, d.span.line, d.role)
        for d in read(text_file(CI, workflow))
        if "conda-build --python" in d.context
    ]


def test_conda_build_pythons_from_the_env_and_written_out():
    assert conda_build(WORKFLOW) == [
        ("3.12", 5, Role.MATRIX),
        ("3.13", 5, Role.MATRIX),
        ("3.11", 14, Role.PIN),
    ]


def test_a_command_that_ends_before_the_option_names_no_python():
    workflow = WORKFLOW.replace("-c defaults \\\n", "-c defaults\n")
    assert [raw for raw, *_ in conda_build(workflow)] == ["3.11"]


def test_crlf_reads_the_same():
    assert conda_build(WORKFLOW.replace("\n", "\r\n")) == conda_build(WORKFLOW)
