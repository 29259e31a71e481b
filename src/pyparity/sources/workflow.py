"""GitHub Actions workflows (`.github/workflows/*.yml`, `*.yaml`) and local actions
(`.github/actions/**/action.yml`, and an `action.yml` in any other folder under `.github/`).

Reads `actions/setup-python` (and another repository's action named `setup-python`: a fork,
or an organisation's wrapper such as `Chia-Network/actions/setup-python`),
`astral-sh/setup-uv`, `conda-incubator/setup-miniconda`, `deadsnakes/action` and
`pdm-project/setup-pdm` `python-version` (scalar, YAML list, multi-line string: one version
a line outside `${{ }}`; `${{ matrix.* }}` with GitHub's `include` and `exclude` semantics,
an `||` of matrix values and strings, `${{ env.* }}` at workflow, job or step level (an env
value that names the matrix takes its values), `fromJSON` of a literal, any other expression
evaluated for each run of the matrix; an empty value is no value, as for setup-python),
`python-version-file` (resolved later against the named file), `uv run|sync|venv|build|tool
install ... --python 3.12` (written, over the matrix, or a `$VARIABLE` of `env:`), `uvx -p
3.12`, `UV_PYTHON` in `env:` (for the uv commands that name no Python, where setup-uv is
given none; with no `UV_PYTHON` either, in a job that sets no Python up, the nearest
`.python-version`, as uv reads it), `uv python install 3.12 3.13` and `conda install|create
... python=3.12` (conda, mamba, micromamba; setup-micromamba's `create-args`) in `run:`
steps, the conda environment file setup-miniconda (without `python-version`) or
setup-micromamba (without `python=` in `create-args`) creates (`environment-file:`, written
or chosen by the matrix: resolved later to that file's `python` pin), job `container:` /
`services:` images (over the matrix, a matrix; one that cannot be known is an unresolved
Python only when it may be a Python image), the tox environments or Pythons a job gives a
reusable workflow of another repository, the inputs a step gives a local composite action
(`uses: ./.github/actions/x`, joined to the action's `${{ inputs.x }}` and defaults as a
reusable workflow's are), `docker/build-push-action` `build-args` over the matrix (followed
into the Dockerfile's `ARG`s as compose's are), tox environments named by the matrix (`tox
-e py${{ matrix.py }}`) in a job that sets up no Python otherwise, and cibuildwheel's
`CIBW_BUILD` (written, or varied by the matrix), `CIBW_SKIP` and
`CIBW_PROJECT_REQUIRES_PYTHON` (step, job or workflow `env`) for the wheels it builds.

A matrix job is read run by run: a step whose `if:` is false in a run does not run there,
`continue-on-error` expressions let exactly the runs they match fail, and each run's purpose
(runtime, build, tooling or unknown) comes from what it runs, with its matrix values in its
commands (`tox -e ${{ matrix.toxenv }}`). A Python set up to prove it is refused (`! pip
install .` after it, a step named "... rejects ...") is tooling and promised by nothing.
"""

# The reader lives in the package `github_actions`, one module per GitHub concept.

from pyparity.sources.github_actions import KIND
from pyparity.sources.github_actions.workflow import matches, read

__all__ = ["KIND", "matches", "read"]
