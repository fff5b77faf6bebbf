"""The report fullmäktige adopts (issue 14), built through the CLI (`malkoll rapport`) on
the examples: the förvaltningsberättelse with god ekonomisk hushållning for the kommun
and the koncern, the balanskravsutredning against a hand calculation from bokslut.yaml,
the statutory sick-leave figures, the bolag, each strategic goal's own assessment, the
interim report's forecasts, the parts in the order readers expect, each nämnd's overall
judgement of its internal control, and a nämnd's report with its own findings only."""

from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import EXAMPLES, run
from malkoll.model.index import Index
from malkoll.reading.load import load

ALE = EXAMPLES / "ale-2020"
DRAFT = EXAMPLES / "ale-2020-utkast"
STEG = {"gron": "🟢 Grön", "gul": "🟡 Gul", "rod": "🔴 Röd"}
"""The examples' scale (malkoll.yaml) as the Markdown report writes a step."""

# --- the hand calculation, from the example's files -----------------------------------------

NAMNDER_UTFALL = 115_600 + 789_200 + 605_400 + 93_900 + 57_300 + 10_220
"""ekonomi.yaml, `helar` utfall of ks, un, oan, sbn, kfn and sn: the nämnder's net cost."""
NAMNDER_BUDGET = 118_500 + 782_400 + 601_300 + 96_200 + 58_700 + 9_800
NAMNDER_PROGNOS_DELAR2 = 1_900 - 11_500 - 7_500 + 1_500 + 1_200 - 500
"""ekonomi.yaml, `delar2` prognos: the forecast deviation of each nämnd."""
POSTER_UTFALL = -59_480 + 1_372_400 + 453_600 - 10_900
"""bokslut.yaml, `helar` utfall of finansforvaltning, skatteintakter,
generella_statsbidrag and finansnetto (signed as in the resultaträkning)."""
POSTER_BUDGET = -74_800 + 1_398_000 + 392_000 - 12_500
POSTER_PROGNOS_DELAR2 = 9_000 - 31_000 + 58_000 + 1_100
REALISATIONSVINSTER = 1_200
TILL_RESULTATUTJAMNINGSRESERV = 10_000

ARETS_RESULTAT = -NAMNDER_UTFALL + POSTER_UTFALL
EFTER_JUSTERINGAR = ARETS_RESULTAT - REALISATIONSVINSTER
BALANSKRAVSRESULTAT = EFTER_JUSTERINGAR - TILL_RESULTATUTJAMNINGSRESERV
BUDGETERAT = -NAMNDER_BUDGET + POSTER_BUDGET
PROGNOS_DELAR2 = BUDGETERAT + NAMNDER_PROGNOS_DELAR2 + POSTER_PROGNOS_DELAR2


def test_the_hand_calculation():
    """The figures the example's README and bokslut.yaml's comments give."""
    assert (ARETS_RESULTAT, EFTER_JUSTERINGAR, BALANSKRAVSRESULTAT) == (84_000, 82_800, 72_800)
    assert (BUDGETERAT, PROGNOS_DELAR2) == (35_800, 58_000)


# --- building the reports through the CLI ----------------------------------------------------


def build(out: Path, root: Path, *flags: str) -> dict[str, str]:
    """`malkoll rapport 2020 -C ROOT FLAGS --ut OUT`: the Markdown and the HTML written."""
    status, stdout, stderr = run("rapport", "2020", "-C", str(root), "--ut", str(out), *flags)
    assert status == 0, stdout + stderr
    md = sorted(out.glob("*.md"))
    page = sorted(out.glob("*.html"))
    assert len(md) == len(page) == 1, (md, page)
    return {
        "md": md[0].read_text(encoding="utf-8"),
        "html": page[0].read_text(encoding="utf-8"),
        "stdout": stdout,
    }


@pytest.fixture(scope="module")
def annual(tmp_path_factory) -> dict[str, str]:
    return build(tmp_path_factory.mktemp("helar"), ALE, "--idag", "2021-03-01")


@pytest.fixture(scope="module")
def interim(tmp_path_factory) -> dict[str, str]:
    return build(
        tmp_path_factory.mktemp("delar2"), ALE, "--period", "delar2", "--idag", "2020-10-30"
    )


