"""The economy's own arithmetic: MK512–MK514.

The figures of `ekonomi.yaml` that are said twice must say the same: a period's costs less
its income is its net cost (`utfall`); a nämnd's figures are the sum of its `enheter`
(which the ledger import writes, and a person may edit). Each `enheter` entry is a unit
of the nämnd, once, and stands for what is booked on it and below it but not on another
entry further down: the nämnd's own id, or a sektor's above its listed verksamheter,
holds what is booked in common. An investment's
requested ombudgetering is a decision fullmäktige is asked to take: it needs a reason, and
it cannot move more than the year left unspent.

These are not tied to a period's deadline: a sum that does not add up is wrong whenever it
is written. Amounts are compared to half a unit (the import rounds each figure once).
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.bokslut_calc import result_line
from malkoll.model.financial_goals import MATT, agrees, measure
from malkoll.model.repository import Doc
from malkoll.rules.annual_shared import bolag_ids
from malkoll.rules.context import Context, blank, problem
from malkoll.text import belopp, tal

MK512 = f.rule(
    "MK512",
    "fel",
    "Ekonomin stämmer inte",
    "Siffror som sägs två gånger ska stämma: kostnader − intäkter ska vara periodens "
    "utfall, och nämndens budget och utfall ska vara summan av dess `enheter` (som "
    "`malkoll ekonomi importera` skriver). Varje post under `enheter` är en enhet i "
    "nämnden och står där en gång. Den omfattar det som bokförs på enheten och under den, "
    "utom det som har en egen post längre ned; det som bokförs på nämnden själv står under "
    "nämndens eget id. Belopp jämförs på en halv enhet när.",
    wrong="perioder:\n  delar2: {utfall: 431000, kostnader: 520000, intakter: 80000}",
    right="perioder:\n  delar2: {utfall: 440000, kostnader: 520000, intakter: 80000}",
)
MK513 = f.rule(
    "MK513",
    "fel",
    "Ombudgetering utan motivering",
    "En begärd ombudgetering av en investering är ett förslag till beslut: den ska ha en "
    "motivering (varför projektet är försenat och när det blir klart).",
    wrong="ombudgetering:\n  belopp: 6600",
    right="ombudgetering:\n  belopp: 6600\n  motivering: Bygglovet överklagades; klart 2021.",
)
MK514 = f.rule(
    "MK514",
    "varning",
    "Ombudgeteringen är större än det som återstår",
    "Det som ombudgeteras till nästa år kan inte vara mer än det som blev kvar av årets "
    "budget (budget − utfall i årsredovisningen, eller prognosen före den).",
    wrong="budget: 7800\nutfall: {helar: 1200}\nombudgetering: {belopp: 9000, motivering: ...}",
    right="budget: 7800\nutfall: {helar: 1200}\nombudgetering: {belopp: 6600, motivering: ...}",
)

MK515 = f.rule(
    "MK515",
    "varning",
    "Femårsöversikten säger ett annat årets resultat",
    "Raden Årets resultat i `femarsoversikt` (bokslut.yaml) ska för årets år vara det "
    "resultat som malkoll räknar fram ur ekonomi.yaml och raderna i bokslut.yaml. Det "
    "jämförs i radens enhet: i tkr på en halv tkr när, i mnkr på en halv tiondels mnkr när "
    "(83 500 tkr skrivs 83,5 mnkr). En rad med `matt` (till exempel `matt: "
    "nettokostnadsandel_finansnetto` på Nettokostnadsandel) ska för året vara det mått "
    "malkoll räknar fram, på 0,05 procentenheter när, som för de finansiella målen "
    "(MK516). Efter en ny import ur ekonomisystemet är raderna lätta att glömma, och då "
    "skulle rapporten säga två olika siffror.",
    wrong="femarsoversikt:\n  - namn: Årets resultat\n    enhet: mnkr\n"
    "    varden: {2019: 33.2, 2020: 84.0}     # men resultatet är 83 500 tkr",
    right="femarsoversikt:\n  - namn: Årets resultat\n    enhet: mnkr\n"
    "    varden: {2019: 33.2, 2020: 83.5}",
)

RULES = (MK512, MK513, MK514, MK515)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

TOLERANCE = 0.5
"""Half a unit: the import rounds each figure once, so sums of rounded figures agree."""

SUMMED = ("utfall", "periodbudget", "kostnader", "intakter", "fjolar")
"""The period figures that `enheter` split and that add up to the nämnd's."""
NAMES = {
    "utfall": "utfall",
    "periodbudget": "periodbudget",
    "kostnader": "kostnader",
    "intakter": "intäkter",
    "fjolar": "utfall föregående år",
}


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK512–MK514 finding of the years being checked."""
    for year in ctx.years():
        doc = year.ekonomi
        if doc is None:
            continue
        for entry in doc.data.namnder:
            yield from _net(ctx, doc, entry.organisation, entry.perioder)
            yield from _units(ctx, doc, entry)
        last = next(reversed(ctx.settings.perioder))
        for inv in doc.data.investeringar:
            yield from _ombudgetering(ctx, doc, inv, last)
        if year.bokslut is not None:
            yield from _five_years(ctx, doc, year.bokslut, year.ar, last)


def _net(
    ctx: Context, doc: Doc[m.Ekonomi], org: str, perioder: dict[str, m.EkonomiPeriod]
) -> Iterator[f.Problem]:
    """Costs less income is the period's net cost, where all three are given."""
    unit = ctx.settings.ekonomi.enhet
    for key, p in perioder.items():
        if p.kostnader is None or p.intakter is None or p.utfall is None:
            continue
        net = p.kostnader - p.intakter
        if abs(net - p.utfall) > TOLERANCE:
            yield problem(
                MK512,
                doc.path,
                positions.key(perioder, key),
                f"Kostnader − intäkter är {belopp(net, unit)}, men utfallet är "
                f"{belopp(p.utfall, unit)} ({ctx.org_name(org)}, {ctx.period_name(key)}).",
                "Rätta utfall, kostnader eller intakter så att utfall = kostnader − intakter, "
                "eller importera perioden på nytt ur ekonomisystemet.",
                org,
            )


