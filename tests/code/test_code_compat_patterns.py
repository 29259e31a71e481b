"""Compatibility patterns found in real projects' code (attrs, Django, coverage.py, packaging):
each is guarded, so it must not raise the floor; each has a twin that must still fire."""

from __future__ import annotations

import textwrap

import pytest

from pyparity.code.files import code_files
from pyparity.code.scan import source_needs
from pyparity.model import Minor

FLOOR = Minor(3, 9)


def features(source: str) -> set[str]:
    needs = source_needs("pkg/module.py", textwrap.dedent(source))
    return {need.feature.strip("`") for need in needs if need.minor > FLOOR}


QUIET = [
    pytest.param(
        """\
        import sys
        PY_3_14_PLUS = sys.version_info[:2] >= (3, 14)
        if PY_3_14_PLUS:
            import annotationlib
        """,
        id="module-flag-assigned-from-version-info",
    ),
    pytest.param(
        """\
        from django.utils.version import PY311
        if PY311:
            from enum import StrEnum
        """,
        id="imported-flag-named-for-its-version",
    ),
    pytest.param(
        """\
        from . import compat
        if compat.PY_3_12_PLUS:
            from itertools import batched
        """,
        id="flag-as-an-attribute",
    ),
    pytest.param(
        """\
        import sys
        PY39 = sys.version_info < (3, 10)
        if PY39:
            pass
        else:
            import tomllib
        """,
        id="flag-meaning-older-guards-the-else",
    ),
    pytest.param(
        """\
        import sys
        sys_monitoring = getattr(sys, "monitoring", None)

        def start():
            events = sys.monitoring.events
        """,
        id="attribute-feature-tested-with-getattr",
    ),
    pytest.param(
        """\
        from .errors import ExceptionGroup

        def validate():
            try:
                pass
            except ExceptionGroup:
                pass
        """,
        id="builtin-name-imported-relatively",
    ),
    pytest.param(
        """\
        class ExceptionGroup(Exception):
            pass

        raise ExceptionGroup("x", [])
        """,
        id="builtin-name-defined-by-the-module",
    ),
    pytest.param(
        """\
        import itertools, sys
        from .compat import PY_312
        if PY_312 and len(sys.argv) > 1:
            batched = itertools.batched
        if sys.version_info >= (3, 12) and sys.argv:
            batched = itertools.batched
        chunks = itertools.batched if sys.version_info >= (3, 12) and sys.argv else None
        """,
        id="guard-inside-and",
    ),
    pytest.param(
        """\
        import itertools, sys
        if sys.version_info < (3, 12) or not sys.argv:
            batched = None
        else:
            batched = itertools.batched
        """,
        id="older-test-inside-or-guards-the-else",
    ),
    pytest.param(
        """\
        import sys, warnings
        if ((3, 13, 8) <= sys.version_info < (3, 14)) or sys.version_info >= (3, 14, 1):
            deprecated = warnings.deprecated
        """,
        id="newer-tests-on-both-sides-of-or",
    ),
    pytest.param(
        """\
        import types

        def is_union(t):
            return hasattr(types, "UnionType") and isinstance(t, types.UnionType)
        """,
        id="and-after-hasattr",
    ),
    pytest.param(
        """\
        import sys, types

        def is_union(t):
            return sys.version_info < (3, 10) or isinstance(t, types.UnionType)
        """,
        id="or-after-a-test-for-older",
    ),
    pytest.param(
        """\
        import sys
        if getattr(sys, "monitoring", None):
            events = sys.monitoring.events
        """,
        id="getattr-with-a-default-as-a-test",
    ),
    pytest.param(
        """\
        import types as _types
        if hasattr(_types, "UnionType"):
            pass

        def is_union(t):
            return isinstance(t, _types.UnionType)
        """,
        id="feature-tested-under-an-alias",
    ),
    pytest.param(
        """\
        import platform, sys
        HAS_TOMLLIB = sys.version_info >= (3, 11) and platform.python_implementation() != "PyPy"
        if HAS_TOMLLIB:
            import tomllib
        """,
        id="flag-holding-a-version-test-inside-and",
    ),
    pytest.param(
        """\
        import sys
        _py_ver = sys.version_info[:2]
        if _py_ver >= (3, 12):
            from itertools import batched
        else:
            batched = None
        """,
        id="module-name-holding-the-version",
    ),
    pytest.param(
        """\
        import sys
        _sys_version_info = sys.version_info
        _version_tuple = (_sys_version_info.major, _sys_version_info.minor, _sys_version_info.micro)
        if _version_tuple < (3, 11, 0):
            from typing_extensions import NotRequired
        else:
            from typing import NotRequired
        """,
        id="version-tuple-of-a-name-holding-the-version",
    ),
    pytest.param(
        """\
        from .compat import PY310, IS_PY311_ONWARDS, TYPING_3_12_0
        if PY310:
            import zoneinfo
        if IS_PY311_ONWARDS:
            import tomllib
        if TYPING_3_12_0:
            from itertools import batched
        """,
        id="version-constants-imported-from-another-module",
    ),
    pytest.param(
        """\
        try:
            from frozendict import frozendict
        except ImportError:
            from .collection import frozendict

        def components(items):
            return frozendict(items)
        """,
        id="name-imported-in-a-fallback",
    ),
    pytest.param(
        """\
        _HAS_TOMLLIB = False
        try:
            import tomli
            _HAS_TOMLLIB = True
        except ImportError:
            pass

        def load(text):
            if _HAS_TOMLLIB:
                import tomllib
                return tomllib.loads(text)
        """,
        id="flag-false-until-the-feature-is-found",
    ),
    pytest.param(
        """\
        import asyncio

        def serve(main, factory):
            asyncio.run(main(loop_factory=factory))
        """,
        id="keyword-of-an-inner-call",
    ),
    pytest.param(
        """\
        import asyncio

        async def run(task, agent, context):
            return asyncio.create_task(
                task.execute(agent=agent, context=context)
            )
        """,
        id="keyword-of-an-inner-call-over-lines",
    ),
    pytest.param(
        # Modelled on a notebook runtime: the loop factory is set only on 3.14 (elsewhere),
        # and the call without it is the older Pythons' way.
        """\
        import asyncio

        def serve(coro, loop_factory):
            if loop_factory is not None:
                asyncio.run(coro, loop_factory=loop_factory)
            else:
                asyncio.run(coro)
        """,
        id="newer-keyword-passed-only-when-set",
    ),
    pytest.param(
        """\
        import asyncio as _aio
        import sys as _sys

        def start(main, factory=None):
            major_minor = _sys.version_info[:2]
            if major_minor <= (3, 10):
                return _aio.get_event_loop().run_until_complete(main)
            elif major_minor == (3, 11):
                with _aio.Runner(loop_factory=factory) as runner:
                    return runner.run(main)
            else:
                return _aio.run(main, loop_factory=factory)
        """,
        id="function-local-name-holding-the-version",
    ),
    pytest.param(
        """\
        import sys

        class Reader:
            def load(self, data):
                has_tomllib = sys.version_info >= (3, 11)
                if has_tomllib:
                    import tomllib
                    return tomllib.loads(data)
                return None
        """,
        id="function-local-flag",
    ),
    pytest.param(
        """\
        import socket
        from .compat import PY311

        def connect_all(addresses, *, report_all=False):
            if not PY311:
                report_all = False  # an ExceptionGroup only where there is one
            errors = []
            for address in addresses:
                try:
                    return socket.create_connection(address)
                except OSError as error:
                    errors.append(error)
                    if address is addresses[-1]:
                        if not report_all:
                            raise
                        raise ExceptionGroup("no address answered", errors)
        """,
        id="option-switched-off-on-older-pythons",
    ),
    pytest.param(
        """\
        import types

        def frozen(mapping):
            try:
                return frozendict(mapping)
            except NameError:  # a builtin of newer Pythons only
                return types.MappingProxyType(mapping)
        """,
        id="new-builtin-with-a-name-error-fallback",
    ),
    pytest.param(
        """\
        try:
            from typing import TypeAliasType as _TypeAliasType  # type: ignore
        except Exception:
            _TypeAliasType = type("TypeAliasType", (), {})
        try:
            from typing import NotRequired, Required
        except:  # noqa: E722
            Required = NotRequired = None
        """,
        id="imports-under-a-handler-of-every-error",
    ),
]

