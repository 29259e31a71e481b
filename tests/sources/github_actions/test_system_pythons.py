"""Pythons installed from a system's packages (apt, apk, Cygwin's packages input), Miniconda's
installer named by its Python, and tool targets in scripts (pyupgrade, mypy)."""

from __future__ import annotations

from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

INSTALLS = """\
on: [push]
jobs:
  deb:
    runs-on: ubuntu-latest
    steps:
      - run: |
          sudo apt-get update
          sudo apt-get install -y python3.13 python3.13-venv python3-pip \\
            git curl
          python3.13 -m pytest
  wolfi:
    runs-on: ubuntu-latest
    steps:
      - run: apk add python-3.12 python-3.12-dev && python3.12 -m build
  cygwin:
    runs-on: windows-latest
    steps:
      - uses: egor-tensin/setup-cygwin@v4
        with:
          packages: >-
            python39=3.9.16-1 python39-devel=3.9.16-1 python39-pip
            gcc-fortran
      - run: /usr/bin/python3.9 -m pytest
  beside:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - run: sudo apt install -y python3.11-dev && pytest
"""


def test_system_packages_name_the_jobs_python_once_per_command():
    found = [
        (d.raw, d.span.line, d.role, d.purpose, [str(m) for m in d.requirement.minors])
        for d in read(text_file(CI, INSTALLS))
    ]
    assert found == [
        ("python3.13", 8, Role.PIN, Purpose.RUNTIME, ["3.13"]),
        ("python-3.12", 14, Role.PIN, Purpose.UNKNOWN, ["3.12"]),
        ("python39", 20, Role.PIN, Purpose.RUNTIME, ["3.9"]),
        ("3.13", 29, Role.PIN, Purpose.RUNTIME, ["3.13"]),
        ("python3.11-dev", 30, Role.PIN, Purpose.UNKNOWN, ["3.11"]),
    ]


TOOLS = """\
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    env:
      MINICONDA: "Miniconda3-py312_24.1.2-0-Linux-x86_64"
    steps:
      - run: pyupgrade --py311-plus src/**/*.py
      - run: |
          mypy_primer --repo . \\
            --additional-flags="--python-version=3.10" \\
            --debug
      - run: echo pyupgrade && echo --py39-plus
      - run: curl -sO https://repo.anaconda.com/miniconda/${MINICONDA}.sh
        env:
          MINICONDA: Miniconda3-py311_24.1.2-0-Linux-x86_64
"""


def test_tool_targets_and_the_miniconda_base():
    found = [(d.raw, d.span.line, d.role, d.purpose) for d in read(text_file(CI, TOOLS))]
    assert found == [
        ("--py311-plus", 8, Role.TARGET, None),
        ("--python-version=3.10", 11, Role.TARGET, None),
        ("Miniconda3-py311", 16, Role.PIN, Purpose.TOOLING),
    ]


ON_ARCH = """\
on: [push]
jobs:
  arm:
    runs-on: ubuntu-latest
    steps:
      - uses: uraimo/run-on-arch-action@v3
        with:
          distro: ubuntu24.04
          run: |
            apt-get update
            apt-get install -y --no-install-recommends python3.12 python3-pip
            python3.12 -m pytest
"""


def test_a_script_given_to_an_action_is_read_like_a_run_step():
    found = [(d.raw, d.span.line, d.span.column) for d in read(text_file(CI, ON_ARCH))]
    assert found == [("python3.12", 11, 56)]


CUSTOM_CONTAINERS = """\
on: [push]
jobs:
  tsan:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/example/numpy-tsan:3.14t@sha256:1ec4
    steps:
      - run: pytest
  asan:
    runs-on: ubuntu-latest
    container: ghcr.io/example/cpython-asan:3.14
    steps:
      - run: pytest
  other:
    runs-on: ubuntu-latest
    container: alpine:3.19
    services:
      cache:
        image: ghcr.io/example/cache:3.14t
    steps:
      - run: pytest
"""


def test_a_custom_job_container_tagged_with_a_python_version():
    found = [
        (d.raw, d.span.line, d.span.column, d.span.end_column)
        for d in read(text_file(CI, CUSTOM_CONTAINERS))
    ]
    assert found == [
        ("ghcr.io/example/numpy-tsan:3.14t@sha256:1ec4", 6, 41, 46),
        ("ghcr.io/example/cpython-asan:3.14", 11, 45, 49),
    ]


