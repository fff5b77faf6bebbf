"""`malkoll rapport`: the view model's figures, safety, templates, scope and drafts."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import BASE, EXAMPLES, build_repo, run
from malkoll.reading.load import load
from malkoll.report import Version, git_commit, rapport
from malkoll.report import view as v
from malkoll.report.render import render

ALE = EXAMPLES / "ale-2020"
DRAFT = EXAMPLES / "ale-2020-utkast"
GOLDEN = Path(__file__).parent / "golden"
DAY = dt.date(2021, 3, 1)


@pytest.fixture(scope="module")
def annual() -> v.Rapport:
    """The view model of Ale's annual report 2020."""
    return v.build(load(ALE), 2020, "helar", today=DAY)


def step(rank: int) -> v.Steg:
    return v.Steg(f"s{rank}", f"S{rank}", "", "", "#000000", rank)


# --- the view model ------------------------------------------------------------------


def test_summarised_assessment_is_the_median_rounded_to_the_worse():
    """A level's summary: the middle step; of two middle steps the worse one."""
    assert v.summarise([step(0), step(2), step(1)]).rank == 1
    assert v.summarise([step(0), step(1)]).rank == 1
    assert v.summarise([step(0), None]).rank == 0
    assert v.summarise([None]) is None


def test_deviation_is_budget_less_outcome():
    """Positive is better than budget; the share is of the budget."""
    assert v.deviation_of(650000, 658000) == (-8000, pytest.approx(-8000 / 650000))
    assert v.deviation_of(None, 1) == (None, None)
    assert v.deviation_of(0, 5) == (-5, None)


def test_trend_follows_the_direction_of_the_indicator():
    """Higher is better: a rise improves; lower is better: a rise worsens."""
    rows = [
        v.Indikatorrad(2019, 10, None, None, None, []),
        v.Indikatorrad(2020, 12, None, None, None, []),
    ]
    assert v.trend(rows, higher_is_better=True) == "förbättras"
    assert v.trend(rows, higher_is_better=False) == "försämras"
    assert v.trend(rows[:1], higher_is_better=True) == ""


def test_matrix_counts_every_assessment(annual):
    """The matrix: one column per nämnd with a plan, counts that add up to the cells."""
    m = annual.matris
    assert [name for _, name in m.kolumner] == [
        "Kommunstyrelsen",
        "Utbildningsnämnden",
        "Omsorgs- och arbetsmarknadsnämnden",
        "Samhällsbyggnadsnämnden",
        "Kultur- och fritidsnämnden",
        "Servicenämnden",
    ]
    cells = [c for row in m.rader for c in row.celler if c is not None]
    assert sum(n for _, n in m.antal) == len(cells) == 18
    assert {s.id: n for s, n in m.antal} == {"gron": 6, "gul": 9, "rod": 3}
    assert m.saknas == 0


def test_changes_since_the_previous_period(annual):
    """Against delår 2: each changed assessment, better or worse."""
    m = annual.matris
    assert m.foregaende == "Delårsrapport 2"
    changes = {(f.delmal_id, f.riktning) for f in m.forandringar}
    assert ("4.1", "sämre") in changes
    assert ("6.1", "bättre") in changes
    assert all(f.fran is not None for f in m.forandringar)


def test_first_period_has_no_previous():
    """Delår 1 is compared with nothing."""
    report = v.build(load(ALE), 2020, "delar1", today=DAY)
    assert report.matris.foregaende is None
    assert report.matris.forandringar == []


def test_economy_rows_add_up(annual):
    """The sum row is the sum of the rows, and every deviation is budget less outcome."""
    eco = annual.ekonomi
    assert eco is not None
    assert eco.summa.budget == sum(r.budget for r in eco.rader)
    assert eco.summa.utfall == sum(r.utfall for r in eco.rader)
    for row in [*eco.rader, eco.summa]:
        assert row.avvikelse == pytest.approx(row.jamfort_med - row.utfall)
        assert row.avvikelse_procent == pytest.approx(row.avvikelse / row.jamfort_med)
    assert eco.investeringar_budget == sum(i.budget for i in eco.investeringar)


