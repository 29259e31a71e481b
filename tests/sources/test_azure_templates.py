"""Azure templates of the same repository, followed once every file is read."""

import pytest
from helpers import text_file

from pyparity.model import Purpose, Role, Span
from pyparity.parsers.yaml_nodes import Scalar, compose
from pyparity.resolve import resolve
from pyparity.sources.azure_pipelines import matches, read, templates
from pyparity.sources.azure_pipelines.expressions import UNKNOWN, evaluate


def check(files):
    """What the whole repository declares: each Azure file read, then the links resolved."""
    texts = {path: text_file(path, text) for path, text in files.items()}
    found = [d for path, file in texts.items() if matches(path) for d in read(file)]
    return resolve(found, lambda path: None, texts.get)


def brief(declarations):
    return [(d.file, d.line, d.raw, d.role, d.purpose) for d in declarations]


# modelled on a pipeline whose job matrix feeds a steps template's UsePythonVersion
CALLER = """\
jobs:
- job: 'ubuntu'
  strategy:
    matrix:
      py310:
        python.version: '3.10'
        TOXENV: py310-test
      py313:
        python.version: '3.13'
        TOXENV: py313-test
  steps:
    - template: ci/azure-pipelines-steps.yml
      parameters:
        platform: linux
"""
STEPS = """\
parameters:
  platform: none

steps:
- task: UsePythonVersion@0
  inputs:
    versionSpec: '$(python.version)'
- ${{ if eq(parameters.platform, 'windows') }}:
  - script: choco install hdf5
- script: |
    pip install tox
    tox
"""


def test_a_matrix_read_by_a_steps_template_is_declared_at_the_callers_lines():
    found = check({"azure-pipelines.yml": CALLER, "ci/azure-pipelines-steps.yml": STEPS})
    assert brief(found) == [
        ("azure-pipelines.yml", 6, "3.10", Role.MATRIX, Purpose.RUNTIME),
        ("azure-pipelines.yml", 9, "3.13", Role.MATRIX, Purpose.RUNTIME),
    ]
    # the template's own `$(python.version)` (no matrix there) gives way to its callers
    assert "runs tox" in found[0].context


def test_crlf_and_bom_in_both_files():
    caller = "\ufeff" + CALLER.replace("\n", "\r\n")
    steps = "\ufeff" + STEPS.replace("\n", "\r\n")
    found = check({"azure-pipelines.yml": caller, "ci/azure-pipelines-steps.yml": steps})
    assert [(d.line, d.raw) for d in found] == [(6, "3.10"), (9, "3.13")]


# modelled on a jobs template whose matrix depends on the OS the caller names
JOBS_CALLER = """\
jobs:
- template: tools/ci/posix.yml
  parameters:
    name: Linux
- template: tools/ci/posix.yml
  parameters:
    name: macOS
"""
POSIX = """\
parameters:
  name: ''   # defaults
jobs:
- job: ${{ parameters.name }}Test
  strategy:
    matrix:
      ${{ if eq(parameters.name, 'linux') }}:
        python_312:
          python.version: '3.12'
        python_310:
          python.version: '3.10'
      ${{ if eq(parameters.name, 'macOS') }}:
        python_313:
          python.version: '3.13'
  steps:
  - task: UsePythonVersion@0
    inputs:
      versionSpec: '$(python.version)'
  - script: pytest statsmodels
"""


def test_a_jobs_template_takes_the_branch_its_parameters_choose():
    found = check({"azure-pipelines.yml": JOBS_CALLER, "tools/ci/posix.yml": POSIX})
    assert [(d.file, d.line, d.raw, d.role) for d in found] == [
        ("tools/ci/posix.yml", 9, "3.12", Role.MATRIX),
        ("tools/ci/posix.yml", 11, "3.10", Role.MATRIX),
        ("tools/ci/posix.yml", 14, "3.13", Role.PIN),
    ]
    assert found[0].context.startswith("job LinuxTest, step 1, runtime: runs pytest")
    assert found[2].context.startswith("job macOSTest")
    assert found[0].group == "azure-pipelines.yml job LinuxTest"


def test_an_undecided_condition_keeps_its_branch():
    text = POSIX.replace("eq(parameters.name, 'macOS')", "eq(variables.os, 'macOS')")
    found = check({"azure-pipelines.yml": JOBS_CALLER, "tools/ci/posix.yml": text})
    # Linux's matrix holds the undecided branch too; macOS's holds only it
    assert [(d.line, d.raw, d.role) for d in found] == [
        (9, "3.12", Role.MATRIX),
        (11, "3.10", Role.MATRIX),
        (14, "3.13", Role.MATRIX),
        (14, "3.13", Role.PIN),
    ]


