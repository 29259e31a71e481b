"""pixi manifests: each feature's `python` is an entry of the file's set of environments, with
the purpose of the environments made of it; a workflow's `pixi run -e <env>` (or setup-pixi's
`environments:`) takes that environment's Python."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import text_file

from pyparity.check import run
from pyparity.config import Config
from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.pixi import matches, read
from pyparity.sources.pyproject import read as read_pyproject

TODAY = dt.date(2026, 12, 2)

MANIFEST = """\
[workspace]
channels = ["conda-forge"]
platforms = ["linux-64"]

[dependencies]
numpy = "*"

[feature.oldest.dependencies]
# the floor
python = "=3.10"

[feature.py311.dependencies]
python = "3.11.*"

[feature.py312.dependencies]
python = { version = "~=3.12.0" }

[feature.ft.dependencies]
python-freethreading = "3.14.*"

[feature.test.dependencies]
pytest = "*"

[feature.test.tasks]
check = "pytest -n auto"

[feature.lint.dependencies]
python = "==3.13.1"

[feature.nightly.dependencies]
python = ">=3.12"

[feature.any.dependencies]
python = "*"

[environments]
oldest = ["oldest", "test"]
py311 = ["py311", "test"]
py312 = ["py312", "test"]
ft = ["ft", "test"]
lint = { features = ["lint"], no-default-feature = true }
nightly = ["nightly", "test"]
"""


def summary(declarations):
    return [
        (d.line, d.raw, d.role, d.requirement and [str(m) for m in d.requirement.minors], d.purpose)
        for d in declarations
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [("pixi.toml", True), ("infra/pixi/pixi.toml", True), ("pixi.lock", False), ("pixi", False)],
)
def test_matches(path, expected):
    assert matches(path) is expected


def test_each_feature_python_is_an_entry_of_the_environment_set():
    found = read(text_file("pixi.toml", MANIFEST))
    assert summary(found) == [
        (10, "=3.10", Role.MATRIX, ["3.10"], Purpose.RUNTIME),
        (13, "3.11.*", Role.MATRIX, ["3.11"], Purpose.RUNTIME),
        (16, "~=3.12.0", Role.MATRIX, ["3.12"], Purpose.RUNTIME),
        (19, "3.14.*", Role.MATRIX, ["3.14"], Purpose.RUNTIME),
        (28, "==3.13.1", Role.MATRIX, ["3.13"], Purpose.TOOLING),
        (31, ">=3.12", Role.UNRESOLVED, None, Purpose.RUNTIME),
    ]
    assert {d.group for d in found if d.role is Role.MATRIX} == {"pixi.toml pixi environments"}
    assert "solver picks the newest" in found[5].note
    assert (found[0].span.column, found[0].span.end_column) == (11, 16)


def test_a_feature_no_environment_names_judged_by_its_own_name():
    text = '[feature.docs.dependencies]\npython = "3.12.*"\n[feature.py39.dependencies]\npython = "=3.9"\n'
    found = read(text_file("pixi.toml", text))
    assert [(d.raw, d.purpose) for d in found] == [
        ("3.12.*", Purpose.TOOLING),
        ("=3.9", Purpose.UNKNOWN),
    ]


def test_the_default_feature_and_platform_targets():
    text = (
        "[dependencies]\r\npython = '3.12.*'\r\n"
        '[target.win-64.dependencies]\r\npython = "3.11.*"\r\n'
    )
    found = read(text_file("pixi.toml", "\ufeff" + text))
    assert [(d.line, d.raw, d.purpose) for d in found] == [
        (2, "3.12.*", Purpose.UNKNOWN),
        (4, "3.11.*", Purpose.UNKNOWN),
    ]


@pytest.mark.parametrize("text", ["", "# nothing\n", "[workspace]\nname = 'x'\n", "feature = 3\n"])
def test_manifests_without_a_python(text):
    assert read(text_file("pixi.toml", text)) == []


def test_invalid_toml_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file("pixi.toml", "[feature\npython = \n"))


def test_tool_pixi_in_pyproject():
    text = """\
