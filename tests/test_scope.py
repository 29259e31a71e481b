"""scope: which folders are projects, and where a declaration belongs."""

from __future__ import annotations

from helpers import TODAY, matrix_entry, runtime_pin, scan_tree, scope_of, supported, write_tree

from pyparity.records import replace
from pyparity.rules import pin_mismatch
from pyparity.scope import OWN_SCOPE, assign, find_scopes


def test_a_package_kept_under_github_is_a_project_of_its_own():
    """An alias package published from `.github/` (dspy keeps `dspy-ai` there) must not lower
    the floor of the project at the root; a marker among the workflows is no project."""
    scopes = find_scopes(
        [
            "pyproject.toml",
            ".github/.internal_alias/pyproject.toml",
            ".github/workflows/pyproject.toml",
            "tests/fixtures/old/setup.py",
        ]
    )
    assert scopes == {".", ".github/.internal_alias"}


def test_a_dockerfile_kept_under_github_is_part_of_ci_not_a_runtime_pin():
    """`.github/docker/old-sqlite.Dockerfile` builds an image CI tests in: with a CI matrix of
    several minors it is one of the tested Pythons, not a pin that outvotes the runtime."""
    declarations = (
        supported("pyproject.toml", ">=3.10"),
        runtime_pin("Dockerfile", "3.10", line=2),
        runtime_pin(".github/docker/old-sqlite.Dockerfile", "3.10", line=74),
        runtime_pin("scripts/proxy/Dockerfile", "3.14"),
    )
    tested = [matrix_entry(".github/workflows/ci.yml", v, 30) for v in ("3.10", "3.14")]
    assert list(pin_mismatch.check(scope_of(*declarations, *tested))) == []


def test_a_folder_with_its_own_image_requirements_and_code_is_a_service_of_its_own():
    paths = [
        "pyproject.toml",
        "Dockerfile",
        "docker/mockservices/Dockerfile",
        "docker/mockservices/requirements.txt",
        "docker/mockservices/main.py",
        "docker/Dockerfile.olbase",
        "docker/requirements-base.txt",  # the project's own image: no code of its own here
    ]
    assert find_scopes(paths) == {".", "docker/mockservices"}


def test_an_app_engine_service_with_its_own_requirements_and_code_is_a_scope_of_its_own():
    paths = [
        "README.md",
        "web-applications/app.yaml",
        "web-applications/requirements.txt",
        "web-applications/main.py",
        "config/app.yaml",  # another program's settings: no requirements or code of its own
        "config/loader.py",
        "python-314/subinterpreters.py",
    ]
    assert find_scopes(paths) == {".", "web-applications"}


def test_each_infrastructure_as_code_app_is_a_project_of_its_own(tmp_path):
    """An examples repository of CDK apps and Pulumi programs: each folder is deployed on its
    own Python (a CodeBuild image on 3.7 in one, `list[str]` in another's `app.py`), and an
    app with only `cdk.json` and `requirements.txt` must not be compared with its siblings."""
    paths = [
        "README.md",
        "python/docker-build/cdk.json",
        "python/docker-build/app.py",
        "python/docker-build/requirements.txt",
        "python/docker-build/delivery/Dockerfile",
        "python/mesh/consumers/cdk.json",
        "python/mesh/consumers/app.py",
        "aws-py-voting-app/Pulumi.yaml",
        "aws-py-voting-app/__main__.py",
        "aws-py-voting-app/frontend/Dockerfile",
        "sls-service/serverless.yml",
        "sls-service/handler.py",
        "sam-app/samconfig.toml",
        "sam-app/template.yaml",
        "azd-app/azure.yaml",
    ]
    assert find_scopes(paths) == {
        ".",
        "python/docker-build",
        "python/mesh/consumers",
        "aws-py-voting-app",
        "sls-service",
        "sam-app",
        "azd-app",
    }
    tree = {
        ".github/workflows/ci.yml": (
            "on: push\njobs:\n  format:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.9'\n"
            "      - run: pip install black && black --check .\n"
        ),
        "python/docker-build/cdk.json": '{"app": "python3 app.py"}\n',
        "python/docker-build/requirements.txt": "aws-cdk-lib==2.150.0\n",
        "python/docker-build/delivery/Dockerfile": "FROM python:3.7.2\nRUN pip install awscli\n",
        "aws-py-voting-app/Pulumi.yaml": "name: voting-app\nruntime: python\n",
        "aws-py-voting-app/requirements.txt": "pulumi>=3.0.0\n",
        "aws-py-voting-app/frontend/Dockerfile": (
            "FROM tiangolo/uwsgi-nginx-flask:python3.6\nCOPY . /app\n"
        ),
    }
    result = scan_tree(tmp_path, tree)
    assert [f for f in result.findings if f.rule == "pin-mismatch"] == []


