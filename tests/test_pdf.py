"""`malkoll rapport --format pdf` (report.pdf): the PDF WeasyPrint lays out from the report's
HTML, checked with pypdf: title and language, the structure tree and the charts' alt text,
one bookmark per heading, UTKAST on every page of a draft only, page numbers, embedded
fonts with the assessment symbols, nothing fetched from outside, and veraPDF where it is
installed."""

from __future__ import annotations

import html as htmllib
import importlib
import io
import os
import re
import shutil
import subprocess
import threading
import types
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

try:
    importlib.import_module("weasyprint")
except (ImportError, OSError) as error:  # OSError: Pango's library is missing
    pytest.skip(
        f"WeasyPrint cannot be loaded ({error}); install malkoll[pdf] and Pango",
        allow_module_level=True,
    )
pypdf = pytest.importorskip("pypdf")

from helpers import EXAMPLES, run  # noqa: E402
from malkoll.errors import BadOption  # noqa: E402
from malkoll.report import pdf  # noqa: E402

if pdf._major(importlib.import_module("weasyprint").__version__) < pdf.MINIMUM:
    pytest.skip(f"WeasyPrint older than {pdf.MINIMUM}", allow_module_level=True)

MARK = "".join(pdf.DRAFT_MARK.split())


# --- reading the HTML and the PDF ------------------------------------------------------


class _Outline(HTMLParser):
    """The HTML's headings (h1-h6) in order, and its charts' titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.charts: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag) or (tag == "title" and self._in == "svg"):
            self._in, self._text = tag, []
        elif tag == "svg":
            self._in = "svg"

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in and tag != "svg":
            text = " ".join("".join(self._text).split())
            (self.charts if tag == "title" else self.headings).append(text)
            self._in = "svg" if tag == "title" else None
        elif tag == "svg":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in and self._in != "svg":
            self._text.append(data)


def outline_of(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def bookmarks(reader) -> list[str]:
    """The PDF's outline, flattened in order."""

    def flat(items) -> list[str]:
        found = []
        for item in items:
            found += flat(item) if isinstance(item, list) else [" ".join(item.title.split())]
        return found

    return flat(reader.outline)


def structure(reader) -> list[dict]:
    """Every structure element under the StructTreeRoot, depth first."""
    found: list[dict] = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") or isinstance(kid, dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def page_texts(reader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def squeezed(text: str) -> str:
    """``text`` without whitespace (letter-spacing makes extracted words gappy)."""
    return "".join(text.split())


def fonts(reader) -> dict[str, dict]:
    """Each font on any page (a Type0 font's descendant), by its base name."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            found[str(font.get("/BaseFont", font.get("/Name", "?")))] = font
    return found


def render_cli(tmp_path: Path, example: str, *flags: str) -> tuple[str, Path]:
    """`malkoll rapport 2020 --format html,pdf` on a copy of ``example``: the HTML and the
    PDF's path."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / example, repo)
    out = tmp_path / "ut"
    code, stdout, stderr = run(
        "rapport", "2020", "-C", str(repo), "--format", "html,pdf", "--ut", str(out), *flags
    )
    assert code == 0, stdout + stderr
    assert "Traceback" not in stdout + stderr
    [html_file] = out.glob("*.html")
    [pdf_file] = out.glob("*.pdf")
    assert pdf_file.stem == html_file.stem  # rapport-2020-helar[-namnd]
    assert f"Skrev {pdf_file}" in stdout
    return html_file.read_text(encoding="utf-8"), pdf_file


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> tuple[str, Path]:
    """The draft example's annual report, as HTML and as PDF, through the CLI."""
    return render_cli(tmp_path_factory.mktemp("utkast"), "ale-2020-utkast")


@pytest.fixture(scope="module")
def final(tmp_path_factory) -> tuple[str, Path]:
    """A nämnd's report of the complete example (no draft), through the CLI."""
    return render_cli(tmp_path_factory.mktemp("un"), "ale-2020", "--namnd", "un")


