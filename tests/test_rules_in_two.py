"""Checking the rules in two processes gives the findings one process gives, in its order."""

from __future__ import annotations

import os
import shutil
import signal
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
    """Lower the threshold to these declarations, and count the forks for the rules."""
    monkeypatch.setattr(check, "_CHECKED_IN_TWO", 10)
    made: list[int] = []
    checking = check._checking

    def counted(inputs: list[ScopeInput], applied: object) -> object:
        child = checking(inputs, applied)  # type: ignore[arg-type]
        made.append(len(inputs))
        return child

    monkeypatch.setattr(check, "_checking", counted)
    return made


@needs_two_cores
def test_two_processes_find_what_one_finds_in_the_same_order(
    declarations: tuple[Declaration, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Config(code=False)
    alone = check._run_rules(declarations, config, jobs=1)
    made = _forks(monkeypatch)
    assert check._run_rules(declarations, config) == alone
    assert len({d.scope for d in declarations}) > made[0] > 0
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
    monkeypatch.setattr(check, "_findings_of", _die)
    assert check._run_rules(declarations, config) == alone
    assert made


def test_few_declarations_or_one_job_are_checked_here(
    declarations: tuple[Declaration, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _forks(monkeypatch)
    check._run_rules(declarations, Config(code=False), jobs=1)
    check._run_rules(declarations[:9], Config(code=False))
    assert made == []


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
