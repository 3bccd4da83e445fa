"""The layer boundary: the core and the exporters never load Qt."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_exporters_import_without_qt() -> None:
    code = (
        "import sys, importlib, pkgutil\n"
        "import diffing, exporters\n"
        "for pkg in (diffing, exporters):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import desktop.main, desktop.commands\n"
        "loaded = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt loaded below desktop/: {result.stdout}"
