"""A workflow that runs only on issue and discussion events is a bot: its Python runs the
bot's tool, not the project (microsoft/agent-framework's issue triage on 3.13 beside a dev
container on 3.14)."""

from __future__ import annotations

import pytest
from helpers import scan_tree

from pyparity.model import Purpose

_TRIAGE = """\
name: Issue Triage

on:
{triggers}

permissions:
  contents: read
  issues: write

jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - name: Checkout target repo base
        uses: actions/checkout@v5
        with:
          path: target-repo
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.13"
      - name: Install the triage tool
        working-directory: tools/triage
        run: uv sync --frozen
      - name: Classify the issue
        working-directory: tools/triage
        run: uv run python scripts/classify_issue.py --issue "${{{{ github.event.issue.number }}}}"
"""

_DEV_CONTAINER = """\
{
  "name": "acme",
  "image": "mcr.microsoft.com/devcontainers/python:3.14",
  "workspaceFolder": "/workspaces/acme"
}
"""


def _tree(triggers: str) -> dict[str, str]:
    return {
        "pyproject.toml": '[project]\nname = "acme"\nversion = "1"\nrequires-python = ">=3.10"\n',
        ".devcontainer/devcontainer.json": _DEV_CONTAINER,
        ".github/workflows/issue-triage.yml": _TRIAGE.format(triggers=triggers),
    }


@pytest.mark.parametrize(
    "triggers",
    [
        pytest.param("  issues:\n    types: [opened, typed]\n  workflow_dispatch:\n", id="mapping"),
        pytest.param("  [issues, issue_comment]", id="list"),
        pytest.param("  - discussion\n  - schedule", id="block-list"),
    ],
)
def test_a_workflow_of_issue_events_only_is_a_bot(tmp_path, triggers):
    result = scan_tree(tmp_path, _tree(triggers))
    assert [f.rule for f in result.findings if f.rule == "pin-mismatch"] == []
    [job] = [d for d in result.declarations if d.file.endswith("issue-triage.yml")]
    assert job.purpose is Purpose.TOOLING
    assert "issue events only" in job.context


@pytest.mark.parametrize(
    "triggers",
    [
        pytest.param("  push:\n  issues:\n", id="also-on-push"),
        pytest.param("  workflow_dispatch:\n", id="by-hand-only"),
        pytest.param("  pull_request_target:\n", id="pull-requests"),
    ],
)
def test_a_workflow_that_also_runs_on_code_events_is_compared(tmp_path, triggers):
    result = scan_tree(tmp_path, _tree(triggers))
    [finding] = [f for f in result.findings if f.rule == "pin-mismatch"]
    assert finding.file == ".github/workflows/issue-triage.yml"


def test_a_chat_command_that_runs_the_tests_stays_a_test_job(tmp_path):
    """`/test` in an issue comment that runs pytest: the tests run there."""
    tree = _tree("  issue_comment:\n    types: [created]\n")
    tree[".github/workflows/issue-triage.yml"] = tree[".github/workflows/issue-triage.yml"].replace(
        "uv run python scripts/classify_issue.py", "uv run pytest tests/ -x; echo"
    )
    result = scan_tree(tmp_path, tree)
    [job] = [d for d in result.declarations if d.file.endswith("issue-triage.yml")]
    assert job.purpose is Purpose.RUNTIME
