"""A ledger's CSV export: a header row naming the columns, then one amount per row.

The columns are named in `malkoll.yaml` (`ekonomi.importera.csv.kolumner`; standard
Ansvar, Konto, Period, Belopp, Typ); other columns are left alone, and without a Typ
column every row is outcome. A period is `ÅÅÅÅMM` or `ÅÅÅÅ-MM`; an amount has the
ledger's signs (costs positive, income negative), the decimal sign of the settings, and
may have spaces between thousands. Anything else in a row that is used (a cell that is
not a number, such as `=1+2`, a period that is no month, an amount beyond ±10^15) stops
the import with the row's line: guessing would put a wrong figure before the nämnd.
"""

from __future__ import annotations

import codecs
import csv
import re
from decimal import Decimal, InvalidOperation

from malkoll.ledger.rows import Kind, Ledger, LedgerError, Row
from malkoll.model.settings import CsvInstallningar
from malkoll.model.types import MAX_NUMBER
from malkoll.text import printable

MAX_FIELD = 10_000
"""The longest cell read; a longer one is no ledger's."""

_PERIOD = re.compile(r"([0-9]{4})-?(0[1-9]|1[0-2])")
_SPACES = re.compile(r"[ \u00a0\u2009\u202f']")


def _shown(text: str) -> str:
    return printable(text[:40]) + ("…" if len(text) > 40 else "")


def _decode(data: bytes, rel: str, encoding: str) -> str:
    if encoding == "utf-8":
        data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LedgerError(
            rel,
            f"filen är inte {encoding}. Ange filens kodning i malkoll.yaml, t.ex. "
            "`ekonomi.importera.csv.kodning: windows-1252`.",
            line,
            1,
        ) from None
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise LedgerError(
            rel,
            f"filen har styrtecknet {ord(bad.group()):#04x}; den är inte en textfil (CSV).",
            line,
            1,
        )
    return text


def read_csv(data: bytes, rel: str, settings: CsvInstallningar) -> Ledger:
    """The rows of a CSV export (``data``, the file's bytes)."""
    text = _decode(data, rel, settings.kodning)
    if len(settings.avgransare) != 1:
        raise LedgerError(rel, "`ekonomi.importera.csv.avgransare` ska vara ett tecken, t.ex. `;`.")
    reader = csv.reader(text.splitlines(), delimiter=settings.avgransare, strict=False)
    ledger = Ledger(rel)
    try:
        header = next(reader, None)
        if header is None:
            raise LedgerError(rel, "filen är tom; den ska börja med en rad med kolumnernas namn.")
        columns = _columns(header, settings, rel)
        fast = _Fast(columns, settings)
        rows = ledger.rows
        named = _name_column(header, settings)
        names = ledger.names
        for cells in reader:
            row = fast.row(cells, reader.line_num)
            if row is None:
                if not any(c.strip() for c in cells):
                    continue
                row = _row(cells, columns, settings, rel, reader.line_num)
            if row is not None:
                rows.append(row)
                if named is not None and row.ansvar not in names and named < len(cells):
                    _name(names, row, cells[named])
    except csv.Error as err:
        raise LedgerError(
            rel, f"raden kan inte läsas som CSV ({err}).", reader.line_num, 1
        ) from None
    return ledger


class _Fast:
    """The usual row read with what `_row` works out per row done once: the columns'
    indices, the settings' type names, the periods seen. `row` gives None for anything
    unusual (a blank row, a missing or long cell, an unknown type, a period, account or
    amount that is not plain), and `_row` then reads the row, or says what is wrong with
    it; so a row read here is the `Row` that `_row` would give."""

    def __init__(self, columns: dict[str, int], settings: CsvInstallningar) -> None:
        self.typ = columns.get("typ")
        self.period = columns["period"]
        self.konto = columns["konto"]
        self.belopp = columns["belopp"]
        self.ansvar = columns["ansvar"]
        self.wanted = max(columns.values()) + 1
        utfall, budget = settings.utfall.strip().casefold(), settings.budget.strip().casefold()
        self.kinds: dict[str, Kind] = {budget: "budget", utfall: "utfall"}
        """Type → kind; outcome wins where both settings are the same, as in `_row`."""
        self.periods: dict[str, tuple[int, int] | None] = {}
        self.number = _PLAIN[settings.decimaltecken]

    def row(self, cells: list[str], line: int) -> Row | None:
        if len(cells) < self.wanted:
            return None
        typ = self.typ
        if typ is None:
            kind: Kind | None = "utfall"
        else:
            text = cells[typ]
            kind = self.kinds.get(text.strip().casefold()) if len(text) <= MAX_FIELD else None
        period, account = cells[self.period], cells[self.konto]
        amount, ansvar = cells[self.belopp], cells[self.ansvar]
        if (
            kind is None
            or len(period) > MAX_FIELD
            or len(account) > MAX_FIELD
            or len(amount) > MAX_FIELD
            or len(ansvar) > MAX_FIELD
        ):
            return None
        when = self.periods.get(period, ())
        if when == ():
            match = _PERIOD.fullmatch(period.strip())
            when = self.periods[period] = (int(match[1]), int(match[2])) if match else None
        account, amount = account.strip(), amount.strip()
        if when is None or not account or self.number.fullmatch(amount) is None:
            return None
        year, month = when  # type: ignore[misc]
        value = Decimal(amount.replace(",", "."))
        return Row(kind, year, month, account, ansvar.strip() or None, value, line)


_PLAIN = {
    ",": re.compile(r"-?[0-9]{1,15}(,[0-9]{1,20})?"),
    ".": re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,20})?"),
}
"""An amount read without `_amount`'s work: no spaces or other minus sign to take out, at
most 40 characters, and within ±10^15 by its number of digits."""


