"""The municipal companies (template include `_bolag`): every organisation of typ `bolag`
in organisation.yaml, with its goals (target, outcome, met or not), result, forecast,
turnover, solidity and summary for the period; a company without a file, or without an
entry for the period, is shown as "Ingen uppföljning har kommit in", never left out."""

from __future__ import annotations

from malkoll.model import files as m
from malkoll.model.repository import Doc
from malkoll.report.annual_model import Bolagsmalrad, Bolagvy, Koncernvy, Steg
from malkoll.report.view.resultat import is_interim, reaches, verdict
from malkoll.report.view.source import Source, slug


def companies(src: Source, scale: dict[str, Steg]) -> list[Bolagvy]:
    """Every bolag of the organisation tree the report covers, in tree order; a file for
    an organisation that is no bolag in the tree is left to the rules."""
    files: dict[str, Doc[m.Bolag]] = {}
    for doc in src.year.bolag:
        files.setdefault(doc.data.organisation, doc)
    return [
        company(src, org, files.get(org), scale)
        for org in src.index.orgs
        if src.typ(org) == "bolag" and src.in_scope(org)
    ]


def company(src: Source, org: str, doc: Doc[m.Bolag] | None, scale: dict[str, Steg]) -> Bolagvy:
    """One bolag's part of the report for the period."""
    p = src.period
    data = doc.data if doc else None
    figures = data.perioder.get(p) if data else None
    goals = [
        Bolagsmalrad(
            g.namn,
            g.enhet,
            g.malvarde,
            (outcome := g.utfall.get(p)),
            verdict(reaches(outcome, g.malvarde, g.riktning), scale),
            g.kommentar.get(p),
        )
        for g in (data.mal if data else [])
    ]
    return Bolagvy(
        org,
        src.name(org),
        figures is not None,
        data.agarandel if data else None,
        data.uppdrag if data else None,
        goals,
        figures.resultat if figures else None,
        figures.prognos if figures and is_interim(src) else None,
        figures.omsattning if figures else None,
        figures.soliditet if figures else None,
        figures.sammanfattning if figures else None,
        doc.path if doc else None,
        anchor=f"bolag-{slug(org)}",
        enhet=src.settings.ekonomi.enhet,
    )


def koncern(src: Source, companies: list[Bolagvy]) -> Koncernvy:
    """The koncern's result for the period (bokslut.yaml; a forecast in an interim
    report) and the companies in it."""
    fin = src.year.bokslut
    result = fin.data.koncernresultat.get(src.period) if fin else None
    return Koncernvy(result, is_interim(src), companies)
