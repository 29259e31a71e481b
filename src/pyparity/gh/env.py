"""The Action's environment -> a typed ActionEnv.

The runner exports each input as `INPUT_<NAME>` (upper-cased, hyphens kept:
`INPUT_FAIL-ON`) and describes the run in `GITHUB_*` variables and the event payload file.
`from_mapping` never reads `os.environ`: tests hand it the exact mapping a container gets.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pyparity.model import Minor
from pyparity.records import record
from pyparity.settings import FAIL_LEVELS, PRECISIONS

TRUE_WORDS = ("true", "True", "TRUE")
FALSE_WORDS = ("false", "False", "FALSE")
DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
DEFAULT_ISSUE_LABEL = "python-version-drift"


@record
class Input:
    """One `action.yml` input; `choices` lists the accepted values ("" = from config)."""

    name: str
    description: str
    default: str = ""
    choices: tuple[str, ...] = ()


INPUTS: tuple[Input, ...] = (
    Input(name="path", default=".", description="Directory to check, relative to the workspace."),
    Input(
        name="mode",
        default="check",
        choices=("check", "audit"),
        description="`check` compares declarations; `audit` adds the time-based rules "
        "(end of life).",
    ),
    Input(
        name="fail-on",
        choices=("", *FAIL_LEVELS),
        description="Lowest severity that fails the step: error, warning, notice or never "
        "(default: the configuration's, else error).",
    ),
    Input(
        name="source-of-truth",
        description="The file whose version decides, relative to `path` or to the workspace "
        "(default: the configuration's, else the majority).",
    ),
    Input(
        name="precision",
        choices=("", *PRECISIONS),
        description="Compare at `minor` or `patch` precision (default: the configuration's, "
        "else minor).",
    ),
    Input(
        name="config",
        description="Configuration file, relative to the workspace (default: `.pyparity.toml` "
        "or `[tool.pyparity]` in pyproject.toml).",
    ),
    Input(
        name="annotations",
        default="true",
        choices=("true", "false"),
        description="Annotate findings on their lines (the runner shows 10 per level; "
        "the job summary lists all).",
    ),
    Input(
        name="summary",
        default="true",
        choices=("true", "false"),
        description="Write the report to the job summary.",
    ),
    Input(
        name="comment",
        default="false",
        choices=("true", "false"),
        description="Keep one sticky comment on the pull request, edited in place "
        "(needs `pull-requests: write`).",
    ),
    Input(
        name="check-run",
        default="false",
        choices=("true", "false"),
        description="Publish a check run with annotations on the pull request's head commit "
        "(needs `checks: write`).",
    ),
    Input(
        name="fix",
        default="off",
        choices=("off", "suggest", "pull-request"),
        description="`suggest`: on a pull request, offer `pyparity fix` in one review: "
        "suggested changes on the lines the pull request touches, a diff with the command for "
        "the rest (needs `pull-requests: write`). `pull-request`: on the default branch (a "
        "scheduled audit), keep one pull request from `pyparity/python-X.Y` with the fix, "
        "updated when it changes and closed when no longer needed (needs an app or personal "
        "token with contents and pull-requests write).",
    ),
    Input(
        name="fix-to",
        description="The Python the fix moves to: a minor (`3.12`), `newest` (the newest "
        "released), or `oldest-supported` (the oldest not within 6 months of its end of life) "
        "(default: the source of truth, as `pyparity fix` picks it).",
    ),
    Input(
        name="audit-issue",
        default="true",
        choices=("true", "false"),
        description="In `audit` mode, keep one tracking issue: opened on drift, edited in place "
        "when it changes, closed when clean (needs `issues: write`).",
    ),
    Input(
        name="issue-title",
        default="Python version drift",
        description="Title of the audit issue when it is created.",
    ),
    Input(
        name="issue-labels",
        default=DEFAULT_ISSUE_LABEL,
        description="Comma-separated labels for the audit issue; the first one finds it again.",
    ),
    Input(
        name="issue-assignees",
        description="Comma-separated logins to assign the audit issue to when it is created.",
    ),
    Input(
        name="sarif-file",
        description="Write a SARIF 2.1.0 report to this path, relative to the workspace "
        "(for github/codeql-action/upload-sarif).",
    ),
    Input(
        name="code",
        default="true",
        choices=("true", "false"),
        description="Scan the Python code for features newer than the lowest declared version.",
    ),
    Input(
        name="today",
        description="Evaluate time-based rules at this date (YYYY-MM-DD), for reproducible audits.",
    ),
    Input(
        name="cache-dir",
        description="Keep what each file gave between runs here (absolute, or relative to the "
        "workspace); `false`: no cache. Default: `$HOME/.cache/pyparity` when HOME lies outside "
        "the workspace (in the Action's container, `${{ runner.temp }}/_github_home/.cache/"
        "pyparity` on the runner: keep it with actions/cache).",
    ),
    Input(
        name="token",
        default="${{ github.token }}",
        description="Token for the PR comment, check run, audit issue and fix "
        "(`fix: pull-request` takes an app or personal token); never printed.",
    ),
)


class InputError(ValueError):
    """An input the Action cannot use; the message names it and the accepted values."""


@record
class Event:
    """What the triggering event tells: the PR (if any) and the commit to report on."""

    name: str
    pull_request: int | None = None
    head_sha: str = ""
    fork: bool = False
    default_branch: str = ""  # from the payload; "" when it does not say
    problem: str = ""  # why the payload could not be read; "" when it was (or none is named)


@record
class ActionEnv:
    """The Action's inputs and the runner's environment, read from a mapping."""

    workspace: Path
    path: str
    mode: str
    fail_on: str | None
    source_of_truth: str | None
    precision: str | None
    config: str | None
    annotations: bool
    summary: bool
    comment: bool
    check_run: bool
    audit_issue: bool
    issue_title: str
    issue_labels: tuple[str, ...]
    issue_assignees: tuple[str, ...]
    sarif_file: str | None
    code: bool
    today: dt.date | None
    token: str
    event: Event
    repository: str
    sha: str
    ref: str
    run_id: str
    api_url: str
    server_url: str
    output_file: str | None
    summary_file: str | None
    fix: str = "off"
    fix_to: Minor | str | None = None  # a minor, `newest`, `oldest-supported`; None: the truth
    cache_dir: str = ""

    @property
    def root(self) -> Path:
        return self.workspace / self.path

    @property
    def path_prefix(self) -> str:
        """The scanned directory relative to the repository, "" for the root."""
        return "" if self.path == "." else self.path

    @property
    def on_default_branch(self) -> bool:
        """False only when the event names the default branch and this run is elsewhere."""
        default = self.event.default_branch
        return not default or self.ref == f"refs/heads/{default}"

    @property
    def report_sha(self) -> str:
        """The commit a check run belongs to: a PR's head, not the merge commit."""
        return self.event.head_sha or self.sha


