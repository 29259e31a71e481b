"""Spellings of setup-python, uv and pyenv that name an implementation, a build variant
(free-threaded, debug) or a pre-release: each means one interpreter of one minor."""

import pytest

from pyparity.model import Minor
from pyparity.versions import VersionError, parse_pin


@pytest.mark.parametrize(
    ("text", "minor", "version"),
    [
        pytest.param("3.14t", "3.14", "3.14", id="free-threaded"),
        pytest.param("3.13t", "3.13", "3.13", id="free-threaded-3.13"),
        pytest.param("3.15t-dev", "3.15", "3.15", id="free-threaded-dev"),
        pytest.param("3.15-dev", "3.15", "3.15", id="dev-is-the-minor"),
        pytest.param("3.13.1t", "3.13", "3.13.1", id="free-threaded-patch"),
        pytest.param("3.14.0a1t", "3.14", "3.14.0a1", id="free-threaded-alpha"),
        pytest.param("3.13+freethreaded", "3.13", "3.13", id="uv-variant"),
        pytest.param("3.14+gil", "3.14", "3.14", id="uv-gil"),
        pytest.param("3.12.0d", "3.12", "3.12.0", id="uv-debug"),
        pytest.param("3.13td", "3.13", "3.13", id="uv-free-threaded-debug"),
        pytest.param("3.14+freethreaded+debug", "3.14", "3.14", id="uv-variants-combined"),
        pytest.param(
            "cpython-3.14.4+freethreaded+debug", "3.14", "3.14.4", id="uv-request-combined"
        ),
        pytest.param("cp313", "3.13", "3.13", id="uv-cp"),
        pytest.param("cp27", "2.7", "2.7", id="uv-cp27"),
        pytest.param("cpython3.12", "3.12", "3.12", id="uv-cpython"),
        pytest.param("cpython312", "3.12", "3.12", id="uv-cpython-digits"),
        pytest.param("cpython-3.12", "3.12", "3.12", id="uv-cpython-dash"),
        pytest.param("cpython@3.12", "3.12", "3.12", id="uv-cpython-at"),
        pytest.param("cpython-3.12.4", "3.12", "3.12.4", id="uv-cpython-patch"),
        pytest.param("cpython-3.12.4-linux-x86_64-gnu", "3.12", "3.12.4", id="uv-download-key"),
        pytest.param(
            "cpython-3.13.1+freethreaded-macos-aarch64-none",
            "3.13",
            "3.13.1",
            id="uv-download-key-free-threaded",
        ),
        pytest.param("CPython-3.11", "3.11", "3.11", id="uv-case"),
        pytest.param("3.15.0-beta.2", "3.15", "3.15.0b2", id="semver-beta"),
        pytest.param("3.15.0b2", "3.15", "3.15.0b2", id="pep440-beta"),
        pytest.param("3.15.0rc1", "3.15", "3.15.0rc1", id="pep440-rc"),
        pytest.param("3.15.0-rc.1", "3.15", "3.15.0rc1", id="semver-rc"),
        pytest.param("3.15rc1", "3.15", "3.15.0rc1", id="rc-of-a-minor"),
        pytest.param("3.15.0-dev", "3.15", "3.15.0.dev0", id="semver-dev-of-a-patch"),
        pytest.param("3.15.0.dev1", "3.15", "3.15.0.dev1", id="pep440-dev"),
    ],
)
def test_cpython_spellings(text, minor, version):
    requirement = parse_pin(text)
    assert requirement.implementation == "cpython"
    assert requirement.minors == (Minor.parse(minor),)
    assert requirement.version == version
    assert not requirement.floating
    assert requirement.unknown == ()


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        pytest.param("pypy3.11", "3.11", id="setup-python"),
        pytest.param("pypy-3.11", "3.11", id="setup-python-dash"),
        pytest.param("pypy-3.9-v7.x", "3.9", id="setup-python-release-wildcard"),
        pytest.param("pypy3.10-v7.3.12rc1", "3.10", id="setup-python-release-candidate"),
        pytest.param("pypy-3.11-v7.3.20", "3.11", id="setup-python-release"),
        pytest.param("pypy@3.10", "3.10", id="uv-at"),
        pytest.param("pp310", "3.10", id="uv-pp"),
        pytest.param("pypy-3.10.14-linux-x86_64-gnu", "3.10", id="uv-download-key"),
    ],
)
def test_pypy_spellings(text, minor):
    requirement = parse_pin(text)
    assert requirement.implementation == "pypy"
    assert requirement.minors == (Minor.parse(minor),)
    assert not requirement.floating


@pytest.mark.parametrize(
    ("text", "implementation"),
    [("cpython", "cpython"), ("cp", "cpython"), ("cp3", "cpython"), ("pypy", "pypy")],
)
def test_an_implementation_alone_floats(text, implementation):
    requirement = parse_pin(text)
    assert requirement.floating
    assert requirement.implementation == implementation
    assert Minor(3, 15) in requirement.minors


def test_a_dev_spelling_of_a_minor_the_data_does_not_know_is_unknown():
    assert parse_pin("3.19t-dev").unknown == ("3.19",)


@pytest.mark.parametrize(
    "text", ["cpython-linux", "cpython3.12-", "3.15-devt", "3.15t-dev-dev", "pypy3.x"]
)
def test_near_misses_are_errors(text):
    with pytest.raises(VersionError):
        parse_pin(text)


def test_long_near_misses_are_rejected_quickly():
    # linear: no pattern backtracks on long repository text
    for text in (
        "cpython-3.12" + "-a" * 50_000 + "!",
        "3.1" + "t" * 50_000,
        "pypy-3.9-v7" + ".x" * 50_000 + "!",
    ):
        with pytest.raises(VersionError):
            parse_pin(text)
