"""`fix --to` grows black's `target-version` list (every Python its output must run on),
as it grows classifiers and matrices; single targets (ruff, mypy) name the oldest Python
and are left alone."""

from __future__ import annotations

from pathlib import Path

from pyparity.cli import main

TODAY = ["--today", "2026-12-02"]


def _fixed(root: Path, files: dict[str, str], *args: str) -> dict[str, str]:
    for name, content in files.items():
        (root / name).write_bytes(content.encode())
    assert main(["fix", str(root), *TODAY, *args]) == 0
    return {name: (root / name).read_bytes().decode() for name in files}


def _pyproject(black: str, ruff: str = 'target-version = "py311"') -> str:
    return (
        '[project]\nname = "x"\nrequires-python = ">=3.11"\n\n'
        f"[tool.black]\n{black}\nline-length = 100\n\n[tool.ruff]\n{ruff}\n"
    )


def test_a_flow_list_gains_the_new_minor_after_its_newest(tmp_path: Path) -> None:
    files = {
        ".python-version": "3.12\n",
        "pyproject.toml": _pyproject('target-version = ["py311", "py312"]  # ours'),
    }
    after = _fixed(tmp_path, files, "--to", "3.13")
    assert after["pyproject.toml"] == _pyproject(
        'target-version = ["py311", "py312", "py313"]  # ours'
    )  # ruff's single target, the floor, stays


def test_the_underscore_spelling_grows_too(tmp_path: Path) -> None:
    files = {
        ".python-version": "3.11\n",
        "pyproject.toml": _pyproject("target_version = ['py311']"),
    }
    after = _fixed(tmp_path, files, "--to", "3.12")
    assert "target_version = ['py311', 'py312']\n" in after["pyproject.toml"]


def test_a_one_entry_list_grows_too(tmp_path: Path) -> None:
    files = {
        ".python-version": "3.11\n",
        "pyproject.toml": _pyproject("target-version = ['py311']"),
    }
    after = _fixed(tmp_path, files, "--to", "3.12")
    assert "target-version = ['py311', 'py312']\n" in after["pyproject.toml"]


def test_a_block_list_gains_a_line_in_its_style_with_crlf_kept(tmp_path: Path) -> None:
    black = 'target-version = [\r\n\t"py311",\r\n\t"py312"\r\n]'
    text = _pyproject(black).replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    files = {".python-version": "3.12\n", "pyproject.toml": text}
    after = _fixed(tmp_path, files, "--to", "3.13")
    assert (
        'target-version = [\r\n\t"py311",\r\n\t"py312",\r\n\t"py313"\r\n]\r\n'
        in (after["pyproject.toml"])
    )


def test_nothing_is_added_when_the_list_has_it_or_names_only_newer(tmp_path: Path) -> None:
    files = {
        ".python-version": "3.12\n",
        "pyproject.toml": _pyproject('target-version = ["py312", "py313"]'),
    }
    assert _fixed(tmp_path, files, "--to", "3.13")["pyproject.toml"] == files["pyproject.toml"]


def test_without_to_the_list_is_not_grown_and_a_second_run_changes_nothing(
    tmp_path: Path,
) -> None:
    files = {
        ".python-version": "3.12\n",
        "pyproject.toml": _pyproject('target-version = ["py311"]'),
    }
    assert _fixed(tmp_path, files)["pyproject.toml"] == files["pyproject.toml"]
    grown = _fixed(tmp_path, files, "--to", "3.13")
    assert _fixed(tmp_path, grown, "--to", "3.13") == grown
