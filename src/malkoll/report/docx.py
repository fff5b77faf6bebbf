"""`rapport --format docx`: the report's own HTML written as a Word document.

The rendered HTML is the one source (`docx_html.parse` reads it); python-docx writes it
with Word's own styles, so that the navigation pane, a table of contents and a nämnd
secretary's editing work as in any Word document: h1–h6 as the built-in "Heading N"
styles, the table of contents as a TOC field over headings 1–3 (its entries written in
already, Word adds the page numbers when it updates the field on opening), tables in
"Table Grid" with the header rows repeated on each page, assessments as symbol and word,
the inline SVG charts as PNG pictures (cairosvg) with their title and description as alt
text, a draft's UTKAST in every section's header, and page breaks where the HTML's print
style has them. The file's bytes depend only on the HTML: no clock in the properties or
in the zip. The HTML side (the tree, the tables' grid) is `docx_html`, the Word side
(settings, runs, fields, pictures) `docx_word`; this module walks the one into the other.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from typing import Any

from malkoll.errors import BadOption
from malkoll.report.docx_html import (
    HEADINGS,
    Node,
    Page,
    author,
    bounded_int,
    first_node,
    layout,
    parse,
    plain,
    svg_alt,
    walk,
    words,
)

try:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Emu
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    from malkoll.report import docx_word as word
except ImportError:  # the `word` extra is not installed
    WORD = False
else:
    WORD = True

BLOCK = words(
    "address article aside blockquote caption dd div dl dt figcaption figure footer h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table ul"
)
MAX_COLUMNS = 63  # Word's own limit
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; no-break and thin spaces are text
_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class _Fmt:
    """How a run looks, and where it links to."""

    bold: bool = False
    italic: bool = False
    mono: bool = False
    symbol: bool = False
    link: str | None = None  # "#bookmark" or an external address


_PLAIN = _Fmt()


@dataclass(frozen=True)
class _Ctx:
    """How a block's paragraphs look: first style, style after the first, and more."""

    style: str | None = None
    cont: str | None = None
    fmt: _Fmt = _PLAIN
    depth: int = 0
    right: bool = False
    indent: bool = False
    keep: bool = False


def require_word() -> None:
    """`BadOption` saying how to install python-docx, when it is missing."""
    if not WORD:
        raise BadOption(
            "Formatet docx kräver python-docx, som inte är installerat. "
            "Installera det med pip install 'malkoll[word]'."
        )


def html_to_docx(html: str, *, draft: bool) -> bytes:
    """The report's rendered HTML as the bytes of a .docx file; any HTML, never a crash
    for its content. A ``draft`` has UTKAST in every section's header and its title."""
    require_word()
    page = parse(html)
    title = page.title or "Rapport"
    if draft and "utkast" not in title.lower():
        title += " (utkast)"
    writer = _Writer(page)
    word.setup(writer.doc, title, draft, author(page.body))
    writer.block(page.body, _Flow(writer.styles, writer.doc, None), _Ctx())
    buf = io.BytesIO()
    writer.doc.save(buf)
    return word.stable_zip(buf.getvalue())


class _Flow:
    """Where paragraphs go: the document's body or a table cell (whose first paragraph
    exists already)."""

    def __init__(self, styles: word.Styles, parent: Any, first: Paragraph | None) -> None:
        self.styles = styles
        self.parent = parent
        self.first = first

    def para(self, style: str | None) -> Paragraph:
        if self.first is not None:
            p, self.first = self.first, None
        else:
            p = self.parent.add_paragraph()
        if style:
            p._p.style = self.styles.id(style)
        return p

    def table(self, rows: int, cols: int) -> Any:
        self.first = None
        return self.parent.add_table(rows, cols)


