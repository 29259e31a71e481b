"""Configuration: `[tool.pyparity]`, `.pyparity.toml`, flags, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyparity.cli import main
from pyparity.config import Config, load
from pyparity.errors import ConfigError
from pyparity.model import Severity


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path):
    config, where = load(tmp_path)
    assert (config, where) == (Config(today=config.today), None)


def test_reads_tool_pyparity_from_pyproject(tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        """\
[project]
name = "x"

[tool.pyparity]
source-of-truth = ".python-version"
precision = "patch"
fail-on = "warning"
exclude = ["examples"]
disable = ["floating-version"]
severity = { patch-mismatch = "error" }
scopes = [["services/a", "services/b/"]]

[tool.pyparity.purpose]
".github/workflows/docs.yml" = "tooling"
""",
    )
    config, where = load(tmp_path)
    assert where == "pyproject.toml"
    assert config.source_of_truth == ".python-version"
    assert config.precision == "patch"
    assert config.fail_on == "warning"
    assert config.exclude == ("examples",)
    assert config.disable == frozenset({"floating-version"})
    assert config.severity == {"patch-mismatch": Severity.ERROR}
    assert config.scopes == (("services/a", "services/b"),)
    assert config.purpose == {".github/workflows/docs.yml": "tooling"}
    assert config.fails(Severity.WARNING)
    assert not config.fails(Severity.NOTICE)


def test_dotfile_wins_over_pyproject(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.pyparity]\nprecision = "patch"\n')
    write(tmp_path, ".pyparity.toml", 'precision = "minor"\n')
    config, where = load(tmp_path)
    assert (config.precision, where) == ("minor", ".pyparity.toml")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param('colour = "blue"\n', "colour", id="unknown-key"),
        pytest.param('disable = ["no-such-rule"]\n', "no-such-rule", id="unknown-rule"),
        pytest.param('precision = "major"\n', "precision", id="bad-choice"),
        pytest.param('fail-on = "always"\n', "fail-on", id="bad-fail-on"),
        pytest.param("exclude = 3\n", "exclude", id="wrong-type"),
        pytest.param('exclude = ["a", 2]\n', "exclude", id="mixed-list"),
        pytest.param(
            'severity = { pin-mismatch = "fatal" }\n', "severity.pin-mismatch", id="bad-severity"
        ),
        pytest.param('severity = { nope = "error" }\n', "nope", id="severity-unknown-rule"),
        pytest.param('scopes = ["a"]\n', "scopes", id="scopes-not-nested"),
        pytest.param('[purpose]\n"x" = "production"\n', "purpose.x", id="bad-purpose"),
        pytest.param("source-of-truth = 1\n", "source-of-truth", id="sot-type"),
        pytest.param("precision = [\n", "cannot read", id="invalid-toml"),
    ],
)
def test_bad_configuration_names_the_key(tmp_path, text, named):
    write(tmp_path, ".pyparity.toml", text)
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        load(tmp_path)


def test_configuration_error_exits_2_without_traceback(tmp_path, capsys):
    write(tmp_path, ".pyparity.toml", 'fail_on = "error"\n')
    assert main(["check", str(tmp_path), "--no-code"]) == 2
    err = capsys.readouterr().err
    assert "unknown key(s) fail_on" in err
    assert "Traceback" not in err


def test_explicit_config_file_must_exist(tmp_path, capsys):
    assert main(["check", str(tmp_path), "--config", str(tmp_path / "nope.toml")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_flags_override_the_file(tmp_path, capsys):
    write(tmp_path, ".pyparity.toml", 'fail-on = "never"\n')
    write(tmp_path, ".python-version", "3.11\n")
    write(tmp_path, "Dockerfile", "FROM python:3.12\n")
    write(tmp_path, "runtime.txt", "")
    assert main(["check", str(tmp_path), "--no-code"]) == 0
    assert main(["check", str(tmp_path), "--no-code", "--fail-on", "error"]) == 1
    capsys.readouterr()


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "x"\nrequires-python = ">=3.10"\n[tool.ruff]\nline-length = 99\n',
        '[project\nname = "broken and silent about us"\n',  # the reader reports it
        "",
    ],
)
def test_a_pyproject_that_never_names_pyparity_is_not_parsed_for_settings(
    tmp_path, monkeypatch, text
):
    from pyparity import config as config_module

    write(tmp_path, "pyproject.toml", text)
    parsed = []
    monkeypatch.setattr(config_module, "_parse", lambda *a: parsed.append(a) or {})
    assert load(tmp_path)[1] is None
    assert parsed == []
    monkeypatch.undo()
    assert load(tmp_path)[1] is None  # and parsing it would have configured nothing


@pytest.mark.parametrize(
    "table",
    [
        '[tool.pyparity]\nprecision = "patch"\n',
        '[tool."pyparity"]\nprecision = "patch"\n',
        'tool.pyparity.precision = "patch"\n',
        'tool = { pyparity = { precision = "patch" } }\n',
        '[tool."\\u0070yparity"]\nprecision = "patch"\n',  # spelled with an escape
        '[tool."\\U00000070yparity"]\nprecision = "patch"\n',
    ],
)
def test_every_spelling_of_the_table_is_still_read(tmp_path, table):
    write(tmp_path, "pyproject.toml", table + '[project]\nname = "x"\n')
    config, where = load(tmp_path)
    assert where == "pyproject.toml"
    assert config.precision == "patch"
