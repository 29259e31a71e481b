"""Which files are the project's own code."""

from __future__ import annotations

import pytest

from pyparity.code.files import code_files


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        pytest.param("app/clock.py", True, id="package"),
        pytest.param("setup.py", True, id="setup-py-runs-on-the-floor"),
        pytest.param("src/pkg/__init__.py", True, id="src-layout"),
        pytest.param("app/clock.pyi", False, id="stub"),
        pytest.param("README.md", False, id="not-python"),
        pytest.param("tests/test_clock.py", False, id="tests-folder"),
        pytest.param("src/pkg/tests/helpers.py", False, id="nested-tests-folder"),
        pytest.param("src/pkg/test_unit.py", False, id="test-module"),
        pytest.param("src/pkg/clock_test.py", False, id="test-suffix"),
        pytest.param("conftest.py", False, id="conftest"),
        pytest.param("noxfile.py", False, id="noxfile"),
        pytest.param("src/pkg/_vendor/six.py", False, id="vendored"),
        pytest.param("third_party/lib/x.py", False, id="third-party"),
        pytest.param("docs/conf.py", False, id="docs"),
        pytest.param(".github/scripts/bump.py", False, id="ci-helper"),
        pytest.param("src/pkg/latest.py", True, id="test-inside-a-word"),
        pytest.param("src/pkg/contest/rules.py", True, id="test-inside-a-folder-word"),
        pytest.param("src/pkg/pytest_plugin/hooks.py", True, id="pytest-plugin-ships"),
        pytest.param("extras/profiling/benchmarks.py", False, id="extras-and-profiling"),
        pytest.param("devtools/eventbridge_stub.py", False, id="devtools"),
        pytest.param("dev_scripts/sign-assets.py", False, id="dev-scripts"),
        pytest.param("release-scripts/upload.py", False, id="release-scripts"),
        pytest.param("devscripts/utils.py", False, id="devscripts"),  # youtube-dl
        pytest.param(
            "nuitka/build/inline_copy/lib/scons-2.3.2/SCons/Tool/install.py",
            False,
            id="inline-copy",
        ),
        pytest.param("tools/devscripts/make_lazy.py", False, id="devscripts-deeper"),
        pytest.param("build_tools/azure/get_selected_tests.py", False, id="build-tools"),
        pytest.param("maint_tools/sort_whats_new.py", False, id="maint-tools"),
        pytest.param("src/ansible_tools/inventory.py", True, id="a-package-named-tools-ships"),
        pytest.param("src/pkg/manuscripts/render.py", True, id="scripts-inside-a-word"),
        pytest.param("src/pkg/_vendored/pydevd/x.py", False, id="underscore-vendored"),
        pytest.param("e2e_playwright/error_dialog.py", False, id="e2e-folder"),
        pytest.param("pkg/_smoke_tests/notebook.py", False, id="smoke-tests-in-the-package"),
        pytest.param("pkg/tests_python/resources/case.py", False, id="tests-python"),
        pytest.param("mypyc/test-data/fixtures/ir.py", False, id="test-data"),
        pytest.param("test-crates/pyo3-mixed/check.py", False, id="test-crates"),
        pytest.param("src/pkg/testdata/sample.py", False, id="testdata"),
        # a linter's sample inputs, checked by its test runner and never imported
        pytest.param("testsuite/N802.py", False, id="testsuite"),
        pytest.param("pkg/fixtures/project/setup.py", False, id="fixtures"),
        pytest.param("src/cli/templates/flow/main.py", False, id="templates"),
        pytest.param("{{cookiecutter.slug}}/app.py", False, id="cookiecutter-folder"),
    ],
)
def test_default_selection(path: str, kept: bool) -> None:
    assert code_files([path]) == ([path] if kept else [])


def test_code_paths_replace_the_defaults() -> None:
    paths = ["src/app.py", "tests/test_app.py", "scripts/x.py"]
    assert code_files(paths, include=["tests", "src/*.py"]) == ["src/app.py", "tests/test_app.py"]


