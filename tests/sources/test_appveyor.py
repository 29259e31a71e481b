"""AppVeyor: the environment matrix's Pythons (modelled on configs that list AppVeyor's
installed Pythons by folder, with a TOXENV per entry; written for these tests)."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Minor, Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.appveyor import matches, read

CONFIG = """\
image: Visual Studio 2022
environment:
  GLOBAL: "x"
  matrix:
    - PYTHON: "C:\\\\Python310-x64"
      TOXENV: "py310-test"
    - PYTHON: C:\\Python311\\python.exe
      TOXENV: py311-test
    - PYTHON: "C:/Python27"
    - PYTHON: "C:\\\\Python312-x64"
      TOXENV: lint
    - PYTHON_VERSION: 34
    - PYTHON_VERSION: "3.13"
    - PYTHON: "C:\\\\Miniconda3-x64"
    - PYTHON: "%PYTHON_HOME%"
install:
  - cmd: "%PYTHON%\\\\python.exe -m pip install tox"
test_script:
  - "%PYTHON%\\\\python.exe -m tox"
"""


def _text_at(content, declaration):
    line = content.split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


def test_environment_matrix_pythons():
    found = read(text_file("appveyor.yml", CONFIG))
    assert [(d.line, d.raw, str(d.requirement.minors[0]), d.purpose) for d in found] == [
        (5, "Python310", "3.10", Purpose.RUNTIME),
        (7, "Python311", "3.11", Purpose.RUNTIME),
        (9, "Python27", "2.7", Purpose.RUNTIME),
        (10, "Python312", "3.12", Purpose.TOOLING),
        (12, "34", "3.4", Purpose.RUNTIME),
        (13, "3.13", "3.13", Purpose.RUNTIME),
    ]
    assert {(d.role, d.group) for d in found} == {(Role.MATRIX, "appveyor.yml appveyor")}
    for declaration in found:  # a double-quoted path with escapes: the whole value
        assert declaration.raw in _text_at(CONFIG, declaration).replace("\\\\", "\\")
    assert _text_at(CONFIG, found[1]) == "Python311"


@pytest.mark.parametrize(
    "content",
    [
        "environment:\n  PYTHON: C:\\Python310\n",
        "build: off\n",
        "environment:\n  matrix:\n    - TOXENV: py310\n",
        "",
    ],
)
def test_no_matrix_python(content):
    assert read(text_file("appveyor.yml", content)) == []


def test_not_a_mapping():
    with pytest.raises(UnreadableFile):
        read(text_file("appveyor.yml", "- a\n- b\n"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("appveyor.yml", True),
        (".appveyor.yml", True),
        ("ci/appveyor.yml", True),
        (".ci/appveyor.yml", True),
        ("vendor/lib/appveyor.yml", False),
        ("appveyor.yaml", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
    assert (source_for(path) is not None) is expected


# modelled on configs whose tox runs under one named Python while the matrix tests others
RUNNERS = """\
environment:
  matrix:
    - PYTHON: C:\\\\Python310-x64
install:
  - "py -3.10 -m pip install tox"
  - C:\\Python36\\python -m pip install -U tox virtualenv==20.4.7
  - ps: py -3.11 --version
test_script:
  - C:/Python39-x64/scripts/tox
  - "%PYTHON%\\\\python.exe -m pytest"
  - happy -3.12 days
"""


def test_a_named_python_that_runs_tools():
    found = [d for d in read(text_file("appveyor.yml", RUNNERS)) if d.role is Role.PIN]
    assert [(d.requirement.minors, d.line, d.span.column, d.purpose) for d in found] == [
        ((Minor(3, 10),), 5, 10, Purpose.TOOLING),
        ((Minor(3, 6),), 6, 14, Purpose.TOOLING),
        ((Minor(3, 11),), 7, 13, Purpose.UNKNOWN),
        ((Minor(3, 9),), 9, 14, Purpose.TOOLING),
    ]


def test_the_py_launchers_default_version():
    """Modelled on a meson-built library whose Windows matrix picks the `py` launcher's
    default (`py -m pip install ...`, `py -m pytest`)."""
    text = (
        "image: Visual Studio 2022\nbuild: off\nenvironment:\n  matrix:\n"
        "    - arch: x64\n      PY_PYTHON: 3.12\n    - arch: x64\n      PY_PYTHON: 3.13\n"
        "test_script:\n  - py -m pytest\n"
    )
    found = read(text_file("appveyor.yml", text))
    assert [(d.line, d.raw, d.purpose) for d in found] == [
        (6, "3.12", Purpose.RUNTIME),
        (8, "3.13", Purpose.RUNTIME),
    ]
