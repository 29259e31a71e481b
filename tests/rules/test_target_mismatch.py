"""target-mismatch."""

from helpers import at, runtime_pin, scope_of, supported

from pyparity.model import Role, Severity
from pyparity.rules import target_mismatch
from pyparity.sources._common import pin


def _target(raw, version, context, line, group=""):
    from pyparity.records import replace

    declaration = pin(
        "pyproject.toml",
        at(line),
        version,
        source="pyproject",
        role=Role.TARGET,
        context=context,
        group=group,
    )
    return replace(declaration, raw=raw)


def _check(*declarations):
    return list(target_mismatch.check(scope_of(*declarations)))


def test_target_above_the_floor():
    [finding] = _check(
        supported("pyproject.toml", ">=3.10", line=5),
        _target("py311", "3.11", "ruff target-version", 30),
    )
    assert (finding.line, finding.severity) == (30, Severity.WARNING)
    assert finding.message == (
        "ruff target-version py311 (pyproject.toml:30) targets 3.11 but the floor of "
        "requires-python >=3.10 (pyproject.toml:5) is 3.10"
    )


def test_target_below_the_floor():
    [finding] = _check(
        supported("pyproject.toml", ">=3.10"), _target("3.9", "3.9", "mypy python_version", 40)
    )
    assert "targets 3.9" in finding.message


def test_black_list_uses_its_lowest_entry():
    group = "pyproject.toml black target-version"
    black = [
        _target("py311", "3.11", "black target-version", 50, group),
        _target("py310", "3.10", "black target-version", 51, group),
    ]
    assert _check(supported("pyproject.toml", ">=3.10"), *black) == []
    [finding] = _check(supported("pyproject.toml", ">=3.9"), *black)
    assert finding.line == 51


def test_quiet_when_targets_match_the_floor():
    targets = (
        _target("py310", "3.10", "ruff target-version", 30),
        _target("3.10", "3.10", "mypy python_version", 40),
        _target("3.10", "3.10", "pyright pythonVersion", 45),
    )
    assert _check(supported("pyproject.toml", ">=3.10"), *targets) == []


def test_quiet_without_a_range():
    target = _target("py311", "3.11", "ruff target-version", 30)
    assert _check(target, runtime_pin("Dockerfile", "3.12")) == []


def test_a_type_checker_above_the_floor_is_a_choice_below_it_is_drift():
    above = _check(
        supported("pyproject.toml", ">=3.9", line=5),
        _target("3.12", "3.12", "pyright pythonVersion", 40),
        _target("3.11", "3.11", "mypy python_version", 41),
    )
    assert above == []
    [below] = _check(
        supported("pyproject.toml", ">=3.11", line=5),
        _target("3.9", "3.9", "mypy python_version", 41),
    )
    assert below.line == 41


def test_the_lowest_target_a_tool_supports_is_as_close_as_it_gets():
    """ruff cannot target 3.5 or 3.6: `py37` under `>=3.5` is the best it can do."""
    assert (
        _check(
            supported("pyproject.toml", ">=3.5", line=5),
            _target("py37", "3.7", "ruff target-version", 30),
        )
        == []
    )
    [finding] = _check(
        supported("pyproject.toml", ">=3.5", line=5),
        _target("py38", "3.8", "ruff target-version", 30),
    )
    assert finding.line == 30


def _standalone(path, raw, version, context="ruff target-version"):
    from pyparity.records import replace

    return replace(_target(raw, version, context, 2), file=path, source="tool-config")


def test_a_ty_target_above_the_floor_is_a_choice():
    assert (
        _check(
            supported("pyproject.toml", ">=3.10", line=5),
            _target("3.13", "3.13", "ty python-version", 40),
        )
        == []
    )


def test_a_folders_own_config_below_the_floor_is_for_older_pythons():
    # `tools/ruff.toml` targets py37 for scripts that older interpreters run; the root's
    # own config held below the floor is still drift
    assert (
        _check(supported("pyproject.toml", ">=3.9"), _standalone("tools/ruff.toml", "py37", "3.7"))
        == []
    )
    [finding] = _check(
        supported("pyproject.toml", ">=3.9"), _standalone("ruff.toml", "py38", "3.8")
    )
    assert finding.file == "ruff.toml"


