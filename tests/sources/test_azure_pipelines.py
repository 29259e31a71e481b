"""The Azure Pipelines reader: UsePythonVersion, matrix and variables."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources._common import AZURE_TEMPLATE_NOTE
from pyparity.sources.azure_pipelines import matches, read

PATH = "azure-pipelines.yml"


def summary(declaration):
    span = declaration.span
    return (
        declaration.raw,
        declaration.role,
        declaration.yaml_loaded_as,
        (span.line, span.column, span.end_column),
        declaration.purpose,
        declaration.context,
    )


MATRIX = """\
trigger: [main]
pool:
  vmImage: ubuntu-latest
strategy:
  matrix:
    Python310:
      python.version: '3.10'
    Python311:
      python.version: 3.11
steps:
  - task: UsePythonVersion@0
    inputs:
      versionSpec: '$(python.version)'
    displayName: 'Use Python $(python.version)'
  - script: python -m pip install -e .[test]
  - script: pytest --junitxml=junit.xml
"""


def test_top_level_steps_with_matrix():
    context = "job job, step 1, runtime: runs pytest, matrix python.version"
    assert [summary(d) for d in read(text_file(PATH, MATRIX))] == [
        ("3.10", Role.MATRIX, None, (7, 24, 28), Purpose.RUNTIME, context),
        ("3.11", Role.MATRIX, None, (9, 23, 27), Purpose.RUNTIME, context),
    ]


STAGES = """\
variables:
  - name: pythonVersion
    value: '3.12'
stages:
  - stage: Lint
    jobs:
      - job: ruff
        steps:
          - task: UsePythonVersion@0
            inputs:
              versionSpec: ${{ variables.pythonVersion }}
          - bash: ruff check .
  - stage: Test
    variables:
      pythonVersion: '3.13'
    jobs:
      - job: tests
        steps:
          - task: UsePythonVersion@0
            inputs:
              versionSpec: $(pythonVersion)
          - script: tox -e py
      - job: docs
        steps:
          - task: UsePythonVersion@0
          - script: sphinx-build docs out
      - job: odd
        steps:
          - task: UsePythonVersion@0
            inputs: {versionSpec: $(unknown)}
          - script: pytest
"""


def test_stages_variables_and_defaults():
    assert [summary(d) for d in read(text_file("ci/azure-pipelines.release.yml", STAGES))] == [
        (
            "3.12",
            Role.PIN,
            None,
            (3, 13, 17),
            Purpose.TOOLING,
            "job ruff, step 1, tooling: only runs tools (ruff), variable pythonVersion",
        ),
        (
            "3.13",
            Role.PIN,
            None,
            (15, 23, 27),
            Purpose.RUNTIME,
            "job tests, step 1, runtime: runs tox, variable pythonVersion",
        ),
        (
            "3.x",
            Role.FLOATING,
            None,
            (25, 19, 37),
            Purpose.TOOLING,
            "job docs, step 1, tooling: only runs tools (sphinx-build)",
        ),
        (
            "$(unknown)",
            Role.UNRESOLVED,
            None,
            (30, 35, 45),
            Purpose.RUNTIME,
            "job odd, step 1, runtime: runs pytest",
        ),
    ]


def test_literal_unquoted_float():
    text = "steps:\n  - task: UsePythonVersion@0\n    inputs:\n      versionSpec: 3.10\n  - script: pytest\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[:4] == ("3.10", Role.PIN, "3.1", (4, 20, 24))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("steps:\n  - script: echo hi\n", id="no-python"),
        pytest.param("extends:\n  template: base.yml\n", id="template-only"),
    ],
)
def test_nothing(text):
    assert read(text_file(PATH, text)) == []


def test_crlf_bom():
    text = "\ufeffsteps:\r\n  - task: UsePythonVersion@0\r\n    inputs:\r\n      versionSpec: '3.12'\t# pinned\r\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[3] == (4, 21, 25)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("azure-pipelines.yml", True, id="root"),
        pytest.param("build/azure-pipelines-pr.yaml", True, id="variant"),
        pytest.param("pipelines.yml", False, id="other"),
        pytest.param("azure-pipelines/pipelines.yaml", True, id="folder"),
        pytest.param(".azure-pipelines/templates/matrix.yml", True, id="dot-folder"),
        pytest.param("azure-pipelines/README.md", False, id="folder-not-yaml"),
        pytest.param("docs/azure-pipelines.md", False, id="doc"),
        pytest.param(".azure/build.yml", True, id="dot-azure"),
        pytest.param(".azure/scripts/python.yml", True, id="dot-azure-templates"),
        pytest.param("ci/azure/posix.yml", True, id="azure-folder"),
        pytest.param("azure/linux.yml", True, id="azure-folder-at-the-top"),
        pytest.param(
            "src/pf-recording/recordings/azure/test_run.yaml", False, id="azure-folder-deeper"
        ),
        pytest.param(".azuredevops/pr.yml", True, id="azuredevops"),
        pytest.param(".azure_pipelines/olive-ci.yaml", True, id="underscore-folder"),
        pytest.param(
            ".azure_pipelines/job_templates/olive-setup-template.yaml", True, id="underscore-nested"
        ),
        pytest.param(".pipelines/ci.yml", True, id="dot-pipelines"),
        pytest.param("eng/pipelines/templates/jobs/ci.yml", True, id="eng-pipelines"),
        pytest.param("eng/ci/public-build.yml", True, id="eng-ci"),
        pytest.param("eng/templates/jobs/ci-tests.yml", True, id="eng-templates"),
        pytest.param("eng/config/labels.yml", False, id="eng-other"),
        pytest.param("pipelines/train.yml", False, id="a-data-pipeline"),
        pytest.param("src/pkg/engine/pipelines/x.yml", False, id="eng-not-at-the-root"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
    if expected:  # found among the tree's files without importing every reader
        assert source_for(path) is not None
        assert source_for(path).kind == "azure-pipelines"


def test_garbage():
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "steps: [\n"))


AZURE = """\
jobs:
  - job: test
    pool:
      vmImage: ubuntu-latest
    steps:
      - task: UsePythonVersion@0
        inputs:
          versionSpec: "3.12"
      - script: python -m pytest
  - job: next
{job_flag}    pool:
      vmImage: ubuntu-latest
    steps:
      - task: UsePythonVersion@0
{step_flag}        inputs:
          versionSpec: "3.14"
      - script: python -m pytest
