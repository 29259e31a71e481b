"""A user's mistake is one line on stderr and exit 2, never a traceback; settings that do not
apply are said, not dropped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyparity.cli import main


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text("FROM python:3.11-slim\n")
    (root / ".python-version").write_text("3.11\n")
    (root / "README.md").write_text("A project.\n")
    return root


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def _check(repo: Path, *flags: str) -> int:
    return main(["check", str(repo), "--no-code", *flags])


def test_output_in_a_missing_folder(repo, tmp_path, capsys):
    target = tmp_path / "missing" / "report.json"
    assert _check(repo, "--output", str(target)) == 2
    line = _error(capsys)
    assert f"--output {target}" in line
    assert f"the folder {target.parent} does not exist; create it first" in line


def test_output_naming_a_folder(repo, tmp_path, capsys):
    assert _check(repo, "--output", str(tmp_path)) == 2
    line = _error(capsys)
    assert f"--output {tmp_path} is a folder; name a file" in line


def test_output_where_writing_is_not_allowed(repo, tmp_path, monkeypatch, capsys):
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: False if mode == os.W_OK else real_access(path, mode)
    )
    assert _check(repo, "--output", str(tmp_path / "report.txt")) == 2
    assert "permission denied; choose a path you can write to" in _error(capsys)


def test_output_that_fails_while_writing(repo, tmp_path, monkeypatch, capsys):
    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    assert _check(repo, "--output", str(tmp_path / "report.txt")) == 2
    assert "cannot write the report: permission denied" in _error(capsys)


def test_a_root_that_cannot_be_read(repo, monkeypatch, capsys):
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(repo):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    assert _check(repo) == 2
    line = _error(capsys)
    assert f"cannot read the folder {repo}: permission denied" in line
    assert "fix its permissions" in line


@pytest.mark.parametrize("command", ["check", "list"])
def test_a_root_that_does_not_exist(tmp_path, capsys, command):
    assert main([command, str(tmp_path / "nowhere")]) == 2
    assert "no such folder; give the repository's root folder" in _error(capsys)


def test_a_root_that_is_a_file(repo, capsys):
    assert _check(repo / "README.md") == 2
    assert "is not a folder" in _error(capsys)


def test_source_of_truth_that_does_not_exist(repo, capsys):
    assert _check(repo, "--source-of-truth", "runtime.txt") == 2
    line = _error(capsys)
    assert line.startswith("pyparity: configuration error: --source-of-truth runtime.txt: no such")
    assert "pyparity list" in line


def test_source_of_truth_that_declares_nothing(repo, capsys):
    assert _check(repo, "--source-of-truth", "README.md") == 2
    assert "--source-of-truth README.md declares no Python version" in _error(capsys)


def test_source_of_truth_from_the_configuration_names_the_file(repo, capsys):
    (repo / ".pyparity.toml").write_text('source-of-truth = "README.md"\n')
    assert _check(repo) == 2
    assert ".pyparity.toml: source-of-truth = README.md declares no" in _error(capsys)


def test_source_of_truth_that_declares_is_accepted(repo, capsys):
    assert _check(repo, "--source-of-truth", "./Dockerfile") == 0
    assert capsys.readouterr().err == ""


def test_invalid_toml_holding_the_table_is_an_error(repo, capsys):
    (repo / "pyproject.toml").write_text('[tool.pyparity]\nexclude = ["docs"\n')
    assert _check(repo) == 2
    line = _error(capsys)
    assert "pyproject.toml" in line
    assert "holds [tool.pyparity], so its settings cannot be applied" in line


def test_invalid_toml_elsewhere_stays_a_parse_error(repo, capsys):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = \n')
    assert _check(repo, "--fail-on", "error") == 0
    captured = capsys.readouterr()
    assert "[parse-error]" in captured.out
    assert captured.err == ""


def test_both_configuration_files_warn_and_say_which_is_used(repo, capsys):
    (repo / "pyproject.toml").write_text('[tool.pyparity]\nfail-on = "never"\n')
    (repo / ".pyparity.toml").write_text('fail-on = "notice"\n')
    (repo / "Dockerfile").write_text("FROM python:3\n")  # a floating-version notice
    assert _check(repo) == 1  # .pyparity.toml's fail-on applies
    line = _error(capsys)
    assert line.startswith("pyparity: warning: .pyparity.toml and [tool.pyparity]")
    assert "using .pyparity.toml, ignoring [tool.pyparity]" in line


def test_a_broken_pyproject_beside_the_dotfile_still_warns(repo, capsys):
    (repo / "pyproject.toml").write_text("[tool.pyparity\n")
    (repo / ".pyparity.toml").write_text('fail-on = "error"\n')
    _check(repo)
    assert "using .pyparity.toml" in capsys.readouterr().err


def test_disable_names_the_flag_once(repo, capsys):
    assert _check(repo, "--disable", "pin-mismatch", "--disable", "no-such-rule") == 2
    line = _error(capsys)
    assert "--disable: unknown rule(s) no-such-rule" in line
    assert "--disable: --disable" not in line


def test_a_folder_the_walk_cannot_read_is_a_notice(repo, monkeypatch, capsys):
    (repo / "pkg").mkdir()
    (repo / "pkg" / "mod.py").write_text("x = 1\n")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == str(repo / "pkg"):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["check", str(repo), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert err == "pyparity: notice: cannot read the folder pkg: its files were not checked\n"


def test_a_listed_folder_that_cannot_be_entered_is_a_notice(repo, monkeypatch, capsys):
    (repo / "pkg" / "sub").mkdir(parents=True)
    (repo / "pkg" / "sub" / "mod.py").write_text("x = 1\n")
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if os.fspath(path).endswith(os.sep + "pkg"):  # type: ignore[arg-type]
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    from pyparity import preflight

    assert preflight.unreadable_folders(str(repo), ["pkg/a.py", "pkg/sub/mod.py"], []) == []
    monkeypatch.setattr(os, "access", access)
    folders = preflight.unreadable_folders(str(repo), ["pkg/a.py", "pkg/sub/mod.py", "x.py"], [])
    assert folders == ["pkg"]
    # A folder git lists that is not there (its files deleted, not yet committed) was not
    # refused: nothing to say.
    assert preflight.unreadable_folders(str(repo), ["gone/a.py", "x.py"], []) == []
