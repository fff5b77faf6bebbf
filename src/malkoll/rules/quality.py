"""Analyses that say something: MK312–MK316, warnings about what an analysis's text says.

MK301–MK304 check that the parts of an analysis are there; these rules read the parts:
a part copied unchanged from the previous period (MK312), a result without a figure
(MK313), measures that name no one responsible or no time (MK314), the same measures as
last period under an assessment that calls for measures (MK315), and a text that says the
goal is reached while an indicator misses its target (MK316).

What an entry says on its own (MK313, MK314, MK316, and MK312/MK315 against the period
before in the same plan) is kept in the memo (`Context.per_entry`); the comparison of a
year's first period with the last period of the year before depends on another plan, so
it is made every time, outside the memo.

The words the heuristics look for are listed once, in `rules.quality_words`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules import quality_words as words
from malkoll.rules.context import OWN_FIGURES, Context, blank, problem
from malkoll.text import tal

COPIED_MIN_WORDS = 8
"""A part shorter than this may repeat from one period to the next (`Inga skillnader.`)."""

COPIED_PARTS = ("resultat", "orsaker", "avvikelser", "grupper", "slutsatser")
"""The parts MK312 compares with the period before (the measures are MK315's)."""

REACHED_PARTS = ("resultat", "slutsatser", "avvikelser")
"""The parts MK316 reads for a goal said to be reached."""

MK312 = f.rule(
    "MK312",
    "varning",
    "Analysen är kopierad från förra perioden",
    "En del av analysen (resultat, orsaker, avvikelser, grupper eller slutsatser) som är "
    "ordagrant densamma som samma del i organisationens analys av delmålet förra perioden "
    "(mellanrum och stora och små bokstäver räknas inte) säger inget nytt om perioden. "
    "Förra perioden är perioden före i `perioder` i malkoll.yaml, och för årets första "
    "period den sista perioden i organisationens plan året innan, när repot har den. En "
    f"kort text (färre än {COPIED_MIN_WORDS} ord, som ”Inga skillnader.”) får upprepas. "
    "Åtgärderna jämför MK315. Skriv vad som har hänt sedan sist: nya siffror, nya orsaker, "
    "vad ni har lärt er.",
    wrong="delar1:\n  analys:\n    orsaker: Hög frånvaro och vakanta lärartjänster i "
    "matematik och NO.\ndelar2:\n  analys:\n    orsaker: Hög frånvaro och vakanta "
    "lärartjänster i matematik och NO.",
    right="delar2:\n  analys:\n    orsaker: Frånvaron steg under pandemin i april och maj, "
    "och tjänsterna i matematik och NO är fortfarande vakanta.",
)

MK313 = f.rule(
    "MK313",
    "varning",
    "Resultatet saknar siffror",
    "När delmålet har indikatorer (i mal/ eller enhetens `matt`) med utfall fram till "
    "rapportens år ska `analys.resultat` säga vad siffrorna visar: texten har inte en enda "
    "siffra. Skriv det senaste utfallet, jämför med målvärdet och med året innan. Tal "
    "skrivna med bokstäver (”tre av fyra”) räknas inte. En enhet med egna siffror under "
    "indikatorns `organisationer` får sina egna siffror i tipset.",
    wrong="resultat: Meritvärdet har sjunkit och ligger under målet.",
    right="resultat: Meritvärdet sjönk från 212 till 197 poäng och ligger under målvärdet 225.",
)

MK314 = f.rule(
    "MK314",
    "varning",
    "Åtgärderna saknar ansvarig eller tid",
    "Åtgärderna under `analys.atgarder` bör säga vem som ansvarar och när de ska vara "
    "gjorda, så att nästa period kan följa upp dem. Som ansvarig räknas en roll eller en "
    "del av organisationen (rektor, verksamhetschef, samordnare, strateg, controller, "
    "handläggare, förvaltningen, sektorn, enheten, avdelningen, nämnden, styrelsen, ett "
    "team eller en arbetsgrupp, HR …), en organisation i organisation.yaml med sitt namn "
    "eller sitt id i versaler (UN), eller ett namn (två ord med stor bokstav, inte först i "
    "en mening). Som tid räknas ett år, ett datum, en vecka (”v. 12”), en månad, ett "
    "kvartal (Q1–Q4), tertial eller halvår, en termin (vt 2021, ht21, höstterminen), en "
    "årstid (våren, hösten), ett lov, ”senast”, ”till och med”, ”under året”, ”nästa år” "
    "och ett återkommande intervall (månadsvis, varje vecka). ”Löpande” och ”fortsatt” "
    "säger inte när och räknas inte.",
    wrong="atgarder: Riktade insatser för pojkars läsning.",
    right="atgarder: Rektorerna startar riktade insatser för pojkars läsning från "
    "vårterminen 2021.",
)

MK315 = f.rule(
    "MK315",
    "varning",
    "Samma åtgärder som förra perioden",
    "När bedömningen kräver åtgärder (`analys.atgarder_vid`, standard gul och rod) och "
    "`analys.atgarder` är ordagrant desamma som förra periodens (mellanrum och stora och "
    "små bokstäver räknas inte; förra perioden som i MK312) har åtgärderna antingen inte "
    "gett resultat eller inte följts upp. Skriv vad som har gjorts sedan sist och vad ni "
    "gör annorlunda nu.",
    wrong="delar1:\n  analys:\n    atgarder: Rektorerna följer upp frånvaron varje månad.\n"
    "  bedomning: gul\ndelar2:\n  analys:\n    atgarder: Rektorerna följer upp frånvaron "
    "varje månad.\n  bedomning: gul",
    right="delar2:\n  analys:\n    atgarder: Uppföljningen av frånvaron har inte räckt; från "
    "hösten kontaktar mentor hemmet samma dag som en elev är borta.\n  bedomning: gul",
)

MK316 = f.rule(
    "MK316",
    "varning",
    "Texten säger att målet är nått men indikatorn missar",
    "Resultatet, avvikelserna eller slutsatserna säger att målet är nått (”målet är "
    "uppnått”, ”har nått målet”, ”når målvärdet” …, utan ”inte”, ”ej” eller ”aldrig” "
    "strax före eller efter, utan ”om” direkt före, utan ”men inte”, ”men ej”, ”men ännu "
    "inte” eller ”däremot inte” senare i samma mening, och inte som en prognos: ”vi bedömer "
    "att målet nås till 2030” räknas inte) medan en indikator för delmålet missar sitt "
    "målvärde: målvärdet för rapportens år, eller närmast följande år med målvärde, jämfört "
    "med det senaste utfallet fram till rapportens år. En enhet med egna siffror under "
    "indikatorns `organisationer` bedöms på dem. Skriv vad som faktiskt är nått, "
    "eller pröva texten mot siffrorna.",
    wrong="# N15505: målvärde 225 för 2020, utfall 2020: 212\nresultat: Målet är nått.",
    right="resultat: Meritvärdet ökade till 212 men målvärdet 225 är inte nått.",
)

RULES = (MK312, MK313, MK314, MK315, MK316)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK312–MK316 finding of the years being checked."""
    order = list(ctx.settings.perioder)
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        if not dues:
            continue
        first = dues[0] if order and dues[0].period == order[0] else None
        for doc in year.planer:
            earlier = _last_year(ctx, year, doc, order) if first is not None else {}
            for entry in doc.data.delmal:
                yield from ctx.per_entry(
                    "quality", doc, entry, partial(_entry_alone, ctx, doc, entry, dues, order)
                )
                before = earlier.get(entry.delmal)
                if first is not None and before is not None:  # another plan: never kept
                    yield from _against_before(ctx, doc, entry, first, before)


def _last_year(ctx: Context, year: Ar, doc: Doc[m.Plan], order: list[str]) -> dict[str, m.Analys]:
    """The analyses of the last period of the year before in the organisation's plan of
    that year, by delmål (its first entry for each)."""
    before = ctx.index.plan(year.ar - 1, doc.data.organisation)
    out: dict[str, m.Analys] = {}
    if before is None or not order:
        return out
    for entry in before.data.delmal:
        upp = entry.uppfoljning.get(order[-1])
        if upp is not None and upp.analys is not None:
            out.setdefault(entry.delmal, upp.analys)
    return out


def _entry_alone(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, dues: Sequence[Due], order: list[str]
) -> list[f.Problem]:
    """What one delmål entry's analyses say on their own, for each due period, and against
    the period before in the same plan."""
    out: list[f.Problem] = []
    forms: dict[int, dict[str, int | None]] = {}
    missed: list[str | None] = []  # MK316's indicator that misses, once asked for
    for due in dues:
        upp = entry.uppfoljning.get(due.period)
        if upp is None or upp.analys is None:
            continue
        analys = upp.analys
        out.extend(_no_figures(ctx, doc, entry, analys, due))
        out.extend(_no_who_or_when(ctx, doc, entry, analys, due))
        if not missed:
            missed.append(ctx.judged("missed", doc, entry, _first_missed))
        if missed[0] is not None:
            out.extend(_reached_but_missed(ctx, doc, entry, analys, due, missed[0]))
        at = order.index(due.period) if due.period in order else 0
        if at > 0:
            prev = entry.uppfoljning.get(order[at - 1])
            if prev is not None and prev.analys is not None:
                named = ctx.period_name(order[at - 1])
                pair = (_forms(forms, analys), _forms(forms, prev.analys))
                out.extend(_compare(ctx, doc, entry, upp, prev.analys, pair, named, due))
    return out


def _against_before(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due, before: m.Analys
) -> Iterator[f.Problem]:
    """MK312 and MK315 of the year's first period against the last of the year before."""
    upp = entry.uppfoljning.get(due.period)
    if upp is None or upp.analys is None:
        return
    named = f"{ctx.period_name(list(ctx.settings.perioder)[-1])} {doc.data.ar - 1}"
    forms: dict[int, dict[str, int | None]] = {}
    pair = (_forms(forms, upp.analys), _forms(forms, before))
    yield from _compare(ctx, doc, entry, upp, before, pair, named, due)


def _about(ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, due: Due) -> str:
    org = ctx.org_name(doc.data.organisation)
    return f"({org}, delmål {entry.delmal}, {ctx.period_name(due.period)})"


def _forms(known: dict[int, dict[str, int | None]], analys: m.Analys) -> dict[str, int | None]:
    """The bare lengths (`quality_words.bare_length`) of the parts of ``analys`` that
    MK312 and MK315 compare, each analysis once (it is the period before of the next),
    filled in by `_same` as they are asked for."""
    return known.setdefault(id(analys), {})


def _same(pair: tuple[dict[str, int | None], ...], a: m.Analys, b: m.Analys, part: str) -> bool:
    """Whether the ``part`` of ``a`` and of ``b`` may be the same text: their first and
    last characters agree (`quality_words.may_be_same`, most pairs stop there) and their
    bare lengths (kept in ``pair``, the two analyses' `_forms`) are the same."""
    text, earlier = getattr(a, part), getattr(b, part)
    if not words.may_be_same(text, earlier):
        return False
    for forms, said in zip(pair, (text, earlier), strict=True):
        if part not in forms:
            forms[part] = words.bare_length(said)
    return pair[0][part] == pair[1][part]


def _compare(
    ctx: Context,
    doc: Doc[m.Plan],
    entry: m.PlanDelmal,
    upp: m.DelmalUppfoljning,
    before: m.Analys,
    lengths: tuple[dict[str, int | None], dict[str, int | None]],
    named: str,
    due: Due,
) -> Iterator[f.Problem]:
    """MK312: the parts of the period's analysis copied from ``before``, the one of the
    period ``named``; MK315: the same measures under an assessment that calls for
    measures. ``lengths``: the two analyses' `_forms`, which most pairs differ in."""
    analys = upp.analys
    if analys is None:
        return
    org = doc.data.organisation
    for part in COPIED_PARTS:
        if not _same(lengths, analys, before, part):
            continue  # no text, or not the same: most parts stop here
        text, earlier = getattr(analys, part), getattr(before, part)
        if words.same_text(text, earlier, COPIED_MIN_WORDS):
            yield problem(
                MK312,
                doc.path,
                positions.key(analys, part),
                f"Texten under analys.{part} är densamma som i {named} "
                f"{_about(ctx, doc, entry, due)}.",
                f"Skriv under analys.{part} vad som har hänt sedan {named}: nya siffror, "
                "nya orsaker, vad ni har lärt er.",
                org,
                due,
            )
    if (
        upp.bedomning in ctx.measures_at
        and not blank(analys.atgarder)
        and _same(lengths, analys, before, "atgarder")
        and words.same_text(analys.atgarder, before.atgarder)
    ):
        yield problem(
            MK315,
            doc.path,
            positions.key(analys, "atgarder"),
            f"Bedömningen är {_step(ctx, upp.bedomning)} och åtgärderna är desamma som "
            f"i {named} {_about(ctx, doc, entry, due)}.",
            f"Skriv under analys.atgarder vad som har gjorts sedan {named} och vad ni gör "
            "annorlunda nu.",
            org,
            due,
        )


def _step(ctx: Context, value: str | None) -> str:
    """A step of the scale as a sentence names it (`gul`, `röd`)."""
    step = ctx.settings.bedomning.get(value or "")
    return (step.namn or str(value)).lower() if step else str(value)


def _no_figures(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, analys: m.Analys, due: Due
) -> Iterator[f.Problem]:
    """MK313: a result without a digit while the delmål has indicators with outcomes."""
    text = analys.resultat
    if blank(text) or words.has_digit(str(text)):
        return
    figures = ctx.judged("figures", doc, entry, _figures)
    if figures is None:
        return
    yield problem(
        MK313,
        doc.path,
        positions.key(analys, "resultat"),
        f"Resultatet har inga siffror, men delmålets indikatorer har utfall "
        f"{_about(ctx, doc, entry, due)}.",
        f"Skriv under analys.resultat vad siffrorna visar: {figures}.",
        doc.data.organisation,
        due,
    )


def _figures(ctx: Context, indicators: Sequence[str], year: int, org: str | None) -> str | None:
    """The first indicator with an outcome up to ``year``: its latest outcome (``org``'s
    own where it has one) and its target, as a hint says them; None when no indicator
    has an outcome."""
    for ind in indicators:
        latest = ctx.latest(ind, year, org)
        if latest is None or latest[1].T is None:
            continue
        own = f" ({OWN_FIGURES})" if ctx.own_series(ind, org) is not None else ""
        said = f"{ind} var {tal(latest[1].T)} år {latest[0]}{own}"
        target = _target(ctx, ind, year)
        if target is not None:
            said += f", målvärdet är {tal(target[1])} för {target[0]}"
        return said
    return None


def _target(ctx: Context, ind: str, year: int) -> tuple[int, float] | None:
    """The indicator's target for ``year``, or the next year's with one (as MK401)."""
    known = ctx.index.indicator_defs.get(ind)
    if known is None:
        return None
    targets = known.data.malvarde
    later = sorted(y for y in targets if y >= year)
    return (later[0], float(targets[later[0]])) if later else None


def responsible_or_time(ctx: Context, text: str) -> tuple[bool, bool]:
    """Whether the measures name someone responsible, and whether they name a time."""
    if words.plainly_who_and_when(text):
        return True, True
    folded = text.lower()
    who = words.names_someone(text, _org_ids(ctx), folded) or _names_an_org(ctx, folded)
    return who, words.names_time(text, folded)


def _names_an_org(ctx: Context, folded: str) -> bool:
    """Whether the lower-case text names an organisation of organisation.yaml: only the
    names whose first word the text has are looked for."""
    by_first = _org_names(ctx)
    for first in set(words.WORD.findall(folded)):
        for name in by_first.get(first, ()):
            if words.names_org(folded, name):
                return True
    return False


def _org_names(ctx: Context) -> dict[str, tuple[str, ...]]:
    """The organisations' names in lower case, by their first word, once per check."""

    def compute() -> dict[str, tuple[str, ...]]:
        found: dict[str, set[str]] = {}
        for org in ctx.index.orgs.values():
            name = str(org.namn or "").lower()
            first = words.WORD.findall(name)[:1]
            if first:
                found.setdefault(first[0], set()).add(name)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    return ctx.once("organisation names", compute)


def _org_ids(ctx: Context) -> frozenset[str]:
    """The organisations' ids as a text abbreviates them (`UN`, `OAN`)."""
    return ctx.once(
        "organisation ids", lambda: frozenset(i.upper() for i in ctx.index.orgs if len(i) > 1)
    )


def _no_who_or_when(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, analys: m.Analys, due: Due
) -> Iterator[f.Problem]:
    """MK314: measures that name no one responsible or no time."""
    if blank(analys.atgarder):
        return
    known: dict[str, tuple[bool, bool]] = ctx.once("who and when of measures", dict)
    text = str(analys.atgarder)  # the same measures in many plans: read once per check
    who, when = known.get(text) or known.setdefault(text, responsible_or_time(ctx, text))
    if who and when:
        return
    missing = (
        "vem som ansvarar och när" if not (who or when) else "när" if who else "vem som ansvarar"
    )
    what = (
        "vem som ansvarar och när de ska vara gjorda"
        if not (who or when)
        else ("när de ska vara gjorda" if who else "vem som ansvarar för dem")
    )
    yield problem(
        MK314,
        doc.path,
        positions.key(analys, "atgarder"),
        f"Åtgärderna säger inte {what} {_about(ctx, doc, entry, due)}.",
        f"Skriv under analys.atgarder {missing}, t.ex. ”Enhetschefen … senast i juni 2021”, "
        "så att nästa period kan följa upp dem.",
        doc.data.organisation,
        due,
    )


def _reached_but_missed(
    ctx: Context, doc: Doc[m.Plan], entry: m.PlanDelmal, analys: m.Analys, due: Due, missed: str
) -> Iterator[f.Problem]:
    """MK316: the first part that says the goal is reached, while an indicator misses
    (``missed``: how, `_first_missed`; the texts are read only when one does)."""
    known: dict[str, bool] = ctx.once("texts said reached", dict)
    part = next((p for p in REACHED_PARTS if words.reached_in(known, getattr(analys, p))), None)
    if part is None:
        return
    yield problem(
        MK316,
        doc.path,
        positions.key(analys, part),
        f"Texten under analys.{part} säger att målet är nått, men {missed} "
        f"{_about(ctx, doc, entry, due)}.",
        "Skriv vad som faktiskt är nått, eller pröva texten mot siffrorna.",
        doc.data.organisation,
        due,
    )


def _first_missed(
    ctx: Context, indicators: Sequence[str], year: int, org: str | None
) -> str | None:
    """How the first of ``indicators`` that misses its target misses it (``org``'s own
    outcome where it has one), or None."""
    for ind in indicators:
        target = _target(ctx, ind, year)
        latest = ctx.latest(ind, year, org)
        known = ctx.index.indicator_defs.get(ind)
        if target is None or latest is None or known is None or latest[1].T is None:
            continue
        outcome = latest[1].T
        higher = known.data.riktning == "hogre"
        if (outcome < target[1]) if higher else (outcome > target[1]):
            own = f", {OWN_FIGURES}" if ctx.own_series(ind, org) is not None else ""
            return (
                f"indikatorn {ind} ({tal(outcome)} år {latest[0]}{own}) missar målvärdet "
                f"{tal(target[1])} för {target[0]}"
            )
    return None
