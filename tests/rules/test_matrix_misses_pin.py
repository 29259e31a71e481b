"""matrix-misses-pin, and the clean case under every rule."""

import pytest
from helpers import matrix_entry, runtime_pin, scan_tree, scope_of, supported

from pyparity.model import Purpose, Role, Severity
from pyparity.records import replace
from pyparity.rules import matrix_misses_pin, registry
from pyparity.sources._common import pin

CI = ".github/workflows/ci.yml"


def _matrix(*versions, group="ci test", first_line=10, file=CI):
    return [matrix_entry(file, v, first_line + i, group=group) for i, v in enumerate(versions)]


def test_fires_once_naming_the_pin():
    declarations = (
        runtime_pin("Dockerfile", "3.12.7", source="dockerfile"),
        *_matrix("3.10", "3.11"),
    )
    [finding] = matrix_misses_pin.check(scope_of(*declarations))
    assert (finding.file, finding.line, finding.severity) == (CI, 10, Severity.WARNING)
    assert finding.message == (
        f"the CI matrix ({CI}:10) tests 3.10 and 3.11 but not 3.12, "
        "the runtime pinned by Dockerfile:1"
    )
    assert [(r.file, r.line) for r in finding.related] == [("Dockerfile", 1)]


def test_several_matrices_missing_one_pin_are_one_disagreement():
    declarations = (
        runtime_pin("Dockerfile", "3.12.7", source="dockerfile"),
        *_matrix("3.10", "3.11"),
        *_matrix("3.10", "3.11", group="ci windows", first_line=30),
    )
    [finding] = matrix_misses_pin.check(scope_of(*declarations))
    assert (finding.file, finding.line) == (CI, 10)
    assert finding.message.startswith(f"the CI matrices ({CI}:10 and {CI}:30) test 3.10 and 3.11")
    assert [(r.file, r.line) for r in finding.related] == [("Dockerfile", 1), (CI, 30)]


def test_names_every_untested_pin():
    declarations = (
        runtime_pin("Dockerfile", "3.12"),
        runtime_pin(".python-version", "3.13"),
        *_matrix("3.10", "3.11"),
    )
    [finding] = matrix_misses_pin.check(scope_of(*declarations))
    assert "not 3.12 and 3.13" in finding.message
    assert "Dockerfile:1 and .python-version:1" in finding.message


def test_quiet_when_the_matrix_includes_the_pin():
    declarations = (runtime_pin("Dockerfile", "3.12.7"), *_matrix("3.11", "3.12", "3.13"))
    assert list(matrix_misses_pin.check(scope_of(*declarations))) == []


def test_quiet_when_another_ci_test_job_runs_the_pin():
    declarations = (
        runtime_pin("Dockerfile", "3.12"),
        *_matrix("3.10", "3.11"),
        runtime_pin(CI, "3.12", line=50, source="workflow"),
    )
    assert list(matrix_misses_pin.check(scope_of(*declarations))) == []


def test_quiet_without_a_ci_matrix_or_a_runtime_pin():
    assert list(matrix_misses_pin.check(scope_of(runtime_pin("Dockerfile", "3.12")))) == []
    assert list(matrix_misses_pin.check(scope_of(*_matrix("3.10", "3.11")))) == []


def test_tooling_pins_and_lint_matrices_and_tox_do_not_count():
    lint_matrix = [replace(d, purpose=Purpose.TOOLING) for d in _matrix("3.10", "3.11")]
    tox_entry = pin(
        "tox.ini",
        matrix_entry("x", "3.10", 1).span,
        "3.10",
        source="tox",
        role=Role.MATRIX,
        group="tox.ini envlist",
    )
    declarations = (
        runtime_pin("lint.yml", "3.13", purpose=Purpose.TOOLING),
        runtime_pin("Dockerfile", "3.12"),
        *lint_matrix,
        tox_entry,
    )
    assert list(matrix_misses_pin.check(scope_of(*declarations))) == []


def test_clean_matrix_range_and_docker_pin_under_every_rule():
    """A matrix of 3.10 to 3.13, requires-python >=3.10 and a 3.12 Docker pin is clean."""
    scope = scope_of(
        supported("pyproject.toml", ">=3.10", line=5),
        *_matrix("3.10", "3.11", "3.12", "3.13"),
        runtime_pin("Dockerfile", "3.12", source="dockerfile"),
    )
    findings = [f for rule in registry() if not rule.audit_only for f in rule.check(scope)]
    assert findings == []


def test_a_pin_outside_the_range_is_left_to_outside_range():
    """A stale conda environment on 3.10 under `>=3.11`: the fix is the pin, not the CI."""
    from helpers import supported

    declarations = (
        supported("pyproject.toml", ">=3.11,<3.14"),
        runtime_pin("environment.yml", "3.10", line=10),
        *_matrix("3.11", "3.12", "3.13"),
    )
    assert list(matrix_misses_pin.check(scope_of(*declarations))) == []


def test_a_test_jobs_matrix_is_cited_before_one_whose_purpose_cannot_be_told():
    unknown = [
        replace(d, purpose=Purpose.UNKNOWN)
        for d in _matrix("3.12", "3.13", group="vm", file=".github/workflows/freebsd.yml")
    ]
    declarations = (
        runtime_pin("Dockerfile", "3.14", source="dockerfile"),
        *unknown,
        *_matrix("3.10", "3.13", group="ci tox", first_line=24),
    )
    [finding] = matrix_misses_pin.check(scope_of(*declarations))
    assert (finding.file, finding.line) == (CI, 24)
    assert finding.message.startswith(
        f"the CI matrices ({CI}:24 and .github/workflows/freebsd.yml:10)"
    )


def test_a_dev_containers_python_is_where_its_developers_run_the_tests():
    """outlines: CI tests 3.10 and 3.13, the dev container runs 3.12; the image's 3.12 is
    still a runtime the matrix should hold."""
    container = runtime_pin(".devcontainer/devcontainer.json", "3.12", source="devcontainer")
    assert list(matrix_misses_pin.check(scope_of(container, *_matrix("3.10", "3.13")))) == []
    image = runtime_pin("Dockerfile", "3.12", source="dockerfile")
    [finding] = matrix_misses_pin.check(scope_of(container, image, *_matrix("3.10", "3.13")))
    assert finding.message.endswith("not 3.12, the runtime pinned by Dockerfile:1")


@pytest.mark.parametrize(
    ("name", "reported"),
    [
        pytest.param("wradlib-dev", False, id="dev"),
        pytest.param("radar_devel", False, id="devel"),
        pytest.param("wradlib", True, id="the-project"),
        pytest.param("devops-tools", True, id="dev-inside-a-word"),
    ],
)
def test_a_conda_environment_named_for_development_is_the_developers(tmp_path, name, reported):
    """wradlib's `environment.yml` (`name: wradlib-dev`, python=3.13, pytest and sphinx) is
    the contributors' environment, as a dev container is: they run the tests there."""
    tree = {
        "pyproject.toml": '[project]\nname = "wradlib"\nrequires-python = ">=3.11"\n',
        "environment.yml": (
            f"name: {name}\nchannels:\n  - conda-forge\ndependencies:\n"
            "  - python=3.13\n  - pytest\n  - sphinx\n"
        ),
        ".github/workflows/ci.yml": (
            "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n"
            '        python: ["3.11", "3.14"]\n    steps:\n'
            "      - uses: actions/setup-python@v6\n        with:\n"
            "          python-version: ${{ matrix.python }}\n      - run: pytest\n"
        ),
    }
    result = scan_tree(tmp_path, tree)
    assert any(f.rule == "matrix-misses-pin" for f in result.findings) is reported
