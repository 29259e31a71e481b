"""The GitHub Actions workflow reader, on realistic workflow files."""

import pytest
from helpers import scan_tree, text_file

from pyparity.errors import UnreadableFile
from pyparity.model import SIDE_BY_SIDE, Purpose, Role
from pyparity.sources._common import DEFAULT_VERSION_FILE, PYTHON_VERSION_FILE
from pyparity.sources.workflow import matches, read

CI = ".github/workflows/ci.yml"


def versions(declarations):
    return [(d.raw, d.role, d.span.line, d.span.column) for d in declarations]


def test_single_quoted_version_is_a_runtime_pin_at_its_text():
    workflow = """\
name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -e .[test]
      - run: python -m pytest -q
"""
    [declaration] = read(text_file(CI, workflow))
    assert versions([declaration]) == [("3.11", Role.PIN, 10, 28)]
    assert declaration.span.end_column == 32
    assert declaration.purpose is Purpose.RUNTIME
    assert "python -m pytest" in declaration.context


def test_matrix_with_include_and_exclude():
    workflow = """\
on: push
jobs:
  tests:
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        python: ['3.10', '3.11', '3.12']
        exclude:
          - os: windows-latest
            python: '3.10'
        include:
          - os: ubuntu-latest
            python: '3.13'
            experimental: true
    runs-on: ${{ matrix.os }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
          allow-prereleases: true
      - run: tox -e py
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("3.10", Role.MATRIX, 7),
        ("3.11", Role.MATRIX, 7),
        ("3.12", Role.MATRIX, 7),
        ("3.13", Role.MATRIX, 13),
    ]
    assert len({d.group for d in found}) == 1
    assert all(d.purpose is Purpose.RUNTIME for d in found)


def test_exclude_can_remove_a_version_entirely():
    workflow = """\
jobs:
  t:
    strategy:
      matrix:
        python-version: ["3.9", "3.12"]
        exclude:
          - python-version: "3.9"
    steps:
      - uses: actions/setup-python@v5
        with: {python-version: "${{ matrix.python-version }}"}
      - run: pytest
"""
    assert [d.raw for d in read(text_file(CI, workflow))] == ["3.12"]


def test_matrix_of_one_minor_is_a_runtime_pin():
    workflow = """\
jobs:
  t:
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        python-version: ["3.12"]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pytest
"""
    [declaration] = read(text_file(CI, workflow))
    assert declaration.role is Role.PIN


def test_unquoted_floats_are_kept_as_written_and_flagged():
    workflow = """\
jobs:
  test:
    strategy:
      matrix:
        python-version: [3.9, 3.10, 3.11]
    steps:
      - uses: actions/setup-python@v4
        with:
          python-version: ${{ matrix.python-version }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.yaml_loaded_as) for d in found] == [
        ("3.9", None),
        ("3.10", "3.1"),
        ("3.11", None),
    ]
    assert found[1].span.column == 31


@pytest.mark.parametrize(
    ("env_block", "job_env", "step_env", "expected_line"),
    [
        pytest.param('env:\n  PYTHON_VERSION: "3.12"\n', "", "", 2, id="workflow-env"),
        pytest.param("", '    env:\n      PYTHON_VERSION: "3.12"\n', "", 4, id="job-env"),
        pytest.param("", "", '        env:\n          PYTHON_VERSION: "3.12"\n', 6, id="step-env"),
    ],
)
def test_env_indirection(env_block, job_env, step_env, expected_line):
    workflow = (
        env_block
        + "jobs:\n  build:\n"
        + job_env
        + "    steps:\n      - uses: actions/setup-python@v5\n"
        + step_env
        + "        with:\n          python-version: ${{ env.PYTHON_VERSION }}\n"
        + "      - run: pytest\n"
    )
    [declaration] = read(text_file(CI, workflow))
    assert declaration.raw == "3.12"
    assert declaration.span.line == expected_line
    assert "env PYTHON_VERSION" in declaration.context


