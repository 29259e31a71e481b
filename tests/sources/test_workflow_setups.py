"""Ways a workflow job sets up its Python besides actions/setup-python."""

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
