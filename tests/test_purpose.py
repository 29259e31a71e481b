"""purpose.classify_job: what a CI job's Python is for."""

import pytest

from pyparity.model import MAINTAINS, Purpose
from pyparity.purpose import classify_job


@pytest.mark.parametrize(
    ("commands", "actions", "why"),
    [
        pytest.param(
            ["pipx run cibuildwheel --output-dir wheelhouse"], [], "cibuildwheel", id="pipx-run"
        ),
        pytest.param(
            ["python -m pip install cibuildwheel", "python -m cibuildwheel"],
            [],
            "cibuildwheel",
            id="python-m",
        ),
        pytest.param(
            [],
            ["actions/checkout@v4", "pypa/cibuildwheel@v3.1.4"],
            "pypa/cibuildwheel",
            id="action",
        ),
        pytest.param(
            ["curl -LsSf https://astral.sh/uv/install.sh | sh"],
            ["actions/checkout@v5", "actions/setup-python@v5", "PyO3/maturin-action@v1"],
            "pyo3/maturin-action",
            id="maturin-action",
        ),
        pytest.param(
            # PyOxidizer: emulation set up for one architecture, by a shell conditional
            [
                'if [ "${CIBW_ARCHS}" = "aarch64" ]; then\n'
                "    sudo apt update\n    sudo apt install -y qemu binfmt-support\nfi\n\n"
                "python3 -m pip install cibuildwheel==2.3.1\n"
                "python3 -m cibuildwheel --output-dir wheelhouse ."
            ],
            [],
            "cibuildwheel",
            id="after-a-shell-conditional",
        ),
    ],
)
def test_the_host_python_of_cibuildwheel_is_tooling(commands, actions, why):
    purpose, reason = classify_job("build_wheels", "Build wheels", commands, actions)
    assert (purpose, reason) == (Purpose.TOOLING, f"only runs tools ({why})")


def test_the_reason_names_the_whole_tool_command():
    purpose, reason = classify_job(
        "build", "", ["python -m pip install build", "python -m build"], []
    )
    assert (purpose, reason) == (
        Purpose.TOOLING,
        "builds, publishes or maintains (python -m build)",
    )


def test_a_legacy_wheel_build_is_packaging():
    purpose, reason = classify_job(
        "build_sandbox", "", ["chmod +x tools/helper", "python3 setup.py bdist_wheel"], []
    )
    assert (purpose, reason) == (
        Purpose.TOOLING,
        "builds, publishes or maintains (python3 setup.py bdist_wheel)",
    )


def test_cibuildwheel_beside_a_test_run_is_still_a_test_job():
    purpose, _ = classify_job("wheels", "", ["pipx run cibuildwheel", "pytest tests"], [])
    assert purpose is Purpose.RUNTIME


@pytest.mark.parametrize(
    ("commands", "purpose"),
    [
        pytest.param(["uvx --with=tox-uv tox run -e docset"], Purpose.TOOLING, id="tox-docset"),
        pytest.param(
            ["pip install tox", "tox run -e docs,lint"], Purpose.TOOLING, id="tox-docs-lint"
        ),
        pytest.param(["nox -s lint"], Purpose.TOOLING, id="nox-lint"),
        pytest.param(["tox run -e codspeed"], Purpose.TOOLING, id="benchmarks"),
        pytest.param(["tox -e pycodestyle"], Purpose.TOOLING, id="tox-pycodestyle"),
        pytest.param(['nox -x --session "docs"'], Purpose.TOOLING, id="nox-quoted-session"),
        pytest.param(["nox -x -t lint"], Purpose.TOOLING, id="nox-tag"),
        pytest.param(["python -m tox -e lint"], Purpose.TOOLING, id="python-m-tox"),
        pytest.param(['nox --session "test-3.12"'], Purpose.RUNTIME, id="nox-quoted-tests"),
        pytest.param(["tox -e apidocs"], Purpose.TOOLING, id="tox-apidocs"),
        pytest.param(["tox -e checkreadme,checkmanifest"], Purpose.TOOLING, id="tox-checks"),
        pytest.param(["tox run -e py312"], Purpose.RUNTIME, id="tox-test-env"),
        pytest.param(["tox run -e docs,py312"], Purpose.RUNTIME, id="mixed"),
        pytest.param(["tox"], Purpose.RUNTIME, id="whole-envlist"),
        pytest.param(["nox -s lint", "pytest -q"], Purpose.RUNTIME, id="tests-too"),
        # nox's `-s` takes every word up to the next option (safir's test matrix)
        pytest.param(
            ["uv run --only-group=nox nox -P $UV_PYTHON -s lint typing test"],
            Purpose.RUNTIME,
            id="nox-sessions-after-lint",
        ),
        pytest.param(["nox -s lint docs -- -W"], Purpose.TOOLING, id="nox-tools-then-posargs"),
        pytest.param(["tox -e lint tests/"], Purpose.TOOLING, id="tox-takes-one-word"),
        pytest.param(["python3 -m tox"], Purpose.RUNTIME, id="tox-env-from-elsewhere"),
    ],
)
def test_tox_and_nox_environments_decide(commands, purpose):
    assert classify_job("job", "", commands, [])[0] is purpose


