"""Ways a workflow job sets up its Python besides actions/setup-python."""

import time

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

CI = ".github/workflows/ci.yml"


def test_deadsnakes_action_sets_up_the_python_it_is_given():
    workflow = """\
jobs:
  preview:
    strategy:
      matrix:
        python: ["3.15"]
        extra: ["0.1", "0.2"]
    steps:
      - uses: actions/checkout@v4
      - name: Set up Python ${{ matrix.python }} (deadsnakes)
        uses: deadsnakes/action@v3.2.0
        with:
          python-version: ${{ matrix.python }}-dev
      - run: python -m pytest
  debug:
    steps:
      - uses: deadsnakes/action@0123456789abcdef0123456789abcdef01234567
        with:
          python-version: '3.14'
          debug: true
      - run: python -m pytest
"""
    declarations = read(text_file(CI, workflow))
    assert [(d.raw, d.role, d.span.line) for d in declarations] == [
        ("3.15-dev", Role.PIN, 5),
        ("3.14", Role.PIN, 18),
    ]
    assert all(d.purpose is Purpose.RUNTIME for d in declarations)
    assert "deadsnakes" in declarations[0].context


def test_conda_install_of_a_python_declares_it_for_the_job():
    workflow = """\
jobs:
  windows:
    strategy:
      matrix:
        python-version: ['3.10', '3.14']
        channel: [defaults, conda-forge]
    steps:
      - uses: conda-incubator/setup-miniconda@v3
        with:
          condarc-file: .github/condarc-${{ matrix.channel }}
      - name: Conda Install
        run: >
          conda install
          --yes
          --file tests/requirements.txt
          python=${{ matrix.python-version }}
      - run: python -m pytest
  package:
    steps:
      - run: |
          conda install -y -c defaults conda-build anaconda-client
          conda create -y -n build-env \\
            "python=3.11" pip
          mamba env create -f environment.yml; echo python=3.9
      - run: conda-build recipe/
  micromamba:
    strategy:
      matrix:
        python: ['3.12', '3.13']
        kind: [pip, conda]
    steps:
      - uses: actions/setup-python@v5
        if: matrix.kind == 'pip'
        with:
          python-version: ${{ matrix.python }}
      - uses: mamba-org/setup-micromamba@v2
        if: matrix.kind == 'conda'
        with:
          environment-file: environment.yml
          create-args: >-
            python=${{ matrix.python }}
            -v
      - run: pytest
"""
    found = [d for d in read(text_file(CI, workflow)) if "conda python=" in d.context]
    assert [(d.raw, d.role, d.span.line, d.purpose) for d in found] == [
        ("3.10", Role.MATRIX, 5, Purpose.RUNTIME),
        ("3.14", Role.MATRIX, 5, Purpose.RUNTIME),
        ("3.11", Role.PIN, 23, Purpose.TOOLING),
        ("3.12", Role.MATRIX, 29, Purpose.RUNTIME),
        ("3.13", Role.MATRIX, 29, Purpose.RUNTIME),
    ]
    assert found[2].span.column == 21  # the version, where the script line is written


def test_a_matrix_value_of_several_conda_specs_gives_python_its_first():
    """uproot's shape: `3.14 python-freethreading` is `python=3.14` and conda-forge's
    free-threading marker package."""
    workflow = """\
jobs:
  t:
    strategy:
      matrix:
        python-version: ['3.10', '3.14', 3.14 python-freethreading]
    steps:
      - uses: mamba-org/setup-micromamba@v3
        with:
          create-args: >-
            --strict-channel-priority
            python=${{ matrix.python-version }}
      - run: conda install -y python=${{ matrix.python-version }} numpy
      - run: pytest
"""
    found = read(text_file(CI, workflow))
    assert [(d.raw, d.span.line) for d in found] == [
        ("3.10", 5),
        ("3.14", 5),
        ("3.14t", 5),
    ] * 2
    minors = [[str(m) for m in d.requirement.minors] for d in found if d.requirement]
    assert minors == [["3.10"], ["3.14"], ["3.14"]] * 2


def test_a_conda_line_without_a_python_or_with_a_range_declares_nothing():
    workflow = """\
jobs:
  t:
    steps:
      - run: |
          conda install -y numpy "python>=3.10"
          echo conda install python=3.9 is not how we do it; pip install python=3
      - run: pytest
"""
    assert read(text_file(CI, workflow)) == []


def test_long_run_scripts_are_read_in_linear_time():
    scripts = [" uv run x" * 20000, "conda install x;" * 20000, "conda install x\\\n" * 20000]
    for script in scripts:
        workflow = "jobs:\n  t:\n    steps:\n      - run: " + repr(script).replace("'", '"') + "\n"
        started = time.perf_counter()
        read(text_file(CI, workflow))
        assert time.perf_counter() - started < 2


REFUSAL = """\
jobs:
  build:
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m build && python -m pytest
      - name: {setup_name}
        uses: actions/setup-python@v5
        with:
          python-version: "3.9"
      - name: {check_name}
        run: {check_run}
      - run: echo done
"""


@pytest.mark.parametrize(
    ("setup_name", "check_name", "check_run"),
    [
        pytest.param(
            "Set up Python 3.9 for resolver rejection",
            "Check",
            "python scripts/check.py",
            id="setup-name",
        ),
        pytest.param(
            "Set up Python 3.9",
            "Prove Python 3.9 rejects the wheel",
            "python scripts/check.py --old",
            id="next-step-name",
        ),
        pytest.param("Old Python", "Install", "'! pip install dist/*.whl'", id="negated-install"),
        pytest.param(
            "Old Python",
            "Import",
            "|\n          python - <<'EOF'\n          import pytest\n"
            "          with pytest.raises(ImportError):\n              import pkg\n          EOF",
            id="asserted-error",
        ),
        pytest.param(
            "Old Python", "The unsupported install should fail", "./check.sh", id="should-fail"
        ),
    ],
)
def test_a_python_set_up_to_be_refused_is_tooling_and_promised_by_nothing(
    setup_name, check_name, check_run
):
    workflow = REFUSAL.format(setup_name=setup_name, check_name=check_name, check_run=check_run)
    found = {d.raw: d for d in read(text_file(CI, workflow))}
    assert found["3.12"].purpose is Purpose.RUNTIME
    assert not found["3.12"].may_fail
    refused = found["3.9"]
    assert refused.purpose is Purpose.TOOLING
    assert refused.may_fail
    assert "unsupported Python" in refused.context
    assert "allowed to fail" not in refused.context


def test_an_old_python_without_refusal_evidence_is_not_a_refusal():
    workflow = REFUSAL.format(
        setup_name="Set up the oldest Python", check_name="Test", check_run="python -m pytest"
    )
    found = {d.raw: d for d in read(text_file(CI, workflow))}
    assert found["3.9"].purpose is Purpose.RUNTIME
    assert not found["3.9"].may_fail
