"""The report's HTML as a small tree, for the Word writer (`report.docx`).

The standard library's `html.parser` reads it; no parser of our own and no new
dependency. What has no meaning in a Word document is dropped here: the head (all but its
`<title>`), styles, scripts, templates, hidden elements. An inline `<svg>` is kept as its
source text, sliced from the HTML as written (the parser lower-cases names such as
`viewBox`, which an SVG renderer needs as written), with its `<title>` and `<desc>`.
Tables are laid out on a grid as a browser does (`layout`), and the print style's page
breaks are read from its simple selectors (`Breaks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def words(text: str) -> frozenset[str]:
    """The names in ``text``, separated by spaces."""
    return frozenset(text.split())


VOID = words("area base br col embed hr img input link meta param source track wbr")
"""Elements that never have content or an end tag."""

DROPPED = words("head style script template noscript iframe object button form")
"""Elements whose content is not part of the document (the head's title is kept apart)."""

_CLOSES_P = words("p div section main header footer nav ul ol dl table figure h1 h2 h3 h4 h5 h6")
"""Block elements whose start ends an open `<p>`, as a browser's parser does."""

_WS = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; no-break and thin spaces are text
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (python-docx refuses them)."""
    return _INVALID_XML.sub("", text)


@dataclass
class Node:
    """An element: its lower-case tag, attributes, and children (nodes or text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    svg: str = ""
    """An `<svg>` element's source, as written in the HTML."""

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """All the text under the node, as written."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> Node | None:
        """The first element ``tag`` under the node, depth first."""
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    return c
                if (found := c.find(tag)) is not None:
                    return found
        return None


class Breaks:
    """Where the HTML's style starts a new page: before and after the elements of its
    simple selectors (`#id`, `.class`, `tag`, `tag.class`) with `break-before: page` or
    `break-after: page`; a selector of more parts (`a + b`) is not followed."""

    def __init__(self, css: str) -> None:
        self.rules: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {"before": [], "after": []}
        for selectors, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
            declared = body.replace(" ", "").lower()
            for side in ("before", "after"):
                if f"break-{side}:page" in declared or f"page-break-{side}:always" in declared:
                    for sel in selectors.split(","):
                        if (m := _SIMPLE.fullmatch(sel.strip())) and sel.strip():
                            parts = re.findall(r"([.#])([\w-]+)", m.group(2))
                            self.rules[side].append((m.group(1) or "", parts))

    def _matches(self, side: str, node: Node) -> bool:
        return any(
            (not tag or node.tag == tag)
            and all(
                node.attrs.get("id") == name if kind == "#" else name in node.classes()
                for kind, name in parts
            )
            for tag, parts in self.rules[side]
        )

    def before(self, node: Node) -> bool:
        return self._matches("before", node)

    def after(self, node: Node) -> bool:
        return self._matches("after", node)


_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_SIMPLE = re.compile(r"([a-z][a-z0-9]*)?((?:[.#][\w-]+)*)")


@dataclass
class Page:
    """The parsed report: the `<title>`, the body's tree and the print style's breaks."""

    title: str
    body: Node
    breaks: Breaks = field(default_factory=lambda: Breaks(""))


def _hidden(attrs: dict[str, str]) -> bool:
    style = attrs.get("style", "").replace(" ", "").lower()
    return "hidden" in attrs or "display:none" in style


class _Reader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines = [0]
        for m in re.finditer("\n", source):
            self.lines.append(m.end())
        self.root = Node("body")
        self.stack: list[Node] = [self.root]
        self.skip = 0  # depth inside a dropped element
        self.title: list[str] | None = None
        self.in_style = False
        self.styles: list[str] = []
        self.titles: list[str] = []
        self.svg_start: int | None = None
        self.svg_depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {k: v or "" for k, v in attrs}
        self.in_style = tag == "style" and self.svg_start is None
        if self.svg_start is not None:
            self.svg_depth += 1  # an element of the SVG, kept in its source
            return
        if tag == "title" and not self.titles and self.title is None and self.skip <= 1:
            self.title = []
            return
        if self.skip or tag in DROPPED or _hidden(given):
            if tag not in VOID:
                self.skip += 1
            return
        if tag in ("html", "body"):
            return
        if tag in _CLOSES_P and self.stack[-1].tag == "p":
            self.stack.pop()
        node = Node(tag, given)
        self.stack[-1].children.append(node)
        if tag == "svg":
            self.svg_start = self._offset()
            self.svg_depth = 1
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.svg_start is not None:
            return  # an element of the SVG, kept in its source
        before = len(self.stack)
        self.handle_starttag(tag, attrs)
        if len(self.stack) > before:
            if tag == "svg":
                self.svg_depth = 1
                self.handle_endtag("svg")
            else:
                self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if self.svg_start is not None:
            self.svg_depth -= 1
            if self.svg_depth <= 0:
                end = self.source.find(">", self._offset())
                node = self.stack.pop()
                node.svg = self.source[self.svg_start : end + 1 if end >= 0 else None]
                node.children = _svg_texts(node.svg)
                self.svg_start = None
            return
        if self.title is not None and tag == "title":
            self.titles.append("".join(self.title))
            self.title = None
            return
        if self.skip:
            if tag not in VOID:
                self.skip -= 1
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.styles.append(data)
        elif self.title is not None:
            self.title.append(data)
        elif not self.skip and self.svg_start is None:
            self.stack[-1].children.append(data)


def _svg_texts(svg: str) -> list[Node | str]:
    """An SVG's `<title>` and `<desc>`, as nodes whose text is the chart's alt text."""
    found: list[Node | str] = []
    for name in ("title", "desc"):
        m = re.search(rf"<{name}\b[^>]*>(.*?)</{name}\s*>", svg, re.S | re.I)
        if m:
            inner = _Unescape.text(m.group(1))
            found.append(Node(name, {}, [inner]))
    return found


class _Unescape(HTMLParser):
    """The text of an SVG element's content, its tags dropped and references resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @classmethod
    def text(cls, source: str) -> str:
        reader = cls()
        reader.feed(source)
        reader.close()
        return "".join(reader.parts)


def parse(html: str) -> Page:
    """The report's HTML as a `Page`; any text parses, markup or not."""
    reader = _Reader(xml_text(html))
    reader.feed(reader.source)
    reader.close()
    if reader.svg_start is not None:  # an SVG left open: its description only
        node = reader.stack.pop()
        node.svg = ""
        node.children = _svg_texts(reader.source[reader.svg_start :])
    title = _WS.sub(" ", reader.titles[0] if reader.titles else "").strip()
    return Page(title, reader.root, Breaks("\n".join(reader.styles)))


def svg_alt(node: Node) -> tuple[str, str]:
    """An `<svg>` node's title and description, each on one line."""
    title = node.find("title")
    desc = node.find("desc")
    return (
        " ".join(title.text().split()) if title else "",
        " ".join(desc.text().split()) if desc else "",
    )


@dataclass
class GridCell:
    """A table cell placed on the table's grid: its top row and column and its span."""

    node: Node
    row: int
    col: int
    rows: int
    cols: int
    strong: bool
    """Shown in bold: a row group's heading or a sum row's cell."""


@dataclass
class Grid:
    """An HTML table laid out as Word needs it: rows in the order shown (the head first,
    the foot last), the number of columns, which rows are header rows, and the cells."""

    rows: list[Node]
    columns: int
    head: list[bool]
    cells: list[GridCell]
    least: list[int] = field(default_factory=list)
    """Each column's longest word (no-break and thin spaces join), in characters."""
    most: list[int] = field(default_factory=list)
    """Each column's longest text, in characters."""


def _rows(node: Node, part: str) -> list[tuple[Node, str]]:
    out: list[tuple[Node, str]] = []
    for c in node.children:
        if isinstance(c, Node):
            if c.tag == "tr":
                out.append((c, part))
            elif c.tag in ("thead", "tbody", "tfoot"):
                out.extend(_rows(c, c.tag))
    return out


_BREAKS = re.compile(r"[ \u00ad/–]|-(?=\D)")
"""Where a cell's text may break: spaces, soft hyphens, slashes, dashes, and a hyphen
before a letter (Omsorgs-och); never inside a figure or a date (2020-09-30)."""
HEAD_WORD = 8
"""The characters a header cell's longest word claims of its column's least width."""


def layout(table: Node, max_columns: int) -> Grid:
    """``table``'s rows and cells on a grid, with colspan and rowspan as a browser reads
    them (clamped: at most ``max_columns`` columns, no span past the table's end). Its
    header rows are the `<thead>`'s, or else a first row of `<th>` cells only."""
    found = _rows(table, "tbody")
    order = [r for r in found if r[1] == "thead"] + [r for r in found if r[1] == "tbody"]
    order += [r for r in found if r[1] == "tfoot"]
    rows = [r for r, _ in order]
    head = [part == "thead" for _, part in order]
    taken: set[tuple[int, int]] = set()
    cells: list[GridCell] = []
    columns = 1
    for r, tr in enumerate(rows):
        col = 0
        for td in (c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")):
            while (r, col) in taken:
                col += 1
            if col >= max_columns:
                break
            cols = min(_span(td.attrs.get("colspan"), 1000), max_columns - col)
            down = _span(td.attrs.get("rowspan"), 65534, zero=len(rows))
            down = min(down, len(rows) - r)
            for i in range(r, r + down):
                for j in range(col, col + cols):
                    taken.add((i, j))
            strong = td.attrs.get("scope") == "rowgroup" or "summa" in tr.classes()
            cells.append(GridCell(td, r, col, down, cols, strong))
            col += cols
            columns = max(columns, col)
    if rows and not any(head):
        first = [c for c in rows[0].children if isinstance(c, Node)]
        head[0] = bool(first) and all(c.tag == "th" for c in first)
    # A cell where a rowspan from above lies moves right (the `while`), as in a browser.
    # A heading's long word (Budgetavvikelse) may break in its cell; a figure may not, so
    # a heading claims at most HEAD_WORD characters of its column's least width.
    least, most = [1] * columns, [1] * columns
    for cell in cells:
        if cell.cols == 1:
            text = plain(cell.node)
            word = max((len(w) for w in _BREAKS.split(text)), default=0)
            if cell.strong:  # bold (a sum row) is about a tenth wider
                word = -(-word * 12 // 10)
            limit = HEAD_WORD if head[cell.row] else 24
            least[cell.col] = max(least[cell.col], min(word, limit))
            most[cell.col] = max(most[cell.col], min(len(text), 120))
    return Grid(rows, columns, head, cells, least, most)


def _span(text: str | None, most: int, zero: int = 1) -> int:
    try:
        n = int((text or "1").strip())
    except ValueError:
        return 1
    if n == 0:
        return max(1, zero)
    return max(1, min(most, n))


HEADINGS = {f"h{n}": n for n in range(1, 7)}


def first_node(node: Node, test: Callable[[Node], bool]) -> Node | None:
    """The first element under ``node`` (depth first) that passes ``test``."""
    for c in node.children:
        if isinstance(c, Node):
            if test(c):
                return c
            if (found := first_node(c, test)) is not None:
                return found
    return None


def walk(node: Node, skip_nav: bool = True) -> list[Node]:
    """The elements under ``node`` in document order (not those in a `<nav>`)."""
    out: list[Node] = []
    for c in node.children:
        if isinstance(c, Node) and not (skip_nav and c.tag == "nav"):
            out.append(c)
            out.extend(walk(c, skip_nav))
    return out


def plain(node: Node) -> str:
    """An element's text on one line, its line breaks and subtitle as spaces."""
    parts: list[str] = []

    def add(n: Node) -> None:
        for c in n.children:
            if isinstance(c, str):
                parts.append(c)
            else:
                if c.tag == "br" or "undertitel" in c.classes():
                    parts.append(" ")
                add(c)

    add(node)
    return _WS.sub(" ", "".join(parts)).strip()


def author(body: Node) -> str:
    """The municipality the title page names, else malkoll."""
    found = first_node(body, lambda n: n.tag == "p" and "kommun" in n.classes())
    name = _WS.sub(" ", found.text()).strip() if found else ""
    return name or "malkoll"


def bounded_int(text: str, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text.strip())))
    except ValueError:
        return default