@pytest.mark.parametrize(
    ("job_env", "earlier_step", "expected"),
    [
        pytest.param("", "", ("3.12", Role.PIN, "input"), id="set-nowhere-takes-the-fallback"),
        pytest.param(
            '    env:\n      default_python: "3.11"\n', "", ("3.11", Role.PIN, "env"), id="job-env"
        ),
        pytest.param(
            "    env:\n      default_python: ${{ vars.PY }}\n",
            "",
            (None, Role.UNRESOLVED, "input"),
            id="env-set-by-an-expression",
        ),
        pytest.param(
            "",
            '      - run: echo "default_python=3.13" >> "$GITHUB_ENV"\n',
            (None, Role.UNRESOLVED, "input"),
            id="a-step-may-set-it",
        ),
        pytest.param(
            "",
            "      - uses: ./.github/actions/pick-python\n",
            (None, Role.UNRESOLVED, "input"),
            id="a-local-action-may-set-it",
        ),
    ],
)
def test_an_env_variable_or_a_fallback(job_env, earlier_step, expected):
    # GitHub's `env.X` is empty where no env block sets it, and `||` takes the next operand.
    workflow = (
        "jobs:\n  lint:\n"
        + job_env
        + "    steps:\n      - uses: actions/checkout@v4\n"
        + earlier_step
        + "      - name: Set up Python ${{ env.default_python || '3.12' }}\n"
        + "        uses: actions/setup-python@v5\n        with:\n"
        + "          python-version: \"${{ env.default_python || '3.12' }}\"\n"
        + "      - run: tox -e py\n"
    )
    lines = workflow.splitlines()
    input_line = next(n for n, line in enumerate(lines, 1) if "python-version:" in line)
    raw, role, where = expected
    [declaration] = [d for d in read(text_file(CI, workflow)) if "setup-python" in d.context]
    assert declaration.role is role
    assert declaration.span.line == (input_line if where == "input" else 4)
    if raw is not None:
        assert declaration.raw == raw


def test_multi_line_and_list_versions():
    workflow = """\
jobs:
  a:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: |
            3.11
            3.12
      - run: nox
  b:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ["3.10", "3.13"]
      - run: nox
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role) for d in found] == [
        ("3.11", Role.MATRIX),
        ("3.12", Role.MATRIX),
        ("3.10", Role.MATRIX),
        ("3.13", Role.MATRIX),
    ]
    assert found[2].span.line == 14
    # setup-python installs every line and makes the last `python`: the others are beside it.
    assert [SIDE_BY_SIDE in d.context for d in found] == [True, False, False, False]
    # Each line of the literal block is a place of its own.
    assert [tuple(d.span) for d in found[:2]] == [(7, 13, 7, 17), (8, 13, 8, 17)]


def test_each_line_of_a_literal_block_has_its_place_crlf_comments_and_indents():
    workflow = (
        "jobs:\r\n  t:\r\n    steps:\r\n      - uses: actions/setup-python@v6\r\n"
        "        with:\r\n          python-version: |  # every one, the last is python\r\n"
        "            3.10\r\n\r\n              pypy3.11\r\n            3.13\r\n"
        "      - run: tox\r\n"
        "      - uses: actions/setup-python@v6\r\n        with:\r\n"
        "          python-version: >\r\n            3.12\r\n"
    )
    found = read(text_file(CI, workflow))
    assert [(d.raw, tuple(d.span)) for d in found] == [
        ("3.10", (7, 13, 7, 17)),
        ("pypy3.11", (9, 15, 9, 23)),
        ("3.13", (10, 13, 10, 17)),
        ("3.12", (14, 27, 16, 1)),  # a folded block: its lines are not the file's
    ]


def test_from_json_literal_matrix():
    workflow = """\
jobs:
  t:
    strategy:
      matrix:
        py: ${{ fromJSON('["3.11", "3.12"]') }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.py }}
      - run: pytest
"""
    assert [d.raw for d in read(text_file(CI, workflow))] == ["3.11", "3.12"]


def test_expressions_that_cannot_be_known_are_unresolved():
    workflow = """\
on:
  workflow_call:
    inputs:
      python:
        type: string
jobs:
  t:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ inputs.python }}
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ steps.pick.outputs.version }}
"""
    found = read(text_file(CI, workflow))
    assert [d.role for d in found] == [Role.UNRESOLVED, Role.UNRESOLVED]


def test_python_version_file_is_left_for_resolution():
    workflow = """\
jobs:
  t:
    defaults:
      run:
        working-directory: services/api
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version-file: services/api/.python-version
      - run: pytest
"""
    [declaration] = read(text_file(CI, workflow))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.note == PYTHON_VERSION_FILE
    assert declaration.raw == "services/api/.python-version"
    assert declaration.anchor == "services/api"


def test_a_binding_tested_in_its_folder_is_anchored_there_though_cargo_runs_at_the_root():
    # A Rust crate's Python binding: cargo lints at the root (its manifest path runs through
    # a folder named `python`, which runs no Python), the binding is built and tested in its
    # own folder, step by step.
    workflow = """\
jobs:
  build_and_test:
    strategy:
      matrix:
        python: ["3.13", "3.14"]
    steps:
      - uses: actions/checkout@v6
      - uses: actions/setup-python@v6
        with:
          python-version: ${{ matrix.python }}
      - run: cargo clippy --manifest-path ./bindings/python/Cargo.toml -- -D warnings
      - name: Install
        working-directory: ./bindings/python
        run: |
          python -m venv .env
          .env/bin/pip install pytest maturin
          .env/bin/maturin develop --release
      - name: Test
        working-directory: ./bindings/python/
        run: .env/bin/python -m pytest tests
  lint:
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: "3.14"
      - run: cargo fmt --manifest-path bindings/python/Cargo.toml --check
      - working-directory: docs
        run: python -m sphinx -b html . _build
      - working-directory: bindings/python
        run: python -m ruff check .
  specs:
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - working-directory: bindings/python
        run: python scripts/generate_specs.py
      - run: git add bindings/python/specs.json && git commit -m specs
