"""Desktop layer: where our own log goes. Logs are for us, one clear line is for the user.

Every module has `logger = logging.getLogger(__name__)`. By default only warnings reach stderr.
`redline --debug` also writes everything, tracebacks included, to `redline.log` in the app's data
folder (e.g. ~/.local/share/Redline/Redline/ on Linux), and says where once on stderr; the
messages users see stay the same one-liners.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "redline.log"


def data_folder() -> Path:
    """The app's data folder, as Qt names it once the application is named; without Qt
    running, the same place by the platform's convention."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    if QCoreApplication.instance() is not None:
        found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        if found:
            return Path(found)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "Redline" / "Redline"


def set_up(debug: bool, folder: Path | None = None) -> Path | None:
    """Configure the root logger; with `debug`, also a log file (returned) in `folder` (the data
    folder by default). A folder that cannot be written leaves the log on stderr only."""
    root = logging.getLogger()
    stream = logging.StreamHandler()
    stream.setLevel(logging.WARNING)
    root.addHandler(stream)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    if not debug:
        return None
    path = (folder or data_folder()) / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        logging.getLogger(__name__).warning("cannot write the log at %s: %s", path, error)
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    root.addHandler(handler)
    return path
