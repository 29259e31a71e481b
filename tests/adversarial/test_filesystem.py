"""Hostile trees: links out of the root, loops, unreadable and huge files, odd names, volume."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from adversarial.hostile import (
    REALISTIC,
    TODAY,
    declared_files,
    parse_errors,
    render_all,
    scan,
    validate_report,
    write_tree,
)

from pyparity import cli
from pyparity.discover import MAX_FILE_BYTES
from pyparity.model import Severity

MakeRepo = Callable[[Mapping[str, str | bytes]], Path]

# Text that would become declarations (and so appear in every report) if a link were followed.
SECRET = "3.7.17  # SECRET-OUTSIDE-THE-ROOT"
SECRET_MARK = "SECRET-OUTSIDE-THE-ROOT"


def outside_tree(tmp_path: Path) -> Path:
    """Files beside the scanned root, each of which would declare something if read."""
    return write_tree(
        tmp_path / "outside",
        {
            "version": f"{SECRET}\n",
            "workflows/ci.yml": (
                "jobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v5\n"
                f'        with:\n          python-version: "3.7"  # {SECRET_MARK}\n'
            ),
            "Dockerfile": f"FROM python:3.7-slim\n# {SECRET_MARK}\n",
        },
    )


def git_init(root: Path) -> None:
    git = ["git", "-c", "user.email=a@example.invalid", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "hostile"], cwd=root, check=True)


def every_output(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The reports of the scan plus what the CLI prints for every format and `list`."""
    result = scan(root, audit=True)
    written = list(render_all(result).values())
    for format_name in ("text", "json", "github", "markdown", "sarif"):
        cli.main(["check", str(root), "--format", format_name, "--today", TODAY.isoformat()])
        captured = capsys.readouterr()
        written += [captured.out, captured.err]
    cli.main(["list", str(root), "--format", "json"])
    captured = capsys.readouterr()
    return "\n".join([*written, captured.out, captured.err])


@pytest.mark.parametrize("listing", ["walk", "git"])
def test_links_out_of_the_root_are_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], listing: str
) -> None:
    outside = outside_tree(tmp_path)
    root = write_tree(tmp_path / "repo", {"pyproject.toml": REALISTIC["pyproject.toml"]})
    (root / ".python-version").symlink_to(outside / "version")
    (root / ".github").mkdir()
    (root / ".github" / "workflows").symlink_to(outside / "workflows")
    (root / "Dockerfile").symlink_to(outside / "Dockerfile")
    (root / "services" / "api").mkdir(parents=True)
    (root / "services" / "api" / ".python-version").symlink_to("../../../outside/version")
    (root / "runtime.txt").symlink_to("/etc/hostname")
    (root / "everything").symlink_to("/")
    if listing == "git":
        git_init(root)

    result = scan(root)
    written = every_output(root, capsys)

    assert SECRET_MARK not in written
    assert "3.7" not in {str(m) for d in result.declarations for m in _minors(d)}
    assert declared_files(result) == {"pyproject.toml"}
    assert {".python-version", "Dockerfile", "runtime.txt"} <= set(parse_errors(result))
    assert all("outside the scanned tree" in m for m in parse_errors(result).values())
    hostname = Path("/etc/hostname")
    if hostname.is_file() and len(hostname.read_text().strip()) >= 6:
        assert hostname.read_text().strip() not in written


def _minors(declaration: object) -> tuple[object, ...]:
    requirement = getattr(declaration, "requirement", None)
    return requirement.minors if requirement else ()


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("../outside/version", id="relative"),
        pytest.param("{outside}/version", id="absolute"),
        pytest.param("/etc/hostname", id="system-file"),
        pytest.param("../../../../../../../../etc/hostname", id="dot-dot-chain"),
    ],
)
def test_python_version_file_naming_a_file_outside_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    outside = outside_tree(tmp_path)
    workflow = (
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n"
        f"          python-version-file: {target.format(outside=outside)}\n"
        "      - run: pytest\n"
    )
    root = write_tree(tmp_path / "repo", {".github/workflows/ci.yml": workflow})

    written = every_output(root, capsys)

    assert SECRET_MARK not in written
    assert "3.7.17" not in written