"""
    tested, _, linted, specs = read(text_file(CI, workflow))
    assert tested.anchor == "bindings/python"
    assert tested.purpose is Purpose.RUNTIME
    # Python runs in two folders: the job belongs to neither.
    assert linted.anchor == "."
    # A script of unknown purpose run in the binding's folder: not where it is tested.
    assert specs.purpose is Purpose.UNKNOWN
    assert specs.anchor == "."


def test_a_job_that_runs_python_in_two_folders_belongs_to_the_one_its_tests_are_in():
    # A client library in a Go repository: one step pins a package at the root, one installs
    # the client's requirements in its folder, and the tests are run from the root by path,
    # as a `run:` line or through pytest-action's arguments.
    workflow = """\
jobs:
  unit:
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: "3.10"
      - if: matrix.pydantic_v1
        run: pip install pydantic==1.10.6
      - working-directory: ./clients/python-wrapper
        run: pip install -r requirements.txt pytest
      - uses: pavelzw/pytest-action@v2
        with:
          emoji: true
          custom-arguments: './clients/python-wrapper/tests/utests -q -We'
  by-run:
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - run: pip install ./clients/python
      - working-directory: clients/python-wrapper
        run: pip install -e . pytest
      - run: |
          python -m pytest clients/python-wrapper/tests -x --tb=short
  two-places:
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - run: pip install ./clients/python
      - working-directory: clients/python-wrapper
        run: pip install -e . pytest
      - run: pytest clients/python-wrapper/tests clients/python/tests
  by-keyword:
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: "3.13"
      - run: pip install ./clients/python
      - working-directory: clients/python-wrapper
        run: pip install -e . pytest
      - run: pytest -k clients/python-wrapper/tests
"""
    by_action, by_run, two_places, by_keyword = read(text_file(CI, workflow))
    assert by_action.anchor == by_run.anchor == "clients/python-wrapper"
    # Tests of both folders, or an option that takes the next word: the root, as before.
    assert two_places.anchor == by_keyword.anchor == "."


def test_no_version_means_setup_pythons_default_file():
    workflow = (
        "jobs:\n  a:\n    steps:\n      - uses: actions/setup-python@v5\n      - run: pytest\n"
    )
    [declaration] = read(text_file(CI, workflow))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.note == DEFAULT_VERSION_FILE
    assert declaration.raw == ".python-version"
    assert declaration.span.line == 4


def test_setup_uv_and_miniconda_and_containers():
    workflow = """\
jobs:
  uv:
    container:
      image: python:3.12-slim-bookworm
    services:
      db:
        image: postgres:16
    steps:
      - uses: astral-sh/setup-uv@v6
        with:
          python-version: "3.12"
      - run: uv run pytest
  conda:
    container: python:3.12
    steps:
      - uses: conda-incubator/setup-miniconda@v3
        with:
          python-version: "3.12"
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.span.line, d.span.column) for d in found] == [
        ("python:3.12-slim-bookworm", 4, 21),
        ("3.12", 11, 28),
        ("python:3.12", 14, 23),
        ("3.12", 18, 28),
    ]


def test_lint_only_job_is_tooling():
    workflow = """\
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - run: |
          pip install ruff
          ruff check .
          ruff format --check .
"""
    [declaration] = read(text_file(CI, workflow))
    assert declaration.purpose is Purpose.TOOLING


def test_docs_and_publish_jobs_are_tooling_but_test_jobs_are_runtime():
    workflow = """\
jobs:
  docs:
    steps:
      - uses: actions/setup-python@v5
        with: {python-version: "3.13"}
      - run: pip install sphinx && sphinx-build docs out
  publish:
    steps:
      - uses: actions/setup-python@v5
        with: {python-version: "3.13"}
      - run: python -m build
      - uses: pypa/gh-action-pypi-publish@release/v1
  typecheck:
    steps:
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: mypy src
"""
    assert [d.purpose for d in read(text_file(CI, workflow))] == [
        Purpose.TOOLING,
        Purpose.TOOLING,
        Purpose.RUNTIME,
    ]


def test_local_composite_action():
    action = """\
name: setup
runs:
  using: composite
  steps:
    - uses: actions/setup-python@v5
      with:
        python-version: '3.11'
"""
    [declaration] = read(text_file(".github/actions/setup/action.yml", action))
    assert declaration.raw == "3.11"


