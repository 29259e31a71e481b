"""runtime.txt and Pipfile: runtime pins."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.runtime import matches, read

PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
django = "*"

[requires]
python_version = "3.11"
python_full_version = "3.11.9"  # the exact one
"""


def _summary(declarations):
    return [
        (d.role, d.raw, d.span.line, d.span.column, d.span.end_column, d.purpose, d.context)
        for d in declarations
    ]


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        pytest.param(
            "runtime.txt",
            "python-3.11.9\n",
            [(Role.PIN, "3.11.9", 1, 8, 14, Purpose.RUNTIME, "runtime.txt")],
            id="heroku",
        ),
        pytest.param(
            "app/runtime.txt",
            "\ufeff\r\n  python-3.12\t\r\n",
            [(Role.PIN, "3.12", 2, 10, 14, Purpose.RUNTIME, "runtime.txt")],
            id="bom-crlf-blank-indent",
        ),
        pytest.param(
            "Pipfile",
            PIPFILE,
            [
                (Role.PIN, "3.11", 10, 19, 23, Purpose.RUNTIME, "Pipfile python_version"),
                (Role.PIN, "3.11.9", 11, 24, 30, Purpose.RUNTIME, "Pipfile python_full_version"),
            ],
            id="pipfile",
        ),
        pytest.param(
            "Pipfile",
            "[requires]\npython_version = '3.10'\n",
            [(Role.PIN, "3.10", 2, 19, 23, Purpose.RUNTIME, "Pipfile python_version")],
            id="pipfile-single-quotes",
        ),
    ],
)
def test_reads_runtime_pins(path, content, expected):
    assert _summary(read(text_file(path, content))) == expected


def test_netlifys_bare_version_is_its_build_images_python():
    """Netlify reads a bare `3.10` from runtime.txt for the site's build (docs): tooling."""
    [declaration] = read(text_file("runtime.txt", "\ufeff3.10\r\n"))
    assert (declaration.raw, declaration.span.column, declaration.purpose) == (
        "3.10",
        1,
        Purpose.TOOLING,
    )


def test_garbage_version_is_an_unknown_version():
    [declaration] = read(text_file("runtime.txt", "python-banana\n"))
    assert declaration.requirement.unknown == ("banana",)


@pytest.mark.parametrize(
    ("path", "content"),
    [
        pytest.param("runtime.txt", "", id="empty"),
        pytest.param("runtime.txt", "r-4.3-2024-01-01\n", id="r-runtime"),
        pytest.param("runtime.txt", "some garbage text\n", id="garbage"),
        pytest.param("runtime.txt", "# pinned\n3.10\n", id="not-netlify-alone"),
        pytest.param("Pipfile", "[packages]\nrequests = '*'\n", id="pipfile-no-requires"),
        pytest.param("Pipfile", "", id="pipfile-empty"),
    ],
)
def test_declares_nothing(path, content):
    assert read(text_file(path, content)) == []


def test_broken_pipfile_is_unreadable():
    with pytest.raises(UnreadableFile) as caught:
        read(text_file("Pipfile", "[requires]\npython_version = \n"))
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("runtime.txt", True),
        ("web/Pipfile", True),
        ("Pipfile.lock", False),
        ("runtime.txt.bak", False),
        ("my-runtime.txt", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def test_a_spaced_runtime_txt_names_no_python_and_says_why():
    """`python - 3.10` in a Binder folder: repo2docker splits on the first `-` and finds the
    name `python `, so it silently builds its default Python."""
    import datetime as dt

    from pyparity.rules import ScopeInput, unknown_version

    [declared] = read(text_file(".binder/runtime.txt", "python - 3.10\n"))
    assert declared.span.column == 1
    [finding] = unknown_version.check(
        ScopeInput(scope=".", declarations=(declared,), today=dt.date(2026, 12, 2))
    )
    assert "with no spaces: this line names no Python" in finding.message
    assert read(text_file("runtime.txt", "  python-3.12.4  \n"))[0].note == ""
