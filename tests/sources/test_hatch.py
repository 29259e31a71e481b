"""Hatch environments: `[tool.hatch.envs.*]` in pyproject.toml and `[envs.*]` in hatch.toml."""

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources import hatch, pyproject, source_for


def _under_span(content, declaration):
    line = content.split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


def _read(path, content):
    reader = pyproject if path.endswith("pyproject.toml") else hatch
    return [d for d in reader.read(text_file(path, content)) if d.source in {"pyproject", "hatch"}]


def _summary(content, declarations):
    return [
        (d.raw, d.role, d.group, d.purpose, d.span.line, _under_span(content, d))
        for d in declarations
    ]


PYPROJECT_MATRIX = """\
[project]
name = "demo"

[tool.hatch.envs.test]
dependencies = ["pytest"]

[[tool.hatch.envs.test.matrix]]
python = ["3.9", "3.10"]

[[tool.hatch.envs.test.matrix]]
python = ["3.11", "3.12"]
feature = ["a", "b"]
"""

HATCH_TOML = """\
[envs.default]
python = "3.12"

[envs.lint]
python = "3.13"

[[envs.all.matrix]]
version = ["1", "2"]

[[envs.all.matrix]]
py = ["3.10",
      "3.11"]
"""

_GROUP = "pyproject.toml hatch test"


@pytest.mark.parametrize(
    ("path", "content", "expected"),
    [
        pytest.param(
            "pyproject.toml",
            PYPROJECT_MATRIX,
            [
                ("3.9", Role.MATRIX, _GROUP, None, 8, "3.9"),
                ("3.10", Role.MATRIX, _GROUP, None, 8, "3.10"),
                ("3.11", Role.MATRIX, _GROUP, None, 11, "3.11"),
                ("3.12", Role.MATRIX, _GROUP, None, 11, "3.12"),
            ],
            id="pyproject-two-matrix-tables",
        ),
        pytest.param(
            "hatch.toml",
            HATCH_TOML,
            [
                ("3.12", Role.PIN, "", None, 2, "3.12"),
                ("3.13", Role.PIN, "", Purpose.TOOLING, 5, "3.13"),
                ("3.10", Role.MATRIX, "hatch.toml hatch all", None, 11, "3.10"),
                ("3.11", Role.MATRIX, "hatch.toml hatch all", None, 12, "3.11"),
            ],
            id="hatch-toml-pins-and-py-alias-after-a-matrix-without-python",
        ),
        pytest.param(
            "pyproject.toml",
            '[tool.hatch.envs.docs]\npython = "3.11"\n\n[tool.hatch.envs.types]\npython = "3.12"\n',
            [
                ("3.11", Role.PIN, "", Purpose.TOOLING, 2, "3.11"),
                ("3.12", Role.PIN, "", Purpose.TOOLING, 5, "3.12"),
            ],
            id="docs-and-types-are-tooling",
        ),
        pytest.param(
            "pyproject.toml",
            '[[tool.hatch.envs.lint.matrix]]\npython = ["3.12", "3.13"]\n',
            [
                ("3.12", Role.MATRIX, "pyproject.toml hatch lint", Purpose.TOOLING, 2, "3.12"),
                ("3.13", Role.MATRIX, "pyproject.toml hatch lint", Purpose.TOOLING, 2, "3.13"),
            ],
            id="lint-matrix-is-tooling",
        ),
        pytest.param(
            "pyproject.toml",
            '[tool.hatch.envs.hatch-test]\nextra-dependencies = ["x"]\n'
            '[tool.hatch.build]\npython = "3.8"\n',
            [],
            id="no-python-no-declaration",
        ),
        pytest.param("hatch.toml", "[envs]\ndefault = 3\n", [], id="odd-shapes-ignored"),
    ],
)
def test_hatch_environments(path, content, expected):
    assert _summary(content, _read(path, content)) == expected


def test_hatch_toml_has_its_own_reader():
    assert source_for("hatch.toml").kind == "hatch"
    assert source_for("pkg/hatch.toml").kind == "hatch"
    assert source_for("hatch.toml.bak") is None


def test_hatchs_undotted_versions_are_its_minors():
    """Hatch's first project template wrote its matrix `python = ["38", "39", "310", "311"]`."""
    content = (
        '[tool.hatch.envs.test]\npython = "39"\n'
        '[[tool.hatch.envs.test.matrix]]\npython = ["38", "39", "310", "311"]\n'
    )
    found = _read("pyproject.toml", content)
    assert [(d.raw, _under_span(content, d)) for d in found] == [
        ("39", "39"),
        ("38", "38"),
        ("39", "39"),
        ("310", "310"),
        ("311", "311"),
    ]
    assert [[str(m) for m in d.requirement.minors] for d in found] == [
        ["3.9"],
        ["3.8"],
        ["3.9"],
        ["3.10"],
        ["3.11"],
    ]
