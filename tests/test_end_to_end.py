"""End to end: `pyparity check --format json` over fixture repositories.

Each case's full JSON report is compared with a committed expectation under
tests/fixtures/expected/. Regenerate on purpose with PYPARITY_REGENERATE=1 and review the diff.
The key facts of each case are also asserted by hand, so a regenerated file cannot hide a bug.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pyparity.cli import main

HERE = Path(__file__).parent
REPOS = HERE / "fixtures" / "repos"
EXPECTED = HERE / "fixtures" / "expected"
EXAMPLES = HERE.parent / "examples"
ARGS = ["--format", "json", "--no-code", "--today", "2026-11-26"]


def run(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *extra: str
) -> tuple[int, dict]:
    monkeypatch.chdir(path)
    code = main(["check", ".", *ARGS, *extra])
    return code, json.loads(capsys.readouterr().out)


def rules(report: dict) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["file"], f["line"]) for f in report["findings"]]


CASES = {
    "drifted": EXAMPLES / "drifted",
    "fixed": EXAMPLES / "fixed",
    **{p.name: p for p in sorted(REPOS.iterdir()) if p.is_dir()},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_matches_the_expectation(case, capsys, monkeypatch):
    code, report = run(CASES[case], capsys, monkeypatch)
    expected_file = EXPECTED / f"{case}.json"
    if os.environ.get("PYPARITY_REGENERATE"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    report["tool"]["version"] = expected["tool"]["version"]
    assert report == expected
    assert code == (1 if report["summary"]["errors"] else 0)


def test_drift_example_names_both_sides(capsys, monkeypatch):
    code, report = run(EXAMPLES / "drifted", capsys, monkeypatch)
    assert code == 1
    [finding] = [f for f in report["findings"] if f["rule"] == "pin-mismatch"]
    assert finding["file"] == ".python-version"
    assert finding["message"] == (
        ".python-version:1 pins 3.9.6 but Dockerfile:1 and .github/workflows/ci.yml:15 pin 3.11"
    )
    assert finding["related"] == [
        {"file": "Dockerfile", "line": 1},
        {"file": ".github/workflows/ci.yml", "line": 15},
    ]
    dockerfile = next(d for d in report["declarations"] if d["file"] == "Dockerfile")
    assert dockerfile | {"context": "final stage"} == {
        "file": "Dockerfile",
        "line": 1,
        "column": 13,
        "end_line": 1,
        "end_column": 20,
        "source": "dockerfile",
        "role": "pin",
        "raw": "python:3.11.13-slim",
        "implementation": "cpython",
        "specifier": "==3.11.13",
        "minors": ["3.11"],
        "scope": ".",
        "purpose": "runtime",
        "context": "final stage",
    }


def test_fixed_example_is_clean(capsys, monkeypatch):
    code, report = run(EXAMPLES / "fixed", capsys, monkeypatch)
    assert (code, report["findings"]) == (0, [])
    assert report["summary"]["declarations"] == 4


def test_clean_matrix_within_requires_python(capsys, monkeypatch):
    code, report = run(REPOS / "clean-matrix", capsys, monkeypatch)
    assert (code, report["findings"]) == (0, [])
    matrix = [d["raw"] for d in report["declarations"] if d["role"] == "matrix"]
    assert matrix == ["3.10", "3.11", "3.12", "3.13"]
    lint = next(d for d in report["declarations"] if d["raw"] == "3.13" and d["role"] == "pin")
    assert lint["purpose"] == "tooling"


def test_dockerfile_outside_poetry_range(capsys, monkeypatch):
    code, report = run(REPOS / "docker-outside-range", capsys, monkeypatch)
    assert code == 1
    assert rules(report) == [("outside-range", "Dockerfile", 1)]
    assert "3.13.1" in report["findings"][0]["message"]
    assert ">=3.9,<3.13" in report["findings"][0]["message"]


def test_yaml_float_matrix(capsys, monkeypatch):
    code, report = run(REPOS / "yaml-float", capsys, monkeypatch)
    assert code == 1
    assert ("yaml-float", ".github/workflows/ci.yaml", 7) in rules(report)
    finding = next(f for f in report["findings"] if f["rule"] == "yaml-float")
    assert (finding["column"], finding["end_column"]) == (36, 40)


def test_env_indirection_points_at_the_env_line(capsys, monkeypatch):
    code, report = run(REPOS / "env-indirection", capsys, monkeypatch)
    assert code == 1
    workflow = next(d for d in report["declarations"] if d["file"].endswith("app.yml"))
    assert (workflow["line"], workflow["raw"]) == (4, "3.12")
    assert ("pin-mismatch", ".github/workflows/app.yml", 4) in rules(report)


def test_monorepo_services_on_different_pythons_is_clean(capsys, monkeypatch):
    code, report = run(REPOS / "monorepo", capsys, monkeypatch)
    assert (code, report["findings"]) == (0, [])
    scopes = {(d["file"], d["line"]): d["scope"] for d in report["declarations"]}
    assert scopes[(".github/workflows/services.yml", 12)] == "services/billing"
    assert scopes[(".github/workflows/services.yml", 20)] == "services/search"


def test_malformed_workflow_does_not_hide_the_rest(capsys, monkeypatch):
    code, report = run(REPOS / "malformed-workflow", capsys, monkeypatch)
    assert code == 1
    assert ("parse-error", ".github/workflows/broken.yml", 7) in rules(report)
    assert ("pin-mismatch", "Dockerfile", 1) in rules(report)
    assert {d["file"] for d in report["declarations"]} == {
        ".github/workflows/ok.yml",
        ".python-version",
        "Dockerfile",
    }


def test_nothing_declared(capsys, monkeypatch):
    code, report = run(REPOS / "nothing-declared", capsys, monkeypatch)
    assert code == 0
    assert report["declarations"] == report["findings"] == []


def test_fail_on_and_source_of_truth(capsys, monkeypatch):
    code, _ = run(REPOS / "malformed-workflow", capsys, monkeypatch, "--fail-on", "never")
    assert code == 0
    code, report = run(
        EXAMPLES / "drifted", capsys, monkeypatch, "--source-of-truth", ".python-version"
    )
    flagged = sorted(f["file"] for f in report["findings"] if f["rule"] == "pin-mismatch")
    assert flagged == [".github/workflows/ci.yml", "Dockerfile"]


def test_text_output_names_file_line_and_both_sides(capsys, monkeypatch):
    monkeypatch.chdir(EXAMPLES / "drifted")
    assert main(["check", "--no-code"]) == 1
    out = capsys.readouterr().out
    assert (
        ".python-version:1:1: error [pin-mismatch] .python-version:1 pins 3.9.6 but "
        "Dockerfile:1 and .github/workflows/ci.yml:15 pin 3.11"
    ) in out
    assert "`pyparity explain RULE` for details (pin-mismatch); -v shows every declaration" in out
    assert "scope .:" not in out  # the findings are not buried under the table


@pytest.mark.parametrize("flag", ["-v", "--verbose", "--show-declarations"])
def test_the_declarations_table_on_request(capsys, monkeypatch, flag):
    monkeypatch.chdir(EXAMPLES / "drifted")
    assert main(["check", "--no-code", flag]) == 1
    out = capsys.readouterr().out
    assert out.index("[pin-mismatch]") < out.index("scope .:")
    assert "-v shows every declaration" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--format", "yaml"],
        ["check", "--fail-on", "sometimes"],
        ["check", "--precision", "major"],
        ["check", "--today", "yesterday"],
        ["check", "--disable", "no-such-rule"],
        ["check", "/no/such/directory"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as raised:
        raise SystemExit(main(argv))
    assert raised.value.code == 2


def test_a_step_trying_the_next_python_is_not_drift(tmp_path, capsys, monkeypatch):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".python-version").write_text("3.12\n")
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: [push]\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        "          python-version-file: .python-version\n"
        "      - run: python -m pytest\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.14"\n'
        "      - run: python -m pytest\n"
        "        continue-on-error: true\n"
    )
    code, report = run(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert report["findings"] == []
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        (tmp_path / ".github" / "workflows" / "ci.yml")
        .read_text()
        .replace("        continue-on-error: true\n", "")
    )
    # Without continue-on-error the job tests 3.12 and 3.14: a tested set of two, still no
    # pin that disagrees (the runtime, .python-version, is tested).
    code, report = run(tmp_path, capsys, monkeypatch)
    assert code == 0
    assert report["findings"] == []


def test_trees_that_are_not_the_projects_own_are_left_out(capsys, monkeypatch):
    code, report = run(REPOS / "foreign-trees", capsys, monkeypatch)
    assert code == 0
    assert report["findings"] == []
    assert {(item["file"], item["reason"]) for item in report["left_out"]} == {
        ("tests/fixtures/legacy/pyproject.toml", "test data"),
        ("tests/e2e/Dockerfile", "test suite"),
        ("examples/webapp/Dockerfile", "example"),
        ("{{cookiecutter.project_slug}}/.python-version", "project template"),
        ("vendor/oldlib/setup.py", "vendored"),
    }
    assert report["summary"]["left_out"] == 5
    [image] = [d for d in report["declarations"] if d["file"] == "tests/docker/Dockerfile"]
    assert image["scope"] == "."
    assert "test image built by .github/workflows/ci.yml:20" in image["context"]


# modelled on a Kubernetes sidecar whose end-to-end tests run against a dummy web server
# built from its own folder under test/
SIDECAR_WORKFLOW = """\
on: push
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Build dummy server
        uses: docker/build-push-action@v6
        with:
          context: "test/server"
          tags: "dummy-server:1.0.0"
      - name: Build sidecar
        uses: docker/build-push-action@v6
        with:
          context: .
          tags: "sidecar:test"
