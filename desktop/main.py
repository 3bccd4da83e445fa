"""Desktop layer: the `redline` entry point.

`redline` alone opens the app on the bundled example; `redline OLD NEW` opens two files;
`redline parse|compare|notes ...` are command-line tools that never load Qt.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from typing import NoReturn

from diffing import __version__

COMMANDS = {
    "parse": "desktop.commands.parse_cmd",
    "compare": "desktop.commands.compare_cmd",
    "notes": "desktop.commands.notes_cmd",
    "clean": "desktop.commands.clean_cmd",
}

COMMAND_GC_THRESHOLD = 50_000
"""New container objects between two runs of the youngest generation's cycle collection while a
command runs (Python's default: 700)."""

USAGE = """\
usage: redline [OLD NEW]              open the app (the last negotiation file, else the example)
       redline FILE.redline           open the app on a negotiation file
       redline parse FILE [--format json|text]
       redline compare OLD NEW [--format json|text|docx|table|html] [-o OUT] ...
       redline notes FILE.redline list|add|export|import ...
       redline clean FILE [-o OUT.docx|OUT.txt] [--agreed]
       redline --version | --self-test
       redline --debug [...]          the app, writing a log with tracebacks to its data folder
"""


def run() -> NoReturn:
    """The `redline` program (its entry point, `python -m desktop` and the frozen app): `main`
    on the process's arguments, then exit with its status.

    When a command-line command returns, the process ends without the interpreter's teardown:
    Python otherwise frees every module and object one by one before exiting, some 38 million
    instructions (~8 ms, a fifth of `redline compare`'s own work) that the operating system
    does at once when the process ends (issue 12, item 9). Nothing a user could notice is
    skipped: Python still waits for running threads and runs every exit handler registered by
    the command's modules (logging's flush among them), the standard streams are flushed, and a
    command closes every file it writes before it returns (`fileio.atomic_write`). A command
    that ends by an exception (argparse's usage error, Ctrl+C) and the app exit the usual way."""
    args = sys.argv[1:]
    if args and args[0] in COMMANDS:
        # Registered before the command's modules are imported: exit handlers run last
        # registered first, so the handlers they register run before this one.
        atexit.register(_exit_without_teardown)
    status = main(args)
    if args and args[0] in COMMANDS:
        # `main` has put back Python's threshold of 700 new objects while the command's ~19,000
        # were still young: the next allocation (SystemExit's) would set off a collection that
        # walks them all, ~3.5 ms, just before the process ends and frees them at once.
        gc.disable()
    _returned_status.append(status)
    sys.exit(status)


_returned_status: list[int] = []
"""`main`'s status once it returned; empty while it runs or when it ended by an exception."""


def _exit_without_teardown() -> None:
    """The last exit handler of a command's process: flush the standard streams and end the
    process at once with `main`'s status (`os._exit`); nothing when `main` did not return."""
    if not _returned_status:
        return
    status = _returned_status[-1]
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:
            continue
        try:
            stream.flush()
        except OSError:  # its reader is gone: Python's own teardown ends with 120 then
            status = 120
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] in {"-h", "--help", "help"}:
        print(USAGE, end="")
        return 0
    if args and args[0] in {"-V", "--version"}:
        print(f"redline {__version__}")
        return 0
    if args and args[0] in COMMANDS:
        # A command runs once and exits. At the default threshold (700 new objects) the cycle
        # collector ran about 35 times in `redline compare`'s imports and work, 5-9 ms of its
        # 0.2 s, and freed some 350 objects: the records hold no cycles (issue 12, item 9).
        threshold = gc.get_threshold()
        gc.set_threshold(COMMAND_GC_THRESHOLD, *threshold[1:])
        try:
            module = importlib.import_module(COMMANDS[args[0]])
            code: int = module.run(args[1:])
        except BrokenPipeError:
            # `redline compare OLD NEW | head`: the reader has gone; stop quietly, as Python's
            # documentation advises (stdout to devnull, so the exit flush cannot fail either).
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            code = 1
        finally:
            gc.set_threshold(*threshold)
        return code
    if args and args[0] == "--self-test":
        from desktop.selftest import run_self_test

        return run_self_test()
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    from desktop.app import run_gui

    return run_gui(args, debug=debug)
