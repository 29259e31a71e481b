"""The runs of a GitHub Actions job: one per matrix combination, with what each one does.

A matrix job runs once per combination, and a combination decides more than its Python:
which steps run (`if: ${{ matrix.toxenv }}`), what they run (`tox -e ${{ matrix.toxenv }}`)
and whether the run may fail (`continue-on-error: ${{ matrix.python == '3.15-dev' }}`).
Each run is evaluated with the expressions of `expression`; what cannot be known (a
`github.*` condition) keeps the step, and a failure setting that cannot be known is no
permission to fail.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyparity.model import Purpose
from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence
from pyparity.purpose import classify_job, select_environments
from pyparity.records import record
from pyparity.sources._yaml_values import is_true
from pyparity.sources.github_actions.expression import (
    UNKNOWN,
    Resolver,
    Value,
    condition,
    field_value,
    interpolate,
    node_value,
    truthy,
)
from pyparity.sources.github_actions.matrix import Combination, Unknown, combinations, lookup

# Above this many combinations a job's runs are not classified one by one; nor once the runs
# times the jobs' scripts of one workflow come to more text than `ClassifyBudget` allows (each
# run's commands are classified with its matrix values in them: a hostile workflow of long
# scripts and large matrices would be read hundreds of times over).
MAX_CLASSIFIED_RUNS = 256
MAX_CLASSIFIED_TEXT = 1024 * 1024


class ClassifyBudget:
    """The text a workflow's jobs may still classify run by run."""

    __slots__ = ("left",)

    def __init__(self, left: int = MAX_CLASSIFIED_TEXT) -> None:
        self.left = left

    def spend(self, amount: int) -> bool:
        if amount > self.left:
            return False
        self.left -= amount
        return True


# When one Python serves runs of different purposes, the strongest evidence wins: a Python
# that any run tests on is a tested Python.
_RANK = {Purpose.RUNTIME: 0, Purpose.BUILD: 1, Purpose.UNKNOWN: 2, Purpose.TOOLING: 3}


@record
class Run:
    """One combination of a job's matrix (`{}` for a job without one)."""

    combination: Combination
    purpose: Purpose
    why: str
    may_fail: bool = False


def strongest(purposes: Iterable[tuple[Purpose, str]]) -> tuple[Purpose, str]:
    return min(purposes, key=lambda pair: _RANK[pair[0]])


def matrix_combinations(job: Mapping) -> list[Combination] | None:
    """The job's combinations: `[{}]` without a matrix, None when they cannot be known."""
    strategy = job.mapping("strategy")
    matrix = strategy.get("matrix") if strategy else None
    if matrix is None:
        return [{}]
    return combinations(matrix) if isinstance(matrix, Mapping) else None


def resolver(combination: Combination | None, envs: tuple[Mapping, ...]) -> Resolver:
    """Expression contexts for one run: its matrix values and the env values written in the
    file (an env value may itself name the matrix); any other context is unknown."""

    def resolve(context: str, path: tuple[str, ...]) -> Value:
        if context == "matrix":
            if combination is None or not path:
                return UNKNOWN
            node = lookup(combination, list(path))
            return UNKNOWN if isinstance(node, Unknown) else node_value(node)
        if context == "env" and len(path) == 1:
            for env in envs:
                value = env.get(path[0])
                if isinstance(value, Scalar):
                    if "${{" not in value.text:
                        return node_value(value)
                    return field_value(value.text, resolver(combination, ()))
                if value is not None:
                    return UNKNOWN
        return UNKNOWN

    return resolve


def step_envs(step: Mapping, envs: tuple[Mapping, ...]) -> tuple[Mapping, ...]:
    env = step.mapping("env")
    return (env, *envs) if env is not None else envs


def step_runs(step: Mapping, runs: Iterable[Run], envs: tuple[Mapping, ...]) -> list[Run]:
    """The runs in which a step runs: those whose combination does not make its `if:` false."""
    test = step.scalar("if")
    if test is None:
        return list(runs)
    envs = step_envs(step, envs)
    return [r for r in runs if condition(test.text, resolver(r.combination, envs)) is not False]


def fails_allowed(
    setting: Node | None, combination: Combination, envs: tuple[Mapping, ...]
) -> bool:
    """Does `continue-on-error` let this run fail? An expression is evaluated for the run;
    one that cannot be known does not."""
    if not isinstance(setting, Scalar) or "${{" not in setting.text:
        return is_true(setting)
    value = field_value(setting.text, resolver(combination, envs))
    return value is not UNKNOWN and truthy(value)


