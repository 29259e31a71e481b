"""matrix-mismatch."""

import datetime as dt

import pytest
from helpers import at, matrix_entry, scope_of, supported

from pyparity.model import Purpose, Role, Severity
from pyparity.records import replace
from pyparity.rules import matrix_mismatch
from pyparity.sources._common import pin
from pyparity.versions import parse_tox_factor

CI = ".github/workflows/ci.yml"


def _ci(*versions, group="ci test", first_line=10):
    return [matrix_entry(CI, v, first_line + i, group=group) for i, v in enumerate(versions)]


def _set(file, source, group, *versions, first_line=2):
    return [
        pin(file, at(first_line + i), v, source=source, role=Role.MATRIX, group=f"{file} {group}")
        for i, v in enumerate(versions)
    ]


def _tox(*versions):
    """tox factors (`py310`) as the tox reader gives them: the requirement of the minor."""
    return [
        replace(d, raw="py" + d.raw.replace(".", ""))
        for d in _set("tox.ini", "tox", "envlist", *versions)
    ]


def _check(*declarations):
    return list(matrix_mismatch.check(scope_of(*declarations)))


def test_tox_lacks_what_ci_tests():
    declarations = (
        *_ci("3.10", "3.11", "3.12", "3.13"),
        *_tox("3.10", "3.11", "3.12"),
    )
    [finding] = _check(*declarations)
    assert (finding.file, finding.line, finding.severity) == ("tox.ini", 2, Severity.WARNING)
    assert finding.message == (
        f"the tox env list of tox.ini (tox.ini:2) lacks 3.13, which the CI matrix ({CI}:13) has"
    )  # the entry that tests 3.13
    assert [(r.file, r.line) for r in finding.related] == [(CI, 13)]  # the place named


def test_the_ci_entry_named_is_one_that_tests_what_the_other_set_lacks():
    """A plugin checker's job on 3.14 (its purpose unknown) comes first in the files; the
    tox matrix job that tests 3.14 is the place to name, in the message and the links."""
    checker = replace(
        matrix_entry(".github/workflows/addon-check.yml", "3.14", 26, group="check"),
        role=Role.PIN,
        purpose=Purpose.UNKNOWN,
    )
    tested = [matrix_entry(CI, v, 26, group="ci tests") for v in ("3.8", "3.14")]
    [finding] = _check(checker, *tested, *_tox("3.8", "3.13"))
    assert finding.message.endswith(f"which the CI matrix ({CI}:26) has")
    assert [(r.file, r.line) for r in finding.related] == [(CI, 26)]


def test_a_minor_the_range_refuses_is_no_gap_in_the_set_that_leaves_it_out():
    """A tox env list left at py36-py310 under `>=3.10` while CI tests 3.10-3.13: the CI
    lacks nothing it should test (outside-range reports the stale envs); tox lacks 3.11-3.13."""
    declarations = (
        supported("pyproject.toml", ">=3.10", line=21),
        *_ci("3.10", "3.11", "3.12", "3.13"),
        *_tox("3.6", "3.7", "3.8", "3.9", "3.10"),
    )
    [finding] = _check(*declarations)
    assert finding.file == "tox.ini"
    assert finding.message == (
        "the tox env list of tox.ini (tox.ini:2) lacks 3.11, 3.12 and 3.13, which the CI "
        f"matrix ({CI}:11) has"
    )
    # Without a range, nothing is refused: each side lacks what the other has.
    [unbounded] = _check(*declarations[1:])
    assert unbounded.message.startswith(f"the CI matrix ({CI}:10) lacks 3.6, 3.7, 3.8 and 3.9")


def test_message_names_what_each_side_lacks():
    declarations = (
        *_ci("3.10", "3.11", "3.12"),
        *_set("noxfile.py", "noxfile", "nox", "3.11", "3.12", "3.13", "3.14"),
    )
    [finding] = _check(*declarations)
    assert finding.file == CI
    assert finding.message == (
        f"the CI matrix ({CI}:10) lacks 3.13 and 3.14, which the nox session list of noxfile.py "
        "(noxfile.py:4) has; the nox session list of noxfile.py (noxfile.py:2) lacks 3.10, which "
        f"the CI matrix ({CI}:10) has"
    )


