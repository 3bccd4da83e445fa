"""Core layer: the errors the core raises, each carrying one line a user can read."""

from __future__ import annotations


class RedlineError(Exception):
    """Base of every error the core raises on purpose; str(error) is one user-facing line."""


class ReadError(RedlineError):
    """A file could not be read as a document (missing, unsupported, corrupt, encrypted...)."""


class Cancelled(RedlineError):
    """Long work stopped because the caller's cancel flag was raised."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
