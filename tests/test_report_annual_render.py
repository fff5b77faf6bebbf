"""The förvaltningsberättelse, the bolag and a goal's own follow-up as the include
templates lay them out: the figures and Swedish wording in HTML and Markdown, tables with
headers (HTML) and each table its own valid GFM table (Markdown), what is missing said,
and hostile text in a chapter, a company's summary or a goal's text shown, never run."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from malkoll.report import view as v
from malkoll.report.render import environment, tidy_markdown
from test_report_annual import BOKSLUT, annual_repo, build

PARTS = ("_forvaltningsberattelse", "_bolag")
GFM = MarkdownIt("commonmark").enable("table")


def include(report: v.Rapport, fmt: str, *names: str, **values: Any) -> str:
    """``names`` included, one after the other, as the report's template includes them."""
    source = "".join(f'{{% include "{n}.{fmt}.j2" %}}' for n in names)
    text = environment(fmt, []).from_string(source).render(r=report, **values)
    return tidy_markdown(text) if fmt == "md" else text


def goals(report: v.Rapport, fmt: str) -> str:
    """The goal's own follow-up, included in the loop over the goals."""
    source = f'{{% for mal in r.mal %}}{{% include "_malsattning.{fmt}.j2" %}}{{% endfor %}}'
    text = environment(fmt, []).from_string(source).render(r=report)
    return tidy_markdown(text) if fmt == "md" else text


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return annual_repo(tmp_path_factory.mktemp("render"))


@pytest.fixture(scope="module")
def annual(root: Path) -> v.Rapport:
    return build(root)


@pytest.fixture(scope="module")
def interim(root: Path) -> v.Rapport:
    return build(root, "delar2")


def tables(markdown: str) -> list[list[str]]:
    """Each GFM table of ``markdown`` as markdown-it-py reads it: its header cells."""
    found: list[list[str]] = []
    header = False
    for token in GFM.parse(markdown):
        if token.type == "table_open":
            found.append([])
        elif token.type == "thead_open":
            header = True
        elif token.type == "thead_close":
            header = False
        elif token.type == "inline" and header:
            found[-1].append(token.content)
    return found


def test_html_annual_result_and_balanskrav(annual):
    """The result line with Budgetavvikelse, the sum row, the reconciliation, and the
    balanskrav's rows with its verdict."""
    html = include(annual, "html", *PARTS)
    assert '<th scope="col" class="tal">Budgetavvikelse</th>' in html
    assert (
        '<tr class="summa"><th scope="row">Årets resultat</th><td class="tal">3\u00a0000</td>'
        '<td class="tal">1\u00a0500</td><td class="tal">−1\u00a0500</td></tr>'
    ) in html
    assert "Avstämning: årets budgetavvikelse, −1\u00a0500\u00a0tkr" in html
    assert (
        '<tr class="summa"><th scope="row">Årets balanskravsresultat</th>'
        '<td class="tal">2\u00a0000</td></tr>'
    ) in html
    assert "Balanskravet är uppfyllt" in html
    assert "Prognos helår, avvikelse" not in html


def test_html_interim_says_its_forecast(interim):
    """Delår 2: the forecast columns say they are deviations, the forecast part leads."""
    html = include(interim, "html", *PARTS)
    assert '<th scope="col" class="tal">Prognos helår, avvikelse</th>' in html
    assert "Utfall januari–augusti 2020" in html
    assert "Prognosen för årets resultat är 1\u00a0000\u00a0tkr" in html
    assert '<h3 id="prognos-rubrik">Prognos för helåret</h3>' in html
    assert "0 av 2 för kommunen väntas uppfyllas" in html
    assert "Balanskravet väntas uppfyllas" in html
    assert "Prognos vid årets slut" in html


def test_html_tables_have_captions_and_scoped_headers(annual):
    """Every table has a caption, column headers with scope and row headers."""
    html = include(annual, "html", *PARTS)
    count = html.count("<table")
    assert count >= 8
    assert html.count("<caption>") == count
    assert html.count("<thead>") == count
    assert '<th scope="row">Total sjukfrånvaro</th>' in html


def test_html_shows_what_is_missing(annual):
    """A required chapter without its file, a bolag without a follow-up, a goal without
    its own assessment: each said."""
    html = include(annual, "html", *PARTS)
    assert (
        "Kapitlet saknas: skriv det i <code>2020/forvaltningsberattelse/helar/handelser.md</code>"
        in html
    )
    assert 'AB Alevind</h3>\n<p class="utkast-text">Ingen uppföljning har kommit in.</p>' in html
    assert "Ingen bedömning har kommit in" in html


def test_html_assessments_are_colour_symbol_and_words(annual):
    """GEH's assessment and a goal's verdict as the scale's colour, symbol and words."""
    html = include(annual, "html", *PARTS)
    assert (
        '<span class="steg" style="--farg: #9a6700" title="Delvis uppfylld">'
        '<span class="symbol" aria-hidden="true">🟡</span> Delvis uppfylld</span>'
    ) in html
    assert "🔴</span> Ej uppfyllt</span>" in html