def raw_input(environ: Mapping[str, str], name: str) -> str:
    return environ.get(f"INPUT_{name.upper()}", "").strip()


def from_mapping(environ: Mapping[str, str]) -> ActionEnv:
    """The Action's settings; raises InputError for an input it cannot accept."""

    def text(name: str) -> str:
        value = raw_input(environ, name)
        return value if value else _default(name)

    def optional(name: str) -> str | None:
        return text(name) or None

    workspace = Path(environ.get("GITHUB_WORKSPACE") or ".")
    for name in ("mode", "fail-on", "precision", "fix"):
        _choice(name, text(name))
    path = _relative_path("path", text("path") or ".", workspace)
    return ActionEnv(
        workspace=workspace,
        path=path,
        mode=text("mode"),
        fail_on=optional("fail-on"),
        source_of_truth=_source_of_truth(optional("source-of-truth"), path),
        precision=optional("precision"),
        config=_optional_relative(environ, "config", workspace),
        annotations=_flag(environ, "annotations"),
        summary=_flag(environ, "summary"),
        comment=_flag(environ, "comment"),
        check_run=_flag(environ, "check-run"),
        audit_issue=_flag(environ, "audit-issue"),
        issue_title=text("issue-title"),
        issue_labels=_names(text("issue-labels")) or (DEFAULT_ISSUE_LABEL,),
        issue_assignees=tuple(name.removeprefix("@") for name in _names(text("issue-assignees"))),
        sarif_file=_optional_relative(environ, "sarif-file", workspace),
        code=_flag(environ, "code"),
        today=_date("today", text("today")),
        token=raw_input(environ, "token"),
        event=read_event(environ),
        repository=environ.get("GITHUB_REPOSITORY", ""),
        sha=environ.get("GITHUB_SHA", ""),
        ref=environ.get("GITHUB_REF", ""),
        run_id=environ.get("GITHUB_RUN_ID", ""),
        api_url=(environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
        server_url=(environ.get("GITHUB_SERVER_URL") or DEFAULT_SERVER_URL).rstrip("/"),
        output_file=environ.get("GITHUB_OUTPUT") or None,
        summary_file=environ.get("GITHUB_STEP_SUMMARY") or None,
        fix=text("fix"),
        fix_to=_fix_to(text("fix-to")),
        cache_dir=text("cache-dir"),
    )


def read_event(environ: Mapping[str, str]) -> Event:
    name = environ.get("GITHUB_EVENT_NAME", "")
    payload, problem = _payload(environ.get("GITHUB_EVENT_PATH", ""))
    if problem:
        return Event(name=name, problem=problem)
    pull = payload.get("pull_request")
    if not isinstance(pull, dict):
        return Event(name=name, default_branch=_default_branch(payload))
    head = pull.get("head")
    if not isinstance(head, dict):
        head = {}
    number = pull.get("number")
    return Event(
        name=name,
        pull_request=number if type(number) is int and number > 0 else None,
        head_sha=str(head.get("sha") or ""),
        fork=_is_fork(head, payload),
    )


def _default_branch(payload: dict[str, Any]) -> str:
    repository = payload.get("repository")
    branch = repository.get("default_branch") if isinstance(repository, dict) else None
    return branch if isinstance(branch, str) else ""


def _is_fork(head: dict[str, Any], payload: dict[str, Any]) -> bool:
    head_repo = head.get("repo")
    base_repo = payload.get("repository")
    if not isinstance(head_repo, dict) or not isinstance(base_repo, dict):
        return False
    return bool(head_repo.get("full_name") != base_repo.get("full_name"))


def _payload(path: str) -> tuple[dict[str, Any], str]:
    """The event payload and "", or {} and why it could not be read. A dispatch event's
    `client_payload` or inputs are anyone's JSON: nested 100,000 deep, it would exhaust
    the parser's recursion."""
    if not path:
        return {}, ""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        return {}, f"it could not be read ({error.strerror or type(error).__name__})"
    except RecursionError:
        return {}, "it is nested too deeply to parse"
    except ValueError:
        return {}, "it is not JSON"
    return (data, "") if isinstance(data, dict) else ({}, "it is not a JSON object")


def _default(name: str) -> str:
    spec = next(spec for spec in INPUTS if spec.name == name)
    return "" if spec.default.startswith("${{") else spec.default


def _choice(name: str, value: str) -> str:
    spec = next(spec for spec in INPUTS if spec.name == name)
    if value not in spec.choices:
        shown = ", ".join(choice for choice in spec.choices if choice)
        raise InputError(f"input '{name}' must be one of {shown}, not {value!r}")
    return value


def _fix_to(value: str) -> Minor | str | None:
    from pyparity.fix import targets

    try:
        return targets.parse(value)
    except targets.BadTarget as error:
        raise InputError(f"input 'fix-to' {error}") from None


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = raw_input(environ, name) or _default(name)
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise InputError(f"input '{name}' must be one of true, false, not {value!r}")


def _names(value: str) -> tuple[str, ...]:
    """`a, b,,c` -> (a, b, c): a comma-separated list, blanks and repeats dropped."""
    return tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))


