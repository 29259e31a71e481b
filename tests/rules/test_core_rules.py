"""The rules of the core check, on declarations built by hand (no files parsed)."""

import datetime as dt

from helpers import TODAY, matrix_entry, runtime_pin, scope_of, supported

from pyparity.model import Purpose, Severity
from pyparity.records import replace
from pyparity.rules import (
    floating_version,
    outside_range,
    patch_mismatch,
    pin_mismatch,
    stage_mismatch,
    unknown_version,
    unresolved,
    yaml_float,
)
from pyparity.sources._common import unresolved as unresolved_declaration


def test_pin_mismatch_flags_the_minority_and_names_both_sides():
    findings = list(
        pin_mismatch.check(
            scope_of(
                runtime_pin(".python-version", "3.9.6"),
                runtime_pin("Dockerfile", "3.11.13"),
                runtime_pin(".github/workflows/ci.yml", "3.11", line=13),
            )
        )
    )
    assert len(findings) == 1
    [finding] = findings
    assert finding.file == ".python-version"
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        ".python-version:1 pins 3.9.6 but Dockerfile:1 and .github/workflows/ci.yml:13 pin 3.11"
    )
    assert [(r.file, r.line) for r in finding.related] == [
        ("Dockerfile", 1),
        (".github/workflows/ci.yml", 13),
    ]


def test_pin_mismatch_quiet_when_pins_agree_on_the_minor():
    declarations = (runtime_pin("Dockerfile", "3.11.13"), runtime_pin(".python-version", "3.11"))
    assert list(pin_mismatch.check(scope_of(*declarations))) == []


def test_pin_mismatch_with_no_majority_is_one_finding_that_lists_every_side():
    findings = list(
        pin_mismatch.check(
            scope_of(runtime_pin("Dockerfile", "3.12"), runtime_pin(".python-version", "3.11"))
        )
    )
    [finding] = findings
    assert (finding.file, finding.line) == (".python-version", 1)
    assert finding.message == (
        "the runtime pins disagree and no minor has a majority: "
        ".python-version:1 pins 3.11; Dockerfile:1 pins 3.12"
    )
    assert [(r.file, r.line) for r in finding.related] == [("Dockerfile", 1)]


def test_pin_mismatch_counts_files_not_jobs():
    """Five jobs of one workflow that read `.python-version` are its one vote, not five."""
    read = [
        replace(runtime_pin(".github/workflows/ci.yml", "3.11", line=n), origin=".python-version")
        for n in (10, 20, 30, 40, 50)
    ]
    declarations = (
        runtime_pin(".python-version", "3.11"),
        *read,
        runtime_pin("Dockerfile", "3.12"),
    )
    [finding] = pin_mismatch.check(scope_of(*declarations))
    assert finding.message.startswith("the runtime pins disagree and no minor has a majority")


def test_each_minority_file_is_its_own_disagreement_and_one_file_says_it_once():
    declarations = (
        runtime_pin("Dockerfile", "3.12"),
        runtime_pin("compose.yaml", "3.12", line=4),
        runtime_pin(".devcontainer/devcontainer.json", "3.12", line=3),
        runtime_pin(".python-version", "3.11"),
        runtime_pin("docker/Dockerfile.worker", "3.11", line=1),
        runtime_pin("docker/Dockerfile.worker", "3.11", line=9),
    )
    findings = list(pin_mismatch.check(scope_of(*declarations)))
    assert [(f.file, f.line) for f in findings] == [
        (".python-version", 1),
        ("docker/Dockerfile.worker", 1),
    ]
    assert findings[1].message.startswith(
        "docker/Dockerfile.worker:1 pins 3.11 (so does docker/Dockerfile.worker:9) but "
    )


def test_a_finding_names_at_most_ten_other_places():
    many = [runtime_pin(f"services/s{n:02}/Dockerfile", "3.12") for n in range(25)]
    [finding] = pin_mismatch.check(scope_of(runtime_pin(".python-version", "3.11"), *many))
    assert len(finding.related) == 10
    assert finding.message.endswith(" and 15 more pin 3.12")


def test_a_ci_job_whose_purpose_is_unknown_is_at_most_a_warning():
    declarations = (
        runtime_pin("Dockerfile", "3.12"),
        runtime_pin(".python-version", "3.12"),
        runtime_pin(
            ".github/workflows/sync.yml", "3.10", source="workflow", purpose=Purpose.UNKNOWN
        ),
    )
    [finding] = pin_mismatch.check(scope_of(*declarations))
    assert (finding.file, finding.severity) == (".github/workflows/sync.yml", Severity.WARNING)
    assert "purpose is unknown" in finding.message