class _Line:
    """One paragraph being written: HTML's white space collapsed across its runs; the
    paragraph is made at its first text, so blank markup leaves none."""

    def __init__(self, w: _Writer, flow: _Flow, ctx: _Ctx, style: str | None) -> None:
        self.w, self.flow, self.ctx, self.style = w, flow, ctx, style
        self.p: Paragraph | None = None
        self.space = True
        self.last: Any = None  # the last w:t written

    def open(self) -> Paragraph:
        if self.p is None:
            self.p = self.flow.para(self.style)
            fmt = self.p.paragraph_format
            if self.ctx.right:
                fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if self.ctx.indent:
                fmt.left_indent = Cm(0.75)
            if self.ctx.keep:
                fmt.keep_with_next = True
            if self.w.breaks_before and not isinstance(self.flow.parent, _Cell):
                fmt.page_break_before = True  # as the HTML's print style says
                self.w.breaks_before = False
            self.w.flush_bookmarks(self.p)
        return self.p

    def text(self, text: str, fmt: _Fmt) -> None:
        text = _WS.sub(" ", text)
        if self.space:
            text = text.lstrip(" ")
        if text:
            last = self.w.run(self.open(), text, fmt)
            self.last = self.last if last is None else last
            self.space = text.endswith(" ")

    def br(self) -> None:
        if self.last is not None and self.last.text:
            self.last.text = self.last.text.rstrip(" ")  # no space left at a line's end
        self.open().add_run().add_break()
        self.space = True

    def close(self) -> None:
        if self.last is not None and self.last.text:
            self.last.text = self.last.text.rstrip(" ")


