"""The report's defects a controller sees at once (issue 14, item 4), each fixed and held:
the nämnd matrix with its units, the title page's date and period, the economy analysis
once, the annual economy without a period budget, forecast columns that say they are
deviations, units written the Swedish way, indicators named with their source, separate
Markdown tables, a missing assessment as "Saknas", every finding of the period in the
appendix, and headers kept with their tables in print."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess

import pytest
from markdown_it import MarkdownIt

from helpers import EXAMPLES, build_repo
from malkoll.model.index import Index
from malkoll.model.timing import period_date
from malkoll.reading.load import load
from malkoll.report import period_findings, rapport, this_year
from malkoll.report import view as v
from malkoll.report.render import render, tidy_markdown
from malkoll.report.wording import (
    caption_unit,
    decimals_of,
    forecast_heading,
    period_span,
    report_title,
    with_unit,
)
from malkoll.validate import check

ALE = EXAMPLES / "ale-2020"
DRAFT = EXAMPLES / "ale-2020-utkast"
DAY = dt.date(2021, 3, 1)
DRAFT_DAY = dt.date(2020, 9, 20)
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ale():
    return load(ALE)


@pytest.fixture(scope="module")
def draft():
    return load(DRAFT)


def both(report: v.Rapport) -> tuple[str, str]:
    return render(report, "md", []), render(report, "html", [])


# --- 1. the nämnd report's matrix has the units, and counts what it shows ------------------


def test_namnd_matrix_has_every_unit_that_follows_up_a_delmal(ale):
    """In Utbildningsnämnden's report the matrix has Nolskolan (an enhet, red): the counts
    say "Röd 1", not "Röd 0" while a school is red further down."""
    report = v.build(ale, 2020, "helar", namnd="un", today=DAY)
    ids = [o for o, _ in report.matris.kolumner]
    assert {"un", "sektor-utbildning", "grundskola", "nolskolan", "aroseniusskolan"} <= set(ids)
    red = {s.id: n for s, n in report.matris.antal}["rod"]
    assert red >= 1
    nolskolan = ids.index("nolskolan")
    assert any(r.celler[nolskolan] and r.celler[nolskolan].id == "rod" for r in report.matris.rader)


@pytest.mark.parametrize("namnd", [None, "un", "oan"])
def test_matrix_counts_every_assessment_it_shows(ale, namnd):
    """The counts add up to the cells with an assessment, step by step."""
    report = v.build(ale, 2020, "helar", namnd=namnd, today=DAY)
    shown: dict[str, int] = {}
    for row in report.matris.rader:
        for cell in row.celler:
            if cell is not None:
                shown[cell.id] = shown.get(cell.id, 0) + 1
    assert {s.id: n for s, n in report.matris.antal if n} == shown


def test_namnd_matrix_in_a_small_repository(tmp_path):
    """The base repository: Alafors skola (an enhet with a plan) is a column of the
    nämnd's matrix, and its assessment is counted."""
    report = v.build(load(build_repo(tmp_path / "repo")), 2020, "helar", namnd="bun", today=DAY)
    ids = [o for o, _ in report.matris.kolumner]
    assert "alafors-skola" in ids
    row = next(r for r in report.matris.rader if r.delmal_id == "1.1")
    assert row.celler[ids.index("alafors-skola")].id == "gul"
    cells = sum(c is not None for r in report.matris.rader for c in r.celler)
    assert sum(n for _, n in report.matris.antal) == cells


# --- 2. the title page: the period written out, the report's own date --------------------


def test_period_written_out():
    """From 1 January to the period's end, in Swedish month names."""
    assert period_span("08-31", 2020) == "januari–augusti 2020"
    assert period_span("12-31", 2020) == "januari–december 2020"
    assert period_span("03-31", 2020) == "januari–mars 2020"
    assert period_span("01-31", 2020) == "januari 2020"
    assert period_span("08-15", 2020) == "1 januari–15 augusti 2020"
    assert report_title("Delårsrapport 2", "08-31", 2020) == "Delårsrapport januari–augusti 2020"
    assert report_title("Årsredovisning", "12-31", 2020) == "Årsredovisning 2020"