def page(body: str, title: str = "Prov", *, style: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body>{body}</body></html>"
    )


def true(value) -> bool:
    """Whether a PDF value is the boolean true."""
    return isinstance(value, pypdf.generic.BooleanObject) and value.value is True


def read(data: bytes):
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


# --- the document: title, language, tags, figures, bookmarks --------------------------


@pytest.mark.parametrize("which", ["draft", "final"])
def test_title_language_and_pdfa_identity(which, request):
    html, path = request.getfixturevalue(which)
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    title = htmllib.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    assert reader.metadata.title == title
    assert root["/Lang"] == "sv"
    assert true(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    # A4: 210 × 297 mm in points.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_draft_title_says_utkast(draft, final):
    assert pypdf.PdfReader(draft[1]).metadata.title.endswith("(utkast)")
    assert "utkast" not in pypdf.PdfReader(final[1]).metadata.title


@pytest.mark.parametrize("which", ["draft", "final"])
def test_tagged_with_a_structure_tree_and_every_heading_once(which, request):
    html, path = request.getfixturevalue(which)
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert true(root["/MarkInfo"]["/Marked"])
    elements = structure(reader)
    kinds = [str(e["/S"]) for e in elements]
    assert kinds[0] == "/Document"
    for kind in ("/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/L", "/LI", "/Link"):
        assert kind in kinds
    # Each HTML heading is one heading element: none doubled by a pseudo-element.
    expected = outline_of(html).headings
    assert sum(k in {f"/H{n}" for n in range(1, 7)} for k in kinds) == len(expected)


@pytest.mark.parametrize("which", ["draft", "final"])
def test_charts_are_figures_with_their_title_and_description_as_alt(which, request):
    html, path = request.getfixturevalue(which)
    charts = outline_of(html).charts
    assert charts  # the reports have charts
    figures = [e for e in structure(pypdf.PdfReader(path)) if e["/S"] == "/Figure"]
    assert len(figures) == len(charts) == html.count("<svg")
    alts = [str(f["/Alt"]) for f in figures]
    for alt, title in zip(alts, charts, strict=True):
        assert alt.startswith(title.rstrip("."))
        assert len(alt) > len(title)  # the description with the figures follows


def test_links_and_pages_as_pdf_a_and_a_screen_reader_want_them(final):
    reader = pypdf.PdfReader(final[1])
    assert "/Encrypt" not in reader.trailer
    assert "/JavaScript" not in reader.trailer["/Root"].get("/Names", {})
    links = 0
    for number, sheet in enumerate(reader.pages, 1):
        assert sheet["/Tabs"] == "/S", number  # tab order follows the structure
        for annotation in sheet.get("/Annots", []):
            annotation = annotation.get_object()
            assert annotation["/F"] == 4  # printed (PDF/A)
            assert "/StructParent" in annotation  # tagged as a Link
            links += annotation["/Subtype"] == "/Link"
    assert links > 10  # the contents and the cross references are links


def test_the_chart_alt_text_is_title_then_description():
    svg = (
        '<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
        "<title>Meritvärde</title><desc>Utfall 2020: 214,6.</desc>"
        '<rect width="10" height="10"/></svg></figure>'
        '<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
        '<desc>Bara en beskrivning.</desc><rect width="10" height="10"/></svg></figure>'
    )
    reader = read(pdf.html_to_pdf(page(svg), draft=False))
    alts = [str(e["/Alt"]) for e in structure(reader) if e["/S"] == "/Figure"]
    assert alts == ["Meritvärde. Utfall 2020: 214,6.", "Bara en beskrivning."]


@pytest.mark.parametrize("which", ["draft", "final"])
def test_one_bookmark_per_heading(which, request):
    html, path = request.getfixturevalue(which)
    headings = outline_of(html).headings
    assert len(headings) > 20
    # (A nämnd's title and the nämnd under it are one heading, on two lines.)
    assert [squeezed(b) for b in bookmarks(pypdf.PdfReader(path))] == list(map(squeezed, headings))


def test_bookmarks_nest_by_heading_level():
    body = "<h1>Rapport</h1><h2>Mål</h2><h3>Delmål 1</h3><h3>Delmål 2</h3><h2>Ekonomi</h2>"
    reader = read(pdf.html_to_pdf(page(body), draft=False))
    outline = reader.outline
    assert [i.title for i in outline if not isinstance(i, list)] == ["Rapport"]
    level2 = outline[1]
    assert [i.title for i in level2 if not isinstance(i, list)] == ["Mål", "Ekonomi"]
    assert [i.title for i in level2[1]] == ["Delmål 1", "Delmål 2"]


# --- pages: UTKAST, page numbers, A4 ----------------------------------------------------


def test_utkast_on_every_page_of_a_draft(draft):
    texts = page_texts(pypdf.PdfReader(draft[1]))
    assert len(texts) > 20
    missing = [n for n, text in enumerate(texts, 1) if MARK not in squeezed(text)]
    assert missing == []


def test_no_utkast_in_a_final_report(final):
    html, path = final
    assert "UTKAST" not in html
    for text in page_texts(pypdf.PdfReader(path)):
        assert "UTKAST" not in squeezed(text).upper()


def test_draft_flag_marks_every_page_whatever_the_template():
    # A template of one's own with no margin boxes at all, three pages long, the first too.
    body = "".join(f'<p style="break-after: page">Sida {n}</p>' for n in range(3))
    reader = read(pdf.html_to_pdf(page(body), draft=True))
    texts = page_texts(reader)
    assert len(texts) == 3
    assert all(MARK in squeezed(t) for t in texts)
    plain = read(pdf.html_to_pdf(page(body), draft=False))
    assert not any("UTKAST" in t for t in page_texts(plain))


@pytest.mark.parametrize("which", ["draft", "final"])
def test_page_numbers_sida_n_av_m(which, request):
    texts = page_texts(pypdf.PdfReader(request.getfixturevalue(which)[1]))
    total = len(texts)
    # The title page has none (the template's choice); every other page does.
    assert "Sida" not in texts[0].split("\n")[-1]
    for number, text in enumerate(texts[1:], 2):
        assert f"Sida{number}av{total}" in squeezed(text), number


def test_page_numbers_and_a4_for_a_template_without_page_rules():
    body = "".join(f'<p style="break-after: page">Text {n}</p>' for n in range(2))
    reader = read(pdf.html_to_pdf(page(body), draft=False))
    texts = [squeezed(t) for t in page_texts(reader)]
    assert [f"Sida{n}av2" in t for n, t in enumerate(texts, 1)] == [True, True]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_contents_name_the_page_each_part_starts_on(final):
    reader = pypdf.PdfReader(final[1])
    contents = squeezed(page_texts(reader)[1])
    assert "Innehåll" in contents
    # Each part in the contents is followed by its page number, behind a dotted leader.
    assert re.search(r"\.\.\.\d+", contents)


def test_a_long_table_repeats_its_header_row():
    rows = "".join(f"<tr><td>Rad {n}</td><td>{n}</td></tr>" for n in range(120))
    table = f"<table><thead><tr><th>Kolumnrubrik</th><th>Tal</th></tr></thead>{rows}</table>"
    reader = read(pdf.html_to_pdf(page(table), draft=False))
    texts = page_texts(reader)
    assert len(texts) >= 2
    assert all("Kolumnrubrik" in t for t in texts)


# --- fonts and the assessment symbols ----------------------------------------------------


@pytest.mark.parametrize("which", ["draft", "final"])
def test_fonts_are_embedded(which, request):
    found = fonts(pypdf.PdfReader(request.getfixturevalue(which)[1]))
    assert found
    for name, font in found.items():
        if font["/Subtype"] == "/Type3":  # glyphs drawn in the PDF itself
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), name
    assert any("DejaVu" in name for name in found)


