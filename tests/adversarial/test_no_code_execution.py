"""Python files in the scanned tree are read, never run: no marker, no socket, no shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from adversarial.hostile import REALISTIC, TODAY, render_all, scan, write_tree

from pyparity import cli

# Each payload, if it ran, would leave a trace: a marker file, a shell command's marker, or
# a connection attempt (the socket payload also writes its marker before connecting).
PAYLOAD = """\
import os, pathlib, socket
pathlib.Path({marker!r}).joinpath({name!r}).write_text("ran")
os.system("touch " + {marker!r} + "/system-" + {name!r})
try:
    socket.create_connection(("127.0.0.1", 9), timeout=0.1)
except OSError:
    pass
"""

EXECUTABLE_NAMES = (
    "setup.py",
    "noxfile.py",
    "conftest.py",
    "tests/conftest.py",
    "sitecustomize.py",
    "usercustomize.py",
    "manage.py",
    "docs/conf.py",
    "fabfile.py",
    "tasks.py",
    "hatch_build.py",
    "build_backend.py",
    "src/inventory/__init__.py",
    "src/inventory/__main__.py",
    "services/api/setup.py",
    "services/api/noxfile.py",
    # Modules pyparity imports: a copy in the working directory must not shadow them.
    "yaml.py",
    "packaging/__init__.py",
    "vermin.py",
    "tomllib.py",
    "json.py",
)


def payload(marker: Path, name: str) -> str:
    slug = name.replace("/", "_")
    body = PAYLOAD.format(marker=str(marker), name=slug)
    # Realistic shapes around the payload, so the readers really parse these files.
    if name.endswith("setup.py"):
        body += 'from setuptools import setup\nsetup(name="x", python_requires=">=3.11")\n'
    if name.endswith("noxfile.py"):
        body += 'import nox\n@nox.session(python=["3.11"])\ndef tests(session):\n    pass\n'
    return body


def hostile_tree(root: Path, marker: Path) -> Path:
    files: dict[str, str] = dict(REALISTIC)
    files |= {name: payload(marker, name) for name in EXECUTABLE_NAMES}
    files["pyproject.toml"] = (
        REALISTIC["pyproject.toml"]
        + '[build-system]\nrequires = []\nbuild-backend = "build_backend"\nbackend-path = ["."]\n'
    )
    files["inventory.pth"] = f"import os; os.system('touch {marker}/pth')\n"
    files["tox.ini"] = (
        "[tox]\nenvlist = py311\n[testenv]\ncommands_pre = python -c \"open('"
        + str(marker / "tox")
        + "', 'w')\"\n"
    )
    return write_tree(root, files)


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    directory = tmp_path / "markers"
    directory.mkdir()
    return directory


def test_payloads_are_live(tmp_path: Path, marker: Path) -> None:
    """The payload really leaves a marker when run, so its absence below means something."""
    script = tmp_path / "probe.py"
    script.write_text(payload(marker, "probe"), encoding="utf-8")
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True)
    assert (marker / "probe").exists()


def test_scan_and_every_report_run_no_repository_code(tmp_path: Path, marker: Path) -> None:
    root = hostile_tree(tmp_path / "repo", marker)

    render_all(scan(root))
    render_all(scan(root, audit=True))

    assert sorted(os.listdir(marker)) == []


@pytest.mark.parametrize("command", ["check", "audit", "list"])
def test_cli_in_a_fresh_interpreter_runs_no_repository_code(
    tmp_path: Path, marker: Path, command: str
) -> None:
    """The installed console script, working directory inside the hostile tree: its
    `sitecustomize.py`, `conftest.py` or a `yaml.py` shadowing PyYAML must not be imported."""
    root = hostile_tree(tmp_path / "repo", marker)
    arguments = [str(Path(sys.executable).with_name("pyparity")), command, "."]
    if command != "list":
        arguments += ["--format", "json", "--today", TODAY.isoformat()]

    completed = subprocess.run(arguments, cwd=root, capture_output=True, timeout=120, check=False)

    assert completed.returncode in {0, 1}, completed.stderr.decode()
    assert sorted(os.listdir(marker)) == []


def test_cli_in_process_runs_no_repository_code(
    tmp_path: Path, marker: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hostile_tree(tmp_path / "repo", marker)

    code = cli.main(["audit", str(root), "--format", "sarif", "--today", TODAY.isoformat()])

    capsys.readouterr()
    assert code in {0, 1}
    assert sorted(os.listdir(marker)) == []


def test_git_config_of_the_tree_runs_no_command(tmp_path: Path, marker: Path) -> None:
    """An untrusted checkout or tarball may carry its own `.git/config`."""
    root = write_tree(tmp_path / "repo", {".python-version": "3.12\n"})
    git = ["git", "-c", "user.email=a@example.invalid", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=root, check=True)
    subprocess.run(
        ["git", "config", "core.fsmonitor", f"touch {marker}/fsmonitor; false"],
        cwd=root,
        check=True,
    )

    result = scan(root)

    assert [d.file for d in result.declarations] == [".python-version"]
    assert sorted(os.listdir(marker)) == []
