"""Hostile inputs for every reader: time and memory must grow linearly with the input.

Every file of a pull request is written by a stranger, so no reader may take time or memory
out of proportion to what it reads. For each reader (every module of `pyparity.sources`, the
`exclude`/`include` patterns of the configuration, the git index reader, and the code scan's
reading of one Python file, vermin's included) this grows
hostile inputs from 4 KB to 1 MB, doubling, and times the reader in-process: best of 3 or
more runs, in CPU seconds (the machine may be shared), in a forked process per size so
that its peak RSS is its own. Each case is one of the attacks found so far, scaled up. A
case passes when the time of each size is at most 2.5 times the time of the one before
(ignored while under 20 ms, where a timer's noise is all there is; a step that looks too
steep is measured twice more, since noise only adds time) and the peak RSS stays
at or under 200 MB; a size that takes longer than the timeout fails and ends its series.
Then one whole repository of the worst inputs (under 10 MB) must pass
`pyparity check --no-code` in 10 s.

The `regex` reader is every regular expression of `src/pyparity` (as the static check in
tests/adversarial/test_regex_shapes.py collects them), each applied the way its module
applies it (`finditer` for a search, `match`, `fullmatch`) to attack strings made from the
pattern itself: each loop of its automaton reached and pumped, then a character nothing
expects or the end; long runs of each class's character, alone and two in turn. A series
stops growing once a size takes over half a second, so the whole set stays quick.

    .venv/bin/python bench/hostile.py                      # every case, 4 KB .. 1 MB
    .venv/bin/python bench/hostile.py --only tox,dockerfile --max-size 256K
    .venv/bin/python bench/hostile.py --no-tree            # skip the whole-repository run
    .venv/bin/python bench/hostile.py --tree-only          # only the whole-repository run
    .venv/bin/python bench/hostile.py --only regex         # every regular expression
    .venv/bin/python bench/hostile.py --only code --no-tree  # the code scan's shapes

Exit status 1 if any case fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "tests"))

from adversarial.regex_shapes import Site, attack_pieces, attacks, collect  # noqa: E402

import pyparity  # noqa: E402
from pyparity import check, discover  # noqa: E402
from pyparity.config import Config, from_mapping  # noqa: E402
from pyparity.errors import ConfigError, UnreadableFile  # noqa: E402
from pyparity.gitindex import tracked_files  # noqa: E402
from pyparity.report import github, markdown, text  # noqa: E402
from pyparity.report import json as json_report  # noqa: E402
from pyparity.sources import source_module  # noqa: E402
from pyparity.textfile import TextFile  # noqa: E402

TODAY = dt.date(2026, 12, 2)
KB = 1024
SIZES = tuple(4 * KB * 2**step for step in range(9))  # 4 KB .. 1 MB
MAX_RATIO = 2.5
NOISE_SECONDS = 0.02
MAX_RSS_MB = 200.0
CODE_MAX_RSS_MB = 512.0
"""The code scan parses each Python file with `ast`: CPython's syntax tree of 1 MB (the
largest file read) of the densest statements (`y = 1`) alone takes 414 MB, linear in the
file; the scan adds to it about a tenth."""
TIMEOUT_SECONDS = 20.0
ADDRESS_SPACE = 4 * 1024**3  # a runaway case stops with MemoryError, not by eating the machine
TREE_BYTES = 10 * 1024 * 1024
TREE_SECONDS = 10.0

Thunk = Callable[[], str]
"""Runs the reader once and says what came of it (a count, a parse-error, ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    reader: str
    name: str
    prepare: Callable[[Path, int], Thunk]
    """Writes what the case needs under the folder (if anything) for about `size` bytes of
    hostile input, and returns the reader run to time."""
    tree: Callable[[Path, int], None] | None = None
    """Writes the case into a repository for the whole-repository run."""
    stop_above: float | None = None
    """Seconds past which the series grows no further (the case is cheap to keep short)."""
    timeout: float = TIMEOUT_SECONDS
    max_rss_mb: float = MAX_RSS_MB


# --- inputs ---------------------------------------------------------------------------


def repeat(head: str, unit: str, tail: str, size: int) -> str:
    """`head`, then `unit` as often as fits in `size` bytes with `tail`, then `tail`."""
    count = max(1, (size - len(head) - len(tail)) // max(len(unit), 1))
    return head + unit * count + tail


def lines_until(head: str, make: Callable[[int], str], tail: str, size: int) -> str:
    """`head`, then `make(1)`, `make(2)`, ... while they fit in `size` bytes, then `tail`."""
    parts, used, index = [head], len(head) + len(tail), 1
    while True:
        part = make(index)
        if used + len(part) > size and index > 1:
            break
        parts.append(part)
        used += len(part)
        index += 1
    return "".join(parts) + tail


def chain(size: int, first: str, make: Callable[[int], str], last: Callable[[int], str]) -> str:
    """Lines that each refer to the one before (`make(i)` uses i - 1), then `last(n)`."""
    parts, used, index = [first], len(first) + 64, 1
    while used < size:
        part = make(index)
        parts.append(part)
        used += len(part)
        index += 1
    return "".join(parts) + last(index - 1)


# Dockerfiles


def venv_options(size: int) -> str:
    return repeat("FROM python:3.12\nWORKDIR /app\nRUN python -m venv", " --aa", "\n", size)


def venv_in_options(size: int) -> str:
    return repeat("FROM python:3.12\nWORKDIR /app\nRUN virtualenv", " -virtualenv", " '\n", size)


def pip_install_repeat(size: int) -> str:
    return repeat("FROM python:3.12\nWORKDIR /app\nRUN ", "pip install ", "\n", size)


def from_lines(size: int) -> str:
    return repeat("", "FROM a\n", "", size)


def from_python_lines(size: int) -> str:
    return repeat("", "FROM python:3.12\n", "", size)


def chained_stages(size: int) -> str:
    def stage(i: int) -> str:
        return (
            f"FROM s{i - 1} AS s{i}\nRUN pip install --target /t{i} x\n"
            f"COPY --from=s{i - 1} /t{i - 1} /c{i}\n"
        )

    return chain(size, "FROM python:3.12 AS s0\n", stage, lambda n: "FROM python:3.12\n")


def arg_chain(size: int) -> str:
    return chain(
        size,
        "ARG A0=3.12\n",
        lambda i: f"ARG A{i}=${{A{i - 1}}}${{A{i - 1}}}\n",
        lambda n: f"FROM python:${{A{n}}}\n",
    )


def arg_many_references(size: int) -> str:
    return repeat("ARG V=3\nARG W=", "${V}", "\nFROM python:${W}\n", size)


def heredoc_flood(size: int) -> str:
    return repeat("FROM python:3.12\n", "RUN <<A <<B <<C\n", "", size)


def continuations(size: int) -> str:
    return repeat("FROM \\\n", "  \\\n", "  python:3.12-slim\nRUN true\n", size)


def copy_from_many(size: int) -> str:
    head = "FROM python:3.12 AS b\nRUN pip install --target /d x\nFROM python:3.12\n"
    return repeat(head, "COPY --from=b /d /d\n", "", size)


# tox


def envlist_product(size: int) -> str:
    return repeat("[tox]\nenvlist = " + "{a,b}" * 12, "x", "\n", size)


def tox_generated_sections(size: int) -> str:
    """Section headers that each generate envs over every Python and many factors, in file
    after file's worth of sections: each header is expanded against the file's budget."""
    return lines_until(
        "[tox]\nenvlist = lint\n",
        lambda i: f"[testenv:py3{{8,9,10,11,12,13,14}}-d{i}{{1,2,3,4}}-{{a,b}}{{c,d}}]\nx = 1\n",
        "",
        size,
    )


def envlist_unclosed(size: int) -> str:
    return repeat("[tox]\nenvlist = ", "{", "\n", size)


def envlist_nested(size: int) -> str:
    depth = max(1, (size - 20) // 2)
    return "[tox]\nenvlist = " + "{" * depth + "}" * depth + "\n"


def envlist_many(size: int) -> str:
    return lines_until("[tox]\nenvlist =\n", lambda i: f"    py3{{10,11,12}}-d{i}\n", "", size)


def ini_long_key(section: str) -> Callable[[int], str]:
    return lambda size: repeat(f"[{section}]\na", " ", "b\n", size)


def basepython_lines_times_names(size: int) -> str:
    head = "[testenv:" + "{a,b}-" * 12 + "c]\nbasepython =\n"
    return repeat(head, "    a: python3.11\n", "", size)


def reference_fanout(size: int) -> str:
    """Eight sections, each with `width` lines that refer to the next section's lines."""
    width = max(2, size // (8 * 30))
    parts = ["[testenv]\nbasepython = {[s0]basepython}\n"]
    for level in range(8):
        parts.append(f"[s{level}]\nbasepython =\n")
        parts += [f"    f{j}: {{[s{level + 1}]basepython}}\n" for j in range(width)]
    parts.append("[s8]\nbasepython = python3.12\n")
    return "".join(parts)


def tox_toml_envs(quote: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return lines_until(
            'env_list = ["py311"]\n',
            lambda i: f"[env.e{i}]\nbase_python = {quote}python3.12{quote}\n",
            "",
            size,
        )

    return make


# MODULE.bazel

BAZEL_EXTENSION = (
    'python = use_extension("@rules_python//python/extensions:python.bzl", "python")\n'
)


def bazel_many_toolchains(size: int) -> str:
    return repeat(BAZEL_EXTENSION, 'python.toolchain(python_version = "3.12")\n', "", size)


def bazel_comprehension_over_copies(size: int) -> str:
    """A list built from four copies of the one before, each item a toolchain."""
    return chain(
        size,
        BAZEL_EXTENSION + 'N0 = ["3.11", "3.12"]\n',
        lambda i: f"N{i} = N{i - 1} + N{i - 1} + N{i - 1} + N{i - 1}\n",
        lambda n: (
            f"[python.toolchain(python_version = v, is_default = v == N0[0]) for v in N{n}]\n"
        ),
    )


# setup.py and noxfile.py


CLASSIFIER = "'Programming Language :: Python :: 3.11'"


def names_fanout(template: str, use: str) -> Callable[[int], str]:
    """`N{i}` built from four copies of `N{i-1}`; `use` names the last one."""

    def make(size: int) -> str:
        return chain(
            size,
            f"N0 = [{CLASSIFIER}]\n",
            lambda i: template.format(i=i, p=i - 1) + "\n",
            lambda n: use.format(n=n),
        )

    return make


SETUP = "from setuptools import setup\nsetup(classifiers=N{n})\n"
NOX = "import nox\n@nox.session(python=N{n})\ndef tests(session):\n    session.run('pytest')\n"


def string_doubling(size: int) -> str:
    return chain(
        size,
        "S0 = '>=3.11'\n",
        lambda i: f"S{i} = S{i - 1} + S{i - 1}\n",
        lambda n: f"from setuptools import setup\nsetup(python_requires=S{n})\n",
    )


def one_line_constants(letter: str) -> Callable[[int], str]:
    item = f"'Programming Language :: Python :: 3.11 {letter}', "
    return lambda size: repeat(
        "from setuptools import setup\nsetup(classifiers=[", item, "])\n", size
    )


def many_setup_calls(size: int) -> str:
    head = "from setuptools import setup\nC = [" + f"{CLASSIFIER}, " * 20 + "]\n"
    return repeat(head, "setup(classifiers=C)\n", "", size)


def setup_calls_times_dict_updates(size: int) -> str:
    """Calls given `**a0` each, with `a0` updated by a chain of dicts that each set
    `python_requires`: every call would follow the whole chain and read every entry."""
    chain = lines_until(
        "from setuptools import setup\na0 = {}\n",
        lambda i: f"a{i - 1}.update(a{i})\na{i}['python_requires'] = '>=3.{i % 10}'\n",
        "",
        size // 2,
    )
    return repeat(chain, "setup(name='x', **a0)\n", "", size)


def many_sessions(size: int) -> str:
    head = "import nox\nPY = ['3.10', '3.11', '3.12', '3.13']\n"
    return lines_until(
        head,
        lambda i: f"@nox.session(python=PY)\ndef t{i}(session):\n    session.run('pytest')\n",
        "",
        size,
    )


def long_session_command(size: int) -> str:
    head = "import nox\n@nox.session(python=['3.12'])\ndef t(session):\n    session.run('"
    return repeat(head, "uv run ", "')\n", size)


# conda, TOML


def conda_spec_spaces(size: int) -> str:
    return repeat('dependencies:\n  - "python', " ", 'a\\nb"\n', size)


def conda_many(size: int) -> str:
    return repeat("dependencies:\n", "  - python=3.12\n", "", size)


def conda_channel_path(size: int) -> str:
    return repeat("dependencies:\n  - ", "a/", "python=3.12\n", size)


def ruff_toml_1_1_lines(size: int) -> str:
    """An inline table over lines (TOML 1.1): read line by line, every line a near-key."""
    return repeat("x = {\n}\n", 'a.b-c = "' + "v" * 40 + "'\n", 'target-version = "py312"\n', size)


def ruff_toml_unclosed_quote(size: int) -> str:
    return repeat('x = {\n}\ntarget-version = "', "a", "\n", size)


def justfile_uv_on_one_line(size: int) -> str:
    """Many uv commands on one recipe line: each is searched once, up to its `;`."""
    return repeat("test:\n    ", "uv run -p 3.12 pytest; ", "\n", size)


def script_commands_after_echo(size: int) -> str:
    """One long line: an `echo`, then many commands (`;`-separated), each checked for its
    line without looking back over the line."""
    return repeat("echo x; ", "uv run -p 3.12 t; ", "\n", size)


def script_interpreters_on_one_line(size: int) -> str:
    """One long line of interpreters called by version to run the tests, `;`-separated:
    each command's purpose is read from its own text, not the rest of the line."""
    return repeat("#!/bin/sh\n", "python3.12 -m pytest tests; pypy3.10 -m sgp4.tests; ", "\n", size)


def script_continued_command(size: int) -> str:
    """One uv command continued over many lines and never naming a Python."""
    return repeat("uv run \\\n", "  --with x \\\n", "  pytest\n", size)


def script_variable_references(size: int) -> str:
    """Many commands naming one variable, assigned on many lines."""
    return repeat('PY="3.12"\n', 'uv run --python "$PY" pytest\nPY="3.11"\n', "", size)


def appveyor_entries(size: int) -> str:
    return repeat(
        "environment:\n  matrix:\n", '    - PYTHON: "C:\\\\Python' + "3" * 5 + '"\n', "", size
    )


def appveyor_long_path(size: int) -> str:
    return repeat("environment:\n  matrix:\n    - PYTHON: C:\\", "Python3-", "\n", size)


def script_block_lines(size: int) -> str:
    """A PEP 723 block of many comment lines, never closed: read line by line, once."""
    return repeat("# /// script\n", "# requires-python = '>=3.12'\n", "", size)


def mypy_ini_sections(size: int) -> str:
    return repeat("", "[mypy]\npython_version = 3.12\n", "", size)


def toml_header_in_string(size: int) -> str:
    head = '[project]\nname = "x"\nrequires-python = ">=3.11"\ndescription = """\n['
    return repeat(head, " ", '\n"""\n', size)


def toml_many_header_lines_in_string(size: int) -> str:
    head = '[project]\nname = "x"\nrequires-python = ">=3.11"\ndescription = """\n'
    return repeat(head, "[" + " " * 200 + "\n", '"""\n', size)


def escaped_classifiers(size: int) -> str:
    head = '[project]\nname = "x"\nclassifiers = [\n'
    return repeat(head, '  "Programming Language :: Python :: 3.1\\u0031",\n', "]\n", size)


def escaped_targets(size: int) -> str:
    return repeat("[tool.black]\ntarget-version = [\n", '  "py31\\u0031",\n', "]\n", size)


def cibuildwheel_builds(size: int) -> str:
    head = '[project]\nname = "x"\nrequires-python = ">=3.9"\n[tool.cibuildwheel]\nbuild = ['
    return repeat(head, '"cp3{9,10,11,12,13}-* pp3{9,10}-*", ', '"cp313-*"]\n', size)


def dotted_key(size: int) -> str:
    return repeat("[project]\nname = 'x'\n[tool]\na", ".a", " = 1\n", size)


def hatch_envs(size: int) -> str:
    return lines_until("", lambda i: f'[envs.e{i}]\npython = "3.12"\n', "", size)


def hatch_env_matrices(size: int) -> str:
    return lines_until("", lambda i: f'[[envs.e{i}.matrix]]\npython = ["3.12"]\n', "", size)


def pyproject_tox_envs(size: int) -> str:
    return lines_until(
        '[project]\nname = "x"\n[tool.tox]\nenv_list = ["py311"]\n',
        lambda i: f'[tool.tox.env.e{i}]\nbase_python = "python3.12"\n',
        "",
        size,
    )


# YAML readers


def matrix_includes(size: int) -> str:
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        include:\n"
    )
    tail = (
        "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    unit = '          - python-version: "3.12"\n            os: ubuntu-latest\n'
    return repeat(head, unit, tail, size)


def matrix_distinct_includes(size: int) -> str:
    """Each include contradicts every combination so far: it is added alone."""
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        '        python-version: ["3.11"]\n        include:\n'
    )
    tail = (
        "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    return lines_until(head, lambda i: f'          - python-version: "3.{i}"\n', tail, size)


def matrix_excludes(size: int) -> str:
    """4,096 combinations, and excludes that match none of them."""
    versions = ", ".join(f'"3.{i}"' for i in range(64))
    systems = ", ".join(f"os{i}" for i in range(64))
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        f"        python-version: [{versions}]\n        os: [{systems}]\n        exclude:\n"
    )
    tail = (
        "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    return lines_until(head, lambda i: f"          - os: none{i}\n", tail, size)


def expression_spaces(size: int) -> str:
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - uses: actions/setup-python@v5\n        with:\n          python-version: "${{'
    )
    return repeat(head, " ", '"\n', size)


def uvx_run(size: int) -> str:
    head = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "
    return repeat(head, "uvx ", "\n", size)


def step_matrix_consumers(size: int) -> str:
    """A job's step input holds a matrix as YAML text (up to half the file, within the
    reader's cap) and every other job takes its matrix from it: the text must not be parsed,
    nor its entries declared, once per job."""
    producer = (
        "on: push\njobs:\n  p:\n    runs-on: ubuntu-latest\n"
        "    outputs:\n      m: ${{ steps.s.outputs.matrix }}\n"
        "    steps:\n      - id: s\n        uses: example/make-matrix@v1\n"
        "        with:\n          matrix: |\n            include:\n"
    )
    entries = lines_until(
        producer, lambda i: f'              - python: "3.{i % 14}"\n', "", min(size // 2, 60 * KB)
    )
    consumer = (
        "  c{i}:\n    needs: p\n    runs-on: ubuntu-latest\n    strategy:\n"
        "      matrix: ${{{{ fromJSON(needs.p.outputs.m) }}}}\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{{{ matrix.python }}}}\n"
    )
    return lines_until(entries, lambda i: consumer.format(i=i), "", size)


def output_axis_consumers(size: int) -> str:
    """A step echoes many outputs into `$GITHUB_OUTPUT` (a quarter of the file), each a
    choice of Python lists, and every other job takes its matrix axis from one of them: each
    line must be read once however many jobs take it, and the values handed out stay bounded."""
    count = max(1, size // 4 // 160)
    outputs = "".join(f"      p{i}: ${{{{ steps.s.outputs.p{i} }}}}\n" for i in range(count))
    echoes = "".join(
        f"          echo 'p{i}=${{{{ github.event_name == 'push' && '[\"3.{i % 14}\"]' "
        f'|| env.PYTHONS }}}}\' >> "$GITHUB_OUTPUT"\n'
        for i in range(count)
    )
    producer = (
        'on: push\nenv:\n  PYTHONS: \'["3.11", "3.12", "3.13"]\'\njobs:\n  p:\n'
        f"    runs-on: ubuntu-latest\n    outputs:\n{outputs}"
        f"    steps:\n      - id: s\n        run: |\n{echoes}"
    )
    consumer = (
        "  c{i}:\n    needs: p\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        python: ${{{{ fromJSON(needs.p.outputs.p{o}) }}}}\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{{{ matrix.python }}}}\n      - run: pytest\n"
    )
    return lines_until(producer, lambda i: consumer.format(i=i, o=i % count), "", size)


def wheels_and_matrix_jobs(size: int) -> str:
    """A cibuildwheel step of many build selectors (half the file) and many jobs with a
    Python axis: the wheel builds every job shares must be looked at once, not per job."""
    build = repeat("", "cp312-manylinux_x86_64 ", "", size // 2)
    head = (
        "on: push\njobs:\n  w:\n    runs-on: ubuntu-latest\n    steps:\n"
        f'      - uses: pypa/cibuildwheel@v2\n        env:\n          CIBW_BUILD: "{build}"\n'
    )
    job = (
        "  j{i}:\n    runs-on: x\n    strategy:\n      matrix:\n"
        '        python: ["3.12"]\n    steps:\n      - run: tox\n'
    )
    return lines_until(head, lambda i: job.format(i=i), "", size)


def multi_line_versions(size: int) -> str:
    """One setup-python step given a literal block of versions, a line each."""
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/setup-python@v6\n        with:\n          python-version: |\n"
    )
    return repeat(head, "            3.12\n            3.13\n", "      - run: tox\n", size)


def workflow_many_jobs(size: int) -> str:
    return lines_until(
        "on: push\njobs:\n",
        lambda i: (
            f"  j{i}:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/setup-python@v5\n        with:\n"
            "          python-version: '3.12'\n      - run: pytest\n"
        ),
        "",
        size,
    )


def parallel_step_groups(size: int) -> str:
    """One job of many `parallel:` groups, each nesting a `sequential:` list and another
    group (June 2026's side-by-side steps): each group is inlined once, by a stack."""
    return lines_until(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n",
        lambda i: (
            "      - parallel:\n        - uses: actions/setup-python@v6\n"
            f"          with: {{python-version: '3.{i % 14}'}}\n"
            "        - sequential:\n          - run: pip install .\n          - parallel:\n"
            f"            - run: pytest -k t{i}\n            - wait-all:\n"
        ),
        "",
        size,
    )


def planned_axes_passed_on(size: int) -> str:
    """One job of many axes another job plans, and as many steps each giving one of them to
    another repository's action as its Python: which axes are passed is found once."""
    count = max(1, size // 160)
    axes = "".join(
        f"        a{i}: ${{{{ fromJson(needs.p.outputs.a{i}) }}}}\n" for i in range(count)
    )
    steps = "".join(
        "      - uses: org/setup-env@v1\n"
        f"        with: {{python-version: '${{{{ matrix.b{i}.v }}}}'}}\n"
        for i in range(count)
    )
    head = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
    return head + axes + "    steps:\n" + steps + "      - run: pytest\n"


def matrix_system_packages(size: int) -> str:
    """One job of a 64-value Python axis and many steps, each installing
    `python${{ matrix.p }}-dev`: each step's packages name the axis again, and the job's
    Pythons must not be declared once per step (64 declarations for 40 bytes of script)."""
    values = ", ".join(f'"3.{i % 20}.{i}"' for i in range(64))
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    container: debian:13\n"
        f"    strategy:\n      matrix:\n        p: [{values}]\n    steps:\n"
    )
    return repeat(head, "      - run: apt-get install -y python${{ matrix.p }}-dev\n", "", size)


def workflow_uv_steps_after_setup_python(size: int) -> str:
    """One job: setup-python, then many steps running uv with a pip install in each (so uv's
    use of `.python-version` is decided no): decided once for the job, not once per step."""
    head = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n"
    )
    return repeat(head, "      - run: uv run pytest && pip install -e .\n", "", size)


def action_docker_builds_by_expression(size: int) -> str:
    """A local composite action of many docker builds, each naming its Dockerfile by a step's
    output and its Python by an input: each passes its args to every Dockerfile (one link
    per build, followed once)."""
    head = "name: build\nruns:\n  using: composite\n  steps:\n"
    step = (
        "    - uses: docker/build-push-action@v6\n      with:\n        context: .\n"
        "        file: ${{ steps.pick.outputs.path }}\n        build-args: |\n"
        "          PYTHON_VERSION=${{ inputs.python-version }}\n"
    )
    return repeat(head, step, "", size)


def workflow_docker_build_steps(size: int) -> str:
    """One job of many docker builds with build args and no command between them: whether a
    step's Python is only tried looks at the steps after it (once for the job, not per step)."""
    head = "on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n"
    step = (
        "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
        "          build-args: PYTHON_VERSION=3.12\n"
    )
    return repeat(head, step, "", size)


def workflow_env_fallback_steps(size: int) -> str:
    """One job of many setup steps whose version is `env.X || '3.12'` and many image builds
    then tests: whether a step may set X, and what builds the images the job tests, are found
    once for the job, not per step."""
    head = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
    step = (
        "      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ env.PY || '3.12' }}\n"
        "      - run: docker compose up -d --build && pytest tests\n"
    )
    return repeat(head, step, "", size)


def gitlab_extends(size: int) -> str:
    script = repeat("", "      echo run the tests with pytest and more\n", "", size // 2)
    head = ".t:\n  image: python:3.12\n  script:\n    - |\n" + script
    return lines_until(head, lambda i: f"j{i}:\n  extends: .t\n", "", size)


def yaml_alias_bomb(size: int) -> str:
    """Billion laughs through merge keys: each level merges the one before and lists it four
    times; the chain grows with the size (the copy's cap stops it)."""
    return chain(
        size,
        "l0: &l0 {a: python:3.12, b: [1, 2, 3, 4]}\n",
        lambda i: f"l{i}: &l{i} {{<<: *l{i - 1}, k{i}: [{', '.join([f'*l{i - 1}'] * 4)}]}}\n",
        lambda n: "",
    )


def yaml_merge_fanout(size: int) -> str:
    """One anchored mapping of 500 keys merged into ever more jobs."""
    keys = ", ".join(f"k{i}: v" for i in range(500))
    head = f".base: &base {{image: 'python:3.12', {keys}}}\n"
    return lines_until(head, lambda i: f"j{i}: {{<<: *base, script: [pytest]}}\n", "", size)


def gitlab_extends_references(size: int) -> str:
    """A chain of templates, each extending the one before and pulling its script twice with
    `!reference`, and ever more jobs extending the last one."""
    levels = 40
    lines = [".t0:\n  image: python:3.12\n  script: [pytest]\n"]
    for i in range(1, levels):
        lines.append(
            f".t{i}:\n  extends: .t{i - 1}\n  script:\n"
            f"    - !reference [.t{i - 1}, script]\n    - !reference [.t{i - 1}, script]\n"
        )
    return lines_until("".join(lines), lambda i: f"j{i}:\n  extends: .t{levels - 1}\n", "", size)


def matrix_many_axes(size: int) -> str:
    head = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
    tail = (
        '        python-version: ["3.11", "3.12"]\n'
        "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    return lines_until(head, lambda i: f"        a{i}: [x, y, z]\n", tail, size)


def expression_nesting(opening: str, closing: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        head = (
            "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/setup-python@v5\n        with:\n"
            "          python-version: ${{ "
        )
        depth = max(1, (size - len(head) - 16) // (len(opening) + len(closing)))
        return head + opening * depth + "'3.12'" + closing * depth + " }}\n"

    return make


def precommit_hooks(size: int) -> str:
    head = "default_language_version:\n  python: python3.12\nrepos:\n- repo: local\n  hooks:\n"
    unit = (
        "  - id: x\n    name: x\n    entry: x\n    language: python\n"
        "    language_version: python3.12\n"
    )
    return repeat(head, unit, "", size)


def readthedocs_long(size: int) -> str:
    return repeat(
        'version: 2\nbuild:\n  os: ubuntu-22.04\n  tools:\n    python: "3', ".1", '"\n', size
    )


def travis_list(size: int) -> str:
    return repeat("language: python\npython:\n", '  - "3.12"\n', "", size)


def travis_failures_and_includes(size: int) -> str:
    """As many `allow_failures` entries as include entries, none matching: each pair is
    compared unless the matching is bounded."""
    failures = lines_until(
        "language: python\nscript: tox\njobs:\n  allow_failures:\n",
        lambda i: f"    - env: TOXENV=py{i}\n      os: osx\n",
        "  include:\n",
        size // 2,
    )
    return failures + lines_until(
        "", lambda i: f'    - python: "3.12"\n      env: TOXENV=py{i}\n', "", size - len(failures)
    )


def sam_functions(size: int) -> str:
    return lines_until(
        "Resources:\n",
        lambda i: (
            f"  F{i}:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      Runtime: python3.12\n"
        ),
        "",
        size,
    )


def serverless_functions(size: int) -> str:
    return lines_until(
        "provider:\n  runtime: python3.12\nfunctions:\n",
        lambda i: f"  f{i}:\n    handler: h.main\n    runtime: python3.12\n",
        "",
        size,
    )


def app_engine_env(size: int) -> str:
    return lines_until("runtime: python312\nenv_variables:\n", lambda i: f"  V{i}: x\n", "", size)


def circleci_jobs(size: int) -> str:
    return lines_until(
        "version: 2.1\njobs:\n",
        lambda i: f"  j{i}:\n    docker:\n      - image: cimg/python:3.12\n    steps: [checkout]\n",
        "",
        size,
    )


def circleci_jobs_times_command_chain(size: int) -> str:
    """Jobs that each invoke the head of a chain of reusable commands, each of which runs a
    script and invokes the next: every job would read the whole chain again."""
    commands = lines_until(
        "version: 2.1\ncommands:\n",
        lambda i: f"  c{i}:\n    steps:\n      - c{i + 1}\n      - run: echo step {i} {'x' * 40}\n",
        "",
        size // 2,
    )
    return lines_until(
        f"{commands}jobs:\n",
        lambda i: f"  j{i}:\n    docker:\n      - image: cimg/python:3.12\n    steps: [c1]\n",
        "",
        size,
    )


def azure_steps(size: int) -> str:
    unit = "- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
    return repeat("steps:\n", unit, "", size)


def dockerfile_env_times_runs(size: int) -> str:
    """ENV PY variables holding versions, and as many RUN lines that use another variable:
    each variable's installer must not be looked for by rescanning every RUN."""
    return lines_until(
        "FROM debian:12\n",
        lambda i: f"ENV PY{i}=3.12\nRUN curl -o x https://example.invalid/$OTHER{i} x y z\n",
        "",
        size,
    )


def woodpecker_steps_times_rows(size: int) -> str:
    """Half the file include rows (each its own scalar), half steps whose image takes one:
    every step would declare one version per row."""
    rows = lines_until("matrix:\n  include:\n", lambda i: f"    - V: '3.{i % 14}'\n", "", size // 2)
    steps = lines_until("steps:\n", lambda i: f"  s{i}:\n    image: python:${{V}}\n", "", size // 2)
    return rows + steps


def cirrus_matrices_times_tasks(size: int) -> str:
    """Tasks that each multiply a matrix of Python containers by a matrix of environments,
    filling the image from the environment: every task makes its product of variants."""
    return lines_until(
        "env:\n  PY: '3.12'\n",
        lambda i: (
            f"t{i}_task:\n  env:\n    matrix:\n"
            + "".join(f"      - PY: '3.{minor}'\n" for minor in range(8, 15))
            + "  container:\n    matrix:\n"
            + "      - image: python:${PY}\n      - image: python:$PY-slim\n"
            + "  matrix:\n"
            + "".join(f"    - name: n{i}-{k}\n" for k in range(6))
            + "  test_script: pytest\n"
        ),
        "",
        size,
    )


def cirrus_template_long_script(size: int) -> str:
    """One template with a long script (one block scalar: aliases do not multiply it into
    many nodes), merged into task after task, each named apart: the script is classified
    once, not once a task."""
    script = lines_until("", lambda i: f"    echo {i} && make t{i}\n", "", size // 2)
    head = ".t: &t\n  container: {image: 'python:3.12'}\n  test_script: |\n" + script
    tasks = lines_until("", lambda i: f"x{i}_task:\n  <<: *t\n", "", size // 2)
    return head + tasks


def bitbucket_steps_with_scripts(size: int) -> str:
    """Steps sharing the top-level image, each with a script line its purpose is read from:
    one declaration, every step classified (until the step cap)."""
    return lines_until(
        "image: python:3.12\npipelines:\n  default:\n",
        lambda i: (
            f"    - step: {{name: s{i}, script: ['pip install x && python -m pytest -k t{i}']}}\n"
        ),
        "",
        size,
    )


def bitbucket_aliased_step_long_script(size: int) -> str:
    """One step with a long script, listed again and again through an alias."""
    script = lines_until("", lambda i: f"          - echo {i} && make t{i}\n", "", size // 2)
    head = "definitions:\n  steps:\n    - step: &t\n        image: python:3.12\n        script:\n"
    uses = lines_until("pipelines:\n  default:\n", lambda i: "    - step: *t\n", "", size // 2)
    return head + script + uses


def buildkite_steps_times_matrix(size: int) -> str:
    """Half the file a matrix's values, half steps that all take it through a merge key:
    every step looks at every row."""
    values = lines_until("", lambda i: f"          - '3.{i % 40}.{i}'\n", "", size // 2)
    head = (
        "definitions:\n  t: &t\n    command: pytest\n"
        "    env: {PYTHON_VERSION: '{{ matrix.python }}'}\n"
        "    matrix:\n      setup:\n        python:\n"
    )
    steps = lines_until("steps:\n", lambda i: f"  - {{<<: *t, label: s{i}}}\n", "", size // 2)
    return head + values + steps


def compose_extends_long_build(size: int) -> str:
    """Half the file one service's build args, half services that extend it: each extension
    would copy every arg."""
    args = lines_until(
        "services:\n  base:\n    build:\n      context: .\n      args:\n",
        lambda i: f"        A{i}: '{i}'\n",
        "",
        size // 2,
    )
    return args + lines_until("", lambda i: f"  s{i}:\n    extends: base\n", "", size // 2)


def kokoro_env_vars(size: int) -> str:
    """Many env_vars blocks, each an unterminated-looking run of sessions: one pass."""
    return lines_until(
        "",
        lambda i: f'env_vars: {{ key: "NOX_SESSION" value: "unit-3.{i % 14} lint" }}\n',
        "",
        size,
    )


def cloud_build_substituted_steps(size: int) -> str:
    """Steps whose images all take substitutions: each name's substitutions are filled once."""
    head = "substitutions:\n  _V: '3.12'\n  _S: slim\nsteps:\n"
    step = "  - name: 'python:${_V}-$_S'\n    dir: pkg\n    args: ['-c', 'pytest $_ARGS']\n"
    return repeat(head, step, "", size)


def render_services_times_group(size: int) -> str:
    """Services that all take one environment group: each is looked up once."""
    head = (
        "envVarGroups:\n  - name: g\n    envVars:\n"
        "      - key: PYTHON_VERSION\n        value: '3.12'\n"
    )
    services = lines_until(
        "services:\n",
        lambda i: f"  - {{type: web, name: s{i}, runtime: python, envVars: [{{fromGroup: g}}]}}\n",
        "",
        size,
    )
    return head + services


def pixi_features_times_envs(size: int) -> str:
    """Features that set python, and environments that each list every feature."""
    count = max(2, int((size / 8) ** 0.5))
    features = "".join(f'[feature.f{i}.dependencies]\npython = "3.12.*"\n' for i in range(count))
    names = ", ".join(f'"f{i}"' for i in range(count))
    head = '[project]\nname = "x"\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n'
    environments = lines_until("[environments]\n", lambda i: f"e{i} = [{names}]\n", "", size // 2)
    return head + features + environments


def gitpod_pyenv_lines(size: int) -> str:
    """A task script of `pyenv install` lines: each placed in the file by searching forward,
    not from the script's start."""
    return repeat("tasks:\n  - init: |\n", "      pyenv install 3.12 3.11\n", "", size)


def compose_services(size: int) -> str:
    return lines_until("services:\n", lambda i: f"  s{i}:\n    image: python:3.12\n", "", size)


def devcontainer_build_args(size: int) -> str:
    head = '{"build": {"dockerfile": "Dockerfile", "args": {'
    return lines_until(head, lambda i: f'"A{i}": "3.{i % 20}", ', '"V": "3.12"}}}\n', size)


def devcontainer_features(size: int) -> str:
    head = '{\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm",\n  "x": ['
    return repeat(head, '"a", ', '"a"]\n}\n', size)


# --- cases ----------------------------------------------------------------------------


def clear_caches() -> None:
    """Forget what pyparity's functions cached, so every run reads afresh."""
    for name, module in list(sys.modules.items()):
        if name.startswith("pyparity"):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def outcome_of(run: Callable[[], object]) -> str:
    try:
        value = run()
    except UnreadableFile as error:
        return f"parse-error: {error.message}"
    except ConfigError as error:
        return f"config error: {error}"
    return str(value)


def file_case(reader: str, name: str, path: str, make: Callable[[int], str]) -> Case:
    def prepare(folder: Path, size: int) -> Thunk:
        data = make(size).encode("utf-8")
        source = source_module(reader)

        def run() -> str:
            return outcome_of(
                lambda: f"{len(source.read(TextFile.from_bytes(path, data)))} declarations"
            )

        return run

    def tree(folder: Path, size: int) -> None:
        write(placed(folder, path), make(size))

    return Case(reader=reader, name=name, prepare=prepare, tree=tree)


_ROOT_ONLY = (".circleci/config.yml", ".travis.yml")


def placed(folder: Path, path: str) -> Path:
    """Where a case's file goes in the whole repository: in the case's folder, except the
    files read only at the root (workflows, one name each; CircleCI, Travis)."""
    if path.startswith(".github/workflows/"):
        return folder.parent / ".github" / "workflows" / f"{folder.name}.yml"
    return folder.parent / path if path in _ROOT_ONLY else folder / path


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def scan(root: Path, *, reports: bool = False) -> str:
    result = check.run(str(root), Config(today=TODAY, code=False), jobs=1)
    size = 0
    if reports:
        size += len(json_report.render(result))
        size += len(markdown.render(result, today=TODAY))
        size += len(github.render(result, today=TODAY))
        size += len(text.render(result, today=TODAY))
    findings = len(result.findings)
    return f"{findings} findings" + (f", reports {size // 1024} KB" if reports else "")


def tree_case(
    reader: str, name: str, make: Callable[[Path, int], None], *, reports: bool = False
) -> Case:
    def prepare(folder: Path, size: int) -> Thunk:
        root = folder / "repo"
        make(root, size)
        return lambda: outcome_of(lambda: scan(root, reports=reports))

    return Case(reader=reader, name=name, prepare=prepare, tree=make)


def compose_one_dockerfile(root: Path, size: int) -> None:
    """Many compose services build one large Dockerfile (its analysis must happen once)."""
    dockerfile = repeat("ARG V=3.12\nFROM python:${V}\n", "RUN echo build step\n", "", size // 2)
    write(root / "Dockerfile", dockerfile)
    write(
        root / "docker-compose.yml",
        lines_until(
            "services:\n",
            lambda i: f"  s{i}:\n    build:\n      context: .\n      args:\n        V: '3.12'\n",
            "",
            size // 2,
        ),
    )


def compose_distinct_args(root: Path, size: int) -> None:
    """As above, each service with build args of its own."""
    dockerfile = repeat("ARG V=3.12\nFROM python:${V}\n", "RUN echo build step\n", "", size // 2)
    write(root / "Dockerfile", dockerfile)
    write(
        root / "docker-compose.yml",
        lines_until(
            "services:\n",
            lambda i: f"  s{i}:\n    build:\n      context: .\n      args:\n        V: '3.{i}'\n",
            "",
            size // 2,
        ),
    )


def devcontainers_one_dockerfile(root: Path, size: int) -> None:
    dockerfile = repeat("ARG V=3.12\nFROM python:${V}\n", "RUN echo build step\n", "", size // 2)
    write(root / "Dockerfile", dockerfile)
    body = '{"build": {"dockerfile": "../../Dockerfile", "context": "../.."}}\n'
    for index in range(max(1, (size // 2) // (len(body) + 40))):
        write(root / f".devcontainer/d{index}/devcontainer.json", body)


def devcontainers_build_args(root: Path, size: int) -> None:
    """Dev containers that build one large Dockerfile, each with an arg of its own."""
    dockerfile = repeat("ARG V=3.12\nFROM python:${V}\n", "RUN echo build step\n", "", size // 2)
    write(root / "Dockerfile", dockerfile)
    template = '{{"build": {{"dockerfile": "../../Dockerfile", "args": {{"V": "3.{minor}"}}}}}}\n'
    for index in range(max(1, (size // 2) // 120)):
        body = template.format(minor=index % 30)
        write(root / f".devcontainer/d{index}/devcontainer.json", body)


def alternating_dockerfiles(root: Path, size: int) -> None:
    """Folders whose Dockerfiles alternate 3.11 and 3.12 in one scope: one disagreement with
    thousands of places (its message and `related` list must stay short). An even count at
    every size: with one more 3.11 the 3.12 pins each disagree with a majority, a finding
    each, and a size would be compared with the next on a thousand times the output."""
    write(root / "pyproject.toml", '[project]\nname = "x"\nrequires-python = ">=3.11"\n')
    for index in range(max(2, size // 60) // 2 * 2):
        minor = 11 + index % 2
        write(root / f"s{index}/Dockerfile", f"FROM python:3.{minor}-slim\nRUN true\n")


def azure_calls_times_parameters(root: Path, size: int) -> None:
    """A pipeline that includes one template again and again, the template declaring a
    long parameter list: the declared defaults must not be gathered once per call."""
    write(
        root / "azure-pipelines.yml",
        repeat("steps:\n", "- template: t.yml\n  parameters: {p1: '3.12'}\n", "", size // 2),
    )
    declared = lines_until(
        "parameters:\n", lambda i: f"- name: p{i}\n  default: ''\n", "", size // 2
    )
    step = "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: ${{ parameters.p1 }}\n"
    write(root / "t.yml", declared + step)


def azure_pipelines_times_template(root: Path, size: int) -> None:
    """Pipelines that each include one large template: it must not be parsed and expanded
    once per pipeline."""
    unit = "- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
    write(root / "t.yml", repeat("steps:\n", unit, "", size // 2))
    caller = "steps:\n- template: /t.yml\n" + "# padding\n" * 100
    for index in range(max(1, size // 2 // len(caller))):
        write(root / f".azure-pipelines/p{index}.yml", caller)


def azure_named_jobs_times_script_template(root: Path, size: int) -> None:
    """Pipelines whose jobs, each named apart, include one large template of scripts: the
    template's steps must not be read and classified once per job."""
    head = "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
    unit = "- script: python -m pytest tests/test_a.py\n  displayName: test\n"
    write(root / "t.yml", repeat(head, unit, "", size // 2))
    for index in range(max(1, size // 2 // 1024)):
        caller = f"jobs:\n- job: j{index}\n  steps:\n  - template: /t.yml\n"
        caller += "# padding\n" * 95
        write(root / f".azure-pipelines/p{index}.yml", caller)


def many_workflows(root: Path, size: int) -> None:
    body = workflow_many_jobs(2 * KB)
    for index in range(max(1, size // len(body))):
        write(root / f".github/workflows/w{index}.yml", body)


# configuration patterns and the git index


PATHS = tuple(f"d{index}/sub/file{index}.py" for index in range(20_000))


def exclude_case(name: str, pattern: Callable[[int], str]) -> Case:
    def make(size: int) -> str:
        return lines_until(
            "[tool.pyparity]\nexclude = [\n", lambda i: f'  "{pattern(i)}",\n', "]\n", size
        )

    def prepare(folder: Path, size: int) -> Thunk:
        import tomllib

        text = make(size)

        def run() -> str:
            def work() -> str:
                table = tomllib.loads(text)["tool"]["pyparity"]
                config = from_mapping(table, where="pyproject.toml")
                kept = [p for p in PATHS if not discover.excluded(p, config.exclude)]
                return f"{len(config.exclude)} patterns, {len(kept)} of {len(PATHS)} paths kept"

            return outcome_of(work)

        return run

    def tree(folder: Path, size: int) -> None:
        write(folder / "pyproject.toml", make(size))

    return Case(reader="exclude", name=name, prepare=prepare, tree=tree)


def listing_case() -> Case:
    """A fixed set of patterns (half literal, half globs) against ever more paths."""
    patterns = tuple([f"d{i}/" for i in range(100)] + [f"d{i}/*.txt" for i in range(100)])

    def prepare(folder: Path, size: int) -> Thunk:
        paths = [f"d{i % 500}/sub/file{i}.py" for i in range(size // 24)]

        def run() -> str:
            kept = [p for p in paths if not discover.excluded(p, patterns)]
            return f"{len(kept)} of {len(paths)} paths kept"

        return run

    return Case(reader="exclude", name="listing-vs-200-patterns", prepare=prepare)


def index_entry(name: bytes, *, strip: int | None) -> bytes:
    """One index entry: 40 bytes of stat data, a SHA-1, flags; in version 4 the name is
    the previous name less `strip` bytes, plus `name`."""
    stat_data = bytearray(40)
    stat_data[24:28] = (0o100644).to_bytes(4, "big")
    flags = min(len(name), 0xFFF).to_bytes(2, "big")
    entry = bytes(stat_data) + b"\x01" * 20 + flags
    if strip is None:
        body = entry + name + b"\0"
        return body + b"\0" * (-len(body) % 8)
    return entry + varint(strip) + name + b"\0"


def varint(value: int) -> bytes:
    """Git's offset encoding (the inverse of gitindex._varint)."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        value -= 1
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def v4_prefix_index(size: int) -> bytes:
    """Each entry keeps all but two bytes of a 4,000-byte name and changes the last two:
    about 70 bytes of index spell 4,000 bytes of name."""
    entries = [index_entry(b"a" * 3998 + b"aa", strip=0)]
    used, index = len(entries[0]) + 32, 1
    letters = b"abcdefghijklmnopqrstuvwxyz"
    while used < size:
        suffix = bytes([letters[index // 26 % 26], letters[index % 26]])
        entry = index_entry(suffix, strip=2)
        entries.append(entry)
        used += len(entry)
        index += 1
    header = b"DIRC" + (4).to_bytes(4, "big") + len(entries).to_bytes(4, "big")
    return header + b"".join(entries) + b"\0" * 20


def v2_index(size: int) -> bytes:
    entries = []
    used, index = 32, 0
    while used < size:
        entry = index_entry(f"d{index % 100}/file{index}.py".encode(), strip=None)
        entries.append(entry)
        used += len(entry)
        index += 1
    header = b"DIRC" + (2).to_bytes(4, "big") + len(entries).to_bytes(4, "big")
    return header + b"".join(entries) + b"\0" * 20


def index_case(name: str, make: Callable[[int], bytes]) -> Case:
    def prepare(folder: Path, size: int) -> Thunk:
        root = folder / "repo"
        write(root / ".git" / "index", make(size))

        def run() -> str:
            files = tracked_files(root)
            return "not read (walk instead)" if files is None else f"{len(files)} files"

        return run

    return Case(reader="gitindex", name=name, prepare=prepare)


# regular expressions


def regex_case(site: Site, name: str) -> Case:
    assert site.pattern is not None
    compiled = re.compile(site.pattern, site.flags)
    attack_pieces(site.pattern, site.flags)  # once, here: each size's forked process has it

    def prepare(folder: Path, size: int) -> Thunk:
        texts = attacks(site.pattern or "", site.flags, size)

        def run() -> str:
            for text_value in texts:
                if "search" in site.modes:
                    for _ in compiled.finditer(text_value):
                        pass
                if "match" in site.modes:
                    compiled.match(text_value)
                if "fullmatch" in site.modes:
                    compiled.fullmatch(text_value)
            return f"{len(texts)} attacks, {'/'.join(sorted(site.modes))}"

        return run

    return Case(reader="regex", name=name, prepare=prepare, stop_above=0.5)


def regex_cases() -> list[Case]:
    """One case per regular expression of the source, as the static check finds them."""
    sites, _ = collect(Path(pyparity.__file__).resolve().parent)
    made, names = [], set()
    for site in sites:
        if site.pattern is None:
            continue
        name = site.key.removeprefix("pyparity.")
        name = name.removeprefix("sources.").removeprefix("parsers.")
        if name in names:
            name = f"{name}:{site.line}"
        names.add(name)
        made.append(regex_case(site, name))
    return made


def cases(*, regex: bool = True) -> list[Case]:
    return [*reader_cases(), *code_cases(), *(regex_cases() if regex else [])]


# The code scan (`code-floor`): every Python file of a pull request goes through vermin and
# pyparity's own checks. Each shape grows one of the counts whose product an earlier scan
# paid: distinct imports, module attributes, keyword arguments, names defined, functions,
# scopes, version switches.
CODE_SHAPES: dict[str, Callable[[int], str]] = {
    "many-imports": lambda n: lines_until("", lambda i: f"import mod{i}\n", "", n),
    "distinct-module-attributes": lambda n: lines_until(
        "import os\n", lambda i: f"x = os.a{i}\n", "", n
    ),
    "imports-then-attributes": lambda n: (
        "".join(f"import mod{i}\n" for i in range(n // 400))
        + lines_until("", lambda i: f"a{i} = os.path.join\n", "", n - n // 400 * 12)
    ),
    "from-imports-then-attributes": lambda n: (
        "".join(f"from pkg{i} import name{i}\n" for i in range(n // 400))
        + lines_until(
            "", lambda i: f"a{i} = name{i % max(n // 400, 1)}.attr.x\n", "", n - n // 400 * 30
        )
    ),
    "keyword-arguments": lambda n: lines_until("", lambda i: f"f(k{i}=1)\n", "", n),
    "names-and-stdlib-members": lambda n: lines_until(
        "import datetime, itertools, typing\n",
        lambda i: f"a{i} = datetime.UTC; b{i} = itertools.batched; c{i} = typing.Self\n",
        "",
        n,
    ),
    "decorated-functions": lambda n: lines_until(
        "import functools\n", lambda i: f"@functools.cache\ndef f{i}(): pass\n", "", n
    ),
    "repeated-stdlib-keyword": lambda n: lines_until(
        "import subprocess\n", lambda i: "subprocess.run([], capture_output=True)\n", "", n
    ),
    "guarded-call-chain": lambda n: lines_until(
        "import subprocess\nimport sys\nif sys.version_info >= (3, 7):\n    f1()\n",
        lambda i: f"def f{i}():\n    subprocess.run([], capture_output=True)\n    f{i + 1}()\n",
        "",
        n,
    ),
    "with-parentheses": lambda n: lines_until(
        "",
        lambda i: f"with (\n    a{i}\n    if c\n    else b\n), d{i}(), (e):\n    pass\n",
        "",
        n,
    ),
    "comprehensions": lambda n: lines_until(
        "", lambda i: f"c{i} = [x for x in range({i})]\n", "", n
    ),
    "version-switches": lambda n: lines_until(
        "import sys\n",
        lambda i: (
            f"if sys.version_info >= (3, {i % 14}):\n    import tomllib as t{i}\n"
            f"else:\n    t{i} = None\n"
        ),
        "",
        n,
    ),
    "functions-with-switched-options": lambda n: lines_until(
        "import sys\nPY311 = sys.version_info >= (3, 11)\n",
        lambda i: (
            f"def f{i}(x):\n    flag = True\n    if not PY311:\n        flag = False\n"
            f"    if not flag:\n        raise ValueError\n    raise ExceptionGroup('a', [x])\n"
        ),
        "",
        n,
    ),
    "one-function-many-switches": lambda n: lines_until(
        "import sys\nPY311 = sys.version_info >= (3, 11)\ndef f(x):\n",
        lambda i: (
            f"    a{i} = True\n    if not PY311:\n        a{i} = False\n"
            f"    if not a{i}:\n        return\n    y = ExceptionGroup('a', [x])\n"
        ),
        "",
        n,
    ),
    "fstrings": lambda n: lines_until("", lambda i: f"s{i} = f'{{a{i}=}} {{b!r:>{{w}}}}'\n", "", n),
    "runtime-unions": lambda n: lines_until(
        "", lambda i: f"T{i} = int | None\nisinstance(x, int | str)\n", "", n
    ),
    "named-probes": lambda n: lines_until(
        "import asyncio\n",
        lambda i: (
            f"if has_asyncio_timeout():\n    t{i} = asyncio.timeout\nelse:\n    t{i} = None\n"
        ),
        "",
        n,
    ),
    "constant-probes-and-chains": lambda n: lines_until(
        "import sys\nfrom .utils import SUPPORTS_PERF_TRAMPOLINE\n",
        lambda i: (
            "if SUPPORTS_PERF_TRAMPOLINE and not sys.is_stack_trampoline_active()"
            + " and sys.x" * (i % 64)
            + f":\n    sys.activate_stack_trampoline('perf{i}')\n"
        ),
        "",
        n,
    ),
    "private-methods-past-a-raise": lambda n: lines_until(
        "import random\nimport sys\n",
        lambda i: (
            f"def f{i}(n):\n    if sys.version_info < (3, 12):\n        raise RuntimeError\n"
            f"    return _R{i}().m{i}(n)\n"
            f"class _R{i}:\n    def m{i}(self, n):\n        return random.binomialvariate(n, 0.1)\n"
        ),
        "",
        n,
    ),
    "deep-parentheses": lambda n: (
        "x = " + "(" * 180 + "1" + ")" * 180 + "\n" + repeat("", "y = 1\n", "", n)
    ),
}


def code_case(name: str, make: Callable[[int], str]) -> Case:
    def prepare(folder: Path, size: int) -> Thunk:
        from pyparity.code.scan import source_needs

        source = make(size)
        return lambda: f"{len(source_needs('pkg/module.py', source))} needs"

    return Case(reader="code", name=name, prepare=prepare, max_rss_mb=CODE_MAX_RSS_MB)


def code_cases() -> list[Case]:
    return [code_case(name, make) for name, make in CODE_SHAPES.items()]


def reader_cases() -> list[Case]:
    docker = "Dockerfile"
    return [
        # Dockerfile
        file_case("dockerfile", "venv-options", docker, venv_options),
        file_case("dockerfile", "venv-inside-options", docker, venv_in_options),
        file_case("dockerfile", "run-pip-install-repeated", docker, pip_install_repeat),
        file_case("dockerfile", "from-a-lines", docker, from_lines),
        file_case("dockerfile", "from-python-lines", docker, from_python_lines),
        file_case("dockerfile", "chained-stages", docker, chained_stages),
        file_case("dockerfile", "arg-doubling-chain", docker, arg_chain),
        file_case("dockerfile", "arg-many-references", docker, arg_many_references),
        file_case("dockerfile", "heredoc-flood", docker, heredoc_flood),
        file_case("dockerfile", "continuations", docker, continuations),
        file_case("dockerfile", "copy-from-many", docker, copy_from_many),
        # tox
        file_case("tox", "envlist-product-then-text", "tox.ini", envlist_product),
        file_case("tox", "envlist-unclosed-braces", "tox.ini", envlist_unclosed),
        file_case("tox", "generated-section-headers", "tox.ini", tox_generated_sections),
        file_case("tox", "envlist-nested-braces", "tox.ini", envlist_nested),
        file_case("tox", "envlist-many-entries", "tox.ini", envlist_many),
        file_case("tox", "ini-long-key", "tox.ini", ini_long_key("tox")),
        file_case("tox", "basepython-lines-x-names", "tox.ini", basepython_lines_times_names),
        file_case("tox", "basepython-reference-fanout", "tox.ini", reference_fanout),
        file_case("tox", "toml-env-tables", "tox.toml", tox_toml_envs('"')),
        file_case("tox", "toml-env-tables-single-quoted", "tox.toml", tox_toml_envs("'")),
        # setup.cfg
        file_case("setup_cfg", "ini-long-key", "setup.cfg", ini_long_key("metadata")),
        file_case(
            "setup_cfg",
            "tox-envlist-product",
            "setup.cfg",
            lambda size: envlist_product(size).replace("[tox]", "[tox:tox]"),
        ),
        # setup.py
        file_case(
            "setup_py",
            "names-four-copies-nested",
            "setup.py",
            names_fanout("N{i} = [N{p}, N{p}, N{p}, N{p}]", SETUP),
        ),
        file_case(
            "setup_py",
            "names-four-copies-added",
            "setup.py",
            names_fanout("N{i} = N{p} + N{p} + N{p} + N{p}", SETUP),
        ),
        file_case(
            "setup_py",
            "names-four-copies-starred",
            "setup.py",
            names_fanout("N{i} = [*N{p}, *N{p}, *N{p}, *N{p}]", SETUP),
        ),
        file_case("setup_py", "names-deep-chain", "setup.py", names_fanout("N{i} = [N{p}]", SETUP)),
        file_case("setup_py", "string-doubling", "setup.py", string_doubling),
        file_case("setup_py", "one-line-constants", "setup.py", one_line_constants("a")),
        file_case("setup_py", "one-line-constants-non-ascii", "setup.py", one_line_constants("é")),
        file_case("setup_py", "many-setup-calls", "setup.py", many_setup_calls),
        file_case(
            "setup_py", "calls-times-dict-updates", "setup.py", setup_calls_times_dict_updates
        ),
        # noxfile.py
        file_case(
            "noxfile",
            "names-four-copies-nested",
            "noxfile.py",
            names_fanout("N{i} = [N{p}, N{p}, N{p}, N{p}]", NOX),
        ),
        file_case(
            "noxfile",
            "names-four-copies-added",
            "noxfile.py",
            names_fanout("N{i} = N{p} + N{p} + N{p} + N{p}", NOX),
        ),
        file_case("noxfile", "many-sessions", "noxfile.py", many_sessions),
        file_case("noxfile", "long-session-command", "noxfile.py", long_session_command),
        # MODULE.bazel
        file_case("bazel_module", "many-toolchains", "MODULE.bazel", bazel_many_toolchains),
        file_case(
            "bazel_module",
            "comprehension-over-copies",
            "MODULE.bazel",
            bazel_comprehension_over_copies,
        ),
        # conda
        file_case("conda", "python-spec-spaces", "environment.yml", conda_spec_spaces),
        file_case("conda", "many-python-entries", "environment.yml", conda_many),
        file_case("conda", "channel-path", "environment.yml", conda_channel_path),
        # pyproject.toml, hatch
        file_case("pyproject", "header-in-string", "pyproject.toml", toml_header_in_string),
        file_case(
            "pyproject",
            "header-lines-in-string",
            "pyproject.toml",
            toml_many_header_lines_in_string,
        ),
        file_case("pyproject", "escaped-classifiers", "pyproject.toml", escaped_classifiers),
        file_case("pyproject", "escaped-targets", "pyproject.toml", escaped_targets),
        file_case("pyproject", "long-dotted-key", "pyproject.toml", dotted_key),
        file_case("pyproject", "cibuildwheel-build-list", "pyproject.toml", cibuildwheel_builds),
        file_case("pyproject", "tool-tox-env-tables", "pyproject.toml", pyproject_tox_envs),
        file_case("hatch", "env-tables", "hatch.toml", hatch_envs),
        file_case("hatch", "env-matrices", "hatch.toml", hatch_env_matrices),
        # configuration and the git index
        exclude_case("literal-patterns", lambda i: f"d{i}/"),
        exclude_case("glob-patterns", lambda i: f"d{i}/*.py"),
        listing_case(),
        index_case("v4-prefix-compression", v4_prefix_index),
        index_case("v2-entries", v2_index),
        # the other readers (YAML, JSON, plain text)
        file_case("workflow", "matrix-includes", ".github/workflows/ci.yml", matrix_includes),
        file_case(
            "workflow",
            "matrix-distinct-includes",
            ".github/workflows/ci.yml",
            matrix_distinct_includes,
        ),
        file_case("workflow", "matrix-excludes", ".github/workflows/ci.yml", matrix_excludes),
        file_case("workflow", "expression-spaces", ".github/workflows/ci.yml", expression_spaces),
        file_case("workflow", "run-uvx-repeated", ".github/workflows/ci.yml", uvx_run),
        file_case("workflow", "many-jobs", ".github/workflows/ci.yml", workflow_many_jobs),
        file_case("workflow", "parallel-groups", ".github/workflows/ci.yml", parallel_step_groups),
        file_case("workflow", "planned-axes", ".github/workflows/ci.yml", planned_axes_passed_on),
        file_case(
            "workflow", "multi-line-versions", ".github/workflows/ci.yml", multi_line_versions
        ),
        file_case(
            "workflow",
            "uv-steps-after-setup-python",
            ".github/workflows/ci.yml",
            workflow_uv_steps_after_setup_python,
        ),
        file_case(
            "workflow",
            "wheel-builds-x-matrix-jobs",
            ".github/workflows/ci.yml",
            wheels_and_matrix_jobs,
        ),
        file_case(
            "workflow", "step-matrix-consumers", ".github/workflows/ci.yml", step_matrix_consumers
        ),
        file_case(
            "workflow", "output-axis-consumers", ".github/workflows/ci.yml", output_axis_consumers
        ),
        file_case(
            "workflow", "matrix-system-packages", ".github/workflows/ci.yml", matrix_system_packages
        ),
        file_case(
            "workflow",
            "docker-build-steps",
            ".github/workflows/ci.yml",
            workflow_docker_build_steps,
        ),
        file_case(
            "workflow",
            "env-fallback-steps",
            ".github/workflows/ci.yml",
            workflow_env_fallback_steps,
        ),
        file_case(
            "workflow",
            "action-docker-builds-by-expression",
            ".github/actions/build/action.yml",
            action_docker_builds_by_expression,
        ),
        file_case("gitlab_ci", "template-script-extended", ".gitlab-ci.yml", gitlab_extends),
        file_case(
            "gitlab_ci", "extends-chain-references", ".gitlab-ci.yml", gitlab_extends_references
        ),
        file_case("gitlab_ci", "yaml-alias-merge-bomb", ".gitlab-ci.yml", yaml_alias_bomb),
        file_case("gitlab_ci", "yaml-merge-key-fanout", ".gitlab-ci.yml", yaml_merge_fanout),
        file_case("workflow", "yaml-alias-merge-bomb", ".github/workflows/ci.yml", yaml_alias_bomb),
        file_case("workflow", "matrix-many-axes", ".github/workflows/ci.yml", matrix_many_axes),
        file_case(
            "workflow",
            "expression-nested-parentheses",
            ".github/workflows/ci.yml",
            expression_nesting("(", ")"),
        ),
        file_case(
            "workflow",
            "expression-nested-calls",
            ".github/workflows/ci.yml",
            expression_nesting("fromJSON(format('{0}', ", "))"),
        ),
        file_case("compose", "yaml-alias-merge-bomb", "docker-compose.yml", yaml_alias_bomb),
        file_case("compose", "many-services", "docker-compose.yml", compose_services),
        file_case("compose", "extends-long-build", "compose.yaml", compose_extends_long_build),
        file_case(
            "devcontainer", "long-array", ".devcontainer/devcontainer.json", devcontainer_features
        ),
        file_case(
            "devcontainer",
            "many-build-args",
            ".devcontainer/devcontainer.json",
            devcontainer_build_args,
        ),
        file_case("precommit", "many-hooks", ".pre-commit-config.yaml", precommit_hooks),
        file_case("readthedocs", "long-version", ".readthedocs.yaml", readthedocs_long),
        file_case("travis", "long-python-list", ".travis.yml", travis_list),
        file_case("travis", "failures-times-includes", ".travis.yml", travis_failures_and_includes),
        file_case("aws_sam", "many-functions", "template.yaml", sam_functions),
        file_case("serverless", "many-functions", "serverless.yml", serverless_functions),
        file_case("app_engine", "many-variables", "app.yaml", app_engine_env),
        file_case("circleci", "many-jobs", ".circleci/config.yml", circleci_jobs),
        file_case(
            "circleci",
            "jobs-times-command-chain",
            ".circleci/config.yml",
            circleci_jobs_times_command_chain,
        ),
        file_case("azure_pipelines", "many-steps", "azure-pipelines.yml", azure_steps),
        file_case("dockerfile", "env-times-runs", "Dockerfile", dockerfile_env_times_runs),
        file_case("gitpod", "pyenv-lines", ".gitpod.yml", gitpod_pyenv_lines),
        file_case("woodpecker", "steps-times-rows", ".woodpecker.yml", woodpecker_steps_times_rows),
        file_case("cirrus_ci", "matrices-times-tasks", ".cirrus.yml", cirrus_matrices_times_tasks),
        file_case("cirrus_ci", "template-long-script", ".cirrus.yml", cirrus_template_long_script),
        file_case("kokoro", "many-env-vars", ".kokoro/presubmit/x.cfg", kokoro_env_vars),
        file_case("render", "services-times-group", "render.yaml", render_services_times_group),
        file_case(
            "cloud_build", "substituted-steps", "cloudbuild.yaml", cloud_build_substituted_steps
        ),
        file_case(
            "buildkite",
            "steps-times-matrix",
            ".buildkite/pipeline.yml",
            buildkite_steps_times_matrix,
        ),
        file_case(
            "bitbucket_pipelines",
            "steps-with-scripts",
            "bitbucket-pipelines.yml",
            bitbucket_steps_with_scripts,
        ),
        file_case(
            "bitbucket_pipelines",
            "aliased-step-long-script",
            "bitbucket-pipelines.yml",
            bitbucket_aliased_step_long_script,
        ),
        file_case(
            "pants",
            "long-constraint",
            "pants.toml",
            lambda size: repeat(
                '[python]\ninterpreter_constraints = ["CPython', ">=3.10,", '"]\n', size
            ),
        ),
        file_case(
            "pants",
            "many-interpolations",
            "pants.toml",
            lambda size: lines_until(
                "[DEFAULT]\n",
                lambda i: f'c{i} = "%(c{i - 1})s"\n',
                '[python]\ninterpreter_constraints = ["%(c1)s %(c2)s %(c3)s"]\n',
                size,
            ),
        ),
        file_case("pixi", "features-times-environments", "pixi.toml", pixi_features_times_envs),
        file_case("tool_config", "ruff-toml-1.1-lines", "ruff.toml", ruff_toml_1_1_lines),
        file_case("tool_config", "ruff-toml-unclosed-quote", "ruff.toml", ruff_toml_unclosed_quote),
        file_case("tool_config", "mypy-ini-sections", "mypy.ini", mypy_ini_sections),
        file_case("task_runner", "uv-on-one-line", "justfile", justfile_uv_on_one_line),
        file_case("appveyor", "many-entries", "appveyor.yml", appveyor_entries),
        file_case("script_metadata", "unclosed-block", "scripts/x.py", script_block_lines),
        file_case("appveyor", "long-path", "appveyor.yml", appveyor_long_path),
        file_case("task_runner", "continued-command", "scripts/t.sh", script_continued_command),
        file_case("task_runner", "echo-then-commands", "scripts/e.sh", script_commands_after_echo),
        file_case("task_runner", "variable-references", "ci/t.sh", script_variable_references),
        file_case(
            "task_runner", "interpreters-on-one-line", "test.sh", script_interpreters_on_one_line
        ),
        file_case(
            "python_version_file",
            "many-lines",
            ".python-version",
            lambda size: repeat("", "3.12\n", "", size),
        ),
        file_case(
            "python_version_file",
            "one-long-line",
            ".python-version",
            lambda size: repeat("3", " ", ".12\n", size),
        ),
        file_case(
            "tool_versions",
            "long-python-line",
            ".tool-versions",
            lambda size: repeat("python", " 3.12", "\n", size),
        ),
        file_case(
            "tool_versions",
            "mise-long-list",
            "mise.toml",
            lambda size: repeat("[tools]\npython = [", '"3.12", ', '"3.12"]\n', size),
        ),
        file_case(
            "runtime",
            "runtime-txt-long",
            "runtime.txt",
            lambda size: repeat("python-", "3", "\n", size),
        ),
        file_case(
            "runtime",
            "pipfile-many-packages",
            "Pipfile",
            lambda size: lines_until(
                '[requires]\npython_version = "3.12"\n[packages]\n',
                lambda i: f'p{i} = "*"\n',
                "",
                size,
            ),
        ),
        # links between files (resolve, rules, reports)
        tree_case("compose", "services-build-one-dockerfile", compose_one_dockerfile),
        tree_case("compose", "services-distinct-build-args", compose_distinct_args),
        tree_case("devcontainer", "builds-one-dockerfile", devcontainers_one_dockerfile),
        tree_case("devcontainer", "build-links-distinct-args", devcontainers_build_args),
        tree_case(
            "dockerfile", "folders-alternate-3.11-3.12", alternating_dockerfiles, reports=True
        ),
        tree_case("workflow", "many-workflow-files", many_workflows),
        tree_case("azure_pipelines", "template-calls-x-parameters", azure_calls_times_parameters),
        tree_case("azure_pipelines", "pipelines-x-one-template", azure_pipelines_times_template),
        tree_case(
            "azure_pipelines",
            "named-jobs-x-script-template",
            azure_named_jobs_times_script_template,
        ),
    ]


# --- measuring ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Measured:
    size: int
    seconds: float | None  # None: did not finish
    runs: int
    rss_mb: float
    outcome: str


def measure(case: Case, size: int, folder: Path) -> Measured:
    """Time the case at one size in a forked process (best of up to 3 runs)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
            report = _child(case, size, folder)
        except BaseException as error:  # everything, MemoryError too, is reported to the parent
            report = {"seconds": None, "runs": 0, "outcome": f"{type(error).__name__}: {error}"}
            code = 1
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(json.dumps(report))
        os._exit(code)
    os.close(write_end)
    report = _await(pid, read_end, case.timeout)
    _, _, usage = os.wait4(pid, 0)
    return Measured(
        size=size,
        seconds=report.get("seconds"),
        runs=report.get("runs", 0),
        rss_mb=usage.ru_maxrss / 1024,
        outcome=str(report.get("outcome", ""))[:60],
    )


def _child(case: Case, size: int, folder: Path) -> dict[str, object]:
    """Best of at least 3 runs (more, up to 10, while they are quick), in CPU seconds: the
    machine may be shared, and another process's work is not this reader's."""
    run = case.prepare(folder, size)
    best, runs, outcome, spent = float("inf"), 0, "", 0.0
    gc.disable()  # as `check.run` does: the cyclic collector only adds noise here
    while (runs < 3 and spent < 2.0) or (runs < 10 and spent < 0.3):
        clear_caches()
        gc.collect()
        started = time.process_time()
        outcome = run()
        elapsed = time.process_time() - started
        best, runs, spent = min(best, elapsed), runs + 1, spent + elapsed
    return {"seconds": best, "runs": runs, "outcome": outcome}


def _await(pid: int, read_end: int, timeout: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    chunks = []
    with os.fdopen(read_end, "r") as pipe:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([pipe], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                return {
                    "seconds": None,
                    "runs": 0,
                    "outcome": f"timeout (> {timeout:.0f} s)",
                }
            chunk = pipe.read()
            if not chunk:
                break
            chunks.append(chunk)
    text_read = "".join(chunks)
    return json.loads(text_read) if text_read else {"seconds": None, "outcome": "crashed"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    ok: bool
    why: str


def judge(series: list[Measured], max_rss_mb: float = MAX_RSS_MB) -> list[Verdict]:
    verdicts = []
    previous: Measured | None = None
    for measured in series:
        problems = []
        if measured.seconds is None:
            problems.append("did not finish")
        elif previous is not None and previous.seconds is not None:
            ratio = measured.seconds / max(previous.seconds, 1e-9)
            if ratio > MAX_RATIO and measured.seconds >= NOISE_SECONDS:
                problems.append(f"ratio {ratio:.1f}")
        if measured.rss_mb > max_rss_mb:
            problems.append(f"RSS {measured.rss_mb:.0f} MB")
        verdicts.append(Verdict(ok=not problems, why=", ".join(problems)))
        previous = measured
    return verdicts


def human(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def run_series(
    case: Case, sizes: tuple[int, ...], folder: Path
) -> Iterator[tuple[Measured, Verdict]]:
    series: list[Measured] = []
    for size in sizes:
        measured = _measured(case, size, folder)
        verdict = judge([*series, measured], case.max_rss_mb)[-1]
        for _ in range(2):  # noise only adds time: a step too steep is looked at again
            if verdict.ok or measured.seconds is None or not verdict.why.startswith("ratio"):
                break
            again = _measured(case, size, folder)
            if again.seconds is not None and again.seconds < measured.seconds:
                measured = replace(again, runs=measured.runs + again.runs)
            verdict = judge([*series, measured], case.max_rss_mb)[-1]
        series.append(measured)
        yield measured, verdict
        if measured.seconds is None:
            break
        if case.stop_above is not None and measured.seconds > case.stop_above:
            break


def _measured(case: Case, size: int, folder: Path) -> Measured:
    with tempfile.TemporaryDirectory(dir=folder) as work:
        return measure(case, size, Path(work))


def row(case: Case, measured: Measured, previous: Measured | None, verdict: Verdict) -> str:
    seconds = "-" if measured.seconds is None else f"{measured.seconds:.4f}"
    ratio = "-"
    if previous is not None and previous.seconds and measured.seconds is not None:
        ratio = f"{measured.seconds / previous.seconds:.2f}"
    status = "PASS" if verdict.ok else f"FAIL ({verdict.why})"
    return (
        f"{case.reader:<20} {case.name:<32} {human(measured.size):>7} {seconds:>9} "
        f"{ratio:>6} {measured.rss_mb:>7.1f}  {status:<28} {measured.outcome}"
    )


# --- the whole repository ---------------------------------------------------------------


def whole_repository(folder: Path, selected: list[Case]) -> tuple[bool, str]:
    """Every case at once in one repository under 10 MB: `check --no-code` within 10 s."""
    root = folder / "worst"
    selected = [case for case in selected if case.tree is not None]
    per_case = max(16 * KB, (TREE_BYTES * 8 // 10) // max(len(selected), 1))
    per_case = min(per_case, 128 * KB)
    for index, case in enumerate(selected):
        if case.tree is not None:
            case.tree(root / f"c{index:02d}-{case.reader}-{case.name}", per_case)
    total = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    command = [
        sys.executable,
        "-m",
        "pyparity",
        "check",
        str(root),
        "--no-code",
        "--format",
        "json",
        "--output",
        str(folder / "worst.json"),
        "--today",
        TODAY.isoformat(),
    ]
    seconds, code, rss = _timed_command(command)
    timed_out = code is None
    ok = not timed_out and seconds <= TREE_SECONDS and code in (0, 1)
    summary = (
        f"whole repository: {total / 1024 / 1024:.1f} MB in {len(selected)} cases, "
        f"`pyparity check --no-code` {seconds:.1f} s (limit {TREE_SECONDS:.0f} s), "
        f"exit {code}, peak RSS {rss:.0f} MB" + (" (timed out)" if timed_out else "")
    )
    return ok and total < TREE_BYTES, summary


def _timed_command(command: list[str]) -> tuple[float, int | None, float]:
    """Run the command from a forked process of its own, so that the peak RSS reported (of
    the command and every process it waited for) is the command's alone."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        environment = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
        started = time.monotonic()
        process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, start_new_session=True
        )
        try:
            code: int | None = process.wait(timeout=10 * TREE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the check and the processes it forked
            process.wait()
            code = None
        seconds = time.monotonic() - started
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(json.dumps([seconds, code, rss]))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        seconds, code, rss = json.loads(pipe.read())
    os.waitpid(pid, 0)
    return seconds, code, rss


# --- main ---------------------------------------------------------------------------------


def parse_size(text_value: str) -> int:
    text_value = text_value.strip().upper()
    if text_value.endswith("M"):
        return int(text_value[:-1]) * 1024 * 1024
    if text_value.endswith("K"):
        return int(text_value[:-1]) * 1024
    return int(text_value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated readers or reader/case")
    parser.add_argument("--max-size", default="1M", help="largest size (default 1M)")
    parser.add_argument("--no-tree", action="store_true", help="skip the whole-repository run")
    parser.add_argument("--tree-only", action="store_true", help="only the whole repository")
    arguments = parser.parse_args(argv)
    # Every run reads every file, as before the cache, and nothing is written into the trees
    # (a pyparity without a cache ignores the variable).
    os.environ.setdefault("PYPARITY_NO_CACHE", "1")
    wanted = {item for item in arguments.only.split(",") if item}
    selected = [
        case
        for case in cases(regex=not wanted or any(w.split("/")[0] == "regex" for w in wanted))
        if not wanted or case.reader in wanted or f"{case.reader}/{case.name}" in wanted
    ]
    sizes = tuple(size for size in SIZES if size <= parse_size(arguments.max_size))
    print(
        f"{'reader':<20} {'case':<32} {'size':>7} {'seconds':>9} {'ratio':>6} {'RSS MB':>7}  "
        f"{'result':<28} outcome"
    )
    failed = 0
    with tempfile.TemporaryDirectory(prefix="pyparity-hostile-") as work:
        folder = Path(work)
        for case in [] if arguments.tree_only else selected:
            previous = None
            for measured, verdict in run_series(case, sizes, folder):
                print(row(case, measured, previous, verdict), flush=True)
                failed += not verdict.ok
                previous = measured
        if not arguments.no_tree:
            ok, summary = whole_repository(folder, selected)
            print(("PASS " if ok else "FAIL ") + summary)
            failed += not ok
    print(f"{failed} failure(s)" if failed else "all PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