def job_runs(
    job_id: str,
    name: str,
    node: Mapping,
    envs: tuple[Mapping, ...],
    default: tuple[Purpose, str],
    budget: ClassifyBudget | None = None,
) -> list[Run] | None:
    """Every run of the job with its purpose (from the steps it runs, with its matrix values
    in their commands) and whether it may fail; None when the combinations cannot be known.
    A run that shows no evidence of its own takes the job's: what its runs run together."""
    found = matrix_combinations(node)
    if found is None:
        return None
    steps = node.get("steps")
    items = steps.items if isinstance(steps, Sequence) else ()
    step_list = [step for step in items if isinstance(step, Mapping)]
    script = sum(len(run.text) for step in step_list if (run := step.scalar("run")) is not None)
    # (a matrix of one run too: `tox -e ${{ matrix.env }}` of `env: [docs]` runs docs)
    varies = (
        0 < len(found) <= MAX_CLASSIFIED_RUNS
        and _names_matrix(step_list, envs)
        and (budget or ClassifyBudget()).spend(len(found) * script)
    )
    texts = [_run_texts(step_list, combination, envs) for combination in found] if varies else []
    whole = (
        classify_job(
            job_id,
            name,
            [c for t in texts for c in t[0]],
            [a for t in texts for a in t[1]],
            every_step=True,
        )
        if varies
        else default
    )
    setting = node.get("continue-on-error")
    runs = []
    for index, combination in enumerate(found):
        if varies:
            selected = selected_environments(resolver(combination, envs))
            purpose, why = classify_job(job_id, name, *texts[index], selected, every_step=True)
        else:
            purpose, why = default
        if purpose is Purpose.UNKNOWN:
            purpose, why = whole
        may_fail = fails_allowed(setting, combination, envs)
        runs.append(Run(combination=combination, purpose=purpose, why=why, may_fail=may_fail))
    return runs


def step_pairs(steps: Iterable[Node]) -> list[tuple[str, str]]:
    """Each step's `run:` text and `uses:` action, in order ("" for what it lacks)."""
    pairs = []
    for step in steps:
        if not isinstance(step, Mapping):
            continue
        run, uses = step.scalar("run"), step.scalar("uses")
        pairs.append((run.text if run else "", uses.text if uses else ""))
    return pairs


def selected_environments(resolve: Resolver) -> dict[str, str]:
    """The tox environments and nox sessions `TOXENV` / `NOXSESSION` select, where known."""
    selected = {}
    for tool, variable in _SELECTORS:
        value = resolve("env", (variable,))
        if isinstance(value, str) and value.strip():
            selected[tool] = value
    return selected


def _step_selected(
    step: Mapping, combination: Combination, envs: tuple[Mapping, ...]
) -> dict[str, str]:
    """What `TOXENV` / `NOXSESSION` select for one step of one run, its own `env` included
    (a mapping, or `${{ matrix.env }}` naming a mapping of the matrix)."""
    env = step.get("env")
    if isinstance(env, Scalar) and "${{" in env.text:
        value = field_value(env.text, resolver(combination, envs))
        if isinstance(value, dict):
            own = {t: v for t, k in _SELECTORS if isinstance(v := value.get(k), str) and v}
            return own | {
                t: v
                for t, v in selected_environments(resolver(combination, envs)).items()
                if t not in own
            }
    return selected_environments(resolver(combination, step_envs(step, envs)))


_SELECTORS = (("tox", "TOXENV"), ("nox", "NOXSESSION"))


def _names_matrix(steps: list[Mapping], envs: tuple[Mapping, ...]) -> bool:
    """Do the steps, or the env that selects what tox or nox run, name the matrix?"""
    for env in envs:
        for variable in ("TOXENV", "NOXSESSION"):
            value = env.scalar(variable)
            if value is not None and "matrix" in value.text:
                return True
    for step in steps:
        for key in ("run", "if", "uses", "env"):
            value = step.scalar(key)
            if value is not None and "matrix" in value.text:
                return True
    return False


def _run_texts(
    steps: list[Mapping], combination: Combination, envs: tuple[Mapping, ...]
) -> tuple[list[str], list[str]]:
    """The commands (with the run's matrix values in them) and actions of the steps that run
    in one run."""
    commands: list[str] = []
    actions: list[str] = []
    for step in steps:
        resolve = resolver(combination, step_envs(step, envs))
        test = step.scalar("if")
        if test is not None and condition(test.text, resolve) is False:
            continue
        run = step.scalar("run")
        if run is not None:
            text = interpolate(run.text, resolve)
            text = text if isinstance(text, str) else run.text
            commands.append(select_environments(text, _step_selected(step, combination, envs)))
        uses = step.scalar("uses")
        if uses is not None:
            actions.append(uses.text)
    return commands, actions
