"""The site in a real browser: axe-core (WCAG 2.1 A and AA) over every page of the site of
both examples, in headless Chromium, as `test_browser` runs it over the reports. Skipped,
with the reason, where Chromium or axe-core is missing."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES
from malkoll.cli.root import app
from test_browser import AXE, AXE_RUN, WCAG, chromium, needs_axe, needs_chromium, readable

SITES = {"ale-2020": "2021-03-01", "ale-2020-utkast": "2020-09-20"}


def _pages(name: str, out: Path) -> list[Path]:
    result = CliRunner().invoke(
        app, ["webbplats", "2020", "-C", str(EXAMPLES / name), "--ut", str(out), "--idag",
              SITES[name]],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.html"))


@needs_chromium
@needs_axe
@pytest.mark.parametrize("name", sorted(SITES))
def test_axe_finds_no_wcag_violations_on_any_page(name, tmp_path):
    assert AXE is not None
    script = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    pages = _pages(name, tmp_path / "webbplats")
    assert len(pages) > 10
    failed = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count("</body>") == 1, page.name
        checked = page.with_name(f"axe-{page.name}")
        checked.write_text(
            text.replace("</body>", AXE_RUN % (script, json.dumps(WCAG)) + "</body>"),
            encoding="utf-8",
        )
        done = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=15000", checked.as_uri())
        found = re.search(r'<pre id="axe-resultat">(.*?)</pre>', done.stdout, re.S)
        assert found, f"no result from axe on {page.name}: {done.stderr[-1500:]}"
        result = json.loads(html.unescape(found.group(1)))
        assert "error" not in result, (page.name, result)
        if result["violations"]:
            failed.append(f"{page.name}:\n{readable(result['violations'])}")
    assert not failed, "\n".join(failed)
