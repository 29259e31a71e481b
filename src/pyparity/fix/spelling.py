"""Write a version in the spelling it already has: `3.9.6` -> `3.11.14`, `3.9` -> `3.11`,
`py39` -> `py311`, `python3.9` -> `python3.11`; quote a YAML number that would load as a float.

Each function takes the text at a declaration's span and returns the new text, or None when
the spelling is not one it can rewrite safely (the caller lists it as "cannot fix").
"""

from __future__ import annotations

from pyparity import lazy_re, releases
from pyparity.model import Minor

# Flat patterns, each part a bounded class: no nested or ambiguous quantifier.
_DOTTED = lazy_re.compile(
    r"(?P<head>[A-Za-z]{0,8})(?P<major>[23])\.(?P<minor>\d{1,2})(?P<patch>\.\d{1,3})?"
)
_DIGITS = lazy_re.compile(r"3\d{1,2}")
_COMPACT = lazy_re.compile(r"(?P<head>[A-Za-z]{1,8})(?P<major>[23])(?P<minor>\d{1,2})")
_LOWER_BOUND = lazy_re.compile(
    r"(?P<op>>=|~=|\^|~|>)(?P<space>\s{0,3})(?P<version>\d{1,2}(?:\.\d{1,3}){0,2})"
)
_UPPER_BOUND = lazy_re.compile(
    r"(?P<op><=|<)(?P<space>\s{0,3})(?P<version>\d{1,2}(?:\.\d{1,3}){0,2})"
)
_NUMBER = lazy_re.compile(r"\d{1,4}\.\d{1,4}")
_PLUS = lazy_re.compile(
    r"--py3(?P<minor>\d{1,2})-plus"
)  # pyupgrade's and reorder-python-imports' flag


def newest_patch(minor: Minor) -> str | None:
    """The newest patch release of `minor` the release data knows."""
    release = releases.load().by_minor.get(minor)
    return release.latest if release else None


def respell(text: str, target: Minor, patch: str | None = None) -> str | None:
    """`text` naming `target` instead, in the same spelling. A patch pin stays a patch pin:
    `patch` when given (a patch of `target`), else the newest patch of `target`."""
    dotted = _DOTTED.fullmatch(text)
    if dotted is not None:
        if not dotted["patch"]:
            return f"{dotted['head']}{target}"
        version = patch or newest_patch(target)
        return f"{dotted['head']}{version}" if version else None
    compact = _COMPACT.fullmatch(text)
    if compact is not None:
        return f"{compact['head']}{target.major}{target.minor}"
    if _DIGITS.fullmatch(text) is not None:  # `python39`'s span, `py{39,310}`'s factor
        return f"{target.major}{target.minor}"
    if _PLUS.fullmatch(text) is not None:
        return f"--py{target.major}{target.minor}-plus"
    return None


def spelled_minor(text: str) -> Minor | None:
    """The minor a plain spelling names (`3.11.4`, `py311`, `python3.11`), else None."""
    dotted = _DOTTED.fullmatch(text)
    if dotted is not None:
        return Minor(int(dotted["major"]), int(dotted["minor"]))
    compact = _COMPACT.fullmatch(text)
    if compact is not None:
        return Minor(int(compact["major"]), int(compact["minor"]))
    plus = _PLUS.fullmatch(text)
    if plus is not None:
        return Minor(3, int(plus["minor"]))
    return None


def raise_floor(text: str, floor: Minor) -> str | None:
    """A range specifier with its lower bound raised to `floor` (`>=3.9,<4` -> `>=3.11,<4`,
    `^3.9` -> `^3.11`, `>3.8` -> `>=3.11`). None when it has no single lower bound to raise
    (no bound, two of them, or Poetry's `||` alternatives)."""
    if "||" in text or "|" in text:
        return None
    bounds = list(_LOWER_BOUND.finditer(text))
    if len(bounds) != 1:
        return None
    bound = bounds[0]
    op = ">=" if bound["op"] == ">" else bound["op"]
    if op == "~" or (op in {"~=", "^"} and bound["version"].count(".") > 1):
        return None  # Poetry's `~3.9` and `~=3.9.1` cap the minor: a new floor changes the cap
    return f"{text[: bound.start()]}{op}{bound['space']}{floor}{text[bound.end() :]}"


def raise_ceiling(text: str, target: Minor) -> str | None:
    """A range specifier whose upper bound admits `target` (`<3.12` -> `<3.13`,
    `<=3.11` -> `<=3.12`). None when there is not exactly one upper bound."""
    if "|" in text:
        return None
    bounds = list(_UPPER_BOUND.finditer(text))
    if len(bounds) != 1:
        return None
    bound = bounds[0]
    if bound["version"].count(".") != 1 or bound["version"].startswith(("4", "5")):
        return None
    new = Minor(target.major, target.minor + 1) if bound["op"] == "<" else target
    return f"{text[: bound.start()]}{bound['op']}{bound['space']}{new}{text[bound.end() :]}"


def loads_as_other_number(text: str) -> bool:
    """Would YAML load this plain scalar as a float that prints differently (`3.10` -> 3.1)?"""
    return _NUMBER.fullmatch(text) is not None and repr(float(text)) != text


def quote_char(file_text: str) -> str:
    """The quote the file uses most for versions; double quotes when it uses none."""
    single = file_text.count("'3.")
    double = file_text.count('"3.')
    return "'" if single > double else '"'