@pytest.fixture(scope="module")
def namnd(tmp_path_factory) -> dict[str, str]:
    """Utbildningsnämnden's own annual report in the draft, on 20 September."""
    out = tmp_path_factory.mktemp("un")
    return build(out, DRAFT, "--namnd", "un", "--idag", "2020-09-20")


@pytest.fixture(scope="module")
def municipality_draft(tmp_path_factory) -> dict[str, str]:
    return build(tmp_path_factory.mktemp("kommun"), DRAFT, "--idag", "2020-09-20")


# --- reading the reports ------------------------------------------------------------------


def amount(cell: str) -> float:
    """A figure as the report writes it (`−1 200`, `84 000`, `9,2`) as a number."""
    text = re.sub(r"[\s\u00a0\u202f]", "", cell).replace("−", "-").replace(",", ".")
    return float(text.removesuffix("%").removesuffix("tkr"))


def md_table(md: str, intro: str) -> list[list[str]]:
    """The body rows (cells) of the Markdown table right after the line ``intro``."""
    lines = md.split("\n")
    start = lines.index(intro)
    rows = []
    for line in lines[start + 1 :]:
        if not line and not rows:
            continue
        if not line.startswith("|"):
            break
        rows.append([words(c) for c in line.strip().strip("|").split(" | ")])
    assert len(rows) >= 3, (intro, rows)
    return rows[2:]


def md_section(md: str, heading: str) -> str:
    """The Markdown from the heading line ``heading`` to the next heading of its level."""
    level = heading.split(" ", 1)[0]
    start = md.index(f"\n{heading}\n")
    ends = [m.start() for m in re.finditer(rf"\n{level} ", md) if m.start() > start]
    return md[start : ends[0] if ends else len(md)]


