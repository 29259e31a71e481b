"""The Woodpecker CI reader: step images and the matrix that fills them."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.woodpecker import matches, read

PATH = ".woodpecker.yaml"

# modelled on a workflow that tests the oldest and newest Python through include rows
INCLUDE = """\
when:
  - event: pull_request
steps:
  test:
    image: python:${PYTHON_VERSION}-${DEBIAN_VERSION}
    commands:
      - pip install nox
      - nox --session "test-${PYTHON_VERSION}"
  docs:
    image: python:${PYTHON_VERSION}-${DEBIAN_VERSION}
    commands:
      - nox --session docs
    when:
      - matrix:
          PYTHON_VERSION: 3.14
  js:
    image: node:22-${DEBIAN_VERSION}
    commands: [make standardjs]
matrix:
  include:
    # oldest and newest only
    - PYTHON_VERSION: 3.10
      DEBIAN_VERSION: trixie
    - PYTHON_VERSION: "3.14"
      DEBIAN_VERSION: trixie
"""


def brief(found):
    return [(d.raw, d.line, d.role, d.purpose, d.group) for d in found]


def test_include_rows_fill_the_image_and_when_matrix_filters_them():
    found = read(text_file(PATH, INCLUDE))
    group = f"{PATH} step test"
    assert brief(found) == [
        ("3.10", 22, Role.MATRIX, Purpose.RUNTIME, group),
        ("3.14", 24, Role.MATRIX, Purpose.RUNTIME, group),
        ("3.14", 24, Role.PIN, Purpose.TOOLING, ""),
    ]
    assert found[0].yaml_loaded_as is None  # Woodpecker keeps a matrix value's text


def test_crlf_bom_and_axes():
    text = "\ufeffsteps:\r\n  - name: test\r\n    image: python:$PY-slim\r\n    commands: pytest\r\nmatrix:\r\n  PY: ['3.11', '3.12']\r\n  DB: [a, b]\r\n"
    found = read(text_file(".woodpecker/test.yml", text))
    assert [(d.raw, d.line, d.role) for d in found] == [
        ("3.11", 6, Role.MATRIX),
        ("3.12", 6, Role.MATRIX),
    ]


def test_a_literal_image_is_a_pin():
    text = "steps:\n  test:\n    image: python:3.12-slim\n    commands: [pytest]\n"
    [found] = read(text_file(PATH, text))
    assert (found.raw, found.line, found.span.column, found.role) == (
        "python:3.12-slim",
        3,
        19,
        Role.PIN,
    )


def test_a_variable_no_row_sets_declares_nothing():
    text = "steps:\n  test:\n    image: python:${PY}\n    commands: [pytest]\n"
    assert read(text_file(PATH, text)) == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".woodpecker.yml", True),
        (".woodpecker/build.yaml", True),
        ("ci/.woodpecker/build.yml", True),
        ("woodpecker.yml", False),
        (".woodpecker/README.md", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def test_garbage_and_empty():
    assert read(text_file(PATH, "")) == []
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "- a\n"))


def _steps_times_rows(steps: int, rows: int, *, when: bool = False) -> str:
    matrix = "".join(f"    - V: '3.{i % 14}'\n" for i in range(rows))
    only = "    when:\n      - matrix:\n          V: '2.7'\n" if when else ""
    body = "".join(f"  s{i}:\n    image: python:${{V}}\n{only}" for i in range(steps))
    return f"matrix:\n  include:\n{matrix}steps:\n{body}"


def test_steps_times_rows_past_the_declarations_any_file_may_hold_is_a_parse_error() -> None:
    # 8 steps x 200 rows: 1,600 versions; stops at the cap instead of making them all
    with pytest.raises(UnreadableFile, match="more than 1000 versions"):
        read(text_file(PATH, _steps_times_rows(8, 200)))


def test_steps_times_rows_that_declare_nothing_are_still_bounded() -> None:
    # every step's `when:` rules out every row: nothing declared, the work still capped
    with pytest.raises(UnreadableFile, match="combinations to look at"):
        read(text_file(PATH, _steps_times_rows(400, 256, when=True)))


def test_a_few_steps_times_a_few_rows_are_read() -> None:
    assert len(read(text_file(PATH, _steps_times_rows(20, 20)))) == 400