@pytest.mark.parametrize(
    ("commands", "maintains"),
    [
        # jsonpickle's publish stage: `tox -e release` with the PyPI token
        pytest.param(["python -m pip install tox", "tox -e release"], True, id="tox-release"),
        pytest.param(["nox -s build publish"], True, id="nox-build-publish"),
        pytest.param(["python -m pip install nox", "nox -e build"], True, id="nox-e-build"),
        pytest.param(["tox -e release,docs"], False, id="release-and-docs"),
        pytest.param(["tox -e lint"], False, id="lint"),
    ],
)
def test_release_environments_maintain_the_repository(commands, maintains):
    purpose, why = classify_job("job", "", commands, [])
    assert purpose is Purpose.TOOLING
    assert (MAINTAINS in why) is maintains


@pytest.mark.parametrize(
    ("job_id", "name", "purpose"),
    [
        pytest.param("lint", "", Purpose.TOOLING, id="lint-job"),
        pytest.param("build", "Docs", Purpose.TOOLING, id="docs-by-name"),
        pytest.param("build-docs", "", Purpose.TOOLING, id="build-docs"),
        pytest.param("docs_check", "", Purpose.TOOLING, id="docs-check"),
        pytest.param("publish-docs", "", Purpose.TOOLING, id="publish-docs"),
        pytest.param("generate_docs", "", Purpose.TOOLING, id="generate-docs"),
        pytest.param("check", "", Purpose.UNKNOWN, id="unnamed"),
        # a release archive made by a script of the repository (modelled on a web app's
        # `package` job that builds its UI and tars the tree)
        pytest.param("package", "Package the app", Purpose.TOOLING, id="package-job"),
        pytest.param("packaging", "", Purpose.TOOLING, id="packaging-job"),
        pytest.param("packages-check", "", Purpose.UNKNOWN, id="package-as-part-of-a-name"),
        # a release's gatekeeper that runs the maintainers' version check script
        pytest.param("pre-release-checks", "", Purpose.TOOLING, id="pre-release-checks"),
        pytest.param("job", "Release check", Purpose.TOOLING, id="release-check-by-name"),
        pytest.param("release-tests", "", Purpose.UNKNOWN, id="release-tests"),
    ],
)
def test_a_job_named_for_a_tool_that_runs_a_script_and_no_tests_is_tooling(job_id, name, purpose):
    commands = ["python -m pip install -e .", "python scripts/build_settings_doc.py", "git diff"]
    assert classify_job(job_id, name, commands, [])[0] is purpose


def test_a_job_named_for_a_tool_that_runs_tests_is_still_a_test_job():
    assert (
        classify_job("docs", "", ["python scripts/x.py", "pytest docs"], [])[0] is Purpose.RUNTIME
    )


@pytest.mark.parametrize(
    ("selected", "purpose"),
    [
        pytest.param({"tox": "apidocs"}, Purpose.TOOLING, id="toxenv-tool"),
        pytest.param({"tox": "checkreadme,pre-commit"}, Purpose.TOOLING, id="toxenv-tools"),
        pytest.param({"tox": "py312-test"}, Purpose.RUNTIME, id="toxenv-tests"),
        pytest.param({}, Purpose.RUNTIME, id="whole-envlist"),
        pytest.param({"nox": "docs"}, Purpose.RUNTIME, id="other-tool"),
    ],
)
def test_toxenv_selects_what_a_bare_tox_runs(selected, purpose):
    commands = ["python -m pip install tox", "tox"]
    assert classify_job("job", "", commands, [], selected)[0] is purpose


def test_make_docs_is_a_docs_build():
    commands = ["pip install -r docs/requirements.txt", "make docs", "make linkcheck"]
    assert classify_job("job", "", commands, []) == (Purpose.TOOLING, "only runs tools (make docs)")


def test_tests_run_inside_a_container_are_not_the_hosts():
    # Modelled on a job that builds an Alpine image, runs the tests in it, and then checks
    # an sdist built on the host's Python installs in another container.
    commands = [
        "docker build -f alpine.dockerfile -t suite .",
        "docker run suite pytest -n 3 tests/unit",
        "pip install build\npython -m build --sdist --outdir dist",
        'docker run -v "$PWD/dist:/io" builder ash -c "\n  pip install /io/*.tar.gz\n'
        '  pytest tests/smoke\n"',
        "docker compose run --rm app \\\n  python -m pytest",
    ]
    purpose, reason = classify_job("test-alpine", "", commands, ["actions/setup-python@v5"])
    assert purpose is Purpose.TOOLING
    assert reason == "builds, publishes or maintains (python -m build --sdist --outdir dist)"
    # The same test command on the host is the host's.
    purpose, _ = classify_job("test-alpine", "", [*commands, "pytest tests/host"], [])
    assert purpose is Purpose.RUNTIME


@pytest.mark.parametrize(
    "launch",
    [
        "modal run -m ci.e2e_tests",
        "uv run modal run ci/gpu.py::run_suite",
        "python -m modal deploy app.py",
    ],
)
def test_tests_run_on_modal_are_not_the_hosts(launch):
    # Modelled on GPU projects whose CI job installs the Modal client on the runner and
    # launches the suite in an image on Modal's machines: the runner's Python only drives it.
    commands = [
        "python -m pip install --upgrade pip\npip install modal==1.3.0 jinja2",
        'echo "BASE_TAG=main-py${{ matrix.python_version }}" >> $GITHUB_ENV',
        launch,
    ]
    actions = ["actions/checkout@v4", "actions/setup-python@v5"]
    purpose, reason = classify_job("e2e-gpu", "", commands, actions, every_step=True)
    assert (purpose, reason) == (Purpose.TOOLING, "only installs dependencies (pip install)")
    # Run on the runner, the same suite is the runner's.
    purpose, _ = classify_job("e2e-gpu", "", [*commands, "pytest tests/e2e"], actions)
    assert purpose is Purpose.RUNTIME


