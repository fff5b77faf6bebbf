"""`rapport --format docx`: the Word document says what the report's HTML says, where the
HTML says it: headings as Word's heading styles, a TOC field, tables with header rows,
assessments as symbol and word, charts as pictures with alt text, UTKAST in a draft's
headers; and no HTML, however hostile, breaks it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import EXAMPLES, build_repo, edit_file, run
from malkoll.errors import BadOption
from malkoll.report import docx as word
from malkoll.report import docx_word, rapport

DAY = dt.date(2021, 3, 1)
WS = re.compile(r"[ \t\n\r\f]+")
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- the HTML, read independently of the module under test -----------------------------


@dataclass
class Outline:
    """What a reader of the HTML sees: headings outside the table of contents, tables as
    rows × columns, and each chart's title."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[tuple[int, int]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Outline()
        self.nav = 0
        self.heading: tuple[int, list[str]] | None = None
        self.grids: list[tuple[set[tuple[int, int]], list[int]]] = []  # taken, [rows, cols]
        self.col = 0
        self.svg: list[str] | None = None
        self.svg_title: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.svg is not None:
            if tag == "title" and not self.svg:
                self.svg_title = []
            return
        if tag == "nav":
            self.nav += 1
        elif re.fullmatch("h[1-6]", tag) and not self.nav:
            self.heading = (int(tag[1]), [])
        elif self.heading and ("undertitel" in (a.get("class") or "") or tag == "br"):
            self.heading[1].append("\n")
        elif tag == "table":
            self.grids.append((set(), [0, 0]))
        elif tag == "tr" and self.grids:
            self.grids[-1][1][0] += 1
            self.col = 0
        elif tag in ("td", "th") and self.grids:
            taken, size = self.grids[-1]
            row = size[0] - 1
            while (row, self.col) in taken:
                self.col += 1
            cols, rows = int(a.get("colspan") or 1), int(a.get("rowspan") or 1)
            taken.update((row + i, self.col + j) for i in range(rows) for j in range(cols))
            self.col += cols
            size[1] = max(size[1], self.col)
        elif tag == "svg":
            self.svg = []

    def handle_endtag(self, tag):
        if self.svg is not None:
            if tag == "title" and self.svg_title is not None:
                self.svg.append("".join(self.svg_title))
                self.svg_title = None
            if tag == "svg":
                self.out.charts.append(WS.sub(" ", "".join(self.svg[:1])).strip())
                self.svg = None
            return
        if tag == "nav":
            self.nav -= 1
        elif re.fullmatch("h[1-6]", tag) and self.heading:
            text = "".join(self.heading[1]).replace("\u00ad", "")
            lines = [WS.sub(" ", part).strip() for part in text.split("\n")]
            self.out.headings.append((self.heading[0], "\n".join(lines)))
            self.heading = None
        elif tag == "table" and self.grids:
            _, (rows, cols) = self.grids.pop()
            self.out.tables.append((rows, cols))

    def handle_data(self, data):
        if self.svg_title is not None:
            self.svg_title.append(data)
        elif self.heading:
            self.heading[1].append(data)


def outline(html: str) -> Outline:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.out


# --- the Word document -----------------------------------------------------------------


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(doc) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[1]), p.text)
        for p in doc.paragraphs
        if p.style.name.startswith("Heading ")
    ]