def test_crlf_bom_and_comments():
    workflow = '\ufeffjobs:\r\n  t:\r\n    steps:\r\n      # set up\r\n      - uses: actions/setup-python@v5  # pinned\r\n        with:\r\n          python-version: "3.12"  # keep\r\n      - run: pytest\r\n'
    file = __import__("pyparity.textfile", fromlist=["TextFile"]).TextFile.from_bytes(
        CI, workflow.encode()
    )
    [declaration] = read(file)
    assert (declaration.raw, declaration.span.line, declaration.span.column) == ("3.12", 7, 28)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("# just a comment\n", id="comment"),
        pytest.param("name: x\non: push\n", id="no-jobs"),
        pytest.param("jobs:\n  a: [1, 2]\n", id="job-not-mapping"),
        pytest.param("jobs:\n  a:\n    steps: 3\n", id="steps-not-list"),
    ],
)
def test_workflows_that_declare_nothing(content):
    assert read(text_file(CI, content)) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("jobs:\n\tt: 1\n", id="tab-indent"),
        pytest.param("jobs: [\n", id="unclosed"),
        pytest.param("- a\n- b\n", id="top-level-list"),
    ],
)
def test_broken_workflows_are_unreadable(content):
    with pytest.raises(UnreadableFile):
        read(text_file(CI, content))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".github/workflows/ci.yml", True),
        (".github/workflows/release.yaml", True),
        (".github/workflows/sub/ci.yml", False),
        (".github/workflows/README.md", False),
        (".github/actions/setup/action.yml", True),
        (".github/actions/setup/action.yaml", True),
        (".forgejo/workflows/test.yaml", True),  # Forgejo Actions, GitHub's syntax
        (".gitea/workflows/ci.yml", True),
        (".forgejo/workflows/lint.py", False),
        (".forgejo/actions/setup/action.yml", False),
        ("ci.yml", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


UV_WORKFLOW = """\
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: uv run --python 3.12 ruff check
  typing:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: |
          uv sync --locked
          uv run -p "3.13" mypy src
          uvx --python=cpython-3.11 --with tox-uv tox -e py311
  latest:
    runs-on: ubuntu-latest
    steps:
      - uses: astral-sh/setup-uv@v6
      - run: >
          uv run --python 3.10
          pytest
      - run: uv run --python "$(which python)" pytest -p no:cacheprovider
      - run: uv run --python ${{ matrix.python }} pytest
"""


def test_uv_python_options_are_pins_of_their_job_at_their_text():
    found = [
        (d.raw, d.role, d.span.line, d.span.column, d.span.end_column, d.purpose)
        for d in read(text_file(CI, UV_WORKFLOW))
    ]
    assert found == [
        ("3.12", Role.PIN, 7, 30, 34, Purpose.TOOLING),
        ("3.13", Role.PIN, 14, 22, 26, Purpose.RUNTIME),
        ("3.11", Role.PIN, 15, 32, 36, Purpose.RUNTIME),
        ("3.10", Role.PIN, 20, 14, 1, Purpose.RUNTIME),  # folded: the scalar's span
    ]


def test_a_uv_python_option_says_where_it_is():
    first = read(text_file(CI, UV_WORKFLOW))[0]
    assert first.context == "job lint, step 2, uv --python, tooling: only runs tools (ruff)"


_MAY_FAIL_WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    continue-on-error: {setting}
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
        experimental: [false]
        include:
          - python-version: "3.14"
            experimental: true
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python-version }}}}
      - run: pytest
"""


@pytest.mark.parametrize(
    ("setting", "may_fail"),
    [
        pytest.param("${{ matrix.experimental }}", {"3.14"}, id="matrix-flag"),
        pytest.param("${{ matrix.experimental || false }}", {"3.14"}, id="matrix-flag-or-false"),
        pytest.param("true", {"3.11", "3.12", "3.14"}, id="whole-job"),
        pytest.param("false", set(), id="never"),
        pytest.param("${{ matrix.os == 'windows' }}", set(), id="other-expression"),
    ],
)
def test_a_job_allowed_to_fail_says_so_in_the_context(setting, may_fail):
    text = _MAY_FAIL_WORKFLOW.format(setting=setting)
    declarations = read(text_file(".github/workflows/ci.yml", text))
    flagged = {d.raw for d in declarations if "allowed to fail (continue-on-error)" in d.context}
    assert flagged == may_fail
    assert {d.raw for d in declarations} == {"3.11", "3.12", "3.14"}


def test_an_entry_that_also_runs_where_failure_counts_is_not_allowed_to_fail():
    text = _MAY_FAIL_WORKFLOW.format(setting="${{ matrix.experimental }}").replace(
        "experimental: [false]", "experimental: [false, true]"
    )
    declarations = read(text_file(".github/workflows/ci.yml", text))
    assert all("allowed to fail" not in d.context for d in declarations if d.raw != "3.14")


TRIAL_STEPS = """\
name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pytest
      - name: Try the next Python
        uses: actions/setup-python@v5
{setup_flag}        with:
          python-version: "3.14"
      - run: python -m pip install -e .
{run_flag}      - run: python -m pytest
{run_flag}"""


@pytest.mark.parametrize(
    ("setup_flag", "run_flag", "tried"),
    [
        pytest.param("        continue-on-error: true\n", "", True, id="setup-step-may-fail"),
        pytest.param("", "        continue-on-error: true\n", True, id="every-later-run-may-fail"),
        pytest.param("", "", False, id="nothing-may-fail"),
        pytest.param("        continue-on-error: false\n", "", False, id="explicit-false"),
        pytest.param(
            "", "        continue-on-error: ${{ matrix.experimental }}\n", False, id="expression"
        ),
    ],
)
def test_a_step_that_may_fail_makes_its_python_a_trial(setup_flag, run_flag, tried):
    workflow = TRIAL_STEPS.format(setup_flag=setup_flag, run_flag=run_flag)
    declarations = {d.raw: d for d in read(text_file(CI, workflow))}
    assert not declarations["3.12"].may_fail
    assert declarations["3.14"].may_fail is tried
    assert ("allowed to fail (continue-on-error)" in declarations["3.14"].context) is tried


def test_runs_after_the_next_setup_step_do_not_make_an_earlier_python_a_trial():
    workflow = """\
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pytest
      - uses: actions/setup-python@v5
        with:
          python-version: "3.14"
      - run: python -m pytest
        continue-on-error: true
