import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.python_version_file import matches, read
from pyparity.textfile import TextFile


@pytest.mark.parametrize(
    ("content", "raw", "line", "column"),
    [
        pytest.param("3.11\n", "3.11", 1, 1, id="plain"),
        pytest.param("3.11.13", "3.11.13", 1, 1, id="no-final-newline"),
        pytest.param("\ufeff3.12\r\n", "3.12", 1, 1, id="bom-crlf"),
        pytest.param("# pinned for prod\n  3.10.14  # comment\n", "3.10.14", 2, 3, id="comments"),
        pytest.param("\t3.9\n", "3.9", 1, 2, id="tab"),
        pytest.param("3.12/envs/api\n", "3.12", 1, 1, id="pyenv-virtualenv"),
        pytest.param("pypy3.10-7.3.12\n", "pypy3.10-7.3.12", 1, 1, id="pypy"),
    ],
)
def test_reads_the_version_and_its_position(content, raw, line, column):
    file = TextFile.from_bytes(".python-version", content.encode("utf-8"))
    [declaration] = read(file)
    assert declaration.raw == raw
    assert (declaration.span.line, declaration.span.column) == (line, column)
    assert declaration.span.end_column == column + len(raw)
    assert declaration.purpose is Purpose.RUNTIME


def test_several_lines_first_is_the_runtime():
    first, second = read(text_file("api/.python-version", "3.12\n3.11\n"))
    assert first.role is Role.PIN
    assert first.purpose is Purpose.RUNTIME
    assert second.role is Role.MATRIX
    assert second.purpose is None


@pytest.mark.parametrize("content", ["", "\n\n", "# nothing\n", "system\n"])
def test_declares_nothing(content):
    assert read(text_file(".python-version", content)) == []


@pytest.mark.parametrize("text", ["3.19", "3.8.99", "3,11"])
def test_text_that_starts_like_a_version_and_is_none_is_an_unknown_version(text):
    [declaration] = read(text_file(".python-version", f"{text}\n"))
    assert declaration.requirement is not None
    assert declaration.requirement.unknown == (text,)


@pytest.mark.parametrize(
    "name", ["django-rest-knox", "banana", "anaconda3-2024.02", "miniforge3-latest", "py311"]
)
def test_a_pyenv_name_is_unresolved_not_an_unknown_version(name):
    """`pyenv local api-env` writes the virtualenv's name: valid, but it says no Python."""
    [declaration] = read(text_file(".python-version", f"\ufeff  {name}  # pyenv virtualenv\r\n"))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.requirement is None
    assert (declaration.raw, declaration.span.column) == (name, 3)
    assert "pyenv name" in declaration.note


def test_a_name_on_the_first_line_leaves_the_next_lines_installed_beside_it():
    name, other = read(text_file(".python-version", "api-env\n3.11.9\n"))
    assert name.role is Role.UNRESOLVED
    assert (other.raw, other.role) == ("3.11.9", Role.MATRIX)


@pytest.mark.parametrize(
    ("path", "expected"),
    [(".python-version", True), ("svc/.python-version", True), ("python-version", False)],
)
def test_matches(path, expected):
    assert matches(path) is expected


def test_uv_python_versions_lists_what_is_installed_none_of_it_a_pin():
    content = (
        "# Pythons the tests need\r\n\r\n3.14.0\r\n3.13.2  # newest\r\n\t3.8.20\r\n3.14.0rc2\r\n"
    )
    found = read(text_file(".python-versions", "\ufeff" + content))
    assert [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found] == [
        ("3.14.0", 3, 1, Role.MATRIX, Purpose.TOOLING),
        ("3.13.2", 4, 1, Role.MATRIX, Purpose.TOOLING),
        ("3.8.20", 5, 2, Role.MATRIX, Purpose.TOOLING),
        ("3.14.0rc2", 6, 1, Role.MATRIX, Purpose.TOOLING),
    ]
    assert {d.group for d in found} == {".python-versions installed"}
    assert matches("sub/.python-versions")
    assert read(text_file(".python-versions", "")) == []
