"""Desktop layer: `redline parse FILE [--format json|text]`."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from desktop.commands import fail, warn
from diffing.errors import RedlineError
from diffing.model import Document
from diffing.readers import read_document
from diffing.serialize import compilation_to_dict, document_to_dict

logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SystemExit(fail(message))


def run(argv: list[str]) -> int:
    parser = _Parser(prog="redline parse", description="Show the structure read from a document.")
    parser.add_argument("file")
    parser.add_argument("--format", choices=["json", "text"], default="text")
    options = parser.parse_args(argv)
    try:
        document = read_document(options.file, warn)
    except RedlineError as error:
        return fail(str(error))
    compilation = compilation_to_dict(document)
    if options.format == "json":
        parsed = document_to_dict(document)
        if compilation is not None:
            parsed["compilation"] = compilation
        output = json.dumps(parsed, ensure_ascii=False, indent=2) + "\n"
    else:
        output = _text(document)
        if compilation is not None:
            output += f"\nCompilation: {compilation['line']}\n"
    # A console that cannot show "–" or "“" must not turn into a traceback.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write(output)
    return 0


def _text(document: Document) -> str:
    """What was read, in the document's order: the masthead lines found (when any), one line per
    paragraph ("PP1       Recalling …"), then the footnotes with the paragraphs citing them."""
    lines: list[str] = []
    has_title = any(paragraph.id == "title" for paragraph in document.paragraphs)
    masthead = [
        (name.replace("_", " "), value)
        for name, value in document.metadata._asdict().items()
        if value and not (name == "title" and has_title)
    ]
    if masthead:
        lines += ["Masthead:", *(f"  {name}: {value}" for name, value in masthead), ""]
    # two spaces at least between id and text, even after a long id like OP12(b)(iii)
    lines += [f"{paragraph.id:<8}  {paragraph.text}" for paragraph in document.paragraphs]
    if document.footnotes:
        cited: dict[str, list[str]] = {}
        for paragraph in document.paragraphs:
            for ref in paragraph.footnotes:
                cited.setdefault(ref.footnote_id, []).append(paragraph.id)
        lines += ["", "Footnotes:"]
        for footnote in document.footnotes:
            where = ", ".join(dict.fromkeys(cited.get(footnote.id, []))) or "no paragraph"
            lines.append(f"  {footnote.marker} ({where})  {footnote.text}")
    return "".join(f"{line}\n" for line in lines)
