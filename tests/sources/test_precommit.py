"""The pre-commit reader: default_language_version.python."""

import pytest
from helpers import scope_of, supported, text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.rules import floating_version, outside_range
from pyparity.scope import assign
from pyparity.sources.precommit import CONTEXT, matches, read

PATH = ".pre-commit-config.yaml"
HOOKS = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.8.0
    hooks:
      - id: ruff
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(".pre-commit-config.yaml", True, id="root"),
        pytest.param("sub/project/.pre-commit-config.yaml", True, id="nested"),
        pytest.param(".pre-commit-config.yml", True, id="yml"),
        pytest.param(".pre-commit-hooks.yaml", True, id="hooks-manifest"),
        pytest.param("pre-commit-hooks.yaml", False, id="hooks-no-dot"),
        pytest.param("pre-commit-config.yaml", False, id="no-dot"),
    ],
)
def test_matches(path, expected):
    assert matches(path) is expected


def summary(declaration):
    span = declaration.span
    version = declaration.requirement.version if declaration.requirement else None
    return (
        declaration.raw,
        declaration.role,
        version,
        declaration.implementation,
        (span.line, span.column, span.end_column),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            "python3.11",
            [("python3.11", Role.PIN, "3.11", "cpython", (2, 17, 21))],
            id="python3.11",
        ),
        pytest.param(
            '"python3.12"', [("python3.12", Role.PIN, "3.12", "cpython", (2, 18, 22))], id="quoted"
        ),
        pytest.param(
            "python3  # any",
            [("python3", Role.FLOATING, None, "cpython", (2, 11, 18))],
            id="python3-floats",
        ),
        pytest.param(
            "python", [("python", Role.FLOATING, None, "cpython", (2, 11, 17))], id="python-floats"
        ),
        pytest.param("pypy3.10", [("pypy3.10", Role.PIN, "3.10", "pypy", (2, 15, 19))], id="pypy"),
        pytest.param(
            "/usr/bin/python3.9",
            [("/usr/bin/python3.9", Role.PIN, "3.9", "cpython", (2, 26, 29))],
            id="path",
        ),
        pytest.param('"3.14"', [("3.14", Role.PIN, "3.14", "cpython", (2, 12, 16))], id="bare"),
        pytest.param("py", [], id="py-launcher"),
        pytest.param("system", [], id="system"),
        pytest.param("[python3.11]", [], id="not-a-scalar"),
    ],
)
def test_default_language_version(value, expected):
    text = f"default_language_version:\n  python: {value}\n{HOOKS}"
    found = read(text_file(PATH, text))
    assert [summary(d) for d in found] == expected
    for declaration in found:
        assert (declaration.purpose, declaration.context) == (Purpose.TOOLING, CONTEXT)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param(HOOKS, id="no-default"),
        pytest.param("default_language_version:\n  node: 20.0.0\n", id="other-language"),
        pytest.param("# comment only\r\n", id="crlf-comment"),
    ],
)
def test_nothing_declared(text):
    assert read(text_file(PATH, text)) == []


def test_crlf_bom_and_tab_comment():
    text = "\ufeffdefault_language_version:\r\n  python: python3.13\t# pinned\r\n"
    [declaration] = read(text_file(PATH, text))
    assert summary(declaration)[4] == (2, 17, 21)


@pytest.mark.parametrize(
    "text",
    [pytest.param("repos: [\n", id="unclosed"), pytest.param("- a\n", id="list-root")],
)
def test_unreadable(text):
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, text))


# pre-commit's first form (before `repos:`), which it still loads: a list of repos with
# `sha:` for `rev:` (modelled on a config left from 2018).
LEGACY = """\
-   repo: git://github.com/pre-commit/pre-commit-hooks
    sha: v0.9.1
    hooks:
    -   id: trailing-whitespace
-   repo: https://github.com/ambv/black
    rev: stable
    hooks:
    - id: black
      language_version: python3.7
"""


def test_the_first_form_a_list_of_repos_is_read():
    [declaration] = read(text_file(PATH, LEGACY))
    assert summary(declaration) == ("python3.7", Role.PIN, "3.7", "cpython", (9, 31, 34))


HOOK_CONFIG = """\
repos:
  - repo: https://github.com/asottile/pyupgrade
    rev: v3.19.0
    hooks:
      - id: pyupgrade
        args: ["--py39-plus", --keep-runtime-typing]
  - repo: https://github.com/psf/black
    rev: 24.10.0
    hooks:
      - id: black
        language_version: python3.12
        args: [--safe, --target-version=py39, -t, py310]
  - repo: https://github.com/pre-commit/mirrors-mypy
    rev: v1.13.0
    hooks:
      - id: mypy
        args: ["--python-version", "3.11", --strict]
  - repo: https://github.com/asottile/reorder-python-imports
    rev: v3.14.0
    hooks:
      - id: reorder-python-imports
        args: [--py39-plus]
  - repo: local
    hooks:
      - id: check-docs
        entry: python tools/check_docs.py
        language: python
        language_version: "3.11"
      - id: prettier
        entry: prettier
        language: node
        language_version: "18.16.0"
      - id: eslint
        language_version: "3.1"
"""


