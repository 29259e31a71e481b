"""cibuildwheel build selectors, their readers, and wheels-mismatch."""

import pytest
from helpers import TODAY, scope_of, text_file

from pyparity.model import Minor, Role
from pyparity.rules import wheels_mismatch
from pyparity.sources import pyproject, setup_py, workflow
from pyparity.sources._cibuildwheel import is_open, selected, skipped


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        pytest.param("cp39-*", [(3, 9)], id="plain"),
        pytest.param("cp3{9,10,11}-*", [(3, 9), (3, 10), (3, 11)], id="braces"),
        pytest.param("cp313t-*", [], id="free-threaded-only"),
        pytest.param("cp312-manylinux_x86_64", [(3, 12)], id="one-platform"),
        pytest.param("pp310-*", [], id="pypy"),
    ],
)
def test_selected(token, expected):
    assert selected(token) == [Minor(*m) for m in expected]


def test_open_and_skipped():
    assert is_open("*")
    assert is_open("cp3*-*")
    assert not is_open("cp31?-*")
    # FXrays' `cp38* cp39* cp310* ... cp313*`: `cp39*` is 3.9 alone, however `cp3999` reads
    assert not is_open("cp39*")
    assert not is_open("cp3{9,10}*")
    assert not is_open("cp3{9,10}*-*")
    assert skipped("cp36-* cp37* cp39-musllinux*") == {Minor(3, 6), Minor(3, 7)}


WORKFLOW = """\
on: push
jobs:
  wheels:
    runs-on: ubuntu-latest
    env:
      CIBW_SKIP: "cp39-*"
    steps:
      - uses: pypa/cibuildwheel@v2.22
        env:
          CIBW_BUILD: "cp39-* cp3{10,11}-* cp313t-*"
"""

PYPROJECT = """\
[project]
requires-python = ">=3.10"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
]

[tool.cibuildwheel]
build = ["cp39-*", "cp310-*", "cp311-*"]
"""


def _wheels(declarations):
    return [(d.raw, str(d.requirement.minors[0]), d.line) for d in declarations if d.group]


def test_workflow_reads_cibw_build_less_skip():
    declared = workflow.read(text_file(".github/workflows/wheels.yml", WORKFLOW))
    wheel_set = [d for d in declared if d.role is Role.MATRIX]
    assert [(d.raw, str(d.requirement.minors[0]), d.span.column) for d in wheel_set] == [
        ("cp3{10,11}-*", "3.10", 31),
        ("cp3{10,11}-*", "3.11", 31),
    ]
    # the free-threaded wheel is listed beside the set, not in it
    assert [(d.raw, d.role) for d in declared if d not in wheel_set] == [("cp313t-*", Role.PIN)]


def test_pyproject_build_list_is_filtered_by_requires_python():
    declared = pyproject.read(text_file("pyproject.toml", PYPROJECT))
    assert _wheels(declared)[-2:] == [
        ("cp310-*", "3.10", 10),
        ("cp311-*", "3.11", 10),
    ]


@pytest.mark.parametrize(
    ("pyproject_text", "expected"),
    [
        pytest.param(
            PYPROJECT,
            [
                "classifier 3.12 (pyproject.toml:6) has no wheel: cibuildwheel "
                "(pyproject.toml:10) builds 3.10 and 3.11"
            ],
            id="fires-classifier-without-wheel",
        ),
        pytest.param(
            PYPROJECT.replace('"cp311-*"]', '"cp312-*"]').replace(
                '    "Programming Language :: Python :: 3.11",\n', ""
            ),
            [
                "cibuildwheel (pyproject.toml:9) builds no wheel for 3.11, which "
                "requires-python >=3.10 (pyproject.toml:2) admits"
            ],
            id="fires-gap-in-the-range",
        ),
        pytest.param(
            PYPROJECT.replace('"cp311-*"]', '"cp311-*", "cp312-*"]'), [], id="quiet-when-covered"
        ),
        pytest.param(
            PYPROJECT.replace('["cp39-*", "cp310-*", "cp311-*"]', '"cp3*-*"'),
            [],
            id="quiet-open-build-means-every-admitted-version",
        ),
        pytest.param(
            PYPROJECT.replace('build = ["cp39-*", "cp310-*", "cp311-*"]', 'skip = "pp*"'),
            [],
            id="quiet-build-unset",
        ),
    ],
)
def test_wheels_mismatch(pyproject_text, expected):
    declared = pyproject.read(text_file("pyproject.toml", pyproject_text))
    assert [f.message for f in wheels_mismatch.check(scope_of(*declared))] == expected