# modelled on a template that inserts the caller's matrix and sets Python up in scripts
INSERT_CALLER = """\
jobs:
- template: buildscripts/azure/linux.yml
  parameters:
    name: Linux
    matrix:
      py310_np123:
        PYTHON: '3.10'
      py314:
        PYTHON: '3.14'
"""
INSERT = """\
parameters:
  name: ''
  matrix: []
jobs:
- job: ${{ parameters.name }}
  strategy:
    matrix:
      ${{ insert }}: ${{ parameters.matrix }}
  steps:
  - script: buildscripts/setup_conda_environment.sh
  - script: python -m numba.runtests
"""


def test_an_inserted_matrix_that_scripts_read_is_of_unknown_purpose():
    found = check({"azure-pipelines.yml": INSERT_CALLER, "buildscripts/azure/linux.yml": INSERT})
    assert brief(found) == [
        ("azure-pipelines.yml", 7, "3.10", Role.MATRIX, Purpose.UNKNOWN),
        ("azure-pipelines.yml", 9, "3.14", Role.MATRIX, Purpose.UNKNOWN),
    ]
    assert "no UsePythonVersion step reads it" in found[0].context


EACH_CALLER = """\
stages:
- stage: test
  jobs:
  - template: ci/versions.yml
    parameters:
      pythons: ['3.11', "3.12"]
  - template: ci/versions.yml
"""
EACH = """\
parameters:
- name: pythons
  type: object
  default:
  - '3.9'
jobs:
- ${{ each python in parameters.pythons }}:
  - job: test_${{ replace(python, '.', '') }}
    steps:
    - task: UsePythonVersion@0
      inputs:
        versionSpec: ${{ python }}
    - script: python -m pytest
"""


def test_each_over_a_parameter_list_declares_each_value_where_written():
    found = check({"azure-pipelines.yml": EACH_CALLER, "ci/versions.yml": EACH})
    assert [(d.file, d.line, d.raw, d.role) for d in found] == [
        ("azure-pipelines.yml", 6, "3.11", Role.PIN),
        ("azure-pipelines.yml", 6, "3.12", Role.PIN),
        ("ci/versions.yml", 5, "3.9", Role.PIN),  # the default, where no value is passed
    ]


@pytest.mark.parametrize(
    ("files", "why"),
    [
        pytest.param({}, "ci/steps.yml is not a file of this repository", id="missing"),
        pytest.param({"ci/steps.yml": ""}, "ci/steps.yml is not a template", id="empty"),
        pytest.param({"ci/steps.yml": "steps: [\n"}, "cannot be read", id="garbage"),
        pytest.param({"ci/steps.yml": "jobs: []\n"}, "it has no steps list", id="other-list"),
        pytest.param(
            {"ci/steps.yml": "steps:\n- template: steps.yml\n"}, "includes itself", id="cycle"
        ),
    ],
)
def test_a_template_that_cannot_be_followed_says_why(files, why):
    pipeline = "jobs:\n- job: test\n  steps:\n  - template: ci/steps.yml\n  - script: pytest\n"
    found = check({"azure-pipelines.yml": pipeline, **files})
    [link] = found
    assert (link.role, link.purpose) == (Role.UNRESOLVED, Purpose.RUNTIME)
    # the item that cannot be followed: the caller's, or the template's own that includes itself
    assert (link.file, link.line) == (
        ("ci/steps.yml", 2) if "itself" in why else ("azure-pipelines.yml", 4)
    )
    assert why in link.note
    assert "may be incomplete" in link.note


def test_templates_nest_a_bounded_depth():
    files = {"azure-pipelines.yml": "steps:\n- template: t/0.yml\n- script: pytest\n"}
    for level in range(12):
        files[f"t/{level}.yml"] = f"steps:\n- template: {level + 1}.yml\n"
    files["t/12.yml"] = "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
    found = check(files)
    assert [d.role for d in found] == [Role.UNRESOLVED]
    assert "followed 8 deep" in found[0].note


def test_a_list_of_pythons_given_to_a_template_that_makes_test_names_is_unresolved():
    # modelled on a matrix template that formats `units/{0}` test names from its targets
    pipeline = """\
stages:
- stage: Units
  jobs:
  - template: templates/matrix.yml
    parameters:
      nameFormat: Python {0}
      testFormat: units/{0}
      targets:
        - test: 3.8
        - test: '3.10'
- stage: Windows
  jobs:
  - template: templates/matrix.yml
    parameters:
      nameFormat: Server {0}
      targets:
        - test: 2022
"""
    template = "parameters:\n- name: targets\n  type: object\njobs:\n- job: x\n  steps:\n  - bash: run.sh\n"
    found = check(
        {
            ".azure-pipelines/azure-pipelines.yml": pipeline,
            ".azure-pipelines/templates/matrix.yml": template,
        }
    )
    assert brief(found) == [
        (".azure-pipelines/azure-pipelines.yml", 9, "3.8", Role.UNRESOLVED, Purpose.RUNTIME),
        (".azure-pipelines/azure-pipelines.yml", 10, "3.10", Role.UNRESOLVED, Purpose.RUNTIME),
    ]
    assert "makes test names of it" in found[0].note


