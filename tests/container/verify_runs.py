"""Checks what `.ci/container-test` left: run the image's ENTRYPOINT over the drift and the
clean fixture, then assert annotations, outputs, summary, files and exit codes.

Usage: python3 tests/container/verify_runs.py WORKDIR   (stdlib only: runs on the host)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TOKEN = "ghs_containertesttoken"


def outputs(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    lines = iter(path.read_text("utf-8").splitlines())
    for line in lines:
        name, _, delimiter = line.partition("<<")
        body = []
        for value_line in lines:
            if value_line == delimiter:
                break
            body.append(value_line)
        values[name] = "\n".join(body)
    return values


PASSED: list[str] = []


def check(condition: bool, what: str, failures: list[str]) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    (PASSED if condition else failures).append(what)


def verify_drift(run: Path, failures: list[str]) -> None:
    stdout = (run / "stdout").read_text("utf-8")
    lines = stdout.splitlines()
    found = outputs(run / "commands" / "output")
    summary = (run / "commands" / "summary").read_text("utf-8")
    check((run / "exit-code").read_text().strip() == "1", "drift: exit code 1", failures)
    check(lines[0] == f"::add-mask::{TOKEN}", "drift: the token is masked first", failures)
    check(stdout.count(TOKEN) == 1, "drift: the token is never printed again", failures)
    annotation = (
        "::error file=.python-version,line=1,endLine=1,col=1,endColumn=5,"
        "title=pyparity pin-mismatch::.python-version:1 pins 3.12 but Dockerfile:1 and "
        ".github/workflows/tests.yml:15 pin 3.11"
    )
    check(annotation in lines, "drift: pin-mismatch annotation", failures)
    check(found.get("drift") == "true", "drift: output drift=true", failures)
    check(found.get("errors") == "1", "drift: output errors=1", failures)
    check(found.get("python-version") == "", "drift: no agreed python-version", failures)
    declarations = json.loads(found.get("declarations", "[]"))
    check(len(declarations) == 5, "drift: 5 declarations in the output", failures)
    check(found.get("report") == "pyparity-report.json", "drift: report output", failures)
    report = json.loads((run / "workspace" / "pyparity-report.json").read_text("utf-8"))
    check(report["summary"]["errors"] == 1, "drift: JSON report written", failures)
    check("### Declarations" in summary and "pin-mismatch" in summary, "drift: summary", failures)
    sarif = json.loads((run / "workspace" / "reports" / "pyparity.sarif").read_text("utf-8"))
    result = sarif["runs"][0]["results"][0]
    check(
        sarif["version"] == "2.1.0" and result["ruleId"] == "pin-mismatch", "drift: SARIF", failures
    )


def verify_clean(run: Path, failures: list[str]) -> None:
    stdout = (run / "stdout").read_text("utf-8")
    found = outputs(run / "commands" / "output")
    check((run / "exit-code").read_text().strip() == "0", "clean: exit code 0", failures)
    check(
        not re.search(r"^::(error|warning) ", stdout, re.MULTILINE),
        "clean: no annotations",
        failures,
    )
    check(found.get("drift") == "false", "clean: output drift=false", failures)
    check(found.get("errors") == "0" and found.get("warnings") == "0", "clean: counts", failures)
    check(found.get("python-version") == "3.12", "clean: python-version=3.12", failures)
    summary = (run / "commands" / "summary").read_text("utf-8")
    check("no drift" in summary, "clean: summary says no drift", failures)


def main(argv: list[str]) -> int:
    work = Path(argv[1])
    failures: list[str] = []
    verify_drift(work / "drift", failures)
    verify_clean(work / "clean", failures)
    print(f"container-test: {len(PASSED)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
