"""Background jobs drop stale results; settings survive a restart and bad values."""

from __future__ import annotations

import threading

from PySide6.QtCore import QSettings, QThreadPool

from desktop.jobs import JobRunner
from desktop.settings import Settings
from diffing.errors import ReadError
from diffing.model import DiffOptions


def test_a_newer_job_of_the_same_kind_wins(qtbot) -> None:
    runner = JobRunner()
    release = threading.Event()
    results: list[object] = []
    runner.finished.connect(lambda kind, result: results.append((kind, result)))

    def slow(progress, cancelled):
        release.wait(10)
        return "stale"

    runner.start("compare", slow)
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start("compare", lambda progress, cancelled: "fresh")
    release.set()
    # The stale job's own report has arrived (and was dropped), not merely some time passed.
    qtbot.waitUntil(lambda: runner.unreported == 0, timeout=10_000)
    assert results == [("compare", "fresh")]
    assert not runner.busy


def test_each_job_reports_to_the_callbacks_it_was_started_with(qtbot) -> None:
    """Whoever starts a job says what its result is for: the newest job's `done` gets its own
    result; a superseded job's callbacks never run; a failure goes to that job's `failed`."""
    runner = JobRunner()
    release = threading.Event()
    done: list[tuple[str, object]] = []
    failed: list[str] = []

    def slow(progress, cancelled):
        release.wait(10)
        return 1

    runner.start("compare", slow, done=lambda n: done.append(("stale", n)), failed=failed.append)
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(
            "compare", lambda progress, cancelled: 2, done=lambda n: done.append(("fresh", n))
        )
    release.set()
    qtbot.waitUntil(lambda: runner.unreported == 0, timeout=10_000)
    assert done == [("fresh", 2)] and failed == []

    def fails(progress, cancelled):
        raise ReadError("draft.docx: not a Word document.")

    with qtbot.waitSignal(runner.failed, timeout=10_000):
        runner.start("old", fails, done=lambda n: done.append(("old", n)), failed=failed.append)
    assert failed == ["draft.docx: not a Word document."] and len(done) == 1


def test_errors_arrive_as_one_line_and_cancel_is_reported(qtbot) -> None:
    runner = JobRunner()

    def fails(progress, cancelled):
        raise ReadError("draft.docx: not a Word document.")

    with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
        runner.start("old", fails)
    assert blocker.args == ["old", "draft.docx: not a Word document."]

    started = threading.Event()

    def waits(progress, cancelled):
        progress(1, 4)
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        return "too late"

    with qtbot.waitSignal(runner.cancelled, timeout=10_000):
        runner.start("compare", waits)
        assert started.wait(10)
        runner.cancel()
    QThreadPool.globalInstance().waitForDone()


def test_settings_round_trip_and_fall_back_on_bad_values(tmp_path) -> None:
    path = str(tmp_path / "s.ini")
    settings = Settings(QSettings(path, QSettings.Format.IniFormat))
    settings.diff_options = DiffOptions(ignore_case=True, ignore_numbering=False)
    settings.author = " Mexico "
    settings.add_recent_pair("/a/old.docx", "/a/new.docx")
    settings.add_recent_pair("/b/old.docx", "/b/new.docx")
    settings.add_recent_pair("/a/old.docx", "/a/new.docx")
    settings.sync()

    again = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert again.diff_options == DiffOptions(ignore_case=True, ignore_numbering=False)
    assert again.author == "Mexico"
    assert again.recent_pairs == [("/a/old.docx", "/a/new.docx"), ("/b/old.docx", "/b/new.docx")]

    again.store.setValue("options/ignore_case", "banana")
    again.store.setValue("window/view_mode", "sideways")
    assert again.diff_options.ignore_case is False
    assert again.view_mode == 0


def test_debug_logs_our_own_bugs_with_their_traceback_while_the_user_gets_one_line(
    qtbot, tmp_path
) -> None:
    import logging

    from desktop import logs

    root = logging.getLogger()
    before = list(root.handlers), root.level
    try:
        path = logs.set_up(debug=True, folder=tmp_path)
        assert path == tmp_path / "redline.log"
        runner = JobRunner()

        def buggy(progress, cancelled):
            return {}["no such key"]

        with qtbot.waitSignal(runner.failed, timeout=10_000) as blocker:
            runner.start("compare", buggy)
        assert "\n" not in blocker.args[1] and "KeyError" in blocker.args[1]
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "Traceback" in text and "in buggy" in text
    finally:
        for handler in root.handlers[:]:
            if handler not in before[0]:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(before[1])
