"""Images of other projects' tools (`tool_images.py`): read from real-looking Dockerfiles, and
checked end to end with the rest of a repository."""

from __future__ import annotations

import pytest
from helpers import scan_tree

from pyparity.tool_images import installed_only

_LINKCHECKER = 'FROM python:2.7\n\nRUN pip install linkchecker\n\nENTRYPOINT ["linkchecker"]\n'

_AGENT_DESKTOP = """\
FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt update \\
 && apt install -y xfce4 x11vnc xdotool \\
 && rm -rf /var/lib/apt/lists/*
COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
ENV PYTHON_VERSION=3.11.6
RUN uv venv $HOME/.venv --python $PYTHON_VERSION --seed
# Install Python packages
RUN uv pip install --no-cache-dir \\
    pyautogui \\
    Pillow \\
    'pyperclip>=1.8' \\
    pygetwindow
CMD ["/bin/sh", "-c", "x11vnc -display :99 -forever"]
"""


def _runs(text: str) -> list[str]:
    from pyparity.parsers.dockerfile import parse

    return [run for stage in parse(text).stages for run in stage.runs]


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param("assets/docker/linkchecker/Dockerfile", _LINKCHECKER, ("linkchecker",)),
        pytest.param(
            "computer.Dockerfile",
            _AGENT_DESKTOP,
            ("pyautogui", "pillow", "pyperclip", "pygetwindow"),
            id="uv-pip-continued",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nCOPY . /app\nRUN pip install linkchecker\n",
            None,
            id="copies-the-repository",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nRUN pip install -r /src/requirements.txt\n",
            None,
            id="a-mounted-requirements-file",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nRUN pip install -e /workspace\n",
            None,
            id="editable",
        ),
        pytest.param(
            ".devcontainer/Dockerfile", "FROM python:3.12\nRUN pip install tox\n", None, id="dev"
        ),
        pytest.param("Dockerfile.dev", "FROM python:3.12\nRUN pip install tox\n", None, id="dev2"),
        pytest.param("Dockerfile", 'FROM python:3.12\nCMD ["python"]\n', None, id="installs-none"),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nRUN pip install -U pip setuptools && pip install linkchecker\n",
            ("linkchecker",),
            id="pip-upgraded-first",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12-slim AS base\nRUN pip install --no-cache-dir poetry\n",
            None,
            id="an-environment-for-the-repository",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nRUN python3 -m pip --no-cache-dir -q install --upgrade awscli\n",
            ("awscli",),
            id="pip-flags-before-install",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nADD https://example.org/tool.tar.gz /opt/\n"
            "RUN pip install --index-url https://example.org/simple tool==1.2 && tool --help\n",
            ("tool",),
            id="download-and-index",
        ),
        # dstack's tt-smi image: another repository installed by its URL, named as it is
        pytest.param(
            "docker/tt-smi/Dockerfile",
            "FROM ubuntu:22.04\nARG TT_SMI_VERSION\n"
            "RUN apt-get install -y python3 python3-pip && pip3 install tomli && \\\n"
            "    pip3 install --no-build-isolation "
            "git+https://github.com/tenstorrent/tt-smi@v${TT_SMI_VERSION}\n",
            ("tomli", "tt-smi"),
            id="a-repository-by-its-url",
        ),
        pytest.param(
            "Dockerfile",
            "FROM python:3.12\nRUN pip install git+https://github.com/${GITHUB_REPOSITORY}\n",
            None,
            id="a-repository-named-by-a-variable",
        ),
    ],
)
def test_which_images_install_only_other_projects_packages(path, text, expected):
    assert installed_only(path, text, _runs(text)) == expected


def _project(name: str, floor: str) -> dict[str, str]:
    return {
        "pyproject.toml": (
            f'[project]\nname = "{name}"\nversion = "1"\nrequires-python = ">={floor}"\n'
        ),
        f"src/{name}/__init__.py": "",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n",
    }


def test_an_image_of_a_third_party_tool_is_no_runtime_of_the_project(tmp_path):
    """great_expectations' link checker image (`FROM python:2.7`, `pip install linkchecker`):
    two errors before (outside the range, against the project's 3.12 image); now tooling."""
    tree = {**_project("acme", "3.10"), "assets/docker/linkchecker/Dockerfile": _LINKCHECKER}
    result = scan_tree(tmp_path, tree)
    assert [f for f in result.findings if f.severity.value in ("error", "warning")] == []
    [image] = [d for d in result.declarations if d.file.endswith("linkchecker/Dockerfile")]
    assert image.purpose.value == "tooling"


def test_an_image_of_the_projects_own_release_stays_the_projects(tmp_path):
    """meltano's and SnapPy's images pip-install the project's own release from PyPI: its
    Python must be one the project supports."""
    tree = {
        **_project("acme", "3.10"),
        "docker/release/Dockerfile": "FROM python:3.8\nRUN pip install acme==1.0\n",
    }
    result = scan_tree(tmp_path, tree)
    assert ("outside-range", "docker/release/Dockerfile") in {
        (f.rule, f.file) for f in result.findings
    }


