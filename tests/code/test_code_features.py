"""What the code scan finds: each feature with the minor it needs, and a twin that must not fire."""

from __future__ import annotations

import sys
import textwrap

import pytest

from pyparity.code.scan import source_needs
from pyparity.model import Minor

FLOOR = Minor(3, 7)


def newest(source: str, **options: object) -> tuple[Minor, str, int] | None:
    """(minor, feature, line) of the newest need above FLOOR, or None."""
    needs = [
        need
        for need in source_needs("pkg/module.py", textwrap.dedent(source), **options)  # type: ignore[arg-type]
        if need.minor > FLOOR
    ]
    if not needs:
        return None
    need = max(needs, key=lambda n: (n.minor, -n.span.line))
    return need.minor, need.feature, need.span.line


FIRES = [
    pytest.param(
        "import datetime\nx = datetime.datetime.now(datetime.UTC)\n",
        (3, 11),
        "datetime.UTC",
        2,
        id="datetime-UTC",
    ),
    pytest.param(
        "from datetime import UTC\n", (3, 11), "datetime.UTC", 1, id="datetime-UTC-imported"
    ),
    pytest.param("import tomllib\n", (3, 11), "tomllib", 1, id="tomllib"),
    pytest.param("from typing import Self\n", (3, 11), "typing.Self", 1, id="typing-Self"),
    pytest.param(
        "import typing\n\ndef f() -> typing.Self: ...\n",
        (3, 11),
        "typing.Self",
        3,
        id="typing-Self-in-annotation",
    ),
    pytest.param(
        "def f(x):\n    match x:\n        case 1:\n            pass\n",
        (3, 10),
        "match",
        2,
        id="match",
    ),
    pytest.param(
        "try:\n    pass\nexcept* ValueError:\n    pass\n", (3, 11), "except*", 3, id="except-star"
    ),
    pytest.param(
        "type Pair = tuple[int, int]\n", (3, 12), "type X = ...", 1, id="type-alias-statement"
    ),
    pytest.param(
        'names = {"a": 1}\ntext = f"{names["a"]}"\n', (3, 12), "PEP 701", 2, id="pep701-fstring"
    ),
    pytest.param("if (n := len('abc')) > 2:\n    pass\n", (3, 8), ":=", 1, id="walrus"),
    pytest.param(
        "def f(a, /, b):\n    return a\n", (3, 8), "positional-only", 1, id="positional-only"
    ),
    pytest.param(
        "def f(a: int | None) -> None:\n    pass\n", (3, 10), "int | None", 1, id="union-parameter"
    ),
    pytest.param("def f() -> str | None:\n    pass\n", (3, 10), "str | None", 1, id="union-return"),
    pytest.param(
        "LIMIT: int | None = None\n", (3, 10), "int | None", 1, id="union-module-variable"
    ),
    pytest.param(
        "class C:\n    name: str | None = None\n",
        (3, 10),
        "str | None",
        2,
        id="union-class-variable",
    ),
    pytest.param(
        "from typing import Any\n\nJson = dict[str, Any] | None\n",
        (3, 10),
        "dict[str, Any] | None",
        3,
        id="union-type-alias",
    ),
    pytest.param(
        "def f(x):\n    return isinstance(x, int | str)\n",
        (3, 10),
        "int | str",
        2,
        id="union-isinstance",
    ),
    pytest.param(
        "from __future__ import annotations\n\nJson = dict[str, int] | None\n",
        (3, 10),
        "dict[str, int] | None",
        3,
        id="union-alias-despite-future",
    ),
    pytest.param(
        "from __future__ import annotations\n\ndef f(x):\n    return isinstance(x, int | None)\n",
        (3, 10),
        "int | None",
        4,
        id="union-isinstance-despite-future",
    ),
    pytest.param(
        "from typing_extensions import TypeAlias\n\nclass A: ...\nclass B: ...\nAB: TypeAlias = A | B\n",
        (3, 10),
        "A | B",
        5,
        id="union-typealias-of-own-classes",
    ),
    pytest.param(
        "def f(a: dict[str, int]) -> None:\n    pass\n",
        (3, 9),
        "dict[str, int]",
        1,
        id="generic-parameter",
    ),
    pytest.param(
        "Pairs = list[tuple[int, int]]\n", (3, 9), "list[tuple[int, int]]", 1, id="generic-alias"
    ),
    pytest.param(
        "from collections.abc import Callable\n\nHandler = Callable[[int], None]\n",
        (3, 9),
        "Callable[[int], None]",
        3,
        id="generic-abc-alias",
    ),
    pytest.param(
        "from typing import Optional\n\ndef f(a: Optional[int | str]): ...\n",
        (3, 10),
        "int | str",
        3,
        id="union-inside-typing-generic",
    ),
    pytest.param(
        "import sys\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    x: int | None = None\n",
        (3, 10),
        "int | None",
        5,
        id="older-branch-still-counts",
    ),
    pytest.param("'abc'.removeprefix('a')\n", (3, 9), "str.removeprefix", 1, id="vermin-member"),
    pytest.param(
        "raise ExceptionGroup('x', [ValueError()])\n",
        (3, 11),
        "ExceptionGroup",
        1,
        id="builtin-ExceptionGroup",
    ),
    pytest.param(
        "zip([1], [2], strict=True)\n", (3, 10), "zip(strict=...)", 1, id="vermin-keyword-argument"
    ),
]


