"""Every spelling of a Python version -> a `Requirement` (PEP 440 specifier + known minors).

Pure: the release calendar is read from the data file, never from the clock. A floating
spelling (`3.x`, `python:3`, `latest`) keeps every minor it could mean and is marked
`floating`; which one it means today is decided by the rules (`effective_minor`).

A build variant is the CPython of its minor: free-threaded `3.14t` (setup-python, uv),
`3.13+freethreaded`, debug `3.12.0d`. setup-python's `3.15-dev` and `3.15t-dev` name the
minor (it resolves them to `~3.15.0-0`, the newest 3.15 build, release or not); whether that
is still a preview depends on the day, and is judged by the rules. An exact pre-release
(`3.15.0b2`, `3.15.0-beta.2`, `3.15.0rc1`) keeps it in `version`. uv's requests name their
implementation: `cp313`, `cpython3.12`, `cpython-3.12.4`, `cpython@3.12`, the download key
`cpython-3.12.4-linux-x86_64-gnu`, `pypy@3.10`, `pp310`; PyPy is `pypy`, never CPython.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from pyparity import lazy_re

# packaging compiles its version and specifier patterns at import (4-6 ms of packaging 26's);
# its simple versions ("3.12", "3.11.4") never use the version pattern, and a run reading no
# range never uses the specifier one.
with lazy_re.deferred_in("packaging"):
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

from pyparity.model import Minor, Requirement
from pyparity.releases import Release, load


class VersionError(ValueError):
    """The text is not a Python version spelling we understand."""


_PLAIN = lazy_re.compile(
    r"""^v?(?P<major>[2-9])(?:\.(?P<minor>\d+|x|\*)(?:\.(?P<patch>\d+|x|\*))?)?
        (?P<pre>(?:a|b|rc|alpha|beta|-alpha|-beta|-rc|\.dev)[.-]?\d*)?
        (?P<variant>t|d|td|(?:\+(?:freethreaded|debug|gil)){1,3})?
        (?P<dev>-dev)?$""",
    re.VERBOSE | re.IGNORECASE,
)
# setup-python's and pyenv's PyPy: `pypy3.10`, `pypy-3.9`, `pypy3.10-v7.3.12`,
# `pypy-3.9-v7.x`, `pypy3.10-7.3.12`, `pypy3.10-nightly`.
_PYPY = lazy_re.compile(
    r"^pypy-?(?P<level>[23](?:\.\d+)?)(?:[-_](?:v?\d++(?:\.(?:\d++|x))*+(?:rc\d+)?|nightly))?$",
    re.IGNORECASE,
)
# uv's Python requests: an implementation, then a version (`3.12`, `3.12.4`, `312`), a
# variant, and for a download key the platform (`-linux-x86_64-gnu`, `-macos-aarch64-none`).
_UV_REQUEST = lazy_re.compile(
    r"""^(?P<implementation>cpython|cp|pypy|pp)
        (?:[-@]?(?:(?P<level>[23](?:\.\d+){1,2}(?:(?:a|b|rc)\d+)?)|(?P<digits>[23]\d{0,2}))
        (?:t|d|td|(?:\+(?:freethreaded|debug|gil)){1,3})?
        (?:-[a-z][a-z0-9_]*+)*+)?$""",
    re.VERBOSE | re.IGNORECASE,
)
_GRAALPY = lazy_re.compile(
    r"^graalpy-?(?P<release>\d+(?:\.\d+)?)(?:\.\d+)?$", re.IGNORECASE
)  # `graalpy25`: setup-python takes the newest 25.x
_FLOATING_WORDS = frozenset({"latest", "stable", "3", "3.x", "3.*", "python3", "x", "*"})
_RANGE_OPERATORS = lazy_re.compile(r"[<>=!~^]|\s-\s|\|\|")


@lru_cache(maxsize=1024)  # a repository writes the same few versions in every file
def parse_pin(text: str) -> Requirement:
    """A concrete version someone asked for: `.python-version`, setup-python, an image tag.

    setup-python also takes semver ranges (`>=3.9 <3.12`, `3.9 - 3.11`); they float to the
    newest minor they admit.
    """
    spelled = text.strip().strip("\"'")
    if not spelled:
        raise VersionError("empty version")
    lowered = spelled.lower()
    if lowered in _FLOATING_WORDS:
        return _floating("==3.*", _known_minors(3))
    if match := _PYPY.match(spelled):
        return _level_pin(match["level"], implementation="pypy")
    if match := _UV_REQUEST.match(spelled):
        return _uv_request(match)
    if match := _GRAALPY.match(spelled):
        level = _graalpy_level(match["release"])
        if level is None:
            return Requirement(specifier="", minors=(), implementation="graalpy")
        return Requirement(
            specifier=f"=={level}.*", minors=(level,), implementation="graalpy", version=None
        )
    if match := _PLAIN.match(spelled):
        return _plain_pin(match)
    if spelled[:1] == "=" != spelled[1:2] and (match := _PLAIN.match(spelled[1:].lstrip())):
        return _plain_pin(match)  # node-semver's `=3.10` (setup-python) is `3.10`
    if _RANGE_OPERATORS.search(spelled):
        ranged = parse_range(_semver_to_pep440(spelled), dialect="poetry")
        if len(ranged.minors) == 1 and not admits_minor(ranged.specifier, _next(ranged.minors[0])):
            # `3.15.0-beta.3 - 3.15.0`: whatever it picks is that one minor, not a float
            return Requirement(specifier=ranged.specifier, minors=ranged.minors)
        return _floating(ranged.specifier, ranged.minors)
    raise VersionError(f"not a Python version: {spelled!r}")


def _graalpy_level(release: str) -> Minor | None:
    """The language level of a GraalPy release (`24.1`), or of the newest release of a
    major (`25`: setup-python reads a bare major as any 25.x)."""
    levels = load().graalpy
    if "." in release:
        return levels.get(release)
    of_major = [r for r in levels if r.split(".")[0] == release]
    newest = max(of_major, key=lambda r: tuple(map(int, r.split("."))), default=None)
    return levels[newest] if newest is not None else None


@lru_cache(maxsize=1024)  # (as `parse_pin`: the same few ranges in every file)
def parse_range(text: str, *, dialect: str = "pep440") -> Requirement:
    """A supported range: `requires-python` (PEP 440) or Poetry's `python` constraint."""
    spelled = text.strip()
    if not spelled:
        raise VersionError("empty range")
    alternatives = spelled.split("||") if dialect == "poetry" else [spelled]
    sets: list[str] = []
    for alternative in alternatives:
        pep440 = _poetry_to_pep440(alternative) if dialect == "poetry" else alternative
        try:
            SpecifierSet(pep440)
        except InvalidSpecifier:
            raise VersionError(f"not a version range: {spelled!r}") from None
        sets.append(str(SpecifierSet(pep440)) if pep440.strip() else "")
    specifier = " || ".join(sets)
    minors = tuple(m for m in load().minors if admits_minor(specifier, m))
    return Requirement(specifier=specifier, minors=minors)


