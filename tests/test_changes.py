"""What changed between two periods: `analysis.changes`, `malkoll andringar` and the
report's section Förändringar sedan föregående period."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES, build_repo, edit_file, run
from malkoll.analysis.changes import (
    Tidpunkt,
    assessment_change,
    changes,
    measure_changes,
    measures,
    text_change,
    word_diff,
)
from malkoll.model.index import Index
from malkoll.reading.load import load
from malkoll.report import view as v
from malkoll.report.render import render

ALE = EXAMPLES / "ale-2020"
D1, D2, HELAR = Tidpunkt(2020, "delar1"), Tidpunkt(2020, "delar2"), Tidpunkt(2020, "helar")
DAY = dt.date(2020, 10, 1)


@pytest.fixture(scope="module")
def ale():
    return load(ALE)


@pytest.fixture(scope="module")
def un(ale):
    """Utbildningsnämnden and its units from delår 1 to delår 2."""
    return {o.organisation: o for o in changes(ale, D1, D2, namnd="un").organisationer}


def goal(org, delmal: str):
    return next(d for d in org.delmal if d.delmal == delmal)


# --- the core on the example ------------------------------------------------------------


def test_organisations_in_tree_order_and_only_the_nämnds(un):
    # Every plan under un changed something between the periods; in organisation.yaml's
    # order (un, the sector, the verksamhet, its schools as written).
    assert list(un) == ["un", "sektor-utbildning", "grundskola", "nolskolan", "aroseniusskolan"]


def test_assessments_that_moved(un):
    # un 1.2: gron (rank 0) at delår 1, gul (rank 1) at delår 2: worse.
    moved = goal(un["un"], "1.2").bedomning
    assert (moved.fran, moved.till, moved.riktning) == ("gron", "gul", "sämre")
    moved = goal(un["nolskolan"], "1.1").bedomning
    assert (moved.fran, moved.till, moved.riktning) == ("gul", "rod", "sämre")
    # un 1.1 stays gul: no assessment change, but its texts changed.
    assert goal(un["un"], "1.1").bedomning is None


def test_measures_and_parts_on_the_example(un):
    # un 1.1: the nämnd's one measure at delår 1 was replaced by another at delår 2; the
    # results, causes and groups were rewritten. The measures' part is not diffed as
    # well: the measure added and the one dropped say it. (The texts themselves are
    # checked on a small repository below: the example's wording is edited often.)
    d = goal(un["un"], "1.1")
    assert (len(d.nya_atgarder), len(d.borttagna_atgarder)) == (1, 1)
    assert d.delar == ["resultat", "orsaker", "grupper"]
    # 1.2 had no atgarder at delår 1: its measure is new; the part is not shown twice.
    d = goal(un["un"], "1.2")
    assert (len(d.nya_atgarder), d.borttagna_atgarder) == (1, [])
    assert [t for t in d.texter if t.del_ == "atgarder"] == []
    # A delmål where only the texts changed is still listed (1.3: resultat, orsaker).
    assert goal(un["un"], "1.3").bedomning is None
    assert goal(un["un"], "1.3").delar == ["resultat", "orsaker"]


def test_activities_whose_status_changed(un):
    acts = goal(un["grundskola"], "1.1").aktiviteter
    # resursfordelning: pagar → pagar (left out); gemensam-franvarorutin: pagar → forsenad.
    assert [(a.id, a.fran, a.till) for a in acts] == [
        ("gemensam-franvarorutin", "pagar", "forsenad")
    ]
    acts = goal(un["nolskolan"], "1.1").aktiviteter
    assert [(a.id, a.fran, a.till) for a in acts] == [("studiestod-7-9", "pagar", "avbruten")]


def test_the_nämnds_forecast(un):
    # ekonomi.yaml: un's prognos −4 500 at delar1, −11 500 at delar2: 7 000 worse.
    p = un["un"].prognos
    assert (p.fran, p.till, p.skillnad) == (-4500, -11500, -7000)
    assert un["sektor-utbildning"].prognos is None  # not in ekonomi.yaml


def test_no_forecast_change_at_the_years_end(ale):
    # helar has the outcome, not a forecast: the forecast of delar2 does not "move" to none.
    found = changes(ale, D2, HELAR, namnd="un")
    assert all(o.prognos is None for o in found.organisationer)


def test_the_municipalitys_scope_is_nämnder_and_bolag(ale):
    found = changes(ale, D1, D2, kinds=("namnd", "bolag"))
    index = Index.of(ale)
    ids = [o.organisation for o in found.organisationer]
    assert ids == ["ks", "un", "oan", "sbn", "kfn", "sn"]
    assert all(index.typ(o) in ("namnd", "bolag") for o in ids)


# --- the pieces ------------------------------------------------------------------------------


def test_measures_are_list_items_else_sentences():
    assert measures("- Läsinsatser i åk 1.\n- Fler lärare,\n  särskilt i Nol.\n") == [
        "Läsinsatser i åk 1.",
        "Fler lärare, särskilt i Nol.",
    ]
    assert measures("1. Lovskola.\n2) Mentorer.") == ["Lovskola.", "Mentorer."]
    assert measures("Lovskola i juni. Fler mentorer från hösten! 3 nya lärare.") == [
        "Lovskola i juni.",
        "Fler mentorer från hösten!",
        "3 nya lärare.",
    ]
    assert measures(None) == []
    assert measures("  ") == []


def test_measures_compare_without_case_spacing_or_the_last_stop():
    assert measure_changes("Läsinsatser.", "läsinsatser") == ([], [])
    assert measure_changes("Läsinsatser.  Fler lärare.", "Fler   lärare. Lovskola.") == (
        ["Lovskola."],
        ["Läsinsatser."],
    )


def test_word_diff_segments():
    assert word_diff("a b c d", "a x c d e") == [
        ("=", "a"),
        ("-", "b"),
        ("+", "x"),
        ("=", "c d"),
        ("+", "e"),
    ]
    assert word_diff("ett två", "ett två") == [("=", "ett två")]


def test_text_change_kinds():
    assert text_change("resultat", None, None) is None
    assert text_change("resultat", "Samma\ntext.", "Samma  text.") is None  # spacing only
    new = text_change("orsaker", None, "Ny   orsak.")
    assert (new.slag, new.segment) == ("ny", [("+", "Ny orsak.")])
    gone = text_change("orsaker", "Gammal.", None)
    assert (gone.slag, gone.segment) == ("borttagen", [("-", "Gammal.")])


def test_assessment_change_on_the_scale():
    ranks = {"gron": 0, "gul": 1, "rod": 2}
    assert assessment_change("gul", "gul", ranks) is None
    assert assessment_change(None, "gul", ranks).riktning == "ny"
    assert assessment_change("gul", None, ranks).riktning == "borttagen"
    assert assessment_change("rod", "gul", ranks).riktning == "bättre"
    assert assessment_change("gron", "rod", ranks).riktning == "sämre"
    assert assessment_change("gron", "lila", ranks).riktning == "ändrad"


# --- small repositories ---------------------------------------------------------------------

SCHOOL = """organisation: alafors-skola
ar: 2020
delmal:
  - delmal: "1.1"
    aktiviteter:
      - id: las-1-3
        namn: Läsfrämjande insatser i årskurs 1–3
        uppfoljning:
          delar1: {status: pagar, kommentar: Startade i januari.}
          delar2: {status: forsenad, kommentar: Specialläraren slutade i maj.}
      - id: laxhjalp
        namn: Läxhjälp
    uppfoljning:
      delar1:
        bedomning: gul
        analys:
          resultat: Meritvärdet ökar men är under målvärdet.
          orsaker: Hög personalomsättning bland lärarna.
          grupper: Pojkarna har lägre resultat än flickorna.
          atgarder: Riktade läsinsatser för pojkar i åk 4–6.
      delar2:
        bedomning: rod
        analys:
          resultat: >-
            Meritvärdet ökar men
            är under målvärdet.
          orsaker: Hög sjukfrånvaro bland lärarna.
          slutsatser: Läsningen är nyckeln.
          atgarder: |-
            - riktade läsinsatser för pojkar i åk 4–6
            - Läxhjälp två dagar i veckan från september,
              rektor ansvarar.