def test_a_ci_job_of_unknown_purpose_on_the_floor_checks_the_floor():
    """browser-use's install smoke test: `uv venv --python 3.11`, install, `--help`, on the
    oldest Python `>=3.11` admits, while the runtime is 3.12: a choice within the range."""
    smoke = runtime_pin(
        ".github/workflows/install.yml", "3.11", source="workflow", purpose=Purpose.UNKNOWN
    )
    runtime = (runtime_pin("Dockerfile", "3.12"), runtime_pin(".python-version", "3.12"))
    assert (
        list(pin_mismatch.check(scope_of(*runtime, smoke, supported("pyproject.toml", ">=3.11"))))
        == []
    )
    [finding] = pin_mismatch.check(scope_of(*runtime, smoke, supported("pyproject.toml", ">=3.10")))
    assert (finding.file, finding.severity) == (".github/workflows/install.yml", Severity.WARNING)


def test_pin_mismatch_source_of_truth_decides():
    declarations = (
        runtime_pin("Dockerfile", "3.12"),
        runtime_pin(".python-version", "3.11"),
        runtime_pin("runtime.txt", "3.11"),
    )
    findings = list(pin_mismatch.check(scope_of(*declarations, source_of_truth="Dockerfile")))
    assert sorted(f.file for f in findings) == [".python-version", "runtime.txt"]


def test_tooling_pins_are_not_compared():
    declarations = (
        runtime_pin("Dockerfile", "3.11"),
        runtime_pin(".github/workflows/lint.yml", "3.13", purpose=Purpose.TOOLING),
    )
    assert list(pin_mismatch.check(scope_of(*declarations))) == []


def test_a_project_that_tests_several_minors_needs_no_agreement_between_its_pins():
    """A library tested on 3.9-3.12 may keep its dev environment at the floor and its image
    at the newest: `outside-range` and `matrix-misses-pin` judge each pin."""
    declarations = (
        runtime_pin(".python-version", "3.9"),
        runtime_pin("Dockerfile", "3.12"),
        *(matrix_entry("ci.yml", v, 10) for v in ("3.9", "3.10", "3.11", "3.12")),
        runtime_pin("ci.yml", "3.8", line=30, source="workflow", context="job mypy"),
    )
    assert list(pin_mismatch.check(scope_of(*declarations))) == []
    [finding] = pin_mismatch.check(scope_of(*declarations, source_of_truth="Dockerfile"))
    assert finding.file == ".python-version"


