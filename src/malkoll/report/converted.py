"""The PDF and Word files made from a report's HTML, kept in the repository's cache.

A PDF takes seconds (WeasyPrint's layout and the tagged PDF/A), and a site with
`--ladda-ner` makes one for every report of the year on every build (the report's foot
names the commit and the day, so a new commit makes them anew, as it must; a build
again of the same, a rerun in CI or of a step that failed, takes them from here). The
file depends on
the HTML, the draft mark, the converter's version and, for the PDF, the print stylesheet;
with the same of all of them the file is the same, so it is kept under a key made of
them in `.malkoll-cache/konverterat/` (signed, as every cache entry: a file someone put
there is never served). The newest `KEEP` are kept. The fonts installed on the machine
are not part of the key: after installing a font, build once with `--utan-cache`.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from malkoll.cache import Entries, prune, results_key

FOLDER = "konverterat"
KEEP = 120
"""Files kept: a year's reports of a large municipality, as PDF and Word."""


def convert(fmt: str, html: str, *, draft: bool, base: Path, cache: bool = True) -> bytes:
    """The report's HTML as a PDF (WeasyPrint) or a Word document (python-docx), from the
    cache of the repository at ``base`` when it has made the very same file before. Both
    are extras (`malkoll[pdf]`, `malkoll[word]`): their modules say so when one is
    missing."""
    entries = Entries.open(base) if cache else None
    if entries is None:
        return _make(fmt, html, draft, base)
    key = results_key(
        [
            fmt.encode(),
            html.encode("utf-8", "surrogateescape"),
            b"U" if draft else b"",
            _inputs(fmt),
        ]
    )
    kept = entries.load(f"{FOLDER}/{key}")
    if isinstance(kept, bytes):
        return kept
    made = _make(fmt, html, draft, base)
    entries.store(f"{FOLDER}/{key}", made)
    prune(Path(entries.folder) / FOLDER, KEEP)
    return made


def _make(fmt: str, html: str, draft: bool, base: Path) -> bytes:
    if fmt == "pdf":
        from malkoll.report.pdf import html_to_pdf

        return html_to_pdf(html, draft=draft, base=base)
    from malkoll.report.docx import html_to_docx

    return html_to_docx(html, draft=draft)


def _inputs(fmt: str) -> bytes:
    """What else the file is made of: the converting libraries' versions and, for the PDF,
    the print stylesheet shipped with malkoll."""
    if fmt == "pdf":
        from malkoll.report.pdf import STYLESHEET
        from malkoll.report.render import default_templates

        sheet = (default_templates() / STYLESHEET).read_bytes()
        return _versions("weasyprint", "pydyf") + sheet
    return _versions("python-docx", "cairosvg")


def _versions(*names: str) -> bytes:
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return "; ".join(found).encode()
