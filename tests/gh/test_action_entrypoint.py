"""The Action end to end, in-process: the exact environment a container action receives
(inputs as INPUT_<NAME> with hyphens kept, event payload files), asserting annotations,
job summary, outputs and exit code."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from pyparity.gh.env import INPUTS

REPO = Path(__file__).parents[2]
DRIFT_ANNOTATION = (
    "::error file=.python-version,line=1,endLine=1,col=1,endColumn=5,"
    "title=pyparity pin-mismatch::.python-version:1 pins 3.12 but Dockerfile:1 and "
    ".github/workflows/tests.yml:15 pin 3.11"
)


@pytest.mark.parametrize("event", ["pull_request", "push", "schedule", "workflow_dispatch"])
def test_drift_is_annotated_summarised_and_fails_on_every_event(runner, event):
    run = runner.run("drift", event)

    assert run.exit_code == 1
    assert run.annotations("error") == [DRIFT_ANNOTATION]
    assert run.outputs["drift"] == "true"
    assert run.outputs["errors"] == "1"
    assert run.outputs["warnings"] == "0"
    assert run.outputs["python-version"] == ""
    assert run.outputs["report"] == "pyparity-report.json"
    assert "## :x: pyparity: 1 error" in run.summary
    assert "| File | Line | Version | Role | Context |" in run.summary


def test_clean_repository_passes_with_the_agreed_runtime(runner):
    run = runner.run("clean", "push", {"fail-on": "notice"})

    assert run.exit_code == 0
    assert not [line for line in run.lines if line.startswith(("::error", "::warning"))]
    assert run.outputs["drift"] == "false"
    assert run.outputs["python-version"] == "3.12"
    assert ":white_check_mark: pyparity: no drift" in run.summary


def test_the_token_is_masked_before_anything_else_and_never_printed(runner):
    run = runner.run("drift", "pull_request")

    token = runner.environment("drift", "push")[0]["INPUT_TOKEN"]
    assert run.lines[0] == f"::add-mask::{token}"
    assert run.stdout.count(token) == 1
    assert token not in run.summary
    assert token not in json.dumps(run.outputs)


def test_declarations_output_is_the_json_contract(runner):
    run = runner.run("drift", "push")

    declarations = json.loads(run.outputs["declarations"])
    report = json.loads((run.workspace / "pyparity-report.json").read_text())
    assert declarations == report["declarations"]
    assert {d["file"] for d in declarations} == {
        ".github/workflows/tests.yml",
        ".python-version",
        "Dockerfile",
        "pyproject.toml",
    }


def test_fail_on_never_reports_but_passes(runner):
    run = runner.run("drift", "push", {"fail-on": "never"})

    assert run.exit_code == 0
    assert run.annotations("error") == [DRIFT_ANNOTATION]
    assert run.outputs["drift"] == "true"


def test_annotations_and_summary_can_be_turned_off(runner):
    run = runner.run("drift", "push", {"annotations": "false", "summary": "false"})

    assert run.exit_code == 1
    assert run.annotations("error") == []
    assert run.summary == ""
    assert run.outputs["errors"] == "1"


def test_sarif_file_is_written_relative_to_the_workspace(runner):
    run = runner.run("drift", "push", {"sarif-file": "out/pyparity.sarif"})

    sarif = json.loads((run.workspace / "out" / "pyparity.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "pin-mismatch"


def test_subdirectory_path_prefixes_annotation_files(runner, tmp_path):
    environ, workspace = runner.environment("drift", "push")
    nested = workspace / "services" / "inventory"
    nested.mkdir(parents=True)
    for item in list(workspace.iterdir()):
        if item.name != "services":
            item.rename(nested / item.name)
    import io

    from pyparity.gh.action import main

    environ["INPUT_PATH"] = "services/inventory/"
    out = io.StringIO()

    assert main(environ, out=out) == 1
    assert "::error file=services/inventory/.python-version,line=1," in out.getvalue()


def test_comment_on_a_push_is_skipped_with_a_notice(runner):
    run = runner.run("drift", "push", {"comment": "true"})

    assert run.exit_code == 1
    assert "::notice::pyparity: comment skipped, no pull request here" in run.lines


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        pytest.param("fail-on", "errors", "error, warning, notice, never", id="fail-on"),
        pytest.param("mode", "scan", "check, audit", id="mode"),
        pytest.param("precision", "major", "minor, patch", id="precision"),
        pytest.param("comment", "yes", "true, false", id="boolean"),
        pytest.param("check-run", "1", "true, false", id="check-run"),
    ],
)
def test_invalid_input_is_a_clear_error_and_exit_2(runner, name, value, accepted):
    run = runner.run("drift", "push", {name: value})

    assert run.exit_code == 2
    errors = run.annotations("error")
    assert len(errors) == 1
    assert f"input '{name}' must be one of {accepted}, not '{value}'" in errors[0]
    assert run.outputs == {}


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        pytest.param("today", "26/11/2026", "must be a date (YYYY-MM-DD)", id="today"),
        pytest.param("path", "../elsewhere", "must stay inside the workspace", id="path-escapes"),
        pytest.param("path", "missing", "is not a directory in the workspace", id="path-missing"),
        pytest.param("config", "nope.toml", "does not exist", id="config-missing"),
        pytest.param(
            "source-of-truth", "runtime.txt", "runtime.txt: no such file", id="truth-missing"
        ),
        pytest.param(
            "source-of-truth", "pyparity-notes.md", "declares no Python", id="truth-declares-none"
        ),
    ],
)
def test_unusable_inputs_exit_2(runner, name, value, says):
    code, lines = _run_changed(runner, {name: value}, {"pyparity-notes.md": "Python notes.\n"})

    assert code == 2
    assert says in next(line for line in lines if line.startswith("::error"))


def _run_changed(runner, inputs: dict[str, str], files: dict[str, str]) -> tuple[int, list[str]]:
    """Run the action over the drift fixture with `files` written into the workspace."""
    import io

    from pyparity.gh.action import main

    environ, workspace = runner.environment("drift", "push", inputs)
    for name, text in files.items():
        (workspace / name).write_text(text)
    out = io.StringIO()
    code = main(environ, out=out, api_factory=runner.api_factory)
    return code, out.getvalue().splitlines()


def test_mode_audit_and_code_false_reach_the_configuration(runner):
    from pyparity.gh.action import build_config
    from pyparity.gh.env import from_mapping

    environ, _ = runner.environment("clean", "schedule", {"mode": "audit", "code": "false"})
    config = build_config(from_mapping(environ))

    assert config.audit is True
    assert config.code is False
    assert str(config.today) == "2026-11-26"


def test_more_than_ten_findings_per_level_go_to_the_summary(runner, tmp_path):
    environ, workspace = runner.environment("drift", "push")
    workflows = workspace / ".github" / "workflows"
    for number in range(14):
        (workflows / f"job{number}.yml").write_text(
            "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/setup-python@v5\n        with:\n"
            '          python-version: "3.10"\n      - run: pytest\n'
        )
    import io

    from pyparity.gh.action import main

    out = io.StringIO()
    assert main(environ, out=out) == 1
    errors = [line for line in out.getvalue().splitlines() if line.startswith("::error ")]
    summary = Path(environ["GITHUB_STEP_SUMMARY"]).read_text()
    assert len(errors) == 10
    assert "more error finding(s) are not annotated" in summary
    assert summary.count("| :x: error |") > 10
    assert f"## :x: pyparity: {summary.count('| :x: error |')} errors" in summary


def test_action_yml_declares_every_input_with_its_default():
    action = yaml.safe_load((REPO / "action.yml").read_text())

    assert action["runs"]["using"] == "docker"
    assert action["runs"]["image"].startswith("docker://ghcr.io/pyparity/pyparity:v")
    assert list(action["inputs"]) == [spec.name for spec in INPUTS]
    for spec in INPUTS:
        assert action["inputs"][spec.name]["default"] == spec.default
        assert action["inputs"][spec.name]["description"] == spec.description
    assert set(action["outputs"]) == {
        "drift",
        "errors",
        "warnings",
        "python-version",
        "declarations",
        "report",
    }
    assert action["branding"]["icon"]
    assert action["branding"]["color"]


def test_dockerfile_python_matches_python_version_file():
    dockerfile = (REPO / "Dockerfile").read_text()
    minor = (REPO / ".python-version").read_text().strip()

    assert re.search(
        rf"^FROM python:{re.escape(minor)}-slim@sha256:[0-9a-f]{{64}}$", dockerfile, re.M
    )
    assert "--require-hashes" in dockerfile
    assert "\nUSER " not in dockerfile
    assert 'ENTRYPOINT ["/' in dockerfile
    # PYTHONDONTWRITEBYTECODE at run time: the image must carry reproducible bytecode
    assert "PYTHONDONTWRITEBYTECODE=1" in dockerfile
    assert dockerfile.count("compileall -q --invalidation-mode unchecked-hash") == 2


def test_lock_file_pins_every_requirement_with_hashes():
    lock = (REPO / "requirements" / "action.lock").read_text()
    requirements = [line for line in lock.splitlines() if "==" in line]

    assert requirements
    assert all(line.endswith("\\") for line in requirements)
    assert lock.count("--hash=sha256:") >= len(requirements)
    assert any(line.startswith("pygithub==") for line in requirements)


def test_a_bug_in_an_optional_channel_never_decides_the_step(monkeypatch):
    """The comment step raising something unexpected leaves a warning and the real verdict."""
    from pyparity.gh import action

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    lines: list[str] = []
    run = action.Run.__new__(action.Run)
    monkeypatch.setattr(
        run, "log", type("L", (), {"write": lambda self, text: lines.append(text)})(), raising=False
    )
    monkeypatch.setattr(
        run, "env", type("E", (), {"summary": False, "summary_file": None})(), raising=False
    )
    run.attempt("the PR comment", lambda: broken())
    assert any("internal error (RuntimeError)" in line for line in lines)


def test_an_unwritable_sarif_file_warns_and_keeps_outputs_and_exit_code(runner):
    environ, workspace = runner.environment("drift", "push", {"sarif-file": "reports"})
    (workspace / "reports").mkdir()  # a folder where the file should go
    run = _run(environ)

    assert run.exit_code == 1
    assert any("SARIF report was not written to reports" in line for line in run.warnings)
    assert "drift<<" in Path(environ["GITHUB_OUTPUT"]).read_text()


@pytest.mark.parametrize(
    ("name", "relative"),
    [
        pytest.param("report", "pyparity-report.json", id="report-file-link"),
        pytest.param("sarif-file", "out.sarif", id="sarif-file-link"),
        pytest.param("sarif-file", "linked/out.sarif", id="sarif-folder-link"),
    ],
)
def test_report_files_are_never_written_through_a_symbolic_link(runner, tmp_path, name, relative):
    """A checked-out tree may hold `pyparity-report.json -> /github/home/.bashrc`; the
    container runs as root, so following it would overwrite a file outside the workspace."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim").write_text("keep me\n")
    inputs = {"sarif-file": relative} if name == "sarif-file" else {}
    environ, workspace = runner.environment("drift", "push", inputs)
    if relative.startswith("linked/"):
        (workspace / "linked").symlink_to(outside, target_is_directory=True)
        (outside / "out.sarif").symlink_to(outside / "victim")
    else:
        (workspace / relative).symlink_to(outside / "victim")

    run = _run(environ)

    assert (outside / "victim").read_text() == "keep me\n"
    assert run.exit_code == 1
    assert any("was not written" in line for line in run.warnings)
    assert "drift<<" in Path(environ["GITHUB_OUTPUT"]).read_text()


