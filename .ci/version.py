"""pyparity's version, kept in step in every file that names it.

    python .ci/version.py show            the version and where each file says it
    python .ci/version.py bump 0.2.0      move [Unreleased] to 0.2.0 and update every file
    python .ci/version.py check v0.2.0    (release workflow) the tag matches every file;
                                          prints version=, major= for $GITHUB_OUTPUT
    python .ci/version.py notes 0.2.0     the CHANGELOG's section for the release notes

The files: pyproject.toml (`version`), src/pyparity/__init__.py (`__version__`), action.yml
(the prebuilt image `docker://ghcr.io/OWNER/pyparity:vX.Y.Z`), CHANGELOG.md (the newest
`## [X.Y.Z] - date` section), and the README's `uses: .../pyparity@vX` and `rev: vX.Y.Z`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = r"(\d+\.\d+\.\d+)"
PLACES = {
    "pyproject.toml": re.compile(rf'^version = "{VERSION}"$', re.M),
    "src/pyparity/__init__.py": re.compile(rf'^__version__ = "{VERSION}"$', re.M),
    "action.yml": re.compile(rf"^  image: docker://ghcr\.io/[a-z0-9-]+/pyparity:v{VERSION}$", re.M),
    "CHANGELOG.md": re.compile(rf"^## \[{VERSION}\] - \d{{4}}-\d{{2}}-\d{{2}}$", re.M),
    "README.md": re.compile(rf"^    rev: v{VERSION}$", re.M),
}
UNRELEASED = "## [Unreleased]"


def versions() -> dict[str, str]:
    """Each file's version (its first match: the CHANGELOG's newest release)."""
    found = {}
    for name, pattern in PLACES.items():
        match = pattern.search((ROOT / name).read_text(encoding="utf-8"))
        if match is None:
            raise SystemExit(f"version.py: {name} names no version where expected")
        found[name] = match.group(1)
    return found


def agreed() -> str:
    found = versions()
    if len(set(found.values())) != 1:
        listing = ", ".join(f"{name}: {version}" for name, version in found.items())
        raise SystemExit(f"version.py: the files disagree ({listing}); run `bump VERSION`")
    return next(iter(found.values()))


def bump(new: str) -> None:
    if not re.fullmatch(VERSION, new):
        raise SystemExit(f"version.py: {new!r} is not X.Y.Z")
    old = agreed()
    changelog = ROOT / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    if UNRELEASED not in text:
        raise SystemExit("version.py: CHANGELOG.md has no [Unreleased] section to release")
    today = dt.date.today().isoformat()
    text = text.replace(UNRELEASED, f"{UNRELEASED}\n\n## [{new}] - {today}", 1)
    changelog.write_text(_links(text, old, new), encoding="utf-8")
    for name, pattern in PLACES.items():
        if name == "CHANGELOG.md":
            continue
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        text = pattern.sub(lambda match: match.group(0).replace(old, new), text, count=1)
        if name == "README.md":
            major = new.split(".")[0]
            text = re.sub(r"(uses: pyparity/pyparity@)v\d+", rf"\g<1>v{major}", text)
        path.write_text(text, encoding="utf-8")
    print(f"{old} -> {new}; review `git diff`, commit, then tag v{new}")


def _links(text: str, old: str, new: str) -> str:
    """Keep a Changelog's comparison links at the end of the file."""
    base = "https://github.com/pyparity/pyparity"
    unreleased = f"[Unreleased]: {base}/compare/v{new}...HEAD"
    text = re.sub(r"^\[Unreleased\]: .*$", unreleased, text, count=1, flags=re.M)
    link = f"[{new}]: {base}/compare/v{old}...v{new}"
    return text.replace(unreleased, f"{unreleased}\n{link}", 1)


def check(tag: str) -> None:
    version = agreed()
    if tag != f"v{version}":
        raise SystemExit(f"version.py: tag {tag} is not v{version}, the version every file names")
    print(f"version={version}")
    print(f"major={version.split('.')[0]}")


def notes(version: str) -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    start = re.search(rf"^## \[{re.escape(version)}\].*$", text, re.M)
    if start is None:
        raise SystemExit(f"version.py: CHANGELOG.md has no section for {version}")
    following = re.search(r"^## \[|^\[", text[start.end() :], re.M)
    end = start.end() + following.start() if following else len(text)
    print(text[start.end() : end].strip())


def main(argv: list[str]) -> None:
    match argv:
        case ["show"]:
            for name, version in versions().items():
                print(f"{version}  {name}")
        case ["bump", new]:
            bump(new)
        case ["check", tag]:
            check(tag)
        case ["notes", version]:
            notes(version)
        case _:
            raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
