"""The GitLab CI reader: job images, defaults, variables, parallel matrix, extends."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.gitlab_ci import matches, read

PATH = ".gitlab-ci.yml"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".gitlab-ci.yml", True, id="root"),
        pytest.param(".gitlab/ci/test.gitlab-ci.yml", True, id="included"),
        pytest.param(".gitlab/tests.yml", True, id="in-the-gitlab-folder"),
        pytest.param("services/api/.gitlab/ci/lint.yaml", True, id="in-a-projects-gitlab-folder"),
        pytest.param(".ci/gitlab/ci.yml", True, id="a-custom-pipeline-path"),
        pytest.param(".gitlab/CODEOWNERS", False, id="not-yaml"),
        pytest.param("gitlab-ci.yml", False, id="no-dot"),
        pytest.param("tests/fixtures/gitlab/compose.yml", False, id="a-gitlab-folder-elsewhere"),
        pytest.param(".github/workflows/ci.yml", False, id="workflow"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    return (
        declaration.raw,
        declaration.role,
        (span.line, span.column, span.end_column),
        declaration.purpose,
        declaration.context,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "test:\n  image: python:3.12-slim\n  script:\n    - pip install -e .\n    - pytest\n",
            [
                (
                    "python:3.12-slim",
                    Role.PIN,
                    (2, 17, 21),
                    Purpose.RUNTIME,
                    "job test, runtime: runs pytest",
                )
            ],
            id="job-image",
        ),
        pytest.param(
            "lint:\n  image:\n    name: python:3.11\n    entrypoint: ['']\n  script: ruff check .\n",
            [
                (
                    "python:3.11",
                    Role.PIN,
                    (3, 18, 22),
                    Purpose.TOOLING,
                    "job lint, tooling: only runs tools (ruff)",
                )
            ],
            id="image-mapping-tooling",
        ),
        pytest.param(
            "default:\n  image: python:3.10\ntest:\n  script: [tox -e py]\nlint:\n  script: [ruff check .]\n",
            [
                (
                    "python:3.10",
                    Role.PIN,
                    (2, 17, 21),
                    Purpose.RUNTIME,
                    "job test, default image, runtime: runs tox",
                )
            ],
            id="default-image-declared-once",
        ),
        pytest.param(
            "image: 'python:3.9'\nbuild:\n  script:\n    - make\n",
            [
                (
                    "python:3.9",
                    Role.PIN,
                    (1, 16, 19),
                    Purpose.UNKNOWN,
                    "job build, top-level image, unknown: no test, build or tool command recognised",
                )
            ],
            id="top-level-image",
        ),
        pytest.param(
            "variables:\n  PYTHON_VERSION: '3.12'\ntest:\n  image: python:${PYTHON_VERSION}-slim\n  script: pytest\n",
            [
                (
                    "python:3.12-slim",
                    Role.PIN,
                    (2, 20, 24),
                    Purpose.RUNTIME,
                    "job test, runtime: runs pytest, variable PYTHON_VERSION",
                )
            ],
            id="variable-substitution",
        ),
        pytest.param(
            "variables:\n  PY:\n    value: 3.10\n    description: Python\ntest:\n  image: python:$PY\n  script: pytest\n",
            [
                (
                    "python:3.10",
                    Role.PIN,
                    (3, 12, 16),
                    Purpose.RUNTIME,
                    "job test, runtime: runs pytest, variable PY",
                )
            ],
            id="variable-mapping-unquoted",
        ),
        pytest.param(
            """\
.tests:
  image: python:$PYTHON_VERSION
  script:
    - python -m pytest
test:
  extends: .tests
  parallel:
    matrix:
      - PYTHON_VERSION: ['3.10', '3.11']
      - PYTHON_VERSION: '3.12'
