"""Tool settings beyond the plain targets: pylint's py-version, ruff's per-file targets,
pyproject-fmt's max_supported_python, uv dependency groups' requires-python, another tool's
python-version, and a requires-python outside [project] (modelled on real configs)."""

from __future__ import annotations

import pytest
from helpers import supported, text_file

from pyparity.model import Purpose, Role
from pyparity.scope import OWN_SCOPE, assign
from pyparity.sources import pyproject, tool_config


def _at(content: str, declaration) -> str:
    line = content.replace("\r\n", "\n").lstrip("\ufeff").split("\n")[declaration.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


PYPROJECT = """\
[project]
name = "demo"
requires-python = ">=3.10"

[tool.pylint.main]
jobs = 0
py-version = "3.10"   # keep with requires-python

[tool.ruff]
target-version = "py310"
per-file-target-version = { "src/demo/__runner__.py" = "py37", "tests/test_match.py" = 'py311' }

[tool.pyproject-fmt]
max_supported_python = "3.15"

[tool.uv.dependency-groups]
docs = { requires-python = ">=3.12" }
release = {requires-python=">=3.13"}

[tool.sphinx-demo]
python-version = "3.14"  # keep in sync with CI
"""


def test_pyproject_tool_keys_are_read_with_their_roles():
    found = pyproject.read(text_file("pyproject.toml", PYPROJECT))
    got = [(d.raw, d.line, d.role, d.context) for d in found]
    assert got == [
        (">=3.10", 3, Role.RANGE, "requires-python"),
        ("py310", 10, Role.TARGET, "ruff target-version"),
        ("3.10", 7, Role.TARGET, "pylint py-version"),
        ("py37", 11, Role.TARGET, "ruff per-file-target-version src/demo/__runner__.py"),
        ("py311", 11, Role.TARGET, "ruff per-file-target-version tests/test_match.py"),
        (
            "3.15",
            14,
            Role.PIN,
            "pyproject-fmt max_supported_python, the newest classifier it writes",
        ),
        (">=3.12", 17, Role.RANGE, "uv dependency group docs requires-python"),
        (">=3.13", 18, Role.RANGE, "uv dependency group release requires-python"),
        ("3.14", 21, Role.PIN, "tool.sphinx-demo python-version, tooling"),
    ]
    for declaration in found:
        assert _at(PYPROJECT, declaration) == declaration.raw
    assert found[-1].purpose is Purpose.TOOLING


def test_per_file_targets_and_group_ranges_are_scopes_of_their_own():
    """A runner that must start on 3.7, a docs group on 3.12: neither is the project's."""
    found = pyproject.read(text_file("sub/pyproject.toml", PYPROJECT.replace("sub", "sub")))
    scopes = {d.raw: d.scope for d in assign(found, {".", "sub"})}
    assert scopes["py37"] == "sub/src/demo/__runner__.py"
    assert scopes[">=3.12"] == "sub/pyproject.toml [dependency-groups] docs"
    assert scopes["3.15"] == "sub/pyproject.toml [tool.pyproject-fmt]"
    assert scopes[">=3.10"] == scopes["3.10"] == scopes["3.14"] == "sub"
    assert all((d.anchor or "").startswith(OWN_SCOPE) for d in found if d.raw in ("py37", ">=3.13"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param('[tool.pylint]\npy-version = "3.11"\n', [("3.11", 2)], id="tool-pylint"),
        pytest.param(
            '[tool.pylint.MASTER]\r\npy-version = "3.9"\r\n', [("3.9", 2)], id="master-crlf"
        ),
        pytest.param("[tool.pylint.main]\npy-version = 3.10\n", [], id="a-float-is-no-version"),
        pytest.param('[tool.pylint.main]\npy-version = "latest"\n', [], id="not-a-version"),
        pytest.param('[tool.pylint.format]\npy-version = "3.9"\n', [], id="other-section"),
        pytest.param('[tool.pyproject-fmt]\nmax_supported_python = "3"\n', [], id="fmt-major"),
        pytest.param(
            "[tool.uv.dependency-groups]\ndocs = {requires-python = 3}\n", [], id="group-number"
        ),
        pytest.param('[tool.demo]\npython-version = "py312"\n', [], id="other-tool-spelling"),
        pytest.param('[tool.ruff]\nper-file-target-version = "py37"\n', [], id="not-a-table"),
    ],
)
def test_pyproject_tool_keys_ugly_input(content, expected):
    found = pyproject.read(text_file("pyproject.toml", "\ufeff" + content))
    assert [(d.raw, d.line) for d in found] == expected


def test_a_requires_python_outside_project_is_unresolved():
    """A workspace root's `requires-python` at the top of the file: no tool reads it."""
    content = 'name = "workspace"\nrequires-python = ">=3.10,<3.14"\n\n[tool.uv]\npackage = false\n'
    [declaration] = pyproject.read(text_file("pyproject.toml", content))
    assert (declaration.raw, declaration.line, declaration.role) == (
        ">=3.10,<3.14",
        2,
        Role.UNRESOLVED,
    )
    assert "outside [project]" in declaration.note


def test_a_ruff_toml_per_file_table_over_several_lines():
    """TOML 1.1, which ruff reads and Python's parser refuses: read line by line."""
    content = (
        'target-version = "py312"\n'
        "per-file-target-version = {  # scripts run by any Python\n"
        '  "scripts/check_system.py" = "py37",\n'
        "\t'scripts/mirror.py' = 'py38',\n"
        '  "scripts/bad.py" = "latest",\n'
        "}\n"
        "[lint]\n"
        '"x.py" = "py39"\n'
    )
    found = tool_config.read(text_file("tools/ruff.toml", content))
    assert [(d.raw, d.line, d.scope, d.anchor) for d in found] == [
        ("py312", 1, ".", None),
        ("py37", 3, ".", f"{OWN_SCOPE}tools/scripts/check_system.py"),
        ("py38", 4, ".", f"{OWN_SCOPE}tools/scripts/mirror.py"),
    ]
    for declaration in found:
        assert _at(content, declaration) == declaration.raw


def test_a_ruff_toml_per_file_table_in_valid_toml():
    content = '[per-file-target-version]\n"a/b.py" = "py39"\n'
    [declaration] = tool_config.read(text_file(".ruff.toml", content))
    assert (declaration.raw, declaration.line, declaration.anchor) == (
        "py39",
        2,
        f"{OWN_SCOPE}a/b.py",
    )


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        pytest.param(".pylintrc", "[MAIN]\npy-version=3.10\n", [("3.10", 2)], id="pylintrc"),
        pytest.param(
            "pylintrc",
            "\ufeff# pylint\r\n[MAIN]\r\n\r\n# Minimum Python\r\npy-version = 3.10.0  # x\r\n",
            [("3.10.0", 5)],
            id="bom-crlf-comment",
        ),
        pytest.param("pylintrc", "[MASTER]\n\tpy-version = 3.9\n", [("3.9", 2)], id="indented"),
        pytest.param("pylintrc", "[MASTER]\npy-version = 3.9\n", [("3.9", 2)], id="master"),
        pytest.param("pylintrc", "[REPORTS]\npy-version = 3.9\n", [], id="other-section"),
        pytest.param("pylintrc", "[MAIN]\npy-version = py39\n", [], id="not-a-version"),
        pytest.param("pylintrc", "", [], id="empty"),
        pytest.param(
            "pyrefly.toml",
            'project-includes = ["src"]\npython_version = "3.12"\n',
            [("3.12", 2)],
            id="pyrefly-old-key",
        ),
        pytest.param("pyrefly.toml", 'python-version = "3.11"\n', [("3.11", 1)], id="pyrefly"),
        pytest.param(
            "mypy_self_check.ini",
            "[mypy]\n\nstrict = True\npython_version = 3.10\n",
            [("3.10", 4)],
            id="mypy-named-config",
        ),
    ],
)
def test_tool_files(path, content, expected):
    found = tool_config.read(text_file(path, content))
    assert [(d.raw, d.line) for d in found] == expected
    assert all(d.role is Role.TARGET for d in found)
    for declaration in found:
        assert _at(content, declaration) == declaration.raw


def test_pylint_target_is_compared_with_the_floor():
    from helpers import scope_of

    from pyparity.rules import target_mismatch

    [target] = tool_config.read(text_file(".pylintrc", "[MAIN]\npy-version = 3.9\n"))
    [found] = target_mismatch.check(scope_of(supported("pyproject.toml", ">=3.10"), target))
    assert "pylint py-version 3.9" in found.message


@pytest.mark.parametrize(
    ("pattern", "scope"),
    [
        ("../other/x.py", "other/x.py"),
        ("../../x.py", "x.py"),
        ("/abs/x.py", "abs/x.py"),
        ("./a//b.py", "sub/a/b.py"),
        ("**/*.py", "sub/**/*.py"),
    ],
)
def test_a_per_file_pattern_makes_a_relative_scope_name(pattern, scope):
    content = f'[tool.ruff.per-file-target-version]\n"{pattern}" = "py38"\n'
    [declaration] = pyproject.read(text_file("sub/pyproject.toml", content))
    assert declaration.anchor == f"{OWN_SCOPE}{scope}"
