"""getsentry/craft's `.craft.yml`: the runtimes a published Lambda layer declares."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.craft import matches, read

CRAFT = """\
\ufefftargets:
  - name: pypi
  - name: aws-lambda-layer
    layerName: MyLayer
    compatibleRuntimes:
      - name: node
        versions: [nodejs20.x]
      - name: python
        versions:
          # at most 15 runtimes
          - python3.9
          - 'python3.12'
          - python3.x
    license: MIT
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".craft.yml", True, id="root"),
        pytest.param(".craft.yaml", True, id="yaml"),
        pytest.param("sub/.craft.yml", False, id="nested"),
        pytest.param("craft.yml", False, id="no-dot"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_craft() -> None:
    found = source_for(".craft.yml")
    assert found is not None
    assert found.kind == "craft"


def test_layer_python_runtimes_are_a_support_set() -> None:
    found = read(text_file(".craft.yml", CRAFT.replace("\n", "\r\n")))
    assert [(d.span.line, d.span.column, d.raw) for d in found] == [
        (11, 19, "python3.9"),
        (12, 20, "python3.12"),
    ]
    assert {(d.role, d.purpose) for d in found} == {(Role.MATRIX, Purpose.RUNTIME)}
    assert {d.group for d in found} == {".craft.yml MyLayer layer runtimes"}
    assert [str(m) for d in found for m in d.requirement.minors] == ["3.9", "3.12"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("targets:\n  - name: github\n", id="no-layer"),
        pytest.param("targets:\n  - name: aws-lambda-layer\n", id="no-runtimes"),
        pytest.param("targets: 3\n", id="odd-targets"),
        pytest.param(
            "targets:\n  - name: aws-lambda-layer\n    compatibleRuntimes:\n      - python\n",
            id="odd-runtime",
        ),
    ],
)
def test_files_without_python_runtimes_declare_nothing(text: str) -> None:
    assert read(text_file(".craft.yml", text)) == []


def test_a_list_at_the_top_is_unreadable() -> None:
    with pytest.raises(UnreadableFile):
        read(text_file(".craft.yml", "- a\n"))
