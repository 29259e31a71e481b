"""Following a monorepo's build links in two processes gives what one process gives."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from helpers import text_file

from pyparity import forked, resolve_builds
from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Declaration
from pyparity.sources import compose
from pyparity.textfile import TextFile

needs_two_cores = pytest.mark.skipif(
    not forked.available(), reason="forking needs Linux and two usable cores"
)

SERVICES = 40


def _dockerfile(index: int) -> str:
    return (
        "# syntax=docker/dockerfile:1\n"
        f"ARG PYTHON_VERSION=3.1{index % 3}\n"
        "FROM python:${PYTHON_VERSION}-slim AS runtime\n"
        "# pyparity: ignore[pin-mismatch]\n"
        'CMD ["python", "-m", "app"]\n'
    )


def _compose(index: int) -> str:
    value = "${PYTHON_VERSION}" if index % 5 == 0 else f'"3.1{index % 4}"'  # some unknown
    return (
        "services:\n"
        "  app:\n"
        "    build:\n"
        "      context: .\n"
        f"      dockerfile: {'missing' if index % 7 == 0 else 'docker'}/app.df\n"
        "      args:\n"
        f"        PYTHON_VERSION: {value}\n"
    )


def _tree(root: Path) -> Path:
    (root / "pyproject.toml").write_text('[project]\nname = "m"\nrequires-python = ">=3.11"\n')
    for index in range(SERVICES):
        service = root / "services" / f"s{index:02}"
        (service / "docker").mkdir(parents=True)
        (service / "compose.yaml").write_text(_compose(index))
        (service / "docker" / "app.df").write_text(_dockerfile(index))
    return root


def _links(root: Path) -> tuple[list[Declaration], dict[str, TextFile]]:
    declarations: list[Declaration] = []
    texts = {}
    for index in range(SERVICES):
        path = f"services/s{index:02}/compose.yaml"
        declarations += compose.read(text_file(path, (root / path).read_text()))
        dockerfile = f"services/s{index:02}/docker/app.df"
        texts[dockerfile] = text_file(dockerfile, (root / dockerfile).read_text())
    return declarations, texts


def _resolved(root: Path, jobs: int) -> tuple[list[Declaration], list[str]]:
    declarations, texts = _links(root)
    asked: list[str] = []

    def read_text(path: str) -> TextFile | None:
        asked.append(path)
        return texts.get(path)

    return resolve_builds.resolve(declarations, read_text, jobs), asked


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []

    class Counted(forked.Forked):  # type: ignore[type-arg]
        def __init__(self, *args: object, **kwargs: object) -> None:
            made.append(len(made))
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forked, "Forked", Counted)
    return made


@needs_two_cores
def test_two_processes_follow_the_links_as_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    alone, asked_alone = _resolved(root, jobs=1)
    made = _forks(monkeypatch)
    both, asked_both = _resolved(root, jobs=0)
    assert made == [0]
    assert both == alone
    assert asked_both == asked_alone  # this process still reads every linked text, in order
    assert len(asked_alone) >= resolve_builds._FOLLOWED_IN_TWO
    assert {d.note for d in alone if "not a file of this repository" in d.note}
    assert {d.note for d in alone if "comes from the environment" in d.note}


def _die(*_: object) -> list[object]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


@needs_two_cores
def test_links_a_failed_child_had_are_followed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    alone, _ = _resolved(root, jobs=1)
    made = _forks(monkeypatch)
    monkeypatch.setattr(forked, "_later", _die)
    assert _resolved(root, jobs=0)[0] == alone
    assert made == [0]


def test_few_links_or_one_job_are_followed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    made = _forks(monkeypatch)
    _resolved(root, jobs=1)
    monkeypatch.setattr(resolve_builds, "_FOLLOWED_IN_TWO", SERVICES + 1)
    _resolved(root, jobs=0)
    assert made == []


@needs_two_cores
def test_a_check_in_two_processes_reports_the_linked_files_inline_ignores(
    tmp_path: Path,
) -> None:
    """The Dockerfiles named only by the compose files are no declaring files: their unused
    inline ignores are found only if this process read their texts."""
    root = _tree(tmp_path)
    alone = run(str(root), Config(code=False), jobs=1)
    assert alone.unused_ignores
    assert run(str(root), Config(code=False)) == alone
