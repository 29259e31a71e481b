"""Image references -> the Python they carry."""

from __future__ import annotations

import pytest

from pyparity.images import may_carry_python, parse_image
from pyparity.model import Minor


@pytest.mark.parametrize(
    ("reference", "text", "minor", "implementation"),
    [
        pytest.param("python:3.12", "3.12", "3.12", "cpython", id="python-minor"),
        pytest.param("python:3.12.7", "3.12.7", "3.12", "cpython", id="python-patch"),
        pytest.param("python:3.15.0a2", "3.15.0a2", "3.15", "cpython", id="python-alpha"),
        pytest.param("python:3.12-slim-bookworm", "3.12", "3.12", "cpython", id="python-variant"),
        pytest.param("python:3.11-slim@sha256:" + "0" * 64, "3.11", "3.11", "cpython", id="digest"),
        pytest.param("docker.io/library/python:3.10", "3.10", "3.10", "cpython", id="docker-io"),
        pytest.param("index.docker.io/python:3.10", "3.10", "3.10", "cpython", id="index"),
        pytest.param("library/python:3.10-alpine", "3.10", "3.10", "cpython", id="library"),
        pytest.param(
            "public.ecr.aws/docker/library/python:3.9", "3.9", "3.9", "cpython", id="ecr-mirror"
        ),
        pytest.param(
            "mirror.gcr.io/library/python:3.13", "3.13", "3.13", "cpython", id="gcr-mirror"
        ),
        pytest.param("pypy:3.10-7.3.17-slim", "3.10", "3.10", "pypy", id="pypy"),
        pytest.param(
            "mcr.microsoft.com/devcontainers/python:3.12", "3.12", "3.12", "cpython", id="dc"
        ),
        pytest.param(
            "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",
            "3.12",
            "3.12",
            "cpython",
            id="dc-image-version",
        ),
        pytest.param(
            "mcr.microsoft.com/devcontainers/python:3.1.5-3.14-trixie",
            "3.14",
            "3.14",
            "cpython",
            id="dc-two-numbers",
        ),
        pytest.param(
            "mcr.microsoft.com/vscode/devcontainers/python:0-3.9",
            "3.9",
            "3.9",
            "cpython",
            id="dc-vscode",
        ),
        pytest.param("cimg/python:3.13.1-node", "3.13.1", "3.13", "cpython", id="cimg"),
        pytest.param("circleci/python:3.8.5-buster", "3.8.5", "3.8", "cpython", id="circleci"),
        pytest.param(
            "ghcr.io/astral-sh/uv:python3.12-bookworm-slim", "3.12", "3.12", "cpython", id="uv"
        ),
        pytest.param(
            "ghcr.io/astral-sh/uv:0.6-python3.12-alpine", "3.12", "3.12", "cpython", id="uv-ver"
        ),
        pytest.param("public.ecr.aws/lambda/python:3.12", "3.12", "3.12", "cpython", id="lambda"),
        pytest.param("amazon/aws-lambda-python:3.12-arm64", "3.12", "3.12", "cpython", id="aws"),
        pytest.param(
            "quay.io/jupyter/scipy-notebook:python-3.11", "3.11", "3.11", "cpython", id="jupyter"
        ),
        pytest.param(
            "jupyter/base-notebook:python-3.10.11", "3.10.11", "3.10", "cpython", id="jupyter-hub"
        ),
        pytest.param(
            "registry.access.redhat.com/ubi9/python-311", "311", "3.11", "cpython", id="ubi9"
        ),
        pytest.param(
            "registry.access.redhat.com/ubi8/python-39:1-117", "39", "3.9", "cpython", id="ubi8"
        ),
    ],
)
def test_version_from_image(reference: str, text: str, minor: str, implementation: str) -> None:
    python = parse_image(reference)
    assert python is not None
    assert reference[python.start : python.end] == text
    assert python.requirement.minors == (Minor.parse(minor),)
    assert python.requirement.implementation == implementation
    assert not python.requirement.floating
    assert not python.low_confidence


@pytest.mark.parametrize(
    ("reference", "text", "implementation"),
    [
        pytest.param("python", "python", "cpython", id="no-tag"),
        pytest.param("python:3", "3", "cpython", id="major-only"),
        pytest.param("python:latest", "latest", "cpython", id="latest"),
        pytest.param("python:slim", "slim", "cpython", id="slim"),
        pytest.param("python:alpine", "alpine", "cpython", id="alpine"),
        pytest.param("python:3-alpine", "3", "cpython", id="major-variant"),
        pytest.param("pypy:3", "3", "pypy", id="pypy-major"),
        pytest.param("pypy", "pypy", "pypy", id="pypy-no-tag"),
        pytest.param("mcr.microsoft.com/devcontainers/python:1", "1", "cpython", id="dc-1"),
        pytest.param("quay.io/jupyter/minimal-notebook:latest", "latest", "cpython", id="jup"),
    ],
)
def test_floating_tags(reference: str, text: str, implementation: str) -> None:
    python = parse_image(reference)
    assert python is not None
    assert python.requirement.floating
    assert python.requirement.implementation == implementation
    assert reference[python.start : python.end] == text