def header_row(row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def pictures(doc) -> list[tuple[str, str]]:
    return [(s._inline.docPr.get("title"), s._inline.docPr.get("descr")) for s in doc.inline_shapes]


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def header_texts(doc) -> list[str]:
    return [p.text for s in doc.sections for p in s.header.paragraphs]


REPORTS = {
    "helar": (EXAMPLES / "ale-2020", {}),
    "un": (EXAMPLES / "ale-2020", {"namnd": "un"}),
    "delar2": (EXAMPLES / "ale-2020", {"period": "delar2"}),
    "utkast": (EXAMPLES / "ale-2020-utkast", {"period": "delar2"}),
}


@pytest.fixture(scope="module", params=sorted(REPORTS))
def built(request, tmp_path_factory) -> tuple[str, bytes, bool]:
    """A report of Ale's example built as HTML and as Word in one run: its HTML, the
    .docx's bytes and whether it is a draft."""
    source, options = REPORTS[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    root = shutil.copytree(source, tmp / "repo")
    made = rapport(root, 2020, formats=("html", "docx"), out=tmp / "ut", today=DAY, **options)
    assert made.draft == (request.param == "utkast")
    by_suffix = {p.suffix: p for p in made.files}
    return (
        by_suffix[".html"].read_text(encoding="utf-8"),
        by_suffix[".docx"].read_bytes(),
        made.draft,
    )


def test_headings_are_the_htmls_in_order_as_word_heading_styles(built):
    """Every h1–h6 outside the table of contents, in order, at its level and with its
    text: the navigation pane and Word's table of contents are built from these."""
    html, data, _ = built
    expected = outline(html).headings
    assert len(expected) > 10
    assert headings(open_docx(data)) == expected


def test_each_table_has_the_htmls_rows_and_columns_and_a_header_row(built):
    html, data, _ = built
    doc = open_docx(data)
    expected = outline(html).tables
    assert expected
    assert [(len(t.rows), len(t.columns)) for t in doc.tables] == expected
    for t in doc.tables:
        assert header_row(t.rows[0])
        assert t.style.name in ("Table Grid", "Bred tabell")
    # the economy's table, a column per forecast, is set smaller so its figures fit
    assert any(t.style.name == "Bred tabell" for t in doc.tables)


def test_a_wide_tables_figures_fit_their_columns(built):
    """In 7.5 pt (Bred tabell) or 9 pt, each column is at least as wide as its longest
    figure: half an em per digit (Calibri's are 0.507), and Word's cell margins of
    0.19 cm on each side (10.8 pt)."""
    _, data, _ = built
    doc = open_docx(data)
    for t in doc.tables:
        points = 7.5 if t.style.name == "Bred tabell" else 9
        for row in t.rows[1:]:
            for cell in row.cells:
                text = cell.text
                if text and all(c.isdigit() or c in "\u00a0−-,% " for c in text):
                    need = len(text) * points * 0.5 + 10.8
                    assert cell.width.pt >= need, (text, t.style.name, cell.width.pt)


def test_charts_are_pictures_with_the_svgs_title_as_alt_text(built):
    html, data, _ = built
    titles = outline(html).charts
    assert titles
    found = pictures(open_docx(data))
    assert [title for title, _ in found] == titles
    assert all(descr.startswith(title) for title, descr in found)


def test_assessments_are_symbol_and_word(built):
    _, data, _ = built
    text = all_text(open_docx(data))
    assert "🟢 Grön" in text
    assert "🟡 Gul" in text


def test_utkast_in_every_header_of_a_draft_only(built):
    html, data, draft = built
    doc = open_docx(data)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert doc.core_properties.title == title
    if draft:
        assert all(docx_word.UTKAST in h for h in header_texts(doc))
        assert "(utkast)" in doc.core_properties.title
    else:
        assert not any("UTKAST" in h for h in header_texts(doc))


def test_toc_field_language_and_properties(built):
    _, data, _ = built
    doc = open_docx(data)
    body = doc.element.body
    instr = "".join(t.text for t in body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-3"' in instr
    assert [c.get(qn("w:fldCharType")) for c in body.iter(qn("w:fldChar"))] == [
        "begin",
        "separate",
        "end",
    ]
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"
    assert doc.core_properties.language == "sv-SE"
    assert doc.core_properties.author == "Ale kommun"
    assert doc.settings.element.find(qn("w:updateFields")) is not None


def test_the_same_html_gives_the_same_bytes(built):
    html, data, draft = built
    assert word.html_to_docx(html, draft=draft) == data


# --- small HTML, one thing at a time ---------------------------------------------------


def test_spans_become_merged_cells_and_the_thead_repeats():
    html = (
        "<table><caption>Tabell</caption><thead><tr><th>A</th><th>B</th><th>C</th></tr>"
        "</thead><tbody><tr><th rowspan='2'>x</th><td colspan='2'>yz</td></tr>"
        "<tr><td>1</td><td class='tal'>2</td></tr></tbody>"
        "<tfoot><tr><td colspan='3'>fot</td></tr></tfoot></table>"
    )
    doc = open_docx(word.html_to_docx(html, draft=False))
    (table,) = doc.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [["A", "B", "C"], ["x", "yz", "yz"], ["x", "1", "2"], ["fot"] * 3]
    assert [header_row(r) for r in table.rows] == [True, False, False, False]
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Tabell"
    assert doc.paragraphs[0].style.name == "Caption"
    cell = table.rows[2].cells[2].paragraphs[0]
    assert cell.alignment is not None
    assert cell.alignment.name == "RIGHT"


def test_a_first_row_of_th_cells_is_the_header_row_without_a_thead():
    html = "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    (table,) = open_docx(word.html_to_docx(html, draft=False)).tables
    assert [header_row(r) for r in table.rows] == [True, False]


def test_inline_formatting_links_lists_and_white_space():
    html = (
        "<p>  Ett <strong>fett</strong> och <em>kursivt</em>\n ord, <code>kod</code>, "
        "<a href='https://example.org/a'>länk</a>, <a href='javascript:alert(1)'>inte</a>, "
        "<a href='#mal'>inåt</a>.</p><h2 id='mal'>Mål</h2>"
        "<ul><li>ett<ul><li>två</li></ul></li></ul><ol><li>först</li><li>sen</li></ol>"
        "<p>12\u202f345\u00a0tkr</p>"
    )
    doc = open_docx(word.html_to_docx(html, draft=False))
    first = doc.paragraphs[0]
    assert first.text == "Ett fett och kursivt ord, kod, länk, inte, inåt."
    runs = {r.text: r for r in first.runs}
    assert runs["fett"].bold
    assert runs["kursivt"].italic
    assert runs["kod"].font.name == "Consolas"
    links = first._p.findall(qn("w:hyperlink"))
    assert [h.get(qn("w:anchor")) for h in links if h.get(qn("w:anchor"))] == ["_mk1"]
    external = [h.get(qn("r:id")) for h in links if h.get(qn("r:id"))]
    assert [doc.part.rels[r].target_ref for r in external] == ["https://example.org/a"]
    marks = [m.get(qn("w:name")) for m in doc.element.body.iter(qn("w:bookmarkStart"))]
    assert "_mk1" in marks
    styles = [(p.style.name, p.text) for p in doc.paragraphs[2:6]]
    assert styles == [
        ("List Bullet", "ett"),
        ("List Bullet 2", "två"),
        ("List Continue", "1. först"),
        ("List Continue", "2. sen"),
    ]
    assert doc.paragraphs[6].text == "12\u202f345\u00a0tkr"  # thin and no-break spaces kept


def test_what_has_no_meaning_in_word_is_left_out():
    html = (
        "<head><title>T</title><style>p{}</style></head><body>"
        "<nav class='hopp'><a href='#main'>Till innehållet</a></nav>"
        "<p hidden>dold</p><div style='display: none'>dold</div><script>x()</script>"
        "<div class='utkast-band'>UTKAST</div><p>synlig</p></body>"
    )
    doc = open_docx(word.html_to_docx(html, draft=False))
    assert [p.text for p in doc.paragraphs] == ["synlig"]
    assert not list(doc.element.body.iter(qn("w:instrText")))  # a nav without heading
    assert doc.core_properties.title == "T"


def test_a_chart_that_cannot_be_drawn_is_its_description_in_text(monkeypatch):
    svg = (
        "<figure><svg viewBox='0 0 100 50' width='100' height='50'><title>Kostnad</title>"
        "<desc>2019: 1, 2020: 2.</desc><path d='M 0 0 L 10 10'/></svg></figure>"
    )
    drawn = open_docx(word.html_to_docx(svg, draft=False))
    assert pictures(drawn) == [("Kostnad", "Kostnad\n2019: 1, 2020: 2.")]
    monkeypatch.setattr(docx_word, "png", lambda *_: None)
    doc = open_docx(word.html_to_docx(svg, draft=False))
    assert not doc.inline_shapes
    assert doc.paragraphs[0].text == "Diagram: Kostnad 2019: 1, 2020: 2."


@pytest.mark.parametrize(
    "svg",
    [
        "<svg width='10' height='10'><title>Trasig</title><g><rect></svg>",  # not XML
        "<svg width='1e9' height='10'><title>Trasig</title></svg>",  # no size to read
        "<svg width='10' height='100000'><title>Trasig</title></svg>",  # absurd
        "<svg viewBox='0 0 10 10'><title>Trasig</title><image href='file:///etc/passwd'/>",
    ],
)
def test_a_broken_svg_never_crashes(svg):
    doc = open_docx(word.html_to_docx(svg, draft=False))
    assert "Trasig" in all_text(doc) or pictures(doc)[0][0] == "Trasig"


def test_draft_header_even_without_the_htmls_marking():
    doc = open_docx(word.html_to_docx("<title>R</title><p>x</p>", draft=True))
    assert header_texts(doc) == [docx_word.UTKAST]
    assert doc.core_properties.title == "R (utkast)"


def test_without_python_docx_the_message_names_the_extra(monkeypatch):
    monkeypatch.setattr(word, "WORD", False)
    with pytest.raises(BadOption, match=r"pip install 'malkoll\[word\]'"):
        word.html_to_docx("<p>x</p>", draft=False)


# --- hostile input ---------------------------------------------------------------------

FRAGMENTS = [
    "<h1>", "</h1>", "<h3 id='a'>", "</h3>", "<p>", "</p>", "<ul>", "<ol start='-9'>", "<li>",
    "</li>", "</ul>", "<table>", "</table>", "<thead>", "<tr>", "</tr>", "<th>", "<td>",
    "<td colspan='99999' rowspan='0'>", "<td rowspan='x'>", "</td>", "<caption>", "<a href='#a'>",
    "<a href='javascript:x'>", "</a>", "<strong>", "<em>", "<code>", "<br>", "<nav><h2>I</h2>",
    "</nav>", "<span class='symbol'>", "<span class='undertitel'>", "<dl><dt>", "<dd>",
    "<svg viewBox='0 0 1e300 5'><title>", "</title></svg>", "<svg width='20' height='9'>",
    "</svg>", "&#0;", "&#xD800;", "&shy;", "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "&",
    "<title>", "</title>", "<p hidden>", "<figure>", "<figcaption>", "<img alt='bild'>",
    "\x00", "\x0b", "\ufffe", "\ud800", "\u00ad", "x" * 3000, "9" * 400, "1e308", "\u202e",
]  # fmt: skip


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)),
        max_size=30,
    ),
    st.booleans(),
)
def test_any_small_html_gives_a_document_python_docx_opens(parts, draft):
    data = word.html_to_docx("".join(parts), draft=draft)
    doc = open_docx(data)
    assert not INVALID_XML.search(all_text(doc))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None