FIRES = [
    pytest.param("import annotationlib\n", "annotationlib", id="unguarded-import"),
    pytest.param(
        """\
        def group(errors):
            try:
                raise ExceptionGroup("failed", errors)
            except ValueError:
                return None
        """,
        "ExceptionGroup",
        id="new-builtin-under-another-error",
    ),
    pytest.param(
        """\
        import logging

        def load(name):
            try:
                from tomllib import loads
                return loads(open(name).read())
            except Exception:  # error handling around more than an import: no guard
                logging.exception("cannot read %s", name)
        """,
        "tomllib",
        id="work-under-a-handler-of-every-error",
    ),
    pytest.param(
        """\
        from .compat import PY311

        def fail(errors, *, report_all=False):
            if not PY311:
                report_all = False
            if report_all and len(errors) > 1:
                report_all = len(errors) > 2  # bound again: no longer a switch
            if not report_all:
                raise errors[0]
            raise ExceptionGroup("failed", errors)
        """,
        "ExceptionGroup",
        id="switched-option-bound-again",
    ),
    pytest.param(
        """\
        from .compat import PY311

        def fail(errors, *, report_all=False):
            if report_all:
                raise ExceptionGroup("failed", errors)
            if not PY311:
                report_all = False
        """,
        "ExceptionGroup",
        id="switched-option-read-before-the-switch",
    ),
    pytest.param(
        """\
        def fail(errors, *, report_all=False):
            if not errors:
                report_all = False
            if not report_all:
                raise errors[0]
            raise ExceptionGroup("failed", errors)
        """,
        "ExceptionGroup",
        id="option-switched-off-for-another-reason",
    ),
    pytest.param(
        """\
        import sys
        HAS_MONITORING = True
        if HAS_MONITORING:
            import annotationlib
        """,
        "annotationlib",
        id="a-flag-that-is-not-a-version",
    ),
    pytest.param(
        "import sys\n\ndef start():\n    return sys.monitoring.events\n",
        "sys.monitoring",
        id="attribute-never-feature-tested",
    ),
    pytest.param(
        "def validate():\n    raise ExceptionGroup('x', [])\n", "ExceptionGroup", id="the-builtin"
    ),
    pytest.param(
        """\
        import itertools, sys
        if sys.version_info >= (3, 12) or len(sys.argv) > 1:
            batched = itertools.batched
        """,
        "itertools.batched",
        id="newer-test-inside-or-guards-nothing",
    ),
    pytest.param(
        """\
        import itertools, sys
        if sys.version_info < (3, 12) and sys.argv:
            batched = None
        else:
            batched = itertools.batched
        """,
        "itertools.batched",
        id="older-test-inside-and-guards-no-else",
    ),
    pytest.param(
        """\
        import sys, types

        def is_union(t):
            return isinstance(t, types.UnionType) and sys.version_info >= (3, 10)
        """,
        "types.UnionType",
        id="use-before-the-test-in-and",
    ),
    pytest.param(
        """\
        import asyncio

        def serve(main, factory):
            asyncio.run(main(), loop_factory=factory)
        """,
        "asyncio.run(loop_factory=...)",
        id="keyword-of-the-call-itself",
    ),
    pytest.param(
        """\
        import asyncio

        def serve(main, factory):
            asyncio.run(
                main(),
                loop_factory=factory,
            )
        """,
        "asyncio.run(loop_factory=...)",
        id="keyword-of-the-call-itself-over-lines",
    ),
    pytest.param(
        """\
        import sys
        _py_ver = sys.version_info[:2]
        if _py_ver:
            import tomllib
        """,
        "tomllib",
        id="the-version-itself-is-no-test",
    ),
    pytest.param(
        """\
        try:
            import json
        except ImportError:
            import simplejson as json

        def components(items):
            return frozendict(items)
        """,
        "frozendict",
        id="builtin-not-bound-by-the-fallback",
    ),
    pytest.param(
        """\
        import os
        _FAST = False
        _FAST = os.environ.get("FAST")
        if _FAST:
            import tomllib
        """,
        "tomllib",
        id="false-flag-bound-again",
    ),
    pytest.param(
        """\
        import asyncio

        def serve(coro, loop_factory):
            if loop_factory is not None:
                asyncio.run(coro, loop_factory=loop_factory)
            else:
                asyncio.run(coro, loop_factory=None)
        """,
        "asyncio.run(loop_factory=...)",
        id="newer-keyword-passed-either-way",
    ),
    pytest.param(
        """\
        import sys

        HAS_TOMLLIB = sys.version_info >= (3, 11)

        def load(data):
            HAS_TOMLLIB = data.startswith("[")
            if HAS_TOMLLIB:
                import tomllib
                return tomllib.loads(data)
        """,
        "tomllib",
        id="module-flag-shadowed-in-a-function",
    ),
    pytest.param(
        """\
        import sys

        def load(data):
            if major_minor >= (3, 11):
                import tomllib
                return tomllib.loads(data)

        def start(main, factory=None):
            major_minor = sys.version_info[:2]
            return major_minor
        """,
        "tomllib",
        id="function-local-version-name-stays-in-its-function",
    ),
]


