"""setup.py read with ast only: python_requires and classifiers, static values followed."""

import datetime as dt

import pytest
from helpers import text_file

from pyparity import check
from pyparity.config import Config
from pyparity.errors import UnreadableFile
from pyparity.model import VERSIONLESS_WHEEL, Role
from pyparity.sources.setup_py import matches, read

REALISTIC = '''\
#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Packaging for example."""
from setuptools import find_packages, setup

PYTHON_REQUIRES = ">=3.10"
BASE = [
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.10",
]
CLASSIFIERS = BASE + [
    "Programming Language :: Python :: 3.11",
    "Programming Language :: " + "Python :: 3.12",
]

setup(
    name="example",
    packages=find_packages(),
    python_requires=PYTHON_REQUIRES,
    classifiers=[*CLASSIFIERS, "License :: OSI Approved :: MIT License"],
)
'''


def _summary(declarations):
    return [
        (d.role, d.raw, d.span.line, d.span.column, d.span.end_column, d.context, d.group)
        for d in declarations
    ]


def test_realistic_setup_py():
    group = "setup.py classifiers"
    assert _summary(read(text_file("setup.py", REALISTIC))) == [
        (Role.RANGE, ">=3.10", 6, 20, 26, "python_requires", ""),
        (Role.MATRIX, "3.10", 9, 40, 44, "classifiers", group),
        (Role.MATRIX, "3.11", 12, 40, 44, "classifiers", group),
        # built by `+`: placed on the whole expression
        (Role.MATRIX, "3.12", 13, 5, 50, "classifiers", group),
    ]


@pytest.mark.parametrize(
    ("content", "raw", "line", "column", "end_column"),
    [
        pytest.param('setup(python_requires=">=3.9")\n', ">=3.9", 1, 24, 29, id="inline"),
        pytest.param(
            "import setuptools\nsetuptools.setup(python_requires='~=3.8')\n",
            "~=3.8",
            2,
            35,
            40,
            id="module-attribute",
        ),
        pytest.param(
            'from distutils.core import setup\nsetup(python_requires=">=3.6")\n',
            ">=3.6",
            2,
            24,
            29,
            id="distutils",
        ),
        pytest.param(
            'V = "3.9"\nsetup(python_requires=">=" + V)\n', ">=3.9", 2, 23, 31, id="concatenation"
        ),
        pytest.param(
            'setup(python_requires="".join([">=", "3.11"]))\n', ">=3.11", 1, 23, 46, id="join"
        ),
        pytest.param(
            'V = "3.9"\nsetup(python_requires=f">={V}")\n', ">=3.9", 2, 23, 31, id="f-string"
        ),
        pytest.param(  # electrum's and numba's spelling
            'MIN_PYTHON_VERSION = "3.10.0"\n'
            "setup(python_requires='>={}'.format(MIN_PYTHON_VERSION))\n",
            ">=3.10.0",
            2,
            23,
            56,
            id="format",
        ),
        pytest.param(
            'LOW, HIGH = 3.9, 3.13\nsetup(python_requires=">={0},<{1}".format("3.9", "3.14"))\n',
            ">=3.9,<3.14",
            2,
            23,
            57,
            id="format-numbered",
        ),
        pytest.param(
            'KW = dict(python_requires=">=3.12")\nsetup(**KW)\n', ">=3.12", 1, 28, 34, id="kwargs"
        ),
        pytest.param(
            '\ufeffsetup(\r\n\tname="é",\r\n\tpython_requires=">=3.9",\r\n)\r\n',
            ">=3.9",
            3,
            19,
            24,
            id="bom-crlf-tabs-unicode",
        ),
        pytest.param(
            'if __name__ == "__main__":\n    setup(python_requires=">=3.8")\n',
            ">=3.8",
            2,
            28,
            33,
            id="inside-main-guard",
        ),
    ],
)
def test_python_requires(content, raw, line, column, end_column):
    [declaration] = read(text_file("setup.py", content))
    assert declaration.role is Role.RANGE
    assert declaration.raw == raw
    assert (declaration.span.line, declaration.span.column, declaration.span.end_column) == (
        line,
        column,
        end_column,
    )


@pytest.mark.parametrize(
    ("content", "raw", "why"),
    [
        pytest.param(
            "setup(python_requires=get_requires())\n", "get_requires()", "call", id="call"
        ),
        pytest.param(
            "setup(python_requires=f'>={sys.version_info.major}')\n",
            "f'>={sys.version_info.major}'",
            "f-string",
            id="f-string-attribute",
        ),
        pytest.param(
            'V = "3.9"\nsetup(python_requires=f">={V!r}")\n',
            'f">={V!r}"',
            "f-string",
            id="f-conversion",
        ),
        pytest.param(
            'V = 3.9\nsetup(python_requires=f">={V:.1f}")\n',
            'f">={V:.1f}"',
            "f-string",
            id="f-spec",
        ),
        pytest.param(
            'V = "3.9"\nsetup(python_requires=">={0.real}".format(V))\n',
            '">={0.real}".format(V)',
            "call",
            id="format-attribute-field",
        ),
        pytest.param(
            'setup(python_requires=">={v}".format(v="3.9"))\n',
            '">={v}".format(v="3.9")',
            "call",
            id="format-keyword",
        ),
        pytest.param(
            "setup(python_requires=meta.requires)\n", "meta.requires", "attribute", id="attribute"
        ),
        pytest.param(
            'V = ">=3.8"\nV = ">=3.9"\nsetup(python_requires=V)\n',
            "V",
            "more than once",
            id="twice",
        ),
        pytest.param(
            "setup(python_requires=UNDEFINED)\n",
            "UNDEFINED",
            "not a module-level",
            id="unknown-name",
        ),
    ],
)
def test_dynamic_python_requires_is_unresolved(content, raw, why):
    [declaration] = read(text_file("setup.py", content))
    assert declaration.role is Role.UNRESOLVED
    assert declaration.raw == raw
    assert why in declaration.note


