"""Scan Python files for what they need: vermin for the bulk, `features` for runtime types.

Each file is parsed once with the running interpreter (never executed), guarded code is
pruned (`tree`, `guards`), our own checks and vermin read the same tree. A file the interpreter
cannot parse is one need at the syntax error's line. Many files are scanned in a pool of
processes; vermin is imported only here, and only when there is something to scan.
"""

from __future__ import annotations

import ast
import heapq
import importlib.util
import os
import re
import sys
import threading
import tokenize
import warnings
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from pyparity import discover, lazy_re, suppress, terminal
from pyparity.code.needs import Need
from pyparity.errors import UnreadableFile
from pyparity.model import Minor, Span
from pyparity.records import record, replace

if TYPE_CHECKING:
    import multiprocessing.context

    from pyparity.cache import Cache
    from pyparity.code.features import Catalog
    from pyparity.code.guards import OlderOnly
    from pyparity.code.receivers import KeywordCalls, Receivers
    from pyparity.code.tree import Facts

# The checks of our own (`features`, `receivers`, `tree`) are imported where a file is
# parsed: a run whose files are all in the cache needs none of them.

RUNNING = Minor(sys.version_info.major, sys.version_info.minor)
POOL_THRESHOLD = 24  # below this many files, starting processes costs more than it saves
_CHUNK = 8


@cache
def _entity_re() -> re.Pattern[str]:
    return re.compile(r"^'(?P<name>[^']+)' (?P<kind>module|member)$")


@cache
def _kwarg_re() -> re.Pattern[str]:
    return re.compile(r"^'(?P<function>[^'(]+)\((?P<keyword>[^')]+)\)'$")


# Vermin's descriptions of syntax, reworded to name the construct in our messages.
_SYNTAX_NAMES = {
    "named expressions": "the walrus operator `:=`",
    "positional-only parameters": "a positional-only parameter `/`",
    "pattern matching": "a `match` statement",
    "`except*`": "`except*`",
    "f-strings": "an f-string",
    "self-documenting f-strings": 'a self-documenting f-string `f"{x=}"`',
    "f-strings (PEP 701)": "f-string syntax from PEP 701",
    "type alias statement (`type X = SomeType`)": "a `type X = ...` statement",
    "generic class `class C[T]: ...`": "a generic class `class C[T]`",
    "multiple context expressions in a `with` statement with parentheses": (
        "a parenthesized `with` statement"
    ),
}
# Syntax errors whose cause is known: a construct newer than the running interpreter.
_NEWER_SYNTAX = (
    (
        lazy_re.compile(r"^\s*+type\s++\w++\s*+(?:\[.*\])?\s*+="),
        Minor(3, 12),
        "a `type X = ...` statement",
    ),
    (
        lazy_re.compile(r"^\s*(async\s+)?def\s+\w+\s*\["),
        Minor(3, 12),
        "a type parameter list `[T]`",
    ),
    (lazy_re.compile(r"^\s*class\s+\w+\s*\["), Minor(3, 12), "a generic class `class C[T]`"),
    (lazy_re.compile(r"^\s*except\s*\*"), Minor(3, 11), "`except*`"),
    (lazy_re.compile(r"^\s*match\b.*:\s*$"), Minor(3, 10), "a `match` statement"),
    (
        lazy_re.compile(r"^.*?(?<![\w.'\"])(?:[tT][rR]?|[rR][tT])['\"]"),
        Minor(3, 14),
        'a template string `t"..."` (PEP 750)',
    ),
    (lazy_re.compile(r"^\s*+lazy\s++(?:import|from)\s"), Minor(3, 15), "a `lazy import` (PEP 810)"),
)


# Messages that mean Python 2 code, which no Python 3 parses.
_PYTHON_2_MESSAGES = (
    "Missing parentheses in call to 'print'",
    "Missing parentheses in call to 'exec'",
)
_UNPARENTHESIZED_EXCEPT = "multiple exception types must be parenthesized"