@pytest.mark.parametrize(
    "build",
    [
        pytest.param('"cp313-pyodide_wasm32"', id="pyodide-identifier"),
        pytest.param('["cp312-*", "cp313-pyodide_wasm32"]', id="pyodide-beside-others"),
    ],
)
def test_a_pyodide_build_is_a_platform_subset_not_the_wheel_set(build):
    """Pyodide ships one CPython per release: a build for it says nothing of which minors
    get wheels elsewhere (scipy and numpy test with it in a pull-request job)."""
    text = PYPROJECT.replace('["cp39-*", "cp310-*", "cp311-*"]', build)
    declared = pyproject.read(text_file("pyproject.toml", text))
    assert [d for d in declared if d.group.endswith(" cibuildwheel")] == []
    assert list(wheels_mismatch.check(scope_of(*declared))) == []


def test_a_build_for_the_pyodide_platform_declares_no_wheel_set():
    from pyparity.model import Span
    from pyparity.sources._cibuildwheel import wheel_declarations

    span = Span(line=1, column=1, end_line=1, end_column=8)
    made = wheel_declarations("ci.yml", (("cp313-*", span),), platform="pyodide", source="workflow")
    assert list(made) == []
    assert len(list(wheel_declarations("ci.yml", (("cp313-*", span),), source="workflow"))) == 1


def test_a_released_minor_with_wheels_that_the_classifiers_leave_out_is_reported_once():
    text = PYPROJECT.replace(
        '["cp39-*", "cp310-*", "cp311-*"]', '["cp310-*", "cp311-*", "cp312-*", "cp313-*"]'
    )
    declared = pyproject.read(text_file("pyproject.toml", text))
    assert [f.message for f in wheels_mismatch.check(scope_of(*declared))] == [
        "the classifiers (pyproject.toml:4) leave out 3.13, which cibuildwheel "
        "(pyproject.toml:10) builds wheels for"
    ]


def test_a_preview_with_wheels_is_not_asked_of_the_classifiers():
    text = PYPROJECT.replace(
        '["cp39-*", "cp310-*", "cp311-*"]', '["cp310-*", "cp311-*", "cp312-*", "cp316-*"]'
    )
    declared = pyproject.read(text_file("pyproject.toml", text))
    messages = [f.message for f in wheels_mismatch.check(scope_of(*declared))]
    assert not [m for m in messages if "leave out" in m]


MATURIN = """\
jobs:
  build:
    strategy:
      matrix:
        include:
          - target: x86_64
            interpreter: 3.10 3.11 3.12 3.12t pypy3.11
          - target: aarch64
    steps:
      - uses: PyO3/maturin-action@v1
        with:
          target: ${{ matrix.target }}
          args: --release --interpreter ${{ matrix.interpreter || '3.10 3.11 3.12 3.13' }}
"""


def test_a_maturin_release_build_is_a_wheel_set_compared_with_the_classifiers():
    declared = [
        *workflow.read(text_file(".github/workflows/release.yml", MATURIN)),
        *pyproject.read(text_file("pyproject.toml", PYPROJECT.split("[tool.cibuildwheel]")[0])),
    ]
    assert [f.message for f in wheels_mismatch.check(scope_of(*declared))] == [
        "the classifiers (pyproject.toml:4) leave out 3.13, which maturin "
        "(.github/workflows/release.yml:13) builds wheels for"
    ]


SMOKE_WHEEL = """\
on: pull_request
jobs:
  test_cibw:
    name: Build one wheel to check the C extension compiles
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: pypa/cibuildwheel@v2.23
        env:
          CIBW_ARCHS: native
          CIBW_BUILD: cp313-manylinux*
"""

RELEASE_PYPROJECT = PYPROJECT.replace(
    '3.12",\n', '3.12",\n    "Programming Language :: Python :: 3.13",\n'
).replace('["cp39-*", "cp310-*", "cp311-*"]', '"cp310* cp311* cp312* cp313*"')


