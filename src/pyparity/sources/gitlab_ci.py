"""GitLab CI: `.gitlab-ci.yml` and included `*.gitlab-ci.yml` files (any folder).

Each job's `image:` (a string or `{name: ...}`; the job's own, else `default:`'s, else the
top-level one; `extends:` templates are followed) declares the job's Python. `$VAR` and
`${VAR}` are replaced from `variables:` (job, templates, top level), and a variable that
`parallel: matrix:` lists makes a test matrix. The purpose comes from the job's
`before_script:` and `script:` lines. Hidden jobs (`.name`) are templates, not jobs. A job
with `allow_failure: true` tries its Python without promising it (allowed to fail).
"""

from __future__ import annotations

import functools
import itertools
from collections import ChainMap
from collections.abc import Iterator
from collections.abc import Mapping as ReadOnly

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import may_carry_python, parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose
from pyparity.purpose import classify_job
from pyparity.records import field, record, replace
from pyparity.sources._common import pin, unresolved
from pyparity.sources._yaml_values import is_true, loaded_as, text_span
from pyparity.textfile import TextFile

KIND = "gitlab-ci"

_GLOBAL_KEYS = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "spec",
    }
)
_VARIABLE = lazy_re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*)\}|(?P<bare>[A-Za-z_]\w*))")
_MAX_EXTENDS = 11  # GitLab's own limit on `extends` depth
_SCRIPT_LINES = 200  # script lines a job's purpose is read from
_SCRIPT_BUDGET = 1 << 20
"""Characters of script whose purpose is read per file; past it, a job's first 256: 2,000
jobs extending one template with a 50 KB script would read 100 MB."""
_SCRIPT_PER_JOB = 256


# Jobs extending one template share its image: it is parsed once (frozen results).
_parse_image = functools.lru_cache(maxsize=1024)(parse_image)


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in {".gitlab-ci.yml", ".gitlab-ci.yaml"} or name.endswith(".gitlab-ci.yml")


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a GitLab CI file must be a mapping", line=root.span.line)
    found: list[Declaration] = []
    shared = _Shared(root=root, variables=_variables([root.mapping("default"), root]))
    for name, node in root.items():
        if name in _GLOBAL_KEYS or name.startswith(".") or not isinstance(node, Mapping):
            continue
        found += _job(file, shared, name, node)
    return _one_per_place(found)


@record(frozen=False)
class _Shared:
    """What every job of the file reads: the root, the top-level and default variables, and
    how many characters of script are left to classify."""

    root: Mapping
    variables: dict[str, Scalar]
    script_left: int = field(default=_SCRIPT_BUDGET)

    purposes: dict[tuple[str, ...], tuple[Purpose, str]] = field(default_factory=dict)

    def purpose(self, name: str, chain: list[Mapping]) -> tuple[Purpose, str]:
        """The job's purpose from its scripts; jobs that share their scripts (extending one
        template) share the answer, unless the job's name says it is a tool's."""
        lines = tuple(
            itertools.islice(
                (line for node in chain for line in _lines(node, "before_script", "script")),
                _SCRIPT_LINES,
            )
        )
        named = classify_job(name, "", [], [])[0] is Purpose.TOOLING  # `lint`, `docs`, ...
        if not named and lines in self.purposes:
            return self.purposes[lines]
        allowed, kept = max(self.script_left, _SCRIPT_PER_JOB), []
        for line in lines:
            if allowed <= 0:
                break
            kept.append(line[:allowed])
            allowed -= len(kept[-1])
        self.script_left -= sum(map(len, kept))
        found = classify_job(name, "", kept, [])
        if not named:
            self.purposes[lines] = found
        return found


@record
class _Value:
    """A candidate image text and the scalar that wrote its variable part (if any)."""

    text: str
    scalar: Scalar
    offset: int  # where text[offset:] starts inside scalar.text, for spans
    via: str = ""


def _job(file: TextFile, shared: _Shared, name: str, job: Mapping) -> list[Declaration]:
    root = shared.root
    chain = _chain(root, job)
    image, inherited = _image(root, chain)
    if image is None:
        return []
    purpose, why = shared.purpose(name, chain)
    where = f"job {name}" + (f", {inherited} image" if inherited else "")
    may_fail = _allowed_to_fail(chain)
    where += ", allowed to fail (allow_failure)" if may_fail else ""
    context = f"{where}, {purpose.value}: {why}"
    variables = ChainMap(_variables(chain), shared.variables)  # not copied per job
    matrix = _matrix(chain)
    values = list(_substitute(image, variables, matrix))
    if any("$" in v.text for v in values):
        return _unresolved(file, image, context, purpose)
    is_set = len({v.text for v in values}) > 1
    declarations = [
        _declaration(file, value, f"{context}{value.via}", purpose, is_set, name)
        for value in values
    ]
    return [replace(d, may_fail=may_fail) for d in declarations if d is not None]


def _allowed_to_fail(chain: list[Mapping]) -> bool:
    """`allow_failure: true` on the job or the nearest template that sets it; a mapping
    (`exit_codes: [...]`) allows only some failures, so the job still promises its Python."""
    for node in chain:
        setting = node.get("allow_failure")
        if setting is not None:
            return is_true(setting)
    return False


