import pytest

from pyparity.model import Minor
from pyparity.releases import load
from pyparity.versions import (
    VersionError,
    admits_minor,
    admits_version,
    parse_pin,
    parse_range,
    parse_tox_factor,
)


def minors(*texts: str) -> tuple[Minor, ...]:
    return tuple(Minor.parse(t) for t in texts)


@pytest.mark.parametrize(
    ("text", "specifier", "expected_minors", "implementation", "floating"),
    [
        pytest.param("3.11", "==3.11.*", ("3.11",), "cpython", False, id="minor"),
        pytest.param("3.11.13", "==3.11.13", ("3.11",), "cpython", False, id="patch"),
        pytest.param(" '3.12' ", "==3.12.*", ("3.12",), "cpython", False, id="quoted"),
        pytest.param("3.12-dev", "==3.12.*", ("3.12",), "cpython", False, id="setup-python-dev"),
        pytest.param("3.13t", "==3.13.*", ("3.13",), "cpython", False, id="free-threaded"),
        pytest.param("3.15.0a2", "==3.15.0a2", ("3.15",), "cpython", False, id="alpha"),
        pytest.param("3.14.0rc1", "==3.14.0rc1", ("3.14",), "cpython", False, id="rc"),
        pytest.param("3.11.0-alpha.1", "==3.11.0a1", ("3.11",), "cpython", False, id="semver-pre"),
        pytest.param("pypy3.10", "==3.10.*", ("3.10",), "pypy", False, id="pypy"),
        pytest.param("pypy-3.9", "==3.9.*", ("3.9",), "pypy", False, id="pypy-dash"),
        pytest.param("pypy3.10-7.3.12", "==3.10.*", ("3.10",), "pypy", False, id="pyenv-pypy"),
        pytest.param("pypy3.10-nightly", "==3.10.*", ("3.10",), "pypy", False, id="pypy-nightly"),
        pytest.param("graalpy-24.1", "==3.11.*", ("3.11",), "graalpy", False, id="graalpy"),
        pytest.param("graalpy25", "==3.12.*", ("3.12",), "graalpy", False, id="graalpy-major"),
        pytest.param("graalpy-24", "==3.11.*", ("3.11",), "graalpy", False, id="graalpy-24"),
        pytest.param("3.x", "==3.*", None, "cpython", True, id="3.x"),
        pytest.param("3", "==3.*", None, "cpython", True, id="bare-3"),
        pytest.param("latest", "==3.*", None, "cpython", True, id="latest"),
        pytest.param(
            ">=3.9 <3.12",
            "<3.12,>=3.9",
            ("3.9", "3.10", "3.11"),
            "cpython",
            True,
            id="semver-range",
        ),
        pytest.param(
            "3.9 - 3.11", "<3.12,>=3.9", ("3.9", "3.10", "3.11"), "cpython", True, id="hyphen-range"
        ),
        pytest.param(
            "3.15.0-beta.3 - 3.15.0",
            "<=3.15.0,>=3.15.0-beta.3",
            ("3.15",),
            "cpython",
            False,
            id="range-within-one-minor",
        ),
        pytest.param(
            ">=3.12.1 <3.13", "<3.13,>=3.12.1", ("3.12",), "cpython", False, id="semver-one-minor"
        ),
        pytest.param(
            "3.6.0-dev - 3.6.X",
            "<3.7,>=3.6.0-dev",
            ("3.6",),
            "cpython",
            False,
            id="hyphen-range-with-an-x-part",
        ),
        pytest.param(
            "3.10.x - 3.12.*",
            "<3.13,>=3.10",
            ("3.10", "3.11", "3.12"),
            "cpython",
            True,
            id="hyphen-range-with-wildcards",
        ),
        # node-semver's `=` before a version (buildbot's setup-python input) is the version
        pytest.param("=3.10", "==3.10.*", ("3.10",), "cpython", False, id="semver-equals-minor"),
        pytest.param("=3.10.4", "==3.10.4", ("3.10",), "cpython", False, id="semver-equals-patch"),
        pytest.param("= v3.12", "==3.12.*", ("3.12",), "cpython", False, id="semver-equals-v"),
    ],
)
def test_parse_pin(text, specifier, expected_minors, implementation, floating):
    requirement = parse_pin(text)
    assert requirement.specifier == specifier
    assert requirement.implementation == implementation
    assert requirement.floating is floating
    if expected_minors is not None:
        assert requirement.minors == minors(*expected_minors)
    else:
        assert minors("3.11", "3.15") == tuple(
            m for m in requirement.minors if m in minors("3.11", "3.15")
        )


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        pytest.param("3.19", ("3.19",), id="future-minor"),
        pytest.param("4.0", ("4.0",), id="python-4"),
        pytest.param("3.8.25", ("3.8.25",), id="patch-after-end-of-life"),
    ],
)
def test_versions_that_do_not_exist_are_unknown(text, unknown):
    requirement = parse_pin(text)
    assert requirement.unknown == unknown
    assert requirement.minors == ()


