"""Steps that run side by side (GitHub Actions, June 2026): `parallel:` groups steps that run
at once, then waits for them; `background: true` starts a step and goes on; `wait:`,
`wait-all:` and `cancel:` steps only wait for (or stop) background steps.

The steps of a `parallel:` group are the job's steps as much as any other: a setup step or a
test command inside one is read where it is written, in the order written (they share the
runner, as background steps do). The control steps run nothing.
"""

from __future__ import annotations

from pyparity.parsers.yaml_nodes import Mapping, Node, Scalar, Sequence

PARALLEL = "parallel"
CONTROL_KEYS = ("wait", "wait-all", "cancel")


def is_control_step(step: Mapping) -> bool:
    """`wait: server`, `wait-all:`, `cancel: monitor`: a step that runs nothing itself."""
    return any(step.key_node(key) is not None for key in CONTROL_KEYS)


def with_parallel_steps_inline(root: Mapping) -> Mapping:
    """The workflow with each job's `parallel:` groups replaced by the steps they hold (also
    a group inside a group, and a `sequential:` list inside one); the same tree where no
    job has a group."""
    jobs = root.get("jobs")
    if not isinstance(jobs, Mapping) or not any(_has_groups(job) for _, job in jobs.items()):
        return root
    inlined = Mapping(pairs=tuple((key, _inlined(job)) for key, job in jobs.pairs), span=jobs.span)
    return _replaced(root, jobs, inlined)


def _has_groups(job: Node) -> bool:
    steps = job.get("steps") if isinstance(job, Mapping) else None
    items = steps.items if isinstance(steps, Sequence) else ()
    return any(isinstance(step, Mapping) and _group(step) is not None for step in items)


def _group(step: Mapping) -> Sequence | None:
    """The steps a `parallel:` step (or a `sequential:` list inside one) holds."""
    for key in (PARALLEL, "sequential"):
        value = step.get(key)
        if isinstance(value, Sequence) and step.get("run") is None and step.get("uses") is None:
            return value
    return None


def _inlined(job: Node) -> Node:
    if not _has_groups(job):
        return job
    assert isinstance(job, Mapping)
    steps = job.get("steps")
    assert isinstance(steps, Sequence)
    flat: list[Node] = []
    # Depth first, in the written order, each node once: a stack of the items left to take.
    stack: list[Node] = list(reversed(steps.items))
    while stack:
        item = stack.pop()
        group = _group(item) if isinstance(item, Mapping) else None
        if group is None:
            flat.append(item)
        else:
            stack.extend(reversed(group.items))
    return _replaced(job, steps, Sequence(items=tuple(flat), span=steps.span))


def _replaced(mapping: Mapping, old: Node, new: Node) -> Mapping:
    """The mapping with the value `old` (that node, not an equal one) replaced by `new`."""
    pairs: tuple[tuple[Scalar, Node], ...] = tuple(
        (key, new if value is old else value) for key, value in mapping.pairs
    )
    return Mapping(pairs=pairs, span=mapping.span)