def test_investment_sum_counts_only_outcomes_that_exist():
    """An interim report before any investment has an outcome: the sum row's outcome and
    deviation are missing ("–"), not 0 and the whole budget."""
    eco = v.build(load(ALE), 2020, "delar2", today=DAY).ekonomi
    assert eco is not None
    assert all(i.utfall is None for i in eco.investeringar)
    summa = eco.investeringar_summa
    assert (summa.namn, summa.budget, summa.utfall, summa.avvikelse) == ("Summa", 98100, None, None)
    assert eco.investeringar_budget == 98100
    assert eco.investeringar_utfall is None


def test_investment_sum_deviation_is_over_the_rows_with_an_outcome():
    """Budget sums every row, outcome the rows that have one, and the deviation only the
    rows with both: a row still without outcome adds nothing to it."""
    rows = [
        v.Investeringsrad("a", "A", "X", 100, 80, 20, None),
        v.Investeringsrad("b", "B", "X", 50, None, None, None),
        v.Investeringsrad("c", "C", "Y", 30, 45, -15, None),
    ]
    summa = v.investment_sum(rows)
    assert (summa.budget, summa.utfall, summa.avvikelse) == (180, 125, 5)
    assert v.investment_sum([]).utfall is None


def test_investment_sum_in_the_annual_report(annual):
    """Every investment has its outcome at the year's end: budget less outcome, in full."""
    eco = annual.ekonomi
    summa = eco.investeringar_summa
    assert summa.utfall == sum(i.utfall for i in eco.investeringar) == eco.investeringar_utfall
    assert summa.avvikelse == pytest.approx(summa.budget - summa.utfall)


def test_forecasts_through_the_year_in_date_order(annual):
    """Forecast columns: every point that carries a forecast, in date order."""
    assert annual.ekonomi.prognoskolumner[:3] == [
        "Prognos helår, avvikelse (februari)",
        "Prognos helår, avvikelse (delårsrapport 1)",
        "Prognos helår, avvikelse (maj)",
    ]
    assert all(
        len(r.prognoser) == len(annual.ekonomi.prognoskolumner) for r in annual.ekonomi.rader
    )


def test_indicator_tables_and_trend(annual):
    """Each indicator: its years, total/women/men, the target, comparisons, trend, chart."""
    dm = next(d for g in annual.mal for d in g.delmal if d.id == "1.1")
    merit = next(i for i in dm.indikatorer if i.id == "N15505")
    assert [r.ar for r in merit.rader] == [2017, 2018, 2019, 2020]
    last = merit.rader[-1]
    assert (last.T, last.K, last.M, last.malvarde) == (214.6, 229.9, 200.3, 218.0)
    assert merit.jamforelsenamn == ["Riket", "Liknande kommuner"]
    assert merit.trend == "förbättras"
    assert merit.kolada is True
    assert merit.diagram.startswith("<svg")
    assert "<title>" in merit.diagram


def test_nämnd_followup_has_analysis_under_headings_and_activity_counts(annual):
    """Per nämnd: its own analysis in order, its assessment, and its units' activities."""
    dm = next(d for g in annual.mal for d in g.delmal if d.id == "1.1")
    un = next(u for u in dm.uppfoljningar if u.org_id == "un")
    assert [a.rubrik for a in un.analys][:2] == ["Resultat", "Orsaker"]
    assert un.bedomning.id == "gul"
    assert sum(n for _, n in un.aktivitetsstatus) > 0


def test_namnd_report_goes_down_to_the_units():
    """`--namnd un`: only Utbildningsnämnden, with its units' own follow-ups."""
    report = v.build(load(ALE), 2020, "helar", namnd="un", today=DAY)
    assert report.namnd == "Utbildningsnämnden"
    orgs = {u.organisation for g in report.mal for d in g.delmal for u in d.uppfoljningar}
    assert {"Utbildningsnämnden", "Nolskolan"} <= orgs
    assert [r.namn for r in report.ekonomi.rader] == ["Utbildningsnämnden"]
    assert all(g.org_id == "un" for g in report.uppdrag)
    assert [ik.org_id for ik in report.internkontroll] == ["un"]