def test_the_symbols_and_words_come_through(final):
    html, path = final
    reader = pypdf.PdfReader(path)
    text = "".join(page_texts(reader))
    for word in ("Grön", "Gul", "Röd", "Årsredovisning", "Utbildningsnämnden", "åtgärder"):
        assert word in text, word
    symbols = set(re.findall(r'<span class="symbol"[^>]*>([^<]+)</span>', html))
    assert symbols == {"🟢", "🟡", "🔴"}
    if all(pdf.drawable(s) for s in symbols):  # an emoji font is installed
        for symbol in symbols:
            assert symbol in text
        assert any("Emoji" in name for name in fonts(reader))
    else:  # none is: the replacement, never a box
        assert pdf.REPLACEMENT in text
    assert "\ufffd" not in text


def test_a_symbol_no_font_can_draw_is_replaced_in_its_colour(monkeypatch):
    monkeypatch.setattr(pdf, "drawable", lambda ch: ch != "\U0001f7e2")
    body = (
        '<p><span class="steg" style="--farg: #1a7f37"><span class="symbol" aria-hidden="true">'
        "\U0001f7e2</span> Grön</span> och "
        '<span class="steg" style="--farg: #cf222e"><span class="symbol" aria-hidden="true">'
        "✔</span> Röd</span></p>"
    )
    reader = read(pdf.html_to_pdf(page(body), draft=False))
    text = page_texts(reader)[0]
    assert f"{pdf.REPLACEMENT}Grön" in squeezed(text)
    assert "✔Röd" in squeezed(text)  # a symbol some font has stays
    assert "\U0001f7e2" not in text
    # The replacement is painted in the scale's colour: #1a7f37 as an RGB fill.
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"0\.10\d* 0\.49\d* 0\.21\d* rg", content)


