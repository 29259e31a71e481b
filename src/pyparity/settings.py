"""The values a setting can take, shared by the command line, the configuration file and the
Action's inputs. Imports nothing: the command line is built from it before anything else."""

from __future__ import annotations

PRECISIONS = ("minor", "patch")
FAIL_LEVELS = ("error", "warning", "notice", "never")
CONFIGURATION_FILES = (".pyparity.toml", "pyproject.toml")
"""Where the configuration is looked for at the root, first found first."""