def test_a_path_input_linking_out_of_the_workspace_is_refused(runner, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ".python-version").write_text("3.8\n")
    environ, workspace = runner.environment("drift", "push", {"path": "elsewhere"})
    (workspace / "elsewhere").symlink_to(outside, target_is_directory=True)

    run = _run(environ)

    assert run.exit_code == 2
    assert "input 'path'" in run.stdout
    assert "symbolic link out of the workspace" in run.stdout


def test_a_crash_while_reporting_is_exit_3_not_a_finding(runner, monkeypatch):
    from pyparity.report import markdown

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(markdown, "render", broken)
    run = runner.run("clean", "push")

    assert run.exit_code == 3
    assert "::error::pyparity failed internally" in run.stdout


def test_files_written_as_root_go_to_the_workspace_owner(tmp_path, monkeypatch):
    """On a self-hosted runner a root-owned file in the workspace breaks the next checkout."""
    from pyparity.gh import action

    owners: list[tuple[str, int, int]] = []
    if os.geteuid() == 0:  # a workspace owned by someone else than root, as on such a runner
        os.chown(tmp_path, 1234, 1234)
    monkeypatch.setattr(action.os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        action.os,
        "fchown",
        lambda fd, uid, gid: owners.append(
            (Path(os.readlink(f"/proc/self/fd/{fd}")).name, uid, gid)
        ),
    )

    action.write_inside(tmp_path, "a/b/report.sarif", "{}")

    uid, gid = tmp_path.stat().st_uid, tmp_path.stat().st_gid
    if (uid, gid) != (0, 0):
        assert owners == [("a", uid, gid), ("b", uid, gid), ("report.sarif", uid, gid)]
    assert (tmp_path / "a" / "b" / "report.sarif").read_text() == "{}"


