"""vermin's visitor made linear (`linear_vermin`): what it finds is what vermin's own finds.

The oracle is vermin's own `SourceVisitor`, run with pyparity's configuration on the same
source: real modules of the running interpreter's standard library and small sources of the
shapes the linear visitor changes (scopes, module attributes, keyword arguments).
"""

from __future__ import annotations

import ast
import itertools
import sysconfig
from pathlib import Path

import pytest
import vermin

from pyparity.code.linear_vermin import _ScopedNames, _SeenList, visitor_class
from pyparity.code.needs import Need
from pyparity.code.scan import _possible, _vermin
from pyparity.model import Minor, Span

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def seen_by(visitor_type: type, source: str) -> dict[str, object]:
    checker = _vermin(())
    checker.capture.records.clear()
    visitor = visitor_type(config=checker.config, path="module.py", source=source)
    visitor.set_no_lines(set())
    visitor.tour(ast.parse(source))
    minimum = visitor.minimum_versions()
    return {
        "minimum": minimum,
        # what is reported; where is not compared: vermin reports every use of a feature
        # at its last (`_EachPlace`)
        "reported": sorted({repr(record[2:]) for record in checker.capture.records}),
        "modules": sorted(set(visitor.modules())),
        "members": sorted(set(visitor.members())),
        "kwargs": sorted(set(visitor.kwargs())),
        "defined": sorted(visitor.user_defined()),
        "with-parentheses": visitor.with_parentheses(),
    }


def stdlib_modules() -> list[Path]:
    modules = sorted(STDLIB.glob("*.py"))
    return modules[::6]


SHAPES = {
    "module-attributes": "import os\nimport os.path\nx = os.path.join(os.sep, os.getcwd())\n"
    "y = os.cpu_count() or os.process_cpu_count()\n",
    "imported-and-from-imported": "import datetime\nfrom datetime import datetime\n"
    "now = datetime.now(datetime.UTC)\nutc = datetime.UTC\n",
    "one-module-only": "from datetime import datetime\nstamp = datetime.fromisoformat('x')\n",
    "aliases": "import itertools as it\nimport typing as t\nb = it.batched([1], 2)\nS = t.Self\n",
    "scopes": "import math\n"
    "def f(math):\n    return math.lcm(1, 2)\n"
    "g = [math.lcm(a, b) for a, b in [(1, 2)]]\n"
    "h = lambda math: math.isqrt(4)\n"
    "class C:\n    math = None\n    def m(self):\n        return math.dist((0,), (1,))\n"
    "try:\n    pass\nexcept Exception as math:\n    pass\n"
    "k = {math: 1 for math in range(3)}\nz = math.prod([1, 2])\n",
    "user-defined-shadows": "import functools\ndef cache(f):\n    return f\n"
    "functools = None\nx = functools.cache\n",
    "keyword-arguments": "import subprocess, json, zipfile\n"
    "subprocess.run(['x'], capture_output=True, text=True)\n"
    "json.dumps({}, indent=2)\nzipfile.ZipFile('a', strict_timestamps=False)\n"
    "subprocess.run(['y'], capture_output=True)\n",
    # (far down a file: vermin read `lineno + 10` lines from each such `with`)
    "with-parentheses": "\n" * 40 + "with (open('a') as a, open('b') as b):\n    pass\n"
    "with (\n    x if c else y\n), z():\n    pass\nwith open('c'), (open('d')):\n    pass\n",
    "decorators-and-comprehensions": "import functools, typing\n"
    "@functools.cache\ndef a():\n    return {n for n in typing.get_args(int)}\n"
    "@functools.cached_property\ndef b(self):\n    return (n for n in range(2))\n",
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_linear_visitor_finds_what_vermins_finds(shape):
    source = SHAPES[shape]
    linear = visitor_class(vermin)
    assert linear is not vermin.SourceVisitor
    assert seen_by(linear, source) == seen_by(vermin.SourceVisitor, source)


@pytest.mark.parametrize("path", stdlib_modules(), ids=lambda path: path.name)
def test_the_linear_visitor_finds_what_vermins_finds_in_the_standard_library(path):
    source = path.read_text(encoding="utf-8")
    assert seen_by(visitor_class(vermin), source) == seen_by(vermin.SourceVisitor, source)


def test_each_use_of_a_feature_is_reported_where_it_is():
    """vermin reports both uses of `sys.unraisablehook` on line 7 (and notes the first use
    twice); here on lines 4 and 7, the module's import on its own line."""
    source = (
        "import sys\n\ndef hooked():\n    return sys.unraisablehook\n\n"
        "def setup_once():\n    return sys.unraisablehook\n"
    )
    checker = _vermin(())
    checker.capture.records.clear()
    visitor = visitor_class(vermin)(config=checker.config, path="module.py", source=source)
    visitor.set_no_lines(set())
    visitor.tour(ast.parse(source))
    visitor.minimum_versions()
    lines = sorted(
        line for line, _, _, message in checker.capture.records if "unraisable" in message
    )
    assert lines == [4, 7]


def test_a_copy_put_back_forgets_the_names_added_after_it():
    names = _ScopedNames.holding({"top"})
    outer = names.copy()
    names.add("function")
    names.add("top")  # there before the copy: stays
    inner = names.copy()
    names.add("local")
    assert {"top", "function", "local"} <= set(names)
    current = inner  # leaving the inner scope
    assert "local" not in current
    assert set(current) == {"top", "function"}
    current.add("after")
    current = outer  # leaving the outer scope
    assert sorted(current) == ["top"]
    assert len(current) == 1


def test_a_seen_list_answers_in_from_its_items_and_walks_two_for_a_head():
    seen = _SeenList()
    for item in ("os", "sys", "json"):
        seen.append(item)
    assert "sys" in seen
    assert "re" not in seen
    seen.head = "sys"
    assert list(seen) == ["sys", "os"]
    seen.head = "re"
    assert list(seen) == ["os"]
    assert list(seen) == ["os", "sys", "json"]  # the head serves one walk
    seen.keep_only(["json"])
    assert "os" not in seen
    assert list(seen) == ["json"]


def brute_force(needs: list[Need], branches: list[tuple[int, int, Minor]]) -> list[Need]:
    return [
        need
        for need in needs
        if not any(
            first <= need.span.line <= last and need.minor >= cap for first, last, cap in branches
        )
    ]


def test_needs_in_older_only_branches_are_found_in_one_pass():
    minors = [Minor(3, minor) for minor in (9, 10, 11, 12)]
    needs = [
        Need(minor=minor, feature=f"f{line}", file="m.py", span=Span(line, 1, line, 2))
        for line, minor in zip(range(1, 40), itertools.cycle(minors), strict=False)
    ]
    shapes = [
        [],
        [(5, 9, Minor(3, 11))],
        [(1, 39, Minor(3, 12)), (10, 12, Minor(3, 10))],  # nested, the inner lower
        [(3, 20, Minor(3, 10)), (15, 30, Minor(3, 12)), (30, 31, Minor(3, 9))],  # overlapping
        [(i, i + 3, minors[i % 4]) for i in range(1, 36, 2)],
    ]
    for branches in shapes:
        assert _possible(needs, branches) == brute_force(needs, branches), branches
        assert _possible(needs[::-1], branches) == brute_force(needs[::-1], branches)