"""
    declarations = {d.raw: d for d in read(text_file(CI, workflow))}
    assert not declarations["3.12"].may_fail
    assert declarations["3.14"].may_fail


def test_an_include_only_matrix_is_a_matrix_of_its_entries():
    workflow = """\
jobs:
  tests:
    strategy:
      matrix:
        include:
          - python: '3.14'
          - python: '3.13'
          - python: '3.10'
            tox: tests-dev
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: '${{ matrix.python }}'
      - run: tox
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("3.14", Role.MATRIX, 6),
        ("3.13", Role.MATRIX, 7),
        ("3.10", Role.MATRIX, 8),
    ]
    assert len({d.group for d in found}) == 1


def test_a_matrix_value_picked_from_a_list_by_its_index():
    workflow = """\
jobs:
  mypy:
    strategy:
      matrix:
        os_python:
          - [macos-latest, '3.14']
          - [windows-latest, '3.12']
    steps:
      - uses: astral-sh/setup-uv@v6
        with:
          python-version: ${{ matrix.os_python[1] }}
      - run: mypy
"""
    assert [d.raw for d in read(text_file(CI, workflow))] == ["3.14", "3.12"]


def test_a_dimension_set_by_an_expression_leaves_the_python_dimension_known():
    workflow = """\
jobs:
  tests:
    strategy:
      matrix:
        case: ${{ fromJSON(needs.cases.outputs.list) }}
        python-version: ['3.12', '3.13']
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.case }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("3.12", Role.MATRIX, 6),
        ("3.13", Role.MATRIX, 6),
        ("${{ matrix.case }}", Role.UNRESOLVED, 13),
    ]


# Jobs planned by an earlier job (a script prints the matrix: synapse's trial jobs), each a
# mapping whose `python-version` the setup step reads.
PLANNED_JOBS = """\
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      trial_jobs: ${{ steps.plan.outputs.trial_jobs }}
    steps:
      - id: plan
        run: python .ci/scripts/plan_jobs.py >> "$GITHUB_OUTPUT"
  trial:
    needs: plan
    strategy:
      matrix:
        job: ${{ fromJson(needs.plan.outputs.trial_jobs) }}
    steps:
      - uses: SETUP
        with:
          python-version: ${{ matrix.job.python-version }}
          extras: ${{ matrix.job.extras }}
      - run: poetry run trial --jobs=6 tests
"""


def test_a_key_of_a_planned_matrix_item_cannot_be_known():
    found = read(text_file(CI, PLANNED_JOBS.replace("SETUP", "actions/setup-python@v5")))
    assert [(d.raw, d.role, d.span.line, d.purpose) for d in found] == [
        ("${{ matrix.job.python-version }}", Role.UNRESOLVED, 17, Purpose.RUNTIME),
    ]


@pytest.mark.parametrize(
    "action", ["example-org/setup-python-poetry@v2", "example-org/actions/poetry-env@v1"]
)
def test_a_planned_matrix_passed_to_another_action_is_made_at_run_time(action: str):
    found = read(text_file(CI, PLANNED_JOBS.replace("SETUP", action)))
    assert [(d.raw, d.role, d.span.line, d.purpose) for d in found] == [
        ("${{ fromJson(needs.plan.outputs.trial_jobs) }}", Role.UNRESOLVED, 13, Purpose.RUNTIME),
    ]
    assert found[0].note == "the job's matrix is made at run time, and so is the Python it names"


def test_a_planned_axis_that_no_python_input_takes_declares_nothing():
    workflow = PLANNED_JOBS.replace("SETUP", "example-org/setup-python-poetry@v2").replace(
        "python-version: ${{ matrix.job.python-version }}", "python-version: '3.12'"
    )
    assert [(d.raw, d.role) for d in read(text_file(CI, workflow))] == [("3.12", Role.PIN)]


def test_an_env_value_that_names_the_matrix_takes_its_values():
    workflow = """\
