"""foreign: which declaring files are not the project's own, and why."""

from __future__ import annotations

import pytest

from pyparity.foreign import builder, built_paths, reason, split


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("pyproject.toml", None, id="root"),
        pytest.param("services/api/Dockerfile", None, id="service"),
        pytest.param("src/pkg/testing_utils.py", None, id="word-in-a-file-name"),
        pytest.param("tests/Dockerfile", "test suite", id="tests-folder"),
        pytest.param(
            "yelp_package/dockerfiles/itest/hacheck/Dockerfile", "test suite", id="itest-folder"
        ),
        pytest.param("integration-tests/db/Dockerfile", "test suite", id="integration-tests"),
        pytest.param("e2e/cases/version-flag/test.sh", "test suite", id="e2e-folder"),
        pytest.param("frontend/e2e-tests/Dockerfile", "test suite", id="e2e-tests"),
        pytest.param(
            "testprojects/src/python/docker/Dockerfile.example", "test data", id="testprojects"
        ),
        pytest.param("src/e2e_report/setup.py", None, id="e2e-as-a-word-of-a-package"),
        pytest.param("tests/fixtures/proj/pyproject.toml", "test data", id="fixtures"),
        pytest.param("tests/data/recipes/pkg/pyproject.toml", "test data", id="tests-data"),
        pytest.param("testdata/empty/pyproject.toml", "test data", id="testdata"),
        pytest.param("test-crates/pyo3-mixed/pyproject.toml", "test data", id="test-crates"),
        pytest.param("examples/web/Dockerfile", "example", id="examples"),
        pytest.param("docker-example/compose/Dockerfile", "example", id="word-example"),
        pytest.param("apps/demos/python/setup.py", "example", id="demos"),
        pytest.param("tutorials/flyte/Dockerfile", "example", id="tutorials"),
        pytest.param("docs/source/tutorial/environment.yml", "example", id="tutorial"),
        pytest.param("wagtail/project_template/Dockerfile", "project template", id="template"),
        pytest.param(
            "{{cookiecutter.slug}}/.python-version", "project template", id="cookiecutter"
        ),
        pytest.param("lib/cli/templates/flow/pyproject.toml", "project template", id="templates"),
        # a CI folder's templates are the pipeline's own (Azure's job and step templates)
        pytest.param("eng/templates/jobs/ci-tests.yml", None, id="eng-templates"),
        pytest.param(".azure-pipelines/templates/matrix.yml", None, id="azure-templates"),
        pytest.param("ci/templates/.travis.yml", None, id="ci-templates"),
        # and so are .github's: a local action (katib's), a reusable workflow's folder
        pytest.param(
            ".github/workflows/template-setup-e2e-test/action.yaml", None, id="github-action"
        ),
        pytest.param(".github/templates/setup/action.yml", None, id="github-templates"),
        pytest.param(
            "eng/templates/{{cookiecutter.slug}}/tox.ini", "project template", id="eng-placeholder"
        ),
        pytest.param("docs/templates/setup.py", "project template", id="docs-templates"),
        pytest.param("src/debugpy/_vendored/pydevd/setup.py", "vendored", id="_vendored"),
        pytest.param("third_party/lib/setup.py", "vendored", id="third_party"),
    ],
)
def test_reason(path, expected):
    assert reason(path) == expected


def test_include_globs_take_a_tree_back():
    own, left_out = split(["examples/web/Dockerfile", "tests/fixtures/a/setup.py"], ("examples",))
    assert own == ["examples/web/Dockerfile"]
    assert [item.file for item in left_out] == ["tests/fixtures/a/setup.py"]


def test_a_test_image_is_built_when_ci_or_compose_names_it_on_a_build_line():
    named = built_paths(
        [
            (".github/workflows/ci.yml", "run: docker build -f tests/Dockerfile -t t .\n"),
            ("deploy/compose.yaml", "services:\n  e2e:\n    build:\n      context: ../tests/e2e\n"),
            (".github/workflows/lint.yml", "run: pytest tests/unit\n"),
        ]
    )
    assert builder("tests/Dockerfile", named) == ".github/workflows/ci.yml:1"
    assert builder("tests/e2e/Dockerfile", named) == "deploy/compose.yaml:4"
    assert builder("tests/unit/Dockerfile", named) is None  # named, but not to build it


# A setup wizard's compose file, rendered with Jinja before anyone runs it (modelled on a
# mail server's "flavors": the template sits in no folder named for templates).
_RENDERED_COMPOSE = """\
{% set env='app.env' %}
# Written by the configuration wizard: read the documentation before changing it.

services:
  front:
    image: ${DOCKER_ORG:-example}/front:${APP_VERSION:-2.0}
    restart: always
    env_file: {{ env }}
    {% if resolver_enabled %}
    depends_on:
      - resolver
    {% endif %}
  admin:
    image: python:3.11-slim
"""

_BROKEN_COMPOSE = "services:\n  app:\n    image: python:3.12-slim\n    ports: [8000\n"

_CONDA_RECIPE = """\
{% set version = "1.4.0" %}
package:
  name: pkg
  version: {{ version }}
requirements:
  host:
    - python >=3.10
"""


