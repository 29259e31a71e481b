"""`Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile` (any folder).

Every `FROM` whose image carries a Python (`python`, `pypy`, the devcontainers, CircleCI,
uv, Lambda, Jupyter, UBI and distroless images) declares it. The final stage is a runtime
pin; an earlier stage is a build pin that ships when its Python output (a venv,
site-packages, `/usr/local`, `/root/.local`, wheels, a PyInstaller `dist/`, a directory a
`RUN` installs into with `pip --target`/`--prefix`, `pip wheel -w` or `python -m venv`)
reaches the final stage through `COPY --from=`. A stage the final stage is built `FROM` is
a runtime pin too. A docs image (a Dockerfile under `docs/` or `doc/`, or named
`Dockerfile.docs`, `docs.Dockerfile`, `Dockerfile.mkdocs`, ...) only runs the docs
toolchain: its pins are tooling. `ARG`s before the first `FROM` are substituted the way
BuildKit does (`${V:-default}`, build args from compose or devcontainer override them); a tag that
depends on an `ARG` with no value is unresolved. `FROM <earlier stage>` declares nothing;
heredoc bodies are skipped. A Dockerfile whose path names the minor its image runs
(`python3.11.dockerfile`, `3.12/Dockerfile`) is one of a set of images built per Python: an
entry of that set, not a pin.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from pyparity.images import ImagePython, may_carry_python, parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.dockerfile import BaseImage, Copy, Dockerfile, Stage, parse
from pyparity.sources._common import pin, unresolved
from pyparity.textfile import TextFile

KIND = "dockerfile"
_LOW_CONFIDENCE = "version implied by the image's distribution release; low confidence"
PATTERNS = ("Dockerfile", "Containerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile")

_PYTHON_PATH = re.compile(
    r"(?:^|/)(?:[^/]*venv[^/]*|site-packages|dist-packages|wheels?|wheelhouse|dist"
    r"|python\d[\d.]*)(?:/|$)|\.whl$|^/usr/local(?:/|$)|^/root/\.local(?:/|$)",
    re.IGNORECASE,
)
_PYTHON_DEST = re.compile(
    r"^/usr/local/?$|(?:^|/)(?:[^/]*venv[^/]*|site-packages|dist-packages|python\d[\d.]*)(?:/|$)",
    re.IGNORECASE,
)
# RUN commands that leave Python output in the working directory (a project venv, a
# --target/--prefix install, a PyInstaller build).
_INSTALLS_HERE = re.compile(
    r"\buv\s+(?:sync|venv)\b|-m\s+venv\b|\bvirtualenv\b|\bpoetry\s+install\b"
    r"|\bpdm\s+(?:install|sync)\b|\bpipenv\s+(?:install|sync)\b|\bpyinstaller\b"
    r"|\bpip3?\s+install\b.*\s(?:--target|-t|--prefix|--root)\b",
    re.IGNORECASE,
)
# Where a pip, uv pip or venv command in a RUN puts its output: `--target /deps`,
# `--prefix=/install`, `pip wheel -w /wheels`, `python -m venv /opt/venv`.
_PIP_DESTINATION = re.compile(
    r"(?:^|\s)(?:--target|--prefix|--root|--wheel-dir|-t|-w)(?:=|\s+)(?P<dir>[^\s'\"]+)"
)
_VENV_DESTINATION = re.compile(
    r"(?:-m\s+venv|\bvirtualenv|\buv\s+venv)(?:\s+-{1,2}[\w-]+(?:=\S+)?)*\s+(?P<dir>[^\s'\"-][^\s'\"]*)"
)
_COMMAND_SEPARATOR = re.compile(r"&&|\|\||;|\|")
_PIP = re.compile(r"\bpip3?\b")
_DOCS_FOLDERS = frozenset({"docs", "doc", "documentation"})
_DOCS_NAMES = frozenset({"docs", "doc", "mkdocs", "sphinx"})


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".dockerignore"):
        return False
    return (
        name in ("dockerfile", "containerfile")
        or name.startswith("dockerfile.")
        or name.endswith(".dockerfile")
    )


def read(file: TextFile, build_args: Mapping[str, str] | None = None) -> list[Declaration]:
    dockerfile = parse(file.text)
    images = dockerfile.base_images(build_args)
    if not images:
        return []
    roles = _docs_roles(file.path, images) if is_docs_image(file.path) else None
    roles = roles or _roles(dockerfile, images)
    declarations = (_declaration(file, image, roles[image.stage.index]) for image in images)
    return _as_variant([declaration for declaration in declarations if declaration is not None])


_NAMED_MINOR = re.compile(r"(?:python|py|cp)-?3\.?(\d{1,2})(?!\d)|(?<![\w.])3\.(\d{1,2})(?!\d)")


def _as_variant(declarations: list[Declaration]) -> list[Declaration]:
    """A Dockerfile whose path names the minor it runs (`python3.11.dockerfile`,
    `3.12/slim/Dockerfile`, `Dockerfile.py311`) is one of a set of images built per Python,
    as image repositories and multi-version releases keep them: an entry of that set, not
    a pin the others must agree with. A path that names another minor than the image stays
    a pin, and disagrees."""
    runtime = [d for d in declarations if d.purpose is Purpose.RUNTIME and d.role is Role.PIN]
    if not runtime or runtime[-1].requirement is None:
        return declarations
    path = runtime[-1].file.lower()
    named = {f"3.{a or b}" for a, b in _NAMED_MINOR.findall(path)}
    minors = {str(m) for m in runtime[-1].requirement.minors}
    if len(named) != 1 or named != minors:
        return declarations
    group = f"{posixpath.dirname(runtime[-1].file) or '.'} image variants"
    return [
        replace(
            d,
            role=Role.MATRIX,
            group=group,
            context=f"{d.context}, one of the images built per Python",
        )
        if d in runtime
        else d
        for d in declarations
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Role:
    purpose: Purpose
    context: str
    ships: bool = False


def _roles(dockerfile: Dockerfile, images: tuple[BaseImage, ...]) -> dict[int, _Role]:
    parents = {image.stage.index: image.parent.index for image in images if image.parent}
    final = images[-1].stage
    runtime = _chain(final.index, parents)
    shipped = _shipped(dockerfile, parents, runtime)
    roles = {}
    for image in images:
        stage = image.stage
        if stage.index == final.index:
            role = _Role(purpose=Purpose.RUNTIME, context=_named("final stage", stage.name))
        elif stage.index in runtime:
            context = f"stage {stage.label}, base of the final stage"
            role = _Role(purpose=Purpose.RUNTIME, context=context)
        else:
            context = f"stage {stage.label}"
            role = _Role(purpose=Purpose.BUILD, context=context, ships=stage.index in shipped)
        roles[stage.index] = role
    return roles


def is_docs_image(path: str) -> bool:
    """`docs/Dockerfile`, `Dockerfile.docs`, `mkdocs.Dockerfile`: an image for the docs."""
    *folders, name = path.lower().split("/")
    stem = name.removeprefix("dockerfile.").removesuffix(".dockerfile")
    return bool(_DOCS_FOLDERS.intersection(folders)) or stem in _DOCS_NAMES


def _docs_roles(path: str, images: tuple[BaseImage, ...]) -> dict[int, _Role]:
    final = images[-1].stage
    roles = {}
    for image in images:
        stage = image.stage
        where = _named("final stage", stage.name) if stage is final else f"stage {stage.label}"
        context = f"{where}, tooling: docs image ({path})"
        roles[stage.index] = _Role(purpose=Purpose.TOOLING, context=context)
    return roles


def _named(text: str, name: str | None) -> str:
    return f"{text} {name}" if name else text


def _chain(index: int, parents: Mapping[int, int]) -> list[int]:
    """A stage and the stages it is built FROM, nearest first."""
    chain = [index]
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    return chain


def _shipped(dockerfile: Dockerfile, parents: Mapping[int, int], runtime: list[int]) -> set[int]:
    """Stages whose Python output reaches the final image, directly or through others."""
    received = _received(dockerfile, parents)
    reached, pending = set(runtime), list(runtime)
    while pending:
        stage = dockerfile.stages[pending.pop()]
        for copy in stage.copies:
            source = dockerfile.find_stage(copy.source, stage.index)
            if source is None or not _copies_python(copy, received[source.index]):
                continue
            for index in _chain(source.index, parents):
                if index not in reached:
                    reached.add(index)
                    pending.append(index)
    return reached - set(runtime)


def _received(dockerfile: Dockerfile, parents: Mapping[int, int]) -> list[list[str]]:
    """Per stage, the directories that hold Python output made or copied there."""
    received: list[list[str]] = []
    for stage in dockerfile.stages:
        paths = list(received[parents[stage.index]]) if stage.index in parents else []
        if stage.workdir and any(_INSTALLS_HERE.search(run) for run in stage.runs):
            paths.append(stage.workdir)
        paths += [d for run in stage.runs for d in _install_destinations(run, stage.workdir)]
        for copy in stage.copies:
            source = dockerfile.find_stage(copy.source, stage.index)
            if source is not None and _copies_python(copy, received[source.index]):
                paths.append(copy.dest)
        received.append(paths)
    return received


def _install_destinations(run: str, workdir: str | None) -> list[str]:
    """The directories a RUN's pip, uv pip or venv commands write Python output to."""
    found = []
    for command in _COMMAND_SEPARATOR.split(run):
        matches = _VENV_DESTINATION.finditer(command)
        if _PIP.search(command):
            matches = itertools.chain(matches, _PIP_DESTINATION.finditer(command))
        found += [posixpath.join(workdir or "/", match["dir"]) for match in matches]
    return found