@pytest.mark.parametrize(("source", "minor", "feature", "line"), FIRES)
def test_feature_needs_its_minor(
    source: str, minor: tuple[int, int], feature: str, line: int
) -> None:
    found = newest(source)
    assert found is not None
    assert found[0] == Minor(*minor)
    assert feature in found[1]
    assert found[2] == line


QUIET = [
    pytest.param(
        "import datetime\nx = datetime.datetime.now(datetime.timezone.utc)\n", id="timezone-utc"
    ),
    pytest.param(
        "try:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\n",
        id="tomllib-try-import",
    ),
    pytest.param(
        "try:\n    import tomli as tomllib\nexcept ModuleNotFoundError:\n    import tomllib\n",
        id="tomllib-fallback-in-handler",
    ),
    pytest.param(
        "import sys\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib\n",
        id="tomllib-version-check",
    ),
    pytest.param(
        "import sys\nif sys.version_info < (3, 11):\n    import tomli as tomllib\nelse:\n    import tomllib\n",
        id="tomllib-version-check-inverted",
    ),
    pytest.param(
        "import sys\nif sys.version_info[:2] >= (3, 11) and True:\n    import tomllib\n",
        id="version-check-in-and",
    ),
    pytest.param(
        "import datetime, sys\nUTC = datetime.UTC if sys.version_info >= (3, 11) else datetime.timezone.utc\n",
        id="version-check-expression",
    ),
    pytest.param(
        "import datetime\ntry:\n    UTC = datetime.UTC\nexcept AttributeError:\n    UTC = datetime.timezone.utc\n",
        id="attribute-fallback",
    ),
    pytest.param(
        "import datetime\nif hasattr(datetime, 'UTC'):\n    UTC = datetime.UTC\n",
        id="hasattr-guard",
    ),
    pytest.param(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from typing import Self\n",
        id="typing-Self-type-checking-only",
    ),
    pytest.param(
        "try:\n    from typing import Self\nexcept ImportError:\n    from typing_extensions import Self\n",
        id="typing-Self-guarded",
    ),
    pytest.param("from typing_extensions import Self\n", id="typing-extensions-Self"),
    pytest.param(
        "from exceptiongroup import ExceptionGroup\nraise ExceptionGroup('x', [ValueError()])\n",
        id="ExceptionGroup-backport",
    ),
    pytest.param("from unittest.mock import sentinel\nx = sentinel.value\n", id="mock-sentinel"),
    pytest.param("import re\nm = re.match('a', 'a')\nmatch = m\n", id="match-as-a-name"),
    pytest.param("try:\n    pass\nexcept (ValueError, TypeError):\n    pass\n", id="plain-except"),
    pytest.param(
        "from typing_extensions import TypeAlias\nPair: TypeAlias = 'tuple[int, int]'\n",
        id="string-type-alias",
    ),
    pytest.param("names = {'a': 1}\ntext = f\"{names['a']}\"\n", id="fstring-other-quotes"),
    pytest.param("n = len('abc')\nif n > 2:\n    pass\n", id="no-walrus"),
    pytest.param("def f(a, *, b):\n    return a\n", id="keyword-only"),
    pytest.param(
        "def f(a: 'int | None') -> 'str | None':\n    pass\n", id="union-in-string-annotation"
    ),
    pytest.param(
        "from __future__ import annotations\n\ndef f(a: int | None) -> dict[str, int]:\n    pass\n",
        id="union-with-future-import",
    ),
    pytest.param(
        "from __future__ import annotations\n\nclass C:\n    name: str | None = None\n",
        id="class-variable-with-future-import",
    ),
    pytest.param(
        "def f():\n    x: int | None = None\n    y: dict[str, int] = {}\n    return x, y\n",
        id="local-variable-annotation",
    ),
    pytest.param("import re\nFLAGS = re.I | re.M\n", id="flags-are-not-a-union"),
    pytest.param("a = {1}\nb = {2}\nc = a | b\n", id="set-union-is-not-a-type-union"),
    pytest.param(
        "from typing import Dict, Optional\n\ndef f(a: Optional[Dict[str, int]]): ...\n",
        id="typing-generics",
    ),
    pytest.param("def f(type):\n    return type[0]\n", id="rebound-builtin-subscript"),
    pytest.param("import datetime\nx = datetime.UTC  # novm\n", id="vermin-novm-comment"),
    pytest.param(
        "import datetime\n# pyparity: ignore[code-floor]\nx = datetime.UTC\n",
        id="pyparity-ignore-comment",
    ),
]