def _binds_python_2_style(text: str) -> bool:
    """`except ValueError, error:` (Python 2 binds a name) rather than `except A, B:`
    (3.14 lists two types): two items, the second a lowercase name."""
    clause = text.strip().removeprefix("except").partition(":")[0]
    items = [item.strip() for item in clause.split(",")]
    return len(items) == 2 and items[1].isidentifier() and items[1][:1].islower()


@record
class FileJob:
    """One file to scan; only needs newer than `floor` come back."""

    root: discover.Root
    path: str
    floor: Minor
    backports: tuple[str, ...] = ()


def scan(
    jobs: Sequence[FileJob],
    *,
    processes: int | None = None,
    limit: int = 0,
    cache: Cache | None = None,
) -> list[Need]:
    """Scan every job's file; `processes=None` picks a count from the machine and the load,
    at most `limit` when that is not 0. `cache`: the needs of files scanned by earlier runs."""
    if cache is None:
        return [need for needs in _scan_all(jobs, processes, limit) for need in needs]
    found: dict[int, list[Need]] = {}
    missed: list[tuple[int, FileJob, str]] = []
    for index, job in enumerate(jobs):
        content = _content_id(cache, job)
        key = f"{content}@{job.floor}" if content is not None else None
        cached = cache.needs(job.path, key) if key is not None else None
        if cached is not None:
            found[index] = cached
        elif key is not None:
            missed.append((index, job, key))
        else:
            found[index] = scan_file(job)
    scanned = _scan_all([job for _, job, _ in missed], processes, limit)
    for (index, job, key), needs in zip(missed, scanned, strict=True):
        cache.keep_needs(job.path, key, needs)
        found[index] = needs
    return [need for index in range(len(jobs)) for need in found[index]]


def _scan_all(jobs: Sequence[FileJob], processes: int | None, limit: int) -> list[list[Need]]:
    workers = processes if processes is not None else default_processes(len(jobs))
    if processes is None and limit > 0:
        workers = min(workers, limit)
    terminal.code_files(len(jobs))
    if workers <= 1 or len(jobs) < 2:
        return _counted(scan_file(job) for job in jobs)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        return _counted(pool.map(scan_file, jobs, chunksize=_CHUNK))


def _counted(results: Iterable[list[Need]]) -> list[list[Need]]:
    """The needs of each file in turn, telling the progress line about each file."""
    found = []
    for needs in results:
        found.append(needs)
        terminal.code_file_scanned()
    return found


def _content_id(cache: Cache, job: FileJob) -> str | None:
    key = cache.content_id(job.path)
    if key is not None:
        return key
    try:
        return cache.content_id(job.path, discover.read_bytes(job.root, job.path))
    except UnreadableFile:
        return None


