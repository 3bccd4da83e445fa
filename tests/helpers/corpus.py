"""The five sample documents, read where the project keeps them: ../shared/corpus beside the
checkout (CI has it there). They are never copied into the project.

Importing this module without that folder fails on CI and skips the importing test module
elsewhere (a clone without it), with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"

if not CORPUS.is_dir():
    _why = f"the sample corpus is not beside the checkout ({CORPUS})"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(_why + ": CI must have ../shared", pytrace=False)
    pytest.skip(_why + ": a clone without ../shared", allow_module_level=True)

CND_L4_DRAFT = CORPUS / "000_c08af74b2495be47.txt"
"""E/CN.7/2022/L.4, CND draft resolution (adopted as 65/2)."""
COP_10_2_DRAFT = CORPUS / "001_ec2929493b18ea40.txt"
"""CTOC/COP/2020 draft by Mexico, adopted as COP resolution 10/2."""
REPORT = CORPUS / "002_d242e9daf6675937.txt"
"""A report section: no preamble/operative structure."""
COP_11_6 = CORPUS / "003_8d0baf524011d581.txt"
"""COP resolution 11/6, successor of 10/2."""
CND_60_2 = CORPUS / "004_c0188ab1e5817fe5.txt"
"""CND resolution 60/2."""

ALL = (CND_L4_DRAFT, COP_10_2_DRAFT, REPORT, COP_11_6, CND_60_2)
RESOLUTIONS = (CND_L4_DRAFT, COP_10_2_DRAFT, COP_11_6, CND_60_2)
