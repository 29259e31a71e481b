"""tox base_python lines with factor conditions, and references to another section's
base_python: both static, read as what they mean (modelled on celery-, wagtail-, sqlalchemy-
and scrapy-style tox.ini files, written for these tests)."""

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.tox import read


def _base_python(content):
    declarations = read(text_file("tox.ini", content))
    return [d for d in declarations if "base_python" in d.context]


def _text_at(content, declaration):
    line = content.split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


FACTOR_LINES = """\
[tox]
envlist =
    py{310,311,312}-django{42,52}
    lint
    mypy

[testenv]
basepython =
    py310: python3.10
    3.11: python3.11
    py312: python3.12
    pypy3: pypy3
    mypy: python3.13
    lint,docs: python3.12
commands = pytest
"""


def test_factor_lines_that_restate_a_listed_factor_are_env_list_lines_and_tool_lines_are_tooling():
    declarations = _base_python(FACTOR_LINES)
    assert [(d.raw, d.line, d.role, d.purpose) for d in declarations] == [
        ("python3.10", 9, Role.MATRIX, None),
        ("python3.11", 10, Role.MATRIX, None),
        ("python3.12", 11, Role.MATRIX, None),
        ("python3.13", 13, Role.PIN, Purpose.TOOLING),
        ("python3.12", 14, Role.PIN, Purpose.TOOLING),
    ]
    assert {d.group for d in declarations[:3]} == {"tox.ini envlist"}
    assert [_text_at(FACTOR_LINES, d) for d in declarations][3:] == ["python3.13", "python3.12"]
    assert declarations[4].context == "testenv base_python for lint,docs"


def test_a_factor_line_for_a_python_no_listed_env_has_adds_nothing():
    # a mapping kept for envs the list no longer names (py33, py34) is not a tested Python
    content = (
        "[tox]\nenvlist = py{27,36}-django111\n\n[testenv]\nbasepython =\n"
        "    py27: python2.7\n    py33: python3.3\n    py34: python3.4\n    py36: python3.6\n"
    )
    declarations = _base_python(content)
    assert [(d.raw, d.line, d.role) for d in declarations] == [
        ("python2.7", 6, Role.MATRIX),
        ("python3.6", 9, Role.MATRIX),
    ]


def test_the_env_list_spread_over_lines_is_still_read_beside_factor_lines():
    declarations = read(text_file("tox.ini", FACTOR_LINES))
    envlist = [d.raw for d in declarations if d.role is Role.MATRIX and d.context == "envlist"]
    assert envlist == ["py310", "py311", "py312"]
    assert not [d for d in declarations if d.role is Role.UNRESOLVED]


def test_a_factor_line_that_names_another_python_is_a_pin():
    content = "[testenv]\nbasepython =\n    py310: python3.11\n    py312: python3.12\n"
    [declaration] = _base_python(content)
    assert (declaration.raw, declaration.line, declaration.purpose) == ("python3.11", 3, None)
    assert declaration.context == "testenv base_python for py310"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        pytest.param("testenv:lint", [("python3.8", Purpose.TOOLING)], id="named-env-matches"),
        pytest.param("testenv:docs", [], id="named-env-does-not-match"),
        pytest.param(
            "testenv:{lint,docs}", [("python3.8", Purpose.TOOLING)], id="generated-section"
        ),
    ],
)
def test_a_factor_line_in_an_env_section_applies_to_that_env_only(section, expected):
    content = f"[{section}]\nbase_python =\n    lint: python3.8\n"
    assert [(d.raw, d.purpose) for d in _base_python(content)] == expected


def test_negated_and_combined_conditions():
    content = (
        "[testenv]\nbasepython =\n"
        "    !lint: python3.12\n"
        "    py311-cov: python3.11\n"
        "    py3{10,11}-lint: python3.9\n"
    )
    assert [(d.raw, d.line, d.purpose) for d in _base_python(content)] == [
        ("python3.12", 3, None),
        ("python3.9", 5, None),
    ]


REFERENCES = """\
[min]
basepython = python3.10

[testenv]
basepython = python3.12

[testenv:lint]
basepython = python3

[testenv:pep8]
basepython = {[testenv:lint]basepython}

[testenv:min]
basepython = {[min]basepython}

[testenv:py313-min]
base_python =
    {[min]basepython}

[testenv:docs]
basepython = {[testenv]basepython}

[testenv:chain]
basepython = {[testenv:pep8]basepython}
"""


def test_a_reference_reads_the_setting_it_names_and_sits_at_the_reference():
    declarations = _base_python(REFERENCES)
    assert [(d.raw, d.line, d.purpose, d.context) for d in declarations] == [
        ("python3.12", 5, None, "testenv base_python"),
        ("python3", 8, Purpose.TOOLING, "testenv:lint base_python"),
        (
            "python3",
            11,
            Purpose.TOOLING,
            "testenv:pep8 base_python, from [testenv:lint] basepython",
        ),
        ("python3.10", 14, Purpose.TOOLING, "testenv:min base_python, from [min] basepython"),
        ("python3.10", 18, None, "testenv:py313-min base_python, from [min] basepython"),
        ("python3.12", 21, Purpose.TOOLING, "testenv:docs base_python, from [testenv] basepython"),
        (
            "python3",
            24,
            Purpose.TOOLING,
            "testenv:chain base_python, from [testenv:lint] basepython",
        ),
    ]
    assert _text_at(REFERENCES, declarations[2]) == "{[testenv:lint]basepython}"
    assert declarations[2].role is Role.FLOATING


