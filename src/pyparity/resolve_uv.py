"""uv over setup-python: a job that sets up a Python with setup-python and then runs `uv sync`
or `uv run` with no `--python` tests the Python of `.python-version` where the file exists
(uv reads it before any interpreter on PATH). The reader leaves a link (`UV_OVER_SETUP`);
where the file is found, the link becomes a pin at the uv command, the job's setup-python
declarations become tooling (they no longer say what is tested), and a matrix of two Pythons
or more that setup-python was given is reported by `matrix-axis-unused`: every leg runs one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyparity import lazy_re
from pyparity.model import UV_PIN_AXIS, Declaration, Purpose, Role, Span
from pyparity.records import replace
from pyparity.resolve_actions import job_of
from pyparity.sources._common import unresolved

FollowLink = Callable[[Declaration], list[Declaration]]
_TAKEN = (Role.PIN, Role.MATRIX, Role.FLOATING)
_AXIS = lazy_re.compile(r", matrix (?P<axis>[^,;]++)")


def over_setup_python(
    links: Sequence[Declaration], resolved: list[Declaration], follow: FollowLink
) -> list[Declaration]:
    """`resolved` with each link followed: a file found demotes its job's setup-python."""
    taken: dict[tuple[str, str], Declaration] = {}
    for link in links:
        for found in follow(link):
            resolved.append(found)
            taken.setdefault((link.file, job_of(link)), found)
    if not taken:
        return resolved
    result: list[Declaration] = []
    demoted: dict[tuple[str, str, str], list[Declaration]] = {}
    for declaration in resolved:
        pin = taken.get((declaration.file, job_of(declaration)))
        if pin is None or not _set_up_by_setup_python(declaration):
            result.append(declaration)
            continue
        if declaration.role is Role.MATRIX and declaration.purpose is Purpose.RUNTIME:
            key = (declaration.file, job_of(declaration), declaration.group)
            demoted.setdefault(key, []).append(declaration)
        why = f"uv takes {pin.raw} for its project commands"  # (`.python-version (3.13)`)
        result.append(
            replace(
                declaration,
                purpose=Purpose.TOOLING,
                context=f"{declaration.context}; tooling: {why}",
            )
        )
    for (file, job, _), entries in demoted.items():
        if (axis := _unused_axis(entries, taken[(file, job)])) is not None:
            result.append(axis)
    return result


def _set_up_by_setup_python(declaration: Declaration) -> bool:
    return (
        declaration.source == "workflow"
        and declaration.role in _TAKEN
        and ", setup-python, " in declaration.context
    )


def _unused_axis(entries: list[Declaration], pin: Declaration) -> Declaration | None:
    """The matrix setup-python was given, when it lists two Pythons or more: one declaration
    for `matrix-axis-unused`, over the entries' lines."""
    listed = list(dict.fromkeys(d.raw.strip() for d in entries))
    if len(listed) < 2:
        return None
    found = _AXIS.search(entries[0].context)
    axis = found["axis"].strip() if found else "python-version"
    first, last = entries[0].span, entries[-1].span
    declaration = unresolved(
        entries[0].file,
        Span(first.line, first.column, last.end_line, last.end_column),
        f"matrix.{axis}: {', '.join(listed)}",
        source=entries[0].source,
        context=f"{job_of(entries[0])}, matrix {axis}, uv takes {pin.raw}",
        note=UV_PIN_AXIS,
    )
    return replace(declaration, purpose=Purpose.RUNTIME, anchor=entries[0].anchor)
