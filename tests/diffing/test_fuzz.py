"""Fuzzing the readers: mutated .txt, .docx and .pdf bytes give a Document or a ReadError, never
another exception, a hang or a memory blow-up. Modest example counts keep the suite fast; the
bounds are generous sanity limits."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diffing.errors import ReadError
from diffing.model import Document
from diffing.readers import read_bytes, read_document
from tests.conftest import soffice
from tests.helpers import corpus
from tests.helpers.make_hostile import docx, text_pdf
from tests.helpers.pdf_builder import build_pdfs, document_to_fodt

_LINES = [
    "Mexico: draft resolution",
    "Strengthening international cooperation",
    "The Conference of the Parties,",
    "Recalling its resolution 10/2,",
    "1. Encourages States parties to cooperate;",
    "2. Requests the secretariat to report.",
]
SEEDS = {
    "txt": corpus.CND_60_2.read_bytes()[:6000],
    "docx": docx(),
    "pdf": text_pdf(_LINES, pages=2),
    "pdf-flate": text_pdf(_LINES, pages=2, compress=True),
}

_MUTATION = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "truncate", "overwrite"]),
    st.integers(min_value=0, max_value=2**31),
    st.binary(min_size=1, max_size=16),
)


def mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    buffer = bytearray(data)
    for kind, where, payload in mutations:
        at = where % (len(buffer) + 1)
        if kind == "flip" and buffer:
            at %= len(buffer)
            buffer[at] ^= payload[0] or 0x01
        elif kind == "insert":
            buffer[at:at] = payload
        elif kind == "delete":
            del buffer[at : at + len(payload) * 8]
        elif kind == "truncate":
            del buffer[at:]
        else:
            buffer[at : at + len(payload)] = payload
    return bytes(buffer)


@pytest.mark.parametrize("seed", sorted(SEEDS))
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=5))
def test_mutated_file_reads_or_gives_read_error(
    seed: str, mutations: list[tuple[str, int, bytes]]
) -> None:
    data = mutate(SEEDS[seed], mutations)
    tracemalloc.start()
    started = time.monotonic()
    try:
        outcome = read_bytes(data, f"fuzzed.{seed}")
    except ReadError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        outcome = None
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert outcome is None or isinstance(outcome, Document)
    assert elapsed < 20.0
    assert peak < 200 * 1024 * 1024


@pytest.fixture(scope="session")
def libreoffice_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real-world PDF (subset fonts, ToUnicode maps, compressed streams) as a fuzzing seed."""
    office = soffice()
    fodt = document_to_fodt(read_document(corpus.CND_60_2))
    return build_pdfs({"seed": fodt}, tmp_path_factory.mktemp("fuzz"), office)["seed"].read_bytes()


@pytest.mark.libreoffice
@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=5))
def test_mutated_libreoffice_pdf_reads_or_gives_read_error(
    libreoffice_pdf: bytes, mutations: list[tuple[str, int, bytes]]
) -> None:
    data = mutate(libreoffice_pdf, mutations)
    started = time.monotonic()
    try:
        outcome = read_bytes(data, "fuzzed.pdf")
    except ReadError as error:
        assert "\n" not in str(error)
        outcome = None
    assert outcome is None or isinstance(outcome, Document)
    assert time.monotonic() - started < 20.0


def test_seeds_are_valid_documents() -> None:
    # The fuzzer starts from files that read: a mutation, not the seed, makes them hostile.
    for name, data in SEEDS.items():
        document = read_bytes(data, f"seed.{name}")
        assert document.paragraphs, name
