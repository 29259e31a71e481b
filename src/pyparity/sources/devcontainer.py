"""Dev containers: `.devcontainer.json`, `.devcontainer/devcontainer.json` and
`.devcontainer/<name>/devcontainer.json` (JSONC: comments and trailing commas allowed).

Reads `image`, the Python feature's `version` (`ghcr.io/devcontainers/features/python`;
`os-provided` and `none` install nothing, `latest` floats; a version the feature installs is
the container's default `python`, so the image's own Python is then not read), and
`build.dockerfile` with `build.args` (paths relative to the devcontainer.json's folder; the
args that override a Dockerfile `ARG` are followed into it). All are runtime pins, unless a
lifecycle command makes the environment with hatch or uv on a Python the repository names
(`dev_environments.py`): the container's own Python then only runs that manager.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from typing import TYPE_CHECKING

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import may_carry_python, parse_image
from pyparity.model import Declaration, Purpose, Role, Span
from pyparity.parsers.jsonc import Number, Object, String, Value, parse
from pyparity.records import replace
from pyparity.sources._common import image_python_pin, pin, unresolved
from pyparity.textfile import TextFile

if TYPE_CHECKING:
    from pyparity.resolve_builds import BuildArg

KIND = "devcontainer"

_PYTHON_FEATURES = frozenset(
    {
        "ghcr.io/devcontainers/features/python",
        "python",
        "ghcr.io/devcontainers-contrib/features/python",
    }
)
_NO_PYTHON = frozenset({"none", "os-provided"})


@cache
def _feature_reference_re() -> re.Pattern[str]:
    return re.compile(r"^(?P<id>[^@]+?)(?::[^/:@]+)?(?:@.*)?$")


def matches(path: str) -> bool:
    parts = path.split("/")
    if parts[-1] == ".devcontainer.json":
        return True
    folders = parts[:-1]
    return parts[-1] == "devcontainer.json" and ".devcontainer" in folders[-2:]


def read(file: TextFile) -> list[Declaration]:
    root = parse(file.text)
    if root is None:
        return []
    if not isinstance(root, Object):
        raise UnreadableFile("a devcontainer.json must hold an object")
    feature = _python_feature(file, root)
    declarations = [feature] if feature else []
    if feature is None or feature.role is Role.UNRESOLVED:
        image = root.string("image")
        declarations += [d for d in [_image(file, image)] if d] if image else []
    link = _build_link(file, root)
    declarations += [link] if link else []
    folder = _workspace_folder(root, _opened_folder(file.path))
    if folder:
        declarations = [d if d.anchor else replace(d, anchor=folder) for d in declarations]
    return declarations


_MOUNT_TARGET = lazy_re.compile(r"(?:^|,)\s*+(?:target|destination|dst)=(?P<target>[^,]++)")


def _opened_folder(path: str) -> str:
    """The folder an editor opens to use this file (`${localWorkspaceFolder}`, mounted in the
    container): the one holding `.devcontainer/` or `.devcontainer.json`."""
    parts = path.split("/")
    at = max((i for i, part in enumerate(parts) if part == ".devcontainer"), default=len(parts) - 1)
    return "/".join(parts[:at])


def _workspace_folder(root: Object, opened: str) -> str | None:
    """The repository's folder the container opens (`"workspaceFolder":
    "/workspaces/materials/wordcount"` below the mount of the opened folder): a dev container
    of that project, not of the opened folder's. None for that folder or one not told."""
    folder = root.string("workspaceFolder")
    if folder is None:
        return None
    mount = root.string("workspaceMount")
    found = _MOUNT_TARGET.search(mount.value) if mount is not None else None
    if found is not None:
        target = found["target"].strip().rstrip("/")
        if not folder.value.startswith(f"{target}/"):
            return None
        relative = folder.value[len(target) + 1 :]
    else:  # the default mount: `/workspaces/<the repository's folder name>`
        parts = folder.value.split("/")
        if len(parts) < 4 or parts[:2] != ["", "workspaces"]:
            return None
        relative = "/".join(parts[3:])
    normal = posixpath.normpath(relative) if relative else "."
    if normal == "." or normal.startswith("..") or "$" in normal or normal.startswith("/"):
        return None
    return posixpath.join(opened, normal) if opened else normal


