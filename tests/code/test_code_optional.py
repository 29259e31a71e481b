"""Code that runs only where an optional third-party dependency imports is judged by that
dependency's Pythons, which pyparity cannot know: left out of the code floor."""

from __future__ import annotations

import textwrap
from pathlib import Path

from helpers import supported, write_files

from pyparity.code import code_floor_findings
from pyparity.code.optional import requires_dependency
from pyparity.config import Config
from pyparity.discover import Root
from pyparity.records import replace

GUARD = """\
    from sdk.integrations import DidNotEnable

    try:
        from genai.models import Models
    except ImportError:
        raise DidNotEnable("genai is not installed")
    """


write = write_files


def floor_36() -> list:
    return [replace(supported("setup.py", ">=3.6"), scope=".")]


def test_an_integration_package_needs_its_library(tmp_path: Path) -> None:
    # Modelled on an SDK that supports 3.6 and ships integrations for libraries that need
    # newer Pythons: the package's __init__ refuses to load without the library.
    paths = write(
        tmp_path,
        {
            "sdk/__init__.py": "",
            "sdk/integrations/__init__.py": "class DidNotEnable(Exception): ...\n",
            "sdk/integrations/genai/__init__.py": GUARD + "from .streaming import Chunk\n",
            "sdk/integrations/genai/streaming.py": "from typing import TypedDict\n",
            "sdk/integrations/genai/deep/__init__.py": "",
            "sdk/integrations/genai/deep/more.py": "from importlib.metadata import version\n",
        },
    )
    assert code_floor_findings(Root.at(tmp_path), paths, floor_36(), Config()) == []


def test_core_code_beside_it_is_still_judged(tmp_path: Path) -> None:
    paths = write(
        tmp_path,
        {
            "sdk/__init__.py": "",
            "sdk/integrations/genai/__init__.py": GUARD,
            "sdk/logger.py": "import time\nSTAMP = time.time_ns()\n",
        },
    )
    [finding] = code_floor_findings(Root.at(tmp_path), paths, floor_36(), Config())
    assert (finding.file, finding.span.line) == ("sdk/logger.py", 2)


def test_which_modules_require_a_dependency() -> None:
    assert requires_dependency(textwrap.dedent(GUARD), own="sdk")
    assert requires_dependency(
        "try:\n    import numpy as np\nexcept (ImportError, AttributeError) as e:\n    raise\n",
        own="sdk",
    )
    # A fallback that does not raise: the module runs without the library.
    assert not requires_dependency(
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n", own="sdk"
    )
    # The standard library, or the project's own package, is no optional dependency.
    assert not requires_dependency("try:\n    import ssl\nexcept ImportError:\n    raise\n", "sdk")
    assert not requires_dependency(
        "try:\n    from sdk._speedups import f\nexcept ImportError:\n    raise\n", own="sdk"
    )
    # Only the module's top level decides.
    assert not requires_dependency(
        "def f():\n    try:\n        import numpy\n    except ImportError:\n        raise\n",
        own="sdk",
    )
