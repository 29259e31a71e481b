"""The Action: `INPUT_*`/`GITHUB_*` environment -> the check -> the reporting ladder.

Order matters: the log, annotations, job summary, outputs and files are all written before
any API call, so a failing or forbidden API never loses the report, and the step's exit
code depends only on the findings (0 clean, 1 findings at or above `fail-on`, 2 bad input
or configuration, 3 internal error).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import stat
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import TextIO

from pyparity import check, discover, preflight
from pyparity import config as config_module
from pyparity.config import Config
from pyparity.errors import ConfigError
from pyparity.gh import audit_issue, checkrun
from pyparity.gh.api import ApiError, ErrorKind, GitHubApi, Identity
from pyparity.gh.commands import Output, command, fit_summary, mask, outputs_file_text
from pyparity.gh.comment import StickyComment
from pyparity.gh.env import ActionEnv, InputError, from_mapping, raw_input
from pyparity.model import Minor, Result, Severity
from pyparity.records import field, record, replace
from pyparity.report import github as github_report
from pyparity.report import json as json_report
from pyparity.report import markdown, sarif, text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_FILE = "pyparity-report.json"
DECLARATIONS_OUTPUT_LIMIT = 512 * 1024
SUMMARY_RESERVE_BYTES = 8 * 1024  # room for notes appended after the API steps

ApiFactory = Callable[[ActionEnv], GitHubApi]


def main(
    environ: Mapping[str, str] | None = None,
    *,
    out: TextIO | None = None,
    api_factory: ApiFactory | None = None,
) -> int:
    environ = os.environ if environ is None else environ
    log = Log(out or sys.stdout)
    token = raw_input(environ, "token")
    if token:
        log.write(mask(token))
    try:
        env = from_mapping(environ)
        config = build_config(env, warn=lambda message: log.write(command("warning", message)))
        truth = "input 'source-of-truth'" if env.source_of_truth else "source-of-truth ="
        preflight.source_of_truth_exists(str(env.root), config.source_of_truth, truth)
        # What the commit holds: tracked files only (an earlier step may have written
        # credentials into the workspace that no commit has).
        listing = discover.Listing(discover.Root.at(env.root), untracked=False)
        result = check.run(
            str(env.root), config, listing=listing, cache_dir=cache_dir(env, environ)
        )
        preflight.source_of_truth_declares(result, config.source_of_truth, truth)
        fix_to = _fix_to(env, config)
    except (InputError, ConfigError) as error:
        log.write(command("error", str(error), {"title": "pyparity: invalid input"}))
        return EXIT_USAGE
    except Exception:  # the top-level handler: say so, and ask for a bug report
        traceback.print_exc()
        log.write(command("error", "pyparity failed internally; please report the traceback"))
        return EXIT_INTERNAL
    run = Run(env=env, config=config, result=result, log=log, fix_to=fix_to)
    try:
        run.report()
        run.publish(api_factory or default_api)
    except Exception:  # a bug while reporting must not pass for "findings" (Python's exit 1)
        traceback.print_exc()
        log.write(command("error", "pyparity failed internally; please report the traceback"))
        return EXIT_INTERNAL
    return EXIT_FINDINGS if run.failed else EXIT_CLEAN


def build_config(env: ActionEnv, *, warn: Callable[[str], None] | None = None) -> Config:
    if not env.root.is_dir():
        raise InputError(f"input 'path': {env.path!r} is not a directory in the workspace")
    if not _inside(env.root.resolve(), env.workspace.resolve()):
        raise InputError(f"input 'path': {env.path!r} is a symbolic link out of the workspace")
    explicit = env.workspace / env.config if env.config else None
    config, _ = config_module.load(env.root, explicit, warn=warn)
    changes: dict[str, object] = {"audit": env.mode == "audit", "code": env.code}
    for name in ("source_of_truth", "precision", "fail_on", "today"):
        value = getattr(env, name)
        if value is not None:
            changes[name] = value
    return replace(config, **changes)  # type: ignore[arg-type]


def _fix_to(env: ActionEnv, config: Config) -> Minor | None:
    """The `fix-to` input as a minor on the run's date (None: the source of truth decides)."""
    from pyparity.fix import targets

    try:
        return targets.resolve(env.fix_to, config.today)
    except targets.BadTarget as error:
        raise InputError(f"input 'fix-to': {error}") from None


