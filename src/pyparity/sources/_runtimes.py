"""Function and app platforms name Python in their runtime ids: `python3.12`, `python312`."""

from __future__ import annotations

import re

from pyparity import lazy_re
from pyparity.model import Declaration, Purpose, Role
from pyparity.parsers.yaml_nodes import Scalar
from pyparity.records import replace
from pyparity.sources._common import pin, pin_requirement
from pyparity.sources._yaml_values import text_span
from pyparity.textfile import TextFile

_DOTTED = lazy_re.compile(r"^python(?P<version>\d+\.\d+)$", re.IGNORECASE)
_PACKED = lazy_re.compile(r"^python(?P<major>[23])(?P<minor>\d{1,2})$", re.IGNORECASE)


def is_python(scalar: Scalar | None) -> bool:
    return scalar is not None and scalar.text.strip().lower().startswith("python")


def runtime_pin(file: TextFile, scalar: Scalar, *, source: str, context: str) -> Declaration | None:
    """`python3.12` (Lambda, serverless) or `python312` (App Engine) as a runtime pin."""
    text = scalar.text.strip()
    offset = scalar.text.find(text) + len("python")
    if dotted := _DOTTED.match(text):
        version, written = dotted["version"], dotted["version"]
    elif packed := _PACKED.match(text):
        version, written = f"{packed['major']}.{packed['minor']}", text[len("python") :]
    else:
        return None
    declaration = pin(
        file.path,
        text_span(file, scalar, offset, offset + len(written)),
        text,
        source=source,
        context=context,
        purpose=Purpose.RUNTIME,
    )
    return replace(declaration, requirement=pin_requirement(version), role=Role.PIN)
