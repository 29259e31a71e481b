"""maturin's interpreters (`-i` / `--interpreter`): a release build's wheel set, or a tooling
Python (a test build, another crate, WebAssembly, one interpreter)."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/release.yml"

RELEASE = """\
jobs:
  build:
    strategy:
      matrix:
        os: [linux, macos]
        include:
          - os: linux
            interpreter: 3.10 3.11 3.12 3.12t pypy3.11  # free-threaded and PyPy left out
          - os: macos
            interpreter: graalpy3.11
    steps:
      - uses: actions/checkout@v4
      - name: Build wheels
        uses: PyO3/maturin-action@v1
        with:
          working-directory: core
          args: --release --out dist --interpreter ${{ matrix.interpreter || '3.10 3.13' }}
"""


def maturin(workflow: str, path: str = CI):
    """The CPython interpreters maturin is given (a PyPy wheel is tested on its own)."""
    return [
        (d.raw, d.span.line, d.span.column, d.role, d.purpose, d.anchor, d.group)
        for d in read(text_file(path, workflow))
        if "maturin" in d.context and not d.raw.startswith("pypy")
    ]


def test_a_release_build_over_the_matrix_is_one_wheel_set_in_its_working_directory():
    found = maturin(RELEASE)
    assert [(raw, line, column) for raw, line, column, *_ in found] == [
        ("3.10", 8, 26),
        ("3.11", 8, 31),
        ("3.12", 8, 36),
    ]
    assert {(role, purpose, anchor, group) for *_, role, purpose, anchor, group in found} == {
        (Role.MATRIX, Purpose.BUILD, "core", f"{CI} maturin")
    }


def test_the_default_of_an_expression_is_read_where_it_is_written():
    workflow = RELEASE.replace("            interpreter: graalpy3.11\n", "            arch: arm\n")
    found = maturin(workflow)
    assert [(raw, line) for raw, line, *_ in found][-2:] == [("3.10", 17), ("3.13", 17)]
    assert found[-1][2] == RELEASE.splitlines()[16].index("3.13") + 1


def test_a_quoted_interpreter_list_is_read_word_by_word():
    # modelled on a hashing binding's release workflow, which quotes its list for the action
    workflow = RELEASE.replace(
        "${{ matrix.interpreter || '3.10 3.13' }}", "'3.8 3.9 3.14'"
    ).replace("--out dist", '--out "dist"')
    line = workflow.splitlines()[16]
    assert {role for _, _, _, role, *_ in maturin(workflow)} == {Role.MATRIX}  # a wheel set
    assert [(raw, column) for raw, _, column, *_ in maturin(workflow)] == [
        ("3.8", line.index("3.8") + 1),
        ("3.9", line.index("3.9") + 1),
        ("3.14", line.index("3.14") + 1),
    ]


def test_a_run_step_names_its_interpreters_line_by_line():
    workflow = """\
jobs:
  wheels:
    steps:
      - run: |
          pip install maturin
          maturin build --release -i python3.11 python3.12 --out dist
          maturin publish --interpreter=python3.13
"""
    found = maturin(workflow)
    lines = workflow.splitlines()
    assert [(raw, line, column, role) for raw, line, column, role, *_ in found] == [
        ("3.11", 6, lines[5].index("3.11") + 1, Role.MATRIX),
        ("3.12", 6, lines[5].index("3.12") + 1, Role.MATRIX),
        ("3.13", 7, lines[6].index("3.13") + 1, Role.MATRIX),
    ]


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        pytest.param("  build:\n", "  test-build:\n", "a test build", id="test-job"),
        pytest.param("--release", "-m crates/other/Cargo.toml", "another crate", id="crate"),
        pytest.param(
            "working-directory: core", "target: wasm32-unknown-emscripten", "WebAssembly", id="wasm"
        ),
        pytest.param(
            "3.10 3.11 3.12 3.12t pypy3.11", "3.13", "one interpreter", id="one-interpreter"
        ),
    ],
)
def test_other_builds_are_tooling_pythons(old, new, why):
    workflow = RELEASE.replace(old, new).replace("'3.10 3.13'", "'3.13'")
    found = [d for d in read(text_file(CI, workflow)) if "maturin" in d.context]
    assert found
    assert all(d.purpose is Purpose.TOOLING and why in d.context for d in found)
    assert not any(d.group.endswith(" maturin") for d in found)


def test_a_release_build_that_finds_its_interpreters_leaves_no_wheel_set():
    workflow = (
        RELEASE
        + """\
      - uses: PyO3/maturin-action@v1
        with:
          args: --release --find-interpreter