def test_title_page_names_the_period_not_the_build_date(ale):
    """Delår 2 is "Delårsrapport januari–augusti 2020"; the annual report says "Perioden
    januari–december 2020"; the build date is only in the foot."""
    interim = v.build(ale, 2020, "delar2", today=dt.date(2026, 12, 1), commit="0123456789ab")
    assert interim.titel == "Delårsrapport januari–augusti 2020"
    md, html = both(interim)
    assert md.split("\n", 1)[0] == "# Ale kommun: Delårsrapport januari–augusti 2020"
    assert "<h1>Delårsrapport januari–augusti 2020</h1>" in html
    annual = v.build(ale, 2020, "helar", today=dt.date(2026, 12, 1), commit="0123456789ab")
    md, html = both(annual)
    assert "- Perioden januari–december 2020\n" in md
    assert '<p class="perioden">Perioden januari–december 2020</p>' in html
    for text in (md, html):
        head, foot = text[: len(text) // 2], text[-600:]
        assert "2026-12-01" not in head
        assert "Byggd 2026-12-01 från commit" in foot
        assert "0123456789ab" in foot


def test_upprattad_is_the_commit_day_without_a_decision(tmp_path):
    """No decision: the day of the data's commit, never the build's; without git, and only
    then, the build's."""
    repo = load(build_repo(tmp_path / "repo"))
    built = dt.date(2026, 12, 1)
    committed = v.build(repo, 2020, "helar", today=built, commit="c", committed=dt.date(2021, 2, 3))
    assert committed.upprattad == dt.date(2021, 2, 3)
    assert "<dt>Upprättad</dt><dd>2021-02-03</dd>" in render(committed, "html", [])
    assert "- Upprättad 2021-02-03\n" in render(committed, "md", [])
    assert v.build(repo, 2020, "helar", today=built).upprattad == built


def test_upprattad_through_git(tmp_path):
    """`malkoll rapport` in a git checkout: the commit's day on the title page, the build's
    day and the commit in the foot."""
    root = shutil.copytree(build_repo(tmp_path / "bas"), tmp_path / "repo")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_AUTHOR_DATE": "2021-02-20T10:00:00+01:00",
        "GIT_COMMITTER_DATE": "2021-02-20T10:00:00+01:00",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "data"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    built = rapport(root, 2020, out=tmp_path / "ut", today=DAY, formats=("md",))
    md = built.files[0].read_text(encoding="utf-8")
    assert "- Upprättad 2021-02-20\n" in md
    assert re.search(r"Byggd 2021-03-01 från commit `[0-9a-f]{12}` av målrepot\.\n$", md)


def test_upprattad_and_decisions_from_the_plan_and_bokslut(tmp_path):
    """A nämnd's report: its own decision (`beslut` in its plan) gives the date and the
    diarienummer; the municipality's: bokslut.yaml's first decision, and fullmäktige's
    decision on the annual report reads "Godkänd av Kommunfullmäktige 2021-04-26 § 45"
    (kommunallagen 11 kap. 20 §: fullmäktige godkänner it)."""
    root = build_repo(tmp_path / "repo")
    plan = root / "2020/plan/bun.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "beslut:\n  helar: {organ: Barn- och ungdomsnämnden, datum: 2021-02-18, "
        "paragraf: '7', diarienummer: BUN 2021/12}\n",
        encoding="utf-8",
    )
    (root / "2020/bokslut.yaml").write_text(
        "beslut:\n  helar:\n"
        "    - {organ: Kommunstyrelsen, datum: 2021-03-29, paragraf: § 52,"
        " diarienummer: KS 2021/44}\n"
        "    - {organ: Kommunfullmäktige, datum: 2021-04-26, paragraf: § 45}\n",
        encoding="utf-8",
    )
    repo = load(root)
    own = v.build(repo, 2020, "helar", namnd="bun", today=DAY, committed=dt.date(2021, 1, 1))
    assert (own.upprattad, own.diarienummer) == (dt.date(2021, 2, 18), "BUN 2021/12")
    md, html = both(own)
    assert "- Beslutad av Barn- och ungdomsnämnden 2021-02-18 § 7\n" in md
    assert "<dt>Diarienummer</dt><dd>BUN 2021/12</dd>" in html
    whole = v.build(repo, 2020, "helar", today=DAY)
    assert (whole.upprattad, whole.diarienummer) == (dt.date(2021, 3, 29), "KS 2021/44")
    md, html = both(whole)
    assert "- Upprättad 2021-03-29\n" in md
    assert "- Godkänd av Kommunfullmäktige 2021-04-26 § 45\n" in md
    assert "<dd>Godkänd av Kommunfullmäktige 2021-04-26 § 45</dd>" in html
    assert "- Beslutad av Kommunstyrelsen 2021-03-29 § 52\n" in md


# --- 3. the economy analysis once, linked from the nämnd ---------------------------------


def test_economy_analysis_is_shown_once_and_linked(ale):
    """Each nämnd's economy analysis stands once, in the economy part; the nämnd's part
    links to it."""
    report = v.build(ale, 2020, "delar2", today=DAY)
    md, html = both(report)
    un = next(r for r in report.ekonomi.rader if r.org_id == "un")
    first_line = un.analys.strip().split("\n")[0][:60]
    assert html.count(first_line) == 1
    assert md.count(first_line) == 1
    assert f'<h3 id="{un.anchor}">' in html
    assert f'<a href="#{un.anchor}">' in html
    assert f'<a id="{un.anchor}"></a>' in md
    assert f"(#{un.anchor})" in md


# --- 4. the annual economy: the year's budget once --------------------------------------


def _economy_header(md: str) -> list[str]:
    line = next(x for x in md.split("\n") if x.startswith("| Nämnd |"))
    return [c.strip() for c in line.strip("|").split("|")]


def test_annual_economy_has_no_period_budget_column(ale):
    """In the year's last period: budget, utfall, budgetavvikelse in tkr and per cent;
    no "Budget för perioden" repeating the annual budget."""
    report = v.build(ale, 2020, "helar", today=DAY)
    assert report.ekonomi.periodbudget is False
    md, html = both(report)
    assert _economy_header(md)[:5] == [
        "Nämnd",
        "Budget",
        "Utfall",
        "Budgetavvikelse (tkr)",
        "Budgetavvikelse (%)",
    ]
    assert "Budget för perioden" not in md
    assert "Budget för perioden" not in html
    assert '<th scope="col" class="tal">Budgetavvikelse (tkr)</th>' in html


def test_interim_economy_keeps_the_period_budget(ale):
    """In an interim report the period's budget stands beside the year's."""
    md, _ = both(v.build(ale, 2020, "delar2", today=DAY))
    assert _economy_header(md)[:4] == ["Nämnd", "Årsbudget", "Budget för perioden", "Utfall"]


# --- 5. forecast columns say they are deviations -----------------------------------------


def test_forecast_columns_say_they_are_deviations(ale):
    """`Prognos helår, avvikelse (februari)`: a month by its name, a period by its."""
    settings = ale.installningar
    assert forecast_heading(settings, "feb") == "Prognos helår, avvikelse (februari)"
    assert forecast_heading(settings, "maj") == "Prognos helår, avvikelse (maj)"
    assert forecast_heading(settings, "delar1") == "Prognos helår, avvikelse (delårsrapport 1)"
    md, html = both(v.build(ale, 2020, "delar2", today=DAY))
    assert "Prognos helår, avvikelse (februari)" in _economy_header(md)
    assert '<th scope="col" class="tal">Prognos helår, avvikelse (februari)</th>' in html
    assert "Prognos feb" not in md + html


# --- 6. units the Swedish way ---------------------------------------------------------------


def test_figures_with_units():
    """`85 %` (no-break space, no needless `,0`), `214,6 poäng`, `1 200 kr`; `antal` is
    no unit; a dash without unit for none."""
    assert with_unit(85.0, "procent") == f"85{NBSP}%"
    assert with_unit(85.5, "procent") == f"85,5{NBSP}%"
    assert with_unit(214.6, "poäng") == f"214,6{NBSP}poäng"
    assert with_unit(1200, "kronor") == f"1{NBSP}200{NBSP}kr"
    assert with_unit(-6800, "tkr", 0) == f"\u22126{NBSP}800{NBSP}tkr"
    assert with_unit(12, "antal") == "12"
    assert with_unit(12, "antal personal") == f"12{NBSP}personal"
    assert with_unit(None, "procent") == "–"


def test_a_name_that_carries_its_unit_is_not_followed_by_it():
    """`andel (%)` is not followed by `(procent)`; a name without the unit gets it."""
    assert caption_unit("Behöriga elever, andel (%)", "procent") is None
    assert caption_unit("Andel behöriga i procent", "procent") is None
    assert caption_unit("Meritvärde", "poäng") == "poäng"
    assert caption_unit("Nöjdhet", "procent") == "%"
    assert caption_unit("Antal besök", "antal") is None


def test_decimals_a_table_needs():
    """A table of whole numbers shows none; otherwise as many as the figures have."""
    assert decimals_of([88, 86.0, None]) == 0
    assert decimals_of([205.1, 218]) == 1
    assert decimals_of([0.125]) == 2


def test_units_in_the_report(ale):
    """Nolskolan's verksamhetsmål reads `85 %` and `80 %`; no unit is doubled and none
    written out as `procent` beside a figure."""
    md, html = both(v.build(ale, 2020, "helar", namnd="un", today=DAY))
    assert f"| 85{NBSP}% | 80{NBSP}% | Nej |" in md
    assert f'<td class="tal">85{NBSP}%</td><td class="tal">80{NBSP}%</td>' in html
    for text in (md, html):
        assert "procent)" not in text
        assert "(%) (procent)" not in text
        assert "(%) (%)" not in text
        assert not re.search(r"\d,0 procent", text)
    whole, _ = both(v.build(ale, 2020, "helar", today=DAY))
    assert "| 2020 | 36 | 33 | 39 | 45 |" in whole  # a table of whole numbers


# --- 7. an indicator's id with its name and source ---------------------------------------


def test_indicators_are_named_with_their_kolada_id(ale):
    """`Elever i åk 9, genomsnittligt meritvärde, kommunala skolor – Kolada N15505` in
    the indicator's caption and in every underlag (a dash, never brackets: a name may
    end with its own); never a bare id."""
    report = v.build(ale, 2020, "helar", namnd="un", today=DAY)
    ind = report.mal[0].delmal[0].indikatorer[0]
    assert (ind.id, ind.beteckning) == ("N15505", "Kolada N15505")
    name = "Elever i åk 9, genomsnittligt meritvärde, kommunala skolor"
    md, html = both(report)
    assert f"**{name}** – Kolada N15505." in md
    assert f"Underlag: {name} – Kolada N15505; " in md
    assert f"{name} – Kolada N15505; " in html
    assert f'<caption>{name} <span class="dampad">– Kolada N15505.' in html
    assert "Underlag: N15505" not in md + html
    assert not re.search(r"[,:] N15505[.,]", md)


def test_an_own_indicator_is_named_with_its_source(ale):
    """An indicator of the municipality's own: its id and where its figures come from."""
    report = v.build(ale, 2020, "helar", today=DAY)
    underlag = [
        u for g in report.mal for d in g.delmal for f in d.uppfoljningar for u in f.underlag
    ]
    assert any(
        u.startswith("Arbetslöshet 16–64 år") and " – ALE-SYS-01, källa: " in u for u in underlag
    )
    assert "ALE-SYS-01" not in underlag


# --- 8. every Markdown table separate and whole -----------------------------------------------

_DELIMITER = re.compile(r"^\|(?:[ \t]*:?-+:?[ \t]*\|)+$")


def cells(row: str) -> int:
    """The cells of a GFM table row: the pipes that no backslash escapes, less the ends."""
    count, escaped = 0, False
    for ch in row.strip():
        if ch == "|" and not escaped:
            count += 1
        escaped = ch == "\\" and not escaped
    return count - 1


def table_problems(text: str) -> list[str]:
    """What keeps the tables of a Markdown text from being separate, valid GFM tables."""
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    lines = text.split("\n")
    problems = []
    tables = [(i, t) for i, t in enumerate(tokens) if t.type == "table_open"]
    delimiters = [i for i, line in enumerate(lines) if _DELIMITER.match(line)]
    if len(tables) != len(delimiters):
        problems.append(f"{len(tables)} tables parsed, {len(delimiters)} delimiter rows")
    for at, table in tables:
        assert table.map is not None
        start, end = table.map
        rows = lines[start:end]
        header = cells(rows[0])
        if not (len(rows) >= 2 and _DELIMITER.match(rows[1])):
            problems.append(f"line {start + 1}: no delimiter row after the header")
        if sum(1 for r in rows if _DELIMITER.match(r)) != 1:
            problems.append(f"line {start + 1}: two tables run together")
        for n, row in enumerate(rows, start + 1):
            if cells(row) != header:
                problems.append(f"line {n}: {cells(row)} cells, the header has {header}")
        heads = 0
        for t in tokens[at:]:
            if t.type == "thead_close":
                break
            heads += t.type == "th_open"
        if heads != header:
            problems.append(f"line {start + 1}: {heads} header cells parsed, {header} written")
        if start > 0 and lines[start - 1]:
            problems.append(f"line {start + 1}: no blank line before the table")
        if end < len(lines) and lines[end]:
            problems.append(f"line {end + 1}: no blank line after the table")
    for n in range(1, len(lines)):
        if lines[n].startswith("|") and lines[n - 1] and not lines[n - 1].startswith("|"):
            problems.append(f"line {n + 1}: a table row right after text")
    return problems


def _reports():
    for example, day in ((ALE, DAY), (DRAFT, DRAFT_DAY)):
        for period in ("helar", "delar2"):
            yield pytest.param(example, day, period, id=f"{example.name}-{period}")


@pytest.mark.parametrize(("example", "day", "period"), list(_reports()))
def test_every_markdown_report_has_separate_whole_tables(example, day, period):
    """Every Markdown report of both examples (annual and delår 2, the municipality's and
    each nämnd's) parses with markdown-it-py's GFM tables into separate tables, each row
    with its header's cells, and a blank line around each: the municipality's with the
    förvaltningsberättelse's tables (the result line, the balanskravsutredning, the sick
    leave, the goal fulfilment) and the bolag's."""
    repo = load(example)
    findings = period_findings(repo, 2020, period, day).findings
    index = Index.of(repo)
    for namnd in (None, *(o for o in index.orgs if index.namnd_of(o) == o)):
        report = v.build(repo, 2020, period, namnd=namnd, findings=findings, today=day)
        text = render(report, "md", [])
        assert table_problems(text) == [], (namnd, table_problems(text))
        if namnd is None:  # the draft's bokslut has no outcome: no balanskrav
            for part in NEW_PARTS if example == ALE else NEW_PARTS[:1] + NEW_PARTS[-1:]:
                assert part in text, part
        else:
            assert "## Förvaltningsberättelse" not in text


NEW_PARTS = (
    "## Förvaltningsberättelse",
    "| Resultaträkningens rad |",
    "| Post | Belopp |",
    "| Grupp | ",
    "| Målsättning | Bedömning | Sammanvägning av delmålen (stöd) |",
    "## Kommunala bolag",
)
"""What the municipality's Markdown report has beside the goals (issue 14)."""


def test_two_tables_in_a_row_stay_two():
    """The Markdown tidying keeps the blank line between two tables and puts one after a
    table that text follows; a blank line inside one table goes."""
    text = "| A |\n| --- |\n| 1 |\n\n| B | C |\n\n| --- | --- |\n\n| 2 | 3 |\nText\n"
    assert tidy_markdown(text) == (
        "| A |\n| --- |\n| 1 |\n\n| B | C |\n| --- | --- |\n| 2 | 3 |\n\nText\n"
    )
    assert table_problems(tidy_markdown(text)) == []


# --- 9. a missing assessment is "Saknas", not a dash ----------------------------------------


def test_a_missing_assessment_is_saknas(draft):
    """In the draft, Kultur- och fritidsnämnden plans 3.1 but has not assessed it: its
    cell says "❔ Saknas"; a delmål it does not plan stays "–"."""
    report = v.build(draft, 2020, "delar2", today=DRAFT_DAY)
    col = [o for o, _ in report.matris.kolumner].index("kfn")
    row = next(r for r in report.matris.rader if r.delmal_id == "3.1")
    assert row.celler[col] is None
    assert row.saknas[col] is True
    other = next(r for r in report.matris.rader if r.delmal_id == "1.1")
    assert other.saknas[col] is False
    md, html = both(report)
    line = next(x for x in md.split("\n") if x.startswith("| 3.1 "))
    assert line.split("|")[col + 2].strip() == "❔ Saknas"
    line = next(x for x in md.split("\n") if x.startswith("| 1.1 "))
    assert line.split("|")[col + 2].strip() == "–"
    assert "##### Kultur- och fritidsnämnden: ❔ Saknas" in md
    assert '<span class="steg saknas" title="Bedömningen saknas">' in html
    assert "Ej bedömd" not in md + html


def test_saknas_in_a_namnd_report(draft):
    """Hemtjänsten (an enhet) plans 8.1 without an assessment: "Saknas" in its nämnd's
    matrix, and counted as missing."""
    report = v.build(draft, 2020, "delar2", namnd="oan", today=DRAFT_DAY)
    col = [o for o, _ in report.matris.kolumner].index("hemtjansten")
    row = next(r for r in report.matris.rader if r.delmal_id == "8.1")
    assert row.saknas[col] is True
    assert report.matris.saknas >= 1


# --- 10. every finding of the period in the appendix -------------------------------------


def test_the_appendix_has_every_finding_of_the_period(tmp_path, draft):
    """The draft's delår 2: every finding `validera` reports for the period and for the
    forecast months up to it (MK500 for May's missing forecast among them), and for no
    period at all, is in the appendix; and the appendix holds nothing else."""
    built = rapport(DRAFT, 2020, period="delar2", out=tmp_path, today=DRAFT_DAY, formats=("md",))
    settings = draft.installningar
    until = period_date(settings, 2020, "delar2")
    months = {k for k in settings.prognoser if (period_date(settings, 2020, k) or until) <= until}
    whole = this_year(check(draft, DRAFT_DAY, ar=2020), 2020).findings
    wanted = {
        (x.path, x.line, x.col, x.code) for x in whole if x.period in {None, "delar2", *months}
    }
    got = {(x.path, x.line, x.col, x.code) for x in built.result.findings}
    assert wanted <= got
    assert any(x.code == "MK500" and x.period == "maj" for x in built.result.findings)
    report = v.build(draft, 2020, "delar2", findings=built.result.findings, today=DRAFT_DAY)
    listed = sorted((f.plats, f.kod, f.meddelande) for g in report.bilaga for f in g.fynd)
    assert listed == sorted(
        (f"{x.path}:{x.line}", x.code, x.message) for x in built.result.findings
    )
    md = built.files[0].read_text(encoding="utf-8").split("## Bilaga: det som saknas", 1)[1]
    assert "MK500: Helårsprognosen för maj saknas (Kommunstyrelsen)." in md


# --- 11. headers kept with their tables in print ----------------------------------------------


def test_print_rules_keep_headings_and_headers_with_their_tables(ale):
    """The HTML's print rules: headings and captions not left at a page's foot
    (`break-after: avoid` and the older `page-break-after: avoid`), a heading kept with
    what follows it, the table header repeated on each page, rows not split."""
    html = render(v.build(ale, 2020, "helar", today=DAY), "html", [])
    rules = html.split("@media print {", 1)[1].split("</style>", 1)[0]
    rules = " ".join(rules.split())
    assert re.search(r"h2, h3, h4, h5[^{]*caption \{[^}]*break-after: avoid;", rules)
    assert re.search(r"caption \{[^}]*page-break-after: avoid;", rules)
    assert re.search(r"h2 \+ \*, h3 \+ \*[^{]*\{[^}]*break-before: avoid;", rules)
    assert re.search(r"thead \{ display: table-header-group;", rules)
    assert re.search(r"tr, [^{]*\{[^}]*break-inside: avoid;", rules)
