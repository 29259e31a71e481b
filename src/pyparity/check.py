"""The pipeline: discover -> read -> resolve -> scope -> rules -> suppress -> Result."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from pyparity import (
    collector,
    discover,
    foreign,
    overrides,
    resolve,
    rules,
    scope,
    setuptools_metadata,
    suppress,
    terminal,
)
from pyparity.config import Config
from pyparity.model import (
    COPIES_NO_CODE,
    INSTALLS_ONLY,
    RUNS_OTHERS_TOOLS,
    SCRIPTS_ONLY,
    Declaration,
    Finding,
    LeftOut,
    Location,
    Purpose,
    Result,
    Span,
)
from pyparity.reading import Reader, parse_error
from pyparity.records import replace
from pyparity.rules import ScopeInput
from pyparity.sources import candidates, source_for

if TYPE_CHECKING:
    from pathlib import Path

    from pyparity.cache import Cache
    from pyparity.reading import Helper


def run(
    root_path: str,
    config: Config,
    *,
    listing: discover.Listing | None = None,
    jobs: int = 0,
    helper: Helper | None = None,
    cache_dir: Path | None = None,
) -> Result:
    """`jobs`: at most this many processes read files and scan code (0: as many as help).
    `listing` (the tree's file listing) and `helper` (a process to read files) are started
    by a caller that has imports to do meanwhile. `cache_dir`: keep what each file gave
    there for the next run (`cache.py`); None: no cache."""
    root = listing.root if listing is not None else discover.Root.at(root_path)
    with collector.paused():
        scanned = _scan(root, listing, config, jobs, helper, cache_dir)
        declarations, findings = scanned.declarations, scanned.findings
        if config.code and "code-floor" in rules.NAMES and "code-floor" not in config.disable:
            from pyparity.code import code_floor_findings

            with collector.resumed():
                findings += code_floor_findings(
                    root, scanned.paths, declarations, config, limit=jobs, cache=scanned.cache
                )
        if scanned.cache is not None:
            scanned.cache.save()
        findings = _configure(_distinct(findings), config)
        findings, unused = suppress.apply(findings, scanned.lines)
    return Result(
        root=root_path,
        files_scanned=scanned.files_read,
        declarations=tuple(sorted(declarations, key=_declaration_order)),
        findings=tuple(sorted(findings, key=_finding_order)),
        scopes=tuple(sorted({d.scope for d in declarations} | {"."})),
        unused_ignores=tuple(Location(file=i.file, line=i.line) for i in unused),
        left_out=tuple(scanned.left_out),
    )


class _Scanned(NamedTuple):
    paths: list[str]
    """The listing, less the files that make no scope (a pyproject.toml of tool settings)."""
    lines: dict[str, list[str]]
    """The lines of each file read that names pyparity (its inline ignores)."""
    files_read: int
    declarations: list[Declaration]
    findings: list[Finding]
    left_out: list[LeftOut]
    cache: Cache | None


def _scan(
    root: discover.Root,
    listing: discover.Listing | None,
    config: Config,
    jobs: int,
    helper: Helper | None,
    cache_dir: Path | None,
) -> _Scanned:
    listing = listing or discover.Listing(root)
    listed = listing.files()
    listing.declaring = declaring = [p for p in listed if candidates(p)]
    cache = None
    if cache_dir is not None:
        from pyparity.cache import open_cache

        cache = open_cache(root.path, cache_dir, config, listed)
    if config.exclude:
        listed = [p for p in listed if not discover.excluded(p, config.exclude)]
        declaring = [p for p in declaring if not discover.excluded(p, config.exclude)]
    paths = listed if _utf8("".join(listed)) else [p for p in listed if _utf8(p)]
    listed_set = frozenset(paths)
    reader = Reader(root, listed=listed_set, cache=cache)
    if len(paths) < len(listed):
        reader.errors += _undecodable_names(p for p in listed if not _utf8(p))
        declaring = [p for p in declaring if _utf8(p)]
    templates = foreign.copier_payloads(listed, lambda path: discover.read_bytes(root, path))
    if templates:
        paths = [p for p in paths if not p.startswith(templates)]
    own, left_out = foreign.split(declaring, config.include, templates)
    parts = scope.package_parts(own, listed_set)
    if parts:
        paths, own, set_aside = _set_aside_package_parts(paths, own, parts, config.include)
        left_out += set_aside
    early: list[set[str]] = []

    def meanwhile() -> None:
        _import_the_rest(config)
        early.append(scope.find_scopes(paths))

    reader.read_declaring(own, jobs=jobs, helper=helper, meanwhile=meanwhile)
    terminal.files_read(len(reader.declarations))
    left_out = _read_test_images(reader, left_out) + _set_aside_templates(reader)
    declarations = [d for path in list(reader.declarations) for d in reader.declarations[path]]
    declarations = resolve.resolve(declarations, reader.linked, reader.text)
    declarations = setuptools_metadata.without_ignored(declarations, reader.text)
    if any(_tool_image(d.context) for d in declarations):
        from pyparity import tool_images

        declarations = tool_images.settle(declarations, paths)
    read = list(reader.declarations)  # every declaring file read, whatever it declared
    if any(".devcontainer" in path for path in read):  # (rare: import it then)
        from pyparity import dev_environments

        declarations = dev_environments.settle(declarations, read, reader.text)
    # An inline ignore or purpose names pyparity: a file that does not has none to split.
    lines = {path: text.lines for path, text in reader.texts.items() if "pyparity" in text.text}
    declarations = overrides.apply(declarations, config.purpose, lines)
    tool_settings = {
        path
        for path, text in reader.texts.items()
        if path.rpartition("/")[2] == "pyproject.toml" and scope.configures_tools_only(text.text)
    }
    scope_paths = [p for p in paths if p not in tool_settings] if tool_settings else paths
    # The scopes were found while the helper finished (the same answer: no pyproject.toml of
    # tool settings only was read), else they are found now.
    scopes = early[0] if early and not tool_settings else scope.find_scopes(scope_paths)
    declarations = scope.assign(declarations, scopes, config.scopes)
    findings = [*reader.errors, *_run_rules(declarations, config)]
    return _Scanned(
        scope_paths, lines, len(reader.declarations), declarations, findings, left_out, cache
    )


def _set_aside_package_parts(
    paths: list[str], own: list[str], parts: frozenset[str], include: tuple[str, ...]
) -> tuple[list[str], list[str], list[LeftOut]]:
    """Leave out the declaring files of folders inside an import package (`scope.package_parts`)
    and take their markers out of the listing, so that they make no scope: their code is the
    enclosing project's. `include` globs take them back."""
    aside = [
        path
        for path in own
        if _in_folders(path, parts) and not (include and discover.excluded(path, include))
    ]
    markers = {path for path in aside if path.rpartition("/")[2] in scope.MARKERS}
    set_aside = set(aside)
    kept = [path for path in own if path not in set_aside]
    left_out = [LeftOut(file=path, reason=foreign.PACKAGE_PART) for path in aside]
    return [p for p in paths if p not in markers], kept, left_out


def _in_folders(path: str, folders: frozenset[str]) -> bool:
    """Is the path in one of the folders (or below)? One look-up per parent folder."""
    folder = path.rpartition("/")[0]
    while folder:
        if folder in folders:
            return True
        folder = folder.rpartition("/")[0]
    return False


def _import_the_rest(config: Config) -> None:
    """Import the rules this run applies and the build-link resolver while the helper
    finishes its files (otherwise 10-15 ms after them, on large trees)."""
    from pyparity import resolve_builds  # noqa: F401

    rules.enabled(audit=config.audit, enable=config.enable, disable=config.disable)


def _read_test_images(reader: Reader, left_out: list[LeftOut]) -> list[LeftOut]:
    """Read the Dockerfiles of foreign trees that the project's own CI or compose files build
    (its tests' images); return the rest of what is left out."""
    dockerfiles = [
        (item, source)
        for item in left_out
        if (source := source_for(item.file)) is not None and source.kind == "dockerfile"
    ]
    if not dockerfiles:
        return left_out
    named = foreign.built_paths((path, text.text) for path, text in reader.texts.items())
    kept = set()
    for item, source in dockerfiles:
        where = foreign.builder(item.file, named)
        if where is not None:
            kept.add(item.file)
            reader.declarations.pop(item.file, None)
            reader.read(item.file, source)
            helper = _test_helper(reader, item, named)
            reader.declarations[item.file] = [
                replace(
                    d,
                    purpose=Purpose.TOOLING,
                    context=f"{d.context}, a helper of the tests built by {where} from its "
                    f"own folder, tooling: {RUNS_OTHERS_TOOLS}",
                )
                if helper
                else replace(
                    d, context=f"{d.context}, test image built by {where}", test_image=True
                )
                for d in reader.declarations[item.file]
            ]
    return [item for item in left_out if item.file not in kept]


def _test_helper(reader: Reader, item: LeftOut, named: dict[str, str]) -> bool:
    """A test tree's image a workflow builds from its own folder, that runs no tests and in
    which the workflow runs none (k8s-sidecar's `test/server`, a dummy web server the tests
    talk to): it holds none of the project, and its Python is the helper's, not the one the
    tests run on. (A compose service built so may mount the tree and run the tests there.)"""
    if item.reason not in (foreign.TESTS, foreign.TEST_DATA):
        return False
    text = reader.texts.get(item.file)
    if text is None or not foreign.built_from_its_folder(item.file, named):
        return False
    from pyparity.purpose import runs_tests, runs_tests_elsewhere
    from pyparity.sources import compose

    builder = named[item.file.rpartition("/")[0]].rpartition(":")[0]
    builder_text = reader.texts.get(builder)
    if compose.matches(builder) or builder_text is None:
        return False
    return not runs_tests_elsewhere(builder_text.text) and not runs_tests(text.text)


def _set_aside_templates(reader: Reader) -> list[LeftOut]:
    """Files that could not be parsed because they are Jinja templates (a compose file a
    setup wizard renders, `{% if ... %}` lines): a template, not a broken file, so no
    parse-error; left out as a template folder's files are. (Conda recipes are Jinja by
    design: their reader reads them.)"""
    failed = {error.file for error in reader.errors if error.rule == "parse-error"}
    templates = {
        path
        for path in failed
        if (text := reader.texts.get(path)) is not None
        and (source := source_for(path)) is not None
        and source.kind != "conda-recipe"
        and foreign.jinja_template(text.text)
    }
    if not templates:
        return []
    reader.errors = [e for e in reader.errors if e.file not in templates]
    return [LeftOut(file=path, reason=foreign.TEMPLATE) for path in sorted(templates)]


def _run_rules(declarations: Sequence[Declaration], config: Config) -> Iterable[Finding]:
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in declarations:
        by_scope[declaration.scope].append(declaration)
    applied = rules.enabled(audit=config.audit, enable=config.enable, disable=config.disable)
    for scope_name, members in sorted(by_scope.items()):
        scope_input = ScopeInput(
            scope=scope_name,
            declarations=tuple(members),
            today=config.today,
            precision=config.precision,
            source_of_truth=config.source_of_truth,
            audit=config.audit,
        )
        for rule in applied:
            yield from rule.check(scope_input)


def _distinct(findings: Iterable[Finding]) -> list[Finding]:
    """Two stages built from one global ARG are two declarations at one place: say it once."""
    seen: set[tuple[str, str, Span, str]] = set()
    distinct = []
    for finding in findings:
        key = (finding.rule, finding.file, finding.span, finding.message)
        if key not in seen:
            seen.add(key)
            distinct.append(finding)
    return distinct


def _configure(findings: Iterable[Finding], config: Config) -> list[Finding]:
    result = []
    for finding in findings:
        if finding.rule in config.disable:
            continue
        severity = config.severity.get(finding.rule)
        result.append(replace(finding, severity=severity) if severity else finding)
    return result


def _utf8(path: str) -> bool:
    """A name git or the file system gave with bytes that are not UTF-8 (kept as surrogate
    escapes) cannot be printed, linked or written to a UTF-8 report. (Asked first of all the
    names joined: one call, not 10,000, when none has such bytes.)"""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _undecodable_names(paths: Iterable[str]) -> list[Finding]:
    """A parse-error, under a printable name, for each declaring file whose name is not UTF-8."""
    findings = []
    for path in paths:
        shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if source_for(shown) is not None:
            findings.append(parse_error(shown, "the file name is not valid UTF-8; not read", 1, 1))
    return findings


def _declaration_order(declaration: Declaration) -> tuple[str, str, int, int]:
    return (declaration.scope, declaration.file, declaration.span.line, declaration.span.column)


def _finding_order(finding: Finding) -> tuple[int, str, int, int, str]:
    return (-finding.severity.rank, finding.file, finding.line, finding.span.column, finding.rule)


def _tool_image(context: str) -> bool:
    """Does a declaration's image say what it holds, for `tool_images.settle` to tell?"""
    return INSTALLS_ONLY in context or COPIES_NO_CODE in context or SCRIPTS_ONLY in context
