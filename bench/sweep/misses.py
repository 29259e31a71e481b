"""The sweep's misses: lines of the swept repositories that declare a Python and that pyparity
does not list.

    python bench/sweep/misses.py [--trees DIR] [--results DIR] [--only NAME…] [--why]
    python bench/sweep/misses.py --check RESULTS_DIR [--baseline RESULTS_DIR] [--misses FILE]

The first form prints the candidates, one a line, `CANDIDATE repo file:line text`: every line
of a checkout that a broad, fixed set of patterns takes for a Python version being declared,
set up or targeted (setup actions' inputs, run-step installers, images, tool configurations,
tox, PEP 723 headers, task runners and scripts, CI matrices...), less the lines of trees that
pyparity leaves out as not the project's own (`pyparity.foreign.reason`) and less the lines
that the report lists (a declaration of any role, `unresolved` included, whose span holds the
line). `--why` adds each candidate's pattern id after a tab. The files read are the tracked
CI, container, task-runner, tool-configuration and packaging files of each checkout (YAML,
TOML, INI, Dockerfiles, shell and batch scripts, justfiles and Makefiles, `.python-version*`,
the few JSON files that configure a Python), `.py` files for their PEP 723 header only (setup.py
and noxfiles whole) and `.txt` files for set-up commands only; lock files are not read.

The candidates are judged by hand: the real misses go to `misses.txt`, one a line,

    MISS<TAB>repo<TAB>file:line<TAB>pattern-id: what it declares and why it matters

`--check` counts, per pattern id and in total, the misses of `misses.txt` that the reports of
RESULTS_DIR now list: a declaration (any role) whose span holds the miss's line (`exact`), or
one at that file within 2 lines of it (`near`: a multi-line construct may be reported at a
neighbouring line). With `--baseline` (the reports the misses were judged on, so far
results-mid3), a neighbour that the baseline already listed at the same place finds nothing:
an env_list's first line was listed all along, its continuation lines were not.

The patterns are plain substring tests and regular expressions without nested or ambiguous
repeats, so time is linear in the text; files over 2 MiB and lines past 2000 characters are
not read (no declaring line is that long).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from pyparity.foreign import reason  # noqa: E402
from pyparity.sources import candidates as declaring_modules  # noqa: E402

REPOS = HERE / "repos.txt"
MISSES = HERE / "misses.txt"
MAX_BYTES = 2 * 1024 * 1024
MAX_LINE = 2000
NEAR = 2

# --- which files -------------------------------------------------------------------------

_TEXT_SUFFIXES = (
    ".yml",
    ".yaml",
    ".toml",
    ".ini",
    ".cfg",
    ".jsonc",
    ".env",
    ".nix",
    ".tf",
    ".tfvars",
    ".hcl",
    ".spec",
)
_SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".ps1", ".psm1", ".bat", ".cmd", ".mk")
_SCRIPT_FOLDERS = frozenset(
    {"scripts", "script", "ci", ".ci", "tools", "tool", "bin", "dev", "build-tools", "_ci"}
)
_NAMES = frozenset(
    {
        "makefile",
        "gnumakefile",
        "justfile",
        ".justfile",
        "jenkinsfile",
        "runtime.txt",
        ".tool-versions",
        "pipfile",
        ".env",
        ".envrc",
        "setup.py",
        "meson.build",
        "cmakelists.txt",
        "pylintrc",
        ".pylintrc",
        ".devcontainer.json",
        ".renovaterc",
        ".flake8",
        "pkgbuild",
        "control",
        "vagrantfile",
        "procfile",
        "taskfile",
    }
)


def kind_of(path: str) -> str | None:
    """What the file is to the patterns, or None when it is not read at all."""
    folders = path.lower().split("/")
    name = folders.pop()
    if name.startswith("pylock") or name.endswith((".lock", "-lock.yaml", "-lock.yml")):
        return None  # a lock file records what a resolver chose
    if name.startswith(".python-version"):
        return "python-version"
    if "dockerfile" in name or "containerfile" in name:
        return "dockerfile"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    if name in _NAMES or name.endswith(_TEXT_SUFFIXES) or name.startswith(".env"):
        return "text"
    if name.endswith(_SCRIPT_SUFFIXES) or name.startswith(("makefile", "justfile")):
        return "script"
    if name.endswith(".rb") and {"formula", "homebrew"}.intersection(folders):
        return "text"
    if name.endswith(".json") and _declaring_json(name, folders):
        return "text"
    if name.endswith(".py"):
        if name.startswith("noxfile") or name == "setup.py" or ".github" in folders:
            return "text"
        return "pep723"
    if "." not in name and _SCRIPT_FOLDERS.intersection(folders):
        return "shebang"
    if name.endswith(".txt") and not {"doc", "docs"}.intersection(folders):
        return "commands"  # a list of commands (`pyenv install 3.11` a line), not requirements
    return None


_JSON_NAMES = frozenset({"zappa_settings.json", "vercel.json", "app.json", "cdk.json"})


def _declaring_json(name: str, folders: list[str]) -> bool:
    """The JSON files that configure a Python (most JSON is data)."""
    return (
        name in _JSON_NAMES
        or name.startswith(("pyright", "asv", "renovate", ".renovaterc"))
        or bool({".devcontainer", ".chalice"}.intersection(folders))
    )


_CI_MARKS = (
    ".github/",
    ".circleci/",
    ".gitlab",
    "gitlab-ci",
    "azure",
    "appveyor",
    ".travis",
    ".cirrus",
    "bitbucket-pipelines",
    ".drone",
    "buildkite",
    ".woodpecker",
    "buildspec",
    "codemagic",
    "jenkins",
    "action.yml",
    "action.yaml",
)


def is_ci(path: str) -> bool:
    lowered = "/" + path.lower()
    folders = lowered.split("/")[:-1]
    return any(mark in lowered for mark in _CI_MARKS) or bool(
        {"ci", ".ci", "_ci", "pipelines", ".pipelines"}.intersection(folders)
    )


# --- what a line holds -------------------------------------------------------------------

# A Python version: 3.12, 3.12.1, 2.7, 3.x, 3.*, 3.13t, 3.14-dev (not 23.04, not v3.1).
VERSION = re.compile(r"(?<![\w.])(?:2\.7|3\.(?:\d{1,2}|x|\*))(?![\d])")
# A Python named with a version: py312, cp39, pp310, py3.12, python3.11, python311, pypy3.10.
PY_TOKEN = re.compile(
    r"(?<![a-z])(?:py|cp|pp)[23]\d{1,2}(?!\d)|(?<![a-z])py[23]\.\d|python[23]\.?\d"
    r"|pypy[23]|pypy-[23]\.\d|(?<![a-z])py\{[23]?\d"
)
PY_WORDS = ("python", "py3", "py2", "pypy", "cp3", "cp2", "pyver", "py_ver", "py-ver")
# A line keyed by a version (tox-gh-actions' `3.11: py311`, a `3.12: python3.12` factor).
VERSION_KEY = re.compile(r"\s*(?:[23]\.\d{1,2}t?|pypy-?[23](?:\.\d{1,2})?)\s*[:=]")
# A Python image with any tag: python:3.12-slim, python:${PY}, cimg/python:3.8, pypy:3.
IMAGE = re.compile(r"(?:python|pypy)[\w.-]{0,40}:[\w${]")
# An environment marker (`; python_version < "3.11"`) conditions a requirement, declares none.
MARKER = re.compile(r"python_(?:full_)?version\s*(?:[<>!~]=?|==)\s*['\"][^'\"\n]*['\"]")
# A site-packages path or a URL path names a version that something else set.
DERIVED = re.compile(r"python[23]\.\d{1,2}/(?:site|dist)-packages|docs\.python\.org/[23]")
# A distribution named after Python (python-dateutil, atlassian-python-api), not a Python.
PACKAGE = re.compile(
    r"\b[a-z0-9]*-?python-(?!version|requires|platform|implementation|tag|abi|file)[a-z][\w-]*"
)
# Keys whose value is a label: a step's name, a cache key, a description.
_LABEL_KEYS = frozenset(
    {"name", "description", "title", "summary", "help", "key", "restore-keys", "restore_keys"}
)

# Keys whose value is a Python version without saying `python`.
_KEYS_ANY_VALUE = frozenset(
    {
        "target-version",
        "target_version",
        "targetversion",
        "target-versions",
        "versionspec",
        "language_version",
        "default_language_version",
        "basepython",
        "base_python",
        "base_python_file",
        "requires-python",
        "requires_python",
        "python_requires",
        "pythonversion",
        "python_version",
        "python-version",
        "python-version-file",
        "py-version",
        "py_version",
        "interpreter",
        "interpreters",
    }
)
_KEYS_VERSION_VALUE = frozenset(
    {
        "envlist",
        "env_list",
        "envs",
        "env",
        "toxenv",
        "tox-env",
        "tox_env",
        "tox-envs",
        "only",
        "cibw_build",
        "build",
        "skip",
        "tag",
        "version",
        "versions",
        "default",
        "image",
        "container",
        "runtime",
        "minimum-python",
        "min-python",
        "python_min",
    }
)

# Commands that set up or pick a Python: a command word and, where the command alone says
# nothing, an option that names the Python (anywhere on the line: two single-pass searches).
_PY_FLAG = r"\s(?:-p|--python)(?:=|\s)"
COMMANDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = tuple(
    (name, re.compile(command), re.compile(option) if option else None)
    for name, command, option in (
        ("uv-python", r"\buv\s+python\s+(?:install|pin|find)\b", ""),
        ("uv-python-flag", r"\buvx?(?![\w-])", _PY_FLAG),
        ("uv-python-env", r"\buv_python\b", ""),
        ("pyenv", r"\bpyenv\s+(?:install|global|local|shell|virtualenv)\b", ""),
        ("conda", r"\b(?:conda|mamba|micromamba)\b", r"\bpython\s*[=<>~!]"),
        ("conda-create-args", r"create-args\s*:", ""),
        ("deadsnakes", r"deadsnakes", ""),
        ("maturin", r"\bmaturin\b", r"\s(?:-i|--interpreter|--find-interpreter)\b"),
        ("maturin-args", r"^\s*args\s*:", r"\s(?:-i|--interpreter|--find-interpreter)\b"),
        ("poetry-env", r"\bpoetry\s+env\s+use\b", ""),
        ("pdm", r"\bpdm\s+(?:use|python\s+install|venv\s+create)\b", ""),
        ("hatch", r"\bhatch\b", r"\s(?:-py|--python)(?:=|\s)"),
        ("rye", r"\brye\s+(?:pin|fetch)\b", ""),
        ("mise", r"\b(?:mise|rtx|asdf)\s+(?:use|install|global|local)\b", r"python"),
        ("virtualenv", r"\bvirtualenv\b", _PY_FLAG),
        ("pipx", r"\bpipx\b", r"\s--python(?:=|\s)"),
        ("nox", r"\bnox\b", r"\s(?:-p|--python|--force-python|--extra-python)(?:=|\s)"),
        ("mypy-flag", r"--python-version(?:=|\s)", ""),
        ("target-flag", r"--target-version(?:=|\s)|--py-version(?:=|\s)", ""),
        ("pyupgrade-flag", r"--py3\d*-plus\b", ""),
    )
)


def command_of(lowered: str) -> str | None:
    """The command pattern of the line: its word, then (where needed) its option after it."""
    for name, command, option in COMMANDS:
        found = command.search(lowered)
        if found and (option is None or option.search(lowered, found.end())):
            return name
    return None


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    repo: str
    file: str
    line: int
    text: str
    why: str


def is_comment(stripped: str, kind: str) -> bool:
    if stripped.startswith("#"):
        return True
    return kind in ("text", "script") and stripped.startswith(("//", ";", "REM ", "::"))


def pattern_of(lowered: str, kind: str, key: str) -> str | None:
    """The id of the first pattern the line matches, or None."""
    command = command_of(lowered)
    if command is not None:
        return command
    if IMAGE.search(lowered):
        return "image"
    if key in _LABEL_KEYS:
        return None
    cleaned = PACKAGE.sub("", DERIVED.sub("", MARKER.sub("", lowered)))
    versioned = VERSION.search(cleaned) is not None
    named = PY_TOKEN.search(cleaned) is not None
    if named or (versioned and any(word in cleaned for word in PY_WORDS)):
        return "python-version-text"
    if kind == "text" and VERSION_KEY.match(lowered):
        return "version-key"
    if key in _KEYS_ANY_VALUE:
        return "key-" + key
    if key in _KEYS_VERSION_VALUE and versioned:
        return "key-" + key
    return None


def line_key(stripped: str) -> str:
    """The key of a `key: value` / `key = value` / `"key": value` line, lower-cased, or ''."""
    text = stripped[2:] if stripped.startswith("- ") else stripped
    text = text.removeprefix("export ")
    cut = len(text)
    for sep in (":", "="):
        at = text.find(sep)
        if 0 < at < cut:
            cut = at
    if cut == len(text):
        return ""
    key = text[:cut].strip().strip("\"'").strip().lower()
    return key if key and " " not in key else ""


@dataclasses.dataclass
class YamlPath:
    """The chain of keys above a YAML line, by indentation (flow and block scalars are not
    parsed; a `- name: x` item is known by its name)."""

    stack: list[tuple[int, str]] = dataclasses.field(default_factory=list)

    def enter(self, raw: str, stripped: str) -> str:
        indent = len(raw) - len(raw.lstrip(" "))
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        key = line_key(stripped)
        if key:
            label = key
            if stripped.startswith("- "):
                value = stripped[2:].partition(":")[2].strip().strip("\"'").lower()
                label = f"{key}={value}"
            self.stack.append((indent, label))
        return " ".join(label for _, label in self.stack)


def yaml_extra(lowered: str, path_keys: str, ci: bool) -> str | None:
    """A YAML line that names a version under a key about Python (`python-version:` then
    `- "3.12"`, an input's `default:`), or any version at all in a CI file's matrix."""
    cleaned = MARKER.sub("", lowered)
    if VERSION.search(cleaned) is None or line_key(lowered.strip()) in _LABEL_KEYS:
        return None
    if any(word in path_keys for word in PY_WORDS):
        return "yaml-python-key"
    if not only_versions(lowered):
        return None
    if ci:
        return "ci-version"
    if "matrix" in path_keys:
        return "matrix-version"
    return None


_VALUE_NOISE = str.maketrans(dict.fromkeys("[]{}(),'\"*", " "))


def only_versions(lowered: str) -> bool:
    """Is the line's value (after `key:` or `- `) nothing but Python-shaped versions
    (`version: "3.12"`, `- 3.8`, `py: [3.8, 3.9]`)?"""
    text = lowered.strip().removeprefix("- ")
    key, colon, value = text.partition(": ")
    if not colon and text.endswith(":"):
        return False
    words = (value if colon else key).translate(_VALUE_NOISE).split()
    return bool(words) and all(VERSION.fullmatch(word) for word in words)


def scan_text(path: str, kind: str, text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, line, pattern id) of each candidate line of one file."""
    if kind == "python-version":
        for number, raw in enumerate(text.splitlines(), 1):
            stripped = raw.strip()
            if stripped and not stripped.startswith("#"):
                yield number, stripped, "python-version-file"
        return
    if kind == "pep723":
        yield from scan_pep723(text)
        return
    if kind == "shebang":
        first = text[:200].partition("\n")[0]
        if not (first.startswith("#!") and "sh" in first):
            return
        kind = "script"
    if kind == "commands":
        yield from scan_commands(text)
        return
    yaml = YamlPath() if kind == "yaml" else None
    ci = kind == "yaml" and is_ci(path)
    docker = kind == "dockerfile"
    block = ""  # an ini or TOML file's last `key =` at the margin, which indented lines continue
    for number, raw in enumerate(text.splitlines(), 1):
        raw = raw[:MAX_LINE]
        stripped = raw.strip()
        if not stripped:
            continue
        if is_comment(stripped, kind):
            continue
        lowered = raw.lower()
        if kind == "text" and _factor_condition(lowered):
            continue
        path_keys = yaml.enter(raw, stripped) if yaml is not None else ""
        key = line_key(stripped)
        found = pattern_of(lowered, kind, key)
        if kind == "text":
            if raw[:1] not in (" ", "\t"):
                block = key if "=" in stripped or stripped.endswith(":") else ""
            elif found is None and _continues(block, lowered):
                found = "continued-" + block
        if found is None and yaml is not None:
            found = yaml_extra(lowered, path_keys, ci and not _compose_version(key, path))
        if found is None and docker and _python_arg(stripped, lowered):
            found = "docker-arg"
        if found is not None:
            if found in ("ci-version", "key-version") and _compose_version(key, path):
                continue
            yield number, stripped, found


_FACTORS = re.compile(r"\s*[\w{}.,!-]+:\s")


def _factor_condition(lowered: str) -> bool:
    """A tox line conditioned on factors (`py38-django42: Django<4.3`): a requirement or a
    command of those environments. Only `py311: python3.11` (a basepython) names a Python."""
    match = _FACTORS.match(lowered)
    if match is None or PY_TOKEN.search(match.group()) is None:
        return False
    rest = lowered[match.end() :]
    return PY_TOKEN.search(rest) is None


def _python_arg(stripped: str, lowered: str) -> bool:
    """A Dockerfile `ARG`/`ENV` about Python with a version (`ARG PY=3.12`)."""
    if not stripped.upper().startswith(("ARG ", "ENV ")):
        return False
    return VERSION.search(lowered) is not None and "py" in lowered


_LIST_KEYS = frozenset({"envlist", "env_list", "basepython", "base_python", "python"})


def _continues(block: str, lowered: str) -> bool:
    """An indented line of a multi-line `envlist =` / `python =` value naming a version
    (`    3.1{0-5}-tests`, `    3.11: py311`)."""
    if not (block in _LIST_KEYS or any(word in block for word in PY_WORDS)):
        return False
    return VERSION.search(lowered) is not None or PY_TOKEN.search(lowered) is not None


def _compose_version(key: str, path: str) -> bool:
    return key == "version" and "compose" in path.lower()


def scan_commands(text: str) -> Iterator[tuple[int, str, str]]:
    for number, raw in enumerate(text.splitlines(), 1):
        lowered = raw[:MAX_LINE].lower()
        if lowered.lstrip().startswith("#"):
            continue
        command = command_of(lowered)
        if command is not None:
            yield number, raw.strip(), command


def scan_pep723(text: str) -> Iterator[tuple[int, str, str]]:
    if "# /// script" not in text:
        return
    inside = False
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped == "# /// script":
            inside = True
        elif stripped == "# ///":
            inside = False
        elif inside and "requires-python" in stripped:
            yield number, stripped, "pep723"


# --- the trees and the reports -----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Report:
    listed: dict[str, set[int]]
    """The lines each file's declarations span."""
    spans: dict[str, list[tuple[int, int, str]]]
    """Each file's declarations: first line, last line, raw value."""
    left_out: frozenset[str]


def read_report(path: Path) -> Report | None:
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    listed: dict[str, set[int]] = collections.defaultdict(set)
    spans: dict[str, list[tuple[int, int, str]]] = collections.defaultdict(list)
    for item in data["declarations"]:
        first = int(item["line"])
        last = max(first, int(item.get("end_line") or first))
        listed[item["file"]].update(range(first, last + 1))
        spans[item["file"]].append((first, last, str(item.get("raw"))))
    left_out = frozenset(item["file"] for item in data.get("left_out", []))
    return Report(dict(listed), dict(spans), left_out)


def read_repos(path: Path = REPOS) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.partition("#")[0].split()
        if words:
            names.append(words[0])
    return names


def tracked(tree: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-c", "safe.directory=*", "-C", str(tree), "ls-files", "-z"],
        capture_output=True,
        check=True,
    )
    paths = []
    for raw in done.stdout.split(b"\0"):
        if raw:
            try:
                paths.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                continue
    return paths


def left_out(path: str, report: Report) -> bool:
    """Does pyparity leave the file out as not the project's own? A declaring file of a foreign
    tree that the report does not name as left out was kept (a test image that CI builds)."""
    if path in report.left_out:
        return True
    if reason(path) is None:
        return False
    return not declaring_modules(path)


def read_text(tree: Path, path: str) -> str | None:
    full = tree / path
    try:
        real = full.resolve()
        if not real.is_relative_to(tree.resolve()) or not real.is_file():
            return None
        if real.stat().st_size > MAX_BYTES:
            return None
        data = real.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", "replace")


def candidates_of(repo: str, tree: Path, report: Report) -> Iterator[Candidate]:
    for path in sorted(tracked(tree)):
        kind = kind_of(path)
        if kind is None or left_out(path, report):
            continue
        text = read_text(tree, path)
        if text is None:
            continue
        listed = report.listed.get(path, set())
        for number, line, why in scan_text(path, kind, text):
            if number not in listed:
                yield Candidate(repo, path, number, line[:300], why)


def command_candidates(args: argparse.Namespace) -> int:
    names = [n for n in read_repos() if not args.only or n in args.only]
    total = 0
    by_pattern: collections.Counter[str] = collections.Counter()
    for name in names:
        slug = name.replace("/", "+")
        tree = args.trees / slug
        report = read_report(args.results / f"{slug}.json")
        if report is None or not tree.is_dir():
            print(f"!! {name}: no report or no tree", file=sys.stderr)
            continue
        for c in candidates_of(name, tree, report):
            suffix = f"\t[{c.why}]" if args.why else ""
            print(f"CANDIDATE {c.repo} {c.file}:{c.line} {c.text}{suffix}")
            total += 1
            by_pattern[c.why] += 1
    print(f"candidates: {total}", file=sys.stderr)
    if args.why:
        for why, count in by_pattern.most_common():
            print(f"  {why}: {count}", file=sys.stderr)
    return 0


# --- --check -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Miss:
    repo: str
    file: str
    line: int
    pattern: str
    note: str


def read_misses(path: Path) -> list[Miss]:
    misses = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] != "MISS":
            raise SystemExit(f"{path}:{number}: expected MISS<TAB>repo<TAB>file:line<TAB>note")
        file, _, where = parts[2].rpartition(":")
        pattern, _, note = parts[3].partition(":")
        misses.append(Miss(parts[1], file, int(where), pattern.strip(), note.strip()))
    return misses


