"""SARIF against the 2.1.0 rules GitHub code scanning relies on (no schema file offline, so
the rules are asserted one by one)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from pyparity.model import Finding, Location, Result, Severity, Span
from pyparity.report import sarif


def finding(file: str, span: Span, *, rule: str = "pin-mismatch", related=()) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.WARNING,
        file=file,
        span=span,
        message="differs",
        related=tuple(related),
    )


def only_result(doc: dict) -> dict:
    (item,) = doc["runs"][0]["results"]
    return item


ONE_LINE = Span(line=3, column=7, end_line=3, end_column=11)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("services/api/Dockerfile", id="plain"),
        pytest.param("my service/Dockerfile", id="space"),
        pytest.param("100%/.python-version", id="percent"),
        pytest.param("c#/pyproject.toml", id="hash"),
        pytest.param("why?/tox.ini", id="question-mark"),
        pytest.param("a:b/setup.cfg", id="colon-first-segment"),
        pytest.param("é/runtime.txt", id="non-ascii"),
    ],
)
def test_uri_is_a_relative_reference_that_decodes_to_the_path(name):
    """upload-sarif runs decodeURIComponent on the URI: a raw `%` would not decode, and a
    raw `#`, `?` or leading `x:` would be read as a fragment, a query or a scheme."""
    item = only_result(
        sarif.document(
            Result(root=".", files_scanned=1, declarations=(), findings=(finding(name, ONE_LINE),))
        )
    )

    location = item["locations"][0]["physicalLocation"]["artifactLocation"]
    parts = urlsplit(location["uri"])
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", "")
    assert not location["uri"].startswith("/")
    assert unquote(location["uri"]) == name
    assert location["uriBaseId"] == "%SRCROOT%"


def test_related_locations_are_encoded_the_same_way():
    related = (Location(file="my service/Dockerfile", line=2),)
    item = only_result(
        sarif.document(
            Result(
                root=".",
                files_scanned=1,
                declarations=(),
                findings=(finding(".python-version", ONE_LINE, related=related),),
            ),
            path_prefix="apps",
        )
    )

    location = item["relatedLocations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "apps/my%20service/Dockerfile"
    assert location["region"] == {"startLine": 2}


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        pytest.param(ONE_LINE, (3, 7, 3, 11), id="one-line"),
        pytest.param(
            Span(line=2, column=5, end_line=4, end_column=2), (2, 5, 4, 2), id="multi-line"
        ),
        pytest.param(Span(line=1, column=1, end_line=1, end_column=1), (1, 1, 1, 1), id="empty"),
    ],
)
def test_region_is_one_based_and_keeps_a_multi_line_end(span, expected):
    """A region's end column on a later line may lie left of its start column."""
    item = only_result(
        sarif.document(
            Result(root=".", files_scanned=1, declarations=(), findings=(finding("a.toml", span),))
        )
    )

    region = item["locations"][0]["physicalLocation"]["region"]
    assert (
        region["startLine"],
        region["startColumn"],
        region["endLine"],
        region["endColumn"],
    ) == expected
    assert min(region.values()) >= 1


def test_every_result_names_its_rule_by_id_and_index_with_a_fingerprint():
    findings = tuple(
        finding(f"f{n}", ONE_LINE, rule=rule)
        for n, rule in enumerate(("pin-mismatch", "code-floor", "parse-error", "yaml-float"))
    )
    doc = sarif.document(Result(root=".", files_scanned=4, declarations=(), findings=findings))
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]

    assert doc["version"] == "2.1.0"
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["message"]["text"]
        (value,) = item["partialFingerprints"].values()
        assert isinstance(value, str)
        assert value
