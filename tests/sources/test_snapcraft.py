"""Snaps: the interpreter a snap stages."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.snapcraft import matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("snapcraft.yaml", True, id="root"),
        pytest.param("snap/snapcraft.yaml", True, id="snap-folder"),
        pytest.param(".snapcraft.yaml", True, id="hidden"),
        pytest.param("docs/snapcraft.yaml", False, id="elsewhere"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_snaps() -> None:
    found = source_for("snap/snapcraft.yaml")
    assert found is not None
    assert found.kind == "snapcraft"


SNAP = """\
\ufeffname: tool
base: core24
parts:
  tool:
    plugin: python
    stage-packages:
      - libpython3.12-stdlib
      - python3
      # - python3.11
      - 'python3.12-minimal'
  other: {}
"""


def test_staged_interpreter_is_a_runtime_pin() -> None:
    [found] = read(text_file("snap/snapcraft.yaml", SNAP.replace("\n", "\r\n")))
    assert (found.span.line, found.span.column, found.span.end_column) == (10, 16, 20)
    assert (found.raw, found.role, found.purpose) == (
        "python3.12-minimal",
        Role.PIN,
        Purpose.RUNTIME,
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("name: x\n", id="no-parts"),
        pytest.param("parts: [a]\n", id="odd-parts"),
        pytest.param("parts:\n  a:\n    stage-packages: python3.12\n", id="odd-packages"),
    ],
)
def test_nothing_declared(text: str) -> None:
    assert read(text_file("snapcraft.yaml", text)) == []


def test_a_list_at_the_top_is_unreadable() -> None:
    with pytest.raises(UnreadableFile):
        read(text_file("snapcraft.yaml", "- a\n"))