def test_a_remote_template_is_left_alone():
    pipeline = "jobs:\n- template: jobs.yml@templates\n  parameters:\n    python: '3.12'\n"
    assert check({"azure-pipelines.yml": pipeline}) == []


def test_a_folder_file_that_is_not_a_pipeline_is_not_judged():
    assert read(text_file("azure-pipelines/policheck/exclusions.yml", "- a\n- b\n")) == []
    assert read(text_file("azure-pipelines/policheck/bad.yml", "a: [\n")) == []


def test_a_parameter_versionspec_read_on_its_own_is_unresolved():
    template = (
        "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: ${{ parameters.python }}\n"
    )
    [found] = read(text_file("azure-pipelines/steps.yml", template))
    assert (found.role, found.line) == (Role.UNRESOLVED, 4)
    assert "template parameter python" in found.note


def test_expansion_is_bounded():
    # an each loop over itself a hundred times: the expansion stops, the pipeline is read
    items = ", ".join(f"'{n}'" for n in range(400))
    template = (
        f"parameters:\n  xs: [{items}]\nsteps:\n- ${{{{ each a in parameters.xs }}}}:\n"
        "  - ${{ each b in parameters.xs }}:\n    - script: echo ${{ a }}${{ b }}\n"
    )
    found = check({"azure-pipelines.yml": "steps:\n- template: t.yml\n", "t.yml": template})
    assert all(d.role is Role.UNRESOLVED for d in found)


def _lookup(name):
    values = {"parameters.name": "Linux", "parameters.flag": "true"}
    if name in values:
        span = Span(line=1, column=1, end_line=1, end_column=2)
        return Scalar(text=values[name], tag="", quoted=True, block=False, span=span)
    return None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        pytest.param("eq(parameters.name, 'linux')", True, id="eq-ignores-case"),
        pytest.param("ne(parameters.name, 'Linux')", False, id="ne"),
        pytest.param("not(eq(parameters.name, 'macOS'))", True, id="not"),
        pytest.param("and(eq(parameters.name, 'Linux'), parameters.flag)", True, id="and"),
        pytest.param("or(eq(variables.x, 'a'), eq(parameters.name, 'Linux'))", True, id="or"),
        pytest.param("and(eq(variables.x, 'a'), false)", False, id="and-decided"),
        pytest.param("in(parameters.name, 'macOS', 'Linux')", True, id="in"),
        pytest.param("eq(variables.x, 'a')", UNKNOWN, id="unknown-reference"),
        pytest.param("length(parameters.name)", UNKNOWN, id="unknown-function"),
        pytest.param("eq(parameters.name, 'Linux'", UNKNOWN, id="unclosed"),
        pytest.param("eq(parameters.name 'Linux')", UNKNOWN, id="no-comma"),
        pytest.param("'it''s'", UNKNOWN, id="doubled-quote"),
        pytest.param("", UNKNOWN, id="empty"),
        pytest.param("not(" * 50 + "true" + ")" * 50, UNKNOWN, id="deep"),
    ],
)
def test_expressions(expression, expected):
    assert evaluate(expression, _lookup) == expected


PARAMETERS = (
    "parameters:\n"
    + "".join(f"- name: p{i}\n  default: ''\n" for i in range(50))
    + ("steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: ${{ parameters.p1 }}\n")
)


def test_a_templates_declared_parameters_are_gathered_once_for_every_call(monkeypatch):
    gathered = []
    original = templates._declared

    def counting(parameters):
        gathered.append(parameters)
        return original(parameters)

    monkeypatch.setattr(templates, "_declared", counting)
    calls = "".join(f"- template: t.yml\n  parameters: {{p1: '3.{i}'}}\n" for i in range(10, 14))
    found = check({"azure-pipelines.yml": "steps:\n" + calls, "t.yml": PARAMETERS})
    assert len(gathered) == 1
    assert sorted(d.raw for d in found) == ["3.10", "3.11", "3.12", "3.13"]


