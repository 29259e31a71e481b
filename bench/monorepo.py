"""Synthetic monorepos for the scan benchmark: deterministic, seeded, committed with git.

A base repository (scale 1) has 2,500 files: about 150 declaring files (Dockerfiles with ARGs
and stages, workflows with matrices, pyproject.toml, tox.ini, .python-version, compose files)
under `services/NN/` scopes and `.github/workflows/`, and the rest ordinary source and data.
Scale k has k times as many files, services and workflows. Some services drift on purpose
(a `.python-version` that disagrees, a Docker image below the supported range, an unquoted
`3.10` in a matrix); the manifest says which.

    python bench/monorepo.py --scale 4 --out bench/out/4x
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

BASE_FILES = 2_500
SERVICES_PER_SCALE = 28
MINORS = (10, 11, 12, 13)
MANIFEST = "bench-manifest.json"  # kept inside .git/, so `git ls-files` never lists it

# The kind of drift planted in a service, and the rule expected to report it.
DRIFTS: dict[str, str] = {
    "clean": "",
    "python-version": "pin-mismatch",
    "docker-below-range": "outside-range",
    "yaml-float": "yaml-float",
}
# Services 1, 4 and 7 of every ten drift, so even a tiny repository plants each kind.
_DRIFT_CYCLE = {1: "yaml-float", 4: "python-version", 7: "docker-below-range"}


@dataclass(slots=True, kw_only=True)
class Manifest:
    """What was written: counts, every declaring file, and the drift planted per scope."""

    scale: float
    seed: int
    files: int = 0
    declaring: list[str] = field(default_factory=list)
    drift: dict[str, str] = field(default_factory=dict)  # scope -> expected rule

    def save(self, root: Path) -> None:
        text = json.dumps(asdict(self), indent=1, sort_keys=True)
        (root / ".git" / MANIFEST).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, root: Path) -> Manifest | None:
        path = root / ".git" / MANIFEST
        if not path.is_file():
            return None
        return cls(**json.loads(path.read_text(encoding="utf-8")))


@dataclass(slots=True)
class _Writer:
    root: Path
    manifest: Manifest

    def write(self, relative: str, text: str, *, declaring: bool = False) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.manifest.files += 1
        if declaring:
            self.manifest.declaring.append(relative)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Service:
    directory: str
    package: str
    minor: int
    patch: int
    drift: str
    has_tox: bool
    has_compose: bool
    has_workflow: bool
    has_test_dockerfile: bool
    version_file_in_ci: bool


def generate(out: Path, *, scale: float = 1.0, seed: int = 0) -> Manifest:
    """Write a fresh repository of about `scale * 2500` files at `out` and commit it."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(f"pyparity-bench-{seed}")
    manifest = Manifest(scale=scale, seed=seed)
    writer = _Writer(out, manifest)
    _git(out, "init", "-q", "-b", "main")
    count = max(1, round(SERVICES_PER_SCALE * scale))
    width = max(2, len(str(count - 1)))
    services = [_service(rng, f"services/{i:0{width}d}", i) for i in range(count)]
    _write_root(writer, rng)
    for service in services:
        _write_service(writer, rng, service)
        if service.drift != "clean":
            manifest.drift[service.directory] = DRIFTS[service.drift]
    _write_ordinary(writer, rng, services, round(BASE_FILES * scale) - manifest.files)
    manifest.declaring.sort()
    _git(out, "add", "-A")
    _git(out, "commit", "-q", "-m", f"synthetic monorepo, scale {scale}, seed {seed}")
    manifest.save(out)
    return manifest


def _git(root: Path, *arguments: str) -> None:
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    settings = ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"]
    subprocess.run(["git", *identity, *settings, *arguments], cwd=root, check=True)


def _service(rng: random.Random, directory: str, index: int) -> _Service:
    drift = _DRIFT_CYCLE.get(index % 10, "clean")
    return _Service(
        directory=directory,
        package=f"svc{index}",
        minor=rng.choice(MINORS[1:]),
        patch=rng.randint(1, 9),
        drift=drift,
        has_tox=rng.random() < 0.6,
        has_compose=rng.random() < 0.55,
        has_workflow=rng.random() < 0.9 or drift == "yaml-float",
        has_test_dockerfile=rng.random() < 0.4,
        # A matrix that setup-python never reads is not a declaration: the float needs it read.
        version_file_in_ci=rng.random() < 0.5 and drift != "yaml-float",
    )


# --- declaring files -------------------------------------------------------------------


def _write_root(writer: _Writer, rng: random.Random) -> None:
    writer.write(".python-version", "3.12\n", declaring=True)
    writer.write("pyproject.toml", _ROOT_PYPROJECT, declaring=True)
    writer.write(".github/workflows/lint.yml", _LINT_WORKFLOW, declaring=True)
    writer.write(".github/workflows/docs.yml", _DOCS_WORKFLOW, declaring=True)
    writer.write(".gitignore", "__pycache__/\n*.pyc\n.venv/\ndist/\n")
    writer.write("README.md", "# Monorepo\n\nServices live under `services/`.\n")
    writer.write("Makefile", "test:\n\tfor d in services/*; do (cd $$d && pytest); done\n")


