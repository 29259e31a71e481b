"""Which Python an image reference carries.

The registry is normalised first (`docker.io/library/python` and the known mirrors all mean
`python`), the digest is dropped, then each known image reads its tag its own way. Images
that carry no Python version (manylinux, miniconda, anything unknown) give None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from pyparity import lazy_re
from pyparity.model import Requirement
from pyparity.records import record, replace
from pyparity.versions import VersionError, parse_pin


@record
class ImagePython:
    """The Python an image carries; `reference[start:end]` is where its version is written.

    For a tag that names no version (`python`, `python:slim`) the span covers the tag, or
    the repository when there is no tag.
    """

    requirement: Requirement
    start: int
    end: int
    low_confidence: bool = False


class _Reference:
    """An image reference split: the normalised repository and the tag, with offsets
    (a plain class: a dataclass costs the import about half a millisecond)."""

    __slots__ = ("name_end", "repository", "tag", "tag_start")

    def __init__(self, *, repository: str, name_end: int, tag: str | None, tag_start: int) -> None:
        self.repository = repository  # normalised, lower case
        self.name_end = name_end  # the repository as written is reference[:name_end]
        self.tag = tag
        self.tag_start = tag_start


_PREFIXES = (
    "docker.io/",
    "index.docker.io/",
    "registry-1.docker.io/",
    "registry.hub.docker.com/",
    "public.ecr.aws/docker/",
    "mirror.gcr.io/",
)
_NUMERIC = lazy_re.compile(r"\d++(?:\.\d++)*+")


@cache
def _ubi_re() -> re.Pattern[str]:
    return re.compile(
        r"(?:registry\.access\.redhat\.com|registry\.redhat\.io)/ubi\d+(?:-minimal)?"
        r"/python-(?P<major>[23])(?P<minor>\d{1,2})(?:-minimal)?"
    )


@cache
def _distroless_re() -> re.Pattern[str]:
    return re.compile(r"gcr\.io/distroless/(?P<name>python3-debian(?P<debian>\d+))")


_DISTROLESS_PYTHON = {"11": "3.9", "12": "3.11", "13": "3.13"}


# A Python named in the tag of another image: `apache/airflow:2.10.3-python3.11`,
# `mcr.microsoft.com/azure-functions/python:4-python3.11`, `rapidsai/base:24.10-py3.12`.
@cache
def _tag_python_re() -> re.Pattern[str]:
    return re.compile(r"(?:^|[-_])(?:python|py)-?(?P<version>3\.\d+(?:\.\d+)?)(?=$|[-_])")


_VERSION_TAG = lazy_re.compile(r"\d+\.\d+(?:\.\d+)?(?=$|-)")


@lru_cache(maxsize=1024)  # a monorepo's images share a few base images
def parse_image(reference: str) -> ImagePython | None:
    """The Python `reference` carries, or None (unknown image, no version, or a `$` in it)."""
    if "$" in reference:
        return None
    parsed = _split(reference)
    if parsed is None:
        return None
    if reader := _TAG_READERS.get(parsed.repository):
        return reader(parsed)
    if parsed.repository.startswith(("jupyter/", "quay.io/jupyter/")):
        return _jupyter(parsed)
    return _from_repository(reference, parsed) or _from_tag(parsed)


def may_carry_python(reference: str) -> bool:
    """False when the repository is known and never carries Python, even if a tag is unset.

    `node:${NODE_VERSION}` cannot be Python; `${BASE}` or `python:${V}` can.
    """
    written = reference.partition("$")[0]
    colon, slash = written.rfind(":"), written.rfind("/")
    if "$" not in reference or colon <= slash:
        return True
    parsed = _split(written[:colon])
    if parsed is None:
        return False
    repository = parsed.repository
    return (
        repository in _TAG_READERS
        or repository.endswith("/python")
        or repository.startswith(("jupyter/", "quay.io/jupyter/"))
        or _ubi_re().fullmatch(repository) is not None
        or _distroless_re().fullmatch(repository) is not None
    )


def _split(reference: str) -> _Reference | None:
    base = reference.partition("@")[0]
    colon, slash = base.rfind(":"), base.rfind("/")
    name_end = colon if colon > slash else len(base)
    tag = base[colon + 1 :] if colon > slash else None
    if not base[:name_end] or tag == "":
        return None
    return _Reference(
        repository=_normalise(base[:name_end]), name_end=name_end, tag=tag, tag_start=colon + 1
    )


def _normalise(name: str) -> str:
    lowered = name.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :]
            break
    return lowered.removeprefix("library/")


def _requirement(text: str, *, implementation: str = "cpython") -> Requirement:
    spelled = f"pypy{text}" if implementation == "pypy" else text
    try:
        return parse_pin(spelled)
    except VersionError:
        return Requirement(specifier="", minors=(), implementation=implementation, unknown=(text,))


def _at(ref: _Reference, offset: int, text: str, *, implementation: str) -> ImagePython:
    """The version `text` found at `offset` inside the tag."""
    start = ref.tag_start + offset
    return ImagePython(
        requirement=_requirement(text, implementation=implementation),
        start=start,
        end=start + len(text),
    )


def _floating(ref: _Reference, *, implementation: str = "cpython") -> ImagePython:
    """No version in the tag: the newest Python 3 the image offers."""
    start, end = (ref.tag_start, ref.tag_start + len(ref.tag)) if ref.tag else (0, ref.name_end)
    return ImagePython(
        requirement=_requirement("3", implementation=implementation), start=start, end=end
    )


def _leading(ref: _Reference, *, implementation: str = "cpython") -> ImagePython:
    """The text before the first `-` when it is a number, else floating."""
    token = (ref.tag or "").partition("-")[0]
    if not token[:1].isdigit():
        return _floating(ref, implementation=implementation)
    return _at(ref, 0, token, implementation=implementation)


def _python(ref: _Reference) -> ImagePython:
    return _leading(ref)


def _pypy(ref: _Reference) -> ImagePython:
    return _leading(ref, implementation="pypy")


def _devcontainer(ref: _Reference) -> ImagePython:
    """`3.12`, `1-3.12-bookworm`, `3.1.5-3.14-trixie`: the second of two numbers is Python."""
    tag = ref.tag or ""
    offset = 4 if tag.startswith("dev-") else 0
    tokens = tag[offset:].split("-")
    if len(tokens) >= 2 and _NUMERIC.fullmatch(tokens[0]) and _NUMERIC.fullmatch(tokens[1]):
        return _at(ref, offset + len(tokens[0]) + 1, tokens[1], implementation="cpython")
    if _NUMERIC.fullmatch(tokens[0]) and re.match(r"3(?:\.|$)|2\.", tokens[0]):
        return _at(ref, offset, tokens[0], implementation="cpython")
    return _floating(ref)


def _uv(ref: _Reference) -> ImagePython | None:
    """`python3.12-bookworm-slim`, `0.6-python3.12-alpine`; uv-only tags carry no Python."""
    match = re.search(r"python(\d+\.\d+)", ref.tag or "")
    if match is None:
        return None
    return _at(ref, match.start(1), match[1], implementation="cpython")


def _lambda(ref: _Reference) -> ImagePython:
    """`3.12`, `3.12-arm64`, and dated tags such as `3.12.2024.11.22.15-x86_64`."""
    match = re.match(r"\d+\.\d+", ref.tag or "")
    if match is None:
        return _floating(ref)
    return _at(ref, 0, match[0], implementation="cpython")


def _jupyter(ref: _Reference) -> ImagePython | None:
    """`python-3.11`; `latest` floats; dated and hash tags say nothing."""
    if ref.tag in (None, "latest"):
        return _floating(ref)
    match = re.search(r"python-(\d++(?:\.\d++)*+)", ref.tag)
    if match is None:
        return None
    return _at(ref, match.start(1), match[1], implementation="cpython")


def _from_repository(reference: str, ref: _Reference) -> ImagePython | None:
    """Red Hat UBI (`ubi9/python-311`) and distroless (`python3-debian12`, low confidence)."""
    name = reference[: ref.name_end].lower()
    if match := _ubi_re().fullmatch(name):
        version = f"{match['major']}.{match['minor']}"
        return ImagePython(
            requirement=_requirement(version), start=match.start("major"), end=match.end("minor")
        )
    match = _distroless_re().fullmatch(name)
    if match is None or match["debian"] not in _DISTROLESS_PYTHON:
        return None
    return ImagePython(
        requirement=_requirement(_DISTROLESS_PYTHON[match["debian"]]),
        start=match.start("name"),
        end=match.end("name"),
        low_confidence=True,
    )


def _from_tag(ref: _Reference) -> ImagePython | None:
    """Another image whose tag names its Python, or a mirror of the official image in a
    private registry (`registry.example.com/docker/python:3.12-slim`) with a version tag."""
    tag = ref.tag or ""
    if match := _tag_python_re().search(tag):
        return _at(ref, match.start("version"), match["version"], implementation="cpython")
    if ref.repository.endswith("/python") and (version := _VERSION_TAG.match(tag)):
        return _at(ref, 0, version[0], implementation="cpython")
    if "python" in ref.repository.rpartition("/")[2] and (version := _PYTHON_TAG.match(tag)):
        found = _at(ref, 0, version[0], implementation="cpython")
        return replace(found, low_confidence=True)
    return None


# An organisation's own Python base image tagged with its Python (`mitodl/ol-python-base:3.12`,
# `acme/python-base:3.12.4-slim`): a CPython minor 3.6 to 3.19, not an app's `3.1.0`.
_PYTHON_TAG = lazy_re.compile(r"3\.(?:[6-9]|1\d)(?:\.\d+)?(?=$|[-_])")


_TAG_READERS: dict[str, Callable[[_Reference], ImagePython | None]] = {
    "python": _python,
    "pypy": _pypy,
    "mcr.microsoft.com/devcontainers/python": _devcontainer,
    "mcr.microsoft.com/vscode/devcontainers/python": _devcontainer,
    "cimg/python": _leading,
    "circleci/python": _leading,
    "ghcr.io/astral-sh/uv": _uv,
    "public.ecr.aws/lambda/python": _lambda,
    "amazon/aws-lambda-python": _lambda,
}
