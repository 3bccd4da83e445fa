"""Desktop layer: the `redline` entry point.

`redline` alone opens the app on the bundled example; `redline OLD NEW` opens two files;
`redline parse|compare|notes ...` are command-line tools that never load Qt.
"""

from __future__ import annotations

import gc
import importlib
import sys

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
