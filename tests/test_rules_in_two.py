"""Checking the rules in two processes gives the findings one process gives, in its order."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Sequence
from pathlib import Path

import pytest

from pyparity import check, forked
from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Declaration
from pyparity.rules import ScopeInput

FIXTURES = Path(__file__).parent / "fixtures"

needs_two_cores = pytest.mark.skipif(
    not forked.available(), reason="forking needs Linux and two usable cores"
)


@pytest.fixture(scope="module")
def declarations(tmp_path_factory: pytest.TempPathFactory) -> tuple[Declaration, ...]:
    """Every fixture repository side by side: many scopes, and findings in most of them."""
    root = tmp_path_factory.mktemp("scopes") / "tree"
    for group in ("repos", "realistic"):
        for project in sorted((FIXTURES / group).iterdir()):
            shutil.copytree(project, root / group / project.name)
    return run(str(root), Config(code=False), jobs=1).declarations


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Lower the threshold to these declarations, and note each fork (its number)."""
    monkeypatch.setattr(check, "_CHECKED_IN_TWO", 10)
    made: list[int] = []

    class Counted(forked.Forked):  # type: ignore[type-arg]
        def __init__(self, *args: object, **kwargs: object) -> None:
            made.append(len(made))
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forked, "Forked", Counted)
    return made


@needs_two_cores
def test_two_processes_find_what_one_finds_in_the_same_order(
    declarations: tuple[Declaration, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(code=False)
    alone = check._run_rules(declarations, config, jobs=1)
    made = _forks(monkeypatch)
    assert check._run_rules(declarations, config) == alone
    assert made == [0]
    assert len(alone) >= 10


def _die(*_: object) -> list[object]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


@needs_two_cores
def test_a_failed_child_only_costs_its_scopes_checked_here(
    declarations: tuple[Declaration, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(code=False)
    alone = check._run_rules(declarations, config, jobs=1)
    made = _forks(monkeypatch)
    monkeypatch.setattr(forked, "_later", _die)  # what the child runs
    assert check._run_rules(declarations, config) == alone
    assert made == [0]


def test_few_declarations_or_one_job_are_checked_here(
    declarations: tuple[Declaration, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _forks(monkeypatch)
    check._run_rules(declarations, Config(code=False), jobs=1)
    check._run_rules(declarations[:9], Config(code=False))
    assert made == []


def _pids(items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


@needs_two_cores
def test_in_two_does_the_later_items_in_another_process() -> None:
    made = forked.in_two(_pids, range(10), 6)
    assert [item for item, _ in made] == list(range(10))
    here, there = {pid for _, pid in made[:6]}, {pid for _, pid in made[6:]}
    assert here == {os.getpid()}
    assert len(there) == 1
    assert there != here


@pytest.mark.parametrize("cut", [0, 10, -1, 11])
def test_in_two_does_all_here_without_a_cut_inside(cut: int) -> None:
    made = forked.in_two(_pids, range(10), cut)
    assert made == [(item, os.getpid()) for item in range(10)]


def _scopes(*sizes: int) -> list[ScopeInput]:
    return [
        ScopeInput(
            scope=f"s{index}",
            declarations=(None,) * size,  # type: ignore[arg-type]
            today=Config().today,
            precision="minor",
            source_of_truth=None,
            audit=False,
        )
        for index, size in enumerate(sizes)
    ]


def test_the_later_scopes_hold_about_half_of_the_declarations() -> None:
    assert check._second_half(_scopes(10, 10, 10, 10)) == 2
    assert check._second_half(_scopes(30, 5, 5)) == 1
    assert check._second_half(_scopes(1, 1, 1, 50)) == 0  # the child would take as long
    assert check._second_half(_scopes(40)) == 0
    assert check._second_half([]) == 0
    assert check._second_half(_scopes(5, 30, 5)) == 0
    assert check._second_half(_scopes(1, 2, 3, 4, 5, 6)) == 4
