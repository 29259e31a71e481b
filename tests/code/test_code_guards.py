"""Which branches only run on a newer Python (or with the feature present)."""

from __future__ import annotations

import ast

import pytest

from pyparity.code.guards import Branch, guarded_branch, prune_guarded, version_flags


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
        pytest.param("sys.version_info >= (3, 11) or FAST", None, id="newer-or-guards-nothing"),
        pytest.param(
            "sys.version_info < (3, 11) or FAST", Branch.ORELSE, id="older-or-guards-else"
        ),
        pytest.param("sys.version_info < (3, 11) and FAST", None, id="older-and-guards-nothing"),
        pytest.param("PY_312 and FAST", Branch.BODY, id="flag-in-and"),
        pytest.param("not PY_312 or FAST", Branch.ORELSE, id="not-flag-in-or"),
        pytest.param(
            "sys.version_info >= (3, 12) or TYPE_CHECKING", Branch.BODY, id="newer-or-newer"
        ),
        pytest.param(
            "sys.version_info >= (3, 8) and sys.version_info < (3, 12)",
            Branch.BOTH,
            id="window-is-both",
        ),
        pytest.param("getattr(sys, 'monitoring', None)", Branch.BODY, id="getattr-default"),
        pytest.param("getattr(sys, 'monitoring')", None, id="getattr-without-default"),
        # a constant imported from the project's own platform module (robotframework)
        pytest.param("PY_VERSION >= (3, 11)", Branch.BODY, id="imported-version-constant"),
        pytest.param("_PYTHON_VERSION_INFO < (3, 12)", Branch.ORELSE, id="constant-older"),
        pytest.param("python_version >= (3, 11)", None, id="lower-case-is-some-version"),
        pytest.param("MY_PY_VERSION >= (3, 11)", None, id="another-constant"),
        # youtube-dl: `json.JSONDecodeError if 'JSONDecodeError' in dir(json) else ValueError`
        pytest.param("'JSONDecodeError' in dir(json)", Branch.BODY, id="in-dir"),
        pytest.param("'UTC' not in vars(datetime)", Branch.ORELSE, id="not-in-vars"),
        pytest.param("'UTC' in datetime.__dict__", Branch.BODY, id="in-module-dict"),
        pytest.param("'UTC' in names", None, id="in-some-list"),
        # Nuitka packs major and minor into three hex digits
        pytest.param("python_version >= 0x3B0", Branch.BODY, id="packed-version"),
        pytest.param("0x300 > python_version", Branch.ORELSE, id="packed-version-reversed"),
        pytest.param("python_version >= 3", None, id="python-version-small-number"),
        pytest.param("other_version >= 0x3B0", None, id="packed-other-name"),
        pytest.param("name in dir(json)", None, id="a-variable-name-in-dir"),
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


def test_prune_a_membership_test_of_a_modules_names() -> None:
    source = "E = json.JSONDecodeError if 'JSONDecodeError' in dir(json) else ValueError"
    assert pruned(source) == "E = None if 'JSONDecodeError' in dir(json) else ValueError"


def test_prune_what_and_evaluates_after_a_guard() -> None:
    source = "ok = hasattr(t, 'UnionType') and isinstance(x, t.UnionType) and f(x)"
    assert pruned(source) == "ok = hasattr(t, 'UnionType') and None and None"


def test_prune_what_or_evaluates_after_a_test_for_older() -> None:
    source = "ok = sys.version_info < (3, 10) or isinstance(x, t.UnionType)"
    assert pruned(source) == "ok = sys.version_info < (3, 10) or None"


def test_or_after_a_newer_test_is_kept() -> None:
    source = "ok = sys.version_info >= (3, 10) or isinstance(x, t.UnionType)"
    assert pruned(source) == source


def test_flag_holding_a_combined_test() -> None:
    module = ast.parse("PY_OK = sys.version_info >= (3, 11) and not PYPY\nPY_NEW = PY_OK or X")
    assert version_flags(module) == {"PY_OK": Branch.BODY}


