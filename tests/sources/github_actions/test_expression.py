"""GitHub Actions expressions, evaluated as far as the workflow file tells."""

import pytest

from pyparity.sources.github_actions.expression import (
    UNKNOWN,
    condition,
    evaluate,
    field_value,
    interpolate,
)

MATRIX = {"python-version": "3.15-dev", "os": "ubuntu-latest", "experimental": True, "n": 3.1}


def resolve(context, path):
    if context == "matrix" and len(path) == 1:
        for key, value in MATRIX.items():
            if key.casefold() == path[0].casefold():
                return value
        return ""
    return UNKNOWN


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("matrix.python-version == '3.15-dev'", True),
        ("matrix.python-version != '3.15-dev'", False),
        ("matrix['python-version'] == '3.15-DEV'", True),  # strings compare ignoring case
        ("matrix.Python-Version", "3.15-dev"),
        ("matrix.missing", ""),
        ("matrix.experimental", True),
        ("!matrix.experimental", False),
        ("matrix.experimental == 'true'", False),  # a boolean against a string: NaN
        ("matrix.n == '3.1'", True),  # a number against a string compares as numbers
        ("matrix.n == 3.10", True),
        ("endsWith(matrix.python-version, '-dev')", True),
        ("!startsWith(matrix.os, 'windows')", True),
        ('contains(fromJSON(\'["3.14", "3.15-dev"]\'), matrix.python-version)', True),
        ("contains('3.14 3.15', '3.16')", False),
        ("matrix.os == 'ubuntu-latest' && 'python:3.12' || null", "python:3.12"),
        ("matrix.os == 'windows' && 'python:3.12' || null", None),
        ("format('python:{0}-{1}', matrix.python-version, 'slim')", "python:3.15-dev-slim"),
        ("format('{{literal}} {0}', 1)", "{literal} 1"),
        ('fromJSON(\'{"a": [1, "x"]}\').a[1]', "x"),
        ("(matrix.os == 'x' || matrix.experimental) && 1", 1.0),
        ("1 < 2 && 'b' > 'A'", True),
        ("false && github.event_name == 'push'", False),  # known without the unknown side
        ("true || needs.build.result", True),
        ("github.event_name == 'push'", UNKNOWN),
        ("matrix.os == 'ubuntu-latest' && github.ref", UNKNOWN),
        ("success() && matrix.experimental", UNKNOWN),
        ("always()", True),
        ("hashFiles('**/x')", UNKNOWN),
        ("matrix.os ==", UNKNOWN),
        ("'unterminated", UNKNOWN),
        ("(" * 100 + "1" + ")" * 100, UNKNOWN),  # nesting is bounded
        ("!" * 5001 + "matrix.experimental", False),
        (" || ".join(["false"] * 5000 + ["'last'"]), "last"),
        ("fromJSON('" + "[" * 5000 + "')", UNKNOWN),
    ],
)
def test_evaluate(expression, expected):
    value = evaluate(expression, resolve)
    assert value is UNKNOWN if expected is UNKNOWN else value == expected


def test_fields_conditions_and_interpolation():
    assert field_value("${{ matrix.experimental }}", resolve) is True
    assert field_value("python:${{ matrix.python-version }}", resolve) == "python:3.15-dev"
    assert interpolate("py${{ matrix.n }}-${{ matrix.os }}", resolve) == "py3.1-ubuntu-latest"
    assert interpolate("${{ github.sha }}", resolve) is UNKNOWN
    assert condition("endsWith(matrix.python-version, '-dev')", resolve) is True
    assert condition("${{ matrix.os == 'windows' }}", resolve) is False
    assert condition("github.event_name == 'push'", resolve) is None


def test_long_hostile_text_is_linear():
    text = "matrix.a == '" + "x" * 200_000
    assert evaluate(text, resolve) is UNKNOWN
    assert evaluate(" " * 200_000 + "@", resolve) is UNKNOWN
