"""Job `container:` and `services:` images: a Python image is a pin (over the matrix, a
matrix); one set by an expression that may be a Python image is unresolved.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.images import ImagePython, may_carry_python, parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, value_span
from pyparity.records import replace
from pyparity.sources._common import (
    pin,
    pin_requirement,
    unresolved,
)
from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.expression import interpolate
from pyparity.sources.github_actions.job import Job, context_of, env_scalar
from pyparity.sources.github_actions.matrix import (
    EXPRESSION,
    Unknown,
    inner,
    lookup,
)
from pyparity.sources.github_actions.runs import resolver
from pyparity.sources.github_actions.setup_actions import sets_up_python
from pyparity.sources.github_actions.values import CONTEXT_REF, PATH_KEY, Value, expand


def job_images(job: Job) -> Iterator[Declaration]:
    container = job.node.get("container")
    image = container.scalar("image") if isinstance(container, Mapping) else container
    if isinstance(image, Scalar):
        yield from _image(job, image, f"job {job.job_id} container", job.purpose)
    services = job.node.mapping("services")
    for name, service in services.items() if services else ():
        image = service.scalar("image") if isinstance(service, Mapping) else None
        if image is not None:
            yield from _image(job, image, f"job {job.job_id} service {name}", None)


def _image(job: Job, scalar: Scalar, where: str, purpose: Purpose | None) -> Iterator[Declaration]:
    """A job container (purpose: the job's) or a service container (no purpose). A container
    whose image names the matrix (`python:${{ matrix.python }}`) and takes several images is
    a matrix, like a `python-version` that does."""
    expanded = _at_python_values(job, scalar, expand(job, scalar, job.envs))
    values = [value for value in expanded if value.text.strip()]
    partial = bool(values) and len(values) < len(expanded)
    if partial and purpose is not None and not sets_up_python(job):
        # A container in some runs only, and nothing sets up the others' Python: the job's
        # matrix cannot be read, so the image stays unresolved.
        values = [Value(text=scalar.text, scalar=scalar)]
    pythons = [
        (v, found)
        for v in values
        if "${{" not in v.text
        if (found := parse_image(v.text) or (purpose is not None and _custom_python(v.text)))
    ]
    # A container in some runs is their entry in the job's matrix (a setup step the others).
    is_set = len({value.text.strip() for value, _ in pythons}) > 1 or (partial and bool(pythons))
    for value in values:
        if "${{" in value.text and _may_be_python_image(job, value.text, service=purpose is None):
            yield unresolved(
                job.path,
                scalar.span,
                scalar.text,
                source=KIND,
                context=where,
                note="image set by an expression",
            )
    for value, found in pythons:
        requirement = found.requirement
        floating = requirement.floating and not is_set
        purposes = value.purpose if purpose is not None and value.purpose else None
        declaration = pin(
            job.path,
            value_span(value.scalar, value.text[found.start : found.end]),
            value.text,
            source=KIND,
            context=context_of(job, where, value.via, may_fail=value.may_fail, purpose=purposes),
            purpose=purposes[0] if purposes else purpose,
            role=Role.MATRIX if is_set else Role.FLOATING if floating else Role.PIN,
            group=f"{job.path} {where}" if is_set else "",
        )
        yield replace(
            declaration, requirement=requirement, anchor=job.anchor, may_fail=value.may_fail
        )


# A job container of the project's own making whose tag is a Python version: `3.14t` (only
# a Python is free-threaded), or `3.14` of a repository named for Python (`cpython-asan`).
_CUSTOM_TAG = lazy_re.compile(r"(?P<version>3\.\d{1,2})(?P<free>t?)")


def _custom_python(reference: str) -> ImagePython | None:
    base = reference.strip().partition("@")[0]
    colon, slash = base.rfind(":"), base.rfind("/")
    if colon <= slash:
        return None
    tag = _CUSTOM_TAG.fullmatch(base, colon + 1)
    named = "python" in base[:colon].rsplit("/", 1)[-1].lower()
    if tag is None or not (tag["free"] or named):
        return None
    start = reference.index(base) + colon + 1
    return ImagePython(
        requirement=pin_requirement(tag[0]),
        start=start,
        end=start + len(tag[0]),
        low_confidence=True,
    )


_MATRIX_PATH = lazy_re.compile(r"\bmatrix\.(?P<path>[A-Za-z_][\w-]*+(?:\.[A-Za-z_][\w-]*+)*+)")
_PYTHON_KEYS = frozenset({"python", "pythonversion", "py", "pyversion", "pyver"})


def _at_python_values(job: Job, scalar: Scalar, values: list[Value]) -> list[Value]:
    """An image that several expressions make (`python:${{ matrix.python-version }}-${{
    matrix.debian }}`) is written, for each run, at the run's Python value: the one matrix
    key named for a Python that the image names."""
    paths = {m["path"] for m in _MATRIX_PATH.finditer(scalar.text)}
    named = [
        p
        for p in paths
        if p.rsplit(".", 1)[-1].lower().replace("-", "").replace("_", "") in _PYTHON_KEYS
    ]
    if len(named) != 1 or not job.runs or not any(v.via == "expression" for v in values):
        return values
    at: dict[str, Scalar] = {}
    for run in job.runs:
        text = interpolate(scalar.text, resolver(run.combination, job.envs))
        node = lookup(run.combination, named[0].split("."))
        if isinstance(text, str) and isinstance(node, Scalar) and node.text.strip() in text:
            at.setdefault(text, node)
    return [
        replace(v, scalar=at[v.text], via=f"matrix {named[0]}")
        if v.via == "expression" and v.text in at
        else v
        for v in values
    ]


_STRING_LITERAL = lazy_re.compile(
    r"'(?:[^']++|'')*+'"
)  # fullmatch: a pair given back leaves a quote


_REFERENCE = lazy_re.compile(
    r"\b(?:matrix|env)(?:\.[A-Za-z_][\w-]*+|\[\s*+(?:'[^']*+'|\d++)\s*+\])++"
)


def _may_be_python_image(job: Job, text: str, *, service: bool) -> bool:
    """Could an image set by an expression be a Python image? Yes when its written text or a
    string in the expression names Python (`python:${{ matrix.v }}`, `format('python:{0}',
    ...)`) or a matrix / env value it may take is a Python image; no when its repository is
    written and is another image (`registry.example/app:${{ needs.build.outputs.tag }}`) or
    every value it may take is known and none is Python (`${{ matrix.postgres ||
    'postgres:14' }}`). Otherwise (a value that cannot be known) a job container may be, and a
    service (a database or a cache beside the job, not where its Python runs) is not."""
    written = EXPRESSION.sub("${}", text)
    strings = [
        literal[1:-1].replace("''", "'")
        for expression in EXPRESSION.finditer(text)
        for literal in _STRING_LITERAL.findall(inner(expression))
    ]
    if any("python" in part.lower() for part in (written, *strings)):
        return True
    if not may_carry_python(written):
        return False
    unknown = False
    candidates = list(strings)
    for expression in EXPRESSION.finditer(text):
        code = _STRING_LITERAL.sub("''", inner(expression))
        unknown = unknown or _has_other_context(code)
        for reference in _REFERENCE.finditer(code):
            values = _reference_texts(job, reference.group(0))
            unknown = unknown or values is None
            candidates += values or []
    if any(parse_image(candidate) is not None for candidate in candidates):
        return True
    return unknown and not service


_OTHER_CONTEXT = lazy_re.compile(
    r"\b(?:needs|inputs|steps|vars|secrets|github|job|runner|strategy)\."
)


def _has_other_context(expression: str) -> bool:
    """Does the expression (string literals removed) read a context whose value is unknown?"""
    return _OTHER_CONTEXT.search(expression) is not None


def _reference_texts(job: Job, reference: str) -> list[str] | None:
    """The texts `matrix.x` / `env.x` may take in this job ([] for a key no combination
    sets); None when they cannot be known."""
    found = CONTEXT_REF.match(reference)
    if found is None:
        return None
    path = [dotted or quoted or index for dotted, quoted, index in PATH_KEY.findall(found["path"])]
    if found["ctx"] == "env":
        value = env_scalar(job.envs, path[0])
        return [value.text] if value is not None and "${{" not in value.text else None
    strategy = job.node.mapping("strategy")
    if job.runs is None:
        return None
    if strategy is None or strategy.get("matrix") is None:
        return []
    texts = []
    for run in job.runs:
        node = lookup(run.combination, path)
        if isinstance(node, Unknown) or (node is not None and not isinstance(node, Scalar)):
            return None
        if node is not None:
            texts.append(node.text)
    return texts
