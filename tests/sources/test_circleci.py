"""The CircleCI reader: job images, executors, the python orb, matrix parameters."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.circleci import matches, read

PATH = ".circleci/config.yml"


def summary(declaration):
    span = declaration.span
    return (
        declaration.raw,
        declaration.role,
        (span.line, span.column, span.end_column),
        declaration.purpose,
        declaration.context,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            """\
version: 2.1
jobs:
  test:
    docker:
      - image: cimg/python:3.12.4
      - image: cimg/postgres:16.3
    steps:
      - checkout
      - run: pip install -e .[test]
      - run:
          name: tests
          command: pytest -q
""",
            [
                (
                    "cimg/python:3.12.4",
                    Role.PIN,
                    (5, 28, 34),
                    Purpose.RUNTIME,
                    "job test, runtime: runs pytest",
                )
            ],
            id="primary-image",
        ),
        pytest.param(
            """\
version: 2.1
executors:
  py:
    docker:
      - image: 'cimg/python:3.11-node'
jobs:
  lint:
    executor: py
    steps:
      - run: ruff check .
""",
            [
                (
                    "cimg/python:3.11-node",
                    Role.PIN,
                    (5, 29, 33),
                    Purpose.TOOLING,
                    "job lint, tooling: only runs tools (ruff)",
                )
            ],
            id="named-executor",
        ),
        pytest.param(
            """\
version: 2.1
orbs:
  python: circleci/python@2.1.1
jobs:
  test:
    executor:
      name: python/default
      tag: "3.10"
    steps:
      - run: python -m pytest
""",
            [
                (
                    "3.10",
                    Role.PIN,
                    (8, 13, 17),
                    Purpose.RUNTIME,
                    "job test, runtime: runs python -m pytest, python orb executor",
                )
            ],
            id="python-orb-tag",
        ),
        pytest.param(
            """\
version: 2.1
jobs:
  test:
    parameters:
      python-version: {type: string, default: "3.12"}
    docker:
      - image: cimg/python:<< parameters.python-version >>
    steps:
      - run: tox
workflows:
  all:
    jobs:
      - test:
          matrix:
            parameters:
              python-version: ["3.11", "3.12"]
""",
            [
                (
                    "cimg/python:3.11",
                    Role.MATRIX,
                    (16, 33, 37),
                    Purpose.RUNTIME,
                    "job test, runtime: runs tox, matrix python-version",
                ),
                (
                    "cimg/python:3.12",
                    Role.MATRIX,
                    (16, 41, 45),
                    Purpose.RUNTIME,
                    "job test, runtime: runs tox, matrix python-version",
                ),
            ],
            id="matrix-parameters",
        ),
        pytest.param(
            """\
version: 2.1
jobs:
  test:
    parameters:
      python-version: {type: string, default: "3.13"}
    docker:
      - image: cimg/python:<<parameters.python-version>>
    steps:
      - run: make test
""",
            [
                (
                    "cimg/python:3.13",
                    Role.PIN,
                    (5, 48, 52),
                    Purpose.RUNTIME,
                    "job test, runtime: runs make test, parameter python-version default",
                )
            ],
            id="parameter-default",
        ),
        pytest.param(
            "version: 2.1\njobs:\n  build:\n    machine: true\n", [], id="machine-executor"
        ),
        pytest.param("", [], id="empty"),
    ],
)
def test_declarations(text, expected):
    assert [summary(d) for d in read(text_file(PATH, text))] == expected


def test_crlf_bom():
    text = "\ufeffjobs:\r\n  t:\r\n    docker:\r\n      - image: cimg/python:3.12\t# primary\r\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[2] == (4, 28, 32)


def test_matches_and_garbage():
    assert matches(".circleci/config.yml")
    assert not matches("config.yml")
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "jobs: [\n"))


# modelled on a config that runs its tests through a shared orb of its own
ORB_CONFIG = """\
version: 2.1
orbs:
  orb: someone/orb@1.6.0
jobs:
  sdist-test:
    executor:
      name: orb/default
      version: "3.9"
    steps:
      - run: inv test
  other:
    executor:
      name: orb/default
      version: latest
    steps:
      - run: inv test
workflows:
  main:
    jobs:
      - orb/test:
          name: Test << matrix.version >>
          matrix:
            parameters:
              version: ["3.10", '3.11', "3.12"]   # comment
      - orb/coverage:
          version: "3.13"
      - orb/docs:
          name: Docs
      - sdist-test
"""


def test_another_orbs_executor_and_jobs_name_pythons_of_unknown_purpose():
    found = read(text_file(PATH, ORB_CONFIG.replace("\n", "\r\n")))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.9", 8, 17, Role.PIN, Purpose.UNKNOWN),
        ("3.10", 24, 26, Role.MATRIX, Purpose.UNKNOWN),
        ("3.11", 24, 34, Role.MATRIX, Purpose.UNKNOWN),
        ("3.12", 24, 42, Role.MATRIX, Purpose.UNKNOWN),
        ("3.13", 26, 21, Role.PIN, Purpose.UNKNOWN),
    ]
    assert "the orb is not read" in found[0].context
    assert len({d.group for d in found if d.role is Role.MATRIX}) == 1


def test_an_orb_not_declared_is_not_read():
    text = ORB_CONFIG.replace("orbs:\n  orb: someone/orb@1.6.0\n", "")
    assert read(text_file(PATH, text)) == []


PYENV_CONFIG = """\
version: 2.1
jobs:
  test:
    docker:
      - image: cimg/base:2024.01
    steps:
      - run:
          name: Install Pythons
          command: |
            pyenv install pyenv-requirements.txt
            pyenv global system 3.11.9 3.12-dev  # tox-pyenv finds them
            pyenv local 3.13; python -V
            conda create -n test python=3.10 pip
            conda install -y numpy
      - run: python -m pytest
