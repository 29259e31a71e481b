"""PEP 723 script metadata: the script's own requires-python, in a scope of its own
(modelled on release and code-generation scripts run with `uv run`; written for these
tests)."""

from pathlib import Path

import pytest
from helpers import text_file

from pyparity.check import run
from pyparity.config import Config
from pyparity.errors import UnreadableFile
from pyparity.model import Role
from pyparity.sources import may_declare, source_for
from pyparity.sources.script_metadata import matches, read

TODAY = __import__("datetime").date(2026, 11, 26)

SCRIPT = """\
#!/usr/bin/env -S uv run --script
# /// script
# requires-python = ">=3.12"
# dependencies = [
#   "httpx",
# ]
# ///
import httpx
"""


def test_requires_python_of_the_block():
    [declaration] = read(text_file("scripts/release.py", SCRIPT))
    assert (declaration.role, declaration.raw, declaration.line) == (Role.RANGE, ">=3.12", 3)
    line = SCRIPT.split("\n")[2]
    assert line[declaration.span.column - 1 : declaration.span.end_column - 1] == ">=3.12"


@pytest.mark.parametrize(
    "content",
    [
        "import sys\n",
        "# /// script\n# dependencies = []\n# ///\n",
        "# /// script\n# requires-python = 3\n# ///\n",
        "# /// script\n# requires-python = '>=3.9'\nimport x\n# ///\n",  # never closed
        "# /// pyproject\n# requires-python = '>=3.9'\n# ///\n",
    ],
)
def test_no_script_range(content):
    assert read(text_file("tools/x.py", content)) == []


def test_invalid_toml_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file("tools/x.py", "# /// script\n# requires-python = \n# ///\n"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("scripts/release.py", True),
        ("tools/ci/gen.py", True),
        ("crates/x/scripts/a.py", True),
        ("utils/convert.py", True),
        ("src/pkg/module.py", False),
        ("release.py", False),
        ("scripts/notes.md", False),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected
    assert may_declare(path) is expected
    assert (source_for(path) is not None and source_for(path).kind == "pep723") is expected


def test_a_script_is_its_own_scope_and_not_the_projects_floor(tmp_path: Path):
    files = {
        "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.9"\n',
        "scripts/release.py": SCRIPT,
        ".python-version": "3.9\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    [script] = [d for d in result.declarations if d.source == "pep723"]
    assert script.scope == "scripts/release.py"
    assert {d.scope for d in result.declarations if d.source != "pep723"} == {"."}
    assert [f for f in result.findings if f.severity != "notice"] == []