def test_compose_and_devcontainer_dockerfiles_outside_are_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = outside_tree(tmp_path)
    root = write_tree(
        tmp_path / "repo",
        {
            "docker-compose.yml": (
                f"services:\n  api:\n    build:\n      context: {outside}\n"
                "      dockerfile: Dockerfile\n"
                "  web:\n    build:\n      context: ../outside\n"
            ),
            ".devcontainer/devcontainer.json": (
                '{"build": {"dockerfile": "../../outside/Dockerfile", "context": ".."}}\n'
            ),
        },
    )

    written = every_output(root, capsys)

    assert SECRET_MARK not in written
    assert "3.7" not in written


def test_symlink_loops_end_in_parse_errors(repo: MakeRepo) -> None:
    root = repo(REALISTIC)
    (root / "Dockerfile").unlink()
    (root / "Dockerfile").symlink_to("Dockerfile")  # a link to itself
    (root / ".python-version").unlink()
    (root / ".python-version").symlink_to("runtime.version")
    (root / "runtime.version").symlink_to(".python-version")
    (root / "docs").mkdir()
    (root / "docs" / "again").symlink_to("..")  # a folder loop the walk must not descend
    (root / "docs" / "self").symlink_to(".")

    result = scan(root)

    assert {"Dockerfile", ".python-version"} <= set(parse_errors(result))
    assert declared_files(result) >= set(REALISTIC) - {"Dockerfile", ".python-version"}
    assert not any(name.startswith("docs/") for name in declared_files(result))


def test_fifo_socket_device_and_folder_with_declaring_names_are_skipped(
    repo: MakeRepo,
) -> None:
    """Running as root, chmod 000 does not stop a read; these cannot be read as files (a FIFO
    would block forever if opened)."""
    root = repo({"pyproject.toml": REALISTIC["pyproject.toml"]})
    os.mkfifo(root / ".python-version")
    (root / "Dockerfile").mkdir()
    (root / "Dockerfile" / "Dockerfile").write_text("FROM python:3.12\n")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(root / "runtime.txt"))
        # Not root: no device node, but the FIFO and the socket still cover the case.
        with contextlib.suppress(PermissionError):
            os.mknod(root / ".tool-versions", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
        workflow = (
            "jobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/setup-python@v5\n"
            "        with:\n          python-version-file: Dockerfile\n      - run: pytest\n"
        )
        write_tree(root, {".github/workflows/ci.yml": workflow})

        started = time.monotonic()
        result = scan(root)
        render_all(result)

    assert time.monotonic() - started < 10
    errors = parse_errors(result)
    assert ".python-version" in errors
    assert "runtime.txt" in errors
    assert declared_files(result) >= {"pyproject.toml", "Dockerfile/Dockerfile"}


def test_files_over_the_size_cap_are_refused_and_the_rest_is_checked(repo: MakeRepo) -> None:
    big = "3.12\n" + "#" * MAX_FILE_BYTES
    root = repo({**REALISTIC, ".python-version": big, "setup.cfg": "x" * (MAX_FILE_BYTES + 1)})

    result = scan(root)

    assert "larger than" in parse_errors(result)[".python-version"]
    assert "larger than" in parse_errors(result)["setup.cfg"]
    assert declared_files(result) == set(REALISTIC) - {".python-version", "setup.cfg"}
    warned = {f.file: f.severity for f in result.findings if f.rule == "parse-error"}
    assert warned == {".python-version": Severity.WARNING, "setup.cfg": Severity.WARNING}


def test_a_script_over_the_size_cap_is_a_generated_one_said_as_a_notice(repo: MakeRepo) -> None:
    # An installer generated with its Kubernetes manifests inlined: megabytes of heredocs.
    installer = "#!/bin/bash\n# AUTO-GENERATED, DO NOT EDIT\ncat <<'EOF' | kubectl apply -f -\n"
    installer += "apiVersion: v1\nkind: ConfigMap\n" * (MAX_FILE_BYTES // 30) + "EOF\n"
    root = repo({**REALISTIC, "hack/quick-install/full-install-with-manifests.sh": installer})

    result = scan(root)

    [error] = [f for f in result.findings if f.rule == "parse-error"]
    assert error.file == "hack/quick-install/full-install-with-manifests.sh"
    assert error.severity is Severity.NOTICE
    assert "larger than" in error.message
    assert "generated" in error.message
    assert declared_files(result) == set(REALISTIC)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("Dockerfile", b"FROM python:3.12\x00\x01\x02", id="nul-bytes"),
        pytest.param("pyproject.toml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", id="png"),
        pytest.param(".python-version", bytes(range(256)), id="every-byte"),
        pytest.param("noxfile.py", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, id="elf"),
        pytest.param(".github/workflows/ci.yml", b"PK\x03\x04\x14\x00\x00\x00", id="zip"),
    ],
)
def test_binary_files_with_declaring_names_are_parse_errors(
    repo: MakeRepo, name: str, content: bytes
) -> None:
    root = repo({**REALISTIC, name: content})

    result = scan(root)
    render_all(result)

    assert name in parse_errors(result)
    assert declared_files(result) == set(REALISTIC) - {name}