def test_drawable_asks_fontconfig():
    assert pdf.drawable("å")
    assert pdf.drawable(pdf.REPLACEMENT)
    assert not pdf.drawable("\U0010fffd")  # a private-use code point no font has


# --- hostile input ----------------------------------------------------------------------


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body::before { content: 'HAMTAT'; }")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    _Counter.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_nothing_outside_the_html_is_fetched(tmp_path, server, capsys):
    evil = tmp_path / "ond.css"
    evil.write_text("body::after { content: 'LOKALT'; }", encoding="utf-8")
    picture = tmp_path / "bild.svg"
    picture.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="20">'
        '<text y="15">BILDTEXT</text></svg>',
        encoding="utf-8",
    )
    body = (
        f'<link rel="stylesheet" href="{server}/a.css">'
        f'<link rel="stylesheet" href="{evil.as_uri()}">'
        f'<link rel="stylesheet" href="ond.css">'
        f'<img src="{server}/bild.png" alt="extern">'
        f'<img src="file:///etc/passwd" alt="lösenord">'
        f'<img src="{picture.as_uri()}" alt="lokal">'
        f'<p style="background: url({server}/bg.png)">Text</p>'
        '<link rel="stylesheet" href="data:text/css,p%3A%3Aafter%7Bcontent%3A%27DATAOK%27%7D">'
    )
    style = (
        f'@import url("{server}/import.css");'
        f' @font-face {{ font-family: X; src: url("{server}/f.ttf"); }}'
    )
    data = pdf.html_to_pdf(page(body, style=style), draft=False, base=tmp_path)
    text = page_texts(read(data))[0]
    assert _Counter.hits == []
    assert "HAMTAT" not in text
    assert "LOKALT" not in text
    assert "BILDTEXT" not in text
    assert "root:" not in text
    assert "DATAOK" in text  # data: URLs are read
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""  # WeasyPrint's complaints stay quiet


