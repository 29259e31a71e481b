"""tox.ini, tox.toml and [tool.tox]: env list factors and base_python."""

import tomllib

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.tox import matches, read, tox_declarations


def _entries(declarations):
    """(raw, line, column, text under the span) of each declaration."""
    return [(d.raw, d.span.line, d.span.column, d.span.end_column) for d in declarations]


def _text_at(content, declaration):
    line = content.replace("\r\n", "\n").lstrip("\ufeff").split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "[tox]\nenvlist = py311, py312\n",
            [("py311", 2, 11, "py311"), ("py312", 2, 18, "py312")],
            id="plain",
        ),
        pytest.param(
            "[tox]\nenvlist = py3{10,11}-django{42,50}\n",
            [("py310", 2, 15, "10"), ("py311", 2, 18, "11")],
            id="brace-product",
        ),
        pytest.param(
            "[tox]\nenv_list = py{310,311}\n",
            [("py310", 2, 15, "310"), ("py311", 2, 19, "311")],
            id="env_list-brace-whole-number",
        ),
        pytest.param(
            "[tox]\nenvlist = django42-py311, django50-py311\n",
            [("py311", 2, 20, "py311")],
            id="factor-last-and-deduplicated",
        ),
        pytest.param(
            "[tox]\nenvlist = py3.11, py314t, pypy3.10, 3.13\n",
            [
                ("py3.11", 2, 11, "py3.11"),
                ("py314t", 2, 19, "py314t"),
                ("pypy3.10", 2, 27, "pypy3.10"),
                ("3.13", 2, 37, "3.13"),
            ],
            id="spellings",
        ),
        pytest.param(
            "[tox]\nenvlist = py3{9,1{0,1}}\n",
            [("py39", 2, 15, "9"), ("py310", 2, 17, "1{0,1}"), ("py311", 2, 17, "1{0,1}")],
            id="nested-braces",
        ),
        pytest.param(
            "[tox]\nenvlist = {py310,pypy310}-{unit,integration}\n",
            [("py310", 2, 12, "py310"), ("pypy310", 2, 18, "pypy310")],
            id="braces-around-factor",
        ),
        pytest.param(
            "[tox]\nenvlist = py3{10-12}\n",
            [("py310", 2, 15, "10-12"), ("py311", 2, 15, "10-12"), ("py312", 2, 15, "10-12")],
            id="numeric-range",
        ),
        pytest.param(
            "# tox config\n[tox]\nenvlist =\n    lint,\n    # old ones\n    py39,  # oldest\n"
            "\tpy310\n    docs\nskip_missing_interpreters = true\n",
            [("py39", 6, 5, "py39"), ("py310", 7, 2, "py310")],
            id="multi-line-comments-tabs",
        ),
        pytest.param(
            "\ufeff[tox]\r\nenvlist = py312\r\n",
            [("py312", 2, 11, "py312")],
            id="bom-crlf",
        ),
    ],
)
def test_envlist_entries_and_positions(content, expected):
    declarations = read(text_file("tox.ini", content))
    assert [
        (*e[:3], _text_at(content, d))
        for e, d in zip(_entries(declarations), declarations, strict=True)
    ] == expected
    for declaration in declarations:
        assert declaration.role is Role.MATRIX
        assert declaration.group == "tox.ini envlist"
        assert declaration.purpose is None


GROUPED_ENVLIST = """\
[tox]
envlist =
    # --- core ---
    {py39,py310,py311}-core

    # --- integrations ---
    {py39,py311}-redis, py311-celery
    {py310,py311}-celery
"""


def test_each_line_of_a_grouped_env_list_lists_its_own_pythons():
    # a generated env list repeats the Pythons line after line: each line is one more place
    # that tests them (and that an edit dropping one must touch), once per line
    declarations = read(text_file("tox.ini", GROUPED_ENVLIST))
    assert [(d.raw, d.line) for d in declarations] == [
        ("py39", 4),
        ("py310", 4),
        ("py311", 4),
        ("py39", 7),
        ("py311", 7),
        ("py310", 8),
        ("py311", 8),
    ]
    assert {d.group for d in declarations} == {"tox.ini envlist"}


def test_minors_and_implementation():
    declarations = read(text_file("tox.ini", "[tox]\nenvlist = py310, pypy310, py3\n"))
    assert [(str(d.requirement.minors[-1]), d.implementation) for d in declarations] == [
        ("3.10", "cpython"),
        ("3.10", "pypy"),
        ("3.16", "cpython"),
    ]
    assert declarations[2].requirement.floating


