"""Desktop layer: `redline parse FILE [--format json|text]`."""

from __future__ import annotations

import argparse
import json

from desktop.commands import fail
from diffing.errors import RedlineError
from diffing.readers import read_document
from diffing.serialize import document_to_dict


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SystemExit(fail(message))


def run(argv: list[str]) -> int:
    parser = _Parser(prog="redline parse", description="Show the structure read from a document.")
    parser.add_argument("file")
    parser.add_argument("--format", choices=["json", "text"], default="text")
    options = parser.parse_args(argv)
    try:
        document = read_document(options.file)
    except RedlineError as error:
        return fail(str(error))
    if options.format == "json":
        print(json.dumps(document_to_dict(document), ensure_ascii=False, indent=2))
    else:
        for paragraph in document.paragraphs:
            print(f"{paragraph.id:<10}{paragraph.text}")
    return 0