def test_one_finding_per_differing_pair():
    declarations = (
        *_ci("3.10", "3.11", "3.12"),
        *_tox("3.10", "3.11", "3.12"),
        *_set("pyproject.toml", "pyproject", "classifiers", "3.10", "3.11"),
    )
    findings = _check(*declarations)
    # tox runs what the CI runs: the classifiers' disagreement is one, naming both.
    [finding] = findings
    assert finding.file == "pyproject.toml"
    assert finding.message == (
        "the classifier list of pyproject.toml (pyproject.toml:2) lacks 3.12, which the CI"
        " matrix (.github/workflows/ci.yml:12) and the tox env list of tox.ini (tox.ini:4) have"
    )
    assert {r.file for r in finding.related} == {".github/workflows/ci.yml", "tox.ini"}


def test_sets_of_different_content_are_each_compared():
    """The classifiers lack 3.12 of the CI and 3.12 and 3.13 of tox: one finding on their
    line, each minor with the sets that have it (box-python-sdk had two on one line)."""
    declarations = (
        *_ci("3.10", "3.11", "3.12"),
        *_tox("3.10", "3.11", "3.12", "3.13"),
        *_set("pyproject.toml", "pyproject", "classifiers", "3.10", "3.11"),
    )
    classifiers, ci = _check(*declarations)
    assert classifiers.message == (
        "the classifier list of pyproject.toml (pyproject.toml:2) lacks 3.12, which the CI"
        f" matrix ({CI}:12) and the tox env list of tox.ini (tox.ini:4) have, and 3.13, which"
        " the tox env list of tox.ini (tox.ini:5) has"
    )
    assert [(r.file, r.line) for r in classifiers.related] == [(CI, 12), ("tox.ini", 4)]
    assert ci.message == (
        f"the CI matrix ({CI}:10) lacks 3.13, which the tox env list of tox.ini (tox.ini:5) has"
    )


def test_one_set_lacking_the_same_minors_of_two_others_is_one_finding():
    """twilio: a stale tox list beside the CI and the classifiers, which test different sets
    (a classifier the range refuses): tox lacks 3.12 and 3.13 of both, said once. What it
    lacks of each differs: still one finding on its line, each minor with who has it."""
    tox = _tox("3.10", "3.11")
    ci = _ci("3.10", "3.11", "3.12", "3.13")
    requires = supported("setup.py", ">=3.10", line=40)
    classifiers = _set("setup.py", "setup-py", "classifiers", "3.9", "3.10", "3.11", "3.12", "3.13")
    [finding] = _check(*tox, *ci, requires, *classifiers)
    assert finding.file == "tox.ini"
    assert finding.message == (
        "the tox env list of tox.ini (tox.ini:2) lacks 3.12 and 3.13, which the CI matrix"
        f" ({CI}:12) and the classifier list of setup.py (setup.py:5) have"
    )
    assert {r.file for r in finding.related} == {CI, "setup.py"}
    fewer = _set("setup.py", "setup-py", "classifiers", "3.9", "3.10", "3.11", "3.12")
    by_file = {f.file: f for f in _check(*tox, *ci, requires, *fewer)}
    assert sorted(by_file) == ["setup.py", "tox.ini"]
    assert by_file["tox.ini"].message == (
        "the tox env list of tox.ini (tox.ini:2) lacks 3.12, which the CI matrix"
        f" ({CI}:12) and the classifier list of setup.py (setup.py:5) have, and 3.13, which"
        f" the CI matrix ({CI}:13) has"
    )