def test_lint_only_envlist_declares_nothing():
    assert read(text_file("tox.ini", "[tox]\nenvlist = lint, docs, type\n")) == []


def test_a_tool_envs_python_is_no_python_of_the_test_set():
    """pywikibot's `envlist = commit-message, lint-py{310,314}` (its tests run in CI): lint
    and type envs run their tools on those Pythons; the `[testenv]` base_python lines for
    them are no test set either."""
    content = (
        "[tox]\nskipsdist = True\nenvlist =\n    commit-message\n    lint-py{310,314}\n"
        "    py312-mypy, py311\n\n[testenv]\nbasepython =\n    py310: python3.10\n"
        "    py311: python3.11\n    py314: python3.14\ncommands =\n"
        "    lint: pre-commit run --all-files\n    pytest\n"
    )
    found = read(text_file("tox.ini", content))
    assert [(d.raw, d.role, d.purpose) for d in found if d.span.line in (5, 6)] == [
        ("py310", Role.PIN, Purpose.TOOLING),
        ("py314", Role.PIN, Purpose.TOOLING),
        ("py312", Role.PIN, Purpose.TOOLING),
        ("py311", Role.MATRIX, None),
    ]
    matrix = sorted((d.raw, d.span.line) for d in found if d.role is Role.MATRIX)
    assert matrix == [("py311", 6), ("python3.11", 11)]


@pytest.mark.parametrize(
    ("value", "note"),
    [
        pytest.param("{[base]envs}", "substitution", id="substitution"),
        pytest.param("py3{10-}", "open-ended range", id="open-range"),
    ],
)
def test_unexpandable_entries_are_unresolved(value, note):
    [declaration] = read(text_file("tox.ini", f"[tox]\nenvlist = {value}\n"))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.raw == value
    assert note in declaration.note


@pytest.mark.parametrize(
    ("content", "raw", "purpose", "column"),
    [
        pytest.param(
            "[testenv:lint]\nbasepython = python3.12\n",
            "python3.12",
            Purpose.TOOLING,
            14,
            id="lint",
        ),
        pytest.param(
            "[testenv:docs]\nbase_python = py311\n", "py311", Purpose.TOOLING, 15, id="tox-spelling"
        ),
        pytest.param(
            "[testenv]\nbasepython = /usr/bin/python3.11\n",
            "/usr/bin/python3.11",
            None,
            14,
            id="path",
        ),
        pytest.param(
            "[testenv:py312-cov]\nbasepython = python3.12\n",
            "python3.12",
            None,
            14,
            id="factor-env",
        ),
        pytest.param("[testenv:pypy]\nbasepython = pypy3.10\n", "pypy3.10", None, 14, id="pypy"),
        pytest.param(
            "[testenv:x]\nbasepython = python3.12, python3.11\n",
            "python3.12",
            Purpose.TOOLING,
            14,
            id="candidates",
        ),
    ],
)
def test_basepython(content, raw, purpose, column):
    [declaration] = read(text_file("tox.ini", content))
    assert declaration.role is Role.PIN
    assert declaration.raw == raw
    assert declaration.purpose is purpose
    assert (declaration.span.line, declaration.span.column) == (2, column)
    assert declaration.span.end_column == column + len(raw)


@pytest.mark.parametrize("value", ["{env:PYTHON:python3}", "jython"])
def test_basepython_that_cannot_be_known(value):
    [declaration] = read(text_file("tox.ini", f"[testenv]\nbasepython = {value}\n"))
    assert declaration.role is Role.UNRESOLVED


TOX_TOML = """\
requires = ["tox>=4.21"]
env_list = ["lint", "3.13", "3.12", { product = [
    { prefix = "py3", start = 10, stop = 11 },
    ["django42", "django50"],
] }]

[env_run_base]
commands = [["pytest"]]

[env.lint]
base_python = ["python3.12"]
"""


def test_tox_toml():
    declarations = read(text_file("tox.toml", TOX_TOML))
    assert [
        (d.role, d.raw, d.span.line, d.span.column, d.span.end_column) for d in declarations
    ] == [
        (Role.MATRIX, "3.13", 2, 22, 26),
        (Role.MATRIX, "3.12", 2, 30, 34),
        (Role.MATRIX, "py310", 3, 17, 20),
        (Role.MATRIX, "py311", 3, 17, 20),
        (Role.PIN, "python3.12", 11, 17, 27),
    ]
    assert declarations[-1].purpose is Purpose.TOOLING
    assert declarations[0].group == "tox.toml envlist"


