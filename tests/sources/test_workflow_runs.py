"""A matrix job runs once per combination: what each run sets up, runs and may fail."""

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"


@pytest.mark.parametrize(
    "container",
    [
        "container: python:${{ matrix.python-version }}",
        "container:\n      image: python:${{ matrix.python-version }}-slim",
    ],
)
def test_a_container_image_over_the_matrix_is_a_matrix(container):
    workflow = f"""\
jobs:
  legacy:
    strategy:
      matrix:
        python-version: ["2.7", "3.6"]
    runs-on: ubuntu-latest
    {container}
    steps:
      - run: pip install -e . && pytest
"""
    found = read(text_file(CI, workflow))
    assert [d.role for d in found] == [Role.MATRIX, Role.MATRIX]
    assert [str(m) for d in found for m in d.requirement.minors] == ["2.7", "3.6"]
    assert len({d.group for d in found}) == 1
    assert found[0].group.startswith(CI)
    assert all(d.purpose is Purpose.RUNTIME for d in found)


def test_a_container_of_one_image_over_the_matrix_is_a_pin():
    workflow = """\
jobs:
  t:
    strategy:
      matrix:
        os: [a, b]
        python-version: ["3.12"]
    container: python:${{ matrix.python-version }}
    steps:
      - run: pytest
"""
    [found] = read(text_file(CI, workflow))
    assert found.role is Role.PIN


def test_a_container_set_by_a_condition_on_the_matrix_is_evaluated_per_combination():
    workflow = """\
jobs:
  t:
    strategy:
      matrix:
        python-version: ["3.12", "3.13"]
    container: ${{ matrix.python-version == '3.12' && 'python:3.12' || 'python:3.13-slim' }}
    services:
      db:
        image: ${{ matrix.python-version == '3.12' && 'postgres:15' || 'postgres:16' }}
    steps:
      - run: pytest
  not-in-these-runs:
    strategy:
      matrix:
        python-version: ["3.12", "3.13"]
    container: ${{ matrix.python-version == '3.7' && format('python:{0}', matrix.python-version) || null }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.file) for d in found[:2]] == [
        ("python:3.12", Role.MATRIX, CI),
        ("python:3.13-slim", Role.MATRIX, CI),
    ]
    # The second job has no container in any of its runs: only its setup-python matrix.
    assert [(d.raw, d.role) for d in found[2:]] == [("3.12", Role.MATRIX), ("3.13", Role.MATRIX)]


TOX_MATRIX = """\
jobs:
  checks:
    strategy:
      matrix:
        toxenv: [{envs}]
        python-version: ["3.12"]
        include:
          - toxenv: {extra_env}
            python-version: "{extra_python}"
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python-version }}}}
      - run: python -m pip install tox
      - run: tox -e ${{{{ matrix.toxenv }}}}
"""


def test_a_tox_matrix_of_tool_environments_is_tooling():
    workflow = TOX_MATRIX.format(envs="lint, pycodestyle", extra_env="docs", extra_python="3.13")
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.purpose) for d in found] == [
        ("3.12", Purpose.TOOLING),
        ("3.13", Purpose.TOOLING),
    ]
    assert "only runs tool environments (lint)" in found[0].context


def test_a_tox_matrix_that_mixes_tests_and_tools_is_classified_per_combination():
    workflow = TOX_MATRIX.format(envs="lint, docs", extra_env="py313", extra_python="3.13")
    found = {d.raw: d for d in read(text_file(CI, workflow))}
    assert found["3.12"].purpose is Purpose.TOOLING
    assert found["3.13"].purpose is Purpose.RUNTIME
    assert "runs tox" in found["3.13"].context


def test_a_python_shared_by_a_test_and_a_tool_combination_is_tested():
    workflow = TOX_MATRIX.format(envs="lint, py312", extra_env="py313", extra_python="3.13")
    found = {d.raw: d for d in read(text_file(CI, workflow))}
    assert found["3.12"].purpose is Purpose.RUNTIME


def test_steps_that_do_not_run_in_a_combination_do_not_decide_its_purpose():
    workflow = """\
jobs:
  checks:
    strategy:
      matrix:
        toxenv: [lint, ""]
        python-version: ["3.12"]
        include:
          - toxenv: py313
            python-version: "3.13"
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: tox -e ${{ matrix.toxenv }}
        if: ${{ matrix.toxenv }}
      - run: ruff check .
        if: ${{ !matrix.toxenv }}
      - run: python -m pytest
        if: matrix.python-version == '3.13'
