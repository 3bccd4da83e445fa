"""Test configuration: Qt offscreen, and the LibreOffice rule (skip locally, fail on CI)."""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def soffice() -> str:
    """Path of LibreOffice's soffice; skips locally when absent, fails on CI."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return path
    if ON_CI:
        pytest.fail("LibreOffice is not installed on CI (dev.py test should have installed it)")
    pytest.skip("LibreOffice is not installed: run `python3 dev.py test` as root to install it")
