"""Meson builds: the build's Python floor."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Role
from pyparity.sources import source_for
from pyparity.sources.meson import matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("meson.build", True, id="root"),
        pytest.param("pkg/meson.build", True, id="nested"),
        pytest.param("subprojects/lib/meson.build", False, id="vendored"),
        pytest.param("meson_options.txt", False, id="options"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_meson_build() -> None:
    found = source_for("meson.build")
    assert found is not None
    assert found.kind == "meson"


def test_python3_dependency_version_is_a_range() -> None:
    text = (
        "\ufeffproject('app', version: '1.0')\r\n"
        "# dependency('python3', version : '>= 3.8')\r\n"
        "dependency('python3', version : '>= 3.10')\r\n"
        "dependency('gtk4', version: '>= 4.12')\r\n"
    )
    [found] = read(text_file("meson.build", text))
    assert (found.span.line, found.span.column, found.raw, found.role) == (
        3,
        34,
        ">=3.10",
        Role.RANGE,
    )


def test_minimum_variable_checked_against_the_interpreter() -> None:
    text = (
        "py3 = import('python').find_installation(pure: false)\n"
        "min_python_version = '3.12'   # keep in sync\n"
        "if py3.language_version().version_compare(f'<@min_python_version@')\n"
        "  error('too old')\n"
        "endif\n"
    )
    [found] = read(text_file("meson.build", text))
    assert (found.span.line, found.span.column, found.raw, found.role) == (
        2,
        23,
        ">=3.12",
        Role.RANGE,
    )


def test_a_check_that_stops_the_build_below_a_version() -> None:
    """GNOME projects write the floor into the check itself (modelled on pygobject's)."""
    text = (
        "pymod = import('python')\r\n"
        "python = pymod.find_installation(get_option('python'), pure: false)\r\n"
        "\r\n"
        "if python.language_version().version_compare('< 3.9')\r\n"
        "  # a comment before the error\r\n"
        "  error('Requires Python >= 3.9')\r\n"
        "endif\r\n"
    )
    [found] = read(text_file("meson.build", text))
    assert (found.span.line, found.span.column, found.raw, found.role) == (
        4,
        49,
        ">=3.9",
        Role.RANGE,
    )
    assert found.context == "meson build's check of the Python"


def test_a_negated_check_that_stops_the_build() -> None:
    """gnome-music's spelling: `if not ... version_compare('>= 3.10')`."""
    text = (
        "py_installation = pymod.find_installation('python3')\n"
        "if not py_installation.language_version().version_compare('>= 3.10')\n"
        "  error('Python 3.10 or newer is required.')\n"
        "endif\n"
    )
    [found] = read(text_file("meson.build", text))
    assert (found.span.line, found.raw) == (2, ">=3.10")
    assert text.splitlines()[1][found.span.column - 1 : found.span.end_column - 1] == "3.10"


@pytest.mark.parametrize(
    "check",
    [
        pytest.param("if py.language_version().version_compare('>= 3.10')", id="newer-branch"),
        pytest.param("if not py.language_version().version_compare('< 3.10')", id="negated-older"),
    ],
)
def test_a_check_whose_branch_is_the_newer_pythons_declares_nothing(check: str) -> None:
    text = f"py = import('python').find_installation()\n{check}\n  error('x')\nendif\n"
    assert read(text_file("meson.build", text)) == []


@pytest.mark.parametrize(
    "branch",
    [
        pytest.param("  message('old Python: slower code paths')\n", id="warns-only"),
        pytest.param("  warning('Python < 3.9 is deprecated')\n  error('x')\n", id="not-first"),
    ],
)
def test_a_check_that_lets_the_build_go_on_declares_nothing(branch: str) -> None:
    text = (
        "py = import('python').find_installation()\n"
        "if py.language_version().version_compare('<3.9')\n" + branch + "endif\n"
    )
    assert read(text_file("meson.build", text)) == []


def test_minimum_variable_nothing_checks_declares_nothing() -> None:
    assert read(text_file("meson.build", "min_python_version = '3.12'\n")) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("dependency('python3')\n", id="no-version"),
        pytest.param("dependency('python3-embed', version: '>=3.8')\n", id="embed"),
        pytest.param("\tdependency('python3', version : '" + ">" * 50_000 + "\n", id="unclosed"),
    ],
)
def test_nothing_declared(text: str) -> None:
    assert read(text_file("meson.build", text)) == []


def test_a_python_installations_dependency_version_is_a_range() -> None:
    """Modelled on a GNOME application that embeds Python: the installation's dependency is
    asked for a version (a CMake subproject's dependency() takes a target name, no version)."""
    text = (
        "pymod = import('python')\n"
        "python = pymod.find_installation(get_option('python'))\n"
        "python_dep = python.dependency(embed: true, version: '>= 3.9')\n"
        "zlib_dep = cmake_proj.dependency('zlib')\n"
    )
    [found] = read(text_file("meson.build", text))
    assert (found.span.line, found.span.column, found.raw, found.role) == (
        3,
        55,
        ">=3.9",
        Role.RANGE,
    )
    assert found.context == "meson Python installation's dependency() version"