def test_hostile_text_and_absurd_numbers_make_a_pdf():
    # The templates escape what a user wrote; what reaches the PDF is text like this.
    hostile = htmllib.escape(
        "<script>alert(1)</script> ]]> %PDF-1.7 endobj \\) ( \u202e\u0007 \x00 "
        + "9" * 400
        + " "
        + "ø" * 3000
    )
    body = f"<h1>{hostile[:200]}</h1><p>{hostile}</p><table><tr><td>{'9' * 500}</td></tr></table>"
    reader = read(pdf.html_to_pdf(page(body, title=hostile[:300]), draft=True))
    text = "".join(page_texts(reader))
    assert "<script>alert(1)</script>" in text
    assert "\\u202e\\x07" in text  # controls shown as their escapes, as in every value
    assert reader.metadata.title.startswith("<script>")
    assert len(bookmarks(reader)) == 1


def test_without_weasyprint_a_swedish_message_not_a_traceback(monkeypatch):
    real = importlib.import_module

    def missing(name, *args):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args)

    monkeypatch.setattr(pdf.importlib, "import_module", missing)
    with pytest.raises(BadOption, match=r"pip install 'malkoll\[pdf\]'") as caught:
        pdf.html_to_pdf(page("<p>x</p>"), draft=False)
    assert "Pango" in str(caught.value)
    assert "libpango-1.0-0" in str(caught.value)


def test_cli_says_how_to_install_when_weasyprint_is_missing(tmp_path, monkeypatch):
    real = importlib.import_module

    def missing(name, *args):
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real(name, *args)

    monkeypatch.setattr(pdf.importlib, "import_module", missing)
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    code, stdout, stderr = run(
        "rapport", "2020", "-C", str(repo), "--namnd", "un", "--format", "pdf",
        "--ut", str(tmp_path / "ut"),
    )  # fmt: skip
    assert code == 2
    assert "pip install 'malkoll[pdf]'" in stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert not list((tmp_path / "ut").glob("*.pdf"))


# --- a validator ------------------------------------------------------------------------


def _verapdf() -> str | None:
    return os.environ.get("MALKOLL_VERAPDF") or shutil.which("verapdf")


@pytest.mark.skipif(
    _verapdf() is None,
    reason="veraPDF is not installed (set MALKOLL_VERAPDF or put verapdf on PATH); it is "
    "distributed from its own site, not from PyPI, Debian or npm",
)
@pytest.mark.parametrize("which", ["draft", "final"])
def test_verapdf_finds_the_pdf_a_2a_compliant(which, request):
    path = request.getfixturevalue(which)[1]
    done = subprocess.run(
        [_verapdf(), "--flavour", "2a", "--format", "mrr", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert 'isCompliant="true"' in done.stdout, done.stdout[-4000:] + done.stderr[-2000:]


def test_an_old_weasyprint_is_named_with_how_to_upgrade(monkeypatch):
    old = types.SimpleNamespace(__version__="63.0", urls=types.SimpleNamespace())
    real = importlib.import_module
    monkeypatch.setattr(
        pdf.importlib,
        "import_module",
        lambda name, *a: old if name.startswith("weasyprint") else real(name, *a),
    )
    with pytest.raises(BadOption, match=r"WeasyPrint 70 eller senare \(installerad: 63\.0\)"):
        pdf.html_to_pdf(page("<p>x</p>"), draft=False)


def test_no_text_starts_beyond_the_right_margin(draft):
    """The wide tables (the economy's with a column per forecast, the investments') keep
    to the page: no text run starts right of the right margin (A4 595 pt less 17 mm)."""
    reader = read(draft[1].read_bytes())
    edge = 595.276 - 17 / 25.4 * 72
    beyond: list[tuple[int, float, str]] = []
    for number, sheet in enumerate(reader.pages, start=1):

        def visit(text, cm, tm, _font, _size, number=number):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            if text.strip() and x > edge + 1:
                beyond.append((number, round(x), text.strip()[:20]))

        sheet.extract_text(visitor_text=visit)
    assert beyond == []
