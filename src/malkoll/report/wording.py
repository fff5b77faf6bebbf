"""The report's Swedish wording of figures and periods, as controllers write them.

- A period runs from 1 January to its end date (`per` in malkoll.yaml): `januari–augusti
  2020`; an interim report is called by it (`Delårsrapport januari–augusti 2020`), the
  year's report by its name and year (`Årsredovisning 2020`).
- A figure with its unit: `85 %`, `214,6 poäng`, `1 200 kr`; `procent` is written `%` and
  `kronor` `kr` beside a number, and the unit is not repeated after a name that carries
  it (`andel (%)`). No needless decimals: 85.0 is `85`.
- A forecast column says what it holds: `Prognos helår, avvikelse (februari)`.
- A decision: `Antagen av Kommunfullmäktige 2021-04-26 § 45`.

Numbers are `text.tal`: comma decimals, a true minus, thousands grouped with a no-break
space, which also stands before `%`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from typing import Protocol

from malkoll.model import files as m
from malkoll.model.types import MANADSNAMN
from malkoll.text import UNIT_SIGNS as UNIT_SIGNS
from malkoll.text import decimals_of as decimals_of
from malkoll.text import tal
from malkoll.text import unit_sign as unit_sign

MONTH_NAMES = MANADSNAMN
MONTHS: dict[str, str] = dict(zip(m.MANADER, MONTH_NAMES, strict=True))
"""`feb` → `februari`, in the order of the year."""

_SPACE = "\u00a0"
"""Between a figure and its unit: a no-break space, as `text.procent` writes it."""

_UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "%": ("%", "procent"),
    "kr": ("kr", "kronor"),
}
"""What in an indicator's name says that it already carries the unit."""

_TRAILING_NUMBER = re.compile(r"\s*\d+\s*$")


# --- periods ---------------------------------------------------------------------------------


def end_of(per: str, year: int) -> tuple[int, int]:
    """The month and day a period ends (`per` is MM-DD), the day within the month."""
    month, day = (int(x) for x in per.split("-"))
    return month, min(day, calendar.monthrange(year, month)[1])


def period_span(per: str, year: int) -> str:
    """The period from 1 January to its end: `januari–augusti 2020`; with the days when it
    does not end on a month's last day: `1 januari–15 augusti 2020`."""
    month, day = end_of(per, year)
    last = calendar.monthrange(year, month)[1]
    if day == last:
        if month == 1:
            return f"januari {year}"
        return f"januari–{MONTH_NAMES[month - 1]} {year}"
    return f"1 januari–{day} {MONTH_NAMES[month - 1]} {year}"


def whole_year(per: str, year: int) -> bool:
    return end_of(per, year) == (12, 31)


def report_title(name: str, per: str, year: int) -> str:
    """The report's title: the year's report by its name (`Årsredovisning 2020`), an
    interim report by its kind and months (`Delårsrapport 2` → `Delårsrapport
    januari–augusti 2020`)."""
    if whole_year(per, year):
        return f"{name} {year}"
    kind = _TRAILING_NUMBER.sub("", name) or name
    return f"{kind} {period_span(per, year)}"


def forecast_heading(settings: m.Installningar, key: str) -> str:
    """A forecast column's heading: `Prognos helår, avvikelse (februari)`; for a period,
    its name (`Prognos helår, avvikelse (delårsrapport 1)`)."""
    period = settings.perioder.get(key)
    when = period.namn[:1].lower() + period.namn[1:] if period else MONTHS.get(key, key)
    return f"Prognos helår, avvikelse ({when})"


# --- figures and units -------------------------------------------------------------------------


def name_carries_unit(name: str, unit: str | None) -> bool:
    """Whether an indicator's name already says its unit (`…, andel (%)`)."""
    sign = unit_sign(unit)
    if not sign:
        return True
    words = _UNIT_WORDS.get(sign, (sign,))
    lowered = name.lower()
    return any(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", lowered) for w in words)


def caption_unit(name: str, unit: str | None) -> str | None:
    """The unit to show after an indicator's name, or None when the name carries it."""
    return None if name_carries_unit(name, unit) else unit_sign(unit)


def with_unit(value: float | None, unit: str | None, decimals: int | None = None) -> str:
    """A figure with its unit: `85 %`, `214,6 poäng`; no needless decimals unless
    ``decimals`` is given; a dash (without unit) for none."""
    if value is None or not math.isfinite(value):
        return "–"
    number = tal(value, decimals) if decimals is not None else tal(round(value, 6))
    sign = unit_sign(unit)
    return f"{number}{_SPACE}{sign}" if sign else number


# --- decisions ---------------------------------------------------------------------------------


def paragraph(text: str | None) -> str | None:
    """`45` or `§ 45` → `§ 45`."""
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    return text if text.startswith("§") else f"§ {text}"


class Decision(Protocol):
    """A decision on a report (`model.files.Beslut`, `report.annual_model.Beslutvy`)."""

    @property
    def organ(self) -> str: ...
    @property
    def datum(self) -> dt.date: ...
    @property
    def paragraf(self) -> str | None: ...


def decision_text(beslut: Decision, annual: bool | None = None) -> str:
    """A decision as the title page names it. Fullmäktige *godkänner* the annual report
    (kommunallagen 11 kap. 20 §): `Godkänd av Kommunfullmäktige 2021-04-26 § 48`; it
    treats an interim report: `Behandlad av Kommunfullmäktige …` (also when the kind
    of report is not known, ``annual`` None); another body decides: `Beslutad av …`."""
    organ = " ".join(beslut.organ.split())
    council = "fullmäktige" in organ.lower() or organ.upper() == "KF"
    verb = ("Godkänd av " if annual else "Behandlad av ") if council else "Beslutad av "
    words = [verb + organ, beslut.datum.isoformat()]
    if (p := paragraph(beslut.paragraf)) is not None:
        words.append(p)
    return " ".join(words)


def committee_decision(beslut: Decision, diarienummer: str | None = None, namn: str = "") -> str:
    """A nämnd's decision on its own report, in the municipality's report:
    `Nämnden beslutade om rapporten 2021-02-18 § 12 (UN.2021.9)`; `Styrelsen …` for a
    board (``namn`` ends with `styrelsen`: Kommunstyrelsen)."""
    who = "Styrelsen" if namn.strip().lower().endswith("styrelsen") else "Nämnden"
    words = [f"{who} beslutade om rapporten", beslut.datum.isoformat()]
    if (p := paragraph(beslut.paragraf)) is not None:
        words.append(p)
    text = " ".join(words)
    if diarienummer and diarienummer.strip():
        text += f" ({' '.join(diarienummer.split())})"
    return text
