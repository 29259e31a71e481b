"""The Travis CI reader: python scalar, list, and include entries."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.travis import matches, read


def summary(declaration):
    span = declaration.span
    return (
        declaration.raw,
        declaration.role,
        declaration.yaml_loaded_as,
        (span.line, span.column, span.end_column),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'language: python\npython: "3.12"\nscript: pytest\n',
            [("3.12", Role.PIN, None, (2, 10, 14))],
            id="scalar",
        ),
        pytest.param(
            "language: python\npython:\n  - 3.9\n  - 3.10\n  - '3.11'\n  - nightly\nscript: pytest\n",
            [
                ("3.9", Role.MATRIX, None, (3, 5, 8)),
                ("3.10", Role.MATRIX, "3.1", (4, 5, 9)),
                ("3.11", Role.MATRIX, None, (5, 6, 10)),
            ],
            id="list-with-float-and-nightly",
        ),
        pytest.param(
            "language: python\njobs:\n  include:\n    - python: '3.12'\n      script: tox\n"
            "    - python: pypy3.10\n      script: tox\n",
            [
                ("3.12", Role.MATRIX, None, (4, 16, 20)),
                ("pypy3.10", Role.MATRIX, None, (6, 15, 23)),
            ],
            id="jobs-include",
        ),
        pytest.param("language: node_js\nnode_js: [20]\n", [], id="not-python"),
        pytest.param("", [], id="empty"),
    ],
)
def test_declarations(text, expected):
    assert [summary(d) for d in read(text_file(".travis.yml", text))] == expected


def test_purpose_from_script():
    text = "python: '3.12'\nscript:\n  - pip install -e .\n  - python -m pytest\n"
    [declaration] = read(text_file(".travis.yml", text))
    assert declaration.purpose is Purpose.RUNTIME
    assert declaration.context == "python, runtime: runs python -m pytest"


def test_crlf_bom():
    [declaration] = read(text_file(".travis.yml", '\ufeffpython:\r\n  - "3.13"\r\n'))
    assert summary(declaration)[3] == (2, 6, 10)


def test_matches_and_garbage():
    assert matches(".travis.yml")
    assert not matches("sub/.travis.yml")
    with pytest.raises(UnreadableFile):
        read(text_file(".travis.yml", "python: [\n"))


TRAVIS = """\
language: python
python:
  - "3.12"
  - "3.13"
  - "3.14-dev"
{section}:
  allow_failures:
{entries}script: pytest
"""


@pytest.mark.parametrize(
    ("section", "entries", "tried"),
    [
        pytest.param("jobs", '    - python: "3.14-dev"\n', {"3.14-dev"}, id="jobs"),
        pytest.param("matrix", "    - python: 3.13\n", {"3.13"}, id="matrix-unquoted"),
        pytest.param(
            "jobs", '    - python: "3.14-dev"\n      os: osx\n', set(), id="more-conditions"
        ),
        pytest.param("jobs", "    - env: EXPERIMENTAL=1\n", set(), id="no-python"),
        pytest.param("jobs", "    - python: nightly\n", set(), id="nightly-is-not-read"),
    ],
)
def test_versions_that_allow_failures_names_are_tried(section, entries, tried):
    text = TRAVIS.format(section=section, entries=entries)
    declarations = read(text_file(".travis.yml", text))
    assert {d.raw for d in declarations if d.may_fail} == tried
    for declaration in declarations:
        flagged = "allowed to fail (allow_failures)" in declaration.context
        assert flagged is declaration.may_fail


# modelled on macOS jobs that install their Python with multibuild
MULTIBUILD = """\
language: python
matrix:
  include:
  - os: linux
    python: 3.8
  - os: osx
    language: generic
    env: MB_PYTHON_VERSION=2.7.15
  - os: osx
    language: generic
    env: [CC=clang, "PYTHON_VERSION=3.7.1"]
  - os: linux
    python: 3.9
    env: PYTHON=3.6   # python: decides
  allow_failures:
  - env: MB_PYTHON_VERSION=2.7.15
"""


def test_an_env_that_names_the_python_of_an_entry_without_python():
    found = read(text_file(".travis.yml", MULTIBUILD.replace("\n", "\r\n")))
    env = [d for d in found if " env" in d.context]
    assert all(d.purpose is Purpose.UNKNOWN for d in env)
    assert [(d.raw, d.line, d.span.column, d.role, d.may_fail) for d in env] == [
        ("2.7.15", 8, 28, Role.MATRIX, True),
        ("3.7.1", 11, 37, Role.MATRIX, False),
    ]


# modelled on a linter's Travis file that runs tox per job and lets the old Pythons fail
TOX_JOBS = """\
language: python
script:
  - tox
jobs:
  fast_finish: true
  allow_failures:
    - env: TOXENV=docstrings
    - env: TOXENV=py27   # retired
    - env: "TOXENV=py35"
      os: osx
    - env: [TOXENV=py36]
  include:
    - python: 2.7
      env: TOXENV=py27
    - python: 3.5
      env: TOXENV=py35
    - python: 3.6
      env: TOXENV=py36
    - python: "3.9"
      env: TOXENV=py39
    - python: 3.9
      env: TOXENV=docstrings
"""


def test_an_include_entry_an_env_condition_of_allow_failures_matches_is_tried():
    found = read(text_file(".travis.yml", TOX_JOBS.replace("\n", "\r\n")))
    assert [(d.raw, d.line, d.may_fail) for d in found] == [
        ("2.7", 13, True),
        ("3.5", 15, False),  # the condition on `os` does not hold
        ("3.6", 17, False),  # a list is no plain condition
        ("3.9", 19, False),
        ("3.9", 21, True),
    ]
