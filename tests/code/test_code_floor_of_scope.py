"""The floor of a scope: the supported range's, else the classifiers', else the lowest runtime
pin outside CI; never a CI job, a tox or nox environment or a tool target."""

from __future__ import annotations

from helpers import TODAY, at, matrix_entry, runtime_pin, supported

from pyparity.code.floor import floors, lowest_admitted
from pyparity.model import Declaration, Minor, Purpose, Role
from pyparity.records import replace
from pyparity.sources._common import pin, unresolved


def classifier(file: str, version: str, line: int) -> Declaration:
    return pin(file, at(line), version, source="pyproject", role=Role.MATRIX, context="classifiers")


def target(version: str) -> Declaration:
    return replace(pin("pyproject.toml", at(20), version, source="pyproject"), role=Role.TARGET)


def version_file(version: str) -> Declaration:
    return runtime_pin(".python-version", version, source="python-version-file")


def test_the_range_decides_whatever_ci_pins_and_targets_say() -> None:
    declarations = [
        runtime_pin("Dockerfile", "3.12.4", source="dockerfile"),
        supported("pyproject.toml", ">=3.10,<3.14", line=4),
        matrix_entry(".github/workflows/ci.yml", "3.9", line=12),
        classifier("pyproject.toml", "3.9", line=8),
        target("3.8"),
    ]
    floor = floors(declarations, TODAY)["."]
    assert floor.minor == Minor(3, 10)
    assert [d.role for d in floor.declarations] == [Role.RANGE]


def test_classifiers_decide_when_there_is_no_range() -> None:
    declarations = [
        classifier("setup.py", "3.7", line=20),
        classifier("setup.py", "3.8", line=21),
        runtime_pin("Dockerfile", "3.6", source="dockerfile"),
        target("3.5"),
    ]
    floor = floors(declarations, TODAY)["."]
    assert floor.minor == Minor(3, 7)
    assert [d.where for d in floor.declarations] == ["setup.py:20"]


def test_a_range_without_lower_bound_leaves_it_to_the_classifiers() -> None:
    declarations = [supported("pyproject.toml", "<3.14"), classifier("pyproject.toml", "3.9", 8)]
    assert floors(declarations, TODAY)["."].minor == Minor(3, 9)


def test_an_application_is_judged_by_its_lowest_runtime_pin() -> None:
    declarations = [
        version_file("3.11.9"),
        runtime_pin("Dockerfile", "3.12", source="dockerfile"),
        runtime_pin("Dockerfile", "3.9", source="dockerfile", purpose=Purpose.BUILD),
        runtime_pin(".github/workflows/ci.yml", "3.8", source="workflow"),
        matrix_entry(".github/workflows/ci.yml", "3.8", line=12),
        replace(pin("tox.ini", at(2), "3.8", source="tox"), role=Role.MATRIX),
        target("3.8"),
    ]
    floor = floors(declarations, TODAY)["."]
    assert floor.minor == Minor(3, 11)
    assert [d.file for d in floor.declarations] == [".python-version"]


def test_ci_pins_tool_targets_and_build_stages_alone_have_no_floor() -> None:
    declarations = [
        runtime_pin(".circleci/config.yml", "3.9.5", source="circleci"),
        runtime_pin(".travis.yml", "3.5", source="travis"),
        runtime_pin("bitbucket-pipelines.yml", "3.8", source="bitbucket-pipelines"),
        runtime_pin(".woodpecker.yaml", "3.8", source="woodpecker"),
        runtime_pin("appveyor.yml", "3.7", source="appveyor"),
        runtime_pin("Dockerfile", "3.9", source="dockerfile", purpose=Purpose.BUILD),
        target("3.8"),
    ]
    assert floors(declarations, TODAY) == {}


def test_declarations_on_the_floor_follow_those_that_decide_it() -> None:
    declarations = [
        matrix_entry(".github/workflows/ci.yml", "3.9", line=12),
        version_file("3.9.6"),
        supported("pyproject.toml", ">=3.9", line=9),
        target("3.9"),
        runtime_pin(".pre-commit-config.yaml", "3.9", purpose=Purpose.TOOLING),
    ]
    floor = floors(declarations, TODAY)["."]
    assert [d.where for d in floor.declarations] == [
        "pyproject.toml:9",
        ".github/workflows/ci.yml:12",
        ".python-version:1",
        "pyproject.toml:20",
    ]


def test_scopes_are_separate() -> None:
    declarations = [
        replace(supported("a/pyproject.toml", ">=3.8"), scope="a"),
        replace(supported("b/pyproject.toml", ">=3.12"), scope="b"),
    ]
    result = floors(declarations, TODAY)
    assert {name: f.minor for name, f in result.items()} == {
        "a": Minor(3, 8),
        "b": Minor(3, 12),
    }


def test_not_counted() -> None:
    tooling = runtime_pin(".pre-commit-config.yaml", "3.8", purpose=Purpose.TOOLING)
    nothing = unresolved("ci.yml", at(3), "${{ inputs.python }}", source="workflow")
    assert lowest_admitted(tooling, TODAY) is None
    assert lowest_admitted(nothing, TODAY) is None
    assert floors([tooling, nothing], TODAY) == {}


def test_python_2_in_a_range_is_skipped_and_floating_means_today() -> None:
    assert lowest_admitted(supported("setup.cfg", ">=2.7"), TODAY) == Minor(3, 3)  # (not 3.0)
    floating = runtime_pin("Dockerfile", "3", source="dockerfile")
    assert floating.role is Role.FLOATING
    newest = lowest_admitted(floating, TODAY)
    assert newest is not None
    assert newest >= Minor(3, 13)


def test_a_range_from_python_2_is_judged_on_python_3_3() -> None:
    """`>=2.7` admits 3.0 to 3.2 on paper only: no installer that honours Requires-Python runs
    there (fmriprep's Docker wrapper, which imports `argparse`: 3.2)."""
    assert lowest_admitted(supported("wrapper/pyproject.toml", ">=2.7"), TODAY) == Minor(3, 3)
    assert lowest_admitted(supported("pyproject.toml", ">=3.5"), TODAY) == Minor(3, 5)
    legacy = supported("setup.py", ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*")
    assert lowest_admitted(legacy, TODAY) == Minor(3, 5)
