"""GitLab CI: `.gitlab-ci.yml` and included `*.gitlab-ci.yml` files (any folder), and the
YAML files of a `.gitlab/` folder or of a `gitlab/` folder in `ci/` or `.ci/`: where GitLab's
convention keeps the files a pipeline includes (dd-trace-py's `.gitlab/tests.yml`), and where a
project whose settings name a pipeline file of another path keeps it (pymor's
`.ci/gitlab/ci.yml`; the setting is not in the repository). Such a file that is no pipeline
(a list, several documents, not YAML) is no error: the folder may hold other configuration.

Each job's `image:` (a string or `{name: ...}`; the job's own, else `default:`'s, else the
top-level one; `extends:` templates are followed) declares the job's Python. `$VAR` and
`${VAR}` are replaced from `variables:` (job, templates, top level), and a variable that
`parallel: matrix:` lists makes a test matrix. A file may open with a `spec: inputs:` header
(its own YAML document, GitLab's CI/CD inputs): `$[[ inputs.NAME ]]` is replaced by the
input's `default:`, an array default in a matrix standing for its items. The purpose comes
from the job's `before_script:` and `script:` lines. Hidden jobs (`.name`) are templates, not
jobs. A job with `allow_failure: true` tries its Python without promising it (allowed to
fail).
"""

from __future__ import annotations

import functools
import itertools
from collections import ChainMap
from collections.abc import Iterator
from collections.abc import Mapping as ReadOnly

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence, compose_all
from pyparity.purpose import classify_job
from pyparity.records import field, record, replace
from pyparity.sources._common import pin
from pyparity.sources._yaml_values import is_true, loaded_as, text_span, unresolved_image
from pyparity.textfile import TextFile

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

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
_REFERENCE = lazy_re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_]\w*)\}|(?P<bare>[A-Za-z_]\w*)"
    r"|\[\[[ \t]*inputs\.(?P<input>[A-Za-z0-9_-]+)[ \t]*\]\])"
)
"""`$VAR`, `${VAR}`, and an input's interpolation `$[[ inputs.NAME ]]` (one with functions,
`$[[ inputs.NAME | expand_vars ]]`, is left as written)."""
_MAX_REFERENCES = 8
"""More in one image is no real pipeline's: its image is left as written."""
_MAX_EXTENDS = 11  # GitLab's own limit on `extends` depth
_SCRIPT_LINES = 200  # script lines a job's purpose is read from
_SCRIPT_BUDGET = 1 << 20
"""Characters of script whose purpose is read per file; past it, a job's first 256: 2,000
jobs extending one template with a 50 KB script would read 100 MB."""
_SCRIPT_PER_JOB = 256


# Jobs extending one template share its image: it is parsed once (frozen results).
_parse_image = functools.lru_cache(maxsize=1024)(parse_image)


def matches(path: str) -> bool:
    return _named_as_pipeline(path) or _in_pipeline_folder(path)


