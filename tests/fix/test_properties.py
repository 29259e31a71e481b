"""Properties of `pyparity fix` over every fixture repository, in each mode, as committed and
rewritten with CRLF line ends and a BOM:

- bytes outside the edited spans are identical (every changed line holds an edit; an edited
  line keeps what precedes the edit's column, and its line end);
- afterwards `check` reports none of the rules the fix addresses where it edited;
- a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from pyparity import config as config_module
from pyparity import fix
from pyparity.check import run
from pyparity.model import Minor
from pyparity.records import replace

HERE = Path(__file__).parent.parent
REPOS = sorted(p for p in (HERE / "fixtures" / "repos").iterdir() if p.is_dir())
EXAMPLES = sorted(p for p in (HERE.parent / "examples").iterdir() if p.is_dir())
TODAY = dt.date(2026, 12, 2)
MODES = {
    "default": fix.Options(today=TODAY),
    "to-3.13": fix.Options(to=Minor(3, 13), today=TODAY),
    "floor-3.11": fix.Options(floor=Minor(3, 11), today=TODAY),
    "to-3.14-floor-3.12": fix.Options(to=Minor(3, 14), floor=Minor(3, 12), today=TODAY),
}
FIXED_RULES = {"pin-mismatch", "patch-mismatch", "yaml-float"}
FLOOR_RULES = {"target-mismatch", "classifier-mismatch", "matrix-misses-floor", "outside-range"}
CASES = [
    pytest.param(repo, mode, crlf, id=f"{repo.name}-{mode}{'-crlf-bom' if crlf else ''}")
    for repo in [*REPOS, *EXAMPLES]
    for mode in MODES
    for crlf in (False, True)
]


def _copy(repo: Path, into: Path, *, crlf: bool) -> Path:
    target = into / repo.name
    shutil.copytree(repo, target, symlinks=True)
    if crlf:
        for path in target.rglob("*"):
            if path.is_file() and not path.is_symlink() and path.suffix != ".py":
                data = path.read_bytes()
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                path.write_bytes(
                    b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                )
    return target


def _config(root: Path) -> config_module.Config:
    config, _ = config_module.load(root, None)
    return replace(config, today=TODAY, code=False)


def _compute(root: Path, options: fix.Options) -> fix.Outcome | None:
    try:
        return fix.compute(str(root), _config(root), options)
    except fix.Refused:
        return None


@pytest.mark.parametrize(("repo", "mode", "crlf"), CASES)
def test_fix_properties(repo: Path, mode: str, crlf: bool, tmp_path: Path) -> None:
    root = _copy(repo, tmp_path, crlf=crlf)
    outcome = _compute(root, MODES[mode])
    if outcome is None:
        return
    for change in outcome.changes:
        _assert_only_spans_changed(change)
        if crlf and not change.file.endswith(".py"):
            assert b"\n" not in change.after.replace(b"\r\n", b""), change.file
            assert change.after.startswith(b"\xef\xbb\xbf")
    before = run(str(root), _config(root))
    fix.write(str(root), outcome)
    after = run(str(root), _config(root))
    edited = {(e.file, e.span.line) for c in outcome.changes for e in c.edits}
    for finding in after.findings:
        if finding.rule in FIXED_RULES | FLOOR_RULES:
            assert (finding.file, finding.line) not in edited or finding.rule in FLOOR_RULES, (
                finding
            )
    cannot = {c.file for c in outcome.cannot}
    left = {(f.rule, f.file) for f in after.findings if f.rule in FIXED_RULES}
    had = {(f.rule, f.file) for f in before.findings if f.rule in FIXED_RULES}
    assert {item for item in left if item[1] not in cannot} <= had
    if mode == "default":
        assert not {item for item in left if item[1] not in cannot}
    again = _compute(root, MODES[mode])
    assert again is not None
    assert again.changes == ()


def _assert_only_spans_changed(change: fix.Change) -> None:
    old_text, new_text = change.before.decode("utf-8"), change.after.decode("utf-8")
    assert old_text.startswith("\ufeff") == new_text.startswith("\ufeff")
    before = old_text.removeprefix("\ufeff").splitlines(keepends=True)
    after = new_text.removeprefix("\ufeff").splitlines(keepends=True)
    edited = {line for e in change.edits for line in range(e.span.line, e.span.end_line + 1)}
    columns: dict[int, int] = {}
    for e in change.edits:
        columns[e.span.line] = min(columns.get(e.span.line, e.span.column), e.span.column)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for index in range(i1, i2):
            assert index + 1 in edited, (change.file, index + 1, before[index])
        if tag == "replace" and i2 - i1 == j2 - j1:
            for old, new, number in zip(
                before[i1:i2], after[j1:j2], range(i1 + 1, i2 + 1), strict=True
            ):
                column = columns.get(number, 1)
                assert old[: max(column - 1, 0)] == new[: max(column - 1, 0)]
                assert old[len(old.rstrip("\r\n")) :] == new[len(new.rstrip("\r\n")) :]
        if tag == "insert":
            assert i1 in edited or i1 + 1 in edited