PAYLOAD = "<script>alert(1)</script> **x** {{ 7*7 }} " + "Ö" * 2000 + " &amp; ]]>"


def test_a_report_of_a_repo_with_hostile_names(tmp_path):
    """Markup, a very long word and absurd numbers in the repo's names and texts: the
    Word document is built through the CLI and shows them as text."""
    root = build_repo(tmp_path / "repo")
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"^(\s*-?\s*namn: )(.+)$", rf"\g<1>'\2 {PAYLOAD}'", text, flags=re.M)
        path.write_text(changed, encoding="utf-8")
    status, _, err = run(
        "rapport", "2020", "-C", str(root), "--format", "docx,html", "--ut", str(tmp_path / "ut")
    )
    assert status == 0, err
    doc = open_docx((tmp_path / "ut/rapport-2020-helar.docx").read_bytes())
    text = all_text(doc)
    assert "<script>alert(1)</script>" in text
    assert "Ö" * 2000 in text
    html = (tmp_path / "ut/rapport-2020-helar.html").read_text(encoding="utf-8")
    assert headings(doc) == outline(html).headings


def test_absurd_numbers_in_the_economy(tmp_path):
    root = shutil.copytree(EXAMPLES / "ale-2020", tmp_path / "repo")
    edit_file(root, "2020/ekonomi.yaml", "budget: ", "budget: 1e300 #")
    status, _, err = run(
        "rapport", "2020", "-C", str(root), "--format", "docx", "--ut", str(tmp_path / "ut")
    )
    assert status == 0, err
    assert open_docx((tmp_path / "ut/rapport-2020-helar.docx").read_bytes()).tables


