"""Azure Pipelines: `azure-pipelines.yml` and `azure-pipelines*.yml` / `.yaml` (any folder),
and the YAML files of a folder named `azure-pipelines`, `.azure-pipelines`, `azure_pipelines`,
`.azure_pipelines`, `.azure`, `.azuredevops` or `.pipelines` (any depth), `azure` (at the top
or in a CI folder: `ci/azure/`), or under `eng/pipelines/`, `eng/ci/` or `eng/templates/` (the
path of a pipeline is set in Azure's UI: these are where projects keep them).

Reads the `UsePythonVersion@0` task's `inputs.versionSpec` (absent: `3.x`, floating) in
top-level `steps`, `jobs` and `stages`. `$(name)` and `${{ variables.name }}` are replaced
from the job's `strategy: matrix:` (a test matrix) or from `variables:` (job, stage, top
level); a value that cannot be found is unresolved. The purpose comes from the job's
`script`/`bash`/`pwsh` steps and tasks. A job, or a `UsePythonVersion` step, with
`continueOnError: true` tries its Python without promising it (allowed to fail). A matrix
entry's Python variable (`PYTHON: '3.10'`) that no `UsePythonVersion` step reads is the
Python the job's scripts set up (a conda environment): a matrix entry of unknown purpose.

Templates of the same repository (`- template: ci/azure/posix.yml` with `parameters:`) are
followed once every file is read: the template's `stages`/`jobs`/`steps`/`variables` take
the item's place, with its parameters bound (the template's defaults, then the caller's
values), `${{ parameters.x }}` replaced, `${{ if }}`/`${{ else }}` decided where the
condition is literal, `${{ each }}` repeated over a literal list and `${{ insert }}` merged
(templates including templates, 8 deep at most; a cycle is not followed). A matrix the
caller writes and the template's steps read as `$(python.version)` is declared at the
caller's lines. A template in another repository (`x.yml@templates`) or named by an
expression is not followed; one that cannot be expanded leaves an unresolved link that says
why, so the rules know the pipeline's tests as read are incomplete. A list of versions given
to a template whose parameters name them Pythons (`nameFormat: Python {0}`, `targets: -
test: 3.8`) is listed as unresolved: the template makes test names of them. `extends:`
templates are not followed.
"""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.parsers.yaml_nodes import Mapping, compose
from pyparity.sources.azure_pipelines.pipeline import KIND, Walk, declarations
from pyparity.textfile import TextFile

__all__ = ["KIND", "matches", "read"]

_NAME = lazy_re.compile(r"^azure-pipelines[^/]*\.ya?ml$", re.IGNORECASE)
_FOLDERS = frozenset(
    {
        "azure-pipelines",
        ".azure-pipelines",
        "azure_pipelines",
        ".azure_pipelines",  # (Olive's)
        ".azure",
        ".azuredevops",
        ".pipelines",
    }
)


def matches(path: str) -> bool:
    return _is_named(path) or _in_folder(path)


def _is_named(path: str) -> bool:
    return _NAME.match(path.rsplit("/", 1)[-1]) is not None


def _in_folder(path: str) -> bool:
    folders, _, name = path.rpartition("/")
    lowered = folders.lower()
    parts = lowered.split("/")
    return name.lower().endswith((".yml", ".yaml")) and (
        not _FOLDERS.isdisjoint(parts)
        or _azure_folder(parts)
        # .NET's layout and Azure's own SDKs' (`eng/pipelines/`); Azure Functions' 1ES one
        # (`eng/ci/public-build.yml`, `eng/templates/ci-tests.yml`)
        or (lowered + "/").startswith(_ENG_FOLDERS)
    )


_ENG_FOLDERS = ("eng/pipelines/", "eng/ci/", "eng/templates/")


def _azure_folder(parts: list[str]) -> bool:
    """A folder named `azure` at the top (`azure/linux.yml`) or in a CI folder (pandas'
    `ci/azure/posix.yml`); deeper it is as often an SDK's or a test's (promptflow's
    `recordings/azure/*.yaml`, recorded HTTP exchanges)."""
    for index, part in enumerate(parts):
        if part == "azure" and (index == 0 or parts[index - 1] in _AZURE_PARENTS):
            return True
    return False


_AZURE_PARENTS = frozenset({"ci", ".ci", "build", "buildscripts", "eng", "devops", ".github"})


def read(file: TextFile) -> list[Declaration]:
    try:
        root = compose(file.text)
    except UnreadableFile:
        if _is_named(file.path):
            raise
        return []  # a folder's other YAML (a policy file) is not a pipeline's to judge
    if root is None:
        return []
    if not isinstance(root, Mapping):
        if not _is_named(file.path):
            return []
        raise UnreadableFile("an Azure Pipelines file must be a mapping", line=root.span.line)
    return declarations(Walk(file), root)