def test_dynamic_classifiers():
    content = (
        "setup(classifiers=load())\n"
        "setup(classifiers=['Programming Language :: Python :: 3.12', python_classifier(), x()])\n"
    )
    first, second, third = read(text_file("setup.py", content))
    assert (first.role, first.raw) == (Role.UNRESOLVED, "load()")
    assert (second.role, second.raw) == (Role.MATRIX, "3.12")
    assert (third.role, third.raw) == (Role.UNRESOLVED, "python_classifier()")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty"),
        pytest.param("# just a comment\n", id="comment"),
        pytest.param("from setuptools import setup\nsetup()\n", id="no-arguments"),
        pytest.param("setup(name='x', classifiers=['License :: OSI Approved'])\n", id="no-python"),
        pytest.param("other.setup(python_requires='>=3.9')\n", id="someone-elses-setup"),
    ],
)
def test_declares_nothing(content):
    assert read(text_file("setup.py", content)) == []


def test_syntax_error_is_unreadable_with_its_line():
    with pytest.raises(UnreadableFile) as caught:
        read(text_file("setup.py", "from setuptools import setup\n\nsetup(name='x'\n"))
    assert caught.value.line == 3


def test_an_app_module_called_setup_is_not_read():
    """An onboarding step of a web app (`review/collectors/setup.py`), in 3.14's syntax
    (PEP 758's unparenthesised `except`): no `setup` call, nothing to declare, no error."""
    module = (
        "import httpx\n\n\nasync def fetch_setup_page(url: str) -> str | None:\n"
        "    try:\n        return (await httpx.AsyncClient().get(url)).text\n"
        "    except ValueError, httpx.HTTPError:\n        return None\n"
    )
    assert read(text_file("server/app/review/collectors/setup.py", module)) == []
    with pytest.raises(UnreadableFile):
        read(text_file("setup.py", module + "\nsetup(name='x')\n"))


MALICIOUS = """\
import os, pathlib
pathlib.Path({marker!r}).write_text("executed")
os.system("touch " + {marker!r})
from setuptools import setup
setup(python_requires=">=3.10")
"""


def test_scanning_never_executes_setup_py(tmp_path):
    marker = tmp_path / "executed.marker"
    (tmp_path / "setup.py").write_text(MALICIOUS.format(marker=str(marker)))
    declarations = read(text_file("setup.py", (tmp_path / "setup.py").read_text()))
    result = check.run(str(tmp_path), Config(today=dt.date(2026, 11, 26), code=False))
    assert [d.raw for d in declarations] == [">=3.10"]
    assert any(d.file == "setup.py" and d.role is Role.RANGE for d in result.declarations)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("setup.py", True), ("pkg/setup.py", True), ("my_setup.py", False), ("setup.pyc", False)],
)
def test_matches(path, expected):
    assert matches(path) is expected


def _chain(count, value, step, use):
    """`N0 = value`, then `N{i} = step(N{i-1})`, then the use of the last name."""
    lines = [f"N0 = {value}"] + [f"N{i} = {step.format(p=f'N{i - 1}')}" for i in range(1, count)]
    return "\n".join(lines) + "\nfrom setuptools import setup\n" + use.format(n=f"N{count - 1}")


@pytest.mark.timeout(10)
def test_a_name_is_evaluated_once_however_often_it_is_used():
    """Four copies of the previous name, 29 levels: 4**29 evaluations before."""
    content = _chain(
        30, "'>=3.11'", "[{p}, {p}, {p}, {p}]", "setup(python_requires=N0, classifiers={n})\n"
    )

    [declaration] = read(text_file("setup.py", content))
    assert declaration.raw == ">=3.11"


@pytest.mark.timeout(10)
def test_a_chain_of_ten_thousand_names_does_not_recurse():
    content = _chain(10_000, "'>=3.11'", "{p}", "setup(python_requires={n})\n")

    [declaration] = read(text_file("setup.py", content))
    assert (declaration.raw, declaration.span.line) == (">=3.11", 1)


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    ("value", "step", "use"),
    [
        pytest.param("'>=3.11'", "{p} + {p}", "setup(python_requires={n})\n", id="string"),
        pytest.param("['a']", "{p} + {p}", "setup(classifiers={n})\n", id="list"),
        pytest.param("['a']", "[*{p}, *{p}]", "setup(classifiers={n})\n", id="starred"),
        pytest.param("'a'", "''.join([{p}, {p}])", "setup(python_requires={n})\n", id="join"),
    ],
)
def test_values_that_double_at_each_name_are_unreadable_past_a_budget(value, step, use):
    with pytest.raises(UnreadableFile, match="static evaluation makes more than"):
        read(text_file("setup.py", _chain(40, value, step, use)))