"""


NAMND = """organisation: bun
ar: 2020
delmal:
  - delmal: "1.1"
    uppfoljning:
      delar1: {bedomning: gul, analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser.}}
      delar2: {bedomning: gul, analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser.}}
      helar: {bedomning: gul, analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser.}}
  - delmal: "1.10"
    uppfoljning:
      delar1: {bedomning: gron, analys: {resultat: Läsningen ökar., orsaker: Nya rutiner.}}
      delar2: {bedomning: gron, analys: {resultat: Läsningen ökar., orsaker: Nya rutiner.}}
"""
ECONOMY = """namnder:
  - organisation: bun
    budget: 650000
    perioder:
      feb: {utfall: 108500, periodbudget: 108000, prognos: -2000}
      delar1: {utfall: 161000, periodbudget: 162000, prognos: -3500}
      delar2: {utfall: 431000, periodbudget: 433000, prognos: -9000}
      helar: {utfall: 658000}
"""


def own_repo(root: Path) -> Path:
    """The base repository with plans and economy of these tests' own (other tests edit
    the base's): bun the same at delar1 and delar2, its forecast −3 500 → −9 000, and
    no plans below it."""
    build_repo(root)
    for plan in (root / "2020/plan").rglob("*.yaml"):
        plan.unlink()
    (root / "2020/plan/bun.yaml").write_text(NAMND, encoding="utf-8")
    (root / "2020/ekonomi.yaml").write_text(ECONOMY, encoding="utf-8")
    return root


def school_repo(root: Path) -> Path:
    """`own_repo` with Alafors skola's delar1 and delar2 written to differ."""
    own_repo(root)
    (root / "2020/plan/alafors-skola.yaml").write_text(SCHOOL, encoding="utf-8")
    return root


