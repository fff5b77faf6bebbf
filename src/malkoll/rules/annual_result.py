"""The municipality's result line and its balanskrav: MK613, and the nämnder's part of
MK608 and MK610.

The result line begins with the nämnder's net cost from `ekonomi.yaml`: without that file
or without nämnder in it (when the economy is followed up in malkoll: `prognoser` in
malkoll.yaml is not empty, as MK500 asks), or with a nämnd lacking the period's figure
(`utfall` at the annual report, `prognos` in an interim period), the year's result or its
forecast cannot be computed (MK610, MK608; the lines of `bokslut.yaml` are checked in
`annual` and `annual_periods`). In the latest due period, as the balanskrav deficit (MK604), on the
year's result or, in an interim period, its forecast, the resultatutjämningsreserv is
checked (MK613, kommunallagen 11 kap. 14 §, RKR): `bokslut.yaml` holds one set of
adjustments, the latest, so an earlier period's forecast does not judge them. No more is
taken from it than it holds at the year's start, and than covers the deficit after the
balanskrav's adjustments; no more is put into it than the positive result after them.
"""

from __future__ import annotations

from collections.abc import Iterator

from malkoll import findings as f
from malkoll.model import files as m
from malkoll.model import positions
from malkoll.model.annual import Balanskrav
from malkoll.model.bokslut_calc import balanskrav, result_line
from malkoll.model.repository import Ar, Doc
from malkoll.model.timing import Due
from malkoll.rules.annual import MK610
from malkoll.rules.annual_periods import MK608
from malkoll.rules.annual_shared import bolag_ids, gone, municipality, periods_named, unread
from malkoll.rules.context import Context, problem, where_period
from malkoll.text import belopp

MK613 = f.rule(
    "MK613",
    "fel",
    "Resultatutjämningsreserven används fel",
    "Resultatutjämningsreserven får bara användas för att täcka ett underskott "
    "(kommunallagen 11 kap. 14 §, RKR): medel från reserven "
    "(`balanskrav.fran_resultatutjamningsreserv`) får inte vara mer än reserven vid årets "
    "början (`resultatutjamningsreserv`, som ska anges när medel tas ur den), och inte mer "
    "än som behövs för att årets resultat efter balanskravsjusteringar ska bli noll. Medel "
    "till reserven (`till_resultatutjamningsreserv`) får inte vara mer än det positiva "
    "resultatet efter balanskravsjusteringar: en reservering får inte skapa ett underskott. "
    "I en delårsrapport gäller det prognosen för årets resultat.",
    wrong="balanskrav:\n  resultatutjamningsreserv: 20000\n  fran_resultatutjamningsreserv: 50000",
    right="balanskrav:\n  resultatutjamningsreserv: 20000\n"
    "  fran_resultatutjamningsreserv: 20000\n  atgardsplan: Underskottet återställs 2022.",
)

RULES = (MK613,)
"""The rules this module defines, for the catalogue (`rules.catalog`)."""

RESERVE = "resultatutjamningsreserv"


def check(ctx: Context) -> Iterator[f.Problem]:
    """Every MK613 finding, and MK608 and MK610 about the nämnder's net cost."""
    for year in ctx.years():
        dues = ctx.timing.periods(ctx.settings, year)
        if not dues:
            continue
        interim = [d for d in dues if not d.last]
        if interim:
            yield from _namnder(ctx, year, interim, MK608)
        if dues[-1].last:
            yield from _namnder(ctx, year, dues[-1:], MK610)
        yield from _reserve(ctx, year, dues)


# --- MK608, MK610 the nämnder's net cost ---------------------------------------------


def _namnder(ctx: Context, year: Ar, dues: list[Due], rule: f.Rule) -> Iterator[f.Problem]:
    """The nämnder's part of the result line: the file, its nämnder, each one's figure."""
    path = f"{year.ar}/ekonomi.yaml"
    annual = rule is MK610
    what = "Kommunens resultat" if annual else "Prognosen för årets resultat"
    figure = "utfall" if annual else "prognos"
    doc = year.ekonomi
    if doc is None or not doc.data.namnder:
        if (
            not ctx.settings.prognoser
            or (doc is None and unread(ctx, path))
            or (doc is not None and positions.cut(doc.data, "namnder"))
        ):
            return  # the economy is not followed up here, or the file's own finding says why
        lacks = "finns inte" if doc is None else "har inga nämnder"
        yield problem(
            rule,
            *municipality(ctx),
            f"{what} kan inte räknas ut: nämndernas nettokostnad saknas, {path} {lacks} "
            f"({periods_named(ctx, dues)}).",
            f"{'Skapa' if doc is None else 'Fyll i'} {path} med nämnderna under namnder, "
            f"var och en med budget och perioder.{dues[-1].period}.{figure}.",
            due=dues[0],
        )
        return
    for due in dues:
        if not annual and due.period in ctx.settings.prognoser:
            continue  # MK500 asks for the forecast of a forecast month
        yield from _namnd_figures(ctx, doc, due, what, figure, rule)


