"""A repository's declaring files read through the REST API, written into a temporary folder.

Reads the commit's tree (`git/trees/{sha}?recursive=1`; a truncated answer is walked folder
by folder), picks the paths the CLI's source registry reads (plus `.pyparity.toml`), fetches
their blobs (`git/blobs/{sha}`, checked against the SHA), then the files those name
(`python-version-file:`, a compose or devcontainer build's Dockerfile, a symbolic link's
target inside the tree, the test images the project's own CI builds), and writes them into
a fresh folder the pipeline scans as it would a checkout.

The tree is anyone's data: an entry whose path is not one git would write (`../x`, `.git/x`,
an empty or `.` part, a NUL) is refused; nothing is written outside the folder; a symbolic
link is never made, its target is read only when it names a file of the same tree; a blob
over the size cap is not downloaded (the reader reports it as too large, as on a checkout).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pyparity import discover, foreign
from pyparity.gitindex import safe_path
from pyparity.model import Declaration, Finding, Role
from pyparity.reading import Reader, parse_error
from pyparity.records import field, record
from pyparity.sources import source_for
from pyparity.sources._common import (
    BUILD_LINK,
    CONDA_ENV_FILE,
    DEFAULT_VERSION_FILE,
    PYTHON_VERSION_FILE,
)

MAX_TREE_REQUESTS = 500
"""A truncated tree walked folder by folder stops here: the repository is reported failed."""
MAX_FILES = 2_000
"""Declaring files (and the files they name) fetched per repository; more fails it."""
CONFIG_FILES = (".pyparity.toml",)
_BLOB, _LINK, _SUBMODULE = "blob", "link", "commit"
_LINK_MODE = "120000"


class TreeError(Exception):
    """The tree cannot be read within the budgets; the repository is reported failed."""


@record
class Entry:
    """One entry of a git tree as the API lists it."""

    path: str
    kind: str  # blob, link (a symbolic link), commit (a submodule)
    sha: str
    size: int


@record(frozen=False)
class Tree:
    """The tree's files by path, and the paths refused as unsafe."""

    entries: dict[str, Entry] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "entries": [[e.path, e.kind, e.sha, e.size] for e in self.entries.values()],
            "refused": self.refused,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Tree:
        entries = data["entries"]
        refused = data["refused"]
        if not isinstance(entries, list) or not isinstance(refused, list):
            raise TypeError("not a kept tree")
        tree = cls(refused=[str(path) for path in refused])
        for path, kind, sha, size in entries:
            entry = Entry(path=str(path), kind=str(kind), sha=str(sha), size=int(size))
            tree.entries[entry.path] = entry
        return tree


GetJson = Callable[[str], object]
"""GET an API path (under the API root) and return its JSON; raises on failure."""


def read_tree(get_json: GetJson, repository: str, tree_sha: str) -> Tree:
    """Every file of the tree: one recursive request, folder by folder where it is truncated."""
    tree = Tree()
    requests = [0]
    _walk(get_json, repository, tree_sha, "", tree, requests)
    return tree


def _walk(
    get_json: GetJson, repository: str, sha: str, prefix: str, tree: Tree, requests: list[int]
) -> None:
    answer = _tree_answer(get_json, repository, sha, recursive=True, requests=requests)
    if not answer.get("truncated"):
        _add(tree, prefix, _items(answer))
        return
    # Truncated: this folder's own entries, then each subfolder the same way.
    flat = _tree_answer(get_json, repository, sha, recursive=False, requests=requests)
    items = _items(flat)
    _add(tree, prefix, items)
    for item in items:
        name = str(item.get("path", ""))
        if item.get("type") != "tree" or not _safe_name(prefix, name, tree):
            continue
        if name in discover.SKIPPED_DIRECTORIES:
            continue
        _walk(get_json, repository, str(item.get("sha", "")), f"{prefix}{name}/", tree, requests)


