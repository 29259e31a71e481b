"""Debian packaging: a package's Python range, and its dependency on the system python3."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Declaration, Role
from pyparity.sources import source_for
from pyparity.sources.debian import matches, read


def summary(declaration: Declaration) -> tuple[int, int, str, Role, str | None]:
    specifier = declaration.requirement.specifier if declaration.requirement else None
    return (
        declaration.span.line,
        declaration.span.column,
        declaration.raw,
        declaration.role,
        specifier,
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("debian/control", True, id="control"),
        pytest.param("contrib/debian/control", True, id="nested-control"),
        pytest.param("stdeb.cfg", True, id="stdeb"),
        pytest.param("pkg/debian/nfpm.yaml", True, id="nfpm"),
        pytest.param("control", False, id="bare-control"),
        pytest.param("src/control", False, id="other-control"),
        pytest.param("debian/rules", False, id="rules"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


@pytest.mark.parametrize("path", ["debian/control", "stdeb.cfg", "nfpm.yaml"])
def test_the_registry_reads_them_with_this_reader(path: str) -> None:
    found = source_for(path)
    assert found is not None
    assert found.kind == "debian"


CONTROL = """\
Source: pkg
Build-Depends: debhelper (>= 11), python3-all-dev (>= 3.6)
X-Python-Version: >= 2.7
X-Python3-Version: >= 3.8
Homepage: https://example.org

Package: python3-pkg
Depends: ${misc:Depends},
 python3 (>= 3.9~), libfoo
Description: it works with Python 3.5+ (prose)
"""


def test_control_fields() -> None:
    found = read(text_file("debian/control", CONTROL.replace("\n", "\r\n")))
    assert [summary(d) for d in found] == [
        (3, 19, ">= 2.7", Role.UNRESOLVED, None),
        (4, 20, ">=3.8", Role.RANGE, ">=3.8"),
        (9, 2, "python3 (>= 3.9~)", Role.UNRESOLVED, None),
    ]
    assert "Python 2" in found[0].note
    assert "not compared" in found[2].note


@pytest.mark.parametrize(
    ("value", "specifier"),
    [
        pytest.param(">= 3.4", ">=3.4", id="spaced"),
        pytest.param("3.6-", ">=3.6", id="old-spelling"),
        pytest.param(">= 3.7, << 3.13", "<3.13,>=3.7", id="two-bounds"),
    ],
)
def test_stdeb_python3_version(value: str, specifier: str) -> None:
    text = f"[DEFAULT]\nDepends: libsdl2\nX-Python3-Version: {value}\t\n"
    [found] = read(text_file("stdeb.cfg", text))
    assert (found.span.line, found.span.column, found.role) == (3, 20, Role.RANGE)
    assert found.requirement is not None
    assert found.requirement.specifier == specifier


def test_a_python3_range_in_the_python2_field_is_a_range() -> None:
    [found] = read(text_file("contrib/debian/control", "X-Python-Version: >= 3.2\n"))
    assert found.role is Role.RANGE


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\ufeffX-Python3-Version: all\n", id="all"),
        pytest.param("X-Python3-Version:\n", id="empty-field"),
        pytest.param("# X-Python3-Version: >= 3.4\n", id="comment"),
        pytest.param("Description: needs python3 (>= 3.4)\n", id="prose"),
    ],
)
def test_nothing_declared(text: str) -> None:
    assert read(text_file("debian/control", text)) == []


def test_nfpm_depends_list() -> None:
    text = (
        'name: "pkg"\n'
        "depends:\n"
        "  # a comment about python3 (>= 3.1)\n"
        "  - python3 (>= 3.11)\n"
        "  - python3-venv\n"
        "recommends:\n"
        "  - python3 (>= 3.12)\n"
    )
    [found] = read(text_file("pkg/debian/nfpm.yaml", text))
    assert (found.span.line, found.raw, found.role) == (4, "python3 (>= 3.11)", Role.UNRESOLVED)


def test_long_lines_are_linear() -> None:
    text = "Depends: " + "python3 (>= 3." * 20_000 + "\nX-Python3-Version: " + ">" * 50_000 + "\n"
    assert read(text_file("debian/control", text)) == []