def _write_service(writer: _Writer, rng: random.Random, service: _Service) -> None:
    base = service.directory
    floor = service.minor - 1
    writer.write(f"{base}/pyproject.toml", _pyproject(service, floor), declaring=True)
    version = f"3.{service.minor}.{service.patch}"
    if service.drift == "python-version":
        # a newer minor than the images' (on the floor, it would be developing on the oldest
        # supported Python on purpose, which pin-mismatch leaves alone)
        version = f"3.{service.minor + 1}"
    writer.write(f"{base}/.python-version", version + "\n", declaring=True)
    docker_minor = floor - 1 if service.drift == "docker-below-range" else service.minor
    writer.write(f"{base}/Dockerfile", _dockerfile(service, docker_minor), declaring=True)
    if service.has_test_dockerfile:
        writer.write(f"{base}/Dockerfile.test", _test_dockerfile(service), declaring=True)
    if service.has_tox:
        writer.write(f"{base}/tox.ini", _tox(service, floor), declaring=True)
    if service.has_compose:
        writer.write(f"{base}/compose.yaml", _compose(service, rng), declaring=True)
    if service.has_workflow:
        name = base.replace("/", "-")
        writer.write(
            f".github/workflows/{name}.yml", _workflow(service, floor, rng), declaring=True
        )
    writer.write(f"{base}/requirements.txt", _requirements(rng))
    writer.write(f"{base}/.dockerignore", ".venv\n__pycache__\ntests/\n")
    writer.write(f"{base}/README.md", f"# {service.package}\n\nRun `make test`.\n")


def _pyproject(service: _Service, floor: int) -> str:
    classifiers = "\n".join(
        f'    "Programming Language :: Python :: 3.{m}",' for m in range(floor, service.minor + 1)
    )
    return f"""[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[project]
name = "{service.package}"
version = "1.{service.patch}.0"
description = "Service {service.package} of the monorepo."
requires-python = ">=3.{floor}"
dependencies = ["httpx>=0.27", "pydantic>=2.7", "structlog>=24.1"]
classifiers = [
    "Programming Language :: Python :: 3",
{classifiers}
]

[project.optional-dependencies]
test = ["pytest>=8", "pytest-cov>=5"]

[tool.ruff]
line-length = 100
target-version = "py3{floor}"

[tool.mypy]
python_version = "3.{floor}"
strict = true

[tool.pytest.ini_options]
addopts = "-ra"
testpaths = ["tests"]
"""


def _dockerfile(service: _Service, minor: int) -> str:
    return f"""# syntax=docker/dockerfile:1.7
ARG PYTHON_VERSION=3.{minor}.{service.patch}
ARG DEBIAN=bookworm

FROM python:${{PYTHON_VERSION}}-slim-${{DEBIAN}} AS builder
ARG PIP_INDEX_URL
WORKDIR /build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \\
    pip install --no-compile -r requirements.txt
COPY src/ src/
RUN pip install --no-deps .

FROM python:${{PYTHON_VERSION}}-slim-${{DEBIAN}} AS runtime
RUN useradd --create-home app
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1
USER app
EXPOSE 8080
CMD ["python", "-m", "{service.package}"]
"""


def _test_dockerfile(service: _Service) -> str:
    return f"""FROM python:3.{service.minor}-slim
WORKDIR /src
COPY . .
RUN pip install -e '.[test]'
CMD ["pytest", "-q"]
"""


def _tox(service: _Service, floor: int) -> str:
    return f"""[tox]
envlist = py3{{{floor},{service.minor}}}, lint
isolated_build = true

[testenv]
extras = test
commands = pytest {{posargs}}

[testenv:lint]
basepython = python3.{service.minor}
skip_install = true
deps = ruff
commands = ruff check src tests
"""


def _compose(service: _Service, rng: random.Random) -> str:
    database = rng.choice(("postgres:16-alpine", "postgres:15", "mysql:8.4"))
    return f"""services:
  app:
    build:
      context: .
      args:
        PYTHON_VERSION: "3.{service.minor}.{service.patch}"
    ports:
      - "8080:8080"
    depends_on:
      - db
      - cache
  worker:
    image: python:3.{service.minor}-slim
    command: ["python", "-m", "{service.package}.worker"]
    volumes:
      - .:/src
  db:
    image: {database}
    environment:
      POSTGRES_PASSWORD: example
  cache:
    image: redis:7-alpine
"""