def _tree_answer(
    get_json: GetJson, repository: str, sha: str, *, recursive: bool, requests: list[int]
) -> dict[str, object]:
    requests[0] += 1
    if requests[0] > MAX_TREE_REQUESTS:
        raise TreeError(f"the truncated tree needs more than {MAX_TREE_REQUESTS} requests")
    if not _is_sha(sha):
        raise TreeError(f"a tree entry has no valid SHA: {sha[:60]!r}")
    suffix = "?recursive=1" if recursive else ""
    answer = get_json(f"repos/{repository}/git/trees/{sha}{suffix}")
    if not isinstance(answer, dict):
        raise TreeError("the tree answer is not a JSON object")
    return answer


def _items(answer: dict[str, object]) -> list[dict[str, object]]:
    items = answer.get("tree")
    if not isinstance(items, list):
        raise TreeError("the tree answer has no list of entries")
    return [item for item in items if isinstance(item, dict)]


def _add(tree: Tree, prefix: str, items: Iterable[dict[str, object]]) -> None:
    for item in items:
        name, mode = item.get("path"), str(item.get("mode", ""))
        if not isinstance(name, str) or item.get("type") == "tree":
            continue
        if not _safe_name(prefix, name, tree):
            continue
        path = prefix + name
        kind = _LINK if mode == _LINK_MODE else str(item.get("type", ""))
        sha, size = str(item.get("sha", "")), item.get("size")
        if kind in (_BLOB, _LINK, _SUBMODULE) and _is_sha(sha):
            tree.entries[path] = Entry(
                path=path, kind=kind, sha=sha, size=size if type(size) is int else 0
            )


def _safe_name(prefix: str, name: str, tree: Tree) -> bool:
    path = prefix + name
    if safe_path(path) and "\x00" not in path and "\\" not in path and _utf8(path):
        return True
    tree.refused.append(ascii(path)[1:-1][:200])
    return False


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


# --- what to read ---------------------------------------------------------------------------


def listing(tree: Tree) -> list[str]:
    """The paths the pipeline sees, as `git ls-files` would list them (no vendored trees)."""
    return [
        path
        for path, entry in tree.entries.items()
        if entry.kind in (_BLOB, _LINK) and not _vendored(path)
    ]


def _vendored(path: str) -> bool:
    return any(part in _VENDORED for part in path.split("/")[:-1])


_VENDORED = frozenset({"node_modules", ".venv", "venv", ".tox", ".nox", "site-packages"})