def test_invalid_toml_is_unreadable_with_its_line():
    with pytest.raises(UnreadableFile) as caught:
        read(text_file("tox.toml", 'env_list = ["py311"\n[env.x]\n'))
    assert caught.value.line == 2


NATIVE_PYPROJECT = """\
[project]
name = "x"

[tool.tox]
env_list = ["py311", "py312", "type"]

[tool.tox.env.type]
base_python = "python3.12"
"""

LEGACY_PYPROJECT = '''\
[project]
name = "x"

[tool.tox]
legacy_tox_ini = """
[tox]
envlist = py{311,312}

[testenv:type]
basepython = python3.12
"""
'''


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            NATIVE_PYPROJECT,
            [("py311", 5, 14), ("py312", 5, 23), ("python3.12", 8, 16)],
            id="native",
        ),
        pytest.param(
            LEGACY_PYPROJECT,
            [("py311", 7, 14), ("py312", 7, 18), ("python3.12", 10, 14)],
            id="legacy-ini",
        ),
    ],
)
def test_tool_tox_in_pyproject(content, expected):
    file = text_file("pyproject.toml", content)
    declarations = tox_declarations(file, tomllib.loads(file.text))
    assert [(d.raw, d.span.line, d.span.column) for d in declarations] == expected
    assert declarations[0].group == "pyproject.toml envlist"


def test_legacy_ini_with_escapes_is_placed_at_its_key():
    content = '[tool.tox]\nlegacy_tox_ini = "[tox]\\nenvlist = py311\\n"\n'
    file = text_file("pyproject.toml", content)
    [declaration] = tox_declarations(file, tomllib.loads(file.text))
    assert (declaration.raw, declaration.span.line) == ("py311", 2)


def test_broken_legacy_ini_is_unresolved_not_fatal():
    content = '[tool.tox]\nlegacy_tox_ini = """\nenvlist = py311\n"""\n'
    file = text_file("pyproject.toml", content)
    [declaration] = tox_declarations(file, tomllib.loads(file.text))
    assert declaration.role is Role.UNRESOLVED
    assert "before the first [section]" in declaration.note


def test_pyproject_without_tox_declares_nothing():
    file = text_file("pyproject.toml", "[project]\nname = 'x'\n")
    assert tox_declarations(file, tomllib.loads(file.text)) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("# nothing\n", id="comment"),
        pytest.param("[tox]\nminversion = 4\n", id="no-envlist"),
    ],
)
def test_declares_nothing(content):
    assert read(text_file("tox.ini", content)) == []


def test_garbage_is_unreadable():
    with pytest.raises(UnreadableFile) as caught:
        read(text_file("tox.ini", "[tox]\nenvlist = py311\n}}}} what is this\n"))
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("path", "expected"),
    [("tox.ini", True), ("sub/tox.toml", True), ("tox.cfg", False), ("pyproject.toml", False)],
)
def test_matches(path, expected):
    assert matches(path) is expected


@pytest.mark.timeout(10)
def test_braces_nested_deeper_than_sixteen_are_unresolved_without_recursion():
    value = "py3{" + "{" * 50_000 + "11" + "}" * 50_000 + "}"
    [declaration] = read(text_file("tox.ini", f"[tox]\nenvlist = {value}\n"))

    assert declaration.role is Role.UNRESOLVED
    assert declaration.note == "tox env list: braces nested more than 16 deep"


@pytest.mark.timeout(10)
def test_many_braces_of_one_choice_expand_in_linear_time():
    value = "py3{1}{1}-" + "{x}" * 30_000
    declarations = read(text_file("tox.ini", f"[tox]\nenvlist = {value}-lint\n"))

    assert [d.raw for d in declarations] == ["py311"]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "value",
    [
        pytest.param("{a,b}" * 12 + "x" * 1_000, id="count-times-length"),
        pytest.param(",".join("{a,b}" * 8 + f"-x{i}" for i in range(200)), id="many-entries"),
        pytest.param("{" * 300_000, id="unclosed"),
    ],
)
def test_env_names_past_the_output_budget_make_the_file_unreadable(value):
    with pytest.raises(UnreadableFile, match="tox env names expand to more than"):
        read(text_file("tox.ini", f"[tox]\nenvlist = {value}\n"))


