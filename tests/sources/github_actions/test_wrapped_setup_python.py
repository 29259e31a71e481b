"""Another repository's action named `setup-python` (an organisation's wrapper, a fork) sets up
the Python it is given, as actions/setup-python does: its matrix is the job's tested set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import text_file

from pyparity.cli import main
from pyparity.model import Purpose, Role
from pyparity.sources.github_actions.step import WRAPPED_SETUP_PYTHON, setup_action
from pyparity.sources.workflow import read

CI = ".github/workflows/test.yml"

# Modelled on an organisation whose jobs set up Python with its own composite action, from a
# matrix axis of mappings (one Python spelled for each tool that needs it).
WORKFLOW = """\
name: test
on: [push, pull_request]
jobs:
  test:
    name: ${{ matrix.os.name }} ${{ matrix.python.major_dot_minor }}
    runs-on: ${{ matrix.os.runs-on }}
    strategy:
      fail-fast: false
      matrix:
        os:
          - name: Linux
            runs-on: ubuntu-latest
        python:
          - major_dot_minor: "3.10"
            apt: "3.10"
          - major_dot_minor: "3.11"
            apt: "3.11"
          - major_dot_minor: "3.12"
            apt: "3.12"
    steps:
      - uses: actions/checkout@v4
      - name: Set up Python ${{ matrix.python.major_dot_minor }}
        uses: Example-Org/actions/setup-python@main
        with:
          python-version: ${{ matrix.python.major_dot_minor }}
      - run: python -m pytest tests
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: example-org/setup-python@v5  # a fork pinned by the organisation
        with:
          python-version: '3.12'
          cache: pip
      - run: python -m sphinx -b html docs build
  default:
    runs-on: ubuntu-latest
    steps:
      - uses: Example-Org/actions/setup-python@main  # the wrapper's own default, not a file
      - run: python -m pytest
"""


def test_a_wrapper_named_setup_python_reads_its_input_as_setup_python_does():
    found = [(d.raw, d.span.line, d.role, d.purpose) for d in read(text_file(CI, WORKFLOW))]
    assert found == [
        ("3.10", 14, Role.MATRIX, Purpose.RUNTIME),
        ("3.11", 16, Role.MATRIX, Purpose.RUNTIME),
        ("3.12", 18, Role.MATRIX, Purpose.RUNTIME),
        ("3.12", 32, Role.PIN, Purpose.TOOLING),
    ]


def test_the_message_names_the_wrapper_as_written():
    first = read(text_file(CI, WORKFLOW))[0]
    assert "Example-Org/actions/setup-python" in first.context


@pytest.mark.parametrize(
    ("uses", "label"),
    [
        ("actions/setup-python@v5", "setup-python"),
        ("Chia-Network/actions/setup-python@main", WRAPPED_SETUP_PYTHON),
        ("someorg/setup-python@0123456789abcdef0123456789abcdef01234567", WRAPPED_SETUP_PYTHON),
        ("org/ci/.github/actions/setup-python@v1", WRAPPED_SETUP_PYTHON),
        ("./.github/actions/setup-python", None),  # local: the composite reader follows it
        ("org/setup-python-cached@v1", None),
        ("org/actions/setup-python-deps@v1", None),
        ("setup-python", None),
        ("docker://python:3.12", None),
    ],
)
def test_which_actions_are_setup_python(uses, label):
    assert setup_action(uses) == label


def test_the_wrapped_matrix_is_compared_with_the_supported_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "test.yml").write_text(WORKFLOW)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "pkg"\nversion = "1.0"\nrequires-python = ">=3.11"\n'
    )
    monkeypatch.chdir(tmp_path)
    code = main(["check", ".", "--format", "json", "--no-code", "--today", "2026-11-26"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("outside-range", CI, 14)
    ]
    assert "3.10" in report["findings"][0]["message"]
