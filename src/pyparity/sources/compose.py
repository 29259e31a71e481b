"""Docker Compose files: `compose.yaml`, `compose.yml`, `compose.*.yaml`, `docker-compose.yml`,
`docker-compose.*.yml` (and `.yaml`; any folder, names matched case-insensitively).

Each service's `image:` is a runtime pin (`${VAR:-default}` and `${VAR-default}` read as their
default, `${VAR}` without one is unresolved). A service with `build:` (a context path, or a
mapping with `context`, `dockerfile` and `args` as a mapping or a `KEY=VALUE` list) whose
args may override an `ARG` of its Dockerfile is followed to that Dockerfile:
the Dockerfile is re-read with those build args, and a `FROM` they change becomes a pin at
the compose line that writes the value. The `image:` of a service that is built names the
result, not a base, and is not read.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import may_carry_python, parse_image
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.records import field, record, replace
from pyparity.resolve_builds import BuildArg, BuildLink, link_declaration
from pyparity.sources._common import image_python_pin, unresolved
from pyparity.sources._yaml_values import loaded_as, text_span
from pyparity.textfile import TextFile

KIND = "compose"

_NAME = lazy_re.compile(r"^(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$", re.IGNORECASE)
_VARIABLE = lazy_re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REMOTE_CONTEXT = lazy_re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/)", re.IGNORECASE)
_MAX_DEPTH = 16
_BASE_BUDGET = 4096
"""Keys and build args of services made by `extends:`, plus one per 8 characters of the file:
thousands of services extending one with thousands of build args would cost their product
(each arg of each service is read and followed into the Dockerfile)."""


def matches(path: str) -> bool:
    return _NAME.match(path.rsplit("/", 1)[-1]) is not None


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a compose file must be a mapping", line=root.span.line)
    declarations: list[Declaration] = []
    for name, service in _services(root, budget=[_BASE_BUDGET + len(file.text) // 8]):
        declarations += _service(file, name, service)
    return declarations


def _services(root: Mapping, budget: list[int]) -> Iterator[tuple[str, Mapping]]:
    """`services:`, or the top-level services of a version 1 file."""
    services = root.get("services")
    if services is None and root.get("version") is None:
        services = root
    if not isinstance(services, Mapping):
        return
    for name, service in services.items():
        if isinstance(service, Mapping) and service.get("extends") is not None:
            service = _extended(services, service)
            budget[0] -= len(service.pairs) + len(_build_args_of(service))
            if budget[0] < 0:  # many services extending one with a long build
                raise UnreadableFile("its services extend others past what is read; not read")
        if isinstance(service, Mapping) and (service.get("image") or service.get("build")):
            yield name, service


def _extended(services: Mapping, service: Mapping) -> Mapping:
    """The service with what it takes from the services it `extends:` in this file (another
    file's are not read): their `build:` (its `args` merged, the service's own winning) and
    `image:` where the service sets none."""
    chain = [service]
    while len(chain) <= _MAX_DEPTH:
        extends = chain[-1].get("extends")
        if isinstance(extends, Mapping):
            if extends.get("file") is not None:
                break
            extends = extends.get("service")
        base = services.get(extends.text.strip()) if isinstance(extends, Scalar) else None
        if not isinstance(base, Mapping) or any(base is seen for seen in chain):
            break
        chain.append(base)
    merged = chain[-1]
    for nearer in reversed(chain[:-1]):
        merged = _merge(merged, nearer)
    return merged


def _build_args_of(service: Mapping) -> tuple[object, ...]:
    build = service.get("build")
    args = build.get("args") if isinstance(build, Mapping) else None
    return args.pairs if isinstance(args, Mapping) else ()


def _merge(base: Mapping, service: Mapping) -> Mapping:
    own = {key.text for key, _ in service.pairs}
    pairs = [*service.pairs, *((k, v) for k, v in base.pairs if k.text not in own)]
    build, base_build = service.get("build"), base.get("build")
    if isinstance(build, Mapping) and isinstance(base_build, Mapping):
        merged = _merge(base_build, build)
        args, base_args = build.get("args"), base_build.get("args")
        if isinstance(args, Mapping) and isinstance(base_args, Mapping):
            merged = _with(merged, "args", _merge(base_args, args))
        pairs = [(k, merged if k.text == "build" else v) for k, v in pairs]
    return Mapping(pairs=tuple(pairs), span=service.span)


def _with(mapping: Mapping, key: str, value: Node) -> Mapping:
    return Mapping(
        pairs=tuple((k, value if k.text == key else v) for k, v in mapping.pairs),
        span=mapping.span,
    )


def _service(file: TextFile, name: str, service: Mapping) -> list[Declaration]:
    build = service.get("build")
    if build is not None:
        link = _build_link(file, name, build)
        return [link] if link else []
    image = service.scalar("image")
    declaration = _image(file, name, image) if image else None
    return [declaration] if declaration else []


# --- variable interpolation -----------------------------------------------------------


@record
class Interpolated:
    """Text after compose interpolation; `offsets[i]` is where `text[i]` is written (or None)."""

    text: str
    offsets: tuple[int | None, ...]
    missing: tuple[str, ...] = ()
    defaults: tuple[str, ...] = ()

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Where `text[start:end]` is written, when it is written in one contiguous run."""
        offsets = [offset for offset in self.offsets[start:end] if offset is not None]
        if not offsets or len(offsets) != end - start:
            return None
        first, last = offsets[0], offsets[-1]
        return (first, last + 1) if last - first == end - start - 1 else None


