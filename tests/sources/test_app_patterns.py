"""Regressions found on application repositories: docs images, install targets, SAM layers."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import RUNS_NO_PYTHON, Purpose
from pyparity.sources import aws_sam
from pyparity.sources.dockerfile import is_docs_image, read, tooling_image


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("docs/Dockerfile", True, id="docs-folder"),
        pytest.param("doc/build/Dockerfile", True, id="doc-folder"),
        pytest.param("Dockerfile.docs", True, id="dot-docs"),
        pytest.param("docker/mkdocs.Dockerfile", True, id="mkdocs-suffix"),
        pytest.param("Dockerfile.sphinx", True, id="sphinx"),
        pytest.param("Dockerfile-docs", True, id="dash-docs"),
        pytest.param("Dockerfile_dev", False, id="underscore-dev"),
        pytest.param("Dockerfile", False, id="plain"),
        pytest.param("Dockerfile.dev", False, id="dev"),
        pytest.param("services/docservice/Dockerfile", False, id="docs-as-part-of-a-name"),
        pytest.param("Dockerfile.docstore", False, id="docstore"),
    ],
)
def test_docs_images(path: str, expected: bool) -> None:
    assert is_docs_image(path) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("docker/bench_py3.Dockerfile", "benchmark", id="bench-prefix"),
        pytest.param("Dockerfile.benchmark", "benchmark", id="dot-benchmark"),
        pytest.param("benchmarks/Dockerfile", "benchmark", id="benchmarks-folder"),
        pytest.param("asv_bench/Dockerfile", "benchmark", id="asv-folder"),
        pytest.param(
            "evals/harbor/tasks/triage/environment/Dockerfile", "evaluation", id="evals-task"
        ),
        pytest.param("eval/Dockerfile.runner", "evaluation", id="eval-folder"),
        pytest.param("services/evaluator/Dockerfile", None, id="eval-as-part-of-a-name"),
        pytest.param("docs/Dockerfile", "docs", id="docs"),
        pytest.param("services/benchling/Dockerfile", None, id="bench-as-part-of-a-name"),
        pytest.param("Dockerfile.benchling", None, id="benchling"),
        pytest.param("docker/py3.Dockerfile", None, id="plain-variant"),
    ],
)
def test_tooling_images(path: str, expected: str | None) -> None:
    assert tooling_image(path) == expected


def test_benchmark_image_pins_are_tooling() -> None:
    (final,) = read(text_file("docker/bench_py3.Dockerfile", "FROM python:3.10-slim\n"))
    assert (final.purpose, final.context) == (
        Purpose.TOOLING,
        "final stage, tooling: benchmark image (docker/bench_py3.Dockerfile)",
    )
    (other,) = read(text_file("docker/py3.Dockerfile", "FROM python:3.10-slim\n"))
    assert other.purpose is Purpose.RUNTIME


def test_evaluation_image_keeps_its_builder_that_runs_no_python() -> None:
    # An evaluation's image whose first stage only compiles a C helper: that stage's Python
    # is never used (no range is held against it); the final stage runs the evaluation.
    text = (
        "FROM python:3.11-slim AS builder\n"
        "RUN apt-get update && apt-get install -y gcc make \\\n"
        "    && make -C /src/helper && cp /src/helper/helper /usr/bin/helper\n"
        "\n"
        "FROM python:3.11-slim\n"
        "COPY --from=builder /usr/bin/helper /usr/bin/helper\n"
        "RUN pip install neo4j openai\n"
    )
    builder, final = read(text_file("evals/old/modal_apps/Dockerfile.graph", text))
    assert builder.purpose is Purpose.TOOLING
    assert builder.context == f"stage builder, tooling: {RUNS_NO_PYTHON}"
    assert final.purpose is Purpose.TOOLING
    assert final.context == (
        "final stage, tooling: evaluation image (evals/old/modal_apps/Dockerfile.graph)"
    )


def test_docs_image_pins_are_tooling() -> None:
    text = (
        "FROM python:3.10-slim AS build\n"
        "RUN pip install sphinx && sphinx-build -b html . /site\n"
        "FROM nginx:1.27-alpine\n"
        "COPY --from=build /site /usr/share/nginx/html\n"
    )
    (builder,) = read(text_file("docs/Dockerfile", text))
    assert builder.purpose is Purpose.TOOLING
    assert builder.context == "stage build, tooling: docs image (docs/Dockerfile)"
    (final,) = read(text_file("Dockerfile.docs", "FROM python:3.10-slim\n"))
    assert (final.purpose, final.context) == (
        Purpose.TOOLING,
        "final stage, tooling: docs image (Dockerfile.docs)",
    )


@pytest.mark.parametrize(
    ("run", "copied"),
    [
        pytest.param("pip install --target /deps flask", "/deps", id="target"),
        pytest.param("pip install --target=/deps flask", "/deps", id="target-equals"),
        pytest.param("pip install -t deps flask", "/build/deps", id="relative-to-workdir"),
        pytest.param("pip install --prefix=/install .", "/install", id="prefix"),
        pytest.param("pip wheel -w /whl -r requirements.txt", "/whl", id="wheel-dir"),
        pytest.param("python -m venv /env && /env/bin/pip install .", "/env", id="venv"),
        pytest.param("uv venv --seed /env && uv pip install .", "/env", id="uv-venv"),
        pytest.param("apt-get update && pip install --target /deps x", "/deps", id="chained"),
    ],
)
def test_a_directory_a_run_installs_into_ships(run: str, copied: str) -> None:
    """`pip install --target /deps` + `COPY --from=b /deps` into distroless (3.11) was missed."""
    text = (
        "FROM python:3.12-slim AS b\n"
        "WORKDIR /build\n"
        f"RUN {run}\n"
        "FROM gcr.io/distroless/python3-debian12\n"
        f"COPY --from=b {copied} /app\n"
    )
    builder, _ = read(text_file("Dockerfile", text))
    assert builder.ships


def test_a_target_of_another_command_does_not_ship() -> None:
    text = (
        "FROM python:3.12-slim AS b\n"
        "RUN tar -t /archive.tar > /listing && sort -t , /in > /out\n"
        "FROM python:3.11-slim\n"
        "COPY --from=b /listing /out /srv/\n"
    )
    builder, _ = read(text_file("Dockerfile", text))
    assert not builder.ships


LAYERED = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
Resources:
  Deps:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
      CompatibleRuntimes: [python3.11, python3.12]
    Metadata:
      BuildMethod: python3.11
  Assets:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: assets/
    Metadata:
      BuildMethod: makefile
"""


def test_sam_layer_build_method_is_a_runtime_pin() -> None:
    found = aws_sam.read(text_file("template.yaml", LAYERED))
    assert [(d.line, d.raw, d.context, d.purpose) for d in found] == [
        (5, "python3.12", "Globals.Function.Runtime", Purpose.RUNTIME),
        (13, "python3.11", "layer Deps Metadata.BuildMethod", Purpose.RUNTIME),
    ]
