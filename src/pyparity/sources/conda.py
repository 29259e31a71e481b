"""conda environments: `environment.yml`, `environment.yaml`, `conda.yml`, `conda.yaml`,
`<name>.environment.yml`, `<name>_environment.yml` / `<name>-environment.yml` and
`environment-<name>.yml` (any folder, `.yml` or `.yaml`). A docs environment (under `docs/`
or `doc/`, or a name with `doc` or `rtd`: Read the Docs' `rtd_environment.yaml`) only runs
the docs toolchain: its pin is tooling.

Reads the `python` entry of `dependencies:` (`python=3.10`, `python==3.10.4`,
`python 3.11.*`, `conda-forge::python=3.12`, a build string after a second `=`): an exact
or `=` spelling is a runtime pin, `>=3.10` and other operators a supported range. A file
named for the Python it pins (`environment-test-3.11.yml` beside `-3.12.yml`, one for each
entry of a CI matrix) is one of a set, not a pin. Other packages (`python-dateutil`,
`python_abi`) and pip requirements are ignored.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from pyparity import lazy_re
from pyparity.model import DEVELOPERS_ENVIRONMENT, Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, compose
from pyparity.records import replace
from pyparity.sources._common import pin, range_declaration, resolved_link
from pyparity.sources._yaml_values import text_span
from pyparity.textfile import TextFile

KIND = "conda"
CONTEXT = "conda dependencies"

_NAME = lazy_re.compile(
    r"^(?:environment|conda|[^/]+[.\-_]environment|environment[-_][^/]+)\.ya?ml$", re.IGNORECASE
)
_DOCS_FOLDERS = frozenset({"docs", "doc", "documentation"})
# `python` with an optional channel (`conda-forge::`, `pkgs/main::`); the spec is the rest
# of the item, stripped. Linear: the channel's parts `[\w.-]` are separated by `/` and end
# at `::`, none of which they can hold, so the text splits into parts one way only (and
# the quantifiers are possessive: nothing to give back, no backtracking stack either).
_PYTHON = lazy_re.compile(r"(?:[\w.-]++(?:/[\w.-]++)*+::)?python(?![\w.-])", re.IGNORECASE)
# Linear: `==?` (or nothing), numbers between single dots, then an optional `.*` and an
# optional build string after `=`; each part starts with a character the one before
# cannot hold.
_PIN = lazy_re.compile(r"(?:==?)?(?P<version>\d++(?:\.\d++)*+)(?:\.\*)?(?:=[\w.*]++)?")


def matches(path: str) -> bool:
    return _NAME.match(path.rsplit("/", 1)[-1]) is not None


def read(file: TextFile) -> list[Declaration]:
    root = compose(file.text)
    dependencies = root.get("dependencies") if isinstance(root, Mapping) else None
    if not isinstance(dependencies, Sequence):
        return []
    declarations = []
    for item in dependencies.items:
        found = _python_spec(item.text) if isinstance(item, Scalar) else None
        if isinstance(item, Scalar) and found is not None:
            declarations.append(_declaration(file, item, *found))
    name = root.get("name") if isinstance(root, Mapping) else None
    if isinstance(name, Scalar) and _DEVELOPERS_NAME.search(name.text.strip()):
        said = f"{DEVELOPERS_ENVIRONMENT} ({name.text.strip()})"
        declarations = [replace(d, context=f"{d.context}, {said}") for d in declarations]
    return declarations


# `wradlib-dev`, `project_devel`, `dev`: the name of the contributors' environment.
_DEVELOPERS_NAME = lazy_re.compile(r"(?:^|[-_.])dev(?:el(?:op(?:ment)?)?)?$", re.IGNORECASE)


def _python_spec(text: str) -> tuple[int, str] | None:
    """Where the spec of a `python` entry starts, and the spec; None for another package, a
    `python` with no spec, or a spec that runs over a line break."""
    match = _PYTHON.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    spec = rest.strip()
    if not spec or "\n" in spec:
        return None
    return match.end() + len(rest) - len(rest.lstrip()), spec


def _is_docs(path: str) -> bool:
    *folders, name = path.lower().split("/")
    return not _DOCS_FOLDERS.isdisjoint(folders) or "doc" in name or "rtd" in name


def _declaration(file: TextFile, item: Scalar, start: int, spec: str) -> Declaration:
    docs = _is_docs(file.path)
    exact = _PIN.fullmatch(spec)
    if exact is not None:
        offset = start + exact.start("version")
        span = text_span(file, item, offset, offset + len(exact["version"]))
        one_of_a_set = not docs and _named_for(file.path, exact["version"])
        folder = posixpath.dirname(file.path) or "."
        return pin(
            file.path,
            span,
            exact["version"],
            source=KIND,
            context=f"{CONTEXT}, tooling: docs environment"
            if docs
            else f"{CONTEXT}, {_PER_PYTHON}"
            if one_of_a_set
            else CONTEXT,
            purpose=Purpose.TOOLING if docs else Purpose.RUNTIME,
            group=f"{folder} {_PER_PYTHON}" if one_of_a_set else "",
            role=Role.MATRIX if one_of_a_set else Role.PIN,
        )
    span = text_span(file, item, start, start + len(spec))
    return range_declaration(file.path, span, spec.replace(" ", ""), source=KIND, context=CONTEXT)


_PER_PYTHON = "an environment named for its Python"
# `environment-test-3.11.yml`, `py311.yml`, `test_py3.12_env.yml`: the minor in the name,
# not inside a longer number.
_MINOR_IN_NAME = lazy_re.compile(
    r"(?<![\d.])(?:py)?3[._]?(?P<minor>\d{1,2})(?![\d])", re.IGNORECASE
)


def _named_for(path: str, version: str) -> bool:
    """One of a set of environments, a file for each Python (`environment-test-3.10.yml` to
    `-3.13.yml`, which a CI matrix picks by name): the file's name holds the minor it pins."""
    name = path.rsplit("/", 1)[-1]
    parts = version.split(".")
    if len(parts) < 2 or parts[0] != "3":
        return False
    return any(m["minor"] == parts[1] for m in _MINOR_IN_NAME.finditer(name))


def linked(
    declaration: Declaration, read_text: Callable[[str], TextFile | None]
) -> Declaration | None:
    """A CI step's `environment-file:` link (`github_actions/conda_env_steps.py`), resolved:
    the file's `python` pin, a pin (a matrix entry when the job's matrix chooses the file) at
    the step's line; or the link with a note where the file admits several Pythons (conda
    picks the newest the other packages allow). A file that names no `python`, or that is
    not a readable environment file of this repository, declares none: None."""
    path = posixpath.normpath(declaration.raw.strip().removeprefix("./"))
    file = read_text(path)
    if file is None:
        return None
    try:
        found = read(file)
    except Exception:  # a lock file, or YAML the file's own reader would report
        return None
    if not found:
        return None
    target = found[0]
    if target.role is Role.MATRIX and target.requirement is not None:
        target = replace(target, role=Role.PIN)  # (one of a set by its name: one file's pin)
    if target.role is not Role.PIN or target.requirement is None:
        return replace(
            declaration,
            note=f"environment file {path} takes python {target.raw}: conda picks the newest "
            "it admits that the other packages allow",
        )
    return resolved_link(
        declaration,
        target.raw,
        shown=f"{path} (python={target.raw})",
        context=f"{declaration.context}, from {target.where}",
        purpose=declaration.purpose,
        origin=target.file,
    )