@record(frozen=False, kw_only=False)
class _Interpolator:
    """Interpolates one compose value's variables, noting the missing and defaulted."""

    written: str
    position: int = 0
    missing: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)

    def run(self) -> Interpolated:
        chars, offsets = self.until(stop="", depth=0)
        return Interpolated(
            text="".join(chars),
            offsets=tuple(offsets),
            missing=tuple(dict.fromkeys(self.missing)),
            defaults=tuple(dict.fromkeys(self.defaults)),
        )

    def until(self, *, stop: str, depth: int) -> tuple[list[str], list[int | None]]:
        chars: list[str] = []
        offsets: list[int | None] = []
        text = self.written
        while self.position < len(text) and text[self.position] not in stop:
            char = text[self.position]
            if char != "$":
                chars.append(char)
                offsets.append(self.position)
                self.position += 1
                continue
            more_chars, more_offsets = self.dollar(depth)
            chars += more_chars
            offsets += more_offsets
        return chars, offsets

    def dollar(self, depth: int) -> tuple[list[str], list[int | None]]:
        text, start = self.written, self.position
        self.position += 1
        if text.startswith("$", self.position):
            self.position += 1
            return ["$"], [start]
        if not text.startswith("{", self.position):
            name = _VARIABLE.match(text, self.position)
            if name is None:
                return ["$"], [start]
            self.position = name.end()
            self.missing.append(name[0])
            return [], []
        return self.braced(depth)

    def braced(self, depth: int) -> tuple[list[str], list[int | None]]:
        text = self.written
        name = _VARIABLE.match(text, self.position + 1)
        if name is None or depth >= _MAX_DEPTH:
            self.missing.append("bad interpolation")
            self.position = len(text)
            return [], []
        self.position = name.end()
        operator = next(
            (
                op
                for op in (":-", ":?", ":+", "-", "?", "+", "}")
                if text.startswith(op, self.position)
            ),
            None,
        )
        if operator is None:
            self.missing.append("bad interpolation")
            self.position = len(text)
            return [], []
        self.position += len(operator)
        if operator == "}":
            self.missing.append(name[0])
            return [], []
        chars, offsets = self.until(stop="}", depth=depth + 1)
        self.position += 1
        if operator in (":-", "-"):
            self.defaults.append(name[0])
            return chars, offsets
        self.missing.append(name[0])
        return [], []


def interpolate(written: str) -> Interpolated:
    """Compose's `${VAR:-default}` rules, with every variable taken as unset."""
    return _Interpolator(written).run()


# --- image: -----------------------------------------------------------------------------


def _image(file: TextFile, service: str, scalar: Scalar) -> Declaration | None:
    context = f"service {service}"
    value = interpolate(scalar.text)
    if value.missing:
        if not may_carry_python(_probe(scalar.text)):
            return None
        note = "image depends on " + ", ".join(f"${{{name}}}" for name in value.missing)
        link = unresolved(
            file.path, scalar.span, scalar.text, source=KIND, context=context, note=note
        )
        return replace(link, purpose=Purpose.RUNTIME)
    python = parse_image(value.text)
    if python is None:
        return None
    located = value.locate(python.start, python.end)
    span = text_span(file, scalar, *located) if located else scalar.span
    if value.defaults:
        context += ", default of " + ", ".join(f"${{{name}}}" for name in value.defaults)
    return image_python_pin(
        file.path, span, value.text, python, source=KIND, context=context, purpose=Purpose.RUNTIME
    )


