"""No regular expression of pyparity can backtrack super-linearly on repository text.

Every pattern compiled anywhere in `src/pyparity` is found (`regex_shapes.collect`) and its
position automaton is checked for the shapes that make a backtracking engine exponential or
polynomial, under the way the code applies it (`search`, `match`, `fullmatch`). A pattern the
analyser flags is rewritten (possessive quantifiers, a character class that excludes what
follows, or code), or listed below with the reason it is linear anyway; `bench/hostile.py
--only regex` then times each one on attack strings made from the pattern itself."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from adversarial.regex_shapes import Site, analyse, collect, runtime_patterns

import pyparity
from pyparity.lazy_re import LazyPattern

PACKAGE = Path(pyparity.__file__).resolve().parent

# Patterns the analyser flags that are linear for a reason it cannot see. One line each.
ALLOWED = {
    "pyparity.sources.github_actions.expression._EXPRESSION": (
        "a match starts only at `${{`, which its body cannot hold (`\\$(?!\\{\\{)`, a lookahead "
        "the analyser takes as passing): no character is read from two starts"
    ),
    "pyparity.sources.github_actions.matrix.EXPRESSION": "the same pattern as expression._EXPRESSION",
    "pyparity.sources.github_actions.run_steps._UV_PYTHON": (
        "its `${{ }}` branch is expression._EXPRESSION's, after `--python`/`-p` (see there)"
    ),
    "pyparity.sources.github_actions.run_steps._UV_POSITIONAL": (
        "its `${{ }}` branch is expression._EXPRESSION's, after a blank (see there)"
    ),
    "pyparity.sources.github_actions.pixi_steps._ENVIRONMENT_OPTION": (
        "its `${{ }}` branch is expression._EXPRESSION's, after `-e`/`--environment` (see there)"
    ),
    "pyparity.sources.github_actions.run_steps._CONDA_PYTHON": (
        "its `${{ }}` branch is expression._EXPRESSION's, after `python=` (see there)"
    ),
    "pyparity.sources.github_actions.containers._STRING_LITERAL": (
        "the next lone quote after an opening one closes it (a match): only a last, unclosed "
        "quote fails, once; the analyser does not see that an earlier start succeeds"
    ),
    "pyparity.sources.github_actions.values._OR_TOKEN": (
        "a string literal as _STRING_LITERAL, or one token of `|` or not-`|`: every start matches"
    ),
    "pyparity.sources.dockerfile._PYTHON_PATH": (
        "a match starts at the text's start or a `/`, and `[^/]*` cannot leave the folder "
        "name, after which `(?:/|$)` always matches: each name is read from its own start"
    ),
    "pyparity.sources.dockerfile._PYTHON_DEST": "the same folder-name branch as _PYTHON_PATH",
    "pyparity.purpose._TEST_COMMANDS": (
        "every branch starts at a literal word (`make`, `python`, `pytest`, ...), and the "
        "`make` branch's blank after it can only be read from that word: each start reads "
        "its own command's words once (growth checked: `make `*n, `make -a `*n, linear)"
    ),
    "pyparity.purpose._TOOLING_COMMANDS": (
        "as _TEST_COMMANDS: its `make` branch (options, variables and `${{ }}` of at most 80 "
        "characters before `html`/`docs`) reads only from the word `make` (growth checked: "
        "`make `*n, `make -a `*n, `make a=b `*n, unclosed `make ${{ x `*n, linear)"
    ),
    "pyparity.gh.audit_issue._HOW_TO_FIX": (
        "applied to pyparity's own rule documentation, never to repository text (and DOTALL "
        "`.*?` before `\\Z` always matches from the first start)"
    ),
}
# Patterns built at run time, which no literal shows. One line each.
DYNAMIC = {
    "pyparity.discover._union()": (
        "the configuration's exclude/include globs through fnmatch.translate, whose `*` is an "
        "emulated atomic group; `bench/hostile.py --only config` grows hostile globs"
    ),
    "pyparity.lazy_re._compile()": (
        "the text and flags a `lazy_re.compile` call was given: each collected at that call"
    ),
}

SITES, STRAY = collect(PACKAGE)
SEEN = [site for site in SITES if site.pattern is not None]


def test_every_pattern_is_found() -> None:
    # Every compiled pattern a module holds comes from a call the collector saw, and the
    # collector saw a good number of them (a broken walk would find none).
    assert STRAY == []
    assert len(SEEN) > 100


def test_patterns_compiled_on_first_use_are_found() -> None:
    # The module-level patterns are lazy_re's: the collector reads their calls (a collector
    # that stopped would see few sites), and the patterns modules hold at run time, lazy ones
    # included, are all accounted for (test_every_pattern_is_found's STRAY).
    lazy = [site for site in SEEN if site.lazy]
    assert len(lazy) > 100
    held = [
        value
        for module in {site.module for site in SITES}
        for item in vars(sys.modules[module]).values()
        for value in runtime_patterns(item, module)
        if isinstance(value, LazyPattern)
    ]
    assert len(held) > 100
    assert {(p.pattern, p.flags) for p in held} <= {(s.pattern, s.flags) for s in lazy}


def test_every_unseen_pattern_is_listed() -> None:
    unseen = {site.key for site in SITES if site.pattern is None}
    assert unseen == set(DYNAMIC), "list a pattern built at run time in DYNAMIC, with why"


def test_no_module_imports_re_under_another_name() -> None:
    # The collector reads `re.compile(...)`; `from re import compile` or `import re as r`
    # would hide a pattern from it.
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*+(?:from re import|import re as)\b", text, re.M), path
        assert not re.search(r"\blazy_re(?: as|\.compile as| import)\b", text), path


def test_allowlist_is_current() -> None:
    flagged = {site.key for site in SEEN if analyse(site.pattern or "", site.flags, site.modes)}
    assert set(ALLOWED) <= flagged, "an allowed pattern is no longer flagged: drop it"


@pytest.mark.parametrize("site", SEEN, ids=lambda site: site.key)
def test_pattern_is_linear(site: Site) -> None:
    assert site.pattern is not None
    findings = analyse(site.pattern, site.flags, site.modes)
    if site.key in ALLOWED:
        return
    assert not findings, f"{site.where} {site.pattern!r}: " + "; ".join(map(str, findings))


# The analyser itself: what it must catch (each one a pattern that really was slow, or a
# textbook shape) and what it must let through.
CAUGHT = [
    pytest.param(r"(a+)+$", 0, "match", "exponential", id="nested-repeat"),
    pytest.param(r"(a|a)*c", 0, "match", "exponential", id="same-branches-under-repeat"),
    pytest.param(r"(a|ab|b)*$", 0, "match", "exponential", id="overlapping-branches"),
    pytest.param(r"(?:a*)*b", 0, "match", "exponential", id="star-of-star"),
    pytest.param(
        r"(?:-m\s+venv|\bvirtualenv|\buv\s+venv)(?:\s+-{1,2}[\w-]+(?:=\S+)?)*"
        r"\s+(?P<dir>[^\s'\"-][^\s'\"]*)",
        0,
        "search",
        "exponential",
        id="dockerfile-venv-options-issue-13",
    ),
    pytest.param(r"(\s+-{1,2}[\w-]+)*$", 0, "match", "exponential", id="venv-options-short"),
    pytest.param(r"\s*(.*?)\s*$", 0, "match", "polynomial", id="strip-cubic"),
    pytest.param(
        r"^(?:[\w.-]+(?:/[\w.-]+)*::)?python(?![\w.-])\s*(?P<spec>.*?)\s*$",
        re.IGNORECASE,
        "match",
        "polynomial",
        id="conda-spec-issue-13",
    ),
    pytest.param(
        r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s*(?P<value>.*)$",
        0,
        "match",
        "polynomial",
        id="ini-key-issue-13",
    ),
    pytest.param(
        r"^\s*type\s+\w+\s*(\[.*\])?\s*=", 0, "match", "polynomial", id="optional-between"
    ),
    pytest.param(r"[^\s]*[:/@][^\s]*$", 0, "match", "polynomial", id="two-runs-one-separator"),
    pytest.param(r"[0-9]+\.?[0-9]*x", 0, "match", "polynomial", id="optional-dot-between-digits"),
    pytest.param(r"a*+b", 0, "search", "polynomial", id="possessive-still-rescanned"),
    pytest.param(r"\s+x", 0, "search", "polynomial", id="search-rescans-a-run"),
    pytest.param(r"(\s+--?\w+)*$", 0, "search", "polynomial", id="empty-match-at-end-late"),
    pytest.param(r"(?=a*b)", 0, "match", "polynomial", id="repeat-in-lookahead"),
    pytest.param(r"\s*+(.*?)\s*+$", 0, "match", "polynomial", id="possessive-is-not-enough"),
    pytest.param(r"(?:a+)*b", 0, "match", "exponential", id="plus-under-star"),
]
PASSED = [
    pytest.param(r"\d+(?:\.\d+)*", 0, "fullmatch", id="dotted-numbers"),
    pytest.param(r"[^\s,]+", 0, "search", id="run-that-always-matches"),
    pytest.param(r"^a*b", 0, "search", id="anchored-search"),
    pytest.param(r"(?m)^[ \t]*#", 0, "search", id="line-anchored-search"),
    pytest.param(r"(\s+--?\w+)*", 0, "fullmatch", id="unambiguous-options"),
    pytest.param(r"[^\]]++\]\s*+", 0, "match", id="possessive-class"),
    pytest.param(r"(?:a|b)*c", 0, "fullmatch", id="disjoint-branches"),
    pytest.param(r"\d{1,2}\.\d{1,2}", 0, "search", id="bounded-repeats"),
]


@pytest.mark.parametrize(("pattern", "flags", "mode", "kind"), CAUGHT)
def test_analyser_catches(pattern: str, flags: int, mode: str, kind: str) -> None:
    findings = analyse(pattern, flags, {mode})
    assert findings, pattern
    assert kind in {finding.kind for finding in findings}


@pytest.mark.parametrize(("pattern", "flags", "mode"), PASSED)
def test_analyser_passes(pattern: str, flags: int, mode: str) -> None:
    assert analyse(pattern, flags, {mode}) == []


def test_collector_sees_literals_and_flags_unseen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "regexpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(
        "import re\n"
        "PART = 'b+'\n"
        "_A = re.compile(r'(a+)+$')\n"
        "_B = re.compile(f'x{PART}y', re.I)\n"
        "_C = re.compile('c' + 'd')\n"
        "from pyparity import lazy_re\n"
        "_D = lazy_re.compile(r'(d+)+$', re.M)\n"
        "_E = (lazy_re.compile('e+'),)\n"
        "def f(text, word):\n"
        "    return re.search(r'\\s*(.*?)\\s*$', text) or re.match(word + '+', text)\n"
        "def g(text):\n"
        "    return _A.fullmatch(text) or _C.search(text) or _D.match(text)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    sites, stray = collect(package)
    found = {site.key: site for site in sites}
    assert found["regexpkg.mod._A"].pattern == "(a+)+$"
    assert found["regexpkg.mod._A"].modes == {"fullmatch"}
    assert found["regexpkg.mod._B"].pattern == "xb+y"  # read from the module's object
    assert found["regexpkg.mod._B"].flags & re.IGNORECASE
    assert found["regexpkg.mod._C"].pattern == "cd"
    assert found["regexpkg.mod._C"].modes == {"search"}
    assert found["regexpkg.mod._D"].pattern == "(d+)+$"
    assert found["regexpkg.mod._D"].flags == re.M
    assert found["regexpkg.mod._D"].modes == {"match"}
    assert found["regexpkg.mod._D"].lazy
    assert not found["regexpkg.mod._C"].lazy
    assert found["regexpkg.mod._E"].pattern == "e+"
    assert found["regexpkg.mod._E"].lazy
    by_pattern = {site.pattern for site in sites if site.key == "regexpkg.mod.f()"}
    assert by_pattern == {r"\s*(.*?)\s*$", None}  # the built one is unseen: a human lists it
    assert stray == []
    assert analyse("(a+)+$", 0, {"fullmatch"})
