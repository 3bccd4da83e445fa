"""Desktop layer: `redline notes FILE.redline …` — annotations of a negotiation from scripts.

    redline notes FILE.redline new DOC [DOC ...] [--label LABEL ...]
    redline notes FILE.redline add-version DOC [--label LABEL]
    redline notes FILE.redline versions
    redline notes FILE.redline list [--version V] [--format text|json]
    redline notes FILE.redline add V PARAGRAPH --status S [--note TEXT]
                               [--position DELEGATION:POSITION[:TEXT]]... [--author NAME]
    redline notes FILE.redline dashboard [V]
    redline notes FILE.redline export OUT.json
    redline notes FILE.redline import IN.json

V names a version: its number (1 for the first), its label, or "latest". Exit status: 0 done,
1 an import left conflicts (listed) to resolve in the app, 2 bad input (one line on stderr).
Never imports Qt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
from pathlib import Path

from desktop.commands import fail
from desktop.commands.compare_cmd import _tolerant_stdout
from diffing.errors import RedlineError
from diffing.model import Document
from diffing.negotiation import (
    NegotiationFile,
    Position,
    Stance,
    Status,
    VersionInfo,
)
from diffing.negotiation.exchange import annotation_to_dict

logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SystemExit(fail(message))


class _BadInput(RedlineError):
    pass


def _parser() -> _Parser:
    parser = _Parser(
        prog="redline notes",
        description="Annotations of a negotiation kept in a .redline file.",
    )
    parser.add_argument("file", help="the negotiation file (.redline)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    new = commands.add_parser("new", help="create the file from documents, oldest first")
    new.add_argument("documents", nargs="+")
    new.add_argument("--label", action="append", default=[], help="one per document, in order")
    add_version = commands.add_parser("add-version", help="add the next version (round)")
    add_version.add_argument("document")
    add_version.add_argument("--label")
    commands.add_parser("versions", help="list the versions")
    listing = commands.add_parser("list", help="list annotations")
    listing.add_argument("--version", default=None, help="number, label or 'latest'")
    listing.add_argument("--format", choices=["text", "json"], default="text")
    add = commands.add_parser("add", help="annotate a paragraph")
    add.add_argument("version", help="number, label or 'latest'")
    add.add_argument("paragraph", help="paragraph id, e.g. OP3, PP2, OP5(a)")
    add.add_argument("--status", required=True, help="; ".join(s.value for s in Status))
    add.add_argument("--note", default="")
    add.add_argument(
        "--position",
        action="append",
        default=[],
        metavar="DELEGATION:POSITION[:TEXT]",
        help="POSITION is support, oppose, amend or reserve",
    )
    add.add_argument("--author", default=None)
    dashboard = commands.add_parser("dashboard", help="where the paragraphs stand")
    dashboard.add_argument("version", nargs="?", default="latest")
    export = commands.add_parser("export", help="write annotations as JSON to share")
    export.add_argument("output")
    importing = commands.add_parser("import", help="merge a colleague's JSON export")
    importing.add_argument("input")
    return parser


def run(argv: list[str]) -> int:
    _tolerant_stdout()
    try:
        options = _parser().parse_args(argv)
    except SystemExit as done:  # bad arguments (already reported) or --help
        return done.code if isinstance(done.code, int) else 2
    for name, value in vars(options).items():
        if name not in _PATHS:
            setattr(options, name, _typed(value))
    try:
        if options.command == "new":
            return _new(options)
        read_only = options.command in {"versions", "list", "dashboard", "export"}
        with NegotiationFile.open(options.file, read_only=read_only) as notes:
            return _COMMANDS[options.command](notes, options)
    except RedlineError as error:
        return fail(str(error))
    except UnicodeEncodeError:
        # a file name that is not valid UTF-8 (Linux allows any bytes) cannot be stored
        return fail("a file name is not valid UTF-8; rename the file and try again.")


_PATHS = {"file", "documents", "document", "output", "input"}


def _typed(value: object) -> object:
    """Typed text as the user meant it: bytes the terminal sent that are not UTF-8 arrive as
    lone surrogates, which the negotiation file (UTF-8) cannot store; they become U+FFFD."""
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, str):
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    return value


def _new(options: argparse.Namespace) -> int:
    from diffing.readers import read_bytes, read_document

    if len(options.label) > len(options.documents):
        raise _BadInput("more --label options than documents.")
    versions: list[tuple[Document, bytes, Path]] = []
    for name in options.documents:
        path = Path(name)
        read_document(path)  # refuses missing, oversized and unreadable files first
        data = path.read_bytes()
        versions.append((read_bytes(data, path.name), data, path))
    with NegotiationFile.create(options.file) as notes:
        for index, (document, data, path) in enumerate(versions):
            label = options.label[index] if index < len(options.label) else None
            notes.add_version(document, data, path, label)
        _print_versions(notes)
    return 0


def _add_version(notes: NegotiationFile, options: argparse.Namespace) -> int:
    previous = notes.latest()
    version = notes.add_version_from_file(options.document, options.label)
    info = notes.version(version)
    line = f"added version {info.ordinal}: {info.label}"
    if previous is not None:
        sources = notes.annotations_for(previous.id)
        left = notes.not_carried(version)
        line += f"; carried {len(sources) - len(left)} of {len(sources)} annotations"
        if left:
            line += " (not carried, paragraph gone: "
            line += ", ".join(sorted({a.paragraph_id for a in left})) + ")"
    print(line)
    return 0


def _versions(notes: NegotiationFile, options: argparse.Namespace) -> int:
    _print_versions(notes)
    return 0


def _print_versions(notes: NegotiationFile) -> None:
    for info in notes.versions():
        state = notes.original_state(info.id).value
        where = info.original_path or info.source_name
        count = len(notes.annotations_for(info.id))
        print(f"{info.ordinal:>3}  {info.label}  ({where}; original {state}; {count} annotations)")


def _list(notes: NegotiationFile, options: argparse.Namespace) -> int:
    versions = notes.versions() if options.version is None else (_version(notes, options.version),)
    if options.format == "json":
        print(
            json.dumps(
                [
                    dict(annotation_to_dict(a, v.sha256), version_label=v.label, flag=a.flag)
                    for v in versions
                    for a in notes.annotations_for(v.id)
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    for info in versions:
        print(f"{info.label} (version {info.ordinal}): {notes.dashboard(info.id).line}")
        for a in notes.annotations_for(info.id):
            where = a.paragraph_id + (f"[{a.span.start}:{a.span.end}]" if a.span else "")
            flag = f"  [{a.flag}]" if a.flag else ""
            print(f"  {where:<12}{a.status.value:<20}{a.note}{flag}".rstrip())
            for position in a.positions:
                text = f" — {position.proposed_text}" if position.proposed_text else ""
                print(f"  {'':<12}{position.delegation}: {position.stance.value}{text}")
    return 0


def _add(notes: NegotiationFile, options: argparse.Namespace) -> int:
    info = _version(notes, options.version)
    try:
        status = Status.parse(options.status)
        positions = [_position(text) for text in options.position]
    except ValueError as error:
        raise _BadInput(str(error)) from None
    author = options.author if options.author is not None else _default_author()
    changes = notes.add_annotation(
        info.id,
        options.paragraph,
        status,
        note=options.note,
        positions=positions,
        author=author,
    )
    print(f"annotated {options.paragraph} of {info.label}: {status.value} ({changes.added[0].id})")
    return 0


def _dashboard(notes: NegotiationFile, options: argparse.Namespace) -> int:
    info = _version(notes, options.version)
    print(f"{info.label}: {notes.dashboard(info.id).line}")
    return 0


def _export(notes: NegotiationFile, options: argparse.Namespace) -> int:
    count = notes.export_json(options.output)
    print(f"exported {count} annotations to {options.output}")
    return 0


def _import(notes: NegotiationFile, options: argparse.Namespace) -> int:
    result = notes.import_json(options.input)
    print(
        f"imported {len(result.changes.added)} annotations; {result.unchanged} already here; "
        f"{len(result.conflicts)} conflicts; {len(result.unplaced)} without a version here"
    )
    for conflict in result.conflicts:
        label = notes.version(conflict.local.version_id).label
        print(
            f"  conflict ({conflict.kind.value}) on {conflict.local.paragraph_id} of {label}: "
            f"here {conflict.local.status.value} “{conflict.local.note}”, "
            f"theirs {conflict.incoming.status.value} “{conflict.incoming.note}”"
        )
    for unplaced in result.unplaced:
        print(
            f"  not imported: {unplaced.paragraph_id} of {unplaced.version_label}: "
            f"{unplaced.reason}"
        )
    for message in result.messages:
        print(f"  {message}")
    return 1 if result.conflicts else 0


_COMMANDS = {
    "add-version": _add_version,
    "versions": _versions,
    "list": _list,
    "add": _add,
    "dashboard": _dashboard,
    "export": _export,
    "import": _import,
}


def _version(notes: NegotiationFile, reference: str) -> VersionInfo:
    versions = notes.versions()
    if not versions:
        raise _BadInput(f"{notes.path.name}: holds no versions yet.")
    if reference.casefold() == "latest":
        return versions[-1]
    for info in versions:
        if reference == str(info.ordinal) or reference == info.label:
            return info
    names = ", ".join(f"{v.ordinal} ({v.label})" for v in versions)
    raise _BadInput(f"no version {reference!r} in {notes.path.name} (there are: {names}).")


def _position(text: str) -> Position:
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[0].strip():
        raise ValueError(f"--position {text!r}: expected DELEGATION:POSITION[:TEXT]")
    proposed = parts[2].strip() if len(parts) == 3 else ""
    return Position(parts[0].strip(), Stance.parse(parts[1]), proposed)


def _default_author() -> str:
    try:
        return os.environ.get("REDLINE_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):
        return ""