def _chain(root: Mapping, job: Mapping) -> list[Mapping]:
    """The job first, then its `extends:` templates, nearest (last listed) first."""
    chain, pending = [job], [job]
    while pending and len(chain) <= _MAX_EXTENDS:
        extends = pending.pop(0).get("extends")
        names = [extends] if isinstance(extends, Scalar) else []
        names += (
            [n for n in extends.items if isinstance(n, Scalar)]
            if isinstance(extends, Sequence)
            else []
        )
        for name in reversed(names):
            template = root.mapping(name.text)
            if template is not None and all(template is not seen for seen in chain):
                chain.append(template)
                pending.append(template)
    return chain


def _image(root: Mapping, chain: list[Mapping]) -> tuple[Scalar | None, str]:
    for node in chain:
        if (image := _image_of(node.get("image"))) is not None:
            return image, ""
    default = root.mapping("default")
    if default is not None and (image := _image_of(default.get("image"))) is not None:
        return image, "default"
    return _image_of(root.get("image")), "top-level"


def _image_of(node: Node | None) -> Scalar | None:
    if isinstance(node, Mapping):
        node = node.get("name")
    return node if isinstance(node, Scalar) and node.text.strip() else None


def _lines(node: Mapping, *keys: str) -> Iterator[str]:
    for key in keys:
        yield from _flatten(node.get(key))


def _flatten(node: Node | None) -> Iterator[str]:
    if isinstance(node, Scalar):
        yield node.text
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _flatten(item)


def _variables(nodes: list[Mapping | None] | list[Mapping]) -> dict[str, Scalar]:
    """Each variable's value, from the first node that sets it."""
    found: dict[str, Scalar] = {}
    for node in nodes:
        variables = node.mapping("variables") if node is not None else None
        for key, value in variables.items() if variables else ():
            written = value.get("value") if isinstance(value, Mapping) else value
            if isinstance(written, Scalar):
                found.setdefault(key, written)
    return found


def _matrix(chain: list[Mapping]) -> dict[str, list[Scalar]]:
    """Values each variable takes in `parallel: matrix:` (of the nearest job or template)."""
    for node in chain:
        parallel = node.mapping("parallel")
        entries = parallel.get("matrix") if parallel else None
        if not isinstance(entries, Sequence):
            continue
        values: dict[str, list[Scalar]] = {}
        for entry in entries.items:
            for key, value in entry.items() if isinstance(entry, Mapping) else ():
                items = value.items if isinstance(value, Sequence) else (value,)
                values.setdefault(key, []).extend(i for i in items if isinstance(i, Scalar))
        return values
    return {}


def _substitute(
    image: Scalar, variables: ReadOnly[str, Scalar], matrix: dict[str, list[Scalar]]
) -> Iterator[_Value]:
    """The image with one variable replaced by each of its values (matrix first)."""
    text = image.text.strip()
    references = list(_VARIABLE.finditer(text))
    if len(references) != 1:
        yield _Value(text=text, scalar=image, offset=image.text.find(text))
        return
    reference = references[0]
    name = reference["braced"] or reference["bare"]
    before, after = text[: reference.start()], text[reference.end() :]
    scalars = matrix.get(name) or ([variables[name]] if name in variables else [])
    if not scalars:
        yield _Value(text=text, scalar=image, offset=image.text.find(text))
    for scalar in scalars:
        via = f", matrix {name}" if name in matrix else f", variable {name}"
        yield _Value(
            text=f"{before}{scalar.text}{after}", scalar=scalar, offset=-len(before), via=via
        )


def _declaration(
    file: TextFile, value: _Value, context: str, purpose: Purpose, is_set: bool, job: str
) -> Declaration | None:
    python = _parse_image(value.text)
    if python is None:
        return None
    start, end = python.start + value.offset, python.end + value.offset
    inside = start >= 0 and end <= len(value.scalar.text)
    span = text_span(file, value.scalar, start, end) if inside else value.scalar.span
    declaration = pin(
        file.path,
        span,
        value.text,
        source=KIND,
        context=context,
        purpose=purpose,
        role=Role.MATRIX if is_set else Role.PIN,
        group=f"{file.path} job {job}" if is_set else "",
        yaml_loaded_as=loaded_as(value.scalar) if inside else None,
    )
    role = declaration.role
    if python.requirement.floating and role is Role.PIN:
        role = Role.FLOATING
    return replace(declaration, requirement=python.requirement, role=role)


def _unresolved(file: TextFile, image: Scalar, context: str, purpose: Purpose) -> list[Declaration]:
    written = image.text.strip()
    before_variable = written.partition("$")[0]
    if ":" not in before_variable or not may_carry_python(written):
        return []
    found = unresolved(
        file.path,
        image.span,
        written,
        source=KIND,
        context=context,
        note="image tag set by a variable with no value in the file",
    )
    return [replace(found, purpose=purpose)]


def _one_per_place(declarations: list[Declaration]) -> list[Declaration]:
    """Jobs sharing a default image declare it once; a runtime job's view wins, and among
    those one that is not allowed to fail."""
    ordered = sorted(declarations, key=lambda d: (d.purpose is not Purpose.RUNTIME, d.may_fail))
    kept: dict[tuple[int, int, str], Declaration] = {}
    for declaration in ordered:
        key = (declaration.span.line, declaration.span.column, declaration.group)
        kept.setdefault(key, declaration)
    return sorted(kept.values(), key=lambda d: (d.span.line, d.span.column))