# --- the command line ------------------------------------------------------------------


@pytest.mark.parametrize("options", [[], ["--namnd", "un"]], ids=["kommun", "namnd"])
def test_cli_writes_the_word_document(tmp_path, options):
    root = shutil.copytree(EXAMPLES / "ale-2020", tmp_path / "repo")
    status, out, err = run(
        "rapport", "2020", "-C", str(root), "--format", "docx", "--ut", str(tmp_path / "ut"),
        *options,
    )  # fmt: skip
    assert status == 0, err
    (written,) = (tmp_path / "ut").iterdir()
    assert written.suffix == ".docx"
    assert written.name in out
    doc = open_docx(written.read_bytes())
    assert headings(doc)[0][0] == 1
    assert doc.tables
    assert doc.inline_shapes


def test_page_breaks_where_the_htmls_print_style_puts_them():
    html = (
        "<style>@media print { .titel { break-after: page; } #del { break-before: page; }"
        " a + b { break-before: page; } }</style>"
        "<header class='titel'><h1>R</h1></header><p>efter</p>"
        "<section id='del'><h2>Del</h2><p>text</p></section>"
    )
    doc = open_docx(word.html_to_docx(html, draft=False))
    breaks = [(p.text, bool(p.paragraph_format.page_break_before)) for p in doc.paragraphs]
    assert breaks == [("R", False), ("efter", True), ("Del", True), ("text", False)]