def test_a_stale_set_that_both_lacks_and_has_is_one_finding_too():
    """records: tox's `py27, py34, py35, py36` beside CI on 3.7 to 3.12 and classifiers of 3.4
    to 3.12: tox lacks 3.7 to 3.12 of both (one finding, then what each lacks of tox); the
    CI's lack of the classifiers' 3.4 to 3.6 is another."""
    tox = _tox("2.7", "3.4", "3.5", "3.6")
    ci = _ci("3.7", "3.8", "3.9", "3.10", "3.11", "3.12")
    classifiers = _set(
        "setup.py", "setup-py", "classifiers", *(f"3.{minor}" for minor in range(4, 13))
    )
    findings = _check(*tox, *ci, *classifiers)
    assert [f.file for f in findings] == [CI, "tox.ini"]
    assert findings[1].message == (
        "the tox env list of tox.ini (tox.ini:2) lacks 3.7, 3.8, 3.9, 3.10, 3.11 and 3.12, which"
        f" the CI matrix ({CI}:10) and the classifier list of setup.py (setup.py:5) have; the CI"
        f" matrix ({CI}:10) lacks 2.7, 3.4, 3.5 and 3.6, which the tox env list of tox.ini"
        " (tox.ini:2) has; the classifier list of setup.py (setup.py:2) lacks 2.7, which the"
        " tox env list of tox.ini (tox.ini:2) has"
    )


def test_quiet_when_the_sets_agree():
    declarations = (
        *_ci("3.10", "3.11", "3.12", "3.13"),
        *_ci("3.13", "3.10", group="ci windows", first_line=40),
        *_tox("3.10", "3.11", "3.12", "3.13"),
        *_set("pyproject.toml", "pyproject", "classifiers", "3.10", "3.11", "3.12", "3.13"),
    )
    assert _check(*declarations) == []


def test_single_minor_sets_lint_jobs_pypy_and_floating_entries_are_left_out():
    lint = [
        replace(d, purpose=Purpose.TOOLING)
        for d in _ci("3.12", "3.13", group="lint", first_line=60)
    ]
    declarations = (
        *_ci("3.10", "3.11"),
        *lint,
        *_tox("3.10", "3.11"),
        *(
            replace(d, requirement=parse_tox_factor(raw), raw=raw)
            for d, raw in zip(_tox("3.12", "3.13"), ["pypy310", "py3"], strict=True)
        ),
        *_set("noxfile.py", "noxfile", "nox", "3.12"),
        *_set(".python-version", "python-version-file", "installed", "3.9", "3.13"),
    )
    assert _check(*declarations) == []


def _classifiers(*versions):
    return _set("pyproject.toml", "pyproject", "classifiers", *versions, first_line=12)


@pytest.mark.parametrize(
    ("preview", "today"),
    [
        pytest.param("3.15-dev", dt.date(2026, 3, 1), id="dev-spelling-before-release"),
        pytest.param("3.15", dt.date(2026, 3, 1), id="allow-prereleases-before-release"),
        pytest.param("3.15.0rc1", dt.date(2026, 9, 1), id="release-candidate"),
        pytest.param("3.15.0-alpha.5", dt.date(2026, 2, 1), id="setup-python-alpha"),
    ],
)
def test_a_preview_python_in_ci_is_not_a_promise_the_classifiers_must_repeat(preview, today):
    declarations = (
        *_ci("3.12", "3.13", "3.14", preview),
        *_classifiers("3.12", "3.13", "3.14"),
        *_tox("3.12", "3.13", "3.14"),
    )
    assert list(matrix_mismatch.check(scope_of(*declarations, today=today))) == []


def test_a_released_minor_spelled_plainly_still_counts():
    declarations = (*_ci("3.12", "3.13", "3.14", "3.15"), *_classifiers("3.12", "3.13", "3.14"))
    [finding] = _check(*declarations)
    assert "lacks 3.15" in finding.message


def test_ci_that_tests_the_edges_of_a_range_does_not_lack_what_lies_between():
    """CI on 3.10 and 3.14 with classifiers 3.10-3.14: testing the edges is a choice."""
    classifiers = _set(
        "pyproject.toml", "pyproject", "classifiers", "3.10", "3.11", "3.12", "3.13", "3.14"
    )
    assert _check(*_ci("3.10", "3.14"), *classifiers) == []
    [finding] = _check(*_ci("3.11", "3.14"), *classifiers)
    assert finding.message.startswith(f"the CI matrix ({CI}:10) lacks 3.10, which")
    tox = _tox("3.10", "3.14")  # so does a developer's tox list of the oldest and newest
    assert _check(*tox, *classifiers) == []


