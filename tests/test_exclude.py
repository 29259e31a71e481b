"""`exclude` and `include` patterns: fnmatch globs, or a folder the path is in, compiled once
however many there are."""

from __future__ import annotations

import fnmatch
import itertools

import pytest

from pyparity.discover import excluded

PATTERNS = (
    "docs",
    "examples/",
    "tests/fixtures",
    "*.md",
    "src/*/legacy/*.py",
    "tools/gen_?.py",
    "[ab]*/x.py",
    "deep/a/",
    "exact/file.txt",
    "*/vendor/*",
    "weird[",
)
PATHS = (
    "docs",
    "docs/index.rst",
    "docsx/a.py",
    "examples/app/pyproject.toml",
    "examples",
    "tests/fixtures/repo/Dockerfile",
    "tests/fixtures",
    "tests/fixturesx/a",
    "README.md",
    "pkg/README.md",
    "src/app/legacy/old.py",
    "src/app/legacy/sub/old.py",
    "src/app/new/old.py",
    "tools/gen_1.py",
    "tools/gen_10.py",
    "a1/x.py",
    "b/x.py",
    "c/x.py",
    "deep/a/b/c.py",
    "deep/ab/c.py",
    "exact/file.txt",
    "exact/file.txt.bak",
    "lib/vendor/x.py",
    "vendor/x.py",
    "weird[",
    "weird[/a",
)


def reference(path: str, patterns: tuple[str, ...]) -> bool:
    """The rule as written: fnmatch, or the path under a pattern taken as a folder."""
    return any(
        fnmatch.fnmatchcase(path, pattern) or path.startswith(pattern.rstrip("/") + "/")
        for pattern in patterns
    )


@pytest.mark.parametrize("path", PATHS)
def test_same_answer_as_each_pattern_alone(path: str) -> None:
    assert excluded(path, PATTERNS) == reference(path, PATTERNS)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_same_answer_for_any_subset_of_patterns(size: int) -> None:
    for subset in itertools.combinations(PATTERNS, size):
        for path in PATHS:
            assert excluded(path, subset) == reference(path, subset), (path, subset)


def test_a_list_of_patterns_works_too() -> None:
    assert excluded("docs/a.md", ["docs"])
    assert not excluded("src/a.py", iter(["docs"]))


@pytest.mark.timeout(10)
def test_fifty_thousand_patterns_cost_each_path_a_few_lookups() -> None:
    patterns = tuple(f"d{i}/" for i in range(25_000)) + tuple(f"g{i}/*.py" for i in range(25_000))
    paths = [f"d{i}/sub/file.py" for i in range(0, 50_000, 2)]
    paths += [f"g{i}/file.py" for i in range(0, 50_000, 2)] + ["other/file.py"] * 20_000

    kept = [path for path in paths if not excluded(path, patterns)]

    assert len(kept) == 12_500 + 12_500 + 20_000
    assert "d24998/sub/file.py" not in kept
    assert "g25000/file.py" in kept
