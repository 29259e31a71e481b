"""Pythons a Dockerfile's RUN and ENV lines set up on a base image that carries none."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from pyparity.model import SIDE_BY_SIDE, Declaration, Purpose, Role
from pyparity.parsers.dockerfile import parse
from pyparity.sources import _dockerfile_installs
from pyparity.sources.dockerfile import read
from pyparity.textfile import TextFile


def declarations(text: str, path: str = "Dockerfile") -> list[Declaration]:
    return read(TextFile.from_bytes(path, text.encode()))


def listed(text: str, path: str = "Dockerfile") -> list[tuple[int, str, Role, str | None]]:
    return [
        (d.line, d.raw, d.role, d.requirement.version if d.requirement else None)
        for d in declarations(text, path)
    ]


SOURCE_BUILD = """\
FROM buildpack-deps:bookworm
ENV GPG_KEY 0123ABCD
ENV PYTHON_VERSION 3.12.9
RUN set -eux; \\
\twget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \\
\t./configure --enable-optimizations
"""


def test_env_version_built_from_source_is_the_runtime_pin() -> None:
    [found] = declarations(SOURCE_BUILD)
    assert (found.line, found.span.column, found.raw, found.role) == (3, 20, "3.12.9", Role.PIN)
    assert found.purpose is Purpose.RUNTIME
    assert found.requirement is not None
    assert found.requirement.version == "3.12.9"
    assert "ENV PYTHON_VERSION built from python.org's release" in found.context


def test_the_parser_keeps_env_pairs_and_run_positions() -> None:
    stage = parse(SOURCE_BUILD).stages[0]
    assert [env.name for env in stage.envs] == ["GPG_KEY", "PYTHON_VERSION"]
    assert stage.run_lines[0].text.startswith("set -eux;")


def test_one_image_per_version_directory_is_a_set_entry() -> None:
    [found] = declarations(SOURCE_BUILD, path="3.12/slim-bookworm/Dockerfile")
    assert found.role is Role.MATRIX
    assert "one of the images built per Python" in found.context


def test_windows_installer_with_powershell_reference() -> None:
    text = (
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\r\n"
        "ENV PYTHON_VERSION 3.14.1\r\n"
        "RUN $url = ('https://www.python.org/ftp/python/{0}/python-{1}-amd64.exe' -f "
        "$env:PYTHON_VERSION, $env:PYTHON_VERSION); \\\r\n"
        "\tInvoke-WebRequest -Uri $url -OutFile 'python.exe'\r\n"
    )
    assert listed(text) == [(2, "3.14.1", Role.PIN, "3.14.1")]


def test_env_version_used_by_uv_venv_with_quotes_and_equals() -> None:
    text = (
        "\ufeffFROM ubuntu:24.04\n"
        'ENV PYTHON_VERSION="3.13" \\\n'
        "    NODE_VERSION=22\n"
        "# a comment\n"
        'RUN uv venv /venv --python "${PYTHON_VERSION}"\n'
    )
    assert listed(text) == [(2, "3.13", Role.PIN, "3.13")]


def test_env_version_that_no_run_installs_is_not_read() -> None:
    text = "FROM ubuntu:24.04\nENV PYTHON_VERSION=3.13\nRUN echo PYTHON=${PYTHON_VERSION}\n"
    assert declarations(text) == []


def test_arg_default_is_unresolved_with_the_reason() -> None:
    text = (
        "FROM ubuntu:24.04\n"
        "ARG PYTHON_VERSION=3.13\n"
        'RUN SPEC="python=${PYTHON_VERSION}" && micromamba install --yes "${SPEC}"\n'
    )
    [found] = declarations(text)
    assert (found.line, found.raw, found.role) == (2, "3.13", Role.UNRESOLVED)
    assert "build argument" in found.note


def test_pyenv_versions_of_a_development_image_are_a_set() -> None:
    text = (
        "FROM debian:bookworm\n"
        "RUN pyenv install 3.13 && \\\n"
        "    pyenv install -s 3.12 && \\\n"
        "\tpyenv install pypy3.11\n"
        "RUN pyenv global 3.13 3.12 pypy3.11\n"
    )
    found = declarations(text)
    assert [(d.line, d.raw) for d in found] == [
        (2, "3.13"),
        (3, "3.12"),
        (4, "pypy3.11"),
        (5, "3.13"),
        (5, "3.12"),
        (5, "pypy3.11"),
    ]
    assert {d.role for d in found} == {Role.MATRIX}
    assert len({d.group for d in found}) == 1


def test_one_pyenv_version_is_a_pin() -> None:
    text = "FROM debian:bookworm\nRUN pyenv install 3.11.9; pyenv global 3.11.9\n"
    assert [(raw, role) for _, raw, role, _ in listed(text)] == [
        ("3.11.9", Role.PIN),
        ("3.11.9", Role.PIN),
    ]


@pytest.mark.parametrize(
    ("run", "raw"),
    [
        pytest.param(
            "apt-get update && apt-get install -y python3.9 python3.9-venv", "python3.9", id="apt"
        ),
        pytest.param(
            "apk add --no-cache libxml2 'python-3.12' python-3.12-base", "python-3.12", id="apk"
        ),
        pytest.param("uv python install 3.12", "3.12", id="uv-python-install"),
        pytest.param("uv venv --python=3.12 /venv", "3.12", id="uv-venv"),
        pytest.param("/opt/conda/bin/conda create -y -n app python=3.12 pip", "3.12", id="conda"),
    ],
)
def test_literal_installs_are_the_stage_pin(run: str, raw: str) -> None:
    [found] = declarations(f"FROM ubuntu:22.04\nRUN {run}\n")
    assert (found.raw, found.role, found.purpose) == (raw, Role.PIN, Purpose.RUNTIME)


def test_distribution_pythons_of_several_minors_are_a_set_side_by_side() -> None:
    # A development image with deadsnakes' Pythons for a test runner (a comment inside the
    # RUN, CRLF line ends, a tab): none of them is the image's one Python.
    text = (
        "FROM mcr.microsoft.com/devcontainers/base:noble\r\n"
        "RUN apt-get update \\\r\n"
        "    # Add deadsnakes and the Pythons the integration tests run user code on.\r\n"
        "    && add-apt-repository ppa:deadsnakes/ppa \\\r\n"
        "    && apt-get install --no-install-recommends -y python3.8 python3.8-dev \\\r\n"
        "\tpython3.9 python3.9-venv \\\r\n"
        "        python3.10 python3.10-dev\r\n"
    )
    found = declarations(text)
    assert [(d.line, d.raw) for d in found] == [
        (5, "python3.8"),
        (6, "python3.9"),
        (7, "python3.10"),
    ]
    assert {d.role for d in found} == {Role.MATRIX}
    assert len({d.group for d in found}) == 1
    assert all(SIDE_BY_SIDE in d.context for d in found)


def test_distribution_packages_of_one_minor_stay_the_stage_pin() -> None:
    text = "FROM ubuntu:24.04\nRUN apt-get install -y python3.12 python3.12-venv python3.12-dev\n"
    [found] = declarations(text)
    assert (found.role, SIDE_BY_SIDE in found.context) == (Role.PIN, False)


@pytest.mark.parametrize(
    ("base", "install", "expected"),
    [
        pytest.param("ubuntu:24.04", "apt-get install -y python3 python3-pip", "3.12", id="noble"),
        pytest.param(
            "ubuntu:jammy-20240227", "apt-get install -y python3-venv", "3.10", id="jammy"
        ),
        pytest.param("debian:trixie-slim", "apt-get install -y python3", "3.13", id="trixie"),
        pytest.param("debian:12.5-slim", "apt-get install python3-dev", "3.11", id="debian-12"),
        pytest.param("alpine:3.20", "apk add --no-cache python3 py3-pip", "3.12", id="alpine"),
        pytest.param("fedora:41", "dnf install -y python3-devel", "3.13", id="fedora"),
        # (an option's value joined to it is no subcommand: motioneye's Dpkg option)
        pytest.param(
            "debian:trixie-slim",
            'apt-get -qq --option Dpkg::Options::="--force-confnew" install curl python3',
            "3.13",
            id="apt-option-value",
        ),
    ],
)
def test_a_distributions_own_python3_is_its_releases_minor(
    base: str, install: str, expected: str
) -> None:
    """Unmanic's image: `FROM ubuntu:24.04`, `apt-get install python3`: the project runs on
    Ubuntu 24.04's Python 3.12 as surely as on `FROM python:3.12`."""
    text = f"FROM {base}\nRUN {install}\nCOPY . /app\nRUN python3 -m pip install /app\n"
    [found] = declarations(text)
    assert (found.line, found.role, found.requirement.version) == (2, Role.PIN, expected)
    assert found.context.endswith(f"{base}'s python3")
    assert found.purpose is Purpose.RUNTIME


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FROM debian:stable-slim\nRUN apt-get install -y python3\n", id="stable"),
        pytest.param("FROM ubuntu\nRUN apt-get install -y python3\n", id="no-tag"),
        pytest.param("FROM alpine:edge\nRUN apk add python3\n", id="edge"),
        pytest.param("FROM node:20-bookworm\nRUN apt-get install -y python3\n", id="other-image"),
        pytest.param("FROM ubuntu:24.04\nRUN apt-get install -y python3-yaml\n", id="a-library"),
        pytest.param("FROM ubuntu:24.04\nRUN echo apt-get install python3\n", id="echo"),
        # a release an ARG names is chosen by each build (packages built per distribution)
        pytest.param(
            'ARG DEBIAN_VERSION="bullseye"\nFROM debian:${DEBIAN_VERSION}-slim\n'
            "RUN apt-get -y install python3 python3-venv\n",
            id="release-of-an-arg",
        ),
        pytest.param(
            "ARG BUILD_IMAGE=ubuntu:18.04\nFROM ${BUILD_IMAGE}\nRUN apt-get install -y python3\n",
            id="image-of-an-arg",
        ),
    ],
)
def test_a_python3_no_release_names_declares_nothing(text: str) -> None:
    assert declarations(text) == []