def _span(file: TextFile, string: String, start: int = 0, end: int | None = None) -> Span:
    """The span of `string.value[start:end]`, or of the whole string when it has escapes."""
    if not string.verbatim:
        return file.span(string.start, string.end)
    stop = len(string.value) if end is None else end
    return file.span(string.start + start, string.start + stop)


def _image(file: TextFile, image: String) -> Declaration | None:
    python = parse_image(image.value)
    if python is None:
        if "$" in image.value and may_carry_python(image.value):
            link = unresolved(
                file.path,
                _span(file, image),
                image.value,
                source=KIND,
                context="image",
                note="image set by a variable",
            )
            return replace(link, purpose=Purpose.RUNTIME)
        return None
    return image_python_pin(
        file.path,
        _span(file, image, python.start, python.end),
        image.value,
        python,
        source=KIND,
        context="image",
        purpose=Purpose.RUNTIME,
    )


def _python_feature(file: TextFile, root: Object) -> Declaration | None:
    features = root.object("features")
    for key, options in features.items() if features else ():
        reference = _feature_reference_re().match(key.strip())
        if reference is None or reference["id"].lower() not in _PYTHON_FEATURES:
            continue
        version = options.get("version") if isinstance(options, Object) else options
        return _feature_version(file, key, version)
    return None


def _feature_version(file: TextFile, feature: str, version: Value | None) -> Declaration | None:
    context = f"feature {feature}"
    if isinstance(version, Number):
        loaded = repr(float(version.text)) if "." in version.text else version.text
        declaration = pin(
            file.path,
            file.span(version.start, version.end),
            version.text,
            source=KIND,
            context=context,
            purpose=Purpose.RUNTIME,
            yaml_loaded_as=loaded if loaded != version.text else None,
        )
        return declaration
    if not isinstance(version, String) or version.value.strip().lower() in _NO_PYTHON:
        return None
    text = version.value.strip()
    if "$" in text:
        found = unresolved(
            file.path, _span(file, version), text, source=KIND, context=context, note="variable"
        )
        return replace(found, purpose=Purpose.RUNTIME)
    offset = version.value.find(text)
    return pin(
        file.path,
        _span(file, version, offset, offset + len(text)),
        text,
        source=KIND,
        context=context,
        purpose=Purpose.RUNTIME,
    )


def built_dockerfile(path: str, root: Object) -> tuple[String, str] | None:
    """The container's `build.dockerfile` (or `dockerFile`) as written and the path of the
    tree it names (relative to the devcontainer.json's folder); None for none, a variable,
    or a path out of the tree."""
    build = root.object("build")
    dockerfile = (build.string("dockerfile") if build else None) or root.string("dockerFile")
    if dockerfile is None:
        return None
    built = posixpath.normpath(posixpath.join(posixpath.dirname(path), dockerfile.value))
    if "$" in built or built.startswith("../") or posixpath.isabs(dockerfile.value):
        return None
    return dockerfile, built


def _build_link(file: TextFile, root: Object) -> Declaration | None:
    build = root.object("build")
    context = (build.string("context") if build else None) or root.string("context")
    args = build.object("args") if build else None
    named = built_dockerfile(file.path, root)
    if named is None or args is None:
        return None
    dockerfile, path = named
    folder = posixpath.dirname(file.path)
    anchor = posixpath.normpath(posixpath.join(folder, context.value if context else "."))
    # here: few devcontainers build with args (start-up, issue 18)
    from pyparity.resolve_builds import BuildLink, link_declaration

    build_args = tuple(_arg(file, key.value, value) for key, value in args.pairs)
    if not build_args:
        return None
    link = BuildLink(
        dockerfile=path,
        anchor="." if anchor.startswith("..") else anchor,
        context="build",
        args=build_args,
    )
    return link_declaration(file.path, _span(file, dockerfile), link, source=KIND)


def _arg(file: TextFile, name: str, value: Value) -> BuildArg:
    from pyparity.resolve_builds import BuildArg

    if isinstance(value, String):
        known = None if "${" in value.value else value.value
        return BuildArg(name=name, value=known, written=value.value, span=_span(file, value))
    if isinstance(value, Number):
        span = file.span(value.start, value.end)
        return BuildArg(name=name, value=value.text, written=value.text, span=span)
    span = file.span(value.start, value.end)
    return BuildArg(name=name, value=None, written=file.text[value.start : value.end], span=span)