@pytest.mark.parametrize("source", QUIET)
def test_guarded_compatibility_code_needs_nothing_newer(source: str) -> None:
    assert features(source) == set()


@pytest.mark.parametrize(("source", "feature"), FIRES)
def test_unguarded_twins_still_fire(source: str, feature: str) -> None:
    assert feature in features(source)


@pytest.mark.parametrize(
    "path",
    [
        "scripts/release.py",
        "tools/gen.py",
        "benchmarks/run.py",
        "examples/demo.py",
        "lab/x.py",
        "generate_stubs.py",
        "update_vendored.py",
        "download_artefacts.py",  # a release script fetching the CI's wheels
        "update-error-constants.py",
        "typecheck/check_stub.py",
    ],
)
def test_developer_tooling_is_not_the_projects_code(path: str) -> None:
    assert code_files([path, "src/pkg/module.py"]) == ["src/pkg/module.py"]


def test_a_generator_module_inside_the_package_is_the_projects_code() -> None:
    paths = [
        "pkg/generate_schema.py",
        "pkg/update_check.py",
        "pkg/download_cache.py",
        "generator.py",
        "downloader.py",
        "typechecked.py",
    ]
    assert code_files(paths) == paths


def test_code_after_an_early_exit_for_old_pythons_is_guarded() -> None:
    source = """\
    import sys

    def read_config():
        if sys.version_info < (3, 11):
            sys.exit("needs Python 3.11")
        import tomllib
        return tomllib
    """
    assert features(source) == set()