@pytest.mark.timeout(10)
def test_references_that_fan_out_make_the_file_unreadable():
    sections = "".join(
        f"[s{level}]\nbasepython =\n"
        + "".join(f"    f{j}: {{[s{level + 1}]basepython}}\n" for j in range(10))
        for level in range(8)
    )
    content = f"[testenv]\nbasepython = {{[s0]basepython}}\n{sections}[s8]\nbasepython = py312\n"

    with pytest.raises(UnreadableFile, match="references bring more than"):
        read(text_file("tox.ini", content))


@pytest.mark.timeout(10)
def test_thousands_of_env_tables_stop_at_the_declaration_limit():
    tables = "".join(f'[env.e{i}]\nbase_python = "python3.12"\n' for i in range(20_000))

    with pytest.raises(UnreadableFile, match="declares more than 1000 versions"):
        read(text_file("tox.toml", tables))


def test_a_tox_file_of_another_name_is_a_tasks_tooling_set():
    # modelled on a `tox -c regen.tox.ini` file that regenerates test data on two Pythons
    content = "[tox]\r\nenvlist = py{313,314}-db_{sqlite,pg}\r\n\r\n[testenv]\r\ndeps=pytest\r\n"
    assert matches("regen_callcounts.tox.ini")
    assert not matches("tox.ini.bak")
    found = read(text_file("regen_callcounts.tox.ini", content))
    assert [(d.raw, d.line, d.role, d.purpose, d.group) for d in found] == [
        ("py313", 2, Role.PIN, Purpose.TOOLING, "regen_callcounts.tox.ini tox -c"),
        ("py314", 2, Role.PIN, Purpose.TOOLING, "regen_callcounts.tox.ini tox -c"),
    ]


def test_tox_toml_env_base_factors_and_depends():
    # modelled on a tox.toml whose `min-` envs come from an env_base template and whose
    # coverage env waits for every test env
    content = (
        'env_list = ["lint", { product = [{ prefix = "3.", start = 10, stop = 11 }] }]\r\n'
        "[env_base.min]\r\n"
        'factors = [["3.10", "3.11", "pypy3.10"]]  # min-3.10, ...\r\n'
        "[env.coverage]\r\n"
        "depends = [\r\n"
        '    "lint",\r\n'
        '    { product = [{ prefix = "3.", start = 9, stop = 9 }] },\r\n'
        "]\r\n"
        "[env_base.bad]\r\nfactors = 3\r\n"
    )
    found = read(text_file("tox.toml", content))
    assert [(d.raw, d.line, d.group, d.purpose) for d in found] == [
        ("3.10", 1, "tox.toml envlist", None),
        ("3.11", 1, "tox.toml envlist", None),
        ("3.9", 7, "tox.toml env.coverage depends", Purpose.TOOLING),
        ("3.10", 3, "tox.toml envlist", None),
        ("3.11", 3, "tox.toml envlist", None),
        ("pypy3.10", 3, "tox.toml envlist", None),
    ]


# Modelled on a Sphinx extension's tox.ini: the env list names one env, the generated
# section headers name every env the CI runs (`tox -e py312-sphinx8`).
SECTIONS = """\
[tox]
# tox -e py311-sphinx9 by default
envlist = py311-sphinx9

[testenv]
usedevelop = true

[testenv:py{311,312,313,314}-sphinx{8,9}]
extras = testing
deps =
    sphinx8: sphinx>=8,<9
    sphinx9: sphinx>=9,<10
commands = pytest {posargs}

[testenv:linters{,-py39,-py310}]
commands = ruff check .

[testenv:{py310-,py315-}mypy]
commands = mypy src

[testenv:docs-{update,clean}]
commands = sphinx-build docs out
"""


def test_generated_section_headers_add_their_envs_pythons_to_the_env_list():
    found = read(text_file("tox.ini", SECTIONS))
    assert [(d.raw, d.line, d.context, d.group) for d in found] == [
        ("py311", 3, "envlist", "tox.ini envlist"),
        ("py312", 8, "testenv section", "tox.ini envlist"),
        ("py313", 8, "testenv section", "tox.ini envlist"),
        ("py314", 8, "testenv section", "tox.ini envlist"),
    ]  # lint and type-check envs add no tested Python (3.9, 3.10, 3.15 here)
    assert all(d.role is Role.MATRIX for d in found)
    assert _text_at(SECTIONS, found[2]) == "313"


