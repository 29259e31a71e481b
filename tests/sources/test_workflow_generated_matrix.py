"""A test job whose matrix another job makes at run time: its Pythons cannot be known, so what
the CI matrix as read lacks is no evidence (modelled on projects that list their nox sessions
or pixi environments with `--json` and feed them to `fromJson`)."""

from pathlib import Path

from helpers import scan_tree, text_file

from pyparity.model import Purpose, Role
from pyparity.sources.github_actions.workflow import read

NOX_SESSIONS = """\
name: Tests
on: [push, pull_request]
jobs:
  list-sessions:
    runs-on: ubuntu-latest
    outputs:
      sessions: ${{ steps.list.outputs.sessions }}
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v6
      - id: list
        run: echo "sessions=$(uvx nox --json -t tests -l | jq -c '[.[].session]')" >> "$GITHUB_OUTPUT"

  tests:
    needs: [list-sessions]
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        session: ${{ fromJson(needs.list-sessions.outputs.sessions) }}
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v6
      - run: uv sync
      - run: uv run nox -s "${{ matrix.session }}"

  typecheck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: astral-sh/setup-uv@v6
        with:
          python-version: "3.12"
      - run: uv run mypy src
"""

NOXFILE = """\
import nox

@nox.session(python=["3.10", "3.11", "3.12", "3.13"], tags=["tests"])
def tests(session):
    session.install(".[test]")
    session.run("pytest")
"""

PYPROJECT = """\
[project]
name = "pkg"
version = "1.0"
requires-python = ">=3.10"
"""


def test_a_generated_session_matrix_is_one_unresolved_declaration():
    found = read(text_file(".github/workflows/tests.yml", NOX_SESSIONS))
    generated = [d for d in found if d.context.startswith("job tests, matrix made")]
    assert [(d.line, d.role, d.purpose, d.raw) for d in generated] == [
        (
            20,
            Role.UNRESOLVED,
            Purpose.RUNTIME,
            "${{ fromJson(needs.list-sessions.outputs.sessions) }}",
        )
    ]


def test_the_ci_matrix_as_read_is_then_not_said_to_lack_the_nox_sessions(tmp_path: Path):
    files = {
        ".github/workflows/tests.yml": NOX_SESSIONS,
        "noxfile.py": NOXFILE,
        "pyproject.toml": PYPROJECT,
    }
    result = scan_tree(tmp_path, files)
    assert [f.rule for f in result.findings] == ["unresolved"]
    # The same CI with the session matrix written out lacks 3.10: that is said.
    written = NOX_SESSIONS.replace(
        "session: ${{ fromJson(needs.list-sessions.outputs.sessions) }}",
        'python: ["3.11", "3.12", "3.13"]',
    ).replace(
        'uv run nox -s "${{ matrix.session }}"', "uv run --python ${{ matrix.python }} pytest"
    )
    result = scan_tree(tmp_path / "written", {**files, ".github/workflows/tests.yml": written})
    assert "matrix-mismatch" in [f.rule for f in result.findings]


def test_a_job_that_names_its_python_or_is_no_test_job_declares_nothing_more():
    named = NOX_SESSIONS.replace(
        "      - run: uv sync\n",
        "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n"
        "      - run: uv sync\n",
    )
    found = read(text_file(".github/workflows/tests.yml", named))
    assert not [d for d in found if "matrix made" in d.context]
    lint = NOX_SESSIONS.replace('uv run nox -s "${{ matrix.session }}"', "uvx ruff check .")
    found = read(text_file(".github/workflows/tests.yml", lint))
    assert not [d for d in found if "matrix made" in d.context]
    os_only = NOX_SESSIONS.replace("session: ${{ fromJson", "os: ${{ fromJson")
    found = read(text_file(".github/workflows/tests.yml", os_only))
    assert not [d for d in found if "matrix made" in d.context]


DISTRO_IMAGES = """\
name: Integration tests
on: [pull_request]
jobs:
  integration:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        include:
          - name: "Debian 11"
            distro_image: "debian:11"
          - name: "Ubuntu 24.04"
            distro_image: "ubuntu:24.04"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"  # runs the driver script only
      - name: Build the test image from ${{ matrix.distro_image }}
        run: |
          .github/integration.py build-image \\
              --build-arg "BASE_IMAGE=${{ matrix.distro_image }}"
      - run: .github/integration.py run-test tests/integration
"""


def test_tests_in_an_image_built_per_matrix_entry_leave_the_ci_matrix_incomplete(
    tmp_path: Path,
):
    found = read(text_file(".github/workflows/integration.yml", DISTRO_IMAGES))
    built = [d for d in found if d.role is Role.UNRESOLVED]
    assert [(d.line, d.raw, d.purpose) for d in built] == [
        (21, '--build-arg "BASE_IMAGE=${{ matrix.', Purpose.RUNTIME)
    ]
    files = {
        ".github/workflows/integration.yml": DISTRO_IMAGES,
        "pyproject.toml": PYPROJECT.replace(">=3.10", ">=3.9"),
    }
    assert "matrix-misses-floor" not in [f.rule for f in scan_tree(tmp_path, files).findings]
    fixed = DISTRO_IMAGES.replace('${{ matrix.distro_image }}"', 'debian:12"')
    found = read(text_file(".github/workflows/integration.yml", fixed))
    assert not [d for d in found if d.role is Role.UNRESOLVED]
