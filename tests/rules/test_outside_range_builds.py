"""outside-range on Docker builder stages: only a stage whose Python output ships is an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import runtime_pin, scan_tree, scope_of, supported

from pyparity.model import Purpose, Severity
from pyparity.rules import outside_range


@pytest.mark.parametrize(
    ("ships", "severity"),
    [
        pytest.param(True, Severity.ERROR, id="venv-copied-into-the-final-stage"),
        pytest.param(False, Severity.WARNING, id="only-static-output-copied"),
    ],
)
def test_builder_stage_outside_the_range(ships: bool, severity: Severity) -> None:
    builder = runtime_pin(
        "Dockerfile", "3.10", source="dockerfile", purpose=Purpose.BUILD, ships=ships
    )
    [finding] = outside_range.check(scope_of(supported("pyproject.toml", ">=3.12"), builder))
    assert finding.severity is severity


@pytest.mark.parametrize(
    ("context", "reported"),
    [
        pytest.param(
            "job translate, step 3, setup-python, tooling: builds, publishes or maintains"
            " (peter-evans/create-pull-request)",
            False,
            id="a-maintenance-bot",
        ),
        pytest.param(
            "job run, step 2, setup-python, tooling: builds, publishes or maintains (towncrier)",
            False,
            id="a-news-fragment-check",
        ),
        pytest.param(
            "job lint, step 2, setup-python, tooling: only runs tools (mypy)",
            True,
            id="a-type-check-runs-over-the-code",
        ),
    ],
)
def test_ci_jobs_that_only_maintain_the_repository(context: str, reported: bool) -> None:
    job = runtime_pin(
        ".github/workflows/ci.yml",
        "3.11",
        source="workflow",
        purpose=Purpose.TOOLING,
        context=context,
    )
    findings = list(outside_range.check(scope_of(supported("pyproject.toml", ">=3.14"), job)))
    assert bool(findings) is reported


# A stage that builds a C helper from source and hands the binary to the final image: the
# Python of its base image is never run.
C_HELPER_BUILDER = """\
# Build the privilege-dropping helper
FROM python:3.11-slim-bookworm AS builder
RUN apt-get update && \\
    apt-get install -y --no-install-recommends gcc libc-dev make git && \\
    rm -rf /var/lib/apt/lists/*
RUN git clone https://example.invalid/gosu-lite.git /src && \\
    cd /src && make && mv /src/gosu-lite /usr/bin/gosu-lite

FROM python:3.13-slim-bookworm
COPY --from=builder /usr/bin/gosu-lite /usr/bin/gosu-lite
COPY loader.conf /etc/loader.conf
RUN pip install --no-cache-dir graph-loader==1.2
"""


@pytest.mark.parametrize(
    ("builder_run", "reported"),
    [
        pytest.param(None, False, id="c-helper-builder-runs-no-python"),
        pytest.param("RUN python -m compileall /src\n", True, id="builder-runs-python"),
        pytest.param("RUN pip wheel -w /wheels /src\n", True, id="builder-builds-wheels"),
        pytest.param(
            'COPY . /app\nCMD ["python", "-m", "loader"]\n', True, id="a-target-that-runs-python"
        ),
        pytest.param(
            "FROM builder AS generate\nRUN pip install grpcio-tools\n",
            True,
            id="a-stage-built-from-it-runs-python",
        ),
    ],
)
def test_a_builder_stage_that_runs_no_python(tmp_path, builder_run, reported) -> None:
    import datetime as dt

    from helpers import scan_tree

    text = C_HELPER_BUILDER
    if builder_run is not None:
        text = text.replace("\nFROM python:3.13", f"{builder_run}\nFROM python:3.13")
    result = scan_tree(
        tmp_path,
        {
            "Dockerfile": text,
            "pyproject.toml": '[project]\nname = "loader"\nversion = "1"\nrequires-python = ">=3.13"\n',
        },
        dt.date(2026, 12, 2),
    )
    found = [(f.rule, f.line) for f in result.findings if f.rule == "outside-range"]
    assert found == ([("outside-range", 2)] if reported else [])


# A build tool that tests how it handles its users' interpreters: one setup-python step installs
# a row of Pythons (the last is `python`), its development image adds deadsnakes' beside them.
# They are a test runner's to pick; only what the project itself runs is held to its range.
SIDE_BY_SIDE_TREE = {
    "pyproject.toml": '[project]\nname = "builder"\nrequires-python = "==3.14.*"\n',
    ".github/workflows/test.yaml": """\
name: test
on: [push]
jobs:
  integration:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - name: Set up Python 3.9, 3.10, 3.11, 3.12, 3.13, 3.14
        uses: actions/setup-python@v6
        with:
          python-version: |
            3.9
            3.10
            3.11
            3.12
            3.13
            3.14
      - run: python -m pytest tests/integration
  lint:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: |
            3.14
            3.12
      - run: python -m pytest
""",
    ".devcontainer/Dockerfile": (
        "FROM mcr.microsoft.com/devcontainers/base:noble\n"
        "RUN apt-get update \\\n"
        "    && add-apt-repository ppa:deadsnakes/ppa \\\n"
        "    && apt-get install -y python3.9 python3.9-venv \\\n"
        "        python3.10 python3.10-venv\n"
    ),
}


def test_pythons_installed_side_by_side_are_not_held_to_the_range(tmp_path: Path) -> None:
    result = scan_tree(tmp_path, SIDE_BY_SIDE_TREE)
    found = [(f.rule, f.file, f.line) for f in result.findings if f.rule != "code-floor"]
    # The second job's default `python` is the last line, 3.12: the project's tests run there
    # (said on that line of the block).
    assert [f for f in found if f[0] == "outside-range"] == [
        ("outside-range", ".github/workflows/test.yaml", 27)
    ]
    assert not [f for f in found if f[0] == "pin-mismatch"]
