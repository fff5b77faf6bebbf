"""The PDF and Word files kept in the repository's cache (`report.converted`): a second
`rapport --format docx` of the same report converts nothing and gives the same bytes; a
changed report, `--utan-cache` and a file someone put in the cache are converted anew;
the folder keeps the newest files only."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES
from malkoll.cache import prune
from malkoll.cli.root import app
from malkoll.report import converted

pytest.importorskip("docx")


@pytest.fixture
def ale(tmp_path: Path) -> Path:
    root = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", root, ignore=shutil.ignore_patterns(".malkoll-cache"))
    return root


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The conversions actually run (not taken from the cache)."""
    calls: list[str] = []
    real = converted._make

    def counted(fmt: str, html: str, draft: bool, base: Path) -> bytes:
        calls.append(fmt)
        return real(fmt, html, draft, base)

    monkeypatch.setattr(converted, "_make", counted)
    return calls


def docx(root: Path, *more: str) -> bytes:
    args = ["rapport", "2020", "-C", str(root), "--namnd", "kfn", "--format", "docx", *more]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return (root / "rapporter" / "rapport-2020-helar-kfn.docx").read_bytes()


def test_the_same_report_is_converted_once(ale, made):
    first = docx(ale)
    assert made == ["docx"]
    assert docx(ale) == first
    assert made == ["docx"]  # from the cache
    assert len(list((ale / ".malkoll-cache" / converted.FOLDER).iterdir())) == 1


def test_a_changed_report_or_utan_cache_is_converted_again(ale, made):
    first = docx(ale)
    docx(ale, "--utan-cache")
    assert made == ["docx", "docx"]
    path = ale / "2020" / "ekonomi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Konstgräsplan", "Konstgräsplanen"))
    assert docx(ale) != first
    assert made == ["docx", "docx", "docx"]


def test_a_file_put_in_the_cache_is_not_served(ale, made):
    first = docx(ale)
    folder = ale / ".malkoll-cache" / converted.FOLDER
    (entry,) = folder.iterdir()
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")  # forged: the MAC fails
    assert docx(ale) == first
    assert made == ["docx", "docx"]


def test_the_folder_keeps_the_newest(tmp_path):
    for n in range(5):
        path = tmp_path / f"e{n}"
        path.write_bytes(b"x")
        os.utime(path, ns=(n * 10**9, n * 10**9))
    prune(tmp_path, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e3", "e4"]