@pytest.fixture
def wizard_tree(tmp_path, monkeypatch):
    (tmp_path / "setup" / "flavors" / "compose").mkdir(parents=True)
    (tmp_path / "setup" / "flavors" / "compose" / "docker-compose.yml").write_text(
        _RENDERED_COMPOSE
    )
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "compose.yaml").write_text(_BROKEN_COMPOSE)
    (tmp_path / "recipe").mkdir()
    (tmp_path / "recipe" / "meta.yaml").write_text(_CONDA_RECIPE)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.10"\n'
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _report(capsys, *options):
    from pyparity.cli import main

    code = main(["check", ".", "--format", "json", "--no-code", "--today", "2026-12-04", *options])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("cache", ["none", "cold-then-warm"])
def test_a_jinja_template_that_cannot_be_parsed_is_left_out_not_a_parse_error(
    wizard_tree, capsys, cache
):
    import json

    options = ["--no-cache"] if cache == "none" else ["--cache-dir", str(wizard_tree / ".c")]
    code, first = _report(capsys, *options)
    report = json.loads(first)
    assert code == 0  # the broken file's parse-error is a warning
    assert [(f["rule"], f["file"]) for f in report["findings"]] == [
        ("parse-error", "deploy/compose.yaml")  # broken, and no template: still said
    ]
    assert {"file": "setup/flavors/compose/docker-compose.yml", "reason": "project template"} in (
        report["left_out"]
    )
    assert any(d["file"] == "recipe/meta.yaml" for d in report["declarations"])  # Jinja by design
    if cache != "none":
        assert _report(capsys, *options)[1] == first


# A Django project template's compose file (`django-admin startproject --template=...`
# fills `{{project_name}}`): no `{%` line, only placeholders.
_PROJECT_TEMPLATE_COMPOSE = """\
services:
  db:
    image: postgres:16
    volumes:
      - dbdata:/var/lib/postgresql/data
  backend:
    build:
      context: .
      dockerfile: backend/Dockerfile
    image: {{project_name}}_backend
volumes:
  dbdata:
    name: {{project_name}}_dbdata
    external: true
"""


@pytest.mark.parametrize(
    ("text", "template"),
    [
        pytest.param(_PROJECT_TEMPLATE_COMPOSE, True, id="django-placeholder"),
        pytest.param("image: {{ cookiecutter.image }}\n", True, id="cookiecutter"),
        pytest.param("image: {{ .Values.image }}\n", True, id="helm"),
        pytest.param("python-version: ${{ matrix.python }}\nbroken: [\n", False, id="gha"),
        pytest.param(_BROKEN_COMPOSE, False, id="broken"),
    ],
)
def test_a_placeholder_marks_a_template(text, template):
    from pyparity.foreign import jinja_template

    assert jinja_template(text) is template


# A copier template (the kind `copier copy gh:owner/template my-project` renders): its
# payload folder holds the generated project's files, some verbatim, some `.jinja`, and a
# link to a script that exists only once rendered.
_COPIER_YML = """\
# Template settings
_subdirectory: project
_templates_suffix: .jinja
_preserve_symlinks: true
_answers_file: .copier-answers.yml

project_name:
  type: str
  help: Your project name
python_version:
  type: str
  default: "3.13"
  choices: ["3.10", "3.11", "3.12", "3.13", "3.14"]
"""


@pytest.fixture
def copier_tree(tmp_path, monkeypatch):
    (tmp_path / "copier.yml").write_text(_COPIER_YML)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "template-tests"\nversion = "0"\nrequires-python = ">=3.12"\n'
    )
    (tmp_path / ".python-version").write_text("3.12\n")
    payload = tmp_path / "project"
    (payload / "scripts").mkdir(parents=True)
    (payload / "scripts" / "make.py.jinja").write_text("print('{{ project_name }}')\n")
    (payload / "scripts" / "make").symlink_to("make.py")  # dangling until rendered
    (payload / ".python-version").write_text("3.10\n")  # copied verbatim: the oldest choice
    (payload / "pyproject.toml.jinja").write_text('requires-python = ">={{ python_version }}"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_copier_templates_payload_is_a_project_template(copier_tree, capsys):
    import json

    code, out = _report(capsys, "--no-cache")
    report = json.loads(out)
    assert code == 0
    assert report["findings"] == []  # no parse-error for the link, no 3.10 against 3.12
    left_out = {item["file"]: item["reason"] for item in report["left_out"]}
    assert left_out["project/scripts/make"] == "project template"
    assert left_out["project/.python-version"] == "project template"
    assert {d["file"] for d in report["declarations"]} == {"pyproject.toml", ".python-version"}


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        pytest.param("_subdirectory: project\n", ("project/",), id="plain"),
        pytest.param('_subdirectory: "./template/"\n', ("template/",), id="quoted-dotted"),
        pytest.param("a: 1\n---\n_subdirectory: tpl\n", ("tpl/",), id="second-document"),
        pytest.param("_subdirectory: '{{ flavour }}'\n", (), id="expression"),
        pytest.param("_subdirectory: ../elsewhere\n", (), id="outside"),
        pytest.param("_subdirectory: .\n", (), id="the-root"),
        pytest.param("project_name: {type: str}\n", (), id="none"),
        pytest.param("_subdirectory: [\n", (), id="broken"),
    ],
)
def test_copier_payloads(text, payload):
    from pyparity.foreign import copier_payloads

    files = {"copier.yml": text.encode()}
    assert copier_payloads(["README.md", "copier.yml"], files.__getitem__) == payload
    nested = {"templates/web/copier.yaml": text.encode()}
    expected = tuple(f"templates/web/{folder}" for folder in payload)
    assert copier_payloads(["templates/web/copier.yaml"], nested.__getitem__) == expected