@pytest.mark.parametrize(
    ("reference", "minor"),
    [
        pytest.param("gcr.io/distroless/python3-debian11", "3.9", id="debian11"),
        pytest.param("gcr.io/distroless/python3-debian12:nonroot", "3.11", id="debian12"),
        pytest.param("gcr.io/distroless/python3-debian13:debug", "3.13", id="debian13"),
    ],
)
def test_distroless_is_low_confidence(reference: str, minor: str) -> None:
    python = parse_image(reference)
    assert python is not None
    assert python.low_confidence
    assert python.requirement.minors == (Minor.parse(minor),)
    assert reference[python.start : python.end].startswith("python3-debian")


@pytest.mark.parametrize(
    "reference",
    [
        pytest.param("quay.io/pypa/manylinux2014_x86_64", id="manylinux"),
        pytest.param("quay.io/pypa/manylinux_2_28_x86_64:latest", id="manylinux-tag"),
        pytest.param("continuumio/miniconda3:24.7.1-0", id="miniconda"),
        pytest.param("condaforge/miniforge3:latest", id="miniforge"),
        pytest.param("node:20-slim", id="node"),
        pytest.param("ubuntu:24.04", id="ubuntu"),
        pytest.param("ghcr.io/astral-sh/uv:0.5.4", id="uv-binary-only"),
        pytest.param("ghcr.io/astral-sh/uv:latest", id="uv-latest"),
        pytest.param("quay.io/jupyter/base-notebook:2024-01-15", id="jupyter-dated"),
        pytest.param("gcr.io/distroless/python3", id="distroless-unknown-debian"),
        pytest.param("python:${PYTHON_VERSION}", id="unexpanded"),
        pytest.param("scratch", id="scratch"),
        pytest.param("python:", id="empty-tag"),
        pytest.param("", id="empty"),
        pytest.param("myregistry.example.com/python:custom", id="private-registry-no-version"),
        pytest.param("cgr.dev/chainguard/python:latest-dev", id="mirror-latest"),
        pytest.param("pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime", id="cuda-not-python"),
        pytest.param("openjdk:py3.12x", id="py-inside-a-word"),
    ],
)
def test_no_python(reference: str) -> None:
    assert parse_image(reference) is None


@pytest.mark.parametrize(
    ("reference", "text"),
    [
        pytest.param("apache/airflow:2.10.3-python3.11", "3.11", id="airflow"),
        pytest.param(
            "mcr.microsoft.com/azure-functions/python:4-python3.11-appservice",
            "3.11",
            id="azure-functions",
        ),
        pytest.param("prefecthq/prefect:3-python3.12", "3.12", id="prefect"),
        pytest.param("tiangolo/uvicorn-gunicorn-fastapi:python3.11", "3.11", id="tag-first"),
        pytest.param("rapidsai/base:24.10-cuda12.5-py3.12", "3.12", id="py-token"),
        pytest.param("myregistry.example.com/python:3.12", "3.12", id="private-registry"),
        pytest.param(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/python:3.12.4-slim",
            "3.12.4",
            id="ecr-mirror",
        ),
        pytest.param(
            "artifactory.example.com/docker-remote/library/python:3.11-slim-bookworm",
            "3.11",
            id="artifactory-mirror",
        ),
        pytest.param("bitnami/python:3.12.7-debian-12-r0", "3.12.7", id="bitnami"),
    ],
)
def test_python_named_in_the_tag_or_a_mirror(reference: str, text: str) -> None:
    """Application images built on a framework image or a registry mirror of `python`."""
    python = parse_image(reference)
    assert python is not None
    assert reference[python.start : python.end] == text
    assert python.requirement.minors == (Minor.parse(".".join(text.split(".")[:2])),)


@pytest.mark.parametrize(
    ("reference", "text"),
    [
        pytest.param("mitodl/ol-python-base:3.12", "3.12", id="org-base"),
        pytest.param("ghcr.io/acme/python-runtime:3.13.1-slim", "3.13.1", id="org-runtime"),
        pytest.param("registry.example.com/base-python:3.11_2024-06", "3.11", id="underscore"),
    ],
)
def test_an_organisations_python_image_tagged_with_its_python(reference: str, text: str) -> None:
    """A base image of an organisation's own, named for Python and tagged with the minor it
    carries: read, with low confidence (the tag is the organisation's convention)."""
    python = parse_image(reference)
    assert python is not None
    assert python.low_confidence
    assert reference[python.start : python.end] == text


@pytest.mark.parametrize(
    "reference",
    [
        pytest.param("acme/python-client:3.1.0", id="an-app-version"),
        pytest.param("acme/python-tools:2.12", id="not-python-3"),
        pytest.param("acme/python-worker:latest", id="no-version"),
        pytest.param("acme/python-worker:3.12rc", id="not-a-plain-version"),
    ],
)
def test_an_organisations_python_image_with_another_tag_is_not_read(reference: str) -> None:
    assert parse_image(reference) is None


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        pytest.param("node:${NODE_VERSION}", False, id="node"),
        pytest.param("python:${V}", True, id="python"),
        pytest.param("python:3.${MINOR}-slim", True, id="python-partial"),
        pytest.param("${BASE_IMAGE}", True, id="whole"),
        pytest.param("${REGISTRY}/python:3.12", True, id="registry"),
        pytest.param("ghcr.io/org/app-${ENV}:1", True, id="unknown-name"),
        pytest.param("python:3.12", True, id="no-variable"),
        pytest.param("registry.example.com/python:${PY}-slim", True, id="mirror"),
    ],
)
def test_may_carry_python(reference: str, expected: bool) -> None:
    assert may_carry_python(reference) is expected