def test_a_root_config_above_the_floor_beside_a_folder_config_at_the_floor_is_quiet():
    # the package's folder holds its code to the floor; the root config lints the scripts
    root = _standalone("ruff.toml", "py312", "3.12")
    package = _standalone("python/ruff.toml", "py39", "3.9")
    assert _check(supported("pyproject.toml", ">=3.9"), root, package) == []
    [finding] = _check(supported("pyproject.toml", ">=3.9"), root)
    assert finding.file == "ruff.toml"


def test_a_docs_or_examples_folders_own_config_is_that_folders_either_way():
    """A browser playground under docs/ whose pyproject.toml only configures ruff (py314, for
    code Pyodide runs): not held to the package's floor; the package's own folder config is."""
    from pyparity.records import replace

    playground = replace(
        _target("py314", "3.14", "ruff target-version", 2),
        file="docs/assets/playground/pyproject.toml",
    )
    assert _check(supported("pyproject.toml", ">=3.10"), playground) == []
    package = replace(playground, file="src/codegen/pyproject.toml")
    [finding] = _check(supported("pyproject.toml", ">=3.10"), package)
    assert finding.file == "src/codegen/pyproject.toml"
    old_examples = _standalone("examples/ruff.toml", "py38", "3.8")
    assert _check(supported("pyproject.toml", ">=3.10"), old_examples) == []


def test_another_packagings_range_is_not_the_floor_of_the_tools():
    """A Debian package's `X-Python3-Version: >= 3.2` (kept in contrib/) says what that package
    needs; pylint's py-version is held to requires-python, and a conda recipe's or a meson
    build's range is the same kind of statement."""
    from pyparity.sources._common import range_declaration

    others = [
        range_declaration(
            "contrib/debian/control",
            at(8),
            ">=3.2",
            source="debian",
            context="Debian package's Python range",
        ),
        range_declaration(
            "recipe/meta.yaml", at(20), ">=3.8", source="conda-recipe", context="conda recipe"
        ),
        range_declaration("meson.build", at(3), ">=3.9", source="meson", context="meson"),
    ]
    pylint = _target("3.10", "3.10", "pylint py-version", 206)
    assert _check(supported("pyproject.toml", ">=3.10", line=11), *others, pylint) == []
    assert _check(*others, pylint) == []
    [finding] = _check(supported("pyproject.toml", ">=3.9", line=11), *others, pylint)
    assert "requires-python >=3.9" in finding.message


_BUILD_ENVIRONMENT = """\
channels:
  - conda-forge
dependencies:
  - python >=3.12
  # the C++ library's build
  - cxx-compiler
  - cmake >=3.16
  - ninja
  - simdjson-static >=3.3.0
"""


def _run_on(tmp_path, environment_path):
    import datetime as dt

    from helpers import write_files

    from pyparity.check import run
    from pyparity.config import Config

    write_files(
        tmp_path,
        {
            "pyproject.toml": '[tool.ruff]\ntarget-version = "py37"\n',
            environment_path: _BUILD_ENVIRONMENT,
        },
    )
    result = run(str(tmp_path), Config(today=dt.date(2026, 12, 2), code=False))
    return [f for f in result.findings if f.rule == "target-mismatch"]


def test_a_conda_environment_in_a_sub_folder_is_no_floor(tmp_path):
    """mamba: `dev/environment-micromamba-static.yml` builds the C++ binary on `python
    >=3.12`; it says nothing of the Pythons the repository's code supports."""
    assert _run_on(tmp_path, "dev/environment-micromamba-static.yml") == []


def test_an_application_described_by_its_environment_file_alone_has_its_floor(tmp_path):
    [finding] = _run_on(tmp_path, "environment.yml")
    assert "the floor of conda dependencies >=3.12 (environment.yml:4) is 3.12" in finding.message