"""
    found = {d.raw: d for d in read(text_file(CI, workflow))}
    # 3.12 runs `tox -e lint`, or ruff: its pytest step is for 3.13 only.
    assert found["3.12"].purpose is Purpose.TOOLING
    assert found["3.13"].purpose is Purpose.RUNTIME


def test_a_setup_step_that_runs_in_no_combination_declares_nothing():
    workflow = """\
jobs:
  test:
    strategy:
      matrix:
        python-version: ["3.12", "3.13"]
    steps:
      - uses: actions/setup-python@v5
        if: "!endsWith(matrix.python-version, '-dev')"
        with:
          python-version: ${{ matrix.python-version }}
      - uses: deadsnakes/action@v3.2.0
        if: endsWith(matrix.python-version, '-dev')
        with:
          python-version: ${{ matrix.python-version }}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.span.line) for d in found] == [("3.12", 5), ("3.13", 5)]


@pytest.mark.parametrize(
    ("setting", "flag", "may_fail"),
    [
        pytest.param("${{ matrix.python-version == '3.15-dev' }}", "", {"3.15-dev"}, id="equals"),
        pytest.param(
            "${{ matrix.python-version != '3.15-dev' }}", "", {"3.13", "3.14"}, id="not-equals"
        ),
        pytest.param(
            "${{ matrix.allow_failure == 'true' }}",
            "allow_failure: 'true'",
            {"3.15-dev"},
            id="string-flag",
        ),
        pytest.param(
            "${{ startsWith(matrix.python-version, '3.15') || github.event_name == 'x' }}",
            "",
            {"3.15-dev"},
            id="known-side-decides",
        ),
        pytest.param("${{ github.event_name == 'schedule' }}", "", set(), id="unknown"),
    ],
)
def test_continue_on_error_expressions_mark_the_combinations_they_let_fail(setting, flag, may_fail):
    workflow = f"""\
jobs:
  test:
    continue-on-error: {setting}
    strategy:
      matrix:
        python-version: ["3.13", "3.14"]
        include:
          - python-version: "3.15-dev"
            {flag}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python-version }}}}
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert {d.raw for d in found if d.may_fail} == may_fail
    assert {d.raw for d in found} == {"3.13", "3.14", "3.15-dev"}


def test_a_step_continue_on_error_expression_makes_the_matching_runs_trials():
    workflow = """\
jobs:
  test:
    strategy:
      matrix:
        python-version: ["3.13", "3.14"]
        unsupported: [false]
        include:
          - python-version: "3.15"
            unsupported: true
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: tox -e py
        continue-on-error: ${{ matrix.unsupported }}
"""
    found = read(text_file(CI, workflow))
    assert {d.raw for d in found if d.may_fail} == {"3.15"}


def test_a_container_in_some_runs_and_setup_python_in_the_others_make_one_matrix():
    workflow = """\
jobs:
  tests:
    strategy:
      matrix:
        python-version: ["3.8", "3.12"]
        include:
          - python-version: "3.6"
            container: python:3.6-slim
    container: ${{ matrix.container }}
    steps:
      - uses: actions/setup-python@v5
        if: ${{ matrix.container == null }}
        with:
          python-version: ${{ matrix.python-version }}
      - run: tox -e tests
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("python:3.6-slim", Role.MATRIX, 8),
        ("3.8", Role.MATRIX, 5),
        ("3.12", Role.MATRIX, 5),
    ]


def test_a_step_for_some_runs_only_declares_entries_of_the_jobs_matrix():
    workflow = """\
jobs:
  pytest:
    strategy:
      matrix:
        include:
          - {python: '3.13', kind: pip}
          - {python: '3.14', kind: pip}
          - {python: '3.11', kind: old}
    steps:
      - uses: actions/setup-python@v5
        if: matrix.kind == 'pip'
        with:
          python-version: ${{ matrix.python }}
      - uses: astral-sh/setup-uv@v6
        if: matrix.kind == 'old'
        with:
          python-version: ${{ matrix.python }}
      - run: bash ./tools/run_the_suite.sh
      - run: pytest -m "not slow"
        if: matrix.kind == 'old'
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.role) for d in found] == [
        ("3.13", Role.MATRIX),
        ("3.14", Role.MATRIX),
        ("3.11", Role.MATRIX),
    ]
    # The pip runs show no test command of their own: they take the job's evidence.
    assert all(d.purpose is Purpose.RUNTIME for d in found)


def test_toxenv_in_the_env_selects_what_tox_runs():
    workflow = """\
env:
  TOXENV: apidocs