def test_single_ci_test_jobs_are_part_of_the_ci_set():
    """`test` on the floor and `test_py314` on the newest, each a job of its own."""
    jobs = [
        pin(CI, at(line), v, source="workflow", purpose=Purpose.RUNTIME)
        for line, v in ((55, "3.10"), (106, "3.14"))
    ]
    classifiers = _set("pyproject.toml", "pyproject", "classifiers", "3.10", "3.14", "3.15")
    [finding] = _check(*jobs, *classifiers)
    assert finding.message.startswith(f"the CI matrix ({CI}:55) lacks 3.15, which")


def test_a_ci_job_of_unknown_purpose_is_no_evidence_either_way():
    """It may test 3.13 (so the CI does not lack it), and it may not (so the classifiers do
    not lack what it runs)."""
    unknown = replace(matrix_entry(CI, "3.13", 30, group="ci other"), purpose=Purpose.UNKNOWN)
    ci = (*_ci("3.11", "3.12"), unknown)
    assert _check(*ci, *_tox("3.11", "3.12", "3.13")) == []
    assert _check(*ci, *_tox("3.11", "3.12")) == []


def test_an_unresolved_ci_entry_leaves_the_known_ones_compared():
    from pyparity.sources._common import unresolved

    unknown = replace(
        unresolved(CI, at(40), "${{ fromJSON(needs.plan.outputs.pythons) }}", source="workflow"),
        purpose=Purpose.RUNTIME,
    )
    [finding] = _check(*_ci("3.10", "3.11", "3.12"), unknown, *_tox("3.10", "3.11"))
    assert finding.message.startswith("the tox env list of tox.ini (tox.ini:2) lacks 3.12")
    # What the CI seems to lack may be what the unknown entry tests: nothing is said of it.
    assert _check(*_ci("3.10", "3.11"), unknown, *_tox("3.10", "3.11", "3.12")) == []


def test_the_ci_set_is_cited_by_an_entry_that_tests():
    """A deploy job on 3.9 whose purpose is unknown sorts first, but it is not what the CI
    tests: the message cites the test matrix."""
    deploy = replace(
        matrix_entry(".github/workflows/a-deploy.yml", "3.9", 29), purpose=Purpose.UNKNOWN
    )
    classifiers = _set("setup.cfg", "setup-cfg", "classifiers", "3.11", "3.12")
    [finding] = _check(deploy, *_ci("3.12", "3.13"), *classifiers)
    assert f"which the CI matrix ({CI}:11) has" in finding.message  # its 3.13


def test_a_range_within_one_minor_tests_that_minor_once_it_is_released():
    """`python-version: "3.15.0-beta.3 - 3.15.0"` set up 3.15's betas, and 3.15.0 itself once
    it came out: after the release the CI tests 3.15, as the classifiers say."""
    declarations = (
        *_ci("3.13", "3.14", "3.15.0-beta.3 - 3.15.0"),
        *_set("pyproject.toml", "pyproject", "classifiers", "3.13", "3.14", "3.15"),
    )
    assert _check(*declarations) == []
    floating = (
        *_ci("3.13", "3.14", "3.14 - 3.15"),
        *_set("pyproject.toml", "pyproject", "classifiers", "3.13", "3.14", "3.15"),
    )
    [finding] = _check(*floating)
    assert "lacks 3.15" in finding.message


def test_a_minor_only_another_ci_file_tests_is_cited_there():
    """The CI set is every CI file together: when only a stale `.travis.yml` tests 3.10, the
    message points at it, not at the workflow that comes first."""
    travis = [matrix_entry(".travis.yml", v, 5 + i, group="travis") for i, v in enumerate(["3.10"])]
    declarations = (
        *_ci("3.12", "3.14"),
        *travis,
        *_set("pyproject.toml", "pyproject", "classifiers", "3.12", "3.13", "3.14"),
    )
    messages = [f.message for f in _check(*declarations)]
    assert any("lacks 3.10, which the CI matrix (.travis.yml:5) has" in m for m in messages)


def test_a_classifier_the_range_refuses_is_not_asked_of_the_ci():
    """sunpy: requires-python >=3.12 and a stale 3.11 classifier; CI and tox rightly skip
    3.11 (`classifier-mismatch` reports the classifier)."""
    classifiers = _set("pyproject.toml", "pyproject", "classifiers", "3.11", "3.12", "3.13")
    declarations = (*_ci("3.12", "3.13"), *classifiers, supported("pyproject.toml", ">=3.12"))
    assert _check(*declarations) == []
    without_range = (*_ci("3.12", "3.13"), *classifiers)
    assert len(_check(*without_range)) == 1


