"""Desktop layer: `redline --self-test`, proof that an installed or frozen app is complete.

It runs what a user's first minute runs, offscreen, and checks the results: the bundled example
is read, aligned and shown in the main window, and a tracked-change Word file is exported to a
temporary folder and checked (a valid package whose Accept All text is the new version). Prints one
line per step; exit status 0 when everything passed, 1 otherwise.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

logger = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _accepted_text(docx: Path) -> str:
    """The body text after Accept All: everything but deleted and moved-away runs."""
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    parts = []
    for node in root.iter(f"{W}t"):
        if any(a.tag in (f"{W}del", f"{W}moveFrom") for a in node.iterancestors()):
            continue
        parts.append(node.text or "")
    return "".join(parts)


def _check_export(workdir: Path) -> str:
    from diffing.compare import compare
    from diffing.readers import read_document
    from exporters import export
    from resources import example_pair

    old_path, new_path = example_pair()
    old, new = read_document(old_path), read_document(new_path)
    comparison = compare(old, new)
    if not comparison.entries:
        raise AssertionError("the example aligned to nothing")
    out = workdir / "example.docx"
    export(comparison, out, "docx", author="Self-test", date="2026-01-01T00:00:00Z")
    with zipfile.ZipFile(out) as package:
        names = set(package.namelist())
        body = package.read("word/document.xml")
    if "word/document.xml" not in names or b"<w:ins " not in body or b"<w:del " not in body:
        raise AssertionError("the export has no tracked insertions and deletions")
    accepted = _accepted_text(out)
    missing = [p.id for p in new.paragraphs if p.text[:40] not in accepted]
    if missing:
        raise AssertionError(f"Accept All lacks new paragraphs {', '.join(missing[:5])}")
    return f"{len(comparison.entries)} aligned entries, {out.stat().st_size // 1024} KB export"


def _check_window() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import open_example_window

    rows, image_size = open_example_window(timeout_ms=30_000)
    if rows == 0:
        raise AssertionError("the main window shows no rows for the example")
    return f"window shows {rows} rows, painted {image_size[0]}×{image_size[1]}"


def run_self_test() -> int:
    steps: list[tuple[str, Callable[[], str]]] = []
    with tempfile.TemporaryDirectory(prefix="redline-selftest-") as folder:
        steps = [
            ("read, align and export the example", lambda: _check_export(Path(folder))),
            ("open the example in the main window", _check_window),
        ]
        failed = False
        for name, step in steps:
            try:
                detail = step()
            except Exception as error:  # a self-test reports every failure as one line
                failed = True
                print(f"FAIL  {name}: {type(error).__name__}: {error}", file=sys.stderr)
            else:
                print(f"ok    {name}: {detail}")
    print("self-test failed" if failed else "self-test passed")
    return 1 if failed else 0