jobs:
  api-docs:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: tox
  checks:
    strategy:
      matrix:
        include:
          - {python: "3.10", toxenv: lint}
          - {python: "3.13", toxenv: py313}
    env:
      TOXENV: ${{ matrix.toxenv }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: tox
"""
    found = {d.raw: d.purpose for d in read(text_file(CI, workflow))}
    assert found == {"3.12": Purpose.TOOLING, "3.10": Purpose.TOOLING, "3.13": Purpose.RUNTIME}


def test_a_step_env_taken_from_the_matrix_selects_what_tox_runs():
    workflow = """\
jobs:
  checks:
    strategy:
      matrix:
        include:
        - python-version: "3.14"
          env:
            TOXENV: pylint
        - python-version: "3.13"
          env:
            TOXENV: docs-tests
        - python-version: "3.10"
          env:
            TOXENV: mypy
    steps:
    - uses: actions/setup-python@v5
      with:
        python-version: ${{ matrix.python-version }}
    - name: Run check
      env: ${{ matrix.env }}
      run: uvx --with tox-uv tox
"""
    found = {d.raw: d.purpose for d in read(text_file(CI, workflow))}
    assert found == {"3.14": Purpose.TOOLING, "3.13": Purpose.TOOLING, "3.10": Purpose.RUNTIME}


BOT = """\
name: Ping stale pull requests
on:
  schedule:
    - cron: '0 6 * * 1-5'
  workflow_dispatch:
jobs:
  ping:
    runs-on: ubuntu-latest
    permissions:
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
{before}\
      - uses: actions/setup-python@v5
        with:
          python-version: '3.13'
{after}\
      - name: Install dependencies
        run: pip install PyGithub==2.6.0
      - name: Ping
        run: python .github/scripts/ping_stale.py --days 4
        env:
          GITHUB_TOKEN: ${{ steps.token.outputs.token }}
"""
LOCAL_TOKEN_ACTION = """\
      - id: token
        uses: ./.github/actions/app-token
        with:
          client-id: ${{ secrets.APP_CLIENT_ID }}
"""


def test_a_bot_whose_local_action_runs_before_its_python_is_set_up_maintains_the_repository():
    found = _set_up(read(text_file(CI, BOT.format(before=LOCAL_TOKEN_ACTION, after=""))))
    assert [(d.raw, d.purpose) for d in found] == [("3.13", Purpose.TOOLING)]
    assert "maintains (python .github/scripts/ping_stale.py)" in found[0].context


def test_a_local_action_after_the_python_is_set_up_may_act_on_it():
    found = _set_up(read(text_file(CI, BOT.format(before="", after=LOCAL_TOKEN_ACTION))))
    assert [(d.raw, d.purpose) for d in found] == [("3.13", Purpose.UNKNOWN)]


def _set_up(found):
    """The setup step's Python (the local action's call is listed beside it)."""
    return [d for d in found if "setup-python" in d.context]


def test_a_matrix_of_one_run_is_read_with_its_value_in_the_commands():
    """nbQA's docs workflow: a one-value matrix names the tox env the job runs."""
    workflow = """\
jobs:
  docs:
    strategy:
      matrix:
        tox-env-name: ["docs"]
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: 3.12
      - run: python -m pip install tox
      - run: tox -e ${{ matrix.tox-env-name }}
"""
    [found] = read(text_file(CI, workflow))
    assert found.purpose is Purpose.TOOLING
    tests = workflow.replace('["docs"]', '["py312"]')
    [found] = read(text_file(CI, tests))
    assert found.purpose is Purpose.RUNTIME