def _raw_at(content, declaration):
    line = content.split("\n")[declaration.span.line - 1]
    return line[declaration.span.column - 1 : declaration.span.end_column - 1]


def test_hook_language_versions_and_args_targets():
    # modelled on configs that pin one hook's Python and hand pyupgrade, black and mypy the
    # target version in `args`; a node hook's `language_version` is not a Python
    found = read(text_file(PATH, HOOK_CONFIG))
    assert [(d.raw, d.line, d.role, d.context) for d in found] == [
        ("--py39-plus", 6, Role.TARGET, "pyupgrade target"),
        ("python3.12", 11, Role.PIN, "pre-commit hook black language_version"),
        ("py39", 12, Role.TARGET, "black target-version"),
        ("py310", 12, Role.TARGET, "black target-version"),
        ("3.11", 17, Role.TARGET, "mypy python_version"),
        ("--py39-plus", 22, Role.TARGET, "reorder-python-imports target"),
        ("3.11", 28, Role.PIN, "pre-commit hook check-docs language_version"),
    ]
    assert [str(d.requirement.minors[0]) for d in found] == [
        "3.9",
        "3.12",
        "3.9",
        "3.10",
        "3.11",
        "3.9",
        "3.11",
    ]
    for declaration in found:  # the version under the span: `python3.12` spans `3.12`
        assert declaration.raw.endswith(_raw_at(HOOK_CONFIG, declaration))
    assert [_raw_at(HOOK_CONFIG, d) for d in found if d.role is Role.TARGET][:2] == [
        "--py39-plus",
        "py39",
    ]
    assert found[2].group == found[3].group != ""
    assert {d.purpose for d in found if d.role is Role.PIN} == {Purpose.TOOLING}


def test_the_last_plus_option_wins_and_others_are_not_targets():
    content = (
        "repos:\n- repo: x\n  hooks:\n  - id: pyupgrade\n    args: [--py37-plus, --py311-plus]\n"
        "  - id: flake8\n    args: [--target-version=py38, --py38-plus]\n"
    )
    assert [(d.raw, d.line) for d in read(text_file(PATH, content))] == [("--py311-plus", 5)]


def test_a_hooks_manifest_declares_its_hooks_python():
    content = (
        "- id: check\n  name: check\n  entry: tool check\n  language: python\n"
        "  language_version: python3.11\n- id: fmt\n  entry: fmt\n  language: python\n"
        "  language_version: python3\n"
    )
    declaration, floating = read(text_file(".pre-commit-hooks.yaml", content))
    assert (declaration.raw, declaration.role, declaration.purpose) == (
        "python3.11",
        Role.PIN,
        Purpose.TOOLING,
    )
    assert (floating.raw, floating.role) == ("python3", Role.FLOATING)
    with pytest.raises(UnreadableFile):
        read(text_file(".pre-commit-hooks.yaml", "id: x\n"))


def test_a_nbqa_hook_names_its_tool_and_itself():
    content = (
        "repos:\n- repo: x\n  hooks:\n  - id: nbqa-black\n    args: [--target-version=py312]\n"
    )
    [declaration] = read(text_file(PATH, content))
    assert declaration.context == "black target-version (hook nbqa-black)"


def test_a_hooks_own_python3_is_listed_floating_for_tooling():
    # modelled on configs that give black or ruff `language_version: python3`: whichever
    # python3 the machine has (listed, so the census sees it; idiomatic for a tool)
    content = (
        "repos:\r\n- repo: https://github.com/psf/black\r\n  hooks:\r\n  - id: black\r\n"
        "    language_version: python3 # any python3\r\n  - id: ruff-check\r\n"
        "    language_version: 'python3'\r\n"
    )
    found = read(text_file(PATH, content))
    assert [(d.raw, d.line, d.role, d.purpose) for d in found] == [
        ("python3", 5, Role.FLOATING, Purpose.TOOLING),
        ("python3", 7, Role.FLOATING, Purpose.TOOLING),
    ]
    # not bound by the project's range: a scope of the file's hooks (python3 means 3.15 today)
    capped = supported("pyproject.toml", ">=3.10,<3.15")
    assigned = assign([capped, *found], {"."})
    assert {d.scope for d in assigned[1:]} == {".pre-commit-config.yaml hooks"}
    for name in {d.scope for d in assigned}:
        members = tuple(d for d in assigned if d.scope == name)
        assert list(outside_range.check(scope_of(*members, scope=name))) == []
        assert list(floating_version.check(scope_of(*members, scope=name))) == []


