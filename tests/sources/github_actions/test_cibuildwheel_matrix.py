"""cibuildwheel's `CIBW_BUILD` set by the matrix: the wheel set, when the matrix varies the
Python it selects; an unresolved declaration when it cannot be known."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

WHEELS = ".github/workflows/wheels.yml"

MATRIX = """\
jobs:
  wheels:
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        python:
          - "cp310-* cp311-*"
          - "cp312-*"
          - "cp313-*"
    steps:
      - uses: pypa/cibuildwheel@v3
        env:
          CIBW_BUILD: ${{ matrix.python }}
"""


def wheels(workflow: str):
    return [d for d in read(text_file(WHEELS, workflow)) if "cibuildwheel build" in d.context]


def no_wheel_set(workflow: str) -> bool:
    """No wheel set; the selectors known are listed as build pins, never compared as a set."""
    found = wheels(workflow)
    return all(
        d.role is Role.PIN and d.purpose is Purpose.BUILD and "not the wheel set" in d.context
        for d in found
    )


def test_a_selector_the_matrix_varies_is_the_union_of_its_values_where_they_are_written():
    found = [(d.raw, str(d.requirement), d.span.line, d.role) for d in wheels(MATRIX)]
    assert [(raw, line) for raw, _, line, _ in found] == [
        ("cp310-*", 7),
        ("cp311-*", 7),
        ("cp312-*", 8),
        ("cp313-*", 9),
    ]
    assert {role for *_, role in found} == {Role.MATRIX}


def test_a_prefix_around_the_matrix_value_is_part_of_the_selector():
    workflow = MATRIX.replace('"cp310-* cp311-*"', '"310"').replace('"cp312-*"', '"312"')
    workflow = workflow.replace('"cp313-*"', '"313"').replace(
        "${{ matrix.python }}", "cp${{ matrix.python }}-manylinux*"
    )
    assert [d.raw for d in wheels(workflow)] == [
        "cp310-manylinux*",
        "cp312-manylinux*",
        "cp313-manylinux*",
    ]


def test_one_python_over_the_runs_is_no_wheel_set():
    workflow = MATRIX.replace('          - "cp310-* cp311-*"\n          - "cp312-*"\n', "")
    assert no_wheel_set(workflow)


def test_a_run_without_a_selector_builds_everything_and_no_set_is_declared():
    workflow = MATRIX.replace(
        "        python:\n",
        "        include:\n          - os: macos-latest\n        python:\n",
    )
    assert no_wheel_set(workflow)


def test_a_selector_a_job_computes_is_unresolved_and_says_why():
    workflow = MATRIX.replace(
        '        python:\n          - "cp310-* cp311-*"\n          - "cp312-*"\n'
        '          - "cp313-*"\n',
        "        python: ${{ fromJSON(needs.plan.outputs.pythons) }}\n",
    )
    [found] = wheels(workflow)
    assert (found.role, found.purpose, found.span.line) == (Role.UNRESOLVED, Purpose.BUILD, 10)
    assert "cannot be known statically" in found.note


def test_a_mobile_platform_from_the_matrix_is_not_the_wheel_set():
    workflow = MATRIX.replace(
        "        os: [ubuntu-latest, windows-latest]\n",
        "        config:\n          - platform: android\n          - platform: ios\n",
    ).replace(
        "          CIBW_BUILD:",
        "          CIBW_PLATFORM: ${{ matrix.config.platform }}\n          CIBW_BUILD:",
    )
    assert no_wheel_set(workflow)


def test_a_job_that_says_it_tests_is_not_the_wheel_set():
    assert no_wheel_set(MATRIX.replace("  wheels:", "  test-wheels:"))
    assert [d.raw for d in wheels(MATRIX.replace("  wheels:", "  test-wheels:"))] == [
        "cp310-*",
        "cp311-*",
        "cp312-*",
        "cp313-*",
    ]


def listed(workflow: str) -> list[tuple[str, str, int]]:
    return [(d.raw, str(d.requirement.minors[0]), d.span.line) for d in wheels(workflow)]


def test_a_pyodide_build_is_listed_as_a_build_pin():
    workflow = """\
jobs:
  build-wasm:
    steps:
      - uses: pypa/cibuildwheel@v3
        env:
          CIBW_PLATFORM: pyodide
          CIBW_BUILD: cp314-pyodide_wasm32