# What git-crypt writes for a file `.gitattributes` marks `filter=git-crypt` (a repository
# cloned without its key): the header, a 12-byte nonce, then the ciphertext.
GIT_CRYPT_BLOB = b"\x00GITCRYPT\x00" + bytes.fromhex("5c1e9a7730b2d4f08e61a3c9") + b"\x93\x07\xfe"


@pytest.mark.parametrize(
    "name", ["terraform/secrets/creds.sh", "deploy/secrets/Dockerfile", ".python-version"]
)
def test_files_git_crypt_keeps_encrypted_are_skipped_without_a_finding(
    repo: MakeRepo, name: str
) -> None:
    gitattributes = {".gitattributes": b"**/secrets/** filter=git-crypt diff=git-crypt\n"}
    root = repo({**REALISTIC, **gitattributes, name: GIT_CRYPT_BLOB * 4})

    result = scan(root)
    render_all(result)

    assert parse_errors(result) == {}
    assert declared_files(result) == set(REALISTIC) - {name}


def test_a_binary_file_that_only_mentions_git_crypt_is_still_a_parse_error(
    repo: MakeRepo,
) -> None:
    root = repo({**REALISTIC, "Dockerfile": b"FROM python:3.12\x00GITCRYPT\x00"})

    assert "Dockerfile" in parse_errors(scan(root))


ODD_NAMES = (
    "with space/Dockerfile",
    "new\nline/Dockerfile",
    "carriage\rreturn/Dockerfile",
    "a::b/Dockerfile",
    "::error::x.Dockerfile",
    "%0A::warning file=x::y/.python-version",
    "100%/Dockerfile",
    "%25%0D%0A/Dockerfile",
    "tab\there/Dockerfile",
    "<script>alert(1)</script>/Dockerfile",
    "`tick`|pipe|/Dockerfile",
    "ünïcødé/Dockerfile",
)


@pytest.mark.parametrize("listing", ["walk", "git"])
def test_odd_file_names_are_read_and_reported(tmp_path: Path, listing: str) -> None:
    files: dict[str, str | bytes] = dict.fromkeys(ODD_NAMES, "FROM python:3.12-slim\n")
    root = write_tree(tmp_path / "repo", files)
    undecodable = os.fsencode(root) + b"/latin1-\xe9\xff"
    os.makedirs(undecodable)
    Path(os.fsdecode(undecodable + b"/Dockerfile")).write_text("FROM python:3.12\n")
    if listing == "git":
        git_init(root)

    result = scan(root)
    reports = render_all(result)

    found = declared_files(result)
    for name in ODD_NAMES:
        assert any(f.endswith(name.split("/")[-1]) and f.startswith(name[:3]) for f in found), name
    # Read as it is, or refused by name with a parse-error: never a crash.
    assert any(f.startswith("latin1-") for f in found | set(parse_errors(result)))
    assert set(parse_errors(result)) <= {f for f in parse_errors(result) if "latin1-" in f}
    validate_report(json.loads(reports["json"]))


@pytest.mark.parametrize(
    "format_name",
    [
        "text",
        "json",
        "github",
        "markdown",
        "sarif",
    ],
)
def test_undecodable_file_names_in_the_cli_to_stdout(tmp_path: Path, format_name: str) -> None:
    root = write_tree(tmp_path / "repo", {".python-version": "3.11\n"})
    undecodable = os.fsencode(root) + b"/latin1-\xe9\xff"
    os.makedirs(undecodable)
    Path(os.fsdecode(undecodable + b"/Dockerfile")).write_text("FROM python:3.12\n")
    command = [str(Path(sys.executable).with_name("pyparity")), "check", str(root)]

    completed = subprocess.run(
        [*command, "--format", format_name],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )

    assert completed.returncode in {0, 1}, completed.stderr.decode(errors="replace")
    assert b"latin1-" in completed.stdout