NESTED = """\
- id: ks
  namn: Kommunstyrelsen
  typ: namnd
  delar:
    - id: valn
      namn: Valnämnden
      typ: namnd
      delar:
        - {id: valkansli, namn: Valkansliet, typ: verksamhet}
    - {id: ks-stab, namn: Kommunstaben, typ: verksamhet}
"""


def _plan(org: str, step: str, status: str) -> str:
    return (
        f"organisation: {org}\nar: 2020\ndelmal:\n"
        f'  - delmal: "1.1"\n'
        f"    uppfoljning:\n"
        f"      helar: {{analys: {{resultat: Bra., orsaker: Arbete.}}, bedomning: {step}}}\n"
        f"    aktiviteter:\n"
        f"      - id: a-{org}\n"
        f"        namn: Aktivitet i {org}\n"
        f"        uppfoljning: {{helar: {{status: {status}}}}}\n"
    )


@pytest.fixture(scope="module")
def nested(tmp_path_factory) -> Path:
    """The base repository with Kommunstyrelsen at the top and Valnämnden under it."""
    return nested_repo(tmp_path_factory.mktemp("nested") / "repo")


def nested_repo(root: Path) -> Path:
    """The base repository with Kommunstyrelsen at the top and Valnämnden under it, each
    with a plan, Valnämnden with a unit, an uppdrag, an economy row and a control plan."""
    build_repo(root)
    base = (root / "organisation.yaml").read_text(encoding="utf-8")
    (root / "organisation.yaml").write_text(NESTED + base, encoding="utf-8")
    for org, step, status in (
        ("ks", "gul", "pagar"),
        ("valn", "gron", "genomford"),
        ("valkansli", "gron", "forsenad"),
    ):
        (root / f"2020/plan/{org}.yaml").write_text(_plan(org, step, status), encoding="utf-8")
    with (root / "2020/uppdrag.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "- {id: U2020-09, namn: Ny vallokal, givet_av: KS, organisation: valkansli,\n"
            "   uppfoljning: {helar: {status: genomford}}}\n"
        )
    eco = (root / "2020/ekonomi.yaml").read_text(encoding="utf-8")
    (root / "2020/ekonomi.yaml").write_text(
        eco.replace(
            "investeringar:",
            "  - {organisation: valn, budget: 1200, perioder: {helar: {utfall: 1100}}}\n"
            "investeringar:",
        ),
        encoding="utf-8",
    )
    control = (root / "2020/internkontroll/bun.yaml").read_text(encoding="utf-8")
    (root / "2020/internkontroll/valn.yaml").write_text(
        control.replace("organisation: bun", "organisation: valn"), encoding="utf-8"
    )
    return root


def test_a_nämnd_under_kommunstyrelsen_is_a_nämnd_in_the_report(nested):
    """Valnämnden, under Kommunstyrelsen in organisation.yaml, has its own column and part
    with its economy, uppdrag and control; its unit's uppdrag and activities are its own,
    not Kommunstyrelsen's."""
    report = v.build(load(nested), 2020, "helar", today=DAY)
    columns = [org for org, _ in report.matris.kolumner]
    assert columns == ["ks", "valn", "bun"]
    parts = {n.id: n for n in report.namnder}
    assert list(parts) == ["ks", "valn", "bun"]
    valn = parts["valn"]
    assert valn.namn == "Valnämnden"
    assert valn.ekonomi is not None
    assert valn.ekonomi.utfall == 1100
    assert [u.id for u in valn.uppdrag] == ["U2020-09"]
    assert valn.internkontroll is not None
    assert parts["ks"].uppdrag == []
    assert parts["ks"].internkontroll is None
    assert [g.org_id for g in report.uppdrag] == ["valn", "bun"]
    dm = next(d for g in report.mal for d in g.delmal if d.id == "1.1")
    counts = {u.org_id: dict(u.aktivitetsstatus) for u in dm.uppfoljningar}
    assert counts["ks"] == {"Pågår": 1}
    assert counts["valn"] == {"Genomförd": 1, "Försenad": 1}


def test_a_nested_nämnd_has_its_own_report(nested):
    """`--namnd valn` is a nämnd's report with its unit; `--namnd ks` leaves it out."""
    repo = load(nested)
    valn = v.build(repo, 2020, "helar", namnd="valn", today=DAY)
    assert valn.namnd == "Valnämnden"
    assert [org for org, _ in valn.matris.kolumner] == ["valn", "valkansli"]
    assert [n.id for n in valn.namnder] == ["valn"]
    assert [r.org_id for r in valn.ekonomi.rader] == ["valn"]
    assert [g.org_id for g in valn.uppdrag] == ["valn"]
    assert [ik.org_id for ik in valn.internkontroll] == ["valn"]
    ks = v.build(repo, 2020, "helar", namnd="ks", today=DAY)
    assert [org for org, _ in ks.matris.kolumner] == ["ks"]
    orgs = {u.org_id for g in ks.mal for d in g.delmal for u in d.uppfoljningar}
    assert orgs == {"ks"}
    assert ks.ekonomi.rader == []
    assert ks.uppdrag == []
    assert ks.internkontroll == []


def test_rapport_accepts_a_nested_nämnd(nested, tmp_path):
    """`malkoll rapport 2020 --namnd valn` writes Valnämnden's report."""
    status, _, err = run(
        "rapport", "2020", "-C", str(nested), "--ut", str(tmp_path), "--namnd", "valn"
    )
    assert (status, err) == (0, "")
    md = (tmp_path / "rapport-2020-helar-valn.md").read_text(encoding="utf-8")
    assert "\n# Testkommun: Årsredovisning 2020 – Valnämnden\n" in md


# --- building the files --------------------------------------------------------------


def build(tmp_path: Path, root: Path = ALE, *args: str) -> tuple[int, str, str]:
    out = tmp_path / "ut"
    return run("rapport", "2020", "-C", str(root), "--ut", str(out), "--idag", "2021-03-01", *args)


def test_rapport_writes_both_formats_and_says_where(tmp_path):
    """`malkoll rapport 2020` writes Markdown and HTML and prints their paths."""
    status, out, _ = build(tmp_path)
    assert status == 0
    md, html = tmp_path / "ut/rapport-2020-helar.md", tmp_path / "ut/rapport-2020-helar.html"
    assert f"Skrev {md}" in out
    assert f"Skrev {html}" in out
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Ale kommun: Årsredovisning 2020")
    assert "🟡 Gul" in text
    assert "Källa: Kolada" in text
    page = html.read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert "<script" not in page
    assert "http://" not in page.replace("http://www.w3.org", "")


def test_one_format_and_a_period(tmp_path):
    """`--format md --period delar1`: one file, named after the period."""
    status, _, _ = build(tmp_path, ALE, "--format", "md", "--period", "delar1")
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["rapport-2020-delar1.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "delar3"), "Perioden 'delar3' finns inte"),
        (("--namnd", "bun"), "ingen nämnd eller bolag"),
        (("--format", "odt"), "Okänt format"),
    ],
)
def test_bad_options_exit_2(tmp_path, args, message):
    """Unknown period, nämnd or format: one line and exit status 2."""
    status, _, err = build(tmp_path, ALE, *args)
    assert status == 2
    assert message in err


