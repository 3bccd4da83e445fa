"""Desktop layer: the one typed wrapper around QSettings.

Every stored preference has a property here, so no string key is spelt twice and a wrong type
read back from the store (an ini file edited by hand) falls back to the default instead of
crashing the window.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings

from diffing.model import DiffOptions

logger = logging.getLogger(__name__)

MAX_RECENT = 8


def _as_bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in {"true", "1", "yes"}:
            return True
        if value.lower() in {"false", "0", "no"}:
            return False
    return default


class Settings:
    """Preferences of the desktop app. Pass a QSettings (tests use an ini file in tmp_path)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings("Redline", "Redline")

    @property
    def store(self) -> QSettings:
        return self._store

    # --- comparison options ---
    @property
    def diff_options(self) -> DiffOptions:
        default = DiffOptions()
        values = {
            name: _as_bool(self._store.value(f"options/{name}"), getattr(default, name))
            for name in DiffOptions._fields
        }
        return default._replace(**values)

    @diff_options.setter
    def diff_options(self, options: DiffOptions) -> None:
        for name in DiffOptions._fields:
            self._store.setValue(f"options/{name}", bool(getattr(options, name)))

    @property
    def author(self) -> str:
        value = self._store.value("export/author", "")
        return value if isinstance(value, str) else ""

    @author.setter
    def author(self, name: str) -> None:
        self._store.setValue("export/author", name.strip())

    # --- files ---
    @property
    def recent_pairs(self) -> list[tuple[str, str]]:
        """Recently compared pairs, newest first."""
        value = self._store.value("files/recent", [])
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        pairs = []
        for item in items:
            if isinstance(item, str) and "\n" in item:
                old, new = item.split("\n", 1)
                pairs.append((old, new))
        return pairs

    def add_recent_pair(self, old: str, new: str) -> None:
        pairs = [(old, new)] + [p for p in self.recent_pairs if p != (old, new)]
        self._store.setValue("files/recent", [f"{o}\n{n}" for o, n in pairs[:MAX_RECENT]])

    def clear_recent(self) -> None:
        self._store.remove("files/recent")
        self._store.remove("files/recent_notes")

    @property
    def recent_notes(self) -> list[str]:
        """Recently opened negotiation files (.redline), newest first."""
        value = self._store.value("files/recent_notes", [])
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        return [item for item in items if isinstance(item, str) and item]

    def add_recent_notes(self, path: str) -> None:
        paths = [path] + [p for p in self.recent_notes if p != path]
        self._store.setValue("files/recent_notes", paths[:MAX_RECENT])

    @property
    def last_notes(self) -> str | None:
        """The negotiation file (.redline) open when the app last had one."""
        value = self._store.value("files/last_notes", "")
        return value if isinstance(value, str) and value else None

    @last_notes.setter
    def last_notes(self, path: str | None) -> None:
        if path:
            self._store.setValue("files/last_notes", path)
        else:
            self._store.remove("files/last_notes")

    @property
    def started_before(self) -> bool:
        return _as_bool(self._store.value("app/started_before"), False)

    @started_before.setter
    def started_before(self, value: bool) -> None:
        self._store.setValue("app/started_before", value)

    # --- window ---
    @property
    def geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    @property
    def view_mode(self) -> int:
        """0 side by side, 1 redline."""
        value = self._store.value("window/view_mode", 0)
        try:
            return 1 if int(str(value)) == 1 else 0
        except ValueError:
            return 0

    @view_mode.setter
    def view_mode(self, mode: int) -> None:
        self._store.setValue("window/view_mode", int(mode))

    ZOOM_STEPS = (-4, 10)
    """Least and most zoom steps: each step is 10 % of the platform's text size."""

    @property
    def zoom(self) -> int:
        """Zoom steps of the text views, 0 for the platform's size (View → Zoom)."""
        value = self._store.value("view/zoom", 0)
        try:
            steps = int(str(value))
        except ValueError:
            return 0
        return max(self.ZOOM_STEPS[0], min(self.ZOOM_STEPS[1], steps))

    @zoom.setter
    def zoom(self, steps: int) -> None:
        self._store.setValue("view/zoom", int(steps))

    def sync(self) -> None:
        self._store.sync()