def test_a_tox_env_only_a_job_allowed_to_fail_runs_is_tried_not_promised():
    """pytest-bdd's shape: the `3.15-dev` CI entry may fail ("allow failures until it is
    stable") and runs the `py3.15` tox env; the classifiers wait for it to be stable."""
    tried = replace(matrix_entry(CI, "3.15", 15, group="ci test"), may_fail=True)
    classifiers = _set("pyproject.toml", "pyproject", "classifiers", "3.11", "3.12", "3.13")
    tox = _tox("3.11", "3.12", "3.13", "3.15")
    assert _check(*_ci("3.11", "3.12", "3.13"), tried, *classifiers, *tox) == []
    # Where the CI runs it for real, the classifiers do lack it.
    promised = replace(tried, may_fail=False)
    [finding] = _check(*_ci("3.11", "3.12", "3.13"), promised, *classifiers, *tox)
    assert "lacks 3.15" in finding.message


def test_a_floor_nothing_tests_is_said_once_by_matrix_misses_floor():
    """djangocms-text's shape: `>=3.9` and a 3.9 classifier, CI on 3.10 to 3.14: "nothing
    tests 3.9" is the finding; the CI lacking the classifiers' 3.9 says it again."""
    from pyparity.rules import matrix_misses_floor

    declarations = (
        supported("pyproject.toml", ">=3.9", line=16),
        *_ci("3.10", "3.11", "3.12", "3.13", "3.14"),
        *_set("pyproject.toml", "pyproject", "classifiers", "3.9", "3.10", "3.11", "3.12"),
    )
    [floor] = matrix_misses_floor.check(scope_of(*declarations))
    assert floor.message.startswith("nothing tests 3.9")
    [finding] = _check(*declarations)  # what the classifiers lack is still said
    assert "lacks 3.13 and 3.14" in finding.message
    assert "3.9" not in finding.message


def test_classifiers_lacking_what_the_range_admits_are_said_once_by_classifier_mismatch():
    """cwltool's shape: `>=3.10,<3.16`, classifiers 3.10 to 3.14, CI and tox on 3.10 to 3.15:
    "the classifiers lack 3.15, which the range admits" is the finding; the CI having it
    says the same thing again, on the same line."""
    from pyparity.rules import classifier_mismatch

    classifiers = _set(
        "setup.py", "setup-py", "classifiers", "3.10", "3.11", "3.12", "3.13", "3.14"
    )
    versions = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
    declarations = (
        supported("setup.py", ">=3.10,<3.16", line=176),
        *classifiers,
        *_ci(*versions),
        *_tox(*versions),
    )
    [said] = classifier_mismatch.check(scope_of(*declarations))
    assert said.message.startswith("the classifiers of setup.py lack 3.15")
    assert _check(*declarations) == []
    # With no ceiling the range does not name 3.15 as a gap: the CI's 3.15 is still said.
    open_ended = (supported("setup.py", ">=3.10", line=176), *declarations[1:])
    assert list(classifier_mismatch.check(scope_of(*open_ended))) == []
    [finding] = _check(*open_ended)
    assert "lacks 3.15, which the CI matrix" in finding.message


def test_a_tox_set_that_samples_every_other_minor_does_not_lack_those_between():
    """A tox file whose generated sections mirror CI that tests 3.10, 3.12 and 3.14 on
    purpose, beside classifiers 3.10 to 3.14; a set that forgot one minor still lacks it."""
    classifiers = _set("pyproject.toml", "pyproject", "classifiers", *_MINORS_10_TO_14)
    assert _check(*classifiers, *_tox("3.10", "3.12", "3.14")) == []
    [finding] = _check(*classifiers, *_tox("3.10", "3.11", "3.12", "3.14"))
    assert "lacks 3.13" in finding.message
    [past] = _check(*classifiers, *_tox("3.10", "3.12"))  # two minors: no sampling to see
    assert "lacks 3.11, 3.13 and 3.14" in past.message