def test_a_version_file_on_the_tested_floor_is_developing_on_the_oldest_on_purpose():
    """phoenix: `.python-version` 3.10, "the lowest currently supported version, to ensure
    compatibility", CI on 3.10 to 3.13, its server images on 3.13: no drift. The same file
    off the floor, or on a floor nothing tests, is still the minority."""
    images = (
        runtime_pin("Dockerfile", "3.13", line=22),
        runtime_pin("scripts/docker/devops/Dockerfile", "3.13", line=3),
    )
    tested = tuple(matrix_entry("ci.yml", v, 10) for v in ("3.10", "3.11", "3.12", "3.13"))
    floor = supported("pyproject.toml", ">=3.10,<3.15")
    for manager in ("python-version-file", "tool-versions"):
        dev = runtime_pin(".python-version", "3.10", source=manager)
        assert list(pin_mismatch.check(scope_of(dev, *images, *tested, floor))) == []
    dev = runtime_pin(".python-version", "3.10", source="python-version-file")
    # Off the floor, or not a version file: the tests run 3.10 and 3.13 alike, so a warning
    # (a choice within the range, or one left behind); on a floor nothing tests, an error.
    [off_the_floor] = pin_mismatch.check(
        scope_of(dev, *images, *tested, supported("pyproject.toml", ">=3.9"))
    )
    assert (off_the_floor.file, off_the_floor.severity) == (".python-version", Severity.WARNING)
    assert off_the_floor.message.endswith(
        "; the tests run 3.10 and 3.13: a choice within the range?"
    )
    [untested_floor] = pin_mismatch.check(scope_of(dev, *images, *tested[1:], floor))
    assert (untested_floor.file, untested_floor.severity) == (".python-version", Severity.ERROR)
    image = runtime_pin("Dockerfile.dev", "3.10", source="dockerfile")
    [not_a_version_file] = pin_mismatch.check(scope_of(image, *images, *tested, floor))
    assert (not_a_version_file.file, not_a_version_file.severity) == (
        "Dockerfile.dev",
        Severity.WARNING,
    )
    # The range refuses the pin's minor though a test runs it: `outside-range`'s to say.
    refused = supported("pyproject.toml", ">=3.11")
    assert list(pin_mismatch.check(scope_of(image, *images, *tested, refused))) == []
    # The majority's minor untested (the images on 3.14, tests on 3.10 to 3.13): an error.
    newest = tuple(replace(i, requirement=runtime_pin(i.file, "3.14").requirement) for i in images)
    [against_untested] = pin_mismatch.check(scope_of(image, *newest, *tested, floor))
    assert against_untested.severity is Severity.ERROR
    # The floor claimed by classifiers, the CI on the newest alone: the laptops' 3.10 is
    # tested nowhere (the story pyparity exists for).
    claimed = tuple(
        replace(
            matrix_entry("pyproject.toml", v, 20, group="pyproject.toml classifiers"),
            source="pyproject",
        )
        for v in ("3.10", "3.11", "3.12", "3.13")
    )
    ci_on_the_newest = runtime_pin("ci.yml", "3.13", line=10, source="workflow")
    [only_claimed] = pin_mismatch.check(scope_of(dev, *images, *claimed, ci_on_the_newest, floor))
    assert (only_claimed.file, only_claimed.severity) == (".python-version", Severity.ERROR)
    # pyenv's file on the floor, asdf's on the images' minor: the developers' setups disagree
    # (on two tested minors: a warning).
    asdf = runtime_pin(".tool-versions", "3.13", source="tool-versions")
    [disagreeing] = pin_mismatch.check(scope_of(dev, asdf, *images, *tested, floor))
    assert (disagreeing.file, disagreeing.severity) == (".python-version", Severity.WARNING)
    [decided] = pin_mismatch.check(
        scope_of(dev, *images, *tested, floor, source_of_truth="Dockerfile")
    )
    assert (decided.file, decided.severity) == (".python-version", Severity.ERROR)


def test_test_jobs_each_on_one_minor_make_a_tested_set_not_pins():
    """`test` on the floor and `test_py314` on the newest: one test set spread over jobs."""
    declarations = (
        runtime_pin(".github/workflows/ci.yml", "3.10", line=55, source="workflow"),
        runtime_pin(".github/workflows/ci.yml", "3.14", line=106, source="workflow"),
    )
    assert list(pin_mismatch.check(scope_of(*declarations))) == []


def test_a_single_ci_test_python_is_compared_with_the_runtime():
    declarations = (
        runtime_pin(".python-version", "3.11"),
        runtime_pin("Dockerfile", "3.11"),
        runtime_pin(".github/workflows/ci.yml", "3.12", line=14, source="workflow"),
    )
    [finding] = pin_mismatch.check(scope_of(*declarations))
    assert (finding.file, finding.line) == (".github/workflows/ci.yml", 14)


def test_a_floating_spelling_is_not_a_pin():
    declarations = (
        runtime_pin("Dockerfile", "3"),
        runtime_pin(".python-version", "3.11"),
        runtime_pin("runtime.txt", "3.11"),
    )
    assert list(pin_mismatch.check(scope_of(*declarations))) == []


def test_patch_mismatch_warns_and_errors_with_patch_precision():
    declarations = (
        runtime_pin("Dockerfile", "3.11.4"),
        runtime_pin(".python-version", "3.11.13"),
        runtime_pin("runtime.txt", "3.11.13"),
    )
    [finding] = patch_mismatch.check(scope_of(*declarations))
    assert finding.file == "Dockerfile"
    assert finding.severity is Severity.WARNING
    [strict] = patch_mismatch.check(scope_of(*declarations, precision="patch"))
    assert strict.severity is Severity.ERROR


