"""Faster forms of the export's work hold to the forms they replaced: the same characters
escaped the same way, the same markup for a run written in one piece or element by element, the
same entries' diffs taken as they are (whole documents: test_golden.py, test_xml.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffing.model import DELETE, EQUAL, INSERT
from exporters._redline import _consistent
from exporters._xml import XmlWriter, escape

_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE = (*_TEXT, ('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;"))


def _escaped_before(text: str, attribute: bool) -> str:
    """`escape` as it was written before its early return for text without markup."""
    for char, reference in _ATTRIBUTE if attribute else _TEXT:
        text = text.replace(char, reference)
    return text


@pytest.mark.parametrize("attribute", [False, True])
def test_every_bmp_character_is_escaped_as_before(attribute: bool) -> None:
    for code in range(0x10000):
        text = f"a{chr(code)}b"
        assert escape(text, attribute=attribute) == _escaped_before(text, attribute), hex(code)


SAMPLES = ["", "plain", "a & b < c > d", 'say "no"\r\n\tthere', "¶ – يطلب 请 \U0001f600"]


@pytest.mark.parametrize("text", SAMPLES)
def test_a_run_written_in_one_piece_is_the_run_written_element_by_element(text: str) -> None:
    whole, parts = XmlWriter("w"), XmlWriter("w")
    for tag in ("t", "delText"):
        whole.preserved_in("r", tag, text)
        parts.start("r")
        parts.preserved(tag, text)
        parts.end("r")
    assert whole.to_bytes() == parts.to_bytes()


@pytest.mark.parametrize("text", SAMPLES)
def test_attributes_written_again_are_written_alike(text: str) -> None:
    x = XmlWriter("w")
    for _ in range(2):  # the second time from the attributes already made
        x.empty("e", val=text, id="1")
        x.start("s", val=text)
        x.end("s")
    once = (
        f'<w:e w:val="{_escaped_before(text, True)}" w:id="1"/>'
        f'<w:s w:val="{_escaped_before(text, True)}"></w:s>'
    )
    assert x.to_bytes().decode().split("?>\n", 1)[1] == once + once


def _consistent_before(ops: list[tuple[str, str]], old: str, new: str) -> bool:
    """`exporters._redline._consistent` as it was written before its single pass."""
    return (
        all(op in (EQUAL, DELETE, INSERT) for op, _ in ops)
        and "".join(t for op, t in ops if op != INSERT) == old
        and "".join(t for op, t in ops if op != DELETE) == new
    )


_OPS = st.lists(
    st.tuples(st.sampled_from([EQUAL, DELETE, INSERT, "x"]), st.text("ab ", max_size=4))
)


@given(ops=_OPS, old=st.text("ab ", max_size=8), new=st.text("ab ", max_size=8))
def test_a_diff_is_judged_consistent_as_before(
    ops: list[tuple[str, str]], old: str, new: str
) -> None:
    assert _consistent(ops, old, new) == _consistent_before(ops, old, new)


@given(ops=_OPS)
def test_a_diff_of_its_own_texts_is_consistent_as_before(ops: list[tuple[str, str]]) -> None:
    # texts the parts do join to: the case where the entry's diff is used
    old = "".join(t for op, t in ops if op != INSERT)
    new = "".join(t for op, t in ops if op != DELETE)
    assert _consistent(ops, old, new) == _consistent_before(ops, old, new)
