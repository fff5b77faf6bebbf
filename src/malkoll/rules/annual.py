"""The annual report fullmäktige adopts: MK601–MK605, MK610 and MK611.

What the law and RKR R15 ask of the förvaltningsberättelse is checked at the annual
report (the year's last period, once it is due): the chapters a person writes, god
ekonomisk hushållning (the financial goals' outcomes and the styrelse's assessment, for
the koncern too when the municipality has bolag), the sick-leave figures, the result line
and balanskravsutredning's file, and the framgångsfaktorer's follow-up. A balanskrav
deficit without a plan to restore it (MK604) is checked in the latest due period, on the
year's result or, in an interim report, its forecast (`model.bokslut_calc`).
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.findings import START, Where
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.annual import KAPITEL, KAPITEL_KRAVS, SJUKFRANVARO, GehBedomning, Kapitel
from malkoll.model.bokslut_calc import balanskrav, result_line
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules.annual_shared import bolag_ids, gone, municipality, unread
from malkoll.rules.context import Context, blank, problem, where_period, wrong
from malkoll.rules.financial_goals import computed
from malkoll.text import belopp, quote, suggest

MK601 = f.rule(
    "MK601",
    "fel",
    "Kapitel i förvaltningsberättelsen saknas",
    "Årsredovisningens förvaltningsberättelse (RKR R15) har kapitlen översikt över "
    "verksamhetens utveckling, viktiga förhållanden för resultat och ekonomisk ställning, "
    "händelser av väsentlig betydelse, styrning och uppföljning samt förväntad utveckling, "
    "var och en en Markdown-fil i `ÅÅÅÅ/forvaltningsberattelse/PERIOD/` för årets sista "
    "period: `oversikt.md`, `viktiga-forhallanden.md`, `handelser.md`, `styrning.md` och "
    "`forvantad-utveckling.md`. God ekonomisk hushållning, balanskravet, personalen och "
    "koncernen räknar malkoll fram ur filerna. Ett kapitel utan text under rubriken är "
    "också ett fel.",
    wrong="2020/forvaltningsberattelse/helar/\n  oversikt.md\n  handelser.md",
    right="2020/forvaltningsberattelse/helar/\n  oversikt.md\n  viktiga-forhallanden.md\n"
    "  handelser.md\n  styrning.md\n  forvantad-utveckling.md",
)
MK602 = f.rule(
    "MK602",
    "fel",
    "Finansiellt mål utan utfall i årsredovisningen",
    "Varje finansiellt mål i `hushallning.yaml` ska ha sitt utfall för årets sista period, "
    "så att årsredovisningen kan visa om målet nåddes; för ett mål med `matt` räknar "
    "malkoll fram det ur ekonomi.yaml och bokslut.yaml. En `hushallning.yaml` utan "
    "finansiella mål är också ett fel: fullmäktige ska ha satt sådana för god ekonomisk "
    "hushållning.",
    wrong="finansiella_mal:\n  - id: resultat\n    namn: Resultatet ska vara minst 2 % av "
    "skatteintäkterna\n    malvarde: 2",
    right="finansiella_mal:\n  - id: resultat\n    namn: Resultatet ska vara minst 2 % av "
    "skatteintäkterna\n    malvarde: 2\n    utfall: {helar: 2.4}",
)
MK603 = f.rule(
    "MK603",
    "fel",
    "Bedömningen av god ekonomisk hushållning saknas",
    "Årsredovisningen ska innehålla styrelsens samlade bedömning av om kommunen har god "
    "ekonomisk hushållning, med sina skäl: `kommun` i `hushallning.yaml` för årets sista "
    "period, med `bedomning` och `text`. Har kommunen bolag (typ bolag i organisation.yaml) "
    "krävs samma bedömning för koncernen under `koncern`.",
    wrong="kommun:\n  helar: {bedomning: uppfylld}",
    right="kommun:\n  helar:\n    bedomning: uppfylld\n    text: Två av tre finansiella "
    "mål och de flesta verksamhetsmålen är uppfyllda.\nkoncern:\n  helar:\n"
    "    bedomning: delvis\n    text: Bolagens soliditet ligger under målet.",
)
MK604 = f.rule(
    "MK604",
    "fel",
    "Underskott mot balanskravet utan åtgärdsplan",
    "Ett negativt balanskravsresultat ska återställas inom tre år, och fullmäktige ska "
    "besluta om en plan för det. malkoll räknar fram balanskravsresultatet ur "
    "`bokslut.yaml` och `ekonomi.yaml` (i en delårsrapport ur prognosen för årets "
    "resultat); återstår ett underskott, årets eller tidigare års (`underskott`), ska "
    "`balanskrav.atgardsplan` beskriva hur och när det återställs.",
    wrong="balanskrav:\n  realisationsvinster: 1200\n  underskott: {2019: 8000}",
    right="balanskrav:\n  realisationsvinster: 1200\n  underskott: {2019: 8000}\n"
    "  atgardsplan: Underskottet återställs 2021 enligt KF 2020-06-15 § 80.",
)
MK605 = f.rule(
    "MK605",
    "fel",
    "Sjukfrånvaron är inte fullständig",
    "Årsredovisningen ska redovisa sjukfrånvaron som lagen kräver den: totalt, för kvinnor "
    "och män, för åldrarna 29 år eller yngre, 30–49 och 50 år eller äldre, och andelen "
    "långtidssjukfrånvaro (60 dagar eller mer), under `sjukfranvaro` i `personal.yaml` för "
    "årets sista period. En uppgift som inte redovisas (t.ex. för att gruppen har högst tio "
    "anställda) förklaras under `ej_redovisat`.",
    wrong="sjukfranvaro:\n  helar: {totalt: 7.9, kvinnor: 8.6, man: 5.2}",
    right="sjukfranvaro:\n  helar: {totalt: 7.9, kvinnor: 8.6, man: 5.2, alder_29: 6.1,\n"
    "    alder_30_49: 7.4, alder_50: 9.2, langtid: 41.3}",
)
MK610 = f.rule(
    "MK610",
    "fel",
    "Underlaget för kommunens resultat saknas",
    "Årsredovisningen visar kommunens resultat (nämndernas nettokostnad och raderna under "
    "den) och balanskravsutredningen. Det kräver varje nämnds utfall i `ekonomi.yaml` och "
    "`bokslut.yaml` med `poster` "
    "(finansförvaltning, skatteintäkter, generella statsbidrag, finansnetto), var och en "
    "med budget och utfall för årets sista period, och `balanskrav`.",
    wrong="poster:\n  - post: skatteintakter\n    budget: 1650000",
    right="poster:\n  - post: skatteintakter\n    budget: 1650000\n"
    "    perioder: {helar: {utfall: 1661000}}\nbalanskrav:\n  realisationsvinster: 1200",
)
MK611 = f.rule(
    "MK611",
    "varning",
    "Framgångsfaktorn är inte uppföljd",
    "I årsredovisningen följs varje framgångsfaktor i mål/ upp i målsättningens egen "
    "uppföljning (`ÅÅÅÅ/malsattningar/`), under "
    "`uppfoljning.PERIOD.framgangsfaktorer` med en text.",
    wrong="uppfoljning:\n  helar:\n    bedomning: gul\n    text: ...",
    right="uppfoljning:\n  helar:\n    bedomning: gul\n    text: ...\n"
    "    framgangsfaktorer:\n      ff1: {bedomning: gron, text: Samverkan med näringslivet.}",
)

RULES = (MK601, MK602, MK603, MK604, MK605, MK610, MK611)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK601–MK605, MK610 and MK611 finding of the years being checked."""
    last = next(reversed(ctx.settings.perioder))
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        if dues:
            yield from _balanskrav(ctx, year, dues[-1])
        due = ctx.timing.due(ctx.settings, year, last)
        if due is None:
            continue
        yield from _chapters(ctx, year, due)
        yield from _hushallning(ctx, year, due)
        yield from _personal(ctx, year, due)
        yield from _bokslut(ctx, year, due)
        yield from _factors(ctx, year, due)


