"""docker/build-push-action with `build-args` from the matrix: the Dockerfile's Python for
each run, declared where the matrix writes it."""

from __future__ import annotations

from pathlib import Path

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Role

TODAY = __import__("datetime").date(2026, 12, 2)

DOCKERFILE = """\
ARG PYTHON_VERSION=3.12
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-slim AS ui
FROM python:${PYTHON_VERSION}-slim
COPY --from=ui /app /app
"""

WORKFLOW = """\
on: release
jobs:
  images:
    strategy:
      matrix:
        python-version:
          - "3.11"
          - "3.13"
        flavor: ["", "-extra"]
    steps:
      - id: node
        run: echo "version=$(cat .nvmrc)" >> "$GITHUB_OUTPUT"
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/Dockerfile
          build-args: |
            PYTHON_VERSION=${{ matrix.python-version }}
            NODE_VERSION=${{ steps.node.outputs.version }}
            ${{ matrix.flavor == '-extra' && 'EXTRAS=all' || '' }}
"""


def check(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return run(str(tmp_path), Config(today=TODAY, code=False))


def test_the_matrix_build_args_are_the_images_python_where_the_matrix_writes_them(tmp_path):
    result = check(
        tmp_path,
        {"docker/Dockerfile": DOCKERFILE, ".github/workflows/images.yml": WORKFLOW},
    )
    found = sorted(
        {
            (d.line, d.raw, d.role)
            for d in result.declarations
            if d.file == ".github/workflows/images.yml"
        }
    )
    assert found == [
        (7, "python:3.11-slim", Role.MATRIX),
        (8, "python:3.13-slim", Role.MATRIX),
    ]
    # The Node version a step computes is no Python: no notice for it.
    assert not [f for f in result.findings if f.rule == "unresolved"]


def test_a_python_build_arg_that_cannot_be_known_is_unresolved(tmp_path):
    workflow = WORKFLOW.replace("${{ matrix.python-version }}", "${{ inputs.python }}")
    result = check(
        tmp_path, {"docker/Dockerfile": DOCKERFILE, ".github/workflows/images.yml": workflow}
    )
    [finding] = [f for f in result.findings if f.rule == "unresolved"]
    assert "build arg PYTHON_VERSION" in finding.message


def test_the_default_dockerfile_is_the_contexts(tmp_path):
    workflow = WORKFLOW.replace("          context: .\n          file: docker/Dockerfile\n", "")
    workflow = workflow.replace('flavor: ["", "-extra"]', 'flavor: [""]')
    result = check(tmp_path, {"Dockerfile": DOCKERFILE, ".github/workflows/images.yml": workflow})
    found = sorted(
        (d.line, d.raw) for d in result.declarations if d.file == ".github/workflows/images.yml"
    )
    assert found == [(7, "python:3.11-slim"), (8, "python:3.13-slim")]
