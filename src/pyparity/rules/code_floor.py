"""## code-floor (error)

**What it does.** Compares, in each scope, the lowest Python minor the scope supports with
the minimum Python the scope's own code needs. The supported floor is the lower bound of
`requires-python` (or Poetry's `python`, `python_requires`); without one, the lowest
classifier; without those, the lowest runtime pin outside CI (`.python-version`,
`runtime.txt`, the final Docker stage, compose, devcontainer, conda), as an application that
declares nothing else. CI jobs and matrices, tox and nox environments, tool targets (ruff,
mypy) and tooling pins never set the floor: a job on an older Python is `outside-range`'s
business, a lower ruff target `target-mismatch`'s. The finding sits on the line of the
newest feature the code uses, names it, and points at the declarations on the floor.

The code is every `.py` file of the scope (as git lists them) except tests and test data
(`tests/`, `test-data/`, `e2e_playwright/`, `fixtures/`, ...), vendored folders, docs and CI
helpers, developer tooling (`scripts/`, `tools/`, `benchmarks/`, `examples/`, `extras/`,
`profiling/`), templates (`templates/`, `{{cookiecutter.x}}/`) and scripts with inline
metadata (PEP 723 `# /// script`, which declare their own Python); `code-paths` chooses
other files and `code-exclude` leaves more out.

Detection is [vermin](https://github.com/netromdk/vermin)'s (new modules, members,
keyword arguments and syntax), plus what vermin does not report by default: `X | Y`
unions (3.10) and `dict[str, int]` generics (3.9) that Python evaluates at runtime:
annotations of functions and of module- and class-level variables (unless the module has
`from __future__ import annotations`), type aliases, `isinstance`. String annotations and
local variable annotations are never evaluated, so they never count, and neither does a name
used only in annotations that are not evaluated (`-> typing.Self` under the `__future__`
import; dataclasses and attrs do not evaluate theirs). Pydantic models
(`BaseModel`, `BaseSettings`, `SQLModel`, `@pydantic.dataclasses.dataclass`) evaluate their
field annotations even under the `__future__` import, so those count, unless `backports`
lists `eval_type_backport`. A method of a builtin type (`int.bit_count`, `str.removeprefix`)
counts only where the receiver certainly has that type (a literal, `int(...)`, a name bound
once to one): `(p * 100).is_integer()` may be a float's. A keyword argument counts only on
the call that passes it (in `combine(d, time(0, tzinfo=tz))` it is `time`'s). A file the running
interpreter cannot parse is a finding at its syntax error when that is a newer Python's syntax
(a `type` statement, a generic `def f[T]`, PEP 701's f-strings, PEP 758's `except A, B:`, a
t-string, a `lazy import`); any other syntax error (Python 2's `print "x"`, a template's
`from {{name}} import x`, a half-written scratch file) says nothing of a version. A PEP 263
coding line is honoured. The code is parsed, never run.

Code that only runs where the feature exists does not count: branches under
`if sys.version_info >= (3, 11):` (or `hasattr(...)`, `getattr(..., None)`, `TYPE_CHECKING`,
a flag holding such a test, a name holding the version, any of them inside `and` / `or`),
what `and` / `or` evaluate only after such a test, and `try:` blocks with an
`except ImportError` / `ModuleNotFoundError` / `AttributeError` fallback. A branch that runs
only on an older Python (the `else:` of `if sys.version_info >= (3, 8):`, the body of
`if sys.version_info < (3, 13):`) cannot use that Python's standard library, so what it
names from 3.8 (or 3.13) on is a backport or the project's own, not a need. A module, or a
package through its `__init__.py`, whose top level re-raises a failed import of a
third-party library (`except ImportError: raise DidNotEnable(...)`) runs only where that
library installs, on Pythons pyparity cannot know: it is left out. A newer keyword passed
only when its value is set (`if factory is not None: run(c, loop_factory=factory)`, with an
`else:` that calls `run(c)` without it) is passed only where the code that set it knew it
exists. Modules listed in
`backports` (installed from PyPI on older Pythons) do not count either, nor do `graphlib`,
`dataclasses` and `contextvars` where the scope's `pyproject.toml`, `setup.py`, `setup.cfg`
or `requirements*.txt` installs their same-named backport (`graphlib_backport ;
python_version < "3.9"`). A function's own name for the version (`vi =
sys.version_info[:2]`, then `if vi <= (3, 10): ... else: ...`) guards as a module's does.
`ContextVar[...]` is no 3.9 generic: it has been subscriptable since contextvars came, and
`typing.assert_never(x)` reached through the module raises on every Python. Files
only a type checker reads (`typecheck/`, `typesafety/`), the generator scripts beside the
package at the top of the repository (`generate_*.py`, `update_*.py`, or so named in a folder
that is no package inside one), loose `.py` files in a front end's folder (a `package.json`
and no Python package) and, in a project whose build takes its packages from `src/`
(`package_dir={"": "src"}`), the folders other than `src/`, or, in one whose setup.py or
`[tool.setuptools]` lists its packages by name, or whose Hatchling, scikit-build-core or
maturin build names what its wheel ships (`packages`, `only-include`, `wheel.packages`,
`python-source`), the folders outside them, are not the project's code (nor, beside those
three backends, which run no file of the project's top as setuptools runs setup.py, the
files at the top that they do not ship). A
file that ruff's `per-file-target-version` gives a newer target of its own may use what that
target has (a module imported only under a version test), and an upper-case
constant named for the running version (`PY_VERSION`, imported from the project's own
module) guards as `sys.version_info` does. So does a test of an imported name against None
(`if UnionType is not None:`, from a compat module that gives None where the Python lacks
it), and a module-level function the module calls only from guarded code is as guarded, as
is a method of a module-private class that only guarded code calls (`_Random(n).random_p(p)`
past `if sys.version_info < (3, 12): raise ...`). A call with no arguments named for the
feature its branch uses (`if compat.has_asyncio_timeout():` around `asyncio.timeout`,
`has_X` or `supports_X`) is a probe for it, however it decides; so is an imported
constant so named (`HAS_X`, `SUPPORTS_X`) that is the test or starts an `and`, for code that
uses X's last word (`SUPPORTS_PERF_TRAMPOLINE` for `sys.activate_stack_trampoline`). A
newer keyword tried in a short `try:` whose handler catches its `TypeError` (`try:
md5(usedforsecurity=False)` / `except Exception: ...`) is a probe, so is a newer function
or attribute in a short `try:` whose handler catches every error and falls back (`try:
os.register_at_fork(...)` / `except Exception: os.fork = patched`), and a module attribute the
module sets itself (`sys.last_exc = None`) is not needed where it is read after that. A test
(or test class) decorated to skip where the Python is older (`@unittest.skipIf(
sys.version_info < (3, 14), ...)`, `@pytest.mark.skipif(...)`, `@unittest.skipUnless(...)`)
needs nothing of the newer one. Each use of a feature is reported on its own line.

**Why it matters.** The drift that hurts most is in the code: `datetime.UTC` (3.11) or a
`dict[str, str] | None` annotation (3.10) works on the CI's 3.11 and fails at import on the
3.9 that `.python-version` or `requires-python` still promises.

**Example.**

    pyproject.toml   requires-python = ">=3.9"
    app/clock.py     return datetime.datetime.now(datetime.UTC)

`` `datetime.UTC` needs Python 3.11, but `requires-python >=3.9` (pyproject.toml:9) admits
3.9``.

**How to fix.** Either raise the declarations to what the code needs (`requires-python =
">=3.11"`, the pins, the matrix), or make the code work on the floor (`timezone.utc`,
`Optional[...]` or `from __future__ import annotations`, a guarded import with a backport).
A line can be exempted with `# pyparity: ignore[code-floor]` (or vermin's `# novm`);
`pyparity check --no-code` or `disable = ["code-floor"]` skips the scan.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Finding, Severity
from pyparity.rules import ScopeInput

NAME = "code-floor"
SEVERITY = Severity.ERROR


def check(scope: ScopeInput) -> Iterator[Finding]:
    """The finding comes from the code scan (`pyparity.code`), which `check.py` runs."""
    return iter(())
