"""`malkoll webbplats --ladda-ner pdf,docx`: each report of the site also as a PDF and a
Word file, made from the report's own HTML as `malkoll rapport` makes them, linked from
its page and the index; an unknown format or a missing extra is one line, before anything
is built."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import BASE, EXAMPLES
from malkoll.cli.root import app
from malkoll.report import docx as word
from malkoll.site import build

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_each_report_is_also_a_pdf_and_a_word_file_linked_from_its_pages(tmp_path: Path):
    out = tmp_path / "webbplats"
    code, output = run("webbplats", "2020", "-C", str(BASE), "--ut", str(out), "--ladda-ner",
                       "pdf, DOCX", "--idag", "2021-03-01")  # fmt: skip
    assert code == 0, output
    pages = sorted(p for p in out.glob("rapport-*.html"))
    assert pages
    start = (out / "index.html").read_text(encoding="utf-8")
    for page in pages:
        stem = page.stem
        pdf, document = out / f"{stem}.pdf", out / f"{stem}.docx"
        reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
        text = page.read_text(encoding="utf-8")
        title = text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert reader.metadata.title == title.replace("&amp;", "&")
        headings = [p.text for p in docx.Document(str(document)).paragraphs
                    if p.style.name.startswith("Heading")]  # fmt: skip
        assert headings, stem
        for name, path in (("PDF", pdf), ("Word", document)):
            shown = f"{name} ({build.size(path.stat().st_size)})"
            assert f'<a href="{path.name}" download>Ladda ner som {shown}</a>' in text
            label = f'<a href="{path.name}" download aria-label="[^"]+ som {re.escape(shown)}">'
            assert re.search(label + re.escape(shown) + "</a>", start)
    assert not list(out.glob("*.md"))
    # each report is told as its files are made: a PDF takes seconds
    assert f"malkoll: PDF och Word 1 av {len(pages)}: " in output
    assert f"malkoll: PDF och Word {len(pages)} av {len(pages)}: " in output


def test_sizes_read_as_a_download_link_gives_them():
    assert build.size(400) == "1 kB"
    assert build.size(850_400) == "850 kB"
    assert build.size(1_234_567) == "1,2 MB"


def test_a_companys_report_is_under_a_heading_that_names_the_companies(tmp_path: Path):
    out = tmp_path / "webbplats"
    code, output = run("webbplats", "2020", "-C", str(EXAMPLES / "ale-2020"), "--ut", str(out))
    assert code == 0, output
    start = (out / "index.html").read_text(encoding="utf-8")
    assert "Nämndernas och bolagens rapporter</h3>" in start
    code, output = run("webbplats", "2020", "-C", str(BASE), "--ut", str(out))
    assert "Nämndernas rapporter</h3>" in (out / "index.html").read_text(encoding="utf-8")


def test_without_ladda_ner_there_are_no_downloads(tmp_path: Path):
    out = tmp_path / "webbplats"
    code, output = run("webbplats", "2020", "-C", str(BASE), "--ut", str(out))
    assert code == 0, output
    assert not list(out.glob("*.pdf"))
    assert not list(out.glob("*.docx"))
    assert "Ladda ner" not in (out / "index.html").read_text(encoding="utf-8")


def test_an_unknown_format_is_one_line_and_nothing_is_written(tmp_path: Path):
    out = tmp_path / "webbplats"
    code, output = run("webbplats", "2020", "-C", str(BASE), "--ut", str(out), "--ladda-ner", "odt")
    assert code == 2
    assert "Okänt format 'odt' att ladda ner; välj bland pdf och docx." in output
    assert not out.exists()


def test_an_empty_format_is_one_line_and_nothing_is_written(tmp_path: Path):
    out = tmp_path / "webbplats"
    code, output = run("webbplats", "2020", "-C", str(BASE), "--ut", str(out), "--ladda-ner", " ")
    assert code == 2
    assert "--ladda-ner behöver ett format: pdf, docx eller pdf,docx." in output
    assert not out.exists()


def test_a_missing_extra_says_how_to_install_it(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(word, "WORD", False)
    out = tmp_path / "webbplats"
    code, output = run(
        "webbplats", "2020", "-C", str(BASE), "--ut", str(out), "--ladda-ner", "docx"
    )
    assert code == 2
    assert "pip install 'malkoll[word]'" in output
    assert not out.exists()