def test_an_image_of_the_project_installed_by_its_url_stays_the_projects(tmp_path):
    """`pip install git+https://github.com/acme-org/acme@main` installs the repository's own
    package (a folder `src/acme`): its Python must be one the project supports."""
    tree = {
        **_project("acme", "3.10"),
        "docker/git/Dockerfile": (
            "FROM python:3.8\nRUN pip install git+https://github.com/acme-org/acme@main\n"
        ),
    }
    result = scan_tree(tmp_path, tree)
    assert ("outside-range", "docker/git/Dockerfile") in {(f.rule, f.file) for f in result.findings}


def test_many_installed_names_or_an_apt_line_are_no_tool_image():
    """Past 20 names the project may be among them (it is not told which); a RUN line that
    starts with `add-apt-repository` is no ADD; a 100,000-name install is read in linear time."""
    many = "FROM python:3.12\nRUN pip install " + " ".join(f"dep{i}" for i in range(21)) + "\n"
    assert installed_only("Dockerfile", many, _runs(many)) is None
    apt = (
        "FROM python:2.7\nRUN apt-get update && \\\n    add-apt-repository -y ppa:x/y && \\\n"
        "    pip install linkchecker\n"
    )
    assert installed_only("Dockerfile", apt, _runs(apt)) == ("linkchecker",)
    huge = "FROM python:3.12\nRUN pip install " + " ".join(f"p{i}" for i in range(100_000)) + "\n"
    assert installed_only("Dockerfile", huge, _runs(huge)) is None


# Modelled on an agent framework's evaluation suite: the sandbox a benchmark's tasks run in
# (its data, downloaded beside the Dockerfile), and the benchmark's own evaluator, cloned.
_TASK_SANDBOX = """\
FROM python:3.11-bookworm

# download the benchmark's data here first; it is not redistributed
RUN mkdir -p /benchmark
COPY benchmark /benchmark

WORKDIR /workspace
"""
_EVALUATOR = """\
FROM mambaorg/micromamba:debian12
USER root
RUN micromamba create -n eval python=3.10 pip setuptools wheel
RUN git clone https://example.org/bench/evaluator.git /workspace/ \\
 && cd /workspace && git checkout 4eddc7d
RUN micromamba run -n eval pip install -r requirements.txt
"""


def _outside_range(tmp_path, tree):
    result = scan_tree(tmp_path, tree)
    return sorted((f.file, f.line) for f in result.findings if f.rule == "outside-range")


def test_an_evaluation_tasks_sandbox_is_not_the_projects_python(tmp_path):
    tree = {
        **_project("agent", "3.12"),
        "evaluation/benchmarks/science/Dockerfile": _TASK_SANDBOX,
        "evaluation/benchmarks/science/Dockerfile.evaluator": _EVALUATOR,
    }
    assert _outside_range(tmp_path, tree) == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # the copied folder holds the repository's Python: the suite runs the project's code
        pytest.param(
            {"evaluation/benchmarks/science/benchmark/run_task.py": "print()\n"},
            [("evaluation/benchmarks/science/Dockerfile", 1)],
            id="copies-code-of-the-tree",
        ),
        pytest.param(
            {"evaluation/benchmarks/science/Dockerfile": _TASK_SANDBOX + "COPY run.py /\n"},
            [("evaluation/benchmarks/science/Dockerfile", 1)],
            id="copies-a-python-file",
        ),
        pytest.param(
            {"eval/Dockerfile": "FROM python:3.9\nRUN pip install agent\nCMD python -m agent\n"},
            [("eval/Dockerfile", 1)],
            id="copies-nothing-clones-nothing",
        ),
        pytest.param(
            {
                "evaluation/Dockerfile": "FROM python:3.9\nCOPY dist /dist\nRUN pip install /dist/*.whl\n"
            },
            [("evaluation/Dockerfile", 1)],
            id="installs-a-wheel",
        ),
    ],
)
def test_an_evaluation_image_that_may_run_the_project_is_compared(tmp_path, extra, expected):
    tree = {**_project("agent", "3.12"), "evaluation/benchmarks/science/Dockerfile": _TASK_SANDBOX}
    tree.update(extra)
    assert expected[0] in _outside_range(tmp_path, tree)


_MIRROR = """\
FROM python:3.8

RUN python3 -m pip --no-cache-dir install --upgrade wheel setuptools \\
    && python3 -m pip --no-cache-dir install --upgrade huggingface-hub awscli

COPY download_models.py ./
COPY ./download_models.sh ./
RUN chmod +x download_models.sh
CMD ["/bin/bash"]
"""


