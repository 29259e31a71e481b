"""`pyparity fix` end to end on small repositories written for each case."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyparity.cli import main

TODAY = ["--today", "2026-12-02"]


def _repo(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def _fix(root: Path, *args: str) -> int:
    return main(["fix", str(root), *TODAY, *args])


DRIFTED = {
    ".python-version": "3.9.6\n",
    "Dockerfile": 'FROM python:3.11.4-slim-bookworm AS app\r\nCMD ["python"]\r\n',
    "runtime.txt": "python-3.11.9\n",
}


def test_diff_prints_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path, DRIFTED)
    assert _fix(root, "--diff") == 1
    out = capsys.readouterr()
    assert "-3.9.6\n+3.11.9\n" in out.out
    assert "3.9.6 -> 3.11.9" in out.err
    assert (root / ".python-version").read_text() == "3.9.6\n"


def test_check_exits_1_then_0_after_the_fix(tmp_path: Path) -> None:
    root = _repo(tmp_path, DRIFTED)
    assert _fix(root, "--check") == 1
    assert (root / ".python-version").read_text() == "3.9.6\n"
    assert _fix(root) == 0
    assert _fix(root, "--check") == 0


def test_patch_pins_stay_patch_pins_and_the_docker_suffix_stays(tmp_path: Path) -> None:
    root = _repo(tmp_path, DRIFTED)
    assert _fix(root) == 0
    # 3.11.9 and 3.11.4 tie: the newest wins; the tag keeps -slim-bookworm and its CRLF.
    assert (root / ".python-version").read_text() == "3.11.9\n"
    assert (
        root / "Dockerfile"
    ).read_bytes() == b'FROM python:3.11.9-slim-bookworm AS app\r\nCMD ["python"]\r\n'
    assert (root / "runtime.txt").read_text() == "python-3.11.9\n"


def test_mode_of_the_file_is_kept(tmp_path: Path) -> None:
    root = _repo(tmp_path, DRIFTED)
    (root / ".python-version").chmod(0o640)
    assert _fix(root) == 0
    assert (root / ".python-version").stat().st_mode & 0o777 == 0o640


def test_to_moves_every_runtime_pin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repo(tmp_path, DRIFTED)
    assert _fix(root, "--to", "3.12") == 0
    assert (root / ".python-version").read_text().startswith("3.12.")
    assert "python:3.12." in (root / "Dockerfile").read_text()
    assert "--to 3.12" in capsys.readouterr().out


def test_no_majority_exits_2_and_names_the_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, {".python-version": "3.9\n", "runtime.txt": "python-3.11.9\n"})
    assert _fix(root) == 2
    err = capsys.readouterr().err
    assert "no minor has a majority" in err
    assert "3.9: .python-version:1" in err
    assert "--to" in err
    assert (root / ".python-version").read_text() == "3.9\n"


def test_source_of_truth_decides(tmp_path: Path) -> None:
    root = _repo(tmp_path, {".python-version": "3.9\n", "runtime.txt": "python-3.11.9\n"})
    assert _fix(root, "--source-of-truth", ".python-version") == 0
    assert (root / "runtime.txt").read_text().startswith("python-3.9.")


def test_a_digest_pinned_image_is_listed_not_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = "sha256:" + "a" * 64
    root = _repo(
        tmp_path,
        {
            ".python-version": "3.12\n",
            "runtime.txt": "python-3.12.1\n",
            "Dockerfile": f"FROM python:3.9-slim@{digest}\n",
        },
    )
    assert _fix(root) == 1
    assert "needs a new digest" in capsys.readouterr().out
    assert (root / "Dockerfile").read_text() == f"FROM python:3.9-slim@{digest}\n"


def test_a_symlinked_file_is_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("3.9\n")
    root = _repo(
        tmp_path / "repo", {"runtime.txt": "python-3.12.1\n", "Dockerfile": "FROM python:3.12\n"}
    )
    os.symlink(outside, root / ".python-version")
    _fix(root)
    assert outside.read_text() == "3.9\n"
    assert os.path.islink(root / ".python-version")


def test_yaml_floats_are_quoted_and_new_entries_too(tmp_path: Path) -> None:
    workflow = (
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        python-version: [3.8, 3.9]  # keep me\n"
        "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    root = _repo(tmp_path, {".github/workflows/ci.yml": workflow})
    assert _fix(root, "--to", "3.10") == 0
    assert (
        '        python-version: [3.8, 3.9, "3.10"]  # keep me\n'
        in (root / ".github/workflows/ci.yml").read_text()
    )


PYPROJECT = """\ufeff[project]\r
name = "x"\r
requires-python = ">=3.9"  # the floor\r
classifiers = [\r
\t"Programming Language :: Python :: 3.9",\r
\t"Programming Language :: Python :: 3.10",\r
\t"Programming Language :: Python :: 3.11",\r
]\r
\r
[tool.ruff]\r
target-version = 'py39'\r
\r
[tool.mypy]\r
python_version = "3.9"\r
"""


def test_floor_raises_the_range_targets_and_drops_classifiers(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {"pyproject.toml": PYPROJECT, "tox.ini": "[tox]\nenvlist = py39, py310,py311, lint\n"},
    )
    assert _fix(root, "--floor", "3.10") == 0
    assert (root / "pyproject.toml").read_bytes().decode() == (
        PYPROJECT.replace(">=3.9", ">=3.10")
        .replace('\t"Programming Language :: Python :: 3.9",\r\n', "")
        .replace("'py39'", "'py310'")
        .replace('"3.9"', '"3.10"')
    )
    assert (root / "tox.ini").read_text() == "[tox]\nenvlist = py310,py311, lint\n"


def test_to_widens_the_range_and_adds_a_classifier(tmp_path: Path) -> None:
    pyproject = PYPROJECT.replace(">=3.9", ">=3.9,<3.12")
    root = _repo(tmp_path, {"pyproject.toml": pyproject, ".python-version": "3.11\n"})
    assert _fix(root, "--to", "3.12") == 0
    text = (root / "pyproject.toml").read_bytes().decode()
    assert ">=3.9,<3.13" in text
    assert (
        '\t"Programming Language :: Python :: 3.11",\r\n\t"Programming Language :: Python :: 3.12",\r\n]'
        in text
    )
    assert (root / ".python-version").read_text() == "3.12\n"


def test_the_other_pythons_pyenv_installs_are_not_a_test_set(tmp_path: Path) -> None:
    root = _repo(tmp_path, {".python-version": "3.11\n3.10\n"})
    assert _fix(root, "--to", "3.12") == 0
    assert (root / ".python-version").read_text() == "3.12\n3.10\n"


def test_floor_raises_pyupgrade_in_pre_commit(tmp_path: Path) -> None:
    config = (
        "repos:\n  - repo: https://github.com/asottile/pyupgrade\n    rev: v3.19.0\n"
        "    hooks:\n      - id: pyupgrade\n        args: [--py39-plus]  # keep\n"
    )
    root = _repo(tmp_path, {".pre-commit-config.yaml": config, "pyproject.toml": PYPROJECT})
    assert _fix(root, "--floor", "3.11") == 0
    assert (root / ".pre-commit-config.yaml").read_text() == config.replace("py39", "py311")
    assert _fix(root, "--floor", "3.12", "--check") == 1
    assert _fix(root, "--floor", "3.11", "--check") == 0


def test_a_tool_target_moves_to_the_range_floor(tmp_path: Path) -> None:
    pyproject = '[project]\nrequires-python = ">=3.11"\n[tool.ruff]\ntarget-version = "py310"\n'
    pyproject += '[tool.mypy]\npython_version = "3.13"\n'
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    assert _fix(root) == 0
    # ruff follows the floor; a type checker above the floor is a choice, left alone
    assert (root / "pyproject.toml").read_text() == pyproject.replace("py310", "py311")


def test_the_diff_shows_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, {**DRIFTED, ".python-version": "3.9.6  # \x1b[2Jdone\n"})
    assert _fix(root, "--diff") == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\\x1b[2Jdone" in out


def test_to_below_floor_is_a_usage_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, DRIFTED)
    assert _fix(root, "--to", "3.10", "--floor", "3.11") == 2


@pytest.mark.parametrize(
    ("word", "today", "minor"),
    [
        ("newest", "2026-12-02", "3.15"),
        ("newest", "2026-09-30", "3.14"),
        ("oldest-supported", "2026-12-02", "3.11"),
        ("oldest-supported", "2026-04-01", "3.10"),
    ],
)
def test_to_takes_a_word_resolved_on_the_date(
    word: str, today: str, minor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, DRIFTED)
    assert main(["fix", str(root), "--today", today, "--to", word, "--diff"]) == 1
    assert f"(--to {minor})" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["3", "three.eleven", "3.11.4", "-3.1", "latest", "Newest"])
def test_to_takes_a_minor(value: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["fix", str(tmp_path), "--to", value])
    assert raised.value.code == 2


def test_a_file_under_a_linked_folder_is_never_written(tmp_path: Path) -> None:
    outside = _repo(tmp_path / "outside", {"ci.yml": "x: 1\n"})
    root = _repo(tmp_path / "repo", DRIFTED)
    (root / ".github").symlink_to(outside, target_is_directory=True)
    assert _fix(root) == 0
    assert (outside / "ci.yml").read_text() == "x: 1\n"


def test_to_below_a_range_floor_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repo(tmp_path, {**DRIFTED, "pyproject.toml": '[project]\nrequires-python = ">=3.11"\n'})
    assert _fix(root, "--to", "3.10") == 2
    assert "below the floor of >=3.11 (pyproject.toml:2)" in capsys.readouterr().err
    assert (root / ".python-version").read_text() == "3.9.6\n"


def test_a_version_inside_an_image_reference_is_never_quoted(tmp_path: Path) -> None:
    compose = "services:\n  app:\n    image: python:3.9-slim\n  job:\n    image: python:3.9\n"
    root = _repo(tmp_path, {"docker-compose.yml": compose})
    assert _fix(root, "--to", "3.10") == 0
    assert (root / "docker-compose.yml").read_text() == compose.replace("3.9", "3.10")


def test_a_shared_arg_moves_once_to_the_runtime(tmp_path: Path) -> None:
    dockerfile = (
        "ARG PY=3.10\nFROM python:${PY}-slim AS build\nRUN echo\n"
        "FROM python:${PY}-slim\nCOPY --from=build /x /x\n"
    )
    root = _repo(
        tmp_path,
        {"Dockerfile": dockerfile, "pyproject.toml": '[project]\nrequires-python = ">=3.10"\n'},
    )
    assert _fix(root, "--to", "3.14", "--floor", "3.11") == 0
    assert (root / "Dockerfile").read_text() == dockerfile.replace("PY=3.10", "PY=3.14")


def test_the_actions_fix_reads_only_what_the_commit_holds(tmp_path: Path) -> None:
    """An earlier step of the job may write files into the workspace (a Dockerfile with
    credentials in its ENV lines): the fix offered in a pull request never edits, and so
    never quotes, a file git does not track."""
    import datetime as dt
    import subprocess

    from pyparity.config import Config
    from pyparity.fix import Options, compute
    from pyparity.model import Minor

    root = _repo(tmp_path, {".python-version": "3.12\n", "runtime.txt": "python-3.12.4\n"})
    git = ["git", "-c", "user.email=a@example.invalid", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=root, check=True)
    (root / "Dockerfile").write_text("FROM python:3.9-slim\nENV TOKEN=s3cr3t-written-by-a-step\n")
    options = Options(to=Minor(3, 13), today=dt.date(2026, 12, 2))
    config = Config(today=dt.date(2026, 12, 2))

    tracked = compute(str(root), config, options, tracked_only=True)
    assert "Dockerfile" not in {change.file for change in tracked.changes}
    assert {change.file for change in tracked.changes} == {".python-version", "runtime.txt"}
    everything = compute(str(root), config, options)  # the CLI's choice, as linters do
    assert "Dockerfile" in {change.file for change in everything.changes}


def test_floor_leaves_a_files_own_target_and_a_groups_own_range(tmp_path: Path) -> None:
    # a runner that must start on old Pythons, a docs group on a newer one: not the project's
    pyproject = (
        '[project]\nrequires-python = ">=3.9"\n[tool.ruff]\ntarget-version = "py39"\n'
        'per-file-target-version = { "src/runner.py" = "py37" }\n'
        '[tool.uv.dependency-groups]\ndocs = { requires-python = ">=3.8" }\n'
    )
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    assert _fix(root, "--floor", "3.10") == 0
    assert (root / "pyproject.toml").read_text() == pyproject.replace(
        '">=3.9"', '">=3.10"'
    ).replace('"py39"', '"py310"')


def test_a_type_checker_above_the_floor_is_left_alone_wherever_it_is_set(tmp_path: Path) -> None:
    # ty in a local pre-commit hook's entry and pyrefly's own file, as target-mismatch does
    config = (
        "repos:\n- repo: local\n  hooks:\n  - id: ty\n    name: ty\n"
        "    entry: uv run ty check --python-version 3.14 tests/typing\n    language: system\n"
    )
    files = {
        "pyproject.toml": '[project]\nrequires-python = ">=3.11"\n',
        ".pre-commit-config.yaml": config,
        "pyrefly.toml": 'python-version = "3.13"\n',
    }
    root = _repo(tmp_path, files)
    assert _fix(root) == 0
    assert (root / ".pre-commit-config.yaml").read_text() == config
    assert (root / "pyrefly.toml").read_text() == files["pyrefly.toml"]
