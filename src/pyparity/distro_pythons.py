"""The Python a Linux distribution's release ships as its `python3` package.

`FROM ubuntu:24.04` then `apt-get install python3` runs the project on 3.12 as surely as
`FROM python:3.12` does: the release decides the minor. Only releases whose tag names them
(`ubuntu:22.04`, `ubuntu:jammy`, `debian:bookworm-slim`, `debian:12`, `alpine:3.20`,
`fedora:41`); a tag that moves (`latest`, `stable`, `sid`, `edge`, none) names no release.
"""

from __future__ import annotations

from functools import lru_cache

from pyparity import lazy_re

_UBUNTU = {
    "18.04": "3.6",
    "bionic": "3.6",
    "20.04": "3.8",
    "focal": "3.8",
    "22.04": "3.10",
    "jammy": "3.10",
    "24.04": "3.12",
    "noble": "3.12",
    "24.10": "3.12",
    "oracular": "3.12",
    "25.04": "3.13",
    "plucky": "3.13",
    "25.10": "3.13",
    "questing": "3.13",
}
_DEBIAN = {
    "10": "3.7",
    "buster": "3.7",
    "11": "3.9",
    "bullseye": "3.9",
    "12": "3.11",
    "bookworm": "3.11",
    "13": "3.13",
    "trixie": "3.13",
}
_ALPINE = {
    "3.15": "3.9",
    "3.16": "3.10",
    "3.17": "3.10",
    "3.18": "3.11",
    "3.19": "3.11",
    "3.20": "3.12",
    "3.21": "3.12",
    "3.22": "3.12",
    "3.23": "3.12",
}
_FEDORA = {"38": "3.11", "39": "3.12", "40": "3.12", "41": "3.13", "42": "3.13", "43": "3.14"}
_RELEASES = {"ubuntu": _UBUNTU, "debian": _DEBIAN, "alpine": _ALPINE, "fedora": _FEDORA}

# `debian:12.5-slim`, `debian:bookworm-20240110-slim`, `ubuntu:jammy-20240227`,
# `alpine:3.20.3`: the release is the tag's first part (a point release, a date, a variant
# after it).
_TAG = lazy_re.compile(r"(\d{1,2}(?:\.\d{1,2})?|[a-z]++)(?:\.\d{1,3})?(?:[-_][\w.-]*+)?")


@lru_cache(maxsize=256)
def distro_python(reference: str) -> str | None:
    """The minor the image's distribution release packages as `python3`, or None (not one
    of these distributions, or a tag that names no release)."""
    name, _, tag = reference.split("@", 1)[0].rpartition(":")
    if "/" in tag or not name:
        return None  # (no tag: the latest release)
    repository = name.rsplit("/", 1)[-1]
    if name not in (repository, f"library/{repository}", f"docker.io/library/{repository}"):
        return None
    releases = _RELEASES.get(repository)
    match = _TAG.fullmatch(tag) if releases is not None else None
    if releases is None or match is None:
        return None
    release = match[1]
    if repository == "ubuntu" and "." not in release and release.isdigit():
        return None
    if repository == "debian" and "." in release:
        release = release.split(".")[0]
    return releases.get(release)
