"""A reader keeps nothing of a file once it is read: a run reads hundreds of files, and a
memo that holds one file's tree (tens of MB for a hostile workflow of 1 MB) past its reading
adds up across them (`bench/hostile.py`'s matrix-excludes case peaked at 202 MB this way)."""

from __future__ import annotations

import gc

from pyparity.parsers import yaml_nodes
from pyparity.sources import workflow
from pyparity.textfile import TextFile

WORKFLOW = """\
on: [push, pull_request]
jobs:
  tests:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        python-version: ["3.11", "3.12", "3.13"]
        os: [ubuntu-latest, windows-latest]
        exclude:
          - os: windows-latest
            python-version: "3.11"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: python -m pip install -e .[test]
      - run: python -m pytest
        continue-on-error: ${{ matrix.os == 'windows-latest' }}
"""


def _trees_alive() -> int:
    gc.collect()
    return sum(1 for item in gc.get_objects() if type(item) is yaml_nodes.Mapping)


def test_a_workflow_read_leaves_none_of_its_nodes_alive() -> None:
    before = _trees_alive()
    declarations = workflow.read(TextFile.from_bytes(".github/workflows/ci.yml", WORKFLOW.encode()))
    assert sorted({d.raw for d in declarations}) == ["3.11", "3.12", "3.13"]
    assert _trees_alive() == before


def test_reading_one_workflow_many_times_does_not_grow() -> None:
    data = WORKFLOW.encode()
    workflow.read(TextFile.from_bytes(".github/workflows/ci.yml", data))
    settled = _trees_alive()
    for _ in range(20):
        workflow.read(TextFile.from_bytes(".github/workflows/ci.yml", data))
    assert _trees_alive() == settled
