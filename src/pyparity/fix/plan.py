"""What `pyparity fix` changes, as edits at declaration spans, and what it cannot change.

- Runtime pins move to one minor: `--to`, else the `source-of-truth` file's, else the
  majority `pin-mismatch` picks; with no majority `NoMajority` names the candidates. The
  pins moved are exactly the pins that rule compares. A patch pin stays a patch pin: the
  patch the scope's other pins of that minor agree on, else the newest the release data
  knows. Patch pins of the target minor that disagree are aligned too.
- `--floor`: ranges' lower bounds rise, tool targets follow, classifier lines and test-set
  entries below it go, pins below it move up.
- `--to`: a range whose upper bound excludes the target is widened, and classifier lists and
  test sets that lack it gain an entry after their newest.
- A YAML number that loads as another float (`3.10`) is quoted, touched or not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from pyparity import lazy_re
from pyparity.fix import lists, spelling
from pyparity.fix.edits import Edit, Original
from pyparity.model import Declaration, Minor, Purpose, Result, Role, Span
from pyparity.records import field, record
from pyparity.rules import ScopeInput, pin_mismatch
from pyparity.rules._shared import is_floating, is_runtime_pin, minor_at, places
from pyparity.rules._tested import CLASSIFIERS, HATCH, NOX, TOX, floor_of, is_ci, is_wheels
from pyparity.rules._votes import agreed, count
from pyparity.scope import OWN_SCOPE

_YAML = (".yml", ".yaml")
_TYPE_CHECKERS = frozenset({"mypy", "pyright", "basedpyright", "ty", "pyrefly"})
_LOWEST_TARGET = {"ruff": Minor(3, 7), "mypy": Minor(3, 9), "black": Minor(3, 3)}
"""As `target-mismatch` judges: the oldest Python each tool's current releases target."""
_DIGEST = "@sha256:"


@record
class Options:
    """What to fix to: a minor (`--to`), a floor (`--floor`) or the source of truth."""

    to: Minor | None = None
    floor: Minor | None = None
    source_of_truth: str | None = None
    today: dt.date = field(default_factory=dt.date.today)


@record
class CannotFix:
    """A declaration the fix leaves as it is, and why."""

    file: str
    line: int
    reason: str


class Refused(Exception):
    """No fix is computed: the message says why and what to choose (exit 2)."""


class NoMajority(Refused):
    """The runtime pins of a scope disagree and no minor has a majority."""

    def __init__(self, scope: str, candidates: dict[Minor, str]) -> None:
        self.scope = scope
        self.candidates = candidates
        said = "; ".join(f"{minor}: {where}" for minor, where in sorted(candidates.items()))
        super().__init__(
            f"the runtime pins of scope {scope!r} disagree and no minor has a majority ({said}); "
            f"choose one with --to {max(candidates)} (or another), or name the file that "
            "decides with --source-of-truth"
        )


class BelowFloor(Refused):
    """`--to` names a minor below a range's floor: moving the runtime there would put every
    pin outside the supported range, and `fix` never lowers a floor."""

    def __init__(self, declaration: Declaration, to: Minor) -> None:
        super().__init__(
            f"--to {to} is below the floor of {declaration.raw} ({declaration.where}); "
            "fix never lowers a floor: lower it by hand first, or choose a newer minor",
        )


Texts = Callable[[str], "Original | str"]
"""A file's original text, or why it cannot be edited."""


@record(frozen=False, kw_only=False)
class Plan:
    """The edits planned so far, by file and span, and what cannot be fixed."""

    edits: dict[tuple[str, Span], Edit] = field(default_factory=dict)
    cannot: list[CannotFix] = field(default_factory=list)

    def by_file(self) -> dict[str, list[Edit]]:
        files: dict[str, list[Edit]] = defaultdict(list)
        for edit in self.edits.values():
            files[edit.file].append(edit)
        return dict(files)


