"""Desktop layer: the Qt application and the `redline` command line.

Importing this package must not import Qt: the command-line subcommands run without it.
"""
