"""The README screenshots can be made again: the script writes the five PNGs of the example."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from desktop.screenshots import take

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_screenshot_script_saves_the_main_views(qapp, tmp_path) -> None:
    palette = qapp.palette()
    paths = take(tmp_path, width=1000, height=700)
    assert [p.name for p in paths] == [
        "side-by-side.png",
        "redline.png",
        "navigator.png",
        "dark.png",
        "annotations.png",
    ]
    light = QImage(str(paths[0]))
    dark = QImage(str(paths[3]))
    assert light.width() == 1000 and light.height() == 700
    # The dark screenshot is dark where the light one is light (the table background).
    point = (light.width() - 40, light.height() // 2)
    assert light.pixelColor(*point).lightness() > 128 > dark.pixelColor(*point).lightness()
    assert qapp.palette() == palette
    # The annotation shot has the panel on the right: narrower comparison, same window.
    annotated = QImage(str(paths[4]))
    assert (annotated.width(), annotated.height()) == (1000, 700)
    assert annotated != light
