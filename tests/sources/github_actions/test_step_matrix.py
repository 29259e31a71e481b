"""A job matrix made by another job from a literal (`fromJSON(needs.J.outputs.O)` where O is
a step output of a step whose input is the matrix written as YAML or JSON text)."""

from __future__ import annotations

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Role
from pyparity.parsers.yaml_nodes import Node, compose
from pyparity.sources.github_actions import step_matrix
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"

WHEELS = """\
env:
  skip_slow: ${{ github.event_name == 'pull_request' }}
jobs:
  make_matrix:
    runs-on: ubuntu-latest
    outputs:
      matrix_json: ${{ steps.make.outputs.matrix_json }}
    steps:
    - uses: actions/checkout@v4
    - id: make
      uses: ./.github/actions/yaml-to-json
      with:
        matrix_yaml: |
          include:
          - { platform: manylinux, arch: x86_64, spec: cp310 }
          - { platform: manylinux, arch: x86_64, spec: cp311, omit: ${{ env.skip_slow }} }
          # a comment
          - { platform: musllinux, arch: aarch64, spec: cp312 }
          - { platform: musllinux, arch: aarch64, spec: cp313t }
  wheels:
    needs: [make_matrix]
    strategy:
      matrix: ${{ fromJSON(needs.make_matrix.outputs.matrix_json) }}
    steps:
    - uses: pypa/cibuildwheel@v3
      env:
        CIBW_BUILD: ${{ matrix.spec }}-${{ contains(matrix.platform, 'musl') && 'musllinux' || 'manylinux' }}_${{ matrix.arch }}
"""


def wheels(workflow: str) -> list[tuple[str, str, int, int]]:
    return [
        (d.raw, d.requirement.version if d.requirement else "", d.span.line, d.span.column)
        for d in read(text_file(CI, workflow))
        if "cibuildwheel build" in d.context and d.role is Role.MATRIX
    ]


def unknown(workflow: str) -> bool:
    """Is the wheel set an unresolved declaration (its matrix not known)?"""
    return any(
        d.role is Role.UNRESOLVED and "cibuildwheel build" in d.context
        for d in read(text_file(CI, workflow))
    )


def test_a_literal_matrix_another_job_makes_is_the_cibuildwheel_wheel_set_where_written():
    assert wheels(WHEELS) == [
        ("cp310-manylinux_x86_64", "3.10", 15, 56),
        ("cp311-manylinux_x86_64", "3.11", 16, 56),
        ("cp312-musllinux_aarch64", "3.12", 18, 57),
    ]


def test_without_the_step_output_the_matrix_stays_unknown():
    workflow = WHEELS.replace("steps.make.outputs", "steps.other.outputs")
    assert wheels(workflow) == []
    assert unknown(workflow)


def test_a_json_input_on_one_line_is_read_column_by_column():
    workflow = """\
jobs:
  plan:
    outputs:
      m: ${{ steps.p.outputs.m }}
    steps:
      - id: p
        uses: some/matrix-action@v1
        with:
          matrix: '{"python": ["3.11", "3.12"]}'
  test:
    needs: plan
    strategy:
      matrix: ${{ fromJson(needs.plan.outputs.m) }}
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: pytest
"""
    found = [(d.raw, d.span.line, d.span.column, d.role) for d in read(text_file(CI, workflow))]
    assert found == [("3.11", 9, 33, Role.MATRIX), ("3.12", 9, 41, Role.MATRIX)]


def test_crlf_and_a_byte_order_mark_keep_the_positions():
    workflow = "\ufeff" + WHEELS.replace("\n", "\r\n")
    assert [line for _, _, line, _ in wheels(workflow)] == [15, 16, 18]


def test_a_folded_input_is_read_as_folded():
    workflow = WHEELS.replace("matrix_yaml: |", "matrix_yaml: >")  # one line: not YAML
    assert wheels(workflow) == []
    assert unknown(workflow)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "matrix_yaml: |", "other: '{include: [{spec: cp39}]}'\n        matrix_yaml: |", id="two"
        ),
        pytest.param("include:", "include: [", id="broken"),
        pytest.param("include:", "include: 3\n          x:", id="not-a-matrix"),
    ],
)
def test_no_single_literal_matrix_leaves_the_matrix_unknown(old, new):
    workflow = WHEELS.replace(old, new, 1)
    assert wheels(workflow) == []
    assert unknown(workflow)