[project]
name = "x"
requires-python = ">=3.12"

[tool.pixi.feature.py312.dependencies]
python = "3.12.*"

[tool.pixi.feature.test.tasks]
test = "pytest"

[tool.pixi.environments]
test-py312 = ["py312", "test"]
"""
    found = [d for d in read_pyproject(text_file("pyproject.toml", text)) if d.source == "pixi"]
    assert summary(found) == [(6, "3.12.*", Role.MATRIX, ["3.12"], Purpose.RUNTIME)]


WORKFLOW = """\
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        environment: [oldest, py311, "py312"]
    steps:
      - uses: actions/checkout@v4
      - uses: prefix-dev/setup-pixi@v0.8.1
        with:
          environments: ${{ matrix.environment }}
      - run: pixi run -e ${{ matrix.environment }} check
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: prefix-dev/setup-pixi@v0.8.1
        with:
          environments: lint nightly
      - run: pixi run --environment=lint pre-commit run --all-files
      - run: pixi run -e ghost check
"""


def check(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run(str(tmp_path), Config(today=TODAY, code=False))


def test_a_matrix_of_environments_is_the_set_of_their_pythons(tmp_path):
    result = check(tmp_path, {"pixi.toml": MANIFEST, ".github/workflows/ci.yml": WORKFLOW})
    found = [
        (d.line, d.raw, d.role, d.purpose, d.note)
        for d in result.declarations
        if d.file.startswith(".github/")
    ]
    assert found == [
        (7, "oldest (python 3.10)", Role.MATRIX, Purpose.RUNTIME, ""),
        (7, "py311 (python 3.11)", Role.MATRIX, Purpose.RUNTIME, ""),
        (7, "py312 (python 3.12)", Role.MATRIX, Purpose.RUNTIME, ""),
        (19, "lint (python 3.13.1)", Role.MATRIX, Purpose.TOOLING, ""),
        (
            19,
            "nightly",
            Role.UNRESOLVED,
            Purpose.TOOLING,
            "pixi environment nightly of pixi.toml takes python >=3.12: "
            "its solver picks the newest it admits",
        ),
        (20, "lint (python 3.13.1)", Role.MATRIX, Purpose.TOOLING, ""),
        (
            21,
            "ghost",
            Role.UNRESOLVED,
            Purpose.TOOLING,
            "pixi environment ghost is not one pixi.toml declares",
        ),
    ]


def test_the_environments_are_compared_with_the_project(tmp_path):
    pyproject = '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
    result = check(
        tmp_path,
        {"pixi.toml": MANIFEST, ".github/workflows/ci.yml": WORKFLOW, "pyproject.toml": pyproject},
    )
    outside = sorted(
        (f.file, f.line, f.severity.value) for f in result.findings if f.rule == "outside-range"
    )
    assert outside == [(".github/workflows/ci.yml", 7, "error"), ("pixi.toml", 10, "error")]


def test_an_environment_without_python_declares_none_and_no_manifest_is_said(tmp_path):
    workflow = "jobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pixi run -e docs build\n"
    result = check(tmp_path, {".github/workflows/ci.yml": workflow})
    assert [(d.raw, d.note) for d in result.declarations] == [
        ("docs", "pixi environment docs: no manifest (pixi.toml or [tool.pixi] in pyproject.toml)")
    ]
    result = check(tmp_path, {"pixi.toml": "[environments]\ndocs = []\n"})
    assert result.declarations == ()


def test_many_features_and_environments_are_read_in_bounded_time():
    import time

    features = "".join(
        f'[feature.f{i}.dependencies]\npython = "3.{10 + i % 5}.*"\n'
        f'[feature.f{i}.tasks]\nrun{i} = "python -m app {"x" * 50}"\n'
        for i in range(400)
    )
    environments = "[environments]\n" + "".join(
        f"e{i} = [{', '.join(repr(f'f{j}') for j in range(i, i + 20))}]\n" for i in range(400)
    )
    started = time.perf_counter()
    found = read(text_file("pixi.toml", features + environments))
    assert len(found) == 400
    assert time.perf_counter() - started < 5
