"""Nix development environments: `flake.nix`, `shell.nix`, `default.nix`, `devenv.nix` (any
folder).

The interpreter a shell provides: `pkgs.python312` (devenv's `languages.python.package`,
`buildInputs`), `python312.withPackages (...)`, and a binding of a whole package set
(`py = pkgs.python313Packages;`). Like a dev container's, it is the Python developers run
the project with: a runtime pin. A package taken from a set (`pkgs.python312Packages.build`)
is not itself a declaration; several minors in one file are a set of shells, not pins.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.textfile import TextFile, line_span

KIND = "nix"
_NAMES = frozenset({"flake.nix", "shell.nix", "default.nix", "devenv.nix"})
# Linear: literal text, then digits, then an optional literal.
_PYTHON = lazy_re.compile(r"(?<![\w-])python(?P<digits>3\d{1,2})(?P<set>Packages)?(?![\w-])")
_BINDING = lazy_re.compile(r"=[ \t]*+(?:pkgs\.)?+$")


def matches(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in _NAMES


def read(file: TextFile) -> list[Declaration]:
    found: list[tuple[int, int, str, str]] = []
    for number, line in file.numbered_lines():
        code = line.split("#", 1)[0]
        for match in _PYTHON.finditer(code):
            after = code[match.end() : match.end() + 1]
            if match["set"] and (after == "." or not _BINDING.search(code[: match.start()])):
                continue  # a package of the set, or the set used in passing
            withs = code.startswith(".withPackages", match.end())
            if not match["set"] and after == "." and not withs:
                continue  # `python312.pkgs.x`: a package
            version = f"3.{match['digits'][1:]}"
            found.append((number, match.start() + 1, match[0], version))
    minors = {version for _, _, _, version in found}
    several = len(minors) > 1
    declarations = []
    for number, column, raw, version in found:
        declaration = pin(
            file.path,
            line_span(number, column, len(raw)),
            version,
            source=KIND,
            context=f"nix {raw}",
            purpose=Purpose.RUNTIME,
            group=f"{file.path} nix Pythons" if several else "",
            role=Role.MATRIX if several else Role.PIN,
        )
        declarations.append(replace(declaration, raw=raw))
    return declarations