def test_a_units_changes_written_out(tmp_path):
    found = changes(load(school_repo(tmp_path / "r")), D1, D2)
    school = next(o for o in found.organisationer if o.organisation == "alafors-skola")
    d = goal(school, "1.1")
    assert (d.bedomning.fran, d.bedomning.till, d.bedomning.riktning) == ("gul", "rod", "sämre")
    # The first measure is the same but for its case and full stop; the second is new.
    assert d.nya_atgarder == ["Läxhjälp två dagar i veckan från september, rektor ansvarar."]
    assert d.borttagna_atgarder == []
    # resultat: the same words over two lines, so unchanged; orsaker: one word replaced;
    # grupper: removed; slutsatser: new; atgarder: the list replaced the sentence, but
    # with a measure added its diff is left out (the new measure says it).
    assert [(t.del_, t.slag) for t in d.texter] == [
        ("orsaker", "ändrad"),
        ("grupper", "borttagen"),
        ("slutsatser", "ny"),
    ]
    assert d.texter[0].segment == [
        ("=", "Hög"),
        ("-", "personalomsättning"),
        ("+", "sjukfrånvaro"),
        ("=", "bland lärarna."),
    ]
    assert d.texter[1].segment == [("-", "Pojkarna har lägre resultat än flickorna.")]
    assert d.texter[2].segment == [("+", "Läsningen är nyckeln.")]
    # las-1-3 pagar → forsenad; laxhjalp has no follow-up in either period: left out.
    assert [(a.id, a.fran, a.till) for a in d.aktiviteter] == [("las-1-3", "pagar", "forsenad")]


def test_the_page_of_a_units_changes(tmp_path):
    root = school_repo(tmp_path / "r")
    code, _, _ = run("andringar", "delar1", "delar2", "-C", str(root), "--namnd", "bun")
    assert code == 0
    md = (root / "rapporter/andringar-2020-delar1-delar2-bun.md").read_text(encoding="utf-8")
    school = md.split("## Alafors skola\n", 1)[1]
    assert school.startswith(
        "\n### Delmål 1.1: Alla elever ska lämna grundskolan med godkända betyg\n\n"
        "- Bedömning: 🟡 Gul → 🔴 Röd (sämre)\n"
        "- Ny åtgärd: Läxhjälp två dagar i veckan från september, rektor ansvarar.\n"
        "- Aktivitet Läsfrämjande insatser i årskurs 1–3: Pågår → Försenad\n"
    )
    assert (
        "*Orsaker (ändrad).* Hög ~~personalomsättning~~ **sjukfrånvaro** bland lärarna.\n" in school
    )
    assert (
        "*Skillnader mellan grupper (borttagen).* ~~Pojkarna har lägre resultat än flickorna.~~\n"
        in school
    )
    assert "*Slutsatser (ny).* **Läsningen är nyckeln.**\n" in school
    assert (
        "## Barn- och ungdomsnämnden\n\nPrognos för årets budgetavvikelse: "
        "−3\u00a0500\u00a0tkr → −9\u00a0000\u00a0tkr (−5\u00a0500\u00a0tkr, sämre).\n" in md
    )
    html = (root / "rapporter/andringar-2020-delar1-delar2-bun.html").read_text(encoding="utf-8")
    assert "Hög <del>personalomsättning</del> <ins>sjukfrånvaro</ins> bland lärarna." in html
    assert "<li>Aktivitet Läsfrämjande insatser i årskurs 1–3: Pågår → Försenad</li>" in html


def test_nothing_changed_is_left_out(tmp_path):
    root = own_repo(tmp_path / "r")
    found = changes(load(root), D1, D2)
    # bun's follow-ups are the same at delar1 and delar2; only its forecast moved,
    # −3 500 → −9 000, so bun is listed with no delmål.
    assert [(o.organisation, o.delmal) for o in found.organisationer] == [("bun", [])]
    assert found.organisationer[0].prognos.skillnad == -5500