def test_code_exclude_applies_to_either_selection() -> None:
    paths = ["src/app.py", "src/legacy/old.py"]
    assert code_files(paths, exclude=["src/legacy"]) == ["src/app.py"]
    assert code_files(paths, include=["src"], exclude=["*/old.py"]) == ["src/app.py"]


def test_top_maintainer_folders_outside_any_package_are_tooling() -> None:
    paths = ["mu/__init__.py", "mu/app.py", "utils/avatar.py", "maint/bump.py", "misc/docker/b.py"]
    assert code_files(paths) == ["mu/__init__.py", "mu/app.py"]


@pytest.mark.parametrize(
    ("paths", "why"),
    [
        (["utils/__init__.py", "utils/clock.py"], "the folder is a package"),
        (["__init__.py", "utils/clock.py"], "the repository's root is a package"),
        (["contrib/plugin/pyproject.toml", "contrib/plugin/hook.py"], "it holds a project"),
        (["util/genai/setup.cfg", "util/genai/src/otel/genai/x.py"], "it holds a project"),
        (["core/admin/mailu/views.py"], "deeper, an application's own folder"),
        (["src/app/helpers/forms.py"], "deeper, an application's own folder"),
        (["utilities/x.py", "developer/y.py"], "only whole names"),
    ],
)
def test_maintainer_names_that_hold_the_projects_code(paths: list[str], why: str) -> None:
    python = [path for path in paths if path.endswith(".py")]
    assert code_files(paths) == python, why


def test_code_paths_can_take_a_maintainer_folder_back() -> None:
    assert code_files(["utils/avatar.py"], include=["utils"]) == ["utils/avatar.py"]


def test_a_cookiecutters_hooks_are_the_generators_code():
    paths = [
        "fastapi_template/template/cookiecutter.json",
        "fastapi_template/template/hooks/post_gen_project.py",
        "fastapi_template/template/{{cookiecutter.name}}/app.py",
        "templates/hooks/pre_gen_project.py",  # no cookiecutter.json beside it
    ]
    assert code_files(paths) == ["fastapi_template/template/hooks/post_gen_project.py"]


def test_a_generator_script_in_a_folder_of_data_inside_a_package_is_the_developers():
    # modelled on a library whose syscall tables are generated by scripts that a Makefile
    # beside them runs; the folder has no __init__.py, its parent is a package
    paths = [
        "pwnlib/__init__.py",
        "pwnlib/data/__init__.py",
        "pwnlib/data/syscalls/Makefile",
        "pwnlib/data/syscalls/generate_darwin.py",
        "pwnlib/data/syscalls/gen-tables.py",
        "pwnlib/data/syscalls/helper.py",  # not named as a script: kept
        "pwnlib/shellcraft/__init__.py",
        "pwnlib/shellcraft/generate_asm.py",  # a module of a package: kept
        "service/jobs/update_prices.py",  # in no package at all: an application's folder
    ]
    assert code_files(paths) == [
        "pwnlib/__init__.py",
        "pwnlib/data/__init__.py",
        "pwnlib/data/syscalls/helper.py",
        "pwnlib/shellcraft/__init__.py",
        "pwnlib/shellcraft/generate_asm.py",
        "service/jobs/update_prices.py",
    ]


def test_loose_python_files_of_a_front_end_are_not_the_packages_code():
    # modelled on a test framework whose libdoc page (TypeScript) is developed against a
    # sample library kept beside its sources
    paths = [
        "src/web/package.json",
        "src/web/libdoc/main.ts",
        "src/web/libdoc/lib.py",
        "src/robot/__init__.py",
        "src/robot/run.py",
        "frontend/package.json",
        "frontend/app/__init__.py",  # a package is code wherever it is
        "frontend/app/views.py",
        "site/package.json",
        "site/manage.py",  # a Django project with its own package.json
        "site/gunicorn.conf.py",
        "package.json",  # at the root: the whole repository is no front end
        "cli.py",
    ]
    assert code_files(paths) == [
        "src/robot/__init__.py",
        "src/robot/run.py",
        "frontend/app/__init__.py",
        "frontend/app/views.py",
        "site/manage.py",
        "site/gunicorn.conf.py",
        "cli.py",
    ]
