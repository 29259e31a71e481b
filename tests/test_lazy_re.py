"""lazy_re: a pattern compiled on its first use, then applied as the compiled pattern is."""

from __future__ import annotations

import re

import pytest

from pyparity import lazy_re


def test_nothing_is_compiled_before_the_first_use():
    re.purge()
    pattern = lazy_re.compile(r"(?P<minor>\d+)-lazy-probe", re.IGNORECASE)
    assert (pattern.pattern, pattern.flags) == (r"(?P<minor>\d+)-lazy-probe", re.IGNORECASE)
    assert not [key for key in re._cache if "lazy-probe" in str(key)]
    assert pattern.search("x 12-LAZY-probe")["minor"] == "12"
    assert [key for key in re._cache if "lazy-probe" in str(key)]


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("match", ("a1b22",)),
        ("search", ("xx b22",)),
        ("fullmatch", ("b22",)),
        ("findall", ("a1 b22 c333",)),
        ("split", ("a1 b22 c333",)),
        ("sub", ("<\\1>", "a1 b22")),
        ("subn", (lambda m: m[0].upper(), "a1 b22")),
        ("search", ("xx b22", 3)),
        ("match", ("a1b22", 2, 4)),
    ],
)
def test_every_method_is_the_compiled_patterns(method, args):
    lazy = lazy_re.compile(r"([a-z])\d+")
    compiled = re.compile(r"([a-z])\d+")
    first = getattr(lazy, method)(*args)
    again = getattr(lazy, method)(*args)
    expected = getattr(compiled, method)(*args)
    if isinstance(expected, re.Match):
        assert (first.span(), first.groups()) == (expected.span(), expected.groups())
        assert again.span() == expected.span()
    else:
        assert first == again == expected


def test_finditer_is_the_compiled_patterns():
    lazy = lazy_re.compile(r"\d+")
    assert [m.span() for m in lazy.finditer("1 22 333")] == [(0, 1), (2, 4), (5, 8)]


def test_after_the_first_use_the_methods_are_the_compiled_patterns_own():
    lazy = lazy_re.compile(r"b+")
    assert lazy.match("a") is None
    for name in ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
        method = getattr(lazy, name)
        assert method.__self__ is lazy.compiled
        assert method.__name__ == name
    assert type(lazy) is lazy_re.LazyPattern  # no __getattr__ left on the way


def test_compiled_is_a_real_pattern_made_once():
    lazy = lazy_re.compile(r"x(?P<y>y)", re.M)
    compiled = lazy.compiled
    assert isinstance(compiled, re.Pattern)
    assert compiled.groupindex == {"y": 1}
    assert compiled.flags & re.M
    assert lazy.compiled is compiled
    assert lazy.search("xy").re is compiled


def test_an_unknown_attribute_is_an_error_and_compiles_nothing():
    lazy = lazy_re.compile(r"never-compiled-probe")
    with pytest.raises(AttributeError):
        lazy.serch  # noqa: B018
    assert lazy._compiled is None
    assert type(lazy) is not lazy_re.LazyPattern


def test_a_bad_pattern_fails_on_first_use_as_re_does():
    lazy = lazy_re.compile(r"(unclosed")
    with pytest.raises(re.error):
        lazy.search("x")
    with pytest.raises(re.error):
        lazy.search("x")


def test_repr_names_the_pattern():
    assert repr(lazy_re.compile("a+", re.I)) == "lazy_re.compile('a+', re.IGNORECASE)"
