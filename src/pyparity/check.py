"""The pipeline: discover -> read -> resolve -> scope -> rules -> suppress -> Result."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from pyparity import discover, overrides, resolve, rules, scope, suppress
from pyparity.config import Config
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Finding, Location, Result, Severity, Span
from pyparity.rules import ScopeInput
from pyparity.sources import Source, source_for
from pyparity.sources.python_version_file import read as read_python_version_file
from pyparity.textfile import TextFile

MAX_DECLARATIONS_PER_FILE = 1000
"""More is a hostile file: each declaration costs every rule and every report a row."""


@dataclass(slots=True)
class _Reader:
    """Reads each declaring file once, turning any failure into a parse-error finding."""

    root: discover.Root
    texts: dict[str, TextFile] = field(default_factory=dict)
    declarations: dict[str, list[Declaration]] = field(default_factory=dict)
    errors: list[Finding] = field(default_factory=list)

    def read(self, path: str, source: Source) -> list[Declaration]:
        if path in self.declarations:
            return self.declarations[path]
        found: list[Declaration] = []
        try:
            text = TextFile.from_bytes(path, discover.read_bytes(self.root, path))
            self.texts[path] = text
            declared = list(source.read(text))
            if len(declared) > MAX_DECLARATIONS_PER_FILE:
                raise UnreadableFile(
                    f"declares {len(declared)} versions; more than {MAX_DECLARATIONS_PER_FILE} "
                    "is not a real configuration, so none of them is used"
                )
            found = declared
        except UnreadableFile as error:
            self.errors.append(_parse_error(path, error.message, error.line, error.column))
        except Exception as error:  # the per-file guard: one bad file never stops the scan
            self.errors.append(
                _parse_error(path, f"could not be read ({type(error).__name__}: {error})", 1, 1)
            )
        self.declarations[path] = found
        return found

    def text(self, path: str) -> TextFile | None:
        """Any file of the tree as text (a Dockerfile named by a compose file); None if absent
        or unreadable."""
        if path not in self.texts:
            try:
                data = discover.read_bytes(self.root, path)
                self.texts[path] = TextFile.from_bytes(path, data)
            except UnreadableFile:
                return None
        return self.texts[path]

    def linked(self, path: str) -> list[Declaration] | None:
        """A file named by another (python-version-file); None when it does not exist."""
        if not os.path.lexists(os.path.join(self.root.path, path)):
            return None
        source = source_for(path) or _PLAIN_VERSION_FILE
        return self.read(path, source)


_PLAIN_VERSION_FILE = Source(
    kind="python-version-file",
    matches=lambda path: False,
    read=read_python_version_file,
    doc="",
)


def run(root_path: str, config: Config, *, listing: discover.Listing | None = None) -> Result:
    """`listing`: the tree's file listing, started by the caller before its imports."""
    root = listing.root if listing is not None else discover.Root.at(root_path)
    listed = (listing or discover.Listing(root)).files()
    if config.exclude:
        listed = [p for p in listed if not discover.excluded(p, config.exclude)]
    paths = [p for p in listed if _utf8(p)]
    reader = _Reader(root)
    if len(paths) < len(listed):
        reader.errors += _undecodable_names(p for p in listed if not _utf8(p))
    top = os.fspath(root.path)
    for path in paths:
        source = source_for(path)
        if source is not None and os.path.lexists(os.path.join(top, path)):
            reader.read(path, source)
    declarations = [d for path in list(reader.declarations) for d in reader.declarations[path]]
    declarations = resolve.resolve(declarations, reader.linked, reader.text)
    lines = {path: text.lines for path, text in reader.texts.items()}
    declarations = overrides.apply(declarations, config.purpose, lines)
    scopes = scope.find_scopes(paths)
    declarations = scope.assign(declarations, scopes, config.scopes)
    findings = [*reader.errors, *_run_rules(declarations, config)]
    if config.code and "code-floor" in rules.rule_names() and "code-floor" not in config.disable:
        from pyparity.code import code_floor_findings

        findings += code_floor_findings(root, paths, declarations, config)
    findings = _configure(_distinct(findings), config)
    findings, unused = suppress.apply(findings, lines)
    return Result(
        root=root_path,
        files_scanned=len(reader.declarations),
        declarations=tuple(sorted(declarations, key=_declaration_order)),
        findings=tuple(sorted(findings, key=_finding_order)),
        scopes=tuple(sorted({d.scope for d in declarations} | {"."})),
        unused_ignores=tuple(Location(file=i.file, line=i.line) for i in unused),
    )


def _run_rules(declarations: Sequence[Declaration], config: Config) -> Iterable[Finding]:
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in declarations:
        by_scope[declaration.scope].append(declaration)
    for scope_name, members in sorted(by_scope.items()):
        scope_input = ScopeInput(
            scope=scope_name,
            declarations=tuple(members),
            today=config.today,
            precision=config.precision,
            source_of_truth=config.source_of_truth,
            audit=config.audit,
        )
        for rule in rules.registry():
            if _enabled(rule, config):
                yield from rule.check(scope_input)


def _enabled(rule: rules.Rule, config: Config) -> bool:
    if rule.name in config.disable:
        return False
    return not rule.audit_only or config.audit or rule.name in config.enable


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


def _parse_error(path: str, message: str, line: int, column: int) -> Finding:
    return Finding(
        rule="parse-error",
        severity=Severity.WARNING,
        file=path,
        span=Span(line=line, column=column, end_line=line, end_column=column),
        message=f"{path}: {message}",
    )


def _utf8(path: str) -> bool:
    """A name git or the file system gave with bytes that are not UTF-8 (kept as surrogate
    escapes) cannot be printed, linked or written to a UTF-8 report."""
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
            findings.append(_parse_error(shown, "the file name is not valid UTF-8; not read", 1, 1))
    return findings


def _declaration_order(declaration: Declaration) -> tuple[str, str, int, int]:
    return (declaration.scope, declaration.file, declaration.span.line, declaration.span.column)


def _finding_order(finding: Finding) -> tuple[int, str, int, int, str]:
    return (-finding.severity.rank, finding.file, finding.line, finding.span.column, finding.rule)