def test_unknown_year_exits_2(tmp_path):
    """A year without a folder is named as such."""
    status, _, err = run("rapport", "2019", "-C", str(ALE), "--ut", str(tmp_path))
    assert status == 2
    assert "Året 2019 finns inte" in err


def test_draft_is_marked_and_lists_what_is_missing(tmp_path):
    """While findings remain: UTKAST, and an appendix unit by unit."""
    status, out, _ = build(tmp_path, DRAFT, "--period", "delar2")
    assert status == 0
    assert "Rapporten är ett utkast" in out
    md = (tmp_path / "ut/rapport-2020-delar2.md").read_text(encoding="utf-8")
    html = (tmp_path / "ut/rapport-2020-delar2.html").read_text(encoding="utf-8")
    assert md.startswith("> **UTKAST**")
    assert "UTKAST" in html
    appendix = md.split("## Bilaga: det som saknas", 1)[1]
    assert "### Hemtjänsten" in appendix
    assert "MK301" in appendix
    assert "MK307" in appendix


def test_interim_investment_sum_row_shows_dashes_like_its_rows():
    """Delår 2, no outcome yet: the sum row reads budget 98 100, the forecasts 46 500 +
    6 500 + 3 200 + 21 000 + 4 500 + 7 800 + 3 600 + 2 500 = 95 600, outcome, deviation and
    ombudgetering (asked for with the year's outcome) "–" in both formats."""
    report = v.build(load(ALE), 2020, "delar2", today=DAY)
    md, html = render(report, "md", []), render(report, "html", [])
    assert "| **Summa** | | 98\u00a0100 | 95\u00a0600 | – | – | – | | | | |" in md
    assert "Investeringarnas avvikelse" not in md  # an ombudgetering comes with the outcome
    part = html.split('<h3 id="ekonomi-investeringar">Investeringar</h3>', 1)[1]
    row = part.split('<tr class="summa">', 1)[1]
    assert row.split("</tr>", 1)[0] == (
        '<th scope="row">Summa</th><td></td><td class="tal">98\u00a0100</td>'
        '<td class="tal">95\u00a0600</td><td class="tal">–</td><td class="tal">–</td>'
        '<td class="tal">–</td><td></td><td></td><td></td><td></td>'
    )