def _workflow(service: _Service, floor: int, rng: random.Random) -> str:
    minors = [f'"3.{m}"' for m in range(floor, service.minor + 1)]
    if service.drift == "yaml-float":
        minors = ["3.10", *minors]
    setup = (
        f"python-version-file: {service.directory}/.python-version"
        if service.version_file_in_ci
        else "python-version: ${{ matrix.python-version }}"
    )
    os_list = rng.choice(("[ubuntu-latest]", "[ubuntu-latest, macos-latest]"))
    return f"""name: {service.package}

on:
  pull_request:
    paths: ["{service.directory}/**"]
  push:
    branches: [main]

jobs:
  test:
    runs-on: ${{{{ matrix.os }}}}
    strategy:
      fail-fast: false
      matrix:
        os: {os_list}
        python-version: [{", ".join(minors)}]
    defaults:
      run:
        working-directory: {service.directory}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          {setup}
          cache: pip
      - run: pip install -e '.[test]'
      - run: pytest -q --cov
"""


_ROOT_PYPROJECT = """[project]
name = "monorepo-tools"
version = "0"
requires-python = ">=3.11"

[tool.ruff]
target-version = "py311"
"""

_LINT_WORKFLOW = """name: lint
on: [pull_request]
jobs:
  ruff:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install ruff && ruff check .
"""

_DOCS_WORKFLOW = """name: docs
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version-file: .python-version
      - run: pip install mkdocs-material && mkdocs build --strict
"""


# --- ordinary files ----------------------------------------------------------------------


def _write_ordinary(
    writer: _Writer, rng: random.Random, services: list[_Service], count: int
) -> None:
    makers: list[tuple[float, Callable[[_Service, int], tuple[str, str]]]] = [
        (0.45, _module),
        (0.20, _test_module),
        (0.15, _data_json),
        (0.08, _data_csv),
        (0.07, _doc_page),
        (0.05, _config_yaml),
    ]
    weights = [weight for weight, _ in makers]
    for number in range(max(0, count)):
        service = services[number % len(services)]
        make = rng.choices([maker for _, maker in makers], weights=weights)[0]
        relative, text = make(service, number)
        writer.write(f"{service.directory}/{relative}", text)


def _module(service: _Service, number: int) -> tuple[str, str]:
    name = f"handler_{number}"
    text = f'''"""Request handlers, part {number}."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Request{number}:
    user_id: int
    payload: dict[str, str]


def handle_{number}(request: Request{number}) -> dict[str, object]:
    """Validate the payload and return the response body."""
    missing = [key for key in ("name", "email") if key not in request.payload]
    if missing:
        log.warning("request %s misses %s", request.user_id, missing)
        return {{"ok": False, "missing": missing}}
    match request.payload.get("kind"):
        case "admin":
            role = "admin"
        case _:
            role = "member"
    return {{"ok": True, "user": request.user_id, "role": role}}
'''
    return f"src/{service.package}/{name}.py", text


def _test_module(service: _Service, number: int) -> tuple[str, str]:
    text = f"""import pytest

from {service.package}.handler_{number} import Request{number}, handle_{number}


@pytest.mark.parametrize("payload", [{{}}, {{"name": "a"}}])
def test_incomplete_payload_is_refused(payload):
    assert handle_{number}(Request{number}(user_id=1, payload=payload))["ok"] is False


def test_admin_kind_gives_admin_role():
    body = handle_{number}(Request{number}(1, {{"name": "a", "email": "e", "kind": "admin"}}))
    assert body["role"] == "admin"
"""
    return f"tests/test_handler_{number}.py", text


def _data_json(service: _Service, number: int) -> tuple[str, str]:
    rows = [{"id": i, "name": f"item-{number}-{i}", "price": round(i * 1.25, 2)} for i in range(20)]
    return f"data/fixture_{number}.json", json.dumps({"items": rows}, indent=2) + "\n"


def _data_csv(service: _Service, number: int) -> tuple[str, str]:
    rows = "\n".join(f"{i},{number},region-{i % 7},{i * 3.5:.2f}" for i in range(40))
    return f"data/table_{number}.csv", "id,batch,region,amount\n" + rows + "\n"


def _doc_page(service: _Service, number: int) -> tuple[str, str]:
    text = f"""# Topic {number}

This page explains how `{service.package}` handles case {number}.

```python
from {service.package}.handler_{number} import handle_{number}
```

Python 3.8 was the first version we supported; see the changelog.
"""
    return f"docs/topic_{number}.md", text


def _config_yaml(service: _Service, number: int) -> tuple[str, str]:
    text = f"""# settings for environment {number}
logging:
  level: INFO
  format: json
limits:
  requests_per_minute: {60 + number % 100}
  burst: 10
features:
  - search
  - export
"""
    return f"config/env_{number}.yaml", text


def _requirements(rng: random.Random) -> str:
    return "\n".join(
        ["httpx==0.27.2", "pydantic==2.9.2", f"structlog==24.{rng.randint(1, 4)}.0", ""]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0, help="multiple of 2,500 files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "1x")
    arguments = parser.parse_args(argv)
    manifest = generate(arguments.out, scale=arguments.scale, seed=arguments.seed)
    print(
        f"{arguments.out}: {manifest.files} files, {len(manifest.declaring)} declaring, "
        f"{len(manifest.drift)} drifted scopes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
