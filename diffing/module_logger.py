"""Core layer: a module's logger that loads `logging` only when a record could go somewhere.

`redline compare` is a fresh process each time, and importing `logging` (with the `string`,
`traceback` and `weakref` modules it brings) is some 12 million instructions, ~3 ms of a command
whose target is 0.12 s (issue 12, item 9), for the handful of debug lines the core writes.
`get_logger(__name__)` gives each module its logger as `logging.getLogger` would, with the same
names, levels, handlers and caller information (file and line of the call), except that:

- a DEBUG or INFO record made while `logging` has never been imported in the process is
  dropped without importing it. Nothing can have configured logging then (configuring it means
  importing it), and unconfigured, the root logger's level is WARNING: Python drops these
  records too. The app and the tests import `logging` first, so there every record is handled.
- WARNING and above import `logging` and are logged as usual (unconfigured, Python's last-resort
  handler writes them to stderr).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


class ModuleLogger:
    """`logging.getLogger(name)`, made at the first record that could be handled; `debug`,
    `info`, `warning` and `error` take `logging`'s arguments (a %-format and its values)."""

    __slots__ = ("_logger", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        """The logger's name: the module's `__name__`."""
        self._logger: logging.Logger | None = None

    @property
    def logger(self) -> logging.Logger:
        """The `logging.Logger` of this name (`logging` is imported now if it was not)."""
        if self._logger is None:
            import logging

            self._logger = logging.getLogger(self.name)
        return self._logger

    # stacklevel=2: the record names the caller's file and line, not this module's.
    def debug(self, msg: str, *args: object) -> None:
        if "logging" in sys.modules:
            self.logger.debug(msg, *args, stacklevel=2)

    def info(self, msg: str, *args: object) -> None:
        if "logging" in sys.modules:
            self.logger.info(msg, *args, stacklevel=2)

    def warning(self, msg: str, *args: object) -> None:
        self.logger.warning(msg, *args, stacklevel=2)

    def error(self, msg: str, *args: object) -> None:
        self.logger.error(msg, *args, stacklevel=2)


def get_logger(name: str) -> ModuleLogger:
    """The logger of the module `name` (pass `__name__`)."""
    return ModuleLogger(name)