def test_a_quarto_site_build_is_a_docs_build():
    commands = [
        "sudo rm -rf /usr/share/dotnet /usr/local/lib/android /opt/ghc",  # disk space freed
        "df -h",
        "python3 -m pip install jupyter quartodoc\npython3 -m pip install -e .",
        "quartodoc build",
        "quarto render",
    ]
    actions = [
        "actions/checkout@v4",
        "quarto-dev/quarto-actions/setup@v2",
        "actions/setup-python@v5",
    ]
    assert classify_job("preview", "", commands, actions) == (
        Purpose.TOOLING,
        "only runs tools (quartodoc)",
    )
    # Freeing space before a test run on one line is no setup line.
    assert classify_job("ci", "", ["tox -e lint", "rm -rf .tox && tox -e py312"], [])[0] is (
        Purpose.RUNTIME
    )
    # A module named for Quarto is no docs build.
    assert classify_job("job", "", ["python -m quartoextras.check"], [])[0] is Purpose.UNKNOWN


@pytest.mark.parametrize(
    "command",
    [
        "python test/test.py",  # a library's own test script, run by Travis
        "python3 tests/run_all.py",
        "python utest/run.py -v",  # unit and acceptance test folders' runners
        "python3 atest/run.py --interpreter python3.12 atest/robot",
        "python integrationtests/run.py",
        "python test_audio.py",
        "make V=1 ci.test",  # a make target named for the tests, with variables first
        "make -j4 test-unit",
        "pytest-3 -v tests",  # Debian's pytest for Python 3
        "just test-all",
        # a just recipe given variables first, one of them an expression (modelled on cattrs)
        "just python=${{ startsWith(matrix.python-version, 'pypy') && matrix.python-version"
        " || format('python{0}', matrix.python-version) }} covcleanup=\"false\" cov",
        "just --justfile ci.just python=python3.12 coverage",
        "scripts/test",  # "scripts to rule them all": the repository's test entry point
        "./script/cibuild",
        'bash scripts/tests "${{ matrix.python-version }}"',
        "./.buildkite/run-tests",  # a CI folder's test entry point (Buildkite pipelines)
        ".buildkite/steps/test",
        ".buildkite/run_functional_test.sh",
        "bash ci/run_unit_tests.sh",
        "python ./run-test.py --repository gateway-test",  # lakeFS's Spark integration driver
        # a console script wrapping Django's manage.py, after the wheel is built
        "python -m build --wheel && pip install dist/*.whl && myapp-manage test --parallel",
        "uv run poe test",  # poethepoet tasks
        "poetry run poe test-cov",
        "inv cover qa",  # invoke's short name
        "invoke test --coverage",
        "time python -m backtesting.test",  # a package's test module run by its `__main__`
        "python3.12 -m mypkg.tests -v",
        "python -m tests",
        "poetry run trial --jobs=6 tests",  # Twisted's test runner
        "python -m twisted.trial mypkg",
        "coverage run -m twisted.trial mypkg.test",
        "trial --reporter=text mypkg.test",
    ],
)
def test_test_scripts_and_make_test_targets_run_the_tests(command):
    purpose, _ = classify_job("build", "", [command], [])
    assert purpose is Purpose.RUNTIME


@pytest.mark.parametrize(
    "command",
    [
        "python scripts/release.py",
        "make V=1 install",
        "just lint",
        "just python=python3.12 cover-page",
        'echo "trial run of the release"',
        "./configure --with-trial-license",
        "scripts/testing-setup.sh",
        "./run-tests-report.py --upload",
        ".buildkite/run_snyk.sh",
        'echo "run_tests=1" >> $GITHUB_OUTPUT',  # a job that decides whether tests run
        "if [ ${{ steps.check.outputs.run_tests }} ]; then echo skip; fi",
        "uv run poe lint",
        "inv docs",
        "make doc8",
        "python latest/publish.py",  # a folder whose name only ends in "test"
        "python contest/score.py",
        "python -m mypkg.test_utils --write",  # a module whose name only starts so
        "python -m testing.fixtures",
    ],
)
def test_other_scripts_and_targets_are_not_tests(command):
    purpose, _ = classify_job("build", "", [command], [])
    assert purpose is not Purpose.RUNTIME


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("python -m build", "python -m build"),
        ("python -m build --sdist --outdir dist", "python -m build --sdist --outdir dist"),
        ("python -m build . --sdist && twine check dist/*", "python -m build . --sdist"),
        ("uv build --wheel > build.log", "uv build --wheel"),
        ("twine upload dist/*", "twine"),
    ],
)
def test_a_build_frontends_options_are_part_of_the_reason(command: str, reason: str) -> None:
    """Whether the frontend makes a wheel (wheels-mismatch asks) is in its options."""
    _, said = classify_job("package", "", [command, "./tools/check_dist.py"], [])
    assert said == f"builds, publishes or maintains ({reason})"