def test_investments_as_projects_with_the_ombudgetering_taken_out():
    """The annual report: the year's deviation 98 100 − 87 700 = 10 400, of which the
    delayed konstgräsplan asks 6 600 to be carried over, leaves 3 800. The konstgräsplan
    has cost 600 (2019) + 1 200 = 1 800 of its 8 400; the VA renewal 14 800 + 20 400 =
    35 200 of 64 000, 28 800 left."""
    eco = v.build(load(ALE), 2020, "helar", today=DAY).ekonomi
    assert eco is not None
    assert eco.projekt is not None
    p = eco.projekt
    assert (p.budget, p.utfall, p.avvikelse) == (98100, 87700, 10400)
    assert (p.ombudgetering, p.avvikelse_efter) == (6600, 3800)
    rows = {r.id: r for r in p.rader}
    gras, va = rows["I-2020-06"], rows["I-2020-04"]
    assert (gras.ackumulerat, gras.kvar, gras.klart, gras.ombudgetering) == (1800, 6600, 2021, 6600)
    assert (va.ackumulerat, va.kvar) == (35200, 28800)
    assert rows["I-2020-02"].ackumulerat is None  # a one-year purchase is no project
    md = render(v.build(load(ALE), 2020, "helar", today=DAY), "md", [])
    assert (
        "Investeringarnas avvikelse är 10\u00a0400\u00a0tkr, varav 6\u00a0600\u00a0tkr "
        "begärs ombudgeterade till 2021 för projekt som är försenade. Avvikelsen efter "
        "ombudgetering är 3\u00a0800\u00a0tkr."
    ) in md
    assert "Begärd ombudgetering: 6\u00a0600\u00a0tkr. Bygglovet överklagades i maj" in md


def test_costs_income_and_last_year():
    """Utbildningsnämnden 2020: 899 690 − 110 490 = 789 200 against 763 950 in 2019, a
    rise of 25 250, 25 250 / 763 950 = 3,3 %."""
    eco = v.build(load(ALE), 2020, "helar", today=DAY).ekonomi
    assert eco is not None
    un = next(r for r in eco.netto if r.namn == "Utbildningsnämnden")
    total = eco.netto[-1]
    assert total.namn == "Summa"
    assert total.utfall == 1671620  # the nämnder's net cost, as in the result's first line
    assert (un.kostnader, un.intakter, un.utfall, un.fjolar) == (899690, 110490, 789200, 763950)
    assert un.forandring == 25250
    assert round(un.forandring_procent, 4) == 0.0331


