"""The registry's cheap first test never turns away a file some reader would read."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pyparity.sources import may_declare, registry, source_for

KNOWN_NAMES = [
    "Dockerfile",
    "dockerfile",
    "Containerfile",
    "Dockerfile.prod",
    "api.Dockerfile",
    "worker.dockerfile",
    ".python-version",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "tox.ini",
    "tox.toml",
    "noxfile.py",
    ".tool-versions",
    "mise.toml",
    ".mise.toml",
    "mise.local.toml",
    "runtime.txt",
    "Pipfile",
    "docker-compose.yml",
    "docker-compose.prod.yaml",
    "compose.yaml",
    "compose.override.yml",
    ".devcontainer.json",
    "devcontainer.json",
    ".pre-commit-config.yaml",
    ".readthedocs.yaml",
    "readthedocs.yml",
    "environment.yml",
    "environment.yaml",
    ".gitlab-ci.yml",
    "config.yml",
    "azure-pipelines.yml",
    "azure-pipelines-ci.yaml",
    ".travis.yml",
    "template.yaml",
    "template.yml",
    "serverless.yml",
    "app.yaml",
    "ci.yml",
    "action.yml",
    "action.yaml",
    ".woodpecker.yml",
    ".woodpecker.yaml",
    "pipelines.yaml",
]
FOLDERS = [
    "",
    ".github/workflows/",
    ".github/actions/setup/",
    ".circleci/",
    ".devcontainer/",
    ".devcontainer/py/",
    ".config/",
    "services/api/",
    "docker/",
    ".woodpecker/",
    "azure-pipelines/",
    ".azure-pipelines/templates/",
]


@settings(max_examples=500)
@given(
    folder=st.sampled_from(FOLDERS),
    name=st.one_of(
        st.sampled_from(KNOWN_NAMES),
        st.text(min_size=1, max_size=20).filter(lambda text: "/" not in text),
    ),
)
def test_prefilter_never_hides_a_readable_file(folder, name):
    path = folder + name
    readers = [source for source in registry() if source.matches(path)]
    if readers:
        assert may_declare(path), path
        assert source_for(path) is readers[0]


def test_ordinary_files_skip_the_readers():
    for path in ["src/app/models.py", "README.md", "data/rows.csv", "web/index.ts", "Makefile.am"]:
        assert not may_declare(path)


def test_the_prefilters_substrings_are_in_every_script_folder_name():
    """`may_declare` looks for these before it splits a `.py` file's path into folders."""
    from pyparity.sources import _NO_EXTENSION, _SCRIPT_FOLDERS

    for folder in _SCRIPT_FOLDERS:
        assert any(part in folder for part in ("script", "tools", "utils", "bin", "ci")), folder
    for folder in _NO_EXTENSION:
        assert "script" in folder
    assert may_declare("a/.ci/check.py")
    assert may_declare("bin/release.py")
    assert not may_declare("binary/release.py")
    assert may_declare("scripts/bootstrap")
    assert not may_declare("scriptsx/bootstrap")


_HINT_ALPHABET = "ab.-y\\()[]|*?"
"""Few characters, so that words share first characters and overlap in the texts; and the
characters a pattern must escape."""


@settings(max_examples=500)
@given(
    words=st.lists(st.text(alphabet=_HINT_ALPHABET, max_size=4), max_size=8),
    text=st.text(alphabet=_HINT_ALPHABET, max_size=12),
)
def test_the_grouped_pattern_finds_a_word_exactly_where_one_occurs(words, text):
    import re

    from pyparity.sources import any_of_pattern

    found = re.search(any_of_pattern(words), text) is not None
    assert found == any(word in text for word in words), (words, text)


def test_the_hints_pattern_answers_as_the_hints_do():
    """Every hint, each with its first character changed, and names that hold one late."""
    from pyparity.sources import _ANY_HINT, _HINTED_BY

    hints = [hint for hint, _ in _HINTED_BY]
    texts = [*hints, *(f"x/{hint}.bak" for hint in hints), *(f"~{hint[1:]}" for hint in hints)]
    texts += [
        path.lower() for path in (folder + name for folder in FOLDERS for name in KNOWN_NAMES)
    ]
    for text in texts:
        assert (_ANY_HINT.search(text) is not None) == any(hint in text for hint in hints), text