def declaring(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The declaring files the project owns (and its configuration), and the foreign
    Dockerfiles, read only when its own CI or compose files build them."""
    matched = [path for path in paths if source_for(path) is not None or path in CONFIG_FILES]
    own, left_out = foreign.split(matched, ())
    dockerfiles = [
        item.file
        for item in left_out
        if (source := source_for(item.file)) is not None and source.kind == "dockerfile"
    ]
    return own, dockerfiles


# --- fetching and writing -------------------------------------------------------------------

GetBlob = Callable[[str], bytes]
"""The bytes of a blob by SHA (from a cache or `git/blobs/{sha}`); raises on failure."""


@record(frozen=False, kw_only=False)
class Materialized:
    """What was written under `root`; `findings` are parse-errors of links not followed."""

    root: Path
    written: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


def materialize(tree: Tree, root: Path, get_blob: GetBlob) -> Materialized:
    """Write the declaring files and what they name into the empty folder `root`."""
    listed = listing(tree)
    done = Materialized(root=root)
    own, foreign_dockerfiles = declaring(listed)
    _fetch(tree, own, done, get_blob)
    reader = Reader(discover.Root.at(root), listed=frozenset(done.written))
    for path in own:
        if path in done.written and (source := source_for(path)) is not None:
            reader.read(path, source)
    declarations = [d for found in reader.declarations.values() for d in found]
    named = set(_linked(declarations)) & set(listed)
    texts = [(path, text.text) for path, text in reader.texts.items()]
    built = foreign.built_paths(texts)
    named |= {path for path in foreign_dockerfiles if foreign.builder(path, built) is not None}
    _fetch(tree, sorted(named - done.written), done, get_blob)
    return done


def _linked(declarations: Iterable[Declaration]) -> Iterable[str]:
    """The files other files name: `python-version-file:`, a conda `environment-file:`, a
    build's Dockerfile."""
    for declaration in declarations:
        if declaration.role is not Role.UNRESOLVED:
            continue
        if declaration.note in (PYTHON_VERSION_FILE, DEFAULT_VERSION_FILE, CONDA_ENV_FILE):
            yield posixpath.normpath(declaration.raw.strip().removeprefix("./"))
        elif declaration.note.startswith(BUILD_LINK):
            try:
                link = json.loads(declaration.note.removeprefix(BUILD_LINK))
            except ValueError:
                continue
            if isinstance(link, dict) and isinstance(link.get("dockerfile"), str):
                yield link["dockerfile"]


def _fetch(tree: Tree, paths: Iterable[str], done: Materialized, get_blob: GetBlob) -> None:
    for path in paths:
        entry = tree.entries.get(path)
        if entry is None or path in done.written:
            continue
        if len(done.written) >= MAX_FILES:
            raise TreeError(f"more than {MAX_FILES} declaring files")
        if entry.kind == _LINK:
            target = _link_target(tree, entry, get_blob)
            if target is None:
                done.findings.append(parse_error(path, _OUTSIDE, 1, 1))
                continue
            entry = Entry(path=path, kind=_BLOB, sha=target.sha, size=target.size)
        _write(done, entry, get_blob)


_OUTSIDE = "symbolic link to a place outside the scanned tree; not followed"


def _link_target(tree: Tree, link: Entry, get_blob: GetBlob) -> Entry | None:
    """The file a symbolic link names when it is a file of the same tree (one hop)."""
    if link.size > 4096:
        return None
    text = get_blob(link.sha).decode("utf-8", "replace")
    folder = posixpath.dirname(link.path)
    target = posixpath.normpath(posixpath.join(folder, text)) if not text.startswith("/") else ""
    entry = tree.entries.get(target) if safe_path(target) else None
    return entry if entry is not None and entry.kind == _BLOB else None


def _write(done: Materialized, entry: Entry, get_blob: GetBlob) -> None:
    target = _inside(done.root, entry.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if entry.size > discover.MAX_FILE_BYTES:
        # Not downloaded: a sparse file of its size makes the reader say it is too large.
        with open(target, "xb") as handle:
            handle.truncate(entry.size)
    else:
        data = get_blob(entry.sha)
        if len(data) > discover.MAX_FILE_BYTES:
            data = data[: discover.MAX_FILE_BYTES + 1]
        with open(target, "xb") as handle:
            handle.write(data)
    done.written.add(entry.path)


def _inside(root: Path, path: str) -> Path:
    if not safe_path(path):
        raise TreeError(f"unsafe path {path!r}")
    target = root.joinpath(*path.split("/"))
    base = os.path.realpath(root)
    if os.path.commonpath([base, os.path.realpath(target.parent)]) != base:
        raise TreeError(f"path {path!r} leaves the folder")
    return target


# --- blobs ----------------------------------------------------------------------------------


def blob_from_json(sha: str, data: object) -> bytes:
    """A `git/blobs/{sha}` answer's bytes, checked against the SHA git gave them."""
    if not isinstance(data, dict) or data.get("encoding") != "base64":
        raise TreeError(f"blob {sha[:12]} is not base64 JSON")
    content = data.get("content")
    if not isinstance(content, str) or len(content) > 2 * discover.MAX_FILE_BYTES:
        raise TreeError(f"blob {sha[:12]} has no content within the size cap")
    blob = base64.b64decode(content.replace("\n", ""), validate=False)
    if not matches_sha(sha, blob):
        raise TreeError(f"blob {sha[:12]}'s content does not match its SHA")
    return blob


def matches_sha(sha: str, blob: bytes) -> bool:
    header = b"blob %d\x00" % len(blob)
    digest = hashlib.sha1 if len(sha) == 40 else hashlib.sha256
    return digest(header + blob, usedforsecurity=False).hexdigest() == sha


def quoted(name: str) -> str:
    """A branch or path for an API address: every character that is not plain is escaped."""
    return quote(name, safe="")


# --- the tarball (`--code`) -----------------------------------------------------------------

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
"""A repository's tarball over this size is not downloaded to the end: it is reported failed."""
MAX_EXTRACTED_BYTES = 512 * 1024 * 1024
KEPT_SMALL_FILE_BYTES = 64 * 1024
"""Small files are kept in memory while the archive is read: another file may name one."""


def unpack(archive: Path, root: Path) -> tuple[Tree, GetBlob]:
    """Read GitHub's tarball of a commit (one top folder) into a `Tree` as the API lists it,
    writing its Python code under `root` (for the code-floor scan); the declaring files, the
    small files and the links' targets are kept to write with `materialize`. Members are
    read one by one, never extracted by tarfile: no name, link or device of the archive
    reaches the file system."""
    import tarfile

    unpacked = _Unpacked(root=root)
    with tarfile.open(archive, "r:*") as tar:
        for member in tar:
            _, _, path = member.name.partition("/")
            if path and not member.isdir() and _safe_name("", path, unpacked.tree):
                unpacked.add(tar, member, path)

    def blob(sha: str) -> bytes:
        if sha not in unpacked.kept:
            raise TreeError("a file another names is too large to keep from the archive")
        return unpacked.kept[sha]

    return unpacked.tree, blob


@record(frozen=False, kw_only=False)
class _Unpacked:
    """A tarball's files as they are written out: the tree and the contents kept."""

    root: Path
    tree: Tree = field(default_factory=Tree)
    kept: dict[str, bytes] = field(default_factory=dict)
    written: int = 0

    def add(self, tar: Any, member: Any, path: str) -> None:
        if member.issym():
            target = member.linkname.encode("utf-8", "surrogateescape")
            sha = _git_sha(target)
            self.kept[sha] = target
            self.tree.entries[path] = Entry(path=path, kind=_LINK, sha=sha, size=len(target))
            return
        if not member.isfile():
            return
        size = member.size
        wanted = source_for(path) is not None or path in CONFIG_FILES
        code = path.endswith(".py") and not wanted and not _vendored(path)
        data = b""
        if (wanted or code or size <= KEPT_SMALL_FILE_BYTES) and size <= discover.MAX_FILE_BYTES:
            handle = tar.extractfile(member)
            data = handle.read(discover.MAX_FILE_BYTES + 1) if handle is not None else b""
        read = bool(data) or size == 0
        sha = _git_sha(data) if read else _placeholder(path)
        self.tree.entries[path] = Entry(path=path, kind=_BLOB, sha=sha, size=size)
        if code:
            self.written += len(data)
            if self.written > MAX_EXTRACTED_BYTES:
                raise TreeError(f"more than {MAX_EXTRACTED_BYTES} bytes of code")
            _write_code(self.root, path, data, size)
        elif read:
            self.kept[sha] = data


def _write_code(root: Path, path: str, data: bytes, size: int) -> None:
    target = _inside(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as out:
        if size > discover.MAX_FILE_BYTES:
            out.truncate(size)  # sparse: the scan says it is too large, as on a checkout
        else:
            out.write(data)


def _git_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data, usedforsecurity=False).hexdigest()


def _placeholder(path: str) -> str:
    """A SHA for a file not kept (large, not declaring): listed, never read."""
    return hashlib.sha1(b"not kept\x00" + path.encode(), usedforsecurity=False).hexdigest()