def test_a_better_forecast_says_so_with_a_plus(tmp_path):
    """The forecast is the year's deviation (budget − outcome): −3 500 → −2 000 is
    −2 000 − (−3 500) = +1 500, better; −3 500 → −9 000 is −5 500, worse."""
    root = own_repo(tmp_path / "r")
    from malkoll.report.andringar import view as named_view

    [bun] = named_view(load(root), D1, D2).organisationer
    assert (bun.prognos_skillnad, bun.prognos_riktning) == (-5500, "sämre")
    edit_file(root, "2020/ekonomi.yaml", "prognos: -9000", "prognos: -2000")
    [bun] = named_view(load(root), D1, D2).organisationer
    assert (bun.prognos_skillnad, bun.prognos_riktning) == (1500, "bättre")
    code, _, _ = run("andringar", "delar1", "delar2", "-C", str(root))
    assert code == 0
    md = (root / "rapporter/andringar-2020-delar1-delar2.md").read_text(encoding="utf-8")
    assert (
        "Prognos för årets budgetavvikelse: −3\u00a0500\u00a0tkr → −2\u00a0000\u00a0tkr "
        "(+1\u00a0500\u00a0tkr, bättre).\n" in md
    )
    html = (root / "rapporter/andringar-2020-delar1-delar2.html").read_text(encoding="utf-8")
    assert "(+1\u00a0500\u00a0tkr, bättre).</p>" in html


def year_before(root: Path) -> Path:
    """A 2019 folder whose bun plan has 1.1 rod at helar, with two measures."""
    plan = root / "2019" / "plan" / "bun.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(
        "organisation: bun\nar: 2019\ndelmal:\n"
        '  - delmal: "1.1"\n    uppfoljning:\n      helar:\n        bedomning: rod\n'
        "        analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser., "
        "atgarder: Läsinsatser. Fler lärare.}\n",
        encoding="utf-8",
    )
    return root


def test_across_the_years(tmp_path):
    root = year_before(school_repo(tmp_path / "r"))
    found = changes(load(root), Tidpunkt(2019, "helar"), D1)
    bun = found.organisationer[0]
    assert bun.organisation == "bun"
    assert bun.prognos is None
    d = goal(bun, "1.1")
    assert (d.bedomning.fran, d.bedomning.till, d.bedomning.riktning) == ("rod", "gul", "bättre")
    # 2019 had two measures, 2020's delar1 none (bun's own plan above).
    assert (d.nya_atgarder, d.borttagna_atgarder) == ([], ["Läsinsatser.", "Fler lärare."])
    assert d.delar == []  # the dropped measures say it; the part is not diffed too
    # 1.10 is new in 2020: it was not followed up at 2019's helar, so only its
    # assessment is shown (new), not its texts word by word.
    d = goal(bun, "1.10")
    assert (d.saknades, d.bedomning.riktning, d.delar) == (True, "ny", [])
    # alafors-skola has no 2019 plan: its delmål did not exist then, likewise.
    assert [o.organisation for o in found.organisationer] == ["bun", "alafors-skola"]
    school = goal(found.organisationer[1], "1.1")
    assert (school.saknades, school.bedomning.till, school.texter) == (True, "gul", [])


# --- the command -----------------------------------------------------------------------------


def test_andringar_writes_both_pages(tmp_path):
    code, out, err = run(
        "andringar", "delar1", "delar2", "-C", str(ALE), "--namnd", "un", "--ut", str(tmp_path)
    )
    assert (code, err) == (0, "")
    md = tmp_path / "andringar-2020-delar1-delar2-un.md"
    page = tmp_path / "andringar-2020-delar1-delar2-un.html"
    assert out == f"Skrev {md}\nSkrev {page}\n"
    text = md.read_text(encoding="utf-8")
    assert text.startswith(
        "# Ale kommun: Förändringar från delårsrapport 1 2020 till delårsrapport 2 2020"
        " – Utbildningsnämnden\n"
    )
    assert "9 delmål har ändrats" in text  # un 3, the sector 3, grundskola, two schools
    assert "- Bedömning: 🟢 Grön → 🟡 Gul (sämre)" in text
    assert (
        "- Aktivitet Gemensam rutin för uppföljning av frånvaro i alla grundskolor: "
        "Pågår → Försenad" in text
    )
    assert (
        "Prognos för årets budgetavvikelse: −4\u00a0500\u00a0tkr → −11\u00a0500\u00a0tkr "
        "(−7\u00a0000\u00a0tkr, sämre)." in text
    )
    assert "~~" in text
    assert "**" in text
    html = page.read_text(encoding="utf-8")
    assert "<del>" in html
    assert "<ins>" in html
    assert '<h2 id="andringar-nolskolan-rubrik">Nolskolan</h2>' in html
    assert "<style>" in html
    assert ".steg {" in html


