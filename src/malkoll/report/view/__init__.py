"""The report's view model: every figure and text the templates show, computed here.

Templates only lay out. One module per section of the report, named like the template
block that lays it out:

- `sammanfattning`: the assessment matrix, its counts and the changes since last period;
- `malsattningar`: the strategic goals, their delmål, follow-ups and summarised
  assessments, with `indikatorer` for each indicator's table, trend and chart;
- `namnder`: each nämnd's own part;
- `ekonomi`: budget, outcome, deviations, forecasts, sums and investments;
- `uppdrag`, `internkontroll`, `bilaga` (the draft's findings);
- `forvaltning`: the förvaltningsberättelse (chapters, god ekonomisk hushållning, the
  result line and balanskrav from `resultat`, personnel, koncern, an interim's
  forecasts) and the decisions on the report; `bolag`: the municipal companies;
  `agenda2030`: the global goals by name;
- `titelsida`: the title page's period written out, its date and case number;
- `source`: what they share (the repository, period and scope, the scale, anchors).

`build` puts them together into one `Rapport`; the title page's fields are set here.
"""

from __future__ import annotations

import datetime as dt

from malkoll.findings import Finding
from malkoll.model.repository import Repository
from malkoll.report.andringar import section
from malkoll.report.model import (
    Aktivitetsrad,
    Analysdel,
    Bilagefynd,
    Bilagegrupp,
    Delmalvy,
    Ekonomirad,
    Ekonomivy,
    Forandring,
    Indikatorrad,
    Indikatorvy,
    Internkontrollvy,
    Investeringsrad,
    Kontrollrad,
    Malrad,
    Malvy,
    Matris,
    Matrisrad,
    Namndvy,
    Rapport,
    Steg,
    Uppdragsgrupp,
    Uppdragsrad,
    Uppfoljning,
)
from malkoll.report.view.bilaga import appendix
from malkoll.report.view.bolag import companies
from malkoll.report.view.ekonomi import (
    deviation_of,
    economy,
    forecast_points,
    investment_sum,
    total,
)
from malkoll.report.view.forvaltning import decisions, forvaltning
from malkoll.report.view.indikatorer import indicator, name_sources, trend
from malkoll.report.view.internkontroll import internal_control
from malkoll.report.view.malsattningar import goals, summarise
from malkoll.report.view.namnder import namnder
from malkoll.report.view.sammanfattning import matrix
from malkoll.report.view.source import Source, columns, scale_steps
from malkoll.report.view.titelsida import title_page
from malkoll.report.view.uppdrag import assignments

__all__ = [
    "Aktivitetsrad",
    "Analysdel",
    "Bilagefynd",
    "Bilagegrupp",
    "Delmalvy",
    "Ekonomirad",
    "Ekonomivy",
    "Forandring",
    "Indikatorrad",
    "Indikatorvy",
    "Internkontrollvy",
    "Investeringsrad",
    "Kontrollrad",
    "Malrad",
    "Malvy",
    "Matris",
    "Matrisrad",
    "Namndvy",
    "Rapport",
    "Source",
    "Steg",
    "Uppdragsgrupp",
    "Uppdragsrad",
    "Uppfoljning",
    "appendix",
    "assignments",
    "build",
    "deviation_of",
    "economy",
    "forecast_points",
    "indicator",
    "internal_control",
    "investment_sum",
    "matrix",
    "scale_steps",
    "summarise",
    "total",
    "trend",
]


def build(
    repo: Repository,
    year: int,
    period: str,
    *,
    namnd: str | None = None,
    findings: list[Finding] | None = None,
    today: dt.date | None = None,
    commit: str | None = None,
    changed: bool = False,
    committed: dt.date | None = None,
) -> Rapport:
    """The view model of the report for ``period`` of ``year`` (one nämnd's with ``namnd``);
    ``commit``, ``changed`` and ``committed`` are the data's git version (`git_commit`)."""
    src = Source(repo, repo.ar[year], period, namnd)
    scale = scale_steps(repo.installningar)
    plans = src.plans()
    across = columns(src, plans)
    findings = findings or []
    period_name = src.settings.perioder[period].namn
    eco = economy(src)
    tasks = assignments(src)
    controls = internal_control(src)
    goal_views = name_sources(src, goals(src, plans, across, scale))
    bolag = companies(src, scale)
    decided = decisions(src, plans)
    built = today or dt.date.today()
    title = title_page(src, decided, built=built, committed=committed, changed=changed)
    return Rapport(
        kommun=src.settings.kommun,
        titel=title.titel,
        ar=year,
        period=period,
        period_namn=period_name,
        datum=built,
        commit=commit,
        andrad=changed,
        utkast=bool(findings),
        namnd=src.name(namnd) if namnd else None,
        skala=list(scale.values()),
        matris=matrix(src, plans, across, scale, goal_views),
        mal=goal_views,
        namnder=namnder(src, plans, scale, eco, tasks, controls, draft=bool(findings)),
        ekonomi=eco,
        uppdrag=tasks,
        internkontroll=controls,
        bilaga=appendix(src, findings),
        fel=sum(1 for x in findings if x.severity == "fel"),
        varningar=sum(1 for x in findings if x.severity == "varning"),
        perioden=title.perioden,
        upprattad=title.upprattad,
        diarienummer=title.diarienummer,
        forvaltning=forvaltning(src, goal_views, scale, bolag),
        bolag=bolag,
        beslut=decided,
        andringar=section(src),
    )
