"""When a period is due, and whether a missing piece is still a warning or already an error.

A period is due once its date (`per` in malkoll.yaml; a month's last day) is before the
day of the check. Up to and including its submission date (`inlamning` in the årshjul,
or 30 days after the period's date where the årshjul names none) a missing piece is a
warning; from the day after, an error. `--period` checks one period as if past its
deadline; `--ar` limits the check to one year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from malkoll.model import files as m
from malkoll.model.repository import Ar

GRACE_DAYS = 30
"""Days after a period's date until its submission date where the årshjul names none."""


@dataclass(frozen=True)
class Due:
    """A period (or month) of a year that is due, and how late it is."""

    year: int
    period: str
    date: dt.date
    deadline: dt.date
    overdue: bool
    last: bool = False
    """Whether this is the year's last period: the annual report."""


@dataclass(frozen=True)
class Timing:
    """The day of the check and the limits the user set."""

    today: dt.date
    only_period: str | None = None
    only_year: int | None = None

    def checks_year(self, year: int) -> bool:
        return self.only_year is None or self.only_year == year

    def due(self, settings: m.Installningar, year: Ar, key: str) -> Due | None:
        """The period or month ``key`` of ``year`` if it is due, else None."""
        if not self.checks_year(year.ar):
            return None
        date = period_date(settings, year.ar, key)
        if date is None:
            return None
        last = key == next(reversed(settings.perioder))
        if self.only_period is not None:
            if key != self.only_period:
                return None
            return Due(year.ar, key, date, date, True, last)
        if date >= self.today:
            return None
        deadline = submission_date(year, key) or date + dt.timedelta(days=GRACE_DAYS)
        return Due(year.ar, key, date, deadline, self.today > deadline, last)

    def periods(self, settings: m.Installningar, year: Ar) -> list[Due]:
        """The due follow-up periods of ``year``, in order."""
        found = (self.due(settings, year, key) for key in settings.perioder)
        return [d for d in found if d is not None]


def period_date(settings: m.Installningar, year: int, key: str) -> dt.date | None:
    """The date of a period (its `per`) or of a month (its last day) in ``year``."""
    period = settings.perioder.get(key)
    if period is not None:
        month, day = (int(x) for x in period.per.split("-"))
        return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if key in m.MANADER:
        month = m.MANADER.index(key) + 1
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None


def submission_date(year: Ar, key: str) -> dt.date | None:
    """The `inlamning` of the årshjul's event for ``key``, if it names one."""
    if year.arshjul is None:
        return None
    dates = [e.inlamning for e in year.arshjul.data.root if e.period == key and e.inlamning]
    return min(dates) if dates else None
