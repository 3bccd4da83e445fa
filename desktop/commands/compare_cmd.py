"""Desktop layer: `redline compare OLD NEW [--format json|text|docx|table|html] [-o OUT] ...`.

json and text go to stdout (or OUT); docx, table and html are written by `exporters.export` to
OUT, whose extension also picks the format when --format is not given. Never imports Qt.

Exit status, as `diff` and `cmp` have it: 0 when the versions read the same (under the options),
1 when anything differs — a paragraph, a footnote, or a masthead line such as the sponsors —, 2
when something went wrong (one line on stderr).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from desktop.commands import fail, warn
from diffing.errors import RedlineError

FORMATS = ("json", "text", "docx", "table", "html")
SAME, DIFFERENT = 0, 1
EXPORTED = {"docx", "table", "html"}
BY_EXTENSION = {".docx": "docx", ".html": "html", ".htm": "html", ".json": "json", ".txt": "text"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SystemExit(fail(message))


def _parser() -> _Parser:
    parser = _Parser(
        prog="redline compare",
        description="Compare two versions of a resolution: aligned paragraphs and word redlines.",
        epilog="Exit status: 0 the versions read the same, 1 they differ, 2 trouble.",
    )
    parser.add_argument("old", help="the earlier version (.txt, .docx or .pdf)")
    parser.add_argument("new", help="the later version")
    parser.add_argument("--format", choices=FORMATS, help="default: from -o's extension, else text")
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    parser.add_argument("--ignore-case", action="store_true")
    parser.add_argument("--ignore-punctuation", action="store_true")
    parser.add_argument("--ignore-whitespace", action="store_true")
    parser.add_argument("--ignore-footnotes", action="store_true")
    parser.add_argument(
        "--no-labels",
        action="store_true",
        help="do not pair compilation paragraphs by their labels (OP1 bis) before their words",
    )
    parser.add_argument(
        "--layout",
        choices=("auto", "inplace", "generated"),
        default="auto",
        help="tracked .docx: the new Word file with revisions added (inplace), a UN layout rebuilt "
        "from the text (generated), or inplace when the new version is a Word file (auto)",
    )
    parser.add_argument(
        "--track-changes",
        action="store_true",
        help="the tracked .docx opens with Track Changes on, for the recipient",
    )
    parser.add_argument("--author", help="revision author in Word exports")
    parser.add_argument("--date", help="revision date in Word exports, ISO 8601 (UTC if no zone)")
    return parser


FILE_KIND = {"table": "docx"}
"""The kind of file a format writes, where it is not the format's own name (a table is a .docx)."""


def _mismatch(options: argparse.Namespace) -> str | None:
    """The message when --format and -o's extension name two different kinds of file
    (`--format json -o c.docx` would write JSON that Word refuses to open); None when they agree,
    or the extension names no format (then --format decides: `--format json -o out.log`)."""
    if not (options.format and options.output):
        return None
    suffix = Path(options.output).suffix.lower()
    named = BY_EXTENSION.get(suffix)
    writes = FILE_KIND.get(options.format, options.format)
    if named is None or named == writes:
        return None
    return (
        f"{options.output}: --format {options.format} does not write a {suffix} file; "
        "name the file for the format, or leave --format out to follow the name"
    )


def _format(options: argparse.Namespace) -> str | None:
    """The output format: --format, else -o's extension (none: text); None for an extension
    that names no format we write (out.xyz), rather than writing text under that name."""
    if options.format:
        return str(options.format)
    if options.output:
        suffix = Path(options.output).suffix.lower()
        return BY_EXTENSION.get(suffix, "text" if not suffix else None)
    return "text"


def run(argv: list[str]) -> int:
    _tolerant_stdout()
    options = _parser().parse_args(argv)
    if mismatch := _mismatch(options):
        return fail(mismatch)
    fmt = _format(options)
    if fmt is None:
        return fail(
            f"{options.output}: {Path(options.output).suffix} is not an output format; "
            "name the file .docx, .html, .json or .txt, or give --format"
        )
    if fmt in EXPORTED and not options.output:
        return fail(f"--format {fmt} writes a file: give one with -o OUT")
    if options.output and _same_file(options.output, (options.old, options.new)):
        return fail(f"{options.output}: is one of the documents compared; choose another name.")
    if options.date is not None:
        from datetime import datetime

        try:
            datetime.fromisoformat(options.date.strip())
        except ValueError:
            return fail(f"--date {options.date!r} is not ISO 8601 (e.g. 2024-03-18T10:00:00Z)")

    from diffing.compare import compare
    from diffing.model import DiffOptions
    from diffing.readers import read_document

    diff_options = DiffOptions(
        ignore_case=options.ignore_case,
        ignore_whitespace=options.ignore_whitespace,
        ignore_punctuation=options.ignore_punctuation,
        ignore_footnotes=options.ignore_footnotes,
    )
    try:
        old = read_document(options.old, warn)
        new = read_document(options.new, warn)
        comparison = compare(old, new, diff_options, by_label=not options.no_labels)
    except RedlineError as error:
        return fail(str(error))

    differ = DIFFERENT if comparison.summary.changed else SAME
    if fmt in EXPORTED:
        return _export(comparison, options, fmt) or differ

    from diffing.serialize import comparison_to_dict, comparison_to_text

    if fmt == "json":
        import json

        output = json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2) + "\n"
    else:
        output = comparison_to_text(comparison)
    if options.output:
        return _write(Path(options.output), output) or differ
    sys.stdout.write(output)
    return differ


def _export(comparison: object, options: argparse.Namespace, fmt: str) -> int:
    try:
        from exporters import export
    except ImportError:
        return fail(f"exporting to {fmt} is not available in this build")
    try:
        export(
            comparison,  # type: ignore[arg-type]
            options.output,
            fmt,
            author=options.author,
            date=options.date,
            comments=(),
            sources=(options.old, options.new),
            layout=options.layout,
            track_changes=options.track_changes,
        )
    except RedlineError as error:
        return fail(str(error))
    except Exception as error:  # an exporter bug must still reach the user as one line
        return fail(f"could not export to {fmt}: {type(error).__name__}: {error}")
    return 0


def _tolerant_stdout() -> None:
    """A console that cannot show "→" or "é" (Windows code pages) gets "?" instead of a
    traceback: the redline's labels and the documents' words are not limited to its encoding."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def _same_file(output: str, inputs: tuple[str, str]) -> bool:
    """Whether writing `output` would replace one of the inputs (the user's own document)."""
    target = Path(output)
    if not target.exists():
        return False
    for name in inputs:
        try:
            if Path(name).exists() and target.samefile(name):
                return True
        except OSError:
            continue
    return False


def _write(path: Path, text: str) -> int:
    """Write the text output whole or not at all (`diffing.fileio.atomic_write`)."""
    from diffing.fileio import atomic_write

    try:
        # errors="replace": a file name that is not UTF-8 reaches the text as lone surrogates
        with (
            atomic_write(path) as temporary,
            temporary.open("w", encoding="utf-8", errors="replace", newline="\n") as stream,
        ):
            stream.write(text)
    except OSError as error:
        return fail(f"{path}: cannot write there ({error.strerror or error}).")
    return 0