jobs:
  tests:
    strategy:
      matrix:
        include:
          - {tool: '0.29', python-version: '3.13'}
          - {tool: '0.30', python-version: '3.14'}
    env:
      PYTHON_VERSION: ${{ matrix.python-version }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ env.PYTHON_VERSION }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("3.13", Role.MATRIX, 6),
        ("3.14", Role.MATRIX, 7),
    ]
    assert "env PYTHON_VERSION, matrix python-version" in found[0].context


def test_an_expression_folded_over_lines_is_one_value():
    workflow = """\
jobs:
  tests:
    strategy:
      matrix:
        kind: [oldest, "3.14"]
    env:
      PYTHON_VERSION: >-
        ${{
          (
            matrix.kind == 'oldest' && needs.info.outputs.OLDEST ||
            matrix.kind
          )
        }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ env.PYTHON_VERSION }}
      - uses: actions/setup-python@v5
        with:
          python-version: >-
            ${{ matrix.kind == 'oldest' && needs.info.outputs.OLDEST ||
              '3.11' }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.role, d.span.line) for d in found] == [
        (Role.UNRESOLVED, 7),
        (Role.UNRESOLVED, 20),
    ]


def test_a_multi_line_list_around_an_expression_is_still_split():
    workflow = """\
jobs:
  tests:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: |
            3.12
            ${{ inputs.extra }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role) for d in found] == [
        ("3.12", Role.MATRIX),
        ("${{ inputs.extra }}", Role.UNRESOLVED),
    ]


def test_images_set_by_expressions_are_unresolved_pythons_only_when_they_may_be_python():
    workflow = """\
jobs:
  db:
    strategy:
      matrix:
        include:
          - {python: '3.12', postgres: 'postgres:15', use-container: true}
          - {python: '3.13'}
    container: ${{ matrix.use-container && format('python:{0}', matrix.python) || '' }}
    services:
      postgres:
        image: ${{ matrix.postgres || 'postgres:14' }}
      search:
        image: ${{ (matrix.python == '3.12') && 'elasticsearch:8.1' || '' }}
      cache:
        image: ${{ needs.setup.outputs.cache-image }}
      app:
        image: ${{ inputs.app || 'python:3.11-slim' }}
    steps:
      - run: pytest
  built:
    container: registry.example.com/team/app:${{ needs.build.outputs.tag }}
    steps:
      - run: pytest
  opaque:
    container:
      image: ${{ needs.setup.outputs.image }}
    steps:
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.role, d.span.line, d.context.split(",")[0]) for d in found] == [
        (Role.UNRESOLVED, 8, "job db container"),
        (Role.UNRESOLVED, 17, "job db service app"),
        (Role.UNRESOLVED, 26, "job opaque container"),
    ]


def test_an_or_of_matrix_values_and_strings_takes_the_first_set_per_combination():
    workflow = """\
jobs:
  tests:
    strategy:
      matrix:
        python: ['3.12', '3.13']
        include:
          - python: {key: '3.12', version: '3.12.0'}
        db: ['']
    services:
      postgres:
        image: ${{ matrix.postgres || 'postgres:14' }}
      app:
        image: ${{ matrix.app || 'python:3.11-slim' }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python.version || matrix.python }}
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.db || matrix.python.key || '3.14' }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("python:3.11-slim", Role.PIN, 13),
        ("3.12", Role.MATRIX, 5),
        ("3.13", Role.MATRIX, 5),
        ("3.12.0", Role.MATRIX, 7),
        ("3.14", Role.MATRIX, 20),
        ("3.12", Role.MATRIX, 7),
    ]
    assert found[1].context.startswith("job tests, step 1, setup-python, matrix python.version")


@pytest.mark.parametrize(
    "strategy",
    [
        "",  # no matrix: `matrix.python` is empty
        "    strategy:\n      matrix:\n        os: [ubuntu-latest]\n",  # no combination sets it
    ],
)
def test_an_empty_python_version_is_not_given(strategy):
    workflow = f"""\
jobs:
  build:
{strategy}    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python }}}}
      - run: pytest
"""
    [link] = read(text_file(CI, workflow))
    assert (link.role, link.raw, link.note) == (
        Role.UNRESOLVED,
        ".python-version",
        DEFAULT_VERSION_FILE,
    )


