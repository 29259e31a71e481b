"""Bazel's MODULE.bazel: the Python toolchains a Bazel build registers."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import scan_tree, text_file

from pyparity.errors import UnreadableFile
from pyparity.model import SIDE_BY_SIDE, Declaration, Role
from pyparity.sources import bazel_module, candidates, source_for


def read(text: str, path: str = "MODULE.bazel") -> list[Declaration]:
    return bazel_module.read(text_file(path, text))


def listed(found: list[Declaration]) -> list[tuple[int, str, Role, bool]]:
    return [(d.line, d.raw, d.role, SIDE_BY_SIDE in d.context) for d in found]


RULES_PYTHON = """\
module(name = "crypto_py", version = "0.0.0")

bazel_dep(name = "rules_python", version = "1.6.0")

python = use_extension("@rules_python//python/extensions:python.bzl", "python")
python.toolchain(
    # The Python wheels are built with by default.
    is_default = True,
    python_version = "3.10",
)
python.toolchain(python_version = "3.11")
python.toolchain(python_version = '3.12')

pip = use_extension("@rules_python//python/extensions:pip.bzl", "pip")
pip.parse(
    hub_name = "pypi",
    python_version = "3.10",
    requirements_lock = "//:requirements.txt",
)
use_repo(pip, "pypi")
"""


def test_the_default_toolchain_is_the_pin_and_the_others_are_beside_it() -> None:
    assert listed(read(RULES_PYTHON)) == [
        (9, "3.10", Role.PIN, False),
        (11, "3.11", Role.MATRIX, True),
        (12, "3.12", Role.MATRIX, True),
    ]


def test_crlf_bom_and_tabs_read_the_same() -> None:
    text = "\ufeff" + RULES_PYTHON.replace("    ", "\t").replace("\n", "\r\n")
    assert listed(read(text)) == listed(read(RULES_PYTHON))


def test_a_comprehension_over_module_constants() -> None:
    text = """\
SUPPORTED_PYTHON_VERSIONS = [
    "3.11",
    "3.12",
    "3.13",
]

DEFAULT_PYTHON_VERSION = "3.12"

python = use_extension("@rules_python//python/extensions:python.bzl", "python")

[
    python.toolchain(
        ignore_root_user_error = True,
        is_default = python_version == DEFAULT_PYTHON_VERSION,
        python_version = python_version,
    )
    for python_version in SUPPORTED_PYTHON_VERSIONS
]
"""
    assert listed(read(text)) == [
        (2, "3.11", Role.MATRIX, True),
        (3, "3.12", Role.PIN, False),
        (4, "3.13", Role.MATRIX, True),
    ]


def test_python_defaults_names_the_default_where_its_constant_is_written() -> None:
    text = """\
# Keep in sync with the package's version module.
DEFAULT_PYTHON_VERSION = "3.12"

python = use_extension("@rules_python//python/extensions:python.bzl", "python")
python.defaults(
    # The environment variable takes precedence if set.
    python_version = DEFAULT_PYTHON_VERSION,
    python_version_env = "HERMETIC_PYTHON_VERSION",
)
python.toolchain(python_version = "3.12")
python.toolchain(python_version = "3.13")
"""
    found = read(text)
    assert listed(found) == [(2, "3.12", Role.PIN, False), (11, "3.13", Role.MATRIX, True)]
    assert "python.defaults" in found[0].context


def test_a_development_toolchain_is_beside_the_one_the_module_registers() -> None:
    text = """\
interpreters = use_extension("//py:extensions.bzl", "python_interpreters")
interpreters.toolchain(python_version = "3.13")

# A second interpreter for the module's own tests.
dev_interpreters = use_extension(
    "//py:extensions.bzl",
    "python_interpreters",
    dev_dependency = True,
)
dev_interpreters.toolchain(python_version = "3.12")
"""
    assert listed(read(text)) == [(2, "3.13", Role.PIN, False), (10, "3.12", Role.MATRIX, True)]


def test_several_toolchains_and_no_default_are_a_set() -> None:
    text = """\