@pytest.mark.parametrize("source", QUIET)
def test_twin_needs_nothing_newer_than_the_floor(source: str) -> None:
    assert newest(source) is None


def test_backports_listed_in_config_do_not_count() -> None:
    assert newest("import graphlib\nimport tomllib\n", backports=["graphlib", "tomllib"]) is None
    assert newest("import zoneinfo\n", backports=["zoneinfo"]) is None


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("x = 1\ny = a ?? b\n", id="no-python-operator"),
        # a scratch file left half written (modelled on a `studies/` folder)
        pytest.param("class Cache():\n    def __init__(self, )\n", id="missing-colon"),
        pytest.param("name = 'x'\ncad darvin kupae akte\n", id="stray-text"),
    ],
)
def test_code_no_python_parses_needs_nothing(source: str) -> None:
    assert source_needs("broken.py", source) == []


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="parses on 3.14")
def test_a_template_string_needs_314() -> None:
    [need] = source_needs("t.py", "name = 'x'\ngreeting = t'hello {name}'\n")
    assert (need.minor, need.span.line) == (Minor(3, 14), 2)
    assert need.feature == 'a template string `t"..."` (PEP 750)'


@pytest.mark.skipif(sys.version_info >= (3, 15), reason="parses on 3.15")
def test_a_lazy_import_needs_315() -> None:
    [need] = source_needs("l.py", "lazy import json\n")
    assert (need.minor, need.feature) == (Minor(3, 15), "a `lazy import` (PEP 810)")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="parses on 3.12")
def test_newer_syntax_is_named_when_known() -> None:
    [need] = source_needs("alias.py", "x = 1\ntype Pair = tuple[int, int]\n")
    assert need.minor == Minor(3, 12)
    assert need.feature == "a `type X = ...` statement"


def test_union_chain_is_one_need() -> None:
    needs = source_needs("m.py", "def f(a: int | str | None): ...\n")
    assert [(n.minor, n.feature) for n in needs if n.minor > FLOOR] == [
        (Minor(3, 10), "`int | str | None` (a union evaluated at runtime)")
    ]


def test_columns_count_characters_not_bytes() -> None:
    [need] = [n for n in source_needs("m.py", "é = 1; x: int | None = None\n") if n.minor > FLOOR]
    assert (need.span.column, need.span.end_column) == (11, 21)


def test_span_of_a_member_covers_its_spelling() -> None:
    [need] = [
        n for n in source_needs("m.py", "import datetime\nx = datetime.UTC\n") if n.minor > FLOOR
    ]
    assert (need.span.line, need.span.column, need.span.end_column) == (2, 5, 17)


_FUTURE = "from __future__ import annotations\n"