def test_a_floating_default_is_the_hooks_not_the_projects():
    # modelled on applications capping requires-python below the newest release while their
    # hooks run on `default_language_version: python3`: whichever python3 a contributor has,
    # not "3.15 today"; a pinned default is still compared with the range
    content = (
        "default_language_version:\r\n  python: python3\r\nrepos:\r\n"
        "- repo: https://github.com/asottile/pyupgrade\r\n  hooks:\r\n  - id: pyupgrade\r\n"
    )
    [default] = read(text_file(PATH, content))
    assert (default.raw, default.line, default.role, default.context) == (
        "python3",
        2,
        Role.FLOATING,
        CONTEXT,
    )
    capped = supported("pyproject.toml", ">=3.10,<3.15")
    assigned = assign([capped, default], {"."})
    assert assigned[1].scope == ".pre-commit-config.yaml hooks"
    for name in {d.scope for d in assigned}:
        members = tuple(d for d in assigned if d.scope == name)
        assert list(outside_range.check(scope_of(*members, scope=name))) == []
        assert list(floating_version.check(scope_of(*members, scope=name))) == []
    [pinned] = read(text_file(PATH, content.replace("python3\r", "python3.15\r")))
    assigned = assign([capped, pinned], {"."})
    assert assigned[1].scope == "."
    [finding] = outside_range.check(scope_of(*assigned, scope="."))
    assert "pins python3.15 (3.15)" in finding.message


def test_a_published_hooks_python3_is_listed():
    content = "- id: run\n  entry: tool run\n  language: python\n  language_version: python3\n"
    [declaration] = read(text_file(".pre-commit-hooks.yaml", content))
    assert (declaration.raw, declaration.line, declaration.role) == ("python3", 4, Role.FLOATING)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            "uv run --no-sync ty check --python-version 3.14 tests/typing",
            [("3.14", "ty python-version", 55)],
            id="ty-two-words",
        ),
        pytest.param(
            "mypy --python-version=3.11 src", [("3.11", "mypy python_version", 34)], id="mypy-eq"
        ),
        pytest.param(
            "'ty check --python-version \"3.12\"'",
            [("3.12", "ty python-version", 40)],
            id="quoted-value",
        ),
        pytest.param("ty check --python-version", [], id="no-value"),
        pytest.param("ty check --python-version 3.x", [], id="not-a-version"),
        pytest.param("ruff --python-version 3.12", [], id="other-tool"),
        pytest.param("--python-version 3.12 ty", [], id="before-the-tool"),
    ],
)
def test_a_local_hooks_entry_gives_ty_or_mypy_a_target(entry, expected):
    content = (
        "repos:\n- repo: local\n  hooks:\n  - id: typing\n    name: typing\n"
        f"    entry: {entry}\n    language: system\n"
    )
    found = read(text_file(PATH, content))
    assert [(d.raw, d.context, d.span.column) for d in found] == [
        (raw, f"{context} (hook typing)", column) for raw, context, column in expected
    ]
    assert all(d.role is Role.TARGET for d in found)


# Modelled on a grid framework that keeps a few modules runnable on Python 2.7 (they are
# shipped to worker nodes) and formats them with black's py27 target; pyupgrade skips them.
PY27_MODULES = """\
repos:
  - repo: https://github.com/psf/black
    rev: 21.9b0
    hooks:
      - id: black
        name: black for files with Python 2.7 compatibility
        args: ["--target-version=py27"]
        files: |
          (?x)^(
              src/grid/Batch/[^/]+.py|
              src/grid/Utilities/PilotWrapper.py
          )$
  - repo: https://github.com/asottile/pyupgrade
    rev: v3.3.1
    hooks:
    -   id: pyupgrade
        args: ["--py39-plus"]
        files: ^(src|tests)/
        exclude: |
          (?x)^(
              src/grid/Batch/[^/]+.py|
              src/grid/Utilities/PilotWrapper.py
          )$
"""


def test_a_hook_for_modules_named_one_by_one_keeps_their_target():
    from helpers import scope_of, supported

    from pyparity.rules import target_mismatch

    found = read(text_file(PATH, PY27_MODULES.replace("\n", "\r\n")))
    assert [(d.raw, d.line) for d in found] == [("py27", 7), ("--py39-plus", 17)]
    scope = scope_of(supported("setup.cfg", ">=3.11", line=22), *found)
    messages = [f.message for f in target_mismatch.check(scope)]
    # the py27 target is those modules' own; a folder filter (`^(src|tests)/`) is the package
    assert messages == [
        "pyupgrade target --py39-plus (.pre-commit-config.yaml:17) targets 3.9 but the floor "
        "of requires-python >=3.11 (setup.cfg:22) is 3.11"
    ]
