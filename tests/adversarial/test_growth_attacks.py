"""The attacks `bench/hostile.py` scales up, each at the small size that was enough: a few
hundred bytes to a megabyte that took minutes or gigabytes. Each now ends quickly, the file
is a parse-error or is read as it should be, and every other file is still checked. The
timeout is generous (a loaded 2-core machine); each case takes well under a second."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from adversarial.hostile import REALISTIC, attack_alone_fails, declared_files, scan

from pyparity import config
from pyparity.errors import ConfigError
from pyparity.gitindex import tracked_files

MakeRepo = Callable[[Mapping[str, str | bytes]], Path]
TIMEOUT = 10


def names_fanout(first: str, template: str, levels: int, use: str) -> str:
    """`N0 = first`; each `N{i}` is made of four copies of `N{i-1}`."""
    lines = [f"N0 = {first}"]
    lines += [template.format(i=i, p=i - 1) for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n" + use.format(n=levels)


# One job of a 4,096-run matrix (two axes of 64, a few hundred bytes) and 12,000 steps that
# each install a system Python: read step by step over every run, 49 million steps (and each
# run's commands classified apart: 4,096 copies of 500 KB of script).
MATRIX_OF_MANY_STEPS = (
    "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    container: debian:13\n"
    "    strategy:\n      matrix:\n"
    "        p: [" + ", ".join(f"'3.{i}'" for i in range(64)) + "]\n"
    "        q: [" + ", ".join(str(i) for i in range(64)) + "]\n"
    "    steps:\n"
    + "      - run: apt-get install -y python${{ matrix.p }}-dev python3.12\n"
    * 12_000
)
CLASSIFIERS = "['Programming Language :: Python :: 3.11']"
SETUP = "from setuptools import setup\nsetup(python_requires='>=3.11', classifiers=N{n})\n"
NOX = "import nox\n@nox.session(python=N{n})\ndef tests(session):\n    session.run('pytest')\n"
NESTED = "N{i} = [N{p}, N{p}, N{p}, N{p}]"
ADDED = "N{i} = N{p} + N{p} + N{p} + N{p}"


def chained_stages(count: int) -> str:
    lines = ["FROM python:3.12 AS s0"]
    for i in range(1, count):
        lines += [
            f"FROM s{i - 1} AS s{i}",
            f"RUN pip install --target /t{i} x",
            f"COPY --from=s{i - 1} /t{i - 1} /c{i}",
        ]
    return "\n".join(lines) + "\n"


def tox_toml_envs(count: int) -> str:
    tables = (f'[env.e{i}]\nbase_python = "python3.12"\n' for i in range(count))
    return 'env_list = ["py311"]\n' + "".join(tables)


# (file, content, what reading it must give: "parse-error" or "read")
ATTACKS = [
    pytest.param(
        "Dockerfile",
        "FROM python:3.12-slim\nWORKDIR /app\nRUN python -m venv" + " --aa" * 30 + "\n",
        "read",
        id="dockerfile-venv-options-exponential",
    ),
    pytest.param(
        "Dockerfile",
        "FROM python:3.12-slim\nWORKDIR /app\nRUN virtualenv" + " -virtualenv" * 20_000 + " '\n",
        "read",
        id="dockerfile-venv-inside-options-quadratic",
    ),
    pytest.param(
        "Dockerfile",
        "FROM python:3.12-slim\nWORKDIR /app\nRUN " + "pip install " * 20_000 + "\n",
        "read",
        id="dockerfile-run-pip-install-repeated",
    ),
    pytest.param("Dockerfile", "FROM a\n" * 40_000, "parse-error", id="dockerfile-40k-from"),
    pytest.param(
        ".github/workflows/ci.yml",
        MATRIX_OF_MANY_STEPS,
        "parse-error",  # (12,000 declarations: past the 1,000 no real file has)
        id="workflow-many-steps-times-a-large-matrix",
    ),
    pytest.param(
        "Dockerfile", chained_stages(22_000), "parse-error", id="dockerfile-22k-chained-stages"
    ),
    pytest.param(
        "setup.py",
        names_fanout(CLASSIFIERS, NESTED, 29, SETUP),
        "read",
        id="setup-py-names-four-copies-nested",
    ),
    pytest.param(
        "setup.py",
        names_fanout(CLASSIFIERS, ADDED, 29, SETUP),
        "parse-error",
        id="setup-py-names-four-copies-added",
    ),
    pytest.param(
        "setup.py",
        names_fanout(
            "'>=3.11'", ADDED, 29, "from setuptools import setup\nsetup(python_requires=N{n})\n"
        ),
        "parse-error",
        id="setup-py-string-four-copies",
    ),
    pytest.param(
        "noxfile.py",
        names_fanout("['3.11', '3.12']", NESTED, 12, NOX),
        "read",
        id="noxfile-names-four-copies-nested",
    ),
    pytest.param(
        "noxfile.py",
        names_fanout("['3.11', '3.12']", ADDED, 12, NOX),
        "parse-error",
        id="noxfile-names-four-copies-added",
    ),
    pytest.param(
        "tox.ini",
        "[tox]\nenvlist = " + "{a,b}" * 12 + "x" * 1_000 + "\n",
        "parse-error",
        id="tox-envlist-product-times-length",
    ),
    pytest.param(
        "tox.ini",
        "[tox]\nenvlist = py311, " + "{" * 30_000 + "\n",
        "read",
        id="tox-unclosed-braces",
    ),
    pytest.param(
        "tox.ini",
        "[tox]\nenvlist = py311, " + "{" * 100_000 + "}" * 100_000 + "\n",
        "read",
        id="tox-balanced-braces-recursion",
    ),
    pytest.param(
        "tox.ini",
        "[tox]\nenvlist = py311\n[testenv]\nbasepython = {[s0]basepython}\n"
        + "".join(
            f"[s{level}]\nbasepython =\n"
            + "".join(f"    f{j}: {{[s{level + 1}]basepython}}\n" for j in range(12))
            for level in range(8)
        )
        + "[s8]\nbasepython = python3.12\n",
        "parse-error",
        id="tox-basepython-reference-fanout",
    ),
    pytest.param(
        "tox.ini",
        "[testenv:" + "{a,b}-" * 12 + "c]\nbasepython =\n" + "    a: python3.11\n" * 5_000,
        "parse-error",
        id="tox-basepython-lines-times-envs",
    ),
    pytest.param(
        "tox.ini", "[tox]\na" + " " * 60_000 + "b\n", "parse-error", id="tox-ini-long-key"
    ),
    pytest.param(
        "setup.cfg", "[metadata]\na" + " " * 60_000 + "b\n", "parse-error", id="setup-cfg-long-key"
    ),
    pytest.param("tox.toml", tox_toml_envs(20_000), "parse-error", id="tox-toml-20k-env-tables"),
    pytest.param(
        "environment.yml",
        'dependencies:\n  - "python' + " " * 3_000 + 'a\\nb"\n  - python=3.12\n',
        "read",
        id="conda-spec-spaces",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nname = "x"\ndescription = """\n[' + " " * 5_000 + '\n"""\n'
        'requires-python = ">=3.11"\n',
        "read",
        id="toml-header-regex-in-string",
    ),
    pytest.param(
        "pyproject.toml",
        "[tool]\na" + ".a" * 20_000 + " = 1\n",
        "parse-error",
        id="toml-long-dotted-key",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nname = "x"\nclassifiers = [\n'
        + '  "Programming Language :: Python :: 3.1\\u0031",\n' * 20_000
        + "]\n",
        "read",
        id="toml-escaped-values-not-found",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nname = "x"\n[tool.cibuildwheel]\nbuild = ['
        + '"cp3{9,10,11,12,13}-* pp3{9,10}-*", ' * 20_000
        + "]\n",
        "parse-error",
        id="cibuildwheel-20k-build-patterns",
    ),
    pytest.param(
        "hatch.toml",
        "".join(f'[[envs.e{i}.matrix]]\npython = ["3.12"]\n' for i in range(20_000)),
        "parse-error",
        id="hatch-20k-env-matrices",
    ),
]


@pytest.mark.timeout(TIMEOUT)
@pytest.mark.parametrize(("name", "content", "outcome"), ATTACKS)
def test_attack_ends_quickly_and_the_rest_is_checked(
    repo: MakeRepo, name: str, content: str, outcome: str
) -> None:
    others = {path: text for path, text in REALISTIC.items() if path != name}
    attack_alone_fails(repo({**others, name: content}), name, outcome)


@pytest.mark.timeout(TIMEOUT)
def test_balanced_braces_nested_deeply_are_one_unresolved_entry(repo: MakeRepo) -> None:
    result = scan(repo({"tox.ini": "[tox]\nenvlist = py311, " + "{" * 100_000 + "}" * 100_000}))

    notes = [d.note for d in result.declarations if d.role.value == "unresolved"]
    assert notes == ["tox env list: braces nested more than 16 deep"]
    assert [d.raw for d in result.declarations if d.role.value == "matrix"] == ["py311"]


@pytest.mark.timeout(TIMEOUT)
def test_fifty_thousand_literal_exclude_patterns(repo: MakeRepo) -> None:
    patterns = ", ".join(f'"d{i}/"' for i in range(50_000))
    pyproject = (
        REALISTIC["pyproject.toml"] + f"[tool.pyparity]\nexclude = [{patterns}, 'tox.ini']\n"
    )
    root = repo({**REALISTIC, "pyproject.toml": pyproject})
    loaded, _ = config.load(root)

    result = scan(root, exclude=loaded.exclude)

    assert "tox.ini" not in declared_files(result)
    assert declared_files(result) >= set(REALISTIC) - {"tox.ini"}


@pytest.mark.timeout(TIMEOUT)
def test_fifty_thousand_exclude_globs_are_a_configuration_error(repo: MakeRepo) -> None:
    patterns = ", ".join(f'"d{i}/*.py"' for i in range(50_000))
    root = repo({"pyproject.toml": f"[tool.pyparity]\nexclude = [{patterns}]\n"})

    with pytest.raises(ConfigError, match="exclude has 50000 patterns with a wildcard"):
        config.load(root)


def _v4_index_of_long_names(entries: int) -> bytes:
    """Each entry keeps all but the last two bytes of the one before: about 70 bytes of
    index for each 4,000-byte name."""

    def entry(strip: int, suffix: bytes) -> bytes:
        stat = b"\0" * 24 + (0o100644).to_bytes(4, "big") + b"\0" * 12
        return stat + b"\1" * 20 + b"\0\0" + bytes([strip]) + suffix + b"\0"

    body = [entry(0, b"a" * 4000)]
    body += [entry(2, bytes([97 + i // 26 % 26, 97 + i % 26])) for i in range(1, entries)]
    return b"DIRC" + (4).to_bytes(4, "big") + entries.to_bytes(4, "big") + b"".join(body)


@pytest.mark.timeout(TIMEOUT)
def test_a_v4_index_that_spells_far_more_names_than_its_size_is_not_read(
    repo: MakeRepo,
) -> None:
    root = repo({**REALISTIC, ".git/index": _v4_index_of_long_names(16_000)})

    assert tracked_files(root) is None  # 1.1 MB of index, 64 MB of names
    assert declared_files(scan(root)) >= set(REALISTIC)  # the walk instead


def test_a_v4_index_of_a_real_size_is_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_bytes(_v4_index_of_long_names(200))

    files = tracked_files(tmp_path)

    assert files is not None
    assert len(files) == 200


@pytest.mark.timeout(TIMEOUT)
def test_a_long_dotted_key_in_the_configuration_is_not_given_to_tomllib(repo: MakeRepo) -> None:
    long_key = "[tool]\na" + ".a" * 20_000 + " = 1\n"
    root = repo({**REALISTIC, "pyproject.toml": long_key, ".pyparity.toml": long_key})

    with pytest.raises(ConfigError, match="dotted key of more than 128 parts"):
        config.load(root)
    (root / ".pyparity.toml").unlink()
    assert config.load(root) == (config.Config(), None)  # pyproject.toml: its reader says why


def code_attack() -> str:
    """A Python module of the shapes that made the code scan quadratic (bench/hostile.py's
    `code` cases), each about 100 KB; then a 3.12 feature the scan must still find."""
    attributes = "".join(f"x{i} = os.a{i}\n" for i in range(8_000))  # each a new module name
    keywords = "".join(f"f(k{i}=1)\n" for i in range(10_000))  # each a new keyword argument
    functions = "".join(f"@functools.cache\ndef g{i}(): pass\n" for i in range(4_000))
    switches = "".join(
        f"if sys.version_info >= (3, {i % 14}):\n    t{i} = 1\nelse:\n    t{i} = 0\n"
        for i in range(3_000)
    )
    newer = "batches = itertools.batched(range(9), 3)\n"
    return (
        "import functools, itertools, os, sys\n"
        + attributes
        + keywords
        + functions
        + switches
        + newer
    )


@pytest.mark.timeout(TIMEOUT)
def test_a_python_module_of_quadratic_shapes_is_scanned_quickly(repo: MakeRepo) -> None:
    name = "inventory/attack.py"
    result = scan(repo({**REALISTIC, name: code_attack()}))
    floors = [f for f in result.findings if f.rule == "code-floor"]
    assert [(f.file, f.span.line) for f in floors] == [(name, code_attack().count("\n"))]
    assert declared_files(result) >= set(REALISTIC)