""",
            [
                (
                    "python:3.10",
                    Role.MATRIX,
                    (9, 27, 31),
                    Purpose.RUNTIME,
                    "job test, runtime: runs python -m pytest, matrix PYTHON_VERSION",
                ),
                (
                    "python:3.11",
                    Role.MATRIX,
                    (9, 35, 39),
                    Purpose.RUNTIME,
                    "job test, runtime: runs python -m pytest, matrix PYTHON_VERSION",
                ),
                (
                    "python:3.12",
                    Role.MATRIX,
                    (10, 26, 30),
                    Purpose.RUNTIME,
                    "job test, runtime: runs python -m pytest, matrix PYTHON_VERSION",
                ),
            ],
            id="extends-and-parallel-matrix",
        ),
        pytest.param(
            "test:\n  image: python:$PY\n  script: pytest\n",
            [
                (
                    "python:$PY",
                    Role.UNRESOLVED,
                    (2, 10, 20),
                    Purpose.RUNTIME,
                    "job test, runtime: runs pytest",
                )
            ],
            id="unknown-variable",
        ),
        pytest.param(
            "build:\n  image: $CI_REGISTRY_IMAGE/builder:latest\n  script: make\n"
            "deploy:\n  image: ${REGISTRY}/python:3.12\n  script: deploy\n",
            [],
            id="variable-registry-is-not-python",
        ),
        pytest.param(
            ".a:\n  extends: .b\n.b:\n  extends: .a\n  image: python:3.12\nx:\n  extends: [.a]\n  script: pytest\n",
            [
                (
                    "python:3.12",
                    Role.PIN,
                    (5, 17, 21),
                    Purpose.RUNTIME,
                    "job x, runtime: runs pytest",
                )
            ],
            id="extends-cycle",
        ),
        pytest.param(
            "stages: [test]\ninclude:\n  - local: ci/other.yml\ntest:\n  image: node:20\n  script: npm test\n",
            [],
            id="not-python",
        ),
        pytest.param(
            ".hidden:\n  image: python:3.12\n  script: pytest\n", [], id="hidden-template-alone"
        ),
        pytest.param("", [], id="empty"),
        pytest.param("# comment\n", [], id="comment-only"),
    ],
)
def test_declarations(text, expected):
    assert [summary(d) for d in read(text_file(PATH, text))] == expected


def test_unquoted_float_variable_is_reported():
    text = "variables:\n  PY: 3.10\ntest:\n  image: python:$PY\n  script: pytest\n"
    [declaration] = read(text_file(PATH, text))
    assert (declaration.raw, declaration.yaml_loaded_as) == ("python:3.10", "3.1")


def test_crlf_bom_tab():
    text = "\ufefftest:\r\n  image: python:3.13\t# newest\r\n  script: pytest\r\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[2] == (2, 17, 21)


@pytest.mark.parametrize(
    "text",
    [pytest.param("test: [\n", id="unclosed"), pytest.param("- a\n", id="list-root")],
)
def test_unreadable(text):
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, text))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("test: [\n", id="unclosed"),
        pytest.param("- a\n", id="list-root"),
        pytest.param("a: 1\n---\nb: 2\n", id="several-documents"),
    ],
)
def test_a_file_in_the_gitlab_folder_that_is_no_pipeline_is_no_error(text):
    assert read(text_file(".gitlab/changelog_config.yml", text)) == []


# modelled on a pipeline split into the files its root includes
INCLUDED = """\
variables:
  PYTHON_IMAGE: "python:3.12-slim"

.tests:
  stage: test
  script:
    - pip install -e .[test]
    - pytest

tests:
  extends: .tests
  image: $PYTHON_IMAGE
  parallel:
    matrix:
      - PYTHON_IMAGE: ["python:3.11-slim", "python:3.12-slim"]
"""


def test_a_file_in_the_gitlab_folder_is_read_as_a_pipeline():
    found = [(d.raw, d.role, d.span.line) for d in read(text_file(".gitlab/tests.yml", INCLUDED))]
    assert found == [
        ("python:3.11-slim", Role.MATRIX, 15),
        ("python:3.12-slim", Role.MATRIX, 15),
    ]


ALLOW = """\
.next:
  image: python:3.14-slim
  allow_failure: {template}
test:
  image: python:3.12-slim
  script: pytest
test-next:
  extends: .next
{own}  script: pytest
"""


@pytest.mark.parametrize(
    ("template", "own", "may_fail"),
    [
        pytest.param("false", "  allow_failure: true\n", True, id="job-allows"),
        pytest.param("true", "", True, id="template-allows"),
        pytest.param("true", "  allow_failure: false\n", False, id="job-overrides-template"),
        pytest.param("false", "", False, id="nobody-allows"),
        pytest.param(
            "false", "  allow_failure:\n    exit_codes: [137]\n", False, id="only-exit-codes"
        ),
    ],
)
def test_a_job_allowed_to_fail_tries_its_python(template, own, may_fail):
    declarations = {
        d.raw: d for d in read(text_file(PATH, ALLOW.format(template=template, own=own)))
    }
    assert not declarations["python:3.12-slim"].may_fail
    tried = declarations["python:3.14-slim"]
    assert tried.may_fail is may_fail
    assert ("allowed to fail (allow_failure)" in tried.context) is may_fail


def test_a_shared_default_image_is_promised_if_any_job_promises_it():
    text = (
        "default:\n  image: python:3.12\n"
        "lint:\n  allow_failure: true\n  script: pytest\n"
        "test:\n  script: pytest\n"
    )
    [declaration] = read(text_file(PATH, text))
    assert not declaration.may_fail


# GitLab's CI/CD inputs (modelled on GNOME projects' pipelines): a `spec:` header document,
# then the pipeline, whose `$[[ inputs.NAME ]]` take the inputs' defaults.
INPUTS = """\
spec:
  inputs:
    python_versions:
      type: array
      default:
        - "python-3.11"
        - 'python-3.12'
    default_version:
      default: "python-3.12"
    no_default:
      description: set by the caller