OPTIONAL_MODULE = """\
import sys

if sys.version_info < (3, 15):
    raise ImportError("pkg.monitoring requires Python 3.15+")

def set_events(tool, code, events):
    sys.monitoring.set_local_events(tool, code, events)
"""


@pytest.mark.parametrize(
    ("path", "source", "needed"),
    [
        pytest.param("pkg/internal/monitoring.py", OPTIONAL_MODULE, False, id="submodule"),
        pytest.param("pkg/__init__.py", OPTIONAL_MODULE, True, id="package-init-states-it"),
        pytest.param("tool.py", OPTIONAL_MODULE, True, id="a-top-level-module-states-it"),
        pytest.param(
            "pkg/internal/monitoring.py",
            OPTIONAL_MODULE.replace("ImportError", "RuntimeError"),
            True,
            id="a-runtime-error-is-no-optional-import",
        ),
    ],
)
def test_a_submodule_that_refuses_older_pythons_with_import_error_is_optional(
    path: str, source: str, needed: bool
) -> None:
    """An optional module raises ImportError where it cannot work; its importers guard the
    import (dd-trace's `ddtrace.internal.monitoring`). A package's `__init__.py` or a
    top-level module saying so states what the project needs: still compared."""
    found = {need.feature.strip("`") for need in source_needs(path, source) if need.minor > FLOOR}
    assert ("sys.monitoring" in found) is needed


def test_an_early_exit_for_another_reason_guards_nothing() -> None:
    source = """\
    import sys

    def read_config(path):
        if not path:
            sys.exit("no path")
        import tomllib
        return tomllib
    """
    assert "tomllib" in features(source)


def test_hexversion_guard() -> None:
    source = """\
    from sys import hexversion
    if hexversion >= 0x30D00A2:
        from itertools import batched
    """
    assert features(source) == set()


def test_a_contextvar_subscripted_at_runtime_needs_only_contextvars() -> None:
    """`ContextVar[...]` works on 3.7 and 3.8 (tortoise-orm tests 3.8 with one in a class
    body): it is no 3.9 generic."""
    source = (
        "from contextvars import ContextVar\nfrom typing import Dict\n\n"
        "class Connections:\n"
        '    _storage: ContextVar[Dict[str, object]] = ContextVar("_storage", default={})\n'
    )
    needs = source_needs("pkg/module.py", source)
    assert [n.feature for n in needs if "generic" in n.feature] == []
    assert max(n.minor for n in needs) == Minor(3, 7)


@pytest.mark.parametrize(
    ("source", "needed"),
    [
        pytest.param(
            "import typing as t\n\ndef render(kind):\n    match kind:\n"
            "        case 'env':\n            return 1\n"
            "        case _:  # pragma: no cover\n            t.assert_never(kind)\n",
            [],
            id="through-the-module",
        ),
        pytest.param(
            "from typing import (\n    Any,\n    assert_never,\n)\n\n"
            "def render(kind: Any):\n    assert_never(kind)\n",
            [("`typing.assert_never`", 1)],
            id="imported-by-name",
        ),
        pytest.param(
            "import typing\n\ndef render(kind):\n    typing.assert_type(kind, int)\n"
            "    typing.assert_never(kind)\n",
            [("`typing.assert_type`", 4)],
            id="assert-type-returns-and-so-is-needed",
        ),
    ],
)
def test_assert_never_through_the_module_raises_on_any_python(
    source: str, needed: list[tuple[str, int]]
) -> None:
    """`typing.assert_never(x)` raises wherever it runs (AttributeError before 3.11): meltano's
    exhaustiveness branches under `>=3.10`. Imported by name, it fails the import."""
    needs = source_needs("pkg/cli/config.py", source)
    assert [(n.feature, n.span.line) for n in needs if n.minor > Minor(3, 10)] == needed


def test_a_unix_sockets_path_keyword_is_as_old_as_the_function() -> None:
    """vermin dates `path=` to 3.7, which let it be a path-like object; the keyword came with
    the functions (aioredis' `open_unix_connection(path=self.path)` under `>=3.6`)."""
    source = (
        "import asyncio\n\nasync def connect(path):\n"
        "    reader, writer = await asyncio.open_unix_connection(path=path)\n"
        "    loop = asyncio.get_event_loop()\n"
        "    await loop.create_unix_server(object, path=path)\n"
        "    return await asyncio.start_unix_server(object, path=path, ssl_handshake_timeout=1)\n"
    )
    needs = source_needs("pkg/connection.py", source)
    assert [(str(n.minor), n.feature) for n in needs if str(n.minor) == "3.7"] == [
        ("3.7", "`asyncio.start_unix_server(ssl_handshake_timeout=...)`")
    ]


