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
        pytest.param("tests/fixtures/proj/pyproject.toml", "test data", id="fixtures"),
        pytest.param("tests/data/recipes/pkg/pyproject.toml", "test data", id="tests-data"),
        pytest.param("testdata/empty/pyproject.toml", "test data", id="testdata"),
        pytest.param("test-crates/pyo3-mixed/pyproject.toml", "test data", id="test-crates"),
        pytest.param("examples/web/Dockerfile", "example", id="examples"),
        pytest.param("docker-example/compose/Dockerfile", "example", id="word-example"),
        pytest.param("apps/demos/python/setup.py", "example", id="demos"),
        pytest.param("wagtail/project_template/Dockerfile", "project template", id="template"),
        pytest.param(
            "{{cookiecutter.slug}}/.python-version", "project template", id="cookiecutter"
        ),
        pytest.param("lib/cli/templates/flow/pyproject.toml", "project template", id="templates"),
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
