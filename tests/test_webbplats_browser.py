"""The site in a real browser: axe-core (WCAG 2.1 A and AA) over every page of the site of
both examples, in headless Chromium, as `test_browser` runs it over the reports. Skipped,
with the reason, where Chromium or axe-core is missing."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLES
from malkoll.cli.root import app
from malkoll.site.serve import problem_page
from test_browser import AXE, AXE_RUN, WCAG, chromium, needs_axe, needs_chromium, readable

SITES = {"ale-2020": "2021-03-01", "ale-2020-utkast": "2020-09-20"}


def _pages(name: str, out: Path) -> list[Path]:
    result = CliRunner().invoke(
        app, ["webbplats", "2020", "-C", str(EXAMPLES / name), "--ut", str(out), "--idag",
              SITES[name]],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.html"))


def violations(page: Path, work: Path) -> str:
    """axe-core's WCAG 2.1 A and AA violations on ``page``, as lines; empty when none."""
    assert AXE is not None
    script = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    text = page.read_text(encoding="utf-8")
    assert text.count("</body>") == 1, page.name
    checked = page.with_name(f"axe-{page.name}")
    checked.write_text(
        text.replace("</body>", AXE_RUN % (script, json.dumps(WCAG)) + "</body>"),
        encoding="utf-8",
    )
    done = chromium(work, "--dump-dom", "--virtual-time-budget=15000", checked.as_uri())
    found = re.search(r'<pre id="axe-resultat">(.*?)</pre>', done.stdout, re.S)
    assert found, f"no result from axe on {page.name}: {done.stderr[-1500:]}"
    result = json.loads(html.unescape(found.group(1)))
    assert "error" not in result, (page.name, result)
    return f"{page.name}:\n{readable(result['violations'])}" if result["violations"] else ""


@needs_chromium
@needs_axe
@pytest.mark.parametrize("name", sorted(SITES))
def test_axe_finds_no_wcag_violations_on_any_page(name, tmp_path):
    pages = _pages(name, tmp_path / "webbplats")
    assert len(pages) > 10
    failed = [found for page in pages if (found := violations(page, tmp_path))]
    assert not failed, "\n".join(failed)


@needs_chromium
@needs_axe
def test_the_pages_that_say_why_pass_axe_too(tmp_path):
    """A report that cannot be built (a broken template of the repository's) and visa's
    page for a site that cannot be built."""
    repo = tmp_path / "ale"
    shutil.copytree(EXAMPLES / "ale-2020", repo)
    (repo / "mallar").mkdir()
    (repo / "mallar/rapport.html.j2").write_text("{{ r.finns_inte }}", encoding="utf-8")
    out = tmp_path / "webbplats"
    result = CliRunner().invoke(app, ["webbplats", "2020", "-C", str(repo), "--ut", str(out)])
    assert result.exit_code == 1, result.output  # the error pages are written, CI notices
    broken = out / "rapport-2020-helar.html"
    assert "Rapporten kunde inte byggas" in broken.read_text(encoding="utf-8")
    problem = tmp_path / "problem.html"
    problem.write_bytes(problem_page("Hittade ingen malkoll.yaml i /tmp/x."))
    failed = [found for page in (broken, out / "index.html", problem)
              if (found := violations(page, tmp_path))]  # fmt: skip
    assert not failed, "\n".join(failed)