def test_other_generics_subscripted_at_runtime_still_need_3_9() -> None:
    source = "from queue import Queue\n\nclass Jobs:\n    pending: Queue[int] = Queue()\n"
    needs = source_needs("pkg/module.py", source)
    assert [(str(n.minor), n.feature) for n in needs if "generic" in n.feature] == [
        ("3.9", "`Queue[int]` (a generic evaluated at runtime)")
    ]


def test_extraction_filters_backported_in_patch_releases_need_no_newer_minor() -> None:
    """PEP 706's `filter=` came to 3.8.17, 3.9.17, 3.10.12 and 3.11.4 (astroquery's
    `extractall(path=..., filter="fully_trusted")` under `>=3.10`)."""
    source = """\
    import shutil
    import tarfile

    def unpack(archive, location):
        tfile = tarfile.TarFile(archive)
        tfile.extractall(path=location, filter="fully_trusted")
        shutil.unpack_archive(archive, location, filter="data")
    """
    needs = source_needs("pkg/module.py", textwrap.dedent(source))
    assert {n.feature: n.minor for n in needs if "filter" in n.feature} == {
        "`tarfile.TarFile.extractall(filter=...)`": Minor(3, 8),
        "`shutil.unpack_archive(filter=...)`": Minor(3, 8),
    }
    assert features(source) == set()


def test_strict_address_parsing_backported_in_patch_releases_needs_no_newer_minor() -> None:
    """`strict=` of `email.utils.parseaddr` / `getaddresses` (CVE-2023-27043) came to 3.8.20,
    3.9.20, 3.10.15, 3.11.10 and 3.12.6: an app pinned to 3.11.11 that validates a group's
    contact address with it runs (vermin dates it 3.13)."""
    source = """    from email.utils import getaddresses, parseaddr

    def contact(value):
        name, address = parseaddr(value, strict=True)
        return address or getaddresses([value], strict=False)
    """
    needs = source_needs("app/forms.py", textwrap.dedent(source))
    assert {n.feature: n.minor for n in needs if "strict" in n.feature} == {
        "`email.utils.parseaddr(strict=...)`": Minor(3, 8),
        "`email.utils.getaddresses(strict=...)`": Minor(3, 8),
    }


def test_the_members_of_a_module_imported_with_a_fallback_are_guarded_too() -> None:
    """elasticsearch-py: `annotationlib` (3.14) imported in a `try:` whose `except
    ImportError:` binds None, then used where it is truthy, `Format.VALUE` included."""
    source = """\
    try:
        import annotationlib
    except ImportError:
        annotationlib = None

    def annotations_of(attrs, annotations):
        if not annotations and annotationlib:
            annotate = annotationlib.get_annotate_from_class_namespace(attrs)
            if annotate:
                annotations = annotationlib.call_annotate_function(
                    annotate, format=annotationlib.Format.VALUE
                )
        return annotations
    """
    assert features(source) == set()
    unguarded = source.replace(
        "try:\n        import annotationlib", "if True:\n        import annotationlib"
    )
    unguarded = unguarded.replace("except ImportError:\n        annotationlib = None\n", "")
    assert "annotationlib.Format" in features(unguarded)


def test_a_name_imported_from_a_backport_under_another_name_is_the_backports():
    """filelock's shape: the builtin on 3.11+, else the backport's class under an alias;
    the builtin used unguarded elsewhere is still a need."""
    guarded = textwrap.dedent(
        """\
        import sys


        def exception_group_cls():
            if sys.version_info >= (3, 11):
                return BaseExceptionGroup
            from exceptiongroup import (
                BaseExceptionGroup as _Backport,
            )

            return _Backport
        """
    )
    assert features(guarded) == set()
    unguarded = guarded + "\n\nERRORS = (BaseExceptionGroup,)\n"
    assert features(unguarded) == {"BaseExceptionGroup"}


def test_hci_socket_level_is_older_than_vermin_says() -> None:
    """vermin dates `socket.SOL_HCI` to 3.14 with the Bluetooth constants that came then; it
    came with `BTPROTO_HCI` and `HCI_FILTER` (an HCI socket class under `>=3.7`). A constant
    that did come in 3.14 is still one."""
    source = (
        "import socket\n\nclass HCISocket:\n    def __init__(self, iface=0):\n"
        "        s = socket.socket(socket.AF_BLUETOOTH, socket.SOCK_RAW, socket.BTPROTO_HCI)\n"
        "        s.setsockopt(socket.SOL_HCI, socket.HCI_DATA_DIR, 1)\n"
        "        s.setsockopt(socket.SOL_HCI, socket.HCI_FILTER, b'\\xff' * 16)\n"
        "        s.setsockopt(socket.SOL_BLUETOOTH, socket.BT_POWER, 1)\n"
    )
    needs = source_needs("pkg/layers/hci.py", source)
    assert sorted({(str(n.minor), n.feature) for n in needs}) == [
        ("3.14", "`socket.BT_POWER`"),
        ("3.14", "`socket.SOL_BLUETOOTH`"),
    ]


