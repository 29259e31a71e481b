"""Stable-ABI floors: pyo3's `abi3-pyXY` in `Cargo.toml`, `py_limited_api` /
`--py-limited-api` and `EXTENSION_HELPERS_PY_LIMITED_API` in CI files; targets that
`target-mismatch` reports only above the range's floor."""

from __future__ import annotations

import pytest
from helpers import scope_of, text_file

from pyparity.model import Role
from pyparity.rules import target_mismatch
from pyparity.sources import cargo, pyproject, travis, workflow

CARGO = """\
[package]
name = "ext"

[dependencies]
# pyo3 = { features = ["abi3-py38"] }
pyo3 = { version = "0.25", features = ["abi3-py310", "extension-module"] }
other = { features = ["abi3-py39"] }

[features]
old = ["pyo3/abi3-py311"]
"""


def floors(declarations):
    return [(d.raw, str(d.requirement.minors[0]), d.span.line, d.role) for d in declarations]


def test_cargo_reads_pyo3s_abi3_features_only():
    assert floors(cargo.read(text_file("ext/Cargo.toml", CARGO))) == [
        ("abi3-py310", "3.10", 6, Role.TARGET),
        ("pyo3/abi3-py311", "3.11", 10, Role.TARGET),
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(CARGO.replace("\n", "\r\n"), id="crlf"),
        pytest.param("\ufeff" + CARGO, id="bom"),
        pytest.param(CARGO.replace("pyo3 = { version", "pyo3 = {\tversion"), id="tab"),
    ],
)
def test_cargo_ugly_input_reads_the_same(text):
    assert [raw for raw, *_ in floors(cargo.read(text_file("Cargo.toml", text)))] == [
        "abi3-py310",
        "pyo3/abi3-py311",
    ]


@pytest.mark.parametrize(
    "text",
    ["", "[dependencies]\npyo3 = [", "[dependencies.pyo3]\nfeatures = ['abi3']\n"],
    ids=["empty", "broken", "no-version"],
)
def test_cargo_without_an_abi3_floor_reads_nothing(text):
    assert cargo.read(text_file("Cargo.toml", text)) == []


def test_a_dependency_table_of_its_own_is_read():
    text = '[dependencies.pyo3]\nversion = "0.25"\nfeatures = ["abi3-py39"]\n'
    assert floors(cargo.read(text_file("Cargo.toml", text))) == [
        ("abi3-py39", "3.9", 3, Role.TARGET)
    ]


def test_ci_files_name_the_limited_api_floor():
    ci = """\
jobs:
  build:
    steps:
      - run: python -m build
        env:
          EXTENSION_HELPERS_PY_LIMITED_API: 'cp311'
      # - run: python setup.py bdist_wheel --py-limited-api=cp38
      - run: python setup.py bdist_wheel --py-limited-api=cp39
"""
    found = floors(workflow.read(text_file(".github/workflows/wheels.yml", ci)))
    assert [(raw, minor, line) for raw, minor, line, _ in found] == [
        ("cp311", "3.11", 6),
        ("cp39", "3.9", 8),
    ]
    travis_text = (
        "language: python\ninstall:\n- python setup.py bdist_wheel --py-limited-api=cp35\n"
    )
    assert floors(travis.read(text_file(".travis.yml", travis_text))) == [
        ("cp35", "3.5", 3, Role.TARGET)
    ]


def _checked(cargo_text: str) -> list[str]:
    declared = [
        *cargo.read(text_file("Cargo.toml", cargo_text)),
        *pyproject.read(text_file("pyproject.toml", '[project]\nrequires-python = ">=3.10"\n')),
    ]
    return [f.message for f in target_mismatch.check(scope_of(*declared))]


def test_an_abi3_floor_above_the_range_is_reported_below_it_is_not():
    above = '[dependencies]\npyo3 = { features = ["abi3-py312"] }\n'
    below = '[dependencies]\npyo3 = { features = ["abi3-py39"] }\n'
    assert _checked(above) == [
        "stable-abi floor abi3-py312 (Cargo.toml:2) targets 3.12 but the floor of "
        "requires-python >=3.10 (pyproject.toml:2) is 3.10"
    ]
    assert _checked(below) == []


@pytest.mark.parametrize(
    ("py_api", "reported"),
    [
        # "only on CPython and if the version is sufficient, otherwise this has no effect"
        pytest.param("cp312", False, id="limited-api-where-sufficient"),
        pytest.param("py312", True, id="no-python-abi-refuses-older"),
        pytest.param("cp39", False, id="below-the-floor"),
    ],
)
def test_scikit_build_cores_limited_api_above_the_floor_refuses_nothing(py_api, reported):
    # modelled on a nanobind extension built with scikit-build-core beside a pure package
    text = (
        '[build-system]\nrequires = ["scikit-build-core >=0.4.3", "nanobind >=1.3.2"]\n'
        'build-backend = "scikit_build_core.build"\n\n[project]\nname = "ext"\n'
        f'version = "0.1"\nrequires-python = ">=3.10"\n\n[tool.scikit-build]\n'
        f'minimum-version = "0.4"\nwheel.py-api = "{py_api}"\n'
    )
    declared = pyproject.read(text_file("flaxlib_src/pyproject.toml", text))
    messages = [f.message for f in target_mismatch.check(scope_of(*declared, scope="flaxlib_src"))]
    assert bool(messages) is reported