def _scopes_path_by_path(paths: list[str]) -> set[str]:
    """The rule of `find_scopes`, written plainly: a model to compare it with."""
    from pyparity.scope import MARKERS

    scopes, parts, image_sets = {"."}, {}, set()
    for path in paths:
        directory, _, name = path.rpartition("/")
        hidden = directory.startswith(".github/workflows") or bool(
            {"fixtures", "testdata", "test_data"} & set(directory.split("/"))
        )
        if name in MARKERS and not hidden:
            scopes.add(directory or ".")
            continue
        if not directory or directory.startswith(".github/"):
            continue
        lowered = name.lower()
        if lowered in ("dockerfile", "containerfile") or lowered.startswith("dockerfile."):
            parts.setdefault(directory, set()).add("image")
            if directory.split("/")[-2:-1] in (["images"], ["containers"]):
                image_sets.add(directory)
        elif lowered.startswith("requirements") and lowered.endswith(".txt"):
            parts.setdefault(directory, set()).add("requirements")
        elif lowered.endswith(".py"):
            parts.setdefault(directory, set()).add("code")
    own_program = {d for d in image_sets if {"requirements", "code"} & parts.get(d, set())}
    return (
        scopes | own_program | {directory for directory, found in parts.items() if len(found) == 3}
    )


def test_scopes_of_many_random_trees_are_those_of_the_plain_rule():
    import random

    names = [
        "Dockerfile", "dockerfile.dev", "Containerfile", "requirements.txt",
        "Requirements-Dev.TXT", "app.py", "setup.py", "noxfile.py", "pyproject.toml", "X.PY",
        "README.md", "tox.ini", "Pipfile",
    ]  # fmt: skip
    folders = [
        "", "svc", "svc/a", ".github/x", ".github/workflows", "t/fixtures/p", "testdata",
        "images/hub", "images", "deploy/containers/sync",
    ]  # fmt: skip
    chosen = random.Random(20261203)
    for _ in range(3000):
        paths = [
            f"{folder}/{name}" if folder else name
            for folder, name in (
                (chosen.choice(folders), chosen.choice(names)) for _ in range(chosen.randint(0, 12))
            )
        ]
        assert find_scopes(paths) == _scopes_path_by_path(paths), paths
        assert find_scopes(iter(paths)) == _scopes_path_by_path(paths), paths


def test_which_pyprojects_only_configure_tools():
    from pyparity.scope import configures_tools_only

    assert configures_tools_only("[tool.ruff]\nline-length = 100\n[[tool.mypy.overrides]]\nx = 1\n")
    assert configures_tools_only('# comment\n\n[tool.pytest.ini_options]\naddopts = "-q"\n')
    assert not configures_tools_only('[project]\nname = "x"\n')
    assert not configures_tools_only("[build-system]\nrequires = []\n[tool.ruff]\n")
    assert not configures_tools_only("[tool.ruff]\n[tool.poetry]\nname = 'x'\n")
    assert not configures_tools_only("[tool.uv]\ndev-dependencies = []\n")
    assert not configures_tools_only('name = "x"\n[tool.ruff]\n')  # a top-level key
    assert not configures_tools_only("")  # says nothing: stays what its name says


def test_an_own_scope_anchor_makes_a_scope_of_its_own():
    """A per-file tool target or a dependency group's range is compared with nothing else."""
    floor = supported("pyproject.toml", ">=3.10")
    group = replace(supported("pyproject.toml", ">=3.12", line=9), anchor=f"{OWN_SCOPE}docs group")
    pinned = runtime_pin("src/app/.python-version", "3.10")
    assigned = assign([floor, group, pinned], {".", "src"})
    assert [d.scope for d in assigned] == [".", "docs group", "src"]


def test_forgejo_workflows_compare_with_the_rest(tmp_path):
    """A project whose main CI is Forgejo Actions (GitHub's syntax in `.forgejo/workflows/`):
    its test matrix of container images is the CI, compared with the image it ships."""
    from helpers import scan_tree

    result = scan_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "tool"\nrequires-python = ">=3.10"\n',
            "Dockerfile": "FROM python:3.13-slim\nCOPY . /src\nRUN pip install /src\n",
            ".forgejo/workflows/test.yaml": (
                "on: [push, pull_request]\njobs:\n  test:\n    runs-on: debian-trixie\n"
                "    container: ${{ matrix.container }}\n    strategy:\n      matrix:\n"
                "        container:\n          - python:3.10-slim\n          - python:3.11-slim\n"
                "    steps:\n      - uses: actions/checkout@v5\n"
                "      - run: pip install . pytest && pytest\n"
            ),
            ".forgejo/workflows/helper.py": "print('not a workflow')\n",
        },
    )
    forgejo = [d for d in result.declarations if d.file.startswith(".forgejo/")]
    assert sorted(d.raw for d in forgejo) == ["python:3.10-slim", "python:3.11-slim"]
    assert {d.scope for d in forgejo} == {"."}
    assert [(f.rule, f.file) for f in result.findings if f.rule == "matrix-misses-pin"] == [
        ("matrix-misses-pin", ".forgejo/workflows/test.yaml")
    ]


_ADAPTER_PYPROJECT = """\
[project]
name = "acme-ocr-adapter"
version = "0.0.1"
dependencies = []
requires-python = ">=3.9"

[tool.hatch.build.targets.wheel]
packages = ["src"]
"""
_ADAPTER_CODE = """\
from typing import Any


class OcrAdapter:
    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings

    def process(self, path: str, storage: dict[str, str] | None = None) -> str | None:
        return storage.get(path) if storage else None


Handler = dict[str, Any] | None
"""