def test_a_module_attribute_the_code_sets_itself_needs_no_newer_python() -> None:
    """`sys.last_exc = None` before running a line and reading it after (an interactive
    runner under `>=3.7`): the module makes the attribute, whichever Python added it. One it
    only reads is still needed."""
    source = (
        "import sys\nimport traceback\n\ndef run(interp, cmd):\n"
        "    sys.last_exc = None  # 3.12+\n"
        "    sys.last_value = None\n"
        "    interp.runsource(cmd)\n"
        "    if sys.last_exc or sys.last_value:\n"
        "        traceback.print_last()\n"
        "    return sys.monitoring\n"
    )
    needs = source_needs("pkg/autorun.py", source)
    assert [(str(n.minor), n.feature) for n in needs] == [("3.12", "`sys.monitoring`")]


def test_a_module_attribute_read_to_wrap_it_is_still_needed() -> None:
    """sentry: `sys.unraisablehook = _wrap(sys.unraisablehook)` under `>=3.6` reads it
    first: 3.8 is needed, on that line and on a line before it."""
    source = (
        "import sys\n\ndef hooked():\n    return sys.unraisablehook\n\n"
        "def setup_once():\n    sys.unraisablehook = _wrap(sys.unraisablehook)\n\n"
        "def _wrap(hook):\n    return hook\n"
    )
    needs = source_needs("pkg/integrations/unraisablehook.py", source)
    assert [(n.span.line, str(n.minor)) for n in needs] == [(4, "3.8"), (7, "3.8"), (7, "3.8")]


def test_a_function_called_only_on_the_newer_branch_is_guarded() -> None:
    """backtrader: `version = (sys.version_info[0], sys.version_info[1])`, then
    `loadmodule2()` below 3.3 and `loadmodule3()` (`SourceFileLoader`) above, under a 3.2
    classifier; what `loadmodule3` alone calls is as guarded. A function the module calls
    unguarded, or never (another module's API), keeps its needs."""
    source = (
        "import sys\n\n"
        "def loadmodule(path, name):\n"
        "    version = (sys.version_info[0], sys.version_info[1])\n"
        "    if version < (3, 3):\n"
        "        return loadmodule2(path, name)\n"
        "    else:\n"
        "        return loadmodule3(path, name)\n\n"
        "def loadmodule2(path, name):\n"
        "    import imp\n"
        "    return imp.load_source(name, path)\n\n"
        "def loadmodule3(path, name):\n"
        "    return _loader(path, name).load_module()\n\n"
        "def _loader(path, name):\n"
        "    import importlib.machinery\n"
        "    return importlib.machinery.SourceFileLoader(name, path)\n\n"
        "def api(path):\n"
        "    import importlib.machinery\n"
        "    return importlib.machinery.SourceFileLoader('x', path)\n"
    )
    needs = source_needs("pkg/btrun.py", source)
    assert [(n.span.line, n.feature) for n in needs] == [
        (23, "`importlib.machinery.SourceFileLoader`")
    ]
    called_unguarded = source.replace(
        "def api(path):\n", "def api(path):\n    _loader(path, 'x')\n"
    )
    needs = source_needs("pkg/btrun.py", called_unguarded)
    assert {n.feature for n in needs} == {"`importlib.machinery.SourceFileLoader`"}
    assert len(needs) == 2


RANDOM_P = (
    "import random\nimport sys\n\n"
    "__all__ = ['random_p']\n\n"
    "def random_p(n, p=0.5):\n"
    "    if sys.version_info[:2] < (3, 12):\n"
    "        raise NotImplementedError('random_p() requires Python 3.12 or higher')\n"
    "    return _Random(n).random_p(p)\n\n"
    "def random_k(n, k):\n"
    "    return _Random(n).random_k(k)\n\n"
    "class _Random:\n"
    "    def __init__(self, n):\n"
    "        self.n = n\n\n"
    "    def random_k(self, k):\n"
    "        return random.sample(range(self.n), k)\n\n"
    "    def random_p(self, p):\n"
    "        if p > 0.5:\n"
    "            return self.random_p(1.0 - p)\n"
    "        return self.random_k(random.binomialvariate(self.n, p))\n"
)


@pytest.mark.parametrize(
    ("old", "new", "needed"),
    [
        pytest.param("", "", False, id="reached-only-past-the-raise"),
        pytest.param(
            "def random_k(n, k):\n",
            "def random_k(n, k):\n    _Random(n).random_p(0.1)\n",
            True,
            id="called-unguarded-too",
        ),
        pytest.param("class _Random:", "class Random:", True, id="a-public-class"),
        pytest.param(
            "def random_k(n, k):\n",
            "def random_k(n, k):\n    getattr(_Random(n), 'random_p')\n",
            True,
            id="named-in-a-string",
        ),
    ],
)
def test_a_private_method_reached_only_past_a_version_check_is_guarded(
    old: str, new: str, needed: bool
) -> None:
    """bitarray: `random_p()` raises below 3.12, then calls `_Random(n).random_p(p)`, which
    uses `random.binomialvariate` (3.12), under `python_requires >=3.7`. `__all__` naming the
    module's own `random_p` is no call of the method."""
    source = RANDOM_P.replace(old, new) if old else RANDOM_P
    needs = source_needs("bitarray/util.py", source)
    assert {n.feature for n in needs} == ({"`random.binomialvariate`"} if needed else set())


