"""Command line: argparse -> options -> the command function -> exit code.

`DESCRIPTION` and `EXIT_CODES` are the user's help; each subcommand is one `add_parser` call
in `build_parser` and one entry in `_dispatch`.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from pyparity import __version__, collector
from pyparity.errors import ConfigError

TYPE_CHECKING = False  # typing's constant; importing typing costs a replayed run 5%
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any, TextIO

    from pyparity.config import Config
    from pyparity.discover import Listing, Root
    from pyparity.model import Result
    from pyparity.reading import Helper
    from pyparity.run_cache import Kept, RunCache

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized without `shutil`: argparse makes a formatter for every
    option it adds and asks `shutil` for the width, which imports three compression modules
    (3% of a replayed run). The same width: `COLUMNS`, else the terminal's, else 80, less 2."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _RawDescriptionFormatter(argparse.RawDescriptionHelpFormatter, _HelpFormatter):
    """argparse's RawDescriptionHelpFormatter (descriptions kept as written), sized as
    `_HelpFormatter`."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *arguments: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*arguments, **options)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"pyparity: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`: `COLUMNS`, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout, or not a terminal
            columns = 0
    return columns or 80


DESCRIPTION = """\
Find every place a repository declares a Python version (Dockerfiles, .python-version,
GitHub workflows, pyproject.toml, tox, compose, ...) and report where they disagree.

  pyparity check               check the repository in this folder
  pyparity check PATH -v       ... and show every declaration found
  pyparity explain RULE        why a rule fires and how to fix it
"""

EXIT_CODES = """\
exit codes:
  0  no finding at or above --fail-on (default: error)
  1  findings at or above --fail-on, or unused ignore comments with --show-unused-ignores
  2  a usage or configuration mistake (the message says which and how to fix it)
  3  an internal error in pyparity (please report it with the traceback)

Settings come from .pyparity.toml or [tool.pyparity] in pyproject.toml; flags override them.
NO_COLOR turns colour off, FORCE_COLOR turns it on where stdout is not a terminal.
"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, the other commands are named (the top-level help
    still lists them) but their options are not built, nor the modules imported that their
    choices and descriptions come from: start-up is most of a small tree's run."""
    parser = _Parser(
        prog="pyparity",
        description=DESCRIPTION,
        epilog=EXIT_CODES,
        formatter_class=_RawDescriptionFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"pyparity {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="COMMAND", title="commands"
    )
    # A command named only for the top-level help is never parsed with: no `-h` of its own
    # (each costs argparse a gettext lookup and an action).
    for name, help_text in (
        ("check", "find where the repository's Python versions disagree"),
        ("audit", "check plus time-based rules (end of life, patches behind, floating tags)"),
    ):
        if only in {None, name}:
            _add_scan_options(_command(commands, name, help_text, epilog=EXIT_CODES))
        else:
            commands.add_parser(name, help=help_text, add_help=False)
    if only in {None, "fix"}:
        _add_fix(commands)
    else:
        commands.add_parser("fix", help=FIX_HELP, add_help=False)
    if only is not None:
        for name, help_text in _OTHER_COMMANDS:
            commands.add_parser(name, help=help_text, add_help=False)
        return parser
    listing = _command(commands, "list", _OTHER_COMMANDS[0][1])
    listing.add_argument("path", nargs="?", default=".", help="repository root (default: .)")
    listing.add_argument(
        "--format", choices=("text", "json"), default="text", help="text table or JSON array"
    )
    listing.add_argument(
        "--config", type=Path, metavar="FILE", help="configuration file (default: discovered)"
    )
    listing.add_argument(
        "--today", type=_date, metavar="DATE", help="evaluate at this date (YYYY-MM-DD)"
    )
    explain = _command(commands, "explain", _OTHER_COMMANDS[1][1])
    explain.add_argument("rule", metavar="RULE", help="a rule name, as `pyparity rules` lists")
    _command(commands, "rules", _OTHER_COMMANDS[2][1])
    _command(commands, "sources", _OTHER_COMMANDS[3][1])
    _add_org_commands(commands)
    return parser


FIX_HELP = "move every declaration to one Python, editing only the versions"
_OTHER_COMMANDS = (
    ("list", "print every declaration found, per scope"),
    ("explain", "print a rule's documentation"),
    ("rules", "list the rules, their default severity and what they check"),
    ("sources", "list the kinds of file read and what in them declares"),
    ("org-audit", "audit every repository of an organisation through the API (GITHUB_TOKEN)"),
    ("org-report", "merge org-audit reports into a dashboard"),
)


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The command named first on the line, if it is one to build alone (the others' options
    are then left out; `--version` needs none); None for anything else (no command, a typo,
    a help flag first)."""
    for argument in argv:
        if argument in {"-V", "--version"}:
            return argument
        if argument.startswith("-"):
            return None
        return argument if argument in {"check", "audit", "fix"} else None
    return None


def _command(
    commands: argparse._SubParsersAction[_Parser],
    name: str,
    help_text: str,
    *,
    epilog: str | None = None,
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=epilog,
        formatter_class=_RawDescriptionFormatter,
    )


def _add_scan_options(command: argparse.ArgumentParser) -> None:
    from pyparity.report import FORMATS
    from pyparity.settings import FAIL_LEVELS, PRECISIONS

    command.add_argument("path", nargs="?", default=".", help="repository root (default: .)")
    command.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    command.add_argument(
        "--output", type=Path, metavar="FILE", help="write the report to this file"
    )
    command.add_argument(
        "--fail-on", choices=FAIL_LEVELS, help="lowest severity that fails (default: error)"
    )
    command.add_argument(
        "--source-of-truth",
        metavar="FILE",
        help="the file whose version decides a disagreement (default: the majority)",
    )
    command.add_argument(
        "--precision", choices=PRECISIONS, help="compare minors or patches (default: minor)"
    )
    command.add_argument(
        "--config", type=Path, metavar="FILE", help="configuration file (default: discovered)"
    )
    command.add_argument(
        "--today", type=_date, metavar="DATE", help="evaluate at this date (YYYY-MM-DD)"
    )
    command.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files or folders matching GLOB (repeatable)",
    )
    command.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="turn a rule off (repeatable)",
    )
    command.add_argument(
        "--show-unused-ignores",
        action="store_true",
        help="report ignore comments that suppress nothing (they then fail the run)",
    )
    command.add_argument(
        "-v",
        "--verbose",
        "--show-declarations",
        dest="show_declarations",
        action="store_true",
        help="after the findings, show the table of every declaration (text format)",
    )
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


def _add_fix(commands: argparse._SubParsersAction[_Parser]) -> None:
    from pyparity.fix.command import DESCRIPTION

    fix = commands.add_parser(
        "fix",
        help=FIX_HELP,
        description=DESCRIPTION,
        formatter_class=_RawDescriptionFormatter,
    )
    fix.add_argument("path", nargs="?", default=".", help="repository root (default: .)")
    fix.add_argument(
        "--to",
        type=_minor_or_word,
        metavar="X.Y",
        help="move the runtime to this minor (or `newest`, `oldest-supported` on --today)",
    )
    fix.add_argument("--floor", type=_minor, metavar="X.Y", help="raise the supported floor")
    fix.add_argument("--source-of-truth", metavar="FILE", help="the file that decides")
    fix.add_argument("--config", type=Path, help="configuration file (default: discovered)")
    fix.add_argument("--today", type=_date, help="evaluate at this date (YYYY-MM-DD)")
    fix.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave matching files alone"
    )
    what = fix.add_mutually_exclusive_group()
    what.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    what.add_argument("--check", action="store_true", help="exit 1 if a fix would change a file")


def _minor(text: str) -> object:
    from pyparity.model import Minor

    major, dot, minor = text.partition(".")
    if not (dot and major.isdigit() and minor.isdigit() and len(major) <= 2 and len(minor) <= 3):
        raise argparse.ArgumentTypeError(f"not a Python minor (X.Y, e.g. 3.12): {text!r}")
    return Minor(int(major), int(minor))


def _minor_or_word(text: str) -> object:
    """`--to`: a minor, or a word the fix targets resolve on the run's date."""
    if text in ("newest", "oldest-supported"):
        return text
    return _minor(text)


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return jobs


def _date(text: str) -> dt.date:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run() -> int:
    """The `pyparity` command and `python -m pyparity`: `main`, in a process that ends."""
    collector.the_process_ends()
    code = main()
    collector.spare_the_exit()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with collector.paused():
        arguments = build_parser(_chosen_command(argv)).parse_args(argv)
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
    if arguments.command in {"org-audit", "org-report"}:
        return _org(arguments)
    if arguments.command == "fix":
        from pyparity.fix.command import run as run_fix

        return run_fix(arguments, options(arguments))
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
    from pyparity import preflight, records
    from pyparity.rules import rule_names

    preflight.readable_root(arguments.path)
    preflight.writable_output(getattr(arguments, "output", None))
    config, origin = config_module.load(Path(arguments.path), arguments.config, warn=_warn)
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
    config = records.replace(config, **changes)  # type: ignore[arg-type]
    arguments.truth_origin = _truth_origin(arguments, origin)
    preflight.source_of_truth_exists(arguments.path, config.source_of_truth, arguments.truth_origin)
    return config


def _truth_origin(arguments: argparse.Namespace, origin: str | None) -> str:
    """Where the source of truth was set, for the message that says it does not apply."""
    if getattr(arguments, "source_of_truth", None) is not None or origin is None:
        return "--source-of-truth"
    return f"{origin}: source-of-truth ="


def _warn(message: str) -> None:
    from pyparity.report.text import visible

    print(f"pyparity: warning: {visible(message)}", file=sys.stderr)


def _check(arguments: argparse.Namespace) -> int:
    # The whole command runs without the cycle collector (`collector.py`): it keeps what it
    # makes; the code scan turns it on again for vermin (`check.run`).
    with collector.paused():
        return _check_paused(arguments)


def _check_paused(arguments: argparse.Namespace) -> int:
    from pyparity import preflight
    from pyparity.discover import Listing, Root, recording_reads, small_tree

    preflight.readable_root(arguments.path)
    preflight.writable_output(arguments.output)
    # While this process imports the pipeline, a helper process imports the YAML readers
    # (it reads a share of a large tree's files) and git lists the tree.
    root = Root.at(arguments.path)
    helper = None
    if arguments.jobs != 1 and not small_tree(root):
        from pyparity.reading import start_helper

        helper = start_helper(root, arguments.jobs)
    listing = Listing(root)
    try:
        runs = _run_cache(arguments, root)
        kept = runs.replay(listing) if runs is not None else None
        if kept is None:
            started = time.time_ns()
            with recording_reads() as reads:
                kept, config = _run_check(arguments, listing, helper)
            if runs is not None:
                from pyparity.run_cache import read_set

                read = read_set(listing.files(), config, reads, listing.declaring)
                runs.keep(kept, listing, read, started)
        else:
            sys.stderr.write(kept.messages)
    finally:
        listing.close()
        if helper is not None:
            helper.cancel()
    _emit(kept.report, arguments.output)
    return kept.status


def _run_check(
    arguments: argparse.Namespace, listing: Listing, helper: Helper | None
) -> tuple[Kept, Config]:
    """The run itself: its report, its exit status, and the messages it wrote on stderr
    (written there as they come, and kept for a run replayed from the cache); and the
    configuration it ran with."""
    from pyparity import preflight, records
    from pyparity.run_cache import Kept

    terminal_stream = sys.stderr
    messages = _Recorded(terminal_stream)
    sys.stderr = messages
    try:
        from pyparity.check import run
        from pyparity.terminal import progress

        config = options(arguments)
        with progress(terminal_stream):  # the progress line is not a message to replay
            result = run(
                arguments.path,
                config,
                listing=listing,
                jobs=arguments.jobs,
                helper=helper,
                cache_dir=_cache_dir(arguments),
            )
        preflight.source_of_truth_declares(result, config.source_of_truth, arguments.truth_origin)
        _notice_unreadable(listing)
    finally:
        sys.stderr = terminal_stream
    if not arguments.show_unused_ignores:
        result = records.replace(result, unused_ignores=())
    report = render(result, arguments.format, config, arguments)
    failed = any(config.fails(finding.severity) for finding in result.findings)
    status = EXIT_FINDINGS if failed or result.unused_ignores else EXIT_CLEAN
    return Kept(report, messages.getvalue(), status), config


class _Recorded(io.StringIO):
    """A stream that writes through to `stream` and keeps a copy of what it wrote."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(text)
        return super().write(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()


def _run_cache(arguments: argparse.Namespace, root: Root) -> RunCache | None:
    """This run's entry in the cache of whole runs; None without a cache."""
    cache_dir = _cache_dir(arguments)
    if cache_dir is None:
        return None
    from pyparity.run_cache import open_run_cache

    return open_run_cache(root.path, cache_dir, vars(arguments).items(), arguments.config)


def _cache_dir(arguments: argparse.Namespace) -> Path | None:
    if arguments.no_cache or os.environ.get("PYPARITY_NO_CACHE", "") not in {"", "0"}:
        return None
    if arguments.cache_dir is not None:
        return Path(arguments.cache_dir)
    if os.environ.get("PYPARITY_CACHE_DIR"):
        return Path(os.environ["PYPARITY_CACHE_DIR"])
    return Path(arguments.path) / ".pyparity_cache"


def _notice_unreadable(listing: Listing) -> None:
    from pyparity.preflight import unreadable_folders

    root = str(listing.root.path)
    for folder in unreadable_folders(root, listing.listed, listing.unreadable):
        _notice(f"cannot read the folder {folder}: its files were not checked")


def _notice(message: str) -> None:
    from pyparity.report.text import visible

    print(f"pyparity: notice: {visible(message)}", file=sys.stderr)


def render(result: Result, format_name: str, config: Config, arguments: argparse.Namespace) -> str:
    if format_name == "json":
        from pyparity.report import json as json_report

        return json_report.render(result)
    if format_name == "text":
        from pyparity.report import text
        from pyparity.terminal import use_color

        return text.render(
            result,
            today=config.today,
            audit=config.audit,
            show_table=arguments.show_declarations,
            color=arguments.output is None and use_color(sys.stdout),
            hint=True,
        )
    import importlib

    module = importlib.import_module(f"pyparity.report.{format_name}")
    rendered: str = module.render(result, today=config.today)
    return rendered


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from pyparity.preflight import write_output

        write_output(output, text)


def _list(arguments: argparse.Namespace) -> int:
    from pyparity import records
    from pyparity.check import run
    from pyparity.report import json as json_report
    from pyparity.report import text

    config = options(arguments)
    result = run(arguments.path, records.replace(config, disable=frozenset(_all_rules())))
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
    import shutil
    import textwrap

    from pyparity.rules import registry

    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))
    indent = " " * 30
    for rule in registry():
        head = f"{rule.name:<20} {rule.severity.value:<8} "
        print(
            textwrap.fill(
                first_sentence(rule.doc),
                width,
                initial_indent=head,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
    return EXIT_CLEAN


def first_sentence(doc: str) -> str:
    """The first sentence of a rule's "What it does." paragraph, whole."""
    paragraph = next((p for p in doc.split("\n\n") if p.startswith("**What it does.**")), "")
    text = " ".join(paragraph.removeprefix("**What it does.**").split())
    quoted = False
    for index, character in enumerate(text):
        if character == "`":
            quoted = not quoted
        elif character == "." and not quoted and _ends_sentence(text, index):
            return text[: index + 1]
    return text