def cache_dir(env: ActionEnv, environ: Mapping[str, str]) -> Path | None:
    """The `cache-dir` input; by default the container's HOME (`/github/home`, which the
    runner keeps under `runner.temp`), when it lies outside the workspace: a cache folder in
    the workspace is what a pull request could plant."""
    if env.cache_dir.lower() in {"false", "none", "no", "off"}:
        return None
    if env.cache_dir:
        given = Path(env.cache_dir)
        return given if given.is_absolute() else env.workspace / given
    home = environ.get("HOME", "")
    if not home or not os.path.isabs(home):
        return None
    workspace = os.path.realpath(env.workspace)
    real_home = os.path.realpath(home)
    if real_home == workspace or real_home.startswith(workspace.rstrip(os.sep) + os.sep):
        return None
    return Path(home) / ".cache" / "pyparity"


def default_api(env: ActionEnv) -> GitHubApi:
    return GitHubApi(token=env.token, api_url=env.api_url, repository=env.repository)


@record(frozen=False, kw_only=False)
class Log:
    """The Action's log: lines for the runner, commands escaped where they must be."""

    stream: TextIO

    def write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def verbatim(self, title: str, body: str) -> None:
        """Print text the runner must not read as commands (a file could be named `::x::`)."""
        token = secrets.token_hex(16)
        self.write(command("group", title))
        self.write(f"::stop-commands::{token}")
        self.stream.write(body if body.endswith("\n") else body + "\n")
        self.write(f"::{token}::")
        self.write("::endgroup::")


