"""A uv command that names no Python, in a job that sets none up: uv takes the
`.python-version` of the working directory or a folder above it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import scan_tree

from pyparity.model import Purpose, Role

TODAY = dt.date(2026, 12, 2)

WORKFLOW = """\
name: Tests
on: [push]
jobs:
  tests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v6
        with:
          enable-cache: true
          activate-environment: true
      - run: uv sync --dev --all-extras
      - run: uv run pytest tests/ci
  floor:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: |
          uv venv .venv --python 3.11
          uv pip install --python .venv .
          uv run --no-sync pytest
  api:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: services/api
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv run pytest
"""


def check(tmp_path: Path, files: dict[str, str | bytes]):
    return scan_tree(tmp_path, files, TODAY)


def ci(result) -> list[tuple[int, str, Role, Purpose | None, str]]:
    return [
        (d.line, d.raw, d.role, d.purpose, d.origin)
        for d in result.declarations
        if d.file.startswith(".github/")
    ]


def test_uv_takes_the_nearest_python_version_file(tmp_path):
    result = check(
        tmp_path,
        {
            ".github/workflows/tests.yml": WORKFLOW,
            ".python-version": "3.12\n",
            "services/api/.python-version": "3.13\n",
        },
    )
    assert ci(result) == [
        (12, ".python-version (3.12)", Role.PIN, Purpose.RUNTIME, ".python-version"),
        (19, "3.11", Role.PIN, Purpose.RUNTIME, ""),  # the venv it makes, not the file
        (29, "services/api/.python-version (3.13)", Role.PIN, Purpose.RUNTIME, "services/api/.python-version"),
    ]  # fmt: skip


def test_a_folder_without_its_own_file_takes_the_one_above(tmp_path):
    result = check(tmp_path, {".github/workflows/tests.yml": WORKFLOW, ".python-version": "3.12\n"})
    assert [raw for _, raw, *_ in ci(result)] == [
        ".python-version (3.12)",
        "3.11",
        ".python-version (3.12)",
    ]


def test_without_a_python_version_file_nothing_is_declared(tmp_path):
    """uv then picks what requires-python admits, from what it finds: not known here."""
    result = check(tmp_path, {".github/workflows/tests.yml": WORKFLOW})
    assert [raw for _, raw, *_ in ci(result)] == ["3.11"]
    assert [f for f in result.findings if f.rule == "unresolved"] == []


def test_a_setup_step_or_uv_python_decides_instead(tmp_path):
    workflow = WORKFLOW.replace(
        "          activate-environment: true\n",
        "          activate-environment: true\n          python-version: '3.14'\n",
    )
    result = check(tmp_path, {".github/workflows/tests.yml": workflow, ".python-version": "3.12\n"})
    assert next(raw for _, raw, *_ in ci(result)) == "3.14"
    with_env = WORKFLOW.replace("jobs:\n", "env:\n  UV_PYTHON: '3.13'\njobs:\n")
    result = check(tmp_path, {".github/workflows/tests.yml": with_env, ".python-version": "3.12\n"})
    assert [raw for _, raw, *_ in ci(result)] == ["3.13", "3.13", "3.11"]  # (by line)
