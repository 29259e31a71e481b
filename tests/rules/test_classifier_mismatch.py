"""classifier-mismatch."""

from helpers import at, scope_of, supported, text_file

from pyparity.model import Role, Severity
from pyparity.rules import classifier_mismatch
from pyparity.sources._common import pin
from pyparity.sources.debian import read as read_debian


def _classifiers(*versions, file="pyproject.toml", first_line=20):
    return [
        pin(
            file,
            at(first_line + i, 40),
            v,
            source="pyproject",
            role=Role.MATRIX,
            context="classifiers",
            group=f"{file} classifiers",
        )
        for i, v in enumerate(versions)
    ]


def _check(*declarations):
    return list(classifier_mismatch.check(scope_of(*declarations)))


def test_classifier_outside_the_range():
    findings = _check(
        supported("pyproject.toml", ">=3.10", line=5), *_classifiers("3.9", "3.10", "3.11")
    )
    [finding] = findings
    assert (finding.line, finding.severity) == (20, Severity.WARNING)
    assert finding.message == (
        "classifier 3.9 (pyproject.toml:20) is outside requires-python >=3.10 (pyproject.toml:5)"
    )
    assert [(r.file, r.line) for r in finding.related] == [("pyproject.toml", 5)]


def test_classifiers_of_one_list_outside_the_range_are_one_finding():
    """flower's baselines: 3.8, 3.9 and 3.11 under `>=3.10.0, <3.11.0`, one stale list."""
    [finding] = _check(
        supported("pyproject.toml", ">=3.10.0, <3.11.0", line=40),
        *_classifiers("3.8", "3.9", "3.10", "3.11"),
    )
    assert (finding.line, finding.severity) == (20, Severity.WARNING)
    assert finding.message == (
        "classifiers 3.8, 3.9 and 3.11 (pyproject.toml:20, :21, :23) are outside "
        "requires-python >=3.10.0, <3.11.0 (pyproject.toml:40)"
    )
    assert [(r.file, r.line) for r in finding.related] == [
        ("pyproject.toml", 40),
        ("pyproject.toml", 21),
        ("pyproject.toml", 23),
    ]


def test_gap_between_lowest_and_highest_classifier():
    [finding] = _check(
        supported("pyproject.toml", ">=3.9", line=5), *_classifiers("3.9", "3.10", "3.12")
    )
    assert finding.line == 20
    assert finding.message == (
        "the classifiers of pyproject.toml lack 3.11, which requires-python >=3.9 "
        "(pyproject.toml:5) admits"
    )


def test_upper_bound_expects_every_admitted_released_minor():
    [finding] = _check(
        supported("setup.cfg", ">=3.9,<3.13"), *_classifiers("3.10", "3.11", file="setup.cfg")
    )
    assert "lack 3.9 and 3.12" in finding.message


def test_quiet_when_classifiers_match_an_open_range():
    assert (
        _check(supported("pyproject.toml", ">=3.10"), *_classifiers("3.10", "3.11", "3.12", "3.13"))
        == []
    )


def test_quiet_for_a_single_classifier_under_an_open_range():
    assert _check(supported("pyproject.toml", ">=3.9"), *_classifiers("3.12")) == []


def test_quiet_without_a_range_or_without_classifiers():
    assert _check(*_classifiers("3.9", "3.12")) == []
    assert _check(supported("pyproject.toml", ">=3.9,<3.11")) == []


def test_upper_bound_ignores_unreleased_minors():
    # 3.16 is admitted but not released on the test date (2026-11-26)
    assert _check(supported("pyproject.toml", ">=3.14,<3.17"), *_classifiers("3.14", "3.15")) == []


def test_python_2_classifiers_are_not_outside_debians_python_3_range():
    # modelled on a compiler that ships Python 2 and Python 3 Debian packages
    control = "Source: pkg\nX-Python-Version: >= 2.6\nX-Python3-Version: >= 3.4\n"
    debian = read_debian(text_file("debian/control", control))
    classifiers = _classifiers("2.7", "3.4", "3.5", file="setup.py")
    assert _check(*debian, *classifiers) == []
    # the same classifiers against requires-python: 2.7 is refused
    [finding] = _check(supported("pyproject.toml", ">=3.4", line=5), *classifiers)
    assert finding.message.startswith("classifier 2.7 (setup.py:20) is outside requires-python")
    # a Debian range in the field both Pythons share still holds
    [finding] = _check(
        *read_debian(text_file("debian/control", "X-Python-Version: >= 3.4\n")), *classifiers
    )
    assert "Debian package's Python range >=3.4" in finding.message


def test_a_package_of_2_7_and_3_y_on_does_not_lack_the_3_x_before_y():
    """Sublist3r: `python_requires >=2.7` with classifiers 2.7 and 3.4 to 3.6. A 3.x gap
    after the first 3.x classifier is still a gap."""
    requires = supported("setup.py", ">=2.7", line=6)
    assert _check(requires, *_classifiers("2.7", "3.4", "3.5", "3.6", file="setup.py")) == []
    [finding] = _check(requires, *_classifiers("2.7", "3.4", "3.6", file="setup.py"))
    assert finding.message.startswith("the classifiers of setup.py lack 3.5, which")
    [two] = _check(supported("setup.py", ">=2.6", line=6), *_classifiers("2.6", "3.4", "3.5"))
    assert "lack 2.7," in two.message  # a gap among the 2.x is still one
    only_threes = _check(supported("setup.py", ">=3.2", line=6), *_classifiers("3.2", "3.4"))
    assert "lack 3.3" in only_threes[0].message
