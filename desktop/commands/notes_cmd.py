"""Desktop layer: `redline notes FILE.redline …` — annotations of a negotiation from scripts.

    redline notes FILE.redline new DOC [DOC ...] [--label LABEL ...] [--date YYYY-MM-DD ...]
    redline notes FILE.redline add-version DOC [--label LABEL]
    redline notes FILE.redline versions
    redline notes FILE.redline list [--version V] [--format text|json]
    redline notes FILE.redline add V PARAGRAPH --status S [--note TEXT]
                               [--position DELEGATION:POSITION[:TEXT]]... [--author NAME]
    redline notes FILE.redline dashboard [V]
    redline notes FILE.redline export OUT.json
    redline notes FILE.redline import IN.json
    redline notes FILE.redline rounds [--format text|json] [add DOC --label L [--date YYYY-MM-DD]
                               | rename N LABEL | redate N YYYY-MM-DD | move N POSITION
                               | remove N]
    redline notes FILE.redline history PARAGRAPH [--round N] [--format text|json]
    redline notes FILE.redline history-table OUT.docx [--title TITLE]

V names a version: its number (1 for the first), its label, or "latest"; N names a round the
same way (its place in the order). Exit status: 0 done,
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
from diffing.model import DELETE, INSERT, Document
from diffing.negotiation import (
    NegotiationFile,
    Position,
    Stance,
    Status,
    VersionInfo,
)
from diffing.negotiation.exchange import annotation_to_dict
from diffing.negotiation.model import Round
from diffing.negotiation.rounds import RoundHistory, parse_round_date

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
    new.add_argument(
        "--date", action="append", default=[], help="round dates YYYY-MM-DD, one per document"
    )
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
    rounds = commands.add_parser("rounds", help="list the rounds, or add, rename, reorder them")
    rounds.add_argument("--format", choices=["text", "json"], default="text")
    round_commands = rounds.add_subparsers(dest="round_command", parser_class=_Parser)
    round_add = round_commands.add_parser("add", help="add the next round")
    round_add.add_argument("document")
    round_add.add_argument("--label", help='its name, e.g. "Rev.1" (default: the file name)')
    round_add.add_argument("--date", help="when it was issued, YYYY-MM-DD (default: today)")
    rename = round_commands.add_parser("rename", help="rename a round")
    rename.add_argument("round", help="number, label or 'latest'")
    rename.add_argument("label")
    redate = round_commands.add_parser("redate", help="change when a round was issued")
    redate.add_argument("round", help="number, label or 'latest'")
    redate.add_argument("date", help="YYYY-MM-DD")
    move = round_commands.add_parser("move", help="put a round at another place in the order")
    move.add_argument("round", help="number, label or 'latest'")
    move.add_argument("position", type=int, help="1 for first")
    remove = round_commands.add_parser("remove", help="remove a round with its annotations")
    remove.add_argument("round", help="number, label or 'latest'")
    history = commands.add_parser("history", help="a paragraph's text in every round")
    history.add_argument("paragraph", help="paragraph id, e.g. OP5, PP2, OP5(a)")
    history.add_argument("--round", default="latest", help="number, label or 'latest'")
    history.add_argument("--format", choices=["text", "json"], default="text")
    table = commands.add_parser("history-table", help="write the history table (.docx)")
    table.add_argument("output")
    table.add_argument("--title", default=None)
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
        reading = {"versions", "list", "dashboard", "export", "history", "history-table"}
        read_only = options.command in reading or (
            options.command == "rounds" and options.round_command is None
        )
        with NegotiationFile.open(options.file, read_only=read_only) as notes:
            return _COMMANDS[options.command](notes, options)
    except RedlineError as error:
        return fail(str(error))
    except UnicodeEncodeError:
        # a file name that is not valid UTF-8 (Linux allows any bytes) cannot be stored
        return fail("a file name is not valid UTF-8; rename the file and try again.")


_PATHS = {"file", "documents", "document", "output", "input", "position"}


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
    if len(options.date) > len(options.documents):
        raise _BadInput("more --date options than documents.")
    dates = [parse_round_date(d) for d in options.date]  # bad dates refused before creating
    versions: list[tuple[Document, bytes, Path]] = []
    for name in options.documents:
        path = Path(name)
        read_document(path)  # refuses missing, oversized and unreadable files first
        data = path.read_bytes()
        versions.append((read_bytes(data, path.name), data, path))
    with NegotiationFile.create(options.file) as notes:
        for index, (document, data, path) in enumerate(versions):
            label = options.label[index] if index < len(options.label) else None
            date = dates[index] if index < len(dates) else None
            notes.rounds.add_document(document, data, path, label=label, date=date)
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
        dates = {r.version_id: r.date for r in notes.rounds.all()}
        print(
            json.dumps(
                [
                    dict(
                        annotation_to_dict(a, v.sha256),
                        version_label=v.label,
                        version_date=dates[v.id],
                        flag=a.flag,
                    )
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


def _rounds(notes: NegotiationFile, options: argparse.Namespace) -> int:
    rounds = notes.rounds
    command = options.round_command
    if command == "add":
        previous = notes.latest()
        added = rounds.add(options.document, label=options.label, date=options.date)
        line = f"added round {added.number}: {added.label} ({added.date})"
        if previous is not None:
            sources = notes.annotations_for(previous.id)
            left = notes.not_carried(added.version_id)
            line += f"; carried {len(sources) - len(left)} of {len(sources)} annotations"
            if left:
                line += " (not carried, paragraph gone: "
                line += ", ".join(sorted({a.paragraph_id for a in left})) + ")"
        print(line)
        return 0
    if command == "rename":
        chosen = _round(notes, options.round)
        rounds.rename(chosen.version_id, options.label)
        print(f"round {chosen.number}: {chosen.label} → {options.label}")
        return 0
    if command == "redate":
        chosen = _round(notes, options.round)
        rounds.redate(chosen.version_id, options.date)
        print(f"round {chosen.number}: {chosen.label} dated {rounds.get(chosen.number).date}")
        return 0
    if command == "move":
        chosen = _round(notes, options.round)
        rounds.move(chosen.version_id, options.position)
    elif command == "remove":
        chosen = _round(notes, options.round)
        rounds.remove(chosen.version_id)
        print(f"removed round {chosen.number}: {chosen.label}")
    if options.format == "json":
        listed = [_round_dict(notes, r) for r in rounds.all()]
        print(json.dumps(listed, ensure_ascii=False, indent=1))
        return 0
    for round_ in rounds.all():
        count = len(notes.annotations_for(round_.version_id))
        print(
            f"{round_.number:>3}  {round_.date}  {round_.label}  "
            f"({round_.source_name}; {count} annotations)"
        )
    return 0


def _round_dict(notes: NegotiationFile, round_: Round) -> dict[str, object]:
    return {
        "number": round_.number,
        "label": round_.label,
        "date": round_.date,
        "source_name": round_.source_name,
        "original_path": round_.original_path,
        "key": notes.version(round_.version_id).sha256,
        "annotations": len(notes.annotations_for(round_.version_id)),
    }


def _history(notes: NegotiationFile, options: argparse.Namespace) -> int:
    chosen = _round(notes, options.round)
    options.paragraph = _paragraph_id(notes, chosen, options.paragraph)
    steps = notes.rounds.history(chosen.version_id, options.paragraph)
    if options.format == "json":
        print(
            json.dumps(
                {
                    "paragraph": options.paragraph,
                    "round": chosen.number,
                    "rounds": [_history_dict(notes, step) for step in steps],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    print(
        f"{options.paragraph} of {chosen.label} (round {chosen.number}) through {len(steps)} rounds"
    )
    for history in steps:
        step = history.step
        ids = " + ".join(step.paragraph_ids) or "—"
        relation = f" ({step.relation.value})" if step.relation is not None else ""
        where = f"{history.round.number:>3}  {history.round.date}  {history.round.label}"
        print(f"{where}: {ids}{relation}")
        if not step.paragraph_ids:
            print("     not in this round")
        else:
            print(f"     {_marked(step.diff) if step.diff else step.text}")
        for a in history.annotations:
            flag = f"  [{a.flag}]" if a.flag else ""
            note = f": {a.note}" if a.note else ""
            print(f"     {a.paragraph_id} {a.status.value}{note}{flag}")
            for position in a.positions:
                text = f" — {position.proposed_text}" if position.proposed_text else ""
                print(f"       {position.delegation}: {position.stance.value}{text}")
    return 0


def _paragraph_id(notes: NegotiationFile, chosen: Round, typed: str) -> str:
    """The paragraph id for what a negotiator types: "OP5", "op5", "OP5 bis", "Alt OP5 bis"."""
    paragraphs = notes.document(chosen.version_id).paragraphs
    for paragraph in paragraphs:
        if paragraph.id == typed:
            return typed

    def squeezed(text: str) -> str:
        return "".join(text.split()).casefold()

    for paragraph in paragraphs:
        if squeezed(typed) in (squeezed(paragraph.id), squeezed(paragraph.label)):
            return paragraph.id
    return typed  # unknown: the history says which round has no such paragraph


def _history_dict(notes: NegotiationFile, history: RoundHistory) -> dict[str, object]:
    step = history.step
    sha = notes.version(history.round.version_id).sha256
    return {
        "number": history.round.number,
        "label": history.round.label,
        "date": history.round.date,
        "paragraph_ids": list(step.paragraph_ids),
        "text": step.text,
        "relation": None if step.relation is None else step.relation.value,
        "changed": step.changed,
        "diff": [[op, text] for op, text in step.diff],
        "annotations": [dict(annotation_to_dict(a, sha), flag=a.flag) for a in history.annotations],
    }


def _marked(diff: tuple[tuple[str, str], ...]) -> str:
    """The redline as text: [-deleted-] and {+inserted+} words."""
    marks = {DELETE: "[-{}-]", INSERT: "{{+{}+}}"}
    return "".join(marks.get(op, "{}").format(text) for op, text in diff)


def _history_table(notes: NegotiationFile, options: argparse.Namespace) -> int:
    from exporters.history import write_history_table

    output = Path(options.output)
    if output.exists() and output.resolve() == notes.path.resolve():
        raise _BadInput(f"{output.name}: is this negotiation file; choose another name.")
    originals = {v.original_path for v in notes.versions() if v.original_path}
    if output.exists() and str(output.resolve()) in originals:
        raise _BadInput(f"{output.name}: is the document of a version; choose another name.")
    rounds = notes.rounds.all()
    if not rounds:
        raise _BadInput(f"{notes.path.name}: holds no rounds yet.")
    lineage = notes.rounds.lineage()
    title = options.title
    if title is None:
        title = lineage.rounds[-1].metadata.title or notes.path.stem
    write_history_table(lineage, output, title=title, dates=[r.date for r in rounds])
    print(
        f"wrote the history of {len(lineage.rounds[-1].paragraphs)} paragraphs through "
        f"{len(rounds)} rounds to {options.output}"
    )
    return 0


_COMMANDS = {
    "add-version": _add_version,
    "versions": _versions,
    "list": _list,
    "add": _add,
    "dashboard": _dashboard,
    "export": _export,
    "import": _import,
    "rounds": _rounds,
    "history": _history,
    "history-table": _history_table,
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


def _round(notes: NegotiationFile, reference: str) -> Round:
    rounds = notes.rounds.all()
    if not rounds:
        raise _BadInput(f"{notes.path.name}: holds no rounds yet.")
    if reference.casefold() == "latest":
        return rounds[-1]
    for round_ in rounds:
        if reference == str(round_.number) or reference == round_.label:
            return round_
    names = ", ".join(f"{r.number} ({r.label})" for r in rounds)
    raise _BadInput(f"no round {reference!r} in {notes.path.name} (there are: {names}).")


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
