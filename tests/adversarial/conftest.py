"""Fixtures of the adversarial suite; the shared helpers live in `hostile.py`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from adversarial.hostile import write_tree


@pytest.fixture
def repo(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """Write files into a fresh directory (not a git work tree: the walk is used)."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "repo", files)

    return make
