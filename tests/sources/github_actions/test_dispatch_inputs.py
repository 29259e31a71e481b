"""A workflow run by hand: `${{ inputs.x }}` (or the older `${{ github.event.inputs.x }}`)
takes the default its `workflow_dispatch` form offers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Role

# Modelled on a desktop application's release workflow: the Python to freeze the app with is
# chosen when the release is started by hand.
RELEASE = """\
name: Release
on:
  workflow_dispatch:
    inputs:
      release_type:
        default: 'patch'
        type: choice
        options: ['patch', 'minor']
      python_version:
        description: 'Python version'
        required: true
        default: '3.13'
        type: choice
        options:
          - '3.11'
          - '3.12'
          - '3.13'
jobs:
  prepare:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ github.event.inputs.python_version }}
      - run: python -m pip install tox && tox -e bump
  release:
    runs-on: macos-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ inputs.python_version }}
      - run: tox -e build-release
"""


def declared(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run(str(tmp_path), Config(today=dt.date(2026, 12, 2), code=False))
    return [d for d in result.declarations if d.file.startswith(".github/")]


def test_both_spellings_take_the_dispatch_forms_default(tmp_path):
    found = declared(tmp_path, {".github/workflows/release.yml": RELEASE})
    assert [(d.line, d.raw, d.role) for d in found] == [(12, "3.13", Role.PIN)] * 2
    assert "for .github/workflows/release.yml:24" in found[0].context
    assert "for .github/workflows/release.yml:31" in found[1].context


def test_an_input_the_workflow_also_takes_when_called_is_the_callers(tmp_path):
    called = RELEASE.replace(
        "on:\n  workflow_dispatch:\n",
        "on:\n  workflow_call:\n    inputs:\n      python_version:\n        type: string\n"
        "        default: '3.12'\n  workflow_dispatch:\n",
    )
    caller = (
        "on: push\njobs:\n  go:\n    uses: ./.github/workflows/release.yml\n"
        "    with:\n      python_version: '3.11'\n"
    )
    found = declared(
        tmp_path, {".github/workflows/release.yml": called, ".github/workflows/ci.yml": caller}
    )
    assert sorted({d.raw for d in found if d.role is not Role.UNRESOLVED}) == ["3.11"]
