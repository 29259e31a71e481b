"""The YAML readers' attacks `bench/hostile.py` scales up, each at a size that used to take
seconds to minutes, or would have if the loader expanded aliases: an alias bomb through
merge keys, a merge key fanned out, GitLab `extends` chains with `!reference`, a matrix of
many axes or many excludes, a deeply nested `${{ }}` expression, and dev containers that
build one Dockerfile with args of their own. Each ends quickly; the other files are read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from adversarial.hostile import REALISTIC, attack_alone_fails, declared_files, parse_errors, scan

MakeRepo = Callable[[Mapping[str, str | bytes]], Path]
TIMEOUT = 10
WORKFLOW = ".github/workflows/ci.yml"


def alias_bomb(levels: int) -> str:
    """Each level merges the one before (`<<:`) and lists it four times: 4**levels nodes."""
    lines = ["l0: &l0 {image: 'python:3.12', b: [1, 2, 3, 4]}"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*l{i - 1}"] * 4)
        lines.append(f"l{i}: &l{i} {{<<: *l{i - 1}, k{i}: [{refs}]}}")
    return "\n".join(lines) + "\n"


def merge_fanout(jobs: int) -> str:
    keys = ", ".join(f"k{i}: v" for i in range(500))
    head = f".base: &base {{image: 'python:3.12', {keys}}}\n"
    return head + "".join(f"j{i}: {{<<: *base, script: [pytest]}}\n" for i in range(jobs))


def extends_references(levels: int, jobs: int) -> str:
    parts = [".t0:\n  image: python:3.12\n  script: [pytest]\n"]
    for i in range(1, levels):
        parts.append(
            f".t{i}:\n  extends: .t{i - 1}\n  script:\n"
            f"    - !reference [.t{i - 1}, script]\n    - !reference [.t{i - 1}, script]\n"
        )
    parts += [f"j{i}:\n  extends: .t{levels - 1}\n" for i in range(jobs)]
    return "".join(parts)


def template_script(kilobytes: int, jobs: int) -> str:
    script = "      echo run the tests with pytest and more\n" * (kilobytes * 1024 // 44)
    head = ".t:\n  image: python:3.12\n  script:\n    - |\n" + script
    return head + "".join(f"j{i}:\n  extends: .t\n" for i in range(jobs))


def workflow(matrix: str, python: str = "${{ matrix.python-version }}") -> str:
    return (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        + matrix
        + "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        + f"          python-version: {python}\n      - run: pytest\n"
    )


MANY_AXES = workflow(
    "".join(f"        a{i}: [x, y, z]\n" for i in range(20_000))
    + '        python-version: ["3.11", "3.12"]\n'
)
MANY_EXCLUDES = workflow(
    "        python-version: [" + ", ".join(f'"3.{i}"' for i in range(64)) + "]\n"
    "        os: [" + ", ".join(f"os{i}" for i in range(64)) + "]\n"
    "        exclude:\n" + "".join(f"          - os: none{i}\n" for i in range(20_000))
)
NESTED_EXPRESSION = (
    "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/setup-python@v5\n        with:\n"
    "          python-version: ${{ " + "(" * 100_000 + "'3.12'" + ")" * 100_000 + " }}\n"
)
NESTED_CALLS = NESTED_EXPRESSION.replace("(" * 100_000, "fromJSON(format('{0}', " * 30_000).replace(
    ")" * 100_000, "))" * 30_000
)

# (file, content, what reading it must give: "parse-error" or "read")
ATTACKS = [
    pytest.param(WORKFLOW, alias_bomb(12), "parse-error", id="workflow-alias-merge-bomb"),
    pytest.param(".gitlab-ci.yml", alias_bomb(12), "parse-error", id="gitlab-alias-merge-bomb"),
    pytest.param("docker-compose.yml", alias_bomb(12), "parse-error", id="compose-alias-bomb"),
    pytest.param(".gitlab-ci.yml", merge_fanout(2_000), "parse-error", id="gitlab-merge-fanout"),
    pytest.param(
        ".gitlab-ci.yml", extends_references(40, 5_000), "read", id="gitlab-extends-references"
    ),
    pytest.param(
        ".gitlab-ci.yml", template_script(50, 2_000), "read", id="gitlab-template-script-50kb"
    ),
    pytest.param(WORKFLOW, MANY_AXES, "read", id="workflow-matrix-20k-axes"),
    pytest.param(WORKFLOW, MANY_EXCLUDES, "read", id="workflow-matrix-20k-excludes"),
    pytest.param(WORKFLOW, NESTED_EXPRESSION, "read", id="workflow-expression-nested-100k"),
    pytest.param(WORKFLOW, NESTED_CALLS, "read", id="workflow-expression-nested-calls-30k"),
]


@pytest.mark.timeout(TIMEOUT)
@pytest.mark.parametrize(("name", "content", "outcome"), ATTACKS)
def test_yaml_attack_ends_quickly_and_the_rest_is_checked(
    repo: MakeRepo, name: str, content: str, outcome: str
) -> None:
    others = {path: text for path, text in REALISTIC.items() if path != name}
    errors = attack_alone_fails(repo({**others, name: content}), name, outcome)
    if outcome == "parse-error":
        assert "alias" in errors[name]


@pytest.mark.timeout(TIMEOUT)
def test_a_long_template_script_is_classified_once_per_budget(repo: MakeRepo) -> None:
    # 2,000 jobs extend one template with a 50 KB script that runs the tests: every job is
    # read as running them (the budget cuts later jobs to the script's first lines, which
    # say so here) and their shared image is one declaration.
    result = scan(repo({".gitlab-ci.yml": template_script(50, 2_000)}))

    found = [d for d in result.declarations if d.file == ".gitlab-ci.yml"]
    assert [d.raw for d in found] == ["python:3.12"]
    assert found[0].purpose.value == "runtime"


@pytest.mark.timeout(TIMEOUT)
def test_a_matrix_with_too_many_exclude_checks_is_not_known(repo: MakeRepo) -> None:
    small = workflow(
        '        python-version: ["3.11", "3.12"]\n        exclude:\n'
        '          - python-version: "3.11"\n'
    )
    read_small = scan(repo({WORKFLOW: small}))
    assert [d.raw for d in read_small.declarations if d.file == WORKFLOW] == ["3.12"]

    read_large = scan(repo({WORKFLOW: MANY_EXCLUDES}))
    assert "3.12" not in [d.raw for d in read_large.declarations if d.role.value == "matrix"]


@pytest.mark.timeout(TIMEOUT)
def test_dev_containers_building_one_dockerfile_with_their_own_args(repo: MakeRepo) -> None:
    dockerfile = "ARG V=3.12\nFROM python:${V}\n" + "RUN echo build step\n" * 1_500
    files: dict[str, str | bytes] = {"Dockerfile": dockerfile}
    for index in range(300):
        minor = 10 + index % 4
        files[f".devcontainer/d{index}/devcontainer.json"] = (
            f'{{"build": {{"dockerfile": "../../Dockerfile", "args": {{"V": "3.{minor}"}}}}}}\n'
        )
    result = scan(repo(files))

    assert parse_errors(result) == {}
    assert "Dockerfile" in declared_files(result)


@pytest.mark.timeout(TIMEOUT)
def test_or_operands_of_an_expression_of_many_tokens_is_linear() -> None:
    # Each token was added to the operand's string in place: quadratic in the tokens.
    from pyparity.sources.github_actions.values import _or_operands

    assert _or_operands("a|" * 600_000) is None
    assert _or_operands(" || ".join(["matrix.a"] * 50_000)) is not None