def test_prune_follows_a_functions_own_version_name() -> None:
    source = (
        "def run():\n"
        "    v = sys.version_info[:2]\n"
        "    if v < (3, 11):\n"
        "        return legacy()\n"
        "    else:\n"
        "        return asyncio.Runner()\n"
        "\n"
        "def other():\n"
        "    if v < (3, 11):\n"
        "        return legacy()\n"
        "    else:\n"
        "        return asyncio.Runner()\n"
    )
    run, other = pruned(source).split("\n\n")
    assert "asyncio.Runner" not in run
    assert "asyncio.Runner" in other


def test_an_early_exit_guards_the_rest_of_its_own_block_only() -> None:
    source = (
        "def run(jobs):\n"
        "    for job in jobs:\n"
        "        if sys.version_info < (3, 11):\n"
        "            raise RuntimeError('needs 3.11')\n"
        "        job.add_note('started')\n"
        "    return asyncio.TaskGroup()\n"
    )
    assert pruned(source) == (
        "def run(jobs):\n"
        "    for job in jobs:\n"
        "        if sys.version_info < (3, 11):\n"
        "            raise RuntimeError('needs 3.11')\n"
        "        pass\n"
        "    return asyncio.TaskGroup()"
    )


def test_many_switched_off_options_are_read_in_one_pass() -> None:
    """Many switches in one function (read in one pass, so a hostile function of thousands
    costs time in proportion to its size): each is a flag unless bound again."""
    from pyparity.code.guards import local_flags

    body = "".join(f"    if not PY311:\n        a{i} = False\n    b = a{i}\n" for i in range(50))
    function = ast.parse(f"def f():\n{body}    a7 = True\n").body[0]
    assert isinstance(function, ast.FunctionDef)
    flags = local_flags(function, {}) or {}
    assert flags.get("a3") is Branch.BODY
    assert "a7" not in flags  # bound again at the end: no switch


@pytest.mark.parametrize(
    "decorator",
    [
        pytest.param('@unittest.skipIf(sys.version_info[:2] < (3, 14), "3.14+")', id="skipIf"),
        pytest.param("@skipIf(sys.version_info < (3, 14), 'zstd')", id="bare-skipIf"),
        pytest.param(
            '@pytest.mark.skipif(sys.version_info < (3, 14), reason="3.14+")', id="pytest"
        ),
        pytest.param(
            '@pytest.mark.skipif(condition=sys.version_info < (3, 14), reason="")',
            id="pytest-keyword",
        ),
        pytest.param("@unittest.skipUnless(sys.version_info >= (3, 14), '')", id="skipUnless"),
    ],
)
def test_a_test_skipped_on_older_pythons_is_guarded(decorator: str) -> None:
    source = (
        f"class T:\n    {decorator}\n    def test_zstd(self):\n        from compression import zstd"
    )
    assert pruned(source).endswith("def test_zstd(self):\n        pass")


@pytest.mark.parametrize(
    "decorator",
    [
        pytest.param("@unittest.skipIf(sys.version_info >= (3, 14), '')", id="skipped-on-newer"),
        pytest.param("@unittest.skipUnless(sys.version_info < (3, 14), '')", id="only-older"),
        pytest.param("@unittest.skipIf(sys.platform == 'win32', '')", id="platform"),
        pytest.param("@unittest.skip('broken')", id="skip"),
        pytest.param("@functools.cache", id="not-a-call"),
    ],
)
def test_other_skips_guard_nothing(decorator: str) -> None:
    source = (
        f"{decorator}\nclass T:\n    def test_zstd(self):\n        from compression import zstd"
    )
    assert pruned(source) == ast.unparse(ast.parse(source))


