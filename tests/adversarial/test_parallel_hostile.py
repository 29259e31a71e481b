"""Hostile files in a tree large enough to be read by several processes: each becomes the same
parse-error it is when read alone, and the helper's share of good files is still checked."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from adversarial.hostile import REALISTIC, declared_files, parse_errors, write_tree

from pyparity import check, discover, forked, reading
from pyparity.config import Config
from pyparity.discover import MAX_FILE_BYTES
from pyparity.report import json as json_report
from pyparity.sources import candidates

pytestmark = pytest.mark.skipif(
    not forked.available(), reason="forking needs Linux and two usable cores"
)

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)

HOSTILE: dict[str, str | bytes] = {
    ".github/workflows/bomb.yml": ALIAS_BOMB,
    "hostile/compose.yaml": "services:\n  app:\n" + "    x: [" * 3000 + "]" * 3000 + "\n",
    "hostile/Dockerfile": b"FROM python:3.12\x00\x01",
    "hostile/pyproject.toml": b'[project]\nrequires-python = ">=3.\xff"\n',
    "hostile/tox.ini": b"[tox]\nenv_list = py3\xff11\n",
    "hostile/setup.cfg": "x" * (MAX_FILE_BYTES + 1),
    "hostile/runtime.txt": "python-3.12.\udcff".encode("utf-8", "surrogateescape"),
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "tree"
    for number in range(40):
        write_tree(root / f"services/s{number:02}", REALISTIC)
    write_tree(root, HOSTILE)
    (root / "hostile" / ".python-version").symlink_to(".python-version")  # a loop
    (root / "hostile" / "deploy").mkdir()
    os.mkfifo(root / "hostile" / "deploy" / ".python-version")  # would block if opened
    return root


def _report(root: Path, jobs: int) -> str:
    result = check.run(str(root), Config(code=False), jobs=jobs)
    return json_report.render(result)


def test_several_processes_report_hostile_files_as_one_does(tree: Path) -> None:
    declaring = [p for p in _listed(tree) if candidates(p)]
    assert reading._processes(0, len(declaring)) >= 2
    started = time.monotonic()
    parallel = _report(tree, jobs=0)
    assert time.monotonic() - started < 30
    assert parallel == _report(tree, jobs=1)


def test_every_hostile_file_is_a_parse_error_and_the_rest_is_checked(
    tree: Path, tmp_path: Path
) -> None:
    result = check.run(str(tree), Config(code=False))
    errors = parse_errors(result)
    assert set(HOSTILE) | {"hostile/.python-version", "hostile/deploy/.python-version"} <= set(
        errors
    )
    write_tree(tmp_path / "one" / "services" / "s00", REALISTIC)
    one = declared_files(check.run(str(tmp_path / "one"), Config(code=False)))
    names = {path.removeprefix("services/s00/") for path in one}
    assert len(names) >= 10
    every_service = {f"services/s{n:02}/{name}" for n in range(40) for name in names}
    assert every_service <= declared_files(result)


def _listed(root: Path) -> list[str]:
    return discover.list_files(discover.Root.at(root))