@pytest.mark.parametrize(
    ("folder", "extra", "helper"),
    [
        pytest.param("ci/mirror", {}, True, id="scripts-beside-it"),
        pytest.param("", {}, False, id="at-the-root"),
        pytest.param("ci/mirror", {"src/huggingface_hub/__init__.py": ""}, False, id="own-package"),
        pytest.param("ci/mirror", {"cmd": 'CMD ["pytest", "/tests"]\n'}, False, id="runs-tests"),
    ],
)
def test_a_helper_image_of_its_own_folders_scripts_is_no_runtime_of_the_project(
    tmp_path, folder, extra, helper
):
    """autogluon's model mirror: a 3.8 image in `CI/hf_mirror/` that copies the two scripts
    beside it and pip-installs huggingface-hub and awscli by name, beside a 3.12 project: a
    helper with a Python of its own (an error and a warning before). At the root, or where an
    installed name is the project's own package, it stays the project's image."""
    at = f"{folder}/" if folder else ""
    command = extra.pop("cmd", "")
    tree = {
        **_project("acme", "3.10"),
        **extra,
        f"{at}Dockerfile": _MIRROR + command,
        f"{at}download_models.py": "print('models')\n",
        f"{at}download_models.sh": "python download_models.py\n",
    }
    if not folder:
        tree.pop("src/acme/__init__.py")
    result = scan_tree(tmp_path, tree)
    [image] = [d for d in result.declarations if d.file == f"{at}Dockerfile"]
    assert (image.purpose.value == "tooling") is helper
    flagged = {f.file for f in result.findings if f.severity.value in ("error", "warning")}
    assert (f"{at}Dockerfile" in flagged) is not helper
    if helper:
        assert image.context.endswith(
            "copies only scripts of its own folder and pip-installs only: huggingface-hub, "
            "awscli; download_models.py download_models.sh, tooling: runs other projects' "
            "tools, none of this repository's code"
        )


_EXPORT = """\
FROM rclone/rclone:1.62 AS rclone

FROM python:3.9-slim-buster

WORKDIR /export

COPY export_repo.py rclone.conf.template ./
COPY --from=rclone /usr/local/bin/rclone /usr/local/bin/

ENTRYPOINT ["python", "export_repo.py"]
"""


@pytest.mark.parametrize(
    ("copied", "helper"),
    [
        pytest.param("export_repo.py rclone.conf.template", True, id="script-and-template"),
        pytest.param("export_repo.py requirements.txt", False, id="requirements"),
        pytest.param("export_repo.py setup.cfg", False, id="project-file"),
        pytest.param("export_repo.py .env", False, id="dotfile"),
        pytest.param("rclone.conf.template", False, id="no-script"),
    ],
)
def test_an_image_of_a_script_that_installs_nothing_is_a_helper(tmp_path, copied, helper):
    """lakeFS's export image: a stdlib script, a config template and rclone's binary, on a
    Python of its own (an error against the project's tests before)."""
    tree = {
        **_project("acme", "3.10"),
        "deploy/export/Dockerfile": _EXPORT.replace("export_repo.py rclone.conf.template", copied),
        "deploy/export/export_repo.py": "import json\n",
        "deploy/export/rclone.conf.template": "[s3]\n",
    }
    result = scan_tree(tmp_path, tree)
    [image] = [d for d in result.declarations if d.file == "deploy/export/Dockerfile"]
    assert (image.purpose.value == "tooling") is helper
    flagged = {f.file for f in result.findings if f.severity.value in ("error", "warning")}
    assert ("deploy/export/Dockerfile" in flagged) is not helper


_PIPES = """\
FROM python:3.10-slim

RUN pip install dagster-pipes

COPY script.py .
"""

_DEPLOY = """\
on: push
jobs:
  pipes-image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t pipes-example:latest app/example_container
      - run: docker push pipes-example:latest
"""


def test_an_example_folders_helper_image_that_ci_builds_is_no_test_image(tmp_path):
    """hooli's Dagster Pipes image: an example folder's image that a workflow builds and
    pushes for the deployment; it copies only the script beside it and installs only
    dagster-pipes. It was taken back as a test image: "the tests run 3.10", and an error
    against the project's 3.12 image."""
    tree = {
        **_project("acme", "3.9"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nRUN pip install /app\n",
        "app/example_container/Dockerfile": _PIPES,
        "app/example_container/script.py": "print('hello')\n",
        ".github/workflows/deploy.yml": _DEPLOY,
    }
    result = scan_tree(tmp_path, tree)
    [image] = [d for d in result.declarations if d.file == "app/example_container/Dockerfile"]
    assert (image.purpose.value, image.test_image) == ("tooling", False)
    assert [f.rule for f in result.findings if f.severity.value in ("error", "warning")] == []


def test_a_dev_containers_image_of_a_setup_script_stays_the_projects(tmp_path):
    """keras-hub's dev container: `FROM .../python:3.10` and `COPY setup.sh /setup.sh`, below
    a >=3.11 range; the repository is mounted there, so it is the project's (an error)."""
    tree = {
        **_project("acme", "3.11"),
        ".devcontainer/Dockerfile": (
            "FROM mcr.microsoft.com/vscode/devcontainers/python:3.10\nCOPY setup.sh /setup.sh\n"
        ),
        ".devcontainer/setup.sh": "pip install -e .\n",
    }
    result = scan_tree(tmp_path, tree)
    [image] = [d for d in result.declarations if d.file == ".devcontainer/Dockerfile"]
    assert image.purpose.value != "tooling"
    assert ("outside-range", ".devcontainer/Dockerfile") in {
        (f.rule, f.file) for f in result.findings
    }
