"""Matrix values named for a Python that no other reader of the job took: an env variable a
script uses, a Dockerfile picked by name, an `include` entry that restates a combination."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import UNUSED_AXIS, Declaration, Purpose, Role
from pyparity.sources.github_actions import python_axes
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

IMAGES = """\
on: [push]
jobs:
  test:
    strategy:
      matrix:
        image:
          - name: latest
            python_version: "3.11"
          - name: python3.10-slim
            python_version: '3.10'
    runs-on: ubuntu-latest
    steps:
      - run: echo "DOCKERFILE=python${{ matrix.image.python_version }}" >> $GITHUB_ENV
      - uses: docker/build-push-action@v6
        with:
          file: ./images/${{ env.DOCKERFILE }}.dockerfile
      - run: pytest tests
        env:
          PYTHON_VERSION: ${{ matrix.image.python_version }}
"""


def test_a_python_key_inside_an_axis_of_mappings_is_the_jobs_matrix():
    found = [
        (d.raw, d.role, d.span.line, d.span.column, d.purpose) for d in read(text_file(CI, IMAGES))
    ]
    assert found == [
        ("3.11", Role.MATRIX, 8, 30, Purpose.RUNTIME),
        ("3.10", Role.MATRIX, 10, 30, Purpose.RUNTIME),
    ]


ENV_AND_INCLUDE = """\
on: [push]
jobs:
  build:
    runs-on: windows-11-arm
    strategy:
      matrix:
        python_version: ["3.12", "3.13"]
        include:
          - python_version: "3.13"
            extra: true
    env:
      PYTHON_VERSION: ${{ matrix.python_version }}
    steps:
      - run: conda create -n env "python=${PYTHON_VERSION}" && python -m pytest
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.12", "3.13"]
        include:
          - python-version: "3.13"
            deps: extra
          - python-version: latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pytest
"""


def test_values_no_reader_took_are_listed_and_covered_ones_are_not_repeated():
    found = [
        (d.raw, d.span.line, d.context.split(",")[0]) for d in read(text_file(CI, ENV_AND_INCLUDE))
    ]
    assert ("3.12", 7, "job build") in found
    assert ("3.13", 7, "job build") in found
    assert ("3.13", 9, "job build") in found
    # setup-python took lines 19 and 23 (`latest`); the include entry restating 3.13 is listed
    test_lines = sorted(line for _, line, where in found if where.startswith("job test"))
    assert test_lines == [19, 19, 21, 23]


TWO_EXPRESSIONS = """\
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        include:
          - python-version: "3.10"
            debian-version: trixie
          - python-version: "3.13"
            debian-version: bookworm
    container:
      image: python:${{ matrix.python-version }}-${{ matrix.debian-version }}
    steps:
      - run: nox --session "test-${{ matrix.python-version }}"
"""


def test_a_container_made_by_two_expressions_sits_at_each_runs_python_value():
    found = [
        (d.raw, d.span.line, d.span.column, d.role) for d in read(text_file(CI, TWO_EXPRESSIONS))
    ]
    assert found == [
        ("python:3.10-trixie", 8, 30, Role.MATRIX),
        ("python:3.13-bookworm", 10, 30, Role.MATRIX),
    ]


def test_an_input_with_a_literal_fallback_lists_the_literal_and_the_callers(tmp_path):
    from pyparity.check import run
    from pyparity.config import Config

    callee = """\
on:
  push:
  workflow_call:
    inputs:
      versions:
        type: string
