"""Tests handed to AWS CodeBuild: their Python is set outside the repository."""

import textwrap

from helpers import scan_tree, text_file

from pyparity.model import Purpose, Role
from pyparity.sources.workflow import read

# modelled on an SDK whose pull-request checks run each sub-package's unit tests in a
# CodeBuild project and one shallow integration job on GitHub's runners
PR_CHECKS = textwrap.dedent(
    """\
    name: PR checks
    on:
      pull_request_target:
        branches: [master]
    permissions:
      id-token: write
      contents: read
    jobs:
      unit-tests:
        runs-on: ubuntu-latest
        strategy:
          matrix:
            submodule: [core, train, serve]
        steps:
          - name: Configure AWS Credentials
            uses: aws-actions/configure-aws-credentials@v4
            with:
              role-to-assume: ${{ secrets.CI_ROLE }}
              aws-region: us-west-2
          - name: Run Unit Tests for ${{ matrix.submodule }}
            uses: aws-actions/aws-codebuild-run-build@v1
            with:
              project-name: sdk-ci-unit-test-v3
              env-vars-for-codebuild: SUBMODULE
            env:
              SUBMODULE: ${{ matrix.submodule }}
      deploy-docs:
        runs-on: ubuntu-latest
        steps:
          - uses: aws-actions/aws-codebuild-run-build@v1
            with:
              project-name: sdk-docs-publish
      shallow-integ:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - uses: actions/setup-python@v5
            with:
              python-version: '3.12'
          - run: pip install . pytest && pytest tests/integ/shallow
    """
)


def test_a_codebuild_test_step_is_an_unresolved_ci_test():
    declarations = list(read(text_file(".github/workflows/pr-checks.yml", PR_CHECKS)))
    [remote] = [d for d in declarations if d.role is Role.UNRESOLVED]
    assert (remote.span.line, remote.purpose) == (21, Purpose.RUNTIME)
    assert "AWS CodeBuild project sdk-ci-unit-test-v3" in remote.context
    assert "the tests run in AWS CodeBuild" in remote.note
    # the docs build is no test; the integration job's Python is read as always
    assert [d.raw for d in declarations if d.role is Role.PIN] == ["3.12"]


def test_a_range_whose_floor_only_codebuild_may_test_is_not_reported(tmp_path):
    pyproject = '[project]\nname = "sdk"\nversion = "3.0"\nrequires-python = ">=3.10"\n'
    result = scan_tree(
        tmp_path,
        {"pyproject.toml": pyproject, ".github/workflows/pr-checks.yml": PR_CHECKS},
    )
    assert "matrix-misses-floor" not in {f.rule for f in result.findings}


def test_without_the_codebuild_job_the_untested_floor_is_reported(tmp_path):
    pyproject = '[project]\nname = "sdk"\nversion = "3.0"\nrequires-python = ">=3.10"\n'
    local_only = PR_CHECKS.replace(
        "aws-actions/aws-codebuild-run-build@v1\n        with:\n          project-name: sdk-ci-unit-test-v3",
        "actions/upload-artifact@v4\n        with:\n          name: unit",
    )
    assert local_only != PR_CHECKS
    result = scan_tree(
        tmp_path,
        {"pyproject.toml": pyproject, ".github/workflows/pr-checks.yml": local_only},
    )
    assert "matrix-misses-floor" in {f.rule for f in result.findings}
