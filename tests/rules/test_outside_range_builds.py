"""outside-range on Docker builder stages: only a stage whose Python output ships is an error."""

from __future__ import annotations

import pytest
from helpers import runtime_pin, scope_of, supported

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
