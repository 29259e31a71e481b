"""Helpers every source reader shares: turn a version text at a span into a declaration."""

from __future__ import annotations

from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Requirement, Role, Span
from pyparity.records import replace
from pyparity.versions import VersionError, parse_pin, parse_range

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pyparity.images import ImagePython

# Notes on `unresolved` link declarations that `resolve.py` replaces once every file is read.
# Kept here, not in the readers, so the resolve stage imports no YAML or Dockerfile parser
# unless a link needs one.
PYTHON_VERSION_FILE = "python-version-file"
DEFAULT_VERSION_FILE = "python-version-file (setup-python's default)"
UV_VERSION_FILE = "python-version-file (uv's default)"  # a missing file declares nothing
UV_OVER_SETUP = "python-version-file (uv's, over setup-python)"  # see resolve_uv.py
INPUT_NOTE = "input:"
INPUT_JSON_NOTE = "input-json:"  # a matrix axis `${{ fromJson(inputs.x) }}`: x is a JSON list
CALL_NOTE = "call:"
CALL_JSON_NOTE = "call-json:"
"""A local call's value that is a matrix axis read from the caller's own input as JSON:
`call-json:<callee>#<name>#<the caller's input>`."""
CALLER_NOTE = "caller:"  # a local call of a reusable workflow: `caller:<callee>#<inputs set>`
DEFAULT_NOTE = "default:"
BUILD_LINK = "build:"
AZURE_TEMPLATE_NOTE = "azure-template: "  # a local Azure template, expanded in resolve
PIXI_NOTE = "pixi-env:"  # `pixi-env:<manifest>#<environment>`: that environment's Python
CONDA_ENV_FILE = "environment-file"  # a conda environment file a CI step creates: its Python


def pin(
    file: str,
    span: Span,
    raw: str,
    *,
    source: str,
    context: str = "",
    purpose: Purpose | None = None,
    group: str = "",
    ships: bool = False,
    yaml_loaded_as: str | None = None,
    role: Role = Role.PIN,
    requirement: Requirement | None = None,
    note: str = "",
) -> Declaration:
    """A pin (or a matrix entry when `role` is MATRIX); a floating spelling becomes FLOATING.
    `requirement`: what `raw` means when the caller has already read it (an image's Python,
    a tox interpreter name), else `raw` is read as a pin."""
    if requirement is None:
        requirement = pin_requirement(raw)
    return Declaration(
        file=file,
        span=span,
        source=source,
        role=Role.FLOATING if requirement.floating and role is Role.PIN else role,
        raw=raw,
        requirement=requirement,
        context=context,
        purpose=purpose,
        group=group,
        ships=ships,
        yaml_loaded_as=yaml_loaded_as,
        note=note,
    )


def resolved_link(
    link: Declaration,
    version: str,
    *,
    shown: str,
    context: str,
    purpose: Purpose | None,
    origin: str = "",
) -> Declaration:
    """A CI step's link (an environment it creates) resolved to that environment's Python
    `version`: a pin at the step's line, a matrix entry when the job's matrix chose it;
    `shown` is what the report writes (`py311 (python 3.11)`)."""
    made = pin(
        link.file,
        link.span,
        version,
        source=link.source,
        context=context,
        purpose=purpose,
        role=Role.MATRIX if link.group else Role.PIN,
        group=link.group,
    )
    return replace(made, raw=shown, anchor=link.anchor, may_fail=link.may_fail, origin=origin)


def image_python_pin(
    file: str,
    span: Span,
    raw: str,
    python: ImagePython,
    *,
    source: str,
    context: str = "",
    purpose: Purpose | None = None,
    ships: bool = False,
    note: str = "",
) -> Declaration:
    """A pin of an image's text taking the Python the image carries: floating where its tag
    names no minor (`python:3`, `python:slim`). (Made here, not by `pin`, which would parse
    the whole reference again only for its answer to be replaced.)"""
    return pin(
        file,
        span,
        raw,
        source=source,
        context=context,
        purpose=purpose,
        ships=ships,
        requirement=python.requirement,
        note=note,
    )


def pin_requirement(raw: str) -> Requirement:
    """`parse_pin`, with text that is no version kept as an unknown version."""
    try:
        return parse_pin(raw)
    except VersionError:
        return Requirement(specifier="", minors=(), unknown=(raw.strip(),))


def range_declaration(
    file: str, span: Span, raw: str, *, source: str, dialect: str = "pep440", context: str = ""
) -> Declaration:
    try:
        requirement: Requirement | None = parse_range(raw, dialect=dialect)
        role = Role.RANGE
        note = ""
    except VersionError as error:
        requirement, role, note = None, Role.UNRESOLVED, str(error)
    return Declaration(
        file=file,
        span=span,
        source=source,
        role=role,
        raw=raw,
        requirement=requirement,
        context=context,
        note=note,
    )


def unresolved(
    file: str, span: Span, raw: str, *, source: str, context: str = "", note: str = ""
) -> Declaration:
    """A value that cannot be known statically (`${{ inputs.python }}`, an ARG with no value)."""
    return Declaration(
        file=file,
        span=span,
        source=source,
        role=Role.UNRESOLVED,
        raw=raw,
        requirement=None,
        context=context,
        note=note,
    )


class WorkBudget:
    """The work one file may cost (matrix rows times steps, task variants): past `limit`
    units it is a hostile file's product, not a configuration, and a parse-error."""

    __slots__ = ("done", "limit", "what")

    def __init__(self, limit: int, what: str) -> None:
        self.done = 0
        self.limit = limit
        self.what = what

    def spend(self, amount: int) -> None:
        self.done += amount
        if self.done > self.limit:
            raise UnreadableFile(f"more than {self.limit:,} {self.what} to look at; not read")
