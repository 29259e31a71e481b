"""ActionEnv from the runner's environment mapping."""

from __future__ import annotations

import json

import pytest

from pyparity.gh.env import InputError, from_mapping, read_event


def environ(tmp_path, **inputs):
    values = {"GITHUB_WORKSPACE": str(tmp_path)}
    values.update({f"INPUT_{name.upper()}": value for name, value in inputs.items()})
    return values


def test_defaults_when_the_runner_passes_nothing(tmp_path):
    env = from_mapping({"GITHUB_WORKSPACE": str(tmp_path)})

    assert (env.path, env.mode, env.fail_on, env.precision) == (".", "check", None, None)
    assert (env.annotations, env.summary, env.comment, env.check_run, env.code) == (
        True,
        True,
        False,
        False,
        True,
    )
    assert env.api_url == "https://api.github.com"
    assert env.token == ""


def test_hyphenated_inputs_are_read_with_hyphens_kept(tmp_path):
    env = from_mapping(
        {
            "GITHUB_WORKSPACE": str(tmp_path),
            "INPUT_FAIL-ON": "warning",
            "INPUT_CHECK-RUN": "TRUE",
            "INPUT_SOURCE-OF-TRUTH": ".python-version",
            "INPUT_SARIF-FILE": "results/pyparity.sarif",
            "INPUT_FAIL_ON": "never",  # not what the runner sets; ignored
        }
    )

    assert env.fail_on == "warning"
    assert env.check_run is True
    assert env.source_of_truth == ".python-version"
    assert env.sarif_file == "results/pyparity.sarif"


def test_enterprise_api_url_is_used(tmp_path):
    values = environ(tmp_path) | {"GITHUB_API_URL": "https://ghe.example.com/api/v3/"}

    assert from_mapping(values).api_url == "https://ghe.example.com/api/v3"


def test_absolute_path_inside_the_workspace_becomes_relative(tmp_path):
    env = from_mapping(environ(tmp_path, path=str(tmp_path / "services" / "api")))

    assert env.path == "services/api"
    assert env.path_prefix == "services/api"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("path", "/etc", id="absolute-outside"),
        pytest.param("sarif-file", "../x.sarif", id="sarif-outside"),
        pytest.param("annotations", "on", id="boolean"),
        pytest.param("today", "2026-13-01", id="date"),
    ],
)
def test_rejected_inputs_name_the_input(tmp_path, name, value):
    with pytest.raises(InputError, match=f"input '{name}'"):
        from_mapping(environ(tmp_path, **{name: value}))


def test_pull_request_event_gives_number_head_sha_and_fork(tmp_path):
    payload = {
        "pull_request": {
            "number": 7,
            "head": {"sha": "abc123", "repo": {"full_name": "fork/repo"}},
        },
        "repository": {"full_name": "org/repo"},
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))

    event = read_event({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(path)})

    assert (event.pull_request, event.head_sha, event.fork) == (7, "abc123", True)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"ref": "refs/heads/main"}', id="push"),
        pytest.param("not json", id="broken"),
        pytest.param('["a list"]', id="not-an-object"),
        pytest.param('{"pull_request": {"number": "7", "head": null}}', id="odd-shapes"),
    ],
)
def test_other_events_have_no_pull_request(tmp_path, content):
    path = tmp_path / "event.json"
    path.write_text(content)

    event = read_event({"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(path)})

    assert event.pull_request is None
    assert event.head_sha == ""


@pytest.mark.parametrize(
    ("path", "given", "meant"),
    [
        pytest.param(".", ".python-version", ".python-version", id="root"),
        pytest.param(".", "./.python-version", ".python-version", id="dot-slash"),
        pytest.param("services/api", ".python-version", ".python-version", id="path-relative"),
        pytest.param(
            "services/api",
            "services/api/.python-version",
            ".python-version",
            id="workspace-relative",
        ),
        pytest.param(
            "services/api", "./services/api/docker/Dockerfile", "docker/Dockerfile", id="both"
        ),
    ],
)
def test_source_of_truth_is_the_file_as_findings_name_it(tmp_path, path, given, meant):
    """Findings name files relative to `path`; `config` and `sarif-file` are relative to the
    workspace. Either spelling must select the file, never silently fall back to the majority."""
    env = from_mapping(environ(tmp_path, path=path, **{"source-of-truth": given}))

    assert env.source_of_truth == meant