---
variables:
  CI_IMAGE: registry.example.org/group/project/ci
  PYTHON_IMAGE: $[[ inputs.default_version ]]

linux:
  image: $CI_IMAGE:$IMAGE_TAG
  parallel:
    matrix:
      - IMAGE_TAG: $[[ inputs.python_versions ]]
      - IMAGE_TAG: $[[ inputs.default_version ]]
  script:
    - python -m pytest

lint:
  image: ${CI_IMAGE}:$[[ inputs.default_version ]]
  script:
    - ruff check .
"""


def test_inputs_header_gives_its_defaults_to_the_pipeline():
    found = [summary(d) for d in read(text_file(PATH, INPUTS))]
    matrix_context = "job linux, runtime: runs python -m pytest, matrix IMAGE_TAG from input"
    assert found == [
        (
            "registry.example.org/group/project/ci:python-3.11",
            Role.MATRIX,
            (6, 19, 23),
            Purpose.RUNTIME,
            f"{matrix_context} python_versions (its default)",
        ),
        (
            "registry.example.org/group/project/ci:python-3.12",
            Role.MATRIX,
            (7, 19, 23),
            Purpose.RUNTIME,
            f"{matrix_context} python_versions (its default)",
        ),
        (
            "registry.example.org/group/project/ci:python-3.12",
            Role.MATRIX,
            (9, 24, 28),
            Purpose.RUNTIME,
            f"{matrix_context} default_version (its default)",
        ),
        (
            "registry.example.org/group/project/ci:python-3.12",
            Role.PIN,
            (9, 24, 28),
            Purpose.TOOLING,
            "job lint, tooling: only runs tools (ruff), input default_version (its default)",
        ),
    ]


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        pytest.param(
            "python:$[[ inputs.no_default ]]", "python:$[[ inputs.no_default ]]", id="no-default"
        ),
        pytest.param(
            "python:$[[ inputs.missing ]]", "python:$[[ inputs.missing ]]", id="undeclared"
        ),
        pytest.param(
            "python:$[[ inputs.default_version | expand_vars ]]",
            "python:$[[ inputs.default_version | expand_vars ]]",
            id="with-a-function",
        ),
        pytest.param("$PYTHON_IMAGE", "python-3.12", id="variable-holding-an-input"),
    ],
)
def test_inputs_without_a_usable_default_stay_as_written(image, expected):
    text = INPUTS.replace("${CI_IMAGE}:$[[ inputs.default_version ]]", image)
    raws = {d.raw for d in read(text_file(PATH, text)) if d.purpose is Purpose.TOOLING}
    assert raws == ({expected} if "$" in expected else set())


def test_several_references_in_one_image():
    text = (
        "variables:\n  REGISTRY: registry.example.org\n  PY: '3.13'\n"
        "test:\n  image: $REGISTRY/library/python:${PY}-slim\n  script: pytest\n"
    )
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration) == (
        "registry.example.org/library/python:3.13-slim",
        Role.PIN,
        (3, 8, 12),
        Purpose.RUNTIME,
        "job test, runtime: runs pytest, variable PY",
    )


def test_python_in_the_image_text_between_references_points_at_the_image():
    text = "variables:\n  R: registry.example.org\n  V: slim\ntest:\n  image: $R/python:3.12-$V\n  script: pytest\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[:3] == (
        "registry.example.org/python:3.12-slim",
        Role.PIN,
        (5, 20, 24),
    )
    assert declaration.context == "job test, runtime: runs pytest"


def test_two_matrix_variables_in_one_image_are_not_multiplied():
    text = (
        "test:\n  image: python:$PY-$VARIANT\n  script: pytest\n  parallel:\n    matrix:\n"
        "      - PY: ['3.11', '3.12']\n        VARIANT: [slim, alpine]\n"
    )
    [declaration] = read(text_file(PATH, text))
    assert (declaration.raw, declaration.role) == ("python:$PY-$VARIANT", Role.UNRESOLVED)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "spec:\n  inputs: {}\n---\ntest: {image: 'python:3.12'}\n---\nx: 1\n", id="three"
        ),
        pytest.param("test: {image: 'python:3.12'}\n---\nx: 1\n", id="two-without-header"),
        pytest.param("spec: {}\nstages: [test]\n---\nx: 1\n", id="header-with-more-than-spec"),
    ],
)
def test_documents_beyond_a_header_and_a_pipeline_are_unreadable(text):
    with pytest.raises(UnreadableFile, match="one"):
        read(text_file(PATH, text))


def test_a_header_alone_declares_nothing():
    assert read(text_file(PATH, "spec:\n  inputs:\n    v: {default: '3.12'}\n---\n")) == []
