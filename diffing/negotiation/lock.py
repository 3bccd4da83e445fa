"""Core layer: one writer per negotiation file, across processes.

A lock file next to the database (`NAME.redline.lock`) is held with an OS lock (`flock` on
POSIX, `msvcrt.locking` on Windows) for as long as the file is open for writing, and holds the
holder's PID for the message. The OS drops the lock when the holder dies, however it dies (a
SIGKILL, a power cut, a crash), so a stale lock file never blocks anybody: stale-lock
detection is the kernel's, not a guess from PIDs that may have been reused.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from diffing.errors import RedlineError


class FileLockedError(RedlineError):
    """The negotiation file is open for writing in another Redline window or process."""


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class WriterLock:
    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise FileLockedError naming the holder."""
        for _attempt in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
                holder = _read_pid(fd)
                os.close(fd)
                who = f" (process {holder})" if holder else ""
                raise FileLockedError(
                    f"{self.path.name[: -len('.lock')]}: is already open in another Redline "
                    f"window{who}; close it there, or open this file read-only."
                )
            # A holder that was closing may have removed the file we opened: then our lock is
            # on a name nobody else sees, and another process could lock a new file. Retry.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
                self._fd = fd
                return
            os.close(fd)
        raise FileLockedError(f"{self.path.name}: could not be locked; try again.")

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Remove the name while still holding the lock, so nobody takes a lock on a file that
        # is about to disappear without noticing (see `acquire`).
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(fd)  # closing drops the OS lock

    @property
    def held(self) -> bool:
        return self._fd is not None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _read_pid(fd: int) -> int | None:
    try:
        data = os.pread(fd, 32, 0) if hasattr(os, "pread") else b""
        return int(data.strip() or b"0") or None
    except (OSError, ValueError):
        return None