jobs:
  test:
    strategy:
      matrix:
        python-version: >-
          ${{
            fromJSON(
              inputs.versions
              && inputs.versions
              || '["3.10", "3.11", "main"]'
            )
          }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: tox
"""
    caller = """\
on:
  schedule:
    - cron: 1 2 * * *
jobs:
  main:
    uses: ./.github/workflows/ci.yml
    with:
      versions: >-
        ["3.12", "3.13"]
"""
    for name, text in {"ci.yml": callee, "cron.yml": caller}.items():
        path = tmp_path / ".github" / "workflows" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run(str(tmp_path), Config(today=__import__("datetime").date(2026, 12, 2), code=False))
    found = [
        (d.file.rsplit("/", 1)[-1], d.line, d.raw, d.role)
        for d in result.declarations
        if d.role is not Role.UNRESOLVED
    ]
    assert found == [
        ("ci.yml", 11, "3.10", Role.MATRIX),
        ("ci.yml", 11, "3.11", Role.MATRIX),
        ("cron.yml", 8, "3.12", Role.MATRIX),
        ("cron.yml", 8, "3.13", Role.MATRIX),
    ]


def _wheels_and_jobs(jobs: int, selectors: int) -> str:
    build = " ".join(f"cp3{8 + i % 6}-manylinux_x86_64" for i in range(selectors))
    text = (
        "on: push\njobs:\n  w:\n    runs-on: ubuntu-latest\n    steps:\n"
        f'      - uses: pypa/cibuildwheel@v2\n        env:\n          CIBW_BUILD: "{build}"\n'
    )
    job = (
        "  j{i}:\n    runs-on: x\n    strategy:\n      matrix:\n"
        '        python: ["3.12"]\n    steps:\n      - run: ./ci.sh ${{{{ matrix.python }}}}\n'
    )
    return text + "".join(job.format(i=i) for i in range(jobs))


def test_the_wheel_builds_every_job_shares_are_looked_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looked: list[Declaration] = []
    original = python_axes._names_a_python

    def counting(declaration: Declaration) -> bool:
        looked.append(declaration)
        return original(declaration)

    monkeypatch.setattr(python_axes, "_names_a_python", counting)
    found = read(text_file(CI, _wheels_and_jobs(20, 12)))
    built = [d for d in found if "cibuildwheel" in d.context.lower()]
    assert len(built) == 12
    assert [d.line for d in found if d.raw == "3.12" and d.role is Role.MATRIX] == [
        13 + 7 * i for i in range(20)
    ]
    assert len(looked) <= len(found)  # not 20 jobs x 12 builds


NAMED_ONLY = """\
name: Run Tests
on: [push, pull_request]
jobs:
  test:
    name: Python ${{ matrix.python-version }} - ${{ matrix.tox_env }} on ${{ matrix.os }}
    runs-on: ${{ matrix.os || 'ubuntu-latest' }}
    strategy:
      fail-fast: false
      matrix:
        include:
          - python-version: "3.9"
            tox_env: qa
          - python-version: "3.12"
            tox_env: qa
          - python-version: "3.14-dev"
            tox_env: qa
            continue-on-error: true
    steps:
      - uses: actions/checkout@v5
      - name: Install tox
        run: python -m pip install tox
      - name: Run tox for ${{ matrix.tox_env }} on ${{ matrix.python-version }}
        run: tox -e ${{ matrix.tox_env }}
      - uses: actions/upload-artifact@v4
        with:
          name: coverage-${{ matrix.os }}-${{ matrix.python-version }}-${{ matrix.tox_env }}
          path: .coverage
"""


def test_an_axis_only_named_is_not_the_jobs_python():
    """The job's, its steps' and an artifact's names use the axis; nothing sets it up (the
    setup-python step was removed): every entry runs the runner's own Python. The axis is one
    unresolved declaration that matrix-axis-unused reports, never a tested Python."""
    [found] = read(text_file(CI, NAMED_ONLY))
    assert (found.role, found.note, found.raw) == (
        Role.UNRESOLVED,
        UNUSED_AXIS,
        "matrix.python-version: 3.9, 3.12, 3.14-dev",
    )
    assert (found.span.line, found.span.end_line) == (11, 15)


@pytest.mark.parametrize(
    "use",
    [
        "        env:\n          PY: ${{ matrix.python-version }}\n",
        "        env:\n          PY: ${{ matrix['python-version'] }}\n",
        "        env:\n          MATRIX: ${{ toJSON(matrix) }}\n",
    ],
)
def test_an_axis_used_beyond_names_is_the_jobs_python(use: str):
    text = NAMED_ONLY.replace(
        "        run: tox -e ${{ matrix.tox_env }}\n", f"        run: ./ci.sh\n{use}"
    )
    assert [d.raw for d in read(text_file(CI, text))] == ["3.9", "3.12", "3.14-dev"]


def test_an_action_may_read_the_matrix_itself():
    """jupyterlab's base-setup action sets up `matrix.python-version` unasked."""
    text = NAMED_ONLY.replace(
        "      - uses: actions/checkout@v5\n",
        "      - uses: actions/checkout@v5\n"
        "      - uses: jupyterlab/maintainer-tools/.github/actions/base-setup@v1\n",
    )
    assert [d.raw for d in read(text_file(CI, text))] == ["3.9", "3.12", "3.14-dev"]


def test_a_publishing_action_reads_no_matrix():
    """A release job whose only action beyond plumbing publishes to PyPI (modelled on an agent
    framework's old-line release job, `python-version: [3.10]` never used): the axis is
    unused, and its unquoted 3.10 is no Python the job asks for."""
    text = NAMED_ONLY.replace(
        "      - uses: actions/upload-artifact@v4\n",
        "      - uses: pypa/gh-action-pypi-publish@release/v1\n"
        "      - uses: actions/upload-artifact@v4\n",
    )
    [found] = read(text_file(CI, text))
    assert (found.role, found.note) == (Role.UNRESOLVED, UNUSED_AXIS)