@pytest.mark.parametrize("text", ["2.0", "2.3", "2.4", "2.4.6", "2.5"])
def test_the_oldest_pythons_are_known(text):
    """pytz's classifiers still name 2.4: an ancient Python, not an unknown one."""
    requirement = parse_pin(text)
    assert requirement.unknown == ()
    assert [str(minor) for minor in requirement.minors] == [".".join(text.split(".")[:2])]


def test_a_new_patch_of_a_maintained_minor_is_not_unknown():
    assert parse_pin("3.13.99").unknown == ()


@pytest.mark.parametrize("text", ["", "   ", "banana", "python", "3.11;rm"])
def test_garbage_is_a_version_error(text):
    with pytest.raises(VersionError):
        parse_pin(text)


@pytest.mark.parametrize(
    ("text", "dialect", "admitted"),
    [
        pytest.param(">=3.9,<3.13", "pep440", ("3.9", "3.10", "3.11", "3.12"), id="pep440-window"),
        pytest.param(">= 3.9, < 3.11", "pep440", ("3.9", "3.10"), id="pep440-spaces"),
        pytest.param(
            "~=3.10",
            "pep440",
            ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.16"),
            id="compatible-release-minor",
        ),
        pytest.param("~=3.10.2", "pep440", ("3.10",), id="compatible-release-patch"),
        pytest.param(">=3.9.2", "pep440", ("3.9", "3.10"), id="patch-floor-admits-its-minor"),
        pytest.param("!=3.11.*,>=3.10,<3.13", "pep440", ("3.10", "3.12"), id="exclusion"),
        pytest.param("==3.11.*", "pep440", ("3.11",), id="wildcard"),
        pytest.param("<3.12.1,>=3.12", "pep440", ("3.12",), id="upper-patch"),
        pytest.param("^3.11", "poetry", ("3.11", "3.12", "3.16"), id="poetry-caret"),
        pytest.param("~3.11", "poetry", ("3.11",), id="poetry-tilde"),
        pytest.param(">=3.10 <3.12", "poetry", ("3.10", "3.11"), id="poetry-space-and"),
        pytest.param(
            ">=3.8,<3.10 || >=3.12,<3.13", "poetry", ("3.8", "3.9", "3.12"), id="poetry-or"
        ),
        pytest.param("3.11", "poetry", ("3.11",), id="poetry-bare"),
        pytest.param("3.11.*", "poetry", ("3.11",), id="poetry-wildcard"),
    ],
)
def test_parse_range_admits(text, dialect, admitted):
    requirement = parse_range(text, dialect=dialect)
    for minor in admitted:
        assert Minor.parse(minor) in requirement.minors, minor


def test_range_window_is_exact():
    assert parse_range(">=3.9,<3.13").minors == minors("3.9", "3.10", "3.11", "3.12")
    assert parse_range(">=3.10 <3.12", dialect="poetry").minors == minors("3.10", "3.11")


@pytest.mark.parametrize("text", ["", "banana", ">=>3", "^^3"])
def test_bad_range_is_an_error(text):
    with pytest.raises(VersionError):
        parse_range(text, dialect="poetry")


@pytest.mark.parametrize(
    ("factor", "minor", "implementation"),
    [
        pytest.param("py311", "3.11", "cpython", id="py311"),
        pytest.param("py3.11", "3.11", "cpython", id="py3.11"),
        pytest.param("py314t", "3.14", "cpython", id="free-threaded"),
        pytest.param("py27", "2.7", "cpython", id="py27"),
        pytest.param("pypy310", "3.10", "pypy", id="pypy310"),
    ],
)
def test_tox_factor(factor, minor, implementation):
    requirement = parse_tox_factor(factor)
    assert requirement is not None
    assert requirement.minors == minors(minor)
    assert requirement.implementation == implementation


@pytest.mark.parametrize("factor", ["django42", "lint", "py", "docs", "cov"])
def test_other_tox_factors_are_not_versions(factor):
    assert parse_tox_factor(factor) is None


def test_pypy3_factor_floats():
    requirement = parse_tox_factor("pypy3")
    assert requirement is not None
    assert requirement.floating


def test_admits_version_and_minor():
    assert admits_version(">=3.11.4", "3.11.4")
    assert not admits_version(">=3.11.4", "3.11.2")
    assert admits_minor(">=3.11.4", Minor(3, 11))
    assert not admits_minor("<3.11", Minor(3, 11))
    assert admits_minor(">=3.8,<3.10 || >=3.12", Minor(3, 12))


def test_an_open_range_from_the_newest_known_minor_still_floats():
    """`>=3.16` where the release data ends at 3.16 admits one known minor, and the ones to
    come: a float, not a pin."""
    newest = load().minors[-1]
    requirement = parse_pin(f">={newest}")
    assert requirement.minors == (newest,)
    assert requirement.floating is True