def _date(name: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"input '{name}' must be a date (YYYY-MM-DD), not {value!r}") from None


def _relative_path(name: str, value: str, workspace: Path) -> str:
    """A POSIX path inside the workspace, relative to it ("." for the workspace itself)."""
    candidate = Path(value)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(workspace)
        except ValueError:
            raise InputError(
                f"input '{name}' must be a path inside the workspace {workspace}, not {value!r}"
            ) from None
    normal = posixpath.normpath(candidate.as_posix())
    if normal == ".." or normal.startswith("../"):
        raise InputError(f"input '{name}' must stay inside the workspace, not {value!r}")
    return normal


def _source_of_truth(value: str | None, path: str) -> str | None:
    """The file as the findings name it, relative to the scanned `path`: `./x`,
    `services/api/x` (workspace-relative, like `config`) and `x` all mean `x`."""
    if value is None:
        return None
    normal = posixpath.normpath(value.replace("\\", "/"))
    prefix = posixpath.normpath(path)
    if prefix != "." and normal.startswith(prefix + "/"):
        return normal[len(prefix) + 1 :]
    return normal


def _optional_relative(environ: Mapping[str, str], name: str, workspace: Path) -> str | None:
    value = raw_input(environ, name)
    return _relative_path(name, value, workspace) if value else None
