"""Test helper, run by the SYSTEM python (it needs LibreOffice's `uno` module, Debian python3-uno).

    /usr/bin/python3 lo_replay.py SOFFICE PROFILE_DIR OUT.json FILE.docx...

Starts one headless LibreOffice, and for every file: opens it, runs Accept All (then, on a fresh
load, Reject All) through the dispatcher exactly as the Edit > Track Changes menu does, and reads
the body back paragraph by paragraph, footnote references as "{{fn:" + footnote text + "}}".
Writes {file: {"accept": [...], "reject": [...], "accept_styles": [...], "reject_styles": [...],
"redlines": [n_before, n_after_accept, ...]}} (styles: each paragraph's style name as LibreOffice
shows it).

LibreOffice 7.4 headless (Debian's -nogui build) crashes when it opens a view on any document with
comments, its own files included; give this script documents without comments.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(soffice: str, profile: str) -> tuple[subprocess.Popen[bytes], object]:
    pipe = f"redline_replay_{os.getpid()}"
    process = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            return process, resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
            )
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.3)


def footnote_text(footnote: object) -> str:
    text = footnote.getString()  # type: ignore[attr-defined]
    # the writer puts one space between the footnote mark and the text
    return text[1:] if text.startswith(" ") else text


def read_styles(document: object) -> list[str]:
    """The paragraph style name of every body paragraph (tables left out, as in read_body)."""
    out = []
    paragraphs = document.getText().createEnumeration()  # type: ignore[attr-defined]
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if paragraph.supportsService("com.sun.star.text.Paragraph"):
            out.append(paragraph.ParaStyleName)
    return out


def read_body(document: object) -> list[str]:
    out = []
    paragraphs = document.getText().createEnumeration()  # type: ignore[attr-defined]
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if not paragraph.supportsService("com.sun.star.text.Paragraph"):
            continue
        pieces = []
        portions = paragraph.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            kind = portion.TextPortionType
            if kind == "Text":
                pieces.append(portion.getString())
            elif kind == "Footnote":
                pieces.append("{{fn:" + footnote_text(portion.Footnote) + "}}")
        out.append("".join(pieces))
    return out


def main(argv: list[str]) -> int:
    soffice, profile, out_path, *files = argv
    process, context = connect(soffice, profile)
    results: dict[str, dict[str, object]] = {}
    try:
        manager = context.ServiceManager  # type: ignore[attr-defined]
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for path in files:
            result: dict[str, object] = {}
            counts = []
            for mode, command in (
                ("accept", ".uno:AcceptAllTrackedChanges"),
                ("reject", ".uno:RejectAllTrackedChanges"),
            ):
                url = uno.systemPathToFileUrl(os.path.abspath(path))
                document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
                counts.append(document.getRedlines().getCount())
                frame = document.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, command, "", 0, ())
                counts.append(document.getRedlines().getCount())
                result[mode] = read_body(document)
                result[f"{mode}_styles"] = read_styles(document)
                document.close(True)
            result["redlines"] = counts
            results[path] = result
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
