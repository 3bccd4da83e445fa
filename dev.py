#!/usr/bin/env python3
"""Developer bootstrap: the README's two commands.

    python3 dev.py run [OLD NEW]   install into .venv and launch the app (example when no files)
    python3 dev.py test [ARGS]     install test tools (and LibreOffice on CI) and run every test

Standard library only, so it works on a fresh clone before anything is installed. It keeps its
own virtual environment in .venv and reinstalls only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

# Debian packages Qt's xcb platform plugin needs to open a window, and what the real-client tests
# need. Installed with apt only when missing and when we are allowed to (root, apt present).
XCB_PACKAGES = [
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
]
TEST_PACKAGES = [
    "libreoffice-writer-nogui",
    "python3-uno",
    "xvfb",
    "fonts-liberation",
    "poppler-utils",
    "pandoc",  # a second client that replays tracked changes (--track-changes=accept|reject)
]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before the venv exists
        found = ".".join(map(str, sys.version_info[:2]))
        sys.exit(f"dev.py: Python 3.11 or newer is needed (found {found}).")
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing the project{' with ' + extras if extras else ''} into .venv")
    target = f".[{extras}]" if extras else "."
    for args in (["--upgrade", "pip"], ["-e", target]):
        # pip's build backend chatters about editable installs; show its output only on failure.
        result = subprocess.run(
            [str(PYTHON), "-m", "pip", "install", "-q", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            sys.exit(f"dev.py: installing {' '.join(args)} failed (see above).")
    stamp.write_text(digest)


def dpkg_missing(packages: list[str]) -> list[str]:
    if platform.system() != "Linux" or not shutil.which("dpkg-query"):
        return []
    missing = []
    for name in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True
        )
        if "install ok installed" not in result.stdout:
            missing.append(name)
    return missing


def apt_install(packages: list[str]) -> bool:
    missing = dpkg_missing(packages)
    if not missing:
        return True
    if not shutil.which("apt-get") or os.geteuid() != 0:
        say("missing system packages (install them with apt): " + " ".join(missing))
        return False
    say("installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env
    )
    return result.returncode == 0


def run_app(args: list[str]) -> int:
    ensure_venv("")
    if platform.system() == "Linux" and not os.environ.get("QT_QPA_PLATFORM"):
        apt_install(XCB_PACKAGES)
    app = subprocess.Popen([str(PYTHON), "-m", "desktop", *args])
    while True:
        try:
            return app.wait()
        except KeyboardInterrupt:
            # Ctrl+C reaches the app too, which closes its window (saving) and exits: wait
            # for it rather than ending here with a traceback.
            continue


def run_tests(args: list[str]) -> int:
    ensure_venv("test")
    on_ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    if platform.system() == "Linux" and (on_ci or os.geteuid() == 0):
        ok = apt_install(TEST_PACKAGES + XCB_PACKAGES)
        if not ok and on_ci:
            say("could not install the system packages the tests need")
            return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    steps = [
        [str(PYTHON), "-m", "ruff", "check", "."],
        [str(PYTHON), "-m", "ruff", "format", "--check", "."],
        [str(PYTHON), "-m", "mypy"],
        [str(PYTHON), "-m", "pytest", *args],
    ]
    failed = []
    # Every step runs even when an earlier one failed, so one CI run reports everything.
    for step in steps:
        name = " ".join(step[2:4])
        say(f"running {name}")
        if subprocess.call(step, cwd=ROOT, env=env) != 0:
            failed.append(name)
    if failed:
        say("FAILED: " + ", ".join(failed))
        return 1
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    return run_app(rest) if command == "run" else run_tests(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
