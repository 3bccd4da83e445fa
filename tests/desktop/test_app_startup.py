"""Starting the app where no window can open: one clear line instead of Qt's plugin dump."""

from __future__ import annotations

import pytest

import desktop.app as app


def test_no_display_is_one_clear_line() -> None:
    problem = app.display_problem({}, platform="linux")
    assert problem is not None and "DISPLAY" in problem and "\n" not in problem


@pytest.mark.parametrize("platform", ["offscreen", "minimal"])
def test_headless_platforms_need_no_display(platform) -> None:
    assert app.display_problem({"QT_QPA_PLATFORM": platform}, platform="linux") is None


def test_missing_xcb_libraries_name_the_packages(monkeypatch) -> None:
    monkeypatch.setattr(app, "_loadable", lambda soname, name: name != "xcb-cursor")
    problem = app.display_problem({"DISPLAY": ":0"}, platform="linux")
    assert problem == (
        "the Qt xcb libraries are missing; install them with: sudo apt install libxcb-cursor0"
    )
    # Wayland sessions do not use xcb; other systems have no such libraries.
    assert app.display_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, platform="linux") is None
    assert app.display_problem({}, platform="win32") is None


@pytest.mark.skipif(not app.sys.platform.startswith("linux"), reason="the check is for Linux")
def test_run_gui_prints_one_line_and_exits_1_without_display(monkeypatch, capsys) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app.run_gui([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("redline: no display found") and err.count("\n") == 1


def test_run_gui_refuses_a_missing_file(capsys, tmp_path) -> None:
    assert app.run_gui([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == 2
    assert "a.txt: no such file" in capsys.readouterr().err


def _no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)


def test_a_mistyped_command_is_named_as_such_even_without_a_display(monkeypatch, capsys) -> None:
    """`redline frobnicate` said "no display found" on a machine without one (a new user's
    report): what was typed is checked first."""
    _no_display(monkeypatch)
    assert app.run_gui(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("redline: frobnicate: neither a command (parse, compare, notes, clean)")
    assert err.count("\n") == 1


def test_a_missing_file_is_named_before_the_display(monkeypatch, capsys, tmp_path) -> None:
    _no_display(monkeypatch)
    assert app.run_gui([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == 2
    err = capsys.readouterr().err
    assert "a.txt: no such file" in err and "display" not in err


def test_one_document_alone_asks_for_the_other_version(monkeypatch, capsys, tmp_path) -> None:
    _no_display(monkeypatch)
    draft = tmp_path / "draft.docx"
    draft.write_bytes(b"")
    assert app.run_gui([str(draft)]) == 2
    err = capsys.readouterr().err
    assert "draft.docx: one version only; to compare, give both: redline OLD NEW" in err