def test_andringar_across_years_names_both(tmp_path):
    root = year_before(school_repo(tmp_path / "r"))
    code, out, _ = run("andringar", "2019:helar", "2020:delar1", "-C", str(root), "-f", "md")
    assert code == 0
    md = root / "rapporter" / "andringar-2019-helar-2020-delar1.md"
    assert out == f"Skrev {md}\n"
    text = md.read_text(encoding="utf-8")
    assert "- Bedömning: 🔴 Röd → 🟡 Gul (bättre)" in text
    assert "- Borttagen åtgärd: Läsinsatser.\n- Borttagen åtgärd: Fler lärare.\n" in text


def test_the_latest_year_is_the_default(tmp_path):
    root = year_before(school_repo(tmp_path / "r"))
    code, out, _ = run("andringar", "delar1", "delar2", "-C", str(root), "-f", "md")
    assert code == 0
    assert "andringar-2020-delar1-delar2.md" in out
    code, out, _ = run("andringar", "delar1", "helar", "--ar", "2019", "-C", str(root), "-f", "md")
    assert code == 0
    assert "andringar-2019-delar1-helar.md" in out


def test_a_later_first_period_is_allowed_and_said(tmp_path):
    code, _, _ = run("andringar", "delar2", "delar1", "-C", str(ALE), "--ut", str(tmp_path))
    assert code == 0
    text = (tmp_path / "andringar-2020-delar2-delar1.md").read_text(encoding="utf-8")
    assert "> Obs: Delårsrapport 2 2020 är senare än Delårsrapport 1 2020" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["delar9", "delar2"], "Perioden 'delar9' finns inte."),
        (["delar1", "delar1"], "Ange två olika perioder; båda är delårsrapport 1 2020."),
        (["2018:helar", "delar1"], "Året 2018 finns inte i målrepot (årsmappar: 2020)."),
        (["x:helar", "delar1"], "'x:helar' är ingen period"),
        (["delar1", "delar2", "--namnd", "xyz"], "'xyz' är ingen nämnd eller bolag"),
        (["delar1", "delar2", "--namnd", "nolskolan"], "nolskolan hör till un: skriv --namnd un."),
        (
            ["2020:", "delar1"],
            "'2020:' saknar perioden efter kolonet; skriv ÅÅÅÅ:period, t.ex. 2020:delar1.",
        ),
        (["delar1", "delar2", "-f", "pdf"], "Okänt format 'pdf'"),
        (["delar1", "delar2", "--ar", "2019"], "Året 2019 finns inte i målrepot"),
    ],
)
def test_errors_in_swedish_with_status_2(tmp_path, args, message):
    code, out, err = run("andringar", *args, "-C", str(ALE), "--ut", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("malkoll: ")
    assert message in err
    assert not list(tmp_path.iterdir())


def test_hostile_text_is_escaped(tmp_path):
    root = school_repo(tmp_path / "r")
    edit_file(
        root,
        "2020/plan/alafors-skola.yaml",
        "            - Läxhjälp två dagar",
        "            - <script>alert(1)</script> {{ 7*7 }} **fet** [x](javascript:alert(1))\n"
        "            - Läxhjälp två dagar",
    )
    code, _, _ = run("andringar", "delar1", "delar2", "-C", str(root), "--ut", str(tmp_path / "ut"))
    assert code == 0
    html = (tmp_path / "ut" / "andringar-2020-delar1-delar2.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "49" not in html
    assert 'href="javascript' not in html
    md = (tmp_path / "ut" / "andringar-2020-delar1-delar2.md").read_text(encoding="utf-8")
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert "](javascript" not in md  # the brackets escaped: text, never a link


# --- the report's section ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def interim(ale) -> v.Rapport:
    return v.build(ale, 2020, "delar2", today=DAY)


def test_the_reports_section_since_the_previous_period(interim):
    c = interim.andringar
    assert (c.fran, c.till) == ("Delårsrapport 1 2020", "Delårsrapport 2 2020")
    assert [o.id for o in c.organisationer] == ["ks", "un", "oan", "sbn", "kfn", "sn"]
    un = c.organisationer[1]
    d = next(d for d in un.delmal if d.delmal == "1.2")
    # The moves are in the summary's table just above: not repeated here, only
    # counted. delar1 → delar2 moved 9: ks 2.3 and 6.2, un 1.2, oan 2.1, 2.2 and 8.1,
    # sbn 7.2, kfn 3.2, sn 5.2; each of them changed something else too, so all 18
    # changed delmål stay listed.
    assert (d.fran, d.till, d.riktning) == (None, None, None)
    assert c.flyttade == 9
    assert c.antal == 18
    # Åtgärder is not among the parts: its new measure is listed instead.
    assert d.delar == ["Resultat", "Orsaker"]
    assert d.nya_atgarder == [
        "Sektorn ordnar lovskola i juni och undervisning i mindre grupper på skolan."
    ]


def test_the_reports_section_in_both_formats(interim):
    md = render(interim, "md", [])
    section = md.split("## Förändringar sedan föregående period\n", 1)[1].split("\n## ", 1)[0]
    assert (
        "Från delårsrapport 1 2020 till delårsrapport 2 2020 har "
        f"{interim.andringar.antal} delmål ändrats i nämnderna och bolagen." in section
    )
    assert section.count("Bedömningar som har flyttats står i sammanfattningen ovan.") == 1
    assert (
        "i nämnderna och bolagen. Bedömningar som har flyttats står i sammanfattningen "
        "ovan.\n\n**Kommunstyrelsen:**\n" in section
    )
    assert "Bedömning:" not in section
    assert "(sämre)" not in section
    assert (
        "- Delmål 1.2 Fler unga och vuxna ska fullfölja en gymnasieutbildning. "
        "Ändrade delar: Resultat, Orsaker.\n" in section
    )
    assert "  - Ny åtgärd: " in section
    assert "~~" not in section  # the words themselves only on malkoll andringar's page
    assert "\n### " not in section  # no headings that would meet the nämnder's own
    html = render(interim, "html", [])
    assert '<section id="forandringar" aria-labelledby="forandringar-rubrik">' in html
    assert "<del>" not in html


def test_a_nämnds_report_has_its_units(ale):
    model = v.build(ale, 2020, "delar2", namnd="un", today=DAY)
    assert [o.id for o in model.andringar.organisationer] == [
        "un",
        "sektor-utbildning",
        "grundskola",
        "nolskolan",
        "aroseniusskolan",
    ]
    assert "i nämnden och dess verksamheter" in render(model, "md", [])


def test_no_previous_period_no_section(ale):
    # delar1 is the year's first and the example has no 2019: nothing to compare with.
    model = v.build(ale, 2020, "delar1", today=DAY)
    assert model.andringar is None
    assert "Förändringar sedan föregående period" not in render(model, "md", [])


def test_own_templates_win_and_a_broken_one_writes_nothing(tmp_path):
    own = tmp_path / "mallar"
    own.mkdir()
    (own / "andringar.md.j2").write_text(
        "Egen sida: {{ r.andringar.antal }} delmål, {{ r.andringar.fran }}.\n", encoding="utf-8"
    )
    out = tmp_path / "ut"
    code, _, _ = run(
        "andringar",
        "delar1",
        "delar2",
        "-C",
        str(ALE),
        "--namnd",
        "un",
        "--mallar",
        str(own),
        "--ut",
        str(out),
        "-f",
        "md",
    )
    assert code == 0
    text = (out / "andringar-2020-delar1-delar2-un.md").read_text(encoding="utf-8")
    assert text == "Egen sida: 9 delmål, Delårsrapport 1 2020.\n"
    (own / "andringar.html.j2").write_text("{% block x %}", encoding="utf-8")
    broken = tmp_path / "trasig"
    code, out_text, err = run(
        "andringar", "delar1", "delar2", "-C", str(ALE), "--mallar", str(own), "--ut", str(broken)
    )
    assert code == 2
    assert out_text == ""
    assert "Traceback" not in err
    assert "andringar.html.j2:1 är felaktig" in err
    assert not broken.exists()


# --- a period not yet written, tokens, whole rewrites, measures once -------------------------

HELAR_2020, DELAR1_2021 = Tidpunkt(2020, "helar"), Tidpunkt(2021, "delar1")


@pytest.fixture(scope="module")
def next_year(tmp_path_factory) -> Path:
    """The example with 2021 made by `malkoll nytt-ar`: plans, no follow-up yet."""
    root = tmp_path_factory.mktemp("nytt") / "ale"
    shutil.copytree(ALE, root)
    code, _, err = run("nytt-ar", "2021", "-C", str(root))
    assert code == 0, err
    return root


def test_a_period_not_yet_written_is_not_removals(next_year):
    found = changes(load(next_year), HELAR_2020, DELAR1_2021, namnd="un")
    # No organisation under un has any follow-up for delar1 2021: nothing is removed.
    assert (found.fore_ifylld, found.efter_ifylld, found.organisationer) == (True, False, [])
    # The other way round, the earlier period is the one that did not exist.
    back = changes(load(next_year), DELAR1_2021, HELAR_2020, namnd="un")
    assert (back.fore_ifylld, back.efter_ifylld, back.organisationer) == (False, True, [])


def test_a_period_not_yet_written_on_the_page(next_year, tmp_path):
    code, _, _ = run(
        "andringar", "2020:helar", "2021:delar1", "--namnd", "un", "-C", str(next_year),
        "--ut", str(tmp_path),
    )  # fmt: skip
    assert code == 0
    md = (tmp_path / "andringar-2020-helar-2021-delar1-un.md").read_text(encoding="utf-8")
    assert "\nDelårsrapport 1 2021 är inte ifylld ännu.\n" in md
    assert "borttagen" not in md
    assert "~~" not in md
    html = (tmp_path / "andringar-2020-helar-2021-delar1-un.html").read_text(encoding="utf-8")
    assert "<p>Delårsrapport 1 2021 är inte ifylld ännu.</p>" in html
    code, _, _ = run(
        "andringar", "2021:delar1", "2020:helar", "--namnd", "un", "-C", str(next_year),
        "--ut", str(tmp_path), "-f", "md",
    )  # fmt: skip
    md = (tmp_path / "andringar-2021-delar1-2020-helar-un.md").read_text(encoding="utf-8")
    assert "\nDelårsrapport 1 2021 fanns inte.\n" in md
    assert "**" not in md.split("---")[0].replace("**fetstil**", "")


def test_one_delmal_written_the_others_not_yet(tmp_path, next_year):
    root = tmp_path / "ale"
    shutil.copytree(next_year, root)
    # un writes 1.2 (gul at helar 2020, now rod); 1.3 has an entry with nothing in it.
    edit_file(
        root,
        "2021/plan/un/un.yaml",
        '  - delmal: "1.2"\n  - delmal: "1.3"',
        '  - delmal: "1.2"\n    uppfoljning:\n      delar1:\n        bedomning: rod\n'
        "        analys: {resultat: Andelen med examen minskade till 68 %.}\n"
        '  - delmal: "1.3"\n    uppfoljning:\n      delar1: {analys: {resultat: "  "}}',
    )
    found = changes(load(root), HELAR_2020, DELAR1_2021, namnd="un")
    assert found.efter_ifylld
    un = found.organisationer[0]
    assert un.organisation == "un"
    d = goal(un, "1.2")
    assert (d.bedomning.fran, d.bedomning.till, d.bedomning.riktning) == ("gul", "rod", "sämre")
    # helar 2020: resultat "Andelen som tar examen inom fyra år minskade till 70 %." and
    # an orsaker text; now only resultat. Its tokens: 10 before, 6 now, 4 kept (Andelen,
    # examen, minskade, till): ratio 2 × 4 / 16 = 0,5, not below: shown as a diff.
    assert [(t.del_, t.slag, t.helt) for t in d.texter] == [
        ("resultat", "ändrad", False),
        ("orsaker", "borttagen", False),
    ]
    assert d.texter[0].segment == [
        ("=", "Andelen"),
        ("-", "som tar"),
        ("+", "med"),
        ("=", "examen"),
        ("-", "inom fyra år"),
        ("=", "minskade till"),
        ("-", "70 %."),
        ("+", "68 %."),
    ]
    # The measure written at helar is dropped; the part itself is not diffed as well.
    assert d.borttagna_atgarder == [
        "Sektorn fortsätter med lovskola och utökar studie- och yrkesvägledningen 2021."
    ]
    # 1.1 (no entry) and 1.3 (an empty one) are not yet written: not listed as removed.
    assert [x for x, _ in un.ej_ifyllda] == ["1.1", "1.3"]
    assert [d.delmal for d in un.delmal] == ["1.2"]
    # The units wrote nothing: each is listed with its delmål not yet written, no changes.
    school = next(o for o in found.organisationer if o.organisation == "nolskolan")
    assert (school.delmal, [x for x, _ in school.ej_ifyllda]) == ([], ["1.1"])
    code, _, _ = run(
        "andringar", "2020:helar", "2021:delar1", "--namnd", "un", "-C", str(root), "-f", "md"
    )
    assert code == 0
    md = (root / "rapporter/andringar-2020-helar-2021-delar1-un.md").read_text(encoding="utf-8")
    assert "Inte ifyllt ännu för delårsrapport 1 2021:\n\n- Delmål 1.1 Alla elever" in md
    assert "Gul → – (borttagen)" not in md


def test_tokens_keep_numbers_with_their_separators_and_units():
    from malkoll.analysis.changes import tokens

    assert tokens("Kostnaden 31 402 kr och 31\u2009402 tkr, (18,5 %) år 2020 180 hushåll.") == [
        "Kostnaden",
        "31 402 kr",
        "och",
        "31\u2009402 tkr,",
        "(18,5 %)",
        "år",
        "2020",  # a year followed by a number is not one number: 2020 has four digits
        "180",
        "hushåll.",
    ]
    assert tokens("−4\u00a0100\u00a0tkr 6,8 procent ALE-SYS-01: 12%") == [
        "−4\u00a0100\u00a0tkr",
        "6,8 procent",
        "ALE-SYS-01:",
        "12%",
    ]


def test_a_number_changed_is_one_token_replaced():
    # 31 402 → 32 118: one token out, one in; the thin space against a plain one is no
    # change at all.
    assert word_diff("Vi hade 31 402 besök, 12 %.", "Vi hade 32\u2009118 besök, 12 %.") == [
        ("=", "Vi hade"),
        ("-", "31 402"),
        ("+", "32\u2009118"),
        ("=", "besök, 12 %."),
    ]
    assert word_diff("Det blev 31 402 kr.", "Det blev 31\u2009402 kr.") == [
        ("=", "Det blev 31\u2009402 kr.")
    ]


def test_a_text_mostly_rewritten_is_shown_whole():
    from malkoll.analysis.changes import WHOLE_BELOW, similarity

    # Four tokens each, one kept: ratio 2 × 1 / 8 = 0,25 < 0,5: whole.
    old, new = "Läsningen ökar i Nol.", "Matematiken sjunker i Surte."
    assert similarity(old, new) == pytest.approx(2 * 1 / 8)
    t = text_change("resultat", old, new)
    assert (t.slag, t.helt, t.fore, t.efter) == ("ändrad", True, old, new)
    # Five tokens each, four kept: 2 × 4 / 10 = 0,8: the diff.
    t = text_change("resultat", "Läsningen ökar i Nol i år.", "Läsningen ökar i Surte i år.")
    assert t.helt is False
    assert WHOLE_BELOW == 0.5


def test_whole_rewrite_on_the_page(tmp_path):
    root = school_repo(tmp_path / "r")
    edit_file(
        root,
        "2020/plan/alafors-skola.yaml",
        "          slutsatser: Läsningen är nyckeln.",
        "          slutsatser: Läsningen är nyckeln.\n"
        "          avvikelser: Frånvaron ökade kraftigt under våren i alla årskurser.",
    )
    edit_file(
        root,
        "2020/plan/alafors-skola.yaml",
        "          grupper: Pojkarna har lägre resultat än flickorna.",
        "          grupper: Pojkarna har lägre resultat än flickorna.\n"
        "          avvikelser: Sjuktalen bland eleverna var normala hela terminen.",
    )
    code, _, _ = run("andringar", "delar1", "delar2", "-C", str(root))
    assert code == 0
    md = (root / "rapporter/andringar-2020-delar1-delar2.md").read_text(encoding="utf-8")
    assert (
        "*Avvikelser (ändrad, omskriven).*\n\n"
        "- Före: Sjuktalen bland eleverna var normala hela terminen.\n"
        "- Nu: Frånvaron ökade kraftigt under våren i alla årskurser.\n" in md
    )
    html = (root / "rapporter/andringar-2020-delar1-delar2.html").read_text(encoding="utf-8")
    assert (
        '<dl class="andring"><dt>Före</dt><dd>Sjuktalen bland eleverna var normala hela '
        "terminen.</dd><dt>Nu</dt><dd>Frånvaron ökade kraftigt under våren i alla årskurser."
        "</dd></dl>" in html
    )


def test_measures_reworded_show_the_diff_only_then(tmp_path):
    root = school_repo(tmp_path / "r")
    # Both periods list the same two measures; the second is reworded beyond case and
    # stop: one measure added, one dropped, so no diff of the part.
    edit_file(
        root,
        "2020/plan/alafors-skola.yaml",
        "          atgarder: Riktade läsinsatser för pojkar i åk 4–6.",
        "          atgarder: |-\n            - Riktade läsinsatser för pojkar i åk 4–6.\n"
        "            - Läxhjälp två dagar i veckan från september,\n"
        "              rektor ansvarar.",
    )
    d = goal(changes(load(root), D1, D2).organisationer[-1], "1.1")
    assert (d.nya_atgarder, d.borttagna_atgarder) == ([], [])
    # Same items (case, the stop and the line breaks do not count): the part's text
    # differs only so, so no diff either. Reword the list's layout: a diff of the part.
    edit_file(
        root,
        "2020/plan/alafors-skola.yaml",
        "            - Riktade läsinsatser för pojkar i åk 4–6.\n",
        "            1. Riktade läsinsatser för pojkar i åk 4–6.\n",
    )
    d = goal(changes(load(root), D1, D2).organisationer[-1], "1.1")
    assert (d.nya_atgarder, d.borttagna_atgarder) == ([], [])
    assert [(t.del_, t.slag) for t in d.texter if t.del_ == "atgarder"] == [("atgarder", "ändrad")]