def test_an_alias_bomb_in_the_input_is_not_expanded():
    bomb = "\n".join(
        [
            "          a: &a [x, x, x, x, x, x, x, x, x, x]",
            *(
                f"          {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}"
                + f", *{chr(97 + i)}" * 9
                + "]"
                for i in range(8)
            ),
        ]
    )
    workflow = WHEELS.replace("          include:\n", bomb + "\n          include:\n", 1)
    assert wheels(workflow) == []
    assert unknown(workflow)


def test_a_huge_input_is_not_read():
    filler = "          # " + "x" * 70 + "\n"
    workflow = WHEELS.replace("          include:\n", filler * 1000 + "          include:\n", 1)
    assert wheels(workflow) == []
    assert unknown(workflow)


def _consumers(entries: int, jobs: int) -> str:
    rows = "".join(f'          - python: "3.{i % 14}"\n' for i in range(entries))
    producer = (
        "jobs:\n  p:\n    runs-on: ubuntu-latest\n"
        "    outputs:\n      m: ${{ steps.s.outputs.matrix }}\n"
        "    steps:\n    - id: s\n      uses: ./.github/actions/make-matrix\n"
        f"      with:\n        matrix: |\n          include:\n{rows}"
    )
    consumer = (
        "  c{i}:\n    needs: p\n    runs-on: ubuntu-latest\n    strategy:\n"
        "      matrix: ${{{{ fromJSON(needs.p.outputs.m) }}}}\n    steps:\n"
        "    - uses: actions/setup-python@v5\n      with:\n"
        "        python-version: ${{{{ matrix.python }}}}\n"
    )
    return producer + "".join(consumer.format(i=i) for i in range(jobs))


def test_a_step_input_matrix_is_parsed_once_for_every_job_that_takes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []

    def counting(text: str) -> Node | None:
        parsed.append(text)
        return compose(text)

    monkeypatch.setattr(step_matrix, "compose", counting)
    found = read(text_file(CI, _consumers(2, 3)))
    assert len(parsed) == 1
    assert sorted(d.raw for d in found if d.role is Role.MATRIX) == ["3.0"] * 3 + ["3.1"] * 3


def test_jobs_taking_more_matrix_text_than_the_cap_in_all_are_a_parse_error() -> None:
    # each job expands its own copy of a 16 KB text: 3 jobs are past the 32 KB cap, 2 are not
    with pytest.raises(UnreadableFile, match="more than 32,768 characters in all from step"):
        read(text_file(CI, _consumers(1000, 3)))
    assert len(read(text_file(CI, _consumers(1000, 2)))) > 2 * 1000


ANSIBLE_MATRIX = """\
jobs:
  pre:
    runs-on: ubuntu-24.04
    outputs:
      matrix: ${{ steps.generate_matrix.outputs.matrix }}
    steps:
      - name: Determine matrix
        id: generate_matrix
        uses: ansible/actions/matrix@main
        with:
          min_python: "3.10"
          max_python: '3.13'
          default_python: "3.11" # used by jobs in other_names
          other_names: |
            lint
            docs
  tox:
    needs: pre
    strategy:
      fail-fast: false
      matrix: ${{ fromJson(needs.pre.outputs.matrix) }}
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: ${{ matrix.python_version }}
      - run: python3 -m pip install --upgrade "tox>=4.0.2"
      - run: ${{ matrix.command }}
"""


def test_ansible_matrix_action_tests_every_minor_from_min_to_max():
    found = [d for d in read(text_file(CI, ANSIBLE_MATRIX)) if d.file == CI]
    assert [(d.raw, d.role, d.span.line) for d in found] == [
        ("3.10", Role.MATRIX, 11),
        ("3.11", Role.MATRIX, 11),
        ("3.12", Role.MATRIX, 11),
        ("3.13", Role.MATRIX, 12),
    ]


def test_ansible_matrix_action_without_a_range_stays_unknown():
    text = ANSIBLE_MATRIX.replace('          min_python: "3.10"\n', "")
    [found] = read(text_file(CI, text))
    assert found.role is Role.UNRESOLVED
