"""`python -m desktop` is the `redline` command."""

from desktop.main import run

run()
