"""`Cargo.toml` (any folder): pyo3's `abi3-pyXY` feature, the stable-ABI floor of the
extension module the crate builds (`pyo3 = { features = ["abi3-py310"] }`, a
`[dependencies.pyo3]` table, or `"pyo3/abi3-py39"` in a `[features]` list). Read as a
target, as `pyparity.sources._stable_abi` says.
"""

from __future__ import annotations

from typing import Any

from pyparity import lazy_re
from pyparity.errors import UnreadableFile
from pyparity.model import Declaration
from pyparity.parsers.toml_positions import load_toml
from pyparity.sources._stable_abi import floor
from pyparity.textfile import TextFile

KIND = "cargo"
_FEATURE = lazy_re.compile(
    r"""(?P<quote>["'])(?P<name>(?:pyo3/)?abi3-py3(?P<minor>\d{1,2}))(?P=quote)"""
)
_ABI3 = lazy_re.compile(r"^(?:pyo3/)?abi3-py3\d{1,2}$")
_TABLES = ("dependencies", "build-dependencies", "dev-dependencies")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] == "Cargo.toml"


def read(file: TextFile) -> list[Declaration]:
    if "abi3-py" not in file.text:
        return []
    try:
        data = load_toml(file)
    except UnreadableFile:
        return []  # Cargo's file to judge: it names no Python pyparity could compare
    features = _pyo3_features(data)
    if not features:
        return []
    found = []
    for match in _FEATURE.finditer(file.text):
        line_start = file.text.rfind("\n", 0, match.start()) + 1
        if "#" in file.text[line_start : match.start()] or match["name"] not in features:
            continue
        found.append(floor(file, match.start("name"), match["name"], f"3.{match['minor']}", KIND))
    return found


def _pyo3_features(data: dict[str, Any]) -> set[str]:
    """The abi3 features the crate turns on for pyo3: in its dependency's `features`, or in
    a `[features]` list as `pyo3/abi3-py39`."""
    names: set[str] = set()
    for table in _TABLES:
        dependencies = data.get(table)
        pyo3 = dependencies.get("pyo3") if isinstance(dependencies, dict) else None
        listed = pyo3.get("features") if isinstance(pyo3, dict) else None
        if isinstance(listed, list):
            names.update(f for f in listed if isinstance(f, str) and _ABI3.match(f))
    features = data.get("features")
    for listed in features.values() if isinstance(features, dict) else ():
        if isinstance(listed, list):
            names.update(
                f for f in listed if isinstance(f, str) and f.startswith("pyo3/") and _ABI3.match(f)
            )
    return names