def test_a_distributions_python3_beside_a_versioned_one_of_its_release_is_one_pin() -> None:
    text = "FROM ubuntu:24.04 AS base\nRUN apt-get install -y python3.12-venv python3\nFROM base\n"
    [found] = declarations(text)
    assert (found.raw, found.requirement.version) == ("python3.12-venv", "3.12")


def test_distribution_python_beside_a_chosen_one_is_unresolved() -> None:
    text = (
        "FROM ubuntu:24.04\n"
        "ENV PYTHON_VERSION=3.13\n"
        "RUN apt-get install -y python3.12-venv\n"
        "RUN uv venv /venv --python $PYTHON_VERSION\n"
        "ENV PIP_VENV_PYTHON=/usr/bin/python3.12\n"
    )
    found = {d.line: d for d in declarations(text)}
    assert found[2].role is Role.PIN
    assert found[3].role is Role.UNRESOLVED
    assert "beside" in found[3].note
    assert found[5].role is Role.UNRESOLVED
    assert found[5].raw == "python3.12"


def test_install_on_a_python_image_is_unresolved() -> None:
    text = "FROM python:3.12-slim AS base\nFROM base\nRUN uv python install 3.11\n"
    found = declarations(text)
    assert [(d.line, d.role) for d in found] == [(1, Role.PIN), (3, Role.UNRESOLVED)]


