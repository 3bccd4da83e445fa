"""Desktop layer: the negotiation session — what the user is working on, and its file.

`NegotiationSession` owns the two versions on screen (documents and the paths they came from),
the negotiation file (`diffing.negotiation.NegotiationFile`) they belong to, the manual links of
the pair, the annotations, and the undo stack of those edits. It is always file-backed once the
user edits anything: the first link or annotation made without a file creates one in the app's
data folder (`notes_folder`) and says where, so nothing is lost on quitting (issue 13). It is the
one place that decides "is there a negotiation file"; the window only redraws.

Signals (what the window must redraw):
- `pair_changed()`: other documents are on screen (a side read, a swap, another pair of rounds,
  a file opened): align again.
- `links_changed()`: the manual links of the pair changed (a link, an unlink, their undo/redo):
  apply them to the alignment already made.
- `annotations_changed(ChangeSet)`: annotations changed; badges, dashboard and panel follow.
- `mode_changed()`: a file was opened, created, moved or closed (title, place, hints).
- `told(str, int)`: a message the user must see, with its time in ms (kept over "Aligning…").
- `status(str, int)`: a passing status-bar message.
- `failed(str, str)`: title and one line: an edit or a file operation could not be made.
- `closing()`: the file is about to close: commit what is being typed.

All calls into the file happen on the UI thread: every edit is a few milliseconds; adding a
round, which aligns it with the previous one to carry the annotations, ~40 ms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import present
from desktop.annotations import NotesCommand, Target, merged
from desktop.settings import Settings
from diffing.errors import RedlineError
from diffing.model import Comparison, Document, ManualLink
from diffing.negotiation import (
    Annotation,
    ChangeSet,
    Conflict,
    FileLockedError,
    NegotiationFile,
    OriginalState,
    ParagraphState,
    Position,
    StaleChangeError,
    Status,
)

logger = logging.getLogger(__name__)

SIDES = ("old", "new")

Edit = Callable[[NegotiationFile, int, Target], ChangeSet]
"""Makes one annotation edit in the file for a paragraph of a version; returns what changed."""


class NegotiationSession(QObject):
    pair_changed = Signal()
    links_changed = Signal()
    annotations_changed = Signal(object)
    """ChangeSet (empty: show the file's annotations again)."""
    mode_changed = Signal()
    told = Signal(str, int)
    status = Signal(str, int)
    failed = Signal(str, str)
    closing = Signal()

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.paths: dict[str, Path | None] = {"old": None, "new": None}
        self.documents: dict[str, Document | None] = {"old": None, "new": None}
        self.links: tuple[ManualLink, ...] = ()
        self.notes: NegotiationFile | None = None
        self.pair_versions: tuple[int, int] | None = None
        """(old, new) version ids of the negotiation file that are on screen."""
        self.starting_status: Callable[[Target], Status] = lambda target: Status.OPEN
        """The status a first note or positions on `target` start from (the window sets the
        compilation view's: the status a compilation text prints, issue 16)."""
        self.notice = ""
        """The last non-blocking notice (e.g. an original file changed on disk)."""
        self.notes_folder = (
            Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
            / "negotiations"
        )
        """Where the first edit made without a negotiation file creates one."""

    # --- what is open ---
    @property
    def both(self) -> bool:
        """Both versions are open (comparing, linking and annotating need both)."""
        return self.documents["old"] is not None and self.documents["new"] is not None

    @property
    def read_only(self) -> bool:
        return self.notes is not None and self.notes.read_only

    def place_text(self) -> tuple[str, str]:
        """The status-bar text saying where edits are kept, and its tooltip ("" without file)."""
        if self.notes is None:
            return "", ""
        state = "read-only" if self.notes.read_only else "saved"
        return f"{self.notes.path.name} ({state})", str(self.notes.path)

    def panel_hint(self) -> str:
        """What the annotation panel says about where annotations go."""
        if self.notes is None:
            return "Annotations are kept in a negotiation file: the first one you make creates it."
        if self.notes.read_only:
            return (
                f"{self.notes.path.name} is open read-only (File → Save negotiation file as… "
                "to work on a copy)."
            )
        return f"Saved as you go in {self.notes.path.name}"

    def title(self) -> str:
        """The window title without the app's name: "file.redline — old → new"."""
        names = [
            present.document_name(doc) if doc is not None else "—"
            for doc in (self.documents["old"], self.documents["new"])
        ]
        parts = []
        if self.notes is not None:
            mode = " (read-only)" if self.notes.read_only else ""
            parts.append(f"{self.notes.path.name}{mode}")
        if self.documents["old"] is not None or self.documents["new"] is not None:
            parts.append(f"{names[0]} → {names[1]}")
        return " — ".join(parts)

    # --- the versions on screen ---
    def set_side(self, side: str, path: Path, document: Document) -> None:
        """A version read from `path` replaces that side. The pair is then no longer two rounds
        of the negotiation file, which is closed (its links stay in it)."""
        changed = self.paths[side] != path or self.pair_versions is not None
        kept_in = self.notes.path if self.notes is not None else None
        if self.notes is not None:
            self.close(
                f"Closed {self.notes.path.name}: the versions shown are not its rounds "
                "(File → Add version adds one)."
            )
        self.paths[side] = path
        self.documents[side] = document
        if changed:
            # Links name paragraphs of the version that was replaced.
            if self.links and kept_in is not None:
                self.told.emit(
                    f"{len(self.links)} manual link(s) of the replaced version stay in "
                    f"{kept_in.name}; they do not apply to {path.name}.",
                    15000,
                )
            self.links = ()
            self.undo_stack.clear()
        self.remember_pair()
        self.pair_changed.emit()

    def swap(self) -> None:
        """Compare the other way round (not the rounds of a file: they have an order)."""
        if self.documents["old"] is None and self.documents["new"] is None:
            return
        if self.pair_versions is not None:
            self.status.emit("The rounds of a negotiation file keep their order.", 4000)
            return
        self.documents = {"old": self.documents["new"], "new": self.documents["old"]}
        self.paths = {"old": self.paths["new"], "new": self.paths["old"]}
        self.links = tuple(ManualLink(link.new, link.old, link.unlink) for link in self.links)
        self.undo_stack.clear()
        self.remember_pair()
        self.pair_changed.emit()

    def remember_pair(self) -> None:
        old, new = self.paths["old"], self.paths["new"]
        if old is not None and new is not None:
            self.settings.add_recent_pair(str(old), str(new))

    # --- manual links ---
    def set_links(self, after: tuple[ManualLink, ...], text: str) -> bool:
        """Store these links for the pair as one undo step named `text` (the annotations are
        carried along the new alignment); False when nothing was changed (and said why)."""
        if not self.ensure_file():
            return False
        assert self.notes is not None and self.pair_versions is not None
        try:
            changes = self.notes.set_links(*self.pair_versions, after)
        except RedlineError as error:
            self.failed.emit("Cannot change the alignment", str(error))
            return False
        self.undo_stack.push(NotesCommand(changes, text, self.apply_changes))
        self._changed(changes)
        return True

    def link(self, old: tuple[str, ...], new: tuple[str, ...]) -> bool:
        """Pair these old paragraphs with these new ones. The link replaces every earlier link
        or unlink that involved any of them; one undo step."""
        touched = set(old) | set(new)
        kept = tuple(link for link in self.links if not (set(link.old) | set(link.new)) & touched)
        text = f"Link {' + '.join(old)} with {' + '.join(new)}"
        return self.set_links((*kept, ManualLink(old, new)), text)

    def unlink(self, old: tuple[str, ...], new: tuple[str, ...], label: str) -> bool:
        """ "These are not a pair" (issue 13): the old paragraphs become deleted and the new ones
        new unless linked elsewhere later. Earlier links of either are dropped, earlier unlinks
        kept; `label` names the entry in the undo history."""
        kept = tuple(
            link
            for link in self.links
            if link.unlink or not (set(link.old) & set(old) or set(link.new) & set(new))
        )
        return self.set_links((*kept, ManualLink(old, new, unlink=True)), f"Unlink {label}")

    # --- the negotiation file ---
    def open_file(self, path: str | Path) -> bool:
        """Open a .redline and show its last two versions with their manual links; a file open
        in another window is offered read-only. False (and said why) when it cannot be."""
        path = Path(path)
        if self.notes is not None and path.exists() and self.notes.path.resolve() == path.resolve():
            # Opening the file this window has open: read it afresh rather than refuse.
            self.closing.emit()
            self.notes.close()
            self.notes = None
        try:
            try:
                notes = NegotiationFile.open(path)
            except FileLockedError as error:
                parent = self.parent()
                answer = QMessageBox.question(
                    parent if isinstance(parent, QWidget) else None,
                    "Negotiation file in use",
                    f"{error}\n\nOpen a read-only copy of it as it is now? Changes made here "
                    "would not be saved.",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                notes = NegotiationFile.open(path, read_only=True)
        except RedlineError as error:
            self.failed.emit("Cannot open the negotiation file", str(error))
            return False
        versions = notes.versions()
        if not versions:
            notes.close()
            self.failed.emit(
                "Cannot open the negotiation file", f"{path.name}: holds no version to show."
            )
            return False
        old = versions[-2] if len(versions) > 1 else versions[-1]
        self.attach(notes, old.id, versions[-1].id)
        return True

    def create_file(self, path: Path) -> bool:
        """A new negotiation file holding the two versions on screen (and their manual links);
        the session goes on working in it. False (and said why) when it cannot be made."""
        old_doc, new_doc = self.documents["old"], self.documents["new"]
        assert old_doc is not None and new_doc is not None
        sources: dict[str, bytes] = {}
        for side in SIDES:
            source = self.paths[side]
            if self.notes is not None and self.pair_versions is not None:
                sources[side] = self.notes.source_bytes(self.pair_versions[SIDES.index(side)])
                continue
            try:
                assert source is not None
                sources[side] = source.read_bytes()
            except (AssertionError, OSError):
                name = source.name if source is not None else "the document"
                self.failed.emit(
                    "Cannot create the negotiation file", f"{name}: cannot be read any more."
                )
                return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            notes = NegotiationFile.create(path)
            try:
                rounds = notes.rounds
                old_id = rounds.add_document(
                    old_doc, sources["old"], self.paths["old"], label=present.document_name(old_doc)
                ).version_id
                new_id = rounds.add_document(
                    new_doc, sources["new"], self.paths["new"], label=present.document_name(new_doc)
                ).version_id
                if self.links:
                    notes.set_links(old_id, new_id, self.links)
            except BaseException:
                notes.close()
                raise
        except (RedlineError, OSError) as error:
            self.failed.emit("Cannot create the negotiation file", str(error))
            return False
        self.attach(notes, old_id, new_id)
        return True

    def ensure_file(self) -> bool:
        """Edits are never lost: without a negotiation file, make one in the app's data folder
        (File → Save negotiation file as… names it) and say so. False when there is none."""
        if self.notes is not None and self.pair_versions is not None:
            return True
        if not self.both:
            self.status.emit("Open two versions to annotate them.", 4000)
            return False
        names = [
            "".join(c if c.isalnum() or c in "-_." else "-" for c in present.document_name(d))
            for d in (self.documents["old"], self.documents["new"])
            if d is not None
        ]
        base = f"{names[0]} to {names[1]}".strip("-. ") or "negotiation"
        path = self.notes_folder / f"{base}.redline"
        number = 2
        while path.exists():
            path = self.notes_folder / f"{base} ({number}).redline"
            number += 1
        if not self.create_file(path):
            return False
        self.told.emit(
            f"Your links and annotations are saved in {path} "
            "(File → Save negotiation file as… moves it).",
            15000,
        )
        return True

    def save_as(self, path: Path) -> bool:
        if self.notes is None:
            return False
        try:
            self.notes.save_as(path)
        except RedlineError as error:
            self.failed.emit("Cannot save the negotiation file", str(error))
            return False
        self.settings.last_notes = str(self.notes.path)
        self.status.emit(f"Now working in {self.notes.path.name}.", 5000)
        self.mode_changed.emit()
        return True

    def add_round(self, path: Path, document: Document, data: bytes) -> bool:
        """Add a read document as the next round (`Rounds.add_document`: the annotations are
        carried to it and the alignment with the previous round is stored) and show the previous
        round → it. Makes the file first when there is none."""
        if not self.ensure_file():
            return False
        notes = self.notes
        assert notes is not None
        previous = notes.latest()
        name = present.document_name(document)
        try:
            new_id = notes.rounds.add_document(document, data, path, label=name).version_id
        except RedlineError as error:
            self.failed.emit("Cannot add the version", str(error))
            return False
        left = notes.not_carried(new_id)
        old_id = previous.id if previous is not None else new_id
        self.attach(notes, old_id, new_id)
        message = f"Added {name} as version {len(notes.versions())}."
        if left:
            ids = ", ".join(sorted({a.paragraph_id for a in left}))
            message += f" {len(left)} annotation(s) stay with the previous version ({ids})."
        self.status.emit(message, 10000)
        return True

    def attach(self, notes: NegotiationFile, old_id: int, new_id: int) -> None:
        """Work in `notes`, showing its versions old_id → new_id with their links."""
        if self.notes is not None and self.notes is not notes:
            self.closing.emit()
            self.notes.close()
        self.notes = notes
        self.pair_versions = (old_id, new_id)
        for side, version_id in zip(SIDES, (old_id, new_id), strict=True):
            self.documents[side] = notes.document(version_id)
            original = notes.version(version_id).original_path
            self.paths[side] = Path(original) if original else None
        self.links = notes.links(old_id, new_id)
        self.undo_stack.clear()
        if not notes.read_only:
            self.settings.last_notes = str(notes.path)
        self.settings.add_recent_notes(str(notes.path))
        self.mode_changed.emit()
        self._check_originals()
        self.pair_changed.emit()

    def close(self, message: str = "") -> None:
        """Close the file (the documents stay on screen, without their annotations)."""
        if self.notes is None:
            return
        self.closing.emit()
        self.notes.close()
        self.notes = None
        self.pair_versions = None
        # The user moved on to other documents: `redline` alone reopens those next time.
        self.settings.last_notes = None
        self.undo_stack.clear()
        if message:
            self.status.emit(message, 8000)
        self.mode_changed.emit()
        self.annotations_changed.emit(ChangeSet())

    def shutdown(self) -> None:
        """The window closes: release the file (and its lock)."""
        if self.notes is not None:
            self.notes.close()

    def _check_originals(self) -> None:
        """Tell (without stopping the user) when an original file changed since it was added."""
        if self.notes is None or self.pair_versions is None:
            return
        changed = [
            self.notes.version(v)
            for v in self.pair_versions
            if self.notes.original_state(v) is OriginalState.CHANGED
        ]
        if not changed:
            return
        names = " and ".join(f"{v.label} ({v.source_name})" for v in changed)
        self.notice = (
            f"The original of {names} changed on disk since it was added; the negotiation file "
            "shows it as added. File → Add version compares the new text."
        )
        self.told.emit(self.notice, 30000)

    def source_bytes(self, side: str) -> bytes | None:
        """The stored original of a side, when it is a round of the file."""
        if self.notes is None or self.pair_versions is None:
            return None
        return self.notes.source_bytes(self.pair_versions[SIDES.index(side)])

    # --- annotations ---
    def paragraph_states(self) -> tuple[dict[str, ParagraphState], dict[str, ParagraphState]]:
        """Per side, paragraph id → its annotation state (empty without a file)."""
        if self.notes is None or self.pair_versions is None:
            return {}, {}
        old_id, new_id = self.pair_versions
        return self.notes.paragraph_states(old_id), self.notes.paragraph_states(new_id)

    def dashboard_line(self) -> str:
        """Where the talks stand ("18 of 48 paragraphs agreed"), "" without a file."""
        if self.notes is None or self.pair_versions is None:
            return ""
        return self.notes.dashboard(self.pair_versions[1]).line

    def comments_for(self, comparison: Comparison) -> tuple[object, ...]:
        """The annotations of the pair on screen, as Word comments / table remarks."""
        if self.notes is None or self.pair_versions is None:
            return ()
        return tuple(self.notes.comments_for(*self.pair_versions, comparison))

    def _version_of(self, target: Target) -> int | None:
        if self.pair_versions is None:
            return None
        return self.pair_versions[SIDES.index(target.side)]

    def annotation(self, target: Target | None) -> tuple[Annotation | None, int]:
        """The annotation the panel edits for `target` (the latest on the whole paragraph, else
        the latest on a part of it) and how many others the paragraph has."""
        if target is None or self.notes is None:
            return None, 0
        version = self._version_of(target)
        if version is None:
            return None, 0
        found = self.notes.annotations_for(version, target.paragraph_id)
        if not found:
            return None, 0
        chosen = max(found, key=lambda a: (a.span is None, a.modified, a.created))
        return chosen, len(found) - 1

    def edit(self, target: Target | None, make: Edit, text: str) -> bool:
        """Make an annotation edit of `target` in the file (created first if need be), as one
        undo step named `text`. False when nothing could be done (and said why)."""
        if target is None:
            return False
        if not self.ensure_file():
            return False
        notes = self.notes
        version = self._version_of(target)
        assert notes is not None and version is not None
        try:
            changes = make(notes, version, target)
        except RedlineError as error:
            self.failed.emit("Cannot change the annotation", str(error))
            return False
        if changes:
            self.undo_stack.push(
                NotesCommand(changes, f"{text} ({target.paragraph_id})", self.apply_changes)
            )
        self._changed(changes)
        return True

    def set_status(self, target: Target | None, value: str) -> bool:
        """Set the status of `target`'s annotation ("" removes the annotation)."""
        current, _ = self.annotation(target)

        def make(notes: NegotiationFile, version: int, target: Target) -> ChangeSet:
            if not value:
                return notes.rounds.delete_annotation(current.id) if current else ChangeSet()
            if current is not None:
                return notes.rounds.update_annotation(current.id, status=Status(value))
            return notes.rounds.annotate(
                version, target.paragraph_id, Status(value), author=self.settings.author
            )

        return self.edit(target, make, f"Status: {value}" if value else "Remove annotation")

    def set_note(self, target: Target | None, note: str) -> bool:
        return self._set_field(target, "Note", note=note)

    def set_positions(self, target: Target | None, positions: tuple[Position, ...]) -> bool:
        return self._set_field(target, "Positions", positions=positions)

    def _set_field(self, target: Target | None, text: str, **value: Any) -> bool:
        """Set one field (note or positions) of `target`'s annotation as one undo step; the
        first non-empty value makes the annotation, starting from `starting_status`. Edits go
        through `notes.rounds`, so copies carried to later rounds follow (issue 15)."""
        current, _ = self.annotation(target)

        def make(notes: NegotiationFile, version: int, target: Target) -> ChangeSet:
            if current is not None:
                return notes.rounds.update_annotation(current.id, **value)
            if not any(v.strip() if isinstance(v, str) else v for v in value.values()):
                return ChangeSet()
            return notes.rounds.annotate(
                version,
                target.paragraph_id,
                self.starting_status(target),
                author=self.settings.author,
                **value,
            )

        return self.edit(target, make, text)

    def acknowledge(self, target: Target | None) -> bool:
        """Accept the new wording under an agreement ("text changed since agreed")."""
        return self._on_current(target, NegotiationFile.acknowledge, "Acknowledge new wording")

    def remove_annotation(self, target: Target | None) -> bool:
        return self._on_current(
            target, lambda notes, id_: notes.rounds.delete_annotation(id_), "Remove annotation"
        )

    def _on_current(
        self, target: Target | None, change: Callable[[NegotiationFile, str], ChangeSet], text: str
    ) -> bool:
        """`change` the annotation `target` shows, by its id, as one undo step."""
        current, _ = self.annotation(target)
        if current is None:
            return False
        return self.edit(target, lambda notes, v, t: change(notes, current.id), text)

    def apply_changes(self, changes: ChangeSet) -> None:
        """Redo/undo of a NotesCommand: apply to the file; if the file no longer holds what the
        command expects (an import changed it), the history is dropped, never the file."""
        if self.notes is None:
            return
        try:
            self.notes.apply(changes)
        except StaleChangeError as error:
            self.failed.emit("Cannot undo or redo", f"{error} The undo history was cleared.")
            # Not from inside the stack's own undo/redo call.
            QTimer.singleShot(0, self.undo_stack.clear)
            return
        except RedlineError as error:
            self.failed.emit("Cannot undo or redo", str(error))
            return
        self._changed(changes)

    def refresh(self) -> None:
        """Show the file's annotations again (after it was changed by other means)."""
        self._changed(ChangeSet())

    def _changed(self, changes: ChangeSet) -> None:
        if self.notes is None or self.pair_versions is None:
            return
        if any((c.old_version, c.new_version) == self.pair_versions for c in changes.links):
            self.links = self.notes.links(*self.pair_versions)
            self.links_changed.emit()  # states, dashboard and panel follow the new alignment
            return
        self.annotations_changed.emit(changes)

    # --- sharing annotations ---
    def export_json(self, path: Path) -> None:
        if self.notes is None:
            return
        try:
            count = self.notes.export_json(path)
        except RedlineError as error:
            self.failed.emit("Cannot export the annotations", str(error))
            return
        self.status.emit(f"Exported {count} annotation(s) to {path.name}.", 6000)

    def import_json(
        self, path: Path, choose: Callable[[Sequence[Conflict]], Sequence[str]]
    ) -> list[str]:
        """Merge a colleague's annotations as one undo step: new ones are added, each conflict
        is settled by `choose` ("local", "incoming" or "both" per conflict); nothing is
        overwritten silently. Returns the report, one line per fact (empty when it failed)."""
        notes = self.notes
        if notes is None or notes.read_only:
            return []
        try:
            result = notes.import_json(path)
            steps = [result.changes]
            if result.conflicts:
                choices = choose(result.conflicts)
                for conflict, choice in zip(result.conflicts, choices, strict=True):
                    if choice in ("incoming", "both"):
                        steps.append(notes.resolve(conflict, choice))  # type: ignore[arg-type]
        except RedlineError as error:
            self.failed.emit("Cannot import the annotations", str(error))
            return []
        changes = merged(steps)
        if changes:
            self.undo_stack.push(NotesCommand(changes, "Import annotations", self.apply_changes))
        self._changed(changes)
        lines = [
            f"{len(result.changes.added)} added, {result.unchanged} already here, "
            f"{len(result.conflicts)} conflict(s)."
        ]
        lines += [
            f"Not placed: {u.paragraph_id} of {u.version_label} ({u.reason})."
            for u in result.unplaced
        ]
        lines += [m[:1].upper() + m[1:] + "." for m in result.messages]
        return lines


__all__ = ["Edit", "NegotiationSession"]