"""
    )
    found = maturin(workflow)
    assert found
    assert all(purpose is Purpose.TOOLING for *_, purpose, _, _ in found)


def test_an_unknown_interpreter_is_a_notice_and_no_wheel_set():
    workflow = RELEASE.replace(
        "${{ matrix.interpreter || '3.10 3.13' }}", "${{ needs.plan.outputs.pythons }}"
    )
    found = [d for d in read(text_file(CI, workflow)) if "maturin" in d.context]
    assert [d.role for d in found] == [Role.UNRESOLVED]


def test_an_actions_interpreter_input_is_left_to_its_callers():
    action = """\
inputs:
  interpreter:
    required: true
runs:
  using: composite
  steps:
    - uses: PyO3/maturin-action@v1
      with:
        args: >
          --release
          --interpreter ${{ inputs.interpreter }}
    - uses: PyO3/maturin-action@v1
      with:
        args: --release --interpreter ${{ inputs.interpreter }}
"""
    found = [
        d
        for d in read(text_file(".github/actions/pgo/action.yml", action))
        if "maturin" in d.context
    ]
    assert found == []


def test_crlf_comments_and_a_bom_are_read_alike():
    workflow = "\ufeff" + RELEASE.replace("\n", "  # note\r\n").replace(
        "args: --release --out dist --interpreter ${{ matrix.interpreter || '3.10 3.13' }}  # note",
        "args: --release --out dist --interpreter ${{ matrix.interpreter || '3.10 3.13' }}",
    )
    assert [raw for raw, *_ in maturin(workflow)] == ["3.10", "3.11", "3.12"]


def test_a_pypy_wheel_is_listed_beside_the_set_not_in_it():
    found = [d for d in read(text_file(CI, RELEASE)) if d.raw == "pypy3.11"]
    assert [(d.role, d.purpose, d.span.line, d.group) for d in found] == [
        (Role.PIN, Purpose.BUILD, 8, "")
    ]


TESTS_AND_RELEASE = """\
jobs:
  test:
    strategy:
      matrix:
        os: [ubuntu, macos]
        python-version:
          - "3.10"
          - "3.11"
          - "3.12"
          - "3.13t"
    runs-on: ${{ matrix.os }}-latest
    env:
      UV_PYTHON: ${{ matrix.python-version }}
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v5
      - run: make test
  build:
    strategy:
      matrix:
        include:
          - os: windows
            interpreter: 3.10 3.11
          - os: ubuntu
    runs-on: ${{ matrix.os }}-latest
    steps:
      - uses: actions/checkout@v4
      - name: build wheels
        uses: PyO3/maturin-action@v1
        with:
          args: --release --out dist --interpreter ${{ matrix.interpreter || '3.10 3.11 3.12' }}
"""


def test_another_jobs_wheel_build_does_not_claim_a_test_matrix():
    """The release job's `--interpreter` list names the test job's versions too: the test
    job's matrix is still its tests (watchfiles' CI, where it was read as wheels)."""
    declared = read(text_file(".github/workflows/ci.yml", TESTS_AND_RELEASE))
    tests = [d for d in declared if d.span.line in range(7, 11)]
    assert [(d.raw, d.purpose, d.role) for d in tests] == [
        ("3.10", Purpose.RUNTIME, Role.MATRIX),
        ("3.11", Purpose.RUNTIME, Role.MATRIX),
        ("3.12", Purpose.RUNTIME, Role.MATRIX),
        ("3.13t", Purpose.RUNTIME, Role.MATRIX),
    ]
    assert all(d.context.startswith("job test, matrix python-version") for d in tests)