@pytest.mark.parametrize("format_name", ["text", "markdown"])
def test_undecodable_file_names_in_the_cli_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], format_name: str
) -> None:
    root = write_tree(tmp_path / "repo", {".python-version": "3.11\n"})
    undecodable = os.fsencode(root) + b"/latin1-\xe9\xff"
    os.makedirs(undecodable)
    Path(os.fsdecode(undecodable + b"/Dockerfile")).write_text("FROM python:3.12\n")
    output = tmp_path / "report.out"

    code = cli.main(["check", str(root), "--format", format_name, "--output", str(output)])

    capsys.readouterr()
    assert code in {0, 1}
    assert "latin1-" in output.read_text(encoding="utf-8")


def test_fifty_thousand_empty_files(tmp_path: Path) -> None:
    """Empty declaring files in 500 folders (each a scope) among 45,000 other empty files."""
    root = tmp_path / "repo"
    declaring = ("pyproject.toml", ".python-version", "Dockerfile", "tox.ini", "setup.cfg")
    others = tuple(f"module_{index}.py" for index in range(95))
    for folder in range(500):
        directory = root / f"pkg{folder:03}"
        directory.mkdir(parents=True)
        for name in declaring + others:  # os.open: Path.touch is several times slower
            os.close(os.open(directory / name, os.O_CREAT | os.O_WRONLY, 0o644))
    write_tree(root, {".python-version": "3.12\n", "pyproject.toml": REALISTIC["pyproject.toml"]})

    started = time.monotonic()
    result = scan(root)
    reports = render_all(result)
    elapsed = time.monotonic() - started

    assert result.files_scanned >= 2500
    assert not parse_errors(result)
    assert declared_files(result) >= {".python-version", "pyproject.toml"}
    validate_report(json.loads(reports["json"]))
    assert elapsed < 30, f"50,000 empty files took {elapsed:.1f}s"


def test_a_link_into_a_submodule_not_checked_out_is_absent_not_broken(repo: MakeRepo) -> None:
    """`.pre-commit-config.yaml -> common/pre-commit-config.yaml` where `common` is a submodule
    the checkout has empty: nothing to read, nothing to report. A link that points nowhere
    else stays a parse-error: it is broken in every checkout."""
    root = repo(REALISTIC)
    (root / ".gitmodules").write_text(
        '[submodule "common"]\n\tpath = common\n\turl = https://example.invalid/common.git\n'
    )
    (root / "common").mkdir()
    (root / ".pre-commit-config.yaml").unlink(missing_ok=True)
    (root / ".pre-commit-config.yaml").symlink_to("common/pre-commit-config.yaml")
    (root / "benchmarks").mkdir()
    (root / "benchmarks" / "pyproject.toml").symlink_to("../pyproject.toml\n")

    result = scan(root)

    assert ".pre-commit-config.yaml" not in parse_errors(result)
    assert "benchmarks/pyproject.toml" in parse_errors(result)
    messages = [f.message for f in result.findings if f.file == "benchmarks/pyproject.toml"]
    assert messages == [
        "benchmarks/pyproject.toml: a symbolic link to 'pyproject.toml\\n', which does not exist"
    ]


def test_a_link_to_a_removed_file_says_so(repo: MakeRepo) -> None:
    """`.python-version -> config/python-version` after `config/` was deleted: the finding
    names the missing target instead of a bare "No such file"."""
    root = repo(REALISTIC)
    (root / ".python-version").unlink(missing_ok=True)
    (root / ".python-version").symlink_to("config/python-version")

    result = scan(root)

    messages = [f.message for f in result.findings if f.file == ".python-version"]
    assert messages == [
        ".python-version: a symbolic link to config/python-version, which does not exist"
    ]


def test_a_link_into_a_folder_a_tool_makes_is_absent_not_broken(repo: MakeRepo) -> None:
    """`.activate.sh -> .tox/py310-linux/bin/activate` (aactivator's convention): tox makes
    the target, git ignores it, and every fresh clone has the link dangling by design."""
    root = repo(REALISTIC)
    (root / ".python-version").unlink(missing_ok=True)
    (root / ".python-version").symlink_to(".venv/python-version")
    (root / "scripts").mkdir(exist_ok=True)
    (root / "scripts" / "Dockerfile").symlink_to("../.nox/docker/Dockerfile")

    result = scan(root)

    assert [f.message for f in result.findings if f.rule == "parse-error"] == []