RELEASE_VERSION = """\
if [ -n "${{ github.event.inputs.version }}" ]; then
  VERSION="${{ github.event.inputs.version }}"
else
  VERSION=$(python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")
fi
for i in $(seq 1 10); do
  HTTP_CODE=$(curl -s -o /dev/null -w "%{http_code}" "https://pypi.org/pypi/pkg/$VERSION/json")
  [ "$HTTP_CODE" == "200" ] && break
  sleep 30
done
echo "version=$VERSION" >> $GITHUB_OUTPUT
"""


def test_a_job_whose_python_only_runs_one_liners_is_tooling():
    """A release job that reads the version with `python -c` and pushes an image."""
    actions = ["actions/checkout@v4", "actions/setup-python@v5", "docker/build-push-action@v6"]
    assert classify_job("push-image", "", [RELEASE_VERSION], actions, every_step=True) == (
        Purpose.TOOLING,
        "runs Python only for one-liners (python -c)",
    )


@pytest.mark.parametrize(
    "more",
    [
        pytest.param("./scripts/smoke.sh", id="a-script"),
        pytest.param("bash ci/check.sh", id="bash-script"),
        pytest.param("python -m pkg.selfcheck", id="a-module"),
        pytest.param("make integration", id="make"),
        pytest.param("pip install . && pkg --version", id="installs"),
    ],
)
def test_a_one_liner_beside_anything_else_that_may_run_python_is_not_enough(more):
    purpose, _ = classify_job("job", "", [RELEASE_VERSION, more], [], every_step=True)
    assert purpose is Purpose.UNKNOWN


@pytest.mark.parametrize(
    ("commands", "install"),
    [
        pytest.param(
            ["curl -sSL https://install.python-poetry.org | python3 -", "poetry install"],
            "poetry install",
            id="poetry-lock-check",
        ),
        pytest.param(["pip install uv", "uv lock --check", "uv sync --frozen"], "uv sync", id="uv"),
        pytest.param(["python -m pip install -e .[all]"], "pip install", id="pip"),
    ],
)
def test_a_job_that_only_installs_is_tooling(commands, install):
    job = ("poetry", "run poetry install to check lock file", commands, [])
    assert classify_job(*job, every_step=True) == (
        Purpose.TOOLING,
        f"only installs dependencies ({install})",
    )


def test_an_install_followed_by_a_command_is_not_only_an_install():
    job = ("job", "", ["poetry install", "poetry run lnbits --help"], [])
    assert classify_job(*job, every_step=True)[0] is Purpose.UNKNOWN


def test_only_the_whole_of_a_job_tells_that_it_merely_installs():
    """A composite action that installs is the environment of its callers' tests; a job
    that calls a local action may run anything there."""
    assert classify_job("action", "", ["uv sync --locked"], [])[0] is Purpose.UNKNOWN
    job = ("job", "", ["pip install -e ."], ["./.github/actions/run-suite"])
    assert classify_job(*job, every_step=True)[0] is Purpose.UNKNOWN
    purpose, _ = classify_job("job", "", [RELEASE_VERSION], [])
    assert purpose is Purpose.UNKNOWN


@pytest.mark.parametrize(
    ("commands", "actions"),
    [
        pytest.param(["uv sync"], ["CodSpeedHQ/action@v4"], id="an-action-that-runs-commands"),
        pytest.param(
            ['echo "abi=$(uv run pyodide config get abi)"', "uv sync"], [], id="echo-of-a-run"
        ),
        pytest.param([RELEASE_VERSION], ["./.github/actions/release"], id="a-local-action"),
    ],
)
def test_an_action_or_a_substitution_may_run_the_project(commands, actions):
    assert classify_job("job", "", commands, actions, every_step=True)[0] is Purpose.UNKNOWN


@pytest.mark.parametrize(
    "commands",
    [
        pytest.param(
            ["pip install slack-sdk", 'echo "$GITHUB_CONTEXT" | python tools/alert.py'],
            id="an-echo-piped-to-a-script",
        ),
        pytest.param(
            ["python -m pip install hatch", 'hatch env run --env "test.py3.13" run-benchmark'],
            id="hatch-env-run",
        ),
        pytest.param(["pip install -e . && pkg selftest"], id="a-chained-command"),
    ],
)
def test_a_setup_line_that_runs_something_is_not_only_an_install(commands):
    assert classify_job("job", "", commands, [], every_step=True)[0] is Purpose.UNKNOWN


def test_a_script_under_github_fed_by_an_echo_is_maintenance():
    commands = ["pip install slack-sdk", 'echo "$GITHUB_CONTEXT" | python .github/alert.py']
    assert classify_job("job", "", commands, [], every_step=True) == (
        Purpose.TOOLING,
        "builds, publishes or maintains (python .github/alert.py)",
    )


def test_uv_installing_a_python_before_a_tool_is_setup():
    commands = [
        "uv python install 3.11",
        "uv sync --dev --all-extras --python 3.11",
        "uv run --no-sync pre-commit run --all-files --show-diff-on-failure",
    ]
    purpose, why = classify_job("code-style", "", commands, [])
    assert (purpose, why) == (Purpose.TOOLING, "only runs tools (pre-commit)")


