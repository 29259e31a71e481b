"""Property tests: every reader, fed random and mutated-realistic text, never raises anything
but `UnreadableFile`, returns well-formed declarations whose spans lie inside the file, and
the whole pipeline's JSON report stays valid against schema 1.

`PYPARITY_FUZZ_EXAMPLES` sets the examples per test (default 40; `bench/fuzz.py` runs
thousands and reports how many ran).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from adversarial.hostile import REALISTIC, render_all, scan, validate_report, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Role
from pyparity.sources import registry, source_for
from pyparity.textfile import TextFile

EXAMPLES = int(os.environ.get("PYPARITY_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEEDS: dict[str, str] = {
    **REALISTIC,
    ".github/workflows/integration.yml": (
        'on: [push, pull_request]\nenv:\n  PYS: \'["3.11", "3.13"]\'\njobs:\n  m:\n'
        "    runs-on: ubuntu-latest\n    outputs:\n      py: ${{ steps.s.outputs.py }}\n"
        "    steps:\n      - id: s\n        run: |\n          echo 'py=${{ github.event_name"
        " == 'push' && '[\"3.10\"]' || env.PYS }}' >> \"$GITHUB_OUTPUT\"\n  t:\n    needs: m\n"
        "    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        python: ${{ fromJSON(needs.m.outputs.py) }}\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python }}\n      - run: pytest\n"
    ),
    "Cargo.toml": '[dependencies]\npyo3 = { version = "0.25", features = ["abi3-py310"] }\n',
    "mise.toml": '[tools]\npython = ["3.12.7", "3.11"]\nnode = "20"\n',
    ".craft.yml": "targets:\n  - name: aws-lambda-layer\n    compatibleRuntimes:\n      - name: python\n        versions: [python3.12]\n",
    "debian/control": "Source: x\nX-Python3-Version: >= 3.8\n\nPackage: x\nDepends: python3 (>= 3.9), libc\n",
    "meson.build": "py = import('python').find_installation()\nmin_python = '3.10'\nif py.language_version().version_compare('<3.10')\n  error('old')\nendif\ndependency('python3', version : '>= 3.10')\n",
    "pants.toml": '[DEFAULT]\nic = "CPython>=3.10,<3.13"\n[python]\ninterpreter_constraints = ["%(ic)s"]\n',
    "devenv.nix": "{ pkgs, ... }:\n{\n  packages = [ pkgs.python312Packages.build ];\n  languages.python.package = pkgs.python312;\n}\n",
    "snap/snapcraft.yaml": "name: x\nparts:\n  x:\n    stage-packages:\n      - python3.12-minimal\n",
    "config.env": "# images\nDOCKER_PYTHON_IMAGE_VERSION=python:3.10-slim\nOTHER=1\n",
    "recipe/meta.yaml": "requirements:\n  host:\n    - python >=3.10  # [win]\n  run:\n    - pip\n",
    "recipe/conda_build_config.yaml": "python:\n  - '3.11'\n  - 3.12  # [osx]\nnumpy:\n  - 2\n",
    "hatch.toml": '[envs.lint]\npython = "3.12"\n[[envs.test.matrix]]\npython = ["3.11", "3.12"]\n',
    "pixi.toml": (
        '[feature.py311.dependencies]\npython = "3.11.*"\n[feature.test.tasks]\ntest = "pytest"\n'
        '[environments]\npy311 = ["py311", "test"]\nlint = { features = [], no-default-feature = true }\n'
    ),
    "tox.toml": 'env_list = ["3.12", "3.11", "lint"]\n[env_run_base]\ncommands = [["pytest"]]\n',
    "justfile": (
        'python := "3.12"\ntest:\n    uv run --python=3.11 -- pytest\n'
        "docs:\n    uvx --python {{python}} mkdocs build\n"
    ),
    "scripts/ci.sh": 'PY="3.12"\npyenv install 3.11.9\nuv run -p "$PY" pytest\n',
    "appveyor.yml": (
        'environment:\n  matrix:\n    - PYTHON: "C:\\\\Python310-x64"\n      TOXENV: py310\n'
        "    - PYTHON_VERSION: 3.12\ntest_script:\n  - tox\n"
    ),
    "scripts/gen.py": '# /// script\n# requires-python = ">=3.12"\n# dependencies = []\n# ///\n',
    "ruff.toml": 'target-version = "py311"\nper-file-target-version = { "a.py" = "py38" }\n',
    "asv.conf.json": '{\n  // benchmarks\n  "version": 1,\n  "pythons": ["3.12", "3.13"],\n}\n',
    "action.yml": (
        "name: x\ninputs:\n  python-versions:\n    default: '3.11, 3.12'\nruns:\n"
        "  using: composite\n  steps:\n    - uses: actions/setup-python@v6\n"
        "      with:\n        python-version: '3.10 - 3.14'\n"
    ),
    "template.yaml": (
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
        "Globals:\n  Function:\n    Runtime: python3.12\nResources:\n  Fn:\n"
        "    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.11\n"
    ),
    "serverless.yml": "service: api\nprovider:\n  name: aws\n  runtime: python3.12\n",
    "app.yaml": "runtime: python312\nentrypoint: gunicorn -b :$PORT main:app\n",
    ".circleci/config.yml": (
        "version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/python:3.12.7\n"
        "    steps:\n      - checkout\n      - run: pytest\n"
    ),
    "azure-pipelines.yml": (
        "pool:\n  vmImage: ubuntu-latest\nstrategy:\n  matrix:\n    py311:\n"
        "      python.version: '3.11'\nsteps:\n- task: UsePythonVersion@0\n  inputs:\n"
        "    versionSpec: '$(python.version)'\n- script: pytest\n"
    ),
    ".woodpecker.yaml": (
        "steps:\n  test:\n    image: python:${PY}-slim\n    commands: [pytest]\n"
        "matrix:\n  include:\n    - PY: 3.10\n    - PY: '3.12'\n"
    ),
    ".cirrus.yml": (
        ".t: &t\n  test_script: [tox -e py]\nlinux_task:\n  matrix:\n"
        "    - container: {image: 'python:3.10'}\n    - container: {image: 'python:3.13'}\n"
        "      allow_failures: true\n  <<: *t\ntask:\n  env:\n    matrix:\n      PY: 3.11\n"
        "      PY: '3.12'\n  container:\n    image: python:${PY}-slim\n  lint_script: ruff .\n"
    ),
    "MODULE.bazel": (
        'V = ["3.11", "3.12"]\npython = use_extension("@rules_python//python/extensions:python.bzl",'
        ' "python")\n[python.toolchain(python_version = v, is_default = v == V[0]) for v in V]\n'
        'python.defaults(python_version = "3.11")\n'
    ),
    "bitbucket-pipelines.yml": (
        "image: python:3.11\ndefinitions:\n  steps:\n    - step: &t\n        script: [pytest]\n"
        "pipelines:\n  default:\n    - step: *t\n    - parallel:\n        steps:\n"
        "          - step: {image: {name: 'python:3.12'}, script: [ruff check .]}\n"
    ),
    "render.yaml": (
        "services:\n  - type: web\n    runtime: python\n    rootDir: api\n    envVars:\n"
        "      - fromGroup: g\nenvVarGroups:\n  - name: g\n    envVars:\n"
        "      - key: PYTHON_VERSION\n        value: 3.12.4\n"
    ),
    ".buildkite/pipeline.yml": (
        "env:\n  PY: '3.11'\nsteps:\n  - label: t\n    env:\n      PYTHON_VERSION: '{{ matrix.python }}'\n"
        "    matrix:\n      setup:\n        python: ['3.10', '3.12']\n      adjustments:\n"
        "        - with: {python: '3.13'}\n          soft_fail: true\n    command: ./run-tests\n"
        "  - group: g\n    steps:\n      - plugins:\n          - docker#v5: {image: 'python:${PY}'}\n"
        "        command: pytest\n"
    ),
    "ci/integration.cloudbuild.yaml": (
        "steps:\n  - id: t\n    name: 'python:${_VERSION}'\n    dir: pkg\n"
        "    entrypoint: bash\n    args: ['-c', 'pip install -e . && pytest']\n"
        "  - name: python:3.12-slim\n    script: mkdocs build\nsubstitutions:\n  _VERSION: '3.13'\n"
    ),
    ".kokoro/presubmit/system.cfg": (
        'env_vars: {\n  key: "NOX_SESSION"\n  value: "system-3.9 unit-3.12 lint docs-3.10"\n}\n'
    ),
    ".gitpod.yml": (
        "image: gitpod/workspace-python-3.11\ntasks:\n  - init: |\n"
        "      pyenv install 3.12\n      export PYTHON=3.10 && make dev\n"
    ),
    "compose.yaml": (
        "x-base: &base\n  image: python:3.12-slim\nservices:\n  api:\n    <<: *base\n"
        "  worker:\n    build:\n      context: .\n      args:\n        PYTHON_VERSION: '3.11'\n"
    ),
}

# Tokens that reach the corners of the formats: anchors, expressions, substitutions,
# continuations, heredocs, quotes, brackets, comments, ignore and purpose comments.
TOKENS = (
    "&a ",
    "*a",
    "<<: *a",
    "${{ matrix.python }}",
    "${{ inputs.v }}",
    "${V:-3.11}",
    "$V",
    "\\\n",
    "<<EOF\n",
    "EOF\n",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    " = ",
    "\n",
    "\t",
    "# pyparity: ignore\n",
    "# pyparity: purpose=tooling\n",
    "// c\n",
    "/*",
    "*/",
    "python:3",
    "3.10",
    "3.1",
    "3.x",
    "pypy3.10",
    "graalpy-24.1",
    ">=3.9,<3.13",
    "^3.11",
    "py3{10,11}",
    "FROM ",
    " AS b\n",
    "ARG V=3.12\n",
    "# escape=`\n",
    "\ufeff",
    "\u2028",
    "\x85",
    "\r",
    "💥",
    "🐍" * 3,
    "-" * 80,
    "9" * 40,
)

KINDS = sorted({source.kind for source in registry()})


def path_for(kind: str) -> str:
    for path in SEEDS:
        source = source_for(path)
        if source is not None and source.kind == kind:
            return path
    raise AssertionError(f"no fuzz seed for the reader {kind!r}: add one to SEEDS")


def test_every_registered_reader_has_a_seed() -> None:
    for kind in KINDS:
        assert path_for(kind)


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """A realistic file with a few random edits: tokens inserted, slices cut or repeated."""
    text = seed
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "cut", "repeat", "junk"]))
        if edit == "insert":
            text = text[:position] + draw(st.sampled_from(TOKENS)) + text[position:]
        elif edit == "cut":
            end = draw(st.integers(position, min(len(text), position + 40)))
            text = text[:position] + text[end:]
        elif edit == "repeat":
            end = draw(st.integers(position, min(len(text), position + 60)))
            text = text[:end] + text[position:end] * draw(st.integers(1, 4)) + text[end:]
        else:
            text = text[:position] + draw(st.text(max_size=12)) + text[position:]
    return text


def random_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=400),
        st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
    )


def check_reader(path: str, text: str) -> list[Declaration]:
    """The reader's contract on any text; returns its declarations (none if unreadable)."""
    source = source_for(path)
    assert source is not None
    file = TextFile(path, text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        declarations = list(source.read(file))
    except UnreadableFile as error:
        problem = error
    else:
        problem = None
    if problem is not None:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message
        return []
    for declaration in declarations:
        assert_well_formed(declaration, file)
    return declarations


def assert_well_formed(declaration: Declaration, file: TextFile) -> None:
    span = declaration.span
    assert declaration.file == file.path
    assert isinstance(declaration.role, Role)
    assert isinstance(declaration.raw, str)
    assert 1 <= span.line <= span.end_line <= file.line_count, span
    assert span.column >= 1
    assert span.column <= len(file.line_text(span.line)) + 1, span
    assert span.end_column <= len(file.line_text(span.end_line)) + 1, span
    if span.line == span.end_line:
        assert span.end_column >= span.column, span
    if declaration.requirement is not None:
        assert all(minor.major >= 2 for minor in declaration.requirement.minors)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_reader_on_random_text(kind: str, data: st.DataObject) -> None:
    check_reader(path_for(kind), data.draw(random_text()))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_reader_on_mutated_realistic_text(kind: str, data: st.DataObject) -> None:
    path = path_for(kind)
    check_reader(path, data.draw(mutated(SEEDS[path])))


@pytest.mark.parametrize("kind", KINDS)
def test_seeds_are_read_without_error(kind: str) -> None:
    """The mutations start from files the readers understand."""
    path = path_for(kind)
    assert check_reader(path, SEEDS[path])


@FUZZ
@given(
    edits=st.dictionaries(st.sampled_from(sorted(SEEDS)), st.data(), min_size=1, max_size=4).map(
        lambda chosen: chosen
    )
)
def test_pipeline_report_stays_valid_against_the_schema(
    edits: dict[str, st.DataObject],
) -> None:
    """A repository of realistic files, a few of them mutated: scan, render every format,
    and the JSON report validates against schema 1."""
    files = {path: data.draw(mutated(SEEDS[path])) for path, data in edits.items()}
    directory = Path(tempfile.mkdtemp(prefix="pyparity-fuzz-"))
    try:
        root = write_tree(directory, {**SEEDS, **files})
        result = scan(root, audit=True)
        reports = render_all(result)
    finally:
        shutil.rmtree(directory)
    document = json.loads(reports["json"])
    validate_report(document)
    json.loads(reports["sarif"])
    assert document["summary"]["declarations"] == len(document["declarations"])
