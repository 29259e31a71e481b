"""The two kinds of failure: the user's configuration (exit 2) and one unreadable file."""


class ConfigError(Exception):
    """A usage or configuration problem the user must fix; the CLI exits with 2."""


class UnreadableFile(Exception):
    """One file cannot be read or parsed; it becomes a `parse-error` finding for that file.

    `line` and `column` point at the problem when the parser knows where it is.
    """

    def __init__(self, message: str, *, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(line, 1)
        self.column = max(column, 1)


class TooLarge(UnreadableFile):
    """A file over the size cap: not read at all."""


class Encrypted(UnreadableFile):
    """A file a repository keeps encrypted (git-crypt's `secrets/creds.sh`): ciphertext, not a
    broken file, so it is skipped without a finding."""