def test_a_reference_to_factor_lines_keeps_their_conditions():
    content = (
        "[testenv]\nbasepython =\n    lint: python3.12\n    py311: python3.11\n\n"
        "[testenv:lint-strict]\nbasepython = {[testenv]basepython}\n"
    )
    declarations = _base_python(content)
    assert [(d.raw, d.line, d.context) for d in declarations] == [
        ("python3.12", 3, "testenv base_python for lint"),
        ("python3.12", 7, "testenv:lint-strict base_python for lint, from [testenv] basepython"),
    ]


def test_a_reference_to_an_env_that_sets_nothing_is_its_default():
    content = (
        "[testenv:docs-{build,linkcheck}]\ncommands = sphinx-build\n\n"
        "[testenv:docs-watch]\nbase_python = {[testenv:docs-build]base_python}\n\n"
        "[testenv:py311-watch]\nbase_python = {[testenv:py311]base_python}\n"
    )
    [declaration] = _base_python(content)
    assert (declaration.raw, declaration.line, declaration.purpose) == ("py311", 8, None)


@pytest.mark.parametrize(
    ("content", "note"),
    [
        pytest.param("[testenv]\nbasepython = {[min]basepython}\n", "[min] sets no", id="missing"),
        pytest.param("[testenv]\nbasepython = {[min]deps}\n", "not a base_python", id="other-key"),
        pytest.param(
            "[testenv:a]\nbasepython = {[testenv:b]basepython}\n\n"
            "[testenv:b]\nbasepython = {[testenv:a]basepython}\n",
            "nested more than",
            id="cycle",
        ),
    ],
)
def test_a_reference_that_cannot_be_followed_is_unresolved(content, note):
    declarations = _base_python(content)
    assert declarations
    assert all(d.role is Role.UNRESOLVED for d in declarations)
    assert note in declarations[0].note


def test_long_condition_like_text_is_read_in_linear_time():
    content = "[testenv]\nbasepython = " + "a," * 20_000 + "b:" + " " * 20_000 + "\n"
    [declaration] = _base_python(content)
    assert declaration.role is Role.UNRESOLVED


def test_a_reference_to_an_env_is_that_envs_value_with_its_factor_lines_judged_by_its_name():
    content = (
        "[testenv]\nbase_python =\n    lint: python3.13\n    py312: python3.12\n\n"
        "[testenv:lint]\ncommands = ruff check .\n\n"
        "[testenv:pep8]\nbase_python = {[testenv:lint]base_python}\n"
    )
    declarations = _base_python(content)
    assert [(d.raw, d.line, d.purpose, d.context) for d in declarations] == [
        ("python3.13", 3, Purpose.TOOLING, "testenv base_python for lint"),
        ("python3.13", 10, Purpose.TOOLING, "testenv:pep8 base_python, from [testenv] base_python"),
    ]
    assert _text_at(content, declarations[1]) == "{[testenv:lint]base_python}"


GH_ACTIONS = """\
[tox]
envlist = py{39,310,311}, pypy3, lint

[gh-actions]
python =
    3.9: py39
    3.10: py310, lint
    3.11: py311
    3.12: py312
    pypy-3.10: pypy3
"""


def test_tox_gh_actions_lines_for_listed_pythons_are_env_list_lines():
    # modelled on tox-gh-actions' mapping of CI Pythons to envs; 3.12 maps a CI job the env
    # list does not name: nothing; pypy-3.10 is not the list's floating pypy3
    found = [d for d in read(text_file("tox.ini", GH_ACTIONS)) if d.context == "gh-actions python"]
    assert [(d.raw, d.line, d.role, d.group) for d in found] == [
        ("3.9", 6, Role.MATRIX, "tox.ini envlist"),
        ("3.10", 7, Role.MATRIX, "tox.ini envlist"),
        ("3.11", 8, Role.MATRIX, "tox.ini envlist"),
    ]
    assert [_text_at(GH_ACTIONS, d) for d in found] == ["3.9", "3.10", "3.11"]


def test_tox_gh_lines_in_pyproject_legacy_ini():
    from pyparity.sources.pyproject import read as read_pyproject

    content = (
        '[tool.tox]\nlegacy_tox_ini = """\n[tox]\nenvlist = 3.{12,13}\n\n[gh]\npython =\n'
        '    3.12 = 3.12\n    3.13 = 3.13, lint\n"""\n'
    )
    found = [d for d in read_pyproject(text_file("pyproject.toml", content)) if "gh" in d.context]
    assert [(d.raw, d.line) for d in found] == [("3.12", 8), ("3.13", 9)]


def test_a_reference_to_an_env_that_reads_a_version_file_reads_it_too():
    # modelled on tox files whose docs envs read `.python-version-default`, and a watch env
    # that takes the docs env's Python by reference
    content = (
        "[testenv:docs-{build,doctests}]\r\nbase_python_file = .python-version-default\r\n"
        "commands = sphinx-build docs html\r\n\r\n"
        "[testenv:docs-watch]\r\n"
        "base_python = {[testenv:docs-build]base_python}  # same as the docs\r\n"
    )
    declarations = read(text_file("sub/tox.ini", content))
    assert [(d.raw, d.line, d.role, d.note, d.context) for d in declarations] == [
        (
            "sub/.python-version-default",
            2,
            Role.UNRESOLVED,
            "python-version-file",
            "testenv:docs-{build,doctests} base_python_file",
        ),
        (
            "sub/.python-version-default",
            6,
            Role.UNRESOLVED,
            "python-version-file",
            "testenv:docs-watch base_python_file",
        ),
    ]
    assert declarations[1].span.column == 15
    assert declarations[1].purpose is Purpose.TOOLING
