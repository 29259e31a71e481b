"""What the user says a pin is for, overriding the guess.

`[tool.pyparity.purpose]` maps a file glob (`.github/workflows/docs.yml`) or a workflow job
(`.github/workflows/ci.yml#lint`) to `runtime`, `build` or `tooling`; an inline
`# pyparity: purpose=tooling` on the line or the line above does the same for one line.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from functools import cache

from pyparity.model import Declaration, Purpose
from pyparity.records import replace


@cache
def _inline_re() -> re.Pattern[str]:
    return re.compile(r"(?:#|//)\s*pyparity:\s*purpose\s*=\s*(runtime|build|tooling)\b")


def apply(
    declarations: Sequence[Declaration],
    configured: Mapping[str, str],
    lines_by_file: Mapping[str, Sequence[str]],
) -> list[Declaration]:
    result = []
    for declaration in declarations:
        inline = _inline(declaration, lines_by_file.get(declaration.file, ()))
        purpose = inline or _configured(declaration, configured)
        if purpose is not None and declaration.purpose is not purpose:
            how = "an inline comment" if inline else "configuration"
            context = f"{declaration.context}; purpose set to {purpose.value} by {how}"
            declaration = replace(declaration, purpose=purpose, context=context)
        result.append(declaration)
    return result


def _inline(declaration: Declaration, lines: Sequence[str]) -> Purpose | None:
    for number in (declaration.line, declaration.line - 1):
        if 1 <= number <= len(lines) and "pyparity" in lines[number - 1]:
            match = _inline_re().search(lines[number - 1])
            if match:
                return Purpose(match[1])
    return None


def _configured(declaration: Declaration, configured: Mapping[str, str]) -> Purpose | None:
    for key, purpose in configured.items():
        path, _, job = key.partition("#")
        if not fnmatch.fnmatch(declaration.file, path):
            continue
        if job and not declaration.context.startswith(f"job {job},"):
            continue
        return Purpose(purpose)
    return None