def test_patch_mismatch_is_one_finding_per_file_and_one_when_no_patch_leads():
    """CI test jobs on 3.6.9 (one file) against the deployed image on 3.6.4: one against one,
    one finding that names both, not one per job."""
    jobs = [
        runtime_pin(".circleci/config.yml", "3.6.9", line=n, source="circleci") for n in (34, 76)
    ]
    [finding] = patch_mismatch.check(scope_of(runtime_pin("Dockerfile", "3.6.4"), *jobs))
    assert (finding.file, finding.line) == (".circleci/config.yml", 34)
    assert finding.message == (
        "the patch pins of 3.6 disagree and none has a majority: "
        "Dockerfile:1 pins 3.6.4; .circleci/config.yml:34 and .circleci/config.yml:76 pin 3.6.9"
    )
    three = (runtime_pin(".python-version", "3.6.9"), runtime_pin("runtime.txt", "3.6.9"))
    [finding] = patch_mismatch.check(scope_of(runtime_pin("Dockerfile", "3.6.4"), *jobs, *three))
    assert finding.file == "Dockerfile"


def test_patch_mismatch_ignores_minor_only_pins():
    declarations = (runtime_pin("Dockerfile", "3.11.4"), runtime_pin(".python-version", "3.11"))
    assert list(patch_mismatch.check(scope_of(*declarations))) == []


def test_outside_range_flags_pin_and_matrix_entry():
    declarations = (
        supported("pyproject.toml", ">=3.9,<3.12", line=5),
        runtime_pin("Dockerfile", "3.12"),
        matrix_entry("ci.yml", "3.8", 10),
        matrix_entry("ci.yml", "3.11", 11),
    )
    findings = list(outside_range.check(scope_of(*declarations)))
    assert [(f.file, f.line) for f in findings] == [("Dockerfile", 1), ("ci.yml", 10)]
    assert findings[0].message == (
        "Dockerfile:1 pins 3.12, outside requires-python >=3.9,<3.12 (pyproject.toml:5)"
    )


def test_outside_range_respects_patch_floor():
    declarations = (supported("pyproject.toml", ">=3.11.4"), runtime_pin("Dockerfile", "3.11.2"))
    assert len(list(outside_range.check(scope_of(*declarations)))) == 1
    ok = (supported("pyproject.toml", ">=3.11.4"), runtime_pin("Dockerfile", "3.11"))
    assert list(outside_range.check(scope_of(*ok))) == []


def test_outside_range_is_a_warning_for_tooling():
    declarations = (
        supported("pyproject.toml", ">=3.9,<3.13"),
        runtime_pin("lint.yml", "3.14", purpose=Purpose.TOOLING),
    )
    [finding] = outside_range.check(scope_of(*declarations))
    assert finding.severity is Severity.WARNING


def test_clean_matrix_within_range():
    declarations = (
        supported("pyproject.toml", ">=3.10"),
        *(matrix_entry("ci.yml", v, i) for i, v in enumerate(["3.10", "3.11", "3.12", "3.13"])),
        runtime_pin("Dockerfile", "3.12"),
    )
    assert list(outside_range.check(scope_of(*declarations))) == []


def test_stage_mismatch_only_for_shipping_builder():
    final = runtime_pin("Dockerfile", "3.11", line=5, source="dockerfile")
    builder = runtime_pin(
        "Dockerfile",
        "3.12",
        source="dockerfile",
        purpose=Purpose.BUILD,
        ships=True,
        context="stage build",
    )
    [finding] = stage_mismatch.check(scope_of(builder, final))
    assert finding.line == 1
    assert "3.12" in finding.message
    assert "3.11" in finding.message
    quiet = replace(builder, ships=False)
    assert list(stage_mismatch.check(scope_of(quiet, final))) == []


def test_yaml_float():
    entry = replace(matrix_entry("ci.yml", "3.10", 4), yaml_loaded_as="3.1")
    [finding] = yaml_float.check(scope_of(entry, matrix_entry("ci.yml", "3.11", 5)))
    assert finding.line == 4
    assert '"3.10"' in finding.message


def test_yaml_float_in_a_travis_file_left_behind_is_a_warning():
    """django-smart-selects: `python: 3.10` in a `.travis.yml` while GitHub Actions tests 3.8
    to 3.12; the Travis file most likely runs nothing. Beside one live job it is still an
    error (the Travis file may be the test matrix)."""
    travis = replace(
        matrix_entry(".travis.yml", "3.10", 8, group="travis"),
        source="travis",
        yaml_loaded_as="3.1",
    )
    actions = [matrix_entry(".github/workflows/test.yml", v, 12) for v in ("3.8", "3.12")]
    [finding] = yaml_float.check(scope_of(travis, *actions))
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        '.travis.yml:8: unquoted 3.10 is read by YAML as the number 3.1; quote it: "3.10", or '
        "delete this Travis file: another CI runs the tests"
    )
    [finding] = yaml_float.check(scope_of(travis, actions[0]))
    assert finding.severity is Severity.ERROR


