"""The financial goals malkoll computes from the result line (`matt` of a goal in
`ÅÅÅÅ/hushallning.yaml`), for the rule (MK516) and the report alike.

Every measure is a share in per cent of the year's skatteintäkter and generella
statsbidrag (the rows `skatteintakter` and `generella_statsbidrag` of bokslut.yaml
together), computed from `bokslut_calc.Resultat`:

- `resultatandel`: årets resultat (the result line's sum);
- `nettokostnadsandel`: verksamhetens nettokostnad, the cost of every row above the
  taxes: the nämnder's net cost, `finansforvaltning`, `jamforelsestorande` and the
  municipality's own rows, negated so that a cost is positive; not the taxes, the
  statsbidrag, `finansnetto` or `extraordinara`;
- `nettokostnadsandel_finansnetto`: the same with the finansnetto (a net cost of
  finance adds to it), as the five-year overviews often show it.

So resultatandel + nettokostnadsandel_finansnetto = 100 % less the extraordinära
poster's share. Soliditet and självfinansieringsgrad need a balance sheet and a cash-flow
statement, which malkoll does not hold: they are written by hand.

`utfall` is the period's accumulated figures: in an interim period the result so far over
the taxes so far. `prognos` is the year's forecast: each row's forecast is its budget
plus its forecast deviation (`prognos` in the files, positive better, signed as the row
is: a negative deviation on a cost row is a larger cost, on an income row a smaller
income). The value is exact; a written value agrees with it within `TOLERANCE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from malkoll.model.annual import RESULTATPOSTER, Matt
from malkoll.model.bokslut_calc import Resultat, Resultatrad

MATT: dict[str, str] = {
    "resultatandel": "årets resultat i procent av skatteintäkter och generella statsbidrag",
    "nettokostnadsandel": "verksamhetens nettokostnad i procent av skatteintäkter och "
    "generella statsbidrag",
    "nettokostnadsandel_finansnetto": "verksamhetens nettokostnad och finansnettot i "
    "procent av skatteintäkter och generella statsbidrag",
}
"""Each measure and what it is, in Swedish (as a finding or the README names it)."""
assert tuple(MATT) == get_args(get_args(Matt)[0])

TOLERANCE = 0.05
"""Percentage points: a value rounded to one decimal, as reports write it, agrees."""
_EPSILON = 1e-9
"""So that exactly half a tenth (3,85 written 3,9) agrees despite binary fractions."""

Figure = Literal["utfall", "prognos"]
TAXES = ("skatteintakter", "generella_statsbidrag")
FINANSNETTO = "finansnetto"
NOT_VERKSAMHET = (*TAXES, FINANSNETTO, "extraordinara")
"""The rows below verksamhetens nettokostnad in the resultaträkning."""


@dataclass(frozen=True)
class Matvarde:
    """A measure's value in per cent, or None and what it lacks (in Swedish: a file, a
    row's name, the id of a nämnd)."""

    varde: float | None
    saknas: tuple[str, ...] = ()


def measure(matt: str, line: Resultat, figure: Figure) -> Matvarde:
    """The measure ``matt`` of ``line``: its outcome for the period (`utfall`) or the
    forecast for the year (`prognos`)."""
    taxes, lacking = _taxes(line, figure)
    if matt == "resultatandel":
        part, missing = _result(line, figure)
    else:
        part, missing = _net_cost(line, figure, with_finance=matt != "nettokostnadsandel")
    lacking = _unique((*missing, *lacking))
    if lacking or part is None or taxes is None:
        return Matvarde(None, lacking)
    if taxes <= 0:
        return Matvarde(None, ("skatteintäkter och generella statsbidrag större än noll",))
    return Matvarde(100 * part / taxes)


def agrees(written: float, computed: float) -> bool:
    """Whether a written value is the computed one within `TOLERANCE`."""
    return abs(written - computed) <= TOLERANCE + _EPSILON


def _value(row: Resultatrad, figure: Figure) -> float | None:
    """A row's outcome, or its forecast for the year: budget plus forecast deviation."""
    if figure == "utfall":
        return row.utfall
    if row.budget is None or row.prognos is None:
        return None
    return row.budget + row.prognos


def _lacking(line: Resultat, figure: Figure) -> tuple[str, ...]:
    """What the line lacks for ``figure``: a forecast needs the budgets too."""
    keys = ("utfall",) if figure == "utfall" else ("budget", "prognos")
    return _unique(tuple(x for k in keys for x in line.saknas.get(k, ())))


def _result(line: Resultat, figure: Figure) -> tuple[float | None, tuple[str, ...]]:
    value = line.utfall if figure == "utfall" else line.prognos_resultat
    return value, () if value is not None else _lacking(line, figure) or ("årets resultat",)


def _taxes(line: Resultat, figure: Figure) -> tuple[float | None, tuple[str, ...]]:
    """Skatteintäkter and generella statsbidrag together; both rows are needed."""
    rows = {r.id: r for r in line.poster}
    values, lacking = [], []
    for key in TAXES:
        row = rows.get(key)
        value = _value(row, figure) if row else None
        if value is None:
            lacking.append(row.namn if row else RESULTATPOSTER[key])
        values.append(value)
    if lacking:
        return None, tuple(lacking)
    return sum(v for v in values if v is not None), ()


def _net_cost(
    line: Resultat, figure: Figure, with_finance: bool
) -> tuple[float | None, tuple[str, ...]]:
    """Verksamhetens nettokostnad (positive a cost), with the finansnetto if asked."""
    rows = [line.namnder, *(r for r in line.poster if r.id not in NOT_VERKSAMHET)]
    if with_finance:
        finance = next((r for r in line.poster if r.id == FINANSNETTO), None)
        if finance is None:
            return None, (RESULTATPOSTER[FINANSNETTO],)
        rows.append(finance)
    values = [_value(r, figure) for r in rows]
    if all(v is not None for v in values):
        return -sum(v for v in values if v is not None), ()
    left_out = {r.namn for r in line.poster if r not in rows}
    lacking = tuple(x for x in _lacking(line, figure) if x not in left_out)
    named = tuple(r.namn for r, v in zip(rows, values, strict=True) if v is None)
    return None, lacking or named


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
