"""The release files: one version everywhere, the prebuilt image, pinned actions, workflows
that both a real YAML parser and pyparity's own workflow reader accept."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import pyparity
from pyparity.check import run
from pyparity.config import Config

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def _version_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("version_script", REPO / ".ci" / "version.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_file_names_the_same_version():
    found = _version_script().versions()
    assert set(found) == {
        "pyproject.toml",
        "src/pyparity/__init__.py",
        "action.yml",
        "CHANGELOG.md",
        "README.md",
    }
    assert set(found.values()) == {pyparity.__version__}


def test_the_action_runs_the_prebuilt_image_of_this_version():
    action = yaml.safe_load((REPO / "action.yml").read_text())
    image = action["runs"]["image"]
    assert image == f"docker://ghcr.io/pyparity/pyparity:v{pyparity.__version__}"
    assert image == image.lower()  # registry paths must be lowercase


def test_the_release_tag_is_checked_against_the_files():
    script = REPO / ".ci" / "version.py"
    good = subprocess.run(
        [sys.executable, script, "check", f"v{pyparity.__version__}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    major = pyparity.__version__.split(".")[0]
    assert good.stdout == f"version={pyparity.__version__}\nmajor={major}\n"
    bad = subprocess.run(
        [sys.executable, script, "check", "v99.0.0"], capture_output=True, text=True, check=False
    )
    assert bad.returncode != 0
    assert "is not v" in bad.stderr


def test_bump_moves_every_file_and_the_changelog(tmp_path, monkeypatch):
    version = _version_script()
    for name in version.PLACES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((REPO / name).read_text())
    monkeypatch.setattr(version, "ROOT", tmp_path)
    version.bump("9.8.7")
    assert set(version.versions().values()) == {"9.8.7"}
    changelog = (tmp_path / "CHANGELOG.md").read_text()
    assert changelog.index("## [Unreleased]") < changelog.index("## [9.8.7] - ")
    assert "[9.8.7]: https://github.com/pyparity/pyparity/compare/v" in changelog
    assert "uses: pyparity/pyparity@v9\n" in (tmp_path / "README.md").read_text()


def test_release_notes_are_the_changelogs_section(capsys):
    _version_script().notes(pyparity.__version__)
    notes = capsys.readouterr().out
    assert notes.startswith("### ")
    assert "## [" not in notes


def test_license_is_the_mit_license_pyproject_declares():
    assert 'license = "MIT"' in (REPO / "pyproject.toml").read_text()
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_pin_actions_and_keep_no_credentials(workflow: Path):
    text = workflow.read_text()
    document = yaml.safe_load(text)
    assert document["permissions"] in ({}, {"contents": "read"})
    for job in document["jobs"].values():
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses is None or uses.startswith("./"):
                continue
            line = next(line for line in text.splitlines() if f"uses: {uses}" in line)
            assert PINNED.match(line.split("uses: ", 1)[1]), line
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_pyparitys_own_reader_accepts_the_workflows(workflow: Path):
    result = run(str(REPO), Config(code=False))
    name = workflow.relative_to(REPO).as_posix()
    assert not [f for f in result.findings if f.file == name and f.rule == "parse-error"]
    if "setup-python" in workflow.read_text():  # the org audit runs the image, no Python
        assert any(d.file == name for d in result.declarations)


def test_the_release_workflow_ships_what_the_readme_promises():
    release = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text())
    text = (REPO / ".github" / "workflows" / "release.yml").read_text()
    assert release[True]["push"]["tags"] == ["v[0-9]+.[0-9]+.[0-9]+"]  # `on` loads as True
    image = release["jobs"]["image"]
    assert image["permissions"] == {
        "contents": "read",
        "packages": "write",
        "id-token": "write",
        "attestations": "write",
    }
    build = next(s for s in image["steps"] if s.get("id") == "build")["with"]
    assert build["platforms"] == "linux/amd64,linux/arm64"
    assert build["sbom"] is True
    assert build["provenance"] == "mode=max"
    assert "${OWNER,,}" in text  # lowercase owner in image names
    assert "cosign sign --yes" in text
    assert "attest-build-provenance" in text
    pypi = release["jobs"]["pypi"]
    assert pypi["permissions"] == {"id-token": "write"}
    assert any("gh-action-pypi-publish" in s.get("uses", "") for s in pypi["steps"])
    assert "gh release create" in text
    assert "git/refs/tags/v$MAJOR" in text


def test_ci_checks_pull_requests_with_their_own_dockerfile():
    ci = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text())
    steps = ci["jobs"]["pyparity"]["steps"]
    swap = next(i for i, s in enumerate(steps) if "image: Dockerfile" in s.get("run", ""))
    local = next(i for i, s in enumerate(steps) if s.get("uses") == "./")
    assert swap < local


def test_dependabot_updates_the_digest_the_lock_and_the_actions():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in config["updates"]} == {
        "docker",
        "pip",
        "github-actions",
    }


def test_pre_commit_hook_is_documented_with_a_release_tag():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "pyparity"
    readme = (REPO / "README.md").read_text()
    assert f"    rev: v{pyparity.__version__}\n    hooks:\n      - id: pyparity" in readme


def test_no_file_points_at_documents_outside_the_repository():
    tracked = [
        *(REPO / ".ci").iterdir(),
        *(REPO / "src").rglob("*.py"),
        *(REPO / "tests").rglob("*.py"),
        *(REPO / "tests").rglob("*.json"),
        *(REPO / "bench").rglob("*.py"),
    ]
    outside = "DESIGN" + ".md"  # spelled apart so that this file does not name it
    for path in tracked:
        if path.is_file():
            assert outside not in path.read_text(errors="replace"), path