def test_manylinux_interpreters_on_path_are_a_build_set() -> None:
    text = (
        "FROM quay.io/pypa/manylinux2014_x86_64\n"
        "ENV PATH=/opt/python/cp310-cp310/bin:/opt/python/cp313-cp313t/bin/:$PATH\n"
    )
    found = declarations(text)
    assert [(d.raw, d.role, d.purpose) for d in found] == [
        ("/opt/python/cp310-cp310/bin", Role.MATRIX, Purpose.BUILD),
        ("/opt/python/cp313-cp313t/bin/", Role.MATRIX, Purpose.BUILD),
    ]
    assert [str(m) for d in found for m in d.requirement.minors] == ["3.10", "3.13"]  # type: ignore[union-attr]


def test_builder_stage_install_is_a_build_pin() -> None:
    text = "FROM debian AS build\nRUN pyenv install 3.11\nFROM debian\nRUN echo done\n"
    [found] = declarations(text)
    assert (found.role, found.purpose) == (Role.PIN, Purpose.BUILD)


def test_commented_and_unrelated_lines_declare_nothing() -> None:
    text = (
        "FROM ubuntu:24.04\n"
        "# RUN apt-get install python3.12\n"
        "RUN echo pyenv install 3.12 >> notes && apt-get install -y git\n"
        "ENV PATH=/usr/local/bin:$PATH\n"
        "ENV PYTHONUNBUFFERED=1\n"
        "RUN\n"
        "ENV\n"
    )
    assert declarations(text) == []


