"""A GitHub Action the repository publishes (`action.yml` at its root), modelled on actions
that set up Python to run their own tool and install Pythons for their users."""

from __future__ import annotations

import pytest
from helpers import scope_of, supported, text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.rules import floating_version, outside_range, pin_mismatch
from pyparity.sources import source_for
from pyparity.sources.published_action import matches, read

ACTION = """\
name: Set up the tool
inputs:
  python-versions:
    description: "comma-separated list of Pythons"
    default: "3.10, 3.11,3.12  3.x"
  tool-version:
    default: "1.2"
  python:
    default: ${{ github.event.inputs.python }}
runs:
  using: composite
  steps:
    - uses: actions/setup-python@v6 # pinned
      with:
        python-version: "3.11 - 3.14"
        update-environment: false
    - uses: actions/setup-python@v6
      with:
        python-version: ${{ inputs.python-versions }}
    - uses: actions/setup-python@0123456789abcdef
      with:
        python-version: '3.9'
    - run: tool --python 3.8
      shell: bash
"""


def test_a_published_actions_pythons_are_tooling():
    found = read(text_file("action.yml", ACTION))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.10", 5, 15, Role.PIN, Purpose.TOOLING),
        ("3.11", 5, 21, Role.PIN, Purpose.TOOLING),
        ("3.12", 5, 26, Role.PIN, Purpose.TOOLING),
        ("3.11 - 3.14", 15, 26, Role.FLOATING, Purpose.TOOLING),
        ("3.9", 22, 26, Role.PIN, Purpose.TOOLING),
    ]
    assert {d.source for d in found} == {"action"}


def test_compared_only_with_the_range_and_at_warning_level():
    found = read(text_file("action.yml", ACTION))
    runtime = supported("pyproject.toml", ">=3.10")
    scope = scope_of(runtime, *found)
    findings = list(outside_range.check(scope))
    assert [(f.line, f.severity.value) for f in findings] == [(22, "warning")]
    assert list(pin_mismatch.check(scope)) == []
    assert list(floating_version.check(scope)) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("\ufeffname: x\r\nruns:\r\n  using: node20\r\n  main: index.js\r\n", id="js"),
        pytest.param("runs:\n  steps: {}\n", id="steps-not-a-list"),
        pytest.param("inputs: [python]\n", id="inputs-not-a-mapping"),
    ],
)
def test_ugly_input_declares_nothing(content):
    assert read(text_file("action.yml", content)) == []


def test_broken_input():
    with pytest.raises(UnreadableFile):
        read(text_file("action.yml", "- a\n- b\n"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("action.yml", True),
        ("action.yaml", True),
        ("sub/action.yml", False),
        (".github/actions/setup/action.yml", False),  # the workflow reader's
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
    source = source_for(path)
    assert (source is not None and source.kind == "action") is expected
