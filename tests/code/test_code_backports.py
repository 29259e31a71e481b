"""A backport the project installs itself (a PyPI distribution that provides a standard-library
module on the Pythons without it) is not a need of the code that imports that module."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import supported, write_files

from pyparity.code import code_floor_findings
from pyparity.code.backports import backported_modules
from pyparity.config import Config
from pyparity.discover import Root
from pyparity.records import replace

SETUP = """\
    from setuptools import setup

    INSTALL_REQUIRES = (
        "gevent>=1.5",
        # Backport of graphlib used for ordering operations
        'graphlib_backport ; python_version < "3.9"',
    )

    if __name__ == "__main__":
        setup(name="deployer", python_requires=">=3.7", install_requires=INSTALL_REQUIRES)
    """

STATE = """\
    from graphlib import CycleError, TopologicalSorter

    def order(graph):
        return list(TopologicalSorter(graph).static_order())
    """


def floor_37() -> list:
    return [replace(supported("setup.py", ">=3.7", line=10), scope=".")]


def test_an_installed_backport_provides_the_module(tmp_path: Path) -> None:
    paths = write_files(tmp_path, {"setup.py": SETUP, "deployer/state.py": STATE})
    assert code_floor_findings(Root.at(tmp_path), paths, floor_37(), Config()) == []


def test_without_the_backport_the_module_is_a_need(tmp_path: Path) -> None:
    setup = SETUP.replace("graphlib_backport", "networkx")
    paths = write_files(tmp_path, {"setup.py": setup, "deployer/state.py": STATE})
    [finding] = code_floor_findings(Root.at(tmp_path), paths, floor_37(), Config())
    assert (finding.file, finding.span.line) == ("deployer/state.py", 1)
    assert finding.message.startswith("`graphlib` needs Python 3.9")


def test_a_backport_of_another_scope_does_not_count(tmp_path: Path) -> None:
    paths = write_files(
        tmp_path,
        {
            "setup.py": SETUP.replace("graphlib_backport", "networkx"),
            "deployer/state.py": STATE,
            "plugins/requirements.txt": "graphlib-backport==1.0.3\n",
        },
    )
    [finding] = code_floor_findings(Root.at(tmp_path), paths, floor_37(), Config())
    assert finding.file == "deployer/state.py"


@pytest.mark.parametrize(
    ("text", "modules"),
    [
        pytest.param("dependencies = [\"graphlib-backport; python_version<'3.9'\"]", {"graphlib"}),
        pytest.param("dataclasses==0.8 ; python_version < '3.7'\n", {"dataclasses"}),
        pytest.param("install_requires =\n    contextvars;python_version<'3.7'\n", {"contextvars"}),
        pytest.param("Graphlib.Backport>=1.0\n", {"graphlib"}, id="normalised-name"),
        pytest.param("# graphlib_backport is no longer needed\n", set(), id="comment"),
        pytest.param("graphlib-backports-extra==1\n", set(), id="another-name"),
        pytest.param("typing>=3.6 ; python_version < '3.5'\n", set(), id="members-not-given"),
    ],
)
def test_backported_modules(text: str, modules: set[str]) -> None:
    assert backported_modules(text) == modules
