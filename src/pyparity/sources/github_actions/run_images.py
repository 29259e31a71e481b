"""Python images named in `run:` scripts.

- `docker|podman run|create|pull ... python:3.13-slim ...`: the command runs on the image's
  Python, with the job's purpose (a pin; a matrix entry when the matrix names the tag).
- Any other mention of a Python image in a script (a bash list of base images the job builds
  on or publishes, `"python:3.14-alpine,python3.14-alpine"`): each image is one entry of a
  set (one image per Python), of what the job builds or publishes for others, not what the
  project runs on or tests with: tooling. A floating tag merely mentioned is left out.

Only images whose repository is Python's own (`python`, `pypy`, a registry's `.../python`)
are read; a word is split at blanks, quotes, commas, `=` and brackets.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyparity import lazy_re
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Mapping, Scalar, Sequence, value_span
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.sources.github_actions.job import Job, context_of, step_where
from pyparity.sources.github_actions.runs import step_envs
from pyparity.sources.github_actions.step import job_for_step, span_in_run
from pyparity.sources.github_actions.values import expand
from pyparity.sources.github_actions.words import words
from pyparity.textfile import TextFile

KIND = "workflow"
_SEPARATORS = "\"',=()[]"
_CONTAINER_COMMAND = lazy_re.compile(
    r"\b(?:docker|podman)[ \t]+(?:container[ \t]+)?(?:run|create|pull)\b"
)
_COMMAND_END = lazy_re.compile(r"[\n;&|]")
_MAX_IMAGES = 256
_LISTED = "a Python image named in the script (built on or published), not the project's own"


def run_images(
    file: TextFile, job: Job, step: Mapping, index: int, steps: Sequence
) -> Iterator[Declaration]:
    run = step.scalar("run")
    if run is None or ("python" not in run.text.lower() and "pypy" not in run.text.lower()):
        return
    found = list(_images(run.text))[:_MAX_IMAGES]
    step_job = job_for_step(job, step, index, steps) if found else None
    if step_job is None:
        return
    envs = step_envs(step, job.envs)
    listed = []
    for start, end, container in found:
        text = run.text[start:end]
        span = span_in_run(file, run, start, end)
        piece = Scalar(text=text, tag=run.tag, quoted=True, block=False, span=span)
        for value in expand(step_job, piece, envs):
            image = parse_image(value.text.strip()) if "${{" not in value.text else None
            # A floating tag merely mentioned (`python:latest`) names no Python of its own.
            if image is not None and (container or not image.requirement.floating):
                listed.append((value, image, container))
    minors = {image.requirement.minors for _, image, container in listed if not container}
    where = step_where(job, index)
    for value, image, container in listed:
        is_set = value.via.startswith("matrix") or (not container and len(minors) > 1)
        what = f"{where}, {'container image' if container else 'image listed'}"
        purpose = value.purpose if container else (Purpose.TOOLING, _LISTED)
        made = pin(
            job.path,
            value_span(value.scalar, value.text[image.start : image.end]),
            value.text,
            source=KIND,
            context=context_of(step_job, what, value.via, purpose=purpose),
            purpose=purpose[0] if purpose else step_job.purpose,
            role=Role.MATRIX if is_set else Role.PIN,
            group=f"{job.path} {what}" if is_set else "",
        )
        yield replace(
            made,
            requirement=image.requirement,
            anchor=job.anchor,
            may_fail=value.may_fail or step_job.tried,
        )


def _images(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, run in a container) of each word that may be a Python image."""
    containers = []
    for command in _CONTAINER_COMMAND.finditer(text):
        stop = _COMMAND_END.search(text, command.end())
        containers.append((command.end(), stop.start() if stop else len(text)))
    for start, end in words(text, _SEPARATORS):
        word = text[start:end]
        if ":" in word and _python_repository(word):
            yield start, end, any(a <= start < b for a, b in containers)


def _python_repository(word: str) -> bool:
    name = word.partition("@")[0].rpartition(":")[0].lower()
    for prefix in ("docker.io/", "index.docker.io/", "library/"):
        name = name.removeprefix(prefix)
    return name in ("python", "pypy", "library/python") or name.endswith("/python")
