"""Desktop layer: `redline parse FILE [--format json|text]`."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from desktop.commands import fail, warn
from diffing.errors import RedlineError
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
        # two spaces at least between id and text, even after a long id like OP12(b)(iii)
        output = "".join(f"{p.id:<8}  {p.text}\n" for p in document.paragraphs)
        if compilation is not None:
            output += f"\nCompilation: {compilation['line']}\n"
    # A console that cannot show "–" or "“" must not turn into a traceback.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    sys.stdout.write(output)
    return 0