def test_markdown_tables_are_separate_and_valid(annual, interim):
    """Each table parses as its own GFM table with its header, in both reports."""
    md = include(annual, "md", *PARTS)
    heads = tables(md)
    assert ["Resultaträkningens rad", "Budget", "Utfall", "Budgetavvikelse"] in heads
    assert ["Post", "Belopp"] in heads
    assert ["Grupp", "2020", "2019"] in heads
    assert ["Nyckeltal", "2016", "2017", "2018", "2019", "2020"] in heads
    assert ["Mål", "Målvärde", "Utfall", "Bedömning", "Kommentar"] in heads
    assert len(heads) == md.count("\n| --- |")
    lines = md.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("|") and not lines[i - 1].startswith("|"):
            assert lines[i - 1] == "", f"no blank line before {line!r}"
        if line.startswith("|") and not lines[i + 1].startswith("|"):
            assert lines[i + 1] == "", f"no blank line after {line!r}"
    interim_heads = tables(include(interim, "md", *PARTS))
    assert [
        "Resultaträkningens rad",
        "Budget helår",
        "Utfall januari–augusti 2020",
        "Prognos helår",
        "Prognos helår, avvikelse",
    ] in interim_heads


def test_markdown_figures_and_words(annual):
    """The Markdown carries the same figures and words: sum row, reconciliation, units."""
    md = include(annual, "md", *PARTS)
    assert "| **Årets resultat** | 3\u00a0000 | 1\u00a0500 | −1\u00a0500 |" in md
    assert "| **Årets balanskravsresultat** | 2\u00a0000 |" in md
    assert "| 2018 | 1\u00a0200 |" in md
    assert "🟡 Delvis uppfylld" in md
    assert "| 1\u00a0% | 0,5\u00a0% | 🔴 Ej uppfyllt |" in md
    assert "> Ingen uppföljning har kommit in." in md
    assert "Kommunens egna noter" in md


def test_a_deficit_without_a_plan_is_said(tmp_path):
    """A deficit left to restore and no plan: both said, in both formats. 1 500 − 9 000
    + 100 + 200 + 500 = −6 700, and 1 700 from earlier years: 8 400."""
    text = BOKSLUT.replace("realisationsvinster: 300", "realisationsvinster: 9000")
    report = build(annual_repo(tmp_path, **{"bokslut.yaml": text}))
    for fmt in ("html", "md"):
        out = include(report, fmt, "_forvaltningsberattelse")
        assert "Kvar att återställa: 8\u00a0400\u00a0tkr." in out
        assert "Ingen plan för att återställa underskottet har kommit in." in out


def test_the_goals_own_follow_up(annual):
    """The ansvarig's assessment, the median labelled as support, the team and the
    framgångsfaktorer's follow-up."""
    html = goals(annual, "html")
    assert "Sammanvägning av delmålen (stöd)" in html
    assert "<dt>Team</dt><dd>Rektor Nolskolan, Verksamhetschef förskola</dd>" in html
    assert "Rutinen för skolnärvaro infördes." in html
    md = goals(annual, "md")
    assert "Bedömning: 🔴 Röd. Sammanvägning av delmålen (stöd):" in md
    assert ["Framgångsfaktor", "Bedömning", "Uppföljning"] in tables(md)


def test_a_computed_chapters_own_text_stands_with_what_is_computed(annual):
    """hushallning.md's text opens the chapter, the financial goals follow it."""
    for fmt in ("html", "md"):
        out = include(annual, fmt, "_forvaltningsberattelse")
        chapter = out.split("God ekonomisk hushållning")[1]
        assert chapter.index("Kommunstyrelsens text.") < chapter.index("Finansiella mål")


def test_a_slot_for_the_summary_under_styrning(annual):
    """A template that sets `maluppfyllelse` has it under Styrning och uppföljning."""
    html = include(annual, "html", "_forvaltningsberattelse", maluppfyllelse="MATRISEN")
    styrning = html.split('id="kapitel-styrning"')[1].split("<section")[0]
    assert "MATRISEN" in styrning


def test_without_forvaltning_the_includes_write_nothing(root):
    """A nämnd's report: the includes leave no trace."""
    report = build(root, namnd="un")
    for fmt in ("html", "md"):
        assert include(report, fmt, *PARTS).strip() == ""


HOSTILE = (
    "<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
)


def hostile_report(report: v.Rapport) -> v.Rapport:
    """The report with hostile text in a chapter (heading and text), the bolag's summary
    and the first goal's text."""
    f = report.forvaltning
    assert f is not None
    chapters = [dataclasses.replace(k, rubrik=HOSTILE, text=HOSTILE) for k in f.kapitel]
    bolag = [dataclasses.replace(b, sammanfattning=HOSTILE, namn=HOSTILE) for b in report.bolag]
    goal = dataclasses.replace(report.mal[0], text=HOSTILE, team=[HOSTILE])
    return dataclasses.replace(
        report,
        forvaltning=dataclasses.replace(
            f, kapitel=chapters, koncern=dataclasses.replace(f.koncern, bolag=bolag)
        ),
        bolag=bolag,
        mal=[goal],
    )


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_hostile_text_is_shown_never_run(annual, fmt):
    """Markup in a chapter, a bolag's summary or a goal's text is escaped, a template
    tag prints as written, a javascript: link is no link."""
    report = hostile_report(annual)
    out = include(report, fmt, *PARTS) + goals(report, fmt)
    assert "<script" not in out
    assert "<img" not in out
    assert "&lt;script&gt;" in out
    assert "{{ 7*7 }}" in out.replace("\\{", "{")
    assert 'href="javascript' not in out
    if fmt == "md":
        rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(out)
        assert "<script" not in rendered
        assert 'href="javascript' not in rendered