def test_a_python_version_from_an_earlier_setup_python_step_is_not_declared_again():
    workflow = """\
jobs:
  tests:
    steps:
      - uses: actions/setup-python@v5
        id: setup-python
        with:
          python-version: '3.12'
      - uses: astral-sh/setup-uv@v6
        with:
          python-version: ${{ steps.setup-python.outputs.python-version }}
      - uses: astral-sh/setup-uv@v6
        with:
          python-version: ${{ steps.other.outputs.python-version }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("3.12", Role.PIN, 7),
        ("${{ steps.other.outputs.python-version }}", Role.UNRESOLVED, 13),
    ]


def test_a_job_that_builds_images_and_then_tests_them_runs_its_python_as_a_driver():
    # An image repository: each matrix entry builds one image, then pytest on the runner
    # starts it through the docker package and checks what it serves.
    workflow = """\
jobs:
  test:
    strategy:
      matrix:
        image:
          - name: python3.13
          - name: python3.12-slim
    steps:
      - uses: actions/checkout@v6
      - name: Build
        uses: docker/build-push-action@v7
        with:
          push: false
          tags: example/web-image:${{ matrix.image.name }}
          context: ./docker-images/
          file: ./docker-images/${{ matrix.image.name }}.dockerfile
      - uses: actions/setup-python@v6
        with:
          python-version: "3.10"
      - run: python -m pip install docker pytest
      - name: Test Image
        run: pytest tests
        env:
          NAME: ${{ matrix.image.name }}
"""
    [declaration] = [d for d in read(text_file(CI, workflow)) if d.raw == "3.10"]
    assert declaration.purpose is Purpose.TOOLING
    assert declaration.context.endswith(
        "tooling: tests the images it builds (docker/build-push-action)"
    )
    installed = workflow.replace("python -m pip install docker pytest", "pip install -e .[test]")
    [declaration] = [d for d in read(text_file(CI, installed)) if d.raw == "3.10"]
    assert declaration.purpose is Purpose.RUNTIME


PATH_FILTERED = """\
name: Test / search-engine
on:
  pull_request:
    paths:
      - "packages/search_engine/**"
      - "!packages/search_engine/*.md"
      - ".github/workflows/search_engine.yml"
  push:
    branches: [main]
    paths:
      - "packages/search_engine/**"
  schedule:
    - cron: "0 3 * * *"
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.11", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install -e "packages/search_engine[test]"
      - run: pytest packages/search_engine/tests
  root-tests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pytest
        working-directory: tools
  specs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.10"
      - run: python scripts/generate_specs.py packages/search_engine
"""


def test_a_workflow_its_paths_filters_tie_to_one_folder_tests_that_folder():
    tested = [d for d in read(text_file(CI, PATH_FILTERED)) if d.role is Role.MATRIX]
    assert {d.anchor for d in tested} == {"packages/search_engine"}
    # A job that says where it runs keeps its own folder.
    [elsewhere] = [d for d in read(text_file(CI, PATH_FILTERED)) if d.raw == "3.12"]
    assert elsewhere.anchor == "tools"
    # A job of unknown purpose (a spec generator) says nothing of where the package is tested.
    [generator] = [d for d in read(text_file(CI, PATH_FILTERED)) if d.raw == "3.10"]
    assert (generator.purpose, generator.anchor) == (Purpose.UNKNOWN, ".")


@pytest.mark.parametrize(
    ("paths", "folder"),
    [
        ('["packages/a/**", "packages/a/pyproject.toml"]', "packages/a"),
        ('["packages/a/**", "packages/b/**"]', "."),  # two packages: neither is the subject
        ('["packages/a/**/*.py", "packages/a/pyproject.toml"]', "packages/a"),
        # Two of a package's modules and its integration tests: a targeted run, not its CI.
        ('["pkg/a/src/worker.py", "pkg/a/src/observer.py", "pkg/a/integration/**"]', "."),
        ('["src/**", "tests/**"]', "."),
        ('["**.py"]', "."),
        ('["pyproject.toml", "packages/a/**"]', "."),
        ('["packages/a"]', "packages/a"),
        ('["../outside/**"]', "."),
        ('["${{ inputs.dir }}/**"]', "."),
        ("[]", "."),
    ],
)
def test_the_folder_paths_filters_share(paths, folder):
    from pyparity.parsers.yaml_nodes import compose
    from pyparity.sources.github_actions.job import paths_folder

    root = compose(f"on:\n  push:\n    paths: {paths}\n  workflow_dispatch:\n")
    assert paths_folder(root.get("on")) == folder


EXAMPLES_ONLY = """\
name: Python sample submissions
on:
  push:
    paths:
      - "python-test-samples/**"
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.10"
      - run: |
          pip install github-action-utils
          python .github/find_new_folders.py
