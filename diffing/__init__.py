"""Core layer: the resolution model, readers, alignment and word diff. Pure Python, never Qt."""

from diffing._version import __version__

__all__ = ["__version__"]