def _probe(written: str) -> str:
    """The image with a variable registry replaced by a placeholder host, for `may_carry_python`.

    `${REGISTRY}/api:${TAG}` names the project's own image, not a Python base.
    """
    first, slash, rest = written.partition("/")
    if slash and first.startswith("$"):
        return f"registry.invalid/{rest}"
    return written


# --- build: -----------------------------------------------------------------------------


@record
class _Build:
    """A service's `build:`: context, Dockerfile and args."""

    context: str
    dockerfile: str
    anchor: Scalar | None
    args: Node | None


def _build_link(file: TextFile, service: str, node: Node) -> Declaration | None:
    build = _build(node)
    if build is None or build.args is None:
        return None
    args = [arg for arg in _args(file, build.args) if arg is not None]
    if not args:
        return None
    folder = posixpath.dirname(file.path)
    dockerfile = posixpath.normpath(posixpath.join(folder, build.context, build.dockerfile))
    anchor = posixpath.normpath(posixpath.join(folder, build.context))
    if dockerfile.startswith("../") or anchor.startswith("../"):
        return None
    found = BuildLink(
        dockerfile=dockerfile, anchor=anchor, context=f"service {service}", args=tuple(args)
    )
    return link_declaration(file.path, (build.anchor or node).span, found, source=KIND)


def _build(node: Node) -> _Build | None:
    if isinstance(node, Scalar):
        return _build_from(node.text, None, node, None)
    if not isinstance(node, Mapping) or node.get("dockerfile_inline") is not None:
        return None
    context = node.scalar("context")
    dockerfile = node.scalar("dockerfile")
    return _build_from(
        context.text if context else ".",
        dockerfile.text if dockerfile else None,
        dockerfile or context,
        node.get("args"),
    )


def _build_from(
    context: str, dockerfile: str | None, anchor: Scalar | None, args: Node | None
) -> _Build | None:
    context = context.strip() or "."
    if _REMOTE_CONTEXT.match(context) or "$" in context or (dockerfile and "$" in dockerfile):
        return None
    if dockerfile and posixpath.isabs(dockerfile):
        return None
    return _Build(context=context, dockerfile=dockerfile or "Dockerfile", anchor=anchor, args=args)


def _args(file: TextFile, node: Node) -> Iterator[BuildArg | None]:
    if isinstance(node, Mapping):
        for key, value in node.pairs:
            yield _mapping_arg(file, key, value)
    elif isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Scalar):
                yield _list_arg(file, item)


def _mapping_arg(file: TextFile, key: Scalar, value: Node) -> BuildArg | None:
    if not isinstance(value, Scalar):
        return None
    if value.tag == "tag:yaml.org,2002:null":
        return _arg(file, key.text, key, 0, len(key.text), from_environment=True)
    return _arg(file, key.text, value, 0, len(value.text), number=loaded_as(value))


def _list_arg(file: TextFile, item: Scalar) -> BuildArg | None:
    name, equals, _ = item.text.partition("=")
    if not name.strip():
        return None
    if not equals:
        return _arg(file, name.strip(), item, 0, len(item.text), from_environment=True)
    return _arg(file, name.strip(), item, len(name) + 1, len(item.text))


def _arg(
    file: TextFile,
    name: str,
    scalar: Scalar,
    start: int,
    end: int,
    *,
    from_environment: bool = False,
    number: str | None = None,
) -> BuildArg:
    written = scalar.text[start:end]
    value = None if from_environment else interpolate(written)
    span = text_span(file, scalar, start, end)
    if value is not None and not value.missing:
        located = value.locate(0, len(value.text))
        if located:
            span = text_span(file, scalar, start + located[0], start + located[1])
    known = value is not None and not value.missing
    return BuildArg(
        name=name,
        value=value.text if value is not None and known else None,
        written=written,
        span=span,
        loaded_as=number,
        default_of=", ".join(value.defaults) if value else "",
    )
