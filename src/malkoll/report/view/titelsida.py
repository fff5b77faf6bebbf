"""The title page (template block `titelsida`): the report's title with its period
written out, the date it was drawn up and the case number.

The date on the title page is the report's, never the day malkoll built it (that day and
the commit stand in the report's foot): the first decision on the report (a nämnd's in
its plan, the municipality's in bokslut.yaml: the board that draws it up decides first),
else the day of the git commit the data comes from, and only when the data is not
committed (no git, or files changed since) the day it was built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from malkoll.report.annual_model import Beslutvy
from malkoll.report.view.source import Source
from malkoll.report.wording import period_span, report_title


@dataclass(frozen=True)
class Titel:
    titel: str
    """`Delårsrapport januari–augusti 2020`, `Årsredovisning 2020`."""
    perioden: str
    """`januari–augusti 2020`."""
    upprattad: dt.date
    diarienummer: str | None


def title_page(
    src: Source,
    decisions: Sequence[Beslutvy],
    *,
    built: dt.date,
    committed: dt.date | None,
    changed: bool,
) -> Titel:
    """The title page's fields for the report's period."""
    period = src.settings.perioder[src.period]
    year = src.year.ar
    return Titel(
        titel=report_title(period.namn, period.per, year),
        perioden=period_span(period.per, year),
        upprattad=drawn_up(decisions, built=built, committed=committed, changed=changed),
        diarienummer=next((d.diarienummer for d in decisions if d.diarienummer), None),
    )


def drawn_up(
    decisions: Sequence[Beslutvy], *, built: dt.date, committed: dt.date | None, changed: bool
) -> dt.date:
    """The report's date: the first decision's, else the commit's, else the build's."""
    if decisions:
        return decisions[0].datum
    if committed is not None and not changed:
        return committed
    return built
