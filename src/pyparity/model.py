"""The data that flows through the pipeline: declarations in, findings out. No I/O."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from pyparity.records import field, record


class Minor(NamedTuple):
    """A CPython feature release, the unit of comparison (3.11)."""

    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @classmethod
    def parse(cls, text: str) -> Minor:
        major, _, minor = text.partition(".")
        return cls(int(major), int(minor))


class Role(StrEnum):
    PIN = "pin"
    RANGE = "range"
    MATRIX = "matrix"
    TARGET = "target"
    FLOATING = "floating"
    UNRESOLVED = "unresolved"


class Purpose(StrEnum):
    RUNTIME = "runtime"
    BUILD = "build"
    TOOLING = "tooling"
    UNKNOWN = "unknown"
    """A CI job whose steps show neither tests, a build nor tools: compared at warning level
    at most, never error."""


PYTHON_3_RANGE = "Python 3 range"
"""In the context of a range that speaks of Python 3 alone (Debian's `X-Python3-Version`,
beside an `X-Python-Version` for the Python 2 package): a Python 2 classifier is not outside
it. Here, not in the reader, so that the rule imports no reader."""

TOX_SECTION_ENVS = "testenv section"
"""The context of a tox env's Python that only a generated `[testenv:py{...}]` header names:
an env tox runs when asked, part of the file's test set; one the range refuses is a section
nobody runs any more, which `outside-range` leaves alone. Here, not in the reader, so that
the rule imports no reader."""

TOX_BESIDE_PY = "beside py, which runs on the Python that runs tox"
"""In the context of a tox env list's entries where the list also names `py` or `py3`: the env
`tox` runs on whichever Python runs it (ansible-compat's CI runs it on every minor of the
range), so the versioned entries are not all the list tests and it lacks no minor
(`matrix-mismatch`). Here, not in the reader, so that the rule imports no reader."""

UNUSED_AXIS = "a matrix axis named for the Python that no step of the job uses"
"""The note of a test job's matrix axis that lists Pythons no step sets up (`unresolved`:
every leg runs one Python, which the file does not say); `matrix-axis-unused` reports it.
Here, not in a reader, so that the rule imports no reader."""

WHEELS_FOR_THE_RANGE = "a cibuildwheel build of every version the range admits"
"""The note of a workflow's cibuildwheel build that selects no Python (an unresolved
declaration that `unresolved` does not report): with a test command, it tests each minor the
range admits from 3.8 (`matrix-misses-floor`)."""

VERSIONLESS_WHEEL = "a platform wheel of no Python ABI: setup.py builds no extension module"
"""The note of the place a `setup.py` that builds no extension module tags its wheel for the
platform (`bdist_wheel`'s `plat_name` set, pyscf's CMake libraries loaded with ctypes): the
wheel is `py3-none-<platform>`, so one build serves every Python (`wheels-mismatch`)."""

WHEEL_TESTS = "cibuildwheel runs the tests on each wheel"
"""In the context of a cibuildwheel build whose environment sets `CIBW_TEST_COMMAND`, and
the note of the declaration that `[tool.cibuildwheel] test-command` makes."""

UV_PIN_AXIS = "a matrix axis given to setup-python that uv's .python-version overrides"
"""The note of a test job's matrix axis that setup-python is given while `uv sync` / `uv run`
take `.python-version` (resolve_uv.py); `matrix-axis-unused` reports it too."""

MAINTAINS = "builds, publishes or maintains"
DEVELOPERS_ENVIRONMENT = "the developers' environment"
"""A declaration's context says so where its file makes the contributors' environment (a
conda environment named `wradlib-dev`): they run the tests there, as in a dev container."""
"""The reason (`purpose.py`) of a job that packages, publishes or maintains the repository (a
release, a news-fragment check, a bot): its Python is not one the project runs on. Here, not
in `purpose.py`, so that the rule that reads it imports none of that module's patterns."""


ABI_WHERE_SUFFICIENT = "only where the building Python is that or newer"
"""In the context of a stable-ABI floor that a build applies only on a new enough CPython
(scikit-build-core's `wheel.py-api = "cp312"`; an older one builds a wheel of its own
version): above the range's floor it refuses no Python the range admits."""

FOR_NAMED_FILES = "for the modules its `files` filter names"
"""In the context of a pre-commit hook's target whose `files:` names modules one by one
(DIRAC's black `--target-version=py27` for the few files that must still run on 2.7): a
target for those files, which `target-mismatch` does not hold to the floor."""

STABLE_ABI = "stable-abi"
"""The context's first word of a stable-ABI floor (`sources/_stable_abi.py`): the oldest
CPython a limited-API or version-free wheel installs on. Here, not in the reader, so that the
rules that read it import no reader."""

RUNS_NO_PYTHON = "runs no Python and ships no Python output"
"""The reason of a Docker build stage whose image has a Python that nothing uses (a builder of
a C helper): `outside-range` does not compare it."""


INSTALLS_ONLY = "copies nothing of the repository and pip-installs only"
"""In the context of each declaration of an image that copies nothing of the repository,
followed by `: name, name` (`tool_images.py` tells whether they are the project's own)."""