def _namnd_figures(
    ctx: Context, doc: Doc[m.Ekonomi], due: Due, what: str, figure: str, rule: f.Rule
) -> Iterator[f.Problem]:
    key, bolag = due.period, set(bolag_ids(ctx))
    for entry in doc.data.namnder:
        if entry.organisation in bolag:
            continue  # not part of the municipality's result
        figures = entry.perioder.get(key)
        if figures is None:
            if gone(entry, "perioder", key):
                continue
        elif getattr(figures, figure) is not None or positions.cut(figures, figure):
            continue
        hint = (
            f"Ange nämndens nettokostnad under perioder.{key}.utfall."
            if figure == "utfall"
            else f"Ange nämndens prognos (helårets avvikelse mot budget) under "
            f"perioder.{key}.prognos."
        )
        yield problem(
            rule,
            doc.path,
            where_period(entry, "perioder", key) if figures is None else positions.of(figures),
            f"{ctx.org_name(entry.organisation)} saknar {figure}: {what.lower()} kan inte "
            f"räknas ut ({ctx.period_name(key)}).",
            hint,
            due=due,  # the municipality's report's finding (MK6xx), not the nämnd's
        )


# --- MK613 the resultatutjämningsreserv -----------------------------------------------------


def _reserve(ctx: Context, year: Ar, dues: list[Due]) -> Iterator[f.Problem]:
    doc = year.bokslut
    if doc is None or doc.data.balanskrav is None:
        return
    model = doc.data.balanskrav
    due = dues[-1]
    yield from _held(ctx, doc.path, model, due)
    ekonomi = year.ekonomi.data if year.ekonomi else None
    line = result_line(ekonomi, doc.data, due.period, bolag_ids(ctx))
    result = line.utfall if due.last else line.prognos_resultat
    if result is not None:  # otherwise MK608 or MK610 says what is missing
        yield from _used(ctx, doc.path, model, result, due)


def _held(ctx: Context, path: str, model: Balanskrav, due: Due) -> Iterator[f.Problem]:
    """(a) What is taken from the reserve, against what it holds at the year's start."""
    taken, held = model.fran_resultatutjamningsreserv, model.resultatutjamningsreserv
    if taken <= 0 or positions.cut(model, RESERVE) or (held is not None and taken <= held):
        return
    unit = ctx.settings.ekonomi.enhet
    about = f"Medel från resultatutjämningsreserven ({belopp(taken, unit)})"
    if held is None:
        message = f"{about} anges, men inte reservens storlek vid årets början"
        hint = (
            f"Ange reservens storlek vid årets början under balanskrav.{RESERVE}: medel "
            "kan bara tas ur en reserv som finns."
        )
    else:
        message = f"{about} är mer än reserven vid årets början ({belopp(held, unit)})"
        hint = (
            f"Ta högst {belopp(held, unit)} från reserven, eller rätta balanskrav.{RESERVE} "
            "(reservens storlek vid årets början)."
        )
    yield problem(
        MK613,
        path,
        positions.key(model, "fran_resultatutjamningsreserv"),
        f"{message} ({ctx.period_name(due.period)}).",
        hint,
        due=due,
    )


def _used(
    ctx: Context, path: str, model: Balanskrav, result: float, due: Due
) -> Iterator[f.Problem]:
    """(b) No more from the reserve than covers the deficit; (c) no more into it than the
    positive result, both after the balanskrav's adjustments."""
    after = balanskrav(result, model).efter_justeringar
    unit, about = ctx.settings.ekonomi.enhet, ctx.period_name(due.period)
    shown = "årets resultat" if due.last else "prognosen för årets resultat"
    state = f"{shown} efter balanskravsjusteringar är {belopp(after, unit)}"
    taken, put = model.fran_resultatutjamningsreserv, model.till_resultatutjamningsreserv
    if taken > max(0.0, -after):
        most = max(0.0, -after)
        yield problem(
            MK613,
            path,
            positions.key(model, "fran_resultatutjamningsreserv"),
            f"Medel från resultatutjämningsreserven ({belopp(taken, unit)}) är mer än "
            f"underskottet de får täcka: {state} ({about}).",
            f"Ta högst {belopp(most, unit)} från reserven, så att balanskravsresultatet blir "
            "noll: reserven får bara täcka ett underskott."
            if most > 0
            else "Ta inget från reserven: det finns inget underskott att täcka.",
            due=due,
        )
    if put > max(0.0, after):
        most = max(0.0, after)
        yield problem(
            MK613,
            path,
            positions.key(model, "till_resultatutjamningsreserv"),
            f"Medel till resultatutjämningsreserven ({belopp(put, unit)}) är mer än "
            f"överskottet: {state} ({about}).",
            f"Reservera högst {belopp(most, unit)}: en reservering får inte skapa ett "
            "underskott mot balanskravet."
            if most > 0
            else "Reservera inget: det finns inget överskott, och en reservering får inte "
            "skapa ett underskott mot balanskravet.",
            due=due,
        )