@pytest.mark.parametrize(
    "provider",
    [
        pytest.param("from pkg.__past__ import UnionType\n", id="from-the-projects-compat-module"),
        pytest.param(
            "try:\n    from types import UnionType\nexcept ImportError:\n    UnionType = None\n",
            id="from-a-fallback-of-its-own",
        ),
    ],
)
def test_an_imported_name_tested_against_none_guards_what_needs_it(provider: str) -> None:
    """Nuitka: `from nuitka.__past__ import UnionType` (None before 3.10), then `if UnionType
    is not None:` around `type(int | str)`, under a 3.4 classifier. `is None` guards the
    `else:`; a plain truth test of the name, or a test of a local variable, guards nothing."""
    source = provider + (
        "\n\ndef anonymous_types():\n"
        "    names = {}\n"
        "    if UnionType is not None:\n"
        "        names[UnionType.__name__] = type(int | str)\n"
        "    if None is UnionType:\n"
        "        return names\n"
        "    else:\n"
        "        names['alias'] = type(bytes | None)\n"
        "    found = names.get('x')\n"
        "    if found is not None:\n"
        "        found = type(str | None)\n"
        "    return names\n"
    )
    needs = source_needs("pkg/builtins.py", source)
    assert [n.feature for n in needs] == ["`str | None` (a union evaluated at runtime)"]


def test_an_encoding_of_none_is_no_encoding() -> None:
    """aws-elastic-beanstalk-cli: `codecs.open(path, "r", encoding=None)` made vermin 1.9.2
    call None's `lower()`, and the whole run stopped on an internal error."""
    source = (
        "import codecs\n\ndef read(path):\n"
        '    with codecs.open(path, "r", encoding=None, errors=None) as f:\n'
        "        return f.read()\n\n"
        'def text(path):\n    open(path, encoding=None).close()\n    return "#x".removeprefix("#")\n'
    )
    needs = source_needs("ebcli/lib/utils.py", source)
    assert [(n.span.line, n.feature) for n in needs] == [(9, "`str.removeprefix`")]


def test_a_newer_keyword_tried_in_a_probe_is_not_needed() -> None:
    """s3cmd: `md5(usedforsecurity=False)` (3.9) in a two-line `try:` whose handler catches
    everything and re-raises, under a 3.3 classifier; `except TypeError` probes as well.
    Inside a longer body, or a loop, such a handler is error handling: still needed."""
    source = (
        "import functools\nimport subprocess\nfrom hashlib import md5\n\n"
        "try:\n    md5()\nexcept ValueError as exc:\n"
        "    try:\n        md5(usedforsecurity=False)\n"
        "        md5 = functools.partial(md5, usedforsecurity=False)\n"
        "    except Exception:\n        raise exc\n\n"
        "def run(command):\n"
        "    try:\n        return subprocess.run(command, capture_output=True)\n"
        "    except TypeError:\n        return subprocess.run(command, stdout=subprocess.PIPE)\n\n"
        "def run_all(commands):\n"
        "    try:\n        for command in commands:\n"
        "            subprocess.run(command, capture_output=True)\n"
        "    except Exception:\n        pass\n"
    )
    needs = source_needs("S3/BaseUtils.py", source)
    assert [(n.span.line, n.feature) for n in needs if "=...)" in n.feature] == [
        (23, "`subprocess.run(capture_output=...)`")
    ]