def strip_tags(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def html_table(page: str, caption: str) -> list[list[str]]:
    """The body rows (cells as text) of the HTML table with ``caption``."""
    at = page.index(f"<caption>{caption}</caption>")
    body = page[at : page.index("</table>", at)].split("<tbody>", 1)[1]
    return [
        [strip_tags(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def html_section(page: str, section_id: str) -> str:
    """The HTML of the `<section id=...>` (nested sections included)."""
    found = re.search(rf'<section\b[^>]*\bid="{re.escape(section_id)}"', page)
    assert found, section_id
    start = found.start()
    depth, at = 0, start
    for m in re.finditer(r"<section\b|</section>", page[start:]):
        depth += 1 if m.group() == "<section" else -1
        if depth == 0:
            at = start + m.end()
            break
    return page[start:at]


def words(text: str) -> str:
    """Text with its runs of white space (the report's no-break spaces too) as one space."""
    return " ".join(text.split())


# --- the annual report ----------------------------------------------------------------------


def test_annual_report_has_the_forvaltningsberattelse_with_geh(annual):
    """God ekonomisk hushållning: the styrelse's assessment for the kommun and for the
    koncern, each with its text, and the financial goals of both."""
    md = md_section(annual["md"], "## Förvaltningsberättelse")
    geh = md_section(md, "### God ekonomisk hushållning och ekonomisk ställning")
    assert "**Kommunen:** 🟢 Uppfylld" in geh
    assert "**Koncernen:** 🟢 Uppfylld" in geh
    assert "Kommunstyrelsen bedömer att koncernen har en god ekonomisk hushållning." in geh
    assert md_table(geh, "Kommunens finansiella mål:")[0][:4] == [
        "Årets resultat ska vara minst 2 % av skatteintäkter och generella statsbidrag",
        "2 %",
        "4,6 %",
        "🟢 Uppfyllt",
    ]
    assert md_table(geh, "Koncernens finansiella mål:")[0][:4] == [
        "Koncernens soliditet ska vara minst 30 %",
        "30 %",
        "31,4 %",
        "🟢 Uppfyllt",
    ]
    page = html_section(annual["html"], "kapitel-hushallning")
    facts = strip_tags(page.split('<dl class="fakta">', 1)[1].split("</dl>", 1)[0])
    assert facts.startswith("Kommunen 🟢 Uppfylld Alla tre finansiella mål är uppfyllda")
    assert "Koncernen 🟢 Uppfylld Koncernens resultat blev 95,3 miljoner kronor" in facts
    assert html_table(page, "Koncernens finansiella mål")[0][:4] == [
        "Koncernens soliditet ska vara minst 30 %",
        "30 %",
        "31,4 %",
        "🟢 Uppfyllt",
    ]


def test_the_municipalitys_result_reconciles(annual):
    """The result line: the nämnder's net cost and the lines below it sum to the year's
    result, in budget and outcome, as the hand calculation does."""
    rows = md_table(
        annual["md"],
        next(
            x
            for x in annual["md"].split("\n")
            if x.startswith("Kommunens resultat, januari–december 2020 (tkr).")
        ),
    )
    table = {name.strip("*"): [amount(c) for c in cells] for name, *cells in rows}
    assert table["Nämnder och styrelse"] == [
        -NAMNDER_BUDGET,
        -NAMNDER_UTFALL,
        NAMNDER_BUDGET - NAMNDER_UTFALL,
    ]
    assert table["Årets resultat"] == [BUDGETERAT, ARETS_RESULTAT, ARETS_RESULTAT - BUDGETERAT]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_balanskravsutredning_is_the_hand_calculation(annual, fmt):
    """Årets resultat − realisationsvinster = efter balanskravsjusteringar − till
    resultatutjämningsreserven = balanskravsresultat, computed from bokslut.yaml."""
    if fmt == "md":
        rows = md_table(annual["md"], "Balanskravsutredning (tkr):")
    else:
        rows = html_table(annual["html"], "Balanskravsutredning (tkr)")
    table = {name.strip("*"): amount(value) for name, value in rows}
    assert table["Årets resultat"] == ARETS_RESULTAT
    assert table["Samtliga realisationsvinster"] == -REALISATIONSVINSTER
    assert table["Årets resultat efter balanskravsjusteringar"] == EFTER_JUSTERINGAR
    assert table["Medel till resultatutjämningsreserv"] == -TILL_RESULTATUTJAMNINGSRESERV
    assert table["Årets balanskravsresultat"] == BALANSKRAVSRESULTAT
    names = [name.strip("*") for name, _ in rows]
    assert names.index("Årets resultat") < names.index("Samtliga realisationsvinster")
    assert names.index("Årets resultat efter balanskravsjusteringar") < names.index(
        "Medel till resultatutjämningsreserv"
    )
    assert names[-1] == "Årets balanskravsresultat"
    assert "Balanskravet är uppfyllt" in annual[fmt]


SJUKFRANVARO_HELAR = {
    "Total sjukfrånvaro": (9.2, 7.8),
    "Kvinnor": (10.3, 8.9),
    "Män": (5.6, 4.5),
    "29 år eller yngre": (8.4, 6.9),
    "30–49 år": (8.8, 7.3),
    "50 år eller äldre": (10.1, 8.9),
    "Andel långtidssjukfrånvaro (60 dagar eller mer)": (38.5, 45.2),
}
"""personal.yaml: `helar` and `foregaende_ar`, in the law's order."""


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sick_leave_with_the_statutory_breakdown(annual, fmt):
    """Total; women and men; 29 or younger, 30–49, 50 or older; the share of long sick
    leave: this year and last, as personal.yaml has them."""
    caption = "Sjukfrånvaro i procent av sammanlagd ordinarie arbetstid"
    rows = (
        md_table(annual["md"], caption + ":")
        if fmt == "md"
        else html_table(annual["html"], caption)
    )
    assert {name: (amount(a), amount(b)) for name, a, b in rows} == SJUKFRANVARO_HELAR
    assert [name for name, *_ in rows] == list(SJUKFRANVARO_HELAR)


def test_the_bolag(annual):
    """AB Alebyggen (typ bolag in organisation.yaml) in the koncern and in its own part,
    with its result and its owner's goals."""
    md = annual["md"]
    assert md_table(md, "Bolagen i den kommunala koncernen (tkr):") == [
        ["[AB Alebyggen](#bolag-alebyggen)", "100 %", "11 300"]
    ]
    bolag = words(md_section(md, "## Kommunala bolag"))
    assert "### AB Alebyggen" in bolag
    assert "- Resultat efter finansiella poster: 11 300 tkr" in bolag
    goals = md_table(md, "Mål i ägardirektivet, januari–december 2020:")
    assert [g[3] for g in goals] == ["🟢 Uppfyllt"] * 3 + ["🔴 Ej uppfyllt"]
    page = html_section(annual["html"], "bolag")
    assert '<h3 id="bolag-alebyggen-rubrik">AB Alebyggen</h3>' in page
    assert len(html_table(page, "Mål i ägardirektivet, januari–december 2020")) == 4


def goal_assessments(period: str) -> dict[str, tuple[str, str | None]]:
    """Each strategic goal's own follow-up in the example: its ansvarig's assessment and
    forecast for ``period``."""
    out = {}
    for path in sorted((ALE / "2020/malsattningar").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry = data["uppfoljning"][period]
        out[data["malsattning"]] = (entry["bedomning"], entry.get("prognos"))
    return out


def test_each_strategic_goal_has_its_own_assessment(annual):
    """The målsättningsansvarig's assessment is the goal's, with the median of its
    delmål beside it as support; where they differ (goals 2, 6 and 7) the report shows
    the ansvarig's."""
    md = annual["md"]
    own = goal_assessments("helar")
    assert len(own) == 8
    support = {}
    for goal, (step, _) in own.items():
        heading = next(x for x in md.split("\n") if x.startswith(f"### {goal}. "))
        section = md_section(md, heading)
        found = re.search(
            r"^Bedömning: (.+)\. Sammanvägning av delmålen \(stöd\): (.+)\.$", section, re.M
        )
        assert found, goal
        assert found.group(1) == STEG[step], goal
        support[goal] = found.group(2)
    assert {g: (STEG[own[g][0]], support[g]) for g in ("2", "6", "7")} == {
        "2": ("🔴 Röd", "🟡 Gul"),
        "6": ("🟡 Gul", "🔴 Röd"),
        "7": ("🟢 Grön", "🟡 Gul"),
    }
    summary = md_table(md, "Måluppfyllelse per strategisk målsättning, januari–december 2020:")
    assert [row[1] for row in summary] == [STEG[own[g][0]] for g in sorted(own)]
    page = html_section(annual["html"], "mal-2")
    assert strip_tags(
        page.split('<div class="malsattning-uppfoljning">', 1)[1].split("</p>", 1)[0]
    ) == ("Bedömning: 🔴 Röd Sammanvägning av delmålen (stöd): 🟡 Gul")


# --- the interim report ---------------------------------------------------------------------


def test_interim_report_has_the_result_forecast(interim):
    """Delårsrapport 2: the forecast of the year's result (budget plus every forecast
    deviation), of the balanskrav on it, and of the financial goals."""
    md = words(md_section(interim["md"], "### Prognos för helåret"))
    assert (
        f"- Årets resultat: {tkr(PROGNOS_DELAR2)} enligt prognosen, mot budgeterade "
        f"{tkr(BUDGETERAT)} (avvikelse {tkr(PROGNOS_DELAR2 - BUDGETERAT)})."
    ) in md
    forecast_bk = PROGNOS_DELAR2 - REALISATIONSVINSTER - TILL_RESULTATUTJAMNINGSRESERV
    assert (
        "- Balanskravet: 🟢 Balanskravet väntas uppfyllas "
        f"(balanskravsresultat {tkr(forecast_bk)})."
    ) in md
    assert "- Finansiella mål: 3 av 3 för kommunen, 1 av 1 för koncernen väntas uppfyllas." in md
    rows = md_table(interim["md"], "Balanskravsutredning enligt prognosen för helåret (tkr):")
    table = {name.strip("*"): amount(value) for name, value in rows}
    assert table["Årets resultat enligt prognosen"] == PROGNOS_DELAR2
    assert table["Årets balanskravsresultat"] == forecast_bk
    page = html_section(interim["html"], "prognos")
    assert f"{tkr(PROGNOS_DELAR2)} enligt prognosen" in strip_tags(page)


def test_each_namnds_decision_on_its_report_stands_under_the_namnd(annual, interim):
    """The example's un plan: `beslut: helar: {organ: Utbildningsnämnden, datum:
    2021-02-17, paragraf: § 12, diarienummer: UN.2021.9}`, and at delår 2 § 87."""
    md = md_section(annual["md"], "### Utbildningsnämnden")
    assert "Nämnden beslutade om rapporten 2021-02-17 § 12 (UN.2021.9)." in md
    page = html_section(annual["html"], "namnd-un")
    assert "Nämnden beslutade om rapporten 2021-02-17 § 12 (UN.2021.9)." in strip_tags(page)
    md = md_section(interim["md"], "### Utbildningsnämnden")
    assert "Nämnden beslutade om rapporten 2020-09-23 § 87 (UN.2020.141)." in md


def test_interim_result_table_has_the_full_year_forecast(interim):
    """Delår 2's result row: budget 35 800 + forecast deviation 22 200 = 58 000 in the
    column `Prognos helår`, beside the January–August outcome."""
    rows = md_table(
        interim["md"],
        "Kommunens resultat, januari–augusti 2020 (tkr). Prognosen är helårets avvikelse "
        "mot budget; positiv är bättre än budget.",
    )
    result = next(r for r in rows if r[0].strip("*") == "Årets resultat")
    assert amount(result[1]) == BUDGETERAT
    assert amount(result[3]) == PROGNOS_DELAR2 == BUDGETERAT + 22_200
    assert amount(result[4]) == PROGNOS_DELAR2 - BUDGETERAT
    assert (
        "| Resultaträkningens rad | Budget helår | Utfall januari–augusti 2020 | Prognos helår |"
        in (interim["md"])
    )


def tkr(value: float) -> str:
    """An amount as the report writes it, `58 000 tkr`."""
    return f"{value:,.0f}".replace(",", " ").replace("-", "−") + " tkr"


def test_interim_report_has_the_forecast_of_goal_fulfilment(interim):
    """Each strategic goal's forecast for the year's end, in the summary of the goals
    and in the goal's own part."""
    md = interim["md"]
    own = goal_assessments("delar2")
    rows = md_table(md, "Måluppfyllelse per strategisk målsättning, januari–augusti 2020:")
    assert [row[3] for row in rows] == [STEG[own[g][1]] for g in sorted(own)]
    for goal, (_, forecast) in own.items():
        heading = next(x for x in md.split("\n") if x.startswith(f"### {goal}. "))
        assert f"Prognos vid årets slut: {STEG[forecast]}." in md_section(md, heading)
    assert '<th scope="col">Prognos vid årets slut</th>' in interim["html"]


# --- the order ---------------------------------------------------------------------------------

PARTS = [
    "## Förvaltningsberättelse",
    "## Sammanfattning",
    "## Strategiska målsättningar",
    "## Nämnder och styrelse",
    "## Kommunala bolag",
    "## Ekonomi",
    "## Uppdrag",
    "## Intern kontroll",
]
CHAPTERS = [
    "Måluppfyllelse per strategisk målsättning",
    "### God ekonomisk hushållning och ekonomisk ställning",
    "#### Kommunens resultat",
    "### Balanskravsresultat",
    "### Väsentliga personalförhållanden",
    "### Förväntad utveckling",
]
"""Within the förvaltningsberättelse, as the issue lists it: goal fulfilment in summary,
GEH, the municipality's result, the balanskravsutredning, personnel, expected
development."""


def positions(text: str, parts: list[str]) -> list[int]:
    found = [text.find(p if p.startswith("<") else f"\n{p}") for p in parts]
    assert -1 not in found, [p for p, at in zip(parts, found, strict=True) if at == -1]
    return found


@pytest.mark.parametrize("which", ["annual", "interim"])
def test_the_parts_in_the_order_readers_expect(which, request):
    """The förvaltningsberättelse first, then the goals, the nämnder, the bolag after
    them, the economy in full, the uppdrag and the internal control; in Markdown and
    in HTML (the table of contents too)."""
    report = request.getfixturevalue(which)
    at = positions(report["md"], PARTS)
    assert at == sorted(at)
    inside = positions(report["md"], CHAPTERS)
    assert inside == sorted(inside)
    assert inside[-1] < at[1]
    ids = ["forvaltningsberattelse", "sammanfattning", "malsattningar", "namnder", "bolag"]
    ids += ["ekonomi", "uppdrag", "internkontroll"]
    main = report["html"].split("<main>", 1)[1]
    sections = [main.index(f'<section id="{i}"') for i in ids]
    assert sections == sorted(sections)
    nav = report["html"].split("<nav", 1)[1].split("</nav>", 1)[0]
    links = [nav.index(f'href="#{i}"') for i in ids]
    assert links == sorted(links)


# --- internal control ------------------------------------------------------------------------


def judgements(root: Path, period: str) -> dict[str, str | None]:
    out = {}
    for path in sorted((root / "2020/internkontroll").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["organisation"]] = (data.get("bedomning") or {}).get(period)
    return out


def test_internal_control_shows_each_namnds_overall_judgement(annual, municipality_draft):
    """Each nämnd's overall judgement of its internal control for the period, under its
    controls; one that has none says so (the draft's Utbildningsnämnden)."""
    index = Index.of(load(ALE))
    wanted = judgements(ALE, "helar")
    assert len(wanted) == 6
    assert all(wanted.values())
    md = md_section(annual["md"], "## Intern kontroll")
    page = html_section(annual["html"], "internkontroll")
    for org, text in wanted.items():
        assert text is not None
        own = md_section(md, f"### {index.name(org)}")
        assert f"**Samlad bedömning.** {words(text)}" in words(own)
        assert words(text) in strip_tags(page)
    draft = judgements(DRAFT, "helar")
    assert draft["un"] is None
    missing = (
        "Utbildningsnämnden har ingen samlad bedömning av den interna kontrollen för perioden."
    )
    assert missing in md_section(municipality_draft["md"], "## Intern kontroll")
    assert missing in municipality_draft["html"]


# --- a nämnd's report ------------------------------------------------------------------------

APPENDIX_LINE = re.compile(r"^- `(?P<path>[^`]+):\d+` (?:fel|varning|info) (?P<code>MK\d+): ", re.M)
MUNICIPALITY_FILES = ("2020/bokslut.yaml", "2020/hushallning.yaml", "2020/personal.yaml")
MUNICIPALITY_FOLDERS = ("2020/bolag/", "2020/malsattningar/", "2020/forvaltningsberattelse/")


def appendix(md: str) -> list[tuple[str, str]]:
    return [(m["path"], m["code"]) for m in APPENDIX_LINE.finditer(md.split("## Bilaga", 1)[1])]


def test_a_namnds_report_has_no_forvaltningsberattelse_and_only_its_findings(
    namnd, municipality_draft
):
    """Utbildningsnämnden's report: no förvaltningsberättelse, no bolag; its appendix has
    the findings of its own organisations only, none of another nämnd's and none of the
    municipality's own files (bokslut.yaml and the rest), while the municipality's report
    of the same day has them."""
    md, page = namnd["md"], namnd["html"]
    assert "Förvaltningsberättelse" not in md + page
    assert "## Kommunala bolag" not in md
    assert 'id="bolag"' not in page
    draft = load(DRAFT)
    index = Index.of(draft)
    own_files = {doc.path for doc in (*draft.ar[2020].planer, *draft.ar[2020].internkontroll)}
    others = {p for p in own_files if index.namnd_of(_org_of(draft, p)) != "un"}
    listed = appendix(md)
    assert listed
    for path, code in listed:
        assert path not in others, (path, code)
        assert path not in MUNICIPALITY_FILES
        assert not path.startswith(MUNICIPALITY_FOLDERS)
        assert not code.startswith("MK6"), (path, code)
    groups = re.findall(r"^### (.+)$", md.split("## Bilaga", 1)[1], re.M)
    names = {index.name(o) for o in index.orgs if index.namnd_of(o) == "un"}
    assert set(groups) <= names, set(groups) - names
    everything = appendix(municipality_draft["md"])
    assert any(path in others for path, _ in everything)
    assert any(path in MUNICIPALITY_FILES for path, _ in everything)
    assert any(code == "MK601" for _, code in everything)
    errors = sum(1 for line in md.split("\n") if re.match(r"^- `[^`]+` fel ", line))
    assert f"Rapporten är ett utkast: {errors} fel" in " ".join(namnd["stdout"].split())


def _org_of(repo, path: str) -> str:
    year = repo.ar[2020]
    return next(d.data.organisation for d in (*year.planer, *year.internkontroll) if d.path == path)


def test_a_namnds_unreadable_plan_stays_in_its_report(tmp_path):
    """A plan that cannot be read names no organisation: the other plans in its folder
    tell whose it is (`plan/un/` is Utbildningsnämnden's), else its file's name does
    (`internkontroll/oan.yaml`), so it makes that nämnd's report a draft and not
    another's; one that neither tells is in every nämnd's."""
    root = tmp_path / "repo"
    shutil.copytree(ALE, root)
    broken = "organisation: x\n  fel: [\n"
    for rel in ("plan/un/ny.yaml", "internkontroll/oan.yaml", "plan/okand.yaml"):
        (root / "2020" / rel).write_text(broken, encoding="utf-8")
    found = {
        n: appendix(build(tmp_path / n, root, "--namnd", n, "--idag", "2021-03-01")["md"])
        for n in ("un", "oan", "ks")
    }
    whose = {
        rel: {n for n, listed in found.items() if (f"2020/{rel}", "MK101") in listed}
        for rel in ("plan/un/ny.yaml", "internkontroll/oan.yaml", "plan/okand.yaml")
    }
    assert whose == {
        "plan/un/ny.yaml": {"un"},
        "internkontroll/oan.yaml": {"oan"},
        "plan/okand.yaml": {"un", "oan", "ks"},
    }


# --- print ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["annual", "interim"])
def test_print_rules_reach_the_new_parts(which, request):
    """The förvaltningsberättelse and the bolag start a printed page; their headings are
    h2–h5, which the print rules keep with what follows them, and each of their tables
    opens with a caption, which the print rules keep with its header row."""
    page = request.getfixturevalue(which)["html"]
    rules = " ".join(page.split("@media print {", 1)[1].split("</style>", 1)[0].split())
    first = re.search(r"([^{}]*)\{ break-before: page; \}", rules)
    assert first, rules
    assert {"#forvaltningsberattelse", "#bolag"} <= {s.strip() for s in first.group(1).split(",")}
    kept = re.search(r"h1, h2, h3, h4, h5, h6, caption \{[^}]*break-after: avoid;", rules)
    assert kept, rules
    for part in ("forvaltningsberattelse", "bolag"):
        html = html_section(page, part)
        assert re.findall(r"<h(\d)\b", html), part
        assert {int(n) for n in re.findall(r"<h(\d)\b", html)} <= {2, 3, 4, 5}, part
        tables = re.findall(r"<table\b[^>]*>\s*(<\w+)", html)
        assert tables, part
        assert set(tables) == {"<caption"}, (part, tables)


# --- the site ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("webbplats") / "webbplats"
    status, stdout, stderr = run(
        "webbplats", "2020", "-C", str(DRAFT), "--ut", str(out), "--idag", "2020-09-20"
    )
    assert status == 0, stdout + stderr
    return out


@pytest.fixture(scope="module")
def complete_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("webbplats-ale") / "webbplats"
    status, stdout, stderr = run(
        "webbplats", "2020", "-C", str(ALE), "--ut", str(out), "--idag", "2021-03-01"
    )
    assert status == 0, stdout + stderr
    return out


@pytest.mark.parametrize("period", ["delar2", "helar"])
def test_the_sites_report_pages_have_the_new_parts(complete_site, period):
    """`malkoll webbplats`: the municipality's report page has the förvaltningsberättelse
    (with the interim's forecast in delår 2) and the bolag, in the report's order; a
    nämnd's page has neither."""
    page = (complete_site / f"rapport-2020-{period}.html").read_text(encoding="utf-8")
    main = page.split("<main>", 1)[1]
    ids = ["forvaltningsberattelse", "sammanfattning", "namnder", "bolag", "ekonomi"]
    at = [main.index(f'<section id="{i}"') for i in ids]
    assert at == sorted(at)
    assert "<caption>Balanskravsutredning" in page
    assert ('<section id="prognos"' in page) == (period == "delar2")
    assert 'href="index.html"' in page  # the site's own links
    own = (complete_site / f"rapport-2020-{period}-un.html").read_text(encoding="utf-8")
    assert 'id="forvaltningsberattelse"' not in own
    assert 'id="bolag"' not in own


def test_a_namnd_page_of_the_site_has_only_its_findings(site):
    """The draft's site: a nämnd's page lists its own findings only, none of the
    municipality's report (MK6xx), which the municipality's page lists."""
    whole = (site / "rapport-2020-delar2.html").read_text(encoding="utf-8")
    own = (site / "rapport-2020-delar2-un.html").read_text(encoding="utf-8")
    codes = set(re.findall(r"</code> (?:fel|varning|info) (MK\d+):", whole))
    assert {"MK604", "MK606", "MK607"} <= codes
    assert not {
        c for c in re.findall(r"</code> (?:fel|varning|info) (MK\d+):", own) if c.startswith("MK6")
    }