def _ends_sentence(text: str, index: int) -> bool:
    after = text[index + 1 : index + 3]
    if after and not (after[0] == " " and after[1:].isupper()):
        return False
    return not text[:index].endswith(("e.g", "i.e", "etc", "vs"))


def _sources() -> int:
    from pyparity.sources import registry

    for source in registry():
        print(f"{source.kind}:\n  " + source.doc.replace("\n", "\n  ") + "\n")
    return EXIT_CLEAN


# --- organisation audits (gh/org_audit.py, report/dashboard.py) ------------------------------


def _add_org_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    audit = commands.add_parser("org-audit", help=_OTHER_COMMANDS[4][1])
    audit.add_argument("--org", help="the organisation whose repositories to audit")
    audit.add_argument("--repos-file", type=Path, help="OWNER/NAME per line instead of --org")
    audit.add_argument("--shard", default="1/1", metavar="I/N", help="this shard of N (1-based)")
    audit.add_argument(
        "--output",
        type=Path,
        default=Path("org-reports"),
        metavar="DIR",
        help="one JSON report per repository (default: org-reports)",
    )
    audit.add_argument("--cache", type=Path, metavar="DIR", help="reuse trees, blobs, ETags")
    audit.add_argument("--today", type=_date, help="evaluate at this date (YYYY-MM-DD)")
    audit.add_argument("--jobs", type=_jobs, default=8, metavar="N", help="repositories at once")
    audit.add_argument(
        "--code", action="store_true", help="scan the code too (downloads each tarball)"
    )
    for kind in ("archived", "forks", "empty"):
        audit.add_argument(f"--include-{kind}", action="store_true", help=f"audit {kind} too")
    report = commands.add_parser("org-report", help=_OTHER_COMMANDS[5][1])
    report.add_argument(
        "folders", nargs="+", type=Path, metavar="DIR", help="org-audit --output folders to merge"
    )
    report.add_argument(
        "--format",
        choices=("markdown", "json", "csv"),
        default="markdown",
        help="dashboard format (default: markdown)",
    )
    report.add_argument("--output", type=Path, help="write the dashboard to this file")
    report.add_argument(
        "--title", default="Python versions across the organisation", help="dashboard title"
    )
    report.add_argument("--issue-repo", metavar="OWNER/REPO", help="keep a tracking issue there")


