"""Build args that override a Dockerfile `ARG` (compose `build.args`, devcontainer `build.args`).

A reader that sees a build with args leaves an unresolved "link" declaration whose note is
`build:` followed by JSON (the Dockerfile's path, the build context and each arg with the
span of its value). `resolve` re-reads the Dockerfile with those args, as BuildKit would
(they override only the ARGs declared before the first `FROM`), and replaces the link by
one declaration per `FROM` whose Python they change, placed where the value is written.
A link whose args change no `FROM` disappears: the Dockerfile's own declarations count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from pyparity.images import parse_image
from pyparity.model import INSTALLS_ONLY, Declaration, Purpose, Role, Span
from pyparity.records import record, replace
from pyparity.sources._common import BUILD_LINK, unresolved
from pyparity.textfile import TextFile

ReadText = Callable[[str], TextFile | None]


@cache
def _arg_in_context_re() -> re.Pattern[str]:
    return re.compile(r", ARG ([A-Za-z0-9_]+)")


# What a build arg the reader could not know is replaced by, to see which FROMs it reaches.
_PROBE = "0"


@record
class BuildArg:
    """One build arg; `value` is None when it comes from the environment (unknown here)."""

    name: str
    value: str | None
    written: str
    span: Span
    loaded_as: str | None = None
    default_of: str = ""


@record
class BuildLink:
    """`dockerfile` and `anchor` (the build context) are repo-relative POSIX paths."""

    dockerfile: str
    anchor: str
    context: str
    args: tuple[BuildArg, ...]
    group: str = ""  # the builds of a CI matrix: what they declare are its entries


def link_declaration(
    file: str, span: Span, link: BuildLink, *, source: str, group: str = ""
) -> Declaration:
    """The unresolved declaration a reader leaves for `resolve` to follow (`group`: one of
    the builds of a matrix)."""
    import json  # here: a tree without a Dockerfile build links none (start-up, issue 18)

    link = replace(link, group=group) if group else link
    return unresolved(
        file,
        span,
        link.dockerfile,
        source=source,
        context=link.context,
        note=BUILD_LINK + json.dumps(_encode(link), sort_keys=True),
    )


# The Dockerfile parser and reader are imported where links are followed, not at the top:
# the compose and devcontainer readers import this module for the link's data only, in a
# process that may read no Dockerfile at all.
_DOCKERFILE_KIND = "dockerfile"


ANY_DOCKERFILE = "*"
"""The `dockerfile` of a link whose build names its Dockerfile by what cannot be known
(`file: ${{ steps.pick.outputs.path }}`): only its Python build args are of use."""


def resolve(declarations: Sequence[Declaration], read_text: ReadText) -> list[Declaration]:
    resolved: list[Declaration] = []
    supplied: dict[str, set[str]] = {}
    per_python: dict[str, set[str]] = {}
    by_dev_container: dict[str, set[str]] = {}
    for declaration in declarations:
        link = _decode(declaration)
        if link is None:
            resolved.append(declaration)
        elif link.dockerfile == ANY_DOCKERFILE:
            per_python.setdefault(ANY_DOCKERFILE, set()).update(a.name for a in link.args)
        else:
            resolved += _follow(declaration, link, read_text)
            supplied.setdefault(link.dockerfile, set()).update(arg.name for arg in link.args)
            # Set for each Python of a matrix, or from what cannot be known.
            varied = {a.name for a in link.args if link.group or a.value is None}
            if varied:
                per_python.setdefault(link.dockerfile, set()).update(varied)
            if declaration.source == _DEV_CONTAINER_KIND:
                known = {a.name for a in link.args if a.value is not None}
                by_dev_container.setdefault(link.dockerfile, set()).update(known)
    kept = [
        d
        for d in resolved
        if not _supplied_elsewhere(d, supplied) and not _dev_container_default(d, by_dev_container)
    ]
    return [_built_per_python(d, per_python) for d in kept] if per_python else kept


def _built_per_python(declaration: Declaration, per_python: dict[str, set[str]]) -> Declaration:
    """A Dockerfile's `FROM python:${PYTHON_VERSION}` whose ARG the CI's builds set for each
    Python of a matrix, or from what cannot be known (an action's input): the default is one
    of the images built, not a pin the others must agree with (meltano's images, built for
    3.10 to 3.14 with a 3.13 default)."""
    if (
        declaration.source != _DOCKERFILE_KIND
        or declaration.role is not Role.PIN
        or declaration.purpose is not Purpose.RUNTIME
    ):
        return declaration
    names = per_python.get(declaration.file, set()) | per_python.get(ANY_DOCKERFILE, set())
    written = _arg_in_context_re().findall(declaration.context)
    name = next((name for name in written if name in names), None)
    if name is None:
        return declaration
    return replace(
        declaration,
        role=Role.MATRIX,
        group=f"{declaration.file} builds per Python",
        context=f"{declaration.context}, the default of a build arg the CI sets per Python",
    )


_NO_VALUE = "no value for ARG "
_DEV_CONTAINER_KIND = "devcontainer"


def _dev_container_default(declaration: Declaration, overridden: dict[str, set[str]]) -> bool:
    """The default of a dev container's Dockerfile `ARG` (`ARG VARIANT="3.9-bullseye"` in
    `.devcontainer/Dockerfile`) that its `devcontainer.json` overrides (`"args": {"VARIANT":
    "3.8"}`): only the dev container builds a Dockerfile kept in its folder, so the default
    never runs; the override, declared where it is written, is the container's Python."""
    if declaration.source != _DOCKERFILE_KIND or "/.devcontainer/" not in f"/{declaration.file}":
        return False
    names = overridden.get(declaration.file, set())
    written = set(_arg_in_context_re().findall(declaration.context))
    return bool(written) and written <= names