def test_a_tool_job_that_reports_its_failure_is_still_a_tool_job():
    """A lint job whose last step turns the tools' outcome into an error message and `exit 1`
    (modelled on a uv project's ruff job with continue-on-error steps)."""
    commands = [
        "uv sync --all-extras --dev",
        "uv run ruff check --output-format=github .",
        "uv run ruff format --check .",
        'echo "::error::Ruff found problems; run make fix"\nexit 1',
    ]
    assert classify_job("ruff", "", commands, [], every_step=True) == (
        Purpose.TOOLING,
        "only runs tools (ruff)",
    )


PLUMBING = ["actions/checkout@v4", "actions/setup-python@v5"]


@pytest.mark.parametrize(
    ("commands", "script"),
    [
        pytest.param(
            [
                "python3 -m pip install aiohttp gidgethub",
                "python .github/workflows/scripts/label_issues.py",
            ],
            "python .github/workflows/scripts/label_issues.py",
            id="issue-labeller",
        ),
        pytest.param(
            [
                "pip install click packaging pyyaml",
                'key=$(echo "$VERSION" | cut -d" " -f1)\ncase "$key" in\n  patch|minor)\n'
                '    python .github/update_versions.py --bump-type "$key"\n    ;;\nesac',
            ],
            "python .github/update_versions.py",
            id="version-bump-in-a-case",
        ),
        pytest.param(
            ["node --test .github/tests/*.js", "python .github/tests/test_check_coverage.py"],
            "python .github/tests/test_check_coverage.py",
            id="tests-of-the-ci-scripts",
        ),
        pytest.param(
            # an HR application's check that a PR links its documentation
            [
                "pip install requests --quiet",
                "python $GITHUB_WORKSPACE/.github/helper/documentation.py $PR_NUMBER",
            ],
            "python $GITHUB_WORKSPACE/.github/helper/documentation.py",
            id="through-the-workspace-variable",
        ),
        pytest.param(
            ["python3 ${{ github.workspace }}/.github/scripts/notify.py"],
            "python3 ${{ github.workspace }}/.github/scripts/notify.py",
            id="through-the-workspace-expression",
        ),
    ],
)
def test_a_job_that_only_runs_scripts_kept_under_github_maintains_the_repository(commands, script):
    purpose, reason = classify_job("bot", "", commands, PLUMBING, every_step=True)
    assert (purpose, reason) == (Purpose.TOOLING, f"builds, publishes or maintains ({script})")


@pytest.mark.parametrize(
    ("commands", "actions"),
    [
        (["pip install -e .", "python .github/check.py"], PLUMBING),
        (["pip install -r requirements.txt", "python .github/check.py"], PLUMBING),
        (["uv sync", "python .github/check.py"], PLUMBING),
        (["pip install click", "python .github/check.py", "python -m mypkg.cli"], PLUMBING),
        (["pip install click", "python .github/check.py"], ["./.github/actions/setup"]),
        (["pip install click", "python scripts/check.py"], PLUMBING),
    ],
)
def test_a_script_beside_the_project_or_an_unknown_action_is_not_maintenance(commands, actions):
    purpose, _ = classify_job("bot", "", commands, actions, every_step=True)
    assert purpose is Purpose.UNKNOWN
    assert classify_job("bot", "", commands[:2], PLUMBING)[0] is Purpose.UNKNOWN  # a part only


def test_a_pixi_test_task_runs_the_tests():
    commands = ["pixi run -e ${{ matrix.environment }} --frozen test-unit $COV"]
    assert classify_job("unit", "", commands, [])[0] is Purpose.RUNTIME
    assert classify_job("unit", "", ["pixi run -e docs build-docs"], [])[0] is not Purpose.RUNTIME


@pytest.mark.parametrize(
    "commands",
    [
        ["python -m pip install build", "python -m build"],
        ["pip install build twine", "python -m build", "twine check dist/*"],
    ],
)
def test_a_job_that_only_packages_maintains_the_repository(commands):
    """Modelled on a release workflow's build job on a floating `3.x`: it packages, and its
    Python need not be one the project supports (outside-range leaves such jobs alone)."""
    purpose, reason = classify_job("build", "", commands, PLUMBING, every_step=True)
    assert purpose is Purpose.TOOLING
    assert reason.startswith("builds, publishes or maintains (")
    ruff_too = classify_job("build", "", [*commands, "ruff check ."], PLUMBING, every_step=True)
    assert ruff_too[1].startswith("only runs tools (")


def test_system_packages_installed_for_a_lint_are_setup():
    """Modelled on a pull-request step that installs git with apt-get to diff the changed
    files, then runs flake8 and black on them."""
    commands = [
        "pip install flake8 black",
        "apt-get update && apt-get install -y git",
        'export changed=$(git diff --name-only origin/main... | grep "\\.py$")',
        'if [ -n "$changed" ]; then echo $changed | xargs flake8; fi',
        'if [ -n "$changed" ]; then echo $changed | xargs black --check; fi',
    ]
    assert classify_job("step 1", "", commands, [])[0] is Purpose.TOOLING


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        pytest.param(
            "hatch run tests.py${{ matrix.python-version }}-${{ matrix.airflow }}:test-cov",
            Purpose.RUNTIME,
            id="an-environments-test-script",
        ),
        pytest.param("hatch run ci:cov-report", Purpose.RUNTIME, id="coverage-script"),
        pytest.param("hatch run docs:build", Purpose.UNKNOWN, id="a-docs-script"),
    ],
)
def test_a_hatch_environments_test_script_runs_the_tests(command, purpose):
    assert classify_job("run-tests", "", [command], [])[0] is purpose