def parse_tox_factor(factor: str) -> Requirement | None:
    """`py311`, `py3.11`, `py3`, `py314t`, `pypy3`, `pypy310` -> a pin; other factors -> None."""
    match = re.fullmatch(
        r"(?P<impl>py|pypy)(?P<digits>[23](?:\.?\d{1,2})?)?(?P<thread>t)?", factor.strip()
    )
    if match is None or (match["impl"] == "py" and match["digits"] is None):
        return None
    digits = (match["digits"] or "3").replace(".", "")
    level = digits if len(digits) == 1 else f"{digits[0]}.{digits[1:]}"
    implementation = "pypy" if match["impl"] == "pypy" else "cpython"
    if len(digits) == 1:
        return _floating(f"=={digits}.*", _known_minors(int(digits)), implementation=implementation)
    return _level_pin(level, implementation=implementation)


def minor_of(version: str) -> Minor | None:
    match = re.match(r"^(\d+)\.(\d+)", version)
    return Minor(int(match[1]), int(match[2])) if match else None


@cache
def _specifier_sets(specifier: str) -> tuple[SpecifierSet, ...]:
    return tuple(SpecifierSet(part.strip()) for part in specifier.split("||"))


@lru_cache(maxsize=4096)  # a scope's patch pins, asked again of each range (bounded)
def admits_version(specifier: str, version: str) -> bool:
    try:
        parsed = Version(version)
    except InvalidVersion:
        return False
    return any(s.contains(parsed, prereleases=True) for s in _specifier_sets(specifier))


@cache
def admits_minor(specifier: str, minor: Minor) -> bool:
    """Does any release of `minor` satisfy the specifier (or any `||` alternative)?"""
    return any(_set_admits_minor(s, minor) for s in _specifier_sets(specifier))