def found(miss: Miss, report: Report | None, before: Report | None) -> str | None:
    """`exact` when a declaration spans the miss's line, `near` when one comes within NEAR
    lines (a multi-line construct reported at a neighbouring line) and is not one that the
    baseline report already had there (a neighbour listed all along finds nothing), else None.
    """
    if report is None:
        return None
    spans = report.spans.get(miss.file, [])
    if any(first <= miss.line <= last for first, last, _ in spans):
        return "exact"
    old = set(before.spans.get(miss.file, [])) if before is not None else set()
    for span in spans:
        first, last, _ = span
        if first - NEAR <= miss.line <= last + NEAR and span not in old:
            return "near"
    return None


def command_check(args: argparse.Namespace) -> int:
    misses = read_misses(args.misses)
    reports: dict[str, tuple[Report | None, Report | None]] = {}
    seen: collections.Counter[str] = collections.Counter()
    exact: collections.Counter[str] = collections.Counter()
    near: collections.Counter[str] = collections.Counter()
    still: list[Miss] = []
    for miss in misses:
        slug = miss.repo.replace("/", "+")
        if miss.repo not in reports:
            baseline = read_report(args.baseline / f"{slug}.json") if args.baseline else None
            reports[miss.repo] = (read_report(args.check / f"{slug}.json"), baseline)
        seen[miss.pattern] += 1
        how = found(miss, *reports[miss.repo])
        if how == "exact":
            exact[miss.pattern] += 1
        elif how == "near":
            near[miss.pattern] += 1
        else:
            still.append(miss)
    width = max((len(p) for p in seen), default=7)
    print(f"{'pattern':{width}} {'misses':>6} {'listed':>6} {'exact':>6} {'near':>6}")
    for pattern, count in sorted(seen.items(), key=lambda item: (-item[1], item[0])):
        done = exact[pattern] + near[pattern]
        print(f"{pattern:{width}} {count:>6} {done:>6} {exact[pattern]:>6} {near[pattern]:>6}")
    total, at, by = sum(seen.values()), sum(exact.values()), sum(near.values())
    share = f"{100 * (at + by) / total:.1f}%" if total else "n/a"
    print(f"{'total':{width}} {total:>6} {at + by:>6} {at:>6} {by:>6}  ({share} listed)")
    absent = sorted({m.repo for m in misses if reports[m.repo][0] is None})
    if absent:
        print(f"no report for: {', '.join(absent)}")
    if args.verbose:
        for m in still:
            print(f"  not listed: {m.repo} {m.file}:{m.line} {m.pattern}")
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trees", type=Path, default=Path("/tmp/sweep/trees"))
    parser.add_argument("--results", type=Path, default=Path("/tmp/sweep/results"))
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--why", action="store_true", help="add each candidate's pattern id")
    parser.add_argument("--check", type=Path, metavar="RESULTS_DIR")
    parser.add_argument("--misses", type=Path, default=MISSES)
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="RESULTS_DIR",
        help="--check: the reports the misses were judged on; their declarations near a miss"
        " do not count as finding it",
    )
    parser.add_argument("--verbose", action="store_true", help="--check: list what is missing")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.check is not None:
        return command_check(args)
    return command_candidates(args)


if __name__ == "__main__":
    raise SystemExit(main())