def test_a_runtests_script_runs_the_tests():
    """MONAI's minimal-dependency matrix: `./runtests.sh --min`."""
    assert classify_job("min-dep", "", ["./runtests.sh --min"], [])[0] is Purpose.RUNTIME


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        pytest.param("make check", Purpose.RUNTIME, id="check"),
        pytest.param("make check-actions", Purpose.UNKNOWN, id="a-target-that-starts-with-check"),
        pytest.param("make test-unit", Purpose.RUNTIME, id="test-unit"),
    ],
)
def test_a_make_target_is_matched_whole(command, purpose):
    """simpeg's zizmor job runs `make check-actions`: a workflow linter, not `make check`."""
    assert classify_job("zizmor", "", [command], [])[0] is purpose


def test_a_job_that_makes_a_release_with_a_script_of_its_own_maintains_the_repository():
    """A tag's workflow that runs the repository's packaging script and creates a draft
    release: the Python runs the packaging, not the project."""
    commands = ["sudo apt-get install -y gettext", "python3 ./build-scripts/package/package.py"]
    actions = ["actions/checkout@v4", "actions/setup-python@v5", "actions/setup-node@v4"]
    release = [*actions, "shogo82148/actions-create-release@v1"]
    assert classify_job("build", "", commands, release)[0] is Purpose.TOOLING
    assert classify_job("build", "", commands, actions)[0] is Purpose.UNKNOWN


def test_a_docs_build_target_with_a_suffix_is_a_docs_build():
    """Modelled on a Rust-backed library's docs job: sphinx installed, the bindings built,
    then `make html_all` in docs/."""
    commands = [
        "pip install sphinx sphinx_rtd_theme setuptools-rust",
        "pip install -e .",
        'make clean && make html_all O="-W --keep-going"',
    ]
    assert classify_job("build", "", commands, ["actions/checkout@v6"])[0] is Purpose.TOOLING


def test_a_job_that_runs_no_command_on_its_python_is_tooling():
    """An upload job whose upload step is commented out: checkout, setup-python, download."""
    actions = ["actions/checkout@v6", "actions/setup-python@v6", "actions/download-artifact@v8"]
    purpose, why = classify_job("upload", "", [], actions, every_step=True)
    assert (purpose, why) == (Purpose.TOOLING, "runs no command on its Python")
    # A composite action's steps are not all its callers run.
    assert classify_job("upload", "", [], actions)[0] is Purpose.UNKNOWN
    assert classify_job("upload", "", [], [*actions, "acme/deploy@v1"], every_step=True)[0] is (
        Purpose.UNKNOWN
    )
    # A job that calls a reusable workflow has no steps of its own: what it runs is there.
    assert classify_job("test", "", [], [], every_step=True)[0] is Purpose.UNKNOWN


def test_make_doctest_is_no_docs_build():
    """Sphinx's doctest builder runs the documentation's examples: tests, not a docs build."""
    assert classify_job("test", "", ["make doctest"], [])[0] is not Purpose.TOOLING


_BAKE = ("", "docker/bake-action@v7.3.0")
_SETUP = ("", "actions/setup-python@v6")


@pytest.mark.parametrize(
    ("steps", "builder"),
    [
        pytest.param(
            [
                _BAKE,
                _SETUP,
                ("python -m venv venv\nvenv/bin/pip install -r requirements-test.txt", ""),
                ("venv/bin/pytest --color=yes", ""),
            ],
            "docker/bake-action",
            id="bake-then-test-requirements",
        ),
        pytest.param(
            [
                ("", "docker/build-push-action@v7"),
                _SETUP,
                ("python -m pip install docker pytest", ""),
                ("pytest tests", ""),
            ],
            "docker/build-push-action",
            id="build-push-then-named-packages",
        ),
        pytest.param(
            [_SETUP, ("pip3 install -r ./dev-requirements.txt\nchartpress && pytest ./tests", "")],
            "chartpress",
            id="one-step-build-then-test",
        ),
        pytest.param(
            [
                _SETUP,
                ("docker compose up -d --build --wait", ""),
                ("pip install requests pytest", ""),
                ("pytest tests/e2e", ""),
            ],
            "docker compose up",
            id="compose-up-build",
        ),
        pytest.param(
            [_SETUP, ("pip install -e .[test]", ""), ("docker build -t app .", ""), ("pytest", "")],
            "",
            id="the-project-installed",
        ),
        pytest.param(
            [_SETUP, ("python -m pip install '.[test]'", ""), _BAKE, ("pytest", "")],
            "",
            id="the-project-installed-quoted",
        ),
        pytest.param(
            [_SETUP, ("uv pip install -r requirements.txt ./libs/core", ""), _BAKE, ("pytest", "")],
            "",
            id="a-path-installed",
        ),
        pytest.param(
            [_SETUP, ("pip install -r requirements.txt", ""), ("pytest", ""), _BAKE],
            "",
            id="tests-before-the-build",
        ),
        pytest.param(
            [_SETUP, ("docker compose up -d postgres redis", ""), ("pytest", "")],
            "",
            id="services-only",
        ),
        pytest.param([_BAKE, _SETUP, ("tox -e py312", "")], "", id="tox-installs-the-project"),
        pytest.param(
            [_BAKE, ("docker run --rm app:latest pytest", "")], "", id="tests-in-the-container"
        ),
    ],
)
def test_a_job_that_tests_the_images_it_builds(steps, builder):
    from pyparity.purpose import tests_built_images

    assert tests_built_images(steps) == builder


