"""Cross-file links, through the whole pipeline on small repositories written to tmp_path."""

from __future__ import annotations

from pathlib import Path

from pyparity.check import run
from pyparity.config import Config
from pyparity.model import Purpose, Role

TODAY = __import__("datetime").date(2026, 11, 26)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def workflow(with_block: str) -> str:
    return (
        "jobs:\n  test:\n    steps:\n      - uses: actions/setup-python@v5\n"
        + with_block
        + "      - run: pytest\n"
    )


def test_python_version_file_becomes_a_pin_at_the_workflow_line(tmp_path):
    write(
        tmp_path,
        {
            ".python-version": "3.12.4\n",
            ".github/workflows/ci.yml": workflow(
                "        with:\n          python-version-file: .python-version\n"
            ),
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    link = next(d for d in result.declarations if d.file.endswith("ci.yml"))
    assert link.role is Role.PIN
    assert link.raw == ".python-version (3.12.4)"
    assert link.span.line == 6
    assert "from .python-version:1" in link.context
    assert result.findings == ()


def test_pyproject_as_version_file_floats_like_setup_python(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.9"\n',
            "Dockerfile": "FROM python:3.11-slim\n",
            ".github/workflows/ci.yml": workflow(
                "        with:\n          python-version-file: pyproject.toml\n"
            ),
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    link = next(d for d in result.declarations if d.file.endswith("ci.yml"))
    assert link.role is Role.FLOATING
    rules = sorted((f.rule, f.file) for f in result.findings)
    assert ("floating-version", ".github/workflows/ci.yml") in rules
    assert "pin-mismatch" not in {rule for rule, _ in rules}  # a floating spelling is no pin
    [floating] = [f for f in result.findings if f.rule == "floating-version"]
    assert floating.message.endswith("it means 3.15, while Dockerfile:1 pins 3.11")


def test_no_python_version_reads_the_default_file(tmp_path):
    write(
        tmp_path,
        {".python-version": "3.10\n", ".github/workflows/ci.yml": workflow("")},
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    link = next(d for d in result.declarations if d.file.endswith("ci.yml"))
    assert (link.role, link.raw) == (Role.PIN, ".python-version (3.10)")


def test_no_python_version_and_no_file_is_a_notice(tmp_path):
    write(tmp_path, {".github/workflows/ci.yml": workflow("")})
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    [finding] = result.findings
    assert finding.rule == "unresolved"
    assert "runner's own Python" in finding.message


def test_missing_version_file_is_unresolved(tmp_path):
    write(
        tmp_path,
        {
            ".github/workflows/ci.yml": workflow(
                "        with:\n          python-version-file: api/.python-version\n"
            )
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    [finding] = result.findings
    assert finding.rule == "unresolved"
    assert "api/.python-version is not a file of this repository" in finding.message


def test_linked_file_is_read_once_even_when_named_twice(tmp_path):
    write(
        tmp_path,
        {
            "api/.python-version": "3.13\n",
            ".github/workflows/a.yml": workflow(
                "        with:\n          python-version-file: api/.python-version\n"
            ),
            ".github/workflows/b.yml": workflow(
                "        with:\n          python-version-file: ./api/.python-version\n"
            ),
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    assert result.files_scanned == 3
    links = [d for d in result.declarations if d.file.startswith(".github")]
    assert {d.scope for d in links} == {"api"}


REUSABLE = """\
on:
  workflow_call:
    inputs:
      python-version:
        type: string
        default: "3.11"
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ inputs.python-version }}
      - run: pytest
"""


def test_reusable_workflow_takes_the_callers_value_at_the_callers_line(tmp_path):
    caller = """\
on: pull_request
jobs:
  call:
    strategy:
      matrix:
        py: ["3.12", "3.13"]
    uses: ./.github/workflows/reusable.yml
    with:
      python-version: ${{ matrix.py }}
"""
    write(
        tmp_path,
        {".github/workflows/reusable.yml": REUSABLE, ".github/workflows/pr.yml": caller},
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    found = [(d.file, d.line, d.raw, d.role) for d in result.declarations]
    assert found == [
        (".github/workflows/pr.yml", 6, "3.12", Role.MATRIX),
        (".github/workflows/pr.yml", 6, "3.13", Role.MATRIX),
    ]
    assert "for .github/workflows/reusable.yml:13" in result.declarations[0].context
    assert result.findings == ()


def test_reusable_workflow_without_callers_uses_the_default(tmp_path):
    write(tmp_path, {".github/workflows/reusable.yml": REUSABLE, ".python-version": "3.12\n"})
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    default = next(d for d in result.declarations if d.file.endswith("reusable.yml"))
    assert (default.line, default.raw, default.role) == (6, "3.11", Role.PIN)
    assert {f.rule for f in result.findings} == {"pin-mismatch"}


def test_input_without_default_or_caller_stays_unresolved(tmp_path):
    write(
        tmp_path,
        {".github/workflows/reusable.yml": REUSABLE.replace('        default: "3.11"\n', "")},
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    [finding] = result.findings
    assert finding.rule == "unresolved"
    assert "no caller in this repository sets it" in finding.message


def test_one_finding_for_two_stages_built_from_one_global_arg(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.11"\n',
            "Dockerfile": (
                "ARG PY=3.10\nFROM python:${PY}-slim AS build\nRUN python -m venv /venv\n"
                "FROM python:${PY}-slim\nCOPY --from=build /venv /venv\n"
            ),
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    assert [(f.rule, f.file, f.line) for f in result.findings] == [
        ("outside-range", "Dockerfile", 1)
    ]


def test_python_version_file_per_matrix_service(tmp_path):
    ci = """\
jobs:
  test:
    strategy:
      matrix:
        service: [billing, search]
    defaults:
      run:
        working-directory: services/${{ matrix.service }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version-file: services/${{ matrix.service }}/.python-version
      - run: pytest
"""
    write(
        tmp_path,
        {
            ".github/workflows/ci.yml": ci,
            "services/billing/.python-version": "3.12\n",
            "services/search/.python-version": "3.11\n",
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    links = [d for d in result.declarations if d.file.endswith("ci.yml")]
    assert sorted((d.line, d.raw, d.scope, d.role) for d in links) == [
        (5, "services/billing/.python-version (3.12)", "services/billing", Role.PIN),
        (5, "services/search/.python-version (3.11)", "services/search", Role.PIN),
    ]
    assert result.findings == ()


def _callers(*calls: str) -> str:
    jobs = "".join(
        f"  call{index}:\n    uses: ./.github/workflows/reusable.yml\n{call}"
        for index, call in enumerate(calls)
    )
    return f"on: pull_request\njobs:\n{jobs}"


def _declared(tmp_path: Path, caller: str) -> list[tuple[str, int, str, Role]]:
    write(
        tmp_path,
        {".github/workflows/reusable.yml": REUSABLE, ".github/workflows/pr.yml": caller},
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    return [(d.file, d.line, d.raw, d.role) for d in result.declarations]


def test_a_caller_that_leaves_the_input_out_adds_its_default(tmp_path):
    caller = _callers('    with:\n      python-version: "3.12"\n', "")
    assert _declared(tmp_path, caller) == [
        (".github/workflows/pr.yml", 6, "3.12", Role.MATRIX),
        (".github/workflows/reusable.yml", 6, "3.11", Role.MATRIX),
    ]


def test_a_caller_that_sets_other_inputs_only_adds_the_default(tmp_path):
    caller = _callers("    with:\n      coverage: true\n")
    assert _declared(tmp_path, caller) == [(".github/workflows/reusable.yml", 6, "3.11", Role.PIN)]


def test_callers_that_all_set_the_input_leave_the_default_out(tmp_path):
    caller = _callers(
        '    with:\n      python-version: "3.12"\n',
        '    with:\n      python-version: "3.13"\n',
    )
    assert _declared(tmp_path, caller) == [
        (".github/workflows/pr.yml", 6, "3.12", Role.MATRIX),
        (".github/workflows/pr.yml", 10, "3.13", Role.MATRIX),
    ]


def test_the_default_a_caller_falls_back_on_is_checked_against_the_range(tmp_path):
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n'})
    caller = _callers('    with:\n      python-version: "3.12"\n', "")
    _declared(tmp_path, caller)
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    outside = [f for f in result.findings if f.rule == "outside-range"]
    assert [(f.file, f.line) for f in outside] == [(".github/workflows/reusable.yml", 6)]


_TOX_IN_PYPROJECT = (
    '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.10"\n'
    '[tool.tox]\nenv_list = ["3.14", "3.13", "3.10"]\n'
    '[tool.tox.env.tests-min]\nbase_python = ["3.14"]\n'
    '[tool.poetry.dependencies]\npython = "^3.9"\n'
)


def _version_file_link(tmp_path: Path, pyproject: str):
    write(
        tmp_path,
        {
            "pyproject.toml": pyproject,
            ".github/workflows/ci.yml": workflow(
                "        with:\n          python-version-file: pyproject.toml\n"
            ),
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    return next(d for d in result.declarations if d.file.endswith("ci.yml"))


def test_pyproject_as_version_file_is_its_requires_python_not_a_tox_base_python(tmp_path):
    link = _version_file_link(tmp_path, _TOX_IN_PYPROJECT)
    assert (link.role, link.raw) == (Role.FLOATING, "pyproject.toml (>=3.10)")
    assert link.context.endswith("from pyproject.toml:4")


def test_pyproject_without_a_project_table_is_read_for_poetrys_python(tmp_path):
    pyproject = '[tool.poetry.dependencies]\npython = "^3.11"\n[tool.tox]\nenv_list = ["3.12"]\n'
    link = _version_file_link(tmp_path, pyproject)
    assert (link.role, link.raw) == (Role.FLOATING, "pyproject.toml (^3.11)")


def test_pyproject_with_a_project_table_and_no_requires_python_gives_setup_python_nothing(
    tmp_path,
):
    pyproject = (
        '[project]\nname = "x"\nversion = "1"\n[tool.poetry.dependencies]\npython = "^3.11"\n'
        '[tool.tox.env.lint]\nbase_python = ["3.12"]\n'
    )
    link = _version_file_link(tmp_path, pyproject)
    assert link.role is Role.UNRESOLVED
    assert link.note == (
        "python-version-file pyproject.toml has no requires-python, which setup-python reads"
    )


def test_pyproject_whose_requires_python_cannot_be_read_says_so(tmp_path):
    pyproject = '[project]\nname = "x"\nrequires-python = "python three"\n'
    link = _version_file_link(tmp_path, pyproject)
    assert link.role is Role.UNRESOLVED
    assert link.note.startswith(
        "python-version-file pyproject.toml has a requires-python that cannot be read: "
        "'python three'"
    )


def test_a_named_file_no_reader_takes_is_listed_once(tmp_path):
    # modelled on a `.python-version-default` that CI's setup-python and tox's
    # base_python_file both name: the file is where the version is written
    write(
        tmp_path,
        {
            ".python-version-default": "# the docs and tools Python\n3.13\n",
            ".github/workflows/ci.yml": workflow(
                "        with:\n          python-version-file: .python-version-default\n"
            ),
            "tox.ini": (
                "[tox]\nenv_list = py3{12,13}\n\n[testenv:lint]\n"
                "base_python_file = .python-version-default\ncommands = ruff check\n"
            ),
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    named = [d for d in result.declarations if d.file == ".python-version-default"]
    assert [(d.line, d.raw, d.role) for d in named] == [(2, "3.13", Role.PIN)]
    [tox] = [d for d in result.declarations if "base_python_file" in d.context]
    assert (tox.file, tox.line, tox.role, tox.raw) == (
        "tox.ini",
        5,
        Role.PIN,
        ".python-version-default (3.13)",
    )
    assert tox.origin == ".python-version-default"
    assert tox.purpose is Purpose.TOOLING
    assert not [f for f in result.findings if f.rule != "unresolved"]


def test_a_base_python_file_beside_a_nested_tox_ini_and_a_missing_one(tmp_path):
    write(
        tmp_path,
        {
            "api/.python-version-default": "3.12\n",
            "api/tox.ini": "[testenv:docs]\nbase_python_file = .python-version-default, .pv\n",
            "tox.ini": "[testenv:lint]\nbase_python_file = .nowhere\n",
        },
    )
    result = run(str(tmp_path), Config(today=TODAY, code=False))
    links = {d.file: d for d in result.declarations if "base_python_file" in d.context}
    assert links["api/tox.ini"].raw == "api/.python-version-default (3.12)"
    assert links["tox.ini"].role is Role.UNRESOLVED
    assert "is not a file of this repository" in links["tox.ini"].note