def plan(result: Result, options: Options, texts: Texts) -> Plan:
    planner = _Planner(options, texts)
    by_scope: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in result.declarations:
        by_scope[declaration.scope].append(declaration)
    for name, members in sorted(by_scope.items()):
        if all((d.anchor or "").startswith(OWN_SCOPE) for d in members):
            continue  # one file's own target, a group's own range: not the project's to move
        planner.scope(
            ScopeInput(
                scope=name,
                declarations=tuple(members),
                today=options.today,
                source_of_truth=options.source_of_truth,
            )
        )
    planner.quote_floats(result.declarations)
    return planner.plan


class _Planner:
    def __init__(self, options: Options, texts: Texts) -> None:
        self.options = options
        self.texts = texts
        self.plan = Plan()
        self._moved: dict[int, Minor] = {}
        self._tried: set[int] = set()
        self._removed: set[tuple[str, Span]] = set()

    # -- what moves -------------------------------------------------------------------

    def scope(self, scope: ScopeInput) -> None:
        to = self.options.to
        for declaration in scope.declarations:
            floor_now = floor_of(declaration) if declaration.role is Role.RANGE else None
            if to is not None and floor_now is not None and to < floor_now:
                raise BelowFloor(declaration, to)
        target = self._runtime_target(scope)
        floor = self.options.floor
        if target is not None and floor is not None and target < floor:
            target = floor
        # First decision wins where declarations share a span (an ARG two stages use, a YAML
        # anchor many jobs use): the runtime's minor, then the floor, then a patch.
        if target is not None:
            self._align(scope, target)
        if floor is not None:
            self._raise_floor(scope, floor)
        else:
            self._targets_to_floor(scope)
        self._align_patches(scope)
        if self.options.to is not None:
            self._widen(scope, self.options.to)

    def _runtime_target(self, scope: ScopeInput) -> Minor | None:
        if self.options.to is not None:
            return self.options.to
        certain, uncertain, ties = pin_mismatch.compared(scope)
        ballot = certain or uncertain
        if not ballot:
            return None
        settled = agreed(ballot, scope.source_of_truth)
        if not settled:
            if ties:
                candidates = {
                    minor: places(d for ds in voters.values() for d in ds)
                    for minor, voters in ballot.items()
                }
                raise NoMajority(scope.scope, candidates)
            return None
        return settled.pop() if len(settled) == 1 else None

    def _runtime_pins(self, scope: ScopeInput) -> list[Declaration]:
        certain, uncertain, _ = pin_mismatch.compared(scope)
        pins = [
            d
            for ballot in (certain, uncertain)
            for vs in ballot.values()
            for ds in vs.values()
            for d in ds
        ]
        builders = [
            d
            for d in scope.declarations
            if d.source == "dockerfile"
            and d.purpose is Purpose.BUILD
            and d.ships
            and d.role is Role.PIN
        ]
        return pins + builders

    def _align(self, scope: ScopeInput, target: Minor) -> None:
        patch = self._agreed_patch(scope, target)
        for declaration in self._runtime_pins(scope):
            if minor_at(declaration, scope.today) != target:
                self._move(declaration, target, patch, self._why(target))

    def _why(self, target: Minor) -> str:
        if self.options.to is not None:
            return f"--to {target}"
        if self.options.source_of_truth:
            return f"{self.options.source_of_truth} says {target}"
        return f"the runtime pins' majority is {target}"

    def _align_patches(self, scope: ScopeInput) -> None:
        """Patch pins of one minor that differ (`patch-mismatch`) take the agreed patch."""
        by_minor: dict[Minor, list[Declaration]] = defaultdict(list)
        for declaration in self._patch_pins(scope):
            minor = minor_at(declaration, scope.today)
            if minor is not None and id(declaration) not in self._tried:
                by_minor[minor].append(declaration)
        for minor, pins in by_minor.items():
            patch = self._agreed_patch(scope, minor)
            for declaration in pins:
                if patch and _version(declaration) != patch:
                    self._move(declaration, minor, patch, f"patch pins of {minor} agree on {patch}")

    def _patch_pins(self, scope: ScopeInput) -> list[Declaration]:
        """The pins `patch-mismatch` compares: runtime pins pinned to a patch."""
        return [
            d
            for d in scope.declarations
            if is_runtime_pin(d) and not d.may_fail and _patch_pinned(d) and not d.origin
        ]

    def _agreed_patch(self, scope: ScopeInput, minor: Minor) -> str | None:
        """The patch the scope's patch pins of `minor` agree on (the source of truth's, the
        majority's, else the newest); None when none is patch-pinned."""
        patched = [d for d in self._patch_pins(scope) if minor_at(d, scope.today) == minor]
        if not patched:
            return None
        ballot = count(patched, _version)
        settled = agreed(ballot, scope.source_of_truth)
        return max(settled or set(ballot), key=_numeric)

    def _raise_floor(self, scope: ScopeInput, floor: Minor) -> None:
        for declaration in scope.declarations:
            minor = minor_at(declaration, scope.today)
            if declaration.role is Role.RANGE:
                self._floor_range(declaration, floor)
            elif (
                declaration.role is Role.PIN
                and not is_floating(declaration)
                and minor is not None
                and minor < floor
                and declaration.implementation == "cpython"
            ):
                self._move(declaration, floor, None, f"the floor is now {floor}")
        self._floor_targets(scope, floor)
        for entries in _test_sets(scope.declarations).values():
            self._drop_below(entries, floor, scope.today)

    def _floor_range(self, declaration: Declaration, floor: Minor) -> None:
        current = floor_of(declaration)
        if current is not None and current >= floor:
            return
        text = self._current_text(declaration)
        if text is None:
            return
        new = spelling.raise_floor(text, floor)
        if new is None:
            self._cannot(
                declaration, f"range {text!r} has no single lower bound to raise to {floor}"
            )
        else:
            self._replace(declaration, new, f"the floor is now {floor}")

    def _floor_targets(self, scope: ScopeInput, floor: Minor) -> None:
        lists_of: dict[str, list[Declaration]] = defaultdict(list)
        for declaration in scope.declarations:
            if declaration.role is Role.TARGET and not _stable_abi(declaration):
                lists_of[
                    declaration.group or f"{declaration.where}:{declaration.span.column}"
                ].append(declaration)
        for entries in lists_of.values():
            if len(entries) > 1:
                self._drop_below(entries, floor, scope.today)
                continue
            declaration = entries[0]
            minor = minor_at(declaration, scope.today)
            if minor is not None and minor < floor:
                self._move(declaration, floor, None, f"the floor is now {floor}")

    def _targets_to_floor(self, scope: ScopeInput) -> None:
        """Single tool targets move to the floor of the scope's ranges (`target-mismatch`),
        when the ranges agree on one; as that rule does, a type checker above the floor
        and a tool that cannot target the floor are left alone."""
        floors = {floor_of(d) for d in scope.declarations if d.role is Role.RANGE}
        if len(floors) != 1 or None in floors:
            return
        (floor,) = floors
        assert floor is not None
        for declaration in scope.declarations:
            minor = minor_at(declaration, scope.today)
            if declaration.role is not Role.TARGET or declaration.group or minor in (None, floor):
                continue
            if _stable_abi(declaration):
                continue  # an abi3 floor is the build's, written in a build file: left alone
            assert minor is not None
            tool = declaration.context.split(" ", 1)[0]
            lowest = _LOWEST_TARGET.get(tool)
            if minor > floor and (tool in _TYPE_CHECKERS or lowest == minor):
                continue
            if lowest is not None and floor < lowest:
                continue
            self._move(declaration, floor, None, f"the floor of the supported range is {floor}")

    def _drop_below(self, entries: list[Declaration], floor: Minor, today: dt.date) -> None:
        """Remove the entries below `floor`; when every entry is below it, the newest becomes
        `floor` (a list is never emptied)."""
        minors = [minor_at(d, today) for d in entries]
        below = [d for d, m in zip(entries, minors, strict=True) if m is not None and m < floor]
        if not below:
            return
        if all(m is None or m < floor for m in minors):
            newest = max(below, key=lambda d: minor_at(d, today) or Minor(0, 0))
            self._move(newest, floor, None, f"the floor is now {floor}")
            below = [d for d in below if d is not newest]
        for declaration in below:
            self._remove(declaration, f"{minor_at(declaration, today)} is below the floor {floor}")

    def _widen(self, scope: ScopeInput, to: Minor) -> None:
        for declaration in scope.declarations:
            if declaration.role is Role.RANGE and declaration.requirement is not None:
                self._widen_range(declaration, to)
        for entries in _test_sets(scope.declarations).values():
            minors = {
                self._minor_after(d, scope.today) for d in entries if _key(d) not in self._removed
            }
            if to in minors:
                continue
            known = [
                d
                for d in entries
                if (m := minor_at(d, scope.today)) is not None
                and m < to
                and _key(d) not in self._removed
            ]
            if not known:
                self._cannot(entries[0], f"no entry below {to} to add {to} after")
                continue
            self._add_after(max(known, key=lambda d: minor_at(d, scope.today) or Minor(0, 0)), to)
        self._grow_target_lists(scope, to)

    def _grow_target_lists(self, scope: ScopeInput, to: Minor) -> None:
        """black's `target-version` list names every Python its output must run on: it gains
        `to` after its newest entry below it. Single targets (ruff, mypy, pyright) name the
        oldest and stay; a list that only names newer minors is left as it is."""
        lists_of: dict[str, list[Declaration]] = defaultdict(list)
        for declaration in scope.declarations:
            if (
                declaration.role is Role.TARGET
                and declaration.source == "pyproject"
                and declaration.context in {"black target-version", "black target_version"}
            ):
                lists_of[declaration.group or declaration.where].append(declaration)
        for entries in lists_of.values():
            kept = [d for d in entries if _key(d) not in self._removed]
            if to in {self._minor_after(d, scope.today) for d in kept}:
                continue
            below = [d for d in kept if (m := self._minor_after(d, scope.today)) and m < to]
            if not below:
                continue
            newest = max(below, key=lambda d: self._minor_after(d, scope.today) or Minor(0, 0))
            original = self._original(newest)
            if original is None or lists.token(original, newest.span) is None:
                continue  # `target-version = "py311"`: a string, not a list to grow
            self._add_after(newest, to, why=f"black targets {to} too")

    def _minor_after(self, declaration: Declaration, today: dt.date) -> Minor | None:
        """The declaration's minor once this plan is applied."""
        return self._moved.get(id(declaration)) or minor_at(declaration, today)

    def _widen_range(self, declaration: Declaration, to: Minor) -> None:
        assert declaration.requirement is not None
        if to in declaration.requirement.minors:
            return
        current = floor_of(declaration)
        text = self._current_text(declaration)
        if text is None:
            return
        if self.options.floor is not None and (current is None or current < self.options.floor):
            current = self.options.floor
        if current is not None and to < current:
            self._cannot(
                declaration, f"{to} is below the floor of {text!r}; --floor never lowers it"
            )
            return
        new = spelling.raise_ceiling(text, to)
        if new is None:
            self._cannot(
                declaration,
                f"range {text!r} does not admit {to} and has no single upper bound to raise",
            )
        else:
            floor_edit = self.plan.edits.pop(_key(declaration), None)
            why = f"{floor_edit.why}; admit {to}" if floor_edit else f"admit {to}"
            self._replace(declaration, new, why)

    def quote_floats(self, declarations: Iterable[Declaration]) -> None:
        for declaration in declarations:
            key = _key(declaration)
            if declaration.yaml_loaded_as is None or key in self.plan.edits or key in self._removed:
                continue
            original = self._original(declaration)
            if original is None or not declaration.file.endswith(_YAML):
                continue
            text = original.slice(declaration.span)
            quote = spelling.quote_char(original.text)
            self._replace(
                declaration,
                f"{quote}{text}{quote}",
                f"YAML reads {text} as {declaration.yaml_loaded_as}",
            )

    # -- writing ----------------------------------------------------------------------

    def _move(self, declaration: Declaration, target: Minor, patch: str | None, why: str) -> None:
        if declaration.origin or id(declaration) in self._tried:
            return  # the file it restates is fixed itself; or asked once already
        self._tried.add(id(declaration))
        if _key(declaration) in self.plan.edits:
            return  # a declaration sharing this span has moved it already
        if _DIGEST in declaration.raw:
            self._cannot(
                declaration,
                f"{declaration.raw} is pinned by digest: needs a new digest for {target}",
            )
            return
        text = self._span_text(declaration)
        if text is None:
            return
        new = spelling.respell(text, target, patch)
        if new is None:
            self._cannot(declaration, f"no writer for the spelling {text!r} ({declaration.source})")
            return
        self._replace(declaration, self._yaml_safe(declaration, new), why)
        self._moved[id(declaration)] = target

    def _remove(self, declaration: Declaration, why: str) -> None:
        original = self._original(declaration)
        if original is None:
            return
        classifier = declaration.group.endswith(f" {CLASSIFIERS}")
        entry = lists.token(
            original, declaration.span, classifier=classifier, ini=_ini(declaration.file)
        )
        span = lists.removal(entry) if entry is not None else None
        if span is None:
            self._cannot(
                declaration, f"cannot remove {declaration.raw!r} from its list by itself: {why}"
            )
            return
        self._edit(declaration.file, span, "", why, original.slice(span))
        self._removed.add(_key(declaration))

    def _add_after(self, declaration: Declaration, to: Minor, why: str = "") -> None:
        original = self._original(declaration)
        if original is None:
            return
        classifier = declaration.group.endswith(f" {CLASSIFIERS}")
        entry = lists.token(
            original, declaration.span, classifier=classifier, ini=_ini(declaration.file)
        )
        text = original.slice(declaration.span)
        new = spelling.respell(text, to)
        added = None
        if entry is not None and new is not None:
            start = declaration.span.column - 1 - entry.start
            written = entry.text[entry.start : entry.end]
            new_entry = (
                written[:start] + self._yaml_safe(declaration, new) + written[start + len(text) :]
            )
            added = lists.addition(entry, new_entry)
        if added is None:
            self._cannot(declaration, f"cannot add {to} after {text!r} in this list")
            return
        for span, inserted in added:
            self._edit(declaration.file, span, inserted, why or f"test and claim {to}", "")

    def _yaml_safe(self, declaration: Declaration, new: str) -> str:
        """Quote a new plain YAML scalar that would load as another number (`3.10`)."""
        original = self._original(declaration)
        if original is None or not declaration.file.endswith(_YAML):
            return new
        if not spelling.loads_as_other_number(new) or not _plain_scalar(original, declaration.span):
            return new
        quote = spelling.quote_char(original.text)
        return f"{quote}{new}{quote}"

    def _replace(self, declaration: Declaration, new: str, why: str) -> None:
        original = self._original(declaration)
        old = original.slice(declaration.span) if original is not None else ""
        if new != old:
            self._edit(declaration.file, declaration.span, new, why, old)

    def _edit(self, file: str, span: Span, text: str, why: str, old: str) -> None:
        key = (file, span)
        existing = self.plan.edits.get(key)
        if existing is not None and existing.text != text:
            self.plan.cannot.append(
                CannotFix(
                    file=file,
                    line=span.line,
                    reason=f"two fixes disagree here ({existing.text!r}, {text!r})",
                )
            )
            del self.plan.edits[key]
            return
        self.plan.edits[key] = Edit(file=file, span=span, text=text, why=why, old=old)

    def _cannot(self, declaration: Declaration, reason: str) -> None:
        item = CannotFix(file=declaration.file, line=declaration.line, reason=reason)
        if item not in self.plan.cannot:
            self.plan.cannot.append(item)

    def _original(self, declaration: Declaration) -> Original | None:
        loaded = self.texts(declaration.file)
        if isinstance(loaded, str):
            self._cannot(declaration, loaded)
            return None
        return loaded

    def _current_text(self, declaration: Declaration) -> str | None:
        """The span's text with this plan's edit of it, if any."""
        planned = self.plan.edits.get(_key(declaration))
        return planned.text if planned is not None else self._span_text(declaration)

    def _span_text(self, declaration: Declaration) -> str | None:
        original = self._original(declaration)
        return original.slice(declaration.span) if original is not None else None


