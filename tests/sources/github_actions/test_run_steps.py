"""Pythons that uv sets up in `run:` steps: `uv tool install --python`, `uv python install`,
`uv build --python`, a `--python` given by the matrix or by a `$VARIABLE` of `env:`."""

from __future__ import annotations

from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

MATRIX_TOOL = """\
on: [push]
jobs:
  test:
    strategy:
      matrix:
        py:
          - "3.14"
          - "3.13"
    steps:
      - uses: astral-sh/setup-uv@v6
      - name: Install tox
        run: uv tool install --python-preference only-managed --python ${{ matrix.py }} tox@.
      - run: tox run -e ${{ matrix.py }}
"""


def test_a_matrix_python_given_to_uv_tool_install_is_the_jobs_matrix():
    found = [(d.raw, d.role, d.span.line, d.purpose) for d in read(text_file(CI, MATRIX_TOOL))]
    assert found == [
        ("3.14", Role.MATRIX, 7, Purpose.RUNTIME),
        ("3.13", Role.MATRIX, 8, Purpose.RUNTIME),
    ]


LITERALS = """\
on: [push]
jobs:
  tests:
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv tool install --python-preference only-managed --python 3.14 "tox>=4" --with tox-uv
      - run: tox run
  release:
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv python install 3.12 cpython-3.13
      - run: uv build --python 3.14 --out-dir dist
"""


def test_written_uv_pythons_are_pins_at_their_text():
    found = [
        (d.raw, d.role, d.span.line, d.span.column, d.purpose)
        for d in read(text_file(CI, LITERALS))
    ]
    assert found == [
        ("3.14", Role.PIN, 6, 72, Purpose.TOOLING),  # the Python tox is installed with
        ("3.12", Role.MATRIX, 11, 32, Purpose.TOOLING),  # a release job
        ("3.13", Role.MATRIX, 11, 45, Purpose.TOOLING),
        ("3.14", Role.PIN, 12, 32, Purpose.TOOLING),
    ]


ENV_VARIABLE = """\
on: [push]
jobs:
  docs:
    steps:
      - name: Install tox
        env:
          PYTHON_VERSION: "3.13"
          PLUGINS: xdist
        run: |
          uv tool install --python "$PYTHON_VERSION" tox --with tox-uv
          uv run pytest -p "$PLUGINS"
          uv run --python "$UNSET" pytest
"""


def test_a_shell_variable_takes_its_env_value_and_pytests_p_is_not_uvs():
    found = [(d.raw, d.role, d.span.line) for d in read(text_file(CI, ENV_VARIABLE))]
    assert found == [("3.13", Role.PIN, 7)]


def test_an_expression_that_cannot_be_known_is_unresolved():
    text = LITERALS.replace("--python 3.14 --out-dir", "--python ${{ inputs.python }} --out-dir")
    unresolved = [d for d in read(text_file(CI, text)) if d.role is Role.UNRESOLVED]
    assert [(d.raw, d.span.line) for d in unresolved] == [("${{ inputs.python }}", 12)]
    assert unresolved[0].note == "input:python"


def test_the_python_of_an_earlier_setup_python_step_is_declared_there():
    text = """\
on: [push]
jobs:
  docs:
    steps:
      - uses: actions/setup-python@v5
        id: sp
        with:
          python-version: "3.12"
      - run: uv sync --python ${{ steps.sp.outputs.python-version }}
"""
    found = [(d.raw, d.role, d.span.line) for d in read(text_file(CI, text))]
    assert found == [("3.12", Role.PIN, 8)]


def test_setup_pdm_sets_up_its_python_version_as_setup_python_does():
    text = """\
on: [push]
jobs:
  test:
    strategy:
      matrix:
        python-version: ['3.11', '3.12']
    steps:
      - uses: pdm-project/setup-pdm@v4
        with:
          python-version: ${{ matrix.python-version }}
      - run: pdm run pytest
"""
    found = [(d.raw, d.role, d.span.line) for d in read(text_file(CI, text))]
    assert found == [("3.11", Role.MATRIX, 6), ("3.12", Role.MATRIX, 6)]


TOX_FACTOR = """\
on: [push]
jobs:
  test:
    strategy:
      matrix:
        include:
          - os: ubuntu-latest
            py: "3.14"
          - os: windows-latest
            py: "3.14"
          - os: ubuntu-latest
            py: "3.12"
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv tool install tox --with tox-uv
      - run: tox -e py${{ matrix.py }}
"""


def test_a_tox_environment_named_by_the_matrix_declares_its_python():
    found = [(d.raw, d.role, d.span.line, d.purpose) for d in read(text_file(CI, TOX_FACTOR))]
    assert found == [
        ("3.14", Role.MATRIX, 8, Purpose.RUNTIME),
        ("3.14", Role.MATRIX, 10, Purpose.RUNTIME),
        ("3.12", Role.MATRIX, 12, Purpose.RUNTIME),
    ]


