"""`malkoll dialog NÄMND`: the page for the dialogue between a nämnd's presidium and KSAU,
each part on the example and on a small repository of the tests' own."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLES, build_repo, run
from malkoll.analysis.deviations import deviations, largest
from malkoll.analysis.periods import default_period
from malkoll.reading.load import load
from malkoll.report.dialog import page

ALE = EXAMPLES / "ale-2020"
OCT_1 = dt.date(2020, 10, 1)


@pytest.fixture(scope="module")
def ale():
    return load(ALE)


@pytest.fixture(scope="module")
def un(ale):
    """Utbildningsnämnden's page for delår 2, on 1 October 2020."""
    return page(ale, "un", 2020, "delar2", OCT_1)


# --- the parts on the example -------------------------------------------------------------


def test_the_default_period_is_the_latest_passed(ale):
    # delar1 is 31 March, delar2 31 August, helar 31 December.
    assert (
        default_period(ale.installningar, 2020, dt.date(2020, 2, 1)) == "delar1"
    )  # none passed yet
    assert default_period(ale.installningar, 2020, dt.date(2020, 4, 1)) == "delar1"
    assert default_period(ale.installningar, 2020, OCT_1) == "delar2"
    assert default_period(ale.installningar, 2020, dt.date(2021, 1, 5)) == "helar"


def test_assessments_of_the_nämnd_and_its_units(un):
    rows = [
        (r.delmal, [(org, s.id if s else None) for org, _f, s in r.bedomningar])
        for r in un.bedomningar
    ]
    assert rows == [
        (
            "1.1",
            [
                ("Utbildningsnämnden", "gul"),
                ("Sektor utbildning", "gul"),
                ("Grundskola", "gul"),
                ("Nolskolan", "rod"),
                ("Aroseniusskolan", "gul"),
            ],
        ),
        ("1.2", [("Utbildningsnämnden", "gul"), ("Sektor utbildning", "gul")]),
        ("1.3", [("Utbildningsnämnden", "gron"), ("Sektor utbildning", "gron")]),
    ]


def test_the_changes_since_the_previous_period(un):
    c = un.andringar
    assert (c.fran, c.till) == ("Delårsrapport 1 2020", "Delårsrapport 2 2020")
    moved = [
        (o.id, d.delmal, d.fran.id, d.till.id, d.riktning)
        for o in c.organisationer
        for d in o.delmal
        if d.riktning
    ]
    assert moved == [
        ("un", "1.2", "gron", "gul", "sämre"),
        ("sektor-utbildning", "1.2", "gron", "gul", "sämre"),
        ("nolskolan", "1.1", "gul", "rod", "sämre"),
    ]


def test_the_three_largest_deviations(ale, un):
    # As analysis.deviations ranks them (its own tests check the figures): the three
    # largest of the nämnd's, by size.
    found = largest(deviations(ale, 2020, "delar2", namnd="un")[0], 3)
    assert len(found) == 3
    assert [(x.delmal, x.text) for x in un.avvikelser] == [(a.delmal, a.text) for a in found]
    assert un.avvikelser[0].slag in (
        "Målvärde",
        "Utveckling",
        "Jämförelse",
        "Skillnad mellan grupper",
    )


def test_internal_control_deviations_with_their_measures(un):
    # un's IK-UN-1 and IK-UN-2 found deviations at delar2; IK-UN-3 is not listed.
    assert [(k.id, k.organisation) for k in un.internkontroll] == [
        ("IK-UN-1", "Utbildningsnämnden"),
        ("IK-UN-2", "Utbildningsnämnden"),
    ]
    first = un.internkontroll[0]
    assert first.kontroll == "Tilläggsbelopp: Granskning av 20 beslut om tilläggsbelopp"
    assert first.avvikelser == "I 5 beslut saknades en aktuell pedagogisk kartläggning."
    assert first.atgarder.startswith("Ny mall för ansökan om tilläggsbelopp")


