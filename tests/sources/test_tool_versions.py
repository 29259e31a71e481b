"""asdf .tool-versions and mise.toml: the first Python is the runtime pin."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.tool_versions import matches, read


def _summary(declarations):
    return [
        (d.role, d.raw, d.span.line, d.span.column, d.span.end_column, d.purpose, d.group)
        for d in declarations
    ]


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        pytest.param(
            ".tool-versions",
            "nodejs 20.11.0\npython 3.11.9\n",
            [(Role.PIN, "3.11.9", 2, 8, 14, Purpose.RUNTIME, "")],
            id="asdf-single",
        ),
        pytest.param(
            "svc/.tool-versions",
            "# tools\npython 3.11.9 3.12.1  # both\n",
            [
                (Role.PIN, "3.11.9", 2, 8, 14, Purpose.RUNTIME, ""),
                (Role.MATRIX, "3.12.1", 2, 15, 21, None, "svc/.tool-versions installed"),
            ],
            id="asdf-several-comment",
        ),
        pytest.param(
            ".tool-versions",
            "\ufeffpython\t\tsystem 3.12.4\r\n",
            [(Role.PIN, "3.12.4", 1, 16, 22, Purpose.RUNTIME, "")],
            id="asdf-bom-crlf-tabs-system-first",
        ),
        pytest.param(
            "mise.toml",
            '[tools]\nnode = "22"\npython = "3.12"\n',
            [(Role.PIN, "3.12", 3, 11, 15, Purpose.RUNTIME, "")],
            id="mise-string",
        ),
        pytest.param(
            ".mise.toml",
            '[tools]\npython = ["3.12", "3.11"]\n',
            [
                (Role.PIN, "3.12", 2, 12, 16, Purpose.RUNTIME, ""),
                (Role.MATRIX, "3.11", 2, 20, 24, None, ".mise.toml installed"),
            ],
            id="mise-list",
        ),
        pytest.param(
            ".config/mise.toml",
            '[tools]\npython = { version = "3.13", virtualenv = ".venv" }\n',
            [(Role.PIN, "3.13", 2, 23, 27, Purpose.RUNTIME, "")],
            id="mise-table-inline",
        ),
        pytest.param(
            "mise.local.toml",
            '[tools.python]\nversion = "prefix:3.12"\n',
            [(Role.PIN, "prefix:3.12", 2, 12, 23, Purpose.RUNTIME, "")],
            id="mise-table-prefix",
        ),
    ],
)
def test_reads_pins(path, content, expected):
    assert _summary(read(text_file(path, content))) == expected


def test_prefix_means_its_version():
    [declaration] = read(text_file("mise.toml", '[tools]\npython = "prefix:3.12"\n'))
    assert str(declaration.requirement.minors[0]) == "3.12"


def test_latest_is_floating():
    [declaration] = read(text_file("mise.toml", '[tools]\npython = "latest"\n'))
    assert declaration.role is Role.FLOATING


def test_ref_is_unresolved():
    [declaration] = read(text_file(".tool-versions", "python ref:v3.12.0\n"))
    assert declaration.role is Role.UNRESOLVED


@pytest.mark.parametrize(
    ("path", "content"),
    [
        pytest.param(".tool-versions", "", id="empty"),
        pytest.param(".tool-versions", "nodejs 20\n# python 3.9\n", id="commented-out"),
        pytest.param(".tool-versions", "python system\n", id="system"),
        pytest.param(".tool-versions", "pythonista 1.0\n", id="other-tool"),
        pytest.param("mise.toml", "[env]\nX = '1'\n", id="mise-no-tools"),
        pytest.param("mise.toml", "", id="mise-empty"),
    ],
)
def test_declares_nothing(path, content):
    assert read(text_file(path, content)) == []


def test_broken_mise_toml_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file("mise.toml", "[tools\npython = 3.12\n"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".tool-versions", True),
        ("api/.tool-versions", True),
        ("mise.toml", True),
        ("api/.mise.toml", True),
        (".config/mise.toml", True),
        (".config/mise/config.toml", True),
        ("mise.local.toml", True),
        ("notmise.toml", False),
        ("config/mise.toml.example", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
