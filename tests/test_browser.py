"""The HTML report in a real browser: Debian's Chromium, headless.

Each report of the examples is built through the CLI, then Chromium takes a screenshot of
it, runs axe-core on it (WCAG 2.1 A and AA) and prints it to PDF. Skipped, with the
reason, where `chromium` or axe-core is missing: `.ci/run` installs both (axe-core from
`tests/browser/package.json`, its path given as MALKOLL_AXE).

Screenshots and PDFs are kept in pytest's tmp folder and, when MALKOLL_SKARMBILDER names a
folder, copied there so that a person can look at them.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES, TESTS
from malkoll.cli.root import app

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
A4 = (595.28, 841.89)


def _axe() -> Path | None:
    """axe.min.js: MALKOLL_AXE, or an `npm install` in tests/browser/."""
    named = os.environ.get("MALKOLL_AXE")
    local = TESTS / "browser/node_modules/axe-core/axe.min.js"
    for path in (Path(named) if named else None, local):
        if path is not None and path.is_file():
            return path
    return None


AXE = _axe()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium; .ci/run does it)",
)
needs_axe = pytest.mark.skipif(
    AXE is None,
    reason="axe-core is missing: set MALKOLL_AXE to axe.min.js, or "
    "`npm install --prefix tests/browser` (.ci/run does it)",
)


@dataclass(frozen=True)
class Report:
    name: str
    example: str
    args: tuple[str, ...]


REPORTS = [
    Report("arsredovisning", "ale-2020", ("--idag", "2021-03-01")),
    Report(
        "utkast",
        "ale-2020-utkast",
        ("--period", "delar2", "--idag", "2020-09-20"),
    ),
    Report("delar2", "ale-2020", ("--period", "delar2", "--idag", "2020-10-30")),
    Report("utkast-arsredovisning", "ale-2020-utkast", ("--idag", "2020-09-20")),
    Report(
        "namnd-un",
        "ale-2020",
        ("--namnd", "un", "--idag", "2021-03-01"),
    ),
]


@pytest.fixture(scope="module", params=REPORTS, ids=lambda r: r.name)
def report(request, tmp_path_factory) -> tuple[Report, Path]:
    """One example report built as HTML by `malkoll rapport` into a tmp folder."""
    spec: Report = request.param
    out = tmp_path_factory.mktemp(f"rapport-{spec.name}")
    result = CliRunner().invoke(
        app,
        ["rapport", "2020", "-C", str(EXAMPLES / spec.example), "-f", "html", "--ut", str(out),
         *spec.args],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 1, (result.output, pages)
    return spec, pages[0]


def chromium(work: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once with a fresh profile under ``work``."""
    profile = work / f"profil-{len(list(work.glob('profil-*')))}"
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def keep(path: Path) -> None:
    """Copy a screenshot or PDF to MALKOLL_SKARMBILDER, when it names a folder."""
    folder = os.environ.get("MALKOLL_SKARMBILDER")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(folder) / path.name)


# --- the screenshot ------------------------------------------------------------------------


