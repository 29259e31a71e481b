"""The Kokoro reader: nox sessions named for a Python in a build config's env_vars."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.kokoro import matches, read

# modelled on a Google client library's continuous build: one job runs several sessions
MISC = """\
# Format: //devtools/kokoro/config/proto/build.proto

# Only run these nox sessions.
env_vars: {
    key: "NOX_SESSION"
    value: "unit_noextras-3.10 unit-3.10 unit-3.13 lint blacken docs-3.10"
}

env_vars: {
    key: "TRAMPOLINE_BUILD_FILE"
    value: "github/python-storage/.kokoro/build.sh"
}
"""


def brief(found):
    return [(d.raw, d.line, d.span.column, d.role, d.purpose) for d in found]


def test_sessions_named_for_a_python_are_the_jobs_matrix():
    found = read(text_file(".kokoro/continuous/unit-misc.cfg", MISC))
    assert brief(found) == [
        ("3.10", 6, 27, Role.MATRIX, Purpose.RUNTIME),
        ("3.10", 6, 37, Role.MATRIX, Purpose.RUNTIME),
        ("3.13", 6, 47, Role.MATRIX, Purpose.RUNTIME),
        ("3.10", 6, 70, Role.MATRIX, Purpose.TOOLING),
    ]
    assert found[0].group == ".kokoro/continuous/unit-misc.cfg NOX_SESSION"
    assert found[0].context == "NOX_SESSION session unit_noextras-3.10, runtime: runs the tests"


def test_one_session_is_a_pin_and_samples_sessions_are_read():
    system = '\ufeffenv_vars: {\r\n  key: "NOX_SESSION"\r\n  value: "system-3.9"\r\n}\r\n'
    assert brief(read(text_file(".kokoro/presubmit/system-3.9.cfg", system))) == [
        ("3.9", 3, 18, Role.PIN, Purpose.RUNTIME)
    ]
    samples = 'env_vars { key: "RUN_TESTS_SESSION" value: "py-3.12" }\n'
    assert brief(read(text_file(".kokoro/samples/python3.12/common.cfg", samples))) == [
        ("3.12", 1, 48, Role.PIN, Purpose.RUNTIME)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only comments\n",
        'env_vars: {\n  key: "NOX_SESSION"\n  value: "lint lint_setup_py blacken mypy"\n}\n',
        'env_vars: {\n  key: "TRAMPOLINE_IMAGE"\n  value: "gcr.io/x/python-3.12"\n}\n',
        'build_file: "python-storage/.kokoro/trampoline.sh"\n',
        'env_vars: {\n  key: "NOX_SESSION"\n  value: "unterminated\n}\n',
    ],
)
def test_nothing_to_declare(text):
    assert read(text_file(".kokoro/presubmit/common.cfg", text)) == []


def test_too_many_sessions_is_a_hostile_file():
    sessions = " ".join(f"unit-3.{i % 14}" for i in range(1200))
    text = f'env_vars: {{ key: "NOX_SESSION" value: "{sessions}" }}\n'
    with pytest.raises(UnreadableFile):
        read(text_file(".kokoro/presubmit/x.cfg", text))


def test_matches_build_configs_under_kokoro():
    assert matches(".kokoro/presubmit/system-3.9.cfg")
    assert matches(".kokoro/samples/python3.12/common.cfg")
    assert matches("packages/storage/.kokoro/continuous/common.cfg")
    assert not matches(".kokoro/build.sh")
    assert not matches("setup.cfg")
    assert source_for(".kokoro/presubmit/common.cfg").kind == "kokoro"