def _name_column(header: list[str], settings: CsvInstallningar) -> int | None:
    """The index of the column with the ansvar's name (`kolumner.ansvarsnamn`), None
    when the file has none: the name is only shown (`ledger.suggest`), never needed."""
    names = [h.strip().lstrip("\ufeff").casefold() for h in header]
    folded = settings.kolumner.ansvarsnamn.strip().casefold()
    return names.index(folded) if folded and folded in names else None


def _name(names: dict[str, str], row: Row, cell: str) -> None:
    """The ansvar's name: the first row's with a name that is not blank."""
    name = cell[:MAX_FIELD].strip()
    if name and row.ansvar is not None:
        names[row.ansvar] = name


def _columns(header: list[str], settings: CsvInstallningar, rel: str) -> dict[str, int]:
    """The index of each named column; Typ may be missing, the others may not (the
    ansvar's name is not one of them: `_name_column`)."""
    names = [h.strip().lstrip("\ufeff").casefold() for h in header]
    wanted = settings.kolumner.model_dump(exclude={"ansvarsnamn"})
    found: dict[str, int] = {}
    for key, name in wanted.items():
        folded = str(name).strip().casefold()
        if folded in names:
            found[key] = names.index(folded)
        elif key != "typ":
            have = ", ".join(_shown(h) for h in header[:12])
            other = next((s for s in ";,\t|" if s != settings.avgransare and s in header[0]), None)
            if len(header) == 1 and other is not None:
                shown = "tab" if other == "\t" else other
                raise LedgerError(
                    rel,
                    f"första raden är en enda kolumn ({have}) som ser ut att vara avgränsad med "
                    f"{shown!r}, inte {settings.avgransare!r}. Ange "
                    f"`ekonomi.importera.csv.avgransare: {shown!r}` i malkoll.yaml.",
                    1,
                    1,
                )
            raise LedgerError(
                rel,
                f"kolumnen {_shown(str(name))} ({key}) saknas i första raden (där står: {have}). "
                f"Ange rubriken under `ekonomi.importera.csv.kolumner.{key}` i malkoll.yaml.",
                1,
                1,
            )
    return found


def _row(
    cells: list[str], columns: dict[str, int], settings: CsvInstallningar, rel: str, line: int
) -> Row | None:
    def cell(key: str) -> str:
        index = columns[key]
        value = cells[index] if index < len(cells) else ""
        if len(value) > MAX_FIELD:
            raise LedgerError(rel, f"kolumnen {key} är orimligt lång.", line, index + 1)
        return value.strip()

    wanted = max(columns.values()) + 1
    if len(cells) < wanted:
        raise LedgerError(
            rel,
            f"raden har {len(cells)} kolumner, men rubrikraden ger {wanted} "
            f"(avgränsare {settings.avgransare!r}).",
            line,
            1,
        )
    kind: Kind = "utfall"
    if "typ" in columns:
        typ = cell("typ").casefold()
        if typ == settings.utfall.strip().casefold():
            kind = "utfall"
        elif typ == settings.budget.strip().casefold():
            kind = "budget"
        else:
            raise LedgerError(
                rel,
                f"typen {_shown(cell('typ'))} är varken {_shown(settings.utfall)} eller "
                f"{_shown(settings.budget)}; ange typkolumnens värden under "
                "`ekonomi.importera.csv` (`utfall:` och `budget:`) i malkoll.yaml.",
                line,
                columns["typ"] + 1,
            )
    period = cell("period")
    match = _PERIOD.fullmatch(period)
    if match is None:
        raise LedgerError(
            rel,
            f"perioden {_shown(period)} är inte en månad som ÅÅÅÅMM eller ÅÅÅÅ-MM (t.ex. 202003).",
            line,
            columns["period"] + 1,
        )
    account = cell("konto")
    if not account:
        raise LedgerError(rel, "raden saknar konto.", line, columns["konto"] + 1)
    amount = _amount(cell("belopp"), settings.decimaltecken, rel, line, columns["belopp"] + 1)
    ansvar = cell("ansvar") or None
    return Row(kind, int(match[1]), int(match[2]), account, ansvar, amount, line)


_NUMBER = {",": re.compile(r"-?[0-9]+(,[0-9]+)?"), ".": re.compile(r"-?[0-9]+(\.[0-9]+)?")}


def _amount(text: str, decimal_sign: str, rel: str, line: int, column: int) -> Decimal:
    plain = _SPACES.sub("", text).replace("\u2212", "-")
    if not _NUMBER[decimal_sign].fullmatch(plain) or len(plain) > 40:
        other = "." if decimal_sign == "," else ","
        hint = (
            f" Filen ser ut att ha {other!r} som decimaltecken: ange "
            f"`ekonomi.importera.csv.decimaltecken: {other!r}` i malkoll.yaml."
            if _NUMBER[other].fullmatch(plain)
            else ""
        )
        raise LedgerError(
            rel,
            f"beloppet {_shown(text)} är inte ett tal (decimaltecken {decimal_sign!r}, "
            f"minus för intäkter, t.ex. -1234{decimal_sign}50).{hint}",
            line,
            column,
        )
    try:
        value = Decimal(plain.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise LedgerError(rel, f"beloppet {_shown(text)} är inte ett tal.", line, column) from None
    if abs(value) > Decimal(MAX_NUMBER):
        raise LedgerError(
            rel, f"beloppet {_shown(text)} är orimligt stort (över 10^15).", line, column
        )
    return value