# behave: `PythonLibraryFeature.has_asyncio_timeout()` compares a constant of another module
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "if PythonLibraryFeature.has_asyncio_timeout():\n"
            "    asyncio_timeout = asyncio.timeout\n"
            "else:\n"
            "    asyncio_timeout = fallback",
            "if PythonLibraryFeature.has_asyncio_timeout():\n    pass\n"
            "else:\n    asyncio_timeout = fallback",
            id="probe-names-the-attribute",
        ),
        pytest.param(
            "if not compat.has_asyncio_timeout():\n"
            "    asyncio_timeout = fallback\n"
            "else:\n"
            "    asyncio_timeout = asyncio.timeout",
            "if not compat.has_asyncio_timeout():\n    asyncio_timeout = fallback\nelse:\n    pass",
            id="not-probe-guards-the-else",
        ),
        pytest.param(
            "if supports_zoneinfo():\n    import zoneinfo",
            "if supports_zoneinfo():\n    pass",
            id="probe-names-the-module",
        ),
        pytest.param(
            "if _has_importlib_resources_files():\n    f = importlib.resources.files(p)",
            "if _has_importlib_resources_files():\n    pass",
            id="three-part-name",
        ),
    ],
)
def test_a_probe_named_for_the_feature_guards_it(source: str, expected: str) -> None:
    assert pruned(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("if form.has_changed():\n    x = asyncio.timeout", id="names-another"),
        pytest.param("if has_asyncio_timeout(loop):\n    x = asyncio.timeout", id="has-argument"),
        pytest.param(
            "if has_asyncio_timeout():\n    if ready:\n        x = asyncio.timeout",
            id="nested-block-is-not-looked-into",
        ),
        pytest.param("if check_asyncio_timeout():\n    x = asyncio.timeout", id="not-has"),
    ],
)
def test_other_calls_guard_nothing(source: str) -> None:
    assert pruned(source) == ast.unparse(ast.parse(source))


# pytest-codspeed: `SUPPORTS_PERF_TRAMPOLINE`, imported from a module that reads the build's
# configuration (`sysconfig.get_config_var("PY_HAVE_PERF_TRAMPOLINE") == 1`, 3.12 builds)
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "from .utils import SUPPORTS_PERF_TRAMPOLINE\n"
            "if SUPPORTS_PERF_TRAMPOLINE and not sys.is_stack_trampoline_active():\n"
            "    sys.activate_stack_trampoline('perf')",
            "from .utils import SUPPORTS_PERF_TRAMPOLINE\n"
            "if SUPPORTS_PERF_TRAMPOLINE and None:\n    pass",
            id="constant-and-its-feature",
        ),
        pytest.param(
            "if utils.HAS_TASKGROUP:\n    group = asyncio.TaskGroup()",
            "if utils.HAS_TASKGROUP:\n    pass",
            id="constant-of-another-module",
        ),
        pytest.param(
            "from .compat import HAS_ZONEINFO\n"
            "if not HAS_ZONEINFO:\n    tz = fallback\nelse:\n    import zoneinfo",
            "from .compat import HAS_ZONEINFO\n"
            "if not HAS_ZONEINFO:\n    tz = fallback\nelse:\n    pass",
            id="not-constant-guards-the-else",
        ),
    ],
)
def test_a_constant_named_for_the_feature_guards_it(source: str, expected: str) -> None:
    assert pruned(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        # a call's feature must be named whole: an object that has a timeout is no probe
        pytest.param("if self.has_timeout():\n    x = asyncio.timeout(5)", id="call-by-word"),
        pytest.param("if has_timeout:\n    x = asyncio.timeout(5)", id="lower-case-name"),
        pytest.param("if HAS_NUMPY:\n    x = sys.monitoring", id="constant-names-another"),
        pytest.param(
            "from .compat import HAS_TASKGROUP\n"
            "def f(data):\n"
            "    HAS_TASKGROUP = data.ready\n"
            "    if HAS_TASKGROUP:\n"
            "        group = asyncio.TaskGroup()",
            id="imported-constant-bound-again",
        ),
        pytest.param("if HAS_TASKGROUP:\n    group = asyncio.TaskGroup()", id="not-imported"),
        pytest.param("if HAS_IO:\n    x = sys.io_thing", id="short-word-matches-nothing"),
        pytest.param(
            "if DEBUG and HAS_TASKGROUP and asyncio.TaskGroup():\n    pass", id="probe-not-first"
        ),
    ],
)
def test_other_names_guard_nothing(source: str) -> None:
    assert pruned(source) == ast.unparse(ast.parse(source))