def _set_admits_minor(specifier_set: SpecifierSet, minor: Minor) -> bool:
    candidates = {f"{minor}.0", f"{minor}.999"}
    for spec in specifier_set:
        bound = spec.version.rstrip(".*")
        if minor_of(bound) == minor and bound.count(".") >= 2:
            patch = int(re.split(r"\D", bound.split(".")[2])[0] or 0)
            candidates |= {
                f"{minor}.{patch}",
                f"{minor}.{patch + 1}",
                f"{minor}.{max(patch - 1, 0)}",
            }
    return any(specifier_set.contains(Version(c), prereleases=True) for c in candidates)


def effective_minor(requirement: Requirement, today: dt.date) -> Minor | None:
    """The one minor a pin means: its own, or for a floating one the newest released today."""
    if not requirement.minors:
        return None
    if not requirement.floating:
        return requirement.minors[-1] if len(requirement.minors) == 1 else None
    return load().newest(today, requirement.minors) or requirement.minors[0]


def floor(requirement: Requirement) -> Minor | None:
    return requirement.minors[0] if requirement.minors else None


_LOWER_BOUND_OPERATORS = frozenset({">=", ">", "==", "~=", "==="})


@cache
def has_lower_bound(specifier: str) -> bool:
    """Whether every `||` alternative names a lowest minor: a `>=`, `>`, `==`, `~=` clause
    on a version with a minor (`>=3.9`, `==3.11.*`). `<3.13`, `!=3.0.*`, `>=3`, `==3.*` and
    an empty specifier admit whatever Python came first: they have no floor to compare."""
    alternatives = specifier.split("||")
    return all(_set_has_lower_bound(alternative) for alternative in alternatives)


def _set_has_lower_bound(alternative: str) -> bool:
    try:
        clauses = SpecifierSet(alternative.strip())
    except InvalidSpecifier:
        return False
    return any(
        clause.operator in _LOWER_BOUND_OPERATORS
        and len(clause.version.rstrip(".*").split(".")) >= 2
        for clause in clauses
    )


def _next(minor: Minor) -> Minor:
    return Minor(minor.major, minor.minor + 1)


def _known_minors(major: int) -> tuple[Minor, ...]:
    return tuple(m for m in load().minors if m.major == major)


def _floating(
    specifier: str, minors: tuple[Minor, ...], *, implementation: str = "cpython"
) -> Requirement:
    return Requirement(
        specifier=specifier, minors=minors, floating=True, implementation=implementation
    )


def _level_pin(level: str, *, implementation: str) -> Requirement:
    minor = minor_of(level)
    if minor is None:
        return _floating("==3.*", _known_minors(int(level)), implementation=implementation)
    return _minor_requirement(minor, str(minor), implementation=implementation)


def _uv_request(match: re.Match[str]) -> Requirement:
    """`cp313`, `cpython-3.12.4-linux-x86_64-gnu`, `pypy@3.10`, bare `cpython` (floating)."""
    implementation = "pypy" if match["implementation"].lower() in {"pypy", "pp"} else "cpython"
    level = match["level"]
    if digits := match["digits"]:
        level = digits if len(digits) == 1 else f"{digits[0]}.{digits[1:]}"
    if level is None:
        return _floating("==3.*", _known_minors(3), implementation=implementation)
    if implementation == "pypy":
        return _level_pin(level, implementation=implementation)
    plain = _PLAIN.match(level)
    if plain is None:  # unreachable: the request's level is a plain version
        raise VersionError(f"not a Python version: {match.string!r}")
    return _plain_pin(plain)


def _plain_pin(match: re.Match[str]) -> Requirement:
    major, minor_text, patch = match["major"], match["minor"], match["patch"]
    if minor_text is None or minor_text in {"x", "*"}:
        return _floating(f"=={major}.*", _known_minors(int(major)))
    minor = Minor(int(major), int(minor_text))
    pre = _pre_release(match)
    if (patch is None and not pre) or patch in {"x", "*"}:
        # `3.15-dev` (setup-python: the newest 3.15, `~3.15.0-0`) names the minor itself
        return _minor_requirement(minor, str(minor))
    version = f"{minor}.{int(patch or 0)}{pre}"
    requirement = _minor_requirement(minor, version)
    release = load().by_minor.get(minor)
    if requirement.minors and release and release.latest and _beyond_last_patch(version, release):
        return Requirement(
            specifier=requirement.specifier, minors=(), version=version, unknown=(version,)
        )
    return requirement


