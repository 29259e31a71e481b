"""Nix development environments: the interpreter a shell provides."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.nix import matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("flake.nix", True, id="flake"),
        pytest.param("devenv.nix", True, id="devenv"),
        pytest.param("nix/shell.nix", True, id="shell"),
        pytest.param("default.nix", True, id="default"),
        pytest.param("pkgs/overlay.nix", False, id="other-nix"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_nix_shells() -> None:
    found = source_for("devenv.nix")
    assert found is not None
    assert found.kind == "nix"


DEVENV = """\
{ pkgs, ... }:
{
  packages = [
    pkgs.python312Packages.build   # a package of the set
  ];
  # languages.python.package = pkgs.python311;
  languages.python = {
\tenable = true;
\tpackage = pkgs.python312;
  };
}
"""


def test_devenv_python_package_is_a_runtime_pin() -> None:
    [found] = read(text_file("devenv.nix", DEVENV.replace("\n", "\r\n")))
    assert (found.span.line, found.span.column, found.raw) == (9, 17, "python312")
    assert (found.role, found.purpose) == (Role.PIN, Purpose.RUNTIME)
    assert [str(m) for m in found.requirement.minors] == ["3.12"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "raw"),
    [
        pytest.param("py = pkgs.python313Packages;", "python313Packages", id="set-binding"),
        pytest.param(
            "buildInputs = [ (python311.withPackages (ps: [ ps.numpy ])) ];",
            "python311",
            id="with-packages",
        ),
        pytest.param("nativeBuildInputs = [ pkgs.python310 ];", "python310", id="build-input"),
    ],
)
def test_interpreter_spellings(line: str, raw: str) -> None:
    [found] = read(text_file("flake.nix", f"{{\n  {line}\n}}\n"))
    assert found.raw == raw


def test_several_minors_are_a_set() -> None:
    text = "{\n  a = pkgs.python311;\n  b = pkgs.python312;\n}\n"
    found = read(text_file("flake.nix", text))
    assert {d.role for d in found} == {Role.MATRIX}
    assert len({d.group for d in found}) == 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\ufeff{ x = pkgs.python312Packages.numpy; }\n", id="package"),
        pytest.param("{ x = pkgs.python3; }\n", id="unversioned"),
        pytest.param("{ x = mypython312; }\n", id="other-name"),
        pytest.param("{ x = python312.pkgs.numpy; }\n", id="pkgs-attr"),
        pytest.param("{ x = f pkgs.python312Packages; }\n", id="set-in-passing"),
    ],
)
def test_nothing_declared(text: str) -> None:
    assert read(text_file("flake.nix", text)) == []


def test_a_unicode_line_separator_is_no_line_break() -> None:
    [found] = read(text_file("devenv.nix", "\u2028{\n  package = pkgs.python312;\n}\n"))
    assert (found.span.line, found.span.column) == (2, 18)