def test_a_release_job_that_compiles_translations_only_builds():
    """A Django package's release: gettext's catalogues compiled by `django-admin
    compilemessages`, then `python -m build` and the PyPI upload. Compiling translations
    runs gettext, not the project; migrating runs it."""
    commands = [
        "sudo apt-get install -y gettext",
        "python -m pip install build --user",
        "npm install\nnpm run build",
        "django-admin compilemessages",
        "python -m build --sdist --wheel --outdir dist/ .",
    ]
    actions = ["actions/checkout@v4", "actions/setup-python@v5", "pypa/gh-action-pypi-publish@v1"]
    purpose, reason = classify_job("build-n-publish", "", commands, actions, every_step=True)
    assert purpose is Purpose.TOOLING
    assert reason.startswith("builds, publishes or maintains (python -m build")
    migrating = [*commands[:3], "python manage.py makemessages -a && python manage.py migrate"]
    assert classify_job("deploy", "", migrating, actions, every_step=True)[0] is Purpose.RUNTIME


def test_a_packaging_tox_environment_selected_by_toxenv_is_tooling():
    purpose, why = classify_job("pypi", "", ["python3 -m tox"], [], {"tox": "packaging"})
    assert (purpose, why) == (Purpose.TOOLING, "only runs tool environments (packaging)")


@pytest.mark.parametrize(
    ("commands", "purpose"),
    [
        # the job that merges the test jobs' coverage data (modelled on a tox matrix's
        # `check` job): it installs coverage and uploads, and runs no tests
        pytest.param(
            ["pip3 install 'coverage>=7.5.1'", "find . -name coverage.xml | wc -l"],
            Purpose.UNKNOWN,
            id="coverage-merge-job",
        ),
        pytest.param(
            ["python -m pip install --upgrade coverage[toml] codecov"],
            Purpose.UNKNOWN,
            id="coverage-tools-only",
        ),
        pytest.param(
            ["pip install coverage && coverage run -m pytest"], Purpose.RUNTIME, id="chained"
        ),
        pytest.param(["pip install pytest coverage"], Purpose.RUNTIME, id="a-test-runner-too"),
        pytest.param(["python -m coverage run -m mypkg.tests"], Purpose.RUNTIME, id="runs-it"),
        pytest.param(["pip install tox", "${{ matrix.command }}"], Purpose.RUNTIME, id="tox"),
    ],
)
def test_installing_coverage_tools_runs_no_tests(commands, purpose):
    assert classify_job("check", "", commands, [])[0] is purpose


# modelled on a library's lint workflow, a matrix of four Pythons
LINT_INSTALL = "pip install pytest flake8 black ruff isort pylint typing-extensions"


@pytest.mark.parametrize(
    ("commands", "purpose"),
    [
        pytest.param([LINT_INSTALL, "make lint", "make test_flake8"], Purpose.TOOLING, id="lint"),
        pytest.param(
            [LINT_INSTALL, "ruff check .", "black --check ."], Purpose.TOOLING, id="tools"
        ),
        pytest.param([LINT_INSTALL, "make lint", "make test"], Purpose.RUNTIME, id="tests-too"),
        pytest.param([LINT_INSTALL, "make lint", "./ci/run.sh"], Purpose.RUNTIME, id="a-script"),
        pytest.param([LINT_INSTALL, "${{ matrix.task }}"], Purpose.RUNTIME, id="matrix-command"),
        pytest.param(
            ["pip install pytest && make lint"], Purpose.RUNTIME, id="chained-install-is-kept"
        ),
    ],
)
def test_a_test_runner_only_installed_for_a_job_of_tools_is_not_run(commands, purpose):
    assert classify_job("build", "", commands, [])[0] is purpose


@pytest.mark.parametrize("target", ["test_flake8", "pylint", "run-ruff", "black-check", "lint"])
def test_a_make_target_named_for_a_linter_is_tooling(target):
    assert classify_job("build", "", [f"make {target}"], [])[0] is Purpose.TOOLING


@pytest.mark.parametrize(
    "command", ["pipx run build", "uvx --from build pyproject-build --installer uv"]
)
def test_building_the_distributions_with_pipx_or_uvx_is_packaging(command):
    purpose, why = classify_job("build", "", [command, "ls -rthlaR"], [], every_step=True)
    assert purpose is Purpose.TOOLING
    assert why.startswith("builds, publishes or maintains")


@pytest.mark.parametrize(
    ("commands", "actions", "purpose"),
    [
        pytest.param(['echo "All Python tests done"'], [], Purpose.TOOLING, id="echo"),
        pytest.param(
            ["# gate\necho ok; exit 0", "printf 'done\\n'"], [], Purpose.TOOLING, id="more"
        ),
        pytest.param(['echo "$(python -V)"'], [], Purpose.UNKNOWN, id="substitution"),
        pytest.param(["echo ok | python -"], [], Purpose.UNKNOWN, id="piped-to-python"),
        pytest.param(["echo ok", "exit 1"], [], Purpose.UNKNOWN, id="fails-on-purpose"),
        pytest.param(["echo ok"], ["./.github/actions/suite"], Purpose.UNKNOWN, id="local-action"),
    ],
)
def test_a_gate_job_that_only_prints_runs_nothing(commands, actions, purpose):
    assert classify_job("gate", "", commands, actions, every_step=True)[0] is purpose
    assert classify_job("gate", "", commands, actions)[0] is Purpose.UNKNOWN


