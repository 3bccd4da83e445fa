"""The one atomic writer: whole file or none, the user's umask, never over a file made meanwhile."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from diffing.fileio import atomic_write


@pytest.fixture
def umask() -> Iterator[object]:
    previous = os.umask(0o022)
    os.umask(previous)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_written_file_gets_the_mode_the_users_umask_gives(
    tmp_path: Path, umask: object, mask: int, mode: int
) -> None:
    umask(mask)  # type: ignore[operator]
    target = tmp_path / "out.docx"
    with atomic_write(target) as temporary:
        temporary.write_bytes(b"whole")
    assert target.read_bytes() == b"whole"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_a_failure_while_writing_leaves_the_old_file_and_no_litter(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old export")
    with pytest.raises(RuntimeError), atomic_write(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("renderer crashed")
    assert target.read_text() == "old export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_a_new_only_file_never_replaces_one_made_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "talks.redline"
    with pytest.raises(FileExistsError), atomic_write(target, replace=False) as temporary:
        temporary.write_text("mine")
        target.write_text("someone else's")
    assert target.read_text() == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["talks.redline"]


def test_a_folder_that_does_not_exist_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError), atomic_write(tmp_path / "missing" / "out.pdf"):
        pass