def test_a_namnds_economy_per_verksamhet():
    """Utbildningsnämnden's report lists its enheter, the common part first; their
    outcomes 31 570 + 205 190 + 370 920 + 181 520 = 789 200, the nämnd's."""
    eco = v.build(load(ALE), 2020, "helar", namnd="un", today=DAY).ekonomi
    assert eco is not None
    assert [u.namn for u in eco.enheter] == [
        "Utbildningsnämnden (gemensamt)",
        "Förskola",
        "Grundskola",
        "Ale gymnasium och vuxenutbildning",
        "Summa",
    ]
    assert sum(u.utfall or 0 for u in eco.enheter[:-1]) == 789200
    assert (eco.enheter[-1].namn, eco.enheter[-1].utfall) == ("Summa", 789200)
    assert eco.enheter[2].avvikelse == 367730 - 370920
    assert v.build(load(ALE), 2020, "helar", today=DAY).ekonomi.enheter == []


def test_strict_refuses_while_errors_remain(tmp_path):
    """`--strikt` on a draft: exit 1 and nothing written."""
    status, _, err = build(tmp_path, DRAFT, "--period", "delar2", "--strikt")
    assert status == 1
    assert "byggdes inte" in err
    assert not (tmp_path / "ut").exists()


def test_complete_report_is_not_a_draft(tmp_path):
    """No findings: no UTKAST, no appendix."""
    build(tmp_path)
    md = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    assert "UTKAST" not in md
    assert "Bilaga" not in md


# --- safety ----------------------------------------------------------------------------


HOSTILE = (
    "<script>alert(1)</script> {{ 7*7 }} {% raw %} [klicka](javascript:alert(1)) "
    '<img src=x onerror="alert(1)"> **fet**'
)


def test_users_text_is_never_code(tmp_path):
    """Raw HTML prints as text, `{{ 7*7 }}` as written, no javascript: links, Markdown works."""
    root = build_repo(tmp_path / "repo")
    plan = root / "2020/plan/bun.yaml"
    text = plan.read_text(encoding="utf-8").replace("Meritvärdet 220.", f"'{HOSTILE}'")
    plan.write_text(text, encoding="utf-8")
    status, _, _ = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert status == 0
    html = (tmp_path / "ut/rapport-2020-helar.html").read_text(encoding="utf-8")
    md = (tmp_path / "ut/rapport-2020-helar.md").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")
    assert 'href="javascript:' not in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html.split("{{ 7*7 }}")[0][-5:]
    assert "<strong>fet</strong>" in html
    assert "&lt;script&gt;" in md
    assert "\\{\\{ 7*7 }}" in md  # `{` escaped: no renderer reads a template tag
    assert "\\{% raw %}" in md


# --- templates ---------------------------------------------------------------------------


def test_a_block_is_replaced_with_extends_and_super(tmp_path):
    """The repository's mallar/ extends the shipped template and replaces one block."""
    root = build_repo(tmp_path / "repo")
    (root / "mallar").mkdir()
    (root / "mallar/rapport.html.j2").write_text(
        '{% extends "standard/rapport.html.j2" %}\n'
        '{% block logo %}<p class="logo">Testkommunens logga</p>{% endblock %}\n'
        "{% block farger %}{{ super() }}:root { --accent: #123456; }{% endblock %}\n",
        encoding="utf-8",
    )
    status, _, _ = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert status == 0
    html = (tmp_path / "ut/rapport-2020-helar.html").read_text(encoding="utf-8")
    assert '<p class="logo">Testkommunens logga</p>' in html
    assert "--accent: #123456" in html
    assert "--text:" in html


