"""Desktop layer: the command-line subcommands. None of them imports Qt."""

from __future__ import annotations

import sys


def fail(message: str) -> int:
    """Report one line on stderr and return the exit status for bad input."""
    print(f"redline: {message}", file=sys.stderr)
    return 2


def warn(message: str) -> None:
    """Report one line on stderr that is no error (the command goes on)."""
    print(f"redline: {message}", file=sys.stderr)