def _units(ctx: Context, doc: Doc[m.Ekonomi], entry: m.EkonomiNamnd) -> Iterator[f.Problem]:
    """A nämnd's figures are the sum of its `enheter`; each is directly under it."""
    if not entry.enheter:
        return
    org = entry.organisation
    unit = ctx.settings.ekonomi.enhet
    seen: set[str] = set()
    for e in entry.enheter:
        yield from _net(ctx, doc, e.organisation, e.perioder)
        if e.organisation in seen:
            yield problem(
                MK512,
                doc.path,
                positions.key(e, "organisation"),
                f"{ctx.org_name(e.organisation)} står två gånger under enheter "
                f"({ctx.org_name(org)}): dess belopp räknas dubbelt.",
                "Slå ihop posterna till en.",
                org,
            )
        seen.add(e.organisation)
        if e.organisation == org or ctx.index.org(e.organisation) is None:
            continue  # the nämnd's own ansvar; an unknown id is MK202
        if ctx.index.namnd_of(e.organisation) != org:
            yield problem(
                MK512,
                doc.path,
                positions.key(e, "organisation"),
                f"{ctx.org_name(e.organisation)} hör inte till {ctx.org_name(org)} i "
                "organisation.yaml.",
                "Under en nämnds enheter står bara enheter som hör till nämnden.",
                org,
            )
    budgets = [e.budget for e in entry.enheter if e.budget is not None]
    if budgets and abs(sum(budgets) - entry.budget) > TOLERANCE:
        yield problem(
            MK512,
            doc.path,
            positions.key(entry, "budget"),
            f"Enheternas budget är tillsammans {belopp(sum(budgets), unit)}, men nämndens "
            f"är {belopp(entry.budget, unit)} ({ctx.org_name(org)}).",
            "Rätta budgeten eller enheternas budget, eller importera på nytt.",
            org,
        )
    for key, p in entry.perioder.items():
        for name in SUMMED:
            whole = getattr(p, name)
            parts = [
                getattr(e.perioder[key], name)
                for e in entry.enheter
                if key in e.perioder and getattr(e.perioder[key], name) is not None
            ]
            if whole is None or not parts or abs(sum(parts) - whole) <= TOLERANCE:
                continue
            yield problem(
                MK512,
                doc.path,
                positions.key(entry.perioder, key),
                f"Enheternas {NAMES[name]} är tillsammans {belopp(sum(parts), unit)}, men "
                f"nämndens är {belopp(whole, unit)} ({ctx.org_name(org)}, "
                f"{ctx.period_name(key)}).",
                f"Rätta {name} för {key} hos nämnden eller enheterna, eller importera på nytt.",
                org,
            )


