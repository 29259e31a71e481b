"""## parse-error (warning)

**What it does.** Reports a file that declares (or could declare) a Python version but
cannot be read: invalid YAML or TOML, not UTF-8, a binary file, a file over the size cap,
a symbolic link that leaves the repository. A file that fails because it is a Jinja
template (a line opening with `{%`: a compose file a setup wizard renders) is not reported:
it is left out, as a template folder is; so is a file git-crypt keeps encrypted (it begins
with git-crypt's header: ciphertext on purpose, not a broken file). A shell script,
Makefile, justfile or PEP 723 script over the size cap is a notice: one of megabytes is
generated (an installer that carries its manifests), and no one wrote a Python version
there by hand.

**Why it matters.** Whatever that file declares is not checked. Every other file still is:
one broken file never hides the rest of the report.

**Example.** A workflow with a tab in its indentation: `invalid YAML: found character
'\\t' that cannot start any token`.

**How to fix.** Fix the file (the message says where), or exclude it with `exclude` in the
configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity.model import Finding, Severity
from pyparity.rules import ScopeInput

NAME = "parse-error"
SEVERITY = Severity.WARNING


def check(scope: ScopeInput) -> Iterator[Finding]:
    """Parse errors are raised while reading files; `check.py` turns them into findings."""
    return iter(())
