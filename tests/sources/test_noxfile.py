"""noxfile.py read with ast only: session Pythons, module-level names, tooling sessions."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.noxfile import matches, read

REALISTIC = '''\
"""Nox sessions."""
import nox

PYTHON_VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
nox.options.sessions = ["tests", "lint"]


@nox.session(python=PYTHON_VERSIONS)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python="3.12", reuse_venv=True)
def lint(session):
    session.install("pre-commit")
    session.run("pre-commit", "run", "--all-files")


@nox.session(python=False)
def clean(session):
    session.run("rm", "-rf", "build", external=True)


@nox.session(py=["3.13", "pypy3.10"], name="tests-extra")
def tests_extra(session):
    session.run("pytest", "-m", "extra")
'''


def test_realistic_noxfile():
    declarations = read(text_file("noxfile.py", REALISTIC))
    assert [
        (d.role, d.raw, d.span.line, d.span.column, d.span.end_column, d.group, d.purpose)
        for d in declarations
    ] == [
        (Role.MATRIX, "3.10", 4, 21, 25, "noxfile.py nox", None),
        (Role.MATRIX, "3.11", 4, 29, 33, "noxfile.py nox", None),
        (Role.MATRIX, "3.12", 4, 37, 41, "noxfile.py nox", None),
        (Role.MATRIX, "3.13", 4, 45, 49, "noxfile.py nox", None),
        (Role.PIN, "3.12", 14, 22, 26, "", Purpose.TOOLING),
        # another session's own 3.13, written where it is: listed (the set is the same)
        (Role.MATRIX, "3.13", 25, 19, 23, "noxfile.py nox", None),
        (Role.MATRIX, "pypy3.10", 25, 27, 35, "noxfile.py nox", None),
    ]
    assert declarations[0].context == "nox session tests"
    assert declarations[4].context == "nox session lint, tooling: only runs tools (pre-commit)"
    assert declarations[5].context == "nox session tests-extra"


@pytest.mark.parametrize(
    ("content", "raws"),
    [
        pytest.param(
            "import nox\n@nox.session(python='3.12')\ndef tests(session):\n    session.run('pytest')\n",
            ["3.12"],
            id="single-string",
        ),
        pytest.param(
            "from nox import session\nPYS = ('3.11', '3.12')\n@session(python=PYS)\ndef t(s): pass\n",
            ["3.11", "3.12"],
            id="tuple-by-name",
        ),
        pytest.param(
            "import nox\nOLD = ['3.9']\nNEW = ['3.12']\n@nox.session(python=OLD + NEW)\n"
            "def t(s): pass\n",
            ["3.9", "3.12"],
            id="list-concatenation",
        ),
        pytest.param(
            "import nox\n@nox.session\n@nox.parametrize('python', ['3.11', '3.12'])\n"
            "def t(s): pass\n",
            ["3.11", "3.12"],
            id="parametrize",
        ),
        pytest.param(
            "\ufeffimport nox\r\n@nox.session(\r\n\tpython=['3.12'],\r\n)\r\ndef t(s): pass\r\n",
            ["3.12"],
            id="bom-crlf-tab",
        ),
        pytest.param(  # iris' spelling: the newest of the list for the docs build
            "import nox\nALL = ['3.12', '3.13', '3.14']\nLATEST = ALL[-1]\nDOCS = LATEST\n"
            "@nox.session(python=DOCS)\ndef docs(s): pass\n@nox.session(python=ALL[0])\n"
            "def lowest(s): pass\n",
            ["3.14", "3.12"],
            id="item-of-a-list",
        ),
    ],
)
def test_versions(content, raws):
    assert [d.raw for d in read(text_file("noxfile.py", content))] == raws


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        pytest.param("versions()", "versions()", id="call"),
        pytest.param("CONFIG.pythons", "CONFIG.pythons", id="attribute"),
        pytest.param("[f'3.{MINOR}']", "f'3.{MINOR}'", id="f-string-item"),
        pytest.param("[v for v in ALL]", "[v for v in ALL]", id="comprehension"),
        pytest.param("['3.12'][INDEX]", "['3.12'][INDEX]", id="item-by-a-name"),
        pytest.param("['3.12'][3]", "['3.12'][3]", id="item-out-of-range"),
        pytest.param("versions()[0]", "versions()[0]", id="item-of-a-call"),
    ],
)
def test_dynamic_values_are_unresolved(value, raw):
    content = f"import nox\n@nox.session(python={value})\ndef tests(session): pass\n"
    [declaration] = read(text_file("noxfile.py", content))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.raw == raw


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("# nothing\n", id="comment"),
        pytest.param("import nox\n@nox.session\ndef t(s): pass\n", id="no-python"),
        pytest.param("import nox\n@nox.session(python=False)\ndef t(s): pass\n", id="false"),
        pytest.param("import nox\n@nox.session(python=None)\ndef t(s): pass\n", id="none"),
        pytest.param("import other\n@other.session(python='3.9')\ndef t(s): pass\n", id="not-nox"),
    ],
)
def test_declares_nothing(content):
    assert read(text_file("noxfile.py", content)) == []


def test_syntax_error_is_unreadable():
    with pytest.raises(UnreadableFile) as caught:
        read(text_file("noxfile.py", "import nox\n\n@nox.session(python=[\ndef t(s):\n"))
    assert caught.value.line >= 3


@pytest.mark.parametrize(
    ("path", "expected"),
    [("noxfile.py", True), ("sub/noxfile.py", True), ("noxfile.pyc", False), ("nox.py", False)],
)
def test_matches(path, expected):
    assert matches(path) is expected


@pytest.mark.timeout(10)
def test_a_name_built_from_copies_of_another_is_evaluated_once():
    """A 312-byte noxfile took 28 s and 722 MB: each name re-evaluated the one before, four times."""
    names = "".join(f"N{i} = [N{i - 1}, N{i - 1}, N{i - 1}, N{i - 1}]\n" for i in range(1, 30))
    content = (
        f"import nox\nN0 = ['3.11', '3.12']\n{names}"
        "@nox.session(python=N0)\ndef a(session):\n    session.run('pytest')\n"
        "@nox.session(python=N29)\ndef b(session):\n    session.run('pytest')\n"
    )

    assert [d.raw for d in read(text_file("noxfile.py", content))] == ["3.11", "3.12"]


@pytest.mark.timeout(10)
def test_one_list_named_by_thousands_of_sessions_is_unreadable():
    sessions = "".join(
        f"@nox.session(python=PY)\ndef t{i}(session):\n    session.run('pytest')\n"
        for i in range(5_000)
    )
    content = f"import nox\nPY = ['3.10', '3.11', '3.12', '3.13']\n{sessions}"

    with pytest.raises(UnreadableFile, match="names more than"):
        read(text_file("noxfile.py", content))


@pytest.mark.timeout(10)
def test_many_decorators_read_the_function_once():
    decorators = "@nox.session(python='3.12')\n" * 3_000
    body = "".join(f"    session.run('tool{i}')\n" for i in range(3_000))
    content = f"import nox\n{decorators}def tests(session):\n{body}"

    assert [d.raw for d in read(text_file("noxfile.py", content))] == ["3.12"]


def test_a_python_list_given_to_a_helper_decorator_is_the_sessions():
    # modelled on noxfiles whose test session is parametrized by a helper of their own
    content = (
        "import nox\r\nfrom tools.nox import tox_parameters\r\n\r\n"
        'PYTHON_VERSIONS = ["3.10", "3.11",  # oldest\r\n    "3.12"]\r\nDBS = ["sqlite"]\r\n\r\n'
        "@nox.session()\r\n"
        '@tox_parameters(["python", "database"], [PYTHON_VERSIONS, DBS])\r\n'
        "def tests(session, database):\r\n    session.run('pytest')\r\n\r\n"
        "@nox.session()\r\n@other(DBS, PYTHONISH)\r\ndef lint(session):\r\n"
        "    session.run('ruff')\r\n"
    )
    found = read(text_file("noxfile.py", content))
    assert [(d.raw, d.line, d.role) for d in found[:3]] == [
        ("3.10", 4, Role.MATRIX),
        ("3.11", 4, Role.MATRIX),
        ("3.12", 5, Role.MATRIX),
    ]
    # PYTHONISH is bound to nothing: unresolved, never dropped silently
    assert [(d.raw, d.role) for d in found[3:]] == [("PYTHONISH", Role.UNRESOLVED)]


def test_a_session_that_names_its_python_ignores_other_decorators():
    content = (
        "import nox\nPYTHONS = ['3.9']\n@nox.session(python='3.12')\n@helper(PYTHONS)\n"
        "def tests(session):\n    session.run('pytest')\n"
    )
    assert [d.raw for d in read(text_file("noxfile.py", content))] == ["3.12"]


COMPREHENSION = """\
import nox


@nox.session(venv_backend="conda")
@nox.parametrize(
    "python",
    [(python) for python in ("3.9", "3.10", "3.11")],
)
def tests(session):
    session.install("-e", ".[test]")
    session.run("pytest")


@nox.session(python=[f"3.{minor}" for minor in range(10, 14)])
def computed(session):
    session.run("pytest")
"""


def test_a_comprehension_that_lists_a_literal_is_that_literal():
    """conda-index: `[(python) for python in ("3.9", ...)]` is the tuple's items, at their
    places; a comprehension that computes its items stays unknown."""
    found = [(d.line, d.raw, d.role) for d in read(text_file("noxfile.py", COMPREHENSION))]
    assert found[:3] == [(7, v, Role.MATRIX) for v in ("3.9", "3.10", "3.11")]
    assert [role for _, _, role in found[3:]] == [Role.UNRESOLVED]