def png_rows(data: bytes) -> tuple[int, int, int, Iterator[bytes]]:
    """Width, height, bytes per pixel and the decoded rows of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
    assert header is not None, "PNG without IHDR"
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8, header
    assert colour in (2, 6), header  # RGB or RGBA
    assert interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))

    def rows() -> Iterator[bytes]:
        stride = width * bpp
        prev = bytearray(stride)
        for y in range(height):
            start = y * (stride + 1)
            kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
            if kind == 1:  # Sub
                for i in range(bpp, stride):
                    line[i] = (line[i] + line[i - bpp]) & 255
            elif kind == 2:  # Up
                line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
            elif kind == 3:  # Average
                for i in range(stride):
                    left = line[i - bpp] if i >= bpp else 0
                    line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
            elif kind == 4:  # Paeth
                for i in range(stride):
                    a, c = (line[i - bpp], prev[i - bpp]) if i >= bpp else (0, 0)
                    b = prev[i]
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    near = a if pa <= pb and pa <= pc else b if pb <= pc else c
                    line[i] = (line[i] + near) & 255
            yield bytes(line)
            prev = line

    return width, height, bpp, rows()


@needs_chromium
def test_screenshot_shows_the_report(report, tmp_path):
    """Chromium renders each report to a 1280×2400 PNG that is neither tiny nor blank."""
    spec, page = report
    shot = tmp_path / f"{spec.name}.png"
    done = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    keep(shot)
    data = shot.read_bytes()
    assert len(data) > 20_000, f"{shot} is only {len(data)} bytes"
    width, height, bpp, rows = png_rows(data)
    assert (width, height) == (1280, 2400)
    inked = sum(len(row) - row.count(255) for row in rows) // bpp
    assert inked > width * height // 100, f"{shot} is (almost) blank: {inked} non-white pixels"


# --- axe-core -------------------------------------------------------------------------------

AXE_RUN = """
<pre id="axe-resultat">väntar</pre>
<script>%s</script>
<script>
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(function (r) {
    document.getElementById("axe-resultat").textContent = JSON.stringify(
      {violations: r.violations, version: axe.version});
  })
  .catch(function (e) {
    document.getElementById("axe-resultat").textContent = JSON.stringify({error: String(e)});
  });
</script>
"""


def readable(violations: list[dict]) -> str:
    """axe's violations as lines a person reads: rule, impact, help, and the elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} [{len(v['nodes'])}]")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"        {s.strip()}" for s in summary.splitlines()[1:3])
    return "\n".join(lines)


@needs_chromium
@needs_axe
def test_axe_finds_no_wcag_violations(report, tmp_path):
    """axe-core finds no WCAG 2.1 A or AA violation in any report (contrast, landmarks,
    table headers, headings, language)."""
    spec, page = report
    assert AXE is not None
    script = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    text = page.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    checked = tmp_path / f"{spec.name}-axe.html"
    checked.write_text(
        text.replace("</body>", AXE_RUN % (script, json.dumps(WCAG)) + "</body>"),
        encoding="utf-8",
    )
    done = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=15000", checked.as_uri())
    found = re.search(r'<pre id="axe-resultat">(.*?)</pre>', done.stdout, re.S)
    assert found, f"no result from axe: {done.stdout[-500:]} {done.stderr[-2000:]}"
    result = json.loads(html.unescape(found.group(1)))
    assert "error" not in result, result
    assert result["violations"] == [], f"axe-core {result['version']} on {spec.name}:\n" + readable(
        result["violations"]
    )


# --- print to PDF ---------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The width and height in points of each page of a PDF that Chromium wrote.

    Chromium's (Skia's) PDFs keep page objects uncompressed: each `/Type /Page` has its
    own `/MediaBox`."""
    boxes = []
    for found in re.finditer(rb"/Type\s*/Page\b(?!s)", data):
        start = data.rfind(b"obj", 0, found.start())
        end = data.find(b"endobj", found.end())
        box = re.search(rb"/MediaBox\s*\[\s*([-\d.\s]+)\]", data[start:end])
        assert box, f"a page without a MediaBox at byte {found.start()}"
        x0, y0, x1, y1 = (float(v) for v in box.group(1).split())
        boxes.append((x1 - x0, y1 - y0))
    return boxes


@needs_chromium
def test_prints_to_a4_on_several_pages(report, tmp_path):
    """Each report prints to a PDF of A4 pages (595×842 pt), more than one of them."""
    spec, page = report
    pdf = tmp_path / f"{spec.name}.pdf"
    done = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.is_file(), done.stderr[-2000:]
    keep(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    assert b"%%EOF" in data[-1024:]
    boxes = pdf_pages(data)
    assert len(boxes) > 1, f"{pdf} has {len(boxes)} page(s)"
    for width, height in boxes:
        assert abs(width - A4[0]) <= 2, (width, height)
        assert abs(height - A4[1]) <= 2, (width, height)
