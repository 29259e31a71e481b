"""A builtin type's method counts only where the receiver certainly has that type."""

from __future__ import annotations

import ast
import textwrap

import pytest

from pyparity.code.receivers import Receivers
from pyparity.code.scan import source_needs


def member_features(source: str) -> set[str]:
    needs = source_needs("pkg/module.py", textwrap.dedent(source))
    return {need.feature.strip("`") for need in needs if "." in need.feature}


@pytest.mark.parametrize(
    ("source", "feature"),
    [
        pytest.param("x = (1).bit_count()\n", "int.bit_count", id="int-literal"),
        pytest.param("x = int(text).bit_count()\n", "int.bit_count", id="constructor"),
        pytest.param("n = 5\ny = n.bit_count()\n", "int.bit_count", id="name-bound-once"),
        pytest.param("y = (5 * 3).bit_count()\n", "int.bit_count", id="int-arithmetic"),
        pytest.param('x = str.removeprefix(s, "a")\n', "str.removeprefix", id="the-type-itself"),
        pytest.param(
            'def f(x):\n    s = str(x)\n    return s.removeprefix("a")\n',
            "str.removeprefix",
            id="local-bound-once",
        ),
        pytest.param("d = {}\nview = d.items().mapping\n", "dict.items.mapping", id="method-of"),
    ],
)
def test_known_receiver_fires(source: str, feature: str) -> None:
    assert feature in member_features(source)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            'def label(p):\n    return f"{int(p * 100) if (p * 100).is_integer() else p}"\n',
            id="arithmetic-on-an-unknown-value",
        ),
        pytest.param(
            "p = 1\n\ndef f(p):\n    return p.is_integer\n", id="parameter-shadows-a-global"
        ),
        pytest.param("n = 1\nn = n / 2\nok = n.is_integer()\n", id="bound-twice"),
        pytest.param("n = 2 / 1\nok = n.is_integer()\n", id="division-is-a-float"),
        pytest.param(
            "n = 5\n\ndef g():\n    global n\n    n = 2.5\n\nok = n.is_integer()\n",
            id="rebound-by-global",
        ),
        pytest.param(
            "class C:\n    n = 5\n\n    def f(self, n):\n        return n.bit_count()\n",
            id="class-body-not-seen-from-methods",
        ),
        pytest.param("int = float\nok = int(x).is_integer()\n", id="rebound-builtin"),
    ],
)
def test_unknown_receiver_is_not_a_builtin_method(source: str) -> None:
    assert not {f for f in member_features(source) if f.startswith(("int.", "str.", "float."))}


def test_confirms_only_the_attribute_on_its_line() -> None:
    tree = ast.parse("a = 1\nb = a.bit_count()\nc = x.bit_count()\n")
    receivers = Receivers(tree)
    assert receivers.confirms(2, "int.bit_count")
    assert not receivers.confirms(3, "int.bit_count")
    assert not receivers.confirms(2, "str.bit_count")


PATH_IN_ONE_FUNCTION = """\
from pathlib import Path


def static_root(definition):
    root = Path(definition["path"])
    return root / "static"


def layers_tree(layers):
    root = {str(layer["id"]): {"layers": [], **layer} for layer in layers}
    for key, branch in root.copy().items():
        branch.pop("parent", None)
    return list(root.values())
"""


def test_a_class_method_guessed_from_another_functions_binding_is_no_need() -> None:
    """vermin reads `root.copy()` as `pathlib.Path.copy` (3.14) because another function
    binds `root = Path(...)`; here `root` is a dict (umap's utils.py)."""
    assert "pathlib.Path.copy" not in member_features(PATH_IN_ONE_FUNCTION)


def test_the_class_method_on_a_receiver_of_that_class_still_fires() -> None:
    source = "from pathlib import Path\n\ndef backup(p):\n    root = Path(p)\n    return root.copy(p + '.bak')\n"
    assert "pathlib.Path.copy" in member_features(source)
