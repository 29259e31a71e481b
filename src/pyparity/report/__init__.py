"""Output formats: each module has `render(result, ...) -> str` and no side effects."""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("text", "json", "github", "markdown", "sarif")