SCRIPTS_ONLY = "copies only scripts of its own folder and pip-installs only"
"""In the context of each declaration of an image in a subfolder that copies only script files
(`COPY download_models.py ./`) and installs packages by name, followed by
`: name, name; script, script`: a helper of its own folder's scripts (autogluon's model
mirror, cla_backend's migration checker) if those scripts sit beside it in the tree and none
of the packages is the project's own (`tool_images.settle`)."""

CI_IMAGE = "a CI image by its name"
"""In the context of each declaration of an image named for CI (`Dockerfile.ci-fenics`): the
tests run on its Python, so `matrix-misses-pin` counts it as tested, never as a runtime the
matrix must add; it is still a runtime pin to compare with the others (the image the tests
run in against the image that ships)."""

COPIES_NO_CODE = "an evaluation task's environment, copying no Python of the repository"
"""In the context of each declaration of an evaluation suite's image (an agent's sandbox, a
benchmark's runner) that copies no Python file, project file or wheel, followed by
`: folder, folder`: the folders it copies, which `tool_images.settle` looks for in the tree
(data the suite downloads, or the project's code)."""

RUNS_OTHERS_TOOLS = "runs other projects' tools, none of this repository's code"
"""The reason of an image that copies nothing of the repository and installs only other
projects' packages (`tool_images.py`): `outside-range` does not compare it."""


SIDE_BY_SIDE = "installed beside other Pythons"
"""In the context of a Python installed together with others, none of them the one the job or
image runs by default: setup-python's lines but the last (the last is `python`), an image's
distribution packages of several minors (deadsnakes' `python3.9 python3.10`). They are what a
test runner may pick (tox, nox, a tool's own tests of user interpreters), whose declarations
say what it does; `outside-range` does not compare them. Here, not in a reader, so that the
rule imports no reader."""


class Severity(StrEnum):
    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.NOTICE: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Span(NamedTuple):
    """1-based positions; `end_column` is exclusive, as GitHub annotations expect.

    A named tuple, like `Minor`: every YAML scalar and every declaration has one, and a
    tuple is three times cheaper to make than a frozen dataclass. Build it with keywords."""

    line: int
    column: int
    end_line: int
    end_column: int


@record
class Requirement:
    """What one spelling of a Python version means.

    `specifier` is PEP 440 text (`==3.11.13`, `>=3.9,<3.13`); `minors` are the known CPython
    minors it admits, oldest first. `version` is the exact version a pin names, if any.
    `unknown` lists spelled versions that do not exist (`3.1` from a YAML float, `3.19`).
    """

    specifier: str
    minors: tuple[Minor, ...]
    implementation: str = "cpython"
    version: str | None = None
    floating: bool = False
    unknown: tuple[str, ...] = ()

    @property
    def patch_pinned(self) -> bool:
        return self.version is not None and self.version.count(".") >= 2


@record
class Declaration:
    """One place where a file declares a Python version.

    `scope` is assigned by the scope stage; a reader may set `anchor`, the directory the
    declaration is about when that is not its file's own (a CI job's working directory).
    `may_fail` marks a CI job allowed to fail: it tries a Python, it does not promise it.
    `origin` is the file a linked declaration's version comes from (the `.python-version` a
    workflow's `python-version-file:` names): one vote, however many jobs read it.
    `test_image` marks a Dockerfile outside the project's own trees that its CI builds to run
    the tests in: one of the Pythons tested, not the runtime.
    """

    file: str
    span: Span
    source: str
    role: Role
    raw: str
    requirement: Requirement | None
    context: str = ""
    scope: str = "."
    purpose: Purpose | None = None
    group: str = ""
    ships: bool = False
    may_fail: bool = False
    yaml_loaded_as: str | None = None
    note: str = ""
    anchor: str | None = None
    origin: str = ""
    test_image: bool = False

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def where(self) -> str:
        return f"{self.file}:{self.span.line}"

    @property
    def implementation(self) -> str:
        return self.requirement.implementation if self.requirement else "cpython"


@record
class Location:
    """A file and line: a place a finding relates, or an ignore comment that matched nothing."""

    file: str
    line: int


@record
class Finding:
    """What a rule reports: where, how severe, and the declarations it relates."""

    rule: str
    severity: Severity
    file: str
    span: Span
    message: str
    related: tuple[Location, ...] = ()

    @property
    def line(self) -> int:
        return self.span.line


@record
class LeftOut:
    """A declaring file that is not the project's own (test data, an example, a template,
    vendored code), and why: it belongs to no scope and is not compared."""

    file: str
    reason: str


@record
class Result:
    """A check's outcome: every declaration read and every finding, by scope."""

    root: str
    files_scanned: int
    declarations: tuple[Declaration, ...]
    findings: tuple[Finding, ...]
    scopes: tuple[str, ...] = field(default=())
    unused_ignores: tuple[Location, ...] = field(default=())
    left_out: tuple[LeftOut, ...] = field(default=())

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def left_out_summary(self) -> str:
        """`12 declaring file(s) not the project's own were left out (10 test data, 2
        example)`, or "" when none were."""
        if not self.left_out:
            return ""
        reasons: dict[str, int] = {}
        for item in self.left_out:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1
        said = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        return (
            f"{len(self.left_out)} declaring file(s) not the project's own were left out "
            f"({said}); `include` in the configuration takes them back"
        )