"""


@pytest.mark.parametrize(
    ("job_flag", "step_flag", "tried"),
    [
        pytest.param("    continueOnError: true\n", "", True, id="job"),
        pytest.param("", "        continueOnError: true\n", True, id="step"),
        pytest.param("    continueOnError: false\n", "", False, id="false"),
        pytest.param("", "", False, id="unset"),
    ],
)
def test_continue_on_error_makes_a_python_a_trial(job_flag, step_flag, tried):
    text = AZURE.format(job_flag=job_flag, step_flag=step_flag)
    declarations = {d.raw: d for d in read(text_file(PATH, text))}
    assert not declarations["3.12"].may_fail
    assert declarations["3.14"].may_fail is tried
    assert ("allowed to fail (continueOnError)" in declarations["3.14"].context) is tried


def test_job_and_step_templates_leave_the_pipelines_tests_incomplete():
    pipeline = """\
variables:
  PYTHONHASHSEED: 0
jobs:
- template: tools/ci/azure/posix.yml
  parameters:
    name: Linux
    vmImage: ubuntu-latest
- template: .azure-pipelines/azure-pipelines-osx.yml
- template: jobs.yml@shared-templates
- job: tests
  steps:
  - template: ci/steps/install.yml
  - script: python -m pytest
- job: lint
  steps:
  - task: UsePythonVersion@0
    inputs:
      versionSpec: '3.12'
  - template: ci/steps/lint.yml
"""
    found = read(text_file("azure-pipelines.yml", pipeline))
    links = [(d.raw, d.span.line, d.purpose) for d in found if d.role is Role.UNRESOLVED]
    # a remote template (`@shared-templates`) is not linked; the others are followed once
    # every file is read (test_azure_templates.py)
    assert links == [
        ("ci/steps/install.yml", 12, Purpose.RUNTIME),
        ("tools/ci/azure/posix.yml", 4, Purpose.RUNTIME),
        (".azure-pipelines/azure-pipelines-osx.yml", 8, Purpose.RUNTIME),
    ]
    assert all(d.note.startswith(AZURE_TEMPLATE_NOTE) for d in found if d.role is Role.UNRESOLVED)


def test_a_matrix_given_to_a_job_template_lists_its_pythons_where_written():
    # modelled on a pipeline that hands one template per OS a matrix of conda environments
    pipeline = """\
jobs:
- template: ci/azure/unix.yml
  parameters:
    name: Linux
    matrix:
      py310_np123:
        PYTHON: '3.10'
        NUMPY: '1.23'
      py313:
        python.version: "3.13"
      latest:
        PYTHON: '$(latest)'
      docs:
        BUILD_DOC: yes
"""
    found = read(text_file("azure-pipelines.yml", pipeline))
    entries = [d for d in found if d.role is Role.MATRIX]
    assert [(d.raw, d.line, d.purpose) for d in entries] == [
        ("3.10", 7, Purpose.UNKNOWN),
        ("3.13", 10, Purpose.UNKNOWN),
    ]
    assert {d.group for d in entries} == {"azure-pipelines.yml template ci/azure/unix.yml"}
    assert entries[0].context.startswith("matrix py310_np123 given to template ci/azure/unix.yml")
    # the template is followed only once every file is read: here its link stays
    assert [d.raw for d in found if d.role is Role.UNRESOLVED] == ["ci/azure/unix.yml"]


def test_toxenv_variables_select_what_tox_runs():
    pipeline = """\
jobs:
- job: static_checks
  variables:
    TOXENV: checkreadme,checkmanifest,pre-commit
  steps:
  - task: UsePythonVersion@0
    inputs:
      versionSpec: '3.10'
  - script: tox
- job: tests
  strategy:
    matrix:
      py311:
        python.version: '3.11'
        TOXENV: py311-test
      py313:
        python.version: '3.13'
        TOXENV: py313-test
  steps:
  - task: UsePythonVersion@0
    inputs:
      versionSpec: '$(python.version)'
  - script: tox
"""
    found = {d.raw: d.purpose for d in read(text_file("azure-pipelines.yml", pipeline))}
    assert found == {"3.10": Purpose.TOOLING, "3.11": Purpose.RUNTIME, "3.13": Purpose.RUNTIME}