def test_unknown_version():
    [finding] = unknown_version.check(
        scope_of(runtime_pin("ci.yml", "3.19"), runtime_pin("x", "3.12"))
    )
    assert "3.19" in finding.message


def test_floating_version_notice_and_audit_warning():
    declaration = runtime_pin("Dockerfile", "latest")
    [notice] = floating_version.check(scope_of(declaration))
    assert notice.severity is Severity.NOTICE
    assert "3.15" in notice.message
    [warning] = floating_version.check(scope_of(declaration, audit=True))
    assert warning.severity is Severity.WARNING


def test_unresolved_is_a_notice():
    declaration = unresolved_declaration(
        "ci.yml", runtime_pin("x", "3.1").span, "${{ inputs.python }}", source="workflow"
    )
    [finding] = unresolved.check(scope_of(declaration))
    assert finding.severity is Severity.NOTICE
    assert TODAY.year == 2026


def test_unresolved_message_shortens_a_long_expression():
    long_expression = (
        'textwrap.dedent("""\n' + "Programming Language :: Python :: 3.11\n" * 20 + '""")'
    )
    declaration = unresolved_declaration(
        "setup.py", runtime_pin("x", "3.1").span, long_expression, source="setup-py"
    )
    [finding] = unresolved.check(scope_of(declaration))
    assert len(finding.message) < 200
    assert "…" in finding.message


def test_a_spelling_that_is_not_a_plain_version_is_shown_beside_its_meaning():
    from pyparity.rules._shared import spelled

    shown = {
        raw: spelled(runtime_pin(".github/workflows/ci.yml", raw), TODAY)
        for raw in ("3.14t", "3.15-dev", "cp313", "3.12", "3.11.13", "'3.12'")
    }
    assert shown == {
        "3.14t": "3.14t (3.14)",
        "3.15-dev": "3.15-dev (3.15)",
        "cp313": "cp313 (3.13)",
        "3.12": "3.12",
        "3.11.13": "3.11.13",
        "'3.12'": "3.12",
    }


def test_outside_range_leaves_a_ci_job_of_unknown_purpose_alone():
    """A job that sets up 3.9 to prove the wheel refuses it, or runs an issue bot on 3.x."""
    declarations = (
        supported("pyproject.toml", ">=3.10", line=5),
        runtime_pin(".github/workflows/ci.yml", "3.9", line=82, purpose=Purpose.UNKNOWN),
        runtime_pin(".github/workflows/ci.yml", "3.9", line=90),
    )
    [finding] = outside_range.check(scope_of(*declarations))
    assert finding.line == 90


def test_a_finding_about_a_file_that_workflows_read_sits_on_that_file():
    read = [
        replace(runtime_pin(".github/workflows/ci.yml", "3.14.6", line=n), origin=".python-version")
        for n in (29, 81)
    ]
    declarations = (
        *read,
        runtime_pin(".python-version", "3.14.6"),
        runtime_pin("Dockerfile", "3.14.7", line=3),
        runtime_pin("Dockerfile.cabotage", "3.14.7", line=3),
    )
    [finding] = patch_mismatch.check(scope_of(*declarations))
    assert (finding.file, finding.line) == (".python-version", 1)
    assert finding.message.startswith(
        ".python-version:1 pins 3.14.6 (so does .github/workflows/ci.yml:29 and "
        ".github/workflows/ci.yml:81) but "
    )


def _travis(*versions: str, source: str = "travis", file: str = ".travis.yml"):
    return [
        replace(matrix_entry(file, v, 3 + i, group="travis"), source=source)
        for i, v in enumerate(versions)
    ]


def test_a_ci_file_left_behind_is_said_once():
    """peewee: a `.travis.yml` of 2.7-3.7 under `>=3.8` while GitHub Actions runs the tests:
    one warning for the file (Travis no longer builds it), naming every stale line."""
    actions = [
        matrix_entry(".github/workflows/tests.yml", v, 20 + i)
        for i, v in enumerate(["3.9", "3.12"])
    ]
    declarations = (
        *actions,
        *_travis("2.7", "3.6", "3.7", "3.9"),
        supported("pyproject.toml", ">=3.8"),
    )
    [finding] = outside_range.check(scope_of(*declarations))
    assert (finding.file, finding.line, finding.severity) == (".travis.yml", 3, Severity.WARNING)
    assert finding.message == (
        ".travis.yml:3 tests 2.7, outside requires-python >=3.8 (pyproject.toml:1); Travis file "
        ".travis.yml has 3 such entries (lines 3, 4, 5) while GitHub Actions runs the tests: it "
        "looks left behind (update or delete it)"
    )
    assert [(r.file, r.line) for r in finding.related] == [
        ("pyproject.toml", 1),
        (".travis.yml", 4),
        (".travis.yml", 5),
    ]