def test_a_test_jobs_one_wheel_beside_the_release_list_takes_no_wheel_away():
    """A pull-request job builds (and throws away) one wheel while `[tool.cibuildwheel]`
    lists the release's: users get every wheel of the release list."""
    declared = [
        *workflow.read(text_file(".github/workflows/test.yml", SMOKE_WHEEL)),
        *pyproject.read(text_file("pyproject.toml", RELEASE_PYPROJECT)),
    ]
    assert list(wheels_mismatch.check(scope_of(*declared))) == []
    alone = workflow.read(text_file(".github/workflows/test.yml", SMOKE_WHEEL))
    only_one = pyproject.read(text_file("pyproject.toml", RELEASE_PYPROJECT.split("[tool")[0]))
    messages = [f.message for f in wheels_mismatch.check(scope_of(*alone, *only_one))]
    assert "classifier 3.10 (pyproject.toml:4) has no wheel" in messages[0]


PURE_FALLBACK = """\
on:
  release:
    types: [created]
jobs:
  build-sdist:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Build sdist and pure-Python wheel
        env:
          MYPKG_DISABLE_CYTHON: "Y"
        run: |
          pip install --upgrade build
          python -m build{options}
      - run: tools/check_dist.py dist/*
  build-wheels:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: [cp311, cp312, cp313]
    steps:
      - uses: actions/checkout@v4
      - uses: pypa/cibuildwheel@v3.1
        env:
          CIBW_BUILD: ${{{{ matrix.python }}}}-manylinux_x86_64
"""


@pytest.mark.parametrize(
    ("options", "fires"),
    [
        pytest.param("", False, id="sdist-and-pure-wheel"),
        pytest.param(" --wheel --outdir dist", False, id="pure-wheel-only"),
        pytest.param(" --sdist", True, id="sdist-only"),
        pytest.param(" -s", True, id="sdist-only-short"),
    ],
)
def test_a_pure_python_wheel_beside_the_compiled_ones_serves_the_other_pythons(options, fires):
    """Compiled wheels for 3.11 and up, and `python -m build` making the pure-Python wheel in
    the same workflow: a 3.10 user installs that wheel, compiles nothing."""
    text = PURE_FALLBACK.format(options=options)
    declared = [
        *workflow.read(text_file(".github/workflows/release.yml", text)),
        *pyproject.read(text_file("pyproject.toml", RELEASE_PYPROJECT.split("[tool")[0])),
    ]
    messages = [f.message for f in wheels_mismatch.check(scope_of(*declared))]
    assert any("3.10" in m and "no wheel" in m for m in messages) is fires


SPLIT_WORKFLOW = """\
on: push
jobs:
  tests:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.10", "3.11", "3.12", "3.13", "3.14"]
    steps:
      - uses: actions/setup-python@v6
        with:
          python-version: ${{ matrix.python }}
      - run: python -m pytest tests
  cpp-wheels:
    runs-on: ubuntu-latest
    steps:
      - uses: pypa/cibuildwheel@v3
        env:
          CIBW_BUILD: cp310-* cp311-* cp312-* cp313-*
        with:
          package-dir: lib-cpp
"""


def _project(name: str, newest: int) -> str:
    classifiers = "".join(
        f'    "Programming Language :: Python :: 3.{minor}",\n' for minor in range(10, newest + 1)
    )
    return (
        f'[project]\nname = "{name}"\nrequires-python = ">=3.10"\nclassifiers = [\n{classifiers}]\n'
    )