def _supplied_elsewhere(declaration: Declaration, supplied: dict[str, set[str]]) -> bool:
    """A Dockerfile `FROM` unresolved only for want of ARGs that the repository's compose or
    devcontainer builds pass: those builds declare the version (or say it is unknown)."""
    if declaration.source != _DOCKERFILE_KIND or declaration.role is not Role.UNRESOLVED:
        return False
    reasons = declaration.note.split("; ")
    if not all(reason.startswith(_NO_VALUE) for reason in reasons):
        return False
    names = {reason.removeprefix(_NO_VALUE) for reason in reasons}
    return names <= supplied.get(declaration.file, set())


# --- the link as JSON ---------------------------------------------------------------------


def _encode(link: BuildLink) -> dict[str, object]:
    return {
        "dockerfile": link.dockerfile,
        "anchor": link.anchor,
        "context": link.context,
        "group": link.group,
        "args": [
            {
                "name": arg.name,
                "value": arg.value,
                "written": arg.written,
                "span": [arg.span.line, arg.span.column, arg.span.end_line, arg.span.end_column],
                "loaded_as": arg.loaded_as,
                "default_of": arg.default_of,
            }
            for arg in link.args
        ],
    }


def _decode(declaration: Declaration) -> BuildLink | None:
    if declaration.role is not Role.UNRESOLVED or not declaration.note.startswith(BUILD_LINK):
        return None
    import json

    try:
        payload = json.loads(declaration.note.removeprefix(BUILD_LINK))
        return BuildLink(
            dockerfile=str(payload["dockerfile"]),
            anchor=str(payload["anchor"]),
            context=str(payload["context"]),
            args=tuple(_decode_arg(arg) for arg in payload["args"]),
            group=str(payload.get("group", "")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _decode_arg(arg: dict[str, object]) -> BuildArg:
    line, column, end_line, end_column = (int(str(n)) for n in arg["span"])  # type: ignore[attr-defined]
    value, loaded_as = arg["value"], arg["loaded_as"]
    return BuildArg(
        name=str(arg["name"]),
        value=None if value is None else str(value),
        written=str(arg["written"]),
        span=Span(line=line, column=column, end_line=end_line, end_column=end_column),
        loaded_as=None if loaded_as is None else str(loaded_as),
        default_of=str(arg["default_of"]),
    )


# --- following a link -----------------------------------------------------------------------


def _follow(link_at: Declaration, link: BuildLink, read_text: ReadText) -> list[Declaration]:
    from pyparity.sources import dockerfile as dockerfile_source

    text = read_text(link.dockerfile)
    if text is None:
        return [
            replace(
                link_at,
                note=(
                    f"{link.dockerfile} is not a file of this repository; "
                    "its build args are not checked"
                ),
            )
        ]
    reaching = _args_reaching_from(text, link.args)
    if not reaching:
        return []
    known = {arg.name: arg.value for arg in link.args if arg.value is not None}
    unknown = {arg.name for arg in link.args if arg.value is None and arg.name in reaching}
    pinned = [
        found
        for declaration in dockerfile_source.read(text, known)
        if (found := _overridden(link_at, link, declaration, unknown)) is not None
    ]
    notices = [_unknown(link_at, link, arg) for arg in link.args if arg.name in unknown]
    return _unique([*pinned, *notices])


def _args_reaching_from(text: TextFile, args: Sequence[BuildArg]) -> set[str]:
    """The build args that change some stage's FROM (they must name a global ARG)."""
    from pyparity.parsers.dockerfile import parse

    probe = {arg.name: arg.value if arg.value is not None else _PROBE for arg in args}
    images = parse(text.text).base_images(probe)
    return {
        fragment.arg
        for image in images
        for fragment in image.expansion.fragments
        if fragment.override and fragment.arg
    }


def _overridden(
    link_at: Declaration, link: BuildLink, declaration: Declaration, unknown: set[str]
) -> Declaration | None:
    """The Dockerfile's declaration moved to the line that writes the overriding value."""
    if "(build arg)" not in declaration.context:
        return None
    names = _arg_in_context_re().findall(declaration.context)
    if unknown.intersection(names):
        return None
    by_name = {arg.name: arg for arg in link.args if arg.value is not None}
    arg = next((by_name[name] for name in names if name in by_name), None)
    if arg is None:
        return None
    span = _version_span(arg, declaration.raw)
    stage = declaration.context.partition(", ARG ")[0]
    context = f"{link.context}, build arg {arg.name} for {link.dockerfile} ({stage})"
    if arg.default_of:
        context += f", default of ${{{arg.default_of}}}"
    _, installs_only, installed = declaration.context.partition(f"{INSTALLS_ONLY}: ")
    if installs_only:  # (what the image is stays told: `tool_images.settle` reads it)
        context += f", {INSTALLS_ONLY}: {installed}"
    return replace(
        declaration,
        file=link_at.file,
        span=span,
        source=link_at.source,
        context=context,
        yaml_loaded_as=arg.loaded_as,
        anchor=link.anchor,
        group=link.group,
        role=Role.MATRIX if link.group else declaration.role,
    )


def _version_span(arg: BuildArg, image: str) -> Span:
    """Narrow the arg's span to the version when the arg holds a whole image reference."""
    python = parse_image(image)
    version = image[python.start : python.end] if python else ""
    written_once = arg.value == arg.written and arg.written.count(version) == 1
    if (
        not version
        or arg.written == version
        or not written_once
        or arg.span.line != arg.span.end_line
    ):
        return arg.span
    column = arg.span.column + arg.written.index(version)
    return Span(
        line=arg.span.line, column=column, end_line=arg.span.line, end_column=column + len(version)
    )


def _unknown(link_at: Declaration, link: BuildLink, arg: BuildArg) -> Declaration:
    declaration = unresolved(
        link_at.file,
        arg.span,
        arg.written,
        source=link_at.source,
        context=f"{link.context}, build arg {arg.name} for {link.dockerfile}",
        note=f"build arg {arg.name} comes from the environment and sets the base image",
    )
    return replace(declaration, anchor=link.anchor, purpose=Purpose.RUNTIME)


def _unique(declarations: list[Declaration]) -> list[Declaration]:
    """One declaration per written value: a runtime stage wins over a builder using it too."""
    ordered = sorted(declarations, key=lambda d: d.purpose is not Purpose.RUNTIME)
    kept: dict[tuple[int, int], Declaration] = {}
    for declaration in ordered:
        kept.setdefault((declaration.span.line, declaration.span.column), declaration)
    return sorted(kept.values(), key=lambda d: (d.span.line, d.span.column))
