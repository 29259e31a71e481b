"""Reading GitHub Actions: workflows, their jobs and steps, and local actions.

One module per GitHub concept, so that "how is X read" is found by name:

- `workflow`: the files read (`.github/workflows/*.yml`, `.github/actions/**/action.yml`)
  and the jobs of a workflow, step by step.
- `job`: a job as read (env, purpose, working directory, its matrix runs).
- `runs`: the runs of a matrix job, each with its purpose and permission to fail.
- `matrix`: `strategy.matrix` with `include` / `exclude` semantics.
- `step_matrix`: a matrix another job makes from a literal (`fromJSON(needs.x.outputs.y)`).
- `expression`: `${{ }}` expressions, evaluated for one run (`||`, `fromJSON`, `format`...).
- `values`: the values an input takes over a job's runs (`${{ matrix.x }}`, `${{ env.x }}`).
- `step`: a step as it runs (in which runs, only tried, set up to be refused).
- `setup_actions`: `actions/setup-python` and the other actions that set up a Python.
- `run_steps`: Pythons set up by `run:` commands (`uv ... --python`, `conda create python=`).
- `conda_build`: `conda-build --python=3.12` in `run:` steps.
- `containers`: job `container:` and `services:` images.
- `cibuildwheel`: the wheels cibuildwheel steps build.
- `maturin`: the interpreters maturin builds for (`-i`), a release build's wheel set.
- `docker_build`: `docker/build-push-action` builds and their `build-args`.
- `reusable_workflow`: `workflow_call` inputs and their defaults, local calls
  (`uses: ./.github/workflows/x.yml`, resolved in `pyparity.resolve`) and remote ones.
- `remote_workflow`: the Pythons a call gives a reusable workflow of another repository.
- `composite_action`: a local action's `runs.steps`.
- `remote_builds`: tests handed to AWS CodeBuild (`aws-actions/aws-codebuild-run-build`),
  whose Python the workflow does not say.
"""

KIND = "workflow"
