"""setup.py and setup.cfg fields that setuptools ignores beside a `[project]` table."""

import textwrap

import pytest
from helpers import scan_tree

SETUP_PY = textwrap.dedent(
    """\
    from setuptools import find_packages, setup

    setup(
        name="faas-framework",
        classifiers=[
            "Programming Language :: Python :: 3.5",
            "Programming Language :: Python :: 3.12",
        ],
        packages=find_packages(where="src"),
        package_dir={"": "src"},
        python_requires=">=3.5, <4",
    )
    """
)

PYPROJECT = textwrap.dedent(
    """\
    [build-system]
    requires = ["setuptools>=61"]
    build-backend = "setuptools.build_meta"

    [project]
    name = "faas-framework"
    version = "3.1.0"
    requires-python = ">=3.8, <4"
    classifiers = [
      "Programming Language :: Python :: 3.8",
      "Programming Language :: Python :: 3.9",
      "Programming Language :: Python :: 3.10",
      "Programming Language :: Python :: 3.11",
      "Programming Language :: Python :: 3.12",
    ]
    """
)

WORKFLOW = textwrap.dedent(
    """\
    name: Unit
    on: [push, pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        strategy:
          matrix:
            python: ['3.8', '3.9', '3.10', '3.11', '3.12']
        steps:
          - uses: actions/checkout@v4
          - uses: actions/setup-python@v5
            with:
              python-version: ${{ matrix.python }}
          - run: pip install tox && tox -e py
    """
)


def _files(result):
    return {(d.file, d.context) for d in result.declarations}


def _scan(tmp_path, files):
    """The tree of `files` with the unit-test workflow beside them, checked."""
    return scan_tree(tmp_path, {**files, ".github/workflows/unit.yml": WORKFLOW})


def test_a_project_table_makes_setup_py_range_and_classifiers_unread(tmp_path):
    result = _scan(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": PYPROJECT})
    assert ("setup.py", "python_requires") not in _files(result)
    assert ("setup.py", "classifiers") not in _files(result)
    assert ("pyproject.toml", "requires-python") in _files(result)
    assert [f.rule for f in result.findings] == []


def test_a_field_listed_as_dynamic_is_still_setup_py_s(tmp_path):
    pyproject = PYPROJECT.replace('requires-python = ">=3.8, <4"\n', "").replace(
        'version = "3.1.0"', 'version = "3.1.0"\ndynamic = ["requires-python"]'
    )
    result = _scan(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": pyproject})
    assert ("setup.py", "python_requires") in _files(result)
    assert ("setup.py", "classifiers") not in _files(result)
    [finding] = [f for f in result.findings if f.rule == "matrix-misses-floor"]
    assert (finding.file, finding.line) == ("setup.py", 11)


def test_a_project_table_without_the_field_still_ignores_setup_py(tmp_path):
    """setuptools ignores setup.py's value unless `dynamic` names it, even where the table
    has no such field: the package then has no range at all."""
    pyproject = PYPROJECT.replace('requires-python = ">=3.8, <4"\n', "")
    result = _scan(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": pyproject})
    assert ("setup.py", "python_requires") not in _files(result)


def test_setup_cfg_beside_a_project_table_is_ignored_too(tmp_path):
    setup_cfg = "[metadata]\nname = old\n\n[options]\npython_requires = >=3.6\n"
    result = _scan(tmp_path, {"setup.cfg": setup_cfg, "pyproject.toml": PYPROJECT})
    assert ("setup.cfg", "python_requires") not in _files(result)
    assert [f.rule for f in result.findings] == []


def test_without_a_project_table_setup_py_is_the_package_s(tmp_path):
    tools_only = (
        '[tool.black]\ntarget-version = ["py38"]\n\n[build-system]\nrequires = ["setuptools"]\n'
    )
    result = _scan(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": tools_only})
    assert ("setup.py", "python_requires") in _files(result)
    assert ("setup.py", "classifiers") in _files(result)
    assert "matrix-misses-floor" in {f.rule for f in result.findings}


def test_only_the_same_folder_s_pyproject_counts(tmp_path):
    result = _scan(tmp_path, {"plugins/sql/setup.py": SETUP_PY, "pyproject.toml": PYPROJECT})
    assert ("plugins/sql/setup.py", "python_requires") in _files(result)


def test_a_broken_pyproject_leaves_setup_py_read(tmp_path):
    result = _scan(
        tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": "[project\nrequires-python = '>=3.8'\n"}
    )
    assert ("setup.py", "python_requires") in _files(result)
    assert "parse-error" in {f.rule for f in result.findings}


POETRY = textwrap.dedent(
    """\
    [tool.poetry]
    name = "invites"
    version = "2.1.0"

    [tool.poetry.dependencies]
    python = "^3.8"

    [build-system]
    requires = ["poetry-core>=1.0.0"]
    build-backend = "poetry.core.masonry.api"
    """
)


@pytest.mark.parametrize(
    ("backend", "read"),
    [
        pytest.param("poetry.core.masonry.api", False, id="poetry-core"),
        pytest.param("hatchling.build", False, id="hatchling"),
        pytest.param("flit_core.buildapi", False, id="flit"),
        pytest.param("setuptools.build_meta", True, id="setuptools"),
        pytest.param("setuptools.build_meta:__legacy__", True, id="setuptools-legacy"),
        pytest.param("backend", True, id="an-in-tree-backend"),
    ],
)
def test_another_build_backend_never_reads_setup_cfg(tmp_path, backend: str, read: bool):
    """django-invitations: poetry builds the package from `python = "^3.8"`; a setup.cfg left
    from before still says `python_requires = >=3.7`."""
    setup_cfg = "[metadata]\nname = invites\n\n[options]\npython_requires = >=3.7\n"
    pyproject = POETRY.replace("poetry.core.masonry.api", backend)
    result = _scan(tmp_path, {"setup.cfg": setup_cfg, "pyproject.toml": pyproject})
    assert (("setup.cfg", "python_requires") in _files(result)) is read


def test_a_setup_py_beside_another_backend_may_still_be_run_by_hand(tmp_path):
    """radon publishes with `python setup.py sdist bdist_wheel` though pyproject names
    poetry-core: what setup.py says is what it uploads."""
    result = _scan(tmp_path, {"setup.py": SETUP_PY, "pyproject.toml": POETRY})
    assert ("setup.py", "python_requires") in _files(result)
