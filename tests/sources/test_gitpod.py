"""The Gitpod reader: the workspace image, and Pythons the tasks' scripts name."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.gitpod import matches, read

PATH = ".gitpod.yml"


@pytest.mark.parametrize(
    ("image", "raw", "column", "role"),
    [
        ("gitpod/workspace-python-3.11", "gitpod/workspace-python-3.11", 32, Role.PIN),
        (
            "'gitpod/workspace-python-3.12:2024-05-01'",
            "gitpod/workspace-python-3.12:2024-05-01",
            33,
            Role.PIN,
        ),
        ("python:3.13-slim", "python:3.13-slim", 15, Role.PIN),
        ("python:3", "python:3", 15, Role.FLOATING),
    ],
)
def test_workspace_image(image, raw, column, role):
    [found] = read(text_file(PATH, f"image: {image}\n"))
    assert found.requirement.minors  # a version pyparity knows, not the image's name
    assert (found.raw, found.line, found.span.column, found.role, found.purpose) == (
        raw,
        1,
        column,
        role,
        Purpose.RUNTIME,
    )


# modelled on a workspace whose init script picks the Python its Makefile installs for
TASKS = """\
image:
  file: .gitpod.Dockerfile
tasks:
  - init: |
      uv venv
      export PYTHON=3.10 && make install-dev
      pyenv install 3.12.4 # a comment 3.9
    command: PYTHON_VERSION='3.11' make run
"""


def test_task_scripts_name_pythons_of_unknown_purpose():
    found = read(text_file(PATH, TASKS.replace("\n", "\r\n")))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.10", 6, 21, Role.PIN, Purpose.UNKNOWN),
        ("3.12.4", 7, 21, Role.PIN, Purpose.UNKNOWN),
        ("3.11", 8, 30, Role.PIN, Purpose.UNKNOWN),
    ]


def test_no_python_and_garbage():
    assert read(text_file(PATH, "image: gitpod/workspace-full\ntasks: [{init: make}]\n")) == []
    assert read(text_file(PATH, "\ufeff")) == []
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "- a\n"))


def test_matches():
    assert matches(".gitpod.yml")
    assert matches("sub/.gitpod.yaml")
    assert not matches("gitpod.yml")
    assert not matches(".gitpod.Dockerfile")


def test_a_script_line_written_twice_is_placed_at_each_of_its_lines():
    # the file is searched forward from the line placed before, not from the script's start
    text = "tasks:\n  - init: |\n      pyenv install 3.12\n      make\n      pyenv install 3.12\n"
    found = read(text_file(PATH, text))
    assert [(d.raw, d.line, d.span.column) for d in found] == [("3.12", 3, 21), ("3.12", 5, 21)]


def test_many_pieces_on_one_folded_line_keep_the_scripts_span():
    text = "tasks:\n  - init: >\n      pyenv install 3.11 3.12\n      3.13\n"
    found = read(text_file(PATH, text))
    assert [(d.raw, d.line) for d in found] == [("3.11", 2), ("3.12", 2), ("3.13", 2)]