def test_a_tox_factor_of_a_python_set_up_elsewhere_is_declared_there_only():
    text = TOX_FACTOR.replace(
        "      - uses: astral-sh/setup-uv@v6\n",
        "      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.py }}\n",
    )
    found = [(d.raw, d.span.line) for d in read(text_file(CI, text))]
    assert found == [("3.14", 8), ("3.14", 10), ("3.12", 12)]  # once each: setup-python's
    uv = TOX_FACTOR.replace("uv tool install tox", "uv tool install --python ${{ matrix.py }} tox")
    assert len(read(text_file(CI, uv))) == 3


def test_a_tox_factor_named_in_several_steps_is_declared_once():
    text = TOX_FACTOR + "      - run: tox -e py${{ matrix.py }}-docs\n"
    assert len(read(text_file(CI, text))) == 3


def test_pyenv_install_and_global_set_up_their_python():
    text = """\
on: [push]
jobs:
  asan:
    steps:
      - name: Build Python with address sanitizer
        run: |
          CONFIGURE_OPTS="--with-address-sanitizer" pyenv install -v 3.14t
          pyenv global 3.14t
      - run: python -m pytest
"""
    found = [(d.raw, d.role, d.span.line, d.span.column) for d in read(text_file(CI, text))]
    assert found == [("3.14t", Role.PIN, 7, 70), ("3.14t", Role.PIN, 8, 24)]


UV_PYTHON_ENV = """\
name: CI
on: [push, pull_request]
env:
  UV_PYTHON: 3.12  # the default for every uv command below
  UV_FROZEN: "1"
jobs:
  mypy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v6
      - run: uv run --all-extras mypy src
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.13"]
    env:
      UV_PYTHON: ${{ matrix.python-version }}
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv run pytest
  tools:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv tool install ruff && ruff check
  pinned:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
        with:
          python-version: "3.14"
      - run: uv run pytest
  explicit:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv run --python 3.11 pytest
  both:
    runs-on: ubuntu-latest
    env:
      UV_PYTHON: "3.13"
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - uses: astral-sh/setup-uv@v6
      - run: uv sync && uv run pytest
"""


def test_uv_python_in_env_is_the_python_of_uv_commands_that_name_none():
    found = [
        (d.line, d.raw, d.role, d.purpose, d.context.split(", ")[0])
        for d in read(text_file(CI, UV_PYTHON_ENV))
    ]
    assert found == [
        (4, "3.12", Role.PIN, Purpose.RUNTIME, "job mypy"),
        (17, "3.10", Role.MATRIX, Purpose.RUNTIME, "job test"),
        (17, "3.13", Role.MATRIX, Purpose.RUNTIME, "job test"),
        (33, "3.14", Role.PIN, Purpose.RUNTIME, "job pinned"),  # setup-uv's own
        (39, "3.11", Role.PIN, Purpose.RUNTIME, "job explicit"),  # --python
        (47, "3.13", Role.PIN, Purpose.RUNTIME, "job both"),  # setup-python's, said once
    ]  # fmt: skip


def test_uv_python_may_name_an_interpreter():
    text = "jobs:\n  t:\n    env:\n      UV_PYTHON: python3.11\n    steps:\n      - run: uv sync\n"
    assert [(d.line, d.raw) for d in read(text_file(CI, text))] == [(4, "3.11")]


# Modelled on a phylogenetics tool's CI: the matrix writes whole conda arguments (the Python
# and the oldest compatible libraries) that setup-micromamba adds to an environment file.
MICROMAMBA_MATRIX = """\
jobs:
  pytest:
    name: pytest (${{ matrix.conda-args }})
    strategy:
      matrix:
        include:
          - { conda-args: 'python=3.10', pip-args: 'numpy==1.21.3' }
          - { conda-args: "python=3.12 pandas", pip-args: 'numpy==1.26.0' }
          - { conda-args: 'python=3.14', pip-args: 'numpy' }  # latest
    defaults:
      run:
        shell: bash -l {0}
    steps:
      - uses: actions/checkout@v5
      - uses: mamba-org/setup-micromamba@v2
        with:
          create-args: ${{ matrix.conda-args }}
          environment-file: dev_env.yml
      - run: pip install . ${{ matrix.pip-args }} && pytest
"""


def test_create_args_the_matrix_writes_give_each_run_its_python():
    found = read(text_file(CI, MICROMAMBA_MATRIX))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.10", 7, 35, Role.MATRIX, Purpose.RUNTIME),
        ("3.12", 8, 35, Role.MATRIX, Purpose.RUNTIME),
        ("3.14", 9, 35, Role.MATRIX, Purpose.RUNTIME),
    ]  # and the environment file is not the job's Python: create-args sets it
