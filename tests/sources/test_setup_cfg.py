"""setup.cfg: python_requires, classifiers, mypy target and tox's [tox:tox] section."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Role
from pyparity.sources.setup_cfg import matches, read
from pyparity.textfile import TextFile

REALISTIC = """\
[metadata]
name = example
version = attr: example.__version__
classifiers =
    Development Status :: 5 - Production/Stable
    Programming Language :: Python :: 3
    ; a comment inside the value
    Programming Language :: Python :: 3.10
    Programming Language :: Python :: 3.11

    Programming Language :: Python :: 3.12
    Programming Language :: Python :: Implementation :: CPython

[options]
packages = find:
python_requires = >=3.10  # inline comments are dropped
install_requires =
    requests>=2

[mypy]
python_version = 3.10
"""


def _summary(declarations):
    return [
        (d.role, d.raw, d.span.line, d.span.column, d.span.end_column, d.context, d.group)
        for d in declarations
    ]


def test_realistic_setup_cfg():
    declarations = read(text_file("pkg/setup.cfg", REALISTIC))
    group = "pkg/setup.cfg classifiers"
    assert _summary(declarations) == [
        (Role.RANGE, ">=3.10", 16, 19, 25, "python_requires", ""),
        (Role.MATRIX, "3.10", 8, 39, 43, "classifiers", group),
        (Role.MATRIX, "3.11", 9, 39, 43, "classifiers", group),
        (Role.MATRIX, "3.12", 11, 39, 43, "classifiers", group),
        (Role.TARGET, "3.10", 21, 18, 22, "mypy python_version", ""),
    ]
    assert all(d.purpose is None for d in declarations)


@pytest.mark.parametrize(
    ("content", "raw", "line", "column"),
    [
        pytest.param("[options]\npython_requires = >=3.9\n", ">=3.9", 2, 19, id="plain"),
        pytest.param("\ufeff[options]\r\npython_requires=>=3.9\r\n", ">=3.9", 2, 17, id="bom-crlf"),
        pytest.param("[options]\npython_requires: ~=3.8\n", "~=3.8", 2, 18, id="colon"),
        pytest.param("[options]\n\tpython_requires =\t>=3.11\n", ">=3.11", 2, 20, id="tabs"),
        pytest.param(
            "# top\n[options]\n; why\npython_requires = >=3.8, <4 ; c\n",
            ">=3.8, <4",
            4,
            19,
            id="comments",
        ),
        pytest.param(
            "[options]\npython_requires =\n    >=3.9\n", ">=3.9", 3, 5, id="value-on-next-line"
        ),
    ],
)
def test_python_requires_position(content, raw, line, column):
    file = TextFile.from_bytes("setup.cfg", content.encode("utf-8"))
    [declaration] = read(file)
    assert declaration.role is Role.RANGE
    assert declaration.raw == raw
    assert (declaration.span.line, declaration.span.column) == (line, column)
    assert declaration.span.end_column == column + len(raw)


def test_bad_python_requires_is_unresolved():
    [declaration] = read(text_file("setup.cfg", "[options]\npython_requires = three\n"))
    assert declaration.role is Role.UNRESOLVED


def test_classifiers_from_a_file_are_unresolved():
    [declaration] = read(text_file("setup.cfg", "[metadata]\nclassifiers = file: CLASSIFIERS\n"))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.raw == "file: CLASSIFIERS"


def test_tox_section_in_setup_cfg():
    content = "[tox:tox]\nenvlist = py{39,310}, lint\n\n[testenv:lint]\nbasepython = python3.12\n"
    declarations = read(text_file("setup.cfg", content))
    assert [(d.role, d.raw, d.group) for d in declarations] == [
        (Role.MATRIX, "py39", "setup.cfg envlist"),
        (Role.MATRIX, "py310", "setup.cfg envlist"),
        (Role.PIN, "python3.12", ""),
    ]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("\n\n# only comments\n; more\n", id="comments-only"),
        pytest.param("[metadata]\nname = x\n[options]\npackages = find:\n", id="no-python"),
        pytest.param("[bdist_wheel]\nuniversal = 1\n", id="other-sections"),
    ],
)
def test_declares_nothing(content):
    assert read(text_file("setup.cfg", content)) == []


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param("python_requires = >=3.9\n", 1, id="no-section"),
        pytest.param("[options]\n\x01\x02 garbage here\n", 2, id="garbage"),
        pytest.param("[metadata\nname = x\n", 1, id="broken-header"),
    ],
)
def test_unreadable(content, line):
    with pytest.raises(UnreadableFile) as caught:
        read(text_file("setup.cfg", content))
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("path", "expected"),
    [("setup.cfg", True), ("lib/setup.cfg", True), ("setup.cfg.bak", False), ("tox.ini", False)],
)
def test_matches(path, expected):
    assert matches(path) is expected