# modelled on a cloud service's tox.ini: the env list runs the version-free `py3`, and one
# header shares its settings with the versioned names a developer may ask for
ALIASES = """\
[tox]
envlist = py3,functional,pep8

[testenv]
commands = stestr run {posargs}

[testenv:{unit,py3,py310,py311,py312,py313,py314}]
setenv = {[testenv]setenv}

[testenv:functional{,-py311,-py313}]
commands = stestr --test-path=./tests/functional run {posargs}

[testenv:integration{,-py312}]
commands = stestr --test-path=./tests/integration run {posargs}
"""


def test_a_header_aliasing_the_version_free_env_adds_no_tested_python():
    found = read(text_file("tox.ini", ALIASES))
    assert [(d.raw, d.line, d.context) for d in found] == [
        ("py3", 2, "envlist"),
        ("py312", 13, "testenv section"),  # (`integration`, which the env list does not run)
    ]


def test_a_section_header_with_crlf_and_an_empty_alternative():
    content = (
        "[tox]\r\nenvlist = lint\r\n\r\n[testenv:unit{,-py39,-py310}]\r\ncommands = pytest\r\n"
    )
    found = read(text_file("tox.ini", content))
    assert [(d.raw, d.line) for d in found] == [("py39", 4), ("py310", 4)]
    assert read(text_file("tox.ini", "[testenv:py{311,312]\ncommands = pytest\n")) == []


def test_headers_past_their_budget_add_nothing_more_and_the_env_list_is_still_read():
    headers = "".join(
        f"[testenv:py3{{10,11,12,13,14}}-d{i}{{1,2,3,4}}-{{a,b}}{{c,d}}]\nx = 1\n"
        for i in range(200)
    )
    found = read(text_file("tox.ini", "[tox]\nenvlist = py39\n" + headers))
    assert [d.raw for d in found] == ["py39", "py310", "py311", "py312", "py313", "py314"]


def test_an_env_substitution_with_a_minor_as_its_default_reads_the_default():
    """`py310: {env:PYTHON:python3.10}`: python3.10 unless `$PYTHON` names another."""
    content = (
        "[tox]\nenvlist = py310-pyqt, py314-pyqt\n\n[testenv]\nbasepython =\n"
        "    py: {env:PYTHON:python3}\n    py310: {env:PYTHON:python3.10}\n"
        "    py314: {env:PYTHON:python3.14}\n    lint: {env:PYTHON:python3.12}\n"
    )
    found = read(text_file("tox.ini", content))
    assert [(d.raw, d.span.line, d.role, d.purpose) for d in found] == [
        ("py310", 2, Role.MATRIX, None),
        ("py314", 2, Role.MATRIX, None),
        ("{env:PYTHON:python3}", 6, Role.UNRESOLVED, None),
        ("python3.10", 7, Role.MATRIX, None),
        ("python3.14", 8, Role.MATRIX, None),
        ("python3.12", 9, Role.PIN, Purpose.TOOLING),
    ]
    assert _text_at(content, found[3]) == "python3.10"


@pytest.mark.parametrize(
    ("path", "content"),
    [
        pytest.param(
            "tox.ini",
            "[tox]\r\nenvlist =\r\n    lint\r\n    py\r\n    py310-ansible217\r\n"
            "    py312-ansible{216,218}  # pairs\r\n",
            id="ini-crlf",
        ),
        pytest.param(
            "tox.toml",
            'env_list = [\n  "pkg",\n  "py",\n  "py310-ansible217",\n  "py312-ansible218",\n]\n',
            id="toml",
        ),
    ],
)
def test_a_list_that_also_runs_py_says_so(path, content):
    """ansible-compat's list of Python and Ansible pairs beside `py`, which its CI runs on
    every minor of the range: the pairs are not all the list tests."""
    entries = [d for d in read(text_file(path, content)) if d.role is Role.MATRIX]
    assert [d.raw for d in entries] == ["py310", "py312"]
    assert all(
        d.context.endswith(", beside py, which runs on the Python that runs tox") for d in entries
    )
    if path == "tox.ini":  # stcal's `py3{,11,12}` writes out its minors: py3 is made by braces
        braces = read(text_file(path, content.replace("    py\r\n", "    py3{,11}\r\n")))
        assert "beside py" not in braces[-1].context
    alone = read(text_file(path, content.replace('"py",', "").replace("    py\r\n", "")))
    assert [d.context for d in alone if d.role is Role.MATRIX] == [alone[0].context] * 2
    assert "beside py" not in alone[0].context
