"""The report as a PDF: WeasyPrint lays out the report's own HTML, no browser involved.

The PDF is **PDF/A-2a** (WeasyPrint's ``pdf/a-2a`` variant). Level A of PDF/A is the
accessible one: the document is tagged (a structure tree, `/MarkInfo /Marked`, every glyph
mapped to Unicode), and PDF/A-2 is the archival part the diarium's e-archives take (PDF/A-3
adds only arbitrary attachments, which a report has none of and some archives refuse).
WeasyPrint's ``pdf/ua-1`` variant writes the same tags and only adds the PDF/UA identifier
to the metadata; it has no sRGB output intent, no PDF/A identifier and no archival claim,
so PDF/A-2a is the variant that gives both a structure tree and an archive.

What the PDF has, and where it comes from:

- the title from `<title>` and the language from `<html lang="sv">` (`/Title`, `/Lang`,
  and `DisplayDocTitle`, so a reader shows the title, not the file name);
- one bookmark per heading, h1–h6 at their own levels (WeasyPrint's `bookmark-level`);
- the charts (inline SVG) as `Figure` elements whose `/Alt` is the chart's `<title>` and
  `<desc>` (WeasyPrint takes the title only; the description, which holds the figures, is
  added to it here before layout);
- the print stylesheet `mallar/_utskrift.css` (A4, margins, "Sida N av M", header rows
  repeated, the contents' page numbers) after the report's own styles, and for a draft
  "UTKAST" in the top margin of every page, the first included;
- embedded fonts: DejaVu Sans for text, an emoji font (Noto Color Emoji) for the
  assessment symbols. A symbol that no installed font can draw (fontconfig is asked) is
  replaced by a black circle in the assessment's own colour (`--farg`), in the PDF only,
  so that a symbol never prints as a box; the word beside it is always there.

Nothing outside the HTML is fetched: the URL fetcher refuses every URL but `data:`, so a
report (or a hostile text in one) cannot make malkoll read a local file or the network.
Control characters are shown as escapes (`report.safe.clean`), as in every other format.

WeasyPrint 70 or later (`MINIMUM`): the first that tags an inline SVG as a Figure. Our
stylesheets are WeasyPrint's *user* origin, so what must win over a template's own rules
is `!important` (see `mallar/_utskrift.css`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import importlib
import logging
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from malkoll.errors import BadOption
from malkoll.report.render import default_templates
from malkoll.report.safe import clean

MINIMUM = 70
"""The oldest WeasyPrint that tags inline SVG charts as figures with alt text."""

VARIANT = "pdf/a-2a"
"""WeasyPrint's PDF variant (see the module's docstring for why)."""

STYLESHEET = "_utskrift.css"
"""The print stylesheet, in the shipped templates (`mallar/`)."""

DRAFT_MARK = "UTKAST – underlaget är inte komplett"
"""The marking in the top margin of each page of a draft."""

REPLACEMENT = "●"
"""What stands for an assessment symbol that no installed font can draw."""

_MARK_BOX = (
    f'@top-center {{ content: "{DRAFT_MARK}" !important;'
    ' font: 700 10pt "DejaVu Sans", sans-serif !important;'
    " letter-spacing: .15em !important; color: #a40e26 !important; }"
)
# WeasyPrint's user origin, so !important to win over a template's own margin boxes; on
# the first page too, which a template may leave without them.
_DRAFT_CSS = f"@page {{ {_MARK_BOX} }}\n@page :first {{ {_MARK_BOX} }}\n"

_INSTALL = (
    "PDF kräver WeasyPrint och systembiblioteket Pango. Installera med "
    "pip install 'malkoll[pdf]', och Pango med systemets pakethanterare "
    "(Debian och Ubuntu: apt install libpango-1.0-0 libpangoft2-1.0-0; "
    "för å, ä, ö och symbolerna även fonts-dejavu-core och fonts-noto-color-emoji)."
)

_SVG = "{http://www.w3.org/2000/svg}"


def weasyprint() -> Any:
    """WeasyPrint, or `BadOption` saying how to install it (it, or Pango, is missing)."""
    try:
        wp = importlib.import_module("weasyprint")
        importlib.import_module("weasyprint.urls")
    except (ImportError, OSError) as error:  # OSError: Pango's library cannot be loaded
        raise BadOption(_INSTALL) from error
    # 70 tags an inline SVG as a Figure with alt text; 68 and 69 leave the charts out of
    # the structure tree, and before 68 there is no fetcher class.
    if _major(wp.__version__) < MINIMUM:
        raise BadOption(
            f"PDF kräver WeasyPrint {MINIMUM} eller senare (installerad: {wp.__version__}); "
            "uppgradera med pip install -U 'malkoll[pdf]'."
        )
    return wp


def html_to_pdf(html: str, *, draft: bool, base: Path | None = None) -> bytes:
    """The PDF of the report ``html`` (tagged PDF/A-2a, see the module's docstring); with
    ``draft`` every page says UTKAST. ``base`` is the folder relative links are read
    against; nothing is fetched from it or from anywhere (only `data:` URLs are read)."""
    wp = weasyprint()
    fetcher = _fetcher(wp)
    html = clean(html)  # control characters shown as escapes, as in every value
    document = wp.HTML(
        string=html, base_url=base.resolve().as_uri() if base else None, url_fetcher=fetcher
    )
    root = document.etree_element
    _alt_from_desc(root)
    _replace_missing_symbols(root)
    sheets = [wp.CSS(string=(default_templates() / STYLESHEET).read_text(encoding="utf-8"))]
    if draft:
        sheets.append(wp.CSS(string=_DRAFT_CSS))
    with _quiet(wp):
        pdf = document.write_pdf(stylesheets=sheets, pdf_variant=VARIANT)
    assert isinstance(pdf, bytes)
    return pdf


def _major(version: str) -> int:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def _fetcher(wp: Any) -> Any:
    """A URL fetcher that reads `data:` URLs and refuses everything else."""

    class DataOnly(wp.urls.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                raise ValueError(f"malkoll läser inga externa resurser: {url[:80]}")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols=("data",))


@contextlib.contextmanager
def _quiet(wp: Any) -> Iterator[None]:
    """WeasyPrint's log (a refused image, an unknown CSS property) kept off the terminal:
    the report's text is not the user's error, and a refused URL is deliberate. And the
    ResourceWarning of the sRGB profile WeasyPrint opens for PDF/A and never closes."""
    logger = logging.getLogger("weasyprint")
    handler = logging.NullHandler()
    before = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = before


def _alt_from_desc(root: Any) -> None:
    """Each inline chart's `<title>` followed by its `<desc>`, since WeasyPrint makes a
    Figure's `/Alt` of the title alone and the description holds the chart's figures."""
    for svg in root.iter(f"{_SVG}svg"):
        title = svg.find(f"{_SVG}title")
        desc = svg.find(f"{_SVG}desc")
        if desc is None or not (desc.text or "").strip():
            continue
        if title is None:
            title = svg.makeelement(f"{_SVG}title", {})
            svg.insert(0, title)
        head = (title.text or "").strip()
        body = " ".join((desc.text or "").split())
        title.text = f"{head.rstrip('.')}. {body}" if head else body


def _replace_missing_symbols(root: Any) -> None:
    """An assessment symbol (`<span class="symbol">`) that no installed font can draw
    becomes `REPLACEMENT` in the assessment's colour (class `ersatt`, see the stylesheet)."""
    for span in root.iter("span"):
        classes = (span.get("class") or "").split()
        if "symbol" not in classes or not span.text:
            continue
        if not all(drawable(ch) for ch in span.text if _needs_glyph(ch)):
            span.text = REPLACEMENT
            span.set("class", " ".join([*classes, "ersatt"]))


def _needs_glyph(ch: str) -> bool:
    """Whether ``ch`` is drawn itself (not a variation selector, joiner or space)."""
    return unicodedata.category(ch) not in {"Mn", "Me", "Cf", "Zs", "Cc"}


@functools.lru_cache(maxsize=256)
def drawable(ch: str) -> bool:
    """Whether some installed font has a glyph for ``ch``, as fontconfig (which Pango
    asks for its fallback fonts) sees it. When fontconfig cannot be asked, True: the
    symbol is left as it is rather than replaced on a guess."""
    fc = _fontconfig()
    if fc is None:
        return True
    pattern = fc.FcNameParse(f":charset={ord(ch):x}".encode())
    if not pattern:
        return True
    objects = fc.FcObjectSetCreate()
    fc.FcObjectSetAdd(objects, b"family")
    fonts = fc.FcFontList(None, pattern, objects)
    try:
        return bool(fonts) and fonts.contents.nfont > 0
    finally:
        if fonts:
            fc.FcFontSetDestroy(fonts)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)


class _FontSet(ctypes.Structure):
    _fields_ = (
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    )


@functools.cache
def _fontconfig() -> Any:
    """fontconfig's C library (WeasyPrint needs it too), or None where it is missing."""
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        fc = ctypes.CDLL(name)
    except OSError:
        return None
    voidp = ctypes.c_void_p
    fc.FcNameParse.restype = voidp
    fc.FcNameParse.argtypes = [ctypes.c_char_p]
    fc.FcObjectSetCreate.restype = voidp
    fc.FcObjectSetAdd.argtypes = [voidp, ctypes.c_char_p]
    fc.FcFontList.restype = ctypes.POINTER(_FontSet)
    fc.FcFontList.argtypes = [voidp, voidp, voidp]
    fc.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FontSet)]
    fc.FcObjectSetDestroy.argtypes = [voidp]
    fc.FcPatternDestroy.argtypes = [voidp]
    return fc
