"""Resources: icons and the bundled example documents (data only, via importlib.resources)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE_OLD = "cop-10-2-draft.txt"
EXAMPLE_NEW = "cop-11-6.txt"


def resource_path(*parts: str) -> Path:
    """A real file path for a bundled resource (works from source, wheel and PyInstaller)."""
    return Path(str(resources.files(__package__).joinpath(*parts)))


def example_pair() -> tuple[Path, Path]:
    """The bundled example: the COP 10/2 draft and its successor, resolution 11/6."""
    return resource_path("examples", EXAMPLE_OLD), resource_path("examples", EXAMPLE_NEW)