PYDANTIC = [
    pytest.param(
        _FUTURE
        + "from pydantic import BaseModel\n\nclass M(BaseModel):\n    x: int | None = None\n",
        "`int | None` (a union that pydantic evaluates at runtime)",
        id="base-model-union",
    ),
    pytest.param(
        _FUTURE + "import pydantic\n\nclass M(pydantic.BaseModel):\n    x: list[str] = []\n",
        "`list[str]` (a generic that pydantic evaluates at runtime)",
        id="base-model-generic",
    ),
    pytest.param(
        _FUTURE
        + "from pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n"
        + "    url: str | None = None\n",
        "`str | None` (a union that pydantic evaluates at runtime)",
        id="base-settings",
    ),
    pytest.param(
        _FUTURE
        + "from pydantic.dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass D:\n"
        + "    x: int | None = None\n",
        "`int | None` (a union that pydantic evaluates at runtime)",
        id="pydantic-dataclass",
    ),
    pytest.param(
        _FUTURE
        + "import dataclasses\n\n@dataclasses.dataclass\nclass D:\n    x: int | None = None\n",
        None,
        id="stdlib-dataclass-does-not-evaluate",
    ),
    pytest.param(
        _FUTURE
        + "from pydantic import BaseModel\n\nclass M(BaseModel):\n"
        + "    def f(self, x: int | None) -> None:\n        y: int | None = x\n",
        None,
        id="model-methods-are-not-evaluated",
    ),
    pytest.param(
        _FUTURE
        + "from pydantic import BaseModel\n\nclass M(BaseModel):\n    class Plain:\n"
        + "        x: int | None = None\n",
        None,
        id="a-plain-class-nested-in-a-model",
    ),
]


@pytest.mark.parametrize(("source", "feature"), PYDANTIC)
def test_pydantic_evaluates_deferred_field_annotations(source: str, feature: str | None) -> None:
    found = newest(source)
    assert (found[1] if found else None) == feature


def test_eval_type_backport_lets_pydantic_evaluate_new_syntax_on_old_pythons() -> None:
    source = _FUTURE + "from pydantic import BaseModel\n\nclass M(BaseModel):\n    x: int | None\n"
    assert newest(source, backports=["eval_type_backport"]) is None


# Names used only in annotations: needed only where Python (or pydantic) evaluates them.
ANNOTATIONS = [
    pytest.param(
        _FUTURE + "import typing as t\n\nclass C:\n    def copy(self) -> t.Self: ...\n",
        None,
        id="method-return-with-future-import",
    ),
    pytest.param(
        _FUTURE + "import typing as t\n\nclass C:\n    parent: t.Self | None = None\n",
        None,
        id="class-variable-with-future-import",
    ),
    pytest.param(
        _FUTURE + "import typing\n\ndef f(*a: typing.Unpack[typing.TypeVarTuple]) -> None: ...\n",
        None,
        id="parameter-with-future-import",
    ),
    pytest.param(
        _FUTURE
        + "import attrs, typing as t\n\n@attrs.define\nclass M:\n"
        + "    func: t.Callable[t.Concatenate[t.Any, P], R]\n",
        None,
        id="attrs-class-does-not-evaluate",
    ),
    pytest.param(
        _FUTURE + "import dataclasses, typing\n\n@dataclasses.dataclass\nclass D:\n"
        "    x: typing.TypeGuard[int]\n",
        None,
        id="stdlib-dataclass-does-not-evaluate-members",
    ),
    pytest.param(
        "import typing\n\ndef f():\n    x: typing.Self = None\n    return x\n",
        None,
        id="local-variable-annotation",
    ),
    pytest.param(
        "import typing as t\n\nclass C:\n    def copy(self) -> t.Self: ...\n",
        "typing.Self",
        id="method-return-evaluated",
    ),
    pytest.param(
        "import typing as t\n\nclass C:\n    parent: t.Self\n",
        "typing.Self",
        id="class-variable-evaluated",
    ),
    pytest.param(
        _FUTURE + "import collections.abc\nfrom pydantic import BaseModel\n\nclass M(BaseModel):\n"
        "    data: collections.abc.Buffer\n",
        "collections.abc.Buffer",
        id="pydantic-field-evaluated",
    ),
    pytest.param(
        _FUTURE + "from typing import Self\n\nclass C:\n    def copy(self) -> Self: ...\n",
        "typing.Self",
        id="the-import-runs",
    ),
]


@pytest.mark.parametrize(("source", "feature"), ANNOTATIONS)
def test_names_in_annotations_count_only_where_evaluated(source: str, feature: str | None) -> None:
    found = newest(source)
    assert (found[1].strip("`") if found else None) == feature