@dataclass
class _Run:
    exit_code: int
    stdout: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith("::warning")]


def _run(environ: dict[str, str]) -> _Run:
    import io

    from pyparity.gh.action import main

    out = io.StringIO()
    code = main(environ, out=out)
    return _Run(exit_code=code, stdout=out.getvalue())


def test_without_github_output_the_outputs_use_set_output_like_the_toolkit(runner):
    """Runners older than 2.297 (GitHub Enterprise Server 3.6 and before) have no file."""
    environ, _ = runner.environment("drift", "push")
    del environ["GITHUB_OUTPUT"]

    run = _run(environ)

    set_outputs = [line for line in run.stdout.splitlines() if line.startswith("::set-output ")]
    assert [line.split("::")[1] for line in set_outputs] == [
        f"set-output name={name}"
        for name in ("drift", "errors", "warnings", "python-version", "declarations", "report")
    ]
    assert "::set-output name=drift::true" in set_outputs
    declarations = next(line for line in set_outputs if "name=declarations" in line)
    assert "\n" not in declarations
    assert json.loads(declarations.split("::", 2)[2].replace("%25", "%"))[0]["file"]


def test_input_and_output_descriptions_say_what_the_code_does():
    action = yaml.safe_load((REPO / "action.yml").read_text())

    # annotations go on any file's line, not only on the changed files
    assert "changed files" not in action["inputs"]["annotations"]["description"]
    # python-version is the root scope of the scanned `path`, not of the repository
    assert "root scope of `path`" in action["outputs"]["python-version"]["description"]