def test_wheels_of_a_package_dir_are_compared_with_that_projects_classifiers(tmp_path):
    """A pure-Python root (3.10-3.14) beside its compiled half (`lib-cpp`, wheels for
    3.10-3.13, the minors it claims), modelled on awkward and awkward-cpp: no finding. The
    wheels were compared with the root's 3.14 and the compiled half's scope, which no CI job
    tests, was told nothing tests its floor."""
    from pyparity import check
    from pyparity.config import Config

    files = {
        "pyproject.toml": _project("lib", 14),
        "lib-cpp/pyproject.toml": _project("lib-cpp", 13),
        ".github/workflows/ci.yml": SPLIT_WORKFLOW,
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    result = check.run(str(tmp_path), Config(today=TODAY, code=False))
    assert [(f.rule, f.file, f.line) for f in result.findings] == []
    scoped = {d.scope for d in result.declarations if "cibuildwheel build" in d.context}
    assert scoped == {"lib-cpp"}


# A C++ library built with scikit-build-core: one cp311 build per platform whose wheel is
# tagged for no Python ABI (`py37-none-<platform>`), or for the limited API (`cp310-abi3`).
SKBUILD = """\
[build-system]
requires = ["scikit-build-core>=0.9"]
build-backend = "scikit_build_core.build"

[project]
name = "potential-kit"
version = "3.1.0"
requires-python = ">=3.10"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
]

[tool.scikit-build]
cmake.version = ">=3.21"
wheel.py-api = "py37"

[tool.cibuildwheel]
build = ["cp311-*"]
"""


@pytest.mark.parametrize(
    ("py_api", "lacking"),
    [
        pytest.param('wheel.py-api = "py37"', [], id="no-python-abi"),
        pytest.param('wheel.py-api = "cp310"', [], id="limited-api-from-the-floor"),
        pytest.param('wheel.py-api = "cp312"', ["3.10"], id="limited-api-above-the-floor"),
        pytest.param('wheel.py-api = ""', ["3.10", "3.12", "3.13"], id="a-wheel-per-python"),
    ],
)
def test_a_wheel_tagged_for_a_stable_abi_installs_on_every_later_python(py_api, lacking):
    text = SKBUILD.replace('wheel.py-api = "py37"', py_api)
    declared = pyproject.read(text_file("pyproject.toml", text))
    messages = [f.message for f in wheels_mismatch.check(scope_of(*declared))]
    assert sorted(m.split()[1] for m in messages if m.startswith("classifier ")) == lacking


# Modelled on a ctypes wrapper that bundles its C library: one build per platform at the
# floor, retagged `py3-none-<platform>` by its repair script, for every Python it claims.
ONE_BUILD = """\
[project]
name = "spatial"
requires-python = ">=3.10"
classifiers = [
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
]

[tool.cibuildwheel]
build = "{build}"
repair-wheel-command = "python scripts/repair_wheel.py -w {{dest_dir}} {{wheel}}"
test-command = "pytest {{project}}/tests"
"""


@pytest.mark.parametrize(
    ("build", "lacking"),
    [
        pytest.param("cp310-*", [], id="one-build-at-the-floor"),
        pytest.param("cp310-* cp313t-*", [], id="and-a-free-threaded-one"),
        pytest.param("cp311-*", ["3.10", "3.12", "3.13"], id="one-build-above-the-floor"),
        pytest.param("cp310-* cp312-*", ["3.11", "3.13"], id="two-builds"),
    ],
)
def test_one_build_at_the_floor_is_a_wheel_for_every_later_python(build, lacking):
    declared = pyproject.read(text_file("pyproject.toml", ONE_BUILD.format(build=build)))
    messages = [f.message for f in wheels_mismatch.check(scope_of(*declared))]
    assert sorted(m.split()[1] for m in messages if m.startswith("classifier ")) == lacking


# Modelled on a package whose C libraries CMake builds (loaded with ctypes), with no
# extension module: setup.py only tags the wheel for the platform, as cibuildwheel wants.
PLATFORM_TAGGED_SETUP = """\
import sysconfig

from setuptools import Extension, find_packages, setup
from setuptools.command.build_py import build_py
from setuptools.command.bdist_wheel import bdist_wheel

initialize_options = bdist_wheel.initialize_options


def initialize_with_the_platform(self):
    initialize_options(self)
    self.plat_name = sysconfig.get_platform()
    self.plat_name_supplied = True


bdist_wheel.initialize_options = initialize_with_the_platform


class CMakeBuildPy(build_py):
    def run(self):
        self.spawn(["cmake", "--build", "build"])
        super().run()


setup(packages=find_packages(), cmdclass={"build_py": CMakeBuildPy})
"""


@pytest.mark.parametrize(
    ("change", "lacking"),
    [
        pytest.param(None, [], id="platform-tag-only"),
        pytest.param(
            ("cmdclass=", 'ext_modules=[Extension("pkg._core", ["core.c"])], cmdclass='),
            ["3.10", "3.12", "3.13"],
            id="an-extension-module",
        ),
        pytest.param(
            ("    self.plat_name_supplied = True\n", "    self.root_is_pure = False\n"),
            ["3.10", "3.12", "3.13"],
            id="not-pure",
        ),
        pytest.param(
            ("self.plat_name = ", "self.build_number = "), ["3.10", "3.12", "3.13"], id="no-tag"
        ),
    ],
)
def test_a_setup_py_that_only_tags_its_wheel_for_the_platform_serves_every_python(change, lacking):
    """pyscf's shape: one cp311 build per platform, for every Python the classifiers claim."""
    setup_text = PLATFORM_TAGGED_SETUP if change is None else PLATFORM_TAGGED_SETUP.replace(*change)
    declared = [
        *pyproject.read(text_file("pyproject.toml", ONE_BUILD.format(build="cp311-*"))),
        *setup_py.read(text_file("setup.py", setup_text)),
    ]
    messages = [f.message for f in wheels_mismatch.check(scope_of(*declared))]
    assert sorted(m.split()[1] for m in messages if m.startswith("classifier ")) == lacking


# Modelled on a package that compiles a model binary at build time: a dummy extension makes
# the wheel a platform wheel, and bdist_wheel's get_tag drops the Python and ABI tags.
FORCED_TAG_SETUP = """\
from setuptools import Extension, find_packages, setup
from wheel.bdist_wheel import bdist_wheel


class BDistWheelABINone(bdist_wheel):
    def finalize_options(self):
        bdist_wheel.finalize_options(self)
        self.root_is_pure = False

    def get_tag(self):
        _, _, plat = bdist_wheel.get_tag(self)
        return "py3", "none", plat


setup(
    packages=find_packages(),
    ext_modules=[Extension("pkg.model", [])],
    cmdclass={"bdist_wheel": BDistWheelABINone},
)
"""


@pytest.mark.parametrize(
    ("change", "lacking"),
    [
        pytest.param(None, [], id="py3-none"),
        pytest.param(('"py3", "none"', '"cp311", "cp311"'), ["3.10", "3.12", "3.13"], id="cp311"),
        pytest.param(('return "py3", "none", plat', "return tag"), ["3.10", "3.12", "3.13"]),
    ],
)
def test_a_wheel_tagged_py3_none_by_get_tag_serves_every_python(change, lacking):
    """prophet: cp310 to cp312 builds, classifiers up to 3.14, and a `get_tag` returning
    `("py3", "none", plat)`: each wheel installs on every Python 3 (two warnings before)."""
    setup_text = FORCED_TAG_SETUP if change is None else FORCED_TAG_SETUP.replace(*change)
    declared = [
        *pyproject.read(text_file("pyproject.toml", ONE_BUILD.format(build="cp311-*"))),
        *setup_py.read(text_file("setup.py", setup_text)),
    ]
    messages = [f.message for f in wheels_mismatch.check(scope_of(*declared))]
    assert sorted(m.split()[1] for m in messages if m.startswith("classifier ")) == lacking


def test_a_conda_recipes_range_asks_no_wheel_of_cibuildwheel():
    """zipline-reloaded: `requires-python >=3.10` and cibuildwheel's cp310 to cp313, beside a
    conda recipe still saying `python >=3.7`: the recipe makes conda packages, the wheels are
    for the package's own range. Without package metadata's range, the recipe's is no
    wheel range either."""
    from pyparity.sources import conda_recipe

    recipe = conda_recipe.read(
        text_file(
            "conda/pkg/meta.yaml",
            "package:\n  name: pkg\n  version: 3.1\n"
            "requirements:\n  host:\n    - python\n  run:\n    - python >=3.7\n    - numpy\n",
        )
    )
    built = workflow.read(
        text_file(
            ".github/workflows/build_wheels.yml",
            "on: push\njobs:\n  wheels:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: pypa/cibuildwheel@v3.1\n"
            '        env:\n          CIBW_BUILD: "cp310-* cp311-* cp312-* cp313-*"\n',
        )
    )
    metadata = pyproject.read(
        text_file("pyproject.toml", '[project]\nrequires-python = ">=3.10"\n')
    )
    assert [d.raw for d in recipe if d.role is Role.RANGE] == [">=3.7"]
    for declared in (recipe + built + metadata, recipe + built):
        assert [f.message for f in wheels_mismatch.check(scope_of(*declared))] == []
    lower = pyproject.read(text_file("pyproject.toml", '[project]\nrequires-python = ">=3.9"\n'))
    messages = [f.message for f in wheels_mismatch.check(scope_of(*recipe, *built, *lower))]
    assert len(messages) == 1
    assert "builds no wheel for 3.9," in messages[0]