def test_the_economy_by_hand(un):
    e = un.ekonomi
    # ekonomi.yaml, un at delar2: period budget 521 600, outcome 528 380, forecast −11 500.
    assert (e.budget, e.jamfort_med, e.utfall) == (782400, 521600, 528380)
    assert e.avvikelse == 521600 - 528380 == -6780
    assert e.avvikelse_procent == pytest.approx(-6780 / 521600)  # −1,3 %
    assert (e.prognos, e.prognos_rubrik) == (-11500, "Prognos helår, avvikelse (delårsrapport 2)")


def test_what_the_last_dialogue_asked_for(un):
    # un.yaml: dialog.delar1 on 2020-05-12 asked for two things; delar2's is dated.
    f = un.forra
    assert (f.period, f.datum) == ("Delårsrapport 1 2020", dt.date(2020, 5, 12))
    assert f.bad_om == [
        "En plan för hur fler elever i södra Ale blir behöriga till gymnasiet.",
        "Hur nämnden ska minska underskottet för tilläggsbelopp och skolskjuts.",
    ]
    assert (un.denna.datum, un.denna.bad_om) == (dt.date(2020, 10, 6), [])
    assert un.denna.deltagare[0] == "KSAU"


def test_late_assignments(ale):
    # U2020-02 (sektor-ks, under ks): klart 2020-09-30, status forsenad at helar: late.
    # At delar2 (31 August) it was not due yet.
    ks = page(ale, "ks", 2020, "helar", dt.date(2021, 1, 10))
    assert [(u.id, u.organisation, u.klart, u.status) for u in ks.sena_uppdrag] == [
        ("U2020-02", "Sektor kommunstyrelsen", dt.date(2020, 9, 30), "Försenad")
    ]
    assert ks.sena_uppdrag[0].kommentar.startswith("Försenad på grund av pandemin.")
    assert page(ale, "ks", 2020, "delar2", OCT_1).sena_uppdrag == []


# --- the command on the example ------------------------------------------------------------


