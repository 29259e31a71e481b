"""The Cloud Build reader: each step's Python image, its purpose, its folder, and images a
trigger's substitution sets."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.cloud_build import SUBSTITUTED, matches, read

# Modelled on an SDK repository's integration tests: one file, one trigger per Python
# (`_VERSION` set by each trigger), a step that installs and one that tests.
INTEGRATION = """\
# Integration tests, run by one trigger per supported Python.
steps:
  - id: Install requirements
    name: 'python:${_VERSION}'
    dir: 'packages/client-core'
    args:
      - '-c'
      - |
        pip install uv
        uv pip install --system -e '.[test]'
    entrypoint: /bin/bash
  - id: Run integration tests
    name: "python:${_VERSION}"
    dir: packages/client-core/
    env:
      - CLIENT_URL=$_CLIENT_URL
    args: ['-c', 'python -m pytest --cov=src tests/']
    entrypoint: /bin/bash
options:
  logging: CLOUD_LOGGING_ONLY
substitutions:
  _VERSION: '3.13'
  _CLIENT_URL: http://localhost:5000
"""

# Modelled on a service's build: tests on a pinned image, then docker builds and a deploy.
SERVICE = """\
steps:
- name: python:3.12-slim
  entrypoint: bash
  args: ["-c", "pip install -r requirements.txt && pytest -q"]
- name: gcr.io/cloud-builders/docker
  args: ['build', '-t', 'gcr.io/$PROJECT_ID/api:$SHORT_SHA', '.']
- name: 'gcr.io/google.com/cloudsdktool/cloud-sdk'
  entrypoint: gcloud
  args: ['run', 'deploy', 'api', '--image', 'gcr.io/$PROJECT_ID/api:$SHORT_SHA']
- name: python:3.11
  script: |
    pip install mkdocs
    mkdocs build
images: ['gcr.io/$PROJECT_ID/api:$SHORT_SHA']
"""


def test_an_image_a_trigger_sets_is_unresolved_with_its_default_said():
    install, tests = read(
        text_file("packages/client-core/integration.cloudbuild.yaml", INTEGRATION)
    )
    assert install.role is Role.UNRESOLVED
    assert install.raw == "python:${_VERSION}"
    assert install.note == f"{SUBSTITUTED}; its default: python:3.13"
    assert (install.span.line, install.span.column) == (4, 12)  # inside the quotes
    assert tests.purpose is Purpose.RUNTIME
    assert "Run integration tests" in tests.context
    assert install.purpose is Purpose.RUNTIME  # no purpose of its own: the build's
    assert install.anchor == tests.anchor == "packages/client-core"


def test_python_images_are_pinned_with_their_steps_purpose():
    pytest_step, docs_step = read(text_file("cloudbuild.yaml", SERVICE))
    assert (pytest_step.raw, pytest_step.role, pytest_step.purpose) == (
        "python:3.12-slim",
        Role.PIN,
        Purpose.RUNTIME,
    )
    assert pytest_step.requirement is not None
    assert pytest_step.requirement.minors[0].minor == 12
    assert docs_step.purpose is Purpose.TOOLING  # mkdocs
    assert pytest_step.anchor is None  # the file's folder


def test_crlf_bom_and_a_substitution_with_no_default():
    text = "\ufeff" + INTEGRATION.split("options:")[0].replace("\n", "\r\n")
    install, _ = read(text_file("cloudbuild.yaml", text))
    assert install.note == SUBSTITUTED
    assert install.span.line == 4


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing yet\n",
        "steps: []\n",
        "steps:\n  - name: node:22\n    args: [npm, test]\n",
        "steps:\n  - name: 'gcr.io/$PROJECT_ID/${_IMAGE}'\n",  # no default, no Python image
        "steps:\n  - {args: [a]}\n  - name: [python, '3.12']\n",
    ],
)
def test_configurations_that_declare_nothing(text):
    assert read(text_file("cloudbuild.yaml", text)) == []


def test_a_broken_or_odd_configuration_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file("cloudbuild.yaml", "steps: [\n"))
    with pytest.raises(UnreadableFile):
        read(text_file("cloudbuild.yaml", "- name: python:3.12\n"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("cloudbuild.yaml", True),
        ("cloudbuild.yml", True),
        ("deploy/cloudbuild-staging.yaml", True),
        ("packages/core/integration.cloudbuild.yaml", True),
        ("cloudbuild/zb-system-tests-cloudbuild.yaml", True),
        ("CloudBuild.YAML", True),
        ("cloudbuild.json", False),
        ("docs/cloudbuilder.yaml", False),
        ("cloudbuild/settings.yaml", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


@pytest.mark.parametrize(
    ("directory", "anchor"),
    [
        ("services/api", "services/api"),
        ("./services/api/", "services/api"),
        ("/workspace/services/api", "services/api"),
        ("/tmp/build", None),
        ("../elsewhere", None),
        ("$_DIR", None),
        (".", None),
    ],
)
def test_a_steps_dir_is_its_folder_in_the_repository(directory, anchor):
    text = f"steps:\n  - name: python:3.12\n    dir: '{directory}'\n    args: [pytest]\n"
    [declaration] = read(text_file("cloudbuild.yaml", text))
    assert declaration.anchor == anchor