def _copies_python(copy: Copy, received: list[str]) -> bool:
    if _PYTHON_DEST.search(copy.dest):
        return True
    return any(
        _PYTHON_PATH.search(path) or any(_within(held, path) for held in received)
        for path in copy.paths
    )


def _within(path: str, directory: str) -> bool:
    """Is `path` the same as `directory` or inside it?"""
    path, directory = path.rstrip("/") or "/", directory.rstrip("/") or "/"
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def _declaration(file: TextFile, image: BaseImage, role: _Role) -> Declaration | None:
    if image.parent is not None:
        return None
    stage = image.stage
    if not image.resolved:
        return _unresolved(file, stage, image, role)
    python = parse_image(image.reference)
    if python is None:
        return None
    expansion = image.expansion
    located = expansion.locate(python.start, python.end)
    start, end = located if located else (stage.image.start, stage.image.end)
    context = role.context + "".join(
        f", ARG {name}" for name in expansion.args(python.start, python.end)
    )
    if expansion.overridden(python.start, python.end):
        context += " (build arg)"
    raw = image.reference
    return _pinned(file, python, raw, (start, end), role, context)


def _pinned(
    file: TextFile,
    python: ImagePython,
    raw: str,
    offsets: tuple[int, int],
    role: _Role,
    context: str,
) -> Declaration:
    declaration = pin(
        file.path,
        file.span(*offsets),
        raw,
        source=KIND,
        context=context,
        purpose=role.purpose,
        ships=role.ships,
    )
    # The image decides the requirement: `pypy:3.10` is PyPy, `python:slim` floats,
    # `ubi9/python-311` is 3.11.
    requirement = python.requirement
    return replace(
        declaration,
        requirement=requirement,
        role=Role.FLOATING if requirement.floating else Role.PIN,
        note=_LOW_CONFIDENCE if python.low_confidence else "",
    )


def _unresolved(file: TextFile, stage: Stage, image: BaseImage, role: _Role) -> Declaration | None:
    written = stage.image.text
    if not may_carry_python(written):
        return None
    reasons = [
        f"no value for ARG {item}" if item.isidentifier() else item
        for item in image.expansion.missing
    ]
    declaration = unresolved(
        file.path,
        file.span(stage.image.start, stage.image.end),
        written,
        source=KIND,
        context=role.context,
        note="; ".join(reasons),
    )
    return replace(declaration, purpose=role.purpose, ships=role.ships)