def test_long_run_line_is_linear() -> None:
    text = "FROM ubuntu\nRUN " + "pyenv install " * 20_000 + "\nENV PYTHON_V " + "$" * 50_000 + "\n"
    assert len(declarations(text)) == 0


class _CountingPattern:
    """Stands in for the RUN reference pattern and counts the scans of a RUN."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scans = 0

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self.scans += 1
        return self.pattern.finditer(text)


def test_each_run_is_scanned_once_however_many_variables_hold_a_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counting = _CountingPattern(_dockerfile_installs._REFERENCE)
    monkeypatch.setattr(_dockerfile_installs, "_REFERENCE", counting)
    lines = [
        f"ENV PY{i}=3.12\nRUN curl -o x https://example.invalid/$OTHER{i}\n" for i in range(50)
    ]
    assert declarations("FROM debian:12\n" + "".join(lines)) == []
    assert counting.scans <= 50  # one scan of each RUN, not one per variable and RUN


def test_the_first_run_that_installs_a_variable_tells_how() -> None:
    text = (
        "FROM debian:12\nENV PYTHON_VERSION=3.11.4\n"
        "RUN echo $PYTHON_VERSION\n"
        "RUN wget https://www.python.org/ftp/python/$PYTHON_VERSION/Python.tgz\n"
    )
    [found] = declarations(text)
    assert "built from python.org's release" in found.context


PYENV_FROM_A_FILE = """\
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends \\
      build-essential \\
      libffi-dev \\
      python3.13-dev \\
    && rm -rf /var/lib/apt/lists/*
ENV PYENV_ROOT=/home/dev/.pyenv
ENV PATH=${PYENV_ROOT}/shims:${PYENV_ROOT}/bin:$PATH
RUN curl -fsSL https://pyenv.run | bash
COPY .python-version /home/dev/
RUN cd /home/dev && pyenv local | xargs -L 1 pyenv install
"""


def test_a_distribution_python_beside_pyenvs_is_not_the_stages() -> None:
    """The stage's Pythons are those pyenv installs from the `.python-version` it copies
    in (not read here); `python3.13-dev` is a package of build headers beside them."""
    assert [(line, raw, role) for line, raw, role, _ in listed(PYENV_FROM_A_FILE)] == [
        (5, "python3.13-dev", Role.UNRESOLVED)
    ]
    alone = PYENV_FROM_A_FILE.replace("pyenv local | xargs -L 1 pyenv install", "make")
    assert [(line, raw, role) for line, raw, role, _ in listed(alone)] == [
        (5, "python3.13-dev", Role.PIN)
    ]


_DEV_IMAGE_WITH_A_VENV = """\
FROM python:3.14-bookworm
RUN pip install uv
COPY . /app/acme
WORKDIR /app/acme
RUN uv venv .venv --python=3.10 && \\
    . .venv/bin/activate && \\
    {install} && \\
    pip install pre-commit mypy
ENV VIRTUAL_ENV=/app/acme/.venv
ENV PATH="$VIRTUAL_ENV/bin:$PATH"
CMD ["bash"]
"""


@pytest.mark.parametrize(
    "install",
    [
        pytest.param('uv pip install -e ".[all, dev, docs]"', id="editable-extras"),
        pytest.param("uv pip install .", id="the-project"),
        pytest.param("uv sync --frozen", id="sync"),
    ],
)
def test_a_venv_the_project_is_installed_into_runs_it(install):
    """camel's dev images: `FROM python:3.14`, then the project in a uv venv of 3.10: the
    venv's Python is the image's pin, the base image's only runs uv and tools."""
    base, venv = declarations(_DEV_IMAGE_WITH_A_VENV.format(install=install))
    assert (base.purpose, base.ships) == (Purpose.TOOLING, False)
    assert "runs in a uv venv of Python 3.10" in base.context
    assert (venv.role, venv.purpose, venv.raw) == (Role.PIN, Purpose.RUNTIME, "3.10")


def test_a_venv_of_tools_leaves_the_image_python_the_projects():
    """A venv for tools only (`uv pip install ruff`): which Python runs the project is not
    told; the venv stays unresolved beside the image's Python, as before."""
    text = _DEV_IMAGE_WITH_A_VENV.format(install="uv pip install ruff")
    base, venv = declarations(text)
    assert base.purpose is Purpose.RUNTIME
    assert venv.role is Role.UNRESOLVED