def _named_as_pipeline(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in {".gitlab-ci.yml", ".gitlab-ci.yaml"} or name.endswith(".gitlab-ci.yml")


def _in_pipeline_folder(path: str) -> bool:
    if not path.endswith((".yml", ".yaml")):
        return False
    folders = path.split("/")[:-1]
    return ".gitlab" in folders or any(
        folder == "gitlab" and index > 0 and folders[index - 1] in ("ci", ".ci")
        for index, folder in enumerate(folders)
    )


def read(file: TextFile) -> list[Declaration]:
    if _named_as_pipeline(file.path):
        return _read(file)
    try:
        return _read(file)
    except UnreadableFile:
        return []


def _read(file: TextFile) -> list[Declaration]:
    header, root = _documents(compose_all(file.text))
    if root is None:
        return []
    if not isinstance(root, Mapping):
        raise UnreadableFile("a GitLab CI file must be a mapping", line=root.span.line)
    found: list[Declaration] = []
    inputs = _inputs(header)
    shared = _Shared(
        root=root, inputs=inputs, variables=_variables([root.mapping("default"), root], inputs)
    )
    for name, node in root.items():
        if name in _GLOBAL_KEYS or name.startswith(".") or not isinstance(node, Mapping):
            continue
        found += _job(file, shared, name, node)
    return _one_per_place(found)


def _documents(documents: list[Node]) -> tuple[Mapping | None, Node | None]:
    """The inputs header (None without one) and the pipeline. GitLab takes one document, or
    a header holding only `spec:` and then the pipeline."""
    first = documents[0] if documents else None
    if isinstance(first, Mapping) and [key for key, _ in first.items()] == ["spec"]:
        if len(documents) > 2:
            raise UnreadableFile(
                "a GitLab CI file holds a `spec:` header and one pipeline, not more documents",
                line=documents[2].span.line,
            )
        pipeline = documents[1] if len(documents) == 2 else None
        empty = isinstance(pipeline, Scalar) and not pipeline.text.strip()  # `---` and no more
        return first, None if empty else pipeline
    if len(documents) > 1:
        raise UnreadableFile(
            "a GitLab CI file holds one document (or a `spec:` header and one)",
            line=documents[1].span.line,
        )
    return None, first


def _inputs(header: Mapping | None) -> dict[str, Node]:
    """Each input's default (`spec: inputs: NAME: default:`)."""
    spec = header.mapping("spec") if header is not None else None
    declared = spec.mapping("inputs") if spec is not None else None
    defaults: dict[str, Node] = {}
    for name, node in declared.items() if declared is not None else ():
        default = node.get("default") if isinstance(node, Mapping) else None
        if default is not None:
            defaults[name] = default
    return defaults


def _input_named(scalar: Scalar, inputs: ReadOnly[str, Node]) -> str | None:
    """The input a scalar is in whole (`$[[ inputs.NAME ]]`) when the file declares it."""
    text = scalar.text.strip()
    found = _REFERENCE.fullmatch(text) if text.startswith("$[[") else None
    name = found["input"] if found is not None else None
    return name if name is not None and name in inputs else None


@record(frozen=False)
class _Shared:
    """What every job of the file reads: the root, the inputs' defaults, the top-level and
    default variables, and how many characters of script are left to classify."""

    root: Mapping
    inputs: dict[str, Node]
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


@record(kw_only=False)
class _Piece:
    """`text[start:end]` of a candidate image was written at `scalar.text[at:]`: the image's
    own text, or the value of a variable, matrix entry or input put in for a reference."""

    start: int
    end: int
    scalar: Scalar
    at: int
    via: str = ""


@record
class _Value:
    """A candidate image text and where each of its parts was written."""

    text: str
    pieces: tuple[_Piece, ...]
    fallback: Scalar
    """Where a Python that spans two parts is reported: the last value put in."""

    def written(self, start: int, end: int) -> _Piece | None:
        return next((p for p in self.pieces if p.start <= start and end <= p.end), None)


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
    variables = ChainMap(_variables(chain, shared.inputs), shared.variables)  # not copied
    matrix = _matrix(chain, shared.inputs)
    values = list(_substitute(image, variables, matrix, shared.inputs))
    if any("$" in v.text for v in values):
        return _unresolved(file, image, context, purpose)
    is_set = len({v.text for v in values}) > 1
    declarations = [_declaration(file, value, context, purpose, is_set, name) for value in values]
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


def _variables(
    nodes: list[Mapping | None] | list[Mapping], inputs: ReadOnly[str, Node]
) -> dict[str, Scalar]:
    """Each variable's value, from the first node that sets it (an input's default where the
    value is the input)."""
    found: dict[str, Scalar] = {}
    for node in nodes:
        variables = node.mapping("variables") if node is not None else None
        for key, value in variables.items() if variables else ():
            written = value.get("value") if isinstance(value, Mapping) else value
            if isinstance(written, Scalar) and key not in found:
                name = _input_named(written, inputs)
                default = inputs[name] if name is not None else written
                if isinstance(default, Scalar):
                    found[key] = default
    return found


_Matrix = dict[str, list[tuple[Scalar, str]]]
"""Each matrix variable's values, each with the input it came from ("" if written there)."""


def _matrix(chain: list[Mapping], inputs: ReadOnly[str, Node]) -> _Matrix:
    """Values each variable takes in `parallel: matrix:` (of the nearest job or template); an
    input there stands for its default's items."""
    for node in chain:
        parallel = node.mapping("parallel")
        entries = parallel.get("matrix") if parallel else None
        if not isinstance(entries, Sequence):
            continue
        values: _Matrix = {}
        for entry in entries.items:
            for key, value in entry.items() if isinstance(entry, Mapping) else ():
                items = value.items if isinstance(value, Sequence) else (value,)
                listed = values.setdefault(key, [])
                for item in items:
                    if not isinstance(item, Scalar):
                        continue
                    name = _input_named(item, inputs)
                    if name is None:
                        listed.append((item, ""))
                        continue
                    default = inputs[name]
                    expanded = default.items if isinstance(default, Sequence) else (default,)
                    listed += [(i, name) for i in expanded if isinstance(i, Scalar)]
        return values
    return {}


def _substitute(
    image: Scalar,
    variables: ReadOnly[str, Scalar],
    matrix: _Matrix,
    inputs: ReadOnly[str, Node],
) -> Iterator[_Value]:
    """The image with its references replaced by their values: one value per variable and
    input, and one image per value of at most one matrix variable. With a reference that
    has no value here (or more than one matrix variable), the image as written."""
    text = image.text.strip()
    base = image.text.find(text)
    as_written = _Value(text=text, pieces=(_Piece(0, len(text), image, base),), fallback=image)
    references = list(itertools.islice(_REFERENCE.finditer(text), _MAX_REFERENCES + 1))
    if not references or len(references) > _MAX_REFERENCES:
        yield as_written
        return
    choices = [_choices(reference, variables, matrix, inputs) for reference in references]
    several = [index for index, choice in enumerate(choices) if len(choice) > 1]
    if not all(choices) or len(several) > 1:
        yield as_written
        return
    for varied in choices[several[0]] if several else [None]:
        pieces: list[_Piece] = []
        parts: list[str] = []
        length = written = 0
        last = image
        for index, reference in enumerate(references):
            literal = text[written : reference.start()]
            pieces.append(_Piece(length, length + len(literal), image, base + written))
            length += len(literal)
            chosen = varied if varied is not None and index == several[0] else choices[index][0]
            scalar, via = chosen
            pieces.append(_Piece(length, length + len(scalar.text), scalar, 0, via))
            length += len(scalar.text)
            parts += (literal, scalar.text)
            written, last = reference.end(), scalar
        pieces.append(_Piece(length, length + len(text) - written, image, base + written))
        parts.append(text[written:])
        yield _Value(text="".join(parts), pieces=tuple(pieces), fallback=last)


def _choices(
    reference: re.Match[str],
    variables: ReadOnly[str, Scalar],
    matrix: _Matrix,
    inputs: ReadOnly[str, Node],
) -> list[tuple[Scalar, str]]:
    """The values a reference stands for, each with how (`, variable NAME`)."""
    name = reference["input"]
    if name is not None:
        default = inputs.get(name)
        return [(default, f", input {name} (its default)")] if isinstance(default, Scalar) else []
    name = reference["braced"] or reference["bare"]
    if name in matrix:
        return [
            (scalar, f", matrix {name}" + (f" from input {came} (its default)" if came else ""))
            for scalar, came in matrix[name]
        ]
    return [(variables[name], f", variable {name}")] if name in variables else []


def _declaration(
    file: TextFile, value: _Value, context: str, purpose: Purpose, is_set: bool, job: str
) -> Declaration | None:
    python = _parse_image(value.text)
    if python is None:
        return None
    piece = value.written(python.start, python.end)
    if piece is not None:
        start, end = piece.at + python.start - piece.start, piece.at + python.end - piece.start
        span = text_span(file, piece.scalar, start, end)
    else:
        span = value.fallback.span
    declaration = pin(
        file.path,
        span,
        value.text,
        source=KIND,
        context=context + (piece.via if piece is not None else ""),
        purpose=purpose,
        role=Role.MATRIX if is_set else Role.PIN,
        group=f"{file.path} job {job}" if is_set else "",
        yaml_loaded_as=loaded_as(piece.scalar) if piece is not None else None,
    )
    role = declaration.role
    if python.requirement.floating and role is Role.PIN:
        role = Role.FLOATING
    return replace(declaration, requirement=python.requirement, role=role)


def _unresolved(file: TextFile, image: Scalar, context: str, purpose: Purpose) -> list[Declaration]:
    found = unresolved_image(file, image, source=KIND, context=context, purpose=purpose)
    return [found] if found is not None else []


def _one_per_place(declarations: list[Declaration]) -> list[Declaration]:
    """Jobs sharing a default image declare it once; a runtime job's view wins, and among
    those one that is not allowed to fail."""
    ordered = sorted(declarations, key=lambda d: (d.purpose is not Purpose.RUNTIME, d.may_fail))
    kept: dict[tuple[int, int, str], Declaration] = {}
    for declaration in ordered:
        key = (declaration.span.line, declaration.span.column, declaration.group)
        kept.setdefault(key, declaration)
    return sorted(kept.values(), key=lambda d: (d.span.line, d.span.column))
