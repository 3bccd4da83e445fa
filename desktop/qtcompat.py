"""Desktop layer: work-arounds for bugs of the Qt bindings, kept in one place.

PySide6 6.12 on Python 3.11 hands Python a `None`, `True` or `False` without taking a reference
when it converts some Qt values (an invalid QVariant, e.g. `QModelIndex.data()` for a role the
model does not serve or `QComboBox.currentData()` of an item without data; a bool sent through a
`Signal(object)`). Each such conversion later releases one reference too many; these singletons
are not immortal before Python 3.12, so after some thousands of repaints the interpreter aborts
with "Fatal Python error: none_dealloc" (or bool_dealloc).

The code avoids those conversions where it can (models are asked through Python methods, not
through QVariant), and `protect_singletons()` gives None, True and False a reserve of references
so that any conversion left over can never bring them to zero. Python 3.12+ needs neither.
"""

from __future__ import annotations

import ctypes
import logging
import sys

logger = logging.getLogger(__name__)

RESERVE = 1 << 40
_done = False


def protect_singletons() -> None:
    """Give None/True/False a reserve of references (Python < 3.12 only; idempotent)."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += RESERVE
    _done = True


protect_singletons()
