"""outside-range: the entries of one line outside the same range are one finding."""

from __future__ import annotations

from helpers import scan_tree


def _findings(tmp_path, tox: str, workflow: str = ""):
    tree = {
        "setup.py": (
            "from setuptools import setup\n\nsetup(\n    name='stonelike',\n"
            "    python_requires='>=3.11',\n)\n"
        ),
        "tox.ini": tox,
    }
    if workflow:
        tree[".github/workflows/ci.yml"] = workflow
    result = scan_tree(tmp_path, tree)
    return [f for f in result.findings if f.rule == "outside-range"]


def test_a_stale_env_list_is_one_finding(tmp_path):
    # modelled on a code generator's tox.ini left behind when its floor rose to 3.11
    tox = (
        "[tox]\n\nenvlist = py35,py36,py37,py38,py311,test_lint\r\n\n[testenv]\ncommands = pytest\n"
    )
    [finding] = _findings(tmp_path, tox)
    assert (finding.file, finding.line) == ("tox.ini", 3)
    assert finding.message == (
        "tox.ini:3 tests py35 (3.5), py36 (3.6), py37 (3.7) and py38 (3.8), "
        "outside python_requires >=3.11 (setup.py:5)"
    )


def test_entries_on_other_lines_and_files_stay_apart(tmp_path):
    tox = "[tox]\nenvlist =\n    py39\n    py310\n[testenv]\ncommands = pytest\n"
    workflow = (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        python-version: ['3.9', '3.10', '3.11']\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    found = sorted(
        (f.file, f.line, f.message.count(" and ")) for f in _findings(tmp_path, tox, workflow)
    )
    assert found == [(".github/workflows/ci.yml", 7, 1), ("tox.ini", 3, 0), ("tox.ini", 4, 0)]


def test_a_ci_tool_on_python_2_checks_code_kept_for_it(tmp_path):
    """DIRAC lints its pilot modules, which must still run on 2.7, with pylint on 2.7; a tox
    env on 2.7, which may never run, is still stale."""
    workflow = (
        "on: push\njobs:\n  pylint-py27:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: conda create -n py27 python=2.7 pylint=1.9.2\n"
        '      - run: |\n          eval "$(conda shell.bash hook)" && conda activate py27\n'
        "          pylint -E \\\n            src/pilot/wrapper.py\n"
    )
    tree = {
        "setup.py": "from setuptools import setup\nsetup(name='g', python_requires='>=3.11')\n",
        ".github/workflows/lint.yml": workflow,
        "tox.ini": "[tox]\nenvlist = py311\n\n[testenv:lint]\nbasepython = python2.7\n",
    }
    result = scan_tree(tmp_path, tree)
    found = [(f.file, f.severity.value) for f in result.findings if f.rule == "outside-range"]
    assert found == [("tox.ini", "warning")]