_PYUPGRADE = lazy_re.compile(r"--py3(\d{1,2})-plus\b")


def pyupgrade_edits(file: str, original: Original, floor: Minor) -> list[Edit]:
    """pyupgrade's `--py39-plus` in a pre-commit configuration, raised to the floor: a tool
    target pyparity does not read (pyupgrade takes no version elsewhere), written with it."""
    edits = []
    for index, line in enumerate(original.text.splitlines()):
        for match in _PYUPGRADE.finditer(line):
            if Minor(3, int(match[1])) < floor:
                span = Span(
                    line=index + 1,
                    column=match.start() + 1,
                    end_line=index + 1,
                    end_column=match.end() + 1,
                )
                text = f"--py3{floor.minor}-plus"
                why = f"the floor is now {floor}"
                edits.append(Edit(file=file, span=span, text=text, why=why, old=match[0]))
    return edits


def _test_sets(declarations: Iterable[Declaration]) -> dict[str, list[Declaration]]:
    """Matrix entries by list: CI matrices of jobs that are not tooling, tox env lists, nox
    sessions, classifiers, hatch matrices. Wheel build lists are not test sets."""
    sets: dict[str, list[Declaration]] = defaultdict(list)
    for declaration in declarations:
        if declaration.role is not Role.MATRIX or is_wheels(declaration) or declaration.may_fail:
            continue
        if is_ci(declaration) and declaration.purpose is Purpose.TOOLING:
            continue
        if declaration.implementation != "cpython" or not _is_test_set(declaration):
            continue
        sets[declaration.group or declaration.where].append(declaration)
    return sets


