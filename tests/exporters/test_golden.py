"""Golden XML of the tracked export for a small hand-made comparison that holds every kind of
change, with volatile parts (dates, rsids) masked; and byte-identical output for fixed inputs.

When the export changes on purpose, look at the diff this test prints, then regenerate with
    REDLINE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/exporters/test_golden.py
"""

from __future__ import annotations

import difflib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from diffing.model import Comment, Comparison, Kind, Relation
from exporters import render
from exporters.tracked import build_tracked_docx
from tests.exporters.cases import doc, entry, para

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/comments.xml", "word/styles.xml")


def sample() -> tuple[Comparison, tuple[Comment, ...]]:
    notes_old = {"1": "United Nations, Treaty Series, vol. 2225.", "2": "A/60/88."}
    notes_new = {"1": "United Nations, Treaty Series, vol. 2326.", "3": "See resolution 9/1."}
    old = doc(
        para("title", "Strengthening cooperation against trafficking", Kind.TITLE),
        para("opening", "The Conference of the Parties,", Kind.OPENING),
        para("PP1", "Recalling the Convention,", Kind.PREAMBULAR, italic=9, notes=(("1", 24),)),
        para("PP2", "Noting the Protocol,", Kind.PREAMBULAR, italic=6, notes=(("2", 19),)),
        para("OP1", "Welcomes the report of the Working Group;", italic=8),
        para("OP2", "Requests the Office to report, and invites States to cooperate;", italic=8),
        para("OP3", "Urges States to act;", italic=5),
        para("OP4", "Decides to remain seized of the matter.", italic=7),
        footnotes=notes_old,
        symbol="CTOC/COP/2020/L.5",
        sponsors="Mexico: draft resolution",
    )
    new = doc(
        para("title", "Strengthening cooperation to prevent trafficking", Kind.TITLE),
        para("opening", "The Conference of the Parties,", Kind.OPENING),
        para("PP1", "Recalling the Convention,", Kind.PREAMBULAR, italic=9, notes=(("1", 24),)),
        para("OP1", "Urges States to act;", italic=5),
        para("OP2", "Welcomes the report of the Working Group;", italic=8),
        para("OP3", "Requests the Office to report;", italic=8, notes=(("3", 29),)),
        para("OP4", "Invites States to cooperate;", italic=7),
        para("OP5", "Decides to remain seized of the matter.", italic=7),
        footnotes=notes_new,
        symbol="Resolution 10/2",
    )
    comparison = Comparison(
        old,
        new,
        (
            entry(Relation.MODIFIED, ("title",), ("title",)),
            entry(Relation.UNCHANGED, ("opening",), ("opening",)),
            entry(Relation.MODIFIED, ("PP1",), ("PP1",)),
            entry(Relation.DELETED, ("PP2",), ()),
            entry(Relation.MOVED, ("OP3",), ("OP1",)),
            entry(Relation.UNCHANGED, ("OP1",), ("OP2",)),
            entry(Relation.SPLIT, ("OP2",), ("OP3", "OP4")),
            entry(Relation.UNCHANGED, ("OP4",), ("OP5",)),
        ),
    )
    comments = (
        Comment("OP3", "new", "EU", "Agreed ad ref."),
        Comment("PP2", "old", "G77", "Deletion not agreed.", "2024-03-17T09:30:00Z"),
    )
    return comparison, comments


def masked(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if name not in archive.namelist():
            return "(absent)\n"
        root = etree.fromstring(archive.read(name))
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    text = re.sub(r'w:date="[^"]*"', 'w:date="DATE"', text)
    return re.sub(r'w:rsid\w*="[^"]*"', 'w:rsid="RSID"', text)


@pytest.mark.parametrize("name", PARTS)
def test_golden_xml(name: str) -> None:
    comparison, comments = sample()
    data = build_tracked_docx(
        comparison, author="Tester", date="2024-03-18T10:00:00Z", comments=comments
    )
    got = masked(data, name)
    path = GOLDEN / ("tracked-" + name.replace("/", "-"))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with REDLINE_UPDATE_GOLDEN=1 to create it"
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(
            list(
                difflib.unified_diff(
                    want.splitlines(keepends=True),
                    got.splitlines(keepends=True),
                    "golden",
                    "now",
                )
            )[:80]
        )
        pytest.fail(
            f"{name} differs from {path.name}; if intended, regenerate with "
            f"REDLINE_UPDATE_GOLDEN=1:\n{diff}"
        )


@pytest.mark.parametrize("fmt", ["docx", "table", "html"])
def test_fixed_date_and_author_give_identical_bytes(fmt: str) -> None:
    comparison, comments = sample()
    again, _ = sample()
    first = render(comparison, fmt, author="Tester", date="2024-03-18T10:00:00Z", comments=comments)
    second = render(
        again, fmt, author="Tester", date="2024-03-18T11:00:00+01:00", comments=comments
    )
    assert first == second  # the same instant, written in another zone
    later = render(comparison, fmt, author="Tester", date="2024-03-19T10:00:00Z", comments=comments)
    assert later != first