def test_a_newer_function_tried_in_a_short_probe_with_a_fallback_is_not_needed() -> None:
    """clearml: `os.register_at_fork(...)` (3.7) in a two-statement `try:` whose handler
    catches every error and patches `os.fork` instead, under a 3.6 classifier; granian: an
    `assert` probe whose handler refuses with an error of its own. A handler that raises what
    it caught again or wraps it, one that refuses a call's failure, a longer body, and syntax
    (an f-string fails before anything runs) stay needed."""
    source = (
        "import os\nimport sys\n\n"
        "def patch(cls):\n"
        "    try:\n"
        "        os.register_at_fork(before=cls.before, after_in_child=cls.after)\n"
        "        cls.registered = True\n"
        "    except Exception:\n"
        "        cls.original = os.fork\n"
        "        os.fork = cls.patched\n\n"
        "def strict(cls):\n"
        "    try:\n"
        "        os.register_at_fork(before=cls.before)\n"
        "    except Exception as error:\n"
        "        logger.error('no fork hooks')\n"
        "        raise error\n\n"
        "def label(value):\n"
        "    try:\n"
        "        return f'{value=}'\n"
        "    except Exception:\n"
        "        return str(value)\n\n"
        "def check_gil():\n"
        "    try:\n"
        "        assert sys._is_gil_enabled() is False\n"
        "    except Exception:\n"
        "        logger.error('Cannot run a free-threaded build with the GIL enabled')\n"
        "        raise FatalError('gil')\n\n"
        "def bare(cls):\n"
        "    try:\n"
        "        os.register_at_fork(before=cls.before)\n"
        "    except BaseException:\n"
        "        raise\n\n"
        "def refused(cls):\n"
        "    try:\n"
        "        os.register_at_fork(before=cls.before)\n"
        "    except Exception:\n"
        "        raise RuntimeError('no fork hooks')\n\n"
        "def wrapped():\n"
        "    try:\n"
        "        assert sys._is_gil_enabled() is False\n"
        "    except Exception as error:\n"
        "        raise FatalError('gil') from error\n"
    )
    needs = source_needs("clearml/binding/environ_bind.py", source)
    assert (6, "`os.register_at_fork`") not in {(n.span.line, n.feature) for n in needs}
    assert (14, "`os.register_at_fork`") in {(n.span.line, n.feature) for n in needs}
    assert {n.span.line for n in needs} == {14, 21, 34, 40, 46}


def test_the_int_digits_limit_came_to_older_minors_in_security_releases() -> None:
    """CVE-2020-10735 brought `sys.set_int_max_str_digits` to 3.7.14, 3.8.14, 3.9.14 and
    3.10.7 (vermin dates it to 3.11): mpmath's `__main__` under `>=3.10` needs a patch
    release, not 3.11; a floor of 3.6 still lacks it."""
    source = (
        "import sys\n\ndef main(args):\n    if not args.int_limits:\n"
        "        sys.set_int_max_str_digits(0)\n"
        "    return sys.get_int_max_str_digits(), sys.flags.int_max_str_digits\n"
    )
    needs = source_needs("mpmath/__main__.py", source)
    assert {(str(n.minor), n.feature) for n in needs} == {
        ("3.7", "`sys.set_int_max_str_digits`"),
        ("3.7", "`sys.get_int_max_str_digits`"),
        ("3.7", "`sys.flags.int_max_str_digits`"),
    }


def parenthesized_with(source: str) -> list[tuple[int, Minor]]:
    needs = source_needs("pkg/infer.py", textwrap.dedent(source))
    return [
        (n.span.line, n.minor) for n in needs if n.feature == "a parenthesized `with` statement"
    ]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            """\
            import contextlib

            def loss(model, particles):
                with (
                    plate(size=particles)
                    if particles > 1
                    else contextlib.ExitStack()
                ), enum(first_available_dim=-1):  # the first item, parenthesized
                    return model()
            """,
            id="first-item-an-expression-in-parentheses",
        ),
        pytest.param(
            """\
            def copy():
                with (open("a")) as src, open("b", "w") as dst:
                    dst.write(src.read())
            """,
            id="first-item-in-parentheses-then-as",
        ),
    ],
)
def test_parentheses_around_the_first_with_item_alone_are_any_pythons(source: str) -> None:
    assert parenthesized_with(source) == []


@pytest.mark.parametrize(
    ("source", "line"),
    [
        pytest.param(
            """\
            def copy():
                with (
                    open("a") as src,
                    open("b", "w") as dst,  # (a comment)
                ):
                    dst.write(src.read())
            """,
            2,
            id="items-on-their-own-lines",
        ),
        pytest.param(
            'with (open("a") as src, lock((1, 2))): pass\n', 1, id="one-line-nested-parentheses"
        ),
    ],
)
def test_parentheses_around_every_with_item_need_39(source: str, line: int) -> None:
    assert parenthesized_with(source) == [(line, Minor(3, 9))]


def test_an_alias_of_a_module_that_shares_its_name_with_an_imported_class() -> None:
    """A Home Assistant integration imports `time` from datetime and the `time` module as
    `time_time`; vermin resolves `time_time.strptime` through both and reads the 3.14
    `datetime.time.strptime`. The module's `strptime` needs nothing; `time.strptime` (the
    class's) on the same line still does."""
    source = (
        "from datetime import time\nimport time as time_time\n\n"
        "def restore(state):\n"
        "    return time_time.strptime(state, '%H:%M:%S')\n\n"
        "def parse(state):\n"
        "    return time.strptime(state, '%H:%M:%S'), time_time.strptime(state, '%H')\n\n"
        "parsed = [\ntime.strptime('01:02:03', '%H:%M:%S'), time_time.strptime('1', '%H')]\n"
    )
    needs = source_needs("custom_components/energy/target_time.py", source)
    assert {(n.span.line, n.feature) for n in needs} == {
        (8, "`datetime.time.strptime`"),
        (11, "`datetime.time.strptime`"),  # spelled at the start of the line
    }
