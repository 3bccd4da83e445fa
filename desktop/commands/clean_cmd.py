"""Desktop layer: `redline clean FILE [-o OUT.docx|OUT.txt] [--agreed]`.

The clean version of a compilation text (`exporters.clean`): brackets, delegation tags, status
markers and labels removed, alternatives dropped, with the first alternative of each proposal
(default) or only the agreed words (`--agreed`). Without -o the text goes to stdout; with -o the
extension picks the format (.docx Word, anything else plain text). Never imports Qt.

Exit status: 0 written, 2 trouble (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands import fail, warn
from diffing.compilation import CleanChoice
from diffing.errors import RedlineError
from diffing.readers import read_document


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SystemExit(fail(message))


def run(argv: list[str]) -> int:
    parser = _Parser(
        prog="redline clean",
        description="Write the clean text of a compilation text: brackets and tags removed.",
        epilog="Exit status: 0 written, 2 trouble.",
    )
    parser.add_argument("file", help="the compilation text (.txt, .docx or .pdf)")
    parser.add_argument("-o", "--output", help="OUT.docx (Word) or OUT.txt; default stdout")
    parser.add_argument(
        "--agreed",
        action="store_true",
        help="keep only the agreed (unbracketed) words, not the first alternative",
    )
    options = parser.parse_args(argv)
    choice: CleanChoice = "agreed" if options.agreed else "first"
    try:
        document = read_document(options.file, warn)
    except RedlineError as error:
        return fail(str(error))
    from exporters.clean import clean_text_bytes, write_clean

    if not options.output:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")
        sys.stdout.write(clean_text_bytes(document, choice).decode("utf-8"))
        return 0
    target = Path(options.output)
    try:
        write_clean(document, target, choice)
    except RedlineError as error:  # ExportError: the file system's reason, in one line
        return fail(str(error))
    return 0