def test_a_job_that_checks_out_only_another_repository_runs_its_python_for_that_one():
    """A build tool's workflow that runs the tool on public repositories: each job checks out
    one of them and sets up the Python that repository needs."""
    workflow = """\
jobs:
  st2:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v5
        with:
          repository: StackStorm/st2
      - uses: actions/setup-python@v5
        with:
          python-version: '3.8'
      - run: 'sudo apt-get install python3.8-dev && pants package ::'
  downstream:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v5
        with:
          repository: encode/httpcore
      - uses: actions/setup-python@v5
        with:
          python-version: '3.14'
      - run: pip install -e . git+https://github.com/org/this && pytest
  own:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v5
      - uses: actions/checkout@v5
        with:
          repository: org/fixtures
          path: fixtures
      - uses: actions/setup-python@v5
        with:
          python-version: '3.12'
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.purpose) for d in found] == [
        ("3.8", Purpose.TOOLING),
        ("python3.8-dev", Purpose.TOOLING),
        ("3.14", Purpose.RUNTIME),  # a downstream project's tests, with this one installed
        ("3.12", Purpose.RUNTIME),
    ]
    assert "a checkout of StackStorm/st2 only" in found[0].context


def test_a_job_whose_python_runs_only_in_another_projects_checkout_is_that_projects():
    """eda-server's scheduled job starts its stack from published images with `docker
    compose`, checks out the QA project beside this tree and installs and runs that project's
    suite in its folder on Python 3.9: the server's own Python is the images'. A Python step
    in this tree, or one that may install it, keeps the job this project's."""
    job = """\
on:
  schedule:
    - cron: '0 4 * * *'
env:
  QA_PATH: qa
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - name: Start the stack
        working-directory: tools/docker
        run: |
          docker compose -f docker-compose-stage.yaml pull
          docker compose -f docker-compose-stage.yaml up -d
      - uses: actions/checkout@v5
        with:
          repository: example/server-qa
          path: ${{ env.QA_PATH }}
      - uses: actions/setup-python@v5
        with:
          python-version: "3.9"
      - name: Install dependencies
        working-directory: ${{ env.QA_PATH }}
        run: pip install .
      - name: Run tests
        working-directory: ${{ env.QA_PATH }}
        run: pytest{more}
"""
    found = read(text_file(CI, job.format(more="")))
    assert [(d.raw, d.purpose) for d in found] == [("3.9", Purpose.TOOLING)]
    assert "its Python runs only in its checkout of example/server-qa" in found[0].context
    for more in [
        " --server-src $GITHUB_WORKSPACE",
        "\n      - run: python -m pytest tests/smoke",
        # a downstream test of this project, installed by name
        ' && pip install "git+https://github.com/${{ github.repository }}@${{ github.sha }}"',
    ]:
        found = read(text_file(CI, job.format(more=more)))
        assert [(d.raw, d.purpose) for d in found] == [("3.9", Purpose.RUNTIME)], more


def test_a_job_that_checks_out_another_branch_only_runs_that_branchs_code():
    """autogen's docs workflow builds its 0.2 branch's website on Python 3.9: the pin says
    nothing of this tree. A ref an expression names (the pushed tag, the PR's head) is this
    tree's code; so is a job that runs tests, wherever it checks out."""
    workflow = """\
on: [push, workflow_dispatch]
jobs:
  build-02:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: website
    steps:
      - uses: actions/checkout@v4
        with:
          lfs: true
          ref: "0.2"
      - uses: actions/setup-python@v5
        with:
          python-version: "3.9"
      - run: pip install pydoc-markdown && pydoc-markdown
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.inputs.tag }}
      - uses: actions/setup-python@v5
        with:
          python-version: "3.10"
      - run: pydoc-markdown
  nightly:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: main
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pytest
  smoke:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: development
      - uses: actions/setup-python@v5
        with:
          python-version: "3.8"
      - run: bash .github/scripts/build_test.sh
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.purpose) for d in found] == [
        ("3.9", Purpose.TOOLING),
        ("3.10", Purpose.UNKNOWN),
        ("3.12", Purpose.RUNTIME),
        ("3.8", Purpose.UNKNOWN),  # the branch this tree's code is developed on
    ]
    assert "a checkout of this repository's 0.2 only" in found[0].context


# modelled on a workflow that tests and runs the script syncing the docs to a wiki
DOCS_TESTS = """\
on: push
jobs:
  sync:
    runs-on: ubuntu-latest
    {defaults}
    steps:
      - uses: actions/checkout@v7
      - uses: actions/setup-python@v7
        with:
          python-version: '3.11'
      - name: Run sync unit tests
        {directory}
        run: python -m unittest discover -s tests -p 'test_sync*.py' -v
      - run: python docs/scripts/sync.py --check-links-only
"""


@pytest.mark.parametrize(
    ("defaults", "directory", "purpose"),
    [
        pytest.param("", "working-directory: docs", Purpose.TOOLING, id="step-in-docs"),
        pytest.param(
            "defaults:\n      run:\n        working-directory: ./doc/",
            "",
            Purpose.TOOLING,
            id="defaults-in-doc",
        ),
        pytest.param("", "working-directory: src", Purpose.RUNTIME, id="step-elsewhere"),
        pytest.param("", "", Purpose.RUNTIME, id="at-the-root"),
    ],
)
def test_tests_run_in_a_docs_folder_test_the_docs_scripts(defaults, directory, purpose):
    workflow = DOCS_TESTS.format(defaults=defaults, directory=directory)
    [found] = read(text_file(CI, workflow))
    assert found.purpose is purpose
    if purpose is Purpose.TOOLING:
        assert "tests of the docs' own scripts" in found.context