"""
DUMMY_SERVER = """\
FROM python:3.9-alpine
RUN pip install fastapi uvicorn
COPY server.py /server.py
CMD ["uvicorn", "server:app", "--host", "0.0.0.0", "--port", "80"]
"""


# (its 3.9, which the range refuses, is `outside-range`'s alone: it outvotes no pin)
RUNS_THERE = [("outside-range", "test/server/Dockerfile", 1)]


@pytest.mark.parametrize(
    ("more_steps", "more_lines", "found"),
    [
        ("", "", []),
        # the same image, where the tests run: the project's floor binds it
        ("", 'CMD ["pytest", "/tests"]\n', RUNS_THERE),
        ("      - run: docker run --rm dummy-server:1.0.0 pytest /tests\n", "", RUNS_THERE),
    ],
)
def test_a_tests_helper_built_from_its_own_folder_is_not_where_the_tests_run(
    tmp_path, capsys, monkeypatch, more_steps, more_lines, found
):
    files = {
        "pyproject.toml": '[project]\nname = "sidecar"\nrequires-python = ">=3.12"\n',
        "Dockerfile": "FROM python:3.12-alpine\nCOPY . /app\nRUN pip install /app\n",
        ".github/workflows/build.yml": SIDECAR_WORKFLOW + more_steps,
        "test/server/Dockerfile": DUMMY_SERVER + more_lines,
        "test/server/server.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "sidecar/__init__.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    _, report = run(tmp_path, capsys, monkeypatch, "--no-code")
    assert [r for r in rules(report) if r[0] in ("outside-range", "pin-mismatch")] == found


def test_include_takes_a_left_out_tree_back(tmp_path, capsys, monkeypatch):
    import shutil

    tree = tmp_path / "repo"
    shutil.copytree(REPOS / "foreign-trees", tree)
    (tree / ".pyparity.toml").write_text('include = ["examples"]\n', encoding="utf-8")
    code, report = run(tree, capsys, monkeypatch)
    assert code == 1
    assert ("outside-range", "examples/webapp/Dockerfile", 1) in rules(report)
    assert {item["file"] for item in report["left_out"]} == {
        "tests/fixtures/legacy/pyproject.toml",
        "tests/e2e/Dockerfile",
        "{{cookiecutter.project_slug}}/.python-version",
        "vendor/oldlib/setup.py",
    }


def test_workflow_expressions_are_read_as_github_and_setup_python_read_them(capsys, monkeypatch):
    code, report = run(REPOS / "workflow-expressions", capsys, monkeypatch)
    assert code == 0
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [
        ("floating-version", 41),  # python-version-file: pyproject.toml is requires-python
        ("unresolved", 52),  # the folded expression is one value, not a line each
    ]
    workflow = [d for d in report["declarations"] if d["file"].startswith(".github/")]
    matrix = [d["raw"] for d in workflow if d["role"] == "matrix"]
    assert matrix == ["3.14", "3.13", "3.12", "3.11", "3.14", "3.10"]  # one job per include
    assert not any("postgres" in d["raw"] for d in report["declarations"])


def test_a_pyproject_of_tool_settings_is_not_a_project(tmp_path, capsys, monkeypatch):
    """Modelled on an SDK whose code sits in `sdk/python/` with ruff and mypy settings of its
    own there, packaged by the root pyproject.toml: an image built from that folder is the
    root project's, judged against its requires-python, and so is the code's floor."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "feastlike"\nrequires-python = ">=3.10"\n'
    )
    sdk = tmp_path / "sdk" / "python"
    (sdk / "pkg" / "lambda").mkdir(parents=True)
    (sdk / "pyproject.toml").write_text(
        "# settings for the SDK's code\n"
        "[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ['E', 'F']\n\n"
        "[[tool.mypy.overrides]]\nmodule = 'x.*'\nignore_missing_imports = true\n"
    )
    (sdk / "pkg" / "lambda" / "Dockerfile").write_text(
        "FROM public.ecr.aws/lambda/python:3.9\nCOPY sdk/python sdk/python\n"
        "COPY pyproject.toml pyproject.toml\nRUN pip install .\n"
    )
    (sdk / "pkg" / "types.py").write_text("def f(x: str | None) -> str | None:\n    return x\n")
    (sdk / "pkg" / "mapping.py").write_text("NAME = str | None\n")
    code, report = run(tmp_path, capsys, monkeypatch)
    assert code == 1
    assert [(f["rule"], f["file"]) for f in report["findings"] if f["severity"] != "notice"] == [
        ("outside-range", "sdk/python/pkg/lambda/Dockerfile")
    ]
    assert {d["scope"] for d in report["declarations"]} == {"."}
    # With the code scan: the code's floor is 3.10 (requires-python), not the image's 3.9.
    assert main(["check", ".", "--format", "json", "--today", "2026-11-26"]) == 1
    with_code = json.loads(capsys.readouterr().out)
    assert "code-floor" not in {f["rule"] for f in with_code["findings"]}
    (sdk / "pyproject.toml").write_text('[project]\nname = "sdk"\n[tool.ruff]\nline-length = 1\n')
    code, report = run(tmp_path, capsys, monkeypatch)
    assert {d["scope"] for d in report["declarations"]} == {".", "sdk/python"}
