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


def _compiled_by(module: str, pattern: str) -> object:
    """What `re.compile(pattern)` gives when called from a module named `module`."""
    namespace: dict[str, object] = {"__name__": module, "re": re}
    exec(f"made = re.compile({pattern!r})", namespace)
    return namespace["made"]


def test_a_package_imported_deferred_gets_lazy_patterns_and_nobody_else_does():
    real = re.compile
    with lazy_re.deferred_in("somepackage"):
        ours = _compiled_by("somepackage.reader", r"[^\x09\x0A\x0D\x20-\x7E]-deferred-probe")
        top = _compiled_by("somepackage", r"top-deferred-probe")
        other = _compiled_by("somepackage_other", r"other-deferred-probe")
        assert isinstance(_compiled_by("somepackage.reader", "(?i)x"), lazy_re.LazyPattern)
        assert isinstance(re.compile(b"bytes"), re.Pattern)  # called from here: the real one
    assert re.compile is real
    assert isinstance(ours, lazy_re.LazyPattern)
    assert isinstance(top, lazy_re.LazyPattern)
    assert isinstance(other, re.Pattern)
    assert not [
        key for key in re._cache if "deferred-probe" in str(key) and "other" not in str(key)
    ]
    assert ours.search("ok\x07-deferred-probe") is not None  # type: ignore[attr-defined]


def test_the_real_compile_comes_back_after_an_error():
    real = re.compile
    with pytest.raises(ImportError), lazy_re.deferred_in("nothing_of_the_kind"):
        import nothing_of_the_kind  # type: ignore[import-not-found]  # noqa: F401
    assert re.compile is real


def test_pyyaml_is_imported_without_compiling_its_unused_patterns():
    # A fresh interpreter: importing our YAML reader compiles none of PyYAML's patterns, YAML
    # 1.1 scalars still resolve, and the pure-Python reader still refuses a control character.
    import subprocess
    import sys

    probe = """
import re
from pyparity.parsers import yaml_nodes
import yaml, yaml.reader
assert not [key for key in re._cache if str(key[1]).startswith("[^\\t\\n")], list(re._cache)
assert type(yaml.reader.Reader.NON_PRINTABLE).__name__ == "_Unfilled"
assert re.compile.__module__ == "re"
assert yaml.safe_load("a: [1, 2.5, yes, ~]") == {"a": [1, 2.5, True, None]}
try:
    yaml.load("x: \\x07", Loader=yaml.SafeLoader)
except yaml.reader.ReaderError:
    print("refused")
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "refused\n", done.stderr


def test_pending_patterns_are_compiled_while_there_is_time():
    re.purge()
    namespace: dict[str, object] = {
        "first": lazy_re.compile(r"pending-one-\d"),
        "second": lazy_re.compile(r"pending-two-\d"),
        "other": "not a pattern",
    }
    asked = []

    def one_more() -> bool:
        asked.append(True)
        return len(asked) < 2

    assert not lazy_re.compile_pending(namespace, one_more)  # time for one only
    compiled = [key for key in re._cache if "pending-" in str(key)]
    assert len(compiled) == 1
    assert lazy_re.compile_pending(namespace, lambda: True)
    assert len([key for key in re._cache if "pending-" in str(key)]) == 2
    assert namespace["second"].search("x pending-two-7")  # type: ignore[attr-defined]
    assert lazy_re.compile_pending(namespace, lambda: False)  # nothing left: no time needed
