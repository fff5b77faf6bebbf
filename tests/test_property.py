"""Mangled versions of real files give findings, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BASE, EXAMPLES
from malkoll.validate import validera

SOURCES = [p for p in (EXAMPLES / "ale-2020", BASE) if (p / "malkoll.yaml").exists()]
PALETTE = [*":-[]{}&*!|>'\"#%@?,\t\n ", "å", "\r\n", "  ", "- ", ": ", "&a ", "*a", "~"]


@pytest.fixture(scope="module")
def repos() -> Iterator[list[tuple[Path, list[Path]]]]:
    """A scratch copy of each source repository and its YAML files."""
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for source in SOURCES:
            copy = Path(tmp) / source.name
            shutil.copytree(source, copy)
            copies.append((copy, sorted(copy.rglob("*.yaml"))))
        yield copies


def _mangle(data: bytes, ops: list[tuple[int, int, int, str]]) -> bytes:
    text = bytearray(data)
    for kind, a, b, piece in ops:
        i, j = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        if kind == 0:  # insert a YAML-significant piece
            text[i:i] = piece.encode()
        elif kind == 1:  # delete a stretch
            del text[i : min(j, i + 40)]
        elif kind == 2:  # duplicate a stretch
            text[j:j] = text[i : min(j, i + 80)]
        elif kind == 3:  # truncate
            del text[i:]
        else:  # an arbitrary byte
            text[i:i] = bytes([a % 256])
    return bytes(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.integers(min_value=0),
    ops=st.lists(
        st.tuples(
            st.integers(0, 4),
            st.integers(0, 10**6),
            st.integers(0, 10**6),
            st.sampled_from(PALETTE),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_mangled_files_give_findings_never_a_traceback(repos, which, ops):
    """Any damage to any file: validera runs, and every finding points inside a real file."""
    root, files = repos[which % len(repos)]
    target = files[which % len(files)]
    original = target.read_bytes()
    try:
        target.write_bytes(_mangle(original, ops))
        result = validera(root)
        for finding in result.findings:
            path = root / finding.path
            assert path.exists()
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= finding.line <= lines + 1
            assert finding.col >= 1
            assert finding.message
    finally:
        target.write_bytes(original)


@settings(max_examples=60, deadline=None)
@given(which=st.integers(min_value=0), at=st.integers(min_value=0))
def test_a_broken_byte_or_an_unknown_key_is_always_found(repos, which, at):
    """Damage that is certainly wrong is certainly reported, in the damaged file."""
    root, files = repos[which % len(repos)]
    target = files[which % len(files)]
    original = target.read_bytes()
    rel = target.relative_to(root).as_posix()
    try:
        i = at % (len(original) + 1)
        target.write_bytes(original[:i] + b"\xff" + original[i:])
        assert [x.code for x in validera(root).findings if x.path == rel] == ["MK102"]
        if original.lstrip().startswith(b"-"):
            extra = b"\n- zzz_okand_nyckel: 1\n"
        else:
            extra = b"\nzzz_okand_nyckel: 1\n"
        target.write_bytes(original + extra)
        assert [x for x in validera(root).findings if x.path == rel]
    finally:
        target.write_bytes(original)