"""


def test_a_workflow_run_only_for_an_examples_folder_is_compared_with_nothing(tmp_path):
    """A samples repository's workflow that checks submitted Python samples: its 3.10 is the
    samples' business, not the workshop app's at the root (a UI image on 3.12)."""
    [declaration] = read(text_file(CI, EXAMPLES_ONLY))
    assert declaration.anchor == "own-scope:python-test-samples"
    result = scan_tree(
        tmp_path,
        {
            CI: EXAMPLES_ONLY,
            "Dockerfile": "FROM python:3.12-slim\nCOPY app.py .\nCMD python app.py\n",
            "requirements.txt": "streamlit\n",
        },
    )
    assert [f for f in result.findings if f.rule == "pin-mismatch"] == []
    # Filtered to a tests folder, the workflow tests the project: compared as before.
    tests_only = EXAMPLES_ONLY.replace("python-test-samples/**", "tests/**")
    assert read(text_file(CI, tests_only))[0].anchor != "own-scope:tests"


_STEPS = """\
name: coverage
on: [push, pull_request]
jobs:
  build:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
        python-version: [3.6, 3.7, pypy3]
    steps:
      - uses: actions/checkout@v2
      - name: Set up Python
        uses: actions/setup-python@v2
        with:
          python-version: ${{ matrix.python-version }}
      - name: Tests with Nox
"""


@pytest.mark.parametrize(
    ("last_step", "said"),
    [
        pytest.param("", "job build, step 3 has no `run` or `uses`", id="neither"),
        pytest.param(
            "        uses: ./.github/actions/nox\n        run: nox\n",
            "job build, step 3 has both `run` and `uses`",
            id="both",
        ),
    ],
)
def test_a_workflow_github_rejects_is_a_parse_error(last_step, said):
    """Ciphey's coverage workflow ends in a step with nothing under its name: GitHub runs
    none of it, so its 3.6 is no Python the project is tested on."""
    with pytest.raises(UnreadableFile) as raised:
        read(text_file(".github/workflows/coverage.yml", _STEPS + last_step))
    assert raised.value.message == f"{said}: GitHub rejects the workflow"
    assert raised.value.line == 16
    assert read(text_file(".github/workflows/coverage.yml", _STEPS + "        run: nox\n"))


# Steps that run side by side (June 2026): a type-checking job whose tools run in one
# `parallel:` group (param's shape), a test job whose database runs in the background.
_SIDE_BY_SIDE = """\
jobs:
  types:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - parallel:
        - uses: actions/setup-python@v6
          with:
            python-version: "3.13"
        - sequential:
          - run: pip install mypy
          - parallel:
            - name: mypy
              run: mypy src
  tests:
    runs-on: ubuntu-latest
    steps:
      - name: Start database
        id: db
        run: docker run --rm postgres:17
        background: true
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - run: pytest
      - name: Stop the database
        cancel: db
      - wait: db
      - wait-all:
"""


def test_steps_in_a_parallel_group_are_read_where_they_are_written():
    found = read(text_file(CI, _SIDE_BY_SIDE))
    assert [(d.raw, d.span.line, d.purpose) for d in found] == [
        ("3.13", 9, Purpose.RUNTIME),
        ("3.12", 24, Purpose.RUNTIME),
    ]
    assert "runs mypy" in found[0].context


def test_steps_that_wait_for_or_cancel_background_steps_run_nothing():
    for control in ("cancel: db", "wait: [db]", "wait-all:"):
        workflow = _SIDE_BY_SIDE.replace(
            "      - name: Stop the database\n        cancel: db\n", ""
        )
        workflow += f"      - {control}\n"
        assert [d.raw for d in read(text_file(CI, workflow))] == ["3.13", "3.12"]
    with pytest.raises(UnreadableFile) as raised:
        read(text_file(CI, _SIDE_BY_SIDE + "      - name: Nothing under it\n"))
    assert (
        raised.value.message
        == "job tests, step 7 has no `run` or `uses`: GitHub rejects the workflow"
    )


@pytest.mark.parametrize(
    ("condition", "read_too"),
    [
        pytest.param("false", False, id="false"),
        pytest.param("${{ false }}", False, id="false-expression"),
        pytest.param("'False'", False, id="quoted"),
        pytest.param("github.event_name == 'push'", True, id="a-real-condition"),
        pytest.param("${{ false || inputs.run }}", True, id="not-only-false"),
    ],
)
def test_a_job_switched_off_with_if_false_tests_nothing(condition, read_too):
    """glue: an `allowed_failures` job of pre-release Pythons under `if: false`, kept for
    later; GitHub never runs it."""
    workflow = f"""\
on: push
jobs:
  tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.12", "3.13"]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python }}}}
      - run: pytest
  pre-release:
    if: {condition}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.15"
      - run: pytest
"""
    raws = [d.raw for d in read(text_file(CI, workflow))]
    assert raws == (["3.12", "3.13", "3.15"] if read_too else ["3.12", "3.13"])