def _pre_release(match: re.Match[str]) -> str:
    """The pre-release of an exact version in PEP 440 form: `-beta.2` -> `b2`, `rc1`, and
    `.dev1` or a semver `3.15.0-dev` -> `.dev1`, `.dev0`; "" for none. `-dev` after a minor
    (`3.15-dev`) is no exact version: setup-python reads it as "the newest 3.15"."""
    pre = (match["pre"] or "").lstrip(".-").lower()
    if pre.startswith("dev"):
        return f".dev{pre[3:].lstrip('.-') or 0}"
    if pre:
        return pre.replace("alpha", "a").replace("beta", "b").replace("-", "").replace(".", "")
    return ".dev0" if match["dev"] and match["patch"] is not None else ""


def _beyond_last_patch(version: str, release: Release) -> bool:
    """A patch newer than the last one of a minor that gets no more releases."""
    # A minor that ended only recently may have had a last release the data does not know.
    settled = release.end_of_life + dt.timedelta(days=183)
    if release.latest is None or settled > load().updated:
        return False
    try:
        return Version(version) > Version(release.latest)
    except InvalidVersion:
        return False


def _minor_requirement(
    minor: Minor, version: str, *, implementation: str = "cpython"
) -> Requirement:
    specifier = f"=={version}" if version.count(".") >= 2 else f"=={version}.*"
    if not load().known(minor):
        return Requirement(
            specifier=specifier,
            minors=(),
            implementation=implementation,
            version=version,
            unknown=(str(minor),),
        )
    return Requirement(
        specifier=specifier, minors=(minor,), implementation=implementation, version=version
    )


def _poetry_to_pep440(constraint: str) -> str:
    """Poetry's `^`, `~`, bare versions, `*` and space-separated ANDs -> PEP 440."""
    parts = [p for p in re.split(r"[,\s]+", _join_operators(constraint.strip())) if p]
    translated: list[str] = []
    for part in parts:
        if part in {"*", "x"}:
            continue
        if part.startswith("^"):
            translated += _caret(part[1:])
        elif part.startswith("~") and not part.startswith("~="):
            translated += _tilde(part[1:])
        elif re.match(r"^\d", part):
            translated.append(f"=={part}" if "*" in part or part.count(".") >= 2 else f"=={part}.*")
        else:
            translated.append(part)
    return ",".join(translated)


def _join_operators(text: str) -> str:
    """`>= 3.9` -> `>=3.9` so that splitting on spaces keeps each clause whole."""
    return re.sub(r"(<=|>=|==|!=|~=|<|>|\^|~)\s+", r"\1", text)


def _release_numbers(text: str) -> list[int]:
    try:
        return list(Version(text.rstrip(".*")).release)
    except InvalidVersion:
        raise VersionError(f"not a version: {text!r}") from None


def _caret(text: str) -> list[str]:
    numbers = _release_numbers(text)
    upper = (
        f"{numbers[0] + 1}" if numbers[0] != 0 else f"0.{numbers[1] + 1 if len(numbers) > 1 else 1}"
    )
    return [f">={text}", f"<{upper}"]


def _tilde(text: str) -> list[str]:
    numbers = _release_numbers(text)
    upper = f"{numbers[0] + 1}" if len(numbers) == 1 else f"{numbers[0]}.{numbers[1] + 1}"
    return [f">={text}", f"<{upper}"]


def _without_wildcards(version: str) -> str:
    """`3.6.X` -> `3.6` (a loop, not a pattern: linear on any input)."""
    while version[-2:] in (".x", ".X", ".*"):
        version = version[:-2]
    return version


def _semver_to_pep440(text: str) -> str:
    """setup-python's node-semver ranges (`3.9 - 3.11`, `>=3.9 <3.12`) -> Poetry syntax."""
    hyphen = re.fullmatch(r"\s*(\S+)\s+-\s+(\S+)\s*", text)
    if hyphen:
        # `3.6.0-dev - 3.6.X` (schemathesis'): an X, x or * part is any, as a missing one is
        low, high = _without_wildcards(hyphen[1]), _without_wildcards(hyphen[2])
        upper = _tilde(high)[1] if high.count(".") < 2 else f"<={high}"
        return f">={low},{upper}"
    return text.replace(".x", "")