"""
    assert listed(workflow) == [("cp314-pyodide_wasm32", "3.14", 7)]
    assert no_wheel_set(workflow)


def test_the_only_input_over_the_matrix_is_listed_where_the_matrix_writes_it():
    workflow = """\
jobs:
  build:
    strategy:
      matrix:
        buildplat:
          - [ubuntu-22.04, manylinux_x86_64]
          - [macos-14, macosx_arm64]
        python: ["cp313"]
    steps:
      - uses: pypa/cibuildwheel@v3
        with:
          only: ${{ matrix.python }}-${{ matrix.buildplat[1] }}
"""
    assert {(raw[:5], minor, line) for raw, minor, line in listed(workflow)} == {
        ("cp313", "3.13", 8)
    }
    assert no_wheel_set(workflow)


def test_a_leading_matrix_value_with_an_index_is_placed_at_the_entry():
    workflow = """\
jobs:
  build:
    strategy:
      matrix:
        python: [["cp312", "3.12"]]
        buildplat: [[ubuntu-22.04, manylinux_x86_64]]
    steps:
      - uses: pypa/cibuildwheel@v3
        env:
          CIBW_BUILD: ${{ matrix.python[0] }}-${{ matrix.buildplat[1] }}*
"""
    assert listed(workflow) == [("cp312-manylinux_x86_64*", "3.12", 5)]


def test_a_selector_one_command_sets_for_itself_is_listed_at_its_line():
    workflow = """\
jobs:
  configure:
    steps:
      - run: |
          pip install cibuildwheel
          {
            CIBW_BUILD="cp310-*" cibuildwheel --print-build-identifiers --platform linux | jq
            CIBW_BUILD='cp314-*' python -m cibuildwheel --print-build-identifiers | jq
            echo CIBW_BUILD=cp39-* no tool here
          } > /tmp/matrix
"""
    assert listed(workflow) == [("cp310-*", "3.10", 7), ("cp314-*", "3.14", 8)]
    assert no_wheel_set(workflow)


PACKAGE_DIR = """\
jobs:
  wheels:
    steps:
      - uses: pypa/cibuildwheel@v3
        env:
          CIBW_BUILD: cp310-* cp311-*
        with:
          package-dir: {package_dir}
"""


def test_the_wheels_are_of_the_project_package_dir_names():
    """awkward's compiled half, `awkward-cpp`, beside its pure-Python root: the wheels are
    that project's (its scope's), not the repository root's."""
    for written, anchor in (
        ("./awkward-cpp/", "awkward-cpp"),
        ("awkward-cpp", "awkward-cpp"),
        (".", "."),
        ("${{ inputs.dir }}", "."),
        ("../elsewhere", "."),
    ):
        found = wheels(PACKAGE_DIR.format(package_dir=written))
        assert [(d.raw, d.role, d.anchor) for d in found] == [
            ("cp310-*", Role.MATRIX, anchor),
            ("cp311-*", Role.MATRIX, anchor),
        ], written


SELECTED = """\
jobs:
  wheels:
    steps:
      - uses: pypa/cibuildwheel@v3
        env:
          CIBW_BUILD: {selectors}
"""


def test_platforms_given_different_pythons_are_a_sample_not_the_wheel_set():
    """awkward-cpp's packaging test builds one wheel here and there; its release workflow
    builds every version."""
    sample = "cp311-win_* cp310-macosx_universal2 cp310-manylinux_x86_64 cp312-manylinux_x86_64"
    assert no_wheel_set(SELECTED.format(selectors=sample))
    assert {d.raw for d in wheels(SELECTED.format(selectors=sample))} == set(sample.split())
    assert all(
        "a sample: each platform builds other Pythons" in d.context
        for d in wheels(SELECTED.format(selectors=sample))
    )


@pytest.mark.parametrize(
    "selectors",
    [
        pytest.param("cp310-manylinux_x86_64 cp311-manylinux_x86_64", id="one-platform"),
        pytest.param(
            "cp310-manylinux_x86_64 cp311-manylinux_x86_64 cp310-win_amd64 cp311-win_amd64",
            id="each-platform-the-same-pythons",
        ),
        pytest.param("cp310-* cp311-*", id="every-platform"),
    ],
)
def test_a_release_list_is_the_wheel_set(selectors: str):
    found = wheels(SELECTED.format(selectors=selectors))
    assert found
    assert all(d.role is Role.MATRIX for d in found)