def test_an_appveyor_file_that_still_tests_a_supported_python_stays_an_error():
    """Fiona: an AppVeyor matrix of 3.6, 3.7 and 3.8 under `>=3.8` still tests the project on
    3.8 beside its stale entries; bravado's of 2.7 and 3.6 under `>=3.8` tests nothing it
    supports: left behind, a warning."""
    actions = [matrix_entry(".github/workflows/tests.yml", "3.12", 20)]
    floor = supported("setup.py", ">=3.8")
    live = _travis("3.6", "3.7", "3.8", source="appveyor", file=".appveyor.yml")
    [finding] = outside_range.check(scope_of(*actions, *live, floor))
    assert (finding.file, finding.severity) == (".appveyor.yml", Severity.ERROR)
    assert "AppVeyor file .appveyor.yml has 2 such entries (lines 3, 4) while GitHub Actions" in (
        finding.message
    )
    dead = _travis("2.7", "3.6", source="appveyor", file=".appveyor.yml")
    [finding] = outside_range.check(scope_of(*actions, *dead, floor))
    assert (finding.file, finding.severity) == (".appveyor.yml", Severity.WARNING)
    assert finding.message.endswith("it looks left behind (update or delete it)")
    [finding] = outside_range.check(scope_of(*actions, *dead[:1], floor))
    assert (finding.line, finding.severity) == (3, Severity.WARNING)
    assert finding.message == (
        ".appveyor.yml:3 tests 2.7, outside requires-python >=3.8 (setup.py:1); GitHub Actions "
        "runs the tests: this AppVeyor file looks left behind (update or delete it)"
    )


def test_a_current_services_file_that_tests_nothing_supported_beside_a_live_one_is_left_behind():
    """jsonpickle: an Azure matrix of 3.6 and 3.8 (images retired, a TOXENV tox.ini lacks)
    under `>=3.10`, while GitHub Actions tests 3.10 to 3.14: one warning for the file, and the
    AppVeyor file beside them is left behind for GitHub Actions, not for Azure. An Azure file
    that still tests 3.10, or one beside a service that tests nothing supported either, keeps
    its errors."""
    actions = [
        matrix_entry(".github/workflows/test.yml", v, 20 + i)
        for i, v in enumerate(["3.10", "3.14"])
    ]
    floor = supported("pyproject.toml", ">=3.10")
    azure = _travis("3.6", "3.8", "3.8", source="azure-pipelines", file="azure-pipelines.yml")
    appveyor = _travis("3.6", "3.8", source="appveyor", file="appveyor.yml")
    found = list(outside_range.check(scope_of(*actions, *azure, *appveyor, floor)))
    assert [(f.file, f.line, f.severity) for f in found] == [
        ("azure-pipelines.yml", 3, Severity.WARNING),
        ("appveyor.yml", 3, Severity.WARNING),
    ]
    assert found[0].message.endswith(
        "Azure Pipelines file azure-pipelines.yml has 3 such entries (lines 3, 4, 5) while "
        "GitHub Actions runs the tests: it looks left behind (update or delete it)"
    )
    assert "while GitHub Actions runs the tests" in found[1].message
    still_live = _travis("3.8", "3.10", source="azure-pipelines", file="azure-pipelines.yml")
    [stale_entry] = outside_range.check(scope_of(*actions, *still_live, floor))
    assert (stale_entry.line, stale_entry.severity) == (3, Severity.ERROR)
    old_actions = [matrix_entry(".github/workflows/test.yml", "3.8", 20)]
    both_stale = list(outside_range.check(scope_of(*old_actions, *azure, floor)))
    assert {f.severity for f in both_stale} == {Severity.ERROR}
    assert len(both_stale) == 4


