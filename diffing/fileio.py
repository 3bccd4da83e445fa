"""Core layer: the one way Redline writes a file whole or not at all.

`atomic_write(target)` gives a temporary path in the target's folder (so the final rename never
crosses a file system); whatever the caller writes there — bytes, an SQLite database, a PDF from
Qt — is flushed to disk (fsync), given the mode an ordinary new file gets under the user's umask
(0644 under the usual 022: a temporary file from `mkstemp` would otherwise stay 0600), and moved
over the target with `os.replace`. A failure or an exception in the caller removes the temporary
file and leaves the target as it was. Every writer of the project calls this (exports, the PDF,
the JSON of annotations, copies of the negotiation file): one rule in one place.

Errors: `OSError` from the file system propagates; callers turn it into their one-line message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from diffing.module_logger import get_logger

logger = get_logger(__name__)


def user_file_mode() -> int:
    """The mode a new ordinary file gets here: 0o666 less the process umask (e.g. 0o644)."""
    return 0o666 & ~_umask()


def _umask() -> int:
    # Linux tells the umask without changing it; elsewhere it can only be read by setting it,
    # which another thread creating a file at that instant could notice.
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike[str], *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; when the block ends normally, publish it.

    replace=False refuses to publish over an existing file (`FileExistsError`), for files that
    must never replace another one (a new negotiation file). The temporary file exists (empty)
    when the block starts; writers that need a fresh path (SQLite, QPdfWriter) may replace it.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        os.chmod(temporary, user_file_mode())
        if replace:
            os.replace(temporary, target)
        else:
            _publish_new(temporary, target)
        _sync_folder(folder)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _publish_new(temporary: Path, target: Path) -> None:
    # link() fails if the target exists, so a file made meanwhile is never replaced.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system (some network and FAT drives).
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        logger.debug("cannot fsync folder %s", folder)
    finally:
        os.close(descriptor)