def default_processes(files: int) -> int:
    if files < POOL_THRESHOLD:
        return 1
    return max(1, min(os.cpu_count() or 1, 8, files // POOL_THRESHOLD))


def _context() -> multiprocessing.context.BaseContext:
    """fork is the cheapest start (vermin is already imported) but unsafe with threads."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def scan_file(job: FileJob) -> list[Need]:
    """The needs of one file newer than its floor; an unreadable file has none, and neither
    has a script with inline metadata (PEP 723): it declares its own Python, and `uv run`
    picks one that satisfies it."""
    try:
        data = discover.read_bytes(job.root, job.path)
        if b"\x00" in data:
            return []  # not Python source, whatever its name
        source = importlib.util.decode_source(data)  # honours a PEP 263 coding line
    except (UnreadableFile, SyntaxError, UnicodeDecodeError, LookupError):
        return []
    if is_inline_script(source):
        return []
    try:
        needs = source_needs(job.path, source, backports=job.backports)
    except (RecursionError, MemoryError, ValueError):
        return []
    except Exception:
        # vermin failing on one file (as it did on `encoding=None`, 1.9.2) costs that file's
        # needs, not the run and every other finding
        return []
    return [need for need in needs if need.minor > job.floor]


def is_inline_script(source: str) -> bool:
    """Does the source open a `# /// script` metadata block (PEP 723)?"""
    if "# /// script" not in source:
        return False
    return any(line.rstrip() == "# /// script" for line in source.splitlines())


def source_needs(path: str, source: str, *, backports: Iterable[str] = ()) -> list[Need]:
    """Everything one source needs (Python 3 minors), ignored lines left out."""
    lines = source.split("\n")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes and the like are not our business
            tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        unparsed = _unparsed(path, lines, error)
        return _without_ignored([unparsed] if unparsed else [], lines, set())
    from pyparity.code.features import EVAL_TYPE_BACKPORT, runtime_type_needs
    from pyparity.code.guards import older_only_spans
    from pyparity.code.tree import hide_annotations, prepare

    backported = tuple(backports)
    older_only = older_only_spans(tree)
    vermin = _vermin(backported)
    novermin = vermin_comments(source)
    facts = prepare(tree, novermin=novermin, submodule=_is_submodule(path))
    needs = runtime_type_needs(
        tree,
        path=path,
        lines=lines,
        catalog=vermin.catalog,
        facts=facts,
        pydantic_backport=EVAL_TYPE_BACKPORT in backported,
    )
    hide_annotations(facts)  # judged by `features`, which knows the future import
    needs += vermin.needs(tree, path=path, source=source, lines=lines, facts=facts)
    needs = [
        need
        for need in needs
        if not _is_backport(need.feature, backported)
        and not _set_by_the_module(need, facts)
        and not _keyword_tried(need, facts)
        and not _name_tried(need, facts)
        and not (need.feature == _PARENTHESIZED_WITH and _first_item_in_parentheses(need, lines))
    ]
    if any(need.feature == _ASSERT_NEVER for need in needs):
        imported = _assert_never_imports(tree)
        needs = [
            need
            for need in needs
            if need.feature != _ASSERT_NEVER
            or any(first <= need.span.line <= last for first, last in imported)
        ]
    needs = [_patch_backported(need) for need in needs]
    needs = _possible(needs, older_only)
    return _without_ignored(needs, lines, novermin)


_PARENTHESIZED_WITH = _SYNTAX_NAMES[
    "multiple context expressions in a `with` statement with parentheses"
]


def _first_item_in_parentheses(need: Need, lines: Sequence[str]) -> bool:
    """`with (plate(n) if n > 1 else ExitStack()), enum():`: the parentheses after `with`
    close around the first item alone, an expression any Python 3 parses; vermin takes
    every `with (` of several items for 3.9's parenthesized items (`with (a(), b()):`),
    whose parentheses close just before the colon."""
    start = need.span.line - 1
    source = iter(lines[start : start + _WITH_HEADER_LINES])
    depth = 0
    seen_with = closed = False
    try:
        for token in tokenize.generate_tokens(lambda: next(source, "") + "\n"):
            if token.type == tokenize.NAME and token.string == "with" and not seen_with:
                seen_with = True
            elif not seen_with or token.type != tokenize.OP:
                if closed and token.type not in _LAYOUT:
                    return True  # (`as` after the parentheses)
                continue
            elif closed:
                return token.string != ":"
            elif token.string == "(":
                depth += 1
            elif token.string == ")":
                depth -= 1
                closed = depth == 0
            elif depth == 0:
                return False  # (`with` not followed by a parenthesis)
    except (tokenize.TokenError, SyntaxError):
        return False
    return False


_WITH_HEADER_LINES = 64
_LAYOUT = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT})


# Features a security release brought to older minors: PEP 706's extraction filters, in
# 3.8.17, 3.9.17, 3.10.12 and 3.11.4 (what vermin dates to 3.12), the `strict` parsing
# of email addresses (CVE-2023-27043, gh-102988), in 3.8.20, 3.9.20, 3.10.15, 3.11.10 and
# 3.12.6 (vermin: 3.13), and the limit on int-to-str digits (CVE-2020-10735, gh-95778), in
# 3.7.14, 3.8.14, 3.9.14 and 3.10.7 (vermin: 3.11). On a floor of the first such minor or
# later they need a patch release, not a newer minor.
_PATCH_BACKPORTS = {
    "`tarfile.TarFile.extractall(filter=...)`": Minor(3, 8),
    "`tarfile.TarFile.extract(filter=...)`": Minor(3, 8),
    "`shutil.unpack_archive(filter=...)`": Minor(3, 8),
    "`email.utils.parseaddr(strict=...)`": Minor(3, 8),
    "`email.utils.getaddresses(strict=...)`": Minor(3, 8),
    "`sys.set_int_max_str_digits`": Minor(3, 7),
    "`sys.get_int_max_str_digits`": Minor(3, 7),
    "`sys.flags.int_max_str_digits`": Minor(3, 7),
}


def _patch_backported(need: Need) -> Need:
    oldest = _PATCH_BACKPORTS.get(need.feature)
    return need if oldest is None or need.minor <= oldest else replace(need, minor=oldest)


def _is_submodule(path: str) -> bool:
    """A module of a package other than its `__init__.py` (a file at the top of the tree is
    a script or a package of one module: what it says it needs, the project needs)."""
    return "/" in path and not path.endswith("/__init__.py")


def _possible(needs: list[Need], older_only: Sequence[OlderOnly]) -> list[Need]:
    """The needs not used where only an older Python runs (there the feature cannot be the
    stdlib's). One pass over the needs in line order with the branches open at each line in
    a heap by cap: linear in a file of thousands of version switches, not needs x branches."""
    if not older_only:
        return needs
    branches = sorted(older_only, key=lambda branch: branch[0])
    open_branches: list[tuple[Minor, int]] = []  # (cap, last line), the lowest cap first
    waiting = 0
    impossible: set[int] = set()
    for index in sorted(range(len(needs)), key=lambda i: needs[i].span.line):
        line = needs[index].span.line
        while waiting < len(branches) and branches[waiting][0] <= line:
            _, last, cap = branches[waiting]
            heapq.heappush(open_branches, (cap, last))
            waiting += 1
        while open_branches and open_branches[0][1] < line:
            heapq.heappop(open_branches)  # closed before this line, so before every later one
        if open_branches and needs[index].minor >= open_branches[0][0]:
            impossible.add(index)
    return [need for index, need in enumerate(needs) if index not in impossible]


def _unparsed(path: str, lines: Sequence[str], error: SyntaxError) -> Need | None:
    """The need a syntax error stands for: a construct of a newer Python this one does not
    parse (a `type` statement, PEP 701's f-strings, a t-string, ...). None for any other
    error: Python 2 (`print "x"`, `except ValueError, e:`), templates (`from {{name}}
    import`), and broken code no Python parses (a scratch file, stray text), which says
    nothing of a version."""
    line = max(error.lineno or 1, 1)
    text = lines[line - 1] if line <= len(lines) else ""
    message = error.msg or "invalid syntax"
    span = _line_span(lines, line)
    if message.startswith(_PYTHON_2_MESSAGES) or "{{" in text or "{%" in text:
        return None
    for pattern, minor, name in _NEWER_SYNTAX:
        if pattern.match(text) and minor > RUNNING:
            return Need(minor=minor, feature=name, file=path, span=span)
    if message.startswith("f-string") and Minor(3, 12) > RUNNING:
        feature = "f-string syntax from PEP 701"
        return Need(minor=Minor(3, 12), feature=feature, file=path, span=span)
    if message.startswith(_UNPARENTHESIZED_EXCEPT) and Minor(3, 14) > RUNNING:
        if _binds_python_2_style(text):
            return None
        feature = "an `except` clause listing types without parentheses (PEP 758)"
        return Need(minor=Minor(3, 14), feature=feature, file=path, span=span)
    return None  # broken on every Python we know of (a scratch file, stray text): no version


def _without_ignored(needs: list[Need], lines: Sequence[str], novermin: set[int]) -> list[Need]:
    """`# novm` / `# novermin` (vermin's own) and `# pyparity: ignore[code-floor]`."""
    ignored = set(novermin)
    for ignore in suppress.ignores_in("", lines):
        if ignore.rules is None or "code-floor" in ignore.rules:
            ignored |= {ignore.line, ignore.line + 1}
    return [need for need in needs if need.span.line not in ignored]


def _set_by_the_module(need: Need, facts: Facts) -> bool:
    """`sys.last_exc = None`, and the reads of it after that line."""
    name = need.feature.strip("`")
    first = facts.assigned.get(name)
    line = need.span.line
    return first is not None and (line > first or (name, line) in facts.stored_only)


def _keyword_tried(need: Need, facts: Facts) -> bool:
    """`hashlib.md5(usedforsecurity=...)` in a `try:` that catches its `TypeError`."""
    if not need.feature.endswith("=...)`"):
        return False
    line = need.span.line
    return any(first <= line <= last for first, last in facts.keyword_probes)


def _name_tried(need: Need, facts: Facts) -> bool:
    """`os.register_at_fork(...)` in a short `try:` whose handler catches every error and
    falls back: a function or attribute (not syntax, which fails before anything runs)."""
    if not _NAME_FEATURE.fullmatch(need.feature):
        return False
    line = need.span.line
    return any(first <= line <= last for first, last in facts.name_probes)


_NAME_FEATURE = lazy_re.compile(r"`[A-Za-z_][\w.]*+`")

# `typing.assert_never(x)` in the branch a match or an if chain never reaches (meltano's
# `case _:  # pragma: no cover`): it raises wherever it runs, AssertionError where it exists
# and AttributeError where it does not, so reaching it through the module needs nothing.
# Imported by name (`from typing import assert_never`), it fails the import on 3.10.
_ASSERT_NEVER = "`typing.assert_never`"


def _assert_never_imports(tree: ast.Module) -> list[tuple[int, int]]:
    """The lines of each `from typing import ..., assert_never`."""
    return [
        (node.lineno, node.end_lineno or node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "typing"
        and any(alias.name == "assert_never" for alias in node.names)
    ]


def _is_backport(feature: str, backports: Sequence[str]) -> bool:
    name = feature.strip("`")
    return any(name == module or name.startswith(f"{module}.") for module in backports)


def vermin_comments(source: str) -> set[int]:
    """Lines vermin's `# novm` / `# novermin` comments exempt."""
    if "novm" not in source:
        return set()
    import vermin

    try:
        return set(vermin.Parser(source).comments())
    except (SyntaxError, tokenize.TokenError):
        return set()


def _line_span(lines: Sequence[str], line: int, start: int = 0, length: int = 0) -> Span:
    """The given columns, else the line's text without its indentation."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if not length:
        stripped = text.strip()
        start, length = (text.index(stripped), len(stripped)) if stripped else (0, 0)
    return Span(line=line, column=start + 1, end_line=line, end_column=start + 1 + length)


@record(frozen=False, kw_only=False)
class _Vermin:
    """vermin, configured once per process to collect what it finds instead of printing."""

    config: Any
    capture: Any
    catalog: Catalog

    def needs(
        self, tree: ast.Module, *, path: str, source: str, lines: Sequence[str], facts: Facts
    ) -> list[Need]:
        import vermin

        from pyparity.code.linear_vermin import visitor_class

        self.capture.records.clear()
        visitor = visitor_class(vermin)(config=self.config, path=path, source=source)
        visitor.set_no_lines(facts.novermin)
        visitor.tour(tree)
        for named in (visitor.codecs_encodings(), visitor.codecs_error_handlers()):
            # `open(path, encoding=None)`: vermin would call None's `lower()` (1.9.2)
            named[:] = [name for name in named if isinstance(name, str)]
        visitor.minimum_versions()
        receivers = _LazyReceivers(tree, facts.aliases)
        return [
            need
            for record in self.capture.records
            if (need := _record_need(record, path, lines, facts, receivers)) is not None
        ]


@record(frozen=False, kw_only=False)
class _LazyReceivers:
    """Built only for a file where vermin names a builtin type's method or a keyword argument
    (most have neither)."""

    tree: ast.Module
    aliases: dict[str, str]
    receivers: Receivers | None = None
    calls: KeywordCalls | None = None

    def confirms(self, line: int, member: str) -> bool:
        return self._receivers().confirms(line, member)

    def contradicts(self, line: int, member: str) -> bool:
        return self._receivers().contradicts(line, member)

    def _receivers(self) -> Receivers:
        if self.receivers is None:
            from pyparity.code.receivers import Receivers

            self.receivers = Receivers(self.tree)
        return self.receivers

    def passes(self, line: int, function: str, keyword: str) -> bool:
        if self.calls is None:
            from pyparity.code.receivers import KeywordCalls

            self.calls = KeywordCalls(self.tree, self.aliases)
        return self.calls.confirms(line, function, keyword)


def _record_need(
    record: tuple[Any, ...],
    path: str,
    lines: Sequence[str],
    facts: Facts,
    receivers: _LazyReceivers,
) -> Need | None:
    from pyparity.code.receivers import is_builtin_type

    line, column, versions, message = record
    if not versions or len(versions) < 2 or not versions[1]:
        return None
    minor = Minor(*versions[1])
    if minor <= Minor(3, 0) or not line:
        return None
    feature, shown = _feature(message)
    if "." not in shown and shown in facts.bound:
        return None  # `from unittest.mock import sentinel`, a class of its own: not the builtin
    if "." not in shown and (line, shown) in facts.imported:
        # `from exceptiongroup import BaseExceptionGroup as _Backport`: the backport's class;
        # the builtin is needed only where the module reads the name itself
        if (used := facts.first_use.get(shown)) is None:
            return None
        line, column = used, 0
    if any(shown == tested or shown.startswith(f"{tested}.") for tested in facts.detected):
        return None  # used where `hasattr(sys, "monitoring")` / `getattr(...)` tested it
    head, dot, _ = shown.partition(".")
    if dot and head in facts.optional:
        return None  # `annotationlib.Format.VALUE`, the module imported in a `try:` with a fallback
    if dot and is_builtin_type(head) and not receivers.confirms(line, shown):
        return None  # `(p * 100).is_integer()`: vermin's guess of the type, not a certainty
    if shown.count(".") >= 2 and not is_builtin_type(head) and receivers.contradicts(line, shown):
        return None  # `root.copy()`, `root` a dict here and a `Path` in another function
    if dot and _resolved_twice(shown, lines[line - 1] if 0 < line <= len(lines) else "", facts):
        return None  # `import time as time_time` beside `from datetime import time`
    if (kwarg := _kwarg_re().match(message)) and not receivers.passes(
        line, kwarg["function"], kwarg["keyword"]
    ):
        return None  # `combine(d, time(0, tzinfo=tz))`: the keyword is the inner call's
    start = _find(lines, line, shown, column)
    span = _line_span(lines, line, *start) if start else _line_span(lines, line)
    return Need(minor=minor, feature=feature, file=path, span=span)


def _resolved_twice(shown: str, text: str, facts: Facts) -> bool:
    """vermin resolves an alias of an import twice: after `import time as time_time` and
    `from datetime import time`, `time_time.strptime(...)` (the `time` module's, in every
    Python) is read as `datetime.time.strptime` (3.14). True when the line spells the member
    through such an alias, whose own import is not what vermin named."""
    aliases = facts.aliases
    for alias, target in aliases.items():
        again = aliases.get(target)
        if alias == target or again is None or again == target:
            continue
        rest = shown[len(again) + 1 :]
        if not shown.startswith(f"{again}.") or f"{alias}.{rest}" not in text:
            continue
        return not _spelled_alone(text, f"{target}.{rest}")  # (the line may read it too)
    return False


def _spelled_alone(text: str, dotted: str) -> bool:
    """Is `dotted` on the line with no name or dot glued before it (`time.strptime`, not
    the tail of `time_time.strptime`)?"""
    found = text.find(dotted)
    while found != -1:
        before = text[found - 1 : found]
        if not before or not (before.isalnum() or before in "_."):
            return True
        found = text.find(dotted, found + 1)
    return False


def _feature(message: str) -> tuple[str, str]:
    """vermin's description -> (how the message names it, the text to find on the line)."""
    if entity := _entity_re().match(message):
        return f"`{entity['name']}`", entity["name"]
    if kwarg := _kwarg_re().match(message):
        return f"`{kwarg['function']}({kwarg['keyword']}=...)`", f"{kwarg['keyword']}="
    return _SYNTAX_NAMES.get(message, message), ""


def _find(
    lines: Sequence[str], line: int, shown: str, column: int | None
) -> tuple[int, int] | None:
    """Where on the line the entity is spelled (whole, or its last part after an import)."""
    if not shown or not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    for candidate in (shown, shown.rsplit(".", 1)[-1]):
        found = text.find(candidate, column or 0)
        if found == -1:
            found = text.find(candidate)
        if found != -1:
            return found, len(candidate)
    return None


@cache
def _vermin(backports: tuple[str, ...]) -> _Vermin:
    import vermin
    from vermin.formats.format import Format

    class Capture(Format):  # type: ignore[misc]
        """Keeps (line, column, versions, description) of every finding instead of text."""

        def __init__(self) -> None:
            super().__init__("pyparity")
            self.records: list[tuple[Any, ...]] = []

        def skip_output_line(self) -> bool:
            return False

        def format_output_line(
            self,
            msg: str,
            path: str | None = None,
            line: int | None = None,
            col: int | None = None,
            versions: Any = None,
            plural: bool | None = None,
            violation: bool = False,
        ) -> str:
            self.records.append((line, col, versions, msg))
            return ""

        def output_result(self, proc_res: Any) -> None:
            return None

        def sort_output_lines(self, lines: list[str]) -> list[str]:
            return lines

    config = vermin.Config()
    capture = Capture()
    config.set_format(capture)
    config.set_verbose(3)  # per-feature lines and columns; printed nowhere (Capture)
    config.set_quiet(True)
    config.set_show_tips(False)
    config.set_eval_annotations(False)
    config.set_ignore_incomp(True)
    for name in _OLDER_KEYWORDS + _OLDER_MEMBERS:
        config.add_exclusion(name)
    for module in backports:
        if not config.add_backport(module):
            config.add_exclusion(module)
    return _Vermin(config=config, capture=capture, catalog=_catalog(vermin, config))


def _catalog(vermin: Any, config: Any) -> Catalog:
    from pyparity.code.features import Catalog

    members = {
        name: Minor(*versions[1])
        for name, versions in vermin.MOD_MEM_REQS(config).items()
        if versions[1] and tuple(versions[1]) > (3, 0)
    }
    generics = frozenset(vermin.BUILTIN_GENERIC_ANNOTATION_TYPES) - _SUBSCRIPTABLE_BEFORE_3_9
    return Catalog(generics=generics, members=members)


# vermin dates these keywords to 3.7, which let `path` be a path-like object; the keyword
# itself came with the functions (3.4: `open_unix_connection(path=None, ...)`), so passing a
# string by keyword works on every Python 3 (aioredis' `open_unix_connection(path=self.path)`).
_OLDER_KEYWORDS = tuple(
    f"asyncio.{function}(path)"
    for function in (
        "open_unix_connection",
        "start_unix_server",
        "loop.create_unix_connection",
        "loop.create_unix_server",
    )
)


# vermin dates `socket.SOL_HCI` to 3.14, with the Bluetooth constants that came then; it
# came with `BTPROTO_HCI` and `HCI_FILTER` long before (Debian's 3.11 has it: scapy's HCI
# socket on a 3.7 floor).
_OLDER_MEMBERS = ("socket.SOL_HCI",)


# `ContextVar[int]` has worked since contextvars came (3.7: a class method that returns the
# class); PEP 585 made the others subscriptable in 3.9. Tried on 3.7 and 3.8 with every type
# of vermin's list: this is the only one.
_SUBSCRIPTABLE_BEFORE_3_9 = frozenset({"contextvars.ContextVar"})