python = use_extension("@rules_python//python/extensions:python.bzl", "python")
python.toolchain(python_version = "3.11")
python.toolchain(python_version = "3.12")
"""
    found = read(text)
    assert listed(found) == [(2, "3.11", Role.MATRIX, False), (3, "3.12", Role.MATRIX, False)]
    assert len({d.group for d in found}) == 1


def test_a_version_that_cannot_be_known_is_unresolved() -> None:
    text = """\
load("//:versions.bzl", "PYTHON")
python = use_extension("@rules_python//python/extensions:python.bzl", "python")
python.toolchain(python_version = PYTHON.default)
"""
    [found] = read(text)
    assert (found.role, found.raw, found.line) == (Role.UNRESOLVED, "PYTHON.default", 3)


def test_other_extensions_and_calls_declare_nothing() -> None:
    text = """\
go = use_extension("@rules_go//go:extensions.bzl", "go_sdk")
go.toolchain(python_version = "3.12")
toolchain(python_version = "3.9")
pip = use_extension("@rules_python//python/extensions:pip.bzl", "pip")
pip.parse(hub_name = "pypi", python_version = "3.11", requirements_lock = "//:req.txt")
"""
    assert read(text) == []


def test_invalid_starlark_is_unreadable() -> None:
    with pytest.raises(UnreadableFile):
        read('python = use_extension("@rules_python//python/extensions:python.bzl", "python"\n')


def test_the_registry_finds_module_and_workspace_files() -> None:
    for path in ("MODULE.bazel", "examples/app/MODULE.bazel"):
        source = source_for(path)
        assert source is not None, path
        assert source.kind == "bazel-module", path
    assert source_for("docs/module.bazel.md") is None
    assert source_for("WORKSPACE") is None  # the older files, gone in Bazel 9
    assert candidates("cookbook/workspace/about.txt") == candidates("cookbook/about.txt")


def test_a_nested_bazel_module_is_a_scope_of_its_own(tmp_path: Path) -> None:
    # The root module's default toolchain and a benchmark module's are two builds: they do
    # not disagree; the root's toolchain is held to the root's requires-python.
    result = scan_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "rules"\nrequires-python = ">=3.10,<3.12"\n',
            "MODULE.bazel": (
                'interpreters = use_extension("//py:extensions.bzl", "python_interpreters")\n'
                'interpreters.toolchain(python_version = "3.13")\n'
            ),
            "benchmark/MODULE.bazel": (
                'interpreters = use_extension("@rules//py:extensions.bzl", "python_interpreters")\n'
                'interpreters.toolchain(python_version = "3.11")\n'
            ),
        },
    )
    found = [(f.rule, f.file, f.line) for f in result.findings if f.severity.rank >= 1]
    assert found == [("outside-range", "MODULE.bazel", 2)]
    [message] = [f.message for f in result.findings if f.rule == "outside-range"]
    assert "pins 3.13, outside requires-python >=3.10,<3.12 (pyproject.toml:3)" in message


def test_a_ci_job_of_unknown_purpose_is_not_compared_with_bazel_alone(tmp_path: Path) -> None:
    # A ruleset whose default toolchain is 3.11 and a type-check action on 3.9 (its purpose
    # cannot be told): the job runs outside Bazel, which fetches its own Python.
    files = {
        "MODULE.bazel": (
            'python = use_extension("@rules_python//python/extensions:python.bzl", "python")\n'
            'python.toolchain(is_default = True, python_version = "3.11")\n'
        ),
        ".github/workflows/mypy.yaml": (
            "on: [pull_request]\njobs:\n  ci:\n    runs-on: ubuntu-24.04\n    steps:\n"
            "      - uses: actions/checkout@v5\n"
            "      - uses: example/typecheck-action@v1\n"
            "        with:\n          python_version: 3.9\n"
        ),
    }
    result = scan_tree(tmp_path, files)
    assert [f.rule for f in result.findings if f.rule == "pin-mismatch"] == []
    # The same job against a .python-version is compared (at warning level).
    files[".python-version"] = "3.11\n"
    result = scan_tree(tmp_path / "with-version-file", files)
    assert [(f.rule, f.file) for f in result.findings if f.rule == "pin-mismatch"] == [
        ("pin-mismatch", ".github/workflows/mypy.yaml")
    ]
