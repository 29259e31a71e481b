"""pyparity: find where a repository's Python versions disagree."""

__version__ = "0.1.0"
