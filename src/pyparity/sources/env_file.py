"""Environment files: `.env`, `config.env`, `<name>.env` (any folder).

A variable whose value is an image that carries a Python (`PYTHON_IMAGE=python:3.12-slim`,
`DOCKER_PYTHON_IMAGE_VERSION=python:3.10-slim`) names the Python of whatever a Makefile,
compose file or script runs in that image. What runs there is not told by the file: the pin
is tooling (it must lie in the supported range, and is compared with nothing else). Other
variables (secrets included) are never kept.
"""

from __future__ import annotations

from pyparity import lazy_re
from pyparity.images import parse_image
from pyparity.model import Declaration, Purpose, Role
from pyparity.records import replace
from pyparity.sources._common import pin
from pyparity.textfile import TextFile, line_span

KIND = "env-file"

# Linear: an optional `export `, a name, `=`, then the rest of the line.
_ASSIGNMENT = lazy_re.compile(
    r"(?:export[ \t]++)?(?P<name>[A-Za-z_]\w*+)[ \t]*+=[ \t]*+(?P<value>.*+)"
)


def matches(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == ".env" or (name.endswith(".env") and len(name) > len(".env"))


def read(file: TextFile) -> list[Declaration]:
    found: list[Declaration] = []
    for number, line in file.numbered_lines():
        match = _ASSIGNMENT.match(line.strip())
        if match is None or "IMAGE" not in match["name"].upper():
            continue
        value = match["value"].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        image = parse_image(value) if value and " " not in value else None
        if image is None:
            continue
        column = line.find(value, len(line) - len(line.lstrip()) + match.start("value")) + 1
        declaration = pin(
            file.path,
            line_span(number, column, len(value)),
            value,
            source=KIND,
            context=f"{match['name']} names an image; what runs in it is not told: tooling",
            purpose=Purpose.TOOLING,
        )
        requirement = image.requirement
        role = Role.FLOATING if requirement.floating else Role.PIN
        found.append(replace(declaration, requirement=requirement, role=role))
    return found
