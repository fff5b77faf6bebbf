"""The Word side of `report.docx`: the document's settings, fields, cells and pictures.

python-docx is imported here at the top: `report.docx` imports this module only where
python-docx is installed (the `word` extra).
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph

from malkoll.report.docx_html import Node, xml_text

UTKAST = "UTKAST – underlaget är inte komplett"
"""A draft's header, as the HTML's print style says it."""
PAGE_WIDTH_PX = 605  # 16 cm at 96 dpi: the widest a chart is drawn
TEXT_WIDTH = Cm(21 - 2 * 2.2)  # A4 less the margins `setup` gives
LANDSCAPE_WIDTH = Cm(29.7 - 2 * 2.2)  # A4 turned
LANDSCAPE_COLUMNS = 10
"""A table of this many columns or more gets a landscape page of its own, as a printed
annual report sets its wide tables: on a portrait page its words break letter by letter."""
TABLE_CHARS = 90  # characters of a table's 9 pt text across TEXT_WIDTH
WIDE_STYLE = "Bred tabell"
"""The style of a table whose words would not fit in 9 pt: its text in 7.5 pt, as the
print style's `table.bred`, so that its figures never break inside a number."""
WIDE_CHARS = 108  # characters of 7.5 pt text across TEXT_WIDTH
BREAKABLE = 12
"""A column's least width (with its margins) that words longer than this give up first
when a table's words do not all fit: figures are shorter and keep theirs."""


def is_wide(least: list[int]) -> bool:
    """Whether a table's longest words (and cell margins) overflow 9 pt text's width."""
    return sum(n + 3 for n in least) > TABLE_CHARS


_LATER_SETTINGS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
)
"""Settings that follow `w:updateFields` in the schema's order."""


class Styles:
    """The document's style ids by name, looked up once (python-docx's lookup is slow)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids: dict[str, str] = {}

    def id(self, name: str) -> str:
        if name not in self.ids:
            self.ids[name] = self.doc.styles[name].style_id
        return self.ids[name]


def setup(doc: Any, title: str, draft: bool, author: str) -> None:
    """The document's properties, language, page, TOC styles, header and footer."""
    props = doc.core_properties
    props.title = xml_text(title)[:255]
    props.author = xml_text(author)[:255]
    props.last_modified_by = "malkoll"
    props.comments = "Byggd av malkoll ur målrepot."
    props.language = "sv-SE"
    props.revision = 1
    for name in ("dcterms:created", "dcterms:modified"):
        for old in props._element.findall(qn(name)):
            props._element.remove(old)  # no clock: the bytes depend on the HTML alone
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    settings = doc.settings.element
    for tag, value in (("themeFontLang", "sv-SE"), ("decimalSymbol", ","),
                       ("listSeparator", ";")):  # fmt: skip
        if (found := settings.find(qn(f"w:{tag}"))) is not None:
            found.set(qn("w:val"), value)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")  # Word fills in the TOC's page numbers on opening
    later = [settings.find(qn(f"w:{t}")) for t in _LATER_SETTINGS]
    after = next((e for e in later if e is not None), None)
    (after.addprevious(update) if after is not None else settings.append(update))
    grid = doc.styles["Table Grid"].element  # tables' text in 9 pt, as the print style
    size = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size.append(OxmlElement(tag, {qn("w:val"): "18"}))
    grid.find(qn("w:pPr")).addnext(size)
    wide = doc.styles.add_style(WIDE_STYLE, WD_STYLE_TYPE.TABLE)  # 7.5 pt, as table.bred
    wide.base_style = doc.styles["Table Grid"]
    small = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        small.append(OxmlElement(tag, {qn("w:val"): "15"}))
    wide.element.append(small)
    for level in (1, 2, 3):
        if f"toc {level}" not in [s.name for s in doc.styles]:
            style = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.45 * (level - 1))
            style.paragraph_format.space_after = Pt(3)
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)  # TEXT_WIDTH
        section.top_margin = section.bottom_margin = Cm(2)
        head = section.header.paragraphs[0]
        if draft:
            head.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = head.add_run(UTKAST)
            run.bold = True
            run.font.color.rgb = RGBColor(0xA4, 0x0E, 0x26)
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        foot.add_run("Sida ")
        field(foot, "PAGE", "1")
        foot.add_run(" av ")
        field(foot, "NUMPAGES", "1")


# -- blocks ------------------------------------------------------------------------


def orient(doc: Any, landscape: bool) -> None:
    """Start a new section on a new page, turned to ``landscape`` or back to portrait; its
    margins, header and footer (UTKAST, the page numbers) are the previous section's."""
    body = doc.element.body
    # the headings just before the table go with it onto the turned page
    moved: list[Any] = []
    written = [c for c in body.iterchildren() if c.tag != qn("w:sectPr")]
    while landscape and written and _is_heading(written[-1]):
        moved.insert(0, written.pop())
    for element in moved:
        body.remove(element)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    last = body.find(qn("w:sectPr"))
    for element in moved:
        last.addprevious(element)


def _is_heading(element: Any) -> bool:
    """Whether a body element is a paragraph in a heading style (Heading 1-6)."""
    if element.tag != qn("w:p"):
        return False
    style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style is not None and str(style.get(qn("w:val"), "")).startswith("Heading")


