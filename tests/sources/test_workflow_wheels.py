"""cibuildwheel steps of a workflow: the wheels it builds, when it says which."""

import pytest
from helpers import text_file

from pyparity.model import Role
from pyparity.sources.workflow import read

WHEELS = ".github/workflows/wheels.yml"

TWO_STEPS = """\
jobs:
  build_wheels:
    runs-on: ${{{{ matrix.os }}}}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
    steps:
      - uses: actions/checkout@v4
      - name: Nightly limited-API wheel
        if: github.event_name == 'schedule'
        uses: pypa/cibuildwheel@v3.1.4
        env:
          CIBW_BUILD: 'cp314-* cp315t-*'
      - name: The wheels
        uses: pypa/cibuildwheel@v3.1.4
{main_env}
  check-minimal:
    steps:
      - uses: pypa/cibuildwheel@v3.1.4
        env:
          CIBW_BUILD: "cp311-*"
"""


def wheels(workflow):
    return [d for d in read(text_file(WHEELS, workflow)) if d.context == "cibuildwheel build"]


def test_a_step_that_builds_every_version_leaves_the_workflow_without_a_narrower_set():
    workflow = TWO_STEPS.format(main_env="        env:\n          CIBW_ARCHS: auto")
    assert wheels(workflow) == []


def test_every_cibuildwheel_step_of_every_job_counts():
    workflow = TWO_STEPS.format(
        main_env='        env:\n          CIBW_BUILD: "cp312-* cp313-*"\n          CIBW_SKIP: "cp313-*"'
    )
    found = wheels(workflow)
    assert {d.raw for d in found} == {"cp314-*", "cp312-*", "cp311-*"}
    assert all(d.role is Role.MATRIX for d in found)


@pytest.mark.parametrize(
    "selector",
    [
        pytest.param("        env:\n          CIBW_BUILD: ${{ matrix.python }}-*", id="expression"),
        pytest.param("        with:\n          only: cp312-manylinux_x86_64", id="only"),
    ],
)
def test_a_selector_set_by_the_matrix_or_one_picked_wheel_is_no_wheel_set(selector):
    workflow = TWO_STEPS.format(main_env=selector).replace(
        "os: [ubuntu-latest, macos-latest]", "os: [ubuntu-latest]\n        python: [cp312]"
    )
    assert wheels(workflow) == []


@pytest.mark.parametrize(
    "platform",
    [
        pytest.param(
            "uses: pypa/cibuildwheel@v3.1.4\n        env:\n          CIBW_PLATFORM: pyodide",
            id="env",
        ),
        pytest.param(
            "run: pipx run cibuildwheel --platform pyodide\n        env:\n          CIBW_X: '1'",
            id="option",
        ),
    ],
)
def test_a_pyodide_build_is_not_the_wheel_set(platform):
    workflow = f"""\
jobs:
  pyodide:
    steps:
      - {platform}
          CIBW_BUILD: "cp313-*"
  wheels:
    env:
      CIBW_BUILD: "cp311-* cp312-*"
    steps:
      - run: |
          python -m pip install cibuildwheel==3.1.4
          python -m cibuildwheel --output-dir wheelhouse
"""
    assert [d.raw for d in wheels(workflow)] == ["cp311-*", "cp312-*"]


def test_python_2_wheels_only_where_a_selector_names_them():
    """cibuildwheel 1's `cp27-*` (a library that still ships 2.7 wheels from a job of its own);
    `cp*` and `*` never reach back to Python 2."""
    from pyparity.sources._cibuildwheel import selected

    assert [str(m) for m in selected("cp27-*")] == ["2.7"]
    assert [str(m) for m in selected("cp2?-manylinux*")] == ["2.7"]
    assert "2.7" not in {str(m) for m in selected("cp*")}
    assert "2.7" not in {str(m) for m in selected("*")}
    assert "2.7" not in {str(m) for m in selected("cp3*")}