def test_both_configuration_files_are_a_warning_naming_the_one_used(runner):
    _environ, workspace = runner.environment("drift", "push")
    pyproject = (workspace / "pyproject.toml").read_text()
    code, lines = _run_changed(
        runner,
        {},
        {
            "pyproject.toml": pyproject + '\n[tool.pyparity]\nfail-on = "never"\n',
            ".pyparity.toml": 'fail-on = "error"\n',
        },
    )

    assert code == 1  # .pyparity.toml's fail-on
    warnings = [line for line in lines if line.startswith("::warning")]
    assert any("using .pyparity.toml" in line for line in warnings)


def test_the_cache_lives_outside_the_workspace(tmp_path):
    from pyparity.gh.action import cache_dir
    from pyparity.gh.env import from_mapping

    workspace = tmp_path / "workspace"
    workspace.mkdir()
    base = {"GITHUB_WORKSPACE": str(workspace)}

    def chosen(**inputs: str) -> Path | None:
        environ = {**base, **{f"INPUT_{k.upper()}": v for k, v in inputs.items() if k != "HOME"}}
        if "HOME" in inputs:
            environ["HOME"] = inputs["HOME"]
        return cache_dir(from_mapping(environ), environ)

    assert chosen(HOME="/github/home") == Path("/github/home/.cache/pyparity")
    assert chosen(HOME=str(workspace)) is None
    assert chosen(HOME=str(workspace / "inner")) is None
    assert chosen() is None
    assert chosen(HOME="/github/home", **{"cache-dir": "false"}) is None
    assert chosen(**{"cache-dir": "/tmp/c"}) == Path("/tmp/c")
    assert chosen(**{"cache-dir": "c"}) == workspace / "c"
