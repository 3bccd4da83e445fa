"""Right to left in the exports (issue 17): the Arabic pair of our own, exported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from diffing.compare import compare
from diffing.model import Comparison
from diffing.readers.text import read_text
from exporters.html import build_html
from exporters.tracked import build_tracked_docx
from tests.conftest import libreoffice_odt
from tests.helpers.ooxml import w

DATA = Path(__file__).resolve().parent.parent / "data" / "languages"
ARABIC = "\u0600-\u06ff"


def _comparison(code: str) -> Comparison:
    old, new = (
        read_text((DATA / f"{code}_{side}.txt").read_bytes(), f"{code}_{side}.txt")
        for side in ("old", "new")
    )
    return compare(old, new)


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def _docx() -> bytes:
    return build_tracked_docx(_comparison("ar"), author="Tester", date="2026-01-01T00:00:00Z")


def test_the_arabic_word_export_sets_every_arabic_paragraph_right_to_left() -> None:
    with zipfile.ZipFile(io.BytesIO(_docx())) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    paragraphs = [p for p in root.iter(w("p")) if _has_arabic("".join(p.itertext()))]
    assert len(paragraphs) >= 11  # title, opening, four PPs, five OPs
    for paragraph in paragraphs:
        assert paragraph.find(f"{w('pPr')}/{w('bidi')}") is not None, "".join(paragraph.itertext())
    # the Arabic runs are marked right to left too
    runs = [r for r in root.iter(w("r")) if _has_arabic("".join(r.itertext()))]
    assert runs and all(r.find(f"{w('rPr')}/{w('rtl')}") is not None for r in runs)


def test_the_html_export_lays_arabic_paragraphs_out_right_to_left() -> None:
    page = build_html(_comparison("ar"), date="2026-01-01")
    root = etree.fromstring(page.encode("utf-8"), etree.HTMLParser())
    texts = root.findall(".//div[@class='text']")
    assert texts and all(div.get("lang") == "ar" for div in texts)
    arabic = [p for div in texts for p in div.iter("p") if _has_arabic("".join(p.itertext()))]
    assert len(arabic) >= 11
    assert all(p.get("dir") == "rtl" for p in arabic)
    # the summary, in English, keeps its direction
    summary = root.find(".//div[@class='summary']")
    assert summary is not None and all(p.get("dir") is None for p in summary.iter("p"))


def test_the_html_export_of_a_french_text_names_its_language_and_stays_left_to_right() -> None:
    page = build_html(_comparison("fr"), date="2026-01-01")
    assert 'lang="fr"' in page
    assert 'dir="rtl"' not in page


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_arabic_word_export_opens_right_to_left_in_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "ar.docx"
    source.write_bytes(_docx())
    converted = libreoffice_odt(source)
    style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    modes: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    with zipfile.ZipFile(converted) as archive:
        for name in ("styles.xml", "content.xml"):
            for element in etree.fromstring(archive.read(name)).iter(f"{{{style}}}style"):
                key = element.get(f"{{{style}}}name") or ""
                parents[key] = element.get(f"{{{style}}}parent-style-name")
                properties = element.find(f"{{{style}}}paragraph-properties")
                if properties is not None and properties.get(f"{{{style}}}writing-mode"):
                    modes[key] = properties.get(f"{{{style}}}writing-mode") or ""
        content = etree.fromstring(archive.read("content.xml"))

    def mode(name: str | None) -> str | None:
        while name:
            if name in modes:
                return modes[name]
            name = parents.get(name)
        return None

    arabic = [p for p in content.iter(f"{{{text}}}p") if _has_arabic("".join(p.itertext()))]
    assert len(arabic) >= 11
    assert all(mode(p.get(f"{{{text}}}style-name")) == "rl-tb" for p in arabic)