def test_own_templates_win_file_by_file_and_option_wins_over_repo(tmp_path):
    """A file in mallar/ replaces its namesake; --mallar wins over the repository's own."""
    root = build_repo(tmp_path / "repo")
    (root / "mallar").mkdir()
    (root / "mallar/rapport.md.j2").write_text("Repots mall: {{ r.kommun }}\n", encoding="utf-8")
    other = tmp_path / "andra"
    other.mkdir()
    (other / "rapport.md.j2").write_text("Flaggans mall: {{ r.ar }}\n", encoding="utf-8")
    run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "a"), "-f", "md")
    assert (tmp_path / "a/rapport-2020-helar.md").read_text(
        encoding="utf-8"
    ) == "Repots mall: Testkommun\n"
    run(
        "rapport",
        "2020",
        "-C",
        str(root),
        "--ut",
        str(tmp_path / "b"),
        "-f",
        "md",
        "--mallar",
        str(other),
    )
    assert (tmp_path / "b/rapport-2020-helar.md").read_text(
        encoding="utf-8"
    ) == "Flaggans mall: 2020\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% block x %}", "är felaktig"),
        ("{{ r.finns_inte }}", "något som inte finns"),
    ],
)
def test_broken_template_writes_nothing(tmp_path, template, message):
    """A broken or misspelt template: one line, exit 2, and no half report left behind."""
    root = build_repo(tmp_path / "repo")
    (root / "mallar").mkdir()
    (root / "mallar/rapport.html.j2").write_text(template, encoding="utf-8")
    status, _, err = run("rapport", "2020", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert status == 2
    assert message in err
    assert not (tmp_path / "ut").exists()


# --- provenance and golden files -----------------------------------------------------------


def test_git_commit_is_named_in_a_checkout(tmp_path):
    """In a git checkout the title names the commit; elsewhere nothing."""
    root = shutil.copytree(BASE, tmp_path / "repo")
    assert git_commit(root) == (None, False, None)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "data"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    commit, changed, day = git_commit(root)
    assert commit
    assert len(commit) == 12
    assert not changed
    assert day == dt.date.today()
    (root / "organisation.yaml").write_text("[]\n", encoding="utf-8")
    assert git_commit(root)[1] is True


def _golden(tmp_path: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setattr(
        "malkoll.report.git_commit",
        lambda root: Version("0123456789ab", False, dt.date(2021, 2, 26)),
    )
    built = rapport(ALE, 2020, out=tmp_path, today=DAY)
    return {p.suffix[1:]: p.read_text(encoding="utf-8") for p in built.files}


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_annual_report_matches_its_golden_file(tmp_path, monkeypatch, fmt):
    """The example's annual report is exactly the reviewed golden file; set
    MALKOLL_SKRIV_GOLDEN=1 to rewrite it on purpose, then read the diff."""
    text = _golden(tmp_path, monkeypatch)[fmt]
    golden = GOLDEN / f"ale-2020-arsredovisning.{fmt}"
    if os.environ.get("MALKOLL_SKRIV_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_first_period_is_compared_with_the_year_before(tmp_path):
    """Delår 1 of a year is compared with the annual report of the year before."""
    root = shutil.copytree(ALE, tmp_path / "repo")
    shutil.copytree(root / "2020", root / "2021")
    for plan in (root / "2021/plan").rglob("*.yaml"):
        plan.write_text(
            plan.read_text(encoding="utf-8").replace("ar: 2020", "ar: 2021"), encoding="utf-8"
        )
    repo = load(root)
    report = v.build(repo, 2021, "delar1", today=DAY)
    assert report.matris.foregaende == "Årsredovisning 2020"
    helar = v.build(repo, 2020, "helar", today=DAY).matris
    delar1 = v.build(repo, 2020, "delar1", today=DAY).matris
    expected = {
        (row.delmal_id, name)
        for row, before in zip(delar1.rader, helar.rader, strict=True)
        for (_, name), now, then in zip(delar1.kolumner, row.celler, before.celler, strict=True)
        if now and then and now.rank != then.rank
    }
    assert {(f.delmal_id, f.organisation) for f in report.matris.forandringar} == expected
    assert expected