def _org(arguments: argparse.Namespace) -> int:
    import datetime as dt

    if arguments.command == "org-report":
        from pyparity.gh.org_report import OrgReportOptions
        from pyparity.gh.org_report import run as report

        return report(
            OrgReportOptions(
                folders=tuple(arguments.folders),
                format=arguments.format,
                output=arguments.output,
                title=arguments.title,
                issue_repo=arguments.issue_repo,
                token=os.environ.get("GITHUB_TOKEN", ""),
                api_url=os.environ.get("GITHUB_API_URL") or "https://api.github.com",
            )
        )
    from pyparity.gh.org_audit import OrgOptions, Shard
    from pyparity.gh.org_audit import run as audit

    try:
        shard = Shard.parse(arguments.shard)
    except ValueError as error:
        raise ConfigError(f"--shard: {error}") from None
    if not arguments.org and arguments.repos_file is None:
        raise ConfigError("org-audit needs --org ORG or --repos-file FILE")
    return audit(
        OrgOptions(
            org=arguments.org,
            repos_file=arguments.repos_file,
            shard=shard,
            output=arguments.output,
            cache=arguments.cache,
            today=arguments.today or dt.date.today(),
            token=os.environ.get("GITHUB_TOKEN", ""),
            api_url=(os.environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
            include_archived=arguments.include_archived,
            include_forks=arguments.include_forks,
            include_empty=arguments.include_empty,
            code=arguments.code,
            jobs=arguments.jobs,
        )
    )
