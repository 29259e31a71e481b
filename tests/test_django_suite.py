"""End to end: a Django project declaring its Python in most kinds of file, with three
planted disagreements and nothing else to report.

- docker-compose.yml builds the `web` service with `PYTHON_VERSION: "3.11"`, overriding the
  Dockerfile's 3.12: `docker compose up` runs 3.11 while everything else runs 3.12. The CI,
  tox and nox test 3.11 and 3.12 alike, so it is a warning: what runs there is tested, and it
  may be a choice within the range as well as a build arg left behind.
- .pre-commit-config.yaml runs its hooks on python3.10, below `requires-python >=3.11`.
- ruff's `target-version = "py310"` is below the floor of `requires-python`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyparity.cli import main

SUITE = Path(__file__).parent / "fixtures" / "repos" / "django-suite"


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(SUITE)
    code = main(["check", ".", "--format", "json", "--no-code", "--today", "2026-11-26"])
    result = json.loads(capsys.readouterr().out)
    result["exit"] = code
    return result


def test_only_the_planted_disagreements_are_found(report):
    found = [
        (f["rule"], f["severity"], f["file"], f["line"], f["column"], f["end_column"])
        for f in report["findings"]
    ]
    assert found == [
        ("outside-range", "warning", ".pre-commit-config.yaml", 2, 17, 21),
        ("pin-mismatch", "warning", "docker-compose.yml", 7, 26, 30),
        ("target-mismatch", "warning", "pyproject.toml", 25, 19, 24),
    ]
    assert report["exit"] == 0  # (warnings only; `--fail-on warning` fails on them)


def test_compose_override_names_the_pins_it_disagrees_with(report):
    [finding] = [f for f in report["findings"] if f["rule"] == "pin-mismatch"]
    assert finding["message"].startswith("docker-compose.yml:7 pins 3.11 but ")
    assert finding["message"].endswith("; the tests run 3.11 and 3.12: a choice within the range?")
    assert {(r["file"], r["line"]) for r in finding["related"]} >= {
        (".python-version", 1),
        ("Dockerfile", 2),
        ("runtime.txt", 1),
        (".devcontainer/devcontainer.json", 4),
        ("docker-compose.yml", 18),
    }


def declared(report: dict) -> dict[tuple[str, int, int], tuple[str, str, str | None, str]]:
    return {
        (d["file"], d["line"], d["column"]): (d["source"], d["role"], d.get("purpose"), d["raw"])
        for d in report["declarations"]
    }


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        pytest.param(
            ("docker-compose.yml", 7, 26),
            ("compose", "pin", "runtime", "python:3.11-slim-bookworm"),
            id="compose-build-arg",
        ),
        pytest.param(
            ("docker-compose.yml", 18, 44),
            ("compose", "pin", "runtime", "python:3.12-slim-bookworm"),
            id="compose-build-arg-default",
        ),
        pytest.param(
            (".devcontainer/devcontainer.json", 4, 54),
            (
                "devcontainer",
                "pin",
                "runtime",
                "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",
            ),
            id="devcontainer-image",
        ),
        pytest.param(
            (".pre-commit-config.yaml", 2, 17),
            ("pre-commit", "pin", "tooling", "python3.10"),
            id="pre-commit",
        ),
        pytest.param(
            (".readthedocs.yaml", 5, 14),
            ("readthedocs", "pin", "tooling", "3.12"),
            id="readthedocs",
        ),
        pytest.param(
            (".gitlab-ci.yml", 13, 17),
            ("gitlab-ci", "pin", "tooling", "python:3.12-slim"),
            id="gitlab-lint",
        ),
        pytest.param(
            (".gitlab-ci.yml", 25, 27),
            ("gitlab-ci", "matrix", "runtime", "python:3.11-slim"),
            id="gitlab-matrix-3.11",
        ),
        pytest.param(
            (".gitlab-ci.yml", 25, 35),
            ("gitlab-ci", "matrix", "runtime", "python:3.12-slim"),
            id="gitlab-matrix-3.12",
        ),
    ],
)
def test_each_new_kind_of_file_is_read(report, where, expected):
    assert declared(report)[where] == expected


def test_compose_links_are_all_resolved(report):
    assert not [d for d in report["declarations"] if d["role"] == "unresolved"]