class _Writer:
    def __init__(self, page: Page) -> None:
        self.page = page
        body = page.body
        self.breaks_before = False
        self.doc = docx.Document()
        self.styles = word.Styles(self.doc)
        self.toc_done = False
        self.pending: list[str] = []
        self.next_id = 1
        elements = walk(body)
        linked = {
            href[1:]
            for n in walk(body, skip_nav=False)
            if n.tag == "a" and (href := n.attrs.get("href", "")).startswith("#")
        }
        self.marks: dict[str, str] = {}  # HTML id → bookmark
        for n in elements:
            ident = n.attrs.get("id", "")
            if ident in linked and ident not in self.marks:
                self.marks[ident] = f"_mk{len(self.marks) + 1}"
        self.headings = [(n, HEADINGS[n.tag]) for n in elements if n.tag in HEADINGS]
        self.toc_names = {
            id(n): f"_Toc{i:06d}" for i, (n, level) in enumerate(self.headings, 1) if level <= 3
        }

    # -- blocks ------------------------------------------------------------------------
    def block(self, node: Node, flow: _Flow, ctx: _Ctx) -> None:
        """``node``'s children: text and inline elements into paragraphs, blocks apart;
        the first paragraph in ``ctx.style`` (a list item's bullet), the rest in
        ``ctx.cont``."""
        line = _Line(self, flow, ctx, ctx.style)
        started = False
        for child in node.children:
            if isinstance(child, str):
                line.text(child, ctx.fmt)
                continue
            self.mark(child)
            if child.tag not in BLOCK:
                self.inline(child, line, ctx.fmt)
                continue
            line.close()
            started = started or line.p is not None
            self.breaks_before = self.breaks_before or self.page.breaks.before(child)
            self.element(child, flow, ctx if not started else replace(ctx, style=ctx.cont))
            self.breaks_before = self.breaks_before or self.page.breaks.after(child)
            started = True
            line = _Line(self, flow, ctx, ctx.cont)
        line.close()

    def element(self, node: Node, flow: _Flow, ctx: _Ctx) -> None:
        tag, classes = node.tag, node.classes()
        plain_ctx = replace(ctx, cont=ctx.cont or ctx.style, keep=False)
        if tag in HEADINGS:
            self.heading(node, flow, HEADINGS[tag])
        elif tag == "nav":
            if first_node(node, lambda n: n.tag in HEADINGS) is not None:
                self.toc(node, flow)
        elif tag in ("ul", "ol"):
            self.listing(node, flow, ctx)
        elif tag == "table":
            self.table(node, flow)
        elif tag in ("figcaption", "caption"):
            self.block(node, flow, replace(plain_ctx, style="Caption"))
        elif tag == "dt":
            self.block(node, flow, replace(plain_ctx, fmt=replace(ctx.fmt, bold=True), keep=True))
        elif tag == "dd":
            self.block(node, flow, replace(plain_ctx, indent=True))
        elif tag in ("pre", "code"):
            self.block(node, flow, replace(plain_ctx, fmt=replace(ctx.fmt, mono=True)))
        elif tag == "hr" or "utkast-band" in classes:
            return  # a draft says UTKAST in every header instead
        else:
            self.block(node, flow, plain_ctx)

    def heading(self, node: Node, flow: _Flow, level: int) -> None:
        if (name := self.toc_names.get(id(node))) is not None:
            self.pending.append(name)
        line = _Line(self, flow, _Ctx(keep=True), f"Heading {level}")
        line.open()  # an empty heading stays a heading, as in the HTML
        self.inline(node, line, _Fmt())
        line.close()

    def toc(self, nav: Node, flow: _Flow) -> None:
        """The table of contents as Word's TOC field over headings 1–3, its entries
        written in (linked to the headings) until Word updates it with page numbers."""
        if self.toc_done:
            return
        self.toc_done = True
        heading = first_node(nav, lambda n: n.tag in HEADINGS)
        label = _Line(self, flow, _Ctx(), "TOC Heading")
        label.text(plain(heading) if heading else "Innehåll", _Fmt())
        label.close()
        first = flow.para(None)
        word.fld_char(first, "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = ' TOC \\o "1-3" \\h \\z \\u '
        first.add_run()._r.append(instr)
        word.fld_char(first, "separate")
        entries = [(n, lv) for n, lv in self.headings if lv <= 3]
        last = first
        for i, (node, level) in enumerate(entries):
            last = first if i == 0 else flow.para(None)
            last._p.style = flow.styles.id(f"toc {level}")
            self.run(last, plain(node) or " ", _Fmt(link="#" + self.toc_names[id(node)]))
        if not entries:
            first.add_run("Uppdatera fältet för att visa innehållsförteckningen.")
        word.fld_char(last, "end")

    def listing(self, node: Node, flow: _Flow, ctx: _Ctx) -> None:
        depth = min(ctx.depth + 1, 3)
        suffix = "" if depth == 1 else f" {depth}"
        number = bounded_int(node.attrs.get("start", "1"), 1, -(10**6), 10**6)
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    self.block(Node("p", {}, [child]), flow, replace(ctx, style=ctx.cont))
                continue
            self.mark(child)
            if child.tag != "li":
                self.element(child, flow, ctx)
                continue
            cont = f"List Continue{suffix}"
            if node.tag == "ol":
                child = Node("li", child.attrs, [f"{number}. ", *child.children])
                number += 1
            style = cont if node.tag == "ol" else f"List Bullet{suffix}"
            self.block(child, flow, _Ctx(style=style, cont=cont, fmt=ctx.fmt, depth=depth))

    # -- inline ------------------------------------------------------------------------
    def inline(self, node: Node, line: _Line, fmt: _Fmt) -> None:
        tag, classes = node.tag, node.classes()
        if tag == "br":
            line.br()
            return
        if tag == "svg":
            self.picture(node, line)
            return
        if tag == "img":
            line.text(node.attrs.get("alt", ""), fmt)
            return
        if "undertitel" in classes:
            line.br()
        if tag in ("strong", "b", "th"):
            fmt = replace(fmt, bold=True)
        elif tag in ("em", "i", "cite"):
            fmt = replace(fmt, italic=True)
        elif tag in ("code", "kbd", "samp"):
            fmt = replace(fmt, mono=True)
        elif "symbol" in classes:
            fmt = replace(fmt, symbol=True)
        elif tag == "a":
            href = node.attrs.get("href", "").strip()
            if href.startswith("#") and href[1:] in self.marks:
                fmt = replace(fmt, link="#" + self.marks[href[1:]])
            elif href.lower().startswith(_SCHEMES):
                fmt = replace(fmt, link=href)
        for child in node.children:
            if isinstance(child, str):
                line.text(child, fmt)
            else:
                self.mark(child)
                self.inline(child, line, fmt)

    def run(self, p: Paragraph, text: str, fmt: _Fmt) -> Any:
        """A run of ``text`` at the end of ``p``; returns its last w:t."""
        font = "Consolas" if fmt.mono else "Segoe UI Emoji" if fmt.symbol else None
        return word.text_run(p, text, bold=fmt.bold, italic=fmt.italic, font=font, link=fmt.link)

    def picture(self, node: Node, line: _Line) -> None:
        """A chart as a PNG picture whose alt text is the SVG's title and description;
        its description as text when it cannot be drawn."""
        title, desc = svg_alt(node)
        size = word.chart_size(node)
        png = word.png(node.svg, size) if size else None
        if png is None or size is None:
            line.text(" ".join(x for x in ("Diagram:", title, desc) if x), _Fmt(italic=True))
            return
        para = line.open()
        para.paragraph_format.keep_with_next = True  # with its caption
        shape = para.add_run().add_picture(io.BytesIO(png), width=Emu(round(size[0] * 9525)))
        shape._inline.docPr.set("title", title[:4000])
        shape._inline.docPr.set("descr", "\n".join(x for x in (title, desc) if x)[:4000])
        line.space = False

    # -- bookmarks -----------------------------------------------------------------------
    def mark(self, node: Node) -> None:
        """A bookmark for an element some link points at, on the next paragraph."""
        if (name := self.marks.get(node.attrs.get("id", ""))) is not None:
            self.pending.append(name)

    def flush_bookmarks(self, p: Paragraph) -> None:
        for name in self.pending:
            word.bookmark(p, self.next_id, name)
            self.next_id += 1
        self.pending = []

    # -- tables --------------------------------------------------------------------------
    def table(self, node: Node, flow: _Flow) -> None:
        grid = layout(node, MAX_COLUMNS)
        caption = next(
            (c for c in node.children if isinstance(c, Node) and c.tag == "caption"), None
        )
        body = not isinstance(flow.parent, _Cell)
        turned = body and bool(grid.rows) and grid.columns >= word.LANDSCAPE_COLUMNS
        if turned:  # a table of ten columns or more gets a landscape page of its own
            word.orient(self.doc, landscape=True)
        if caption is not None:
            self.block(caption, flow, _Ctx(style="Caption", keep=True))
        if not grid.rows:
            return
        table = flow.table(len(grid.rows), grid.columns)
        wide = word.is_wide(grid.least)
        table.style = self.doc.styles[word.WIDE_STYLE if wide else "Table Grid"]
        tbl = table._tbl
        if caption is not None:
            described = OxmlElement("w:tblCaption")
            described.set(qn("w:val"), plain(caption)[:255])
            tbl.tblPr.append(described)
        for cell in grid.cells:
            if cell.rows > 1 or cell.cols > 1:
                table.cell(cell.row, cell.col).merge(
                    table.cell(cell.row + cell.rows - 1, cell.col + cell.cols - 1)
                )
        if body:
            across = word.WIDE_CHARS if wide else word.TABLE_CHARS
            total = word.TEXT_WIDTH
            if turned:
                across, total = round(across * word.LANDSCAPE_WIDTH / total), word.LANDSCAPE_WIDTH
            word.widths(tbl, grid.least, grid.most, total, across)
        tcs = word.grid_cells(tbl)
        for r, head in enumerate(grid.head):
            tr_pr = tbl.tr_lst[r].get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never split over two pages
            if head:
                tr_pr.append(OxmlElement("w:tblHeader"))
        for cell in grid.cells:
            tc = tcs[(cell.row, cell.col)]
            word_cell = _Cell(tc, table)
            bold = grid.head[cell.row] or cell.strong
            if grid.head[cell.row]:
                word.shade(tc, "F2F4F6")
            ctx = _Ctx(fmt=_Fmt(bold=bold), right="tal" in cell.node.classes())
            self.mark(cell.node)
            self.block(cell.node, _Flow(flow.styles, word_cell, word_cell.paragraphs[0]), ctx)
        if turned:
            word.orient(self.doc, landscape=False)
