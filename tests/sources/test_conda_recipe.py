"""conda-build recipes: a recipe's python range, conda_build_config.yaml's python variants."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.model import Declaration, Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.conda_recipe import matches, read


def summary(declaration: Declaration) -> tuple[int, int, str, Role, str]:
    assert declaration.requirement is not None
    return (
        declaration.span.line,
        declaration.span.column,
        declaration.raw,
        declaration.role,
        declaration.requirement.specifier,
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("recipe/meta.yaml", True, id="recipe-meta"),
        pytest.param("ci/conda-recipe/meta.yaml", True, id="conda-recipe-folder"),
        pytest.param(".github/conda/meta.yaml", True, id="github-conda"),
        pytest.param("recipe/recipe.yaml", True, id="rattler"),
        pytest.param("recipe/conda_build_config.yaml", True, id="build-config"),
        pytest.param("conda_build_config.yaml", True, id="build-config-root"),
        pytest.param("docs/meta.yaml", False, id="other-meta"),
        pytest.param("meta.yaml", False, id="root-meta"),
        pytest.param("recipe/meta.yml", False, id="yml"),
    ],
)
def test_matches(path: str, expected: bool) -> None:
    assert matches(path) is expected


def test_the_registry_reads_recipes_with_this_reader() -> None:
    found = source_for("recipe/meta.yaml")
    assert found is not None
    assert found.kind == "conda-recipe"


RECIPE = """\
{% set name = "pkg" %}
package:
  name: {{ name }}
requirements:
  build:
    - {{ compiler('c') }}
  host:
    - python >=3.10   # [not win]
    - pip
  run:
    - python >=3.10,<3.14
    - python-dateutil >=2
test:
  commands:
    - python -c "import pkg"
    - python >=3.8
"""


def test_recipe_python_requirements_are_ranges() -> None:
    found = read(text_file("recipe/meta.yaml", RECIPE))
    assert [summary(d) for d in found] == [
        (8, 14, ">=3.10", Role.RANGE, ">=3.10"),
        (11, 14, ">=3.10,<3.14", Role.RANGE, "<3.14,>=3.10"),
    ]
    assert [d.context for d in found] == [
        "conda recipe host requirement",
        "conda recipe run requirement",
    ]


def test_recipe_with_crlf_tabs_and_a_spaced_spec() -> None:
    text = "requirements:\r\n  run:\r\n    -\tpython >= 3.11 , <4\r\n"
    [found] = read(text_file("conda.recipe/meta.yaml", text))
    assert found.raw == ">=3.11,<4"
    assert found.requirement is not None
    assert found.requirement.specifier == "<4,>=3.11"


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param("- python", id="bare"),
        pytest.param("- python {{ python_min }}", id="templated"),
        pytest.param("- python >={{ python_min }}", id="templated-operator"),
        pytest.param("- python_abi 3.12.* *_cp312", id="other-package"),
        pytest.param("# - python >=3.9", id="comment"),
    ],
)
def test_entries_without_a_written_range_declare_nothing(entry: str) -> None:
    text = f"requirements:\n  host:\n    {entry}\n"
    assert read(text_file("recipe/meta.yaml", text)) == []


def test_empty_and_requirement_free_recipes() -> None:
    assert read(text_file("recipe/meta.yaml", "")) == []
    assert read(text_file("recipe/meta.yaml", "package:\n  name: x\n")) == []


BUILD_CONFIG = """\
\ufeff# variants
c_compiler_version:   # [osx]
  - 17                # [osx]
python:
  - '3.10'
  - "3.11"   # [not win]
  - 3.12
numpy:
  - '3.13'
"""


def test_build_config_python_list_is_a_build_set() -> None:
    found = read(text_file("recipe/conda_build_config.yaml", BUILD_CONFIG))
    assert [(d.span.line, d.raw) for d in found] == [(5, "3.10"), (6, "3.11"), (7, "3.12")]
    assert {(d.role, d.purpose, d.ships) for d in found} == {(Role.MATRIX, Purpose.BUILD, True)}
    assert len({d.group for d in found}) == 1


def test_long_lines_are_linear() -> None:
    text = "requirements:\n  run:\n    - python >" + "=" * 100_000 + "\n"
    assert len(read(text_file("recipe/meta.yaml", text))) == 1
