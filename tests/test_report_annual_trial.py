"""What a new user's trial of issue 14's report found, fixed: a municipality without
bolag has no koncern parts; each nämnd's decision on its report stands under the nämnd;
print keeps a follow-up's heading and assessment with its analysis, and a label
paragraph with its text; the interim result table has the full-year forecast per row;
fullmäktige godkänner the annual report and behandlar an interim one; the financial
goals' forecast counts the kommun's and the koncern's apart; an interim report shows
framgångsfaktorer as followed up in the annual report; Agenda 2030 targets grouped by
goal; the table of contents' goals unnumbered."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from malkoll.report import view as v
from malkoll.report.annual_model import Beslutvy
from malkoll.report.render import decision, environment, render
from malkoll.report.view.forvaltning import goals_forecast_text
from malkoll.report.view.resultat import full_year
from malkoll.report.wording import committee_decision, decision_text
from test_report_annual import HUSHALLNING, annual_repo, build, fb
from test_report_annual_render import include, tables

NO_KONCERN = HUSHALLNING.split("  - id: koncern-soliditet", 1)[0] + (
    'verksamhetsmal: ["1.1"]\nkommun:\n  helar: {bedomning: delvis}\n'
)
"""The fixture's hushallning.yaml without the koncern's goal and assessment."""


def without_bolag(root: Path) -> Path:
    """The fixture's repository with no organisation of typ `bolag`."""
    org = root / "organisation.yaml"
    text = org.read_text(encoding="utf-8")
    org.write_text(text.split("- id: alebyggen", 1)[0], encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return annual_repo(tmp_path_factory.mktemp("trial"))


@pytest.fixture(scope="module")
def annual(root: Path) -> v.Rapport:
    return build(root)


@pytest.fixture(scope="module")
def interim(root: Path) -> v.Rapport:
    return build(root, "delar2")


# --- 1. no bolag, no koncern ---------------------------------------------------------------


def test_without_bolag_there_are_no_koncern_parts(tmp_path):
    """No bolag: no koncern chapter, no koncern assessment, no koncern goals table."""
    root = without_bolag(
        annual_repo(tmp_path, **{"hushallning.yaml": NO_KONCERN, "bolag__alebyggen.yaml": None})
    )
    report = build(root)
    f = fb(report)
    assert "koncernen" not in [k.id for k in f.kapitel]
    assert [b.rubrik for b in f.geh.bedomningar] == ["Kommunen"]
    assert f.geh.koncernens_mal == []
    for fmt in ("md", "html"):
        text = include(report, fmt, "_forvaltningsberattelse")
        assert "Koncernen" not in text, fmt
        assert "koncern" not in text.lower(), fmt


def test_without_bolag_a_written_koncern_chapter_stays(tmp_path):
    """The municipality wrote koncernen.md: the chapter is there with its text."""
    root = without_bolag(
        annual_repo(
            tmp_path,
            **{
                "hushallning.yaml": NO_KONCERN,
                "bolag__alebyggen.yaml": None,
                "forvaltningsberattelse__helar__koncernen.md": "# Koncernen\n\nInga bolag.\n",
            },
        )
    )
    chapter = next(k for k in fb(build(root)).kapitel if k.id == "koncernen")
    assert chapter.text
    assert "Inga bolag." in chapter.text


def test_with_bolag_the_koncern_is_assessed(annual):
    assert [b.rubrik for b in fb(annual).geh.bedomningar] == ["Kommunen", "Koncernen"]
    assert "koncernen" in [k.id for k in fb(annual).kapitel]


# --- 2. each nämnd's decision under the nämnd --------------------------------------------------


def test_each_namnds_decision_stands_under_the_namnd(annual):
    """The fixture's un plan: `helar: {organ: Utbildningsnämnden, datum: 2021-02-17}`
    (the example's, with paragraph and case number, in test_report_legal)."""
    un = next(n for n in annual.namnder if n.id == "un")
    assert un.beslut == "Nämnden beslutade om rapporten 2021-02-17"
    md, html = render(annual, "md", []), render(annual, "html", [])
    assert "\nNämnden beslutade om rapporten 2021-02-17.\n" in md
    assert '<p class="beslut">Nämnden beslutade om rapporten 2021-02-17.</p>' in html


def test_a_namnds_own_report_has_its_decision_on_the_title_page_only(root):
    own = build(root, namnd="un")
    assert all(n.beslut is None for n in own.namnder)
    assert [b.organ for b in own.beslut] == ["Utbildningsnämnden"]


def test_committee_decision_wording():
    b = Beslutvy("Utbildningsnämnden", dt.date(2021, 2, 18), "12", None)
    assert committee_decision(b, "UN.2021.9") == (
        "Nämnden beslutade om rapporten 2021-02-18 § 12 (UN.2021.9)"
    )
    assert committee_decision(Beslutvy("X", dt.date(2021, 2, 18), None, None)) == (
        "Nämnden beslutade om rapporten 2021-02-18"
    )
    ks = Beslutvy("Kommunstyrelsen", dt.date(2021, 2, 22), "§ 30", None)
    assert committee_decision(ks, "KS.2021.21", "Kommunstyrelsen") == (
        "Styrelsen beslutade om rapporten 2021-02-22 § 30 (KS.2021.21)"
    )


# --- 3. print ---------------------------------------------------------------------------------


def test_print_keeps_a_follow_ups_heading_assessment_and_labels_with_their_text(annual):
    """The h4 of a follow-up, its assessment paragraph and the economy part's `Åtgärder:`
    label are never left alone at a page's foot."""
    page = render(annual, "html", [])
    rules = " ".join(page.split("@media print {", 1)[1].split("</style>", 1)[0].split())
    kept = re.search(r"p\.bedomning, p\.etikett \{[^}]*break-after: avoid;", rules)
    assert kept, rules
    after = re.search(r"p\.bedomning \+ \*, p\.etikett \+ \* \{[^}]*break-before: avoid;", rules)
    assert after, rules
    assert re.search(r"<h4>[^<]+</h4>\s*<p class=\"bedomning\">Bedömning: ", page)
    if "<strong>Åtgärder:</strong>" in page:
        assert '<p class="etikett"><strong>Åtgärder:</strong></p>' in page


# --- 4. the interim result table ------------------------------------------------------------


def test_interim_result_has_the_full_year_forecast_per_row(interim):
    """Budget + forecast deviation, by hand from the fixture's files: nämnder budget
    −300 000, forecast −3 000 → −303 000; skatteintäkter 310 000 + 1 500 = 311 500;
    the result −300 000 − 2 000 + 310 000 − 5 000 = 3 000, forecast deviation −3 000 +
    0 + 1 500 − 500 = −2 000 → 1 000."""
    rv = fb(interim).resultat
    assert rv is not None
    full = {r.id: r.helar for r in rv.rader}
    assert full["skatteintakter"] == 311_500
    assert full["finansnetto"] == -2_000
    assert full["finansforvaltning"] == -5_500
    nämnder = next(r for r in rv.rader if r.id not in {"skatteintakter", "finansnetto"})
    assert nämnder.helar == -303_000
    assert (rv.resultat.budget, rv.resultat.helar, rv.resultat.prognos) == (3_000, 1_000, -2_000)
    assert rv.resultat.helar == rv.prognos_resultat
    head = [
        "Resultaträkningens rad",
        "Budget helår",
        "Utfall januari–augusti 2020",
        "Prognos helår",
        "Prognos helår, avvikelse",
    ]
    assert head in tables(include(interim, "md", "_forvaltningsberattelse"))
    html = include(interim, "html", "_forvaltningsberattelse")
    assert '<th scope="col" class="tal">Prognos helår</th>' in html


def test_the_annual_result_has_no_forecast_column(annual):
    rv = fb(annual).resultat
    assert rv is not None
    assert all(r.helar is None for r in [*rv.rader, rv.resultat])
    assert (
        "Prognos helår"
        not in include(annual, "md", "_forvaltningsberattelse")
        .split("Kommunens resultat", 1)[1]
        .split("\n\n", 2)[1]
    )


def test_full_year():
    assert full_year(35_800, 22_200) == 58_000
    assert full_year(-300_000, -3_000) == -303_000
    assert full_year(None, 1) is None
    assert full_year(1, None) is None


# --- 5. decision wording ------------------------------------------------------------------------


def test_fullmaktige_godkanner_the_annual_report_and_behandlar_an_interim():
    kf = dt.date(2021, 4, 26)
    annual = Beslutvy("Kommunfullmäktige", kf, "§ 48", None, arsredovisning=True)
    interim = Beslutvy("Kommunfullmäktige", kf, "48", None, arsredovisning=False)
    ks = Beslutvy("Kommunstyrelsen", kf, "§ 52", None, arsredovisning=True)
    assert decision(annual) == "Godkänd av Kommunfullmäktige 2021-04-26 § 48"
    assert decision(interim) == "Behandlad av Kommunfullmäktige 2021-04-26 § 48"
    assert decision(ks) == "Beslutad av Kommunstyrelsen 2021-04-26 § 52"
    assert decision_text(Beslutvy("KF", kf, None, None)) == "Behandlad av KF 2021-04-26"


def test_the_reports_decisions_know_their_report(tmp_path):
    bokslut = (
        "beslut:\n"
        "  delar2: [{organ: Kommunfullmäktige, datum: 2020-10-26, paragraf: § 101}]\n"
        "  helar: [{organ: Kommunfullmäktige, datum: 2021-04-26, paragraf: § 48}]\n"
    )
    root = annual_repo(tmp_path, **{"bokslut.yaml": bokslut})
    assert [decision(b) for b in build(root).beslut] == [
        "Godkänd av Kommunfullmäktige 2021-04-26 § 48"
    ]
    assert [decision(b) for b in build(root, "delar2").beslut] == [
        "Behandlad av Kommunfullmäktige 2020-10-26 § 101"
    ]


# --- 6. the financial goals' forecast apart ------------------------------------------------------


def test_the_financial_goals_forecast_kommun_and_koncern_apart(interim):
    """The fixture at delår 2: two kommun goals with a forecast (0.3 < 1, 510 > 500: not
    met), the koncern's goal without one."""
    p = fb(interim).prognos
    assert p is not None
    assert p.mal_text == "0 av 2 för kommunen väntas uppfyllas"
    assert goals_forecast_text((3, 3), (1, 1)) == (
        "3 av 3 för kommunen, 1 av 1 för koncernen väntas uppfyllas"
    )
    assert goals_forecast_text((0, 0), (1, 2)) == "1 av 2 för koncernen väntas uppfyllas"
    assert goals_forecast_text((0, 0), (0, 0)) is None
    md = include(interim, "md", "_forvaltningsberattelse")
    assert "- Finansiella mål: 0 av 2 för kommunen väntas uppfyllas.\n" in md


# --- 7. framgångsfaktorer in an interim report ---------------------------------------------------


def test_interim_framgangsfaktorer_are_followed_up_in_the_annual_report(annual, interim):
    goal = next(g for g in interim.mal if g.faktorer)
    assert all(ff.arsvis for ff in goal.faktorer)
    assert not any(ff.arsvis for g in annual.mal for ff in g.faktorer)
    source = '{% for mal in r.mal %}{% include "_malsattning.FMT.j2" %}{% endfor %}'
    html = environment("html", []).from_string(source.replace("FMT", "html")).render(r=interim)
    md = environment("md", []).from_string(source.replace("FMT", "md")).render(r=interim)
    if not any(ff.bedomning for g in interim.mal for ff in g.faktorer):
        assert "Ej uppföljd" not in html + md
    assert '<span title="Följs upp i årsredovisningen">–</span>' in html
    assert re.search(r"^\| [^|]+ \| – \| ", md, re.M)


def test_agenda_2030_groups_are_set_apart_by_semicolons(annual):
    """`Mål 11 Hållbara städer och samhällen: 11.7; Mål 16 …: 16.1`: a comma parts the
    targets, a semicolon the goals."""
    md = render(annual, "md", [])
    assert "Agenda 2030: Mål 4 God utbildning för alla; Mål 10 Minskad ojämlikhet." in md
    assert "(God utbildning för alla)" not in md


# --- 8. Agenda 2030 and the table of contents ------------------------------------------------


def test_the_table_of_contents_lists_the_goals_unnumbered(annual):
    html = render(annual, "html", [])
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert re.search(r'<a href="#malsattningar">Strategiska målsättningar</a>\s*<ul>', nav)
    first = annual.mal[0]
    assert f'<li><a href="#{first.anchor}">{first.id}. {first.namn}</a></li>' in nav
    assert nav.count("<ol>") == 1