def test_dialog_writes_the_page(tmp_path):
    code, out, err = run(
        "dialog",
        "un",
        "--period",
        "delar2",
        "-C",
        str(ALE),
        "--ut",
        str(tmp_path),
        "--idag",
        "2020-10-01",
    )
    assert code == 0
    assert err == ""
    md = tmp_path / "dialog-2020-delar2-un.md"
    html = tmp_path / "dialog-2020-delar2-un.html"
    assert out == f"Skrev {md}\nSkrev {html}\n"
    text = md.read_text(encoding="utf-8")
    assert text.startswith(
        "# Ale kommun: Underlag för dialog, delårsrapport 2 2020 – Utbildningsnämnden\n\n"
        "- Dialogen 2020-10-06: KSAU, Utbildningsnämndens presidium, Sektorchef utbildning\n"
    )
    assert (
        "## Vad förra dialogen bad om\n\nDialogen om delårsrapport 1 2020 (2020-05-12, med "
        "KSAU, Utbildningsnämndens presidium, Sektorchef utbildning) bad nämnden återkomma "
        "med:\n\n- En plan för hur fler elever i södra Ale blir behöriga till gymnasiet.\n"
        "- Hur nämnden ska minska underskottet för tilläggsbelopp och skolskjuts.\n"
    ) in text
    # The assessments with the previous period's beside them.
    assert (
        "| Delmål | Organisation | Förra perioden (delårsrapport 1) | Nu (delårsrapport 2) |\n"
        in text
    )
    assert (
        "| 1.1 Alla elever ska lämna grundskolan med behörighet till gymnasieskolans "
        "nationella program | Utbildningsnämnden | 🟡 Gul | 🟡 Gul |" in text
    )
    assert "|  | Nolskolan | 🟡 Gul | 🔴 Röd |" in text
    # The changes: the move, the parts rewritten and the measures themselves.
    assert (
        "- Nolskolan, delmål 1.1: bedömning 🟡 Gul → 🔴 Röd (sämre). Ändrade delar av "
        "analysen: Resultat, Orsaker, Avvikelser, Skillnader mellan grupper, Slutsatser.\n"
        "  - Ny åtgärd: Studiestöd inom skoldagen från höstterminen," in text
    )
    assert "  - Borttagen åtgärd: Särskilda stödinsatser för de 13 eleverna," in text
    # ekonomi.yaml: un's forecast −4 500 at delar1, −11 500 at delar2, as the report's section.
    assert (
        "Från delårsrapport 1 2020 till delårsrapport 2 2020:\n\n"
        "- Utbildningsnämnden, prognos för årets budgetavvikelse: −4\u00a0500\u00a0tkr → "
        "−11\u00a0500\u00a0tkr (−7\u00a0000\u00a0tkr, sämre).\n"
        "- Utbildningsnämnden, delmål 1.1:" in text
    )
    assert "ny åtgärd." not in text  # no longer only counted
    assert "## Sena uppdrag\n\nInga sena uppdrag.\n" in text
    assert "- IK-UN-2 Elevfrånvaro: Kontroll av att rektorerna anmält" in text
    assert "- Budgetavvikelse: −6\u00a0780\u00a0tkr (−1,3\u00a0%)" in text
    assert "- Prognos helår, avvikelse (delårsrapport 2): −11\u00a0500\u00a0tkr" in text
    page_html = html.read_text(encoding="utf-8")
    assert '<section id="bad-om" aria-labelledby="bad-om-rubrik">' in page_html
    assert (
        "<li>En plan för hur fler elever i södra Ale blir behöriga till gymnasiet.</li>"
        in page_html
    )
    assert '<th scope="col">Förra perioden (delårsrapport 1)</th><th scope="col">Nu</th>' in (
        page_html
    )
    assert "<li>Ny åtgärd: Studiestöd inom skoldagen från höstterminen," in page_html
    assert (
        "<ul>\n<li>Utbildningsnämnden, prognos för årets budgetavvikelse: −4\u00a0500\u00a0tkr "
        "→ −11\u00a0500\u00a0tkr (−7\u00a0000\u00a0tkr, sämre).</li>" in page_html
    )
    assert ".steg {" in page_html  # the report's style


