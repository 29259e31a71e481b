"""A job that calls a reusable workflow of another repository: its Pythons, from `with:`."""

from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

TOX_ENVS = """\
jobs:
  tests:
    uses: example-org/shared-workflows/.github/workflows/tox.yml@v2
    with:
      coverage: codecov
      cache-key: tox-${{ github.ref_name }}
      envs: |
        # the minimal run
        - name: Python 3.12, minimal
          linux: py312-test-cov
          cache-key: minimal-${{ github.ref_name }}
        - windows: py313-test-alldeps
        - macos: py313t-test
          continue-on-error: true
        - linux: build_docs
        - linux: codestyle
  quick:
    uses: another-org/workflows/.github/workflows/tox.yml@v1.8.1
    with:
      env: '["py310", "py311"]'
      os: ubuntu-latest
  package:
    uses: example-org/shared-workflows/.github/workflows/publish.yml@v2
    with:
      env: |
        LIMITED_API: 'cp311'
      upload: false
"""


def test_tox_environments_given_to_an_external_workflow_are_its_matrix():
    found = read(text_file(CI, TOX_ENVS))
    assert [(d.raw, str(d.requirement.minors[0]), d.span.line, d.span.column) for d in found] == [
        ("py312", "3.12", 10, 18),
        ("py313", "3.13", 12, 20),
        ("py313t", "3.13", 13, 18),
        ("py310", "3.10", 20, 15),
        ("py311", "3.11", 20, 24),
    ]
    assert all(d.role is Role.MATRIX and d.purpose is Purpose.RUNTIME for d in found)
    assert len({d.group for d in found[:3]}) == 1
    assert found[0].group != found[3].group
    assert [d.may_fail for d in found] == [False, False, True, False, False]


def test_an_environment_whose_python_is_not_said_makes_the_call_incomplete():
    workflow = TOX_ENVS.replace("- linux: codestyle", "- linux: stubtest")
    [unknown] = [d for d in read(text_file(CI, workflow)) if d.role is Role.UNRESOLVED]
    assert unknown.purpose is Purpose.RUNTIME
    assert "stubtest" in unknown.note
    assert unknown.span.line == 3


def test_a_default_python_input_is_the_python_of_environments_without_one():
    workflow = TOX_ENVS.replace("- linux: codestyle", "- linux: stubtest").replace(
        "      coverage: codecov\n", "      coverage: codecov\n      default_python: '3.13'\n"
    )
    found = read(text_file(CI, workflow))
    assert all(d.role is not Role.UNRESOLVED for d in found)
    assert "3.13" in [d.raw for d in found]


def test_a_python_version_input_beside_a_tool_environment_is_tooling():
    workflow = """\
jobs:
  build:
    uses: some-org/workflow/.github/workflows/reusable-tox.yml@v1
    with:
      python-version: 3.12
      toxenv: build-dists
  check:
    uses: some-org/workflow/.github/workflows/release.yml@v1
    with:
      python-version: '3.11'
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.purpose) for d in found] == [
        ("3.12", Role.PIN, Purpose.TOOLING),
        ("3.11", Role.PIN, Purpose.UNKNOWN),
    ]


def test_inputs_set_by_expressions_leave_the_call_incomplete():
    workflow = """\
jobs:
  tests:
    uses: some-org/workflow/.github/workflows/tox.yml@v1
    with:
      envs: ${{ needs.setup.outputs.envs }}
"""
    [found] = read(text_file(CI, workflow))
    assert found.role is Role.UNRESOLVED


RANGE = """\
jobs:
  tox:
    uses: example-org/team-devtools/.github/workflows/tox.yml@main
    with:
      default_python: "3.13" # used by jobs in other_names
      max_python: "3.13"
      min_python: "3.10"
      other_names: |
        lint-pkg:tox -e lint;tox -e pkg
        py314-devel
        hook
  tox-newest:
    uses: example-org/team-devtools/.github/workflows/tox.yml@main
    with:
      max_python: '3.14'
"""


def test_a_min_and_max_python_are_every_minor_between():
    found = [d for d in read(text_file(CI, RANGE)) if "job tox calls" in d.context]
    assert [(d.raw, d.role, d.span.line, d.purpose) for d in found if d.span.line < 8] == [
        ("3.10", Role.MATRIX, 7, Purpose.RUNTIME),
        ("3.11", Role.MATRIX, 7, Purpose.RUNTIME),
        ("3.12", Role.MATRIX, 7, Purpose.RUNTIME),
        ("3.13", Role.MATRIX, 6, Purpose.RUNTIME),
    ]
    assert "between min_python 3.10 and max_python 3.13" in found[1].context
    assert len({d.group for d in found}) == 1


def test_other_names_with_a_python_factor_run_on_it():
    found = [d for d in read(text_file(CI, RANGE)) if "job tox calls" in d.context]
    # `py314-devel` runs on 3.14; the linters and the hook run on default_python, not read.
    assert [(d.raw, tuple(d.span)) for d in found if d.span.line > 7] == [
        ("py314", (10, 9, 10, 14))
    ]


def test_a_max_python_alone_leaves_the_floor_unknown():
    found = [d for d in read(text_file(CI, RANGE)) if "job tox-newest" in d.context]
    assert [(d.raw, d.role) for d in found] == [
        ("3.14", Role.MATRIX),
        ("example-org/team-devtools/.github/workflows/tox.yml@main", Role.UNRESOLVED),
    ]
    assert "min_python is not given" in found[1].note


STARFLOW = """\
jobs:
  test:
    uses: example-org/starflow/.github/workflows/test-python.yaml@main
    with:
      lowest-python-version: ""
      fast-test-python-versions: '["3.10", "3.12"]'
      slow-test-python-versions: '["3.12"]'
      lint-python: "3.14"
"""


def test_a_list_of_pythons_named_for_what_runs_on_it_is_the_matrix():
    """rockcraft's tests run in Canonical's starflow workflow on its fast-test Pythons: 3.10
    was said untested; an input that only names a Python (`lint-python`) is still not read."""
    found = read(text_file(CI, STARFLOW))
    assert [(d.raw, d.span.line, d.role, d.purpose) for d in found] == [
        ("3.10", 6, Role.MATRIX, Purpose.RUNTIME),
        ("3.12", 6, Role.MATRIX, Purpose.RUNTIME),
        ("3.12", 7, Role.MATRIX, Purpose.RUNTIME),
    ]