@record(frozen=False)
class Run:
    """One run of the Action: its inputs, the check's result and what has been written."""

    env: ActionEnv
    config: Config
    result: Result
    log: Log
    fix_to: Minor | None = None  # the `fix-to` input on the run's date
    identity: Identity | None = None
    identity_asked: bool = False
    summary_broken: bool = False  # the job summary could not be written: say it once
    written: set[str] = field(default_factory=set)  # the report files that were written

    @property
    def failed(self) -> bool:
        return any(self.config.fails(f.severity) for f in self.result.findings)

    @property
    def drift(self) -> bool:
        return any(f.severity is not Severity.NOTICE for f in self.result.findings)

    def report(self) -> None:
        today = self.config.today
        self.log.verbatim("pyparity report", text.render(self.result, today=today))
        if self.env.event.problem:
            self.log.write(command("warning", f"pyparity: {self.event_note()}"))
        if self.env.annotations:
            for line in github_report.annotation_lines(
                self.result,
                per_level=github_report.RUNNER_LIMIT_PER_LEVEL,
                path_prefix=self.env.path_prefix,
            ):
                self.log.write(line)
        if self.env.summary and self.env.summary_file:
            body = self.markdown(notes=self.notes())
            limit = (1024 * 1024) - SUMMARY_RESERVE_BYTES
            self.append_summary(fit_summary(body, limit))
        self.write_file("the JSON report", REPORT_FILE, lambda: json_report.render(self.result))
        if self.env.sarif_file:
            self.write_file("the SARIF report", self.env.sarif_file, self.sarif)
        if self.env.output_file:
            self.append("the step outputs", self.env.output_file, outputs_file_text(self.outputs()))
        else:  # runners before 2.297 (old GHES) have no $GITHUB_OUTPUT: the toolkit's fallback
            for output in self.outputs():
                self.log.write(command("set-output", output.value, {"name": output.name}))

    def event_note(self) -> str:
        return (
            f"the event payload was not read: {self.env.event.problem}; the pull request "
            "and its head commit are unknown, so nothing is posted on a pull request"
        )

    def append_summary(self, text_: str) -> None:
        summary_file = self.env.summary_file
        if summary_file and not self.summary_broken:
            self.summary_broken = not self.append("the job summary", summary_file, text_)

    def append(self, what: str, path: str, text_: str) -> bool:
        """Append to a file the runner reads (the job summary, the step outputs). Failing
        is a warning, never the verdict, and the other channels still run."""
        try:
            _append(path, text_)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.log.write(command("warning", f"pyparity: could not write {what}: {reason}"))
            return False
        return True

    @property
    def link_base(self) -> str | None:
        if self.env.repository and self.env.report_sha:
            return f"{self.env.server_url}/{self.env.repository}/blob/{self.env.report_sha}/"
        return None

    def markdown(self, notes: Iterable[str] = ()) -> str:
        return markdown.render(
            self.result,
            today=self.config.today,
            path_prefix=self.env.path_prefix,
            link_base=self.link_base,
            notes=tuple(notes),
        )

    def notes(self) -> list[str]:
        """What the job summary says first: a payload not read, annotations left out."""
        note = self.event_note()
        said = [f"{note[0].upper()}{note[1:]}."] if self.env.event.problem else []
        return said + self.omitted_notes()

    def omitted_notes(self) -> list[str]:
        if not self.env.annotations:
            return []
        hidden = github_report.omitted(self.result, github_report.RUNNER_LIMIT_PER_LEVEL)
        return [
            f"{count} more {level.value} finding(s) are not annotated (the runner shows "
            f"{github_report.RUNNER_LIMIT_PER_LEVEL} per level); all are listed below."
            for level, count in sorted(hidden.items(), key=lambda item: -item[0].rank)
        ]

    def sarif(self) -> str:
        return sarif.render(self.result, today=self.config.today, path_prefix=self.env.path_prefix)

    def write_file(self, what: str, relative: str, render: Callable[[], str]) -> None:
        """A report file in the workspace; failing to write it is a warning, never the verdict."""
        try:
            write_inside(self.env.workspace, relative, render())
            self.written.add(relative)
        except OSError as error:
            reason = error.strerror or str(error)
            self.log.write(
                command("warning", f"pyparity: {what} was not written to {relative}: {reason}")
            )
            self.summary_note(f"{what} was not written to {relative}: {reason}.")

    def outputs(self) -> list[Output]:
        declarations = json.dumps(
            json_report.document(self.result)["declarations"], separators=(",", ":")
        )
        if len(declarations) > DECLARATIONS_OUTPUT_LIMIT:
            self.log.write(command("warning", "the declarations output is too large; see report"))
            declarations = "[]"
        minor = markdown.agreed_runtime(self.result, self.config.today)
        values = {
            "drift": "true" if self.drift else "false",
            "errors": str(self.result.count(Severity.ERROR)),
            "warnings": str(self.result.count(Severity.WARNING)),
            "python-version": str(minor) if minor else "",
            "declarations": declarations,
            "report": REPORT_FILE if REPORT_FILE in self.written else "",
        }
        return [Output(name=name, value=value) for name, value in values.items()]

    def publish(self, api_factory: ApiFactory) -> None:
        wants_comment = self.env.comment and self.env.event.pull_request is not None
        if self.env.comment and not wants_comment:
            self.log.write(command("notice", "pyparity: comment skipped, no pull request here"))
        wants_issue = self.wants_audit_issue()
        wants_fix = self.env.fix == "suggest" and self.env.event.pull_request is not None
        if self.env.fix == "suggest" and not wants_fix:
            self.log.write(command("notice", "pyparity: fix suggestions skipped, no pull request"))
        wants_fix_pr = self.env.fix == "pull-request" and self.wants_fix_pull_request()
        if not (wants_comment or self.env.check_run or wants_issue or wants_fix or wants_fix_pr):
            return
        if not self.env.token or not self.env.repository:
            self.notice("no token or repository is available, so nothing was posted")
            return
        api = api_factory(self.env)
        try:
            if wants_comment:
                self.attempt("the PR comment", lambda: self.post_comment(api))
            if self.env.check_run:
                self.attempt("the check run", lambda: self.post_check_run(api))
            if wants_fix:
                self.attempt("the fix suggestions", lambda: self.post_fix(api))
            if wants_fix_pr:
                self.attempt("the fix pull request", lambda: self.keep_fix_pull_request(api))
            if wants_issue:
                self.attempt(
                    "the audit issue",
                    lambda: self.sync_audit_issue(api),
                    forbidden_hint="The audit issue needs `permissions: issues: write`;",
                )
        finally:
            api.close()

    def post_comment(self, api: GitHubApi) -> None:
        number = self.env.event.pull_request
        assert number is not None
        sticky = StickyComment.for_path(self.env.path)
        report = self.markdown()
        outcome = sticky.sync(
            api,
            number,
            drift=sticky.body(report) if self.drift else None,
            resolved=sticky.resolved_body(report, self.env.report_sha),
            me=self.me(api),
        )
        self.log.write(f"pyparity: PR comment {outcome.value}")

    def post_fix(self, api: GitHubApi) -> None:
        """`pyparity fix` offered on the pull request: one review, with suggested changes
        on the lines its diff shows and a diff block with the command for the rest."""
        from pyparity.gh.fix_review import offer

        number = self.env.event.pull_request
        assert number is not None
        said = offer(
            api,
            number,
            root=self.env.root,
            config=self.config,
            path_prefix=self.env.path_prefix,
            commit_id=self.env.report_sha,
            mine=lambda author: (me := self.me(api)) is not None and me.wrote(author),
            to=self.fix_to,
        )
        self.log.write(f"pyparity: {said}")

    def wants_fix_pull_request(self) -> bool:
        """The fix pull request goes into the default branch, from a run on it (a schedule,
        `workflow_dispatch`, a push): never from a pull request or a side branch."""
        if self.env.event.pull_request is not None:
            self.log.write(
                command(
                    "notice",
                    "pyparity: fix pull request skipped on a pull request (`fix: suggest` "
                    "offers the fix there)",
                )
            )
            return False
        if not self.env.on_default_branch or not self.env.ref.startswith("refs/heads/"):
            self.log.write(
                command("notice", "pyparity: fix pull request skipped, not on the default branch")
            )
            return False
        if not self.env.sha:
            self.notice("fix pull request skipped: GITHUB_SHA does not name the commit")
            return False
        return True

    def keep_fix_pull_request(self, api: GitHubApi) -> None:
        """`fix: pull-request`: one pull request with `pyparity fix`, kept in line with it."""
        from pyparity.gh import fix_pull_request

        where = fix_pull_request.Where(
            repository=self.env.repository,
            base=self.env.ref.removeprefix("refs/heads/"),
            base_sha=self.env.sha,
            path=self.env.path,
            today=self.config.today,
        )
        try:
            said = fix_pull_request.run(
                api,
                root=self.env.root,
                config=self.config,
                to=self.fix_to,
                result=self.result,
                where=where,
                path_prefix=self.env.path_prefix,
                me=self.me(api),
                run_url=self.run_url,
            )
        except fix_pull_request.FixPullRequestError as error:
            self.log.write(command("warning", f"pyparity: {error}"))
            self.summary_note(str(error))
            return
        self.log.write(f"pyparity: {said}")
        me = self.identity
        if me is not None and fix_pull_request.is_workflow_token(me) and " opened" in said:
            self.notice(
                "the fix pull request was opened with the workflow's GITHUB_TOKEN: GitHub runs "
                "no workflow for it, so its checks will not start, and it can never change "
                "files under .github/workflows/; give the `token` input an app or personal token"
            )

    @property
    def run_url(self) -> str | None:
        if self.env.repository and self.env.run_id:
            return f"{self.env.server_url}/{self.env.repository}/actions/runs/{self.env.run_id}"
        return None

    def post_check_run(self, api: GitHubApi) -> None:
        run_id = checkrun.publish(
            api,
            head_sha=self.env.report_sha,
            result=self.result,
            failed=self.failed,
            title=f"pyparity: {markdown.verdict(self.result)}",
            summary=self.markdown(),
            path_prefix=self.env.path_prefix,
            name=checkrun.name_for(self.env.path),
        )
        self.log.write(f"pyparity: check run {run_id} published")

    def me(self, api: GitHubApi) -> Identity | None:
        """The token's identity, asked once; a transient failure raises and is asked again
        by the next step."""
        if not self.identity_asked:
            self.identity = api.identity()
            self.identity_asked = True
            if self.identity is None:
                self.notice(
                    "GitHub did not say whom the token acts for (neither GraphQL `viewer` nor "
                    "`GET /user` answered), so no earlier comment or issue can be known to be "
                    "pyparity's: none is edited or closed, and drift is posted anew"
                )
        return self.identity

    def wants_audit_issue(self) -> bool:
        """The audit issue follows the default branch: never a pull request or a side branch."""
        if self.env.mode != "audit" or not self.env.audit_issue:
            return False
        if self.env.event.pull_request is not None or not self.env.on_default_branch:
            self.log.write(
                command("notice", "pyparity: audit issue skipped, not on the default branch")
            )
            return False
        return True

    def sync_audit_issue(self, api: GitHubApi) -> None:
        settings = audit_issue.IssueSettings.for_path(
            self.env.path,
            title=self.env.issue_title,
            labels=self.env.issue_labels,
            assignees=self.env.issue_assignees,
        )
        run_url = None
        if self.env.repository and self.env.run_id:
            run_url = f"{self.env.server_url}/{self.env.repository}/actions/runs/{self.env.run_id}"
        audit = audit_issue.Audit(
            result=self.result,
            today=self.config.today,
            repository=self.env.repository,
            sha=self.env.report_sha,
            path_prefix=self.env.path_prefix,
            link_base=self.link_base,
            run_url=run_url,
        )
        outcome = audit_issue.sync(api, audit, settings, me=self.me(api))
        self.log.write(f"pyparity: {outcome.describe()}")
        if outcome.label_missing:
            self.log.write(
                command(
                    "warning",
                    f"pyparity: {outcome.describe()} without the label {settings.labels[0]!r}, "
                    "which later audits look for; create the label or let the token set it",
                )
            )

    def attempt(
        self,
        what: str,
        step: Callable[[], None],
        *,
        forbidden_hint: str = "Pull requests from forks get a read-only token;",
    ) -> None:
        try:
            step()
        except ApiError as error:
            if error.kind is ErrorKind.FORBIDDEN:
                self.notice(
                    f"{what} was not posted: the token may not write here ({error.status}). "
                    f"{forbidden_hint} the annotations and the job summary hold the full report."
                )
            else:
                self.log.write(command("warning", f"pyparity: {what} was not posted: {error}"))
                self.summary_note(f"{what} was not posted: {error.kind.value} error.")
        except Exception as error:  # an optional channel's bug must not decide the step
            traceback.print_exc()
            self.log.write(
                command(
                    "warning",
                    f"pyparity: {what} was not posted: internal error ({type(error).__name__}); "
                    "please report the traceback",
                )
            )
            self.summary_note(f"{what} was not posted: internal error.")

    def notice(self, message: str) -> None:
        self.log.write(command("notice", f"pyparity: {message}"))
        self.summary_note(message)

    def summary_note(self, message: str) -> None:
        if self.env.summary:
            self.append_summary(f"\n> [!NOTE]\n> {markdown.cell(message)}\n")