def test_a_lone_travis_file_is_said_once_and_a_lone_appveyor_file_line_by_line():
    """radon's and python-docx's only CI file is a Travis file of 2.7 to 3.8 under `>=3.9`:
    Travis no longer builds most open-source projects, so one warning for the file. A lone
    AppVeyor file (which still builds open-source projects) is the project's CI: each stale
    entry is an error."""
    floor = supported("pyproject.toml", ">=3.9")
    [finding] = outside_range.check(scope_of(*_travis("2.7", "3.6", "3.8", "3.12"), floor))
    assert (finding.line, finding.severity) == (3, Severity.WARNING)
    assert finding.message == (
        ".travis.yml:3 tests 2.7, outside requires-python >=3.9 (pyproject.toml:1); Travis file "
        ".travis.yml has 3 such entries (lines 3, 4, 5) and Travis no longer builds most "
        "open-source projects: it looks left behind (update or delete it)"
    )
    appveyor = _travis("3.6", "3.7", source="appveyor", file="appveyor.yml")
    alone = list(outside_range.check(scope_of(*appveyor, floor)))
    assert [(f.line, f.severity) for f in alone] == [(3, Severity.ERROR), (4, Severity.ERROR)]


def _unknown_job(path: str, version: str):
    return runtime_pin(path, version, source="workflow", purpose=Purpose.UNKNOWN)


def test_ci_jobs_of_unknown_purpose_alone_are_compared_where_a_project_lives():
    jobs = (
        _unknown_job(".github/workflows/api-reference.yml", "3.13"),
        _unknown_job(".github/workflows/licenses.yml", "3.10"),
    )
    [finding] = pin_mismatch.check(scope_of(*jobs, supported("pyproject.toml", ">=3.9")))
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("the runtime pins disagree and no minor has a majority")


def test_ci_jobs_of_unknown_purpose_alone_at_a_folder_that_declares_no_project_agree_with_nothing():
    """haystack-core-integrations' root: its integrations each live in their own folder, and
    the root's bots (an API reference build, a license check, a PR commenter) each pick a
    Python: nothing there says that they run a project."""
    jobs = (
        _unknown_job(".github/workflows/api-reference.yml", "3.13"),
        _unknown_job(".github/workflows/licenses.yml", "3.10"),
        _unknown_job(".github/workflows/labeler.yml", "3.11"),
    )
    assert list(pin_mismatch.check(scope_of(*jobs))) == []
    # A pin the project is known to run on still has the jobs compared with it.
    [finding, *_] = pin_mismatch.check(scope_of(*jobs, runtime_pin("Dockerfile", "3.13")))
    assert finding.severity is Severity.WARNING


def test_a_floating_tooling_python_past_the_cap_runs_tools_not_the_project():
    """A docs job on `3.x` that installs mkdocs: once 3.15 is out it runs there, past a
    project's `<3.15`; the tools run on it, not the project. Below the floor it is still
    drift (a tool older than the project's syntax), and a pinned tooling Python too."""
    capped = supported("pyproject.toml", ">=3.10,<3.15")
    docs = runtime_pin(
        ".github/workflows/docs.yml", "3.x", line=21, source="workflow", purpose=Purpose.TOOLING
    )
    later = dt.date(2026, 12, 2)  # 3.15 released on 1 October 2026
    assert list(outside_range.check(scope_of(capped, docs, today=later))) == []
    pinned = runtime_pin(
        ".github/workflows/docs.yml", "3.15", line=21, source="workflow", purpose=Purpose.TOOLING
    )
    [finding] = outside_range.check(scope_of(capped, pinned, today=later))
    assert finding.severity is Severity.WARNING
    floored = supported("pyproject.toml", ">=3.16")
    [finding] = outside_range.check(scope_of(floored, docs, today=later))
    assert finding.severity is Severity.WARNING


def test_a_makefiles_floating_python_past_the_cap_is_still_outside_the_range():
    """elastic/connectors' SDK: `PYTHON ?= python3` makes the package's venv (`$(PYTHON) -m
    venv .venv`, then `pip install -e .`): on a machine whose python3 is past `<3.12` the
    install fails. Only a CI job's tooling Python is known to run tools alone."""
    capped = supported("libs/sdk/pyproject.toml", ">=3.10,<3.12")
    make = runtime_pin(
        "libs/sdk/Makefile", "python3", source="task-runner", purpose=Purpose.TOOLING
    )
    [finding] = outside_range.check(scope_of(capped, make, today=dt.date(2026, 12, 2)))
    assert finding.severity is Severity.WARNING