def _is_test_set(declaration: Declaration) -> bool:
    """A CI matrix, classifier list, tox env list, nox session list or hatch matrix; not,
    say, the other Pythons a `.python-version` installs."""
    if is_ci(declaration):
        return True
    kind = declaration.group.rsplit(" ", 1)[-1]
    return kind in {CLASSIFIERS, TOX, NOX} or f" {HATCH} " in declaration.group


def _plain_scalar(original: Original, span: Span) -> bool:
    """The span is a whole plain (unquoted) YAML scalar, not part of `python:3.10-slim`."""
    start = original.offset(span.line, span.column)
    end = original.offset(span.end_line, span.end_column)
    text = original.text
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    return before in " \t[{,\n" and after in " \t,]}\r\n"


def _ini(file: str) -> bool:
    return file.endswith((".ini", ".cfg"))


def _patch_pinned(declaration: Declaration) -> bool:
    return declaration.requirement is not None and declaration.requirement.patch_pinned


def _version(declaration: Declaration) -> str:
    requirement = declaration.requirement
    return (requirement.version or "") if requirement else ""


def _numeric(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.\D]", version))


def _key(declaration: Declaration) -> tuple[str, Span]:
    return (declaration.file, declaration.span)


def runtime_target(result: Result, options: Options, scope: str = ".") -> Minor | None:
    """The minor `fix` moves a scope's runtime pins to (`--to`, the source of truth's, the
    majority's), or None when it moves none; raises `NoMajority` as `fix` does."""
    members = tuple(d for d in result.declarations if d.scope == scope)
    planner = _Planner(options, lambda file: f"{file} is not read here")
    return planner._runtime_target(
        ScopeInput(
            scope=scope,
            declarations=members,
            today=options.today,
            source_of_truth=options.source_of_truth,
        )
    )


def _stable_abi(declaration: Declaration) -> bool:
    """A stable-ABI floor (`abi3-py310`): a target pyparity lists, not one it rewrites."""
    return declaration.context.startswith("stable-abi ")
