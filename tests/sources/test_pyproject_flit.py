"""flit's metadata table from before PEP 621 (`[tool.flit.metadata]`), which flit_core still
reads where a pyproject has no `[project]`."""

from helpers import text_file

from pyparity.model import Role
from pyparity.sources.pyproject import read

# Modelled on a serialisation library that never moved to `[project]`.
LEGACY = """\
[build-system]
requires = ["flit_core"]
build-backend = "flit_core.buildapi"

[tool.flit.metadata]
module = "pickler"
requires-python = ">=3.8"
classifiers = [
    'License :: OSI Approved :: BSD License',
    'Programming Language :: Python :: 3.8',
    'Programming Language :: Python :: 3.14',
    'Programming Language :: Python :: Implementation :: PyPy',
]
"""


def test_flits_legacy_range_and_classifiers_are_read():
    found = read(text_file("pyproject.toml", LEGACY))
    assert [(d.raw, d.line, d.role, d.context) for d in found] == [
        (">=3.8", 7, Role.RANGE, "tool.flit.metadata requires-python"),
        ("3.8", 10, Role.MATRIX, "classifiers"),
        ("3.14", 11, Role.MATRIX, "classifiers"),
    ]


def test_a_project_table_wins_and_flits_table_is_then_not_read():
    modern = LEGACY + '\n[project]\nname = "pickler"\nrequires-python = ">=3.10"\n'
    assert [(d.raw, d.context) for d in read(text_file("pyproject.toml", modern))] == [
        (">=3.10", "requires-python")
    ]