def test_a_template_is_parsed_once_for_every_pipeline_that_includes_it(monkeypatch):
    parsed = []

    def counting(text):
        parsed.append(text)
        return compose(text)

    monkeypatch.setattr(templates, "compose", counting)
    template = "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
    files = {f".azure-pipelines/p{i}.yml": "steps:\n- template: /t.yml\n" for i in range(3)}
    found = check({**files, "t.yml": template})
    assert parsed == [template]
    assert [(d.file, d.raw) for d in found] == [("t.yml", "3.12")]


def test_templates_past_the_node_budget_are_unresolved_and_say_why(monkeypatch):
    monkeypatch.setattr(templates, "MAX_NODES", 12)
    template = "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
    files = {f".azure-pipelines/p{i}.yml": "steps:\n- template: /t.yml\n" for i in range(4)}
    found = check({**files, "t.yml": template})
    unresolved = [d for d in found if d.role is Role.UNRESOLVED]
    assert unresolved
    assert all("expand to more than" in d.note for d in unresolved)


def test_a_template_step_is_read_and_declared_once_for_every_pipeline(monkeypatch):
    from pyparity.sources.azure_pipelines import pipeline

    summarised, pinned = [], []
    summary, scalar_pin = pipeline._summary, pipeline.scalar_pin
    monkeypatch.setattr(pipeline, "_summary", lambda s: summarised.append(s) or summary(s))
    monkeypatch.setattr(
        pipeline, "scalar_pin", lambda *a, **k: pinned.append(a) or scalar_pin(*a, **k)
    )
    template = (
        "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
        "- script: python -m pytest\n"
    )
    files = {
        f".azure-pipelines/p{i}.yml": f"jobs:\n- job: j{i}\n  steps:\n  - template: /t.yml\n"
        for i in range(3)
    }
    found = check({**files, "t.yml": template})
    assert [(d.file, d.line, d.raw, d.purpose) for d in found] == [
        ("t.yml", 4, "3.12", Purpose.RUNTIME)
    ]
    assert found[0].context.startswith("job j0, step 1")  # the first pipeline's
    # the template's two steps, once (each pipeline's own step is read by the reader too)
    assert len([step for step in summarised if step.get("template") is None]) == 2
    assert len(pinned) == 1


def test_a_steps_template_reads_each_pipelines_own_matrix():
    template = "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: $(py)\n"
    files = {
        f".azure-pipelines/p{i}.yml": (
            f"jobs:\n- job: j{i}\n  strategy:\n    matrix:\n      a: {{py: '3.1{i}'}}\n"
            f"      b: {{py: '3.1{i + 3}'}}\n  steps:\n  - template: /t.yml\n"
        )
        for i in range(2)
    }
    found = check({**files, "t.yml": template})
    assert sorted((d.file, d.raw, d.role) for d in found) == [
        (".azure-pipelines/p0.yml", "3.10", Role.MATRIX),
        (".azure-pipelines/p0.yml", "3.13", Role.MATRIX),
        (".azure-pipelines/p1.yml", "3.11", Role.MATRIX),
        (".azure-pipelines/p1.yml", "3.14", Role.MATRIX),
    ]


def test_a_template_without_expressions_is_shared_and_charged_as_if_copied(monkeypatch):
    template = (
        "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: '3.12'\n"
        "- script: python -m pytest\n  env: {A: '1', B: '2'}\n"
    )
    files = {"t.yml": text_file("t.yml", template)}

    def expand():
        expander = templates.Expander(files.get)
        root = compose("steps:\n- template: t.yml\n- script: echo\n")
        expanded = expander.pipeline(root, "azure-pipelines.yml")
        return expander, expanded

    shared, expanded = expand()
    loaded = shared.shared.roots["t.yml"]
    assert expanded.get("steps").items[0] is loaded.get("steps").items[0]
    monkeypatch.setattr(templates, "_literal_sizes", lambda root: {})
    copied, _ = expand()
    assert shared.shared.made == copied.shared.made


def test_jobs_that_share_a_template_keep_their_own_purposes():
    template = (
        "steps:\n- task: UsePythonVersion@0\n  inputs:\n    versionSpec: $(py)\n"
        "- script: ./ci/run.sh\n"
    )
    caller = (
        "jobs:\n- job: {job}\n  displayName: '{display}'\n  strategy:\n    matrix:\n"
        "      a: {{py: '{version}'}}\n  steps:\n  - template: /t.yml\n"
    )
    files = {
        ".azure-pipelines/docs.yml": caller.format(job="a", display=" docs ", version="3.12"),
        ".azure-pipelines/main.yml": caller.format(job="b", display="main", version="3.11"),
    }
    found = check({**files, "t.yml": template})
    assert sorted((d.file, d.raw, d.purpose) for d in found) == [
        (".azure-pipelines/docs.yml", "3.12", Purpose.TOOLING),
        (".azure-pipelines/main.yml", "3.11", Purpose.UNKNOWN),
    ]
