"""The mapping from the ledger to the organisation: MK511.

`ekonomi.importera.ansvar` in malkoll.yaml puts each ansvar code of the ledger on an
organisation of organisation.yaml, at any level; `malkoll ekonomi importera` sums the
amounts up the tree to the nämnd. `validera` checks the mapping itself: each organisation
it names must exist and belong to a nämnd (a bolag keeps its own books, outside the
municipality's ledger), and once there is a mapping, every nämnd should have an ansvar of
its own (else its figures cannot be imported; a warning). The import checks the file
against the mapping: an ansvar it finds that is neither mapped nor ignored stops it
(`ledger.mapping`, the same rule, at the file's line).
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.annual import RESULTATPOSTER
from malkoll.model.index import Index
from malkoll.model.settings import ImportInstallningar
from malkoll.rules.context import Context
from malkoll.text import did_you_mean, join_or, quote

MK511 = f.rule(
    "MK511",
    "fel",
    "Konto eller ansvar utan mappning",
    "`malkoll ekonomi importera` lägger varje ansvar i ekonomisystemets fil på en "
    "organisation i organisation.yaml (`ekonomi.importera.ansvar` i malkoll.yaml) och "
    "summerar uppåt till nämnden. Fel, och då skriver importen ingenting: ett ansvar i filen "
    "som varken är mappat eller står under `ignorera`; ett belopp på nämndernas konton utan "
    "ansvar i en fil som inte har några belopp per ansvar (en CSV-rad utan ansvar, en "
    "SIE-fil utan objekt i ansvarsdimensionen; pengar som bara finns i en SIE-fils "
    "kontosummor är MK517); en mappning till en organisation som inte finns eller inte hör "
    "till en nämnd; en resultatpost under `poster` eller `ansvar_poster` som malkoll inte "
    "känner till och som inte har något `namn` i bokslut.yaml; ett konto under `poster` som "
    "hör till nämndernas `konton`; och ett ansvar som står både under `ansvar_poster` och "
    "under `ansvar` eller `ignorera`. Varningar: en nämnd som inget ansvar mappas till, och "
    "ett resultatkonto (klass 3–8) med belopp i filen som varken hör till `konton` eller "
    "`poster` och inte står under `ignorera_konton` (dess pengar kommer inte med i kommunens "
    "resultat).",
    wrong='ekonomi:\n  importera:\n    ansvar:\n      "1000": ks\n      "2100": un-grund\n'
    '    poster:\n      "80": skatter',
    right='ekonomi:\n  importera:\n    ansvar:\n      "1000": ks\n      "2100": grundskola\n'
    '    poster:\n      "80": skatteintakter\n    ansvar_poster:\n      "9900": finansforvaltning',
)

MK517 = f.rule(
    "MK517",
    "varning",
    "Ekonomisystemets fil stämmer inte med sina egna summor",
    "En SIE-fil har samma pengar flera gånger: per ansvar (`#PSALDO` med objekt), som "
    "kontots summa (`#PSALDO` med `{}`) och som årets resultat per konto (`#RES 0`). "
    "`malkoll ekonomi importera` läser beloppen per ansvar och jämför, per konto, årets "
    "utfall den läst (alla månader, alla ansvar) med `#RES 0`, eller med kontots summor där "
    "`#RES` saknas. En skillnad på mer än en halv krona (en halv enhet i filens `belopp`) är "
    "pengar som bokförts utan ansvar "
    "eller bara på ett objekt i en annan dimension: de kommer inte med i importen; är det i "
    "stället mer per ansvar än i summan, står något två gånger eller är summan gammal. En "
    "periodpost med samma år, period, konto och objekt som en tidigare (två exporter som "
    "slagits ihop) är också en varning; beloppen summeras. Importen skriver ändå det den "
    "läst och varnar; rätta bokföringen eller exporten. Ett konto för en resultatpost som "
    "bara har `#RES` (inga periodbelopp) läses från `#RES` som utfallet till filens sista "
    "månad, och postens tidigare perioder lämnas som de var. Regeln gäller importen, inte "
    "validera.",
    wrong='#RES 0 4010 1500.00\n#PSALDO 0 202012 4010 {1 "110"} 1000.00',
    right='#RES 0 4010 1500.00\n#PSALDO 0 202012 4010 {1 "110"} 1000.00\n'
    '#PSALDO 0 202012 4010 {1 "120"} 500.00',
)

RULES = (MK511, MK517)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

SETTINGS = "malkoll.yaml"


def why_not(index: Index, org_id: str) -> str | None:
    """Why amounts cannot be put on ``org_id`` (Swedish, to follow "mappas till X,"), or
    None when they can: it exists and a nämnd answers for it."""
    if index.org(org_id) is None:
        return "som inte finns i organisation.yaml"
    namnd = index.namnd_of(org_id)
    if namnd is None or index.typ(namnd) != "namnd":
        if namnd is not None and index.typ(namnd) == "bolag":
            which = "som är ett bolag" if namnd == org_id else f"som hör till bolaget {namnd}"
            return f"{which}; bolagen finns inte i kommunens ekonomisystem"
        return "som inte ligger under någon nämnd i organisation.yaml"
    return None


def own_posts(bokslut: m.Bokslut | None) -> set[str]:
    """The ids of the municipality's own result lines that ``bokslut`` names (`namn`)."""
    if bokslut is None:
        return set()
    return {p.post for p in bokslut.poster if p.namn is not None and p.namn.strip()}


