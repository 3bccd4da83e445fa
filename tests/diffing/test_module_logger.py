"""The core's module loggers behave as `logging.getLogger(__name__)` would, loading `logging`
only when a record could be handled."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

from diffing.module_logger import get_logger

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_records_carry_the_module_name_and_the_callers_line(caplog):
    logger = get_logger("diffing.example")
    with caplog.at_level(logging.DEBUG, logger="diffing.example"):
        logger.debug("scores %s -> %s", {"en": 3}, "en")
        line = sys._getframe().f_lineno - 1
        logger.info("written to %s", "out.docx")
        logger.warning("stored alignment %s unreadable", "2→3")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("diffing.example", "DEBUG", "scores {'en': 3} -> en"),
        ("diffing.example", "INFO", "written to out.docx"),
        ("diffing.example", "WARNING", "stored alignment 2→3 unreadable"),
    ]
    assert caplog.records[0].pathname == __file__
    assert caplog.records[0].lineno == line


def test_a_level_set_on_the_logger_is_respected(caplog):
    logging.getLogger("diffing.quiet").setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.DEBUG):
            get_logger("diffing.quiet").debug("not shown")
            get_logger("diffing.quiet").warning("shown")
        assert [r.getMessage() for r in caplog.records] == ["shown"]
    finally:
        logging.getLogger("diffing.quiet").setLevel(logging.NOTSET)


def test_debug_before_logging_is_loaded_neither_loads_it_nor_shows():
    result = _python(
        """
        import sys
        from diffing.module_logger import get_logger
        get_logger("diffing.example").debug("hidden %s", 1)
        get_logger("diffing.example").info("hidden too")
        print("logging" in sys.modules)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert result.stderr == ""


def test_configured_after_start_every_record_is_handled():
    result = _python(
        """
        from diffing.module_logger import get_logger
        log = get_logger("diffing.example")
        import logging, sys
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(name)s %(message)s")
        log.debug("scores %s", 3)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "diffing.example scores 3"


def test_a_warning_is_shown_even_when_nothing_configured_logging():
    result = _python(
        """
        from diffing.module_logger import get_logger
        get_logger("diffing.example").warning("stored alignment %s unreadable", "2→3")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "stored alignment 2→3 unreadable"


OLD = """The General Assembly,

Recalling its resolution 79/6 of 19 December 2024,

1. Urges Member States to cooperate;

2. Requests the Secretary-General to report.
"""


def test_compare_command_does_not_load_logging_for_its_debug_lines(tmp_path):
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(OLD.replace("cooperate", "cooperate fully"), encoding="utf-8")
    result = _python(
        f"""
        import sys
        from desktop.main import main
        old, new, out = {tuple(str(tmp_path / n) for n in ("old.txt", "new.txt", "out.docx"))!r}
        status = main(["compare", old, new, "-o", out])
        print(status, "logging" in sys.modules)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "False"]
    assert (tmp_path / "out.docx").stat().st_size > 1_000