# --- MK601 the förvaltningsberättelse -------------------------------------------------


def _chapters(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    folder = f"{year.ar}/forvaltningsberattelse/{due.period}"
    written = [ch for ch in year.forvaltningsberattelse if ch.period == due.period]
    ids = {ch.id for ch in written}
    own = [ch for ch in written if ch.id not in KAPITEL]
    about = ctx.period_name(due.period)
    for chapter in KAPITEL_KRAVS:
        if chapter in ids:
            continue
        name = f"{chapter}.md"
        if unread(ctx, f"{folder}/{name}"):
            continue
        title = KAPITEL[chapter]
        near = next((ch for ch in own if suggest(ch.id, KAPITEL) == chapter), None)
        message = f"Förvaltningsberättelsen saknar kapitlet ”{title}”"
        if near is None:
            where = municipality(ctx)
            message += f": {folder}/{name} finns inte ({about})."
            hint = f"Skriv kapitlet i {folder}/{name} under rubriken ”# {title}”."
        else:  # the file to rename is there: the finding is in it
            where = near.path, _heading(near)
            shown = near.path.rsplit("/", 1)[-1]
            message += f" ({about}). Filen {quote(shown)} finns: menade du {quote(name)}?"
            hint = f"Byt namn på {near.path} till {name}."
        yield problem(MK601, *where, message, hint, due=due)
    for ch in written:
        if blank(ch.text):
            yield _empty(ch, about, due)


def _heading(ch: Kapitel) -> Where:
    """A chapter's heading, or its file's first line when it has none."""
    return Where(ch.rubrik_rad, 1) if ch.rubrik_rad else START


def _empty(ch: Kapitel, about: str, due: Due) -> f.Problem:
    required = ch.id in KAPITEL_KRAVS
    return problem(
        MK601,
        ch.path,
        _heading(ch),
        f"Kapitlet ”{ch.rubrik}” har ingen text ({about}).",
        "Skriv kapitlets text under rubriken."
        if required
        else "Skriv kapitlets text under rubriken, eller ta bort filen.",
        due=due,
    )


# --- MK602, MK603 god ekonomisk hushållning -------------------------------------------


def _hushallning(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    key, about = due.period, ctx.period_name(due.period)
    doc = year.hushallning
    bolag = bolag_ids(ctx)
    if doc is None:
        path = f"{year.ar}/hushallning.yaml"
        if unread(ctx, path):
            return
        also = f" (och koncern.{key})" if bolag else ""
        yield problem(
            MK603,
            *municipality(ctx),
            f"Bedömningen av god ekonomisk hushållning saknas: {path} finns inte ({about}).",
            f"Skapa {path} med de finansiella målen och den samlade bedömningen under "
            f"kommun.{key}{also}.",
            due=due,
        )
        return
    h = doc.data
    if not h.finansiella_mal and not positions.cut(h, "finansiella_mal"):
        yield problem(
            MK602,
            doc.path,
            positions.of(h),
            f"{doc.path} anger inga finansiella mål ({about}).",
            "Ange de finansiella mål som fullmäktige satt under finansiella_mal, med "
            f"malvarde och utfall.{key}.",
            due=due,
        )
    for goal in h.finansiella_mal:
        if key in goal.utfall or gone(goal, "utfall", key):
            continue
        if computed(ctx, year, goal, key) is None:  # else malkoll computes it (`matt`)
            yield problem(
                MK602,
                doc.path,
                where_period(goal, "utfall", key),
                f"Det finansiella målet ”{goal.namn}” saknar utfall ({about}).",
                f"Ange utfallet under utfall.{key}.",
                due=due,
            )
    levels = [("kommun", "kommunen", h.kommun)]
    if bolag:
        levels.append(("koncern", "koncernen", h.koncern))
    for name, shown, keyed in levels:
        if not positions.cut(h, name):
            yield from _assessment(doc, name, shown, keyed, due, about)


def _assessment(
    doc: Doc[m.Hushallning],
    name: str,
    shown: str,
    keyed: dict[str, GehBedomning],
    due: Due,
    about: str,
) -> Iterator[f.Problem]:
    key = due.period
    geh = keyed.get(key)
    if wrong(keyed, key, geh, "text") or (geh is not None and not blank(geh.text)):
        return
    if geh is None:
        message = f"Den samlade bedömningen av god ekonomisk hushållning för {shown} saknas"
        where = where_period(doc.data, name, key)
        hint = f"Ange {name}.{key} med bedomning (uppfylld, delvis eller ej_uppfylld) och text."
    else:
        message = f"Den samlade bedömningen av god ekonomisk hushållning för {shown} saknar text"
        where = positions.of(geh)
        hint = f"Motivera bedömningen under {name}.{key}.text."
    if name == "koncern":
        message += " (kommunen har bolag i organisation.yaml)"
    yield problem(MK603, doc.path, where, f"{message} ({about}).", hint, due=due)


# --- MK604 the balanskrav ---------------------------------------------------------------


def _balanskrav(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    """MK604 in the latest due period: a deficit to restore needs a plan."""
    doc = year.bokslut
    if doc is None or doc.data.balanskrav is None:
        return
    model = doc.data.balanskrav
    if not blank(model.atgardsplan) or positions.cut(model, "atgardsplan"):
        return
    ekonomi = year.ekonomi.data if year.ekonomi else None
    line = result_line(ekonomi, doc.data, due.period, bolag_ids(ctx))
    result = line.utfall if due.last else line.prognos_resultat
    if result is None:
        return  # MK608 or MK610 says what is missing
    found = balanskrav(result, model)
    if found.kvar <= 0:
        return
    unit = ctx.settings.ekonomi.enhet
    what = "Balanskravsresultatet" if due.last else "Enligt prognosen blir balanskravsresultatet"
    yield problem(
        MK604,
        doc.path,
        positions.of(model),
        f"{what} {belopp(found.balanskravsresultat, unit)} och {belopp(found.kvar, unit)} "
        f"återstår att återställa, men åtgärdsplan saknas ({ctx.period_name(due.period)}).",
        "Beskriv under balanskrav.atgardsplan hur och när underskottet återställs (inom tre "
        "år), och fullmäktiges beslut om det.",
        due=due,
    )


# --- MK605 the sick leave -----------------------------------------------------------------


def _personal(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    key, about = due.period, ctx.period_name(due.period)
    doc = year.personal
    if doc is None:
        path = f"{year.ar}/personal.yaml"
        if unread(ctx, path):
            return
        yield problem(
            MK605,
            *municipality(ctx),
            f"Sjukfrånvaron saknas: {path} finns inte ({about}).",
            f"Skapa {path} med sjukfrånvaron under sjukfranvaro.{key}.",
            due=due,
        )
        return
    figures = doc.data.sjukfranvaro.get(key)
    if figures is None:
        if not gone(doc.data, "sjukfranvaro", key):
            yield problem(
                MK605,
                doc.path,
                where_period(doc.data, "sjukfranvaro", key),
                f"Sjukfrånvaron saknas ({about}).",
                f"Ange sjukfrånvaron under sjukfranvaro.{key}: {', '.join(SJUKFRANVARO)}.",
                due=due,
            )
        return
    lacking = [
        k for k in SJUKFRANVARO if getattr(figures, k) is None and not positions.cut(figures, k)
    ]
    if not lacking or not blank(figures.ej_redovisat):
        return
    named = ", ".join(f"{SJUKFRANVARO[k].lower()} ({k})" for k in lacking)
    yield problem(
        MK605,
        doc.path,
        positions.of(figures),
        f"Sjukfrånvaron saknar uppgifter: {named} ({about}).",
        f"Ange dem under sjukfranvaro.{key}, eller förklara under ej_redovisat varför de inte "
        "redovisas (t.ex. att gruppen har högst tio anställda).",
        due=due,
    )


# --- MK610 the result line's file -------------------------------------------------------


def _bokslut(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    key, about = due.period, ctx.period_name(due.period)
    doc = year.bokslut
    if doc is None:
        path = f"{year.ar}/bokslut.yaml"
        if unread(ctx, path):
            return
        yield problem(
            MK610,
            *municipality(ctx),
            f"Kommunens resultat och balanskravsutredning kan inte ställas upp: {path} finns "
            f"inte ({about}).",
            f"Skapa {path} med poster (finansförvaltning, skatteintäkter, generella "
            "statsbidrag, finansnetto) och balanskrav.",
            due=due,
        )
        return
    b = doc.data
    lacking = [
        name
        for name, value in (("poster", b.poster), ("balanskrav", b.balanskrav))
        if not value and not positions.cut(b, name)
    ]
    if lacking:
        yield problem(
            MK610,
            doc.path,
            positions.of(b),
            f"{doc.path} saknar {' och '.join(lacking)}: kommunens resultat och "
            f"balanskravsutredning kan inte ställas upp ({about}).",
            "Ange resultatets rader under poster (med budget och utfall per period) och "
            "balanskravets justeringar under balanskrav (`balanskrav: {}` när inga behövs).",
            due=due,
        )
    for post in b.poster:
        figures = post.perioder.get(key)
        lacks = [
            what
            for what, value, owner in (
                ("budget", post.budget, post),
                ("utfall", figures.utfall if figures else None, figures),
            )
            if value is None and not (owner is not None and positions.cut(owner, what))
        ]
        if lacks and not gone(post, "perioder", key):
            yield problem(
                MK610,
                doc.path,
                where_period(post, "perioder", key) if "utfall" in lacks else positions.of(post),
                f"Resultatposten {quote(post.post)} saknar {' och '.join(lacks)}: årets "
                f"resultat kan inte räknas ut ({about}).",
                f"Ange {' och '.join(_at(w, key) for w in lacks)}.",
                due=due,
            )


def _at(what: str, key: str) -> str:
    return "budget" if what == "budget" else f"perioder.{key}.{what}"


# --- MK611 the framgångsfaktorer ------------------------------------------------------


def _factors(ctx: Context, year: Ar, due: Due) -> Iterator[f.Problem]:
    key, about = due.period, ctx.period_name(due.period)
    followups: dict[str, Doc[m.MalsattningUppfoljning]] = {}
    for doc in year.malsattningar:
        followups.setdefault(doc.data.malsattning, doc)
    for goal_doc in ctx.repo.mal:
        goal = goal_doc.data
        own = followups.get(goal.id)
        period = own.data.uppfoljning.get(key) if own else None
        if own is None or period is None:
            continue  # MK607 says the goal's follow-up is missing
        for ff in goal.framgangsfaktorer:
            entry = period.framgangsfaktorer.get(ff.id)
            if entry is not None and not blank(entry.text):
                continue
            if gone(period, "framgangsfaktorer", ff.id) or (
                entry is not None and positions.cut(entry, "text")
            ):
                continue
            yield problem(
                MK611,
                own.path,
                where_period(period, "framgangsfaktorer", ff.id)
                if entry is None
                else positions.of(entry),
                f"Framgångsfaktorn ”{ff.namn}” ({quote(ff.id)}) är inte uppföljd "
                f"(målsättning {goal.id}, {about}).",
                f"Beskriv hur arbetet går under uppfoljning.{key}.framgangsfaktorer.{ff.id}.text.",
                due=due,
            )
