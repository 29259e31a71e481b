"""The org dashboard links a repository only through a plain web address."""

from __future__ import annotations

import pytest

from pyparity.report.dashboard import Row


def _row(address: str) -> Row:
    return Row(repository="octo-org/inventory", status="ok", html_url=address)


@pytest.mark.parametrize(
    ("address", "linked"),
    [
        ("https://github.com/octo-org/inventory", True),
        ("https://ghe.example.com:8443/octo-org/inventory", True),
        ("https://github.com/octo-org/inventory)](javascript:alert(1)", False),
        ("javascript:alert(1)//github.com/x", False),
        ("https://github.com", False),
        ("", False),
    ],
)
def test_only_a_plain_web_address_is_linked(address: str, linked: bool) -> None:
    assert _row(address).url == (address if linked else "")


def test_an_address_longer_than_any_repository_page_is_not_linked() -> None:
    """An API answer is not trusted to be short: a megabyte of path parts is not matched (the
    regular expression would hold a frame per part) and not linked."""
    address = "https://github.com" + "/a" * 500_000
    assert _row(address).url == ""
    assert _row("https://github.com" + "/a" * 1000).url.startswith("https://")