def grid_cells(tbl: Any) -> dict[tuple[int, int], Any]:
    """Each row's w:tc by the grid column it starts at."""
    found = {}
    for r, tr in enumerate(tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            found[(r, col)] = tc
            col += tc.grid_span
    return found


def widths(tbl: Any, least: list[int], most: list[int], total: int, across: int) -> None:
    """The columns' widths in ``total`` (EMU), as a browser's automatic layout gives them:
    each its longest text where all fit in ``across`` characters, else each its longest
    word and the rest shared by what each would want more; in the grid and in each cell
    (Word reads either)."""
    pad = 3  # a cell's margins (Word's 0.19 cm each side), in characters
    wants = [float(max(n, m) + pad) for n, m in zip(least, most, strict=True)]
    needs = [float(n + pad) for n in least]
    over = sum(needs) - across
    if over > 0:  # a long word (a name, a heading) may break in its cell; a figure may not
        flexible = [max(n - BREAKABLE, 0) for n in needs]
        if room := sum(flexible):
            needs = [n - min(over, room) * f / room for n, f in zip(needs, flexible, strict=True)]
    if sum(wants) <= across:
        chars = wants
    else:
        spare = max(across - sum(needs), 0)
        wanted = sum(m - n for m, n in zip(wants, needs, strict=True)) or 1
        chars = [n + spare * (m - n) / wanted for m, n in zip(wants, needs, strict=True)]
    emu = [round(total * c / sum(chars)) for c in chars]
    for col, width in zip(tbl.tblGrid.gridCol_lst, emu, strict=False):
        col.w = Emu(width)
    for tr in tbl.tr_lst:
        at = 0
        for tc in tr.tc_lst:
            tc.width = Emu(sum(emu[at : at + tc.grid_span]))
            at += tc.grid_span


def shade(tc: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc.get_or_add_tcPr().append(shd)


def fld_char(p: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    p.add_run()._r.append(char)


def field(p: Paragraph, instr: str, shown: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = shown
    run.append(t)
    simple.append(run)
    p._p.append(simple)


def text_run(
    p: Paragraph, text: str, *, bold: bool, italic: bool, font: str | None, link: str | None
) -> Any:
    """A run of ``text`` at the end of ``p``, soft hyphens as Word's own, in a hyperlink
    to a bookmark (``#name``) or an address when ``link`` is given. Returns its last w:t."""
    run = p.add_run()
    run.bold = bold or None
    run.italic = italic or None
    if font:
        run.font.name = font
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)
        fonts.set(qn("w:cs"), font)
    last = None
    for i, part in enumerate(text.split("\u00ad")):
        if i:
            run._r.append(OxmlElement("w:softHyphen"))
        if part:
            last = OxmlElement("w:t")
            last.text = part
            last.set(qn("xml:space"), "preserve")
            run._r.append(last)
    if link:
        run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        run.underline = True
        element = OxmlElement("w:hyperlink")
        if link.startswith("#"):
            element.set(qn("w:anchor"), link[1:])
        else:
            rid = p.part.relate_to(link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            element.set(qn("r:id"), rid)
        run._r.addprevious(element)
        element.append(run._r)
    return last


def bookmark(p: Paragraph, number: int, name: str) -> None:
    """A bookmark ``name`` at the start of ``p``."""
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        mark = OxmlElement(tag)
        mark.set(qn("w:id"), str(number))
        if tag == "w:bookmarkStart":
            mark.set(qn("w:name"), name)
        p._p.append(mark)


def _number(text: str) -> float | None:
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*", text)
    return float(m.group(1)) if m else None


def chart_size(node: Node) -> tuple[float, float] | None:
    """The chart's width and height as drawn in the document (px at 96 dpi), at most the
    page's width; None for a size that cannot be read or is absurd."""
    w = _number(node.attrs.get("width", ""))
    h = _number(node.attrs.get("height", ""))
    if w is None or h is None:
        box = node.attrs.get("viewbox", "").replace(",", " ").split()
        if len(box) != 4:
            return None
        w, h = _number(box[2]), _number(box[3])
    if not w or not h:
        return None
    width = min(w, PAGE_WIDTH_PX)
    height = h * width / w
    return (width, height) if width >= 1 and 1 <= height <= 1500 else None


def png(svg: str, size: tuple[float, float]) -> bytes | None:
    """The SVG drawn as PNG at twice its size, or None when it cannot be (no cairosvg or
    libcairo, or an SVG it cannot read): the document then says what the chart shows."""
    if not svg:
        return None
    try:
        cairosvg = importlib.import_module("cairosvg")
        png = cairosvg.svg2png(
            bytestring=svg.encode("utf-8"),
            output_width=round(size[0] * 2),
            output_height=round(size[1] * 2),
            background_color="white",
        )
    except Exception:  # any failure of the drawing library: the text stands in
        return None
    return png if isinstance(png, bytes) and png.startswith(b"\x89PNG") else None


def stable_zip(data: bytes) -> bytes:
    """The package again with fixed timestamps, so the same HTML gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