_MINORS_10_TO_14 = ("3.10", "3.11", "3.12", "3.13", "3.14")


IGRAPH_LIKE_WORKFLOW = """\
name: Build and test
on: [push, pull_request]
env:
  CIBW_TEST_COMMAND: "cd {project} && pip install '.[test]' && python -m pytest -v tests"
jobs:
  build_wheel_linux:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - name: Build wheels (manylinux)
        uses: pypa/cibuildwheel@v3.4.1
        env:
          CIBW_BUILD: "*-manylinux_x86_64"
  build_sdist:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.9"
      - run: |
          python setup.py sdist
          pip install .
          python -m pytest tests
  build_with_sanitizer:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
      - run: pip install -e . && pytest tests
"""

IGRAPH_LIKE_SETUP = """\
from setuptools import setup

setup(
    name="igraphish",
    python_requires=">=3.9",
    classifiers=[
        "Programming Language :: Python :: 3.9",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ],
)
"""


def test_cibuildwheel_testing_every_wheel_is_a_ci_that_lacks_no_minor_of_the_range(tmp_path):
    """python-igraph: a cibuildwheel build of every version (`*-manylinux_x86_64`) with
    `CIBW_TEST_COMMAND` runs the tests on 3.9 to 3.14; two single jobs (3.9, 3.12) do not make
    the CI lack the classifiers' 3.13. Without the test command, it does."""
    from helpers import scan_tree

    files = {".github/workflows/build.yml": IGRAPH_LIKE_WORKFLOW, "setup.py": IGRAPH_LIKE_SETUP}
    result = scan_tree(tmp_path / "tested", files)
    assert [f.message for f in result.findings if f.rule == matrix_mismatch.NAME] == []
    untested = IGRAPH_LIKE_WORKFLOW.replace(
        "env:\n  CIBW_TEST_COMMAND: \"cd {project} && pip install '.[test]' && python -m pytest"
        ' -v tests"\n',
        "",
    )
    assert untested != IGRAPH_LIKE_WORKFLOW
    files[".github/workflows/build.yml"] = untested
    result = scan_tree(tmp_path / "untested", files)
    [finding] = [f for f in result.findings if f.rule == matrix_mismatch.NAME]
    assert "lacks 3.13" in finding.message


def test_a_set_of_the_oldest_and_newest_minor_tests_the_edges():
    """mplhep: nox sessions on 3.11 and 3.14 beside CI and classifiers of 3.11 to 3.14. Two
    minors that are not the others' edges (3.10 and 3.12 of 3.10 to 3.14) still lack them."""
    classifiers = _set("pyproject.toml", "pyproject", "classifiers", "3.11", "3.12", "3.13", "3.14")
    ci = _ci("3.11", "3.12", "3.13", "3.14")
    nox = _set("noxfile.py", "nox", "nox", "3.11", "3.14")
    assert _check(*classifiers, *ci, *nox) == []
    tox = _tox("3.11", "3.14")
    assert _check(*classifiers, *ci, *tox) == []
    [adjacent] = _check(*classifiers, *_set("noxfile.py", "nox", "nox", "3.11", "3.12"))
    assert "lacks 3.13 and 3.14" in adjacent.message


def test_a_tox_list_that_also_runs_py_lacks_nothing_but_still_names_its_minors():
    """ansible-compat: `py` beside py310 and py312 pairs runs on every Python the CI gives
    it; the list does not lack 3.11, but the classifiers still lack the 3.13 it names."""
    beside_py = ", beside py, which runs on the Python that runs tox"
    tox = [replace(d, context=d.context + beside_py) for d in _tox("3.10", "3.12", "3.13")]
    classifiers = _set("pyproject.toml", "pyproject", "classifiers", "3.10", "3.11", "3.12")
    [finding] = _check(*tox, *classifiers)
    assert finding.file == "pyproject.toml"
    assert "lacks 3.13, which the tox env list of tox.ini (tox.ini:4) has" in finding.message
    plain = _check(*_tox("3.10", "3.12", "3.13"), *classifiers)
    assert [f.file for f in plain] == ["tox.ini"]
    assert "(tox.ini:2) lacks 3.11" in plain[0].message
