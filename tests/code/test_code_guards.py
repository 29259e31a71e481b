"""Which branches only run on a newer Python (or with the feature present)."""

from __future__ import annotations

import ast

import pytest

from pyparity.code.guards import Branch, guarded_branch, prune_guarded


def branch_of(expression: str) -> Branch | None:
    return guarded_branch(ast.parse(expression, mode="eval").body)


@pytest.mark.parametrize(
    ("test", "branch"),
    [
        pytest.param("sys.version_info >= (3, 11)", Branch.BODY, id="ge"),
        pytest.param("sys.version_info > (3, 10)", Branch.BODY, id="gt"),
        pytest.param("sys.version_info < (3, 11)", Branch.ORELSE, id="lt"),
        pytest.param("sys.version_info <= (3, 10)", Branch.ORELSE, id="le"),
        pytest.param("(3, 11) <= sys.version_info", Branch.BODY, id="reversed"),
        pytest.param("version_info[:2] >= (3, 11)", Branch.BODY, id="imported-name-sliced"),
        pytest.param("sys.version_info.minor >= 11", Branch.BODY, id="minor-attribute"),
        pytest.param("not sys.version_info >= (3, 11)", Branch.ORELSE, id="not"),
        pytest.param("sys.version_info >= (3, 11) and FAST", Branch.BODY, id="and"),
        pytest.param("sys.version_info[0] == 2", Branch.BOTH, id="equality-is-both"),
        pytest.param("(3, 8) <= sys.version_info < (3, 12)", Branch.BOTH, id="chained-is-both"),
        pytest.param("TYPE_CHECKING", Branch.BODY, id="type-checking"),
        pytest.param("typing.TYPE_CHECKING", Branch.BODY, id="typing-type-checking"),
        pytest.param("not TYPE_CHECKING", Branch.ORELSE, id="not-type-checking"),
        pytest.param("hasattr(datetime, 'UTC')", Branch.BODY, id="hasattr"),
        pytest.param("DEBUG", None, id="unrelated-name"),
        pytest.param("sys.platform == 'win32'", None, id="platform"),
        pytest.param("sys.version_info >= (3, 11) or FAST", None, id="or-is-not-a-guard"),
    ],
)
def test_guarded_branch(test: str, branch: Branch | None) -> None:
    assert branch_of(test) is branch


def pruned(source: str) -> str:
    return ast.unparse(prune_guarded(ast.parse(source)))


def test_prune_keeps_the_older_branch() -> None:
    source = (
        "if sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib\n"
    )
    assert pruned(source) == (
        "if sys.version_info >= (3, 11):\n    pass\nelse:\n    import tomli as tomllib"
    )


def test_prune_empties_the_whole_import_fallback() -> None:
    source = "try:\n    import tomllib\nexcept (ImportError, OSError):\n    import tomli\n"
    assert pruned(source) == "try:\n    pass\nexcept (ImportError, OSError):\n    pass"


def test_prune_leaves_other_try_statements() -> None:
    source = "try:\n    import tomllib\nexcept ValueError:\n    pass\nfinally:\n    x = 1"
    assert pruned(source) == source


def test_prune_in_nested_code_and_expressions() -> None:
    source = "def f():\n    return datetime.UTC if sys.version_info >= (3, 11) else utc"
    assert pruned(source) == ("def f():\n    return None if sys.version_info >= (3, 11) else utc")
