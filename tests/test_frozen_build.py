"""The released app: a PyInstaller one-folder build that passes its own self-test.

Building takes minutes, so it runs on CI and when asked locally (REDLINE_FROZEN_BUILD=1).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ON_CI

ROOT = Path(__file__).resolve().parent.parent
WANTED = ON_CI or os.environ.get("REDLINE_FROZEN_BUILD") == "1"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@pytest.mark.slow
@pytest.mark.skipif(
    not WANTED, reason="builds for minutes: runs on CI or with REDLINE_FROZEN_BUILD=1"
)
def test_frozen_app_passes_its_self_test(tmp_path: Path) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(ROOT / "build.spec"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=1200,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    app = tmp_path / "dist" / "redline" / ("redline.exe" if os.name == "nt" else "redline")
    assert app.exists()

    version = subprocess.run([str(app), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("redline "), version

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [str(app), "--self-test"], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    size_mb = folder_size(tmp_path / "dist" / "redline") / 2**20
    print(f"\nfrozen app folder: {size_mb:.0f} MB")
    assert size_mb < 400, f"the app folder grew to {size_mb:.0f} MB"