def post_problems(settings: ImportInstallningar, named: set[str]) -> Iterator[f.Problem]:
    """MK511 for each result line of `poster` and `ansvar_poster` that is neither one of
    RESULTATPOSTER nor among ``named`` (own lines with a `namn` in bokslut.yaml), each
    account prefix of `poster` inside `konton`, and each ansvar of `ansvar_poster` that is
    also mapped or ignored."""
    known = sorted({*RESULTATPOSTER, *named})
    for name, mapping in (("poster", settings.poster), ("ansvar_poster", settings.ansvar_poster)):
        for code, post in mapping.items():
            if post in RESULTATPOSTER or post in named:
                continue
            yield f.Problem(
                MK511,
                SETTINGS,
                positions.key(mapping, code),
                f"{'Kontot' if name == 'poster' else 'Ansvaret'} {quote(code)} under "
                f"`ekonomi.importera.{name}` förs till resultatposten {quote(post)}, som "
                "malkoll inte känner till.",
                f"Ange en av {join_or(RESULTATPOSTER)}, eller en egen post med `namn` i "
                f"bokslut.yaml.{did_you_mean(post, known)}",
            )
    for code in settings.poster:
        if code.startswith(tuple(settings.konton)):
            yield f.Problem(
                MK511,
                SETTINGS,
                positions.key(settings.poster, code),
                f"Kontot {quote(code)} under `ekonomi.importera.poster` hör till nämndernas "
                "konton (`ekonomi.importera.konton`), så dess belopp är nämndernas.",
                "För ett ansvar vars belopp på nämndernas konton är en resultatpost, ange "
                'ansvaret under `ekonomi.importera.ansvar_poster`, t.ex. `"9900": '
                "finansforvaltning`.",
            )
    for code in settings.ansvar_poster:
        if code in settings.ansvar or code in settings.ignorera:
            where = "ansvar" if code in settings.ansvar else "ignorera"
            yield f.Problem(
                MK511,
                SETTINGS,
                positions.key(settings.ansvar_poster, code),
                f"Ansvaret {quote(code)} står både under `ekonomi.importera.ansvar_poster` "
                f"och under `ekonomi.importera.{where}`.",
                "Ange ansvaret på ett ställe: en nämnds (`ansvar`), en resultatposts "
                "(`ansvar_poster`) eller inget (`ignorera`).",
            )


def check(ctx: Context) -> Iterator[f.Problem]:
    """MK511 for each mapping to an organisation that cannot take amounts or to an unknown
    result line, and (as a warning) for each nämnd no ansvar is mapped to, once there is a
    mapping."""
    settings = ctx.settings.ekonomi.importera
    named: set[str] = set()
    for year in ctx.repo.ar.values():
        named |= own_posts(year.bokslut.data if year.bokslut is not None else None)
    yield from post_problems(settings, named)
    mapping = settings.ansvar
    if not mapping:
        return
    index = ctx.index
    covered: set[str] = set()
    for code, org_id in mapping.items():
        reason = why_not(index, org_id)
        if reason is None:
            covered.add(index.namnd_of(org_id) or org_id)
            continue
        hint = "Ange en organisation i organisation.yaml under en nämnd, eller flytta "
        others = [o for o in index.orgs if o != org_id]  # never the id written itself
        hint += f"koden till `ignorera`.{did_you_mean(org_id, others)}"
        yield f.Problem(
            MK511,
            SETTINGS,
            positions.key(mapping, code),
            f"Ansvaret {quote(code)} mappas till {quote(org_id)}, {reason}.",
            hint,
        )
    for namnd in index.namnder:
        if namnd in covered:
            continue
        yield f.Problem(
            MK511,
            SETTINGS,
            positions.key(settings, "ansvar"),
            f"Inget ansvar under `ekonomi.importera.ansvar` mappas till nämnden {namnd} "
            f"({index.name(namnd)}) eller något under den, så importen ger den inga siffror.",
            f'Lägg till nämndens ansvarskoder, t.ex. `"1234": {namnd}`.',
            namnd,
            grace=True,  # a warning: the nämnd may be followed up by hand for now
        )
