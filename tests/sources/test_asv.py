"""airspeed velocity configs: the benchmarks' Pythons, a tooling set (modelled on real ones)."""

from __future__ import annotations

import pytest
from helpers import scope_of, supported, text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.rules import matrix_mismatch, outside_range
from pyparity.sources import candidates, source_for
from pyparity.sources.asv import matches, read

CONFIG = """\
{
    // The version of the config file format.
    "version": 1,
    "project": "demo",
    "environment_type": "virtualenv",
    "pythons": ["3.12", "3.13",
                "3.14", "python3", "pypy3.10"],  /* not versions: left */
    "matrix": {"req": {"numpy": [""]}},
}
"""


def test_the_benchmarks_pythons_are_a_tooling_set():
    found = read(text_file("benchmarks/asv.conf.json", CONFIG))
    assert [(d.raw, d.line, d.span.column) for d in found] == [
        ("3.12", 6, 18),
        ("3.13", 6, 26),
        ("3.14", 7, 18),
    ]
    # tooling pins: the benchmarks' Pythons never count as tested
    assert {(d.role, d.purpose, d.group) for d in found} == {
        (Role.PIN, Purpose.TOOLING, "benchmarks/asv.conf.json asv")
    }


def test_a_build_command_with_a_sed_escape_is_read_as_asv_reads_it():
    # asv loads its configuration with json5, which takes `\g` for `g` (a sed append)
    config = CONFIG.replace(
        '"environment_type": "virtualenv",',
        '"build_command": ["sed -i \'$ a\\graft cpp\' python/MANIFEST.in"],',
    )
    assert [d.raw for d in read(text_file("asv.conf.json", config))] == ["3.12", "3.13", "3.14"]


def test_the_set_is_not_compared_with_test_sets_but_must_lie_in_the_range():
    found = read(text_file("asv.conf.json", '{"pythons": ["3.9", "3.12"]}'))
    classifiers = [
        replace_group(d) for d in read(text_file("asv.conf.json", '{"pythons": ["3.13"]}'))
    ]
    scope = scope_of(supported("pyproject.toml", ">=3.10"), *found, *classifiers)
    assert list(matrix_mismatch.check(scope)) == []
    [finding] = outside_range.check(scope)
    assert (finding.line, finding.severity.value) == (1, "warning")


def replace_group(declaration):
    from pyparity.records import replace

    return replace(declaration, group="pyproject.toml classifiers")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param('{"pythons": "3.12"}', id="not-a-list"),
        pytest.param('{"pythons": [3.12, "3.1\\u0032"]}', id="number-and-escape"),
        pytest.param('\ufeff{"version": 1}', id="bom-no-pythons"),
    ],
)
def test_ugly_input_declares_nothing(content):
    assert read(text_file("asv.conf.json", content)) == []


def test_broken_input():
    with pytest.raises(UnreadableFile):
        read(text_file("asv.conf.json", '["3.12"]'))
    with pytest.raises(UnreadableFile):
        read(text_file("asv.conf.json", '{"pythons": ["3.12"'))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("asv.conf.json", True),
        ("asv.ci.conf.json", True),
        ("benchmarks/asv.conf.json", True),
        ("asv.json", False),
        ("myasv.conf.json", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
    if expected:
        assert "asv" in candidates(path)
    assert (source_for(path) is not None and source_for(path).kind == "asv") is expected


def test_the_benchmarks_pythons_do_not_count_as_tested():
    """matrix-misses-floor still says that no test runs the floor."""
    from helpers import matrix_entry

    from pyparity.rules import matrix_misses_floor

    benchmarks = read(text_file("asv.conf.json", '{"pythons": ["3.10", "3.12"]}'))
    ci = [matrix_entry(".github/workflows/ci.yml", v, 9) for v in ("3.12", "3.13")]
    ci = [replace_purpose(d) for d in ci]
    scope = scope_of(supported("pyproject.toml", ">=3.10"), *benchmarks, *ci)
    [finding] = matrix_misses_floor.check(scope)
    assert "nothing tests 3.10" in finding.message


def replace_purpose(declaration):
    from pyparity.model import Purpose
    from pyparity.records import replace

    return replace(declaration, purpose=Purpose.RUNTIME)
