"""Exporters layer: the redline as one self-contained, printable HTML page.

Inline CSS only: no scripts, no fonts or images fetched, so it opens offline and prints as is.
Insertions are underlined and deletions struck through (doubled for moves) as well as coloured,
so the marks survive greyscale printing. All text is escaped.

Resolutions in the other official languages: every text block carries the document's language
(`lang="ar"`, told by `diffing.language.detect_language`), and a paragraph whose first strong
character is right-to-left (Arabic) is laid out right to left (`dir="rtl"`, the rule the Word
export uses for w:bidi: `exporters._ooxml.first_strong_rtl`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from diffing.language import detect_language
from diffing.model import DELETE, EQUAL, INSERT, Comment, Comparison
from diffing.report import PALETTE, entry_label
from exporters._ooxml import first_strong_rtl
from exporters._redline import (
    MOVE_FROM,
    MOVE_TO,
    EntryView,
    Segment,
    entry_views,
    sanitize,
    summary_lines,
)

_CSS = (
    """
body { font-family: "Times New Roman", Times, serif; font-size: 12pt; line-height: 1.4;
       max-width: 60em; margin: 2em auto; padding: 0 1em; color: #000; background: #fff; }
h1 { font-size: 14pt; }
.summary { border: 1px solid #888; padding: 0.5em 1em; margin-bottom: 1.5em; }
.summary p { margin: 0.2em 0; }
.entry { display: flex; gap: 1em; border-top: 1px solid #ccc; padding: 0.4em 0;
         break-inside: avoid; page-break-inside: avoid; }
.label { flex: 0 0 9em; font-size: 9pt; color: #333; }
.label .rel { display: block; font-style: italic; }
.text { flex: 1 1 auto; }
.text p { margin: 0 0 0.4em 0; text-align: justify; }
.notes { font-size: 9pt; border-top: 1px dotted #999; margin-top: 0.3em; }
.remark { font-size: 9pt; color: #333; }
ins { color: @inserted; text-decoration: underline; text-decoration-thickness: 1px; }
del { color: @deleted; text-decoration: line-through; }
ins.move { color: @moved; text-decoration: underline double; }
del.move { color: @moved; text-decoration: line-through double; }
.mark { font-family: sans-serif; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
""".replace("@inserted", PALETTE.inserted)
    .replace("@deleted", PALETTE.deleted)
    .replace("@moved", PALETTE.moved)
)


def _segment(segment: Segment, view: EntryView) -> str:
    if segment.note is not None:
        inner = f"<sup>{escape(view.note_label(segment.note))}</sup>"
    else:
        inner = escape(segment.text).replace("\t", " ").replace("\n", "<br>")
        if segment.italic:
            inner = f"<i>{inner}</i>"
    return _wrap(segment.op, inner)


def _wrap(op: str, inner: str) -> str:
    if op == INSERT:
        return f"<ins>{inner}</ins>"
    if op == DELETE:
        return f"<del>{inner}</del>"
    if op == MOVE_TO:
        return f'<ins class="move">{inner}</ins>'
    if op == MOVE_FROM:
        return f'<del class="move">{inner}</del>'
    return inner


def _entry(view: EntryView, comparison: Comparison, language: str = "en") -> str:
    if view.entry is not None:
        # the label every output gives ("OP9 → OP10 + OP11 (split)"), which names the relation
        label = entry_label(view.entry, comparison)
        relation = view.relation if view.relation == "unchanged" else ""
    else:
        old = ", ".join(view.old_labels)
        new = ", ".join(view.new_labels)
        label = new if old == new or not old else (old if not new else f"{old} → {new}")
        relation = view.relation
    parts = [
        '<div class="entry">',
        f'<div class="label"><b>{escape(label)}</b> '
        + (f'<span class="rel">{escape(relation)}</span>' if relation else "")
        + "</div>",
        '<div class="text">' if language == "en" else f'<div class="text" lang="{language}">',
    ]
    for segments, mark in view.redline:
        body = "".join(_segment(s, view) for s in segments)
        if mark != EQUAL and view.old_labels and view.new_labels:
            body += _wrap(mark, '<span class="mark">¶</span>')
        text = "".join(s.text for s in segments if s.note is None)
        parts.append(f'<p dir="rtl">{body}</p>' if first_strong_rtl(text) else f"<p>{body}</p>")
    if view.notes:
        parts.append('<div class="notes">')
        for k, ops in enumerate(view.notes):
            text = "".join(_wrap(op, escape(t)) for op, t in ops)
            parts.append(f"<div><sup>{escape(view.note_label(k))}</sup> {text}</div>")
        parts.append("</div>")
    for remark in view.remarks:
        if remark.lower() == view.relation:
            continue  # already under the label
        parts.append(f'<div class="remark">{escape(remark)}</div>')
    parts.append("</div></div>")
    return "\n".join(parts)


def build_html(comparison: Comparison, *, date: str, comments: Sequence[Comment] = ()) -> str:
    title = sanitize(next((p.text for p in comparison.new.paragraphs if p.id == "title"), ""))
    views = entry_views(comparison, comments)
    lines = summary_lines(comparison)
    language = detect_language("\n".join(p.text for p in comparison.new.paragraphs))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>Redline: {escape(title or sanitize(comparison.new.source))}</title>",
            f"<style>{_CSS}</style></head><body>",
            f'<h1 dir="auto">{escape(title or "Comparison")}</h1>',
            '<div class="summary">',
            f"<p><b>Old:</b> {escape(sanitize(comparison.old.source))} &nbsp; "
            f"<b>New:</b> {escape(sanitize(comparison.new.source))} &nbsp; "
            f"<b>Date:</b> {escape(date)}</p>",
            *(f"<p>{escape(line)}</p>" for line in lines),
            "<p>Legend: <ins>inserted</ins>, <del>deleted</del>, "
            '<ins class="move">moved here</ins>, <del class="move">moved away</del></p>',
            "</div>",
            *(_entry(view, comparison, language) for view in views),
            "</body></html>",
            "",
        ]
    )
