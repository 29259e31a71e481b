"""Tests a workflow hands to another CI service: `aws-actions/aws-codebuild-run-build` runs an
AWS CodeBuild project, whose image and Python are set in the project (or a buildspec it may
override), outside what the step says. A step whose project, step name or job names tests
(`...-ci-health-unit-test-v3`, `Run Integ Tests`) is an unresolved CI test: the CI matrix as
read is then incomplete, and a minor it lacks is no evidence (sagemaker-python-sdk runs its
unit tests there, its one job on GitHub's runners on 3.12).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose
from pyparity.parsers.yaml_nodes import Mapping
from pyparity.records import replace
from pyparity.sources._common import unresolved
from pyparity.sources.github_actions.job import Job, step_where

KIND = "workflow"
_CODEBUILD = "aws-actions/aws-codebuild-run-build"
_TESTS = lazy_re.compile(r"(?<![a-z])tests?(?![a-z])", re.IGNORECASE)


def remote_builds(job: Job, step: Mapping, index: int) -> Iterator[Declaration]:
    uses = step.scalar("uses")
    if uses is None or uses.text.partition("@")[0].strip().lower() != _CODEBUILD:
        return
    inputs = step.mapping("with")
    project = inputs.scalar("project-name") if inputs is not None else None
    step_name = step.scalar("name")
    job_name = job.node.scalar("name")
    said = (
        " ".join(node.text for node in (project, step_name, job_name) if node is not None)
        + f" {job.job_id}"
    )
    if _TESTS.search(said) is None:
        return
    named = f" {project.text}" if project is not None else ""
    declaration = unresolved(
        job.path,
        uses.span,
        uses.text,
        source=KIND,
        context=f"{step_where(job, index)}, AWS CodeBuild project{named}",
        note="the tests run in AWS CodeBuild, whose Python the project sets outside the repository",
    )
    yield replace(declaration, purpose=Purpose.RUNTIME, anchor=job.anchor)
