"""The Cirrus CI reader: task images, the matrices that multiply tasks, and `env:` values."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.cirrus_ci import matches, read

PATH = ".cirrus.yml"

# Modelled on a project generator whose tests run on Cirrus: templates merged with `<<`, a
# task-level matrix of containers (one allowed to fail), a build task, a macOS task with no
# container, a FreeBSD task.
GENERATOR = """\
---
env:
  PIP_CACHE_DIR: ${CIRRUS_WORKING_DIR}/.cache/pip
  LANG: C

.common: &common
  info_script:
    - python -VV
  pip_cache:
    folder: ${CIRRUS_WORKING_DIR}/.cache/pip
    fingerprint_script: echo $CIRRUS_OS

.tests: &tests
  <<: *common
  depends_on: [package]
  test_script: >
    tox --installpkg dist/*.whl -e all -- -n 4

package_task:
  name: package (Linux - 3.12)
  alias: package
  container: {image: "python:3.12-bookworm"}
  <<: *common
  package_script:
    - pipx run build
    - tar czf dist.tar.gz dist

unix_task:
  matrix:
    - name: test (Linux - 3.9)
      container: {image: "python:3.9-bookworm"}
    - name: test (Linux - 3.11)
      container: {image: "python:3.11-bookworm"}
      skip: $BRANCH !=~ "^main$"
    - name: test (Linux - 3.14)
      container: {image: "python:3.14-rc-bookworm"}
      allow_failures: true  # not released yet when this was written
  install_script: python -m pip install tox pipx
  <<: *tests

mac_task:
  name: test (macOS - brew)
  macos_instance:
    image: ghcr.io/cirruslabs/macos-runner:sonoma
  install_script: brew install python tox
  <<: *tests

bsd_task:
  freebsd_instance: {image_family: freebsd-14-2}
  install_script: pkg install -y py311-tox
  <<: *tests
"""


def brief(found):
    return [(d.raw, d.line, d.role, d.purpose, d.may_fail) for d in found]


def test_task_matrix_of_containers_is_a_test_matrix():
    found = read(text_file(PATH, GENERATOR))
    assert brief(found) == [
        ("python:3.12-bookworm", 22, Role.PIN, Purpose.TOOLING, False),  # pipx run build
        ("python:3.9-bookworm", 31, Role.MATRIX, Purpose.RUNTIME, False),
        ("python:3.11-bookworm", 33, Role.MATRIX, Purpose.RUNTIME, False),
        ("python:3.14-rc-bookworm", 36, Role.MATRIX, Purpose.RUNTIME, True),
    ]
    assert {d.group for d in found[1:]} == {f"{PATH} task unix"}
    assert found[1].requirement.specifier == "==3.9.*"
    assert "task test (Linux - 3.14), allowed to fail (allow_failures)" in found[3].context
    line = GENERATOR.splitlines()[30]
    assert line[found[1].span.column - 1 : found[1].span.end_column - 1] == "3.9"


# Cirrus's older matrix spelling (a mapping whose repeated keys are the children), a matrix
# inside the container, and one inside the environment filling `$PY`.
ENV_MATRIX = """\
task:
  name: Tests (Python $PY)
  env:
    HYPOTHESIS_PROFILE: ci
    matrix:
      PY: 3.10
      PY: "3.13"
  container:
    image: python:${PY}-slim
    cpu: 2
  test_script: pytest -q

lint_task:
  container:
    matrix:
      - image: python:3.12-alpine
      - image: python:3.13-alpine
  lint_script: ruff check .

docs_task:
  env:
    DOCS_PYTHON: "3.12"
  container:
    image: python:$DOCS_PYTHON
  build_script: sphinx-build docs docs/_build
"""


def test_env_and_container_matrices_and_the_older_spelling():
    found = read(text_file(PATH, ENV_MATRIX))
    assert [(d.raw, d.line, d.role, d.purpose, d.group) for d in found] == [
        ("3.10", 6, Role.MATRIX, Purpose.RUNTIME, f"{PATH} task task"),
        ("3.13", 7, Role.MATRIX, Purpose.RUNTIME, f"{PATH} task task"),
        ("python:3.12-alpine", 16, Role.MATRIX, Purpose.TOOLING, f"{PATH} task lint"),
        ("python:3.13-alpine", 17, Role.MATRIX, Purpose.TOOLING, f"{PATH} task lint"),
        ("3.12", 22, Role.PIN, Purpose.TOOLING, ""),
    ]
    assert found[0].yaml_loaded_as is None  # Cirrus passes the text on: 3.10, not 3.1


def test_an_image_a_variable_leaves_open_is_unresolved():
    text = "test_task:\n  container:\n    image: python:${PY}\n  test_script: pytest\n"
    [found] = read(text_file(PATH, text))
    assert (found.role, found.line, found.purpose) == (Role.UNRESOLVED, 3, Purpose.RUNTIME)
    other = "test_task:\n  container:\n    image: node:${NODE}\n  test_script: npm test\n"
    assert read(text_file(PATH, other)) == []


def test_crlf_bom_comments_and_a_windows_container():
    text = (
        "\ufeff# CI\r\nwin_task:\r\n  windows_container:\r\n"
        "    image: cirrusci/windowsservercore:2019\r\n  test_script: pytest\r\n"
        "arm_task:\r\n  arm_container:\r\n    image: 'python:3.11'  # pinned\r\n"
        "  test_script:\r\n    - pip install .\r\n    - pytest\r\n"
    )
    assert brief(read(text_file(PATH, text))) == [
        ("python:3.11", 8, Role.PIN, Purpose.RUNTIME, False)
    ]


def test_an_image_shared_through_an_alias_is_declared_once_as_the_tests():
    text = (
        "lint_task:\n  container: &py {image: 'python:3.12'}\n  lint_script: ruff check .\n"
        "test_task:\n  container: *py\n  test_script: pytest\n"
    )
    [found] = read(text_file(PATH, text))
    assert (found.line, found.purpose) == (2, Purpose.RUNTIME)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".cirrus.yml", True),
        (".cirrus.yaml", True),
        ("ci/.cirrus.yml", False),  # Cirrus reads the root's only
        (".cirrus.star", False),
        ("cirrus.yml", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def test_garbage_and_empty():
    assert read(text_file(PATH, "")) == []
    assert read(text_file(PATH, "# only a comment\n")) == []
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "- a list\n"))
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "task:\n  container: [\n"))
    odd = "task: 3\nfoo_task:\n  container: python:3.12\n  matrix: 7\nbar_task:\n  matrix: [1, 2]\n"
    assert read(text_file(PATH, odd)) == []


def test_matrices_that_multiply_past_any_real_configuration_are_a_parse_error():
    """A matrix of containers times a matrix of environments, in task after task: a few
    kilobytes would make hundreds of thousands of tasks. Each task stops at 256 variants and
    the file at a fixed amount of work, whatever the file's size."""
    task = (
        "t{n}_task:\n  container:\n    matrix:\n"
        + "".join(f"      - image: 'python:3.{minor}'\n" for minor in range(8, 15))
        + "  env:\n    matrix:\n"
        + "".join(f"      - X: '{i}'\n" for i in range(40))
        + "  test_script: pytest\n"
    )
    one = read(text_file(PATH, task.format(n=0)))
    assert {d.raw for d in one} == {f"python:3.{minor}" for minor in range(8, 15)}
    with pytest.raises(UnreadableFile, match="task keys"):  # (images of no Python: the work)
        read(
            text_file(PATH, "".join(task.format(n=n) for n in range(500)).replace("python", "node"))
        )


def test_a_template_merged_into_tasks_of_different_names_keeps_each_tasks_purpose():
    """The template's script is classified once for its commands; a task named as a
    tooling job (`docs`) still reads as one."""
    text = (
        ".t: &t\n  run_script: ./ci/run.sh\n"
        "unit_task:\n  container: {image: 'python:3.11'}\n  <<: *t\n"
        "docs_task:\n  container: {image: 'python:3.12'}\n  <<: *t\n"
    )
    assert [(d.raw, d.purpose) for d in read(text_file(PATH, text))] == [
        ("python:3.11", Purpose.UNKNOWN),
        ("python:3.12", Purpose.TOOLING),
    ]