"""


def test_pyenv_and_conda_in_run_steps_set_up_pythons_of_unknown_purpose():
    found = read(text_file(PATH, PYENV_CONFIG))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.11.9", 11, 33, Role.MATRIX, Purpose.UNKNOWN),
        ("3.12-dev", 11, 40, Role.MATRIX, Purpose.UNKNOWN),
        ("3.13", 12, 25, Role.MATRIX, Purpose.UNKNOWN),
        ("3.10", 13, 41, Role.MATRIX, Purpose.UNKNOWN),
    ]


REUSABLE_COMMANDS = """\
version: 2.1

commands:
  run-tox:
    description: "Run tox"
    parameters:
      version:
        type: string
    steps:
      - checkout
      - install-tox
      - run: tox -e "<<parameters.version>>-sphinx"
  install-tox:
    steps:
      - run: pip install --user 'tox~=3.27'
  loop:
    steps:
      - loop

jobs:
  py310:
    docker:
      - image: 'cimg/python:3.10'
    steps:
      - run-tox:
          version: py310
  py313:
    docker:
      - image: cimg/python:3.13
    steps:
      - loop
      - run-tox: {version: py313}
  assets:
    docker:
      - image: 'cimg/python:3.12-node'
    steps:
      - checkout
      - run: npm ci && npm run build
"""


def test_the_commands_a_job_invokes_say_what_it_runs():
    found = [
        (d.line, d.raw, d.purpose)
        for d in read(text_file(".circleci/config.yml", REUSABLE_COMMANDS))
    ]
    assert found == [
        (23, "cimg/python:3.10", Purpose.RUNTIME),
        (29, "cimg/python:3.13", Purpose.RUNTIME),
        (35, "cimg/python:3.12-node", Purpose.UNKNOWN),
    ]  # fmt: skip


def test_a_long_chain_of_commands_is_followed_within_a_budget():
    """Each job follows the chain only as far as the file's budget allows (the growth is
    measured in bench/hostile.py): the test command at the chain's end is out of reach."""
    step = "    steps:\n      - c{next}\n      - run: echo {pad}\n"
    chain = (
        "".join(f"  c{i}:\n" + step.format(next=i + 1, pad="x" * 10) for i in range(3000))
        + "  c3000:\n    steps:\n      - run: pytest\n"
    )
    job = "  j{i}:\n    docker:\n      - image: cimg/python:3.12\n    steps:\n      - c{first}\n"
    jobs = job.format(i=0, first=2990) + job.format(i=1, first=0)
    found = read(text_file(PATH, f"version: 2.1\ncommands:\n{chain}jobs:\n{jobs}"))
    assert [d.purpose for d in found] == [Purpose.RUNTIME, Purpose.UNKNOWN]


# A setup workflow (`setup: true`) whose path-filtering continues the pipeline with the jobs
# of `.circleci/continue_config.yml`: where the tests are.
_SETUP = """\
version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@1.3.0
workflows:
  generate-config:
    jobs:
      - path-filtering/filter:
          base-revision: main
          mapping: |
            client/python/.* run-python true
          config-path: .circleci/continue_config.yml
"""
_CONTINUED = """\
version: 2.1
parameters:
  run-python:
    type: boolean
    default: false
jobs:
  unit-test-client:
    docker:
      - image: cimg/python:3.12
    working_directory: ~/project/client
    steps:
      - checkout
      - run: pip install tox && tox -e py312
workflows:
  python:
    when: << pipeline.parameters.run-python >>
    jobs:
      - unit-test-client
"""


def test_the_configuration_a_setup_workflow_continues_with_is_read():
    assert matches(".circleci/continue_config.yml")
    assert matches(".circleci/continue_config.yaml")
    assert not matches(".circleci/workflows/python.yml")  # a fragment a script merges
    assert read(text_file(PATH, _SETUP)) == []
    [declaration] = read(text_file(".circleci/continue_config.yml", _CONTINUED))
    assert (declaration.raw, declaration.purpose) == ("cimg/python:3.12", Purpose.RUNTIME)


GATE_JOBS = """\
version: 2.1
orbs:
  slack: circleci/slack@4.13
jobs:
  unit-tests-client-python:
    working_directory: ~/project/client/python
    docker:
      - image: cimg/python:3.11
    steps:
      - run: echo "All Python tests done"
  notify:
    docker:
      - image: cimg/python:3.11
    steps:
      - run: echo "done"
      - slack/notify:
          event: fail
  count:
    docker:
      - image: cimg/python:3.11
    steps:
      - checkout
      - run: |
          echo "files: $(python scripts/count.py)"
  unit-test-common:
    docker:
      - image: cimg/python:3.10
    steps:
      - checkout
      - attach_workspace: {at: .}
      - run: |
          uv sync --extra dev
          uv run pytest tests
"""


def test_a_job_that_only_prints_runs_nothing_on_its_python():
    """A gate job that only echoes is tooling; one that also calls an orb's command, or
    prints what a script says, may run anything."""
    found = [(d.line, d.purpose) for d in read(text_file(PATH, GATE_JOBS))]
    assert found == [
        (8, Purpose.TOOLING),
        (13, Purpose.UNKNOWN),
        (20, Purpose.UNKNOWN),
        (27, Purpose.RUNTIME),
    ]
