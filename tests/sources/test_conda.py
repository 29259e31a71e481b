"""The conda environment reader: the python entry of dependencies."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources.conda import CONTEXT, matches, read


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("environment.yml", True, id="environment-yml"),
        pytest.param("environment.yaml", True, id="environment-yaml"),
        pytest.param("conda.yml", True, id="conda-yml"),
        pytest.param("ci/docs.environment.yml", True, id="prefixed"),
        pytest.param("environment-dev.yml", True, id="suffixed"),
        pytest.param("ci/environment_py311.yaml", True, id="underscore"),
        pytest.param("environments.yml", False, id="plural"),
        pytest.param("environment.txt", False, id="not-yaml"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    specifier = declaration.requirement.specifier if declaration.requirement else None
    return (declaration.raw, declaration.role, specifier, (span.line, span.column, span.end_column))


ENVIRONMENT = """\
name: myproject
channels:
  - conda-forge
  - defaults
dependencies:
  - {entry}
  - python-dateutil>=2.8
  - numpy
  - pip
  - pip:
      - requests==2.32.3
"""


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            "python=3.10", [("3.10", Role.PIN, "==3.10.*", (6, 12, 16))], id="single-equals"
        ),
        pytest.param(
            "python==3.10.4", [("3.10.4", Role.PIN, "==3.10.4", (6, 13, 19))], id="double-equals"
        ),
        pytest.param(
            "python 3.11.*", [("3.11", Role.PIN, "==3.11.*", (6, 12, 16))], id="space-star"
        ),
        pytest.param(
            "python=3.12.*", [("3.12", Role.PIN, "==3.12.*", (6, 12, 16))], id="equals-star"
        ),
        pytest.param(
            "conda-forge::python=3.12", [("3.12", Role.PIN, "==3.12.*", (6, 25, 29))], id="channel"
        ),
        pytest.param(
            "python=3.11=h955ad1f_0_cpython",
            [("3.11", Role.PIN, "==3.11.*", (6, 12, 16))],
            id="build-string",
        ),
        pytest.param("python>=3.10", [(">=3.10", Role.RANGE, ">=3.10", (6, 11, 17))], id="range"),
        pytest.param(
            '"python >=3.10,<3.13"',
            [(">=3.10,<3.13", Role.RANGE, "<3.13,>=3.10", (6, 13, 25))],
            id="quoted-range",
        ),
        pytest.param("python", [], id="unconstrained"),
        pytest.param("python_abi=3.12", [], id="python-abi"),
        pytest.param("python-dotenv", [], id="python-dash"),
        pytest.param("pythonnet=3.0", [], id="pythonnet"),
    ],
)
def test_python_entry(entry, expected):
    found = read(text_file("environment.yml", ENVIRONMENT.format(entry=entry)))
    assert [summary(d) for d in found] == expected
    for declaration in found:
        assert declaration.context == CONTEXT
        if declaration.role is Role.PIN:
            assert declaration.purpose is Purpose.RUNTIME


def test_crlf_bom():
    text = "\ufeffname: x\r\ndependencies:\r\n  - python=3.9\t# a tab before a comment\r\n"
    [declaration] = read(text_file("environment.yml", text))
    assert summary(declaration)[3] == (3, 12, 15)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("name: x\nchannels: [conda-forge]\n", id="no-dependencies"),
        pytest.param("- python=3.10\n", id="list-root-is-another-kind-of-file"),
        pytest.param("dependencies: python=3.10\n", id="dependencies-not-a-list"),
    ],
)
def test_nothing_declared(text):
    assert read(text_file("environment.yml", text)) == []


def test_garbage_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file("environment.yml", "dependencies: [\n"))


@pytest.mark.parametrize(
    "path",
    ["docs/rtd_environment.yaml", "ci/py312-environment.yml", "doc/environment.yml"],
)
def test_named_environments_are_read(path):
    assert matches(path) is True


@pytest.mark.parametrize(
    ("path", "purpose"),
    [
        pytest.param("docs/rtd_environment.yaml", Purpose.TOOLING, id="rtd"),
        pytest.param("doc/environment.yml", Purpose.TOOLING, id="doc-folder"),
        pytest.param("ci/docs-environment.yml", Purpose.TOOLING, id="docs-name"),
        pytest.param("environment.yml", Purpose.RUNTIME, id="project"),
    ],
)
def test_a_docs_environment_is_tooling(path, purpose):
    text = "name: rtd\r\ndependencies:\r\n  - python=3.13\r\n  - pip\r\n"
    [found] = read(text_file(path, text))
    assert (found.raw, found.role, found.purpose) == ("3.13", Role.PIN, purpose)


@pytest.mark.parametrize(
    ("path", "version", "one_of_a_set"),
    [
        pytest.param("conda/environment-test-3.11.yml", "3.11", True, id="test-3.11"),
        pytest.param("ci/environment_py312.yaml", "3.12", True, id="py312"),
        pytest.param("environment-3_10.yml", "3.10", True, id="underscore"),
        pytest.param("conda/environment-build.yml", "3.10", False, id="no-version"),
        pytest.param("environment-test-3.11.yml", "3.12", False, id="another-version"),
        pytest.param("environment-2023.11.yml", "3.11", False, id="a-date"),
        pytest.param("environment-cuda12.1.yml", "3.12", False, id="another-number"),
    ],
)
def test_an_environment_named_for_its_python_is_one_of_a_set(path, version, one_of_a_set):
    # A CI matrix picks `environment-test-${{ matrix.python-version }}.yml`: the files are
    # the matrix's, not pins that disagree with each other.
    text = f"name: bk-test\r\nchannels:\r\n  - conda-forge\r\ndependencies:\r\n  - python={version}\r\n"
    [found] = read(text_file(path, text))
    assert (found.role is Role.MATRIX) is one_of_a_set
    assert found.purpose is Purpose.RUNTIME
    if one_of_a_set:
        assert found.group.endswith("an environment named for its Python")
