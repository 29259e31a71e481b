from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyparity.fix import files


@pytest.mark.parametrize("relative", ["../x", "/etc/passwd", "a/../../x", ""])
def test_paths_outside_the_tree_are_refused(relative: str, tmp_path: Path) -> None:
    with pytest.raises(files.UnsafePath):
        files.read(tmp_path, relative)


def test_a_link_is_neither_read_nor_written(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_text("secret")
    (tmp_path / "repo").mkdir()
    os.symlink(target, tmp_path / "repo" / "link")
    with pytest.raises(files.UnsafePath):
        files.read(tmp_path / "repo", "link")
    with pytest.raises(files.UnsafePath):
        files.write(tmp_path / "repo", "link", b"x")
    assert target.read_text() == "secret"


def test_a_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"old")
    path.chmod(0o604)
    files.write(tmp_path, "f", b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]  # no temporary left