CONTAINER_MATRIX = """\
on: [push, pull_request]
jobs:
  linux-wheel:
    runs-on: ubuntu-24.04
    container: fedora:43
    strategy:
      matrix:
        python_version: ['3.12', '3.13', '3.14']
        flavour: ["", "-freethreading"]
    steps:
      - name: Install Linux Dependencies
        run: >
          dnf install -y gcc git pipx graphviz pkg-config
          cairo-gobject-devel python${{ matrix.python_version }}-devel
      - name: Switch Primary Python to ${{ matrix.python_version }}
        run: alternatives --install /usr/bin/python python /usr/bin/python${{ matrix.python_version }} 1
      - uses: actions/checkout@v4
      - run: pipx install poetry && poetry install
      - run: poetry run pytest
  beside:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        py: ["3.11", "3.12"]
        pkg: ["3"]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - run: sudo apt-get install -y python${{ matrix.py }}-dev python${{ matrix.pkg }}-venv
      - run: pytest
"""


def test_a_package_named_by_the_matrix_is_the_jobs_python_of_each_run():
    """A Fedora container matrix (gaphor's shape): dnf installs `python3.12-devel` and so on,
    and `alternatives` makes it the Python the tests run on: each minor is tested, read
    where the matrix writes it."""
    found = read(text_file(CI, CONTAINER_MATRIX))
    tested = [
        (d.raw, d.span.line, d.role, d.purpose)
        for d in found
        if "linux-wheel" in d.context and d.role is not Role.UNRESOLVED
    ]
    assert tested == [
        ("3.12", 8, Role.MATRIX, Purpose.RUNTIME),
        ("3.13", 8, Role.MATRIX, Purpose.RUNTIME),
        ("3.14", 8, Role.MATRIX, Purpose.RUNTIME),
    ]
    line = CONTAINER_MATRIX.splitlines()[7]
    assert [line[d.span.column - 1 : d.span.end_column - 1] for d in found[:3]] == [
        "3.12",
        "3.13",
        "3.14",
    ]
    # Beside the Python set up, of unknown purpose; `python3-venv` names no minor.
    beside = [(d.raw, d.purpose) for d in found if "job beside, step 2" in d.context]
    assert beside == [("3.11", Purpose.UNKNOWN), ("3.12", Purpose.UNKNOWN)]


# modelled on a library that still tests Python 2.7: one matrix leg on an older runner,
# where apt installs 2.7 and setup-python is skipped
PYTHON_2_LEG = """\
on: [push, pull_request]
jobs:
  test:
    strategy:
      matrix:
        python_version: ['3.10', '3.12']
        include:
          - python_version: '2.7'
            os: ubuntu-22.04
    runs-on: ${{ matrix.os || 'ubuntu-latest' }}
    steps:
    - name: Set up Python 2.7
      if: matrix.python_version == '2.7'
      run: |
        sudo apt-get update
        sudo apt-get install -y \\
          python2.7 python2.7-dev python2-pip-whl
    - name: Set up Python ${{ matrix.python_version }}
      if: matrix.python_version != '2.7'
      uses: actions/setup-python@v5
      with:
        python-version: ${{ matrix.python_version }}
    - run: python -m pip install -e . && python -m pytest
    - if: matrix.python_version == '3.12'
      run: sudo apt-get install -y python3.11-venv
"""


def test_a_leg_that_installs_its_python_where_no_action_sets_one_up():
    found = [
        (d.raw, d.span.line, d.role, d.purpose, [str(m) for m in d.requirement.minors])
        for d in read(text_file(CI, PYTHON_2_LEG.replace("\n", "\r\n")))
    ]
    assert found == [
        ("python2.7", 17, Role.PIN, Purpose.RUNTIME, ["2.7"]),
        ("3.10", 6, Role.MATRIX, Purpose.RUNTIME, ["3.10"]),
        ("3.12", 6, Role.MATRIX, Purpose.RUNTIME, ["3.12"]),
        # beside the 3.12 setup-python gives that leg: of unknown purpose
        ("python3.11-venv", 25, Role.PIN, Purpose.UNKNOWN, ["3.11"]),
    ]
