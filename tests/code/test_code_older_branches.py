"""A branch that runs only on an older Python cannot use the stdlib of a newer one: what it
uses under a newer feature's name is a backport or the project's own, not a need."""

from __future__ import annotations

from textwrap import dedent

import pytest

from pyparity.code.scan import source_needs


def needed(source: str) -> list[tuple[int, str]]:
    """Needs above 3.5 (`import typing` is 3.5's)."""
    needs = source_needs("m.py", dedent(source))
    return [(n.span.line, str(n.minor)) for n in needs if n.minor > (3, 5)]


def test_the_last_else_of_a_version_chain_imports_a_backport() -> None:
    # Modelled on a logging library that still supports 3.5.0: below 3.5.3 the name comes
    # from the PyPI backport that shares the stdlib module's name.
    source = """\
        import sys

        def load():
            if sys.version_info >= (3, 7):
                from contextvars import ContextVar
            elif sys.version_info >= (3, 5, 3):
                from aiocontextvars import ContextVar
            else:
                from contextvars import ContextVar
            return ContextVar
        """
    assert needed(source) == []


def test_a_module_flag_guards_its_else_branch() -> None:
    # A compatibility module calls its own `has_default` where the stdlib has none.
    source = """\
        import sys
        import typing

        _PEP_696 = sys.version_info >= (3, 13, 0, "beta")

        if _PEP_696:
            TypeVar = typing.TypeVar
        else:
            def prepare(typevar: typing.TypeVar) -> bool:
                return typevar.has_default()
        """
    assert needed(source) == []


@pytest.mark.parametrize(
    "test",
    [
        "sys.version_info < (3, 11)",
        "not sys.version_info >= (3, 11)",
        "sys.hexversion < 0x30B00F0",
        "sys.version_info.minor < 11",
        "(3, 11) > sys.version_info",
    ],
)
def test_spellings_of_an_older_only_body(test: str) -> None:
    source = f"""\
        import sys
        if {test}:
            from datetime import UTC
        """
    assert needed(source) == []


def test_a_feature_older_than_the_branch_bound_is_still_needed() -> None:
    # Below 3.12 the branch still runs on 3.11, where `datetime.UTC` is the stdlib's: with
    # a floor of 3.9 it is a real need.
    source = """\
        import sys
        if sys.version_info >= (3, 12):
            from itertools import batched
        else:
            from datetime import UTC
        """
    assert needed(source) == [(5, "3.11")]


def test_a_micro_bound_keeps_its_own_minor() -> None:
    # `< (3, 11, 2)` runs on 3.11.0 and 3.11.1: 3.11's stdlib is there.
    source = """\
        import sys
        if sys.version_info < (3, 11, 2):
            from datetime import UTC
        """
    assert needed(source) == [(3, "3.11")]


def test_code_after_the_branch_is_judged_as_usual() -> None:
    source = """\
        import sys
        if sys.version_info < (3, 11):
            pass
        from datetime import UTC
        """
    assert needed(source) == [(4, "3.11")]
