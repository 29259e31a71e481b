"""A CI job whose purpose its own steps do not show takes the purpose of the local composite
actions it calls (`uses: ./.github/actions/run-tests`, whose steps run pytest): resolved once
every file is read, as the action is another file (and a reading is kept by its own
content: a workflow's reading cannot depend on an action's text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyparity.model import Declaration, Purpose, Role
from pyparity.records import replace
from pyparity.sources._common import CALLER_NOTE
from pyparity.textfile import TextFile

_ReadText = Callable[[str], TextFile | None]
UNKNOWN_WHY = "unknown: no test, build or tool command recognised"
_MAX_CALLEES = 256  # actions looked into, however many jobs call them


def with_action_purposes(
    declarations: Sequence[Declaration], read_text: _ReadText
) -> Sequence[Declaration]:
    calls: dict[tuple[str, str], list[str]] = {}
    for declaration in declarations:
        if declaration.role is Role.UNRESOLVED and declaration.note.startswith(CALLER_NOTE):
            job = job_of(declaration)
            callee = declaration.note.removeprefix(CALLER_NOTE).rpartition("#")[0]
            calls.setdefault((declaration.file, job), []).append(callee)
    if not calls or not any(d.purpose is Purpose.UNKNOWN for d in declarations):
        return declarations
    actions = _Actions(read_text)
    result = []
    for declaration in declarations:
        if declaration.purpose is Purpose.UNKNOWN:  # (a value given to an action too)
            job = job_of(declaration)
            for callee in calls.get((declaration.file, job), ()):
                if (why := actions.tests(callee)) is not None:
                    context = declaration.context.replace(UNKNOWN_WHY, f"runtime: {why}")
                    declaration = replace(declaration, purpose=Purpose.RUNTIME, context=context)
                    break
        result.append(declaration)
    return result


def job_of(declaration: Declaration) -> str:
    """`job test` of a context (`job test, step 3, ...`, `job test, step 2 calls ...`)."""
    return declaration.context.split(" calls ", 1)[0].split(",", 1)[0]


class _Actions:
    """What each local action's own steps run: the reason when they run the tests."""

    def __init__(self, read_text: _ReadText) -> None:
        self._read_text = read_text
        self._tests: dict[str, str | None] = {}

    def tests(self, callee: str) -> str | None:
        if callee not in self._tests:
            self._tests[callee] = (
                self._classify(callee) if len(self._tests) < _MAX_CALLEES else None
            )
        return self._tests[callee]

    def _classify(self, callee: str) -> str | None:
        from pyparity.errors import UnreadableFile
        from pyparity.parsers.yaml_nodes import Mapping, Sequence, compose
        from pyparity.purpose import classify_job
        from pyparity.sources.github_actions.job import step_texts

        for name in ("action.yml", "action.yaml"):
            file = self._read_text(f"{callee}/{name}")
            if file is None:
                continue
            try:
                root = compose(file.text)
            except UnreadableFile:
                return None
            runs = root.mapping("runs") if isinstance(root, Mapping) else None
            steps = runs.get("steps") if runs is not None else None
            if not isinstance(steps, Sequence):
                return None
            purpose, why = classify_job("action", "", *step_texts(steps))
            return f"{why} in {callee}" if purpose is Purpose.RUNTIME else None
        return None