@pytest.mark.timeout(10)
def test_one_list_read_by_many_setup_calls_is_unreadable_past_a_budget():
    content = "C = [" + "'Programming Language :: Python :: 3.11', " * 20 + "]\n"
    content += "from setuptools import setup\n" + "setup(classifiers=C)\n" * 2_000

    with pytest.raises(UnreadableFile, match="names more than"):
        read(text_file("setup.py", content))


@pytest.mark.timeout(60)  # a guard against a hang, not a speed target: quadratic takes hours
def test_many_values_on_one_long_line_are_placed_in_linear_time():
    """Each value's column was found by encoding its whole line again."""
    parts = "'', " * 120_000
    content = f"from setuptools import setup\nsetup(python_requires=''.join(['>=3.11', {parts}]))\n"

    [declaration] = read(text_file("setup.py", content))
    assert (declaration.raw, declaration.span.line, declaration.span.column) == (">=3.11", 2, 23)


@pytest.mark.parametrize(
    ("before", "column"),
    [
        pytest.param("'a', ", 60, id="ascii"),
        pytest.param("'é', ", 60, id="two-bytes"),
        pytest.param("'€🐍', ", 61, id="three-and-four-bytes"),
    ],
)
def test_columns_count_characters_not_bytes(before, column):
    content = f"setup(classifiers=[{before}'Programming Language :: Python :: 3.11'])\n"

    [declaration] = read(text_file("setup.py", content))
    assert declaration.span.column == column


def test_a_setup_py_too_large_for_ast_is_unreadable():
    with pytest.raises(UnreadableFile, match="larger than 512 KiB"):
        read(text_file("setup.py", "#" * (600 * 1024) + "\nsetup()\n"))


@pytest.mark.timeout(10)
def test_one_list_starred_many_times_is_unreadable_before_it_is_copied():
    content = _chain(17, "['a']", "{p} + {p}", "")  # 65,536 items
    content += "B = [" + "*N16, " * 20_000 + "]\nsetup(classifiers=B)\n"

    with pytest.raises(UnreadableFile, match="static evaluation makes more than"):
        read(text_file("setup.py", content))


EXTRA_ARGS = """\
import sys
from setuptools import setup

# which versions of python we support: pip >= 9 skips the others
PYTHON_REQUIRES = '>=3.9'

setup_args = {}
setup_args['package_data'] = {'pkg': ['*.pxd']}

# arguments only setuptools takes
setuptools_extra_args = {}
if 'setuptools' in sys.modules:
    setuptools_extra_args['python_requires'] = PYTHON_REQUIRES
    setuptools_extra_args['zip_safe'] = False

setup_args.update(setuptools_extra_args)

setup(
    name='pkg',
    classifiers=["Programming Language :: Python :: 3.9"],
    **setup_args
)
"""


def test_entries_set_on_a_dict_given_as_kwargs_are_arguments():
    """Cython's setup.py: `python_requires` set on a dict that another, given to setup() as
    `**setup_args`, is updated with."""
    found = [(d.line, d.raw, d.role) for d in read(text_file("setup.py", EXTRA_ARGS))]
    assert found == [(5, ">=3.9", Role.RANGE), (20, "3.9", Role.MATRIX)]
    unrelated = EXTRA_ARGS.replace("setup_args.update(setuptools_extra_args)", "")
    assert [d.raw for d in read(text_file("setup.py", unrelated))] == ["3.9"]


def test_a_wheel_tagged_only_for_the_platform_is_noted_where_the_tag_is_set():
    text = (
        "from setuptools import setup\n"
        "from setuptools.command.bdist_wheel import bdist_wheel\n"
        "\n"
        "class PlatformWheel(bdist_wheel):\n"
        "    def finalize_options(self):\n"
        "        super().finalize_options()\n"
        "        self.plat_name = 'manylinux2014_x86_64'\n"
        "\n"
        "setup(name='pkg', cmdclass={'bdist_wheel': PlatformWheel})\n"
    )
    [noted] = read(text_file("setup.py", text))
    assert (noted.role, noted.raw, noted.span.line, noted.span.column) == (
        Role.UNRESOLVED,
        "self.plat_name",
        7,
        9,
    )
    assert noted.note == VERSIONLESS_WHEEL
    spread = text.replace("setup(name='pkg', ", "setup(**{'name': 'pkg'}, ")
    unrelated = text.replace("from setuptools.command.bdist_wheel import bdist_wheel\n", "")
    unrelated = unrelated.replace("(bdist_wheel)", "(Base)")
    for other in (spread, text + "import numpy\n", unrelated):
        assert [d.note for d in read(text_file("setup.py", other))] == []