def write_inside(workspace: Path, relative: str, text_: str) -> None:
    """Write `relative` below the workspace, never through a symbolic link: the checked-out
    tree could hold `pyparity-report.json -> /github/home/...`, or a folder linked anywhere,
    and the container runs as root. Each folder is opened without following a link (and
    made when missing), then the file, which must be a regular one (a FIFO would block).
    New files and folders go to the workspace's owner, so a self-hosted runner's next
    checkout can clean them."""
    owner = workspace.stat()
    *folders, name = PurePosixPath(relative).parts
    folder = os.open(workspace, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in folders:
            inner = _enter(folder, part, owner)
            os.close(folder)
            folder = inner
        descriptor = _open_file(folder, name)
    finally:
        os.close(folder)
    _give_to(descriptor, owner)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text_)


def _enter(folder: int, part: str, owner: os.stat_result) -> int:
    """The descriptor of folder `part` inside `folder`, made when missing; never a link."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    created = False
    try:
        os.mkdir(part, 0o755, dir_fd=folder)
        created = True
    except FileExistsError:
        pass
    try:
        inner = os.open(part, flags, dir_fd=folder)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise OSError(
                errno.ELOOP, f"{part} is a symbolic link or a file; not followed"
            ) from None
        raise
    if created:
        _give_to(inner, owner)
    return inner


def _open_file(folder: int, name: str) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        descriptor = os.open(name, flags, 0o644, dir_fd=folder)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a symbolic link; not followed") from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EPERM, "it is not a regular file")
    return descriptor


def _give_to(descriptor: int, owner: os.stat_result) -> None:
    if os.geteuid() != 0 or (owner.st_uid, owner.st_gid) == (0, 0):
        return
    with contextlib.suppress(OSError):  # best effort: only self-hosted runners need it
        os.fchown(descriptor, owner.st_uid, owner.st_gid)


def _inside(path: Path, boundary: Path) -> bool:
    return path == boundary or boundary in path.parents


def _append(path: str, text_: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text_)