def test_the_default_period_through_the_command(tmp_path):
    code, out, _ = run(
        "dialog", "un", "-C", str(ALE), "--ut", str(tmp_path), "--idag", "2020-10-01", "-f", "md"
    )
    assert code == 0
    assert out == f"Skrev {tmp_path / 'dialog-2020-delar2-un.md'}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["xyz"], "'xyz' är ingen nämnd eller bolag i organisation.yaml."),
        (["nolskolan"], "nolskolan hör till un: skriv malkoll dialog un."),
        (["un", "--period", "delar9"], "Perioden 'delar9' finns inte."),
        (["un", "--ar", "2019"], "Året 2019 finns inte i målrepot (årsmappar: 2020)."),
        (["un", "-f", "pdf"], "Okänt format 'pdf'"),
    ],
)
def test_errors_in_swedish_with_status_2(tmp_path, args, message):
    code, out, err = run("dialog", *args, "-C", str(ALE), "--ut", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("malkoll: ")
    assert message in err
    assert not list(tmp_path.iterdir())


# --- a small repository: absent parts and hostile text ----------------------------------------

PLAN = """organisation: bun
ar: 2020
delmal:
  - delmal: "1.1"
    uppfoljning:
      delar1: {bedomning: gul, analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser.}}
      delar2: {bedomning: gron, analys: {resultat: Meritvärdet ökar., orsaker: Tidiga insatser.}}
"""
HOSTILE = """dialog:
  delar1:
    datum: 2020-05-05
    deltagare: ["<b>KSAU</b>"]
    bad_om:
      - "<script>alert(1)</script> {{ 7*7 }}"
      - "[klicka](javascript:alert(1)) | **fet**"
  delar2:
    anteckningar: "<img src=x onerror=alert(1)> # rubrik"
"""


def small(root: Path, plan: str = PLAN) -> Path:
    """The base repository with these tests' own plan for bun (none below it), and
    no economy, uppdrag or internal control."""
    build_repo(root)
    for path in (root / "2020/plan").rglob("*.yaml"):
        path.unlink()
    for path in (root / "2020/internkontroll").glob("*.yaml"):
        path.unlink()
    (root / "2020/ekonomi.yaml").unlink()
    (root / "2020/uppdrag.yaml").write_text("[]\n", encoding="utf-8")
    (root / "2020/plan/bun.yaml").write_text(plan, encoding="utf-8")
    return root


def test_absent_parts_say_so(tmp_path):
    root = small(tmp_path / "r")
    code, _, _ = run("dialog", "bun", "--period", "delar1", "-C", str(root), "-f", "md")
    assert code == 0
    text = (root / "rapporter/dialog-2020-delar1-bun.md").read_text(encoding="utf-8")
    assert "## Vad förra dialogen bad om\n\nIngen förra dialog finns antecknad.\n" in text
    # The year's first period and no 2019 folder: nothing to compare with.
    assert "Det finns ingen förra period att jämföra med." in text
    assert "Inga sena uppdrag." in text
    assert "Inga avvikelser i den interna kontrollen för perioden." in text
    assert "Barn- och ungdomsnämnden har ingen rad i ekonomi.yaml." in text
    assert "- Dialogen" not in text  # no dialogue written for delar1


def test_a_late_uppdrag_of_a_unit(tmp_path):
    root = small(tmp_path / "r")
    (root / "2020/uppdrag.yaml").write_text(
        "- {id: U1, namn: Ny skola, givet_av: KF, organisation: grundskola, klart: 2020-06-30,"
        " uppfoljning: {delar1: {status: pagar, kommentar: Förstudie.}}}\n"
        "- {id: U2, namn: Klart i tid, givet_av: KF, organisation: bun, klart: 2020-06-30,"
        " uppfoljning: {delar1: {status: genomford}}}\n"
        "- {id: U3, namn: Inte sent än, givet_av: KS, organisation: bun, klart: 2020-12-31}\n",
        encoding="utf-8",
    )
    built = page(load(root), "bun", 2020, "delar2", OCT_1)
    # U1: klart 30 June, before delar2's 31 August, latest status pagar (delar1): late.
    # U2 was done at delar1; U3 is due after the period.
    assert [(u.id, u.organisation, u.status, u.kommentar) for u in built.sena_uppdrag] == [
        ("U1", "Grundskola", "Pågår", "Förstudie.")
    ]
    assert page(load(root), "bun", 2020, "delar1", OCT_1).sena_uppdrag == []  # 31 March


def test_hostile_text_is_escaped(tmp_path):
    root = small(tmp_path / "r", PLAN + HOSTILE)
    code, _, err = run("dialog", "bun", "--period", "delar2", "-C", str(root))
    assert (code, err) == (0, "")
    html = (root / "rapporter/dialog-2020-delar2-bun.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert "<b>KSAU</b>" not in html
    assert "&lt;b&gt;KSAU&lt;/b&gt;" in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    md = (root / "rapporter/dialog-2020-delar2-bun.md").read_text(encoding="utf-8")
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert "\\[klicka\\](javascript" in md or "[klicka]\\(javascript" in md
    assert "\\| \\*\\*fet\\*\\*" in md or "\\| **fet**" in md  # the cell's | escaped
    assert "\n# rubrik" not in md
    assert "- Dialogen" not in md  # delar2's dialogue has notes but no date or participants


# --- what a new user's trial found ------------------------------------------------------------


def test_a_deviations_unit_is_named_only_when_the_text_does_not():
    from malkoll.report.dialog import _named_unless_said

    text = "Arbete och försörjning, verksamhetsmålet Antalet hushåll ska minska: 221."
    assert _named_unless_said("Arbete och försörjning", text) is None
    assert _named_unless_said("arbete och FÖRSÖRJNING", text) is None  # case aside
    assert _named_unless_said("Nolskolan", "Meritvärde per enhet: 198 mot 221.") is None
    assert _named_unless_said("Nolskolan", "Meritvärdet är 198,5, målvärdet 221.") == "Nolskolan"
    assert _named_unless_said(None, text) is None


def test_the_deviations_do_not_double_the_units_name(tmp_path):
    code, _, _ = run(
        "dialog", "oan", "--period", "helar", "-C", str(ALE), "--ut", str(tmp_path), "-f", "md"
    )
    assert code == 0
    text = (tmp_path / "dialog-2020-helar-oan.md").read_text(encoding="utf-8")
    deviations_part = text.split("## De tre största avvikelserna\n", 1)[1].split("\n## ", 1)[0]
    assert "(Arbete och försörjning): Arbete och försörjning" not in deviations_part


def test_the_budget_once_in_the_years_last_period(ale):
    # oan, ekonomi.yaml: budget 601 300; at helar the budget compared with is the year's.
    e = page(ale, "oan", 2020, "helar", dt.date(2021, 1, 10)).ekonomi
    assert (e.budget, e.jamfort_med, e.visa_arsbudget) == (601300, 601300, False)
    # delar2: the period's budget 400 870 beside the year's 601 300.
    e = page(ale, "oan", 2020, "delar2", OCT_1).ekonomi
    assert (e.budget, e.jamfort_med, e.visa_arsbudget) == (601300, 400870, True)


def test_the_budget_once_on_the_page(tmp_path):
    for period in ("helar", "delar2"):
        code, _, _ = run("dialog", "oan", "--period", period, "-C", str(ALE), "--ut", str(tmp_path))
        assert code == 0
    helar = (tmp_path / "dialog-2020-helar-oan.md").read_text(encoding="utf-8")
    assert "- Budget: 601\u00a0300\u00a0tkr\n- Utfall: 605\u00a0400\u00a0tkr\n" in helar
    assert "årsbudget" not in helar
    assert "årsbudget" not in (tmp_path / "dialog-2020-helar-oan.html").read_text("utf-8")
    delar2 = (tmp_path / "dialog-2020-delar2-oan.md").read_text(encoding="utf-8")
    assert (
        "- Budget för perioden: 400\u00a0870\u00a0tkr (årsbudget 601\u00a0300\u00a0tkr)\n" in delar2
    )


def test_a_bolags_own_follow_up(ale, tmp_path):
    built = page(ale, "alebyggen", 2020, "helar", dt.date(2021, 1, 10))
    b = built.bolag
    # 2020/bolag/alebyggen.yaml, helar: result 11 300, turnover 196 400, solidity 14,2 %.
    assert (b.org_id, b.uppfoljd, b.resultat, b.omsattning, b.soliditet) == (
        "alebyggen",
        True,
        11300,
        196400,
        14.2,
    )
    assert b.prognos is None  # the year's end: the outcome, no forecast
    # The owner's goals: solidity 14,2 ≥ 12, result 5,8 ≥ 4, letting 99,3 ≥ 98 met; 24
    # flats started against 40 not.
    assert [(g.malvarde, g.utfall, g.uppfyllt.id if g.uppfyllt else None) for g in b.mal] == [
        (12, 14.2, "uppfyllt"),
        (4, 5.8, "uppfyllt"),
        (98, 99.3, "uppfyllt"),
        (40, 24, "ej_uppfyllt"),
    ]
    assert page(ale, "un", 2020, "delar2", OCT_1).bolag is None
    code, _, _ = run(
        "dialog", "alebyggen", "--period", "helar", "-C", str(ALE), "--ut", str(tmp_path)
    )
    assert code == 0
    md = (tmp_path / "dialog-2020-helar-alebyggen.md").read_text(encoding="utf-8")
    assert (
        "## Bolagets uppföljning\n\n- Resultat efter finansiella poster: 11\u00a0300\u00a0tkr\n"
        "- Omsättning: 196\u00a0400\u00a0tkr\n- Soliditet: 14,2\u00a0%\n" in md
    )
    assert "### Sammanfattning\n\nResultatet efter finansiella poster blev 11,3 miljoner" in md
    assert (
        "| Bolaget ska påbörja minst 40 nya lägenheter under året | 40 | 24 | 🔴 Ej uppfyllt |"
        in md
    )
    assert "har ingen rad i ekonomi.yaml" not in md
    html = (tmp_path / "dialog-2020-helar-alebyggen.html").read_text(encoding="utf-8")
    assert '<section id="bolaget" aria-labelledby="bolaget-rubrik">' in html
    assert '<li><a href="#bolaget">Bolagets uppföljning</a></li>' in html


def test_a_period_not_yet_written(tmp_path):
    root = tmp_path / "ale"
    shutil.copytree(ALE, root)
    assert run("nytt-ar", "2021", "-C", str(root))[0] == 0
    built = page(load(root), "un", 2021, "delar1", dt.date(2021, 4, 5))
    assert built.andringar.efter_ifylld is False
    assert built.andringar.organisationer == []
    # The assessments' first column is the year before's last (helar 2020): un 1.1 gul.
    assert built.forra_period == "Årsredovisning 2020"
    first = built.bedomningar[0].bedomningar[0]
    assert (first[0], first[1].id if first[1] else None, first[2]) == (
        "Utbildningsnämnden",
        "gul",
        None,
    )
    code, _, _ = run(
        "dialog", "un", "--ar", "2021", "--period", "delar1", "-C", str(root), "-f", "md"
    )
    assert code == 0
    md = (root / "rapporter/dialog-2021-delar1-un.md").read_text(encoding="utf-8")
    assert (
        "## Förändringar sedan förra perioden\n\nDelårsrapport 1 2021 är inte ifylld ännu.\n" in md
    )
    assert "borttagen" not in md


def test_a_dialogue_for_an_unknown_period_is_mk205(tmp_path):
    """`dialog: {delar9: ...}` names no period of the year: MK205 at the key, as for
    `klarmarkering` and `beslut`; the fix (`delar2`) gives nothing."""
    from helpers import check, places

    name = "2020/plan/alafors-skola.yaml"
    plan = (build_repo(tmp_path / "base") / name).read_text(encoding="utf-8")

    def dialogue(key: str) -> str:
        return plan.replace("ar: 2020\n", f"ar: 2020\ndialog:\n  {key}: {{datum: 2020-09-20}}\n")

    wrong = build_repo(tmp_path / "wrong", files={name: dialogue("delar9")})
    found = [x for x in check(wrong, "--idag 2021-03-01").findings if x.code == "MK205"]
    assert places(found) == [f"{name}:4:3: fel MK205"]
    assert found[0].message == "`delar9` är inte en av årets perioder. Menade du `delar2`?"
    right = build_repo(tmp_path / "right", files={name: dialogue("delar2")})
    assert [x for x in check(right, "--idag 2021-03-01").findings if x.code == "MK205"] == []


def test_a_unit_not_yet_filled_in_keeps_the_changes_one_tight_list(tmp_path):
    """The draft: Hemtjänsten has not filled in 8.1 for delår 2; its line is an item of the
    same list as the next unit's, with no blank line between (a loose list otherwise)."""
    root = tmp_path / "utkast"
    shutil.copytree(EXAMPLES / "ale-2020-utkast", root)
    code, _, _ = run("dialog", "oan", "--period", "delar2", "-C", str(root), "-f", "md")
    assert code == 0
    md = (root / "rapporter/dialog-2020-delar2-oan.md").read_text(encoding="utf-8")
    changes = md.split("## Förändringar sedan förra perioden\n\n", 1)[1].split("\n## ", 1)[0]
    assert "- Hemtjänsten: inte ifyllt ännu för delmål 8.1 " in changes
    assert ".\n- Vård- och omsorgsboendet i Älvängen, delmål 8.1:" in changes
    items = changes.split(":\n\n", 1)[1].rstrip("\n")
    assert "\n\n" not in items  # one tight list