def test_a_generated_tox_sections_env_the_range_refuses_is_left_alone():
    """`[testenv:py3{8,9,10,11,12,13}-report]` kept after the floor rose to 3.11: envs
    nobody runs any more (the env list names py312-report); an env list's py39 is reported."""
    from helpers import matrix_entry, scope_of, supported

    from pyparity.model import TOX_SECTION_ENVS
    from pyparity.records import replace
    from pyparity.rules import outside_range

    section = replace(
        matrix_entry("tox.ini", "3.9", 35, group="tox.ini envlist"),
        source="tox",
        context=TOX_SECTION_ENVS,
    )
    listed = replace(section, context="envlist", span=section.span._replace(line=4))
    findings = list(outside_range.check(scope_of(supported("pyproject.toml", ">=3.11"), section)))
    assert findings == []
    [finding] = outside_range.check(scope_of(supported("pyproject.toml", ">=3.11"), listed))
    assert finding.line == 4


def test_the_python3_a_machine_or_image_has_is_not_the_newest_release():
    """MLServer's tox env list `py3` and ragflow's `PY=python3` in `docker/entrypoint.sh` run
    on whichever python3 tox's machine or the image has, not on 3.15 because it is out:
    nothing to hold to `<3.13`. A stale numbered env (`py38`) is still outside."""
    capped = supported("pyproject.toml", ">=3.9,<3.13")
    later = dt.date(2026, 12, 2)
    py3 = replace(matrix_entry("tox.ini", "3", 7, group="tox.ini envlist"), source="tox")
    py3 = replace(py3, raw="py3")
    entrypoint = runtime_pin(
        "docker/entrypoint.sh", "python3", line=196, source="task-runner", purpose=Purpose.TOOLING
    )
    assert py3.requirement is not None
    assert py3.requirement.floating
    assert list(outside_range.check(scope_of(capped, py3, entrypoint, today=later))) == []
    stale = replace(matrix_entry("tox.ini", "3.8", 7, group="tox.ini envlist"), source="tox")
    [finding] = outside_range.check(scope_of(capped, py3, stale, today=later))
    assert finding.message.startswith("tox.ini:7 tests 3.8")
    script = replace(entrypoint, file="scripts/bootstrap.sh")
    assert len(list(outside_range.check(scope_of(capped, script, today=later)))) == 1


def test_pins_the_range_refuses_outvote_no_pin_it_admits():
    """feast: two images on 3.9 under `>=3.10` made the Gitpod workspace's 3.10 the minority.
    The 3.9 images are `outside-range`'s to report, once each; the 3.10 disagrees with none."""
    floor = supported("pyproject.toml", ">=3.10")
    old = [runtime_pin(f"sdk/{name}/Dockerfile", "3.9") for name in ("lambda", "k8s")]
    gitpod = runtime_pin(".gitpod.yml", "3.10", source="gitpod")
    assert list(pin_mismatch.check(scope_of(gitpod, *old, floor))) == []
    assert [(f.file, f.severity) for f in outside_range.check(scope_of(gitpod, *old, floor))] == [
        ("sdk/lambda/Dockerfile", Severity.ERROR),
        ("sdk/k8s/Dockerfile", Severity.ERROR),
    ]
    # Without a range, the two 3.9 images are the majority the 3.10 disagrees with.
    [finding] = pin_mismatch.check(scope_of(gitpod, *old))
    assert finding.file == ".gitpod.yml"
    # A CI job whose purpose cannot be told, which `outside-range` does not judge, is still
    # compared with what the pins agree on (OctoBot's arm64 build on 3.12 under `>=3.13`).
    images = [runtime_pin(f"Dockerfile.{n}", "3.13") for n in ("a", "b")]
    arm = runtime_pin(
        ".github/workflows/main.yml", "3.12", source="workflow", purpose=Purpose.UNKNOWN
    )
    newer = supported("pyproject.toml", ">=3.13")
    [unknown] = pin_mismatch.check(scope_of(arm, *images, newer))
    assert (unknown.file, unknown.severity) == (".github/workflows/main.yml", Severity.WARNING)
    assert list(outside_range.check(scope_of(arm, *images, newer))) == []
    assert unknown.message.endswith(
        "; .github/workflows/main.yml:1 is a CI job whose purpose is unknown"
    )
    setting = runtime_pin(".gitpod.yml", "3.12", source="gitpod", purpose=Purpose.UNKNOWN)
    [gitpod_task] = pin_mismatch.check(scope_of(setting, *images, newer))
    assert gitpod_task.message.endswith("; .gitpod.yml:1 is a setting whose purpose is unknown")
