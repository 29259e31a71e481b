"""Kokoro (Google's CI): the build configs of a `.kokoro/` folder (`presubmit/system-3.9.cfg`).

A config selects the nox sessions its job runs through an environment variable,
`env_vars: { key: "NOX_SESSION" value: "system-3.9 unit-3.12" }` (or `RUN_TESTS_SESSION`,
the samples' `py-3.12`): each session named for a Python (`NAME-3.X`) declares that Python,
where it is written. A session named for a tool (`lint`, `blacken`, `mypy`, `docs`,
`cover`...) is tooling, the others run the tests. Several Pythons in one value are the job's
matrix.
"""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration, Purpose, Role
from pyparity.reading import MAX_DECLARATIONS_PER_FILE
from pyparity.sources._common import pin
from pyparity.textfile import TextFile

KIND = "kokoro"
_KEYS = frozenset({"NOX_SESSION", "RUN_TESTS_SESSION"})
# Protocol buffer text: `env_vars: { key: "K" value: "V" }`; each run of spaces is followed by
# a character it cannot hold (linear).
_ENV_VAR = lazy_re.compile(
    r'env_vars[ \t\r\n]*+:?[ \t\r\n]*+\{[ \t\r\n]*+key[ \t\r\n]*+:[ \t\r\n]*+"(?P<key>[^"\n]*+)"'
    r'[ \t\r\n]*+value[ \t\r\n]*+:[ \t\r\n]*+"(?P<value>[^"\n]*+)"'
)
_SESSION = lazy_re.compile(r"[^\s,]++")
_VERSION_TAIL = lazy_re.compile(r"[-_@](?:py|python)?+(?P<version>3\.\d{1,2})$")
_TOOL_SESSIONS = lazy_re.compile(
    r"(?:^|[-_])(?:lint|blacken|black|format|mypy|pytype|docs|docfx|cover|coverage"
    r"|lint_setup_py|typing|check)(?:$|[-_])",
    re.IGNORECASE,
)


def matches(path: str) -> bool:
    folders, _, name = path.rpartition("/")
    return name.endswith(".cfg") and ".kokoro" in folders.split("/")


def read(file: TextFile) -> list[Declaration]:
    found: list[Declaration] = []
    for variable in _ENV_VAR.finditer(file.text):
        if variable["key"] not in _KEYS:
            continue
        sessions = []
        for session in _SESSION.finditer(variable["value"]):
            versioned = _VERSION_TAIL.search(session[0])
            if versioned is not None:
                offset = variable.start("value") + session.start() + versioned.start("version")
                name = session[0][: versioned.start()]
                sessions.append((offset, versioned["version"], name))
        is_set = len({version for _, version, _ in sessions}) > 1
        for offset, version, name in sessions:
            tooling = _TOOL_SESSIONS.search(name) is not None
            purpose = Purpose.TOOLING if tooling else Purpose.RUNTIME
            why = "a tool's session" if tooling else "runs the tests"
            found.append(
                pin(
                    file.path,
                    file.span(offset, offset + len(version)),
                    version,
                    source=KIND,
                    context=f"{variable['key']} session {name}-{version}, {purpose.value}: {why}",
                    purpose=purpose,
                    role=Role.MATRIX if is_set else Role.PIN,
                    group=f"{file.path} {variable['key']}" if is_set else "",
                )
            )
        if len(found) > MAX_DECLARATIONS_PER_FILE:
            raise UnreadableFile(
                f"its sessions declare more than {MAX_DECLARATIONS_PER_FILE} versions; not read"
            )
    return found
