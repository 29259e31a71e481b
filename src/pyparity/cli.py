"""Command line: argparse -> options -> the command function -> exit code.

Exit codes: 0 clean (or findings below --fail-on), 1 findings at or above it, 2 usage or
configuration error, 3 internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pyparity import __version__
from pyparity.errors import ConfigError

if TYPE_CHECKING:
    from pyparity.config import Config
    from pyparity.model import Result

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"pyparity: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pyparity", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"pyparity {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, help_text in (
        ("check", "find where the repository's Python versions disagree"),
        ("audit", "check plus time-based rules (end of life, floating tags)"),
    ):
        command = commands.add_parser(name, help=help_text)
        _add_scan_options(command)
    listing = commands.add_parser("list", help="print every declaration found, per scope")
    listing.add_argument("path", nargs="?", default=".")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.add_argument("--config", type=Path)
    listing.add_argument("--today", type=_date)
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule")
    commands.add_parser("rules", help="list the rules")
    commands.add_parser("sources", help="list the kinds of file read")
    return parser


def _add_scan_options(command: argparse.ArgumentParser) -> None:
    from pyparity.config import FAIL_LEVELS, PRECISIONS
    from pyparity.report import FORMATS

    command.add_argument("path", nargs="?", default=".", help="repository root (default: .)")
    command.add_argument("--format", choices=FORMATS, default="text")
    command.add_argument("--output", type=Path, help="write the report to this file")
    command.add_argument("--fail-on", choices=FAIL_LEVELS, help="lowest severity that fails")
    command.add_argument("--source-of-truth", metavar="FILE", help="the file that decides")
    command.add_argument("--precision", choices=PRECISIONS)
    command.add_argument("--config", type=Path, help="configuration file (default: discovered)")
    command.add_argument("--today", type=_date, help="evaluate at this date (YYYY-MM-DD)")
    command.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    command.add_argument("--disable", action="append", default=[], metavar="RULE")
    command.add_argument("--show-unused-ignores", action="store_true")
    command.add_argument("--no-code", action="store_true", help="skip the code-floor scan")
    command.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="keep what each file gave here for the next run (default: .pyparity_cache "
        "in the checked folder, or $PYPARITY_CACHE_DIR)",
    )
    command.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file again and keep nothing (also $PYPARITY_NO_CACHE=1)",
    )
    command.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="read files in at most N processes (default: as many as help; 1: no others)",
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return jobs


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return _dispatch(arguments)
    except ConfigError as error:
        from pyparity.report.text import visible  # the message quotes the repository's text

        print(f"pyparity: configuration error: {visible(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`pyparity explain RULE | head`): nothing left to say to it.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception:
        import traceback

        traceback.print_exc()
        print(
            "pyparity: internal error; please report it with the traceback above",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _dispatch(arguments: argparse.Namespace) -> int:
    if arguments.command in {"check", "audit"}:
        return _check(arguments)
    if arguments.command == "list":
        return _list(arguments)
    if arguments.command == "explain":
        return _explain(arguments.rule)
    if arguments.command == "rules":
        return _rules()
    return _sources()


def options(arguments: argparse.Namespace) -> Config:
    """The configuration file, then the flags that override it."""
    from pyparity import config as config_module
    from pyparity.rules import rule_names

    root = Path(arguments.path)
    if not root.is_dir():
        raise ConfigError(f"{arguments.path} is not a directory")
    config, _ = config_module.load(root, arguments.config)
    changes: dict[str, object] = {}
    for flag in ("source_of_truth", "precision", "fail_on", "today"):
        value = getattr(arguments, flag, None)
        if value is not None:
            changes[flag] = value
    if getattr(arguments, "exclude", None):
        changes["exclude"] = config.exclude + tuple(arguments.exclude)
    if getattr(arguments, "disable", None):
        config_module.rules(arguments.disable, rule_names(), "--disable", "--disable")
        changes["disable"] = config.disable | frozenset(arguments.disable)
    if getattr(arguments, "command", "") == "audit":
        changes["audit"] = True
    if getattr(arguments, "no_code", False):
        changes["code"] = False
    return replace(config, **changes)  # type: ignore[arg-type]


def _check(arguments: argparse.Namespace) -> int:
    from pyparity.discover import Listing, Root
    from pyparity.reading import start_helper

    # While this process imports the pipeline, a helper process imports the YAML readers
    # (it reads a share of a large tree's files) and git lists the tree.
    root = Root.at(arguments.path) if Path(arguments.path).is_dir() else None
    helper = start_helper(root, arguments.jobs) if root is not None else None
    listing = Listing(root) if root is not None else None
    try:
        from pyparity.check import run

        config = options(arguments)
        result = run(
            arguments.path,
            config,
            listing=listing,
            jobs=arguments.jobs,
            helper=helper,
            cache_dir=_cache_dir(arguments),
        )
    finally:
        if listing is not None:
            listing.close()
        if helper is not None:
            helper.cancel()
    if not arguments.show_unused_ignores:
        result = replace(result, unused_ignores=())
    _emit(render(result, arguments.format, config), arguments.output)
    failed = any(config.fails(finding.severity) for finding in result.findings)
    return EXIT_FINDINGS if failed or result.unused_ignores else EXIT_CLEAN


def _cache_dir(arguments: argparse.Namespace) -> Path | None:
    if arguments.no_cache or os.environ.get("PYPARITY_NO_CACHE", "") not in {"", "0"}:
        return None
    if arguments.cache_dir is not None:
        return Path(arguments.cache_dir)
    if os.environ.get("PYPARITY_CACHE_DIR"):
        return Path(os.environ["PYPARITY_CACHE_DIR"])
    return Path(arguments.path) / ".pyparity_cache"


def render(result: Result, format_name: str, config: Config) -> str:
    if format_name == "json":
        from pyparity.report import json as json_report

        return json_report.render(result)
    if format_name == "text":
        from pyparity.report import text

        return text.render(result, today=config.today, audit=config.audit)
    import importlib

    module = importlib.import_module(f"pyparity.report.{format_name}")
    rendered: str = module.render(result, today=config.today)
    return rendered


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _list(arguments: argparse.Namespace) -> int:
    from pyparity.check import run
    from pyparity.report import json as json_report
    from pyparity.report import text

    config = options(arguments)
    result = run(arguments.path, replace(config, disable=frozenset(_all_rules())))
    if arguments.format == "json":
        import json

        document = json_report.document(result)
        sys.stdout.write(json.dumps(document["declarations"], indent=2) + "\n")
    else:
        table = text.version_table(result, config.today, admitted=True)
        sys.stdout.write("\n".join(table) + "\n")
    return EXIT_CLEAN


def _all_rules() -> tuple[str, ...]:
    from pyparity.rules import rule_names

    return rule_names()


def _explain(name: str) -> int:
    from pyparity.rules import get, rule_names

    rule = get(name)
    if rule is None:
        print(f"pyparity: unknown rule {name!r}; rules: {', '.join(rule_names())}", file=sys.stderr)
        return EXIT_USAGE
    print(rule.doc)
    return EXIT_CLEAN


def _rules() -> int:
    from pyparity.rules import registry

    for rule in registry():
        summary = next((line for line in rule.doc.splitlines() if line.startswith("**What")), "")
        summary = summary.replace("**What it does.**", "").strip()
        print(f"{rule.name:<20} {rule.severity.value:<8} {summary}")
    return EXIT_CLEAN


def _sources() -> int:
    from pyparity.sources import registry

    for source in registry():
        print(f"{source.kind}:\n  " + source.doc.replace("\n", "\n  ") + "\n")
    return EXIT_CLEAN