def _sdk_tree(adapter_folder: str) -> dict[str, str]:
    return {
        "sdk/pyproject.toml": (
            '[project]\nname = "acme-sdk"\nversion = "1.0"\nrequires-python = ">=3.12, <3.13"\n'
        ),
        "sdk/src/acme/sdk/__init__.py": "",
        "sdk/src/acme/sdk/adapters/__init__.py": "",
        "sdk/src/acme/sdk/adapters/ocr/__init__.py": "from .base import OcrBase\n",
        "sdk/src/acme/sdk/adapters/ocr/base.py": "class OcrBase:\n    pass\n",
        f"{adapter_folder}/pyproject.toml": _ADAPTER_PYPROJECT,
        f"{adapter_folder}/src/__init__.py": "",
        f"{adapter_folder}/src/ocr_adapter.py": _ADAPTER_CODE,
    }


def test_a_project_file_left_inside_a_sub_package_is_part_of_the_package(tmp_path):
    """unstract's SDK ships its adapters inside `src/unstract/sdk1/adapters/<kind>/<name>/`,
    each with a `pyproject.toml` of the days they were packages of their own (`>=3.9`); their
    code runs in the SDK, on its 3.12, so `X | None` at runtime needs nothing it lacks."""
    from pyparity.check import run
    from pyparity.config import Config

    folder = "sdk/src/acme/sdk/adapters/ocr/google_ocr"
    write_tree(tmp_path, _sdk_tree(folder))
    result = run(str(tmp_path), Config(today=TODAY))
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    assert [(i.file, i.reason) for i in result.left_out] == [
        (f"{folder}/pyproject.toml", "part of an import package")
    ]
    assert folder not in result.scopes
    assert find_scopes(_sdk_tree(folder)) >= {"sdk", folder}  # (the listing is filtered first)


def test_a_project_beside_one_package_init_stays_a_project(tmp_path):
    """MLServer's `runtimes/sklearn/` beside `runtimes/__init__.py` is a package published on
    its own: its `>=3.9` is its floor, and code needing 3.10 is still reported."""
    from pyparity.check import run
    from pyparity.config import Config

    tree = _sdk_tree("sdk/src/acme/sdk/adapters/ocr/google_ocr")
    tree = {
        path.replace("sdk/src/acme/sdk/adapters/ocr/google_ocr", "runtimes/ocr"): text
        for path, text in tree.items()
    }
    tree["runtimes/__init__.py"] = ""
    write_tree(tmp_path, tree)
    result = run(str(tmp_path), Config(today=TODAY))
    assert "runtimes/ocr" in result.scopes
    assert [(f.rule, f.file) for f in result.findings if f.severity == "error"] == [
        ("code-floor", "runtimes/ocr/src/ocr_adapter.py")
    ]
    assert result.left_out == ()


def test_each_image_of_a_folder_of_images_is_a_project_of_its_own(tmp_path):
    """zero-to-jupyterhub's chart images: `images/hub/` (python:3.14, a pip-compiled
    requirements.txt) and `images/secret-sync/` (python:3.12-alpine, one script) are built by
    chartpress each from its own folder; neither runs on the other's Python."""
    tree = {
        "dev-requirements.txt": "chartpress\npytest\nrequests\n",
        "images/hub/Dockerfile": (
            "FROM python:3.14-slim-trixie AS slim-stage\n"
            "COPY requirements.txt /tmp/requirements.txt\n"
            "RUN pip install --no-cache-dir -r /tmp/requirements.txt\n"
            'CMD ["jupyterhub", "--config", "/usr/local/etc/jupyterhub/jupyterhub_config.py"]\n'
        ),
        "images/hub/requirements.txt": "jupyterhub==5.4.0\n",
        "images/secret-sync/Dockerfile": (
            "FROM python:3.12-alpine\nRUN pip install --no-cache-dir kubernetes\n"
            "COPY acme-secret-sync.py /usr/local/bin/\n"
            'ENTRYPOINT ["/usr/local/bin/acme-secret-sync.py"]\n'
        ),
        "images/secret-sync/acme-secret-sync.py": "import kubernetes\n",
        "kubernetes/images/web/Dockerfile": "FROM python:2-slim\nCOPY setup.sh /\n",
        "kubernetes/images/web/setup.sh": "git clone https://example.org/app.git /app\n",
        "docker/api/Dockerfile": "FROM python:3.11-slim\nCOPY . /app\n",
        "docker/worker/Dockerfile": "FROM python:3.13-slim\nCOPY . /app\n",
    }
    # (an image that clones the project and runs it is the project's: fossasia's web image)
    assert find_scopes(list(tree)) == {".", "images/hub", "images/secret-sync"}
    result = scan_tree(tmp_path, tree)
    [finding] = [f for f in result.findings if f.rule == "pin-mismatch"]
    assert finding.file.startswith("docker/")  # (two images of one app still disagree)