def _ombudgetering(
    ctx: Context, doc: Doc[m.Ekonomi], inv: m.Investering, last: str
) -> Iterator[f.Problem]:
    """MK513: a reason for every requested ombudgetering; MK514: no more than is left."""
    asked = inv.ombudgetering
    if asked is None:
        return
    org = inv.organisation
    if blank(asked.motivering):
        yield problem(
            MK513,
            doc.path,
            positions.key(inv, "ombudgetering"),
            f"Ombudgeteringen av {inv.namn!r} saknar motivering ({ctx.org_name(org)}).",
            "Skriv under ombudgetering.motivering varför projektet är försenat och när det "
            "blir klart.",
            org,
        )
    spent = inv.utfall.get(last)
    if spent is None:
        spent = next((inv.prognos[k] for k in reversed(inv.prognos)), None)
    if spent is None:
        return
    unit = ctx.settings.ekonomi.enhet
    left = inv.budget - spent
    if asked.belopp > left + TOLERANCE:
        yield problem(
            MK514,
            doc.path,
            positions.key(asked, "belopp"),
            f"Ombudgeteringen av {inv.namn!r} är {belopp(asked.belopp, unit)}, men av årets "
            f"budget återstår {belopp(left, unit)} ({ctx.org_name(org)}).",
            "Begär högst det som återstår av årets budget; mer behöver en ny budget.",
            org,
        )


SCALE = {"kr": 1, "tkr": 1_000, "mnkr": 1_000_000, "mkr": 1_000_000}
"""Kronor per unit, for the five-year overview's row in a unit other than the repository's."""


def _five_years(
    ctx: Context, eco: Doc[m.Ekonomi], doc: Doc[m.Bokslut], year: int, last: str
) -> Iterator[f.Problem]:
    """MK515: the overview's Årets resultat for the year is the result computed, and a row
    with `matt` its measure."""
    line = result_line(eco.data, doc.data, last, bolag_ids(ctx))
    for row in doc.data.femarsoversikt:
        shown = row.varden.get(year)
        if row.matt is None or shown is None:
            continue
        value = measure(row.matt, line, "utfall").varde
        if value is None or agrees(shown, value):
            continue
        yield problem(
            MK515,
            doc.path,
            positions.key(row.varden, year),
            f"Femårsöversikten säger att {row.namn} {year} är {tal(shown)} %, men malkoll "
            f"räknar fram {tal(value, 2)} % ({MATT[row.matt]}).",
            f"Skriv {value:.1f} under varden.{year}, eller rätta siffrorna det räknas ur.",
        )
    result = line.utfall
    unit = ctx.settings.ekonomi.enhet
    if result is None or unit.casefold() not in SCALE:
        return
    for row in doc.data.femarsoversikt:
        shown = row.varden.get(year)
        own = (row.enhet or unit).casefold()
        if row.namn.strip().casefold() != "årets resultat" or shown is None or own not in SCALE:
            continue
        computed = result * SCALE[unit.casefold()] / SCALE[own]
        if abs(computed - shown) <= (0.05 if SCALE[own] >= 1_000_000 else 0.5):
            continue
        yield problem(
            MK515,
            doc.path,
            positions.key(row.varden, year) if year in row.varden else positions.key(row, "varden"),
            f"Femårsöversikten säger att årets resultat {year} är {tal(shown, 1)} {own}, men "
            f"resultatet är {belopp(result, unit)} (nämnderna i ekonomi.yaml och raderna i "
            "bokslut.yaml).",
            f"Skriv {computed:.{1 if SCALE[own] >= 1_000_000 else 0}f} under varden.{year}, "
            "eller rätta siffrorna det räknas ur.",
        )