def test_column_widths_follow_the_text():
    """A column of short numbers is narrower than one of long text, and all fill the
    page's text width."""
    long = "ett ord till " * 12
    html = f"<table><tr><th>År</th><th>Text</th></tr><tr><td>2020</td><td>{long}</td></tr></table>"
    (table,) = open_docx(word.html_to_docx(html, draft=False)).tables
    narrow, wide = (c.width for c in table.columns)
    assert narrow < wide / 4
    assert abs(narrow + wide - docx_word.TEXT_WIDTH) <= 2 * 635  # whole twips


def test_a_table_of_ten_columns_gets_a_landscape_page_with_its_heading(tmp_path):
    """Delår 2 of Utbildningsnämnden: the economy's table (ten columns, a forecast each)
    and the investments' (eleven) are each on a landscape page, their headings with them;
    the text around them stays portrait, and every row is kept whole."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    out = tmp_path / "ut"
    code, stdout, stderr = run(
        "rapport", "2020", "-C", str(repo), "--period", "delar2", "--namnd", "un",
        "--format", "docx", "--ut", str(out),
    )  # fmt: skip
    assert code == 0, stdout + stderr
    doc = open_docx((out / "rapport-2020-delar2-un.docx").read_bytes())
    turned = [s for s in doc.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert len(turned) == 2
    assert all(round(s.page_width.cm, 1) == 29.7 for s in turned)
    assert doc.sections[-1].orientation == WD_ORIENT.PORTRAIT
    body = list(doc.element.body.iterchildren())
    for heading in ("Ekonomi", "Investeringar"):
        at = max(  # the report's own part, after the nämnd's "Ekonomi" paragraph
            i
            for i, e in enumerate(body)
            if docx_word._is_heading(e) and e.xpath("string(.)") == heading
        )
        before = body[at - 1]  # the section break ends the portrait page before the heading
        assert before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None, heading
    for table in doc.tables:
        for row in table.rows:
            assert row._tr.trPr is not None
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