def test_a_lint_of_named_files_in_a_conda_env_is_tooling():
    """DIRAC's pylint of the modules that must still run on 2.7: conda sets up the env, a
    CI helper script checks the pipeline, and the continued lines name the files pylint
    checks."""
    commands = [
        ".github/workflows/fail-fast.sh",
        "conda config --set add_pip_as_python_dependency false\n"
        "conda create -c conda-forge -n test-env python=2.7 pylint=1.9.2\n",
        'eval "$(conda shell.bash hook)" && conda activate test-env\n'
        "pylint -j 0 -E \\\n  tests/Test_PilotWrapper.py \\\n  src/grid/Batch/*.py\n",
    ]
    purpose, why = classify_job("pylint-py27", "", commands, ["actions/checkout@v4"])
    assert (purpose, why) == (Purpose.TOOLING, "only runs tools (pylint)")
    # a script of the repository's own beside pylint is something else again
    other = [*commands, "./run_integration.sh"]
    assert classify_job("pylint-py27", "", other, [])[0] is not Purpose.TOOLING


@pytest.mark.parametrize(
    "command",
    [
        "python3.12 -m pip install Sphinx==8.1.3\nmake -C ${{ matrix.dir }} html",  # PyOxidizer
        "make -C docs html",
        "make -j4 SPHINXOPTS=-W html",
    ],
)
def test_make_html_given_options_first_is_a_docs_build(command: str) -> None:
    purpose, reason = classify_job("sphinx", "", [command], [])
    assert purpose is Purpose.TOOLING
    assert "make" in reason


def test_a_conditional_around_a_command_of_the_project_still_runs_it() -> None:
    """The `if`/`fi` lines are no commands; what they hold still counts."""
    commands = ["if [ -f data.csv ]; then\n  python load_data.py\nfi\nruff check ."]
    purpose, _ = classify_job("x", "", commands, [])
    assert purpose is Purpose.UNKNOWN


def test_a_job_that_opens_a_pull_request_maintains_the_repository():
    """mistralai's SDK update: a generator run by an invoke task, then `gh pr create` (as
    peter-evans/create-pull-request opens one); its Python runs tools, not the project."""
    commands = [
        "uv sync --group dev --group lint --no-default-groups",
        "curl -fsSL https://go.speakeasy.com/cli-install.sh | sh",
        'uv run inv update-speakeasy --version "1.580.2" $TARGETS_ARGS',
        "git add .\ngit commit -m 'Update SDKs'\ngit push origin update-sdks",
        "gh pr create \\\n  --base main \\\n  --head update-sdks --label automated",
    ]
    purpose, said = classify_job("update-sdks", "", commands, ["actions/checkout@v4"])
    assert (purpose, said) == (Purpose.TOOLING, "builds, publishes or maintains (git push)")
    tested, _ = classify_job("update-sdks", "", [*commands, "uv run pytest"], [])
    assert tested is Purpose.RUNTIME


DOCS_INSTALL = 'pip install ".[docs]" pytest packaging'


@pytest.mark.parametrize(
    ("job_id", "name", "tests", "purpose"),
    [
        # the docs' own tests (an aggregation script's), then the Sphinx build
        ("docs-build", "Build docs and run aggregation tests", "pytest docs/tests -v", "tooling"),
        ("build", "docs", "python -m pytest -q --tb=short ./doc/tests/test_conf.py", "tooling"),
        # the project's tests too
        ("docs-build", "", "pytest tests docs/tests", "runtime"),
        ("docs", "", "pytest", "runtime"),
        ("docs", "", "pytest -k docs/", "runtime"),
        ("docs", "", "pytest --ignore docs/x docs/", "runtime"),
        # not a docs job: docs/tests may hold the project's doctests
        ("tests", "", "pytest docs/tests", "runtime"),
    ],
)
def test_a_docs_job_that_runs_only_the_docs_own_tests_is_tooling(job_id, name, tests, purpose):
    commands = [DOCS_INSTALL, tests, "sphinx-build -b html docs/source docs/_build/html"]
    found, why = classify_job(job_id, name, commands, ["actions/setup-python@v5"])
    assert found is Purpose(purpose)
    if purpose == "tooling":
        assert why.startswith("a docs job whose tests are the docs' own (")
        assert "pytest" in why


def test_a_job_that_pushes_a_commit_of_its_own_maintains_the_repository():
    """A scheduled job that re-pins submodules with a shell script and pushes the commit."""
    commands = [
        "pip install packaging",
        "bash scripts/update-doc-submodules.sh --mode main",
        'git config user.name "github-actions[bot]"\ngit commit -am "docs: refresh"\n'
        'git push \\\n  "https://x-access-token:${GH_TOKEN}@github.com/${GITHUB_REPOSITORY}.git" \\\n'
        '  "HEAD:${GITHUB_REF_NAME}"',
    ]
    found, why = classify_job("update-submodules", "", commands, ["actions/setup-python@v5"])
    assert (found, why.split(" (")[0]) == (Purpose.TOOLING, "builds, publishes or maintains")
    assert classify_job("ci", "", ["pytest", "git push"], [])[0] is Purpose.RUNTIME
